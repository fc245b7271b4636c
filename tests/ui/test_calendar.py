"""CalendarView without a browser: the payload the page draws, the messages it sends, the rows in SQLite.

Facts are checked against sources outside the code: weekdays and lunar dates from published
calendars (1/2/2025 is a Saturday; 29/1/2025 is Tết, lunar 1/1 Ất Tỵ), counts recounted with
the database through a connection of their own (tests.helpers.db_rows), not through the store.
"""

from __future__ import annotations

import datetime as dt

import pytest

import planner
from planner.ui import CalendarView
from planner.ui.calendar import MAX_CHIPS
from tests.helpers import db_rows


def _cells(view: CalendarView) -> dict[str, dict]:
    return {cell["date"]: cell for week in view.grid.payload["weeks"] for cell in week}


def _sql(path, query: str, *args) -> list[tuple]:
    return db_rows(path, query, *args)


def _send(view: CalendarView, **content) -> None:
    """What the page's model.send(...) does: the widget's custom-message handler."""
    view.grid._handle_custom_msg(content, [])


def test_month_grid_is_monday_first_with_vietnamese_weekdays_and_lunar_days(planned):
    view = CalendarView(planned, year=2025, month=2)
    payload = view.grid.payload
    assert payload["weekdays"] == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
    dates = [cell["date"] for week in payload["weeks"] for cell in week]
    # 1/2/2025 is a Saturday: the grid opens on Monday 27/1 and ends on Sunday 2/3
    assert dates[0] == "2025-01-27" and dates[-1] == "2025-03-02" and len(dates) == 35
    cells = _cells(view)
    assert cells["2025-01-29"]["lunar"] == "1/1"  # Tết Ất Tỵ
    assert cells["2025-02-03"]["lunar"] == "6"
    assert not cells["2025-01-31"]["in_month"] and cells["2025-02-01"]["in_month"]
    assert cells["2025-02-01"]["weekend"] and not cells["2025-02-03"]["weekend"]
    party = cells["2025-02-03"]["occurrences"]
    assert [(o["number"], o["round"]) for o in party] == [(95, False)]
    assert "Tết" in cells["2025-01-29"]["holiday"]


def test_round_years_and_holidays_are_marked(planned):
    view = CalendarView(planned, year=2025, month=4)
    cells = _cells(view)
    liberation = [o for o in cells["2025-04-30"]["occurrences"] if o["number"] == 50]
    assert liberation and liberation[0]["round"]  # 50 years since 30/4/1975
    assert cells["2025-04-30"]["holiday"]
    view.show_month(2025, 9)
    national = _cells(view)["2025-09-02"]
    assert national["holiday"] == "Quốc khánh"
    assert any(o["number"] == 80 and o["round"] for o in national["occurrences"])


def test_chips_match_an_independent_count_from_sqlite(planned, planned_path):
    view = CalendarView(planned, year=2025, month=3)
    rows = _sql(planned_path, "SELECT date, count(*) FROM items WHERE date BETWEEN '2025-02-24' AND '2025-04-06' "
                              "GROUP BY date")
    expected = dict(rows)
    for date, cell in _cells(view).items():
        assert cell["count"] == expected.get(date, 0), date
        assert len(cell["items"]) == min(cell["count"], MAX_CHIPS)
        if cell["count"] > MAX_CHIPS:
            assert cell["more"] == f"+{cell['count'] - MAX_CHIPS} nội dung khác"
    assert view.grid.payload["total"] == f"{sum(expected.values())} nội dung"


def test_dragging_a_chip_moves_the_item_in_sqlite_and_on_screen(planned, planned_path):
    view = CalendarView(planned, year=2025, month=3)
    item_id, date, version = _sql(planned_path, "SELECT item_id, date, version FROM items "
                                                "WHERE date = '2025-03-03' AND status = 'idea' LIMIT 1")[0]
    _send(view, kind="move", item_id=item_id, version=version, date="2025-03-12")
    saved = _sql(planned_path, "SELECT date, version FROM items WHERE item_id = ?", item_id)
    assert saved == [("2025-03-12", version + 1)]
    audit = planned.audit(entity="item", entity_id=item_id)
    assert audit.iloc[-1]["user"] == "chuyenvien"
    cells = _cells(view)
    assert item_id not in [c["id"] for c in cells["2025-03-03"]["items"]]
    on_the_day = _sql(planned_path, "SELECT count(*) FROM items WHERE date = '2025-03-12'")[0][0]
    assert cells["2025-03-12"]["count"] == on_the_day
    assert view.status.kind == "ok" and "12/3/2025" in view.status.message


def test_a_stale_drag_is_refused_and_the_chip_shows_where_the_item_really_is(planned, planned_path):
    view = CalendarView(planned, year=2025, month=3)
    query = "SELECT item_id, version FROM items WHERE date = '2025-03-03' ORDER BY item_id LIMIT 1"
    item_id, version = _sql(planned_path, query)[0]
    with planner.open_workspace(planned_path, user="truongban") as other:
        other.move_item(item_id, "2025-03-20", version=version)
    sent = []
    view.grid.send = lambda content, buffers=None: sent.append(content)  # record what goes to the page
    _send(view, kind="move", item_id=item_id, version=version, date="2025-03-07")
    assert _sql(planned_path, "SELECT date FROM items WHERE item_id = ?", item_id) == [("2025-03-20",)]
    assert view.status.kind == "error" and "Không chuyển được" in view.status.message
    assert {"kind": "rerender"} in sent  # the page puts the chip back
    shown = view.items.set_index("item_id")
    assert shown.loc[item_id, "date"] == dt.datetime(2025, 3, 20) and shown.loc[item_id, "version"] == version + 1


@pytest.mark.parametrize("date", ["2025-02-30", "ngày mai", "", None])
def test_a_drop_on_no_day_is_refused_in_vietnamese(planned, planned_path, date):
    view = CalendarView(planned, year=2025, month=3)
    first = "SELECT item_id, date, version FROM items ORDER BY item_id LIMIT 1"
    item_id, before, version = _sql(planned_path, first)[0]
    _send(view, kind="move", item_id=item_id, version=version, date=date)
    assert _sql(planned_path, "SELECT date, version FROM items WHERE item_id = ?", item_id) == [(before, version)]
    assert view.status.kind == "error" and "Không chuyển được" in view.status.message


def test_a_read_only_workspace_refuses_the_drag_and_says_so(planned_path):
    with planner.open_workspace(planned_path, read_only=True) as ws:
        view = CalendarView(ws, year=2025, month=3)
        chip = _cells(view)["2025-03-03"]["items"][0]
        _send(view, kind="move", item_id=chip["id"], version=chip["version"], date="2025-03-04")
        assert view.status.kind == "error" and "chỉ cho phép đọc" in view.status.message
    assert _sql(planned_path, "SELECT date FROM items WHERE item_id = ?", chip["id"]) == [("2025-03-03",)]


def test_an_item_saved_from_another_handle_appears_on_the_next_tick(planned, planned_path):
    view = CalendarView(planned, year=2025, month=6)
    before = _cells(view)["2025-06-18"]["count"]
    with planner.open_workspace(planned_path, user="truongban") as other:
        new_id = other.add_item(year=2025, unit_id="hoi-phu-nu", date="2025-06-18", title="Ngày hội gia đình",
                                format="post", platform="facebook", theme="culture")
        outside = other.add_item(year=2025, unit_id="hoi-phu-nu", date="2025-09-18", title="Ngoài tháng",
                                 format="post", platform="facebook", theme="culture")
    assert _cells(view)["2025-06-18"]["count"] == before  # not yet: nothing re-read
    _send(view, kind="tick")
    cell = _cells(view)["2025-06-18"]
    assert cell["count"] == before + 1
    assert new_id in set(view.items["item_id"]) and outside not in set(view.items["item_id"])
    assert view.poll() == 0  # nothing new since


def test_filters_show_exactly_the_chosen_items(planned, planned_path):
    view = CalendarView(planned, year=2025, month=5, unit="doan-thanh-nien")
    expected = _sql(planned_path, "SELECT item_id FROM items WHERE unit_id = 'doan-thanh-nien' "
                                  "AND date BETWEEN '2025-04-28' AND '2025-06-01' ORDER BY item_id")
    assert sorted(view.items["item_id"]) == [r[0] for r in expected]
    view.filters["unit"].value = None
    view.filters["format"].value = "short_video"
    expected = _sql(planned_path, "SELECT count(*) FROM items WHERE format = 'short_video' "
                                  "AND date BETWEEN '2025-04-28' AND '2025-06-01'")[0][0]
    assert len(view.items) == expected > 0
    view.filters["format"].value = None
    view.filters["category"].value = "military"
    expected = _sql(planned_path, "SELECT count(*) FROM items JOIN events USING (event_id) WHERE category = 'military' "
                                  "AND date BETWEEN '2025-04-28' AND '2025-06-01'")[0][0]
    assert len(view.items) == expected > 0


def test_colour_by_unit_gives_each_unit_its_own_colour_and_a_legend(planned):
    view = CalendarView(planned, year=2025, month=5)
    view.colour_by.value = "unit"
    chips = [c for cell in _cells(view).values() for c in cell["items"]]
    by_unit = {}
    for chip in chips:
        by_unit.setdefault(chip["unit"], set()).add(chip["colour"])
    assert all(len(colours) == 1 for colours in by_unit.values()) and len(by_unit) > 3
    assert {e["label"] for e in view.grid.payload["legend"]} >= set(by_unit)


def test_year_overview_counts_each_month_and_jumps_to_it(planned, planned_path):
    view = CalendarView(planned, year=2025, month=1)
    _send(view, kind="nav", to="year")
    months = view.grid.payload["months"]
    counts: dict[int, int] = {}
    for (day,) in _sql(planned_path, "SELECT date FROM items WHERE date >= '2025-01-01' AND date <= '2025-12-31'"):
        counts[int(day[5:7])] = counts.get(int(day[5:7]), 0) + 1
    assert [m["total"] for m in months] == [f"{counts.get(m, 0)} nội dung" for m in range(1, 13)]
    day = next(c for w in months[3]["weeks"] for c in w if c["date"] == "2025-04-30")
    assert day["round"]
    _send(view, kind="nav", to="month", month=9)
    assert (view.mode, view.year, view.month) == ("month", 2025, 9)


def test_navigation_crosses_years(planned):
    view = CalendarView(planned, year=2025, month=12)
    _send(view, kind="nav", to="next")
    assert (view.year, view.month) == (2026, 1)
    _send(view, kind="nav", to="prev_year")
    assert (view.year, view.month) == (2025, 1)
    _send(view, kind="nav", to="today")
    today = dt.date.today()
    assert (view.year, view.month) == (today.year, today.month)
    assert any(c["today"] for c in _cells(view).values())


def test_clicks_reach_the_app_and_bad_messages_are_shown_not_raised(planned):
    view = CalendarView(planned, year=2025, month=3)
    days, items = [], []
    view.on_select_day(days.append)
    view.on_select_item(items.append)
    _send(view, kind="select_day", date="2025-03-08")
    chip = _cells(view)["2025-03-03"]["items"][0]
    _send(view, kind="select_item", item_id=chip["id"])
    assert days == [dt.date(2025, 3, 8)] and items == [chip["id"]]
    assert _cells(view)["2025-03-08"]["selected"]
    _send(view, kind="select_day", date="không phải ngày")
    assert view.status.kind == "error" and days == [dt.date(2025, 3, 8)]


@pytest.mark.parametrize("year, month", [(2025, 13), (1800, 1), ("2025", 1), (2025, True)])
def test_a_month_that_does_not_exist_is_refused_in_vietnamese(planned, year, month):
    with pytest.raises(planner.InvalidValueError, match="phải là số nguyên"):
        CalendarView(planned, year=year, month=month)


def test_every_filter_shows_its_all_option_not_an_empty_box(planned):
    """ipywidgets draws the option at ``index``; a plain Dropdown leaves index None for a None value (empty box)."""
    from planner.ui import ItemForm, PlanTable

    view = CalendarView(planned, year=2025, month=5, unit="doan-thanh-nien")
    view.filters["unit"].value = None
    table = PlanTable(planned, year=2025)
    form = ItemForm(planned)
    form.new()
    for box in [*view.filters.values(), *table.filters.values()]:
        assert box.value is None and box.index == 0 and box.label == "(Tất cả)", box.description
    assert form.event.index is not None and form.event.label == "(Không chọn)"


def test_a_view_that_fails_to_refresh_never_undoes_the_move(planned, planned_path):
    view = CalendarView(planned, year=2025, month=3)

    def broken(ids):
        raise RuntimeError("bảng không vẽ lại được")

    view.on_change(broken)
    chip = _cells(view)["2025-03-03"]["items"][0]
    _send(view, kind="move", item_id=chip["id"], version=chip["version"], date="2025-03-13")
    assert _sql(planned_path, "SELECT date FROM items WHERE item_id = ?", chip["id"]) == [("2025-03-13",)]
    assert view.status.kind == "warning"
    assert "13/3/2025" in view.status.message and "chưa cập nhật được" in view.status.message

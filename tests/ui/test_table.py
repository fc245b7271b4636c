"""The plan table on a real demo workspace: cell edits, refusals, conflicts, bulk actions, filters, polling."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

import planner
from planner.model import short_names
from planner.strings import STATUS_LABELS, TABLE_LABELS
from planner.ui.table import PlanTable, header
from tests.helpers import db_rows

YEAR = 2025


@pytest.fixture
def ws(workspace):
    planner.generate_plan(workspace, YEAR)
    return workspace


@pytest.fixture
def table(ws):
    return PlanTable(ws, year=YEAR)


def sql(ws, query: str, *args):
    """An independent read of the workspace file."""
    return db_rows(ws, query, *args)


def cell(table: PlanTable, field: str, item_id: int):
    return table.grid.get_cell_value(header(field), item_id)[0]


def shown_version(table: PlanTable, item_id: int) -> int:
    return int(table.frame.loc[table.frame["item_id"] == item_id, "version"].iloc[0])


def pick(table: PlanTable, n: int = 1, start: int = 5) -> list[int]:
    return [int(i) for i in table.frame["item_id"].iloc[start : start + n]]


def test_table_shows_the_year_with_labels(ws, table):
    (count,) = sql(ws, "SELECT count(*) FROM items WHERE year = ?", YEAR)[0]
    assert len(table.frame) == count > 1000
    assert len(table.grid.data) == count
    item_id = pick(table)[0]
    item = ws.item(item_id)
    assert cell(table, "date", item_id) == item["date"].strftime("%Y-%m-%d")  # drawn as 3/2/2025 by the date renderer
    assert cell(table, "status", item_id) == STATUS_LABELS["idea"]
    assert cell(table, "unit_id", item_id) == ws.units().set_index("unit_id").at[item["unit_id"], "short_name"]
    assert TABLE_LABELS["shown"].format(count=count) in table.count.value


def test_title_edit_is_saved_audited_and_shown(ws, table):
    item_id = pick(table)[0]
    before = ws.item(item_id)
    typed = unicodedata.normalize("NFD", "Tuổi trẻ Vũng Tàu mừng Đảng 🎉")
    assert table.grid.set_cell_value(header("title"), item_id, typed)
    stored = unicodedata.normalize("NFC", typed)
    with planner.open_workspace(ws.folder, user="khac") as other:
        assert other.item(item_id)["title"] == stored
    assert sql(ws, "SELECT title, version FROM items WHERE item_id = ?", item_id) == [(stored, before["version"] + 1)]
    audit = ws.audit(entity="item", entity_id=item_id)
    assert audit["after"].iloc[-1]["title"] == stored and audit["user"].iloc[-1] == "chuyenvien"
    assert table.status.kind == "ok" and str(item_id) in table.status.message
    assert cell(table, "title", item_id) == stored
    assert shown_version(table, item_id) == before["version"] + 1
    # the next edit of the same row goes through with the version now shown
    table.grid.set_cell_value(header("format"), item_id, "bài đăng")  # a label, any case
    assert ws.item(item_id)["format"] == "post" and cell(table, "format", item_id) == "Bài đăng"


def test_invalid_unit_is_refused_and_the_cell_put_back(ws, table):
    item_id = pick(table)[0]
    before = ws.item(item_id)
    old_label = cell(table, "unit_id", item_id)
    changes = ws.last_change()
    table.grid.set_cell_value(header("unit_id"), item_id, "Đơn vị không có")
    assert table.status.kind == "error"
    assert f"nội dung số {item_id}" in table.status.message and "Thành đoàn" in table.status.message
    assert cell(table, "unit_id", item_id) == old_label
    assert ws.item(item_id)["version"] == before["version"] and ws.item(item_id)["unit_id"] == before["unit_id"]
    assert ws.last_change() == changes
    for typed in ("", "   ", 12, "x" * 5000):
        table.grid.set_cell_value(header("unit_id"), item_id, typed)
        assert table.status.kind == "error" and cell(table, "unit_id", item_id) == old_label
    # a short name or a code is accepted
    table.grid.set_cell_value(header("unit_id"), item_id, "hội phụ nữ")
    assert ws.item(item_id)["unit_id"] == "hoi-phu-nu" and cell(table, "unit_id", item_id) == "Hội Phụ nữ"
    table.grid.set_cell_value(header("unit_id"), item_id, "mttq")
    assert sql(ws, "SELECT unit_id FROM items WHERE item_id = ?", item_id) == [("mttq",)]


def test_values_the_store_refuses_put_the_cell_back(ws, table):
    item_id = pick(table)[0]
    before = ws.item(item_id)
    for field, typed in (("date", "31/2/2025"), ("date", "ngày mai"), ("title", "x" * 600), ("title", "a\nb")):
        shown = cell(table, field, item_id)
        table.grid.set_cell_value(header(field), item_id, typed)
        assert table.status.kind == "error", (field, typed)
        assert f"nội dung số {item_id}" in table.status.message
        assert cell(table, field, item_id) == shown
    assert ws.item(item_id)["version"] == before["version"]
    table.grid.set_cell_value(header("date"), item_id, "3/2/2025")
    assert sql(ws, "SELECT date FROM items WHERE item_id = ?", item_id) == [("2025-02-03",)]
    assert cell(table, "date", item_id) == "2025-02-03"
    table.grid.set_cell_value(header("date"), item_id, " 2025-02-04 ")  # ISO, as the cell editor shows it
    assert sql(ws, "SELECT date FROM items WHERE item_id = ?", item_id) == [("2025-02-04",)]
    assert cell(table, "date", item_id) == "2025-02-04" and table.status.kind == "ok"


def test_status_and_findings_cells_are_not_edited(ws, table):
    item_id = pick(table)[0]
    version = ws.item(item_id)["version"]
    audit = len(ws.audit())
    table.grid.set_cell_value(header("status"), item_id, STATUS_LABELS["approved"])
    assert cell(table, "status", item_id) == STATUS_LABELS["idea"]
    assert "Đổi trạng thái" in table.status.message
    table.grid.set_cell_value(header("findings"), item_id, 0)
    assert "chỉ để xem" in table.status.message
    assert sql(ws, "SELECT status, version FROM items WHERE item_id = ?", item_id) == [("idea", version)]
    assert len(ws.audit()) == audit


def test_a_stale_edit_is_refused_and_the_row_shows_the_current_value(ws, table):
    item_id = pick(table)[0]
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(item_id, version=other.item(item_id)["version"], title="Bản của người khác")
    table.grid.set_cell_value(header("title"), item_id, "Bản của tôi")
    assert table.status.kind == "error" and "khac" in table.status.message
    assert sql(ws, "SELECT title FROM items WHERE item_id = ?", item_id) == [("Bản của người khác",)]
    assert cell(table, "title", item_id) == "Bản của người khác"
    assert shown_version(table, item_id) == ws.item(item_id)["version"]
    table.grid.set_cell_value(header("title"), item_id, "Bản của tôi")  # reloaded: now it saves
    assert ws.item(item_id)["title"] == "Bản của tôi"


def test_bulk_shift_moves_exactly_the_selected_items(ws, table):
    chosen = pick(table, 3, start=10) + pick(table, 2, start=400)
    before = dict(sql(ws, "SELECT item_id, date FROM items"))
    changes = len(ws.change_sets())
    table.select(chosen)
    assert sorted(table.selected) == sorted(chosen)
    table.shift_days.value = 7
    table.shift_button.click()
    assert table.status.kind == "ok", table.status.message
    after = dict(sql(ws, "SELECT item_id, date FROM items"))
    moved = {i for i in after if after[i] != before[i]}
    assert moved == set(chosen)
    for i in chosen:
        assert dt.date.fromisoformat(after[i]) == dt.date.fromisoformat(before[i]) + dt.timedelta(days=7)
        assert cell(table, "date", i) == after[i]
    assert len(ws.change_sets()) == changes + 1  # one change: one undo


def test_bulk_shift_is_all_or_nothing_on_a_stale_row(ws, table):
    chosen = pick(table, 4, start=20)
    before = dict(sql(ws, "SELECT item_id, date FROM items"))
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(chosen[2], version=other.item(chosen[2])["version"], title="Người khác sửa")
    table.select(chosen)
    table.shift(-3)
    assert table.status.kind == "error" and "khac" in table.status.message
    assert dict(sql(ws, "SELECT item_id, date FROM items")) == before
    assert cell(table, "title", chosen[2]) == "Người khác sửa"
    table.shift(-3)  # rows reloaded: the same selection now moves
    after = dict(sql(ws, "SELECT item_id, date FROM items"))
    assert {i for i in after if after[i] != before[i]} == set(chosen)


def test_bulk_status_reports_the_refused_ones(ws):
    ids = [int(i) for i in ws.items(year=YEAR)["item_id"].iloc[30:34]]
    for i in ids[:2]:
        ws.set_status(i, "draft", version=ws.item(i)["version"])
    table = PlanTable(ws, year=YEAR)
    table.select(ids)
    table.new_status.value = "in_review"
    table.status_button.click()
    assert f"2/{len(ids)}" in table.status.message
    assert set(table.refused) == set(ids[2:])
    for i in ids[2:]:
        assert f"số {i}" in table.status.message
    statuses = dict(sql(ws, f"SELECT item_id, status FROM items WHERE item_id IN ({','.join(map(str, ids))})"))
    assert statuses == {ids[0]: "in_review", ids[1]: "in_review", ids[2]: "idea", ids[3]: "idea"}
    assert [cell(table, "status", i) for i in ids] == [STATUS_LABELS[statuses[i]] for i in ids]
    # back to draft needs a reason: refused without, accepted with one
    table.select(ids[:2])
    table.change_status("draft")
    assert set(table.refused) == set(ids[:2])
    table.change_status("draft", reason="Cần sửa ảnh")
    assert not table.refused and {ws.item(i)["status"] for i in ids[:2]} == {"draft"}


def test_filters_show_exactly_the_matching_items(ws, table):
    table.filters["unit"].value = "mttq"
    expected = {r[0] for r in sql(ws, "SELECT item_id FROM items WHERE year = ? AND unit_id = 'mttq'", YEAR)}
    assert set(table.frame["item_id"]) == expected and len(expected) > 10
    assert set(table.grid.data[header("unit_id")]) == {short_names(ws.units())["mttq"]}
    table.filters["format"].value = "short_video"
    expected = {
        r[0]
        for r in sql(
            ws, "SELECT item_id FROM items WHERE year = ? AND unit_id = 'mttq' AND format = 'short_video'", YEAR
        )
    }
    assert set(table.frame["item_id"]) == expected and 0 < len(expected)
    table.filters["format"].value = None
    table.search.value = "TẾT"
    expected = {
        r[0]
        for r in sql(ws, "SELECT item_id, title FROM items WHERE year = ? AND unit_id = 'mttq'", YEAR)
        if "tết" in r[1].casefold()
    }
    assert set(table.frame["item_id"]) == expected and 0 < len(expected)
    table.search.value = ""
    table.filters["unit"].value = None
    table.filters["status"].value = "draft"
    assert table.frame.empty and len(table.grid.data) == 0


def test_poll_picks_up_another_handles_edits(ws, table):
    item_id = pick(table)[0]
    assert table.poll() == 0
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(item_id, version=other.item(item_id)["version"], title="Sửa từ máy khác")
        new_id = other.add_item(unit_id="mttq", date="15/3/2025", title="Nội dung mới", format="post",
                                platform="zalo", theme="event")
    assert table.poll() == 2
    assert cell(table, "title", item_id) == "Sửa từ máy khác"
    assert shown_version(table, item_id) == ws.item(item_id)["version"]
    assert cell(table, "title", new_id) == "Nội dung mới"
    assert "2" in table.status.message
    assert table.poll() == 0


def test_own_saves_are_not_reported_as_others(ws, table):
    item_id = pick(table)[0]
    table.grid.set_cell_value(header("title"), item_id, "Của tôi")
    assert table.poll() == 0


def test_read_only_workspace_changes_nothing(ws):
    ro = planner.open_workspace(ws.folder, read_only=True)
    try:
        table = PlanTable(ro, year=YEAR)
        item_id = pick(table)[0]
        title = cell(table, "title", item_id)
        table.grid.set_cell_value(header("title"), item_id, "Không được lưu")
        assert table.status.kind == "error" and "chỉ cho phép đọc" in table.status.message
        assert cell(table, "title", item_id) == title
        table.select([item_id])
        table.shift(1)
        assert table.status.kind == "error" and "chỉ cho phép đọc" in table.status.message
        assert ws.item(item_id)["version"] == 1
    finally:
        ro.close()


def test_bad_selection_and_bad_arguments_are_messages(ws, table):
    changes = len(ws.change_sets())
    table.select([999_999])
    assert table.status.kind == "error" and "999999" in table.status.message
    table.shift_button.click()
    assert table.status.message == TABLE_LABELS["no_selection"]
    table.select(pick(table))
    table.shift(0)
    assert table.status.message == TABLE_LABELS["shift_zero"]
    table.assign("không có")
    assert table.status.kind == "error" and "Thành đoàn" in table.status.message
    table.change_status("xong")
    assert table.status.kind == "error" and STATUS_LABELS["approved"] in table.status.message
    assert len(ws.change_sets()) == changes


def test_assign_unit_to_the_selection(ws, table):
    chosen = pick(table, 3, start=50)
    table.select(chosen)
    table.assign_unit.value = "hoi-nong-dan"
    table.assign_button.click()
    assert table.status.kind == "ok", table.status.message
    placeholders = ",".join("?" * len(chosen))
    assert {r[0] for r in sql(ws, f"SELECT unit_id FROM items WHERE item_id IN ({placeholders})", *chosen)} == {
        "hoi-nong-dan"
    }
    assert {cell(table, "unit_id", i) for i in chosen} == {"Hội Nông dân"}


def test_the_browser_is_told_the_old_value_last_when_a_cell_is_put_back(ws, table):
    """The browser draws what the last 'cell-changed' message says: after a refusal that is the old value."""
    sent: list[dict] = []
    table.grid.comm.send = lambda data=None, **_: sent.append(data)  # what would go to the browser
    item_id = pick(table)[0]
    old = cell(table, "unit_id", item_id)
    table.grid.set_cell_value(header("unit_id"), item_id, "Đơn vị không có")
    values = [m["content"]["value"] for m in sent if m["content"]["event_type"] == "cell-changed"]
    assert values == ["Đơn vị không có", old]


# --------------------------------------------------------------------------- defects found by the outside attack
def snapshot(ws) -> tuple:
    """Everything a write would change: the items, the change sets and the audit rows."""
    return (
        sql(ws, "SELECT * FROM items ORDER BY item_id"),
        sql(ws, "SELECT count(*) FROM changes"),
        sql(ws, "SELECT count(*) FROM audit"),
    )


def test_the_date_column_sorts_by_date_and_is_drawn_as_people_write_dates(ws, table):
    shown = table.grid.data
    column = shown[header("date")]
    ordered = column.sort_values(kind="stable")  # how the grid sorts a column of text
    days = [dt.date.fromisoformat(d) for d in ordered]
    assert days == sorted(days) and len(set(days)) > 100
    # the text order of 3/2/2025 put 9/9 before 22/12: here September sorts before December
    assert dt.date(2025, 9, 9) in days and dt.date(2025, 12, 22) in days
    assert days.index(dt.date(2025, 9, 9)) < days.index(dt.date(2025, 12, 22))
    stored = dict(sql(ws, "SELECT item_id, date FROM items WHERE year = ?", YEAR))
    assert {int(i): d for i, d in column.items()} == stored
    # the browser draws the ISO text as 3/2/2025, the same day in every time zone (UTC)
    drawn = table.grid.renderers[header("date")].text_value.value
    assert "utcFormat(toDate(cell.value), '%-d/%-m/%Y')" in drawn


def test_columns_are_wide_enough_for_their_vietnamese_headers(table):
    widths = table.grid.column_widths
    for field in ("date", "unit_id", "title", "format", "platform", "theme", "status", "findings"):
        name = header(field)
        # about 7 px a character of the 12 px font, and ~35 px for the padding and the filter button
        assert widths[name] >= 7 * len(name) + 35, (name, widths[name])
    assert widths[header("findings")] >= 100  # "Số vấn đề" was cut to "Số vấn đ…" at 80 px
    assert widths[header("unit_id")] >= 6 * len("Liên đoàn Lao động") + 16  # the longest short name, not cut
    assert sum(widths.values()) <= 1500 - 64 - 80  # a 1500 px screen: no sideways scrolling


def test_searching_an_empty_table_shows_an_empty_table(ws, table):
    table.filters["status"].value = "published"
    assert table.frame.empty
    table.search.value = "Đảng"
    assert table.status.kind != "error", table.status.message
    assert table.frame.empty and list(table.frame.columns) == list(table._read().columns)
    assert len(table.grid.data) == 0 and TABLE_LABELS["shown"].format(count=0) in table.count.value
    table.filters["status"].value = None  # the search still applies once there are rows again
    titles = sql(ws, "SELECT item_id, title FROM items WHERE year = ?", YEAR)
    expected = {i for i, title in titles if "đảng" in title.lower()}
    assert set(table.frame["item_id"]) == expected and expected


@pytest.mark.parametrize("days", [-1_000_000, 1_000_000, 10**30])
def test_a_huge_shift_is_refused_in_vietnamese_and_writes_nothing(ws, table, days):
    item_id = pick(table)[0]
    table.select([item_id])
    table.shift_days.value = days
    before = snapshot(ws)
    table.shift_button.click()
    assert table.status.kind == "error"
    assert "1900" in table.status.message and "2100" in table.status.message
    assert "Overflow" not in table.status.message and "Lỗi không mong đợi" not in table.status.message
    assert snapshot(ws) == before
    assert cell(table, "date", item_id) == ws.item(item_id)["date"].strftime("%Y-%m-%d")


def select_rows(table: PlanTable, first: int, last: int, column: int = 1) -> None:
    """What a drag over rows (or a click on a column header, for every row) puts in the grid's selection."""
    table.grid.selections = [{"r1": first, "c1": column, "r2": last, "c2": column}]


def test_a_whole_column_selection_is_shifted_only_on_a_second_click(ws, table):
    last = len(table.frame) - 1
    select_rows(table, 0, last)  # a click on the header "Ngày"
    assert len(table.selected) == len(table.frame) > 1000
    before, changes = snapshot(ws), len(ws.change_sets())
    table.shift_button.click()
    assert snapshot(ws) == before
    assert table.status.kind == "warning"
    assert f"{len(table.frame)} nội dung +7 ngày" in table.status.message and "lần nữa" in table.status.message
    table.shift_days.value = 3  # another number: described again, still nothing written
    table.shift_button.click()
    assert snapshot(ws) == before and "+3 ngày" in table.status.message
    table.shift_button.click()  # the same action, the same rows: done
    assert table.status.kind == "ok", table.status.message
    moved = sql(ws, "SELECT count(*) FROM items WHERE year = ? AND version = 2", YEAR)[0][0]
    assert moved == len(table.frame)
    assert len(ws.change_sets()) == changes + 1  # one change set for all of them: one undo
    assert ws.next_undo()["rows"] == len(table.frame)


def test_a_changed_selection_or_another_action_asks_again(ws, table):
    select_rows(table, 0, 24)
    ids = table.selected
    assert len(ids) == 25
    before = snapshot(ws)
    table.assign_unit.value = "hoi-nong-dan"
    table.assign_button.click()
    assert table.status.kind == "warning" and "25" in table.status.message and "Hội Nông dân" in table.status.message
    select_rows(table, 0, 23)  # one row fewer: another selection
    table.assign_button.click()
    assert table.status.kind == "warning" and snapshot(ws) == before
    table.new_status.value = "draft"
    table.status_button.click()  # another action in between
    assert table.status.kind == "warning" and "Bản nháp" in table.status.message
    table.assign_button.click()
    assert table.status.kind == "warning" and snapshot(ws) == before
    table.assign_button.click()
    assert table.status.kind == "ok", table.status.message
    assert {u for (u,) in sql(ws, f"SELECT unit_id FROM items WHERE item_id IN ({','.join(map(str, ids[:24]))})")} == {
        "hoi-nong-dan"
    }
    assert sql(ws, "SELECT unit_id FROM items WHERE item_id = ?", ids[24]) != [("hoi-nong-dan",)]
    # twenty rows or fewer go at once
    select_rows(table, 100, 119)
    table.new_status.value = "draft"
    table.status_button.click()
    assert table.status.kind == "ok" and "20/20" in table.status.message


def test_a_refused_bulk_action_is_not_asked_first(ws):
    ro = planner.open_workspace(ws.folder, read_only=True)
    try:
        table = PlanTable(ro, year=YEAR)
        select_rows(table, 0, 49)
        table.shift_days.value = -1_000_000
        table.shift_button.click()  # refused before anything is asked
        assert table.status.kind == "error" and "1900" in table.status.message
        table.shift_days.value = 1
        table.shift_button.click()
        assert table.status.kind == "warning"
        table.shift_button.click()
        assert table.status.kind == "error" and "chỉ cho phép đọc" in table.status.message
    finally:
        ro.close()


def test_poll_announces_only_rows_shown_and_never_over_an_error(ws):
    table = PlanTable(ws, year=YEAR, unit="mttq")
    shown_id = int(table.frame["item_id"].iloc[0])
    elsewhere = ws.items(year=YEAR, units="hoi-phu-nu").iloc[0]
    table.status.ok("Việc của tôi vừa xong.")
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(int(elsewhere["item_id"]), version=int(elsewhere["version"]), title="Đơn vị khác sửa")
        assert table.poll() == 0
        assert table.status.message == "Việc của tôi vừa xong."  # not a row of this table: nothing said
        row = other.item(shown_id)
        other.update_item(shown_id, version=row["version"], notes="ghi chú không hiện trong bảng")
        assert table.poll() == 0 and table.status.message == "Việc của tôi vừa xong."
        table.grid.set_cell_value(header("unit_id"), shown_id, "Đơn vị không có")
        refusal = table.status.message
        assert table.status.kind == "error"
        row = other.item(shown_id)
        other.update_item(shown_id, version=row["version"], title="Tiêu đề mới từ máy khác")
        assert table.poll() == 1
        assert cell(table, "title", shown_id) == "Tiêu đề mới từ máy khác"
        assert table.status.message == refusal  # the refusal stays until the person acts
        table.status.clear()
        row = other.item(shown_id)
        other.update_item(shown_id, version=row["version"], title="Lần nữa")
    assert table.poll() == 1 and table.status.kind == "info" and "1" in table.status.message

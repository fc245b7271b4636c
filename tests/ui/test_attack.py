"""The planner's screen attacked from outside: odd page messages, odd text, two handles and two
processes, a read-only workspace, empty and edge years — and every answer read back from SQLite.

Tests marked ``xfail(strict=True)`` show a defect found by this attack (the reason names it); they
fail today and turn into an error (XPASS) once the code is fixed, so the mark must then go. The
other tests are defences that hold.
"""

from __future__ import annotations

import concurrent.futures
import csv
import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import planner
from planner.strings import UI_LABELS
from planner.ui.calendar import CalendarView
from planner.ui.form import ItemForm
from planner.ui.plan import PlanPanel
from planner.ui.review import ReviewQueue
from planner.ui.screen import App
from planner.ui.table import PlanTable, header
from tests.helpers import db_rows, place

REPO = Path(__file__).resolve().parents[2]
UNEXPECTED = UI_LABELS["unexpected"].split("(")[0].strip()  # "Lỗi không mong đợi"
ENGLISH = ("KeyError", "ValueError", "TypeError", "OverflowError", "Traceback", "invalid literal")


# --------------------------------------------------------------------------- helpers
def snapshot(path: Path) -> str:
    """Everything a write would change, read independently of the store: items, change sets, audit rows."""
    rows = db_rows(path, "SELECT * FROM items ORDER BY item_id")
    extra = db_rows(path, "SELECT (SELECT count(*) FROM changes), (SELECT count(*) FROM audit)")
    return hashlib.sha256(repr((rows, extra)).encode()).hexdigest()


def sql(path: Path, query: str, *args) -> list[tuple]:
    return db_rows(path, query, *args)


def send(view: CalendarView, content) -> None:
    """What the page's ``model.send(content)`` does in the kernel."""
    view.grid._handle_custom_msg(content, [])


def said_in_vietnamese(status) -> bool:
    """An error or warning a person can act on: not the 'unexpected error' template, no Python names."""
    text = status.message
    return status.kind in ("error", "warning") and UNEXPECTED not in text and not any(w in text for w in ENGLISH)


def fill_new(form: ItemForm, title: str) -> None:
    form.new(dt.date(2025, 3, 12), unit="hoi-phu-nu", format="post", platform="zalo", theme="event")
    form.title.value = title


@pytest.fixture
def march(planned) -> CalendarView:
    return CalendarView(planned, year=2025, month=3)


# --------------------------------------------------------------------------- A. page messages
ITEM = "<nội dung đang hiện>"  # replaced by the id of an item shown in March
_SILENT = "tin nhắn lạ từ trang bị bỏ qua im lặng: dòng trạng thái không nói gì (calendar.py _handle)"
_KEY = "thiếu khóa trong tin nhắn → KeyError, hiện 'Lỗi không mong đợi (KeyError…)' (calendar.py _handle: content[...])"
_INT_VERSION = "version không phải số → int(version) nổ ValueError/TypeError trước khi kiểm tra (calendar.py move)"
_INT_MONTH = "tháng không phải số nguyên → int(month) nổ hoặc cắt 3.7 thành 3 (calendar.py _navigate)"

HOLDING = [
    {"kind": "select_item", "item_id": "abc"},
    {"kind": "select_item", "item_id": -1},
    {"kind": "select_item", "item_id": 10**30},
    {"kind": "select_item", "item_id": 1.5},
    {"kind": "select_item", "item_id": [1]},
    {"kind": "select_item", "item_id": True},
    {"kind": "move", "item_id": "abc", "date": "2025-03-12", "version": 1},
    {"kind": "move", "item_id": 10**30, "date": "2025-03-12", "version": 1},
    {"kind": "move", "item_id": 999_999, "date": "2025-03-12", "version": 1},
    {"kind": "move", "item_id": ITEM, "date": "2025-03-12", "version": 10**30},
    {"kind": "move", "item_id": ITEM, "date": "32/13/2025"},
    {"kind": "move", "item_id": ITEM, "date": "2025-02-30"},
    {"kind": "move", "item_id": ITEM, "date": ""},
    {"kind": "move", "item_id": ITEM, "date": None},
    {"kind": "move", "item_id": ITEM, "date": 20250312},
    {"kind": "move", "item_id": ITEM, "date": ["2025-03-12"]},
    {"kind": "move", "item_id": ITEM, "date": {"y": 2025}},
    {"kind": "move", "item_id": ITEM, "date": "9999-01-01"},
    {"kind": "move", "item_id": ITEM, "date": "12/3/2025\x00"},
    {"kind": "move", "item_id": ITEM, "date": "2025-03-12T10:00:00"},
    {"kind": "select_day", "date": "abc"},
    {"kind": "select_day", "date": 123},
    {"kind": "select_day", "date": None},
    {"kind": "select_day", "date": "1800-01-01"},
    {"kind": "nav", "to": "month", "month": 13},
    {"kind": "nav", "to": "month", "month": 0},
]


def broken(message, reason: str):
    """A message the calendar once answered wrongly (the reason says how); fixed, kept as a regression test."""
    return message


BROKEN = [
    broken("không phải dict", _SILENT),
    broken(None, _SILENT),
    broken([1, 2], _SILENT),
    broken({}, _SILENT),
    broken({"kind": "xoa_het"}, _SILENT),
    broken({"kind": "nav", "to": "sang_nam_khac"}, _SILENT),
    broken({"kind": "select_item"}, _KEY),
    broken({"kind": "move", "item_id": ITEM}, _KEY),
    broken({"kind": "move", "date": "2025-03-12"}, _KEY),
    broken({"kind": "move", "item_id": ITEM, "date": "2025-03-12", "version": "abc"}, _INT_VERSION),
    broken({"kind": "move", "item_id": ITEM, "date": "2025-03-12", "version": [1]}, _INT_VERSION),
    broken({"kind": "nav", "to": "month", "month": "abc"}, _INT_MONTH),
    broken({"kind": "nav", "to": "month", "month": [3]}, _INT_MONTH),
    broken({"kind": "nav", "to": "month", "month": 3.7}, _INT_MONTH),
]


@pytest.mark.parametrize("message", HOLDING + BROKEN, ids=lambda m: repr(m)[:60])
def test_a_bad_page_message_is_answered_in_vietnamese_and_writes_nothing(march, planned_path, message):
    shown = march.items.iloc[0]
    if isinstance(message, dict):
        message = {k: int(shown["item_id"]) if v == ITEM else v for k, v in message.items()}
        if message.get("kind") == "move" and "date" in message and "version" not in message:
            message["version"] = int(shown["version"])  # only the date is wrong
    before = snapshot(planned_path)
    march.status.clear()
    send(march, message)  # raises nothing into the kernel
    assert said_in_vietnamese(march.status), (march.status.kind, march.status.message)
    assert snapshot(planned_path) == before
    assert (march.year, march.month, march.mode) == (2025, 3, "month")


def test_a_fractional_version_is_not_taken_for_the_current_one(march, planned_path):
    row = march.items.iloc[0]
    assert int(row["version"]) == 1
    before = snapshot(planned_path)
    send(march, {"kind": "move", "item_id": int(row["item_id"]), "version": 1.9, "date": "2025-03-20"})
    assert snapshot(planned_path) == before
    assert said_in_vietnamese(march.status)


def test_a_move_without_a_version_is_refused(march, planned, planned_path):
    elsewhere = planned.items(start=dt.date(2025, 6, 1), end=dt.date(2025, 6, 30)).iloc[0]
    before = snapshot(planned_path)
    send(march, {"kind": "move", "item_id": int(elsewhere["item_id"]), "date": "2025-03-20"})
    assert snapshot(planned_path) == before
    assert said_in_vietnamese(march.status)


def test_december_2100_opens(planned):
    view = CalendarView(planned, year=2100, month=12)
    assert view.grid.payload.get("title") == "Tháng 12 năm 2100"
    assert view.status.kind != "error", view.status.message


def test_january_1900_and_the_edges_of_the_supported_years(planned, planned_path):
    view = CalendarView(planned, year=1900, month=1)
    assert view.grid.payload["title"] == "Tháng 1 năm 1900"
    before = snapshot(planned_path)
    send(view, {"kind": "nav", "to": "prev"})
    assert said_in_vietnamese(view.status) and "1900" in view.status.message
    assert (view.year, view.month) == (1900, 1) and view.grid.payload["title"] == "Tháng 1 năm 1900"
    view.show_month(2100, 11)
    send(view, {"kind": "nav", "to": "next_year"})
    assert said_in_vietnamese(view.status) and (view.year, view.month) == (2100, 11)
    view.status.clear()
    send(view, {"kind": "nav", "to": "year"})
    assert view.grid.payload["title"] == "Năm 2100" and view.status.kind != "error"
    assert snapshot(planned_path) == before


def test_a_refused_date_is_written_as_people_write_dates(planned, planned_path):
    form = ItemForm(planned)
    fill_new(form, "Bài hẹn năm 2200")
    form.date.value = dt.date(2200, 1, 1)
    before = snapshot(planned_path)
    assert form.save() is None
    assert snapshot(planned_path) == before
    assert "datetime" not in form.status.message and "1/1/2200" in form.status.message


# --------------------------------------------------------------------------- B. odd text in the form
def test_odd_unicode_titles_are_saved_composed_or_refused_with_the_field_marked(planned, planned_path):
    form = ItemForm(planned)
    kept = {
        "Tie\u0302\u0301u đe\u0302\u0300 NFD": "Tiếu đề NFD",
        "Gia đình 👨\u200d👩\u200d👧 và 🇻🇳": "Gia đình 👨\u200d👩\u200d👧 và 🇻🇳",
        "x" * 500: "x" * 500,
    }
    for typed, stored in kept.items():
        fill_new(form, typed)
        item_id = form.save()
        assert item_id is not None, form.status.message
        assert sql(planned_path, "SELECT title FROM items WHERE item_id = ?", item_id) == [(stored,)]
        assert form.title.value == stored  # the form shows what is stored
    for typed in ("x" * 10_000, "a\x00b", "dòng 1\ndòng 2", "nửa \ud800 ký tự"):
        fill_new(form, typed)
        before = snapshot(planned_path)
        assert form.save() is None
        assert snapshot(planned_path) == before
        assert said_in_vietnamese(form.status) and "Tiêu đề" in form.status.message
        assert "planner-form-invalid" in form.title._dom_classes
        assert form.title.value == typed  # what was typed stays, to be corrected


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\ufeff"], ids=["ZWSP", "RLO", "BOM"])
def test_invisible_characters_in_a_title_are_flagged_live(planned, hidden):
    form = ItemForm(planned)
    fill_new(form, f"Kỷ niệm{hidden} ngày Thầy thuốc Việt Nam")
    assert form.current_findings, "no live finding for an invisible character"


# --------------------------------------------------------------------------- unsaved edits
@pytest.fixture
def screen(planned) -> App:
    return App(planned, year=2025, month=3)


def test_choosing_another_chip_does_not_silently_drop_unsaved_edits(screen):
    first, second = (int(i) for i in screen.calendar.items["item_id"].iloc[:2])
    send(screen.calendar, {"kind": "select_item", "item_id": first})
    screen.form.title.value = "Tiêu đề tôi đang gõ dở"
    send(screen.calendar, {"kind": "select_item", "item_id": second})
    kept = screen.form.item_id == first and screen.form.title.value == "Tiêu đề tôi đang gõ dở"
    assert kept or screen.form.status.kind == "warning", "unsaved edits vanished without a word"


def test_undo_does_not_silently_drop_unsaved_edits(screen, planned):
    item_id = int(screen.calendar.items["item_id"].iloc[0])
    screen.form.load(item_id)
    screen.form.notes.value = "ghi chú đã lưu"
    screen.form.save()
    screen.form.title.value = "Tiêu đề đang gõ, chưa lưu"
    screen.form.undo_button.click()
    assert screen.form.title.value == "Tiêu đề đang gõ, chưa lưu" or screen.form.status.kind == "warning"


def test_another_process_moves_the_item_while_the_form_holds_edits(screen, planned_path):
    """Nothing is overwritten silently: the form warns on the tick, the save is refused, SQLite keeps the move."""
    item_id = int(screen.calendar.items["item_id"].iloc[0])
    send(screen.calendar, {"kind": "select_item", "item_id": item_id})
    screen.form.title.value = "Bản sửa của tôi"
    code = (
        "import sys, datetime as dt, planner\n"
        "ws = planner.open_workspace(sys.argv[1], user='lanhdao')\n"
        "row = ws.item(int(sys.argv[2]))\n"
        "ws.move_item(row['item_id'], dt.date(2025, 3, 20), version=row['version'])\n"
    )
    subprocess.run([sys.executable, "-c", code, place(planned_path), str(item_id)], check=True, cwd=REPO, timeout=60)
    send(screen.calendar, {"kind": "tick"})
    assert screen.form.status.kind == "warning" and "lanhdao" in screen.form.status.message
    assert screen.form.reload_button.layout.display != "none"
    assert screen.form.title.value == "Bản sửa của tôi"  # the typed text is still there
    cells = {c["date"]: c for w in screen.calendar.grid.payload["weeks"] for c in w}
    assert item_id in {chip["id"] for chip in cells["2025-03-20"]["items"]} or cells["2025-03-20"]["count"] > 4
    before = snapshot(planned_path)
    assert screen.form.save() is None
    assert said_in_vietnamese(screen.form.status) and "lanhdao" in screen.form.status.message
    assert snapshot(planned_path) == before
    assert sql(planned_path, "SELECT date, version FROM items WHERE item_id = ?", item_id) == [("2025-03-20", 2)]


def test_an_item_undone_elsewhere_leaves_form_table_and_calendar_consistent(screen, planned, planned_path):
    twin = planner.open_workspace(planned_path, user="chuyenvien")  # the same planner in a second browser tab
    try:
        send(screen.calendar, {"kind": "select_day", "date": "2025-03-12"})
        fill_new(screen.form, "Bài sẽ bị hoàn tác ở tab khác")
        item_id = screen.form.save()
        assert item_id in set(screen.calendar.items["item_id"]) and item_id in screen.table._pos
        screen.table.select([item_id])
        assert twin.undo()["action"] == "add_item"
        send(screen.calendar, {"kind": "tick"})
    finally:
        twin.close()
    assert sql(planned_path, "SELECT count(*) FROM items WHERE item_id = ?", item_id) == [(0,)]
    assert screen.form.item_id is None and str(item_id) in screen.form.status.message
    assert item_id not in set(screen.calendar.items["item_id"]) and item_id not in screen.table._pos
    assert screen.table.selected == []
    before = snapshot(planned_path)
    for button in (screen.form.save_button, screen.form.duplicate_button, screen.table.shift_button):
        button.click()
    send(screen.calendar, {"kind": "select_item", "item_id": item_id})
    assert said_in_vietnamese(screen.form.status) and str(item_id) in screen.form.status.message
    assert snapshot(planned_path) == before
    for view in screen.views:
        assert UNEXPECTED not in view.status.message, view.status.message


def test_a_plan_generated_by_another_handle_appears_on_the_next_tick(planned, other, planned_path):
    screen = App(planned, year=2026, month=3)
    assert len(screen.calendar.items) == 0 and len(screen.table.frame) == 0
    planner.generate_plan(other, 2026)
    send(screen.calendar, {"kind": "tick"})
    march = sql(planned_path, "SELECT count(*) FROM items WHERE date BETWEEN '2026-02-23' AND '2026-04-05'")[0][0]
    year = sql(planned_path, "SELECT count(*) FROM items WHERE year = 2026")[0][0]
    assert march > 0 and len(screen.calendar.items) == march
    assert len(screen.table.frame) == year
    for view in screen.views:
        assert view.status.kind != "error", (type(view).__name__, view.status.message)


# --------------------------------------------------------------------------- C. the table
@pytest.fixture
def table(planned) -> PlanTable:
    return PlanTable(planned, year=2025)


def test_searching_an_empty_table_shows_an_empty_table(table):
    table.filters["status"].value = "published"
    assert len(table.frame) == 0
    table.search.value = "Đảng"
    assert table.status.kind != "error", table.status.message
    assert table.count.value == "Đang hiện 0 nội dung."


def test_a_huge_shift_is_refused_in_vietnamese(table, planned_path):
    item_id = int(table.frame["item_id"].iloc[3])
    table.select([item_id])
    table.shift_days.value = -1_000_000
    before = snapshot(planned_path)
    table.shift_button.click()
    assert snapshot(planned_path) == before
    assert said_in_vietnamese(table.status), table.status.message


def test_a_whole_column_selection_is_not_shifted_without_a_second_click(table, planned_path):
    last = len(table.frame) - 1
    table.grid.selections = [{"r1": 0, "c1": 1, "r2": last, "c2": 1}]  # what a click on the header "Ngày" selects
    assert len(table.selected) == len(table.frame) > 1000
    before = snapshot(planned_path)
    table.shift_button.click()
    assert snapshot(planned_path) == before, table.status.message
    assert table.status.kind == "warning"


def test_sorting_the_date_column_sorts_by_date(table):
    shown = table.grid.data
    ordered = shown.sort_values(header("date"), kind="stable")[header("date")]  # how the grid sorts a column
    days = [dt.date.fromisoformat(str(d)[:10]) for d in ordered]  # ISO dates underneath, drawn 3/2/2025
    assert days == sorted(days)


def test_odd_text_typed_in_cells(table, planned_path):
    item_id = int(table.frame["item_id"].iloc[5])

    def cell(field):
        return table.grid.get_cell_value(header(field), item_id)[0]

    table.grid.set_cell_value(header("title"), item_id, "Tie\u0302\u0301u đe\u0302\u0300 🇻🇳")
    assert sql(planned_path, "SELECT title FROM items WHERE item_id = ?", item_id) == [("Tiếu đề 🇻🇳",)]
    assert cell("title") == "Tiếu đề 🇻🇳"
    table.grid.set_cell_value(header("unit_id"), item_id, "HỘI PHU\u0323 NỮ")
    assert sql(planned_path, "SELECT unit_id FROM items WHERE item_id = ?", item_id) == [("hoi-phu-nu",)]
    for field, typed in (("title", "x" * 10_000), ("title", "a\x00"), ("date", "1/1/2101"), ("format", "")):
        shown = cell(field)
        before = snapshot(planned_path)
        table.grid.set_cell_value(header(field), item_id, typed)
        assert said_in_vietnamese(table.status), (field, table.status.message)
        assert cell(field) == shown and snapshot(planned_path) == before


# --------------------------------------------------------------------------- D. read-only
def test_read_only_workspace_every_button_says_so_and_writes_nothing(planned_path):
    with planner.open_workspace(planned_path, user="chuyenvien") as ws:
        first = ws.items(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)).iloc[0]
        row = ws.set_status(int(first["item_id"]), "draft", version=int(first["version"]))
        ws.set_status(row["item_id"], "in_review", version=row["version"])
    before = snapshot(planned_path)
    ws = planner.open_workspace(planned_path, user="chuyenvien", read_only=True)
    try:
        screen = App(ws, year=2025, month=3)
        shown = screen.calendar.items.iloc[1]
        item_id, version = int(shown["item_id"]), int(shown["version"])
        send(screen.calendar, {"kind": "move", "item_id": item_id, "version": version, "date": "2025-03-20"})
        assert said_in_vietnamese(screen.calendar.status) and "chỉ cho phép đọc" in screen.calendar.status.message

        form = screen.form
        send(screen.calendar, {"kind": "select_day", "date": "2025-03-12"})
        fill_new(form, "Không ghi được")
        form.save_button.click()
        assert "chỉ cho phép đọc" in form.status.message
        send(screen.calendar, {"kind": "select_item", "item_id": item_id})
        form.title.value = "Sửa"
        form.save_button.click()
        assert "chỉ cho phép đọc" in form.status.message
        form.reload_button.click()
        for button in (form.duplicate_button, form.undo_button, *form.status_buttons.children):
            form.reason.value = "lý do"
            form.status.clear()
            button.click()
            assert said_in_vietnamese(form.status), (button.description, form.status.message)

        table = screen.table
        table.grid.set_cell_value(header("title"), item_id, "Sửa trong bảng")
        assert "chỉ cho phép đọc" in table.status.message
        table.assign_unit.value, table.new_status.value = "hoi-phu-nu", "cancelled"
        table.reason.value = "lý do"
        for button in (table.assign_button, table.shift_button, table.status_button):
            table.select([item_id])
            button.click()
            assert said_in_vietnamese(table.status) and "chỉ cho phép đọc" in table.status.message

        review = screen.review
        assert review.item_id is not None
        for box in review.checklist.values():
            box.value = True
        review.approve_button.click()
        assert "chỉ cho phép đọc" in review.status.message
        review.reason.value = "viết lại"
        review.return_button.click()
        assert "chỉ cho phép đọc" in review.status.message

        plan = screen.plan
        plan.year.value = 2026
        plan.preview_button.click()
        assert plan.status.kind == "info"  # a preview only reads
        plan.generate_button.click()
        assert said_in_vietnamese(plan.status) and "chỉ cho phép đọc" in plan.status.message
    finally:
        ws.close()
    assert snapshot(planned_path) == before


# --------------------------------------------------------------------------- E. odd states
@pytest.mark.parametrize("year, month", [(2030, 6), (1900, 1)])
def test_every_button_of_an_empty_year_answers_in_vietnamese(planned, planned_path, year, month):
    screen = App(planned, year=year, month=month)
    before = snapshot(planned_path)
    form, table, review = screen.form, screen.table, screen.review
    buttons = [
        *(getattr(form, n) for n in ("save_button", "duplicate_button", "undo_button", "reload_button")),
        *form.transition_buttons.values(),
        table.assign_button, table.shift_button, table.status_button, table.reload_button,
        review.approve_button, review.return_button, review.refresh_button, review.reload_button,
    ]
    for button in buttons:
        for view in screen.views:
            view.status.clear()
        button.click()
        for view in screen.views:
            assert UNEXPECTED not in view.status.message, (button.description, view.status.message)
    for to in ("prev", "next", "prev_year", "next_year", "year", "today"):
        screen.calendar.show_month(year, month)
        send(screen.calendar, {"kind": "nav", "to": to})
        assert UNEXPECTED not in screen.calendar.status.message
    assert snapshot(planned_path) == before


def test_planner_ui_app_is_the_function_every_time():
    import planner.ui

    planner.ui.app  # noqa: B018 - the first access, as notebook 02's last cell does
    assert callable(planner.ui.app)
    from planner.ui import app

    assert callable(app)


def test_unit_names_are_escaped_in_the_plan_preview(tmp_path):
    path = tmp_path / "có dấu cách ? và #" / "ws"
    ws = planner.open_workspace(path, user="chuyenvien")
    try:
        rows = list(csv.DictReader((REPO / "data" / "units.csv").open(encoding="utf-8")))
        rows[3]["short_name"] = "Hội <CCB> & ĐV"
        edited = tmp_path / "units.csv"
        with edited.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        ws.import_units(edited)
        panel = PlanPanel(ws, year=2025)
        panel.preview()
        assert panel.status.kind == "info"
        assert "Hội &lt;CCB&gt; &amp; ĐV" in panel.summary.value
    finally:
        ws.close()


def test_odd_unit_names_and_an_odd_path_work_in_calendar_table_and_form(tmp_path):
    path = tmp_path / "thư mục có dấu cách ? #1" / "ws"
    ws = planner.open_workspace(path, user="chuyenvien")
    try:
        rows = list(csv.DictReader((REPO / "data" / "units.csv").open(encoding="utf-8")))
        odd = {rows[3]["unit_id"]: "Ðoàn 😀 “Trẻ”", rows[4]["unit_id"]: "Hội \u202eRTL"}
        for row in rows:
            row["short_name"] = odd.get(row["unit_id"], row["short_name"])
        edited = tmp_path / "units.csv"
        with edited.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        ws.import_units(edited)
        planner.generate_plan(ws, 2025)
        screen = App(ws, year=2025, month=3)
        unit_id = rows[3]["unit_id"]
        screen.calendar.filters["unit"].value = unit_id
        chips = [c for w in screen.calendar.grid.payload["weeks"] for cell in w for c in cell["items"]]
        assert chips and {c["unit"] for c in chips} == {"Ðoàn 😀 “Trẻ”"}
        item_id = int(screen.table.frame["item_id"].iloc[0])
        screen.table.grid.set_cell_value(header("unit_id"), item_id, "ðoàn 😀 “trẻ”")
        assert ws.item(item_id)["unit_id"] == unit_id, screen.table.status.message
        assert screen.table.grid.get_cell_value(header("unit_id"), item_id)[0] == "Ðoàn 😀 “Trẻ”"
        send(screen.calendar, {"kind": "select_item", "item_id": item_id})
        assert screen.form.unit.value == unit_id and screen.form.status.kind != "error"
    finally:
        ws.close()


# --------------------------------------------------------------------------- F. messages that vanish
def test_a_refused_approval_stays_on_screen_after_an_unrelated_save_elsewhere(planned, other):
    first = planned.items(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)).iloc[0]
    row = planned.set_status(int(first["item_id"]), "draft", version=int(first["version"]))
    planned.set_status(row["item_id"], "in_review", version=row["version"])
    queue = ReviewQueue(planned, year=2025)
    queue.approve_button.click()  # nothing ticked: refused
    assert queue.status.kind == "error"
    refusal = queue.status.message
    unrelated = other.items(start=dt.date(2025, 8, 1), end=dt.date(2025, 8, 31)).iloc[0]
    other.update_item(int(unrelated["item_id"]), version=int(unrelated["version"]), notes="ghi chú khác")
    queue.poll()  # the page's timer
    assert queue.status.message == refusal


# --------------------------------------------------------------------------- G. the year view in a real browser
_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{css}</style></head>
<body style="margin:0"><div id="el" style="width:1100px"></div></body></html>"""
_RENDER = """async ([code, payload]) => {
  const url = URL.createObjectURL(new Blob([code], {type: "text/javascript"}));
  const widget = (await import(url)).default;
  const model = {get: (k) => (k === "payload" ? payload : 3), on() {}, off() {}, send() {}};
  widget.render({model, el: document.getElementById("el")});
  return [...document.querySelectorAll(".planner-cal-mini")].map((m) => m.getBoundingClientRect().width);
}"""


def test_the_year_view_gives_each_month_a_quarter_of_the_width(planned):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("no /usr/bin/chromium")
    view = CalendarView(planned, year=2025, month=3)
    view.show_year()
    static = REPO / "planner" / "ui" / "static"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
    payload = json.loads(json.dumps(view.grid.payload))

    def measure() -> list[float]:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=flags)
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.set_content(_PAGE.format(css=(static / "calendar.css").read_text(encoding="utf-8")))
                return page.evaluate(_RENDER, [(static / "calendar.js").read_text(encoding="utf-8"), payload])
            finally:
                browser.close()

    # in a thread of its own: the sync API refuses to run where an asyncio loop is running (left by kernel clients)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        widths = pool.submit(measure).result()
    assert len(widths) == 12
    assert min(widths) > 200, widths  # four months a row in 1100 px: about 260 px each


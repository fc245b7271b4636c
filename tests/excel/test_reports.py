"""Returned unit workbooks read back in: import_reports records exactly what units wrote, or refuses
everything with every problem named (file, sheet, row, column, value, what was expected)."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import planner
from planner.columns import KEY_COLUMNS, REPORT_COLUMNS, header_key
from planner.errors import ConflictError, DataError, PlannerError
from planner.excel.reports import ImportResult, import_reports
from tests.helpers import approve, copy_place, db_rows

UNITS = ["hoi-phu-nu", "mttq", "doan-thanh-nien"]
LINK, DAY, VIEWS, REACT, SHARES, COMMENTS, DURATION, NOTE = (c.label for c in REPORT_COLUMNS)
KEY_LABEL = KEY_COLUMNS[0].label


# ------------------------------------------------------------------------------------------- helpers
def unit_of(path: Path) -> str:
    """The unit an exported unit workbook is for (its metadata)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        meta = {r[0]: r[1] for r in wb["planner"].iter_rows(values_only=True)}
    finally:
        wb.close()
    return meta["units"]


def _unit_sheet(wb, title: str | None = None):
    """The sheet with the report columns (or the one named ``title``), its header row and header → column."""
    for sheet in wb.worksheets:
        if title is not None and sheet.title != title:
            continue
        for r in range(1, 21):
            labels = {header_key(c.value): c.column for c in sheet[r] if isinstance(c.value, str)}
            if header_key(KEY_LABEL) in labels and header_key(LINK) in labels:
                return sheet, r, labels
    raise AssertionError("no unit sheet")


def fill(path: Path, values: dict[int, dict[str, object]], sheet: str | None = None) -> dict[int, int]:
    """Write report values as a unit would (openpyxl, normal mode): {item id: {header: value}}; → item id: row."""
    wb = openpyxl.load_workbook(path)
    found, header, labels = _unit_sheet(wb, sheet)
    key = labels[header_key(KEY_LABEL)]
    where = {found.cell(r, key).value: r for r in range(header + 1, found.max_row + 1)}
    for item_id, cells in values.items():
        for label, value in cells.items():
            found.cell(where[item_id], labels[header_key(label)]).value = value  # None clears the cell
    wb.save(path)
    return {i: where[i] for i in values}


def unit_items(ws, unit: str) -> list[dict]:
    return ws.items(year=2025, units=unit).to_dict("records")




def refused(ws, paths, *needles: str) -> str:
    """The import is refused with a PlannerError naming every needle, and nothing changed."""
    before_change, before_outputs = ws.last_change(), ws.outputs()
    with pytest.raises(PlannerError) as caught:
        import_reports(ws, paths)
    message = str(caught.value)
    for needle in needles:
        assert needle in message, f"{needle!r} not in:\n{message}"
    assert ws.last_change() == before_change
    assert ws.outputs().equals(before_outputs)
    return message


@pytest.fixture(scope="module")
def template(tmp_path_factory, _postgres):
    """A planned year and its exported unit workbooks, made once; each test works on copies."""
    root = tmp_path_factory.mktemp("template")
    # made before any test maps folders to schemas: on PostgreSQL name the folder's schema here
    ws = planner.open_workspace(root / "ws" if _postgres is None else _postgres.place(root / "ws"), user="chuyenvien")
    try:
        planner.generate_plan(ws, 2025)
        (root / "out").mkdir()
        paths = planner.export_unit_plans(ws, year=2025, folder=root / "out")
    finally:
        ws.close()
    assert paths[-1].suffix == ".zip"
    return root, {unit_of(p): p.name for p in paths[:-1]}


@pytest.fixture
def planned(template, tmp_path):
    root, _ = template
    copy_place(root / "ws", tmp_path / "ws")
    ws = planner.open_workspace(tmp_path / "ws", user="chuyenvien")
    yield ws
    ws.close()


@pytest.fixture
def files(template, tmp_path) -> dict[str, Path]:
    """unit id → a fresh copy of its exported workbook."""
    root, names = template
    shutil.copytree(root / "out", tmp_path / "out")
    return {unit: tmp_path / "out" / name for unit, name in names.items()}


# ------------------------------------------------------------------------------------------- round trip
def test_a_round_trip_records_exactly_what_the_units_wrote(planned, files):
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    approved = approve(planned, women[0]["item_id"])
    written = {
        files["hoi-phu-nu"]: {
            approved["item_id"]: {LINK: "https://facebook.com/hoiphunu/posts/1", DAY: dt.datetime(2025, 2, 3),
                                  VIEWS: 1234, REACT: 56, SHARES: 7, COMMENTS: 8, NOTE: "Đăng đúng hẹn"},
            women[1]["item_id"]: {LINK: "https://zalo.me/bai/2", DAY: "4/2/2025", VIEWS: "2.500", DURATION: 95},
        },
        files["mttq"]: {
            front[3]["item_id"]: {LINK: "https://www.youtube.com/watch?v=abc", VIEWS: 0, SHARES: "1 234"},
        },
    }
    for path, values in written.items():
        fill(path, values)
    paths = [files[u] for u in UNITS]
    result = import_reports(planned, paths)

    assert isinstance(result, ImportResult)
    assert result.files == [p.name for p in paths] and result.rows == 3
    assert sorted(result.added) == sorted(i for v in written.values() for i in v) and not result.updated
    assert result.published == [approved["item_id"]]
    assert result.not_approved == [(women[1]["item_id"], "Ý tưởng"), (front[3]["item_id"], "Ý tưởng")]
    total = sum(len(unit_items(planned, u)) for u in UNITS)
    assert result.skipped == total - 3 and result.blank == 0

    out = planned.outputs().set_index("item_id")
    assert len(out) == 3
    first = out.loc[approved["item_id"]]
    assert first["url"] == "https://facebook.com/hoiphunu/posts/1" and first["published_at"] == dt.datetime(2025, 2, 3)
    assert (first["views"], first["reactions"], first["shares"], first["comments"]) == (1234, 56, 7, 8)
    assert first["note"] == "Đăng đúng hẹn" and first["unit_id"] == "hoi-phu-nu"
    second = out.loc[women[1]["item_id"]]
    assert second["views"] == 2500 and second["duration_s"] == 95 and second["published_at"] == dt.datetime(2025, 2, 4)
    assert pd.isna(second["reactions"]) and second["note"] == ""
    third = out.loc[front[3]["item_id"]]
    assert third["views"] == 0 and third["shares"] == 1234 and third["unit_id"] == "mttq"
    assert files["hoi-phu-nu"].name in first["source_file"]
    # approved items become published with the link; others stay where they were
    item = planned.item(approved["item_id"])
    assert item["status"] == "published" and item["link"] == "https://facebook.com/hoiphunu/posts/1"
    assert planned.item(women[1]["item_id"])["status"] == "idea"
    # what a person reads
    lines = "\n".join(result.messages())
    assert "3 dòng có số liệu báo cáo: 3 mới" in lines and "1 nội dung đã duyệt được chuyển sang Đã đăng" in lines
    assert f"số {women[1]['item_id']} (Ý tưởng)" in lines
    frame = result.frame()
    assert list(frame["Số"]) == [approved["item_id"], women[1]["item_id"], front[3]["item_id"]]
    assert list(frame["Kết quả"]) == ["Thêm mới"] * 3
    assert frame.loc[0, "Trạng thái"] == "Đã chuyển sang Đã đăng" and frame.loc[0, "Đơn vị"] == "Hội Phụ nữ"
    assert frame.loc[0, "Dòng"] >= 9 and frame.loc[2, "Lượt xem"] == 0


def test_importing_the_same_files_twice_counts_once(planned, files):
    items = unit_items(planned, "hoi-phu-nu")
    fill(files["hoi-phu-nu"], {items[0]["item_id"]: {LINK: "https://fb.com/a", VIEWS: 10},
                               items[1]["item_id"]: {LINK: "https://fb.com/b", VIEWS: 20}})
    first = import_reports(planned, [files["hoi-phu-nu"]])
    outputs = planned.outputs()
    again = import_reports(planned, [files["hoi-phu-nu"]])
    assert len(first.added) == 2 and not again.added and not again.updated
    assert sorted(again.unchanged) == sorted([items[0]["item_id"], items[1]["item_id"]])
    assert len(planned.outputs()) == 2
    assert planned.outputs()[["item_id", "url", "views"]].equals(outputs[["item_id", "url", "views"]])
    assert "2 không đổi" in " ".join(again.messages())
    # the unit corrects a number and sends the file again: updated, still one output per item
    fill(files["hoi-phu-nu"], {items[1]["item_id"]: {VIEWS: 25}})
    third = import_reports(planned, [files["hoi-phu-nu"]])
    assert third.updated == [items[1]["item_id"]] and third.unchanged == [items[0]["item_id"]]
    assert planned.outputs().set_index("item_id").loc[items[1]["item_id"], "views"] == 25
    assert len(planned.outputs()) == 2


def test_the_same_report_in_two_files_is_kept_once_but_two_different_ones_are_refused(planned, files, tmp_path):
    item = unit_items(planned, "hoi-phu-nu")[0]
    fill(files["hoi-phu-nu"], {item["item_id"]: {LINK: "https://fb.com/a", VIEWS: 10}})
    copy = tmp_path / "ban-sao.xlsx"
    shutil.copy(files["hoi-phu-nu"], copy)
    result = import_reports(planned, [files["hoi-phu-nu"], copy])
    assert result.added == [item["item_id"]] and len(planned.outputs()) == 1
    fill(copy, {item["item_id"]: {VIEWS: 11}})
    refused(planned, [files["hoi-phu-nu"], copy], "ban-sao.xlsx", files["hoi-phu-nu"].name,
            f"nội dung số {item['item_id']} đã được báo cáo ở {files['hoi-phu-nu'].name}")


def test_reordered_renamed_columns_nfd_text_date_forms_and_thousands(planned, files):
    path = files["hoi-phu-nu"]
    wb = openpyxl.load_workbook(path)
    sheet, header, labels = _unit_sheet(wb)
    # a unit moves the report columns to the front and retypes the headers without diacritics, in capitals
    renamed = {LINK: "DUONG DAN BAI DANG", VIEWS: "luot xem", DAY: unicodedata.normalize("NFD", DAY)}
    width = sheet.max_column
    moved = [labels[header_key(label)] for label in renamed]
    order = moved + [c for c in range(1, width + 1) if c not in moved]
    grid = [[(sheet.cell(r, c).value, sheet.cell(r, c).number_format) for c in order]
            for r in range(header, sheet.max_row + 1)]
    for r, values in enumerate(grid, header):
        for c, (value, shape) in enumerate(values, 1):
            sheet.cell(r, c).value, sheet.cell(r, c).number_format = value, shape
    for c, new in enumerate(renamed.values(), 1):
        sheet.cell(header, c).value = new
    sheet.insert_rows(header + 1, 2)  # extra blank rows under the header
    wb.save(path)

    items = unit_items(planned, "hoi-phu-nu")[:9]
    forms = [
        ("3/2/2025", "1.234", 1234),
        ("03-02-2025", "1,234", 1234),
        ("3.2.2025", "1 234", 1234),
        ("2025-02-03", "12.345.678", 12_345_678),
        (dt.datetime(2025, 2, 3, 0, 0), 1234.0, 1234),
        (45691, " 7 ", 7),  # Excel's serial number of 3/2/2025
        ("03/02/2025", "\u00a01.234\u00a0", 1234),
        (" 3 / 2 / 2025 ", 0, 0),
        ("2025-02-03 00:00:00", "1\u202f234", 1234),
    ]
    values = {}
    for item, (day, views, _) in zip(items, forms, strict=True):
        note = unicodedata.normalize("NFD", "Đã đăng lúc 20 giờ, nhiều lượt chia sẻ")
        values[item["item_id"]] = {"DUONG DAN BAI DANG": f"https://fb.com/{item['item_id']}", "luot xem": views,
                                   renamed[DAY]: day, NOTE: note}
    wb = openpyxl.load_workbook(path)
    sheet, header, labels = _unit_sheet(wb)
    key = labels[header_key(KEY_LABEL)]
    rows = {sheet.cell(r, key).value: r for r in range(header + 1, sheet.max_row + 1)}
    for item_id, cells in values.items():
        for label, value in cells.items():
            sheet.cell(rows[item_id], labels[header_key(label)], value)
    wb.save(path)

    result = import_reports(planned, [path])
    assert result.rows == 9 and result.blank == 2
    out = planned.outputs().set_index("item_id")
    for item, (_, _, views) in zip(items, forms, strict=True):
        row = out.loc[item["item_id"]]
        assert row["published_at"] == dt.datetime(2025, 2, 3), item["item_id"]
        assert row["views"] == views
        assert row["note"] == "Đã đăng lúc 20 giờ, nhiều lượt chia sẻ"  # stored NFC
        assert unicodedata.is_normalized("NFC", row["note"])


def test_nfd_plan_labels_still_match_for_the_conflict_check(planned, files):
    """A unit's Excel that re-saved every text decomposed: the plan columns still read as what was exported."""
    item = unit_items(planned, "hoi-phu-nu")[0]
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    for row in sheet.iter_rows(min_row=header):
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = unicodedata.normalize("NFD", cell.value)
    wb.save(files["hoi-phu-nu"])
    fill(files["hoi-phu-nu"], {item["item_id"]: {LINK: "https://fb.com/x", VIEWS: 5}})
    # a status change moves the version but not the plan: not a conflict
    planned.set_status(item["item_id"], "draft", version=item["version"])
    result = import_reports(planned, [files["hoi-phu-nu"]])
    assert result.added == [item["item_id"]]


def test_the_number_column_is_the_key_when_the_hidden_key_column_was_deleted(planned, files):
    item = unit_items(planned, "mttq")[2]
    fill(files["mttq"], {item["item_id"]: {LINK: "https://fb.com/mttq/1", VIEWS: 3}})
    wb = openpyxl.load_workbook(files["mttq"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.delete_cols(labels[header_key(KEY_LABEL)])
    wb.save(files["mttq"])
    result = import_reports(planned, files["mttq"])  # one path, not a list
    assert result.added == [item["item_id"]]


def test_a_filled_master_plan_is_read_sheet_by_sheet_and_the_calendar_sheet_is_ignored(planned, tmp_path):
    path = planner.export_plan(planned, year=2025, units=["hoi-phu-nu", "mttq"], path=tmp_path / "tong.xlsx")
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    fill(path, {women[2]["item_id"]: {LINK: "https://fb.com/w", VIEWS: 4}}, sheet="Hội Phụ nữ")
    fill(path, {front[5]["item_id"]: {LINK: "https://fb.com/f", VIEWS: 6}}, sheet="UBMTTQ Thành phố")
    assert "Lịch" in openpyxl.load_workbook(path, read_only=True).sheetnames
    result = import_reports(planned, [path])
    assert sorted(result.added) == sorted([women[2]["item_id"], front[5]["item_id"]])
    assert result.skipped == len(women) + len(front) - 2  # the calendar's rows are not counted again
    out = planned.outputs().set_index("item_id")
    assert out.loc[women[2]["item_id"], "unit_id"] == "hoi-phu-nu" and out.loc[front[5]["item_id"], "views"] == 6


def test_a_new_export_shows_what_was_reported_and_importing_it_changes_nothing(planned, files, tmp_path):
    items = unit_items(planned, "hoi-phu-nu")
    approved = approve(planned, items[0]["item_id"])
    fill(files["hoi-phu-nu"], {approved["item_id"]: {LINK: "https://fb.com/a", DAY: "5/2/2025", VIEWS: "1.500"},
                               items[1]["item_id"]: {LINK: "https://fb.com/b", SHARES: 3}})
    first = import_reports(planned, [files["hoi-phu-nu"]])
    assert first.published == [approved["item_id"]]
    outputs, change = planned.outputs(), planned.last_change()
    (tmp_path / "again").mkdir()
    again = [p for p in planner.export_unit_plans(planned, year=2025, folder=tmp_path / "again") if "Phu-nu" in p.name]
    result = import_reports(planned, again)
    assert sorted(result.unchanged) == sorted([approved["item_id"], items[1]["item_id"]])
    assert not result.added and not result.updated and not result.published
    cols = ["item_id", "url", "published_at", "views", "shares"]
    assert planned.outputs()[cols].equals(outputs[cols])
    assert planned.item(approved["item_id"])["status"] == "published"
    assert planned.last_change() <= change + 1  # at most an empty change set, no row changed


def test_nothing_reported_yet_writes_nothing(planned, files):
    before = planned.last_change()
    result = import_reports(planned, [files["hoi-phu-nu"], files["mttq"]])
    assert result.rows == 0 and not result.added and planned.outputs().empty
    assert planned.last_change() == before
    assert "Không có dòng nào có số liệu báo cáo" in " ".join(result.messages())
    assert result.frame().empty and "Kết quả" in result.frame().columns


def test_a_renamed_sheet_is_still_read_by_the_unit_its_rows_name(planned, files):
    items = unit_items(planned, "hoi-phu-nu")
    fill(files["hoi-phu-nu"], {items[0]["item_id"]: {LINK: "https://fb.com/a"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    wb["Hội Phụ nữ"].title = "Báo cáo tháng 5"
    wb.save(files["hoi-phu-nu"])
    result = import_reports(planned, [files["hoi-phu-nu"]])
    assert result.added == [items[0]["item_id"]] and result.frame().loc[0, "Đơn vị"] == "Hội Phụ nữ"


def test_a_renamed_sheet_with_rows_of_several_units_is_refused(planned, files):
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    rows = fill(files["hoi-phu-nu"], {women[0]["item_id"]: {LINK: "https://fb.com/a"},
                                      women[1]["item_id"]: {LINK: "https://fb.com/b"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.title = "Tổng hợp báo cáo"
    sheet.cell(rows[women[1]["item_id"]], labels[header_key("Đơn vị")], "UBMTTQ Thành phố")
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], "sheet 'Tổng hợp báo cáo'", "không nhận ra sheet 'Tổng hợp báo cáo'")
    assert front  # the other unit exists


# ------------------------------------------------------------------------------------------- refused cells
@pytest.mark.parametrize(
    "label, value, expected, shown",
    [
        (LINK, "facebook.com/bai-viet", "http://", "'facebook.com/bai-viet'"),
        (LINK, "https://fb.com/có dấu cách", "không có dấu cách", "'https://fb.com/có dấu cách'"),
        (LINK, 12345, "không phải đường dẫn", "12345"),
        (VIEWS, -5, "số âm", "-5"),
        (VIEWS, "-1.234", "số âm", "'-1.234'"),
        (VIEWS, "nhiều", "không phải số", "'nhiều'"),
        (VIEWS, 12.5, "không phải số nguyên", "12.5"),
        (VIEWS, "1,5", "không phải số", "'1,5'"),
        (SHARES, True, "không phải số", "True"),
        (DURATION, "1:30", "không phải số", "'1:30'"),
        (VIEWS, 10**13, "quá lớn", "10000000000000"),
        (VIEWS, 2**31, "quá lớn", "2147483648"),  # one more than the store holds: refused at its cell
        (DAY, "32/1/2025", "không tồn tại", "32/1/2025"),
        (DAY, "31/2/2025", "không tồn tại", "'31/2/2025'"),
        (DAY, "31-02-2025", "không tồn tại", "'31-02-2025'"),
        (DAY, "hôm qua", "không đọc được ngày", "'hôm qua'"),
        (DAY, "2/3/25", "không đọc được ngày", "'2/3/25'"),
        (DAY, "1/1/1800", "ngoài các năm", "1/1/1800"),
        (DAY, True, "không phải ngày", "True"),
        (NOTE, "rất dài " * 3000, "tối đa 20000 ký tự", "'rất dài rất dài"),
    ],
)
def test_a_bad_cell_is_refused_naming_file_sheet_row_column_and_value(planned, files, label, value, expected, shown):
    item = unit_items(planned, "hoi-phu-nu")[4]
    good = {LINK: "https://fb.com/ok", VIEWS: 1}
    rows = fill(files["hoi-phu-nu"], {item["item_id"]: {**good, label: value}})
    refused(planned, [files["hoi-phu-nu"]], f"{files['hoi-phu-nu'].name}, sheet 'Hội Phụ nữ', "
            f"dòng {rows[item['item_id']]}, cột '{label}': ", expected, shown, "1 lỗi")


def test_numbers_in_the_date_column_are_excel_days_and_a_negative_one_is_refused(planned, files):
    """A number typed in the date column: an Excel day count whether the cell is formatted as a date or not."""
    items = unit_items(planned, "hoi-phu-nu")
    rows = fill(files["hoi-phu-nu"], {items[0]["item_id"]: {LINK: "https://fb.com/a", DAY: 45691},
                                      items[1]["item_id"]: {LINK: "https://fb.com/b", DAY: -3},
                                      items[2]["item_id"]: {LINK: "https://fb.com/c", DAY: -3}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    day = labels[header_key(DAY)]
    sheet.cell(rows[items[0]["item_id"]], day).number_format = "General"
    sheet.cell(rows[items[1]["item_id"]], day).number_format = "General"
    sheet.cell(rows[items[2]["item_id"]], day).number_format = "dd/mm/yyyy"  # Excel shows ###### for it
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], "2 lỗi",
            f"dòng {rows[items[1]['item_id']]}, cột '{DAY}': -3 không phải ngày",
            f"dòng {rows[items[2]['item_id']]}, cột '{DAY}': ngày 27/12/1899 ngoài các năm 1900–2100")
    fill(files["hoi-phu-nu"], {items[1]["item_id"]: {DAY: None}, items[2]["item_id"]: {DAY: None}})
    import_reports(planned, [files["hoi-phu-nu"]])
    assert planned.outputs().set_index("item_id").loc[items[0]["item_id"], "published_at"] == dt.datetime(2025, 2, 3)


def test_every_problem_of_every_file_is_listed_at_once_and_nothing_is_written(planned, files):
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    fill(files["hoi-phu-nu"], {women[0]["item_id"]: {LINK: "https://fb.com/ok", VIEWS: 1},  # a good row
                               women[1]["item_id"]: {LINK: "khong-phai-link", VIEWS: -1}})
    fill(files["mttq"], {front[0]["item_id"]: {LINK: "https://fb.com/x", DAY: "30/2/2025"}})
    message = refused(planned, [files["hoi-phu-nu"], files["mttq"]], "3 lỗi", "khong-phai-link", "-1 là số âm",
                      files["mttq"].name, "30/2/2025", "chưa ghi gì")
    assert message.index(files["hoi-phu-nu"].name) < message.index(files["mttq"].name)
    assert isinstance(pytest.raises(DataError, import_reports, planned, [files["mttq"]]).value, DataError)


def test_unknown_item_ids_and_rows_copied_from_another_unit_are_refused(planned, files):
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    rows = fill(files["hoi-phu-nu"], {women[0]["item_id"]: {LINK: "https://fb.com/a"},
                                      women[1]["item_id"]: {LINK: "https://fb.com/b"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    key = labels[header_key(KEY_LABEL)]
    sheet.cell(rows[women[0]["item_id"]], key, 999_999)  # a typed-over key
    sheet.cell(rows[women[1]["item_id"]], key, front[0]["item_id"])  # another unit's item
    sheet.cell(rows[women[1]["item_id"]], labels[header_key(KEY_COLUMNS[1].label)], front[0]["version"])
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], "2 lỗi", f"dòng {rows[women[0]['item_id']]}",
            "không có nội dung số 999999", f"dòng {rows[women[1]['item_id']]}",
            f"nội dung số {front[0]['item_id']} là của đơn vị 'UBMTTQ Thành phố'", f"cột '{KEY_LABEL}'")


def test_a_missing_column_is_named_with_its_sheet(planned, files):
    fill(files["hoi-phu-nu"], {unit_items(planned, "hoi-phu-nu")[0]["item_id"]: {LINK: "https://fb.com/a"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.delete_cols(labels[header_key(SHARES)])
    sheet.delete_cols(labels[header_key(KEY_COLUMNS[1].label)] - 1)
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], "sheet 'Hội Phụ nữ'", "dòng 8", f"thiếu cột '{SHARES}'",
            "thiếu cột 'Phiên bản'")


def test_typed_over_keys_duplicated_headers_and_deleted_key_columns_are_refused(planned, files):
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    rows = fill(files["hoi-phu-nu"], {women[0]["item_id"]: {LINK: "https://fb.com/a"},
                                      women[1]["item_id"]: {LINK: "https://fb.com/b"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.cell(rows[women[0]["item_id"]], labels[header_key(KEY_LABEL)]).value = "mười hai"
    sheet.cell(rows[women[1]["item_id"]], labels[header_key("Phiên bản")]).value = 0
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], "2 lỗi", f"dòng {rows[women[0]['item_id']]}, cột '{KEY_LABEL}': "
            "mã nội dung 'mười hai' không hợp lệ", f"dòng {rows[women[1]['item_id']]}, cột 'Phiên bản': phiên bản 0")
    # a column pasted twice; both key columns deleted
    fill(files["mttq"], {front[0]["item_id"]: {LINK: "https://fb.com/c"}})
    wb = openpyxl.load_workbook(files["mttq"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.cell(header, sheet.max_column + 1).value = "LUOT XEM"
    wb.save(files["mttq"])
    refused(planned, [files["mttq"]], "sheet 'UBMTTQ Thành phố', dòng 8", f"cột '{VIEWS}' xuất hiện 2 lần")
    for label in (KEY_LABEL, "Số"):
        sheet.delete_cols(labels[header_key(label)])
        labels = {header_key(c.value): c.column for c in sheet[header] if isinstance(c.value, str)}
    wb.save(files["mttq"])
    refused(planned, [files["mttq"]], f"thiếu cột '{KEY_LABEL}' (hoặc 'Số')")


def test_a_count_typed_into_a_date_formatted_cell_says_to_change_the_format(planned, files):
    item = unit_items(planned, "hoi-phu-nu")[0]
    rows = fill(files["hoi-phu-nu"], {item["item_id"]: {LINK: "https://fb.com/a", VIEWS: 1234}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.cell(rows[item["item_id"]], labels[header_key(VIEWS)]).number_format = "dd/mm/yyyy"
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], f"cột '{VIEWS}': 18/5/1903 là ngày/giờ, không phải số",
            "đổi định dạng ô sang Số")


def test_without_the_sheet_map_a_sheet_is_matched_by_its_title(planned, files):
    """Metadata with an unreadable ``unit_sheets``: the sheet title (the unit's short name) still says the unit,
    so a row of another unit in it is still caught."""
    women, front = unit_items(planned, "hoi-phu-nu"), unit_items(planned, "mttq")
    rows = fill(files["hoi-phu-nu"], {women[0]["item_id"]: {LINK: "https://fb.com/a"},
                                      women[1]["item_id"]: {LINK: "https://fb.com/b"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    meta = wb["planner"]
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == "unit_sheets":
            meta.cell(r, 2).value = "{không phải JSON"
    sheet, header, labels = _unit_sheet(wb)
    sheet.cell(rows[women[1]["item_id"]], labels[header_key(KEY_LABEL)]).value = front[0]["item_id"]
    sheet.cell(rows[women[1]["item_id"]], labels[header_key("Đơn vị")]).value = "Hội Phụ nữ"
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], f"nội dung số {front[0]['item_id']} là của đơn vị 'UBMTTQ Thành phố'")


def test_a_report_row_without_its_key_is_refused(planned, files):
    item = unit_items(planned, "hoi-phu-nu")[0]
    rows = fill(files["hoi-phu-nu"], {item["item_id"]: {LINK: "https://fb.com/a"}})
    wb = openpyxl.load_workbook(files["hoi-phu-nu"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.cell(rows[item["item_id"]], labels[header_key(KEY_LABEL)]).value = None
    wb.save(files["hoi-phu-nu"])
    refused(planned, [files["hoi-phu-nu"]], f"dòng {rows[item['item_id']]}", f"cột '{KEY_LABEL}'", "ô trống")


# ------------------------------------------------------------------------------------------- refused files
def test_a_workbook_from_another_workspace_is_refused_naming_both(planned, files, tmp_path):
    other = planner.open_workspace(tmp_path / "other", user="khac")
    try:
        planner.generate_plan(other, 2025)
        foreign = planner.export_plan(other, year=2025, units="hoi-phu-nu", path=tmp_path / "Ke-hoach-khac.xlsx")
        fill(foreign, {unit_items(other, "hoi-phu-nu")[0]["item_id"]: {LINK: "https://fb.com/a"}})
        refused(planned, [foreign], "Ke-hoach-khac.xlsx", other.workspace_id, planned.workspace_id,
                "nhập tệp vào đúng không gian làm việc")
    finally:
        other.close()


def test_files_that_are_not_workbooks_are_refused(planned, files, tmp_path):
    text = tmp_path / "ghi-chu.xlsx"
    text.write_text("Lượt xem: 1.234\n", encoding="utf-8")
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    archive = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("tai-lieu.txt", "không phải Excel")
    old = tmp_path / "cu.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(files["mttq"].read_bytes()[:3000])
    missing = tmp_path / "khong-co.xlsx"
    folder = tmp_path / "thu-muc.xlsx"
    folder.mkdir()
    message = refused(
        planned, [text, empty, archive, old, broken, missing, folder, files["hoi-phu-nu"]],
        "ghi-chu.xlsx: không phải bảng tính Excel", "rong.xlsx: tệp rỗng", "nen.xlsx: là tệp nén (zip)",
        "cu.xlsx: là bảng tính Excel kiểu cũ (.xls)", "hong.xlsx: tệp hỏng", "khong-co.xlsx: không có tệp này",
        "thu-muc.xlsx: là một thư mục", "giải nén rồi chọn từng tệp", "7 lỗi",
    )
    assert files["hoi-phu-nu"].name not in message  # the good file has nothing to say


def test_a_zip_bomb_and_a_damaged_workbook_part_are_refused(planned, files, tmp_path):
    bomb = tmp_path / "bom-zip.xlsx"
    data = bytearray(files["mttq"].read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first entry of the central directory: say it unpacks to 4 GB
    data[entry + 24 : entry + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    garbled = tmp_path / "hong-xml.xlsx"
    with zipfile.ZipFile(files["mttq"]) as source, zipfile.ZipFile(garbled, "w") as target:
        for info in source.infolist():
            target.writestr(info, b"<workbook><sheets" if info.filename == "xl/workbook.xml" else source.read(info))
    message = refused(planned, [bomb, garbled], "bom-zip.xlsx: tệp giải nén ra", "quá giới hạn 1024 MB",
                      "hong-xml.xlsx: tệp hỏng, không đọc được như bảng tính Excel")
    assert str(tmp_path) not in message  # no temporary path in what a person reads


def test_a_workbook_without_the_planner_sheet_is_not_one_of_ours(planned, tmp_path):
    path = tmp_path / "bang-tinh.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Đường dẫn bài đăng", "Lượt xem"])
    wb.save(path)
    refused(planned, [path], "bang-tinh.xlsx", "không phải kế hoạch xuất từ phần mềm", "'planner'")


def test_a_workbook_of_another_format_is_refused(planned, files):
    wb = openpyxl.load_workbook(files["mttq"])
    wb["planner"]["B1"] = "planner-plan-9"
    wb.save(files["mttq"])
    refused(planned, [files["mttq"]], files["mttq"].name, "planner-plan-9", "planner-plan-1")


def test_a_workbook_without_any_unit_sheet_is_refused(planned, files):
    wb = openpyxl.load_workbook(files["mttq"])
    sheet, header, labels = _unit_sheet(wb)
    wb.remove(sheet)
    wb.save(files["mttq"])
    refused(planned, [files["mttq"]], files["mttq"].name, "không có sheet đơn vị nào")


def test_oversized_files_and_sheets_are_refused(planned, files, tmp_path):
    big = tmp_path / "lon.xlsx"
    with open(big, "wb") as handle:  # 51 MB on disk (sparse: nothing is written)
        handle.truncate(51 * 1024 * 1024)
    # a sheet that says it has 300,000 rows
    tall = tmp_path / "dai.xlsx"
    with zipfile.ZipFile(files["mttq"]) as source, zipfile.ZipFile(tall, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/") and b"<dimension" in data:
                start = data.index(b"<dimension")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:Z300000"/>' + data[end:]
            target.writestr(info, data)
    refused(planned, [big, tall], "lon.xlsx: tệp nặng 51 MB, quá giới hạn 50 MB",
            "dai.xlsx, sheet 'UBMTTQ Thành phố': sheet có 300.000 dòng, quá giới hạn 200.000 dòng")


def test_a_sheet_with_rows_far_below_is_refused_without_reading_them_all(planned, files, tmp_path):
    """No size recorded, one cell on row 1,000,000: the reader stops at the limit."""
    far = tmp_path / "xa.xlsx"
    wb = openpyxl.load_workbook(files["mttq"])
    sheet, header, labels = _unit_sheet(wb)
    sheet.cell(1_000_000, 1, "cuối")
    wb.save(far)
    stripped = tmp_path / "xa2.xlsx"
    with zipfile.ZipFile(far) as source, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/") and b"<dimension" in data:
                start = data.index(b"<dimension")
                data = data[:start] + data[data.index(b"/>", start) + 2:]
            target.writestr(info, data)
    refused(planned, [stripped], "xa2.xlsx", "sheet 'UBMTTQ Thành phố'",
            "hơn 200.000 dòng")


def _with_doctype(source: Path, target: Path, part: str) -> Path:
    """``source`` with a billion-laughs entity declaration put into the XML part ``part``."""
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ) + "]>"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == part:
                declaration = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:declaration] + laughs.encode() + data[declaration:]
            bomb.writestr(info, data)
    return target


def test_openpyxl_uses_defusedxml_and_xml_bombs_are_refused(planned, files, tmp_path):
    assert openpyxl.DEFUSEDXML is True  # defusedxml is installed: openpyxl parses every part through it
    # a unit workbook: sheet1 the instructions, sheet2 the unit's sheet, sheet3 the metadata
    in_workbook = _with_doctype(files["mttq"], tmp_path / "bom-workbook.xlsx", "xl/workbook.xml")
    in_strings = _with_doctype(files["mttq"], tmp_path / "bom-strings.xlsx", "xl/sharedStrings.xml")
    in_sheet = _with_doctype(files["mttq"], tmp_path / "bom-sheet.xlsx", "xl/worksheets/sheet2.xml")
    refused(planned, [in_workbook, in_strings, in_sheet], "3 lỗi",
            "bom-workbook.xlsx: tệp chứa khai báo XML không an toàn",
            "bom-strings.xlsx: tệp chứa khai báo XML không an toàn",
            "bom-sheet.xlsx: tệp chứa khai báo XML không an toàn")


def test_bad_arguments_are_refused_in_vietnamese(planned):
    for bad, needle in (([], "Chưa chọn tệp"), ([None], "Cần đường dẫn"), (42, "Cần danh sách"), ([""], "Cần")):
        refused(planned, bad, needle)


# ------------------------------------------------------------------------------------------- conflicts
def test_an_item_changed_since_the_export_is_a_conflict_with_both_values(planned, files):
    items = unit_items(planned, "hoi-phu-nu")
    moved, renamed = items[0], items[1]
    fill(files["hoi-phu-nu"], {moved["item_id"]: {LINK: "https://fb.com/a", VIEWS: 1},
                               renamed["item_id"]: {LINK: "https://fb.com/b", VIEWS: 2}})
    planned.move_item(moved["item_id"], "2025-12-01", version=moved["version"])
    planned.update_item(renamed["item_id"], version=renamed["version"], title="Tiêu đề mới sau khi xuất")
    before = planned.last_change()
    with pytest.raises(ConflictError) as caught:
        import_reports(planned, [files["hoi-phu-nu"]])
    message = str(caught.value)
    assert f"nội dung số {moved['item_id']}" in message and "1/12/2025" in message
    day = moved["date"]
    assert f"{day.day}/{day.month}/{day.year}" in message
    assert "Tiêu đề mới sau khi xuất" in message and renamed["title"] in message
    assert planned.last_change() == before and planned.outputs().empty


def test_a_read_only_workspace_refuses_and_keeps_nothing(planned, files, tmp_path):
    item = unit_items(planned, "hoi-phu-nu")[0]
    fill(files["hoi-phu-nu"], {item["item_id"]: {LINK: "https://fb.com/a"}})
    reader = planner.open_workspace(tmp_path / "ws", read_only=True)
    try:
        with pytest.raises(PlannerError):
            import_reports(reader, [files["hoi-phu-nu"]])
    finally:
        reader.close()
    assert planned.outputs().empty
    assert db_rows(tmp_path / "ws", "SELECT count(*) FROM outputs") == [(0,)]

"""The Excel plans: every exported workbook opened with openpyxl, cells, formats, validation, print setup.

Counts and first rows are recounted from ``Workspace.items`` here (not from planner.columns), so a wrong
filter, a lost row or a shifted column in the export fails a test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

import planner
from planner.calendars.names import format_lunar
from planner.columns import KEY_COLUMNS, PLAN_COLUMNS, REPORT_COLUMNS
from planner.errors import InvalidValueError, NotFoundError, PlannerError
from planner.excel import export_plan, export_unit_plans
from planner.excel.export import UNIT_SHEET_FOLDED
from planner.excel.layout import atomic_file, file_slug, sheet_name
from planner.strings import FORMAT_LABELS, STATUS_LABELS
from tests.helpers import place

REPO = Path(__file__).resolve().parents[2]
YEAR = 2025
HEADER = 8  # 1-based header row of a plan sheet
LABELS = [c.label for c in (*PLAN_COLUMNS, *REPORT_COLUMNS, *KEY_COLUMNS)]
FIXED = ["Hướng dẫn", "Tổng hợp", "Lịch"]
#: Units whose short names the catalogue accepts but that are hard sheet and file names.
ODD_UNITS = [
    ("zz-hoi-phu-nu", "Chi hội phụ nữ khu phố 5", "HỘI PHỤ NỮ"),  # "Hội Phụ nữ" without case
    ("trung-lich", "Đơn vị tên Lịch", "Lịch"),
    ("trung-planner", "Đơn vị tên planner", "planner"),
    ("nhay-don", "Đơn vị trích dẫn", "'Trích dẫn'"),
    ("bieu-tuong", "Đơn vị biểu tượng", "🎉" * 20),  # 20 characters, 40 UTF-16 code units
]
FORMULAS = {"title": "=SUM(A1)", "notes": "+84 912 345 678"}


def _with_units(folder: Path) -> Path:
    data = folder / "data"
    shutil.copytree(REPO / "data", data)
    with (data / "units.csv").open("a", encoding="utf-8") as fh:
        for unit_id, name, short in ODD_UNITS:
            fh.write(f'{unit_id},"{name}","{short}",mass_org,,,,\n')
    return data


def _add_odd_items(ws) -> dict[str, int]:
    ids = {}
    for n, (unit_id, _, _) in enumerate(ODD_UNITS):
        ids[unit_id] = ws.add_item(
            unit_id=unit_id, date=dt.date(YEAR, 5, 10 + n), format="post", platform="facebook", theme="culture",
            title=f"Bài của {unit_id}",
        )
    ids["formula"] = ws.add_item(
        unit_id="hoi-phu-nu", date=dt.date(YEAR, 5, 20), format="post", platform="zalo", theme="culture",
        **FORMULAS,
    )
    for text in ("@lenh", "-5 điểm"):
        ws.add_item(unit_id="hoi-phu-nu", date=dt.date(YEAR, 6, 1), format="post", platform="zalo", theme="culture",
                    title=text)
    cancelled = ws.add_item(unit_id="hoi-phu-nu", date=dt.date(YEAR, 5, 21), format="post", platform="zalo",
                            theme="culture", title="Bị hủy")
    ws.cancel_item(cancelled, version=1, reason="trùng")
    ids["cancelled"] = cancelled
    return ids


def planned_order(ws) -> list[str]:
    """Short names in the order of ``Workspace.units()`` (the order of the unit sheets and of the targets)."""
    return list(ws.units()["short_name"])


def _no_targets(ws) -> None:
    """Clear the demo targets a new workspace is seeded with."""
    ws.delete_targets(ws.targets()["target_id"].tolist())
    assert ws.targets().empty


@pytest.fixture(scope="module")
def planned(tmp_path_factory, _postgres):
    folder = tmp_path_factory.mktemp("excel")
    with pytest.MonkeyPatch.context() as patch:  # made before the tests map folders to schemas: map it here
        if _postgres is not None:
            _postgres.install(patch)
        ws = planner.open_workspace(folder / "ws", data_dir=_with_units(folder), user="chuyenvien")
    _no_targets(ws)  # the layout without targets; test_targets_are_shown_beside_the_counts sets its own
    planner.generate_plan(ws, YEAR)
    ws.added = _add_odd_items(ws)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def master(planned):
    path = export_plan(planned, year=YEAR)
    return path, openpyxl.load_workbook(path)


def _live(ws, **filters):
    items = ws.items(year=YEAR, **filters)
    return items[items["status"] != "cancelled"]


def _metadata(wb) -> dict[str, str]:
    return {row[0]: row[1] for row in wb["planner"].iter_rows(values_only=True)}


def _sheet_of(wb, unit_id: str):
    return wb[{u: s for s, u in json.loads(_metadata(wb)["unit_sheets"]).items()}[unit_id]]


def _data(sheet) -> list[tuple]:
    return [r for r in sheet.iter_rows(min_row=HEADER + 1, values_only=True) if any(v is not None for v in r)]


def _dimension(sheet, index: int):
    """The column settings covering the 1-based column ``index`` (a file may give several columns one entry)."""
    return next(d for d in sheet.column_dimensions.values() if d.min <= index <= d.max)


def _plan_sheets(wb):
    return [wb[n] for n in wb.sheetnames if n not in ("Hướng dẫn", "planner")]


# ---------------------------------------------------------------------------------------------- master plan
def test_sheets_are_named_legally_uniquely_and_in_order(planned, master):
    path, wb = master
    meta = _metadata(wb)
    sheets = json.loads(meta["unit_sheets"])
    assert wb.sheetnames == [*FIXED, *sheets, "Chỉ tiêu", "planner"]
    units_with_items = set(_live(planned)["unit_id"])
    assert set(sheets.values()) == units_with_items
    order = [u for u in planned.units()["unit_id"] if u in units_with_items]
    assert list(sheets.values()) == order  # the order of the unit list
    for name in wb.sheetnames:
        assert len(name.encode("utf-16-le")) // 2 <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)
    by_unit = {u: s for s, u in sheets.items()}
    assert by_unit["hoi-phu-nu"] == "Hội Phụ nữ" and by_unit["zz-hoi-phu-nu"] == "HỘI PHỤ NỮ (2)"
    assert by_unit["trung-lich"] == "Lịch (2)" and by_unit["trung-planner"] == "planner (2)"
    assert by_unit["nhay-don"] == "Trích dẫn" and by_unit["bieu-tuong"] == "🎉" * 15
    assert wb["planner"].sheet_state == "veryHidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames[:-1])
    for unit_id, name, _ in ODD_UNITS:  # each sheet is its unit's: the subtitle names it
        assert wb[by_unit[unit_id]]["A6"].value == f"Đơn vị: {name}"


@pytest.mark.sqlite_only("a short name longer than its VARCHAR(31) column: only SQLite keeps one")
def test_short_names_the_catalogue_would_refuse_still_give_legal_unique_sheets(workspace, tmp_path):
    """A workspace whose units were written before the catalogue checked short names (or by hand)."""
    planner.generate_plan(workspace, YEAR)
    from planner.store.schema import units_table

    odd = {"hoi-phu-nu": "HN/PN?", "hoi-nong-dan": "HN:PN*", "mttq": "[MTTQ] thành phố: Vũng Tàu, tỉnh BR-VT"}
    with workspace._engine.begin() as conn:
        for unit_id, short in odd.items():
            conn.execute(sa.update(units_table).where(units_table.c.unit_id == unit_id).values(short_name=short))
    path = export_plan(workspace, year=YEAR, months=5, path=tmp_path)
    wb = openpyxl.load_workbook(path)
    by_unit = {u: s for s, u in json.loads(_metadata(wb)["unit_sheets"]).items()}
    assert by_unit["hoi-nong-dan"] == "HN-PN-" and by_unit["hoi-phu-nu"] == "HN-PN- (2)"
    assert by_unit["mttq"] == "-MTTQ- thành phố- Vũng Tàu, tỉn"
    for unit_id, name in by_unit.items():
        assert wb[name]["A6"].value.startswith("Đơn vị: ") and len(name) <= 31, unit_id
    books = export_unit_plans(workspace, year=YEAR, months=5, folder=tmp_path)
    names = [p.name for p in books]
    assert "Ke-hoach-2025-T5-HN-PN.xlsx" in names and "Ke-hoach-2025-T5-HN-PN-2.xlsx" in names


def test_unit_sheet_header_and_rows_match_the_workspace(planned, master):
    _, wb = master
    sheet = _sheet_of(wb, "hoi-phu-nu")
    header = [c.value for c in sheet[HEADER]]
    assert header == LABELS
    rows = _data(sheet)
    expected = _live(planned, units="hoi-phu-nu").sort_values(["date", "item_id"])
    assert len(rows) == len(expected) > 10
    assert [r[header.index("Số")] for r in rows] == expected["item_id"].tolist()
    first, item = rows[0], expected.iloc[0]
    col = {label: i for i, label in enumerate(header)}
    assert first[col["Ngày đăng"]] == item["date"].to_pydatetime()
    assert first[col["Nội dung"]] == item["title"]
    assert first[col["Hình thức"]] == FORMAT_LABELS[item["format"]]
    assert first[col["Trạng thái"]] == STATUS_LABELS[item["status"]]
    assert first[col["Âm lịch"]] == format_lunar(item["date"].date())
    assert first[col["Mã nội dung"]] == item["item_id"] and first[col["Phiên bản"]] == item["version"]
    assert all(first[col[c.label]] is None for c in REPORT_COLUMNS)  # nothing reported yet
    assert planned.added["cancelled"] not in [r[0] for r in rows]
    # real dates shown dd/mm/yyyy, counts as whole numbers
    date_cell = sheet.cell(HEADER + 1, col["Ngày đăng"] + 1)
    assert date_cell.is_date and date_cell.number_format == "dd/mm/yyyy"
    # an empty report cell has no record of its own: what is typed there takes the column's date format
    letter = openpyxl.utils.get_column_letter(col["Ngày đăng thực tế"] + 1)
    assert sheet.column_dimensions[letter].number_format == "dd/mm/yyyy"
    assert sheet.cell(HEADER + 1, col["Số"] + 1).data_type == "n"


def test_official_block_title_and_fonts(planned, master):
    _, wb = master
    org = planned.organisation
    exported = dt.datetime.fromisoformat(_metadata(wb)["exported_at"]).date()
    for sheet in _plan_sheets(wb):
        assert sheet["A1"].value == org.name.upper() == "THÀNH ỦY VŨNG TÀU"
        assert sheet["A2"].value == "BAN TUYÊN GIÁO" and sheet["A2"].font.b and sheet["A2"].font.u == "single"
        assert sheet["A3"].value == org.document_number
        right = {c.value: c for c in (*sheet[1], *sheet[3]) if c.value and c.column > 1}
        assert right[org.party_header].font.b
        day = f"{exported.day:02d}"
        month = f"{exported.month:02d}" if exported.month < 3 else str(exported.month)
        line = f"Vũng Tàu, ngày {day} tháng {month} năm {exported.year}"
        assert right[line].font.i
        assert sheet["A5"].value == "KẾ HOẠCH TUYÊN TRUYỀN TRÊN CÁC NỀN TẢNG SỐ, MẠNG XÃ HỘI NĂM 2025"
        for row in sheet.iter_rows(min_row=1, max_row=HEADER + 3):
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Calibri", (sheet.title, cell.coordinate)


def test_views_filters_and_print_settings_of_every_plan_sheet(master):
    _, wb = master
    for sheet in _plan_sheets(wb):
        assert sheet.freeze_panes == f"A{HEADER + 1}", sheet.title
        assert sheet.auto_filter.ref.startswith(f"A{HEADER}:"), sheet.title
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0  # 1 is the file format's default
        assert sheet.print_title_rows == f"${HEADER}:${HEADER}"


def test_status_drop_down_report_checks_widths_and_hidden_keys(planned, master):
    _, wb = master
    sheet = _sheet_of(wb, "hoi-phu-nu")
    header = [c.value for c in sheet[HEADER]]
    last = HEADER + len(_data(sheet))
    letter = {label: openpyxl.utils.get_column_letter(i + 1) for i, label in enumerate(header)}
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    status = rules[f"{letter['Trạng thái']}{HEADER + 1}:{letter['Trạng thái']}{last}"]
    assert status.type == "list"
    assert status.formula1.strip('"').split(",") == list(STATUS_LABELS.values())
    views = rules[f"{letter['Lượt xem']}{HEADER + 1}:{letter['Lượt xem']}{last}"]
    assert views.type == "whole" and views.operator == "greaterThanOrEqual" and views.formula1 == "0"
    assert views.errorStyle == "warning"  # a unit may still type 1.234 as text; the import reads it
    folded = {c.label for c in PLAN_COLUMNS if c.key in UNIT_SHEET_FOLDED}
    assert folded == {"Âm lịch", "Đơn vị", "Chủ đề", "Ngày kỷ niệm", "Loại năm"}
    for column in (*PLAN_COLUMNS, *REPORT_COLUMNS):
        dim = _dimension(sheet, header.index(column.label) + 1)
        assert column.width <= dim.width <= column.width + 1, column.label
        assert bool(dim.hidden) == (column.label in folded), column.label  # folded away for printing, still there
    for column in KEY_COLUMNS:
        assert _dimension(sheet, header.index(column.label) + 1).hidden, column.label
    title = sheet.cell(HEADER + 1, header.index("Nội dung") + 1)
    assert title.alignment.wrap_text


def test_metadata_sheet_and_custom_properties(planned, master):
    _, wb = master
    meta = _metadata(wb)
    assert meta["format"] == "planner-plan-1"
    assert meta["workspace_id"] == planned.workspace_id
    assert meta["year"] == "2025" and meta["months"] == "1-12"
    assert meta["units"].split(" ") == list(json.loads(meta["unit_sheets"]).values())
    dt.datetime.fromisoformat(meta["exported_at"])
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["workspace_id"] == planned.workspace_id and props["format"] == "planner-plan-1"
    assert props["year"] == "2025" and props["exported_at"] == meta["exported_at"]


def test_text_that_looks_like_a_formula_stays_text(planned, master):
    path, wb = master
    sheet = _sheet_of(wb, "hoi-phu-nu")
    header = [c.value for c in sheet[HEADER]]
    cells = {sheet.cell(r, header.index("Nội dung") + 1).value: sheet.cell(r, header.index("Nội dung") + 1)
             for r in range(HEADER + 1, sheet.max_row + 1)}
    for text in ("=SUM(A1)", "@lenh", "-5 điểm"):
        assert cells[text].data_type == "s", text
    row = cells["=SUM(A1)"].row
    assert sheet.cell(row, header.index("Ghi chú") + 1).value == "+84 912 345 678"
    with zipfile.ZipFile(path) as zf:  # no formula anywhere in the file
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in zf.read(name).decode("utf-8"), name


def test_summary_counts_units_months_and_formats(planned, master):
    _, wb = master
    sheet = wb["Tổng hợp"]
    header = [c.value for c in sheet[HEADER]]
    assert header == ["Đơn vị", "Hình thức", *[f"Tháng {m}" for m in range(1, 13)], "Cộng"]
    live = _live(planned)
    short = dict(zip(planned.units()["unit_id"], planned.units()["short_name"], strict=True))
    rows = {(r[0], r[1]): r for r in _data(sheet) if r[0]}
    for unit_id, group in live.groupby("unit_id"):
        total = rows[(short[unit_id], "Cộng")]
        assert list(total[2:14]) == [int((group["date"].dt.month == m).sum()) for m in range(1, 13)], unit_id
        assert total[14] == len(group)
        for fmt, part in group.groupby("format"):
            assert rows[(short[unit_id], FORMAT_LABELS[fmt])][14] == len(part)
    assert rows[("Tổng cộng", "")][14] == len(live)
    notes = [r[0] for r in sheet.iter_rows(values_only=True)]
    assert "Chưa có chỉ tiêu nào cho kỳ này (xem trang Chỉ tiêu)." in notes
    assert wb["Chỉ tiêu"][f"A{HEADER + 1}"].value == "Chưa có chỉ tiêu nào được giao cho năm 2025."


def test_calendar_has_every_item_by_date_with_occurrence_lunar_date_and_tier(planned, master):
    _, wb = master
    sheet = wb["Lịch"]
    header = [c.value for c in sheet[HEADER]]
    assert header == [c.label for c in PLAN_COLUMNS]
    rows = _data(sheet)
    live = _live(planned)
    assert len(rows) == len(live) and sorted(r[0] for r in rows) == sorted(live["item_id"])
    dates = [r[1] for r in rows]
    assert dates == sorted(dates)
    col = {label: i for i, label in enumerate(header)}
    tiers = {r[col["Loại năm"]] for r in rows}
    assert {"Năm tròn", "Năm lẻ 5"} <= tiers
    by_id = live.set_index("item_id")
    for r in rows[:50]:
        item = by_id.loc[r[0]]
        assert r[col["Âm lịch"]] == format_lunar(item["date"].date())
        if item["event_id"] and not pd.isna(item["occurrence_date"]):
            assert r[col["Ngày kỷ niệm"]] == item["occurrence_date"].to_pydatetime() and r[col["Sự kiện"]]


def test_months_filter_keeps_only_those_months(planned):
    path = export_plan(planned, year=YEAR, months=5)
    assert path == planned.exports_dir / "Ke-hoach-2025-T5.xlsx"
    wb = openpyxl.load_workbook(path)
    expected = _live(planned)
    expected = expected[expected["date"].dt.month == 5]
    calendar = _data(wb["Lịch"])
    assert sorted(r[0] for r in calendar) == sorted(expected["item_id"]) and {r[1].month for r in calendar} == {5}
    meta = _metadata(wb)
    assert meta["months"] == "5"
    unit_rows = [r for name in json.loads(meta["unit_sheets"]) for r in _data(wb[name])]
    assert sorted(r[0] for r in unit_rows) == sorted(expected["item_id"])
    assert wb["Lịch"]["A5"].value == "KẾ HOẠCH TUYÊN TRUYỀN TRÊN CÁC NỀN TẢNG SỐ, MẠNG XÃ HỘI THÁNG 5 NĂM 2025"
    assert [c.value for c in wb["Tổng hợp"][HEADER]] == ["Đơn vị", "Hình thức", "Tháng 5", "Cộng"]
    quarter = openpyxl.load_workbook(export_plan(planned, year=YEAR, months=[6, 4, 5]))
    assert _metadata(quarter)["months"] == "4-6"
    assert "THÁNG 4–6 NĂM 2025" in quarter["Lịch"]["A5"].value


def test_units_filter_keeps_only_those_units(planned, tmp_path):
    path = export_plan(planned, year=YEAR, units=["mttq", "hoi-phu-nu"], path=tmp_path)
    assert path == tmp_path / "Ke-hoach-2025-2-don-vi.xlsx"
    wb = openpyxl.load_workbook(path)
    meta = _metadata(wb)
    assert meta["units"] == "hoi-phu-nu mttq"  # the unit list's order
    assert wb.sheetnames == [*FIXED, "Hội Phụ nữ", "UBMTTQ Thành phố", "Chỉ tiêu", "planner"]
    expected = _live(planned, units=["mttq", "hoi-phu-nu"])
    assert sorted(r[0] for r in _data(wb["Lịch"])) == sorted(expected["item_id"])
    one = export_plan(planned, year=YEAR, units="hoi-phu-nu", months=5, path=tmp_path)
    assert one.name == "Ke-hoach-2025-T5-Hoi-Phu-nu.xlsx"


def test_a_unit_asked_for_gets_its_sheet_even_with_nothing_planned(workspace, tmp_path):
    _no_targets(workspace)
    item = workspace.add_item(unit_id="mttq", date=dt.date(YEAR, 3, 1), format="post", platform="zalo",
                              theme="culture", title="Một bài")
    wb = openpyxl.load_workbook(export_plan(workspace, year=YEAR, units=["mttq", "hoi-phu-nu"], path=tmp_path))
    assert wb.sheetnames == [*FIXED, "Hội Phụ nữ", "UBMTTQ Thành phố", "Chỉ tiêu", "planner"]
    assert [c.value for c in wb["Hội Phụ nữ"][HEADER]] == LABELS and not _data(wb["Hội Phụ nữ"])
    assert [r[0] for r in _data(wb["UBMTTQ Thành phố"])] == [item] == [r[0] for r in _data(wb["Lịch"])]
    summary = {(r[0], r[1]): r[-1] for r in _data(wb["Tổng hợp"])}
    assert summary[("Hội Phụ nữ", "Cộng")] == 0 and summary[("UBMTTQ Thành phố", "Cộng")] == 1
    with pytest.raises(PlannerError, match="Không có nội dung nào để xuất trong kế hoạch tháng 4 năm 2025"):
        export_plan(workspace, year=YEAR, months=4)


def test_reported_outputs_are_shown_again_in_the_report_columns(workspace, tmp_path):
    planner.generate_plan(workspace, YEAR)
    item = workspace.items(year=YEAR, units="hoi-phu-nu").iloc[0]
    workspace.record_outputs(
        [{"item_id": int(item["item_id"]), "version": int(item["version"]), "url": "https://zalo.me/bai/9",
          "published_at": dt.date(2025, 1, 10), "views": 1234, "shares": 5, "note": "=đăng lại"}]
    )
    wb = openpyxl.load_workbook(export_plan(workspace, year=YEAR, path=tmp_path / "p.xlsx"))
    sheet = _sheet_of(wb, "hoi-phu-nu")
    header = [c.value for c in sheet[HEADER]]
    row = next(r for r in _data(sheet) if r[0] == item["item_id"])
    shown = dict(zip(header, row, strict=True))
    assert shown["Đường dẫn bài đăng"] == "https://zalo.me/bai/9"
    assert shown["Ngày đăng thực tế"] == dt.datetime(2025, 1, 10)
    assert shown["Lượt xem"] == 1234 and shown["Lượt chia sẻ"] == 5 and shown["Lượt cảm xúc"] is None
    assert shown["Ghi chú báo cáo"] == "=đăng lại"
    link = sheet.cell(HEADER + 1 + _data(sheet).index(row), header.index("Đường dẫn bài đăng") + 1)
    assert link.hyperlink is None and link.data_type == "s"  # a string, not a link Excel would open


def test_targets_are_shown_beside_the_counts(workspace, tmp_path):
    planner.generate_plan(workspace, YEAR)
    _no_targets(workspace)
    workspace.set_targets([
        {"unit_id": "hoi-phu-nu", "period": "year", "period_start": dt.date(YEAR, 1, 1), "format": "post",
         "count": 50},
        {"unit_kind": "party_committee", "period": "month", "period_start": dt.date(YEAR, 5, 1), "count": 3},
        {"unit_id": "mttq", "period": "month", "period_start": dt.date(YEAR + 1, 5, 1), "count": 9},
    ])
    wb = openpyxl.load_workbook(export_plan(workspace, year=YEAR, path=tmp_path / "t.xlsx"))
    summary = wb["Tổng hợp"]
    assert [c.value for c in summary[HEADER]][-1] == "Chỉ tiêu"
    rows = {(r[0], r[1]): r for r in _data(summary) if r[0]}
    assert rows[("Hội Phụ nữ", "Bài đăng")][-1] == 50 and rows[("Hội Phụ nữ", "Cộng")][-1] is None
    committees = workspace.units().query("kind == 'party_committee'")
    assert rows[("ĐU Phường 1", "Cộng")][-1] == 3
    assert rows[("Tổng cộng", "")][-1] == 3 * len(committees)
    targets = _data(wb["Chỉ tiêu"])
    assert len(targets) == 1 + len(committees)  # next year's target is not this plan's
    live = _live(workspace)
    assert [r[0] for r in targets] == sorted((r[0] for r in targets), key=[*planned_order(workspace)].index)
    post = next(r for r in targets if r[0] == "Hội Phụ nữ")
    assert post[:3] == ("Hội Phụ nữ", "Hội Phụ nữ", "Năm") and post[7] == 50
    planned_posts = int(((live["unit_id"] == "hoi-phu-nu") & (live["format"] == "post")).sum())
    assert post[8] == planned_posts and post[9] == max(50 - planned_posts, 0)
    may = live[live["date"].dt.month == 5]
    ward = next(r for r in targets if r[0] == "ĐU Phường 1")
    assert ward[1] == "Đảng bộ" and ward[8] == int((may["unit_id"] == "dang-uy-phuong-1").sum())


# ---------------------------------------------------------------------------------------------- unit workbooks
def test_one_workbook_per_unit_named_safely_and_a_zip(planned, tmp_path):
    paths = export_unit_plans(planned, year=YEAR, months=5, folder=tmp_path)
    archive, books = paths[-1], paths[:-1]
    live = _live(planned)
    may = live[live["date"].dt.month == 5]
    assert archive.name == "Ke-hoach-2025-T5-cac-don-vi.zip"
    assert len(books) == may["unit_id"].nunique()
    names = [p.name for p in books]
    assert "Ke-hoach-2025-T5-Hoi-Phu-nu.xlsx" in names
    assert "Ke-hoach-2025-T5-HOI-PHU-NU-2.xlsx" in names  # Windows would not keep both
    assert "Ke-hoach-2025-T5-bieu-tuong.xlsx" in names and "Ke-hoach-2025-T5-Trich-dan.xlsx" in names
    assert all(re.fullmatch(r"[A-Za-z0-9-]+\.xlsx", n) for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == sorted(names)
    seen = []
    for path in books:
        wb = openpyxl.load_workbook(path)
        meta = _metadata(wb)
        (sheet, unit_id), = json.loads(meta["unit_sheets"]).items()
        assert wb.sheetnames == ["Hướng dẫn", sheet, "planner"] and meta["units"] == unit_id
        assert meta["workspace_id"] == planned.workspace_id and meta["months"] == "5"
        rows = _data(wb[sheet])
        assert sorted(r[0] for r in rows) == sorted(may.loc[may["unit_id"] == unit_id, "item_id"])
        assert [c.value for c in wb[sheet][HEADER]] == LABELS
        seen.extend(r[0] for r in rows)
    assert sorted(seen) == sorted(may["item_id"])


def test_instructions_tell_units_how_to_report_and_where_to_send(planned, master):
    _, wb = master
    text = "\n".join(str(v) for row in wb["Hướng dẫn"].iter_rows(values_only=True) for v in row if v)
    for column in REPORT_COLUMNS:
        assert column.label in text
    assert "gửi lại cho Ban Tuyên giáo Thành ủy Vũng Tàu" in text and ".xlsx" in text
    assert "Mã nội dung" in text and "https://" in text
    sheets = json.loads(_metadata(wb)["unit_sheets"])
    for name in sheets:
        assert name in text


# ---------------------------------------------------------------------------------------------- paths, arguments
def test_paths_with_spaces_question_marks_and_vietnamese_work(planned, tmp_path):
    folder = tmp_path / "Kế hoạch tháng 5? (bản 1)"
    folder.mkdir()
    path = export_plan(planned, year=YEAR, months=5, path=folder / "Kế hoạch năm 2025 #1?.xlsx")
    assert path.exists() and openpyxl.load_workbook(path).sheetnames[0] == "Hướng dẫn"
    into_folder = export_plan(planned, year=YEAR, months=5, path=str(folder))
    assert into_folder == folder / "Ke-hoach-2025-T5.xlsx" and into_folder.exists()
    no_suffix = export_plan(planned, year=YEAR, months=5, path=folder / "ban in")
    assert no_suffix == folder / "ban in.xlsx" and no_suffix.exists()
    assert not list(folder.glob(".~*"))  # no temporary file left behind
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # readable by others like any new file (not 0600)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda tmp: tmp / "khong-co" / "k.xlsx", "không tồn tại"),
        (lambda tmp: tmp / "tep.txt" / "k.xlsx", "là một tệp"),
        (lambda tmp: tmp / "k.csv", "cần đuôi .xlsx"),
        (lambda tmp: tmp / ("Kế hoạch " * 40 + ".xlsx"), "quá dài"),  # found when the file is moved into place
    ],
)
def test_a_bad_path_is_refused_naming_it(planned, tmp_path, where, message):
    (tmp_path / "tep.txt").write_text("x")
    path = where(tmp_path)
    with pytest.raises(PlannerError, match=re.escape(message)) as info:
        export_plan(planned, year=YEAR, months=5, path=path)
    assert str(path) in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tep.txt"]


def test_an_unwritable_folder_is_a_planner_error(planned, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ghi được vào mọi thư mục")
    folder = tmp_path / "khoa"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PlannerError, match="không có quyền") as info:
            export_plan(planned, year=YEAR, months=5, path=folder / "k.xlsx")
        assert str(folder / "k.xlsx") in str(info.value)
        with pytest.raises(PlannerError, match="không có quyền"):
            export_unit_plans(planned, year=YEAR, months=5, folder=folder)
    finally:
        folder.chmod(0o700)
    assert not list(folder.iterdir())


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"year": "hai nghìn"}, InvalidValueError, "năm kế hoạch"),
        ({"year": YEAR, "months": 13}, InvalidValueError, "từ 1 đến 12"),
        ({"year": YEAR, "months": [0, 5]}, InvalidValueError, "từ 1 đến 12"),
        ({"year": YEAR, "months": "5"}, InvalidValueError, "từ 1 đến 12"),
        ({"year": YEAR, "months": []}, InvalidValueError, "từ 1 đến 12"),
        ({"year": YEAR, "months": [True]}, InvalidValueError, "từ 1 đến 12"),
        ({"year": YEAR, "units": "khong-co"}, NotFoundError, "'khong-co'"),
        ({"year": YEAR, "units": 5}, InvalidValueError, "mã đơn vị"),
        ({"year": YEAR, "path": b"/tmp/x.xlsx"}, InvalidValueError, "Đường dẫn"),
        ({"year": 2030}, PlannerError, "Không có nội dung nào để xuất trong kế hoạch năm 2030"),
    ],
)
def test_bad_arguments_are_refused_in_vietnamese_and_nothing_is_written(planned, kwargs, error, message):
    before = sorted(planned.exports_dir.iterdir())
    with pytest.raises(error, match=re.escape(message)):
        export_plan(planned, **kwargs)
    assert sorted(planned.exports_dir.iterdir()) == before


def test_a_read_only_workspace_exports(planned, tmp_path):
    ws = planner.open_workspace(planned.folder, read_only=True)
    try:
        path = export_plan(ws, year=YEAR, months=5, path=tmp_path)
        assert _metadata(openpyxl.load_workbook(path))["workspace_id"] == planned.workspace_id
    finally:
        ws.close()


# ---------------------------------------------------------------------------------------------- safety helpers
def test_sheet_names_are_sanitised():
    taken: set[str] = set()
    assert sheet_name("a[b]c:d*e?f/g\\h", taken) == "a-b-c-d-e-f-g-h"
    assert sheet_name("'Hội'", taken) == "Hội"
    assert sheet_name("HỘI", taken) == "HỘI (2)"  # Excel compares names without case
    assert sheet_name("History", taken) == "History (2)" and sheet_name("PLANNER", taken) == "PLANNER (2)"
    nfd = unicodedata.normalize("NFD", "Phường Thắng Nhất")
    assert sheet_name(nfd, taken) == "Phường Thắng Nhất"
    assert sheet_name("   ", taken) == "Đơn vị" and sheet_name(None, taken) == "Đơn vị (2)"
    assert sheet_name("tab\tand\nnew line\x00", taken) == "tab and new line"
    emoji = sheet_name("🎉" * 20, taken)
    assert emoji == "🎉" * 15 and len(emoji.encode("utf-16-le")) // 2 == 30
    long = "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert first == long[:31] and second == long[:27].rstrip() + " (2)" and len(second) <= 31


def test_file_slugs_are_ascii():
    assert file_slug("Hội Phụ nữ") == "Hoi-Phu-nu"
    assert file_slug("ĐU Thắng Nhất / phường?") == "DU-Thang-Nhat-phuong"
    assert file_slug(unicodedata.normalize("NFD", "Đoàn Thanh niên")) == "Doan-Thanh-nien"
    assert file_slug("🎉 <>") == ""


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "Ke-hoach.xlsx"
    target.write_bytes(b"ban cu")
    with pytest.raises(RuntimeError), atomic_file(target, "tệp kế hoạch") as temp:
        temp.write_bytes(b"mot nua")
        raise RuntimeError("hỏng giữa chừng")
    assert target.read_bytes() == b"ban cu" and [p.name for p in tmp_path.iterdir()] == ["Ke-hoach.xlsx"]


_CHILD = """
import sys, planner
from planner.excel import export_plan
ws = planner.open_workspace(sys.argv[1], read_only=True)
print("ready", flush=True)
while True:
    export_plan(ws, year=2025, path=sys.argv[2])
"""


def test_an_export_killed_part_way_never_leaves_half_a_workbook(planned, tmp_path):
    target = tmp_path / "Ke-hoach.xlsx"
    target.write_bytes(b"ban cu")
    child = subprocess.Popen([sys.executable, "-c", _CHILD, place(planned), str(target)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob(".~*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.002)
        assert list(tmp_path.glob(".~*.tmp")), "the export never started writing"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    # killed while writing: the final name holds the old file or a complete workbook, never a part
    if target.read_bytes() != b"ban cu":
        assert openpyxl.load_workbook(target, read_only=True).sheetnames[0] == "Hướng dẫn"
    path = export_plan(planned, year=YEAR, months=5, path=target)  # the next export works
    assert openpyxl.load_workbook(path).sheetnames[0] == "Hướng dẫn"


def test_a_unit_s_own_target_replaces_its_kind_s_as_tracking_applies_it(workspace, tmp_path):
    """The workbook's targets are the ones planner.completion measures against (tracking.expand_targets)."""
    planner.generate_plan(workspace, YEAR)
    _no_targets(workspace)
    may = dt.date(YEAR, 5, 1)
    workspace.set_targets([
        {"unit_kind": "party_committee", "period": "month", "period_start": may, "count": 3},
        {"unit_id": "dang-uy-phuong-1", "period": "month", "period_start": may, "count": 7},
    ])
    wb = openpyxl.load_workbook(export_plan(workspace, year=YEAR, months=5, path=tmp_path / "t.xlsx"))
    targets = _data(wb["Chỉ tiêu"])
    ward = [r for r in targets if r[0] == "ĐU Phường 1"]
    assert len(ward) == 1 and ward[0][1] == "ĐU Phường 1" and ward[0][7] == 7  # its own, not the kind's 3
    others = [r for r in targets if r[0] != "ĐU Phường 1"]
    committees = workspace.units().query("kind == 'party_committee'")
    assert len(others) == len(committees) - 1 and {r[7] for r in others} == {3}
    from planner.tracking import completion

    measured = completion(workspace, period="month", start=may, end=dt.date(YEAR, 5, 31))
    assert int(measured.loc[measured["unit_id"] == "dang-uy-phuong-1", "target"].sum()) == 7

"""The Excel panel as a planner uses it: export buttons give real workbooks, an upload is imported or refused."""

from __future__ import annotations

import base64
import datetime as dt
import re

import openpyxl

from planner.columns import column_for_header
from planner.ui import ExchangePanel


def _upload(path, name=None) -> dict:
    data = path.read_bytes()
    return {"name": name or path.name, "type": "", "size": len(data), "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.UTC)}


def _fill_first_row(path, url: str, views: int) -> int:
    """Fill the report columns of the first item row of the first unit sheet, as a unit would; returns its item id."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows(min_row=1, max_row=20):
            keys = {column_for_header(c.value).key: c.column for c in row if column_for_header(c.value)}
            if "item_key" in keys and "url" in keys:
                data = row[0].row + 1
                sheet.cell(data, keys["url"], url)
                sheet.cell(data, keys["views"], views)
                sheet.cell(data, keys["published_at"], dt.datetime(2025, 3, 3))
                item_id = int(sheet.cell(data, keys["item_key"]).value)
                book.save(path)
                return item_id
    raise AssertionError("no unit sheet with report columns")


def test_export_gives_a_workbook_and_a_download_link(planned):
    panel = ExchangePanel(planned, year=2025)
    panel.months.value = (5,)
    path = panel.export()
    assert path.exists() and path.parent == planned.exports_dir and panel.status.kind == "ok"
    link = re.search(r'href="data:[^;]+;base64,([^"]+)"', panel.links.value)
    assert link and base64.b64decode(link[1]) == path.read_bytes()
    book = openpyxl.load_workbook(path, read_only=True)
    assert "Hội Phụ nữ" in book.sheetnames


def test_an_uploaded_report_is_imported_and_a_bad_one_refused_with_nothing_written(planned, tmp_path):
    panel = ExchangePanel(planned, year=2025)
    seen = []
    panel.on_change(seen.append)
    paths = panel.export_units()
    workbook = next(p for p in paths if p.suffix == ".xlsx")
    item_id = _fill_first_row(workbook, "https://www.facebook.com/bai/123", 1234)

    not_a_book = tmp_path / "báo cáo.xlsx"
    not_a_book.write_text("đây không phải tệp Excel", encoding="utf-8")
    panel.upload.value = (_upload(workbook), _upload(not_a_book))
    before = planned.last_change()
    panel.import_button.click()
    assert panel.status.kind == "error" and "báo cáo.xlsx" in panel.result.value
    assert planned.last_change() == before and planned.outputs().empty

    panel.upload.value = (_upload(workbook),)
    panel.import_button.click()
    assert panel.status.kind == "ok", panel.status.message
    out = planned.outputs().set_index("item_id")
    assert out.loc[item_id, "url"] == "https://www.facebook.com/bai/123" and out.loc[item_id, "views"] == 1234
    assert panel.result.value and panel.upload.value == ()
    assert seen and item_id in seen[-1]


def test_nothing_chosen_or_an_empty_year_is_said_not_raised(planned):
    panel = ExchangePanel(planned, year=2025)
    panel.import_button.click()
    assert panel.status.kind == "warning" and "Chưa chọn tệp" in panel.status.message
    panel.year.value = 2030  # a year with no plan: said in the status line, no file
    assert panel.export() is None and panel.status.kind == "error" and "2030" in panel.status.message
    assert not list(planned.exports_dir.glob("*2030*"))

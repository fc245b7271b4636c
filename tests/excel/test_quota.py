"""The quota report: the dashboard's tables and figures in a workbook in the plan's official layout.

Read back with openpyxl and compared with :func:`planner.completion` (called separately) and plain pandas.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

import planner
from planner import tracking
from planner.errors import PlannerError
from planner.excel.quota import QUOTA_SHEETS, export_quota_report, report_period
from planner.strings import QUOTA_LABELS
from tests.helpers import copy_place

HEADER, FIRST = 8, 9  # rows as Excel shows them


@pytest.fixture
def ws(seeded_template, tmp_path):
    target = tmp_path / "ws"
    copy_place(seeded_template, target)
    with planner.open_workspace(target, user="lanhdao") as handle:
        yield handle


def table(sheet) -> pd.DataFrame:
    """A sheet's table: the header on row 8, data from row 9 (until the first empty first cell)."""
    header = [c.value for c in sheet[HEADER] if c.value is not None]
    rows = []
    for row in sheet.iter_rows(min_row=FIRST, max_col=len(header), values_only=True):
        if row[0] is None:
            break
        rows.append(row)
    return pd.DataFrame(rows, columns=header)


def test_report_period():
    assert report_period("month", dt.date(2025, 5, 1), dt.date(2025, 5, 31)) == ("THÁNG 5 NĂM 2025", "2025-T5")
    assert report_period("month", dt.date(2025, 4, 1), dt.date(2025, 6, 30)) == ("QUÝ 2 NĂM 2025", "2025-Q2")
    assert report_period("quarter", dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == ("NĂM 2025", "2025")
    assert report_period("month", dt.date(2025, 12, 1), dt.date(2025, 12, 31))[1] == "2025-T12"
    text, suffix = report_period("month", dt.date(2025, 5, 2), dt.date(2025, 6, 15))
    assert text == "TỪ NGÀY 02/05/2025 ĐẾN NGÀY 15/06/2025" and suffix == "2025-05-02-2025-06-15"


def test_month_report_matches_completion(ws, tmp_path):
    start, end = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
    path = export_quota_report(ws, period="month", start=start, end=end, path=tmp_path)
    assert path == tmp_path / "Bao-cao-chi-tieu-2025-T3.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(QUOTA_SHEETS.values())
    org = ws.organisation

    for sheet in book.worksheets:  # the plan's official block on every sheet
        assert sheet["A1"].value == org.name.upper()
        assert sheet["A2"].value == org.department.upper()
        assert sheet["A5"].value == f"{QUOTA_LABELS['title']} THÁNG 3 NĂM 2025"
        assert sheet.page_setup.paperSize == 9
    summary = book[QUOTA_SHEETS["summary"]]
    assert summary["A3"].value == org.document_number.replace("-KH/", "-BC/")
    assert summary.page_setup.orientation == "landscape" and summary.freeze_panes == "A9"

    # detail: one row per completion row, the same numbers (computed here by the public function)
    expected = planner.completion(ws, period="month", start=start, end=end)
    detail = table(book[QUOTA_SHEETS["detail"]])
    assert len(detail) == len(expected) > 0
    assert detail["Chỉ tiêu"].sum() == expected["target"].sum()
    assert detail["Đã thực hiện"].sum() == expected["actual"].sum()
    names = dict(zip(ws.units()["unit_id"], ws.units()["name"], strict=True))
    assert list(detail["Đơn vị"]) == [names[u] for u in expected["unit_id"]]
    assert set(detail["Kỳ"]) == {"3/2025"}
    assert list(detail["Tỷ lệ hoàn thành"]) == pytest.approx(list(expected["ratio"].astype(float)))
    assert set(detail["Hình thức"]) <= {"Bài đăng", "Video clip ngắn", "Mọi hình thức", "Bài viết", "Infographic",
                                       "Bộ ảnh", "Phát trực tiếp"}
    ratio_cell = book[QUOTA_SHEETS["detail"]].cell(FIRST, list(detail.columns).index("Tỷ lệ hoàn thành") + 1)
    assert ratio_cell.number_format == "0%"

    # behind: the rows not met, with what is missing
    behind = table(book[QUOTA_SHEETS["behind"]])
    not_met = expected[expected["status"] != "met"]
    assert len(behind) == len(not_met) > 0
    assert behind["Còn thiếu"].sum() == (not_met["target"] - not_met["actual"]).clip(lower=0).sum()

    # summary / ranking: one row per unit (those with targets among them), ranked from 1
    ranking = table(summary)
    ranked = tracking.ranking(ws, period="month", start=start, end=end)
    assert len(ranking) == len(ranked) and set(expected["unit_id"]) <= set(ranked["unit_id"])
    assert list(ranking["Đơn vị"]) == [names[u] for u in ranked["unit_id"]]
    assert list(ranking["Hạng"]) == list(ranked["rank"]) and ranking["Hạng"].min() == 1
    # a long unit name wraps, and its row is tall enough for two lines (a short one keeps the default height)
    long_row = next(i for i, name in enumerate(ranking["Đơn vị"]) if len(name) > 40)
    short_row = next(i for i, name in enumerate(ranking["Đơn vị"]) if len(name) < 30)
    assert summary.row_dimensions[FIRST + long_row].height >= 26
    assert summary.row_dimensions[FIRST + short_row].height in (None, 15)

    # the four figures as images, the definitions in words
    assert len(book[QUOTA_SHEETS["figures"]]._images) == 4
    definitions = book[QUOTA_SHEETS["definitions"]]
    sentences = [definitions.cell(r, 2).value for r in range(FIRST, FIRST + 20) if definitions.cell(r, 2).value]
    assert sentences == list(tracking.definitions(ws.organisation.short_video_seconds).values())
    assert definitions.row_dimensions[FIRST].height >= 14


def test_quarter_and_year_default_path(ws):
    path = export_quota_report(ws, period="quarter", start="1/4/2025", end="30/6/2025")
    assert path == ws.exports_dir / "Bao-cao-chi-tieu-2025-Q2.xlsx" and path.exists()
    assert openpyxl.load_workbook(path)[QUOTA_SHEETS["detail"]]["A5"].value.endswith("QUÝ 2 NĂM 2025")
    year = export_quota_report(ws, period="year", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert year.name == "Bao-cao-chi-tieu-2025.xlsx"


def test_a_period_without_targets_says_so(ws, tmp_path):
    path = export_quota_report(ws, period="month", start=dt.date(2031, 2, 1), end=dt.date(2031, 2, 28),
                               path=tmp_path / "empty")
    assert path.name == "empty.xlsx"
    book = openpyxl.load_workbook(path)
    assert book[QUOTA_SHEETS["detail"]].cell(FIRST, 1).value == QUOTA_LABELS["no_targets"]
    assert book[QUOTA_SHEETS["behind"]].cell(FIRST, 1).value == QUOTA_LABELS["none_behind"]


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"period": "week"}, "Kỳ 'week' không hợp lệ"),
        ({"start": "31/3/2025", "end": "1/3/2025"}, "trước ngày đầu kỳ"),
        ({"start": None}, "ngày đầu"),
        ({"start": "hôm qua"}, "start"),
        ({"path": "bao-cao.pdf"}, ".xlsx"),
        ({"path": "khong-co/thu-muc/bao-cao.xlsx"}, "không tồn tại"),
        ({"path": ""}, "không hợp lệ"),
        ({"path": 42}, "không hợp lệ"),
    ],
)
def test_refused_in_vietnamese_and_nothing_written(ws, tmp_path, monkeypatch, kwargs, fragment):
    monkeypatch.chdir(tmp_path)
    args = {"period": "month", "start": dt.date(2025, 3, 1), "end": dt.date(2025, 3, 31), "path": tmp_path, **kwargs}
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(PlannerError) as caught:
        export_quota_report(ws, **args)
    assert fragment in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_read_only_workspace_can_report(seeded_template, tmp_path):
    with planner.open_workspace(seeded_template, read_only=True) as reader:
        path = export_quota_report(reader, period="month", start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 31),
                                   path=tmp_path)
    assert path.exists()

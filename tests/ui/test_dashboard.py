"""The managers' dashboard, used as a person would: pick a period and units, read what the figures and tables
show (the Axes, the HTML), compare with :func:`planner.completion` called separately and plain pandas."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import planner
from planner import tracking
from planner.strings import DASHBOARD_LABELS as L
from planner.ui.dashboard import Dashboard, period_range
from tests.helpers import copy_place, place

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_bang_dieu_khien.ipynb"


@pytest.fixture
def ws_path(seeded_template, tmp_path) -> Path:
    target = tmp_path / "ws"
    copy_place(seeded_template, target)
    return target


@pytest.fixture
def ws(ws_path):
    with planner.open_workspace(ws_path, user="lanhdao") as handle:
        yield handle


def short_names(ws) -> dict[str, str]:
    units = ws.units()
    return dict(zip(units["unit_id"], units["short_name"], strict=True))


def heat_matrix(ax) -> pd.DataFrame:
    values = ax.collections[0].get_array()
    rows = [t.get_text() for t in ax.get_yticklabels()]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    return pd.DataFrame(values.filled(float("nan")).reshape(len(rows), len(columns)), index=rows, columns=columns)


def test_period_range():
    assert period_range("month", 2025, 2) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    assert period_range("month", 2025, 12) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert period_range("quarter", 2025, 4) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert period_range("year", 2024, None) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_month_figures_and_tables_match_completion(ws):
    board = Dashboard(ws, year=2025, period="month", which=3)
    assert board.status.kind == "", board.status.message
    assert (board.start, board.end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expected = planner.completion(ws, period="month", start="2025-03-01", end="2025-03-31")
    names = short_names(ws)

    # bars: per unit, Σ actual and Σ target of its completion rows (plain pandas here)
    sums = expected.groupby("unit_id", sort=False)[["actual", "target"]].sum()
    bars = board.axes["bars"]
    assert [t.get_text() for t in bars.get_xticklabels()] == [names[u] for u in sums.index]
    counted, targets = bars.containers
    assert [b.get_height() for b in counted] == sums["actual"].tolist()
    assert [b.get_height() for b in targets] == sums["target"].tolist()

    # heatmap: the ISO weeks of March, each unit's cell Σ actual / Σ target of the data's heatmap rows
    heat = board.data.heatmap
    matrix = heat_matrix(board.axes["heatmap"])
    weeks = sorted(heat["period"].unique())
    assert list(matrix.columns) == [f"Tuần {int(w[-2:])}/2025" for w in weeks]
    assert len(weeks) >= 5
    row = heat[(heat["unit_id"] == "hoi-phu-nu") & (heat["period"] == weeks[1])].iloc[0]
    assert matrix.loc["Hội Phụ nữ", f"Tuần {int(weeks[1][-2:])}/2025"] == pytest.approx(
        100 * row["actual"] / row["target"])
    assert board.heatmap_info.value.count(weeks[0]) == 1

    # the table of units behind: every row not met, by short name, with what it misses
    behind = expected[expected["status"] != "met"]
    assert len(behind) > 0
    assert board.behind.value.count("<tr data-unit=") == len(behind)
    for unit in behind["unit_id"].unique():
        assert f'data-unit="{unit}"' in board.behind.value
        assert f"<td>{names[unit]}</td>" in board.behind.value
    met_only = set(expected["unit_id"]) - set(behind["unit_id"])
    for unit in met_only:
        assert f'data-unit="{unit}"' not in board.behind.value
    assert L["col_missing_text"] in board.behind.value

    # the definitions on screen, the caption, the images
    for sentence in board.data.definitions.values():
        assert sentence.replace("&", "&amp;") in board.definitions.value or sentence in board.definitions.value
    assert "tháng 3/2025" in board.caption.value
    assert all(image.value[:4] == b"\x89PNG" for image in board.images.values())


def test_switch_to_a_quarter_then_another(ws):
    board = Dashboard(ws, year=2025, period="month", which=3)
    march = board.images["heatmap"].value
    board.kind.value = "quarter"
    assert [v for _, v in board.which.options] == [1, 2, 3, 4]
    assert board.which.value == 1 and board.which.index == 0 and board.data.period == "quarter"
    assert (board.start, board.end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert board.images["heatmap"].value != march
    q1 = planner.completion(ws, period="quarter", start="2025-01-01", end="2025-03-31")
    assert set(board.data.completion["period"]) == {"2025-Q1"}
    assert board.axes["bars"].containers[1][0].get_height() == q1.groupby("unit_id", sort=False)["target"].sum().iloc[0]

    board.which.value = 3
    assert board.which.index == 2  # what the page shows follows the value
    assert (board.start, board.end) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert set(board.data.completion["period"]) == {"2025-Q3"}
    assert "quý 3/2025" in board.caption.value

    board.kind.value = "year"
    assert board.which.options == ((L["year_option"], None),)
    matrix = heat_matrix(board.axes["heatmap"])
    assert list(matrix.columns) == [f"{m}/2025" for m in range(1, 13)]  # a year: months
    # the trend: all units' targets and outputs per month of the year
    trend = board.data.trend
    actual_line = board.axes["trend"].lines[0]
    assert list(actual_line.get_ydata()) == pytest.approx(trend.groupby("period")["actual"].sum().tolist())


def test_unit_filter(ws):
    board = Dashboard(ws, year=2025, period="month", which=5)
    labels = dict(board.units.options)
    board.units.value = labels["Hội Phụ nữ"]
    assert board.chosen_units == ["hoi-phu-nu"]
    assert set(board.data.completion["unit_id"]) == {"hoi-phu-nu"}
    assert [t.get_text() for t in board.axes["bars"].get_xticklabels()] == ["Hội Phụ nữ"]
    assert [t.get_text() for t in board.axes["heatmap"].get_yticklabels()] == ["Hội Phụ nữ"]
    # a unit kind: every unit of it
    board.units.value = labels[L["kind_units"].format(kind="Đoàn thể chính trị - xã hội")]
    kinds = ws.units().set_index("unit_id")["kind"]
    assert set(board.data.completion["unit_id"]) <= set(kinds[kinds == "mass_org"].index)
    assert len(set(board.data.completion["unit_id"])) > 1


def test_a_year_without_targets(ws):
    board = Dashboard(ws, year=2031, period="month", which=1)
    assert board.status.kind == ""
    assert L["no_targets"] in board.behind.value
    assert [t.get_text() for t in board.axes["bars"].texts] == [L["no_data"]]
    assert "0 đơn vị chưa đạt" in board.caption.value


def test_export_the_report_from_the_dashboard(ws):
    board = Dashboard(ws, year=2025, period="quarter", which=2)
    board.export_button.click()
    assert board.status.kind == "ok", board.status.message
    path = board.report_path
    assert path == ws.exports_dir / "Bao-cao-chi-tieu-2025-Q2.xlsx" and path.exists()
    assert 'download="Bao-cao-chi-tieu-2025-Q2.xlsx"' in board.download.value
    assert "base64," in board.download.value
    detail = openpyxl.load_workbook(path)["Chi tiết"]
    assert detail["A5"].value.endswith("QUÝ 2 NĂM 2025")


def test_export_failure_is_shown_and_nothing_written(ws):
    ws.exports_dir.parent.mkdir(parents=True, exist_ok=True)
    if ws.exports_dir.exists():
        shutil.rmtree(ws.exports_dir)
    ws.exports_dir.write_text("một tệp chắn chỗ thư mục xuất", encoding="utf-8")
    board = Dashboard(ws, year=2025, period="month", which=4)
    board.export_button.click()
    assert board.status.kind == "error" and "Không" in board.status.message
    assert board.report_path is None and board.download.value == ""


def test_a_bad_year_typed_is_shown(ws):
    board = Dashboard(ws, year=2025, period="month", which=1)
    board.year.value = 1999  # below the box's minimum: the box keeps 2000, the dashboard redraws it
    assert board.year.value == 2000
    assert board.status.kind == ""
    assert board.start == dt.date(2000, 1, 1)


def test_read_only_workspace(seeded_template):
    with planner.open_workspace(seeded_template, read_only=True) as reader:
        board = Dashboard(reader, year=2025, period="month", which=6)
        assert board.status.kind == "" and len(board.data.completion) > 0


def test_notebook_04_executes(ws_path, tmp_path):
    import papermill as pm

    out = tmp_path / "04.ipynb"
    parameters = {"workspace": place(ws_path), "year": 2025, "which": 3, "demo": True}
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters=parameters,
                        cwd=str(NOTEBOOK.parent), kernel_name="python3", progress_bar=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    shown = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in shown if o["output_type"] == "error"]
    views = ["".join(o["data"]["text/plain"]) for o in shown if o["output_type"] == "execute_result"]
    assert [v.split("(")[0] for v in views] == ["Dashboard", "TargetsEditor"]
    assert all("application/vnd.jupyter.widget-view+json" in o["data"] for o in shown
               if o["output_type"] == "execute_result")
    printed = "".join("".join(o.get("text", "")) for o in shown)
    assert "số liệu mẫu" not in printed  # the workspace had outputs: nothing seeded
    with planner.open_workspace(ws_path, read_only=True) as ws:
        assert tracking.completion(ws, period="month", start="2025-03-01", end="2025-03-31")["actual"].sum() > 0


def test_poll_redraws_after_a_change_elsewhere(ws, ws_path):
    board = Dashboard(ws, year=2025, period="month", which=3)
    assert board.poll() is False
    before = board.data.completion.set_index(["unit_id", "format"])["target"]
    row = board.data.completion.iloc[0]
    with planner.open_workspace(ws_path, user="chuyenvien") as other:
        other.set_targets([{"unit_id": row["unit_id"], "unit_kind": None, "period": "month",
                            "period_start": dt.date(2025, 3, 1), "format": row["format"],
                            "platform": None if row["platform"] == "any" else row["platform"], "count": 999}])
    assert board.poll() is True
    after = board.data.completion.set_index(["unit_id", "format"])["target"]
    assert after.loc[(row["unit_id"], row["format"])] == 999 != before.loc[(row["unit_id"], row["format"])]
    assert board.poll() is False

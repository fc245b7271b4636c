"""The dashboard's figures, checked on the Axes they return (values, labels), on hand-built frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from planner.plots.dashboard import (
    HEATMAP_ANNOTATE_MAX,
    LABELS_MAX,
    PANEL_UNITS,
    completion_heatmap,
    draw_dashboard,
    fast_short_wide,
    figure_png,
    period_text,
    target_bars,
    trend_plot,
)
from planner.strings import DASHBOARD_LABELS

NAMES = {"p1": "ĐU Phường 1", "hpn": "Hội Phụ nữ", "td": "Thành đoàn"}


def completion_frame() -> pd.DataFrame:
    """Rows as planner.tracking.completion gives them: unit × period × format × platform."""
    rows = [
        ("p1", "Đảng ủy Phường 1", "2025-04", "short_video", "any", 8, 8),
        ("p1", "Đảng ủy Phường 1", "2025-04", "post", "any", 20, 10),
        ("p1", "Đảng ủy Phường 1", "2025-05", "short_video", "any", 8, 2),
        ("p1", "Đảng ủy Phường 1", "2025-05", "post", "any", 20, 25),
        ("hpn", "Hội LHPN thành phố", "2025-04", "any", "any", 10, 0),
        ("hpn", "Hội LHPN thành phố", "2025-05", "any", "any", 10, 12),
        ("td", "Thành đoàn", "2025-05", "short_video", "tiktok", 4, 1),
    ]
    frame = pd.DataFrame(rows, columns=["unit_id", "unit_name", "period", "format", "platform", "target", "actual"])
    frame["ratio"] = frame["actual"] / frame["target"]
    frame["status"] = np.where(frame["ratio"] >= 1, "met", np.where(frame["ratio"] >= 0.5, "behind", "far_behind"))
    return frame


def heat_values(ax) -> np.ma.MaskedArray:
    return ax.collections[0].get_array()


def test_period_text():
    assert period_text("2025-05") == "5/2025"
    assert period_text("2025-Q2") == "Quý 2/2025"
    assert period_text("2025-W07") == "Tuần 7/2025"
    assert period_text("2025") == "Năm 2025"
    assert period_text(2025) == "Năm 2025"
    assert period_text("khác") == "khác"


def test_heatmap_values_and_labels():
    frame = completion_frame()
    ax = completion_heatmap(frame, names=NAMES)
    # units in the frame's order, periods sorted, labelled as people read them
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ĐU Phường 1", "Hội Phụ nữ", "Thành đoàn"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["4/2025", "5/2025"]
    values = heat_values(ax).reshape(3, 2)
    # a cell of several target rows is Σ actual / Σ target, computed independently here
    expected = frame.groupby(["unit_id", "period"])[["actual", "target"]].sum()
    p1_april = expected.loc[("p1", "2025-04")]
    assert values[0, 0] == pytest.approx(100 * p1_april["actual"] / p1_april["target"])  # 18/28
    assert values[0, 1] == pytest.approx(100 * 27 / 28)
    assert values[1, 0] == pytest.approx(0.0)
    assert values[1, 1] == pytest.approx(120.0)
    # Thành đoàn had no target in April: a blank (masked) cell, not a 0
    assert np.ma.getmaskarray(values)[2, 0] and not np.ma.getmaskarray(values)[2, 1]
    assert values[2, 1] == pytest.approx(25.0)
    # numbers in the cells, percentages rounded
    assert [t.get_text() for t in ax.texts] == ["64", "96", "0", "120", "25"]
    assert ax.get_title() == DASHBOARD_LABELS["heatmap_title"]


def test_heatmap_without_names_uses_unit_name_and_a_ratio_only_frame():
    frame = pd.DataFrame({"unit_name": ["A", "B"], "period": ["2025-Q1", "2025-Q1"], "ratio": [0.5, 1.5]})
    ax = completion_heatmap(frame)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Quý 1/2025"]
    assert list(heat_values(ax)) == pytest.approx([50.0, 150.0])


def test_heatmap_large_has_no_numbers():
    units = [f"u{i}" for i in range(200)]
    weeks = [f"2025-W{w:02d}" for w in range(1, 53)]
    frame = pd.DataFrame([(u, w, 0.5) for u in units for w in weeks], columns=["unit_id", "period", "ratio"])
    assert len(frame) > HEATMAP_ANNOTATE_MAX
    ax = completion_heatmap(frame)
    assert heat_values(ax).size == 200 * 52
    assert len(ax.texts) == 0
    assert ax.figure.get_size_inches()[1] <= 14  # capped: a taller figure takes gigabytes in seaborn


@pytest.mark.parametrize("empty", [None, pd.DataFrame(), pd.DataFrame(columns=["unit_id", "period", "ratio"])])
def test_empty_frames_say_so(empty):
    for draw in (completion_heatmap, target_bars, trend_plot):
        ax = draw(empty)
        assert [t.get_text() for t in ax.texts] == [DASHBOARD_LABELS["no_data"]]
    axes = fast_short_wide(empty, empty, empty)
    assert [[t.get_text() for t in ax.texts] for ax in axes] == [[DASHBOARD_LABELS["no_data"]]] * 3


def test_bars_actual_beside_target_per_unit():
    frame = completion_frame()
    ax = target_bars(frame, names=NAMES)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ĐU Phường 1", "Hội Phụ nữ", "Thành đoàn"]
    counted, targets = ax.containers
    sums = frame.groupby("unit_id", sort=False)[["actual", "target"]].sum()
    assert [b.get_height() for b in counted] == sums["actual"].tolist() == [45, 12, 1]
    assert [b.get_height() for b in targets] == sums["target"].tolist() == [56, 20, 4]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [DASHBOARD_LABELS["bars_actual"], DASHBOARD_LABELS["bars_target"]]


def test_trend_lines_per_period():
    frame = completion_frame()
    ax = trend_plot(frame[["period", "target", "actual"]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["4/2025", "5/2025"]
    actual, target = ax.lines[:2]
    sums = frame.groupby("period")[["actual", "target"]].sum()
    assert list(actual.get_ydata()) == sums["actual"].tolist() == [18, 40]
    assert list(target.get_ydata()) == sums["target"].tolist() == [38, 42]
    assert ax.get_ylim()[0] == 0


def test_fast_short_wide_panel():
    fast = pd.DataFrame({"unit_id": ["p1", "hpn", "td"], "median_hours": [5.5, 48.0, None]})
    short = pd.DataFrame({"unit_id": ["p1", "td"], "videos": [10, 4], "short_videos": [7, 4], "share": [0.7, 1.0]})
    wide = pd.DataFrame({"unit_id": ["p1", "hpn", "td"], "platforms": [2, 1, 3], "reach": [1000, 50, 90000]})
    ax_fast, ax_short, ax_wide = fast_short_wide(fast, short, wide, names=NAMES)
    # a unit without a measure is left out, not drawn as 0
    assert [t.get_text() for t in ax_fast.get_xticklabels()] == ["ĐU Phường 1", "Hội Phụ nữ"]
    assert [p.get_height() for p in ax_fast.patches] == [5.5, 48.0]
    assert [p.get_height() for p in ax_short.patches] == pytest.approx([70.0, 100.0])
    assert ax_short.get_ylim() == (0, 100)
    assert [p.get_height() for p in ax_wide.patches] == [2, 1, 3]
    assert ax_wide.get_title() == DASHBOARD_LABELS["wide_title"]


def test_draw_dashboard_from_one_data_object():
    class Data:  # the fields of planner.tracking.DashboardData the figures read
        completion = completion_frame()
        heatmap = completion_frame()
        trend = completion_frame()
        fast = pd.DataFrame({"unit_id": ["p1"], "median_hours": [3.0]})
        short = None
        wide = pd.DataFrame({"unit_id": ["td"], "platforms": [2]})

    axes = draw_dashboard(Data(), names=NAMES)
    assert set(axes) == {"heatmap", "bars", "trend", "fast", "short", "wide"}
    assert heat_values(axes["heatmap"]).count() == 5
    assert axes["fast"].figure is axes["wide"].figure
    png = figure_png(axes["heatmap"].figure)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


def test_draws_on_a_given_axes():
    ax = Figure().add_subplot()
    assert completion_heatmap(completion_frame(), ax=ax) is ax


def test_many_units_panel_shows_the_worst():
    units = [f"u{i:03d}" for i in range(200)]
    fast = pd.DataFrame({"unit_id": units, "median_hours": np.arange(200, dtype=float)})
    short = pd.DataFrame({"unit_id": units, "share": np.linspace(0, 1, 200)})
    wide = pd.DataFrame({"unit_id": units, "platforms": [1 + i % 4 for i in range(200)]})
    ax_fast, ax_short, ax_wide = fast_short_wide(fast, short, wide)
    assert len(ax_fast.patches) == PANEL_UNITS
    assert [p.get_height() for p in ax_fast.patches] == list(range(199, 199 - PANEL_UNITS, -1))  # most hours
    assert [t.get_text() for t in ax_short.get_xticklabels()] == units[:PANEL_UNITS]  # smallest shares
    assert {p.get_height() for p in ax_wide.patches} == {1}  # fewest platforms
    assert DASHBOARD_LABELS["panel_worst"].format(n=PANEL_UNITS) in ax_wide.get_title()
    small = fast_short_wide(fast.head(5), short.head(5), wide.head(5))
    assert "\n" not in small[0].get_title()


def test_many_units_keep_every_bar_and_name_some():
    units = [f"u{i:03d}" for i in range(200)]
    frame = pd.DataFrame({"unit_id": units, "period": "2025-05", "target": 10, "actual": range(200)})
    ax = target_bars(frame)
    counted, targets = ax.containers
    assert [b.get_height() for b in counted] == list(range(200)) and len(targets) == 200
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_visible()]
    assert shown == units[::5] and len(shown) <= LABELS_MAX

"""The managers' dashboard as seaborn figures: tidy frames (``planner.tracking.DashboardData``) in, Axes out.

Each function draws on ``ax`` (a new figure when None — a plain :class:`matplotlib.figure.Figure`, never
pyplot's global state, so nothing is shown twice in a notebook and threads do not share figures) and returns
the Axes; tests read what was drawn from it (bar heights, heatmap values, labels), not from pixels.

- :func:`completion_heatmap` — units × periods (weeks or months), colour = completion ratio;
- :func:`target_bars` — per unit, outputs counted toward targets beside the targets;
- :func:`trend_plot` — counted outputs and targets over the periods of the year;
- :func:`fast_short_wide` — three panels: hours to the first output, share of short videos, platforms used;
- :func:`draw_dashboard` — all of them from one :class:`~planner.tracking.DashboardData`: a dict name → Axes;
- :func:`figure_png` — a figure as PNG bytes (the dashboard widget and the Excel quota report show those).

Frames may come with ``unit_name`` or only ``unit_id``; ``names`` (unit id → short name) labels the units.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from planner.strings import DASHBOARD_LABELS

__all__ = [
    "HEATMAP_ANNOTATE_MAX",
    "LABELS_MAX",
    "PANEL_UNITS",
    "period_text",
    "completion_heatmap",
    "target_bars",
    "trend_plot",
    "fast_short_wide",
    "draw_dashboard",
    "heatmap_frame",
    "figure_png",
]

#: Above this many cells the heatmap shows colours only (a number in each of 200 × 52 cells is unreadable and slow).
HEATMAP_ANNOTATE_MAX = 400
#: At most this many units in each fast / short / wide panel: beyond, the worst ones (a bar per unit of 200 is
#: unreadable, and each category tick costs matplotlib milliseconds).
PANEL_UNITS = 40
#: The tallest figure (inches): a unit's row gets thinner beyond that.
MAX_HEIGHT = 14.0
#: Red (nothing) → amber → green (target met); a ratio above 1 is as green as 1.
COMPLETION_CMAP = LinearSegmentedColormap.from_list("completion", ["#c0392b", "#f1c40f", "#1e8449"])
_ACTUAL_COLOUR, _TARGET_COLOUR = "#2e86c1", "#bdc3c7"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def period_text(code: Any) -> str:
    """A period code as a person reads it: ``2025-05`` → ``5/2025``, ``2025-Q2`` → ``Quý 2/2025``,
    ``2025-W05`` → ``Tuần 5/2025``, ``2025`` → ``Năm 2025``; anything else as it is."""
    text = str(code)
    for pattern, key in ((_MONTH, "period_month"), (_QUARTER, "period_quarter"), (_WEEK, "period_week")):
        found = pattern.match(text)
        if found:
            return DASHBOARD_LABELS[key].format(year=found[1], n=int(found[2]))
    found = _YEAR.match(text)
    return DASHBOARD_LABELS["period_year"].format(year=found[1]) if found else text


# ---------------------------------------------------------------------------------------------- helpers
def _figure(size: tuple[float, float]) -> Figure:
    """A figure with its own Agg canvas: seaborn measures tick labels, and a figure without a canvas draws
    itself once per label to do so (66 full renders — seconds and gigabytes — for a 200-unit heatmap)."""
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else _figure(size).add_subplot()


def _unit_labels(frame: pd.DataFrame, names: Mapping[str, str] | None) -> pd.Series:
    """The label of each row's unit: ``names[unit_id]``, else ``unit_name``, else the id."""
    if "unit_id" in frame:
        ids = frame["unit_id"].astype(str)
        fallback = frame["unit_name"].astype(str) if "unit_name" in frame else ids
        if names:
            return ids.map(lambda u: names.get(u)).fillna(fallback)
        return fallback
    return frame["unit_name"].astype(str)


def _column(frame: pd.DataFrame, *candidates: str) -> str | None:
    return next((c for c in candidates if c in frame.columns), None)


def _empty(ax: Axes, title: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, DASHBOARD_LABELS["no_data"], ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


#: At most this many unit names under a bar chart: beyond, every n-th (the bars all stay). Each shown label is
#: measured several times by the figure's layout: 200 of them took most of a second.
LABELS_MAX = 40


def _rotate(ax: Axes, count: int) -> None:
    if count > 4:
        step = -(-count // LABELS_MAX)
        for index, label in enumerate(ax.get_xticklabels()):
            label.set_rotation(45)
            label.set_horizontalalignment("right")
            if index % step:
                label.set_visible(False)


def _unit_order(frame: pd.DataFrame, labels: pd.Series) -> list[str]:
    return list(dict.fromkeys(labels.tolist()))


# ---------------------------------------------------------------------------------------------- figures
def completion_heatmap(
    frame: pd.DataFrame | None,
    *,
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
    value: str = "ratio",
    title: str | None = None,
) -> Axes:
    """Units (rows) × periods (columns), coloured by completion ratio (0 red → 1 green); a cell without a
    target is left blank. ``frame``: tidy ``unit_id`` / ``unit_name``, ``period``, ``ratio`` (one row per unit
    and period; several rows of a cell are summed target over actual when ``target`` and ``actual`` are
    there, else averaged). Cells show percentages when there are at most :data:`HEATMAP_ANNOTATE_MAX`."""
    title = DASHBOARD_LABELS["heatmap_title"] if title is None else title
    frame = pd.DataFrame() if frame is None else frame
    if frame.empty or "period" not in frame:
        return _empty(_axes(ax, (8, 3)), title)
    data = frame.assign(_unit=_unit_labels(frame, names).to_numpy(), period=frame["period"].astype(str))
    units = _unit_order(data, data["_unit"])
    periods = sorted(data["period"].unique())
    if {"target", "actual"} <= set(data.columns):
        sums = data.groupby(["_unit", "period"], sort=False)[["target", "actual"]].sum(min_count=1)
        ratio = sums["actual"] / sums["target"].where(sums["target"] > 0)
    else:
        ratio = data.groupby(["_unit", "period"], sort=False)[value].mean()
    matrix = ratio.unstack("period").reindex(index=units, columns=periods).astype(float)
    matrix.columns = [period_text(p) for p in periods]
    # the size is capped: seaborn's heatmap takes memory with the figure's area (a 65-inch figure took gigabytes)
    ax = _axes(ax, (min(16.0, max(6.0, 0.7 * len(periods) + 3)), min(MAX_HEIGHT, max(2.5, 0.32 * len(units) + 1.5))))
    annotate = matrix.size <= HEATMAP_ANNOTATE_MAX
    sns.heatmap(
        matrix * 100,
        ax=ax,
        cmap=COMPLETION_CMAP,
        vmin=0,
        vmax=100,
        annot=annotate,
        fmt=".0f",
        annot_kws={"fontsize": 8},
        linewidths=0.5 if annotate else 0,
        linecolor="white",
        mask=matrix.isna(),
        cbar_kws={"label": DASHBOARD_LABELS["heatmap_colour"]},
        yticklabels=max(1, -(-len(units) // 40)),  # every unit up to 40, else every n-th (never "auto": slow)
        xticklabels=max(1, -(-len(periods) // 26)),
    )
    ax.set_title(title)
    ax.set_xlabel(DASHBOARD_LABELS["axis_period"])
    ax.set_ylabel("")
    _rotate(ax, len(periods))
    return ax


def target_bars(
    completion: pd.DataFrame | None,
    *,
    ax: Axes | None = None,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Per unit, two bars: the outputs counted toward its targets and the targets (each summed over the
    unit's target rows of the chosen period: ``target``, ``actual`` of :func:`planner.tracking.completion`).
    Bar containers: ``ax.containers[0]`` counted, ``[1]`` targets, units in the frame's order."""
    title = DASHBOARD_LABELS["bars_title"] if title is None else title
    completion = pd.DataFrame() if completion is None else completion
    if completion.empty or not {"target", "actual"} <= set(completion.columns):
        return _empty(_axes(ax, (8, 3)), title)
    data = completion.assign(_unit=_unit_labels(completion, names).to_numpy())
    units = _unit_order(data, data["_unit"])
    sums = data.groupby("_unit", sort=False)[["actual", "target"]].sum().reindex(units)
    actual_label, target_label = DASHBOARD_LABELS["bars_actual"], DASHBOARD_LABELS["bars_target"]
    tidy = sums.rename(columns={"actual": actual_label, "target": target_label}).reset_index(names="_unit")
    tidy = tidy.melt(id_vars="_unit", var_name="measure", value_name="count")
    ax = _axes(ax, (min(20.0, max(6.0, 0.45 * len(units) + 2)), 4.5))
    sns.barplot(
        data=tidy,
        x="_unit",
        y="count",
        hue="measure",
        order=units,
        hue_order=[actual_label, target_label],
        palette=[_ACTUAL_COLOUR, _TARGET_COLOUR],
        ax=ax,
        errorbar=None,
    )
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel(DASHBOARD_LABELS["axis_count"])
    ax.legend(title="")
    _rotate(ax, len(units))
    return ax


def trend_plot(
    trend: pd.DataFrame | None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Counted outputs and targets (all chosen units together) per period of the year, as two lines:
    ``ax.lines[0]`` counted, ``ax.lines[1]`` targets; the x tick labels are the periods. ``trend``:
    ``period``, ``actual``, ``target`` (several rows of a period are summed)."""
    title = DASHBOARD_LABELS["trend_title"] if title is None else title
    trend = pd.DataFrame() if trend is None else trend
    if trend.empty or not {"period", "actual"} <= set(trend.columns):
        return _empty(_axes(ax, (8, 3)), title)
    columns = [c for c in ("actual", "target") if c in trend.columns]
    sums = trend.assign(period=trend["period"].astype(str)).groupby("period")[columns].sum(min_count=1).sort_index()
    periods = list(sums.index)
    ax = _axes(ax, (min(16.0, max(6.0, 0.6 * len(periods) + 2)), 3.8))
    x = np.arange(len(periods))
    labels = {"actual": DASHBOARD_LABELS["bars_actual"], "target": DASHBOARD_LABELS["bars_target"]}
    styles = {"actual": ("o", "-", _ACTUAL_COLOUR), "target": ("s", "--", "#7f8c8d")}
    for name in columns:
        marker, dash, colour = styles[name]
        sns.lineplot(x=x, y=sums[name].to_numpy(dtype=float), ax=ax, marker=marker, linestyle=dash, color=colour,
                     label=labels[name])
    ax.set_xticks(x, [period_text(p) for p in periods])
    ax.set_title(title)
    ax.set_xlabel(DASHBOARD_LABELS["axis_period"])
    ax.set_ylabel(DASHBOARD_LABELS["axis_count"])
    ax.set_ylim(bottom=0)
    _rotate(ax, len(periods))
    return ax


def _unit_bars(ax: Axes, frame: pd.DataFrame, column: str, names: Mapping[str, str] | None, colour: str,
               worst_high: bool) -> bool:
    """One bar per unit; beyond :data:`PANEL_UNITS` units only the worst ones (True when cut)."""
    data = frame.assign(_unit=_unit_labels(frame, names).to_numpy())
    data = data[data[column].notna()]
    cut = len(data) > PANEL_UNITS
    if cut:
        data = data.sort_values(column, ascending=not worst_high, kind="stable").head(PANEL_UNITS)
    units = _unit_order(data, data["_unit"])
    sns.barplot(data=data, x="_unit", y=column, order=units, color=colour, ax=ax, errorbar=None)
    ax.set_xlabel("")
    _rotate(ax, len(units))
    return cut


def fast_short_wide(
    fast: pd.DataFrame | None,
    short: pd.DataFrame | None,
    wide: pd.DataFrame | None,
    *,
    axes: Sequence[Axes] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Axes]:
    """Three panels, one bar per unit: *fast* — median hours from the occurrence (or planned date) to the
    first output (``hours`` / ``median_hours``); *short* — share of videos at or under the limit, in %
    (``share`` 0–1); *wide* — distinct platforms used (``platforms``). Beyond :data:`PANEL_UNITS` units each
    panel shows the worst (most hours, smallest share, fewest platforms), and says so. Returns the three Axes."""
    if axes is None:
        axes = list(_figure((15, 4.5)).subplots(1, 3))
    axes = list(axes)
    specs = (  # the worst: most hours, fewest short videos, fewest platforms
        (fast, ("median_hours", "hours"), "fast_title", "fast_axis", 1.0, "#8e44ad", True),
        (short, ("share", "short_share"), "short_title", "short_axis", 100.0, "#16a085", False),
        (wide, ("platforms", "platform_count"), "wide_title", "wide_axis", 1.0, "#d35400", False),
    )
    for ax, (frame, candidates, title_key, axis_key, scale, colour, worst_high) in zip(axes, specs, strict=True):
        title = DASHBOARD_LABELS[title_key]
        column = None if frame is None or frame.empty else _column(frame, *candidates)
        if column is None or frame[column].notna().sum() == 0:
            _empty(ax, title)
            continue
        scaled = frame.assign(**{column: pd.to_numeric(frame[column], errors="coerce") * scale})
        cut = _unit_bars(ax, scaled, column, names, colour, worst_high)
        ax.set_title(title + ("\n" + DASHBOARD_LABELS["panel_worst"].format(n=PANEL_UNITS) if cut else ""))
        ax.set_ylabel(DASHBOARD_LABELS[axis_key])
    if len(axes) > 1 and axes[1].has_data():
        axes[1].set_ylim(0, 100)
    return axes


def heatmap_frame(data: Any) -> pd.DataFrame | None:
    """The heatmap's frame of a ``DashboardData``: its ``heatmap`` (or ``by_week_or_month``) field."""
    frame = getattr(data, "heatmap", None)
    return getattr(data, "by_week_or_month", None) if frame is None else frame


def draw_dashboard(data: Any, *, names: Mapping[str, str] | None = None) -> dict[str, Axes]:
    """Every figure of the dashboard from one :class:`planner.tracking.DashboardData` (its ``completion``,
    ``heatmap``, ``trend``, ``fast``, ``short``, ``wide``): ``{"heatmap", "bars", "trend", "fast",
    "short", "wide"}`` → Axes (the last three share a figure)."""
    heatmap = completion_heatmap(heatmap_frame(data), names=names)
    bars = target_bars(getattr(data, "completion", None), names=names)
    trend = trend_plot(getattr(data, "trend", None))
    fast, short, wide = fast_short_wide(
        getattr(data, "fast", None), getattr(data, "short", None), getattr(data, "wide", None), names=names
    )
    return {"heatmap": heatmap, "bars": bars, "trend": trend, "fast": fast, "short": short, "wide": wide}


def figure_png(figure: Figure, *, dpi: int = 96) -> bytes:
    """The figure as PNG bytes (what the dashboard widget shows and the quota report embeds)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()

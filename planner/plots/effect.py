"""Figures of the effectiveness review (notebook 05): a result of :mod:`planner.effectiveness` in, Axes out.

Each function draws exactly the table it is given (``Comparison.table``, ``Ranking``) — no
statistic is computed here — so a figure and the sentence printed under it show the same numbers.
Pass ``ax`` to draw into a grid of your own; without it a new figure is made.

    plot_comparison(comparison, ax=None) -> Axes     # median per group; groups too small to compare are pale
    plot_duration(comparison, ax=None) -> Axes       # median views per duration bin
    plot_ranking(ranking, ax=None) -> Axes           # best and worst items by reach
    plot_survey_shares(comparison, ax=None) -> Axes  # share of respondents per answer
    plot_crosstab(comparison, ax=None) -> Axes       # heatmap: row group × answer, share of the group
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from planner.effectiveness import Comparison, Ranking, number_text
from planner.strings import EFFECT_LABELS as L

__all__ = ["plot_comparison", "plot_duration", "plot_ranking", "plot_survey_shares", "plot_crosstab"]

_STRONG = "#1f5f99"
_PALE = "#b9c9d8"
_LOW = "#c0504d"


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _thousands(ax: Axes, axis: str) -> None:
    formatter = FuncFormatter(lambda v, _pos: number_text(v))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _empty(ax: Axes, title: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, L["no_data"], ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_comparison(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Bars of the median per group (``table["median"]``), in the table's order, each labelled with its
    number of posts; groups with too few posts to compare (``compared`` False) are drawn pale."""
    table = comparison.table.dropna(subset=["median"])
    vertical = comparison.dimension in ("hour", "weekday")
    ax = _axes(ax, (9, 4) if vertical else (8, 0.5 * max(len(table), 3) + 1))
    if table.empty:
        return _empty(ax, comparison.title)
    colours = [_STRONG if c else _PALE for c in table["compared"]]
    data = table.assign(median=table["median"].astype(float))
    if vertical:
        sns.barplot(data=data, x="label", y="median", hue="label", palette=colours, legend=False, ax=ax,
                    order=list(data["label"]))
        ax.set_xlabel(L[f"dim_{comparison.dimension}"].capitalize())
        ax.set_ylabel(L["axis_median"].format(measure=L[f"measure_{comparison.measure}"]))
        _thousands(ax, "y")
        if comparison.dimension == "hour":
            ax.tick_params(axis="x", labelrotation=90)
    else:
        sns.barplot(data=data, y="label", x="median", hue="label", palette=colours, legend=False, ax=ax,
                    order=list(data["label"]), orient="h")
        ax.set_ylabel("")
        ax.set_xlabel(L["axis_median"].format(measure=L[f"measure_{comparison.measure}"]))
        _thousands(ax, "x")
    for container, posts in zip(ax.containers, table["known"], strict=False):
        ax.bar_label(container, labels=[L["posts_note"].format(posts=number_text(posts))], fontsize=8, padding=2)
    ax.set_title(comparison.title)
    return ax


def plot_duration(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Median views per video duration bin (bins in order, shortest first), each with its number of videos;
    bins up to the comparison's split are drawn strong, longer ones pale."""
    table = comparison.table.dropna(subset=["median"])
    ax = _axes(ax, (8, 4))
    if table.empty:
        return _empty(ax, comparison.title)
    split = comparison.extra.get("split", 60)
    colours = [_STRONG if pd.notna(h) and h <= split else _PALE for h in table["high"]]
    sns.barplot(data=table.assign(median=table["median"].astype(float)), x="label", y="median", hue="label",
                palette=colours, legend=False, ax=ax, order=list(table["label"]))
    for container, videos in zip(ax.containers, table["known"], strict=False):
        ax.bar_label(container, labels=[L["posts_note"].format(posts=number_text(videos)).replace("bài", "video")],
                     fontsize=8, padding=2)
    ax.set_xlabel(L["axis_duration"])
    ax.set_ylabel(L["axis_median"].format(measure=L["measure_views"]))
    _thousands(ax, "y")
    ax.set_title(comparison.title)
    return ax


def _short(title: str, width: int = 60) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def plot_ranking(ranking: Ranking, ax: Axes | None = None) -> Axes:
    """Horizontal bars of reach: the best items on top (strong), then the worst (red), each labelled
    with its title (shortened) and unit."""
    rows = pd.concat([ranking.best.assign(kind="best"), ranking.worst.assign(kind="worst")], ignore_index=True)
    rows = rows.drop_duplicates("key")
    ax = _axes(ax, (9, 0.45 * max(len(rows), 3) + 1))
    title = L["ranking_title"]
    if rows.empty:
        return _empty(ax, title)
    rows["label"] = [f"{_short(t or L['untitled'])} — {u}" for t, u in zip(rows["title"], rows["unit_name"],
                                                                           strict=True)]
    colours = [_STRONG if k == "best" else _LOW for k in rows["kind"]]
    sns.barplot(data=rows.assign(reach=rows["reach"].astype(float)), y="label", x="reach", hue="label",
                palette=colours, legend=False, ax=ax, order=list(rows["label"]), orient="h")
    ax.set_xscale("log")
    ax.set_xlabel(L["axis_reach"])
    ax.set_ylabel("")
    ax.set_title(title)
    return ax


def plot_survey_shares(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Share of respondents choosing each answer (most chosen on top)."""
    table = comparison.table
    ax = _axes(ax, (8, 0.5 * max(len(table), 3) + 1))
    if table.empty:
        return _empty(ax, comparison.title)
    sns.barplot(data=table, y="label", x="share", hue="label", palette=[_STRONG] * len(table), legend=False, ax=ax,
                order=list(table["label"]), orient="h")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    for container, share in zip(ax.containers, table["share"], strict=False):
        ax.bar_label(container, labels=[f"{round(share * 100)}%"], fontsize=8, padding=2)
    ax.set_xlabel(L["axis_share"])
    ax.set_ylabel("")
    ax.set_title(comparison.title)
    return ax


def plot_crosstab(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Heatmap of ``comparison.table`` (row groups × answers, share of each row group), cells written in %."""
    table = comparison.table
    ax = _axes(ax, (1.4 * max(len(table.columns), 3) + 2, 0.55 * max(len(table), 3) + 1.5))
    if table.empty:
        return _empty(ax, comparison.title)
    sns.heatmap(table.astype(float), annot=True, fmt=".0%", cmap="Blues", vmin=0, vmax=1, cbar=False, ax=ax,
                linewidths=0.5)
    ax.tick_params(axis="x", labelrotation=30)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.set_title(comparison.title)
    return ax

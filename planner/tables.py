"""Tables for people to read: the occurrence list, the month grid, public holidays.

Tidy frame in, a pandas Styler (or a small HTML object) out — what a notebook displays.
Labels are Vietnamese (from :mod:`planner.strings`); round years stand out. Dates,
weekdays, lunar dates and holiday names come from :mod:`planner.display`, the one step
that labels calendar facts (the CLI and the Excel export use it too).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from planner.calendars import MONTH_NAMES, can_chi_year
from planner.calendars.names import format_date, format_weekday
from planner.columns import PLAN_COLUMNS, item_rows, labelled
from planner.display import LABEL_COLUMNS, holiday_labels, occurrence_labels
from planner.model import short_names
from planner.planning import unit_month_counts
from planner.strings import (
    CATEGORY_LABELS,
    OCCURRENCE_HEADERS,
    SEVERITY_LABELS,
    TIER_LABELS,
)

__all__ = [
    "calendar_table",
    "month_grid",
    "holidays_table",
    "summary",
    "plan_summary",
    "findings_table",
    "items_table",
    "TIER_COLOURS",
    "SEVERITY_COLOURS",
]

#: Background colours of round (tròn) and 5-year (lẻ 5) anniversaries.
TIER_COLOURS = {"tron": "#f8d7da", "le5": "#fff3cd"}


def _tier_label(value) -> str:
    return TIER_LABELS.get(value, "") if isinstance(value, str) else ""


def _escaped(styler: Styler) -> Styler:
    """Cell text, row labels and column headers written as HTML text: a ``<`` or ``&`` in a unit's name,
    a title or a message is shown as typed, never read as markup."""
    return styler.format(escape="html").format_index(escape="html", axis=0).format_index(escape="html", axis=1)


def _labelled(occ: pd.DataFrame, names: pd.DataFrame | None) -> pd.DataFrame:
    """``occ`` with the display labels (added unless it already has them)."""
    return occ if set(LABEL_COLUMNS) <= set(occ.columns) else occurrence_labels(occ, names=names)


def summary(occ: pd.DataFrame, *, names: pd.DataFrame | None = None) -> Styler:
    """Counts by tier, one row: how many events, round years, 5-years, lunar-dated, on a
    day off. ``names``: the official names for holiday labels (default: ``data/``)."""
    occ = _labelled(occ, names)
    year = int(occ["year"].iloc[0]) if len(occ) else None
    shown = pd.DataFrame(
        [
            {
                "Năm": f"{year} ({can_chi_year(year)})" if year else "",
                "Số sự kiện": len(occ),
                "Năm tròn": int((occ["tier"] == "tron").sum()),
                "Năm lẻ 5": int((occ["tier"] == "le5").sum()),
                "Theo âm lịch": int((occ["calendar"] == "lunar").sum()),
                "Trùng ngày nghỉ lễ": int((occ["holiday"] != "").sum()),
            }
        ]
    )
    return _escaped(shown.style).hide(axis="index")


def calendar_table(occ: pd.DataFrame, *, names: pd.DataFrame | None = None) -> Styler:
    """The year's occurrences as a table with Vietnamese headers; round years highlighted."""
    occ = _labelled(occ, names)
    shown = pd.DataFrame(
        {
            OCCURRENCE_HEADERS["date_text"]: occ["date_text"],
            OCCURRENCE_HEADERS["weekday"]: occ["weekday"],
            OCCURRENCE_HEADERS["lunar_text"]: occ["lunar_text"],
            OCCURRENCE_HEADERS["title"]: occ["title"],
            OCCURRENCE_HEADERS["anniversary"]: occ["anniversary"].map(lambda v: "" if pd.isna(v) else str(v)),
            OCCURRENCE_HEADERS["tier"]: occ["tier"].map(_tier_label),
            OCCURRENCE_HEADERS["category"]: occ["category"].map(CATEGORY_LABELS),
            OCCURRENCE_HEADERS["holiday"]: occ["holiday"],
        }
    ).reset_index(drop=True)
    tiers = occ["tier"].reset_index(drop=True)

    def colour(row: pd.Series) -> list[str]:
        bg = TIER_COLOURS.get(tiers[row.name]) if isinstance(tiers[row.name], str) else None
        return [f"background-color: {bg}; font-weight: bold" if bg else ""] * len(row)

    return (
        _escaped(shown.style)
        .apply(colour, axis=1)
        .hide(axis="index")
        .set_table_attributes('class="planner-calendar"')
        .set_properties(subset=[OCCURRENCE_HEADERS["title"]], **{"text-align": "left"})
    )


@dataclass(frozen=True)
class MonthGrid:
    """Twelve month boxes in a 4 × 3 grid; shows itself as HTML in a notebook."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<MonthGrid: {self.html.count('<li class=')} sự kiện trong 12 tháng>"


def month_grid(occ: pd.DataFrame, *, names: pd.DataFrame | None = None) -> MonthGrid:
    """The year month by month: each event with its solar and lunar day; round years marked."""
    occ = _labelled(occ, names)
    boxes = []
    for month in range(1, 13):
        rows = occ[occ["month"] == month]
        lines = []
        for r in rows.itertuples():
            day = f"{r.day}/{month}" if not pd.isna(r.day) else f"tháng {month}"
            lunar = f" <small>({html.escape(r.lunar_text)})</small>" if r.lunar_text else ""
            tier = r.tier if isinstance(r.tier, str) else ""
            style = f' style="background:{TIER_COLOURS[tier]};font-weight:bold"' if tier in TIER_COLOURS else ""
            lines.append(f'<li class="tier-{tier or "none"}"{style}><b>{day}</b>{lunar} {html.escape(r.title)}</li>')
        body = "".join(lines) or "<li><i>Không có sự kiện</i></li>"
        boxes.append(
            f'<div class="planner-month" style="border:1px solid #ccc;padding:6px;vertical-align:top">'
            f"<h4 style='margin:0 0 4px 0'>{MONTH_NAMES[month]}</h4>"
            f'<ul style="margin:0;padding-left:16px;font-size:90%">{body}</ul></div>'
        )
    grid = (
        '<div class="planner-month-grid" style="display:grid;grid-template-columns:repeat(3,1fr);gap:6px">'
        + "".join(boxes)
        + "</div>"
    )
    return MonthGrid(grid)


def holidays_table(year: int, *, names: pd.DataFrame | None = None) -> Styler:
    """Public holidays and days off of a year (Bộ luật Lao động 2019, Điều 112), named as
    :func:`planner.display.holiday_labels` names them."""
    days = holiday_labels(year, names=names)
    shown = pd.DataFrame(
        {
            "Ngày": [format_date(d) for d in days["date"]],
            "Thứ": [format_weekday(d) for d in days["date"]],
            "Ngày nghỉ": days["name"],
        }
    )
    return _escaped(shown.style).hide(axis="index")


#: The plan summary's first column and its total row and column.
_UNIT, _TOTAL = "Đơn vị", "Cộng"

#: Row colours of findings by severity.
SEVERITY_COLOURS = {"error": "#f8d7da", "warning": "#fff3cd", "info": ""}


def plan_summary(items: pd.DataFrame, units: pd.DataFrame) -> Styler:
    """Items per unit and month (cancelled left out), with a total column and a total row ("Cộng"):
    the shape of the plan. Units in the order of ``units`` (the workspace's list, as every view shows them)."""
    counts = unit_month_counts(items, units)
    listed = list(dict.fromkeys(short_names(units).get(u, u) for u in units["unit_id"]))
    order = [u for u in listed if u in counts.index] + [u for u in counts.index if u not in listed]
    counts = counts.reindex(order)
    months = [MONTH_NAMES[m] for m in range(1, 13)]
    counts.columns = [*months, _TOTAL]
    table = counts.reset_index(drop=False).rename(columns={counts.index.name or "index": _UNIT})
    table = table[[_UNIT, *months, _TOTAL]]
    totals = pd.DataFrame([{_UNIT: _TOTAL, **{c: int(table[c].sum()) for c in (*months, _TOTAL)}}])
    table = pd.concat([table, totals], ignore_index=True)
    body = pd.IndexSlice[table.index[:-1], months]  # the totals stay out of the colour scale
    return (
        _escaped(table.style)
        .background_gradient(cmap="Blues", subset=body, axis=None)
        .hide(axis="index")
        .set_table_attributes('class="planner-unit-months"')
        .set_properties(subset=[_UNIT], **{"text-align": "left", "font-weight": "bold", "white-space": "nowrap"})
        .set_properties(subset=pd.IndexSlice[table.index[-1:], :], **{"font-weight": "bold", "border-top": "1px solid"})
        .set_properties(subset=[_TOTAL], **{"font-weight": "bold"})
    )


def findings_table(findings: pd.DataFrame, units: pd.DataFrame) -> Styler:
    """Findings of :func:`planner.check_plan` with Vietnamese headers, coloured by severity."""
    shown = pd.DataFrame(
        {
            "Mức độ": findings["severity"].map(SEVERITY_LABELS),
            "Nội dung số": findings["item_id"].map(lambda v: "" if pd.isna(v) else str(v)),
            "Đơn vị": findings["unit_id"].map(short_names(units)).fillna(""),
            "Ngày": findings["date"].map(lambda d: "" if pd.isna(d) else format_date(d)),
            "Vấn đề": findings["message"],
        }
    ).reset_index(drop=True)
    severity = findings["severity"].reset_index(drop=True)

    def colour(row: pd.Series) -> list[str]:
        bg = SEVERITY_COLOURS.get(severity[row.name], "")
        return [f"background-color: {bg}" if bg else ""] * len(row)

    return (
        _escaped(shown.style)
        .apply(colour, axis=1)
        .hide(axis="index")
        .set_table_attributes('class="planner-findings"')
        .set_properties(subset=["Vấn đề"], **{"text-align": "left"})
    )


def items_table(items: pd.DataFrame, units: pd.DataFrame) -> Styler:
    """Content items with the plan's Vietnamese headers (:mod:`planner.columns`): number, date, unit,
    title, format, platform, status."""
    keys = ("item_id", "date", "unit", "title", "format", "platform", "status")
    columns = tuple(c for c in PLAN_COLUMNS if c.key in keys)
    shown = labelled(item_rows(items, units), columns).reset_index(drop=True)
    title = next(c.label for c in columns if c.key == "title")
    return (
        _escaped(shown.style)
        .hide(axis="index")
        .set_table_attributes('class="planner-items"')
        .set_properties(subset=[title], **{"text-align": "left"})
    )

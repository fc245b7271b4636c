"""Targets against what units published: completion, fast / short / wide, ranking, the dashboard's data.

Signatures (stable; the dashboard, the quota report and the demo use them)::

    period_label(day, period) -> str                        # '2025-05' | '2025-Q2' | '2025'
    period_start(day, period) -> datetime.date              # first day of the period holding day
    expand_targets(targets, units) -> DataFrame             # unit-kind targets → one row per unit
    completion(ws, *, period, start, end, units=None) -> DataFrame   # COMPLETION_COLUMNS
    fast(ws, *, start, end, units=None) -> DataFrame        # FAST_COLUMNS
    short(ws, *, start, end, units=None) -> DataFrame       # SHORT_COLUMNS
    wide(ws, *, start, end, units=None) -> DataFrame        # WIDE_COLUMNS
    ranking(ws, *, period, start, end, units=None) -> DataFrame      # RANKING_COLUMNS
    dashboard_data(ws, *, period, start, end, units=None) -> DashboardData
    DEFINITIONS: dict[str, str]                             # Vietnamese sentences the dashboard shows
    MET, BEHIND                                             # status thresholds (ratios)

``period`` is ``"month"``, ``"quarter"`` or ``"year"``; ``start`` / ``end`` are dates (``date``,
``Timestamp``, ``'2025-05-01'`` or ``'1/5/2025'``), inclusive. The periods shown are those that
overlap ``start … end``, each counted whole. ``units`` (None: all) limits the units.

Rules (DESIGN.md, "nhanh – ngắn – rộng"):

* completion = outputs counted toward a target ÷ the target, per unit × period × format (and
  platform when the target names one). Every output counts, also one that matches no planned
  item. A target set for a unit kind applies to each unit of that kind (active units); a unit's
  own target with the same period, format and platform replaces it.
* A quarter's (year's) target is the target set for that quarter (year); when none is set, the
  sum of the targets set for its parts at the next finer level that has any (months, quarters).
* status: ``met`` when ratio ≥ :data:`MET`, ``behind`` when ratio ≥ :data:`BEHIND`, else ``far_behind``.

Everything but :func:`fast` reads the output rollup (unit × day × platform × format), never the
raw outputs; :func:`fast` reads only the matched outputs' item and date columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from planner.errors import InvalidValueError
from planner.store import validate
from planner.store.schema import rollup_table
from planner.store.targets import PERIODS, aligned_start
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, TRACKING_LABELS

__all__ = [
    "ANY",
    "BEHIND",
    "COMPLETION_COLUMNS",
    "DEFINITIONS",
    "DashboardData",
    "MET",
    "PERIODS",
    "STATUSES",
    "completion",
    "definitions",
    "expand_targets",
    "period_label",
    "period_start",
]

#: A ratio at or above this is ``met``.
MET = 1.0
#: A ratio at or above this (and below :data:`MET`) is ``behind``; below it ``far_behind``.
BEHIND = 0.5
STATUSES = ("met", "behind", "far_behind")
#: What the format / platform column holds for a target on any format / platform.
ANY = "any"
_LEVEL = {"month": 0, "quarter": 1, "year": 2}

#: Columns of :func:`completion`.
COMPLETION_COLUMNS = [
    "unit_id",
    "unit_name",
    "unit_kind",
    "period",
    "period_start",
    "format",
    "platform",
    "target",
    "actual",
    "missing",
    "ratio",
    "status",
    "status_label",
]


# ---------------------------------------------------------------------------------------- periods
def _day(value: Any, name: str) -> dt.date:
    day = validate.date(name, value)
    if day is None:
        raise InvalidValueError(
            f"Trường '{name}' ({validate.FIELD_LABELS.get(name, name)}): thiếu; cần một ngày, ví dụ 1/5/2025.",
            field=name,
            value=value,
            allowed="một ngày",
        )
    return day


def _period(value: Any) -> str:
    if not isinstance(value, str) or value not in PERIODS:
        raise InvalidValueError(
            f"Kỳ {value!r} không hợp lệ; chọn một trong: month (tháng), quarter (quý), year (năm).",
            field="period",
            value=value,
            allowed=PERIODS,
        )
    return value


def _window(start: Any, end: Any) -> tuple[dt.date, dt.date]:
    first, last = _day(start, "start"), _day(end, "end")
    if first > last:
        raise InvalidValueError(
            f"Từ ngày {first.day}/{first.month}/{first.year} sau đến ngày {last.day}/{last.month}/{last.year}; "
            "chọn ngày bắt đầu trước ngày kết thúc.",
            field="start",
            value=start,
            allowed="start ≤ end",
        )
    return first, last


def period_start(day: Any, period: str) -> dt.date:
    """The first day of the ``period`` (month, quarter, year) holding ``day``."""
    return aligned_start(_period(period), _day(day, "day"))


def _next_start(first: dt.date, period: str) -> dt.date:
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_label(day: Any, period: str) -> str:
    """``2025-05`` (month), ``2025-Q2`` (quarter) or ``2025`` (year) for the period holding ``day``."""
    first = period_start(day, period)
    if period == "month":
        return f"{first.year}-{first.month:02d}"
    if period == "quarter":
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return str(first.year)


def period_name(label: str) -> str:
    """A period label as a person reads it: 'Tháng 5/2025', 'Quý 2/2025', 'Năm 2025'."""
    if "-Q" in label:
        year, quarter = label.split("-Q")
        return TRACKING_LABELS["period_quarter"].format(quarter=int(quarter), year=year)
    if "-" in label:
        year, month = label.split("-")
        return TRACKING_LABELS["period_month"].format(month=int(month), year=year)
    return TRACKING_LABELS["period_year"].format(year=label)


def _starts(first: dt.date, last: dt.date, period: str) -> list[dt.date]:
    """Starts of the periods overlapping first … last."""
    out, cur = [], aligned_start(period, first)
    while cur <= last:
        out.append(cur)
        cur = _next_start(cur, period)
    return out


def _labels_of(starts: pd.Series, period: str) -> pd.Series:
    stamps = pd.to_datetime(starts)
    if period == "month":
        return stamps.dt.strftime("%Y-%m")
    if period == "quarter":
        return stamps.dt.year.astype(str) + "-Q" + stamps.dt.quarter.astype(str)
    return stamps.dt.year.astype(str)


# ---------------------------------------------------------------------------------------- targets
def _selected_units(units: pd.DataFrame, wanted: Iterable[str] | None) -> pd.DataFrame:
    if wanted is None:
        return units
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    unknown = sorted(set(wanted) - set(units["unit_id"]))
    if unknown:
        raise InvalidValueError(
            f"Không có đơn vị {', '.join(map(repr, unknown))} trong không gian làm việc.",
            field="unit_id",
            value=unknown,
            allowed=list(units["unit_id"]),
        )
    return units[units["unit_id"].isin(wanted)]


def expand_targets(targets: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Targets with one row per unit: a unit-kind target becomes one row for each active unit of that
    kind; a unit's own target replaces a kind target with the same period, start, format and platform.

    ``targets`` as from ``ws.targets()``; ``units`` as from ``ws.units()``. Columns: ``target_id,
    unit_id, period, period_start`` (date), ``format, platform`` (code or ``any``), ``count``, ``by_kind``."""
    columns = ["target_id", "unit_id", "period", "period_start", "format", "platform", "count", "by_kind"]
    if targets.empty:
        return pd.DataFrame(columns=columns)
    frame = targets.copy()
    frame["format"] = frame["format"].where(frame["format"].notna() & (frame["format"] != ""), ANY)
    frame["platform"] = frame["platform"].where(frame["platform"].notna() & (frame["platform"] != ""), ANY)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    own = frame[frame["unit_id"].notna() & (frame["unit_id"] != "")].copy()
    own["by_kind"] = False
    kind = frame[frame["unit_id"].isna() | (frame["unit_id"] == "")].drop(columns=["unit_id"])
    active = units[units["active"].astype(bool)] if "active" in units else units
    kind = kind.merge(active[["unit_id", "kind"]], left_on="unit_kind", right_on="kind", how="inner")
    kind["by_kind"] = True
    both = pd.concat([own[columns], kind[columns]], ignore_index=True)
    key = ["unit_id", "period", "period_start", "format", "platform"]
    both = both.sort_values("by_kind", kind="stable").drop_duplicates(key, keep="first")  # the unit's own first
    both["count"] = both["count"].astype("int64")
    return both.sort_values(key, kind="stable").reset_index(drop=True)


def _targets_at(expanded: pd.DataFrame, period: str) -> pd.DataFrame:
    """Targets summed into ``period`` buckets: for each unit, bucket, format and platform, the targets of
    the coarsest level (≤ period) that has any."""
    frame = expanded[expanded["period"].map(_LEVEL) <= _LEVEL[period]].copy()
    if frame.empty:
        return pd.DataFrame(columns=["unit_id", "period_start", "format", "platform", "target"])
    frame["bucket"] = [aligned_start(period, d) for d in frame["period_start"]]
    frame["level"] = frame["period"].map(_LEVEL)
    key = ["unit_id", "bucket", "format", "platform"]
    top = frame.groupby(key)["level"].transform("max")
    frame = frame[frame["level"] == top]
    out = frame.groupby(key, as_index=False)["count"].sum()
    return out.rename(columns={"bucket": "period_start", "count": "target"})


# ---------------------------------------------------------------------------------------- rollup reads
def _monthly(ws, first: dt.date, last: dt.date, units: list[str] | None) -> pd.DataFrame:
    """The rollup from first to last summed per unit × month × platform × format (SQL ``GROUP BY``)."""
    r = rollup_table.c
    month = sa.func.substr(r.day, 1, 7)
    query = (
        sa.select(
            r.unit_id,
            month.label("month"),
            r.platform,
            r.format,
            sa.func.sum(r.outputs),
            sa.func.sum(r.views),
            sa.func.sum(r.shares),
            sa.func.sum(r.videos),
            sa.func.sum(r.short_videos),
            sa.func.sum(r.matched),
        )
        .where(r.day >= first.isoformat(), r.day <= last.isoformat())
        .group_by(r.unit_id, month, r.platform, r.format)
    )
    if units is not None:
        query = query.where(r.unit_id.in_(units))
    with ws._engine.connect() as conn:
        rows = conn.execute(query).all()
    columns = ["unit_id", "month", "platform", "format", "outputs", "views", "shares", "videos", "short_videos",
               "matched"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for name in ("outputs", "videos", "short_videos", "matched"):
        frame[name] = frame[name].astype("int64")
    for name in ("views", "shares"):
        frame[name] = frame[name].astype("Float64")
    return frame


def _actuals(monthly: pd.DataFrame, period: str) -> pd.DataFrame:
    """Outputs per unit × bucket × format × platform, with ``any`` rows for every total."""
    frame = monthly[["unit_id", "month", "platform", "format", "outputs"]].copy()
    if period == "month":
        frame["period_start"] = pd.to_datetime(frame["month"] + "-01").dt.date
    else:
        stamps = pd.to_datetime(frame["month"] + "-01")
        if period == "quarter":
            frame["period_start"] = [dt.date(s.year, 3 * ((s.month - 1) // 3) + 1, 1) for s in stamps]
        else:
            frame["period_start"] = [dt.date(s.year, 1, 1) for s in stamps]
    parts = []
    for fmt_any, plat_any in ((False, False), (True, False), (False, True), (True, True)):
        part = frame.copy()
        if fmt_any:
            part["format"] = ANY
        if plat_any:
            part["platform"] = ANY
        parts.append(part.groupby(["unit_id", "period_start", "format", "platform"], as_index=False)["outputs"].sum())
    return pd.concat(parts, ignore_index=True).rename(columns={"outputs": "actual"})


def _status(ratio: pd.Series) -> pd.Series:
    return pd.Series(
        np.select([ratio >= MET, ratio >= BEHIND], ["met", "behind"], default="far_behind"), index=ratio.index
    )


# ---------------------------------------------------------------------------------------- completion
def completion(ws, *, period: str, start: Any, end: Any, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Completion of targets per unit × period × format (× platform): :data:`COMPLETION_COLUMNS`.

    ``period`` column: ``2025-05`` / ``2025-Q2`` / ``2025``; ``period_start`` a date; ``format`` /
    ``platform`` a code or ``any``; ``target``, ``actual``, ``missing`` (what is still to publish,
    0 when met) whole numbers; ``ratio`` = actual ÷ target; ``status`` met / behind / far_behind and
    its Vietnamese ``status_label``. One row per target (after unit-kind targets are expanded);
    units without a target in the window have no row. Sorted by unit, period, format, platform."""
    period = _period(period)
    first, last = _window(start, end)
    unit_frame = _selected_units(ws.units(), units)
    return _completion(ws, period, first, last, unit_frame, ws.targets())


def _completion(ws, period, first, last, unit_frame, targets, monthly=None) -> pd.DataFrame:
    starts = _starts(first, last, period)
    window_end = _next_start(starts[-1], period) - dt.timedelta(days=1)
    expanded = expand_targets(targets, unit_frame)
    expanded = expanded[expanded["unit_id"].isin(unit_frame["unit_id"])]
    wanted = _targets_at(expanded, period)
    wanted = wanted[wanted["period_start"].isin(starts)]
    if wanted.empty:
        return pd.DataFrame(columns=COMPLETION_COLUMNS)
    if monthly is None:
        monthly = _monthly(ws, starts[0], window_end, sorted(set(wanted["unit_id"])))
    actual = _actuals(monthly, period)
    out = wanted.merge(actual, on=["unit_id", "period_start", "format", "platform"], how="left")
    out["actual"] = out["actual"].fillna(0).astype("int64")
    out["target"] = out["target"].astype("int64")
    out["ratio"] = out["actual"] / out["target"]
    out["missing"] = (out["target"] - out["actual"]).clip(lower=0).astype("int64")
    out["status"] = _status(out["ratio"])
    out["status_label"] = out["status"].map(TRACKING_LABELS)
    out["period"] = _labels_of(out["period_start"], period).to_numpy()
    names = unit_frame.set_index("unit_id")
    out["unit_name"] = out["unit_id"].map(names["name"])
    out["unit_kind"] = out["unit_id"].map(names["kind"])
    out = out.sort_values(["unit_id", "period_start", "format", "platform"], kind="stable")
    return out[COMPLETION_COLUMNS].reset_index(drop=True)


def format_label(code: str) -> str:
    return TRACKING_LABELS["any_format"] if code == ANY else FORMAT_LABELS.get(code, code)


def platform_label(code: str) -> str:
    return TRACKING_LABELS["any_platform"] if code == ANY else PLATFORM_LABELS.get(code, code)


def definitions(short_video_seconds: int = 90) -> dict[str, str]:
    """The Vietnamese sentences stating each measure and the status thresholds."""
    return {
        "completion": TRACKING_LABELS["def_completion"],
        "status": TRACKING_LABELS["def_status"].format(met=round(MET * 100), behind=round(BEHIND * 100)),
        "periods": TRACKING_LABELS["def_periods"],
        "fast": TRACKING_LABELS["def_fast"],
        "short": TRACKING_LABELS["def_short"].format(seconds=short_video_seconds),
        "wide": TRACKING_LABELS["def_wide"],
        "ranking": TRACKING_LABELS["def_ranking"],
    }


#: The definitions with the default short-video limit (90 s); :func:`dashboard_data` states the workspace's own.
DEFINITIONS = definitions()


@dataclass
class DashboardData:
    """Everything the dashboard draws, read at once by :func:`dashboard_data`."""

    period: str
    start: dt.date
    end: dt.date
    completion: pd.DataFrame
    heatmap: pd.DataFrame = field(default_factory=pd.DataFrame)
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    fast: pd.DataFrame = field(default_factory=pd.DataFrame)
    short: pd.DataFrame = field(default_factory=pd.DataFrame)
    wide: pd.DataFrame = field(default_factory=pd.DataFrame)
    behind: pd.DataFrame = field(default_factory=pd.DataFrame)
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    definitions: dict[str, str] = field(default_factory=dict)

"""Targets against what units published: completion, fast / short / wide, ranking, the dashboard's data.

Signatures (stable; the dashboard, the quota report and the demo use them)::

    period_label(day, period) -> str                        # '2025-05' | '2025-Q2' | '2025'
    period_start(day, period) -> datetime.date              # first day of the period holding day
    period_bounds(period, year, which=None) -> (start, end) # month/quarter `which` of `year`, or the year
    expand_targets(targets, units) -> DataFrame             # unit-kind targets → one row per unit
    completion(ws, *, period, start, end, units=None) -> DataFrame   # COMPLETION_COLUMNS
    fast(ws, *, start, end, units=None) -> DataFrame        # FAST_COLUMNS
    short(ws, *, start, end, units=None) -> DataFrame       # SHORT_COLUMNS
    wide(ws, *, start, end, units=None) -> DataFrame        # WIDE_COLUMNS
    ranking(ws, *, period, start, end, units=None) -> DataFrame      # RANKING_COLUMNS
    dashboard_data(ws, *, period, start, end, units=None) -> DashboardData
    DEFINITIONS: dict[str, str]                             # Vietnamese sentences the dashboard shows
    definitions(short_video_seconds=90) -> dict[str, str]   # the same for another short-video limit
    MET, BEHIND                                             # status thresholds (ratios)

    DashboardData(period, start, end, completion, heatmap, trend, fast, short, wide, behind, ranking,
                  definitions)   # heatmap: unit_id, unit_name, period ('2025-W18' | '2025-05'), target, actual,
                                 # ratio; trend: period ('2025-05'), target, actual; behind: completion rows
                                 # not met + missing_text

The store side (planner.store, engineer A)::

    ws.record_platform_outputs(rows, *, source) -> Recorded  # rows: unit_id, platform, format, url, title,
        # published_at, duration_s, views, reactions, shares, comments, item_id; Recorded.output_ids (per row),
        # outputs_added / outputs_updated / outputs_unchanged, change_id
    ws.set_output_item(output_id, item_id | None, *, version) -> dict
    ws.targets() -> DataFrame            # target_id, unit_id, unit_kind, period, period_start, format,
                                         # platform, count, version
    ws.set_targets(rows, *, replace=False) -> {'added', 'updated', 'unchanged', 'removed', 'target_ids'}
    ws.delete_targets(ids) -> int;  ws.import_targets(path, *, replace=False) -> same dict as set_targets
    ws.rollup(start=None, end=None, *, units=None, by="day" | "month") -> DataFrame;  ws.rebuild_rollup() -> int

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

Everything but :func:`fast` reads the output rollups (unit × month, or × day for a month's weekly
heatmap, × platform × format), never the raw outputs; :func:`fast` reads only the matched outputs'
dates and their items' dates.
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
from planner.store.rollup import fetch
from planner.store.schema import rollup_month_table, rollup_table
from planner.store.targets import PERIODS, aligned_start, period_code
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
    "dashboard_data",
    "definitions",
    "expand_targets",
    "period_bounds",
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
    return period_code(value)


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


_KIND_NAMES = {"month": "tháng", "quarter": "quý", "year": "năm"}


def period_bounds(period: str, year: int, which: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of month ``which`` (1–12), quarter ``which`` (1–4) or the whole ``year`` (``which``
    None: the first month or quarter). The one place a screen turns "quý 2 năm 2025" into dates."""
    period = _period(period)
    count = {"month": 12, "quarter": 4, "year": 1}[period]
    if which is None or period == "year":
        which = 1
    if isinstance(which, bool) or not isinstance(which, int | np.integer) or not 1 <= which <= count:
        raise InvalidValueError(
            f"Kỳ số {which!r} không hợp lệ cho {_KIND_NAMES[period]}: cần một số nguyên từ 1 đến {count}.",
            field="which",
            value=which,
        )
    first = dt.date(int(year), 1 + (int(which) - 1) * 12 // count, 1)
    return first, _next_start(first, period) - dt.timedelta(days=1)


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


def _mi(values: Any) -> pd.Series:
    """Dates (or datetime64) → month index year × 12 + month − 1 (whole months compare and bucket as ints)."""
    stamps = pd.to_datetime(pd.Series(values))
    return (stamps.dt.year * 12 + stamps.dt.month - 1).astype("int64")


def _month_start(mi: int) -> dt.date:
    return dt.date(int(mi) // 12, int(mi) % 12 + 1, 1)


def _dates_of(mi: pd.Series) -> pd.Series:
    """Month indexes → the first day of each month (a date), through the few distinct values."""
    return mi.map({m: _month_start(m) for m in pd.unique(mi)})


_STEP = {"month": 1, "quarter": 3, "year": 12}


def _label_of(mi: int, period: str) -> str:
    year, month = int(mi) // 12, int(mi) % 12 + 1
    if period == "month":
        return f"{year}-{month:02d}"
    if period == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return str(year)


def _expand(targets: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    columns = ["target_id", "unit_id", "period", "period_start", "format", "platform", "count", "by_kind", "mi"]
    if targets.empty:
        return pd.DataFrame(columns=columns)
    frame = targets.copy()
    frame["format"] = frame["format"].where(frame["format"].notna() & (frame["format"] != ""), ANY)
    frame["platform"] = frame["platform"].where(frame["platform"].notna() & (frame["platform"] != ""), ANY)
    frame["mi"] = _mi(frame["period_start"]).to_numpy()
    frame["period_start"] = _dates_of(frame["mi"]).to_numpy()
    has_unit = frame["unit_id"].notna() & (frame["unit_id"] != "")
    own = frame[has_unit].assign(by_kind=False)
    kind = frame[~has_unit].drop(columns=["unit_id"])
    active = units[units["active"].astype(bool)] if "active" in units else units
    kind = kind.merge(active[["unit_id", "kind"]], left_on="unit_kind", right_on="kind", how="inner")
    kind["by_kind"] = True
    both = pd.concat([own[columns], kind[columns]], ignore_index=True)
    key = ["unit_id", "period", "mi", "format", "platform"]
    if both["by_kind"].any() and not both["by_kind"].all():
        both = both.sort_values("by_kind", kind="stable").drop_duplicates(key, keep="first")  # the unit's own first
    both["count"] = both["count"].astype("int64")
    return both.sort_values(key, kind="stable").reset_index(drop=True)


def expand_targets(targets: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Targets with one row per unit: a unit-kind target becomes one row for each active unit of that
    kind; a unit's own target replaces a kind target with the same period, start, format and platform.

    ``targets`` as from ``ws.targets()``; ``units`` as from ``ws.units()``. Columns: ``target_id,
    unit_id, period, period_start`` (date), ``format, platform`` (code or ``any``), ``count``, ``by_kind``."""
    return _expand(targets, units).drop(columns=["mi"])


def _chosen_targets(expanded: pd.DataFrame, period: str) -> pd.DataFrame:
    """The targets that make up each ``period`` bucket: for each unit, bucket, format and platform, the
    targets of the coarsest level (≤ period) that has any. Adds ``bucket`` (the period's first month index)."""
    frame = expanded[expanded["period"].map(_LEVEL) <= _LEVEL[period]].copy()
    if frame.empty:
        return frame.assign(bucket=pd.Series(dtype="int64"), level=pd.Series(dtype="int64"))
    frame["bucket"] = frame["mi"] - frame["mi"] % _STEP[period]
    frame["level"] = frame["period"].map(_LEVEL)
    if frame["level"].nunique() > 1:
        key = ["unit_id", "bucket", "format", "platform"]
        top = frame.groupby(key, sort=False)["level"].transform("max")
        frame = frame[frame["level"] == top]
    return frame


def _targets_at(expanded: pd.DataFrame, period: str) -> pd.DataFrame:
    """Targets summed into ``period`` buckets (see :func:`_chosen_targets`): ``unit_id, bucket, format,
    platform, target``."""
    frame = _chosen_targets(expanded, period)
    if frame.empty:
        return pd.DataFrame(columns=["unit_id", "bucket", "format", "platform", "target"])
    out = frame.groupby(["unit_id", "bucket", "format", "platform"], as_index=False, sort=False)["count"].sum()
    return out.rename(columns={"count": "target"})


# ---------------------------------------------------------------------------------------- rollup reads
def _monthly(ws, first: dt.date, last: dt.date, units: list[str] | None) -> pd.DataFrame:
    """The month rollup (unit × month × platform × format) of the months holding first … last."""
    r = rollup_month_table.c
    columns = ["unit_id", "month", "platform", "format", "outputs", "views", "shares", "videos", "short_videos",
               "matched"]
    mi = (sa.cast(sa.func.substr(r.month, 1, 4), sa.Integer) * 12 + sa.cast(sa.func.substr(r.month, 6, 2),
                                                                             sa.Integer) - 1)
    query = sa.select(*[r[c] for c in columns], mi.label("mi")).where(
        r.month >= first.isoformat()[:7], r.month <= last.isoformat()[:7]
    )
    if units is not None:
        query = query.where(r.unit_id.in_(units))
    with ws._engine.connect() as conn:
        rows = fetch(conn, query)
    frame = pd.DataFrame(rows, columns=[*columns, "mi"])
    for name in ("outputs", "videos", "short_videos", "matched", "mi"):
        frame[name] = frame[name].astype("int64")
    for name in ("views", "shares"):
        frame[name] = frame[name].astype("Float64")
    return frame


def _actuals(monthly: pd.DataFrame, period: str) -> pd.DataFrame:
    """Outputs per unit × bucket × format × platform, with ``any`` rows for every total."""
    if "mi" not in monthly:
        months = monthly["month"].astype(str)
        monthly = monthly.assign(mi=months.str[:4].astype(int) * 12 + months.str[5:7].astype(int) - 1)
    frame = pd.DataFrame({
        "unit_id": monthly["unit_id"].to_numpy(),
        "bucket": (monthly["mi"] - monthly["mi"] % _STEP[period]).to_numpy(),
        "format": monthly["format"].to_numpy(),
        "platform": monthly["platform"].to_numpy(),
        "outputs": monthly["outputs"].to_numpy(),
    })
    base = frame.groupby(["unit_id", "bucket", "format", "platform"], as_index=False, sort=False)["outputs"].sum()
    by_format = base.groupby(["unit_id", "bucket", "format"], as_index=False, sort=False)["outputs"].sum()
    by_platform = base.groupby(["unit_id", "bucket", "platform"], as_index=False, sort=False)["outputs"].sum()
    total = by_format.groupby(["unit_id", "bucket"], as_index=False, sort=False)["outputs"].sum()
    parts = [base, by_format.assign(platform=ANY), by_platform.assign(format=ANY), total.assign(format=ANY,
                                                                                               platform=ANY)]
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
    expanded = _expand(targets, unit_frame)
    expanded = expanded[expanded["unit_id"].isin(unit_frame["unit_id"])]
    wanted = _targets_at(expanded, period)
    wanted = wanted[wanted["bucket"].isin([d.year * 12 + d.month - 1 for d in starts])]
    if wanted.empty:
        return pd.DataFrame(columns=COMPLETION_COLUMNS)
    if monthly is None:
        few = wanted["unit_id"].nunique() < len(unit_frame)
        monthly = _monthly(ws, starts[0], window_end, sorted(set(wanted["unit_id"])) if few else None)
    actual = _actuals(monthly, period)
    out = wanted.merge(actual, on=["unit_id", "bucket", "format", "platform"], how="left")
    out["actual"] = out["actual"].fillna(0).astype("int64")
    out["target"] = out["target"].astype("int64")
    out["ratio"] = out["actual"] / out["target"]
    out["missing"] = (out["target"] - out["actual"]).clip(lower=0).astype("int64")
    out["status"] = _status(out["ratio"])
    out["status_label"] = out["status"].map(TRACKING_LABELS)
    out = out.sort_values(["unit_id", "bucket", "format", "platform"], kind="stable")
    buckets = pd.unique(out["bucket"])
    out["period"] = out["bucket"].map({b: _label_of(b, period) for b in buckets})
    out["period_start"] = out["bucket"].map({b: _month_start(b) for b in buckets})
    names = unit_frame.set_index("unit_id")
    out["unit_name"] = out["unit_id"].map(names["name"])
    out["unit_kind"] = out["unit_id"].map(names["kind"])
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


# ---------------------------------------------------------------------------------------- fast, short, wide
#: Columns of :func:`fast`, :func:`short`, :func:`wide`, :func:`ranking`.
FAST_COLUMNS = ["unit_id", "unit_name", "items", "median_hours", "mean_hours", "within_24h"]
SHORT_COLUMNS = ["unit_id", "unit_name", "videos", "short_videos", "share"]
WIDE_COLUMNS = ["unit_id", "unit_name", "platforms", "platform_list", "outputs", "views", "shares", "reach"]
RANKING_COLUMNS = ["rank", "unit_id", "unit_name", "target", "actual", "missing", "ratio", "status", "status_label",
                   "reach", "platforms"]


def _units_for(ws, units: Iterable[str] | None) -> pd.DataFrame:
    return _selected_units(ws.units(), units)


def _daily(ws, first: dt.date, last: dt.date, units: list[str] | None) -> pd.DataFrame:
    """Rollup rows from first to last (the columns the measures use), ``day`` as ISO text."""
    r = rollup_table.c
    names = ["unit_id", "day", "platform", "format", "outputs", "views", "shares", "videos", "short_videos"]
    query = sa.select(*[r[c] for c in names]).where(r.day >= first.isoformat(), r.day <= last.isoformat())
    if units is not None:
        query = query.where(r.unit_id.in_(units))
    with ws._engine.connect() as conn:
        rows = fetch(conn, query)
    frame = pd.DataFrame(rows, columns=names)
    for name in ("outputs", "videos", "short_videos"):
        frame[name] = frame[name].astype("int64")
    for name in ("views", "shares"):
        frame[name] = frame[name].astype("Float64")
    return frame


def _rolled(ws, first: dt.date, last: dt.date, units, unit_frame: pd.DataFrame) -> pd.DataFrame:
    """The rollup rows of first … last: from the month rollup when the window is whole months, else by day."""
    ids = None if units is None else list(unit_frame["unit_id"])
    whole = first.day == 1 and (last + dt.timedelta(days=1)).day == 1
    return _monthly(ws, first, last, ids) if whole else _daily(ws, first, last, ids)


def _short_from(rolled: pd.DataFrame, unit_frame: pd.DataFrame) -> pd.DataFrame:
    sums = rolled.groupby("unit_id")[["videos", "short_videos"]].sum()
    out = unit_frame[["unit_id", "name"]].rename(columns={"name": "unit_name"}).set_index("unit_id")
    out = out.join(sums, how="left").fillna({"videos": 0, "short_videos": 0})
    out["videos"] = out["videos"].astype("int64")
    out["short_videos"] = out["short_videos"].astype("int64")
    out["share"] = (out["short_videos"] / out["videos"].where(out["videos"] > 0)).astype(float)
    return out.reset_index()[SHORT_COLUMNS]


def _wide_from(rolled: pd.DataFrame, unit_frame: pd.DataFrame) -> pd.DataFrame:
    used = rolled[rolled["outputs"] > 0]
    platforms = used.groupby("unit_id")["platform"].agg(lambda p: sorted(set(p)))
    sums = used.groupby("unit_id")[["outputs", "views", "shares"]].sum(min_count=1)
    out = unit_frame[["unit_id", "name"]].rename(columns={"name": "unit_name"}).set_index("unit_id")
    out = out.join(sums, how="left")
    listed = platforms.reindex(out.index)
    out["platforms"] = listed.map(lambda p: len(p) if isinstance(p, list) else 0).astype("int64")
    out["platform_list"] = listed.map(
        lambda p: ", ".join(PLATFORM_LABELS.get(x, x) for x in p) if isinstance(p, list) else "")
    out["outputs"] = out["outputs"].fillna(0).astype("int64")
    known = out[["views", "shares"]].notna().any(axis=1)
    out["reach"] = out[["views", "shares"]].sum(axis=1, min_count=1).where(known)
    out["views"] = out["views"].astype("Float64")
    out["shares"] = out["shares"].astype("Float64")
    out["reach"] = out["reach"].astype("Float64")
    return out.reset_index()[WIDE_COLUMNS]


def short(ws, *, start: Any, end: Any, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Per unit (:data:`SHORT_COLUMNS`): videos whose duration is known, those at or under the short-video
    limit (setting ``short_video_seconds``), and their ``share`` (NaN when the unit has no such video)."""
    first, last = _window(start, end)
    unit_frame = _units_for(ws, units)
    return _short_from(_rolled(ws, first, last, units, unit_frame), unit_frame)


def wide(ws, *, start: Any, end: Any, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Per unit (:data:`WIDE_COLUMNS`): distinct platforms used (and which), outputs, views, shares and
    reach = views + shares (sums of the known numbers; ``<NA>`` when none is known)."""
    first, last = _window(start, end)
    unit_frame = _units_for(ws, units)
    return _wide_from(_rolled(ws, first, last, units, unit_frame), unit_frame)


def fast(ws, *, start: Any, end: Any, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Per unit (:data:`FAST_COLUMNS`): how fast planned items went out, over the outputs published from
    ``start`` to ``end`` that match an item — hours from the item's occurrence (or its planned date when it
    is planned ahead of the occurrence or has none) to its output; an output published before that counts
    0 hours; an output known only by its day counts at noon. ``within_24h`` is the share out within a day."""
    first, last = _window(start, end)
    unit_frame = _units_for(ws, units)
    from planner.store.schema import items_table, outputs_table

    o, i = outputs_table.c, items_table.c
    query = (
        sa.select(o.unit_id, o.published_at, i.occurrence_date, i.date)
        .join(items_table, i.item_id == o.item_id)
        .where(o.item_id >= 1, o.published_at >= first.isoformat(),  # '>= 1' reads the item index: matched only
               o.published_at < (last + dt.timedelta(days=1)).isoformat())
    )
    if units is not None:
        query = query.where(o.unit_id.in_(list(unit_frame["unit_id"])))
    with ws._engine.connect() as conn:
        rows = fetch(conn, query)
    frame = pd.DataFrame(rows, columns=["unit_id", "published_at", "occurrence_date", "date"])
    out = unit_frame[["unit_id", "name"]].rename(columns={"name": "unit_name"}).set_index("unit_id")
    if frame.empty:
        out = out.assign(items=0, median_hours=np.nan, mean_hours=np.nan, within_24h=np.nan)
        return out.reset_index()[FAST_COLUMNS]
    text = frame["published_at"].astype(str)
    at = pd.to_datetime(text.where(text.str.len() > 10, text + "T12:00:00"), format="ISO8601", errors="coerce")
    occurrence = pd.to_datetime(frame["occurrence_date"], errors="coerce")
    planned = pd.to_datetime(frame["date"], errors="coerce")
    # planned ahead of the occurrence (lead-up content), or no occurrence: the planned date is the start
    anchor = occurrence.where(occurrence.notna() & ~(planned < occurrence), planned)
    frame["hours"] = ((at - anchor).dt.total_seconds() / 3600).clip(lower=0)
    frame = frame[frame["hours"].notna()]
    grouped = frame.groupby("unit_id")["hours"]
    stats = pd.DataFrame({
        "items": grouped.size(),
        "median_hours": grouped.median(),
        "mean_hours": grouped.mean(),
        "within_24h": grouped.apply(lambda h: float((h <= 24).mean())),
    })
    out = out.join(stats, how="left")
    out["items"] = out["items"].fillna(0).astype("int64")
    return out.reset_index()[FAST_COLUMNS]


# ---------------------------------------------------------------------------------------- ranking
def _ranking_from(done: pd.DataFrame, wide_frame: pd.DataFrame, unit_frame: pd.DataFrame) -> pd.DataFrame:
    out = unit_frame[["unit_id", "name"]].rename(columns={"name": "unit_name"}).set_index("unit_id")
    if len(done):
        capped = done.assign(counted=np.minimum(done["actual"], done["target"]))
        sums = capped.groupby("unit_id")[["target", "actual", "missing", "counted"]].sum()
        out = out.join(sums, how="left")
    else:
        out = out.assign(target=np.nan, actual=np.nan, missing=np.nan, counted=np.nan)
    out["ratio"] = out["counted"] / out["target"].where(out["target"] > 0)
    reach = wide_frame.set_index("unit_id")[["reach", "platforms"]]
    out = out.join(reach, how="left")
    has = out["ratio"].notna()
    out["status"] = _status(out["ratio"].fillna(0)).where(has, None)
    out["status_label"] = out["status"].map(TRACKING_LABELS)
    order = out.assign(_r=out["ratio"].fillna(-1.0), _reach=out["reach"].astype(float).fillna(-1.0))
    order = order.sort_values(["_r", "_reach", "unit_name"], ascending=[False, False, True], kind="stable")
    order["rank"] = np.arange(1, len(order) + 1)
    for name in ("target", "actual", "missing"):
        order[name] = order[name].astype("Int64")
    order["platforms"] = order["platforms"].fillna(0).astype("int64")
    return order.reset_index()[RANKING_COLUMNS]


def ranking(ws, *, period: str, start: Any, end: Any, units: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per unit, best first (:data:`RANKING_COLUMNS`): the unit's targets, outputs counted and still
    missing over the periods; ``ratio`` = Σ min(actual, target) ÷ Σ target (a target over-fulfilled counts
    100%), its status; ties (and units without targets, last) by reach."""
    period = _period(period)
    first, last = _window(start, end)
    unit_frame = _units_for(ws, units)
    done = _completion(ws, period, first, last, unit_frame, ws.targets())
    starts = _starts(first, last, period)
    window_end = _next_start(starts[-1], period) - dt.timedelta(days=1)
    rolled = _rolled(ws, starts[0], window_end, units, unit_frame)
    return _ranking_from(done, _wide_from(rolled, unit_frame), unit_frame)


# ---------------------------------------------------------------------------------------- heatmap, trend
def _week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _pieces(first: dt.date, last: dt.date, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The days first … last cut into pieces by bucket (``week`` or ``month``) and by month:
    ``bucket`` (its label), ``mi`` (the month index), ``days``, ``piece`` (an index); and each day's piece."""
    days = pd.date_range(first, last, freq="D")
    mi = (days.year * 12 + days.month - 1).to_numpy()
    if by == "week":
        iso = days.isocalendar()
        bucket = iso["year"].astype(str).to_numpy() + "-W" + iso["week"].astype(int).map("{:02d}".format).to_numpy()
    else:
        bucket = days.strftime("%Y-%m").to_numpy()
    frame = pd.DataFrame({"day": days.strftime("%Y-%m-%d"), "bucket": bucket, "mi": mi})
    pieces = frame.groupby(["bucket", "mi"], sort=False).size().rename("days").reset_index()
    pieces["piece"] = np.arange(len(pieces))
    return pieces, frame.merge(pieces[["bucket", "mi", "piece"]], on=["bucket", "mi"])[["day", "mi", "piece"]]


def _bucketed(chosen: pd.DataFrame, rolled_daily: pd.DataFrame | None, monthly: pd.DataFrame | None,
              first: dt.date, last: dt.date, by: str) -> pd.DataFrame:
    """Per unit × bucket (week or month) of first … last: ``target`` (each target spread evenly over the
    days of its period) and ``actual`` (outputs of those days matching the target's format and platform)."""
    columns = ["unit_id", "bucket", "target", "actual"]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    pieces, day_piece = _pieces(first, last, by)
    chosen = chosen[["unit_id", "period", "mi", "format", "platform", "count"]]
    # each target over its months (a month target one, a quarter three, a year twelve) and its days
    spread = []
    for period, group in chosen.groupby("period", sort=False):
        n = _STEP[period]
        first_day = pd.to_datetime({"year": group["mi"] // 12, "month": group["mi"] % 12 + 1, "day": 1})
        after = group["mi"] + n
        next_day = pd.to_datetime({"year": after // 12, "month": after % 12 + 1, "day": 1})
        length = (next_day - first_day).dt.days.to_numpy()
        for k in range(n):
            spread.append(group.assign(mi=group["mi"].to_numpy() + k, _days=length))
    targets = pd.concat(spread, ignore_index=True).merge(pieces, on="mi")
    targets["target"] = targets["count"] * targets["days"] / targets["_days"]
    # outputs per unit × piece × format × platform (and the "any" totals)
    if by == "month" and monthly is not None:
        rolled = monthly[["unit_id", "mi", "format", "platform", "outputs"]].merge(pieces[["mi", "piece"]], on="mi")
    else:
        rolled = rolled_daily[["unit_id", "day", "format", "platform", "outputs"]].merge(day_piece, on="day")
    key = ["unit_id", "piece"]
    base = rolled.groupby([*key, "format", "platform"], as_index=False, sort=False)["outputs"].sum()
    by_format = base.groupby([*key, "format"], as_index=False, sort=False)["outputs"].sum()
    by_platform = base.groupby([*key, "platform"], as_index=False, sort=False)["outputs"].sum()
    total = by_format.groupby(key, as_index=False, sort=False)["outputs"].sum()
    actual = pd.concat([base, by_format.assign(platform=ANY), by_platform.assign(format=ANY),
                        total.assign(format=ANY, platform=ANY)], ignore_index=True)
    both = targets.merge(actual, on=["unit_id", "piece", "format", "platform"], how="left")
    both["actual"] = both["outputs"].fillna(0)
    out = both.groupby(["unit_id", "bucket"], as_index=False, sort=False)[["target", "actual"]].sum()
    return out[columns]


def _heatmap(chosen, daily, monthly, first, last, by, unit_frame) -> pd.DataFrame:
    out = _bucketed(chosen, daily, monthly, first, last, by).rename(columns={"bucket": "period"})
    out["ratio"] = out["actual"] / out["target"].where(out["target"] > 0)
    out["unit_name"] = out["unit_id"].map(unit_frame.set_index("unit_id")["name"])
    return out[["unit_id", "unit_name", "period", "target", "actual", "ratio"]].sort_values(
        ["unit_id", "period"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------- the dashboard
def _behind(done: pd.DataFrame) -> pd.DataFrame:
    """Completion rows not met, worst first, with what each misses in words (``missing_text``)."""
    rows = done[done["status"] != "met"].copy()
    rows["missing_text"] = [
        TRACKING_LABELS["missing_item"].format(count=m, format=format_label(f), platform=platform_label(p),
                                               period=period_name(per))
        for m, f, p, per in zip(rows["missing"], rows["format"], rows["platform"], rows["period"], strict=True)
    ]
    return rows.sort_values(["ratio", "unit_id", "period"], kind="stable").reset_index(drop=True)


def dashboard_data(ws, *, period: str, start: Any, end: Any, units: Iterable[str] | None = None) -> DashboardData:
    """Everything the dashboard draws, in one read of the rollup (plus the matched outputs for *fast*).

    * ``completion`` — :func:`completion` for the periods overlapping start … end;
    * ``heatmap`` — unit × bucket: ``unit_id, unit_name, period, target, actual, ratio`` where the buckets
      are the ISO weeks (``2025-W05``) of a month, or the months of a quarter or a year,
      and each target is spread evenly over the days of its period;
    * ``trend`` — ``period`` (each month of the window's years), ``target, actual``, all units together;
    * ``fast``, ``short``, ``wide`` — :func:`fast`, :func:`short`, :func:`wide` over the window;
    * ``behind`` — completion rows not met (worst first), with ``missing_text``;
    * ``ranking`` — :func:`ranking`; ``definitions`` — the sentences for this workspace's settings.
    """
    period = _period(period)
    first, last = _window(start, end)
    unit_frame = _units_for(ws, units)
    unit_ids = list(unit_frame["unit_id"])
    starts = _starts(first, last, period)
    window = (starts[0], _next_start(starts[-1], period) - dt.timedelta(days=1))
    years = (dt.date(window[0].year, 1, 1), dt.date(window[1].year, 12, 31))
    targets = ws.targets()
    chosen_units = None if units is None else unit_ids
    monthly = _monthly(ws, years[0], years[1], chosen_units)  # the window's years, per month: all but weeks
    in_window = _months_within(monthly, *window)
    done = _completion(ws, period, first, last, unit_frame, targets, monthly=in_window)
    expanded = _expand(targets, unit_frame)
    expanded = expanded[expanded["unit_id"].isin(unit_ids)]
    if period == "month":  # a month's heatmap by ISO week, from the day rollup of that month
        daily = _daily(ws, window[0], window[1], chosen_units)
        heat = _heatmap(_chosen_in(expanded, "year", *window), daily, None, *window, "week", unit_frame)
    else:  # a quarter's or a year's by month
        heat = _heatmap(_chosen_in(expanded, "year", *window), None, in_window, *window, "month", unit_frame)
    trend_rows = _bucketed(_chosen_in(expanded, "year", *years), None, monthly, *years, "month")
    trend = trend_rows.groupby("bucket", as_index=False)[["target", "actual"]].sum().rename(
        columns={"bucket": "period"})
    wide_frame = _wide_from(in_window, unit_frame)
    return DashboardData(
        period=period,
        start=first,
        end=last,
        completion=done,
        heatmap=heat,
        trend=trend,
        fast=fast(ws, start=window[0], end=window[1], units=None if units is None else unit_ids),
        short=_short_from(in_window, unit_frame),
        wide=wide_frame,
        behind=_behind(done),
        ranking=_ranking_from(done, wide_frame, unit_frame),
        definitions=definitions(ws.organisation.short_video_seconds),
    )


def _months_within(monthly: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    low, high = f"{first.year}-{first.month:02d}", f"{last.year}-{last.month:02d}"
    return monthly[(monthly["month"] >= low) & (monthly["month"] <= high)]


def _chosen_in(expanded: pd.DataFrame, period: str, first: dt.date, last: dt.date) -> pd.DataFrame:
    chosen = _chosen_targets(expanded, period)
    if chosen.empty:
        return chosen
    low = first.year * 12 + first.month - 1
    low -= low % _STEP[period]
    return chosen[(chosen["bucket"] >= low) & (chosen["bucket"] <= last.year * 12 + last.month - 1)]

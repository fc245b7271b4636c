"""Scheduling: the day each generated item goes on, so the plan passes its own checks.

Pure: functions over frames and rows, no workspace. :func:`planner.generate_plan` builds
the wanted items, hands them here with the items it must not move, and saves the result.

Rules (the same rules :func:`planner.check_plan` checks; tests in ``tests/test_scheduling.py``):

1. **The day itself.** An item meant for the event's own day (offset 0, ``pinned``) stays
   on it, day off or not, and is placed before anything else. It still counts towards its
   week; if such items alone fill a unit's week, the check warns and the planner decides.
2. **Campaign window.** Every other item stays inside its window (``earliest`` …
   ``latest``): for a template item, the template's first to last offset around the event
   (the window the plan check uses); for a recurring story, its month. A lead-up item
   (offset < 0) stays before the event's day and a follow-up (offset > 0) after it.
3. **Days off.** No item goes on a day off (:func:`planner.calendars.public_holidays` of
   every year a window touches) except pinned items.
4. **Weekly ceiling.** A unit never gets more than ``ceiling`` items in one week (Monday to
   Sunday, the week the plan check counts), counting the ``busy`` items generation does
   not move (edited by a planner, added by hand).
5. **Nearest day.** Within those rules an item goes to the allowed day nearest its ideal
   day (event + offset); of two equally near, the earlier.
6. **Staggering.** Items of two round-year (tròn) campaigns are not put on the same day for
   one unit when another allowed day in the window is free, so campaigns that fall in one
   week take turns instead of piling up (the events' own days excepted: rule 1).
7. **Order.** Pinned items first, then the others from the fewest allowed days (window less
   days off) to the most — the hardest to place choose first — then by ideal day, then by
   plan key: the result never depends on the order of the input.
8. **Nothing overfilled.** An item with no allowed day left is not placed; it comes back
   with ``date`` empty and a ``reason`` (``days_off`` or ``full``) so generation can report
   it instead of overfilling a week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from planner.checks.plan import week_start
from planner.values import plain

__all__ = [
    "SCHEDULE_COLUMNS",
    "REASON_DAYS_OFF",
    "REASON_FULL",
    "schedule",
    "schedule_rows",
    "unit_month_shortfall",
]

#: Columns :func:`schedule` reads; it adds ``date`` and ``reason``.
SCHEDULE_COLUMNS = ["plan_key", "unit_id", "ideal", "earliest", "latest", "anchor", "offset", "campaign"]
REASON_DAYS_OFF = "days_off"  # every day of the window is a day off
REASON_FULL = "full"  # every allowed day is in a week already at the ceiling

#: The plan check's week rule (:func:`planner.checks.plan.week_start`), remembered per day:
#: the scheduler asks it for every allowed day of every window.
_monday = lru_cache(maxsize=65536)(week_start)


def _candidates(row: dict) -> list[dt.date]:
    """Allowed days of ``row``'s window by rule 2, nearest the ideal day first (rule 5)."""
    ideal, lo, hi = row["ideal"], row["earliest"], row["latest"]
    anchor, offset = row.get("anchor"), row.get("offset")
    if anchor is not None and offset is not None:
        if offset < 0:
            hi = min(hi, anchor - dt.timedelta(days=1))
        elif offset > 0:
            lo = max(lo, anchor + dt.timedelta(days=1))
    span = (hi - lo).days
    if span < 0:
        return []
    days = [lo + dt.timedelta(days=i) for i in range(span + 1)]
    return sorted(days, key=lambda d: (abs((d - ideal).days), d))


def _working(row: dict, off: set, windows: dict) -> list[tuple[dt.date, dt.date]]:
    """The allowed days of ``row`` (nearest its ideal day first) with their weeks.

    ``windows`` belongs to one call of :func:`schedule_rows`: the same window recurs for
    every unit, so its days are worked out once."""
    shape = (row["ideal"], row["earliest"], row["latest"], row["anchor"], row["offset"])
    working = windows.get(shape)
    if working is None:
        working = windows[shape] = [(d, _monday(d)) for d in _candidates(row) if d not in off]
    return working


def _order(row: dict, off: set, windows: dict) -> tuple:
    """Pinned first, then the items with the fewest allowed days (the hardest to place), then by day and key."""
    allowed = 0 if row["pinned"] else len(_working(row, off, windows))
    return (not row["pinned"], allowed, row["ideal"], row["plan_key"])


def schedule_rows(
    rows: Iterable[dict], *, busy: Iterable[tuple[str, dt.date]] = (), days_off: Iterable[dt.date] = (), ceiling: int
) -> list[dict]:
    """:func:`schedule` over plain dicts (dates as ``datetime.date``); returns new dicts.

    Each row needs ``plan_key, unit_id, ideal, earliest, latest``; ``anchor`` and
    ``offset`` (None for recurring stories), ``campaign`` (a round-year campaign's id, or
    None) and ``pinned`` are optional. ``busy`` lists ``(unit_id, date)`` of the items
    that stay where they are.
    """
    off = set(days_off)
    windows: dict[tuple, list[tuple[dt.date, dt.date]]] = {}
    load: dict[tuple[str, dt.date], int] = defaultdict(int)
    for unit_id, day in busy:
        load[unit_id, _monday(day)] += 1
    rounds: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    out = []
    for row in sorted((_prepared(r) for r in rows), key=lambda r: _order(r, off, windows)):
        date, reason = _place(row, off, load, rounds, ceiling, windows)
        if date is not None:
            load[row["unit_id"], _monday(date)] += 1
            if row["campaign"] and not row["pinned"]:
                rounds[row["unit_id"], date].add(row["campaign"])
        out.append({**row, "date": date, "reason": reason})
    return out


def _prepared(row: dict) -> dict:
    out = dict(row)
    out.setdefault("anchor", None)
    out.setdefault("offset", None)
    out.setdefault("campaign", None)
    out["pinned"] = bool(out.get("pinned", out["offset"] == 0 and out["anchor"] is not None))
    return out


def _place(
    row: dict, off: set, load: dict, rounds: dict, ceiling: int, windows: dict
) -> tuple[dt.date | None, str | None]:
    if row["pinned"]:
        return row["anchor"] if row["anchor"] is not None else row["ideal"], None
    unit, campaign = row["unit_id"], row["campaign"]
    working = _working(row, off, windows)
    if not working:
        return None, REASON_DAYS_OFF
    fallback = None
    for day, monday in working:
        if load[unit, monday] >= ceiling:
            continue
        if campaign and rounds[unit, day] - {campaign}:
            fallback = fallback or day
            continue
        return day, None
    return (fallback, None) if fallback else (None, REASON_FULL)


def schedule(
    items: pd.DataFrame, *, busy: pd.DataFrame | None = None, days_off: Iterable = (), ceiling: int
) -> pd.DataFrame:
    """Put each row of ``items`` on a day by the module's rules; a new frame, row order kept.

    ``items`` has :data:`SCHEDULE_COLUMNS` (dates as dates or Timestamps; ``anchor``,
    ``offset`` and ``campaign`` may be empty; a ``pinned`` column, if given, overrides
    rule 1). ``busy`` has ``unit_id`` and ``date`` of the items that stay put. Adds
    ``date`` (NaT when not placed) and ``reason`` (None, ``days_off`` or ``full``).
    """
    rows = [
        {k: plain(v) for k, v in r.items()}
        for r in items.reset_index(drop=True).assign(_row=range(len(items))).to_dict("records")
    ]
    taken = [] if busy is None else [(u, plain(d)) for u, d in zip(busy["unit_id"], busy["date"], strict=True)]
    placed = schedule_rows(rows, busy=[(u, d) for u, d in taken if d is not None], days_off=map(plain, days_off),
                           ceiling=int(ceiling))
    by_row = {r["_row"]: r for r in placed}
    out = items.reset_index(drop=True).copy()
    out["date"] = pd.to_datetime([by_row[i]["date"] for i in range(len(out))])
    out["reason"] = [by_row[i]["reason"] for i in range(len(out))]
    return out




def unit_month_shortfall(items: pd.DataFrame, unit_ids: Iterable[str], *, year: int, minimum: int) -> pd.DataFrame:
    """Units with fewer than ``minimum`` dated items in a month of ``year``.

    ``items`` has ``unit_id``, ``date`` and ``status`` (cancelled items do not count).
    Returns ``unit_id, month, count`` for each short (unit, month), by unit then month.
    """
    live = items[(items["status"] != "cancelled") & items["date"].notna()]
    dates = pd.to_datetime(live["date"])
    in_year = live[dates.dt.year == year]
    counts = in_year.groupby([in_year["unit_id"], pd.to_datetime(in_year["date"]).dt.month]).size().to_dict()
    rows = [
        {"unit_id": u, "month": m, "count": counts.get((u, m), 0)}
        for u in unit_ids
        for m in range(1, 13)
        if counts.get((u, m), 0) < minimum
    ]
    return pd.DataFrame(rows, columns=["unit_id", "month", "count"])

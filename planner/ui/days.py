"""What is on a day, for the screen: occurrences of the catalogue, public holidays, the lunar date.

One home for the calendar's cells and the day panel, so both say the same thing. Worked out
once per workspace, year and catalogue (a catalogue import changes the answer; an item edit
does not), so a save never recomputes the year's occurrences.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from planner.calendars import occurrences
from planner.calendars.lunar import to_lunar
from planner.display import holiday_labels, occurrence_labels
from planner.values import missing

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["Occurrence", "Day", "year_days", "day", "lunar_day_text"]


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a catalogue event, as the screen shows it."""

    event_id: str
    title: str
    name: str
    anniversary: int | None
    tier: str | None  # "tron" (round year), "le5", "thuong" or None
    category: str
    lunar: bool
    estimated: bool

    @property
    def round_year(self) -> bool:
        return self.tier == "tron"


@dataclass(frozen=True)
class Day:
    """A day's facts: lunar date text, holiday name (or ""), occurrences."""

    date: dt.date
    lunar_text: str
    holiday: str = ""
    occurrences: tuple[Occurrence, ...] = field(default_factory=tuple)


def lunar_day_text(date: dt.date) -> str:
    """The lunar day as a calendar cell shows it: ``6`` — or ``1/2`` on the first of a lunar month."""
    lunar = to_lunar(date)
    leap = "n" if lunar.leap else ""
    return f"{lunar.day}/{lunar.month}{leap}" if lunar.day == 1 else str(lunar.day)


_CACHE: dict[tuple[str, int], tuple[int, dict[dt.date, Day]]] = {}


def _catalogue_key(events: pd.DataFrame) -> int:
    return int(pd.util.hash_pandas_object(events.astype(str), index=False).sum()) if len(events) else 0


def year_days(ws: Workspace, year: int) -> dict[dt.date, Day]:
    """Every day of ``year`` that has something on it, and the lunar text of every day."""
    events = ws.events()
    key = (ws.url, int(year))
    fingerprint = _catalogue_key(events)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    occ = occurrence_labels(occurrences(int(year), events)) if len(events) else pd.DataFrame()
    by_day: dict[dt.date, list[Occurrence]] = {}
    for row in occ.to_dict("records"):
        if missing(row["date"]):
            continue
        number = None if missing(row["anniversary"]) else int(row["anniversary"])
        by_day.setdefault(row["date"].date(), []).append(
            Occurrence(
                event_id=row["event_id"],
                title=row["title"],
                name=row["name"],
                anniversary=number,
                tier=None if missing(row["tier"]) else row["tier"],
                category=row["category"],
                lunar=row["calendar"] == "lunar",
                estimated=bool(row["estimated"]),
            )
        )
    named = holiday_labels(int(year))
    holidays = {d.date(): name for d, name in zip(named["date"], named["name"], strict=True)}
    days = {}
    first = dt.date(int(year), 1, 1)
    for offset in range((dt.date(int(year) + 1, 1, 1) - first).days):
        date = first + dt.timedelta(days=offset)
        days[date] = Day(
            date=date,
            lunar_text=lunar_day_text(date),
            holiday=holidays.get(date, ""),
            occurrences=tuple(by_day.get(date, ())),
        )
    _CACHE[key] = (fingerprint, days)
    return days


def day(ws: Workspace, date: dt.date) -> Day:
    """The facts of one day (see :func:`year_days`)."""
    return year_days(ws, date.year)[date]

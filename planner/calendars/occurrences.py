"""Dated occurrences of catalogue events in one solar year.

An *occurrence* is computed, never stored: for each event of the catalogue that is valid in
the year, its solar date, its lunar date, its anniversary number and tier, and its
official-style title.

Rules (each one tested in ``tests/calendars/test_occurrences.py``):

* **Solar events** fall on their day and month. A 29/2 event falls on 28/2 in common years
  (``estimated`` is True).
* **Month-only events** ("tháng 2/1934": the day is not known) keep their month, have no
  ``date`` (NaT) and list first in their month.
* **Lunar events** are placed by their lunar date. The calendar of solar year *Y* lists
  every occurrence whose solar date falls in *Y*: the lunar dates of lunar year *Y* and,
  for the last lunar months, of lunar year *Y − 1* (12/12 of the lunar year before often
  falls in January). So an event in lunar month 11 or 12 can fall **twice** in one solar
  year or **not at all**; ``lunar_year`` says which lunar year each row belongs to, and its
  anniversary number counts in lunar years. Events in lunar months 1–10 fall exactly once.
* A lunar event on **day 30** falls on day 29 in years where that month has 29 days
  (``estimated`` is True) — the usual practice for "the last day of the month".
* A lunar event flagged **leap** falls in the leap month when the year has that leap month,
  otherwise in the regular month (``estimated`` is True). A plain lunar event always falls
  in the regular month, never in a leap month of the same number.
* Events outside ``valid_from``–``valid_until`` are left out, and so are years before or
  equal to the base year.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

import pandas as pd

from planner.calendars import anniversary as _ann
from planner.calendars.lunar import LunarDate, leap_month, lunar_month_length, to_lunar, to_solar
from planner.calendars.names import format_date, format_lunar, format_month, format_weekday
from planner.calendars.public_holidays import public_holidays

__all__ = ["OCCURRENCE_COLUMNS", "occurrences"]

#: Columns of the frame :func:`occurrences` returns, in order.
OCCURRENCE_COLUMNS = [
    "event_id",
    "name",
    "name_en",
    "date",
    "year",
    "month",
    "day",
    "calendar",
    "lunar_day",
    "lunar_month",
    "lunar_year",
    "lunar_leap",
    "anniversary",
    "tier",
    "title",
    "category",
    "scope",
    "date_text",
    "weekday",
    "lunar_text",
    "estimated",
    "holiday",
    "source",
]


def _int_or_none(value) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return int(value)


def _solar_rows(ev: dict, year: int) -> list[dict]:
    day, month = _int_or_none(ev["day"]), int(ev["month"])
    base = _int_or_none(ev["base_year"])
    number = _ann.anniversary_number(year, base)
    if base is not None and number is None:
        return []
    if day is None:
        start, end = format_month(month, base or year), format_month(month, year)
        return [
            dict(
                date=None,
                month=month,
                day=None,
                lunar=None,
                number=number,
                start=start,
                end=end,
                estimated=False,
                lunar_year=None,
            )
        ]
    last = _calendar.monthrange(year, month)[1]
    real_day = min(day, last)
    date = dt.date(year, month, real_day)
    start = f"{day}/{month}/{base}" if base else ""
    return [
        dict(
            date=date,
            month=month,
            day=real_day,
            lunar=to_lunar(date),
            number=number,
            start=start,
            end=format_date(date),
            estimated=real_day != day,
            lunar_year=None,
        )
    ]


def _lunar_rows(ev: dict, year: int) -> list[dict]:
    day, month = int(ev["day"]), int(ev["month"])
    want_leap = bool(ev.get("leap") or False)
    base = _int_or_none(ev["base_year"])
    rows = []
    for lunar_year in (year - 1, year):
        number = _ann.anniversary_number(lunar_year, base)
        if base is not None and number is None:
            continue
        leap = want_leap and leap_month(lunar_year) == month
        real_day = min(day, lunar_month_length(month, lunar_year, leap=leap))
        ld = LunarDate(real_day, month, lunar_year, leap)
        date = to_solar(ld)
        if date.year != year:
            continue
        start = f"{day}/{month}/{base}" if base else ""
        rows.append(
            dict(
                date=date,
                month=date.month,
                day=date.day,
                lunar=ld,
                number=number,
                start=start,
                end=f"{day}/{month}/{lunar_year} âm lịch",
                estimated=(real_day != day) or (want_leap and not leap),
                lunar_year=lunar_year,
            )
        )
    return rows


def _in_window(ev: dict, year: int) -> bool:
    lo, hi = _int_or_none(ev.get("valid_from")), _int_or_none(ev.get("valid_until"))
    return (lo is None or year >= lo) and (hi is None or year <= hi)


def occurrences(year: int, events: pd.DataFrame) -> pd.DataFrame:
    """Occurrences of ``events`` (catalogue rows) in solar year ``year``, sorted by date.

    ``events`` has the catalogue columns (``event_id, name_vi, name_en, calendar, day,
    month, leap, base_year, category, scope, valid_from, valid_until, source``); the
    frame is not modified. Returns one row per occurrence with :data:`OCCURRENCE_COLUMNS`.
    """
    year = int(year)
    holiday_names = (
        public_holidays(year).assign(date=lambda f: f["date"].dt.date).groupby("date")["name"].agg("; ".join).to_dict()
    )
    out = []
    for ev in events.to_dict("records"):
        if not _in_window(ev, year):
            continue
        rows = _lunar_rows(ev, year) if ev["calendar"] == "lunar" else _solar_rows(ev, year)
        for r in rows:
            ld: LunarDate | None = r["lunar"]
            date: dt.date | None = r["date"]
            number = r["number"]
            out.append(
                {
                    "event_id": ev["event_id"],
                    "name": ev["name_vi"],
                    "name_en": ev.get("name_en") or "",
                    "date": date,
                    "year": year,
                    "month": r["month"],
                    "day": r["day"],
                    "calendar": ev["calendar"],
                    "lunar_day": ld.day if ld else None,
                    "lunar_month": ld.month if ld else None,
                    "lunar_year": ld.year if ld else None,
                    "lunar_leap": ld.leap if ld else None,
                    "anniversary": number,
                    "tier": _ann.tier(number),
                    "title": _ann.anniversary_title(ev["name_vi"], number, r["start"], r["end"]),
                    "category": ev["category"],
                    "scope": ev["scope"],
                    "date_text": format_date(date) if date else format_month(r["month"], year),
                    "weekday": format_weekday(date) if date else "",
                    "lunar_text": format_lunar(ld) if ld else "",
                    "estimated": r["estimated"],
                    "holiday": holiday_names.get(date, "") if date else "",
                    "source": ev.get("source") or "",
                }
            )
    frame = pd.DataFrame(out, columns=OCCURRENCE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in ("day", "lunar_day", "lunar_month", "lunar_year", "anniversary"):
        frame[col] = frame[col].astype("Int64")
    frame["month"] = frame["month"].astype("int64")
    frame["lunar_leap"] = frame["lunar_leap"].astype("boolean")
    frame["estimated"] = frame["estimated"].astype(bool)
    order = frame.assign(_d=frame["day"].fillna(0)).sort_values(["month", "_d", "event_id"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)

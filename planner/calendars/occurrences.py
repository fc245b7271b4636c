"""Dated occurrences of catalogue events in one solar year, and their official titles.

An *occurrence* is computed, never stored: for each event of the catalogue that is valid in
the year, its solar date, its lunar date, its anniversary number and tier, and its
official-style title. The frame holds facts only; the Vietnamese labels shown beside them
(date text, weekday, lunar text, public holiday) come from :mod:`planner.display`.

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

The official title (one rule, built only by :func:`occurrence_title` from the parts
:func:`event_occurrences` computes; the item checks compare titles with the same parts):

* ``Kỷ niệm N năm <name> (<start> – <end>)``; an event without a base year is titled by
  its name alone.
* ``<start>`` is the historical date as the catalogue records it: ``3/2/1930``; a
  month-only event ``2/1934``; a lunar event ``21/7/1969`` (``30/6 nhuận/1969`` when
  flagged leap).
* ``<end>`` names **the date that is shown** in the occurrence's row, never a day that
  does not exist. So when the date is *estimated* the end says the estimated date: 29/2 in
  a common year ends ``28/2/2025``; a lunar day 30 in a 29-day month ends ``29/12/2024 âm
  lịch``; a leap-flagged event in a year without that leap month ends in the regular
  month. Lunar ends carry ``âm lịch`` and ``nhuận`` where the shown day is in a leap month:
  ``30/6 nhuận/2025 âm lịch``.

Supported years: :data:`OCCURRENCE_YEARS` (1900–2100, the range of the lunar tables); any
other value of ``year`` is refused with an :class:`~planner.errors.InvalidValueError`.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from planner.calendars import anniversary as _ann
from planner.calendars.lunar import SUPPORTED_YEARS, LunarDate, leap_month, to_lunar, to_solar
from planner.calendars.names import format_month
from planner.errors import InvalidValueError, LunarDateError
from planner.values import missing

__all__ = [
    "OCCURRENCE_COLUMNS",
    "OCCURRENCE_YEARS",
    "Occurrence",
    "check_year",
    "event_occurrences",
    "lunar_occurrence",
    "occurrence_title",
    "occurrences",
]

#: Columns of the frame :func:`occurrences` returns, in order: facts only (labels for
#: people come from :func:`planner.display.occurrence_labels`).
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
    "estimated",
    "source",
]

#: Solar years :func:`occurrences` can compute (inclusive).
OCCURRENCE_YEARS: tuple[int, int] = (SUPPORTED_YEARS[0], SUPPORTED_YEARS[1])
_CALENDARS = ("solar", "lunar")


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of one event (facts), with the parts of its official title.

    ``lunar`` is the lunar date of the shown ``date`` (None for a month-only event);
    ``lunar_year`` is the lunar year a lunar event's occurrence belongs to (None for solar
    events); ``start`` and ``end`` are the two ends of the title's date range ("" without a
    base year).
    """

    event_id: str
    name: str
    date: dt.date | None
    month: int
    day: int | None
    lunar: LunarDate | None
    lunar_year: int | None
    number: int | None
    estimated: bool
    start: str
    end: str

    @property
    def title(self) -> str:
        return occurrence_title(self.name, number=self.number, start=self.start, end=self.end)


def occurrence_title(name: str, *, number: int | None, start: str, end: str) -> str:
    """The official title of an occurrence: the one place the title is written.

    >>> occurrence_title("Ngày thành lập Đảng Cộng sản Việt Nam", number=95, start="3/2/1930", end="3/2/2025")
    'Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)'
    """
    return _ann.anniversary_title(name, number, start, end)


# --------------------------------------------------------------------------- validation


def check_year(year, *, field: str = "year") -> int:
    """``year`` as an int when it is a whole number in :data:`OCCURRENCE_YEARS`, else an
    :class:`InvalidValueError` in Vietnamese naming the value and the supported range."""
    lo, hi = OCCURRENCE_YEARS
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise InvalidValueError(
            f"Năm phải là một số nguyên từ {lo} đến {hi}, nhận được {year!r}.",
            field=field,
            value=year,
            allowed=f"số nguyên {lo}–{hi}",
        )
    if not lo <= int(year) <= hi:
        raise InvalidValueError(
            f"Năm {int(year)} nằm ngoài khoảng tính được lịch (âm lịch và dương lịch): chỉ từ năm {lo} đến năm {hi}.",
            field=field,
            value=year,
            allowed=f"số nguyên {lo}–{hi}",
        )
    return int(year)


def _whole(ev: Mapping, column: str, *, lo: int, hi: int, required: bool) -> int | None:
    value = ev.get(column)
    if missing(value):
        if required:
            raise InvalidValueError(
                f"Sự kiện '{ev.get('event_id')}': cột '{column}' đang để trống; cần một số từ {lo} đến {hi}.",
                field=column,
                value=None,
                allowed=f"{lo}–{hi}",
            )
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value) or not lo <= value <= hi:
        raise InvalidValueError(
            f"Sự kiện '{ev.get('event_id')}': cột '{column}' phải là số nguyên từ {lo} đến {hi}, nhận được {value!r}.",
            field=column,
            value=value,
            allowed=f"{lo}–{hi}",
        )
    return int(value)


@dataclass(frozen=True)
class _Event:
    event_id: str
    name: str
    calendar: str
    day: int | None
    month: int
    leap: bool
    base: int | None


def _event(ev: Mapping) -> _Event:
    """The fields of a catalogue row the date rules need, checked; InvalidValueError otherwise."""
    cal = ev.get("calendar")
    if cal not in _CALENDARS:
        raise InvalidValueError(
            f"Sự kiện '{ev.get('event_id')}': lịch {cal!r} không hợp lệ; chỉ nhận 'solar' (dương lịch) "
            "hoặc 'lunar' (âm lịch).",
            field="calendar",
            value=cal,
            allowed=_CALENDARS,
        )
    month = _whole(ev, "month", lo=1, hi=12, required=True)
    day = _whole(ev, "day", lo=1, hi=30 if cal == "lunar" else 31, required=cal == "lunar")
    if cal == "solar" and day is not None and day > _calendar.monthrange(2024, month)[1]:
        raise InvalidValueError(
            f"Sự kiện '{ev.get('event_id')}': tháng {month} dương lịch không có ngày {day}.",
            field="day",
            value=day,
            allowed=f"1–{_calendar.monthrange(2024, month)[1]}",
        )
    leap = ev.get("leap")
    return _Event(
        event_id=str(ev.get("event_id")),
        name=str(ev.get("name_vi")),
        calendar=cal,
        day=day,
        month=month,
        leap=False if missing(leap) else bool(leap),
        base=_whole(ev, "base_year", lo=1, hi=9999, required=False),
    )


# --------------------------------------------------------------------------- date rules


def _make(ev: _Event, date: dt.date | None, **facts) -> Occurrence:
    return Occurrence(event_id=ev.event_id, name=ev.name, date=date, **facts)


def _lunar_text(ld: LunarDate) -> str:
    return f"{ld.day}/{ld.month}{' nhuận' if ld.leap else ''}/{ld.year} âm lịch"


def _solar_occurrence(ev: _Event, year: int) -> Occurrence | None:
    number = _ann.anniversary_number(year, ev.base)
    if ev.base is not None and number is None:
        return None
    if ev.day is None:
        return _make(
            ev,
            None,
            month=ev.month,
            day=None,
            lunar=None,
            lunar_year=None,
            number=number,
            estimated=False,
            start=format_month(ev.month, ev.base) if ev.base else "",
            end=format_month(ev.month, year),
        )
    real_day = min(ev.day, _calendar.monthrange(year, ev.month)[1])
    date = dt.date(year, ev.month, real_day)
    start = f"{ev.day}/{ev.month}/{ev.base}" if ev.base else ""
    return _make(
        ev,
        date,
        month=ev.month,
        day=real_day,
        lunar=to_lunar(date),
        lunar_year=None,
        number=number,
        estimated=real_day != ev.day,
        start=start,
        end=f"{real_day}/{ev.month}/{year}",
    )


def _month_start(month: int, lunar_year: int, leap: bool) -> dt.date | None:
    """Solar date of day 1 of a lunar month; None when it lies outside the supported years
    (lunar year 1899 before its 12th month, lunar 2100's months after 2100)."""
    try:
        return to_solar(LunarDate(1, month, lunar_year, leap))
    except LunarDateError:
        if lunar_year < OCCURRENCE_YEARS[0] or lunar_year >= OCCURRENCE_YEARS[1]:
            return None
        raise


def _lunar_occurrence(ev: _Event, lunar_year: int) -> Occurrence | None:
    number = _ann.anniversary_number(lunar_year, ev.base)
    if ev.base is not None and number is None:
        return None
    leap = ev.leap and leap_month(lunar_year) == ev.month
    first = _month_start(ev.month, lunar_year, leap)
    if first is None:
        return None
    date = first + dt.timedelta(days=ev.day - 1)
    if date.year > OCCURRENCE_YEARS[1]:
        return None
    shown = to_lunar(date)
    if (shown.day, shown.month, shown.leap) != (ev.day, ev.month, leap):  # day 30 of a 29-day month
        date -= dt.timedelta(days=1)
        shown = to_lunar(date)
    start = f"{ev.day}/{ev.month}{' nhuận' if ev.leap else ''}/{ev.base}" if ev.base else ""
    return _make(
        ev,
        date,
        month=date.month,
        day=date.day,
        lunar=shown,
        lunar_year=lunar_year,
        number=number,
        estimated=shown.day != ev.day or ev.leap != leap,
        start=start,
        end=_lunar_text(shown),
    )


def lunar_occurrence(event: Mapping, lunar_year: int) -> Occurrence | None:
    """The occurrence of a lunar ``event`` in lunar year ``lunar_year``, whichever solar year
    it falls in (None before the base year or outside the supported years)."""
    ev = _event(event)
    if ev.calendar != "lunar":
        raise InvalidValueError(
            f"Sự kiện '{ev.event_id}' theo dương lịch, không có năm âm lịch.",
            field="calendar",
            value=ev.calendar,
            allowed=("lunar",),
        )
    return _lunar_occurrence(ev, check_year(lunar_year, field="lunar_year"))


def event_occurrences(event: Mapping, year: int) -> list[Occurrence]:
    """Every occurrence of one catalogue row (a mapping) in solar ``year``, by date.

    The validity window (``valid_from``/``valid_until``) is not applied here: this is the
    date and title rule alone, shared by :func:`occurrences` and the item checks.
    """
    year = check_year(year)
    ev = _event(event)
    if ev.calendar == "solar":
        found = _solar_occurrence(ev, year)
        return [found] if found else []
    out = []
    for lunar_year in (year - 1, year):
        found = _lunar_occurrence(ev, lunar_year)
        if found is not None and found.date.year == year:
            out.append(found)
    return out


def _in_window(ev: Mapping, year: int) -> bool:
    lo, hi = ev.get("valid_from"), ev.get("valid_until")
    return (missing(lo) or year >= int(lo)) and (missing(hi) or year <= int(hi))


def _row(ev: Mapping, o: Occurrence, year: int) -> dict:
    ld = o.lunar
    return {
        "event_id": ev["event_id"],
        "name": ev["name_vi"],
        "name_en": ev.get("name_en") or "",
        "date": o.date,
        "year": year,
        "month": o.month,
        "day": o.day,
        "calendar": ev["calendar"],
        "lunar_day": ld.day if ld else None,
        "lunar_month": ld.month if ld else None,
        "lunar_year": ld.year if ld else None,
        "lunar_leap": ld.leap if ld else None,
        "anniversary": o.number,
        "tier": _ann.tier(o.number),
        "title": o.title,
        "category": ev["category"],
        "scope": ev["scope"],
        "estimated": o.estimated,
        "source": ev.get("source") or "",
    }


def occurrences(year: int, events: pd.DataFrame) -> pd.DataFrame:
    """Occurrences of ``events`` (catalogue rows) in solar year ``year``, sorted by date.

    ``events`` has the catalogue columns (``event_id, name_vi, name_en, calendar, day,
    month, leap, base_year, category, scope, valid_from, valid_until, source``); the
    frame is not modified. Returns one row per occurrence with :data:`OCCURRENCE_COLUMNS`
    (facts; add the Vietnamese labels with :func:`planner.display.occurrence_labels`).
    ``year`` must be a whole number in :data:`OCCURRENCE_YEARS`; a row with an unknown
    calendar, a lunar row without a day or a day or month out of range raises
    :class:`~planner.errors.InvalidValueError` naming the event.
    """
    year = check_year(year)
    records = events.to_dict("records")
    for ev in records:
        _event(ev)  # every row is checked, in the window or not
    out = [_row(ev, o, year) for ev in records if _in_window(ev, year) for o in event_occurrences(ev, year)]
    frame = pd.DataFrame(out, columns=OCCURRENCE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in ("day", "lunar_day", "lunar_month", "lunar_year", "anniversary"):
        frame[col] = frame[col].astype("Int64")
    frame["month"] = frame["month"].astype("int64")
    frame["lunar_leap"] = frame["lunar_leap"].astype("boolean")
    frame["estimated"] = frame["estimated"].astype(bool)
    order = frame.assign(_d=frame["day"].fillna(0)).sort_values(["month", "_d", "event_id"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)

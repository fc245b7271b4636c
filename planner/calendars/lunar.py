"""Vietnamese lunar calendar <-> Gregorian (solar) dates.

The astronomy is the ``lunar-vn`` package (Hồ Ngọc Đức's algorithm, UTC+7, checked for
1900-2100). This module adds what callers need on top of it:

* a :class:`LunarDate` record whose fields are checked on construction;
* :func:`to_solar` refuses lunar dates that do not exist — day 30 of a 29-day month, a
  leap flag on a month that is not the leap month of that year — where ``lunar-vn`` would
  silently roll over into the next month;
* every failure is a :class:`~planner.errors.LunarDateError` with a Vietnamese message.

References:
    Hồ Ngọc Đức, "Thuật toán tính âm lịch" (the algorithm used by ``lunar-vn``).
    Vietnamese lunar calendar uses UTC+7 since 1968, which is why Tết differs from the
    Chinese New Year in some years (1985, 2007, 2030).
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from dataclasses import dataclass
from functools import lru_cache

import lunar_vn
import numpy as np

from planner.errors import LunarDateError
from planner.values import missing

__all__ = [
    "LunarDate",
    "SUPPORTED_YEARS",
    "to_lunar",
    "to_solar",
    "leap_month",
    "lunar_month_length",
]

#: Solar years for which conversions are correct (inclusive).
SUPPORTED_YEARS: tuple[int, int] = tuple(lunar_vn.SUPPORTED_YEAR_RANGE)  # (1900, 2100)
_TIME_ZONE = 7.0


@dataclass(frozen=True, order=True)
class LunarDate:
    """A date of the Vietnamese lunar calendar.

    ``leap`` is True for a day of the intercalary (nhuận) month. Constructing a
    LunarDate checks only the plain ranges (day 1-30, month 1-12, supported year);
    whether the day really exists in that year is checked by :func:`to_solar`.
    """

    day: int
    month: int
    year: int
    leap: bool = False

    def __post_init__(self) -> None:
        for name, label in (("day", "Ngày âm lịch"), ("month", "Tháng âm lịch"), ("year", "Năm âm lịch")):
            object.__setattr__(self, name, _whole(getattr(self, name), f"{label} ({name})"))
        if not _is_bool(self.leap):
            raise LunarDateError(
                f"Dấu tháng nhuận (leap) phải là True hoặc False, nhận được {self.leap!r}; "
                "ví dụ LunarDate(1, 6, 2025, leap=True) là ngày 1/6 nhuận năm 2025."
            )
        if not 1 <= self.month <= 12:
            raise LunarDateError(f"Tháng âm lịch phải từ 1 đến 12, nhận được {self.month}.")
        if not 1 <= self.day <= 30:
            raise LunarDateError(f"Ngày âm lịch phải từ 1 đến 30, nhận được {self.day}.")
        lo, hi = SUPPORTED_YEARS
        if not lo - 1 <= self.year <= hi:
            raise LunarDateError(f"Năm âm lịch {self.year} nằm ngoài khoảng hỗ trợ {lo - 1}–{hi}.")
        object.__setattr__(self, "leap", bool(self.leap))


def _is_bool(value: object) -> bool:
    """True for ``bool`` and numpy's ``bool_`` (what a DataFrame cell gives)."""
    return isinstance(value, bool | np.bool_)


def _whole(value: object, what: str) -> int:
    """``value`` as a Python int; refuses bools, floats, text (LunarDateError naming ``what``)."""
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        raise LunarDateError(f"{what} phải là số nguyên, nhận được {value!r}.")
    return int(value)


def _as_date(value: dt.date) -> dt.date:
    if missing(value):  # None, NA, NaT, NaN
        raise LunarDateError("Cần một ngày dương lịch (datetime.date), nhận được ô trống (NaT).")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp
        return value.to_pydatetime().date()
    raise LunarDateError(f"Cần một ngày dương lịch (datetime.date), nhận được {value!r}.")


@lru_cache(maxsize=65536)
def _solar_to_lunar(day: int, month: int, year: int) -> LunarDate:
    raw = lunar_vn.convert_solar_to_lunar(day, month, year, time_zone=_TIME_ZONE)
    return LunarDate(raw.day, raw.month, raw.year, raw.leap)


@lru_cache(maxsize=65536)
def _lunar_to_solar_raw(day: int, month: int, year: int, leap: bool) -> dt.date:
    """lunar-vn's conversion; may roll over for dates that do not exist."""
    try:
        return lunar_vn.convert_lunar_to_solar(day, month, year, 1 if leap else 0, time_zone=_TIME_ZONE)
    except ValueError as exc:  # leap flag on a non-leap month, or year out of range
        raise _LunarVnRefused(str(exc)) from exc


class _LunarVnRefused(Exception):
    """lunar-vn refused a conversion; its English text is translated by :func:`_refusal`."""


_SOLAR_OUT = re.compile(r"Solar result year (-?\d+) out of supported range")


def _refusal(label: str, exc: _LunarVnRefused) -> str:
    """Vietnamese for lunar-vn's refusal of the lunar date ``label``."""
    lo, hi = SUPPORTED_YEARS
    text = str(exc)
    solar = _SOLAR_OUT.search(text)
    if solar:
        return (
            f"Ngày âm lịch {label} rơi vào năm dương lịch {solar[1]}, ngoài khoảng lịch được hỗ trợ {lo}–{hi}; "
            "hãy chọn một ngày trong khoảng này."
        )
    if "leap" in text.lower():
        return f"Ngày âm lịch {label} không tồn tại: tháng này không phải tháng nhuận. Bỏ dấu nhuận (N)."
    return f"Không đổi được ngày âm lịch {label} sang dương lịch: ngày này nằm ngoài khoảng hỗ trợ {lo}–{hi}."


def to_lunar(date: dt.date) -> LunarDate:
    """The lunar date of a solar date (Vietnamese calendar, UTC+7).

    >>> to_lunar(dt.date(2025, 4, 7))
    LunarDate(day=10, month=3, year=2025, leap=False)
    """
    d = _as_date(date)
    lo, hi = SUPPORTED_YEARS
    if not lo <= d.year <= hi:
        raise LunarDateError(f"Năm {d.year} nằm ngoài khoảng hỗ trợ của lịch âm ({lo}–{hi}).")
    return _solar_to_lunar(d.day, d.month, d.year)


def leap_month(year: int) -> int | None:
    """The intercalary month of lunar year ``year`` (e.g. 6 for 2025), or None."""
    year = _whole(year, "Năm âm lịch (year)")
    lo, hi = SUPPORTED_YEARS
    if not lo - 1 <= year <= hi:
        raise LunarDateError(f"Năm âm lịch {year} nằm ngoài khoảng hỗ trợ {lo - 1}–{hi}.")
    return _leap_month(year)


@lru_cache(maxsize=1024)
def _leap_month(year: int) -> int | None:
    for month in range(1, 13):
        try:
            start = _lunar_to_solar_raw(1, month, year, True)
        except _LunarVnRefused:
            continue
        if _solar_to_lunar(start.day, start.month, start.year) == LunarDate(1, month, year, True):
            return month
    return None


def lunar_month_length(month: int, year: int, *, leap: bool = False) -> int:
    """Number of days (29 or 30) of a lunar month."""
    return _month_length(LunarDate(1, month, year, leap))


@lru_cache(maxsize=16384)
def _month_length(first_day: LunarDate) -> int:
    first = to_solar(first_day)
    day30 = first + dt.timedelta(days=29)
    return 30 if _solar_to_lunar(day30.day, day30.month, day30.year).day == 30 else 29


def to_solar(lunar_date: LunarDate) -> dt.date:
    """The solar date of a lunar date; refuses lunar dates that do not exist.

    >>> to_solar(LunarDate(10, 3, 2025))
    datetime.date(2025, 4, 7)
    """
    if not isinstance(lunar_date, LunarDate):
        raise LunarDateError(f"Cần một LunarDate(day, month, year, leap=False), nhận được {lunar_date!r}.")
    ld = lunar_date
    label = f"{ld.day}/{ld.month}{' nhuận' if ld.leap else ''} năm {ld.year}"
    if ld.leap:
        actual = leap_month(ld.year)
        if actual != ld.month:
            where = f"năm {ld.year} nhuận tháng {actual}" if actual else f"năm {ld.year} không có tháng nhuận"
            raise LunarDateError(
                f"Ngày âm lịch {label} không tồn tại: tháng {ld.month} không phải tháng nhuận "
                f"({where}). Bỏ dấu nhuận hoặc chọn đúng tháng nhuận."
            )
    try:
        solar = _lunar_to_solar_raw(ld.day, ld.month, ld.year, ld.leap)
    except _LunarVnRefused as exc:
        raise LunarDateError(_refusal(label, exc)) from None
    back = _solar_to_lunar(solar.day, solar.month, solar.year)
    if back != ld:
        raise LunarDateError(
            f"Ngày âm lịch {label} không tồn tại: tháng {ld.month}"
            f"{' nhuận' if ld.leap else ''} âm lịch năm {ld.year} chỉ có 29 ngày."
        )
    return solar

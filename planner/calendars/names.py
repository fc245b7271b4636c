"""Vietnamese names and formats for dates: weekdays, can-chi years, ``3/2/2025``.

Pure functions, no I/O.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import numbers
import re

from lunar_vn import can_chi as _can_chi

from planner.calendars.lunar import LunarDate, to_lunar
from planner.errors import InvalidValueError

__all__ = [
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "OCT",
    "NOV",
    "DEC",
    "MON",
    "TUE",
    "WED",
    "THU",
    "FRI",
    "SAT",
    "SUN",
    "WEEKDAY_NAMES",
    "MONTH_NAMES",
    "can_chi_year",
    "format_date",
    "format_weekday",
    "format_date_long",
    "format_lunar",
    "format_month",
    "parse_date",
    "DATE_FORMS",
]

JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV, DEC = range(1, 13)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

#: Indexed by ``date.weekday()`` (Monday = 0).
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
#: Indexed by month number (index 0 unused).
MONTH_NAMES = ("",) + tuple(f"Tháng {m}" for m in range(1, 13))


def can_chi_year(year: int) -> str:
    """Can-chi name of a lunar year: 2024 → 'Giáp Thìn', 2025 → 'Ất Tỵ'."""
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise InvalidValueError(
            f"Năm phải là số nguyên, nhận được {year!r}.", field="year", value=year, allowed="số nguyên"
        )
    return _can_chi.get_year_can_chi(int(year))


def format_date(date: dt.date) -> str:
    """Vietnamese short date without zero padding: 3/2/2025."""
    _check_date(date)
    return f"{date.day}/{date.month}/{date.year}"


def _check_date(date: object) -> None:
    if not isinstance(date, dt.date) or date != date:  # date != date: pandas.NaT
        raise InvalidValueError(
            f"Cần một ngày dương lịch (datetime.date), nhận được {date!r}.",
            field="date",
            value=date,
            allowed="datetime.date",
        )


def format_month(month: int, year: int) -> str:
    """Month-only date: 2/1934."""
    return f"{month}/{year}"


def format_weekday(date: dt.date) -> str:
    """'Thứ Hai' … 'Chủ nhật'."""
    _check_date(date)
    return WEEKDAY_NAMES[date.weekday()]


def format_date_long(date: dt.date) -> str:
    """'Thứ Hai, 3/2/2025'."""
    return f"{format_weekday(date)}, {format_date(date)}"


def format_lunar(value: LunarDate | dt.date, *, with_year: bool = True) -> str:
    """Lunar date as written in Vietnamese: '10/3 Ất Tỵ'; leap month '10/6 nhuận Ất Tỵ'.

    Accepts a LunarDate or a solar date (converted first).
    """
    ld = value if isinstance(value, LunarDate) else to_lunar(value)
    text = f"{ld.day}/{ld.month}{' nhuận' if ld.leap else ''}"
    return f"{text} {can_chi_year(ld.year)}" if with_year else text


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
#: The forms :func:`parse_date` reads, as told to users.
DATE_FORMS = "3/2/2025 hoặc 2025-02-03"


def parse_date(text: str) -> dt.date:
    """'2025-02-03' or '3/2/2025' (day/month/year, as Vietnamese write it) → date.

    Raises :class:`~planner.errors.InvalidValueError` (a ValueError too) naming the text and
    the accepted forms, or saying why the day does not exist. The message starts in lower
    case and has no final stop, so callers can put it after a field name.
    """
    if not isinstance(text, str):
        raise _bad_date(f"không đọc được ngày {text!r}; viết dạng {DATE_FORMS}", text)
    text = text.strip()
    iso, vn = _ISO.match(text), _VN.match(text)
    if not (iso or vn):
        raise _bad_date(f"không đọc được ngày '{text}'; viết dạng {DATE_FORMS}", text)
    year, month, day = (int(iso[1]), int(iso[2]), int(iso[3])) if iso else (int(vn[3]), int(vn[2]), int(vn[1]))
    if not 1 <= year <= 9999:
        raise _bad_date(f"ngày '{text}' không tồn tại: năm phải từ 1 đến 9999", text)
    if not 1 <= month <= 12:
        raise _bad_date(f"ngày '{text}' không tồn tại: tháng phải từ 1 đến 12, nhận được {month}", text)
    longest = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= longest:
        raise _bad_date(
            f"ngày '{text}' không tồn tại: tháng {month}/{year} có {longest} ngày (từ 1 đến {longest})", text
        )
    return dt.date(year, month, day)


def _bad_date(message: str, value: object) -> InvalidValueError:
    return InvalidValueError(message, field="date", value=value, allowed=DATE_FORMS)

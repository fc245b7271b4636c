"""Vietnamese names and formats for dates: weekdays, can-chi years, ``3/2/2025``.

Pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re

from lunar_vn import can_chi as _can_chi

from planner.calendars.lunar import LunarDate, to_lunar

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
]

JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV, DEC = range(1, 13)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

#: Indexed by ``date.weekday()`` (Monday = 0).
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
#: Indexed by month number (index 0 unused).
MONTH_NAMES = ("",) + tuple(f"Tháng {m}" for m in range(1, 13))


def can_chi_year(year: int) -> str:
    """Can-chi name of a lunar year: 2024 → 'Giáp Thìn', 2025 → 'Ất Tỵ'."""
    return _can_chi.get_year_can_chi(year)


def format_date(date: dt.date) -> str:
    """Vietnamese short date without zero padding: 3/2/2025."""
    return f"{date.day}/{date.month}/{date.year}"


def format_month(month: int, year: int) -> str:
    """Month-only date: 2/1934."""
    return f"{month}/{year}"


def format_weekday(date: dt.date) -> str:
    """'Thứ Hai' … 'Chủ nhật'."""
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


def parse_date(text: str) -> dt.date:
    """'2025-02-03' or '3/2/2025' (day/month/year, as Vietnamese write it) → date.

    Raises ValueError naming the accepted forms, or saying why the day does not exist.
    """
    text = text.strip()
    iso, vn = _ISO.match(text), _VN.match(text)
    if not (iso or vn):
        raise ValueError(f"không đọc được ngày '{text}'; viết dạng 3/2/2025 hoặc 2025-02-03")
    year, month, day = (int(iso[1]), int(iso[2]), int(iso[3])) if iso else (int(vn[3]), int(vn[2]), int(vn[1]))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày '{text}' không tồn tại") from None

"""Cell values of platform exports: dates and times in the platforms' own forms, durations, counts, text.

Dates come as the platform writes them: ``09/04/2025 14:30`` (US order, month first, in an English
interface), ``04/09/2025`` (day first, Vietnamese), ``Sep 4, 2025``, ``4 thg 9, 2025``, ``2025-09-04T14:30:00``,
an Excel date, or without a year (``Sep 4``, ``4 thg 9``) — the year then comes from the export's context
(:func:`context_range`). The time of day is kept when given (the effectiveness review uses the hour).
Counts reuse the Excel report import's reading (thousands separators; empty is unknown, never 0).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.datetime import from_excel

from planner.calendars import SUPPORTED_YEARS
from planner.intake import INVISIBLE as _INVISIBLE
from planner.intake import BadValue as _Bad
from planner.intake import blank as _blank
from planner.intake import count as _count
from planner.intake import shown as _shown
from planner.intake import text as _text

__all__ = ["Bad", "When", "blank", "count", "duration", "text", "shown", "parse_when", "full_dates", "year_for",
           "DATE_HELP"]

Bad = _Bad
blank = _blank
count = _count
text = _text
shown = _shown

DATE_HELP = "cần ngày đăng như nền tảng ghi, ví dụ 09/04/2025 14:30, Sep 4, 2025, 4 thg 9, 2025 hoặc 2025-09-04"
_DURATION_HELP = "cần thời lượng bằng giây (45), phút:giây (1:05) hoặc giờ:phút:giây (1:02:03)"

_MONTHS_EN = {
    m: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for m in names
}
_TIME = r"(?:[ ,T]+(?:lúc\s*|at\s*)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?|SA|CH|sa|ch)?)?"
_ZONE = r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT|\(?(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?\)?)?"
_NUMERIC = re.compile(r"(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})" + _TIME + _ZONE, re.IGNORECASE)
_EN = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?" + _TIME + _ZONE, re.IGNORECASE)
_EN_DMY = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?(?:\s+(\d{4}))?" + _TIME + _ZONE, re.IGNORECASE)
_VI = re.compile(
    r"(?:ngày\s*)?(\d{1,2})\s*(?:thg|tháng|th)\.?\s*(\d{1,2})(?:\s*(?:,|năm)?\s*(\d{4}))?" + _TIME + _ZONE,
    re.IGNORECASE,
)
_VI_MONTH_FIRST = re.compile(r"(?:th|thg|tháng)\s*(\d{1,2}),?\s+(\d{1,2}),?(?:\s+(\d{4}))?" + _TIME + _ZONE,
                             re.IGNORECASE)
_COMPACT = re.compile(r"(20\d{2})(\d{2})(\d{2})")
_ANY_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}"
    r"|\d{1,2} (?:thg|tháng) \d{1,2},? \d{4}"
    r"|(?<!\d)20\d{6}(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class When:
    """A publication moment as read: a date or a datetime; ``year_missing`` when the cell gave no year."""

    month: int
    day: int
    year: int | None
    time: dt.time | None

    @property
    def year_missing(self) -> bool:
        return self.year is None

    def value(self, year: int | None = None) -> dt.date | dt.datetime:
        """The date (or datetime, when the cell had a time) in ``year`` when the cell had none."""
        y = self.year if self.year is not None else year
        if y is None:
            raise _Bad("ngày không ghi năm và không biết năm của tệp")
        try:
            day = dt.date(y, self.month, self.day)
        except ValueError:
            raise _Bad(f"ngày {self.day}/{self.month}/{y} không có trong lịch") from None
        lo, hi = SUPPORTED_YEARS
        if not lo <= y <= hi:
            raise _Bad(f"năm {y} ngoài các năm {lo}–{hi} mà phần mềm hỗ trợ")
        return day if self.time is None else dt.datetime.combine(day, self.time)


def _clock(h: str | None, m: str | None, s: str | None, half: str | None, original: Any) -> dt.time | None:
    if h is None:
        return None
    hour, minute, second = int(h), int(m), int(s or 0)
    if half:
        mark = half.replace(".", "").lower()
        if not 1 <= hour <= 12:
            raise _Bad(f"giờ {_shown(original)} không hợp lệ (giờ {hour} với {half}); {DATE_HELP}")
        if mark in ("pm", "ch"):
            hour = hour % 12 + 12
        else:
            hour = hour % 12
    if hour > 23 or minute > 59 or second > 59:
        raise _Bad(f"giờ {_shown(original)} không hợp lệ; {DATE_HELP}")
    return dt.time(hour, minute, second)


def _month_word(word: str) -> int | None:
    return _MONTHS_EN.get(word.lower().rstrip("."))


def parse_when(value: Any, *, order: str = "MDY", epoch: dt.datetime | None = None) -> When | None:
    """A publication date/time cell → :class:`When` (None when empty); ``order`` is ``MDY`` or ``DMY`` for
    numeric dates such as ``09/04/2025``. Raises :class:`Bad` naming the value and the forms accepted."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _Bad(f"{_shown(value)} không phải ngày; {DATE_HELP}")
    if isinstance(value, dt.datetime):
        time = value.time().replace(microsecond=0)
        return When(value.month, value.day, value.year, None if time == dt.time() else time)
    if isinstance(value, dt.date):
        return When(value.month, value.day, value.year, None)
    if isinstance(value, int | float):
        if epoch is None or not 1 <= value < 2958466:
            raise _Bad(f"{_shown(value)} không phải ngày; {DATE_HELP}")
        return parse_when(from_excel(value, epoch=epoch), order=order)
    if not isinstance(value, str):
        raise _Bad(f"{_shown(value)} không phải ngày; {DATE_HELP}")
    written = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", value)).strip(_INVISIBLE + " \t\r\n")
    written = re.sub(r"\s+", " ", written)
    m = _NUMERIC.fullmatch(written)
    if m:
        a, b, c = int(m[1]), int(m[3]), int(m[4])
        if len(m[1]) == 4:
            year, month, day = a, b, c
        elif len(m[4]) != 4:
            raise _Bad(f"không đọc được ngày {_shown(value)} (năm cần đủ 4 chữ số); {DATE_HELP}")
        elif order == "DMY":
            day, month, year = a, b, c
        else:
            month, day, year = a, b, c
        return _checked(When(month, day, year, _clock(m[5], m[6], m[7], m[8], value)), value)
    m = _EN.fullmatch(written)
    if m and _month_word(m[1]):
        return _checked(When(_month_word(m[1]), int(m[2]), int(m[3]) if m[3] else None,
                             _clock(m[4], m[5], m[6], m[7], value)), value)
    m = _EN_DMY.fullmatch(written)
    if m and _month_word(m[2]):
        return _checked(When(_month_word(m[2]), int(m[1]), int(m[3]) if m[3] else None,
                             _clock(m[4], m[5], m[6], m[7], value)), value)
    m = _VI.fullmatch(written)
    if m:
        return _checked(When(int(m[2]), int(m[1]), int(m[3]) if m[3] else None,
                             _clock(m[4], m[5], m[6], m[7], value)), value)
    m = _VI_MONTH_FIRST.fullmatch(written)
    if m:
        return _checked(When(int(m[1]), int(m[2]), int(m[3]) if m[3] else None,
                             _clock(m[4], m[5], m[6], m[7], value)), value)
    raise _Bad(f"không đọc được ngày {_shown(value)}; {DATE_HELP}")


def _checked(when: When, original: Any) -> When:
    if not 1 <= when.month <= 12 or not 1 <= when.day <= 31:
        raise _Bad(f"ngày {_shown(original)} không có trong lịch (tháng {when.month}, ngày {when.day}); {DATE_HELP}")
    if when.year is not None:
        try:
            dt.date(when.year, when.month, when.day)
        except ValueError:
            raise _Bad(f"ngày {_shown(original)} không có trong lịch; {DATE_HELP}") from None
        lo, hi = SUPPORTED_YEARS
        if not lo <= when.year <= hi:
            raise _Bad(f"năm {when.year} của ngày {_shown(original)} ngoài các năm {lo}–{hi} mà phần mềm hỗ trợ")
    return when


def numeric_order(value: Any) -> str | None:
    """'MDY' or 'DMY' when a numeric date tells its order by itself (13/04/2025 is day first), else None."""
    if not isinstance(value, str):
        return None
    m = _NUMERIC.fullmatch(re.sub(r"\s+", " ", value.strip(_INVISIBLE + " \t\r\n")))
    if not m or len(m[1]) == 4:
        return None
    a, b = int(m[1]), int(m[3])
    if a > 12 >= b:
        return "DMY"
    if b > 12 >= a:
        return "MDY"
    return None


def full_dates(text_value: str, order: str = "DMY") -> list[dt.date]:
    """The dates with a year written in a piece of text (a preamble line, a file or sheet name); numeric ones
    in ``order`` unless one of them tells its own (13/…)."""
    told = {numeric_order(m.group(0)) for m in _ANY_DATE.finditer(text_value)} - {None}
    if len(told) == 1:
        order = told.pop()
    found = []
    for m in _ANY_DATE.finditer(unicodedata.normalize("NFC", text_value)):
        piece = m.group(0)
        compact = _COMPACT.fullmatch(piece)
        try:
            if compact:
                found.append(dt.date(int(compact[1]), int(compact[2]), int(compact[3])))
                continue
            when = parse_when(piece, order=order)
        except (_Bad, ValueError):
            continue
        if when is not None and when.year is not None:
            found.append(dt.date(when.year, when.month, when.day))
    return found


def year_for(when: When, start: dt.date, end: dt.date) -> int:
    """The year that puts a day without year inside the export's range ``start``…``end`` (or nearest to it)."""
    best, distance = start.year, None
    for year in range(start.year - 1, end.year + 2):
        try:
            day = dt.date(year, when.month, when.day)
        except ValueError:
            continue
        gap = 0 if start <= day <= end else min(abs((day - start).days), abs((day - end).days))
        if distance is None or gap < distance:
            best, distance = year, gap
    return best


def duration(value: Any) -> int | None:
    """Seconds of a video: 45, '45', '1:05', '1:02:03', '45s', '1m 5s', an Excel time; empty is unknown."""
    if _blank(value):
        return None
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds())
    if isinstance(value, float) and not value.is_integer() and 0 < value < 1:  # an Excel time as a fraction of a day
        return round(value * 86400)
    if isinstance(value, str):
        written = value.strip(_INVISIBLE + " \t\r\n").lower()
        m = re.fullmatch(r"(?:(\d{1,2}):)?(\d{1,3}):(\d{2})", written)
        if m:
            if int(m[3]) > 59 or (m[1] and int(m[2]) > 59):
                raise _Bad(f"thời lượng {_shown(value)} không hợp lệ; {_DURATION_HELP}")
            return int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
        m = re.fullmatch(r"(?:(\d+)\s*(?:h|giờ))?\s*(?:(\d+)\s*(?:m|min|phút))?\s*(?:(\d+)\s*(?:s|sec|giây))?", written)
        if m and any(m.groups()):
            return int(m[1] or 0) * 3600 + int(m[2] or 0) * 60 + int(m[3] or 0)
        if re.fullmatch(r"\d+[.,]\d+", written):
            return round(float(written.replace(",", ".")))
    if isinstance(value, float) and not value.is_integer():
        return round(value)
    try:
        return _count(value)
    except _Bad:
        raise _Bad(f"{_shown(value)} không phải thời lượng; {_DURATION_HELP}") from None

"""Every value that enters the store is checked here first: type, range, allowed codes, required.

One function per kind of field; :func:`item_fields` checks a whole set of item fields and
returns them converted to what the columns hold (ints, dates, NFC text). A bad value raises
:class:`~planner.errors.InvalidValueError` naming the field, the value given and what is
allowed — the store never writes text into an integer column, and a form can mark the field.
Foreign keys (unit, event) are checked by the store, which knows what exists.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from planner.calendars import SUPPORTED_YEARS, format_date, parse_date
from planner.errors import InvalidValueError
from planner.model import FORMATS, PLATFORMS, STATUSES, THEMES
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS, THEME_LABELS
from planner.values import is_collection, missing

__all__ = [
    "FIELD_LABELS",
    "MAX_TITLE",
    "MAX_TEXT",
    "integer",
    "record_id",
    "version",
    "year",
    "date",
    "text",
    "code",
    "link",
    "timestamp",
    "item_fields",
    "filter_value",
]

#: Field names as a person reads them in a message.
FIELD_LABELS = {
    "item_id": "số nội dung",
    "version": "phiên bản",
    "year": "năm kế hoạch",
    "unit_id": "đơn vị",
    "event_id": "sự kiện",
    "occurrence_date": "ngày sự kiện",
    "date": "ngày đăng",
    "title": "tiêu đề",
    "format": "định dạng",
    "platform": "nền tảng",
    "theme": "chủ đề",
    "status": "trạng thái",
    "notes": "ghi chú",
    "link": "đường dẫn",
    "published_at": "thời gian đăng",
    "offset_days": "số ngày so với ngày kỷ niệm",
    "plan_key": "khóa kế hoạch",
    "template_id": "mẫu chiến dịch",
    "spec_id": "mục của mẫu",
    "reason": "lý do",
    "comment": "nhận xét",
    "reviewer": "người duyệt",
    "unit_kind": "loại đơn vị",
    "period": "kỳ",
    "period_start": "ngày đầu kỳ",
    "count": "số lượng",
    "target_id": "số chỉ tiêu",
    "output_id": "số sản phẩm",
    "url": "đường dẫn",
    "source": "nguồn",
    "duration_s": "thời lượng (giây)",
    "views": "lượt xem",
    "reactions": "lượt tương tác",
    "shares": "lượt chia sẻ",
    "comments": "bình luận",
    "start": "từ ngày",
    "end": "đến ngày",
}
MAX_TITLE = 500
MAX_TEXT = 20_000
_MAX_ID = 2**62
_CODES = {
    "format": (FORMATS, FORMAT_LABELS),
    "platform": (PLATFORMS, PLATFORM_LABELS),
    "theme": (THEMES, THEME_LABELS),
    "status": (STATUSES, STATUS_LABELS),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _missing(value: Any) -> bool:
    return not is_collection(value) and missing(value)


def _label(field: str) -> str:
    return f"Trường '{field}' ({FIELD_LABELS.get(field, field)})"


def _shown(value: Any) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):  # as people write dates: 1/1/2200
        return format_date(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _bad(field: str, value: Any, expected: str, allowed: Any = None) -> InvalidValueError:
    return InvalidValueError(
        f"{_label(field)}: giá trị {_shown(value)} không hợp lệ; {expected}.",
        field=field,
        value=value,
        allowed=allowed if allowed is not None else expected,
    )


def integer(field: str, value: Any, *, lo: int, hi: int) -> int:
    """A whole number from lo to hi: an int (not a bool), a whole float, or digits as text."""
    expected = f"cần một số nguyên từ {lo} đến {hi}"
    number: int | None = None
    if isinstance(value, bool) or _missing(value):
        number = None
    elif isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,20}\s*", value):
        number = int(value)
    if number is None or not lo <= number <= hi:
        raise _bad(field, value, expected)
    return number


#: The largest id a row can have: the id columns are INTEGER, 32 bits on PostgreSQL.
MAX_STORED_ID = 2**31 - 1
#: The largest count (views, shares …) a row can hold, for the same reason: what a file may say, too
#: (:mod:`planner.intake` refuses a bigger one at its cell, before the store would).
MAX_COUNT = 2**31 - 1


#: An IN list longer than this goes into the statement's text rather than as parameters: PostgreSQL takes at
#: most 65,535 parameters in one statement (a filter of 70,000 ids was a raw error there).
_MANY = 1000


def among(column: sa.ColumnElement, values: list) -> sa.ColumnElement:
    """``column IN values`` for any number of values (each once), on every engine."""
    values = list(dict.fromkeys(values))
    if len(values) <= _MANY:
        return column.in_(values)
    return column.in_(sa.bindparam(f"among_{column.key}", values, expanding=True, literal_execute=True))


def storable(ids: list[int]) -> list[int]:
    """The ids a row can have: a bigger valid id names no row (and is not sent to PostgreSQL, which refuses it)."""
    return [i for i in ids if i <= MAX_STORED_ID]


def record_id(field: str, value: Any) -> int:
    """A row id (item_id …): a positive whole number."""
    return integer(field, value, lo=1, hi=_MAX_ID)


def version(value: Any) -> int:
    """The version an edit is based on: always required (read it from the item you show)."""
    if value is None:
        raise InvalidValueError(
            f"{_label('version')}: thiếu. Mỗi lần sửa phải gửi kèm phiên bản của nội dung đang xem "
            "(cột version), để không ghi đè thay đổi của người khác.",
            field="version",
            value=None,
            allowed="số nguyên dương",
        )
    return integer("version", value, lo=1, hi=_MAX_ID)


def year(value: Any, field: str = "year") -> int:
    lo, hi = SUPPORTED_YEARS
    return integer(field, value, lo=lo, hi=hi)


def date(field: str, value: Any) -> dt.date | None:
    """date, datetime, Timestamp, '2025-02-03' or '3/2/2025' → date within the supported years; None stays None."""
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.date()
    elif isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        if "\x00" in value or len(value) > 40:
            raise _bad(field, value, "viết ngày dạng 3/2/2025 hoặc 2025-02-03")
        try:
            value = parse_date(value)
        except ValueError as exc:
            raise InvalidValueError(
                f"{_label(field)}: {str(exc).rstrip('.')}.",
                field=field,
                value=value,
                allowed="3/2/2025 hoặc 2025-02-03",
            ) from None
    elif not isinstance(value, dt.date):
        raise _bad(field, value, "cần một ngày, viết dạng 3/2/2025 hoặc 2025-02-03")
    lo, hi = SUPPORTED_YEARS
    if not lo <= value.year <= hi:
        raise _bad(field, value, f"năm phải từ {lo} đến {hi}")
    return value


def text(field: str, value: Any, *, limit: int = MAX_TEXT, one_line: bool = False, required: bool = False) -> str:
    """Text as stored: NFC, no control characters, at most ``limit`` characters; None → ''."""
    if _missing(value):
        value = ""
    if not isinstance(value, str):
        raise _bad(field, value, "cần một chuỗi văn bản")
    value = unicodedata.normalize("NFC", value)
    if _SURROGATE.search(value):
        raise _bad(field, value, "có ký tự hỏng (nửa ký tự, thường do cắt dán từ chương trình khác); hãy gõ lại")
    if _CONTROL.search(value):
        raise _bad(field, value, "có ký tự điều khiển (ví dụ NUL) không in được; hãy gõ lại văn bản")
    if one_line and _LINE_BREAKS.search(value):
        raise _bad(field, value, "tiêu đề phải nằm trên một dòng, không xuống dòng")
    if len(value) > limit:
        raise _bad(field, f"{value[:40]}…", f"dài {len(value)} ký tự, tối đa {limit} ký tự")
    if required and not value.strip():
        raise _bad(field, value, "bắt buộc, không được để trống")
    return value


def code(field: str, value: Any) -> str:
    """One of the stored codes of ``field`` (format, platform, theme, status)."""
    allowed, labels = _CODES[field]
    if not isinstance(value, str) or value not in allowed:
        choices = ", ".join(f"{c} ({labels[c]})" for c in allowed)
        raise _bad(field, value, f"chọn một trong: {choices}", allowed)
    return value


def link(value: Any, field: str = "link") -> str:
    """A web address of the published post: http:// or https://, no spaces; '' clears it."""
    value = text(field, value, limit=2000, one_line=True).strip()
    if value and not _URL.match(value):
        raise _bad(field, value, "cần địa chỉ bài đã đăng bắt đầu bằng http:// hoặc https://, không có dấu cách")
    return value


def timestamp(field: str, value: Any) -> str:
    """A moment as stored (ISO 8601): datetime, date, or text '2025-02-03', '3/2/2025', ISO datetime; None → ''."""
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, str) and len(value) <= 40:
        for parse in (lambda t: dt.datetime.fromisoformat(t.strip()), parse_date):
            try:
                value = parse(value)
                break
            except ValueError:
                pass
    if isinstance(value, dt.date):
        lo, hi = SUPPORTED_YEARS
        if not lo <= value.year <= hi:
            raise _bad(field, value, f"năm phải từ {lo} đến {hi}")
        return value.isoformat()
    raise _bad(field, value, "cần ngày giờ đăng, ví dụ 3/2/2025 hoặc 2025-02-03T08:30")


def _slug(field: str, value: Any) -> str | None:
    if _missing(value) or (isinstance(value, str) and not value):
        return None
    bad = not isinstance(value, str) or len(value) > 400 or not value.strip()
    if bad or _CONTROL.search(value) or _SURROGATE.search(value):
        raise _bad(field, value, "cần một mã (chuỗi văn bản ngắn)")
    return value


def filter_value(field: str, value: Any) -> None:
    """A value to compare a column with (a filter): text, a whole number, a date or None.

    A date is a plain ``datetime.date`` (date columns convert theirs first, with :func:`date`); a
    timestamp compared with any other column is refused, not handed to the database driver.
    """
    plain_date = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ok = value is None or (isinstance(value, str | float) or plain_date) and not _SURROGATE.search(str(value))
    ok = ok or (isinstance(value, numbers.Integral) and -(2**63) <= int(value) < 2**63)
    if not ok:
        raise _bad(field, value, "bộ lọc cần văn bản, số nguyên, ngày hoặc danh sách các giá trị đó")


#: How each item field is checked and converted.
_ITEM_FIELDS = {
    "year": lambda v: year(v),
    "unit_id": lambda v: _slug("unit_id", v),
    "event_id": lambda v: _slug("event_id", v),
    "occurrence_date": lambda v: date("occurrence_date", v),
    "date": lambda v: date("date", v),
    "title": lambda v: text("title", v, limit=MAX_TITLE, one_line=True),
    "format": lambda v: code("format", v),
    "platform": lambda v: code("platform", v),
    "theme": lambda v: code("theme", v),
    "status": lambda v: code("status", v),
    "notes": lambda v: text("notes", v),
    "link": lambda v: link(v),
    "published_at": lambda v: timestamp("published_at", v),
    "offset_days": lambda v: None if _missing(v) else integer("offset_days", v, lo=-366, hi=366),
    "plan_key": lambda v: _slug("plan_key", v),
    "template_id": lambda v: _slug("template_id", v),
    "spec_id": lambda v: _slug("spec_id", v),
}


#: Fields whose few distinct values repeat across a plan: their checked values are memoised.
_REPEATING = {"year", "unit_id", "event_id", "occurrence_date", "date", "format", "platform", "theme", "status"}
_REPEATING |= {"offset_days", "template_id", "spec_id"}


def item_fields(fields: Mapping[str, Any], *, memo: dict | None = None) -> dict[str, Any]:
    """Check and convert item fields (only the ones given); field names are checked by the caller.

    ``memo`` (a dict kept across the rows of one batch) remembers checked values of fields
    that repeat (codes, ids, dates), so a whole plan is checked quickly."""
    out = {}
    for name, value in fields.items():
        if is_collection(value) and name in _ITEM_FIELDS:
            raise _bad(name, value, "cần một giá trị, không phải một danh sách")
        if memo is not None and name in _REPEATING:
            key = (name, type(value), value)
            try:
                out[name] = memo[key]
                continue
            except (KeyError, TypeError):  # TypeError: an unhashable value, checked below
                pass
            out[name] = _ITEM_FIELDS[name](value)
            try:
                memo[key] = out[name]
            except TypeError:
                pass
            continue
        out[name] = _ITEM_FIELDS[name](value)
    return out

"""Reading what people send back: values typed into workbooks and CSV files, and the files themselves.

The one home for how a cell is read — a date (``3/2/2025``, ``03-02-2025``, an Excel serial), a count
(``1.234``, ``1,234``, ``1 234``), a link, text with invisible characters — and for why a file is refused
(a folder, empty, too big, not a zip, a zip bomb, an XML part declaring a DTD) — shared by the Excel report
import (:mod:`planner.excel.reports`) and the platform exports (:mod:`planner.platforms`). A value that
cannot be read raises :class:`BadValue` with a Vietnamese message that shows the value and what was expected;
the caller adds the file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl.utils.datetime import from_excel

from planner.calendars import SUPPORTED_YEARS, format_date, parse_date
from planner.errors import InvalidValueError
from planner.store import validate

__all__ = [
    "BadValue",
    "COUNT_HELP",
    "DATE_HELP",
    "INVISIBLE",
    "MAX_COUNT",
    "UNSAFE_XML",
    "blank",
    "count",
    "damaged",
    "day",
    "declares_dtd",
    "link",
    "number_text",
    "raised_in",
    "refuse_path",
    "refuse_zip",
    "shown",
    "text",
]

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
DATE_HELP = "viết ngày/tháng/năm, ví dụ 3/2/2025, 03-02-2025, 3.2.2025 hoặc 2025-02-03"
COUNT_HELP = "cần một số nguyên không âm, ví dụ 1234 hoặc 1.234"
MAX_COUNT = validate.MAX_COUNT  # what the store holds


class BadValue(ValueError):
    """A cell that cannot be read: the message says the value and what was expected."""


def shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return format_date(value.date()) if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f"'{text}'"
    return repr(value)


def number_text(number: int) -> str:
    """A whole number as Vietnamese write it: 200.000."""
    return f"{number:,}".replace(",", ".")


def blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(INVISIBLE + " \t\r\n\u00a0\u2007\u2009\u202f\u3000")
    return False


def text(value: Any) -> str:
    """A cell as text: NFC, numbers without '.0', dates as 3/2/2025."""
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value)
    return unicodedata.normalize("NFC", str(value))


def day(value: Any, epoch: dt.datetime) -> dt.date | None:
    """A date cell: an Excel date, an Excel serial number, or text 3/2/2025, 03-02-2025, 3.2.2025, 2025-02-03."""
    if blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue(f"{shown(value)} không phải ngày; {DATE_HELP}")
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float):
        if not 1 <= value < 2958466:  # Excel's days: 1/1/1900 … 31/12/9999
            raise BadValue(f"{shown(value)} không phải ngày (số ngày kiểu Excel ngoài khoảng); {DATE_HELP}")
        day = from_excel(value, epoch=epoch)
        day = day.date() if isinstance(day, dt.datetime) else day
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip(INVISIBLE + " \t\r\n")
        dmy, iso = _DMY.fullmatch(text), _ISO.fullmatch(text)
        if dmy:
            d, m, y = dmy[1], dmy[3], dmy[4]
        elif iso:
            y, m, d = iso[1], iso[3], iso[4]
        else:
            raise BadValue(f"không đọc được ngày {shown(value)}; {DATE_HELP}")
        written = f"{int(d)}/{int(m)}/{int(y)}"
        try:
            day = parse_date(written)
        except ValueError as exc:  # a day that does not exist: 31/2/2025
            given = "" if text == written else f" (ô ghi {shown(value)})"
            raise BadValue(f"{str(exc).rstrip('.')}{given}; {DATE_HELP}") from None
    else:
        raise BadValue(f"{shown(value)} không phải ngày; {DATE_HELP}")
    lo, hi = SUPPORTED_YEARS
    if not lo <= day.year <= hi:
        raise BadValue(f"ngày {shown(value)} ngoài các năm {lo}–{hi} mà phần mềm hỗ trợ; {DATE_HELP}")
    return day


def count(value: Any) -> int | None:
    """A count: a whole number ≥ 0; text may group thousands with '.', ',' or spaces (1.234 is one thousand …)."""
    if blank(value):
        return None
    number: int | None = None
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise BadValue(
            f"{shown(value)} là ngày/giờ, không phải số (ô đang định dạng ngày giờ); đổi định dạng ô sang Số "
            f"rồi gõ lại; {COUNT_HELP}"
        )
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            number = None
        elif value.is_integer():
            number = int(value)
        else:
            raise BadValue(f"{shown(value)} không phải số nguyên; {COUNT_HELP} (dấu chấm ngăn cách hàng nghìn)")
    elif isinstance(value, str):
        text = _SPACES.sub(" ", unicodedata.normalize("NFKC", value).strip(INVISIBLE + " \t\r\n")).strip()
        text = text.replace("\u2212", "-")  # the minus sign a word processor puts
        negative = text.startswith("-")
        digits = text.lstrip("+-").strip()
        if re.fullmatch(r"\d{1,20}", digits) or _THOUSANDS.fullmatch(digits):
            number = int(re.sub(r"\D", "", digits))
        elif re.fullmatch(r"\d{1,3}(?: \d{3})+", digits):
            number = int(digits.replace(" ", ""))
        if number is not None and negative:
            number = -number
    if number is None:
        raise BadValue(f"{shown(value)} không phải số; {COUNT_HELP}")
    if number < 0:
        raise BadValue(f"{shown(value)} là số âm; {COUNT_HELP}")
    if number > MAX_COUNT:
        raise BadValue(f"{shown(value)} quá lớn (tối đa {number_text(MAX_COUNT)}); {COUNT_HELP}")
    return number



def link(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue(f"{shown(value)} không phải đường dẫn; cần địa chỉ bài đã đăng bắt đầu bằng http:// hoặc https://")
    try:
        return validate.link(unicodedata.normalize("NFC", value).strip(INVISIBLE + " \t\r\n"), "url")
    except InvalidValueError:
        raise BadValue(
            f"{shown(value)} không phải đường dẫn bài đăng; cần địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://, "
            "không có dấu cách (dán địa chỉ, không dán chữ của liên kết)"
        ) from None



UNSAFE_XML = (
    "tệp chứa khai báo XML không an toàn (thực thể/DTD, kiểu 'bom XML'), bị từ chối; "
    "không phải tệp Excel lưu bình thường."
)
_PROLOG_BYTES = 4096


def declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD (where entities — an XML bomb — are declared). Excel never writes
    one; a DTD can only stand in the prolog, before the root element, so the first bytes tell. Checked here
    whichever parser openpyxl uses (defusedxml refuses one, lxml would only not expand its entities)."""
    if not member.filename.endswith((".xml", ".rels")) or member.is_dir():
        return False
    with archive.open(member) as part:
        head = part.read(_PROLOG_BYTES)
    for encoding in ("utf-8", "utf-16"):
        try:
            text = head.decode(encoding, errors="ignore")
        except LookupError:  # pragma: no cover - both codecs are built in
            continue
        root = re.search(r"<[A-Za-z_]", text)  # the root element's start: the prolog is what comes before it
        if "<!DOCTYPE" in (text if root is None else text[: root.start()]).upper():
            return True
    return False


def raised_in(exc: BaseException, file: str) -> bool:
    """True when ``exc`` was raised by the code of ``file`` (a module's ``__file__``) — a mistake of that module —
    and not by openpyxl, zipfile or the XML parser reading a damaged file."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename == file


def damaged(exc: BaseException) -> str:
    """What a person reads when openpyxl could not read a file (it wraps the parser's error: look at the chain)."""
    chain, seen = [], exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return UNSAFE_XML
    last = chain[-1]
    detail = re.sub(r"\s*(from|in)\s+/\S*", "", str(last)).strip()  # no temporary paths in the message
    detail = detail if len(detail) <= 120 else detail[:117] + "…"
    return (
        f"tệp hỏng, không đọc được như bảng tính Excel ({type(last).__name__}: {detail}); "
        "mở bằng Excel và lưu lại dạng .xlsx."
    )


# ---------------------------------------------------------------------------- import


def refuse_path(path: Path, *, kind: str, max_bytes: int, empty_hint: str, big_hint: str) -> str | None:
    """Why ``path`` cannot be read, from the file system alone (a folder, missing, unreadable, empty, too big);
    None when it may be read. ``kind`` names what was expected ("tệp bảng tính Excel (.xlsx)")."""
    try:
        if path.is_dir():
            return f"là một thư mục, không phải {kind}."
        size = path.stat().st_size
    except FileNotFoundError:
        return "không có tệp này (đã bị xóa hoặc sai đường dẫn)."
    except OSError as exc:
        return f"không mở được tệp ({exc.strerror or exc})."
    if size == 0:
        return f"tệp rỗng (0 byte); {empty_hint}."
    if size > max_bytes:
        return f"tệp nặng {size / 1024 / 1024:.0f} MB, quá giới hạn {max_bytes // 1024 // 1024} MB; {big_hint}."
    return None


def refuse_zip(archive: zipfile.ZipFile, *, max_unzipped: int, what: str) -> str | None:
    """Why an opened zip (an .xlsx is one) must not be read: it unpacks to more than ``max_unzipped`` bytes (a
    zip bomb is small on disk), or an XML part declares a DTD (an XML bomb); None when it may be read."""
    members = archive.infolist()
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unzipped:
        return (
            f"tệp giải nén ra {unpacked / 1024 / 1024:.0f} MB, quá giới hạn {max_unzipped // 1024 // 1024} MB; "
            f"{what}."
        )
    if any(declares_dtd(archive, m) for m in members):
        return UNSAFE_XML
    return None

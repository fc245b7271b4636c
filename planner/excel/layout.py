"""Formats and safety helpers of the Excel plans: sheet and file names, the official block, cell writers.

Everything here is about the workbook's shape, not about items: :mod:`planner.excel.export` decides
what goes in a sheet, this module how it looks and that it is safe —

* every text is written with ``write_string`` (a title starting with ``=``, ``+``, ``-``, ``@`` stays
  text, a link stays a string, never a formula or a hyperlink);
* sheet names are legal and unique (:func:`sheet_name`), file names ASCII-safe (:func:`file_slug`);
* the file appears under its final name only when it is complete (:func:`atomic_file`);
* fonts are named explicitly (Calibri, which LibreOffice replaces metrically with Carlito).

The layout of a plan sheet (rows are 1-based, as Excel shows them) is the contract the report import
relies on: official block on rows 1–3, the title on rows 5–6, the header row on :data:`HEADER_ROW`,
data from the row after it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from planner.catalogue import Organisation, describe_os_error
from planner.columns import Column
from planner.errors import PlannerError
from planner.strings import EXCEL_LABELS
from planner.values import missing

__all__ = [
    "FONT",
    "HEADER_ROW",
    "FIRST_DATA_ROW",
    "METADATA_SHEET",
    "METADATA_FORMAT",
    "SHEET_NAMES",
    "EXCEL_LABELS",
    "Formats",
    "sheet_name",
    "file_slug",
    "unique_slug",
    "months_text",
    "months_code",
    "date_line",
    "plan_title",
    "official_block",
    "excel_day",
    "write_column",
    "write_table",
    "atomic_file",
    "workbook_options",
]

#: The one font of the workbook, bold included (a bold font without a name renders as a serif in LibreOffice).
FONT = "Calibri"
#: 0-based row of the header of a plan sheet (row 8 as Excel shows it); data start on the next row.
HEADER_ROW = 7
FIRST_DATA_ROW = HEADER_ROW + 1
#: The very hidden sheet with the workbook's key/value metadata (columns A:B).
METADATA_SHEET = "planner"
METADATA_FORMAT = "planner-plan-1"
#: Names of the fixed sheets.
SHEET_NAMES = {
    "instructions": "Hướng dẫn",
    "summary": "Tổng hợp",
    "calendar": "Lịch",
    "targets": "Chỉ tiêu",
}
#: Names Excel or the import keep for themselves: no unit sheet may take them (compared without case).
_RESERVED = {METADATA_SHEET, "history", *SHEET_NAMES.values()}


_ILLEGAL_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31  # Excel counts UTF-16 code units


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut_utf16(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units, never in the middle of a character."""
    out, used = [], 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > limit:
            break
        out.append(char)
        used += size
    return "".join(out)


def sheet_name(text: object, taken: set[str], *, fallback: str = "Đơn vị") -> str:
    """A legal worksheet name from ``text`` that is not in ``taken`` (compared without case); added to ``taken``.

    NFC, no control characters, ``[]:*?/\\`` replaced by ``-``, no apostrophe at either end, at most 31
    characters (UTF-16 code units, as Excel counts), not ``planner``, ``History`` or a fixed sheet's name.
    A clash gets `` (2)``, `` (3)`` … at the end, still within 31 characters.
    """
    name = unicodedata.normalize("NFC", "" if missing(text) else str(text))
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in name)
    name = _ILLEGAL_SHEET_CHARS.sub("-", name)
    name = re.sub(r"\s+", " ", name).strip().strip("'").strip()
    name = _cut_utf16(name, _SHEET_MAX).strip().strip("'").strip() or fallback
    used = {t.casefold() for t in taken} | {r.casefold() for r in _RESERVED}
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f" ({n})"
        candidate = _cut_utf16(name, _SHEET_MAX - len(suffix)).rstrip().rstrip("'") + suffix
    taken.add(candidate)
    return candidate


def file_slug(text: object, *, limit: int = 60) -> str:
    """ASCII letters, digits and ``-`` from ``text``, Vietnamese without diacritics: ``Hội Phụ nữ`` → ``Hoi-Phu-nu``."""
    text = unicodedata.normalize("NFD", "" if missing(text) else str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:limit].strip("-")


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug`` or ``slug-2``, ``slug-3`` …: not in ``taken`` (compared without case, as Windows and macOS
    compare file names); added to ``taken``."""
    used = {t.casefold() for t in taken}
    candidate, n = slug, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def _ranges(months: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in sorted(set(months)):
        if out and m == out[-1][1] + 1:
            out[-1] = (out[-1][0], m)
        else:
            out.append((m, m))
    return out


def months_code(months: Sequence[int]) -> str:
    """Months as the metadata writes them: ``1-12``, ``5``, ``1-3,5``."""
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in _ranges(months))


def months_text(months: Sequence[int]) -> str:
    """Months as a title writes them: ``5``, ``5–7``, ``1, 3, 5``."""
    parts = _ranges(months)
    if len(parts) == 1:
        a, b = parts[0]
        return f"{a}" if a == b else f"{a}–{b}"
    return ", ".join(str(m) for m in sorted(set(months)))


def plan_title(year: int, months: Sequence[int] | None) -> str:
    """``KẾ HOẠCH … NĂM 2025``; ``… THÁNG 5 NĂM 2025`` when not the whole year."""
    period = EXCEL_LABELS["year"].format(year=year)
    if months is not None and sorted(set(months)) != list(range(1, 13)):
        period = EXCEL_LABELS["month"].format(months=months_text(months)) + " " + period
    return f"{EXCEL_LABELS['title']} {period}"


def date_line(place: str, day: dt.date) -> str:
    """``Vũng Tàu, ngày 28 tháng 11 năm 2026``: as an official document writes it (a day below 10 and the
    months January and February with a leading zero)."""
    return EXCEL_LABELS["date_line"].format(
        place=place,
        day=f"{day.day:02d}",
        month=f"{day.month:02d}" if day.month < 3 else str(day.month),
        year=day.year,
    )


def workbook_options() -> dict[str, Any]:
    """xlsxwriter options: text is never turned into formulas, numbers or links, even by ``write``."""
    return {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "default_date_format": "dd/mm/yyyy",
    }


_REPORT_FILL = "#FFF2CC"


class Formats:
    """The workbook's cell formats, made once per workbook (xlsxwriter formats belong to one workbook)."""

    def __init__(self, workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, Any] = {}

    def get(self, **props: Any):
        """A format with ``props`` (xlsxwriter names) on top of the font; the same object for the same props."""
        props = {"font_name": FONT, "font_size": 11, **props}
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]

    # the formats the sheets share
    def cell(self, column: Column, *, report: bool = False):
        """A data cell of ``column``: border, top-aligned, wrapped when the column wraps; a report cell is
        shaded (where the unit writes)."""
        props: dict[str, Any] = {"border": 1, "valign": "top", "font_size": 10}
        if column.wrap:
            props["text_wrap"] = True
        if column.kind == "date":
            props.update(num_format="dd/mm/yyyy", align="center")
        elif column.kind == "int":
            props.update(num_format="#,##0" if report else "0", align="right" if report else "center")
        if report:
            props["bg_color"] = _REPORT_FILL
        return self.get(**props)

    def typed(self, column: Column):
        """A report column's own format: the number format a value typed into an empty cell takes."""
        if column.kind == "date":
            return self.get(num_format="dd/mm/yyyy", font_size=10)
        if column.kind == "int":
            return self.get(num_format="#,##0", font_size=10)
        return self.get(font_size=10)

    def blank(self, *, report: bool = False):
        """How an empty data cell looks (a conditional format: border, and the shade where a unit writes)."""
        return self.get(border=1, **({"bg_color": _REPORT_FILL} if report else {}))

    def header(self, *, report: bool = False):
        return self.get(
            bold=True,
            border=1,
            text_wrap=True,
            align="center",
            valign="vcenter",
            font_size=10,
            bg_color="#F4B084" if report else "#D9E1F2",
        )

    def text(self, **props: Any):
        return self.get(valign="top", **props)


#: Widths (characters) the organisation block and the party header block need.
_LEFT, _RIGHT = 30.0, 40.0


def official_block(
    sheet,
    formats: Formats,
    organisation: Organisation,
    widths: list[float],
    *,
    title: str,
    subtitle: str,
    today: dt.date,
) -> None:
    """The official header of a plan sheet: organisation block top-left (rows 1–3), party header and the
    place-and-date line top-right, the title on row 5 and ``subtitle`` on row 6, across the visible columns.

    ``widths`` are the widths of the visible columns; on a narrow sheet they are widened (in place, and on
    the sheet) so the blocks and the title fit on the page.
    """
    last = len(widths) - 1
    # wide enough for both blocks side by side and for the title (14 pt capitals): widen every column alike
    need = max(_LEFT + _RIGHT + 2, len(title) * 1.45, len(subtitle) * 1.1)
    total = sum(widths)
    if total < need:
        for col, width in enumerate(widths):
            widths[col] = round(width * need / total, 1)
            sheet.set_column(col, col, widths[col])
    left_end = _span(widths, _LEFT, from_left=True)
    right_start = max(_span(widths, _RIGHT, from_left=False), left_end + 1)
    if right_start > last:  # a narrow sheet: widen the last column for the right block
        right_start = last
        left_end = min(left_end, last - 1)
    room = sum(widths[right_start:])
    if room < _RIGHT:
        widths[last] += _RIGHT - room
        sheet.set_column(last, last, widths[last])
    left = [
        (organisation.name.upper(), formats.text(align="center")),
        (organisation.department.upper(), formats.text(align="center", bold=True, underline=1)),
        (organisation.document_number, formats.text(align="center")),
    ]
    right = [
        (organisation.party_header, formats.text(align="center", bold=True)),
        ("", formats.text(align="center")),
        (date_line(organisation.place, today), formats.text(align="center", italic=True)),
    ]
    for row, ((ltext, lfmt), (rtext, rfmt)) in enumerate(zip(left, right, strict=True)):
        _merged(sheet, row, 0, left_end, ltext, lfmt)
        _merged(sheet, row, right_start, last, rtext, rfmt)
    _merged(sheet, 4, 0, last, title, formats.get(bold=True, font_size=14, align="center", valign="vcenter"))
    sheet.set_row(4, 24)
    _merged(sheet, 5, 0, last, subtitle, formats.get(bold=True, italic=True, align="center", text_wrap=True))


def _span(widths: list[float], need: float, *, from_left: bool) -> int:
    """The last (from the left) or first (from the right) column index such that the columns up to it add up
    to at least ``need`` characters."""
    total = 0.0
    order = range(len(widths)) if from_left else range(len(widths) - 1, -1, -1)
    index = 0
    for index in order:
        total += widths[index]
        if total >= need:
            break
    return index


def _merged(sheet, row: int, first: int, last: int, text: str, fmt) -> None:
    """``text`` across columns ``first``–``last`` of ``row``, written as a string (never a formula)."""
    if last > first:
        sheet.merge_range(row, first, row, last, None, fmt)
    if text:
        sheet.write_string(row, first, text, fmt)
    else:
        sheet.write_blank(row, first, None, fmt)


_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (for days after 1 March 1900)


def excel_day(value: dt.date) -> int:
    """A date as the number Excel stores for it (shown as a date by the cell's number format)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return (value - _EPOCH).days


def write_column(sheet, col: int, kind: str, values: Iterable[Any], first_row: int, fmt, *, blanks: bool = True) -> int:
    """Write ``values`` down column ``col`` from ``first_row``; the number of rows.

    Text with ``write_string`` (never read as a formula, a number or a link), whole numbers with
    ``write_number``, dates as Excel day numbers under ``fmt``'s date format (what ``write_datetime`` stores,
    without its per-cell conversion). An empty value is a blank cell carrying ``fmt`` (its border), or no
    cell at all when not ``blanks`` (the column's own format and a conditional format dress it).
    """
    string, number, blank = sheet.write_string, sheet.write_number, sheet.write_blank
    row = first_row - 1
    for row, value in enumerate(values, start=first_row):  # noqa: B007 - the last row is returned
        if isinstance(value, str):
            if value:
                string(row, col, value, fmt)
                continue
        elif value is not None and not missing(value):
            if kind == "date":
                number(row, col, excel_day(value), fmt)
            elif kind == "int":
                number(row, col, value, fmt)
            else:
                string(row, col, str(value), fmt)
            continue
        if blanks:
            blank(row, col, None, fmt)
    return row - first_row + 1


def write_table(
    sheet, formats: Formats, columns: Sequence[tuple[Column, bool]], values: Sequence[Sequence[Any]], first_row: int
) -> int:
    """Write ``values`` (one sequence per column of ``columns``: ``(column, is_report)``) from ``first_row``;
    the number of rows."""
    count = 0
    for col, ((column, report), column_values) in enumerate(zip(columns, values, strict=True)):
        count = write_column(
            sheet, col, column.kind, column_values, first_row, formats.cell(column, report=report), blanks=False
        )
    if count:  # empty cells get their border (and a report cell its shade) from one rule per column, not a cell each
        for col, (_, report) in enumerate(columns):
            sheet.conditional_format(
                first_row, col, first_row + count - 1, col, {"type": "blanks", "format": formats.blank(report=report)}
            )
    return count


def _where(path: Path) -> str:
    return f"'{path}'"


@contextlib.contextmanager
def atomic_file(path: Path, what: str) -> Iterator[Path]:
    """A temporary file next to ``path`` to write to; moved onto ``path`` when the block ends without error,
    removed otherwise — a crash never leaves half a file under the final name.

    Failing to create or move it is a :class:`PlannerError` naming ``path`` and why (Vietnamese).
    """
    try:
        # made like any new file (the user's umask), not 0600 as mkstemp would: others may need to read the plan
        temp_path = path.with_name(f".~{secrets.token_hex(6)}{path.suffix}.tmp")
        with open(temp_path, "xb"):
            pass
    except OSError as exc:
        raise PlannerError(f"Không ghi được {what} {_where(path)}: {describe_os_error(exc)}.") from None
    try:
        yield temp_path
        os.replace(temp_path, path)
    except OSError as exc:
        raise PlannerError(f"Không ghi được {what} {_where(path)}: {describe_os_error(exc)}.") from None
    finally:
        with contextlib.suppress(OSError):
            temp_path.unlink()

"""Unit reports read back from returned plan workbooks: :func:`import_reports`.

A unit receives its plan as a workbook (:mod:`planner.excel.export`), fills in the report columns of
its sheet (link, actual date, views …) and sends the file back. :func:`import_reports` reads any
number of such files with openpyxl in read-only mode, matches every row to its item by the hidden
key column, and records all of them with ONE :meth:`Workspace.record_outputs` call — all rows or
none. It is tolerant of what people do to a workbook (columns moved or renamed, with or without
diacritics; dates typed by hand; ``1.234`` for a thousand; blank rows) and strict where it matters:
every cell it cannot trust is reported with file, sheet, row, column, the value and what was
expected, all problems of all files at once in one :class:`~planner.errors.DataError`, and nothing
is written. A plan changed in the workspace since the export is the store's
:class:`~planner.errors.ConflictError`, naming both values.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planner import intake
from planner.columns import KEY_COLUMNS, PLAN_COLUMNS, REPORT_COLUMNS, Column, column_for_header, header_key
from planner.errors import DataError, DataProblem, InvalidValueError, PlannerError
from planner.excel.layout import METADATA_FORMAT as FORMAT
from planner.excel.layout import METADATA_SHEET as META_SHEET
from planner.store import validate
from planner.strings import FORMAT_LABELS, IMPORT_LABELS, PLATFORM_LABELS

__all__ = [
    "import_reports",
    "ImportResult",
    "IMPORT_LABELS",
    "MAX_FILE_BYTES",
    "MAX_UNZIPPED_BYTES",
    "MAX_ROWS",
]

#: Files larger than this on disk are refused before they are opened.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: A workbook whose parts unpack to more than this is refused (a "zip bomb" is small on disk).
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
#: A sheet with more rows than this is refused (a unit's plan has a few hundred).
MAX_ROWS = 200_000
#: The header row is looked for in the first rows of each sheet, in the first columns.
HEADER_ROWS = 20
MAX_COLUMNS = 200
_HEADER_LENGTH = 2 * max(len(c.label) for c in (*PLAN_COLUMNS, *REPORT_COLUMNS, *KEY_COLUMNS))  # retyped, NFD


# How a cell is read and why a file is refused: planner.intake (shared with the platform exports).
_Bad = intake.BadValue
_shown, _n, _blank, _text, _day = intake.shown, intake.number_text, intake.blank, intake.text, intake.day
_count, _link, _damaged = intake.count, intake.link, intake.damaged

_KEY, _NUMBER = KEY_COLUMNS[0], PLAN_COLUMNS[0]  # "Mã nội dung" (hidden) and "Số" (shown)
_VERSION = KEY_COLUMNS[1]
_PLAN_KEYS = ("date", "title", "unit", "format", "platform")
_BY_KEY = {c.key: c for c in (*PLAN_COLUMNS, *REPORT_COLUMNS, *KEY_COLUMNS)}
_COUNTS = ("views", "reactions", "shares", "comments", "duration_s")
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SUFFIX = re.compile(r"\s*\(\d+\)$")


# ---------------------------------------------------------------------------- result
@dataclass
class ImportResult:
    """What :func:`import_reports` did: lists of item ids, like :class:`planner.store.outputs.Recorded`."""

    files: list[str] = field(default_factory=list)  # file names read, in order
    rows: int = 0  # rows with report values, all recorded
    added: list[int] = field(default_factory=list)  # items with a new output
    updated: list[int] = field(default_factory=list)  # items whose output changed
    unchanged: list[int] = field(default_factory=list)  # reported again with the same values
    published: list[int] = field(default_factory=list)  # approved items now published
    not_approved: list[tuple[int, str]] = field(default_factory=list)  # (item id, status label): not published
    skipped: int = 0  # rows of items the unit has not reported yet (no report values)
    blank: int = 0  # empty rows
    details: list[dict[str, Any]] = field(default_factory=list, repr=False)  # one per recorded row

    def messages(self) -> list[str]:
        """The result in Vietnamese, one sentence a line."""
        names = ", ".join(self.files)
        lines = [f"Đã đọc {len(self.files)} tệp: {names}."]
        if not self.rows:
            lines.append("Không có dòng nào có số liệu báo cáo (đơn vị chưa điền cột Đường dẫn bài đăng, Lượt xem…).")
        else:
            lines.append(
                f"{self.rows} dòng có số liệu báo cáo: {len(self.added)} mới, {len(self.updated)} cập nhật, "
                f"{len(self.unchanged)} không đổi (đã nhập trước đó, không tính hai lần)."
            )
        if self.published:
            lines.append(f"{len(self.published)} nội dung đã duyệt được chuyển sang Đã đăng.")
        if self.not_approved:
            shown = ", ".join(f"số {i} ({status})" for i, status in self.not_approved[:20])
            more = f" và {len(self.not_approved) - 20} nội dung khác" if len(self.not_approved) > 20 else ""
            lines.append(
                f"{len(self.not_approved)} nội dung chưa được duyệt nên chưa chuyển sang Đã đăng "
                f"(số liệu đã lưu): {shown}{more}."
            )
        if self.skipped or self.blank:
            lines.append(
                f"Bỏ qua {self.skipped} dòng chưa có số liệu báo cáo (đơn vị chưa đăng) và {self.blank} dòng trống."
            )
        return lines

    def frame(self) -> pd.DataFrame:
        """One row per recorded report, with Vietnamese headers: where it was, which item, what happened."""
        published, waiting = set(self.published), dict(self.not_approved)
        outcome = {
            **dict.fromkeys(self.added, IMPORT_LABELS["added"]),
            **dict.fromkeys(self.updated, IMPORT_LABELS["updated"]),
            **dict.fromkeys(self.unchanged, IMPORT_LABELS["unchanged"]),
        }
        rows = []
        for d in self.details:
            item_id = d["item_id"]
            status = ""
            if item_id in published:
                status = IMPORT_LABELS["published"]
            elif item_id in waiting:
                status = IMPORT_LABELS["not_approved"].format(status=waiting[item_id])
            rows.append(
                {
                    IMPORT_LABELS["file"]: d["file"],
                    IMPORT_LABELS["sheet"]: d["sheet"],
                    IMPORT_LABELS["row"]: d["row"],
                    IMPORT_LABELS["item_id"]: item_id,
                    IMPORT_LABELS["unit"]: d["unit"],
                    IMPORT_LABELS["title"]: d["title"],
                    IMPORT_LABELS["url"]: d["url"],
                    IMPORT_LABELS["views"]: d["views"],
                    IMPORT_LABELS["result"]: outcome.get(item_id, ""),
                    IMPORT_LABELS["status"]: status,
                }
            )
        columns = [IMPORT_LABELS[k] for k in ("file", "sheet", "row", "item_id", "unit", "title", "url", "views",
                                              "result", "status")]
        frame = pd.DataFrame(rows, columns=columns)
        frame[IMPORT_LABELS["views"]] = frame[IMPORT_LABELS["views"]].astype("Int64")
        return frame


# ---------------------------------------------------------------------------- values
def _key(value: Any, what: str) -> int:
    """The item id or version in a hidden column: a positive whole number as the export wrote it."""
    try:
        number = _count(value)
    except _Bad:
        number = None
    if number is None or not 1 <= number <= 2**62:
        raise _Bad(f"{what} {_shown(value)} không hợp lệ; cần số nguyên dương như trong tệp đã xuất (đừng sửa cột này)")
    return number


def _note(value: Any) -> str:
    try:
        return validate.text("note", _text(value), limit=validate.MAX_TEXT)
    except InvalidValueError as exc:
        message = str(exc).split(": ", 1)[-1]
        raise _Bad(message[:1].lower() + message[1:].rstrip(".")) from None


def _sheet_key(text: Any) -> str:
    """A sheet title or unit name as compared: forbidden characters as '-' (as the export writes them), no
    diacritics, no case, at most 31 characters."""
    return header_key(_SHEET_CHARS.sub("-", str(text or "")))[:31].strip(" '")


# ---------------------------------------------------------------------------- reading
@dataclass
class _Row:
    file: str
    sheet: str
    line: int
    item_id: int
    version: int
    unit_id: str | None  # the sheet's unit
    report: dict[str, Any]
    shown: dict[str, Any]  # the plan fields the file shows (codes), for the store's conflict check
    title: str
    key_header: str  # the key column's header as the file writes it
    where: tuple[int, int, int]  # file, sheet, row order


class _Reader:
    """Reads every file, collecting rows and problems; writes nothing."""

    def __init__(self, workspace_id: str, short: Mapping[str, str]) -> None:
        self.workspace_id = workspace_id
        self.short = dict(short)  # unit id → short name
        self.unit_by_label: dict[str, str] = {}
        for unit_id, short in self.short.items():
            self.unit_by_label.setdefault(header_key(short), unit_id)
        for unit_id in self.short:
            self.unit_by_label.setdefault(header_key(unit_id), unit_id)
        self.format_by_label = _codes(FORMAT_LABELS)
        self.platform_by_label = _codes(PLATFORM_LABELS)
        self.problems: list[tuple[tuple[int, int, int], DataProblem]] = []
        self.rows: list[_Row] = []
        self.blank = 0
        self.skipped = 0

    def problem(self, where: tuple[int, int, int], file: str, message: str, *, sheet: str | None = None,
                line: int | None = None, column: str | None = None) -> None:
        self.problems.append((where, DataProblem(file=file, line=line, column=column, message=message, sheet=sheet)))

    # ------------------------------------------------------------ files
    def read(self, index: int, path: Path) -> None:
        name = path.name
        where = (index, -1, 0)
        refused = _refuse_file(path)
        if refused:
            self.problem(where, name, refused)
            return
        try:
            with open(path, "rb") as handle:  # the content decides, not the name's extension
                workbook = load_workbook(handle, read_only=True, data_only=True)
                try:
                    self._workbook(index, name, workbook)
                finally:
                    workbook.close()
        except (PlannerError, MemoryError):
            raise
        except Exception as exc:  # openpyxl, zipfile and the XML parser raise many kinds on a damaged file
            if _raised_here(exc):
                raise  # a mistake of this module is not the file's fault
            self.problem(where, name, _damaged(exc))

    def _workbook(self, index: int, name: str, workbook) -> None:
        where = (index, -1, 0)
        meta = _metadata(workbook)
        if meta is None:
            self.problem(
                where, name,
                f"không phải kế hoạch xuất từ phần mềm kế hoạch (không có sheet ẩn '{META_SHEET}' ghi mã không gian "
                "làm việc). Chỉ nhập được tệp kế hoạch đã xuất từ phần mềm, do đơn vị điền rồi gửi lại.",
            )
            return
        if str(meta.get("format") or "").strip() != FORMAT:
            self.problem(
                where, name,
                f"tệp ghi định dạng {_shown(_text(meta.get('format')))}, phần mềm này đọc định dạng '{FORMAT}'; "
                "hãy xuất lại kế hoạch cho đơn vị.",
            )
            return
        workspace_id = _text(meta.get("workspace_id")).strip()
        if workspace_id != self.workspace_id:
            self.problem(
                where, name,
                f"tệp được xuất từ một không gian làm việc khác (mã '{workspace_id or 'không có'}'), không phải "
                f"không gian đang mở (mã '{self.workspace_id}'); hãy nhập tệp vào đúng không gian làm việc "
                "đã xuất ra nó.",
            )
            return
        meta_units = _text(meta.get("units")).split()
        sheets = _unit_sheets(meta.get("unit_sheets"))
        found = False
        for s, title in enumerate(workbook.sheetnames):
            if title == META_SHEET:
                continue
            found |= self._sheet(index, s, name, workbook[title], workbook.epoch, meta_units, sheets)
        if not found and not any(w[0] == index for w, _ in self.problems):
            self.problem(
                where, name,
                f"không có sheet đơn vị nào có cột '{_KEY.label}' (hoặc '{_NUMBER.label}') và các cột báo cáo "
                f"('{REPORT_COLUMNS[0].label}' …) trong {HEADER_ROWS} dòng đầu.",
            )

    # ------------------------------------------------------------ sheets
    def _sheet(self, f: int, s: int, name: str, sheet, epoch: dt.datetime, meta_units: list[str],
               unit_sheets: Mapping[str, str]) -> bool:
        """Read one sheet; False when it is not a unit's report sheet (summary, calendar, instructions …)."""
        title = sheet.title
        where = (f, s, 0)
        size = getattr(sheet, "max_row", None)
        if isinstance(size, int) and size > MAX_ROWS:
            self.problem(where, name, f"sheet có {_n(size)} dòng, quá giới hạn {_n(MAX_ROWS)} dòng; tệp không phải "
                         "kế hoạch của một đơn vị (hoặc đã bị sửa hỏng).", sheet=title)
            return True
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # a file saved by another program may state too small a size: read every row
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        try:
            return self._table(f, s, name, title, rows, epoch, meta_units, unit_sheets)
        finally:
            rows.close()

    def _table(self, f: int, s: int, name: str, title: str, rows: Iterator[tuple], epoch: dt.datetime,
               meta_units: list[str], unit_sheets: Mapping[str, str]) -> bool:
        """The header row and the rows under it (one pass over the sheet)."""
        head: list[tuple] = []
        found = _header_row(rows, head)
        if found is None:
            return False
        line, columns = found
        if not any(c.key in columns for c in REPORT_COLUMNS):
            return False  # a sheet listing items without report columns (the calendar)
        header_line = line
        missing = [c for c in (*_PLAN_NEEDED, *REPORT_COLUMNS, _VERSION) if c.key not in columns]
        if _KEY.key not in columns and _NUMBER.key not in columns:
            missing.insert(0, _KEY)
        for column in missing:
            also = f" (hoặc '{_NUMBER.label}')" if column is _KEY else ""
            self.problem(
                (f, s, header_line), name,
                f"thiếu cột '{column.label}'{also} ở dòng tiêu đề {header_line}; cột này cần để nhập báo cáo "
                "(có thể đã bị xóa hoặc đổi tên). Lấy lại cột từ tệp đã xuất.",
                sheet=title, line=header_line, column=column.label,
            )
        twice = [(k, v) for k, v in columns.items() if len(v) > 1]
        for key, places in twice:
            letters = ", ".join(get_column_letter(i + 1) for i, _ in places)
            self.problem(
                (f, s, header_line), name,
                f"cột '{_BY_KEY[key].label}' xuất hiện {len(places)} lần (cột {letters}); chỉ giữ một cột.",
                sheet=title, line=header_line, column=places[0][1],
            )
        if missing or twice:
            return True
        index = {k: v[0][0] for k, v in columns.items()}
        header = {k: v[0][1] for k, v in columns.items()}
        unit_id, rows_before = self._sheet_unit(title, meta_units, unit_sheets), len(self.rows)
        width = max(index.values()) + 1
        data = enumerate(itertools.chain(head[line:], rows), start=line + 1)
        for line_no, row in data:
            row = row[:width]
            if line_no > MAX_ROWS:
                self.problem((f, s, line_no), name, f"sheet có hơn {_n(MAX_ROWS)} dòng, quá giới hạn; tệp không phải "
                             "kế hoạch của một đơn vị (hoặc đã bị sửa hỏng).", sheet=title)
                break
            self._row(f, s, name, title, line_no, row, index, header, epoch, unit_id)
        if unit_id is None:
            unit_id = self._unit_from_rows(rows_before)
            if unit_id is None and len(self.rows) > rows_before:
                self.problem(
                    (f, s, header_line), name,
                    f"không nhận ra sheet '{title}' là của đơn vị nào: tên sheet không phải tên một đơn vị trong tệp "
                    f"và cột '{PLAN_COLUMNS[4].label}' ghi nhiều đơn vị. Đặt lại tên sheet như khi xuất.",
                    sheet=title,
                )
            for r in self.rows[rows_before:]:
                r.unit_id = unit_id
        return True

    def _sheet_unit(self, title: str, meta_units: list[str], unit_sheets: Mapping[str, str]) -> str | None:
        """The unit a sheet reports for: as the export named it (metadata ``unit_sheets``), else by its title."""
        named = {unicodedata.normalize("NFC", k).casefold(): v for k, v in unit_sheets.items()}
        unit = named.get(unicodedata.normalize("NFC", title).casefold())
        if unit in self.short:
            return unit
        candidates = [u for u in meta_units if u in self.short] or list(self.short)
        for wanted in dict.fromkeys((_sheet_key(title), _sheet_key(_SUFFIX.sub("", title)))):  # 'Tên (2)'
            matches = [u for u in candidates if wanted in (_sheet_key(self.short[u]), _sheet_key(u))]
            if len(matches) == 1:
                return matches[0]
            matches = [u for u in candidates if len(wanted) >= 20 and _sheet_key(self.short[u]).startswith(wanted)]
            if len(matches) == 1:  # a long name cut shorter to make room for ' (2)'
                return matches[0]
        return None

    def _unit_from_rows(self, start: int) -> str | None:
        shown = {r.shown.get("unit_id") for r in self.rows[start:]}
        return shown.pop() if len(shown) == 1 and None not in shown else None

    # ------------------------------------------------------------ rows
    def _row(self, f: int, s: int, name: str, title: str, line: int, row: tuple, index: Mapping[str, int],
             header: Mapping[str, str], epoch: dt.datetime, unit_id: str | None) -> None:
        def cell(key: str) -> Any:
            i = index[key]
            return row[i] if i < len(row) else None

        if all(_blank(v) for v in row):
            self.blank += 1
            return
        if all(_blank(cell(c.key)) for c in REPORT_COLUMNS):
            self.skipped += 1  # the unit has not posted this one (yet)
            return
        where = (f, s, line)
        bad = 0

        def read(key: str, parse) -> Any:
            nonlocal bad
            try:
                return parse(cell(key))
            except _Bad as exc:
                bad += 1
                self.problem(where, name, str(exc), sheet=title, line=line, column=header[key])
                return None

        key = _KEY.key if _KEY.key in index else _NUMBER.key
        item_id = read(key, lambda v: _key(v, "mã nội dung") if not _blank(v) else _missing_key())
        version = read(_VERSION.key, lambda v: _key(v, "phiên bản") if not _blank(v) else _missing_key())
        report = {
            "url": read("url", lambda v: "" if _blank(v) else _link(v)),
            "published_at": read("published_at", lambda v: _day(v, epoch)),
            **{c: read(c, _count) for c in _COUNTS},
            "note": read("report_note", _note),
        }
        shown: dict[str, Any] = {"title": _text(cell("title")).strip()}
        planned = read("date", lambda v: _day(v, epoch))
        if planned is not None:
            shown["date"] = planned
        for column, field_name, codes in (
            ("unit", "unit_id", self.unit_by_label),
            ("format", "format", self.format_by_label),
            ("platform", "platform", self.platform_by_label),
        ):
            code = codes.get(header_key(_text(cell(column))))
            if code is not None:  # a label the workspace no longer knows is left out of the conflict check
                shown[field_name] = code
        if bad:
            return
        self.rows.append(
            _Row(name, title, line, item_id, version, unit_id, report, shown, shown["title"], header[key], where)
        )


def _missing_key() -> int:
    raise _Bad("ô trống; dòng có số liệu báo cáo cần mã nội dung như trong tệp đã xuất (đừng xóa cột, đừng chép dòng)")


_PLAN_NEEDED = tuple(c for c in PLAN_COLUMNS if c.key in _PLAN_KEYS)


def _codes(labels: Mapping[str, str]) -> dict[str, str]:
    out = {header_key(label): code for code, label in labels.items()}
    out.update({header_key(code): code for code in labels})
    return out


def _column(text: str) -> Column | None:
    """:func:`column_for_header`, remembered: the same texts come back in every sheet and file."""
    if text not in _HEADERS_SEEN:
        if len(_HEADERS_SEEN) > 20_000:
            _HEADERS_SEEN.clear()
        _HEADERS_SEEN[text] = column_for_header(text)
    return _HEADERS_SEEN[text]


_HEADERS_SEEN: dict[str, Column | None] = {}


def _header_row(rows: Iterator[tuple], head: list[tuple]) -> tuple[int, dict[str, list[tuple[int, str]]]] | None:
    """(row number, key → [(column index, header text)]) of the first row naming 'Mã nội dung', else 'Số',
    else two report columns, among the first :data:`HEADER_ROWS` rows; the rows read are added to ``head``
    (only up to the one naming 'Mã nội dung')."""
    mapped = []
    for line, row in enumerate(itertools.islice(rows, HEADER_ROWS), start=1):
        head.append(row)
        columns: dict[str, list[tuple[int, str]]] = {}
        for i, value in enumerate(row):
            if isinstance(value, str) and len(value) <= _HEADER_LENGTH:  # titles and notes are not compared
                column = _column(value)
                if column is not None:
                    columns.setdefault(column.key, []).append((i, unicodedata.normalize("NFC", value).strip()))
        if _KEY.key in columns:
            return line, columns
        mapped.append((line, columns))
    for wanted in (_NUMBER.key,):
        for line, columns in mapped:
            if wanted in columns:
                return line, columns
    for line, columns in mapped:  # both key columns deleted: still a report sheet, refused for the missing key
        if sum(c.key in columns for c in REPORT_COLUMNS) >= 2:
            return line, columns
    return None


def _metadata(workbook) -> dict[str, Any] | None:
    names = {n.casefold(): n for n in workbook.sheetnames}
    title = META_SHEET if META_SHEET in workbook.sheetnames else names.get(META_SHEET)
    if title is None:
        return None
    meta: dict[str, Any] = {}
    for row in workbook[title].iter_rows(min_row=1, max_row=200, max_col=2, values_only=True):
        if row and isinstance(row[0], str) and row[0].strip():
            meta[row[0].strip()] = row[1] if len(row) > 1 else None
    return meta


def _unit_sheets(value: Any) -> dict[str, str]:
    """The metadata's ``unit_sheets`` (JSON: sheet name → unit id); {} when absent or unreadable."""
    try:
        parsed = json.loads(value) if isinstance(value, str) and len(value) < 1_000_000 else {}
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    return {k: v for k, v in parsed.items() if isinstance(k, str) and isinstance(v, str)}


def _refuse_file(path: Path) -> str | None:
    """Why a file cannot be a workbook, read from its size and first bytes; None when it may be one."""
    refused = intake.refuse_path(
        path,
        kind="tệp bảng tính Excel (.xlsx)",
        max_bytes=MAX_FILE_BYTES,
        empty_hint="không phải bảng tính Excel (.xlsx)",
        big_hint="kế hoạch của một đơn vị chỉ vài trăm KB. Kiểm tra lại tệp (có thể chèn ảnh, hoặc không phải "
        "tệp kế hoạch)",
    )
    if refused:
        return refused
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
        if start.startswith(b"\xd0\xcf\x11\xe0"):
            return (
                "là bảng tính Excel kiểu cũ (.xls) hoặc tệp Office có mật khẩu; mở bằng Excel, bỏ mật khẩu nếu có, "
                "rồi lưu lại dạng Excel Workbook (.xlsx)."
            )
        if not zipfile.is_zipfile(path):
            if start.startswith(b"PK"):
                return "tệp hỏng (tệp nén bị cắt cụt hoặc hư); mở bằng Excel và lưu lại, hoặc xin đơn vị gửi lại tệp."
            return "không phải bảng tính Excel (.xlsx): nội dung tệp không phải dạng Excel (có thể chỉ đổi tên đuôi)."
        with zipfile.ZipFile(path) as archive:
            if not any(m.filename == "xl/workbook.xml" for m in archive.infolist()):
                return (
                    "là tệp nén (zip) nhưng không phải bảng tính Excel (.xlsx): không có phần xl/workbook.xml. "
                    "Nếu là tệp nén các kế hoạch, giải nén rồi chọn từng tệp .xlsx."
                )
            return intake.refuse_zip(
                archive, max_unzipped=MAX_UNZIPPED_BYTES, what="không phải kế hoạch của một đơn vị"
            )
    except (OSError, zipfile.BadZipFile) as exc:
        return f"tệp hỏng, không đọc được như bảng tính Excel ({exc})."


def _raised_here(exc: BaseException) -> bool:
    """True when ``exc`` comes from this module's own code, not from openpyxl, zipfile or the XML parser."""
    return intake.raised_in(exc, __file__)


def _paths(paths: Any) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if not isinstance(paths, Iterable):
        raise PlannerError(f"Cần danh sách tệp báo cáo (.xlsx), nhận được {paths!r}.")
    out = []
    for p in paths:
        if not isinstance(p, str | os.PathLike) or not str(p).strip():
            raise PlannerError(f"Cần đường dẫn tệp báo cáo (.xlsx), nhận được {p!r}.")
        out.append(Path(p))
    if not out:
        raise PlannerError("Chưa chọn tệp báo cáo nào để nhập.")
    return out


def _check_items(ws, reader: _Reader, rows: list[_Row]) -> None:
    """Unknown item ids and rows in another unit's sheet are problems (the items as they are now)."""
    ids = sorted({r.item_id for r in rows})
    current: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        frame = ws.items(ids=ids[start : start + 500])
        for item in frame[["item_id", "version", "unit_id", "status"]].to_dict("records"):
            current[int(item["item_id"])] = item
    for row in rows:
        item = current.get(row.item_id)
        label = row.key_header
        if item is None:
            reader.problem(
                row.where, row.file,
                f"không có nội dung số {row.item_id} trong không gian làm việc này (mã bị sửa, dòng chép từ tệp "
                "khác, hoặc nội dung đã bị xóa); sửa lại mã như trong tệp đã xuất.",
                sheet=row.sheet, line=row.line, column=label,
            )
        elif row.unit_id and item["unit_id"] != row.unit_id and int(item["version"]) == row.version:
            reader.problem(
                row.where, row.file,
                f"nội dung số {row.item_id} là của đơn vị '{reader.short.get(item['unit_id'], item['unit_id'])}', "
                f"không phải của '{reader.short.get(row.unit_id, row.unit_id)}' (sheet này); dòng chép nhầm từ sheet "
                "khác? Báo cáo nội dung ở sheet của đúng đơn vị.",
                sheet=row.sheet, line=row.line, column=label,
            )


def _duplicates(reader: _Reader) -> list[_Row]:
    """One row per item: the same report twice (master plan and unit file) is kept once; differing, a problem."""
    first: dict[int, _Row] = {}
    kept = []
    for row in reader.rows:
        seen = first.get(row.item_id)
        if seen is None:
            first[row.item_id] = row
            kept.append(row)
        elif (seen.version, seen.report) != (row.version, row.report):
            reader.problem(
                row.where, row.file,
                f"nội dung số {row.item_id} đã được báo cáo ở {seen.file}, sheet '{seen.sheet}', dòng {seen.line} "
                "với số liệu khác; mỗi nội dung chỉ báo cáo một lần — giữ một dòng đúng.",
                sheet=row.sheet, line=row.line, column=row.key_header,
            )
    return kept


def import_reports(ws, paths) -> ImportResult:
    """Record what units report in their returned plan workbooks: every row of every file, or nothing.

    ``paths``: one file or a list (``.xlsx`` as exported by :func:`planner.export_plan` /
    :func:`planner.export_unit_plans` and filled in by the units). Raises :class:`DataError` listing
    every problem of every file (file, sheet, row, column, the value, what was expected), or the
    store's :class:`ConflictError` when a plan changed since the export; nothing is written then.
    """
    files = _paths(paths)
    units = ws.units()
    reader = _Reader(str(ws.workspace_id), dict(zip(units["unit_id"], units["short_name"], strict=True)))
    for n, path in enumerate(files):
        reader.read(n, path)
    rows = _duplicates(reader)
    if rows:
        _check_items(ws, reader, rows)
    if reader.problems:
        raise DataError([p for _, p in sorted(reader.problems, key=lambda wp: wp[0])])
    result = ImportResult(files=[p.name for p in files], rows=len(rows), skipped=reader.skipped, blank=reader.blank)
    if not rows:
        return result
    reports = [{"item_id": r.item_id, "version": r.version, **r.report, "source_file": r.file} for r in rows]
    exported = {r.item_id: r.shown for r in rows}
    done = ws.record_outputs(reports, source=", ".join(result.files), exported=exported)
    result.added, result.updated, result.unchanged = done.added, done.updated, done.unchanged
    result.published, result.not_approved = done.published, done.not_approved
    result.details = [
        {
            "file": r.file,
            "sheet": r.sheet,
            "row": r.line,
            "item_id": r.item_id,
            "unit": reader.short.get(r.unit_id or "", r.unit_id or ""),
            "title": r.title,
            "url": r.report["url"],
            "views": r.report["views"],
        }
        for r in rows
    ]
    return result


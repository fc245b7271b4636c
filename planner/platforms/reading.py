"""Reading one platform export into posts: :func:`read_platform_file` (writes nothing).

The file is recognised by its content, not its name: a CSV (UTF-8 with or without BOM, UTF-16; comma,
semicolon or tab), an XLSX workbook (TikTok Studio), or the ZIP YouTube Studio downloads (its
``Table data.csv`` — not ``Chart data.csv`` nor ``Totals.csv``). The header row is found among the first
rows by the platform's mapping (:mod:`planner.platforms.mapping`), in English or Vietnamese; preamble lines
above it (a date range, the account's name) are kept as context; a description row right under it and total
rows (``Total``, ``Tổng``) are skipped; an empty cell is unknown (None), never 0. Every problem is collected
with file, sheet, row, column, value and what was expected, and raised together as one
:class:`~planner.errors.DataError`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from planner import catalogue, intake
from planner.calendars import SUPPORTED_YEARS
from planner.columns import header_key
from planner.errors import DataError, DataProblem, InvalidValueError, PlannerError
from planner.model import PLATFORMS
from planner.platforms import values as v
from planner.platforms.mapping import COUNT_FIELDS, LANGUAGES, Mapping, load_mapping
from planner.strings import PLATFORM_LABELS

__all__ = ["Post", "PlatformFile", "read_platform_file", "MAX_FILE_BYTES", "MAX_ROWS", "HEADER_ROWS"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
HEADER_ROWS = 30
MAX_TITLE = 500
_TOTALS = {"total", "totals", "tong", "tong cong", "tong so", "grand total", "cong"}
_TABLE_MEMBERS = ("table data", "du lieu bang")  # YouTube Studio's ZIP in English / Vietnamese
_REQUIRED = ("published_at",)


@dataclass
class Post:
    """One post read from an export, ready for ``ws.record_platform_outputs`` (see :meth:`row`)."""

    file: str
    sheet: str | None
    line: int
    page: str
    unit_id: str | None
    url: str
    post_id: str
    title: str
    published_at: dt.date | dt.datetime
    format: str
    post_type: str
    duration_s: int | None
    views: int | None
    reactions: int | None
    shares: int | None
    comments: int | None
    year_from_context: bool = False
    item_id: int | None = None
    score: float | None = None  # the title similarity of the match (0–100), None when not matched here

    def row(self, platform: str) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "platform": platform,
            "format": self.format,
            "url": self.url,
            "title": self.title,
            "published_at": self.published_at,
            "duration_s": self.duration_s,
            "views": self.views,
            "reactions": self.reactions,
            "shares": self.shares,
            "comments": self.comments,
            "item_id": self.item_id,
        }


@dataclass
class PlatformFile:
    """What :func:`read_platform_file` read from one export."""

    name: str
    platform: str
    language: str
    sheet: str | None
    posts: list[Post] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader decided and the person should know
    blank: int = 0
    totals: int = 0
    description_row: bool = False
    year_context: str = ""  # where the year of dates without one came from


@dataclass
class _Table:
    label: str  # the file name, or "export.zip › Table data.csv"
    sheet: str | None
    rows: list[tuple[int, list[Any]]]  # (line, cells)
    epoch: dt.datetime | None = None


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[tuple, DataProblem]] = []

    def add(self, file: str, message: str, *, sheet: str | None = None, line: int | None = None,
            column: str | None = None) -> None:
        order = (line or 0, len(self.items))
        self.items.append((order, DataProblem(file=file, line=line, column=column, message=message, sheet=sheet)))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_all(self) -> None:
        if self.items:
            raise DataError([p for _, p in sorted(self.items, key=lambda x: x[0])])


# ---------------------------------------------------------------------------- files → tables
def _refuse(path: Path) -> str | None:
    return intake.refuse_path(
        path,
        kind="tệp xuất từ nền tảng",
        max_bytes=MAX_FILE_BYTES,
        empty_hint="tải lại tệp từ nền tảng",
        big_hint="xuất từng tháng hoặc từng quý",
    )


def _decode(data: bytes, name: str, problems: _Problems) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        problems.add(name, f"không đọc được chữ trong tệp (byte {exc.start} không phải mã UTF-8); tải lại tệp từ nền "
                     "tảng, hoặc mở bằng Excel rồi lưu dạng 'CSV UTF-8'.")
        return None
    if "\x00" in text:
        problems.add(name, "tệp chứa byte rỗng (không phải tệp văn bản CSV); tải lại tệp từ nền tảng.")
        return None
    return text


def _csv_tables(text: str, label: str) -> list[_Table]:
    """The text read with each delimiter that may be the file's; the header search picks the one that fits."""
    tables = []
    sample = text[:20000]
    for delimiter in (",", ";", "\t"):
        if delimiter not in sample and delimiter != ",":
            continue
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[tuple[int, list[Any]]] = []
        previous = 0
        try:
            for record in reader:
                rows.append((previous + 1, record))
                previous = reader.line_num
                if len(rows) > MAX_ROWS + 1:
                    break
        except csv.Error:
            continue
        tables.append(_Table(label, None, rows))
    return tables


def _tables(path: Path, problems: _Problems) -> list[_Table]:
    name = path.name
    with open(path, "rb") as handle:
        data = handle.read()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(name, "là bảng tính Excel kiểu cũ (.xls); mở bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8.")
        return []
    if not data.startswith(b"PK"):
        text = _decode(data, name, problems)
        return _csv_tables(text, name) if text is not None else []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        problems.add(name, "tệp nén hỏng (bị cắt cụt?); tải lại tệp từ nền tảng.")
        return []
    with archive:
        members = archive.infolist()
        refused = intake.refuse_zip(archive, max_unzipped=MAX_UNZIPPED_BYTES, what="không phải tệp xuất của một kênh")
        if refused:
            problems.add(name, refused)
            return []
        if any(m.filename == "xl/workbook.xml" for m in members):
            return _xlsx_tables(data, name, problems)
        csvs = [m for m in members if m.filename.lower().endswith(".csv") and not m.is_dir()]
        table = [m for m in csvs if header_key(Path(m.filename).stem) in _TABLE_MEMBERS]
        if not table and len(csvs) == 1:
            table = csvs
        if not table:
            found = ", ".join(m.filename for m in members[:10]) or "không có tệp nào"
            problems.add(name, f"tệp nén không có 'Table data.csv' (bảng các video của YouTube Studio; bản tiếng Việt "
                         f"'Dữ liệu bảng.csv'); trong tệp có: {found}.")
            return []
        member = table[0]
        label = f"{name} › {member.filename}"
        text = _decode(archive.read(member), label, problems)
        return _csv_tables(text, label) if text is not None else []


def _xlsx_tables(data: bytes, name: str, problems: _Problems) -> list[_Table]:
    tables = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if hasattr(sheet, "reset_dimensions"):
                    sheet.reset_dimensions()
                rows = []
                for line, row in enumerate(sheet.iter_rows(values_only=True, max_col=200), start=1):
                    rows.append((line, list(row)))
                    if line > MAX_ROWS + 1:
                        break
                tables.append(_Table(name, sheet.title, rows, workbook.epoch))
        finally:
            workbook.close()
    except (PlannerError, MemoryError):
        raise
    except Exception as exc:  # openpyxl, zipfile, the XML parser
        if intake.raised_in(exc, __file__) or intake.raised_in(exc, v.__file__):
            raise
        problems.add(name, intake.damaged(exc))
        return []
    return tables


# ---------------------------------------------------------------------------- header
@dataclass
class _Header:
    line: int
    position: int  # index of the header row in the table's rows
    language: str
    columns: dict[str, list[int]]  # field → column indexes, in the mapping's priority
    shown: dict[int, str]  # column index → header as written


def _find_header(table: _Table, mapping: Mapping) -> _Header | None:
    fields = {language: mapping.field_of(language) for language in LANGUAGES}
    best: _Header | None = None
    score = 0
    for position, (line, row) in enumerate(table.rows[:HEADER_ROWS]):
        keys = [header_key(c) if isinstance(c, str) and len(c) < 200 else "" for c in row]
        for language in LANGUAGES:
            found: dict[str, list[tuple[int, int]]] = {}
            for i, key in enumerate(keys):
                name = fields[language].get(key)
                if name is not None:
                    rank = mapping.headers[language][name].index(key)
                    found.setdefault(name, []).append((rank, i))
            if not all(r in found for r in _REQUIRED) or len(found) < 3:
                continue
            for other in LANGUAGES:  # a header or two in the other language (an edited file, a new column)
                for i, key in enumerate(keys):
                    name = fields[other].get(key)
                    if other != language and name is not None and name not in found:
                        found[name] = [(mapping.headers[other][name].index(key), i)]
            if len(found) > score:
                columns = {k: [i for _, i in sorted(places)] for k, places in found.items()}
                shown = {i: str(row[i]).strip() for places in columns.values() for i in places}
                best, score = _Header(line, position, language, columns, shown), len(found)
    return best


def _other_platform(tables: list[_Table], platform: str, folder: Path | None) -> str | None:
    """The platform whose headers the file has, when it is not the chosen one (to say so)."""
    for other in PLATFORMS:
        if other == platform:
            continue
        try:
            mapping = load_mapping(other, folder)
        except PlannerError:
            continue
        if any(_find_header(t, mapping) for t in tables):
            return other
    return None


# ---------------------------------------------------------------------------- rows
def _cell(row: list[Any], i: int) -> Any:
    return row[i] if i < len(row) else None


def _is_total(row: list[Any], header: _Header) -> bool:
    """A row of totals: 'Total' / 'Tổng' in its first cells or its id, title or address column, and no date."""
    if any(not v.blank(_cell(row, i)) for i in header.columns["published_at"]):
        return False  # a post whose caption is 'Tổng' is still a post
    firsts = [c for c in row if not v.blank(c)][:2]
    wanted = [_cell(row, i) for name in ("post_id", "title", "url") for i in header.columns.get(name, [])]
    for value in (*firsts, *wanted):
        if isinstance(value, str) and header_key(value).rstrip(":") in _TOTALS:
            return True
    return False


def _is_description(row: list[Any], header: _Header, epoch) -> bool:
    """Facebook's older exports put a sentence under each header ("Lifetime: The number of people who …")."""
    dates = [_cell(row, i) for i in header.columns.get("published_at", [])]
    if not any(isinstance(d, str) and d.strip() for d in dates):
        return False
    try:
        for d in dates:
            v.parse_when(d, epoch=epoch)
        return False
    except v.Bad:
        pass
    counts = [_cell(row, i) for name in COUNT_FIELDS for i in header.columns.get(name, [])]
    for c in counts:
        if v.blank(c):
            continue
        try:
            v.count(c)
            return False
        except v.Bad:
            continue
    return True


def _preamble(table: _Table, header: _Header, mapping: Mapping) -> tuple[list[str], list[str]]:
    texts, pages = [], []
    page_keys = {key for language in LANGUAGES for key in mapping.headers.get(language, {}).get("page", [])}
    for _, row in table.rows[: header.position]:
        cells = [v.text(c).strip() for c in row if not v.blank(c)]
        if not cells:
            continue
        texts.append(" ".join(cells))
        first = cells[0]
        label, sep, rest = first.partition(":")
        if sep and header_key(label) in page_keys and rest.strip():
            pages.append(rest.strip())
        elif header_key(first.rstrip(":")) in page_keys and len(cells) > 1:
            pages.append(cells[1])
    return texts, pages


def _one_line(value: Any) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", v.text(value))).strip()
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


# ---------------------------------------------------------------------------- units
def _plain_url(url: str) -> str:
    url = unicodedata.normalize("NFC", url).strip().lower()
    url = re.sub(r"^[a-z]+://", "", url)
    url = re.sub(r"^(www|m|mobile)\.", "", url)
    return url.split("?", 1)[0].split("#", 1)[0].rstrip("/")


class _Units:
    """Which unit a page (a name, an id, an address) or a post's address belongs to, from the units' channels."""

    def __init__(self, ws, platform: str):
        units = ws.units()
        self.short = dict(zip(units["unit_id"], units["short_name"], strict=True))
        self.names: dict[str, set[str]] = {}
        self.channels: dict[str, str] = {}  # unit → plain channel address
        self.handles: dict[str, set[str]] = {}
        for row in units.to_dict("records"):
            unit = row["unit_id"]
            try:
                channel = catalogue.parse_channels(row.get("channels") or "").get(platform)
            except InvalidValueError:
                channel = None
            for key in (header_key(row["name"]), header_key(row["short_name"]), header_key(unit)):
                self.names.setdefault(key, set()).add(unit)
            if channel:
                plain = _plain_url(channel)
                self.channels[unit] = plain
                handle = plain.rsplit("/", 1)[-1].lstrip("@")
                self.names.setdefault(plain, set()).add(unit)
                self.names.setdefault(header_key(handle), set()).add(unit)
                self.handles.setdefault(handle, set()).add(unit)

    def page(self, value: str) -> str | None:
        value = value.strip()
        if re.match(r"^[a-z]+://", value, re.IGNORECASE) or "/" in value:
            found = self.address(value)
            if found:
                return found
        units = self.names.get(header_key(value.lstrip("@")), set()) | self.names.get(_plain_url(value), set())
        return next(iter(units)) if len(units) == 1 else None

    def address(self, url: str) -> str | None:
        plain = _plain_url(url)
        units = {u for u, channel in self.channels.items() if plain == channel or plain.startswith(channel + "/")}
        if not units:
            parts = set(plain.split("/")[1:])
            units = {u for handle, us in self.handles.items() if handle in parts or "@" + handle in parts for u in us}
        return next(iter(units)) if len(units) == 1 else None


# ---------------------------------------------------------------------------- the file
def _year_context(path: Path, table: _Table, preamble: list[str], year: int | None, dated: list[dt.date],
                  order: str) -> tuple[tuple[dt.date, dt.date] | None, str]:
    if year is not None:
        return (dt.date(year, 1, 1), dt.date(year, 12, 31)), f"năm {year} do người nhập chọn"
    for where, texts in (("dòng đầu của tệp", preamble), ("tên tệp", [path.stem, table.sheet or ""])):
        found = [d for t in texts for d in v.full_dates(t, order)]
        if found:
            start, end = min(found), max(found)
            shown = v.shown(start) if start == end else f"{v.shown(start)}–{v.shown(end)}"
            return (start, end), f"khoảng ngày {shown} ghi ở {where}"
        years = sorted({int(y) for t in texts for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", t)})
        if len(years) == 1:
            return (dt.date(years[0], 1, 1), dt.date(years[0], 12, 31)), f"năm {years[0]} ghi ở {where}"
    if dated:
        start, end = min(dated), max(dated)
        return (start, end), f"các ngày có ghi năm trong tệp ({v.shown(start)}–{v.shown(end)})"
    return None, ""


def read_platform_file(ws, path: str | os.PathLike, *, platform: str, unit: str | None = None,
                       year: int | None = None, mapping_folder: str | os.PathLike | None = None) -> PlatformFile:
    """Read one export of ``platform`` into posts with their unit; nothing is written.

    ``unit`` names the unit of every post (else each post's page is looked up in the units' channels);
    ``year`` is the year of dates written without one (else taken from the export's context and said in
    :attr:`PlatformFile.notes`). Raises :class:`DataError` listing every problem.
    """
    if not isinstance(path, str | os.PathLike) or not str(path).strip():
        raise PlannerError(f"Cần đường dẫn tệp xuất từ nền tảng, nhận được {path!r}.")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise InvalidValueError(f"Năm phải là số, ví dụ 2025; nhận được {year!r}.", field="year", value=year)
    lo, hi = SUPPORTED_YEARS
    if year is not None and not lo <= year <= hi:
        raise InvalidValueError(f"Năm {year} ngoài các năm {lo}–{hi} mà phần mềm hỗ trợ.", field="year", value=year)
    path = Path(path)
    mapping = load_mapping(platform, mapping_folder)
    units = _Units(ws, platform)
    if unit is not None and unit not in units.short:
        raise InvalidValueError(f"Không có đơn vị '{unit}' trong không gian làm việc; chọn một đơn vị trong danh sách.",
                                field="unit", value=unit, allowed=tuple(units.short))
    problems = _Problems()
    name = path.name
    refused = _refuse(path)
    if refused:
        problems.add(name, refused)
        problems.raise_all()
    tables = _tables(path, problems)
    problems.raise_all()
    found = [(t, h) for t in tables if (h := _find_header(t, mapping)) is not None]
    if not found:
        other = _other_platform(tables, platform, Path(mapping_folder) if mapping_folder else None)
        label = PLATFORM_LABELS[platform]
        if other:
            problems.add(name, f"tệp này là tệp xuất của {PLATFORM_LABELS[other]}, không phải của {label}; chọn đúng "
                         "nền tảng rồi nhập lại.")
        else:
            wanted = {lang: [mapping.labels[lang][k] for f in ("published_at", "url", "title", "views")
                             for k in mapping.headers.get(lang, {}).get(f, [])[:1]] for lang in LANGUAGES}
            problems.add(name, f"không tìm thấy dòng tiêu đề của tệp xuất {label} trong {HEADER_ROWS} dòng đầu; cần "
                         f"các cột như {', '.join(repr(h) for h in wanted['en'])} (tiếng Anh) hoặc "
                         f"{', '.join(repr(h) for h in wanted['vi'])} (tiếng Việt). Tải lại tệp từ nền tảng, hoặc "
                         "thêm tiêu đề cột vào data/platforms/" + platform + ".csv.")
        problems.raise_all()
    # a CSV read with several delimiters: the one whose header has most columns; a workbook: every sheet with one
    if tables[0].sheet is None:
        found = [max(found, key=lambda th: len(th[1].columns))]
    result: PlatformFile | None = None
    for table, header in found:
        read = _read_table(path, table, header, mapping, units, unit, year, problems)
        if result is None:
            result = read
        else:
            result.posts.extend(read.posts)
            result.notes.extend(n for n in read.notes if n not in result.notes)
            result.blank += read.blank
            result.totals += read.totals
    problems.raise_all()
    assert result is not None
    _duplicates(result, problems)
    problems.raise_all()
    return result


def _read_table(path: Path, table: _Table, header: _Header, mapping: Mapping, units: _Units, unit: str | None,
                year: int | None, problems: _Problems) -> PlatformFile:
    label, sheet, language = table.label, table.sheet, header.language
    out = PlatformFile(label, mapping.platform, language, sheet)
    preamble, preamble_pages = _preamble(table, header, mapping)
    column_name = header.shown

    def first(row: list[Any], name: str) -> tuple[Any, int | None]:
        places = header.columns.get(name, [])
        for i in places:
            if not v.blank(_cell(row, i)):
                return _cell(row, i), i
        return None, places[0] if places else None

    data = table.rows[header.position + 1:]
    if len(data) > MAX_ROWS:
        problems.add(label, f"tệp có hơn {MAX_ROWS:,} dòng, quá giới hạn; xuất từng tháng.".replace(",", "."),
                     sheet=sheet)
        return out
    # numeric dates: the file's own order when one of its dates tells it, else the platform's for this language
    order = mapping.date_order.get(language, "MDY")
    told = {v.numeric_order(_cell(row, i)) for _, row in data for i in header.columns["published_at"]} - {None}
    if len(told) == 1:
        told_order = told.pop()
        if told_order != order:
            out.notes.append(f"Ngày trong tệp ghi {'ngày trước tháng' if told_order == 'DMY' else 'tháng trước ngày'} "
                             f"(có ngày như 13/…): đọc theo thứ tự đó.")
        order = told_order
    elif len(told) > 1:
        problems.add(label, "cột ngày đăng vừa có ngày ghi tháng trước (04/13/2025) vừa có ngày ghi ngày trước "
                     "(13/04/2025); không biết đọc các ngày như 04/09/2025 thế nào. Tải lại tệp từ nền tảng.",
                     sheet=sheet, column=column_name[header.columns["published_at"][0]])
        return out
    parsed = []
    for n, (line, row) in enumerate(data):
        if all(v.blank(c) for c in row):
            out.blank += 1
            continue
        if _is_total(row, header):
            out.totals += 1
            continue
        if n == 0 and _is_description(row, header, table.epoch):
            out.description_row = True
            continue
        bad = 0
        cells: dict[str, Any] = {}

        def read(name: str, parse, row=row, line=line, cells=cells) -> None:
            nonlocal bad
            value, i = first(row, name)
            try:
                cells[name] = parse(value)
            except v.Bad as exc:
                bad += 1
                problems.add(label, str(exc), sheet=sheet, line=line, column=column_name.get(i))

        read("published_at", lambda x: v.parse_when(x, order=order, epoch=table.epoch))
        for name in COUNT_FIELDS:
            read(name, v.count)
        read("duration_s", v.duration)
        for name in ("post_id", "title", "post_type"):
            cells[name] = _one_line(first(row, name)[0])
        cells["pages"] = [p for i in header.columns.get("page", []) if (p := _one_line(_cell(row, i)))]
        raw_url, url_col = first(row, "url")
        if bad:
            continue
        if cells["published_at"] is None:
            col = header.columns["published_at"][0]
            problems.add(label, f"ô trống; mỗi bài đăng cần ngày đăng ({v.DATE_HELP})", sheet=sheet, line=line,
                         column=column_name[col])
            continue
        url = ""
        if not v.blank(raw_url):
            try:
                url = intake.link(raw_url if isinstance(raw_url, str) else v.text(raw_url))
            except v.Bad as exc:
                problems.add(label, str(exc), sheet=sheet, line=line, column=column_name.get(url_col))
                continue
        elif cells["post_id"] and mapping.url_template.get(language):
            url = mapping.url_template[language].format(post_id=cells["post_id"])
        if not url:
            where = column_name.get(url_col) if url_col is not None else None
            problems.add(label, "không có đường dẫn bài đăng (ô trống" + ("" if where else ", tệp không có cột đường "
                         "dẫn") + "); mỗi bài cần địa chỉ bài đã đăng để không bị tính hai lần.", sheet=sheet,
                         line=line, column=where)
            continue
        parsed.append((line, cells, url))
    if problems:
        return out
    # dates without a year
    missing = [c["published_at"] for _, c, _ in parsed if c["published_at"].year_missing]
    dated = [dt.date(w.year, w.month, w.day) for _, c, _ in parsed if not (w := c["published_at"]).year_missing]
    span = None
    if missing:
        span, said = _year_context(path, table, preamble, year, dated, order)
        if span is None:
            problems.add(label, f"{len(missing)} ngày đăng không ghi năm (ví dụ '{missing[0].day}/{missing[0].month}') "
                         "và tệp không ghi khoảng ngày hay năm nào; chọn năm khi nhập (year=…).", sheet=sheet)
            return out
        out.year_context = said
        out.notes.append(f"{len(missing)} ngày đăng không ghi năm: lấy năm theo {said}.")
    unknown_types: dict[str, int] = {}
    unknown_pages: dict[str, int] = {}
    other_units: dict[str, tuple[int, str]] = {}
    no_page: list[int] = []
    for line, cells, url in parsed:
        when = cells["published_at"]
        try:
            moment = when.value(v.year_for(when, *span) if when.year_missing else None)
        except v.Bad as exc:
            col = header.columns["published_at"][0]
            problems.add(label, str(exc), sheet=sheet, line=line, column=column_name[col])
            continue
        pages = cells["pages"] or preamble_pages
        page = pages[0] if pages else ""
        found = next((u for u in map(units.page, pages) if u is not None), None)  # page name, else page id …
        found = found or units.address(url)  # … else the post's address under a unit's channel
        if unit is not None:
            if found is not None and found != unit and page:
                other_units.setdefault(page, (line, found))
                continue
            found = unit
        if found is None:
            if page:
                unknown_pages.setdefault(page, line)
            else:
                no_page.append(line)
            continue
        post_type = cells["post_type"]
        fmt = mapping.post_types.get(header_key(post_type)) if post_type else None
        if post_type and fmt is None:
            unknown_types[post_type] = unknown_types.get(post_type, 0) + 1
        out.posts.append(Post(
            file=label, sheet=sheet, line=line, page=page, unit_id=found, url=url, post_id=cells["post_id"],
            title=cells["title"], published_at=moment, format=fmt or mapping.default_format.get(language, "post"),
            post_type=post_type, duration_s=cells["duration_s"], views=cells["views"], reactions=cells["reactions"],
            shares=cells["shares"], comments=cells["comments"], year_from_context=when.year_missing,
        ))
    page_col = column_name.get(header.columns["page"][0]) if "page" in header.columns else None
    for page, line in unknown_pages.items():
        problems.add(label, f"trang/kênh '{page}' không phải của đơn vị nào (không khớp tên đơn vị hay địa chỉ kênh "
                     f"{PLATFORM_LABELS[mapping.platform]} trong danh sách đơn vị); thêm kênh vào cột channels của "
                     "đơn vị, hoặc chọn đơn vị khi nhập.", sheet=sheet, line=line, column=page_col)
    for page, (line, other) in other_units.items():
        problems.add(label, f"trang/kênh '{page}' là của đơn vị '{units.short[other]}', không phải của "
                     f"'{units.short[unit]}' đã chọn; chọn đúng đơn vị hoặc để trống để nhận theo kênh.",
                     sheet=sheet, line=line, column=page_col)
    if no_page:
        shown = ", ".join(map(str, no_page[:10])) + (" …" if len(no_page) > 10 else "")
        problems.add(label, f"không biết bài đăng ở dòng {shown} là của đơn vị nào: tệp không ghi trang/kênh và "
                     f"đường dẫn bài không thuộc kênh {PLATFORM_LABELS[mapping.platform]} của đơn vị nào; chọn đơn vị "
                     "khi nhập.", sheet=sheet)
    if unknown_types:
        shown = ", ".join(f"'{t}' ({n} bài)" for t, n in unknown_types.items())
        default = mapping.default_format.get(language, "post")
        out.notes.append(f"Loại bài {shown} chưa có trong data/platforms/post_types.csv: tính là hình thức "
                         f"'{default}'.")
    if out.description_row:
        out.notes.append("Bỏ qua dòng mô tả dưới dòng tiêu đề.")
    return out


def _duplicates(result: PlatformFile, problems: _Problems) -> None:
    """The same post twice in a file: kept once when the rows say the same, else a problem naming both rows."""
    seen: dict[str, Post] = {}
    kept = []
    for post in result.posts:
        first = seen.get(post.url)
        if first is None:
            seen[post.url] = post
            kept.append(post)
            continue
        same = (first.published_at, first.views, first.reactions, first.shares, first.comments) == (
            post.published_at, post.views, post.reactions, post.shares, post.comments)
        if not same:
            problems.add(post.file, f"bài {post.url} đã có ở dòng {first.line} với số liệu khác; mỗi bài một dòng.",
                         sheet=post.sheet, line=post.line)
    result.posts = kept


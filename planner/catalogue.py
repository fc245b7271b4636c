"""Reading and validating the editable data files in ``data/``.

Each reader checks every row and collects every problem (file, line, column, what was
expected) before raising one :class:`~planner.errors.DataError`, so a user fixes a file in
one pass. Nothing here writes anywhere.

Files:

* ``events.csv`` — the catalogue of recurring events (see :data:`planner.model.EVENT_COLUMNS`).
* ``units.csv`` — the units of the organisation (see :data:`planner.model.UNIT_COLUMNS`).
* ``templates.csv`` + ``template_items.csv`` — campaign templates.
* ``official_names.csv`` — official names and their wrong forms.
* ``organisation.toml`` — the organisation's name, document header and settings.

Rules every file follows:

* UTF-8, with or without a BOM (Excel's "CSV UTF-8" writes one), NFC text.
* A line number is the physical line in the file as an editor counts it: only a real line
  end (``\n``, ``\r\n``, ``\r``) ends a line — U+2028, NEL or a form feed inside a cell do
  not; a record spanning lines (a quoted cell with a line break) is named by its first line.
* The header names every column once; a missing or doubled column is named.
* A cell holds at most :data:`CELL_LIMIT` characters (Excel's limit) and no control
  characters other than tab and line breaks (Excel refuses them).
* A problem found across files (an own event of a unit, a template's takers or events)
  names the line of the file that mentions the unknown id.
* A file that cannot be read (missing, a folder, no permission) is a DataError too; a
  path that is not a str or PathLike is an InvalidValueError.
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
import errno
import io
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import DataError, DataProblem, InvalidValueError
from planner.model import (
    CALENDARS,
    CATEGORIES,
    EVENT_COLUMNS,
    FORMATS,
    NAME_COLUMNS,
    PLATFORMS,
    SCOPES,
    SEVERITIES,
    TAKER_ALL,
    TAKER_OWNER,
    TEMPLATE_COLUMNS,
    TEMPLATE_TIERS,
    THEMES,
    TITLE_PLACEHOLDERS,
    UNIT_COLUMNS,
    UNIT_KINDS,
)
from planner.strings import OS_ERROR_LABELS, TOML_ERROR_LABELS

__all__ = [
    "DATA_DIR",
    "Organisation",
    "data_dir",
    "read_events",
    "read_units",
    "read_organisation",
    "read_templates",
    "read_official_names",
    "check_references",
    "default_events",
    "parse_channels",
    "format_channels",
    "describe_os_error",
    "CELL_LIMIT",
]

#: The repository's ``data/`` folder (override with ``PLANNER_DATA``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHEET_FORBIDDEN = set("[]:*?/\\")
_TRUE = {"1", "true", "yes", "x", "có", "co"}
_FALSE = {"", "0", "false", "no", "không", "khong"}

#: Most characters in one cell: Excel's limit for a cell (the plan goes to Excel).
CELL_LIMIT = 32_767
#: Control characters Excel (and XML) refuse in a cell; tab and line breaks are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Where a frame read from a file keeps its line numbers (``DataFrame.attrs``).
#: ``frame.attrs`` key where a reader keeps the file name and each row's line (``{"file", "lines"}``).
SOURCE_ATTR = _SOURCE = "planner.source"


def data_dir() -> Path:
    """Folder of the data files: ``PLANNER_DATA`` if set, else the repository's ``data/``."""
    return Path(os.environ.get("PLANNER_DATA") or DATA_DIR)


class _Bad(InvalidValueError):
    """A cell value that failed its check (message says what was expected).

    Inside a reader it becomes a DataProblem; from a public helper such as
    :func:`parse_channels` it reaches the caller as an InvalidValueError.
    """


@dataclass(frozen=True)
class _Field:
    parse: Callable[[str], Any]
    required: bool = False


def _text(value: str) -> str:
    return value.strip()


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise _Bad(
            f"mã '{_show(value)}' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang "
            "(ví dụ: doan-thanh-nien)"
        )
    return value


def _choice(values: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in values:
            raise _Bad(f"giá trị '{_show(value)}' không hợp lệ; chỉ nhận: {', '.join(values)}")
        return value

    return parse


def _int(lo: int, hi: int, what: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise _Bad(f"{what} phải là số nguyên, nhận được '{_show(value)}'") from None
        if not lo <= number <= hi:
            raise _Bad(f"{what} phải từ {lo} đến {hi}, nhận được {number}")
        return number

    return parse


def _slug_list(value: str) -> str:
    """Space- or comma-separated slugs, normalised to single spaces."""
    return " ".join(_slug(v) for v in value.replace(",", " ").split())


def _choice_list(values: tuple[str, ...]) -> Callable[[str], str]:
    one = _choice(values)
    return lambda value: " ".join(one(v) for v in value.replace(",", " ").split())


def _bool(value: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise _Bad(f"cần 0 hoặc 1 (không / có), nhận được '{_show(value)}'")


def _show(value: str, limit: int = 60) -> str:
    """A cell value as quoted in a message, cut at ``limit`` characters."""
    return value if len(value) <= limit else value[:limit] + "…"


def describe_os_error(exc: OSError) -> str:
    """Vietnamese for why a file or folder could not be read or written."""
    code = errno.errorcode.get(exc.errno or 0, "")
    if code in OS_ERROR_LABELS:
        return OS_ERROR_LABELS[code]
    return f"lỗi hệ thống{f' {code}' if code else ''} khi đọc hoặc ghi tệp"


def _path(value: str | os.PathLike | None, default: Path, what: str) -> Path:
    """``value`` as a Path (``default`` when None); InvalidValueError for anything else."""
    if value is None:
        return default
    if isinstance(value, str | os.PathLike):
        try:
            return Path(value)
        except TypeError:  # a PathLike giving bytes
            pass
    raise InvalidValueError(
        f"Đường dẫn tới {what} phải là chuỗi hoặc pathlib.Path, nhận được {value!r}.",
        field="path",
        value=value,
        allowed="str hoặc pathlib.Path",
    )


def _read_text(path: Path, *, save_as: str = "'CSV UTF-8'") -> str:
    """The file's text (UTF-8, BOM allowed); DataError if it cannot be read or decoded."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([DataProblem(str(path), None, None, describe_os_error(exc))]) from None
    except ValueError:  # a NUL character in the path
        raise DataError([DataProblem(repr(str(path)), None, None, "đường dẫn chứa ký tự NUL")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [DataProblem(path.name, line, None, f"tệp không phải UTF-8; hãy lưu lại dưới dạng {save_as}")]
        ) from None


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the csv module read cells up to ``size`` characters (its default is 131,072)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_records(name: str, text: str) -> list[tuple[int, list[str]]]:
    """``(first physical line, cells)`` for each record; only real line ends end a record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    line = 0
    with _field_limit(len(text)):
        try:
            for record in reader:
                records.append((line + 1, record))
                line = reader.line_num
        except csv.Error:
            why = f"dòng không đọc được theo định dạng CSV (có ô dài quá {CELL_LIMIT} ký tự?)"
            raise DataError([DataProblem(name, line + 1, None, why)]) from None
    return records


def _header(name: str, record: list[str], fields: dict[str, _Field]) -> list[str]:
    """The header's column names; DataError naming each missing or doubled column."""
    header = [h.strip().lstrip("\ufeff").strip() for h in record]
    problems: list[DataProblem] = []
    first: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if column in first:
            problems.append(
                DataProblem(
                    name,
                    1,
                    column,
                    f"cột '{_show(column)}' có hai lần trong dòng tiêu đề (cột thứ {first[column]} và {position}); "
                    "giữ lại một cột",
                )
            )
        elif column:
            first[column] = position
    for column in fields:
        if column not in first:
            problems.append(
                DataProblem(name, 1, column, f"thiếu cột '{column}'; dòng tiêu đề cần có: {', '.join(fields)}")
            )
    if problems:
        raise DataError(problems)
    return header


def _cell_problem(value: str) -> str | None:
    """Why a raw cell cannot be used at all (before parsing), or None."""
    if len(value) > CELL_LIMIT:
        return f"ô dài {len(value)} ký tự; tối đa {CELL_LIMIT} ký tự (giới hạn một ô của Excel)"
    bad = _CONTROL.search(value)
    if bad:
        return (
            f"ô chứa ký tự điều khiển U+{ord(bad[0]):04X} ở ký tự thứ {bad.start() + 1}; "
            "xóa ký tự này (thường do sao chép từ phần mềm khác)"
        )
    if value != unicodedata.normalize("NFC", value):
        return "chữ tiếng Việt ở dạng tổ hợp (NFD); lưu lại tệp bằng bộ gõ Unicode dựng sẵn (NFC)"
    return None


def _parse_row(
    name: str, line: int, cells: dict[str, str], fields: dict[str, _Field], problems: list[DataProblem]
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, field in fields.items():
        value = cells[column]
        why = _cell_problem(value)
        if why:
            problems.append(DataProblem(name, line, column, why))
            row[column] = None
            continue
        value = value.strip()
        if not value:
            if field.required:
                problems.append(DataProblem(name, line, column, "ô trống; cột này bắt buộc"))
            row[column] = None
            continue
        try:
            row[column] = field.parse(value)
        except _Bad as exc:
            problems.append(DataProblem(name, line, column, str(exc)))
            row[column] = None
    return row


def _read_rows(path: Path, fields: dict[str, _Field]) -> tuple[list[tuple[int, dict[str, Any]]], list[DataProblem]]:
    """Parse a UTF-8 CSV file against ``fields``; returns ``(line, row)`` pairs and problems."""
    name = path.name
    records = _csv_records(name, _read_text(path))
    if not records or not any(cell.strip() for cell in records[0][1]):
        raise DataError([DataProblem(name, 1, None, "tệp rỗng hoặc dòng 1 trống; dòng 1 phải là dòng tiêu đề")])
    header = _header(name, records[0][1], fields)
    problems: list[DataProblem] = []
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue
        used = max(i for i, cell in enumerate(record) if cell.strip()) + 1
        if used > len(header):
            why = f"có {used} ô có dữ liệu, nhiều hơn {len(header)} cột tiêu đề"
            problems.append(DataProblem(name, line, None, why))
            continue
        cells = dict(zip(header, record[: len(header)] + [""] * (len(header) - len(record)), strict=True))
        rows.append((line, _parse_row(name, line, cells, fields, problems)))
    return rows, problems


def _check_unique(name: str, rows: list[tuple[int, dict]], column: str, problems: list[DataProblem]) -> None:
    seen: dict[Any, int] = {}
    for line, row in rows:
        value = row.get(column)
        if value is None:
            continue
        if value in seen:
            why = f"'{_show(str(value))}' bị trùng với dòng {seen[value]}; mỗi mã chỉ dùng một lần"
            problems.append(DataProblem(name, line, column, why))
        else:
            seen[value] = line


# --------------------------------------------------------------------------- events


def _event_fields() -> dict[str, _Field]:
    this_year = dt.date.today().year
    return {
        "event_id": _Field(_slug, required=True),
        "name_vi": _Field(_text, required=True),
        "name_en": _Field(_text),
        "calendar": _Field(_choice(CALENDARS), required=True),
        "day": _Field(_int(1, 31, "ngày")),
        "month": _Field(_int(1, 12, "tháng"), required=True),
        "leap": _Field(_bool),
        "base_year": _Field(_int(1000, this_year, "năm gốc (không được ở tương lai)")),
        "category": _Field(_choice(CATEGORIES), required=True),
        "scope": _Field(_choice(SCOPES), required=True),
        "valid_from": _Field(_int(1000, 2200, "năm bắt đầu áp dụng")),
        "valid_until": _Field(_int(1000, 2200, "năm hết áp dụng")),
        "source": _Field(_text, required=True),
        "note": _Field(_text),
    }


def _check_event(name: str, line: int, ev: dict, problems: list[DataProblem]) -> None:
    day, month, cal = ev.get("day"), ev.get("month"), ev.get("calendar")
    if day is not None and month is not None and cal == "solar":
        longest = _calendar.monthrange(2024, month)[1]  # 2024: February has 29 days
        if day > longest:
            problems.append(
                DataProblem(name, line, "day", f"tháng {month} dương lịch không có ngày {day} (tối đa {longest})")
            )
    if cal == "lunar":
        if day is None:
            problems.append(DataProblem(name, line, "day", "sự kiện âm lịch cần có ngày (1–30)"))
        elif day > 30:
            problems.append(DataProblem(name, line, "day", f"ngày âm lịch chỉ từ 1 đến 30, nhận được {day}"))
    if ev.get("leap") and cal != "lunar":
        problems.append(DataProblem(name, line, "leap", "chỉ sự kiện âm lịch mới có tháng nhuận"))
    lo, hi = ev.get("valid_from"), ev.get("valid_until")
    if lo is not None and hi is not None and lo > hi:
        problems.append(DataProblem(name, line, "valid_until", f"năm hết áp dụng {hi} trước năm bắt đầu {lo}"))


def events_frame(records: list[dict]) -> pd.DataFrame:
    """A catalogue frame with the right dtypes from a list of row dicts."""
    frame = pd.DataFrame(records, columns=EVENT_COLUMNS)
    for col in ("day", "base_year", "valid_from", "valid_until"):
        frame[col] = frame[col].astype("Int64")
    frame["month"] = frame["month"].astype("int64")
    frame["leap"] = frame["leap"].fillna(False).astype(bool)
    for col in ("name_en", "source", "note"):
        frame[col] = frame[col].fillna("").astype(object)
    return frame


def read_events(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate an event catalogue CSV; raises DataError listing every bad row."""
    path = _path(path, data_dir() / "events.csv", "danh mục sự kiện (events.csv)")
    rows, problems = _read_rows(path, _event_fields())
    for line, ev in rows:
        _check_event(path.name, line, ev, problems)
    _check_unique(path.name, rows, "event_id", problems)
    if problems:
        raise DataError(problems)
    return events_frame([row for _, row in rows])


@lru_cache(maxsize=4)
def _default_events(path: str, mtime: float) -> pd.DataFrame:
    return read_events(path)


def default_events() -> pd.DataFrame:
    """The packaged catalogue (``data/events.csv``), read once and cached; a copy."""
    path = data_dir() / "events.csv"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return read_events(path)  # raises DataError saying why
    return _default_events(str(path), mtime).copy()


# --------------------------------------------------------------------------- units


def parse_channels(value: str) -> dict[str, str]:
    """'facebook=https://…; zalo=https://…' → {'facebook': 'https://…', …}.

    Raises InvalidValueError naming the part that is not ``nền_tảng=địa_chỉ`` with a known
    platform and an http(s) address.
    """
    if not isinstance(value, str):
        raise _Bad(
            f"danh sách kênh phải là chuỗi 'nền_tảng=địa_chỉ; …', nhận được {value!r}", field="channels", value=value
        )
    channels: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        platform, sep, url = (s.strip() for s in part.partition("="))
        if not sep or platform not in PLATFORMS:
            raise _Bad(
                f"kênh '{_show(part)}' không hợp lệ; viết dạng nền_tảng=địa_chỉ, nền tảng là một trong: "
                f"{', '.join(PLATFORMS)}"
            )
        if not url.startswith(("http://", "https://")):
            raise _Bad(f"địa chỉ kênh {platform} phải bắt đầu bằng http:// hoặc https://, nhận được '{_show(url)}'")
        channels[platform] = url
    return channels


def format_channels(channels: dict[str, str]) -> str:
    """Inverse of :func:`parse_channels`."""
    if not isinstance(channels, dict):
        raise _Bad(
            f"danh sách kênh phải là dict {{nền_tảng: địa_chỉ}}, nhận được {channels!r}",
            field="channels",
            value=channels,
        )
    return "; ".join(f"{k}={v}" for k, v in channels.items())


def _short_name(value: str) -> str:
    if len(value) > 31:
        raise _Bad(f"tên ngắn '{_show(value)}' dài {len(value)} ký tự; tối đa 31 (làm tên trang tính Excel)")
    bad = sorted(set(value) & _SHEET_FORBIDDEN)
    if bad:
        raise _Bad(f"tên ngắn '{value}' chứa ký tự Excel không cho phép: {' '.join(bad)}")
    return value


def read_units(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate a unit list CSV; raises DataError listing every bad row."""
    path = _path(path, data_dir() / "units.csv", "danh sách đơn vị (units.csv)")
    fields = {
        "unit_id": _Field(_slug, required=True),
        "name": _Field(_text, required=True),
        "short_name": _Field(_short_name, required=True),
        "kind": _Field(_choice(UNIT_KINDS), required=True),
        "parent_id": _Field(_text),
        "own_events": _Field(_slug_list),
        "channels": _Field(lambda v: format_channels(parse_channels(v))),
        "note": _Field(_text),
    }
    rows, problems = _read_rows(path, fields)
    _check_unique(path.name, rows, "unit_id", problems)
    _check_unique(path.name, rows, "short_name", problems)
    ids = {row["unit_id"] for _, row in rows if row.get("unit_id")}
    parents = {row["unit_id"]: row.get("parent_id") for _, row in rows if row.get("unit_id")}
    for line, row in rows:
        parent = row.get("parent_id")
        if parent and parent not in ids:
            problems.append(
                DataProblem(path.name, line, "parent_id", f"đơn vị cấp trên '{parent}' không có trong danh sách")
            )
            continue
        seen, cur = set(), row.get("unit_id")
        while cur and parents.get(cur):
            if cur in seen:
                problems.append(DataProblem(path.name, line, "parent_id", "quan hệ cấp trên tạo thành vòng lặp"))
                break
            seen.add(cur)
            cur = parents.get(cur)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame([row for _, row in rows], columns=UNIT_COLUMNS)
    for col in ("parent_id", "own_events", "channels", "note"):
        frame[col] = frame[col].fillna("").astype(object)
    frame.attrs[_SOURCE] = {"file": path.name, "lines": {row["unit_id"]: line for line, row in rows}}
    return frame


# --------------------------------------------------------------------------- organisation


@dataclass(frozen=True)
class Organisation:
    """Who plans: the name and header used on exported documents, and settings."""

    name: str  # e.g. "Thành ủy Vũng Tàu"
    department: str  # e.g. "Ban Tuyên giáo"
    place: str  # e.g. "Vũng Tàu" (the place on the date line)
    party_header: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    document_number: str = "Số      -KH/BTG"  # the plan's number, filled in by the office when it is signed
    short_video_seconds: int = 90
    weekly_item_ceiling: int = 10
    monthly_item_minimum: int = 1


#: Text keys of the ``[organisation]`` table of ``organisation.toml`` and whether each is required.
_ORGANISATION_KEYS = {
    "name": True,
    "department": True,
    "place": True,
    "party_header": False,
    "document_number": False,
}
#: Whole-number settings of the ``[settings]`` table: smallest and largest value accepted.
_SETTINGS = {
    "short_video_seconds": (1, 3600),
    "weekly_item_ceiling": (1, 1000),
    "monthly_item_minimum": (1, 1000),
}
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")


def _toml_syntax(name: str, exc: tomllib.TOMLDecodeError) -> DataProblem:
    """A tomllib syntax error as a DataProblem with its line, in Vietnamese."""
    text = str(exc)
    at = _TOML_AT.search(text)
    what = next((vi for en, vi in TOML_ERROR_LABELS.items() if text.startswith(en)), "sai cú pháp TOML")
    if at is None:
        return DataProblem(name, None, None, f"{what} (ở cuối tệp)")
    return DataProblem(name, int(at[1]), None, f"{what} (ở ký tự thứ {at[2]} của dòng)")


def _toml_line(text: str, table: str | None, key: str) -> int | None:
    """Line of ``key = …`` inside ``[table]`` (or of ``[key]`` itself when ``table`` is None)."""
    current = None
    for number, line in enumerate(text.splitlines(), start=1):  # TOML: only \n and \r\n end lines
        header = _TOML_TABLE.match(line)
        if header:
            current = header[1]
            if table is None and current == key:
                return number
            continue
        if current == table and re.match(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None


def _toml_text(value: Any, *, required: bool) -> str | None:
    """Why a text value of organisation.toml is wrong, or None."""
    if not isinstance(value, str):
        if value is None:
            return "thiếu; cần một chuỗi văn bản trong dấu ngoặc kép" if required else None
        return f"cần một chuỗi văn bản trong dấu ngoặc kép, nhận được {value!r}"
    if required and not value.strip():
        return "trống; cần một chuỗi văn bản"
    bad = _CONTROL.search(value)
    if bad:
        return f"chứa ký tự điều khiển U+{ord(bad[0]):04X}; xóa ký tự này"
    return None


def _toml_count(value: Any, lo: int, hi: int) -> str | None:
    """Why a whole-number setting is wrong, or None (``true`` is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"cần một số nguyên từ {lo} đến {hi}, không đặt trong dấu ngoặc kép; nhận được {value!r}"
    if not lo <= value <= hi:
        return f"cần một số nguyên từ {lo} đến {hi}, nhận được {value}"
    return None


def _organisation_problems(name: str, text: str, data: dict) -> list[DataProblem]:
    problems: list[DataProblem] = []

    def bad(table: str | None, key: str, message: str) -> None:
        column = f"{table}.{key}" if table else key
        problems.append(DataProblem(name, _toml_line(text, table, key), column, message))

    for key in data:
        if key not in ("organisation", "settings"):
            bad(None, key, "không có mục này; tệp chỉ có hai bảng [organisation] và [settings]")
    tables = {}
    for table, keys in (("organisation", _ORGANISATION_KEYS), ("settings", _SETTINGS)):
        tables[table] = data.get(table, {})
        if not isinstance(tables[table], dict):
            bad(None, table, f"cần một bảng [{table}], nhận được {tables[table]!r}")
            tables[table] = {}
        for key in tables[table]:
            if key not in keys:
                bad(table, key, f"không có khóa này trong [{table}]; các khóa: {', '.join(keys)}")
    org, settings = tables["organisation"], tables["settings"]
    for key, required in _ORGANISATION_KEYS.items():
        why = _toml_text(org.get(key), required=required)
        if why:
            bad("organisation", key, why)
    for key, (lo, hi) in _SETTINGS.items():
        why = _toml_count(settings[key], lo, hi) if key in settings else None
        if why:
            bad("settings", key, why)
    return problems


def read_organisation(path: str | os.PathLike | None = None) -> Organisation:
    """Read ``organisation.toml``; raises DataError naming every key that is wrong, with its line.

    ``[organisation]`` needs ``name``, ``department`` and ``place`` (text; ``party_header``
    optional); ``[settings]`` may set the whole numbers in :data:`_SETTINGS` (``true`` is not
    a number). Unknown keys are refused so a misspelt setting is not silently ignored. Text is
    returned NFC-normalised; a BOM at the start of the file is allowed, as in the CSV files.
    """
    path = _path(path, data_dir() / "organisation.toml", "tệp tổ chức (organisation.toml)")
    text = _read_text(path, save_as="UTF-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([_toml_syntax(path.name, exc)]) from None
    problems = _organisation_problems(path.name, text, data)
    if problems:
        raise DataError(problems)
    org, settings = data.get("organisation", {}), data.get("settings", {})
    texts = {k: unicodedata.normalize("NFC", org[k].strip()) for k in _ORGANISATION_KEYS if k in org}
    return Organisation(**texts, **{k: settings[k] for k in _SETTINGS if k in settings})


# --------------------------------------------------------------------------- templates

def _placeholders(value: str) -> list[tuple[int, str]]:
    """``(position, name)`` of each ``{name}`` in a title pattern; ``{{`` and ``}}`` are literal braces.

    Raises _Bad naming the position (1-based) of a brace that is not closed or not opened.
    """
    found, i = [], 0
    while i < len(value):
        char = value[i]
        if value.startswith(("{{", "}}"), i):
            i += 2
            continue
        if char == "}":
            raise _Bad(_brace_message(value, i, "dấu } không có dấu { mở trước"))
        if char == "{":
            end = value.find("}", i + 1)
            inner = value.find("{", i + 1)
            if end == -1 or -1 < inner < end:
                raise _Bad(_brace_message(value, i, "dấu { không có dấu } đóng"))
            found.append((i + 1, value[i + 1 : end]))
            i = end
        i += 1
    return found


def _brace_message(value: str, index: int, what: str) -> str:
    return (
        f"tiêu đề '{_show(value)}' có {what} ở ký tự thứ {index + 1}; chỗ trống viết dạng {{title}}, "
        "muốn in dấu ngoặc nhọn thì gõ hai lần: {{ hoặc }}"
    )


def _title_pattern(value: str) -> str:
    for position, name in _placeholders(value):
        if name not in TITLE_PLACEHOLDERS:
            raise _Bad(
                f"chỗ trống {{{_show(name)}}} ở ký tự thứ {position} không có; chỉ dùng: "
                + ", ".join(f"{{{p}}}" for p in TITLE_PLACEHOLDERS)
            )
    return value


def _takers(value: str) -> str:
    tokens = value.replace(",", " ").split()
    for token in tokens:
        if token in (TAKER_ALL, TAKER_OWNER) or token in UNIT_KINDS:
            continue
        if not _SLUG.match(token):
            raise _Bad(
                f"'{token}' không phải người nhận hợp lệ; dùng all (mọi đơn vị), owner (đơn vị có ngày "
                f"truyền thống), một loại đơn vị ({', '.join(UNIT_KINDS)}) hoặc mã đơn vị"
            )
    return " ".join(tokens)


def read_templates(folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read ``templates.csv`` and ``template_items.csv`` from ``folder``; one row per item spec.

    A template applies to an occurrence when its category, tier and event id match (an
    empty cell matches anything); the first matching template in file order is used.
    """
    folder = _path(folder, data_dir(), "thư mục mẫu chiến dịch")
    t_path, i_path = folder / "templates.csv", folder / "template_items.csv"
    t_rows, problems = _read_rows(
        t_path,
        {
            "template_id": _Field(_slug, required=True),
            "name": _Field(_text, required=True),
            "categories": _Field(_choice_list(CATEGORIES)),
            "tiers": _Field(_choice_list(TEMPLATE_TIERS)),
            "events": _Field(_slug_list),
            "note": _Field(_text),
        },
    )
    _check_unique(t_path.name, t_rows, "template_id", problems)
    i_rows, more = _read_rows(
        i_path,
        {
            "template_id": _Field(_slug, required=True),
            "spec_id": _Field(_slug, required=True),
            "offset": _Field(_int(-90, 60, "số ngày so với ngày kỷ niệm"), required=True),
            "format": _Field(_choice(FORMATS), required=True),
            "platform": _Field(_choice(PLATFORMS), required=True),
            "theme": _Field(_choice(THEMES), required=True),
            "takers": _Field(_takers, required=True),
            "title": _Field(_title_pattern),
        },
    )
    problems += more
    templates = {row["template_id"]: (pos, row) for pos, (_, row) in enumerate(t_rows) if row.get("template_id")}
    seen: dict[tuple, int] = {}
    for line, row in i_rows:
        tid = row.get("template_id")
        if tid and tid not in templates:
            problems.append(DataProblem(i_path.name, line, "template_id", f"mẫu '{tid}' không có trong {t_path.name}"))
        key = (tid, row.get("spec_id"))
        if key in seen:
            problems.append(
                DataProblem(i_path.name, line, "spec_id", f"'{key[1]}' bị trùng với dòng {seen[key]} của mẫu '{tid}'")
            )
        seen.setdefault(key, line)
    if problems:
        raise DataError(problems)
    records = []
    for _, row in i_rows:
        pos, tpl = templates[row["template_id"]]
        records.append(
            {
                **row,
                "position": pos,
                "name": tpl["name"],
                "categories": tpl.get("categories") or "",
                "tiers": tpl.get("tiers") or "",
                "events": tpl.get("events") or "",
                "title": row.get("title") or "{title}",
            }
        )
    frame = pd.DataFrame(records, columns=TEMPLATE_COLUMNS)
    frame["position"] = frame["position"].astype("int64")
    frame["offset"] = frame["offset"].astype("int64")
    frame = frame.sort_values(["position", "offset", "spec_id"], kind="stable").reset_index(drop=True)
    frame.attrs[_SOURCE] = {
        "file": i_path.name,
        "lines": {(row["template_id"], row["spec_id"]): line for line, row in i_rows},
        "templates_file": t_path.name,
        "template_lines": {row["template_id"]: line for line, row in t_rows},
    }
    return frame


# --------------------------------------------------------------------------- official names


def read_official_names(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Official names with their wrong forms, one wrong form per row."""
    path = _path(path, data_dir() / "official_names.csv", "danh sách tên chính thức (official_names.csv)")
    rows, problems = _read_rows(
        path,
        {
            "correct": _Field(_text, required=True),
            "wrong_form": _Field(_text, required=True),
            "severity": _Field(_choice(SEVERITIES[:2])),
            "note": _Field(_text),
        },
    )
    for line, row in rows:
        if row.get("correct") and row.get("correct") == row.get("wrong_form"):
            problems.append(DataProblem(path.name, line, "wrong_form", "cách viết sai trùng với cách viết đúng"))
    _check_unique(path.name, rows, "wrong_form", problems)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame([row for _, row in rows], columns=NAME_COLUMNS)
    frame["severity"] = frame["severity"].fillna("error")
    frame["note"] = frame["note"].fillna("").astype(object)
    return frame


# --------------------------------------------------------------------------- across files


def check_references(
    events: pd.DataFrame,
    units: pd.DataFrame,
    templates: pd.DataFrame | None = None,
    *,
    units_file: str = "units.csv",
    templates_file: str = "template_items.csv",
) -> None:
    """Ids one file uses that another must define: units' own events, templates' units and events.

    Each problem names the line of the file that uses the unknown id when the frame was
    read from a file by this module (it keeps its lines); frames read from a workspace
    have none, and the problem names the unit, template and item spec instead.
    """
    problems = _unit_reference_problems(set(events["event_id"]), units, units_file)
    if templates is not None:
        problems += _template_reference_problems(
            set(events["event_id"]), set(units["unit_id"]), templates, templates_file
        )
    if problems:
        raise DataError(list(dict.fromkeys(problems)))


def _source(frame: pd.DataFrame) -> dict:
    return frame.attrs.get(_SOURCE) or {}


def _unit_reference_problems(event_ids: set[str], units: pd.DataFrame, units_file: str) -> list[DataProblem]:
    source = _source(units)
    name, lines = source.get("file", units_file), source.get("lines", {})
    return [
        DataProblem(
            name,
            lines.get(row.unit_id),
            "own_events",
            f"đơn vị '{row.unit_id}': sự kiện '{ev}' không có trong danh mục sự kiện",
        )
        for row in units.itertuples()
        for ev in str(row.own_events or "").split()
        if ev not in event_ids
    ]


def _template_reference_problems(
    event_ids: set[str], unit_ids: set[str], templates: pd.DataFrame, templates_file: str
) -> list[DataProblem]:
    source = _source(templates)
    items_file, item_lines = source.get("file", templates_file), source.get("lines", {})
    head_file, head_lines = source.get("templates_file", "templates.csv"), source.get("template_lines", {})
    problems = []
    for row in templates.itertuples():
        for token in row.takers.split():
            if token in (TAKER_ALL, TAKER_OWNER) or token in UNIT_KINDS or token in unit_ids:
                continue
            problems.append(
                DataProblem(
                    items_file,
                    item_lines.get((row.template_id, row.spec_id)),
                    "takers",
                    f"mẫu '{row.template_id}', mục '{row.spec_id}': đơn vị '{token}' không có trong danh sách "
                    f"đơn vị. Các đơn vị: {', '.join(sorted(unit_ids))}",
                )
            )
        for ev in row.events.split():
            if ev not in event_ids:
                problems.append(
                    DataProblem(
                        head_file,
                        head_lines.get(row.template_id),
                        "events",
                        f"mẫu '{row.template_id}': sự kiện '{ev}' không có trong danh mục",
                    )
                )
    return problems

"""Reading and validating the editable data files in ``data/``.

Each reader checks every row and collects every problem (file, line, column, what was
expected) before raising one :class:`~planner.errors.DataError`, so a user fixes a file in
one pass. Nothing here writes anywhere.

Files:

* ``events.csv`` — the catalogue of recurring events (see :data:`planner.model.EVENT_COLUMNS`).
* ``units.csv`` — the units of the organisation (see :data:`planner.model.UNIT_COLUMNS`).
* ``organisation.toml`` — the organisation's name, document header and settings.
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import DataError, DataProblem
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
]

#: The repository's ``data/`` folder (override with ``PLANNER_DATA``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHEET_FORBIDDEN = set("[]:*?/\\")
_TRUE = {"1", "true", "yes", "x", "có", "co"}
_FALSE = {"", "0", "false", "no", "không", "khong"}


def data_dir() -> Path:
    """Folder of the data files: ``PLANNER_DATA`` if set, else the repository's ``data/``."""
    return Path(os.environ.get("PLANNER_DATA") or DATA_DIR)


class _Bad(Exception):
    """A cell value that failed its check (message says what was expected)."""


@dataclass(frozen=True)
class _Field:
    parse: Callable[[str], Any]
    required: bool = False


def _text(value: str) -> str:
    return value.strip()


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise _Bad(
            f"mã '{value}' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang (ví dụ: doan-thanh-nien)"
        )
    return value


def _choice(values: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in values:
            raise _Bad(f"giá trị '{value}' không hợp lệ; chỉ nhận: {', '.join(values)}")
        return value

    return parse


def _int(lo: int, hi: int, what: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise _Bad(f"{what} phải là số nguyên, nhận được '{value}'") from None
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
    raise _Bad(f"cần 0 hoặc 1 (không / có), nhận được '{value}'")


def _read_rows(path: Path, fields: dict[str, _Field]) -> tuple[list[tuple[int, dict[str, Any]]], list[DataProblem]]:
    """Parse a UTF-8 CSV file against ``fields``; returns ``(line, row)`` pairs and problems."""
    name = path.name
    problems: list[DataProblem] = []
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([DataProblem(str(path), None, None, "không tìm thấy tệp")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [DataProblem(name, line, None, "tệp không phải UTF-8; hãy lưu lại dưới dạng 'CSV UTF-8'")]
        ) from None
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError([DataProblem(name, 1, None, "tệp rỗng, thiếu dòng tiêu đề")]) from None
    missing = [c for c in fields if c not in header]
    if missing:
        raise DataError(
            [
                DataProblem(
                    name,
                    1,
                    None,
                    f"thiếu cột {', '.join(missing)}; dòng tiêu đề cần có: {', '.join(fields)}",
                )
            ]
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    line = reader.line_num
    for record in reader:
        start = line + 1
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            problems.append(DataProblem(name, start, None, f"có {len(record)} ô, nhiều hơn {len(header)} cột tiêu đề"))
            continue
        cells = dict(zip(header, record + [""] * (len(header) - len(record)), strict=True))
        row: dict[str, Any] = {}
        for column, field in fields.items():
            value = cells[column]
            if value != unicodedata.normalize("NFC", value):
                problems.append(
                    DataProblem(
                        name,
                        start,
                        column,
                        "chữ tiếng Việt ở dạng tổ hợp (NFD); lưu lại tệp bằng bộ gõ Unicode dựng sẵn (NFC)",
                    )
                )
                continue
            value = value.strip()
            if not value:
                if field.required:
                    problems.append(DataProblem(name, start, column, "ô trống; cột này bắt buộc"))
                row[column] = None
                continue
            try:
                row[column] = field.parse(value)
            except _Bad as exc:
                problems.append(DataProblem(name, start, column, str(exc)))
                row[column] = None
        rows.append((start, row))
    return rows, problems


def _check_unique(name: str, rows: list[tuple[int, dict]], column: str, problems: list[DataProblem]) -> None:
    seen: dict[Any, int] = {}
    for line, row in rows:
        value = row.get(column)
        if value is None:
            continue
        if value in seen:
            problems.append(
                DataProblem(name, line, column, f"'{value}' bị trùng với dòng {seen[value]}; mỗi mã chỉ dùng một lần")
            )
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
    path = Path(path) if path is not None else data_dir() / "events.csv"
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
    return _default_events(str(path), path.stat().st_mtime).copy()


# --------------------------------------------------------------------------- units


def parse_channels(value: str) -> dict[str, str]:
    """'facebook=https://…; zalo=https://…' → {'facebook': 'https://…', …}."""
    channels: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        platform, sep, url = (s.strip() for s in part.partition("="))
        if not sep or platform not in PLATFORMS:
            raise _Bad(
                f"kênh '{part}' không hợp lệ; viết dạng nền_tảng=địa_chỉ, nền tảng là một trong: {', '.join(PLATFORMS)}"
            )
        if not url.startswith(("http://", "https://")):
            raise _Bad(f"địa chỉ kênh {platform} phải bắt đầu bằng http:// hoặc https://, nhận được '{url}'")
        channels[platform] = url
    return channels


def format_channels(channels: dict[str, str]) -> str:
    """Inverse of :func:`parse_channels`."""
    return "; ".join(f"{k}={v}" for k, v in channels.items())


def _short_name(value: str) -> str:
    if len(value) > 31:
        raise _Bad(f"tên ngắn '{value}' dài {len(value)} ký tự; tối đa 31 (làm tên trang tính Excel)")
    bad = sorted(set(value) & _SHEET_FORBIDDEN)
    if bad:
        raise _Bad(f"tên ngắn '{value}' chứa ký tự Excel không cho phép: {' '.join(bad)}")
    return value


def read_units(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate a unit list CSV; raises DataError listing every bad row."""
    path = Path(path) if path is not None else data_dir() / "units.csv"
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
    return frame


# --------------------------------------------------------------------------- organisation


@dataclass(frozen=True)
class Organisation:
    """Who plans: the name and header used on exported documents, and settings."""

    name: str  # e.g. "Thành ủy Vũng Tàu"
    department: str  # e.g. "Ban Tuyên giáo"
    place: str  # e.g. "Vũng Tàu" (the place on the date line)
    party_header: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    short_video_seconds: int = 90
    weekly_item_ceiling: int = 10
    monthly_item_minimum: int = 1


#: Whole-number settings of ``organisation.toml`` ([settings] table), each > 0.
_SETTINGS = ("short_video_seconds", "weekly_item_ceiling", "monthly_item_minimum")


def read_organisation(path: str | os.PathLike | None = None) -> Organisation:
    """Read ``organisation.toml``; raises DataError naming the key that is wrong."""
    path = Path(path) if path is not None else data_dir() / "organisation.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([DataProblem(str(path), None, None, "không tìm thấy tệp")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError([DataProblem(path.name, None, None, f"tệp TOML không đọc được: {exc}")]) from None
    org, settings = data.get("organisation", {}), data.get("settings", {})
    problems = [
        DataProblem(path.name, None, f"organisation.{key}", "thiếu; cần một chuỗi văn bản")
        for key in ("name", "department", "place")
        if not isinstance(org.get(key), str) or not org.get(key).strip()
    ]
    for key in _SETTINGS:
        if key in settings and (not isinstance(settings[key], int) or settings[key] <= 0):
            problems.append(DataProblem(path.name, None, f"settings.{key}", "cần một số nguyên dương"))
    if problems:
        raise DataError(problems)
    return Organisation(
        name=org["name"].strip(),
        department=org["department"].strip(),
        place=org["place"].strip(),
        party_header=org.get("party_header", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        **{k: settings[k] for k in _SETTINGS if k in settings},
    )


# --------------------------------------------------------------------------- templates

_PLACEHOLDER = re.compile(r"{([^{}]*)}")


def _title_pattern(value: str) -> str:
    unknown = sorted({p for p in _PLACEHOLDER.findall(value) if p not in TITLE_PLACEHOLDERS})
    if unknown:
        raise _Bad(
            f"chỗ trống {{{unknown[0]}}} không có; chỉ dùng: " + ", ".join(f"{{{p}}}" for p in TITLE_PLACEHOLDERS)
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
    folder = Path(folder) if folder is not None else data_dir()
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
    return frame.sort_values(["position", "offset", "spec_id"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- official names


def read_official_names(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Official names with their wrong forms, one wrong form per row."""
    path = Path(path) if path is not None else data_dir() / "official_names.csv"
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
    """Ids one file uses that another must define: units' own events, templates' units."""
    problems: list[DataProblem] = []
    event_ids, unit_ids = set(events["event_id"]), set(units["unit_id"])
    for i, row in enumerate(units.itertuples()):
        for ev in str(row.own_events or "").split():
            if ev not in event_ids:
                problems.append(
                    DataProblem(units_file, i + 2, "own_events", f"sự kiện '{ev}' không có trong danh mục sự kiện")
                )
    if templates is not None:
        for row in templates.itertuples():
            for token in row.takers.split():
                if token in (TAKER_ALL, TAKER_OWNER) or token in UNIT_KINDS or token in unit_ids:
                    continue
                problems.append(
                    DataProblem(
                        templates_file,
                        None,
                        "takers",
                        f"mẫu '{row.template_id}', mục '{row.spec_id}': đơn vị '{token}' không có trong danh sách "
                        f"đơn vị. Các đơn vị: {', '.join(sorted(unit_ids))}",
                    )
                )
            for ev in row.events.split():
                if ev not in event_ids:
                    problems.append(
                        DataProblem(
                            "templates.csv",
                            None,
                            "events",
                            f"mẫu '{row.template_id}': sự kiện '{ev}' không có trong danh mục",
                        )
                    )
    if problems:
        raise DataError(list(dict.fromkeys(problems)))

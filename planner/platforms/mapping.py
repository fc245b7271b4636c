"""Column mappings of the platforms' exports, kept in ``data/platforms/`` where a person can edit them.

- ``<platform>.csv`` (``facebook.csv``, ``tiktok.csv``, ``youtube.csv``, ``zalo.csv``): ``field,language,header`` —
  which header of the export gives which field, one row per header; several headers for a field are tried in
  the file's order (the first one with a value in a row wins: Facebook's ``Title`` is often empty, then
  ``Description`` is the caption). Headers are compared without diacritics and case.
- ``settings.csv``: ``platform,language,date_order,url_template,format,note`` — numeric dates' order (``MDY`` or
  ``DMY``), the address of a post built from its id when the export has none (YouTube), the format of a post
  whose type says nothing.
- ``post_types.csv``: ``platform,value,format`` — the platform's post type (``Reel``, ``Thước phim`` …) → the
  plan's format code.

Fields: ``page`` (the page or account: a name, an id or an address), ``post_id``, ``url``, ``title``,
``published_at``, ``post_type``, ``duration_s``, ``views``, ``reactions``, ``shares``, ``comments``.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from planner import catalogue
from planner.columns import header_key
from planner.errors import DataError, DataProblem, InvalidValueError
from planner.model import FORMATS, PLATFORMS

__all__ = ["FIELDS", "COUNT_FIELDS", "Mapping", "load_mapping", "mapping_dir", "LANGUAGES"]

FIELDS = ("page", "post_id", "url", "title", "published_at", "post_type", "duration_s", "views", "reactions",
          "shares", "comments")
COUNT_FIELDS = ("views", "reactions", "shares", "comments")
LANGUAGES = ("en", "vi")
_ORDERS = ("MDY", "DMY")


def mapping_dir() -> Path:
    """``data/platforms`` of the data folder (``PLANNER_DATA``), where the mappings are edited."""
    return catalogue.data_dir() / "platforms"


@dataclass
class Mapping:
    """One platform's mapping: for each language, header key → field (in priority order), and its settings."""

    platform: str
    headers: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # language → field → [header key]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # language → header key → header as written
    date_order: dict[str, str] = field(default_factory=dict)  # language → MDY / DMY
    url_template: dict[str, str] = field(default_factory=dict)  # language → template with {post_id}
    default_format: dict[str, str] = field(default_factory=dict)  # language → format code
    post_types: dict[str, str] = field(default_factory=dict)  # header_key(value) → format code

    def field_of(self, language: str) -> dict[str, str]:
        """header key → field for ``language``."""
        return {key: name for name, keys in self.headers.get(language, {}).items() for key in keys}


def _read_csv(path: Path, columns: tuple[str, ...], problems: list[DataProblem]) -> list[tuple[int, dict]]:
    name = path.name
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                problems.append(DataProblem(name, 1, missing[0], f"thiếu cột '{missing[0]}'; cần các cột "
                                            f"{', '.join(columns)}"))
                return []
            return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]
    except FileNotFoundError:
        problems.append(DataProblem(name, None, None, f"không có tệp {path} (bảng ánh xạ cột của nền tảng)."))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(DataProblem(name, None, None, f"không đọc được tệp ánh xạ ({exc}); lưu lại dạng CSV UTF-8."))
    return []


def load_mapping(platform: str, folder: str | os.PathLike | None = None) -> Mapping:
    """The mapping of ``platform`` read from ``folder`` (default :func:`mapping_dir`), checked: a bad row is a
    :class:`DataError` naming file, row and column."""
    if platform not in PLATFORMS:
        raise InvalidValueError(
            f"Nền tảng {platform!r} không có; chọn một trong: {', '.join(PLATFORMS)}.",
            field="platform", value=platform, allowed=PLATFORMS,
        )
    folder = Path(folder) if folder is not None else mapping_dir()
    problems: list[DataProblem] = []
    mapping = Mapping(platform)
    settings = [r for r in _read_csv(folder / "settings.csv", ("platform", "language", "date_order", "url_template",
                                                                  "format"), problems) if r[1]["platform"] == platform]
    for line, row in settings:
        language = row["language"]
        if language not in LANGUAGES:
            problems.append(DataProblem("settings.csv", line, "language",
                                        f"ngôn ngữ '{language}' không có; dùng {', '.join(LANGUAGES)}"))
            continue
        if row["date_order"] not in _ORDERS:
            problems.append(DataProblem("settings.csv", line, "date_order",
                                        f"'{row['date_order']}' không hợp lệ; dùng MDY (tháng trước) hoặc DMY"))
        if row["format"] not in FORMATS:
            problems.append(DataProblem("settings.csv", line, "format",
                                        f"hình thức '{row['format']}' không có; dùng một trong {', '.join(FORMATS)}"))
        if row["url_template"] and "{post_id}" not in row["url_template"]:
            problems.append(DataProblem("settings.csv", line, "url_template",
                                        f"'{row['url_template']}' cần có {{post_id}} (mã bài đăng)"))
        mapping.date_order[language] = row["date_order"]
        mapping.url_template[language] = row["url_template"]
        mapping.default_format[language] = row["format"]
    if not settings and not problems:
        problems.append(DataProblem("settings.csv", None, "platform", f"chưa có dòng nào cho nền tảng '{platform}'"))
    for line, row in _read_csv(folder / f"{platform}.csv", ("field", "language", "header"), problems):
        if row["field"] not in FIELDS:
            problems.append(DataProblem(f"{platform}.csv", line, "field",
                                        f"trường '{row['field']}' không có; dùng một trong {', '.join(FIELDS)}"))
            continue
        if row["language"] not in LANGUAGES:
            problems.append(DataProblem(f"{platform}.csv", line, "language",
                                        f"ngôn ngữ '{row['language']}' không có; dùng {', '.join(LANGUAGES)}"))
            continue
        if not row["header"]:
            problems.append(DataProblem(f"{platform}.csv", line, "header", "ô trống; cần tiêu đề cột như trong tệp"))
            continue
        key = header_key(row["header"])
        by_field = mapping.headers.setdefault(row["language"], {})
        taken = mapping.field_of(row["language"]).get(key)
        if taken is not None and taken != row["field"]:
            problems.append(DataProblem(f"{platform}.csv", line, "header",
                                        f"tiêu đề '{row['header']}' đã dùng cho trường '{taken}'"))
            continue
        by_field.setdefault(row["field"], []).append(key)
        mapping.labels.setdefault(row["language"], {})[key] = row["header"]
    for line, row in _read_csv(folder / "post_types.csv", ("platform", "value", "format"), problems):
        if row["platform"] != platform:
            continue
        if row["format"] not in FORMATS:
            problems.append(DataProblem("post_types.csv", line, "format",
                                        f"hình thức '{row['format']}' không có; dùng một trong {', '.join(FORMATS)}"))
            continue
        mapping.post_types[header_key(row["value"])] = row["format"]
    if problems:
        raise DataError(problems)
    return mapping

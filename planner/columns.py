"""One set of Vietnamese column labels and display formats for content items, wherever they are shown.

The notebook tables (:mod:`planner.tables`), the Excel plans (:mod:`planner.excel`) and CSV exports
all take their headers, widths and kinds from here, and their rows from :func:`item_rows`, so an
item reads the same on screen, on paper and in a spreadsheet. A returned workbook is read back by
the same labels (:func:`column_for_header` accepts them with or without diacritics).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.calendars import occurrences
from planner.calendars.names import format_lunar, format_weekday
from planner.model import short_names
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS, THEME_LABELS, TIER_LABELS
from planner.values import missing

__all__ = [
    "Column",
    "PLAN_COLUMNS",
    "REPORT_COLUMNS",
    "KEY_COLUMNS",
    "item_rows",
    "labelled",
    "write_csv",
    "column_for_header",
    "header_key",
]


@dataclass(frozen=True)
class Column:
    """One column as people see it: ``key`` in :func:`item_rows`, Vietnamese ``label``, ``kind`` of value
    (``text``, ``date``, ``int``), ``width`` in characters (Excel), and whether long text wraps."""

    key: str
    label: str
    kind: str = "text"
    width: int = 12
    wrap: bool = False


#: The plan as it is sent out: what, when, who, where.
PLAN_COLUMNS: tuple[Column, ...] = (
    Column("item_id", "Số", "int", 7),
    Column("date", "Ngày đăng", "date", 11),
    Column("weekday", "Thứ", "text", 9),
    Column("lunar", "Âm lịch", "text", 13),
    Column("unit", "Đơn vị", "text", 22, wrap=True),
    Column("title", "Nội dung", "text", 58, wrap=True),
    Column("format", "Hình thức", "text", 15, wrap=True),
    Column("platform", "Nền tảng", "text", 13, wrap=True),
    Column("theme", "Chủ đề", "text", 24, wrap=True),
    Column("event", "Sự kiện", "text", 34, wrap=True),
    Column("occurrence_date", "Ngày kỷ niệm", "date", 11),
    Column("tier", "Loại năm", "text", 11),
    Column("status", "Trạng thái", "text", 12),
    Column("notes", "Ghi chú", "text", 28, wrap=True),
)
#: What a unit fills in after posting (the report sent back).
REPORT_COLUMNS: tuple[Column, ...] = (
    Column("url", "Đường dẫn bài đăng", "text", 40, wrap=True),
    Column("published_at", "Ngày đăng thực tế", "date", 12),
    Column("views", "Lượt xem", "int", 10),
    Column("reactions", "Lượt cảm xúc", "int", 10),
    Column("shares", "Lượt chia sẻ", "int", 10),
    Column("comments", "Bình luận", "int", 10),
    Column("duration_s", "Thời lượng video (giây)", "int", 12),
    Column("report_note", "Ghi chú báo cáo", "text", 28, wrap=True),
)
#: Hidden in a unit's sheet: what matches a returned row to its item exactly.
KEY_COLUMNS: tuple[Column, ...] = (
    Column("item_key", "Mã nội dung", "int", 10),
    Column("version", "Phiên bản", "int", 9),
)


def _day(value) -> dt.date | None:
    if missing(value):
        return None
    return value.date() if isinstance(value, pd.Timestamp | dt.datetime) else value


def item_rows(items: pd.DataFrame, units: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Items (``Workspace.items()``) as people read them: one row each, keyed by the columns' ``key``.

    Dates stay ``datetime.date`` (a writer formats them: ``3/2/2025`` on screen, a real date in Excel);
    codes become Vietnamese labels; ``event`` is the occurrence's official title when the catalogue
    (``events``) knows it, with its ``tier`` (Năm tròn …) and the lunar date of the day the item goes out.
    """
    short = short_names(units)
    titles: dict[tuple[str, dt.date], tuple[str, str]] = {}
    if events is not None and len(items) and items["event_id"].notna().any():
        years = sorted({d.year for d in items["occurrence_date"].dropna()} | set(items["year"].dropna().astype(int)))
        for year in years:
            occ = occurrences(int(year), events)
            for o in occ[["event_id", "date", "title", "tier"]].itertuples(index=False):
                tier = TIER_LABELS.get(o.tier, "") if isinstance(o.tier, str) else ""
                titles[(o.event_id, o.date.date())] = (o.title, tier)
    names = dict(zip(events["event_id"], events["name_vi"], strict=True)) if events is not None else {}
    days = {d: (format_weekday(d), format_lunar(d)) for d in {_day(v) for v in items["date"]} if d is not None}
    rows = []
    for item in items.to_dict("records"):
        day, occurred = _day(item["date"]), _day(item["occurrence_date"])
        weekday, lunar = days.get(day, ("", ""))  # a year has 365 days: each converted once, not once per item
        title, tier = titles.get((item["event_id"], occurred), (names.get(item["event_id"], ""), ""))
        rows.append(
            {
                "item_id": int(item["item_id"]),
                "version": int(item["version"]),
                "item_key": int(item["item_id"]),
                "unit_id": item["unit_id"],
                "date": day,
                "weekday": weekday,
                "lunar": lunar,
                "unit": short.get(item["unit_id"], item["unit_id"]),
                "title": item["title"] or "",
                "format": FORMAT_LABELS.get(item["format"], item["format"] or ""),
                "platform": PLATFORM_LABELS.get(item["platform"], item["platform"] or ""),
                "theme": THEME_LABELS.get(item["theme"], item["theme"] or ""),
                "event": title if not missing(item["event_id"]) else "",
                "occurrence_date": occurred,
                "tier": tier,
                "status": STATUS_LABELS.get(item["status"], item["status"]),
                "notes": item["notes"] or "",
            }
        )
    return pd.DataFrame(rows, columns=["item_id", "version", "item_key", "unit_id", *[c.key for c in PLAN_COLUMNS[1:]]])


def labelled(rows: pd.DataFrame, columns: tuple[Column, ...] = PLAN_COLUMNS) -> pd.DataFrame:
    """``rows`` (from :func:`item_rows`) with the columns' Vietnamese headers; dates written ``3/2/2025``."""
    out = pd.DataFrame(index=rows.index)
    for column in columns:
        if column.key not in rows:  # a column the rows do not carry (e.g. report columns not yet filled): empty
            out[column.label] = ""
            continue
        values = rows[column.key]
        if column.kind == "date":
            values = values.map(lambda d: "" if missing(d) else f"{d.day}/{d.month}/{d.year}")
        out[column.label] = values
    return out


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """A frame as CSV in UTF-8 with a byte-order mark, so Excel opens it with the diacritics."""
    path = Path(path)
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def header_key(text: object) -> str:
    """A header as compared when reading a returned file: no diacritics, lower case, single spaces.

    ``"Lượt xem"``, ``"luot xem"``, ``"LƯỢT  XEM "`` and the decomposed form all give ``"luot xem"``.
    """
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


_BY_HEADER = {header_key(c.label): c for c in (*PLAN_COLUMNS, *REPORT_COLUMNS, *KEY_COLUMNS)}


def column_for_header(text: object) -> Column | None:
    """The column a header of a returned workbook names (by label, with or without diacritics), or None."""
    return _BY_HEADER.get(header_key(text))

"""The machine's share of "no errors": checks on the text of a content item.

Pure functions over plain values (no database): the store runs them on every save and
the review step before approval. Each check returns :class:`Finding` records:

* ``empty_title`` — the title is empty (error);
* ``not_nfc`` — Vietnamese text in decomposed form, which breaks search and sorting (error);
* ``double_space`` / ``edge_space`` — doubled spaces, spaces at either end (warning);
* ``official_name`` — a misspelled or miscapitalised official name, from the list in
  ``data/official_names.csv`` (error, or warning for accepted older spellings);
* ``anniversary_number`` — "Kỷ niệm N năm …" where N is not the event's number that year
  (error);
* ``date_range`` — "(3/2/1930 – 3/2/2024)" that does not match the event and year (error).

References:
    Nghị định 30/2020/NĐ-CP, Phụ lục II (capitalisation of names in official documents).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from planner.calendars import anniversary_number, to_lunar

__all__ = ["Finding", "NameIndex", "EventIndex", "text_findings", "item_findings", "FINDING_COLUMNS"]

FINDING_COLUMNS = ["item_id", "severity", "code", "field", "message"]

_WORD = r"[^\W_]"
_ANNIVERSARY = re.compile(r"kỷ niệm\s+(\d{1,4})\s+năm", re.IGNORECASE)
_DATE = r"(?:\d{1,2}/)?\d{1,2}/\d{4}"
_RANGE = re.compile(rf"({_DATE})\s*[–—-]\s*({_DATE})")


@dataclass(frozen=True)
class Finding:
    """One problem found in an item: how bad, a short code, the field, a Vietnamese message."""

    severity: str  # error | warning | info
    code: str
    message: str
    field: str = "title"


class NameIndex:
    """Wrong forms of official names, compiled into one case-sensitive pattern."""

    def __init__(self, names: pd.DataFrame):
        rows = names.to_dict("records")
        self._by_wrong = {r["wrong_form"]: r for r in rows}
        forms = sorted(self._by_wrong, key=len, reverse=True)
        self._pattern = (
            re.compile(rf"(?<!{_WORD})(" + "|".join(re.escape(f) for f in forms) + rf")(?!{_WORD})") if forms else None
        )

    def findings(self, text: str, field: str) -> list[Finding]:
        if self._pattern is None:
            return []
        out = []
        for match in self._pattern.finditer(text):
            row = self._by_wrong[match.group(1)]
            note = f" ({row['note']})" if row.get("note") else ""
            out.append(
                Finding(
                    row.get("severity") or "error",
                    "official_name",
                    f"Viết sai tên chính thức: '{match.group(1)}' → viết đúng là '{row['correct']}'{note}.",
                    field,
                )
            )
        return out


class EventIndex:
    """Catalogue events by id, and a way to recognise an event by its name in a title."""

    def __init__(self, events: pd.DataFrame):
        self.by_id: dict[str, dict] = {r["event_id"]: r for r in events.to_dict("records")}
        self._names = sorted(
            ((self._key(r["name_vi"]), r["event_id"]) for r in self.by_id.values() if _has(r.get("base_year"))),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )

    @staticmethod
    def _key(name: str) -> str:
        name = name.casefold()
        return name[5:] if name.startswith("ngày ") else name

    def find_in(self, title: str) -> dict | None:
        low = title.casefold()
        for key, event_id in self._names:
            if key and key in low:
                return self.by_id[event_id]
        return None


def _has(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


def text_findings(
    text: str | None, *, field: str, names: NameIndex | None = None, required: bool = False
) -> list[Finding]:
    """Checks that need only the text: empty, NFC, spaces, official names."""
    text = text or ""
    out: list[Finding] = []
    if not text.strip():
        if required:
            out.append(Finding("error", "empty_title", "Tiêu đề đang để trống; hãy nhập tiêu đề.", field))
        return out
    if text != unicodedata.normalize("NFC", text):
        out.append(
            Finding(
                "error",
                "not_nfc",
                "Chữ tiếng Việt ở dạng tổ hợp (NFD): dấu tách khỏi chữ, tìm kiếm và sắp xếp sẽ sai. "
                "Gõ lại bằng bộ gõ Unicode dựng sẵn hoặc lưu lại để chuẩn hóa.",
                field,
            )
        )
    if "  " in text:
        out.append(Finding("warning", "double_space", "Có hai dấu cách liền nhau; hãy bỏ bớt một dấu cách.", field))
    if text != text.strip():
        out.append(Finding("warning", "edge_space", "Có dấu cách thừa ở đầu hoặc cuối.", field))
    if names is not None:
        out.extend(names.findings(unicodedata.normalize("NFC", text), field))
    return out


def _format_date_parts(day, month, year) -> str:
    return f"{int(day)}/{int(month)}/{year}" if _has(day) else f"{int(month)}/{year}"


def _parse_date_parts(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("/"))


@lru_cache(maxsize=4096)
def _lunar_year(date: dt.date) -> int:
    return to_lunar(date).year


def _event_year(event: Mapping, year: int, occurrence_date: dt.date | None) -> int:
    """The year an event's anniversary is counted in: the lunar year for lunar events."""
    if event.get("calendar") == "lunar" and occurrence_date is not None:
        return _lunar_year(occurrence_date)
    return year


def item_findings(item: Mapping, *, names: NameIndex | None = None, events: EventIndex | None = None) -> list[Finding]:
    """Every automatic check on one item (``title``, ``notes``, ``event_id``, ``year``, ``occurrence_date``)."""
    title = item.get("title") or ""
    out = text_findings(title, field="title", names=names, required=True)
    out += [f for f in text_findings(item.get("notes"), field="notes", names=names) if f.code != "edge_space"]
    if not title.strip() or events is None:
        return out
    event = events.by_id.get(item.get("event_id") or "") or events.find_in(title)
    if event is None or not _has(event.get("base_year")):
        return out
    occurrence_date = item.get("occurrence_date")
    if isinstance(occurrence_date, str) and occurrence_date:
        occurrence_date = dt.date.fromisoformat(occurrence_date)
    if not isinstance(occurrence_date, dt.date) or occurrence_date.year != int(item["year"]):
        occurrence_date = None
    year = _event_year(event, int(item["year"]), occurrence_date)
    base = int(event["base_year"])
    expected = anniversary_number(year, base)
    for match in _ANNIVERSARY.finditer(title):
        if expected is not None and int(match.group(1)) != expected:
            out.append(
                Finding(
                    "error",
                    "anniversary_number",
                    f"Tiêu đề ghi '{match.group(0)}' nhưng năm {year} là kỷ niệm {expected} năm "
                    f"{event['name_vi']} ({base} – {year}).",
                )
            )
    good_start = _format_date_parts(event.get("day"), event["month"], base)
    good_end = _format_date_parts(event.get("day"), event["month"], year)
    for match in _RANGE.finditer(title):
        start, end = match.group(1), match.group(2)
        if _parse_date_parts(start)[-1] != base and _parse_date_parts(end)[-1] != year:
            continue  # some other range, not this event's
        if (_parse_date_parts(start), _parse_date_parts(end)) != (
            _parse_date_parts(good_start),
            _parse_date_parts(good_end),
        ):
            out.append(
                Finding(
                    "error",
                    "date_range",
                    f"Mốc thời gian '{match.group(0)}' không khớp sự kiện: năm {year} phải ghi "
                    f"'{good_start} – {good_end}'.",
                )
            )
    return out


def findings_for_items(items: pd.DataFrame, *, names: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Run every automatic check on each item of ``items`` now (not the findings saved with
    it): a tidy frame with :data:`FINDING_COLUMNS`, one row per finding."""
    name_index = NameIndex(names) if len(names) else None
    event_index = EventIndex(events) if len(events) else None
    memo: dict[tuple, list[Finding]] = {}
    rows = []
    for item in items.to_dict("records"):
        occurrence = item.get("occurrence_date")
        occurrence = None if occurrence is None or pd.isna(occurrence) else pd.Timestamp(occurrence).date()
        event_id = item.get("event_id") if isinstance(item.get("event_id"), str) else None
        record = {
            "title": item.get("title"),
            "notes": item.get("notes"),
            "event_id": event_id,
            "year": int(item["year"]),
            "occurrence_date": occurrence,
        }
        key = tuple(record.values())
        if key not in memo:
            memo[key] = item_findings(record, names=name_index, events=event_index)
        rows += [{"item_id": item["item_id"], **f.__dict__} for f in memo[key]]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)

"""The machine's share of "no errors": checks on the text of a content item.

Pure functions over plain values (no database): the store runs them on every save and
the review step before approval. Each check returns :class:`Finding` records:

* ``empty_title`` — the title is empty (error);
* ``not_nfc`` — Vietnamese text in decomposed form, which breaks search and sorting (error);
* ``hidden_character`` — invisible characters pasted from Word or the web (U+200B, U+FEFF …:
  warning; bidirectional overrides such as U+202E, which reorder what readers see: error);
* ``double_space`` / ``edge_space`` — doubled spaces, spaces at either end (warning);
* ``official_name`` — a misspelled or miscapitalised official name, from the list in
  ``data/official_names.csv`` (error, or warning for accepted older spellings);
* ``anniversary_number`` — "Kỷ niệm N năm …" where N is not the event's number that year
  (error);
* ``date_range`` — "(3/2/1930 – 3/2/2024)" that does not match the event and year (error).

The number and the range are compared with the parts of the official title built by
:func:`planner.calendars.event_occurrences` — the one rule that also writes the titles — for
the occurrence on the item's ``occurrence_date`` (else any occurrence of the plan year). So
a range ends on the date shown: 29/2 in a common year ends "28/2/2025", a lunar day 30 in a
29-day month ends on day 29, a leap month says "nhuận" ("29/6 nhuận/2025 âm lịch"), and a
lunar range must say "âm lịch". Dates are compared by value ("03/02/1930" = "3/2/1930").

References:
    Nghị định 30/2020/NĐ-CP, Phụ lục II (capitalisation of names in official documents).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from planner.calendars import Occurrence, check_year, event_occurrences, lunar_occurrence
from planner.errors import PlannerError
from planner.values import missing

__all__ = ["Finding", "NameIndex", "EventIndex", "text_findings", "item_findings", "FINDING_COLUMNS"]

#: The one findings schema, for item checks and plan checks alike.
FINDING_COLUMNS = ["item_id", "unit_id", "date", "severity", "code", "field", "message"]

_WORD = r"[^\W_]"
_ANNIVERSARY = re.compile(r"kỷ niệm\s+(\d{1,4})\s+năm", re.IGNORECASE)
_DATE = r"(?:\d{1,2}/)?\d{1,2}(?:\s*nhuận)?/\d{4}"
_RANGE = re.compile(rf"({_DATE})\s*[–—-]\s*({_DATE})(\s*âm lịch)?", re.IGNORECASE)


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

    def correct(self, text: str) -> str:
        """``text`` with every wrong form of an official name replaced by the right one."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._by_wrong[m.group(1)]["correct"], text)

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
        self._cache: dict[tuple, object] = {}

    @staticmethod
    def _key(name: str) -> str:
        name = name.casefold()
        return name[5:] if name.startswith("ngày ") else name

    def occurrences(self, event: Mapping, year) -> list[Occurrence]:
        """:func:`event_occurrences` of ``event`` in solar ``year``, remembered; [] for a year or
        a row the calendar cannot compute."""
        return self._memo(("solar", event["event_id"], year), lambda: event_occurrences(event, check_year(year)))

    def lunar(self, event: Mapping, lunar_year) -> list[Occurrence]:
        """The occurrence of a lunar ``event`` in lunar year ``lunar_year`` (a list of 0 or 1)."""
        found = self._memo(("lunar", event["event_id"], lunar_year), lambda: lunar_occurrence(event, lunar_year))
        return [found] if found else []

    def _memo(self, key: tuple, compute):
        if key not in self._cache:
            try:
                self._cache[key] = compute()
            except PlannerError:
                self._cache[key] = []
        return self._cache[key]

    def find_in(self, title: str) -> dict | None:
        low = title.casefold()
        for key, event_id in self._names:
            if key and key in low:
                return self.by_id[event_id]
        return None


def _has(value) -> bool:
    return not missing(value)


#: Bidirectional overrides and isolates: they reorder what readers see (an error, not only a warning).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZWJ = "\u200d"  # joins emoji into one picture (👨‍👩‍👧): allowed


def _hidden_characters(text: str) -> list[str]:
    """Invisible format characters (Unicode category Cf: U+200B, U+FEFF, bidi marks …) in order, once each."""
    return list(dict.fromkeys(c for c in text if c != _ZWJ and unicodedata.category(c) == "Cf"))


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
    hidden = _hidden_characters(text)
    if hidden:
        out.append(
            Finding(
                "error" if any(c in _BIDI for c in hidden) else "warning",
                "hidden_character",
                f"Có ký tự ẩn ({', '.join(f'U+{ord(c):04X}' for c in hidden)}) — thường dính vào khi dán từ Word hoặc "
                "trang web; ký tự đảo chiều làm chữ hiện sai thứ tự. Xóa đi rồi gõ lại chỗ đó.",
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


def _date_key(text: str) -> tuple:
    """A date of a title's range, compared by value: numbers, leap month, lunar or not."""
    low = text.casefold()
    return tuple(int(n) for n in re.findall(r"\d+", text)), "nhuận" in low, "âm lịch" in low


def _year_of(text: str) -> int:
    return int(re.findall(r"\d+", text)[-1])


def _candidates(event: Mapping, year, occurrence_date, events: EventIndex) -> list[Occurrence]:
    """The occurrences a title about ``event`` in plan year ``year`` may name: the one on
    ``occurrence_date`` when given, else every occurrence of the year (a lunar event may
    have two, or none: then the one of lunar year ``year``)."""
    found = events.occurrences(event, year)
    same_day = [o for o in found if o.date is not None and o.date == occurrence_date]
    if same_day:
        return same_day
    if not found and event.get("calendar") == "lunar":
        return events.lunar(event, year)
    return found


def _number_findings(title: str, event: Mapping, candidates: list[Occurrence]) -> list[Finding]:
    allowed = {o.number for o in candidates}
    first = candidates[0]
    year = first.lunar_year or _year_of(first.end)
    out = []
    for match in _ANNIVERSARY.finditer(title):
        if int(match.group(1)) not in allowed:
            out.append(
                Finding(
                    "error",
                    "anniversary_number",
                    f"Tiêu đề ghi '{match.group(0)}' nhưng năm {year} là kỷ niệm {first.number} năm "
                    f"{event['name_vi']} ({int(event['base_year'])} – {year}).",
                )
            )
    return out


def _range_findings(title: str, event: Mapping, candidates: list[Occurrence]) -> list[Finding]:
    good = {(_date_key(o.start), _date_key(o.end)) for o in candidates}
    base = int(event["base_year"])
    end_years = {_year_of(o.end) for o in candidates}
    first = candidates[0]
    out = []
    for match in _RANGE.finditer(title):
        start, end = match.group(1), match.group(2) + (match.group(3) or "")
        if _year_of(start) != base and _year_of(end) not in end_years:
            continue  # some other range, not this event's
        if (_date_key(start), _date_key(end)) not in good:
            out.append(
                Finding(
                    "error",
                    "date_range",
                    f"Mốc thời gian '{match.group(0).strip()}' không khớp sự kiện: năm {_year_of(first.end)} phải ghi "
                    f"'{first.start} – {first.end}'.",
                )
            )
    return out


def _as_date(value) -> dt.date | None:
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def item_findings(item: Mapping, *, names: NameIndex | None = None, events: EventIndex | None = None) -> list[Finding]:
    """Every automatic check on one item (``title``, ``notes``, ``event_id``, ``year``, ``occurrence_date``).

    The anniversary number and the date range of a title are compared with the parts of
    the official title that :func:`planner.calendars.event_occurrences` builds — the same
    rule that wrote the title — never with a second copy of it.
    """
    title = item.get("title") or ""
    out = text_findings(title, field="title", names=names, required=True)
    out += [f for f in text_findings(item.get("notes"), field="notes", names=names) if f.code != "edge_space"]
    if not title.strip() or events is None:
        return out
    event = events.by_id.get(item.get("event_id") or "") or events.find_in(title)
    if event is None or not _has(event.get("base_year")):
        return out
    candidates = [
        o for o in _candidates(event, item.get("year"), _as_date(item.get("occurrence_date")), events) if o.number
    ]
    if candidates:
        out += _number_findings(title, event, candidates) + _range_findings(title, event, candidates)
    return out


_KEYS = ["title", "notes", "event_id", "year", "occurrence_date"]


def _occurrence_day(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def findings_for_items(items: pd.DataFrame, *, names: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Run every automatic check on each item of ``items`` now (not the findings saved with
    it): a tidy frame with :data:`FINDING_COLUMNS`, one row per finding, ``unit_id`` and
    ``date`` copied from the item. Items with the same text, event, year and occurrence
    are checked once (a generated plan has a few hundred distinct titles for thousands of
    items)."""
    name_index = NameIndex(names) if len(names) else None
    event_index = EventIndex(events) if len(events) else None
    frame = items.reindex(columns=["item_id", "unit_id", "date", *_KEYS])
    frame = frame.assign(_key=frame.groupby(_KEYS, dropna=False, sort=False).ngroup())
    rows = []
    for key, title, notes, event_id, year, occurrence in zip(
        *(frame.drop_duplicates("_key")[c].tolist() for c in ["_key", *_KEYS]), strict=True
    ):
        record = {
            "title": title,
            "notes": notes,
            "event_id": event_id if isinstance(event_id, str) else None,
            "year": year,
            "occurrence_date": _occurrence_day(occurrence),
        }
        rows += [{"_key": key, **f.__dict__} for f in item_findings(record, names=name_index, events=event_index)]
    found = pd.DataFrame(rows, columns=["_key", "severity", "code", "message", "field"])
    merged = frame[["item_id", "unit_id", "date", "_key"]].merge(found, on="_key", sort=False)
    return merged.sort_values("item_id", kind="stable")[FINDING_COLUMNS].reset_index(drop=True)

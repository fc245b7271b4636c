"""Reading the year's official guidance (issue 11): every anniversary line, matched to the catalogue.

Every December the Central Commission sends its guidance for the coming year: lines such as
"Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)". :func:`read_guidance`
reads such a list (pasted text, or a ``.txt``, ``.docx`` or ``.pdf`` file) and returns one row
per event it names, matched against the catalogue; :meth:`planner.Workspace.import_guidance`
adds the new ones.

What a line may look like (each form tested in ``tests/test_guidance.py``):

* a number and a date range: ``Kỷ niệm 95 năm Ngày thành lập Đảng (3/2/1930 - 3/2/2025)``; the
  range joined by a hyphen, an en dash or an em dash, with or without spaces; dates written
  ``d/m/yyyy``, ``dd/mm/yyyy`` or ``d-m-yyyy``; the words "Kỷ niệm" may be missing;
* several events joined by "và", each with its own range; an event without its own number
  takes the number of the one before ("80 năm Cách mạng Tháng Tám … (…) và Quốc khánh … (…)");
* a lunar date: ``Giỗ Tổ Hùng Vương (mùng 10 tháng 3 âm lịch)``, ``(10/3 âm lịch)``; a year
  in the same brackets is the base year;
* a list mark in front (``-``, ``+``, ``•``, ``1.``, ``a)``) and a final ``;`` or ``.`` are ignored.

Each row says (:data:`GUIDANCE_COLUMNS`): the line, the name, the date (calendar, day, month,
base year; ``date`` is the day it falls on in ``year``), the stated number and the number
the year gives (``year − base year``, counted by :mod:`planner.calendars`), whether they agree,
and ``status``: ``read``; ``unreadable`` (a line that speaks of an anniversary but could not
be read, ``reason`` says why); ``other`` (a line that names no anniversary: a heading, prose).
No line is dropped, except empty ones.

Matching (:func:`match_guidance`): a row matches a catalogue event with the same calendar,
day, month and base year whose name is close; a row whose name is very close to an event's
but whose date or base year differs is a **conflict** (never applied: the planner decides);
anything else is **new**. Names are compared after NFC, case folding, removing diacritics
and the words every anniversary shares ("ngày", "kỷ niệm", "thành lập" …), with
:func:`rapidfuzz.fuzz.token_set_ratio`. ``verdict`` sums it up: ``matched``, ``new``,
``conflict``, ``number`` (the stated number or the range's end year disagrees with the year),
``unreadable``, ``other``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from planner.calendars.names import format_date
from planner.calendars.occurrences import check_year, event_occurrences
from planner.errors import InvalidValueError, LunarDateError, PlannerError
from planner.strings import CALENDAR_LABELS, GUIDANCE_LABELS

__all__ = [
    "GUIDANCE_COLUMNS",
    "VERDICTS",
    "read_guidance",
    "read_guidance_text",
    "match_guidance",
    "guidance_table",
    "guess_category",
    "name_key",
    "NAME_MATCH",
    "NAME_SAME_DATE",
    "NAME_ORDER_MIN",
    "summary",
]

#: Columns of :func:`read_guidance`'s frame, in order.
GUIDANCE_COLUMNS = [
    "line",  # physical line (1-based) of the text the row comes from
    "text",  # the line as written
    "status",  # read / unreadable / other
    "reason",  # why a line was not read (Vietnamese), else ""
    "name",
    "calendar",  # solar / lunar
    "day",
    "month",
    "leap",
    "base_year",
    "date",  # the day it falls on in the year (solar), NaT when unknown
    "stated",  # the number the line states
    "number",  # year − base year
    "end_year",  # the year the range ends in
    "number_ok",  # stated number and end year agree with the year (NA: nothing stated)
    "match",  # matched / new / conflict ("" for lines not read)
    "event_id",  # the catalogue event matched or in conflict
    "catalogue",  # that event's name and date as the catalogue has them
    "similarity",  # name similarity 0–100 with that event
    "verdict",  # matched / new / conflict / number / unreadable / other
    "category",  # for a new event: guessed from the name (editable before the import)
    "scope",  # for a new event: national (editable)
    "note",  # Vietnamese: what disagrees
]

VERDICTS = ("matched", "new", "conflict", "number", "unreadable", "other")

#: Name similarity (0–100) above which two names are the same event whatever their dates.
NAME_MATCH = 88
#: Name similarity needed when the date and base year are the same.
NAME_SAME_DATE = 60
#: With another date, the names in any order must also be this close (token sort ratio).
NAME_ORDER_MIN = 60

#: ``frame.attrs`` key holding where the guidance came from (``{"source", "year"}``).
ATTR = "planner.guidance"

_DASH = r"\s*[-‐‑‒–—−]\s*"
_DATE = r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})"
_RANGE = re.compile(_DATE + _DASH + _DATE.replace(r"\2", r"\6"))
_NUMBER = re.compile(r"(?<![\d/.-])(\d{1,4})\s+năm\b", re.IGNORECASE)
_LUNAR_WORDS = re.compile(
    r"(?:(?:mùng|mồng|ngày)\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(\s+nhuận)?(?:\s+năm\s+(?:[^\d()]{0,20}?)?(\d{4}))?"
    r"\s*[,(]?\s*âm\s+lịch\)?(?:\s+năm\s+(?:[^\d()]{0,20}?)?(\d{4}))?",
    re.IGNORECASE,
)
_LUNAR_SLASH = re.compile(
    r"(\d{1,2})\s*/\s*(\d{1,2})(\s*nhuận)?(?:\s*/\s*(\d{4}))?\s*[,(]?\s*(?:âm\s+lịch|ÂL)\)?"
    r"(?:\s*,?\s*năm\s+(?:[^\d()]{0,20}?)?(\d{4}))?",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"(\d{4})" + _DASH + r"(\d{4})")
_MARK = re.compile(r"^\s*(?:[-+*•·–—]+|\(?\d{1,3}[.)]|\(?[a-zđ][.)]|[IVXLC]+[.)])\s*", re.IGNORECASE)
_LEAD = re.compile(r"^(?:và|,|;|:|\)|\s)+", re.IGNORECASE)
_KY_NIEM = re.compile(r"^(?:tuyên\s+truyền\s+)?(?:kỷ|kỉ)\s+niệm\s*", re.IGNORECASE)
_HINT = re.compile(
    r"(kỷ|kỉ)\s+niệm|\d+\s+năm\b|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|âm\s+lịch|ngày\s+sinh|ngày\s+thành\s+lập",
    re.IGNORECASE,
)
_TEXT_LIMIT = 2_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- names

#: Phrases every anniversary's name shares (folded): left out when names are compared. Whole phrases
#: only, never single syllables that also occur in names ("Chí" in "Nguyễn Chí Thanh", "Lê" in "Lê Duẩn").
_FILLER = (
    "tong bi thu dau tien cua dang", "tong bi thu", "chu tich nuoc", "chu tich", "dai tuong", "dong chi",
    "ky niem", "ki niem", "ngay sinh", "thanh lap", "truyen thong", "viet nam", "cua dang", "nganh", "ngay",
    "cua", "va",
)  # fmt: skip


def _fold(text: str) -> str:
    """NFC, case folded, without diacritics (đ → d), punctuation as spaces."""
    text = unicodedata.normalize("NFD", _nfc(text).casefold().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text).strip()


def name_key(name: str) -> str:
    """The part of a name that tells events apart: folded, without the phrases every name shares."""
    text = f" {_fold(name)} "
    for phrase in _FILLER:
        text = text.replace(f" {phrase} ", " ")
    words = [w for w in text.split() if not w.isdigit()]
    return " ".join(words) or _fold(name)


def _scores(key: str, other: str) -> tuple[float, float]:
    """(token set ratio, token sort ratio) of two name keys."""
    return float(fuzz.token_set_ratio(key, other)), float(fuzz.token_sort_ratio(key, other))


_CATEGORY_WORDS = [
    ("military", ("quan doi", "cong an", "bien phong", "hai quan", "phong khong", "khong quan", "chien thang",
                  "quoc phong", "truong son", "dien bien phu", "chien dich", "dai tuong", "bo doi", "tran ")),
    ("mass_org", ("doan thanh nien", "doan tncs", "hoi lien hiep", "hoi nong dan", "hoi cuu chien binh", "cong doan",
                  "mat tran", "doi thieu nien", "hoi sinh vien", "hoi nha bao", "hoi chu thap do")),
    ("international", ("hiep dinh", "quoc te", "lien hop quoc", "asean")),
    ("party", ("dong chi", "dang", "tong bi thu", "chu tich ho chi minh", "ban to chuc", "ban tuyen giao",
               "ban dan van", "kiem tra", "van phong cap uy")),
    ("culture", ("van hoa", "the thao", "nha giao", "thay thuoc", "bao chi", "le hoi", "gio to", "khoa hoc",
                 "du lich", "gia dinh")),
]  # fmt: skip


def guess_category(name: str) -> str:
    """A category for a new event from words of its name (the planner may change it before importing)."""
    folded = f" {_fold(name)} "
    for category, words in _CATEGORY_WORDS:
        if any(f" {w.strip()} " in folded or (w.endswith(" ") and f" {w}" in folded) for w in words):
            return category
    return "state"


# --------------------------------------------------------------------------- reading lines


def _clean_name(text: str) -> str:
    text = _LEAD.sub("", text.strip())
    text = re.sub(r"^[^\w(]+", "", text)  # emoji, bullets and other marks in front
    text = re.sub(r"[\s(\[,;:–—-]+$", "", text)
    text = _KY_NIEM.sub("", text)
    text = re.sub(r"^(\d{1,4})\s+năm\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–—()[]")
    return text


def _segment_number(segment: str) -> int | None:
    found = _NUMBER.findall(segment)
    return int(found[-1]) if found else None


class _Unreadable(Exception):
    pass


def _solar(day: int, month: int, year: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Unreadable(GUIDANCE_LABELS["no_such_day"].format(date=text)) from None


def _occurrence(calendar: str, day: int, month: int, leap: bool, base: int | None, year: int):
    """The day the event falls on in ``year`` and its number, by the calendar rules of the package."""
    ev = {"event_id": "guidance", "name_vi": "", "calendar": calendar, "day": day, "month": month,
          "leap": leap, "base_year": base}  # fmt: skip
    try:
        found = event_occurrences(ev, year)
    except (InvalidValueError, LunarDateError) as exc:
        raise _Unreadable(str(exc)) from None
    if not found:
        return None, None
    first = found[0]
    return first.date, first.number


def _row(line: int, text: str, **values) -> dict:
    row = dict.fromkeys(GUIDANCE_COLUMNS)
    row.update(line=line, text=text, reason="", match="", event_id="", catalogue="", note="", leap=False)
    row.update(values)
    return row


def _solar_rows(line_no: int, text: str, body: str, ranges: list[re.Match], year: int) -> list[dict]:
    rows, start, number = [], 0, None
    for m in ranges:
        segment = body[start : m.start()]
        start = m.end()
        number = _segment_number(segment) if _segment_number(segment) is not None else number
        name = _clean_name(segment)
        d1, m1, y1, d2, m2, y2 = (int(m[i]) for i in (1, 3, 4, 5, 7, 8))
        try:
            if not name:
                raise _Unreadable(GUIDANCE_LABELS["no_name"])
            first = _solar(d1, m1, y1, f"{d1}/{m1}/{y1}")
            _solar(d2, m2, y2, f"{d2}/{m2}/{y2}")
            if (d1, m1) != (d2, m2):
                raise _Unreadable(GUIDANCE_LABELS["range_days_differ"].format(start=f"{d1}/{m1}", end=f"{d2}/{m2}"))
            if y1 >= year:
                raise _Unreadable(GUIDANCE_LABELS["base_not_before"].format(base=y1, year=year))
            date, computed = _occurrence("solar", first.day, first.month, False, y1, year)
        except _Unreadable as why:
            rows.append(_row(line_no, text, status="unreadable", reason=str(why), name=name or None))
            continue
        rows.append(_read_row(line_no, text, name, "solar", d1, m1, False, y1, date, number, computed, y2, year))
    return rows


def _read_row(line_no, text, name, calendar, day, month, leap, base, date, stated, computed, end_year, year) -> dict:
    notes = []
    if stated is not None and computed is not None and stated != computed:
        notes.append(GUIDANCE_LABELS["number_differs"].format(stated=stated, year=year, base=base, number=computed))
    if stated is not None and base is None:
        notes.append(GUIDANCE_LABELS["number_without_base"].format(stated=stated))
    if end_year is not None and end_year != year:
        notes.append(GUIDANCE_LABELS["end_year_differs"].format(end=end_year, year=year))
    checked = stated is not None or end_year is not None
    return _row(
        line_no, text, status="read", name=name, calendar=calendar, day=day, month=month, leap=leap,
        base_year=base, date=date, stated=stated, number=computed, end_year=end_year,
        number_ok=(not notes) if checked else None, note="; ".join(notes),
    )  # fmt: skip


def _lunar_rows(line_no: int, text: str, body: str, m: re.Match, year: int) -> list[dict]:
    day, month, leap = int(m[1]), int(m[2]), bool(m[3])
    years = [int(y) for y in (m[4], m[5]) if y]
    around = body[m.end() :]
    name = _clean_name(body[: m.start()])
    stated = _segment_number(body[: m.start()])
    span = _YEAR_RANGE.search(around) or _YEAR_RANGE.search(body[: m.start()])
    base = years[0] if years else (int(span[1]) if span else None)
    end_year = int(span[2]) if span else None
    try:
        if not name:
            raise _Unreadable(GUIDANCE_LABELS["no_name"])
        if not (1 <= month <= 12 and 1 <= day <= 30):
            raise _Unreadable(GUIDANCE_LABELS["no_such_lunar_day"].format(date=f"{day}/{month}"))
        if base is not None and base >= year:
            raise _Unreadable(GUIDANCE_LABELS["base_not_before"].format(base=base, year=year))
        date, computed = _occurrence("lunar", day, month, leap, base, year)
    except _Unreadable as why:
        return [_row(line_no, text, status="unreadable", reason=str(why), name=name or None)]
    return [_read_row(line_no, text, name, "lunar", day, month, leap, base, date, stated, computed, end_year, year)]


def _read_line(line_no: int, text: str, year: int) -> list[dict]:
    body = _nfc(text).strip()
    body = _MARK.sub("", body).rstrip(" ;.")
    ranges = list(_RANGE.finditer(body))
    if ranges:
        return _solar_rows(line_no, text, body, ranges, year)
    lunar = _LUNAR_WORDS.search(body) or _LUNAR_SLASH.search(body)
    if lunar:
        return _lunar_rows(line_no, text, body, lunar, year)
    if not _HINT.search(body):
        return [_row(line_no, text, status="other", reason=GUIDANCE_LABELS["not_an_anniversary"])]
    if re.search(r"tháng\s+\d{1,2}\s*/\s*\d{4}", body, re.IGNORECASE):
        reason = GUIDANCE_LABELS["month_only"]
    elif re.search(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}", body):
        reason = GUIDANCE_LABELS["one_date_only"]
    else:
        reason = GUIDANCE_LABELS["no_range"]
    return [_row(line_no, text, status="unreadable", reason=reason, name=_clean_name(body) or None)]


def read_guidance_text(text: str, *, year: int, events: pd.DataFrame | None = None, source: str = "") -> pd.DataFrame:
    """Read pasted guidance ``text`` for ``year``; see :func:`read_guidance`."""
    if not isinstance(text, str):
        raise InvalidValueError(
            GUIDANCE_LABELS["not_text"].format(kind=type(text).__name__), field="text", value=text, allowed="str"
        )
    if len(text) > _TEXT_LIMIT:
        raise PlannerError(GUIDANCE_LABELS["too_long"].format(limit=f"{_TEXT_LIMIT:,}".replace(",", ".")))
    year = check_year(year)
    rows: list[dict] = []
    # splitlines: a line break pasted from Word may be a vertical tab, U+2028 or NEL, not only \n
    for number, line in enumerate(text.splitlines(), start=1):
        line = _CONTROL.sub(" ", line)  # control characters (Excel and the catalogue refuse them)
        if line.strip():
            rows.append(_read_line(number, line, year))
    flat = [r for group in rows for r in group]
    frame = pd.DataFrame(flat, columns=GUIDANCE_COLUMNS)
    frame = _typed(frame)
    frame.attrs[ATTR] = {"source": source or GUIDANCE_LABELS["pasted"], "year": year}
    return match_guidance(frame, events)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("day", "month", "base_year", "stated", "number", "end_year", "line"):
        frame[col] = frame[col].astype("Int64")
    frame["similarity"] = pd.to_numeric(frame["similarity"], errors="coerce").astype("Float64")
    frame["number_ok"] = frame["number_ok"].astype("boolean")
    frame["leap"] = frame["leap"].fillna(False).astype(bool)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in ("text", "status", "reason", "name", "calendar", "match", "event_id", "catalogue", "verdict",
                "category", "scope", "note"):  # fmt: skip
        frame[col] = frame[col].astype(object)
    return frame


# --------------------------------------------------------------------------- files


def _is_path(value: object) -> bool:
    if isinstance(value, os.PathLike):
        return True
    if not isinstance(value, str) or "\n" in value or len(value) > 1024:
        return False
    return value.lower().endswith((".txt", ".docx", ".pdf")) or Path(value).is_file()


def _file_text(path: Path) -> str:
    name = path.name
    suffix = path.suffix.lower()
    if not path.exists():
        raise PlannerError(GUIDANCE_LABELS["no_file"].format(file=path))
    if path.is_dir():
        raise PlannerError(GUIDANCE_LABELS["is_folder"].format(file=path))
    try:
        if suffix == ".docx":
            return _docx_text(path)
        if suffix == ".pdf":
            return _pdf_text(path)
        if suffix in ("", ".txt", ".text", ".csv", ".md"):
            raw = path.read_bytes()
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise PlannerError(GUIDANCE_LABELS["not_utf8"].format(file=name)) from None
    except OSError as exc:
        from planner.catalogue import describe_os_error

        raise PlannerError(GUIDANCE_LABELS["unreadable_file"].format(file=name, why=describe_os_error(exc))) from None
    raise PlannerError(GUIDANCE_LABELS["unknown_kind"].format(file=name, suffix=suffix))


def _docx_text(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise PlannerError(GUIDANCE_LABELS["bad_docx"].format(file=path.name)) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # guidance often lists the anniversaries in a table
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                if cell.text not in cells:  # merged cells repeat their text
                    cells.append(cell.text)
            lines.append(" ".join(cells))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise PlannerError(GUIDANCE_LABELS["pdf_locked"].format(file=path.name))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except PlannerError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise PlannerError(GUIDANCE_LABELS["bad_pdf"].format(file=path.name)) from None
    if not text.strip():
        raise PlannerError(GUIDANCE_LABELS["pdf_no_text"].format(file=path.name))
    return text


def read_guidance(
    text_or_path: str | os.PathLike, *, year: int, events: pd.DataFrame | None = None, source: str = ""
) -> pd.DataFrame:
    """Every line of a year's guidance that names an anniversary, read and matched to the catalogue.

    ``text_or_path``: the pasted text, or a ``.txt`` (UTF-8), ``.docx`` (read with python-docx,
    tables too) or ``.pdf`` (its text, read with pypdf) file. ``year``: the year the guidance is
    for. ``events``: the catalogue to match against (default: the packaged ``data/events.csv``;
    pass ``ws.events()`` for a workspace's). ``source``: how the guidance is named in the
    source of the events it adds (default: the file name, or "văn bản dán vào").

    Returns one row per event named (:data:`GUIDANCE_COLUMNS`; see the module's docstring),
    lines not read included with their reason. A file that cannot be read raises
    :class:`~planner.errors.PlannerError` saying why, in Vietnamese.
    """
    if _is_path(text_or_path):
        path = Path(text_or_path)
        return read_guidance_text(_file_text(path), year=year, events=events, source=source or path.name)
    return read_guidance_text(text_or_path, year=year, events=events, source=source)


# --------------------------------------------------------------------------- matching


def _catalogue_text(ev: dict) -> str:
    day = "" if pd.isna(ev["day"]) else f"{int(ev['day'])}/"
    base = "" if pd.isna(ev["base_year"]) else f"/{int(ev['base_year'])}"
    lunar = f" {CALENDAR_LABELS['lunar'].lower()}" if ev["calendar"] == "lunar" else ""
    return f"{ev['name_vi']} ({day}{int(ev['month'])}{base}{lunar})"


def _same_date(row: dict, ev: dict) -> bool:
    def whole(v):
        return None if v is None or pd.isna(v) else int(v)

    return (
        ev["calendar"] == row["calendar"]
        and whole(ev["day"]) == whole(row["day"])
        and int(ev["month"]) == int(row["month"])
        and whole(ev["base_year"]) == whole(row["base_year"])
        and bool(ev.get("leap") or False) == bool(row["leap"])
    )


def match_guidance(result: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """``result`` (from :func:`read_guidance`) with its match columns filled against ``events``.

    ``events``: catalogue rows (default the packaged catalogue). A planner-edited ``category``
    or ``scope`` is kept. Returns a new frame; ``result`` is not modified.
    """
    if not isinstance(result, pd.DataFrame) or not {"status", "name", "calendar"} <= set(result.columns):
        raise InvalidValueError(GUIDANCE_LABELS["not_a_result"], field="result", value=type(result).__name__)
    if events is None:
        from planner.catalogue import default_events

        events = default_events()
    catalogue = events.to_dict("records")
    keys = [name_key(ev["name_vi"]) for ev in catalogue]
    out = result.copy()
    out.attrs = dict(result.attrs)
    for index, row in out.iterrows():
        status = row["status"]
        if status != "read":
            out.loc[index, ["match", "event_id", "catalogue", "verdict"]] = ["", "", "", status]
            out.loc[index, "similarity"] = pd.NA
            continue
        key = name_key(row["name"])
        pairs = [_scores(key, k) for k in keys]
        scores = [p[0] for p in pairs]
        same = [i for i, ev in enumerate(catalogue) if _same_date(row, ev)]
        best_same = max(same, key=lambda i: scores[i], default=None)
        # another date: the same event only if the names are close as a whole too (not one inside the other)
        close = [i for i, (s, t) in enumerate(pairs) if s >= NAME_MATCH and t >= NAME_ORDER_MIN]
        best_any = max(close, key=lambda i: scores[i], default=None)
        best_shown = max(range(len(catalogue)), key=lambda i: scores[i], default=None)
        note = row["note"] if isinstance(row["note"], str) else ""
        if best_same is not None and scores[best_same] >= NAME_SAME_DATE:
            match, pick = "matched", best_same
        elif best_any is not None:
            match, pick = "conflict", best_any
        else:
            match, pick = "new", best_same if best_same is not None else best_shown
        verdict = match
        if match != "conflict" and row["number_ok"] is False:
            verdict = "number"
        ev = catalogue[pick] if pick is not None else None
        out.loc[index, "match"] = match
        out.loc[index, "verdict"] = verdict
        out.loc[index, "event_id"] = ev["event_id"] if ev is not None and match != "new" else ""
        out.loc[index, "catalogue"] = _catalogue_text(ev) if ev is not None and match != "new" else ""
        out.loc[index, "similarity"] = scores[pick] if pick is not None else pd.NA
        if match == "conflict":
            extra = GUIDANCE_LABELS["conflict_note"].format(catalogue=_catalogue_text(ev))
            out.loc[index, "note"] = f"{note}; {extra}" if note else extra
        category, scope = row.get("category"), row.get("scope")
        kept = isinstance(category, str) and category  # a planner's choice is kept (the import checks it)
        out.loc[index, "category"] = category if kept else guess_category(row["name"])
        out.loc[index, "scope"] = scope if isinstance(scope, str) and scope else "national"
    return out


# --------------------------------------------------------------------------- display


def guidance_table(result: pd.DataFrame, *, others: bool = False) -> pd.DataFrame:
    """The result as a person reads it: Vietnamese headers and values (lines that name no anniversary
    left out unless ``others``)."""
    labels = GUIDANCE_LABELS
    shown = result if others else result[result["status"] != "other"]
    rows = []
    for row in shown.itertuples(index=True):
        date = ""
        if row.status == "read":
            when = row.date.date() if not pd.isna(row.date) else None
            start = f"{'' if pd.isna(row.day) else f'{row.day}/'}{row.month}"
            start += f"/{row.base_year}" if not pd.isna(row.base_year) else ""
            if row.calendar == "lunar":
                start += f" {labels['lunar_mark']}"
            date = f"{start} → {format_date(when)}" if when else start
        rows.append(
            {
                labels["col_row"]: row.Index,
                labels["col_line"]: row.line,
                labels["col_name"]: row.name if row.status == "read" else str(row.text).strip(),
                labels["col_date"]: date,
                labels["col_stated"]: "" if pd.isna(row.stated) else int(row.stated),
                labels["col_number"]: "" if pd.isna(row.number) else int(row.number),
                labels["col_verdict"]: labels[f"verdict_{row.verdict}"],
                labels["col_catalogue"]: row.catalogue or "",
                labels["col_note"]: row.reason or row.note or "",
            }
        )
    columns = [labels[c] for c in ("col_row", "col_line", "col_name", "col_date", "col_stated", "col_number",
                                   "col_verdict", "col_catalogue", "col_note")]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def summary(result: pd.DataFrame) -> str:
    """One Vietnamese line counting the rows by verdict."""
    counts = result["verdict"].value_counts()
    parts = [f"{int(counts[v])} {GUIDANCE_LABELS[f'verdict_{v}'].lower()}" for v in VERDICTS if v in counts]
    return GUIDANCE_LABELS["summary"].format(parts=", ".join(parts) or "0")

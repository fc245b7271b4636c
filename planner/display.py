"""Labels for people: the one step that turns calendar facts into Vietnamese text.

The calendar frame (:func:`planner.occurrences`) holds facts; everything a person reads
beside them is made here, and shared by the notebook tables (:mod:`planner.tables`), the
CLI ``calendar`` command and the Excel export:

* ``date_text`` — ``3/2/2025`` (no zero padding); a month-only event ``2/2025``;
* ``weekday`` — ``Thứ Hai`` … ``Chủ nhật``;
* ``lunar_text`` — ``6/1 Ất Tỵ``, a leap month ``29/6 nhuận Ất Tỵ``;
* ``holiday`` — the public holiday or day off on that date, from :func:`holiday_labels`.

Holiday labels start from the ``holidays`` package and are put in our words:

* official names as ``data/official_names.csv`` writes them (the package's
  "Tết Nguyên Đán" becomes "Tết Nguyên đán");
* dates in our style: "thay cho ngày 04/05/2024" becomes "thay cho ngày 4/5/2024";
* a label that names a lunar day agrees with the lunar date of its row: the package's
  "29 Tết" for the day before New Year's Eve becomes "28 Tết" when that day is 28/12 (a
  29-day 12th month), and "Mùng hai Tết …" is named from the lunar day itself.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pandas as pd

from planner.calendars import (
    LunarDate,
    format_date,
    format_lunar,
    format_month,
    format_weekday,
    public_holidays,
    to_lunar,
)
from planner.catalogue import data_dir, read_official_names
from planner.checks.items import NameIndex
from planner.strings import CALENDAR_LABELS, CATEGORY_LABELS, OCCURRENCE_CSV_HEADERS, SCOPE_LABELS, TIER_LABELS

__all__ = ["LABEL_COLUMNS", "holiday_label", "holiday_labels", "occurrence_export", "occurrence_labels"]

#: Columns :func:`occurrence_labels` adds to an occurrence frame.
LABEL_COLUMNS = ["date_text", "weekday", "lunar_text", "holiday"]

_PADDED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DAY_BEFORE_TET = re.compile(r"^\d{1,2} Tết$")
_TET_DAY = re.compile(r"^Mùng \w+ Tết")
_DAY_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


@lru_cache(maxsize=4)
def _packaged_names(path: str, mtime: float) -> NameIndex:
    return NameIndex(read_official_names(path))


def _name_index(names: pd.DataFrame | NameIndex | None) -> NameIndex:
    if isinstance(names, NameIndex):
        return names
    if names is not None:
        return NameIndex(names)
    path = data_dir() / "official_names.csv"
    return _packaged_names(str(path), path.stat().st_mtime)


def holiday_label(name: str, date: dt.date, *, names: pd.DataFrame | NameIndex | None = None) -> str:
    """One holiday name of the ``holidays`` package, in our words (see the module docstring)."""
    lunar = to_lunar(date)
    label = _PADDED_DATE.sub(lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}", name.strip())
    if _DAY_BEFORE_TET.match(label) and lunar.month == 12:
        label = f"{lunar.day} Tết"
    elif _TET_DAY.match(label) and lunar.month == 1 and lunar.day in _DAY_WORDS:
        label = _TET_DAY.sub(f"Mùng {_DAY_WORDS[lunar.day]} Tết", label)
    return _name_index(names).correct(label)


def holiday_labels(year: int, *, names: pd.DataFrame | NameIndex | None = None) -> pd.DataFrame:
    """Public holidays and days off of ``year`` with our labels: columns ``date`` (datetime64)
    and ``name`` (several holidays on one day are joined with "; ")."""
    days = public_holidays(year)
    index = _name_index(names)
    labels = [holiday_label(n, d.date(), names=index) for d, n in zip(days["date"], days["name"], strict=True)]
    frame = pd.DataFrame({"date": days["date"], "name": pd.Series(labels, dtype="object")})
    return frame.groupby("date", as_index=False, sort=True)["name"].agg("; ".join)


def _date_text(row) -> str:
    return format_month(int(row.month), int(row.year)) if pd.isna(row.date) else format_date(row.date)


def occurrence_labels(occ: pd.DataFrame, *, names: pd.DataFrame | NameIndex | None = None) -> pd.DataFrame:
    """A copy of an occurrence frame with :data:`LABEL_COLUMNS` added (``occ`` is not modified).

    ``names`` are the official names (default: ``data/official_names.csv``); pass the
    workspace's ``ws.official_names()`` to use the department's list.
    """
    out = occ.drop(columns=[c for c in LABEL_COLUMNS if c in occ.columns])
    rows = list(out.itertuples(index=False))
    out["date_text"] = [_date_text(r) for r in rows]
    out["weekday"] = ["" if pd.isna(r.date) else format_weekday(r.date) for r in rows]
    out["lunar_text"] = ["" if pd.isna(r.lunar_day) else format_lunar(_lunar(r)) for r in rows]
    index = _name_index(names)
    holidays: dict = {}
    for year in sorted({int(y) for y in out["date"].dt.year.dropna()}):
        labels = holiday_labels(year, names=index)
        holidays.update(zip(labels["date"], labels["name"], strict=True))
    out["holiday"] = [holidays.get(r.date, "") if not pd.isna(r.date) else "" for r in rows]
    return out


def _lunar(row) -> LunarDate:
    return LunarDate(int(row.lunar_day), int(row.lunar_month), int(row.lunar_year), bool(row.lunar_leap))


def occurrence_export(occ: pd.DataFrame, *, vietnamese: bool = False) -> pd.DataFrame:
    """The calendar as a file gets it (CSV, Excel): facts and labels, ISO dates, no NaN.

    With ``vietnamese=True`` the headers are :data:`planner.strings.OCCURRENCE_CSV_HEADERS`
    and the coded columns (calendar, tier, category, scope) and the yes/no columns show
    their Vietnamese labels. ``occ`` must carry the labels (:func:`occurrence_labels`).
    """
    out = occ.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d").fillna("")
    if not vietnamese:
        return out
    for column, labels in (
        ("calendar", CALENDAR_LABELS),
        ("tier", TIER_LABELS),
        ("category", CATEGORY_LABELS),
        ("scope", SCOPE_LABELS),
    ):
        out[column] = out[column].map(
            lambda code, labels=labels: labels.get(code, code) if isinstance(code, str) else ""
        )
    for column in ("lunar_leap", "estimated"):
        out[column] = out[column].map(lambda flag: "có" if not pd.isna(flag) and bool(flag) else "")
    return out.rename(columns=OCCURRENCE_CSV_HEADERS)

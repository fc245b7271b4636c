"""Recurring stories: items every unit carries each month whatever the calendar holds.

``data/recurring.csv`` lists them, one story per row (columns :data:`RECURRING_COLUMNS`):

* ``recurring_id`` — a slug, unique; part of the plan key of every item it makes;
* ``name`` — what the planner calls the story ("Người tốt, việc tốt");
* ``day`` — the day of the month the item is meant for (1–28, so every month has it);
  plan generation moves it off days off and out of full weeks within its month;
* ``months`` — the months it runs in (``1 2 … 12``, spaces or commas); empty = every month;
* ``format``, ``platform``, ``theme`` — codes as in ``template_items.csv``;
* ``takers`` — ``all``, a unit kind or unit ids, as in ``template_items.csv``;
* ``title`` — with the placeholders ``{name}``, ``{month}``, ``{year}``, ``{unit}``.

A bad row is reported with the file, line and column (:class:`~planner.errors.DataError`).
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import pandas as pd

from planner.catalogue import _Bad, _check_unique, _choice, _Field, _int, _read_rows, _slug, _takers, _text, data_dir
from planner.errors import DataError, DataProblem
from planner.model import FORMATS, PLATFORMS, TAKER_ALL, TAKER_OWNER, THEMES, UNIT_KINDS

__all__ = ["RECURRING_COLUMNS", "RECURRING_PLACEHOLDERS", "read_recurring", "check_takers", "title_fields"]

#: Columns of ``data/recurring.csv`` and of the frame :func:`read_recurring` returns.
RECURRING_COLUMNS = ["recurring_id", "name", "day", "months", "format", "platform", "theme", "takers", "title"]
#: Placeholders a recurring title may use.
RECURRING_PLACEHOLDERS = ("name", "month", "year", "unit")
FILE = "recurring.csv"


def title_fields(pattern: str) -> list[str]:
    """The placeholder names in ``pattern``; :class:`ValueError` when its braces do not pair up."""
    return [field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None]


def _title(value: str) -> str:
    try:
        fields = title_fields(value)
    except ValueError:
        raise _Bad("dấu { } không khớp cặp; viết chỗ trống dạng {month}, muốn in dấu { thì viết {{") from None
    unknown = [f for f in fields if f not in RECURRING_PLACEHOLDERS]
    if unknown:
        allowed = ", ".join(f"{{{p}}}" for p in RECURRING_PLACEHOLDERS)
        raise _Bad(f"chỗ trống {{{unknown[0]}}} không có; chỉ dùng: {allowed}")
    return value


def _months(value: str) -> str:
    month = _int(1, 12, "tháng")
    return " ".join(str(month(v)) for v in value.replace(",", " ").split())


def _fields() -> dict[str, _Field]:
    return {
        "recurring_id": _Field(_slug, required=True),
        "name": _Field(_text, required=True),
        "day": _Field(_int(1, 28, "ngày trong tháng"), required=True),
        "months": _Field(_months),
        "format": _Field(_choice(FORMATS), required=True),
        "platform": _Field(_choice(PLATFORMS), required=True),
        "theme": _Field(_choice(THEMES), required=True),
        "takers": _Field(_takers, required=True),
        "title": _Field(_title, required=True),
    }


def read_recurring(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read the recurring stories (default ``recurring.csv`` in the data folder).

    A missing default file means no recurring stories (an empty frame); a file named by
    ``path`` must exist. ``months`` comes back as text ``"1 2 … 12"`` (every month when
    the cell was empty).
    """
    if path is None:
        path = data_dir() / FILE
        if not path.exists():
            return pd.DataFrame(columns=RECURRING_COLUMNS)
    path = Path(path)
    rows, problems = _read_rows(path, _fields())
    _check_unique(path.name, rows, "recurring_id", problems)
    if problems:
        raise DataError(problems)
    records = [{**row, "months": row.get("months") or " ".join(map(str, range(1, 13)))} for _, row in rows]
    frame = pd.DataFrame(records, columns=RECURRING_COLUMNS)
    frame["day"] = frame["day"].astype("int64")
    frame.attrs["lines"] = [line for line, _ in rows]
    return frame


def check_takers(recurring: pd.DataFrame, units: pd.DataFrame) -> None:
    """Unit ids named as takers must be units of the workspace (:class:`DataError` otherwise)."""
    known = set(units["unit_id"])
    lines = recurring.attrs.get("lines") or [None] * len(recurring)
    problems = [
        DataProblem(
            FILE,
            line,
            "takers",
            f"'{row.recurring_id}': đơn vị '{token}' không có trong danh sách đơn vị. "
            f"Các đơn vị: {', '.join(sorted(known))}",
        )
        for line, row in zip(lines, recurring.itertuples(), strict=True)
        for token in row.takers.split()
        if token not in known and token not in (TAKER_ALL, TAKER_OWNER) and token not in UNIT_KINDS
    ]
    if problems:
        raise DataError(problems)

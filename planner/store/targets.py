"""Targets (chỉ tiêu): how many outputs a unit, or every unit of a kind, should publish in a period.

A target names exactly one of ``unit_id`` (one unit) or ``unit_kind`` (every unit of that kind),
a ``period`` (``month``, ``quarter`` or ``year``) starting on ``period_start`` (the first day of
that month, quarter or year), a ``format`` and a ``platform`` (None: any) and a ``count`` (1 …
100 000). No two targets have the same (unit or kind, period, start, format, platform).

Writes (:meth:`TargetMethods.set_targets`, :meth:`~TargetMethods.delete_targets`,
:meth:`~TargetMethods.import_targets`) are validated first, then written in one audited change
set that the user can undo; a bad value raises :class:`~planner.errors.InvalidValueError` (or
:class:`~planner.errors.DataError` for a file) and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from planner import catalogue
from planner.calendars import format_date
from planner.errors import DataError, DataProblem, InvalidValueError, NotFoundError
from planner.model import FORMATS, PLATFORMS, UNIT_KINDS
from planner.store import validate
from planner.store.rollup import fetch
from planner.store.rows import clean, stale_version
from planner.store.schema import targets_table, units_table
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, UNIT_KIND_LABELS
from planner.values import missing

__all__ = [
    "TargetMethods",
    "TARGET_COLUMNS",
    "TARGET_FIELDS",
    "PERIODS",
    "period_code",
    "MAX_COUNT",
    "TARGETS_FILE",
    "check_target",
    "read_targets",
    "aligned_start",
]

#: Columns of :meth:`TargetMethods.targets`.
TARGET_COLUMNS = ["target_id", "unit_id", "unit_kind", "period", "period_start", "format", "platform", "count",
                  "version"]
#: What a target says (the columns of ``data/targets.csv``).
TARGET_FIELDS = ("unit_id", "unit_kind", "period", "period_start", "format", "platform", "count")
PERIODS = ("month", "quarter", "year")
PERIOD_NAMES = {"month": "tháng", "quarter": "quý", "year": "năm"}
MAX_COUNT = 100_000
TARGETS_FILE = "targets.csv"
_ANY = ("", "any", "*")


def period_code(value: Any, *, named: str = "Kỳ") -> str:
    """``value`` if it is one of :data:`PERIODS`, else :class:`InvalidValueError` saying "<named> 'x' không hợp
    lệ" and the choices — the one check of a period kind, for targets and for the tracking reads."""
    if not isinstance(value, str) or value not in PERIODS:
        raise InvalidValueError(
            f"{named} {value!r} không hợp lệ; chọn một trong: month (tháng), quarter (quý), year (năm).",
            field="period",
            value=value,
            allowed=PERIODS,
        )
    return value


def aligned_start(period: str, day: dt.date) -> dt.date:
    """The first day of the ``period`` (month, quarter, year) holding ``day``."""
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def _optional_code(field: str, value: Any) -> str | None:
    """A format / platform code, or None for any ('', 'any', None)."""
    if value is None or (not isinstance(value, str) and missing(value)):
        return None
    if isinstance(value, str) and value.strip().lower() in _ANY:
        return None
    allowed, labels = (FORMATS, FORMAT_LABELS) if field == "format" else (PLATFORMS, PLATFORM_LABELS)
    if not isinstance(value, str) or value.strip() not in allowed:
        choices = ", ".join(f"{c} ({labels[c]})" for c in allowed)
        raise InvalidValueError(
            f"Trường '{field}' ({validate.FIELD_LABELS[field]}): giá trị {value!r} không hợp lệ; chọn một trong: "
            f"{choices}, hoặc để trống (mọi {validate.FIELD_LABELS[field]}).",
            field=field,
            value=value,
            allowed=allowed,
        )
    return value.strip()


def check_target(row: Mapping[str, Any], unit_kinds: Mapping[str, str]) -> dict[str, Any]:
    """One target's fields checked and converted (:data:`TARGET_FIELDS`); ``unit_kinds``: unit id → kind.

    Raises :class:`InvalidValueError` naming the field, the value and what is expected."""
    unit = row.get("unit_id")
    kind = row.get("unit_kind")
    unit = None if unit is None or (not isinstance(unit, str) and missing(unit)) or unit == "" else unit
    kind = None if kind is None or (not isinstance(kind, str) and missing(kind)) or kind == "" else kind
    if (unit is None) == (kind is None):
        raise InvalidValueError(
            "Chỉ tiêu phải ghi đúng một trong hai: mã đơn vị (unit_id) cho một đơn vị, hoặc loại đơn vị "
            f"(unit_kind) cho mọi đơn vị cùng loại; nhận được unit_id={unit!r}, unit_kind={kind!r}.",
            field="unit_id" if unit is None else "unit_kind",
            value=unit if unit is not None else kind,
            allowed="một mã đơn vị hoặc một loại đơn vị",
        )
    if unit is not None and (not isinstance(unit, str) or unit not in unit_kinds):
        raise InvalidValueError(
            f"Trường 'unit_id' (đơn vị): không có đơn vị {unit!r} trong không gian làm việc.",
            field="unit_id",
            value=unit,
            allowed=sorted(unit_kinds),
        )
    if kind is not None and (not isinstance(kind, str) or kind not in UNIT_KINDS):
        choices = ", ".join(f"{k} ({UNIT_KIND_LABELS.get(k, k)})" for k in UNIT_KINDS)
        raise InvalidValueError(
            f"Trường 'unit_kind' (loại đơn vị): giá trị {kind!r} không hợp lệ; chọn một trong: {choices}.",
            field="unit_kind",
            value=kind,
            allowed=UNIT_KINDS,
        )
    period = period_code(row.get("period"), named="Trường 'period' (kỳ): giá trị")
    start = validate.date("period_start", row.get("period_start"))
    if start is None:
        raise InvalidValueError(
            "Trường 'period_start' (ngày đầu kỳ): thiếu; ghi ngày đầu tháng, quý hoặc năm, ví dụ 1/5/2025.",
            field="period_start",
            value=None,
            allowed="ngày đầu kỳ",
        )
    first = aligned_start(period, start)
    if first != start:
        raise InvalidValueError(
            f"Trường 'period_start' (ngày đầu kỳ): {format_date(start)} không phải ngày đầu {PERIOD_NAMES[period]}; "
            f"chỉ tiêu theo {PERIOD_NAMES[period]} bắt đầu ngày {format_date(first)}.",
            field="period_start",
            value=start,
            allowed=first,
        )
    count = validate.integer("count", row.get("count"), lo=1, hi=MAX_COUNT)
    return {
        "unit_id": unit,
        "unit_kind": kind,
        "period": period,
        "period_start": start,
        "format": _optional_code("format", row.get("format")),
        "platform": _optional_code("platform", row.get("platform")),
        "count": count,
    }


def _key(row: Mapping[str, Any]) -> tuple:
    return (row["unit_id"], row["unit_kind"], row["period"], row["period_start"], row["format"], row["platform"])


def _described(row: Mapping[str, Any]) -> str:
    who = row["unit_id"] or f"mọi {UNIT_KIND_LABELS.get(row['unit_kind'], row['unit_kind'])}"
    what = FORMAT_LABELS.get(row["format"], "mọi hình thức") if row["format"] else "mọi hình thức"
    where = PLATFORM_LABELS.get(row["platform"], "mọi nền tảng") if row["platform"] else "mọi nền tảng"
    return f"{who}, {PERIOD_NAMES[row['period']]} từ {format_date(row['period_start'])}, {what}, {where}"


def _records(rows: Any) -> list[Mapping[str, Any]]:
    if isinstance(rows, pd.DataFrame):
        return [{k: clean(v) for k, v in r.items()} for r in rows.to_dict("records")]
    if isinstance(rows, Mapping) or isinstance(rows, str | bytes):
        raise InvalidValueError(
            "Chỉ tiêu cần một danh sách các dòng (mỗi dòng một dict) hoặc một DataFrame.",
            field="rows",
            value=type(rows).__name__,
            allowed="list[dict] hoặc DataFrame",
        )
    try:
        out = list(rows)
    except TypeError:
        raise InvalidValueError(
            f"Chỉ tiêu cần một danh sách các dòng, nhận được {type(rows).__name__}.",
            field="rows",
            value=rows,
            allowed="list[dict] hoặc DataFrame",
        ) from None
    for n, r in enumerate(out, start=1):
        if not isinstance(r, Mapping):
            raise InvalidValueError(
                f"dòng {n}: cần một dict (tên cột → giá trị), nhận được {type(r).__name__}.",
                field="rows",
                value=r,
                allowed="dict",
            )
    return out


def read_targets(
    path: str | os.PathLike, unit_kinds: Mapping[str, str], *, skip_unknown_units: bool = False
) -> list[dict[str, Any]]:
    """Read and check a targets CSV (:data:`TARGET_FIELDS` as columns); DataError naming every bad cell.

    ``skip_unknown_units``: a row naming a unit that is not in ``unit_kinds`` is left out instead of
    being an error (the demo targets seeded into a workspace built from other units)."""
    path = Path(path)
    name = path.name
    raw = {field: catalogue._Field(lambda v: v) for field in TARGET_FIELDS}
    rows, problems = catalogue._read_rows(path, raw)
    out: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        if skip_unknown_units and row.get("unit_id") and row["unit_id"] not in unit_kinds:
            continue
        try:
            checked = check_target(row, unit_kinds)
        except InvalidValueError as exc:
            value = row.get(exc.field) if exc.field in row else None
            shown = f" (giá trị '{value}')" if value not in (None, "") and f"'{value}'" not in str(exc) else ""
            problems.append(DataProblem(name, line, exc.field, f"{exc}{shown}"))
            continue
        key = _key(checked)
        if key in seen:
            problems.append(
                DataProblem(name, line, None, f"chỉ tiêu ({_described(checked)}) trùng với dòng {seen[key]}; "
                            "mỗi chỉ tiêu chỉ ghi một lần")
            )
            continue
        seen[key] = line
        out.append(checked)
    if problems:
        raise DataError(problems)
    return out


def targets_frame(rows: Iterable[Any]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=TARGET_COLUMNS)
    frame["period_start"] = pd.to_datetime(frame["period_start"], format="ISO8601")
    frame["count"] = frame["count"].astype("int64")
    for name in ("unit_id", "unit_kind", "format", "platform"):
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


class TargetMethods:
    def targets(self) -> pd.DataFrame:
        """Targets as stored (:data:`TARGET_COLUMNS`): ``unit_id`` or ``unit_kind`` (the other None),
        ``period`` (month, quarter, year), ``period_start`` (datetime64), ``format`` and ``platform``
        (None: any), ``count``, ``version`` (pass it back to :meth:`set_targets` to change the row)."""
        t = targets_table.c
        with self._engine.connect() as conn:
            rows = fetch(conn, sa.select(*[t[c] for c in TARGET_COLUMNS]).order_by(t.target_id))
        return targets_frame(rows)

    def _unit_kinds(self, conn) -> dict[str, str]:
        return dict(conn.execute(sa.select(units_table.c.unit_id, units_table.c.kind)).all())

    def set_targets(self, rows: Any, *, replace: bool = False) -> dict[str, Any]:
        """Add or change targets, all rows or none (one change set, undoable).

        Each row (a dict, or a DataFrame row) has :data:`TARGET_FIELDS`. A row with ``target_id``
        changes that target and needs its ``version`` (as read from :meth:`targets`); a row without
        one changes the target with the same unit (or kind), period, start, format and platform
        if there is one, else adds a target. ``replace=True``: targets not named by the rows are
        deleted. Returns ``{'added', 'updated', 'unchanged', 'removed', 'target_ids'}`` — the
        counts, and each row's target id in order.
        """
        records = _records(rows)
        with self._engine.connect() as conn:
            kinds = self._unit_kinds(conn)
        checked = []
        for n, row in enumerate(records, start=1):
            try:
                values = check_target(row, kinds)
                target_id = row.get("target_id")
                target_id = None if target_id is None or missing(target_id) else validate.record_id(
                    "target_id", target_id)
                version = validate.version(row.get("version")) if target_id is not None else None
            except InvalidValueError as exc:
                raise InvalidValueError(f"dòng {n}: {exc}", field=exc.field, value=exc.value,
                                        allowed=exc.allowed) from None
            checked.append((n, target_id, version, values))
        return self._save_targets(checked, replace=replace, action="set_targets", note="")

    def import_targets(self, path: str | os.PathLike, *, replace: bool = False) -> dict[str, Any]:
        """Load a targets CSV (columns :data:`TARGET_FIELDS`; format/platform empty = any), all rows or none.

        Errors name the file, line, column, the value and what is expected (:class:`DataError`).
        A row matching a stored target (same unit or kind, period, start, format, platform) updates
        its count; ``replace=True`` also deletes stored targets missing from the file."""
        path = catalogue._path(path, Path(), "tệp chỉ tiêu")
        with self._engine.connect() as conn:
            kinds = self._unit_kinds(conn)
        rows = read_targets(path, kinds)
        checked = [(n, None, None, values) for n, values in enumerate(rows, start=1)]
        return self._save_targets(checked, replace=replace, action="import_targets", note=str(path))

    def _save_targets(self, checked: list, *, replace: bool, action: str, note: str) -> dict[str, Any]:
        counts: dict[str, Any] = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "target_ids": []}
        with self._write() as conn:
            self._require(conn, "targets")  # a manager's (planner.store.access)
            current = {r["target_id"]: dict(r) for r in conn.execute(sa.select(targets_table)).mappings()}
            for row in current.values():
                if isinstance(row["period_start"], str):
                    row["period_start"] = dt.date.fromisoformat(row["period_start"])
            by_key = {_key(r): tid for tid, r in current.items()}
            final = {tid: _key(r) for tid, r in current.items()}
            named: set[int] = set()
            edits, inserts, slots = [], [], []
            for n, target_id, version, values in checked:
                if target_id is None:
                    target_id = by_key.get(_key(values))
                    if target_id is not None and target_id in named:
                        raise InvalidValueError(
                            f"dòng {n}: chỉ tiêu ({_described(values)}) đã có ở một dòng khác; mỗi chỉ tiêu chỉ ghi "
                            "một lần.",
                            field="unit_id",
                            value=_key(values),
                        )
                    version = current[target_id]["version"] if target_id is not None else None
                if target_id is None:
                    inserts.append(values)
                    slots.append(("new", len(inserts) - 1))
                    final[("new", len(inserts) - 1)] = _key(values)
                    continue
                before = current.get(target_id)
                if before is None:
                    raise NotFoundError(f"dòng {n}: không tìm thấy chỉ tiêu số {target_id} (có thể đã bị xóa).")
                if target_id in named:
                    raise InvalidValueError(f"dòng {n}: chỉ tiêu số {target_id} được ghi hai lần.",
                                            field="target_id", value=target_id)
                named.add(target_id)
                if before["version"] != version:
                    raise stale_version("target", target_id, before, version)
                diff = {k: v for k, v in values.items() if before[k] != v}
                final[target_id] = _key(values)
                slots.append(("old", target_id))
                if diff:
                    edits.append((target_id, version, diff, before))
                else:
                    counts["unchanged"] += 1
            removed = [tid for tid in current if tid not in named] if replace else []
            for tid in removed:
                final.pop(tid, None)
            seen: dict[tuple, Any] = {}
            for who, key in final.items():
                if key in seen:
                    row = dict(zip(("unit_id", "unit_kind", "period", "period_start", "format", "platform"), key,
                                   strict=True))
                    raise InvalidValueError(
                        f"Hai chỉ tiêu sẽ trùng nhau ({_described(row)}); mỗi đơn vị (hoặc loại đơn vị), kỳ, hình "
                        "thức và nền tảng chỉ có một chỉ tiêu. Không có gì bị thay đổi.",
                        field="unit_id",
                        value=key,
                    )
                seen[key] = who
            if not (edits or inserts or removed):
                counts["target_ids"] = [s[1] for s in slots]
                return counts
            change = self._change(conn, action, note)
            self._update_many(conn, change, "target", edits)
            if removed:
                conn.execute(sa.delete(targets_table).where(targets_table.c.target_id.in_(removed)))
                self._audit(conn, change, [("target", tid, "delete", current[tid], None) for tid in removed])
            stored = self._insert(conn, change, "target", inserts, returning=True, checked=True)
            counts.update(added=len(inserts), updated=len(edits), removed=len(removed))
            counts["target_ids"] = [stored[i]["target_id"] if kind == "new" else i for kind, i in slots]
        return counts

    def delete_targets(self, ids: Iterable[int]) -> int:
        """Delete targets by id (one change set, undoable); returns how many. An unknown id deletes nothing."""
        if isinstance(ids, int | str):
            ids = [ids]
        wanted = [validate.record_id("target_id", i) for i in ids]
        if not wanted:
            return 0
        with self._write() as conn:
            self._require(conn, "targets")
            rows = {r["target_id"]: dict(r) for r in conn.execute(
                sa.select(targets_table).where(targets_table.c.target_id.in_(wanted))).mappings()}
            missing_ids = [i for i in wanted if i not in rows]
            if missing_ids:
                raise NotFoundError(
                    f"Không tìm thấy chỉ tiêu số {', '.join(map(str, missing_ids))}; không có gì bị xóa."
                )
            change = self._change(conn, "delete_targets", f"{len(rows)} chỉ tiêu")
            conn.execute(sa.delete(targets_table).where(targets_table.c.target_id.in_(list(rows))))
            self._audit(conn, change, [("target", tid, "delete", row, None) for tid, row in rows.items()])
        return len(rows)

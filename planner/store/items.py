"""Content items: read, create, edit, move, reassign, cancel, duplicate, review status.

Mixed into :class:`planner.store.Workspace`; every method is one audited write transaction.

* Every field is checked at this boundary (:mod:`planner.store.validate`): type, range,
  allowed codes, required, and that the unit and event exist. Internal fields (``plan_key``,
  ``template_id``, ``spec_id``, ``offset_days``) are written only by plan generation.
* Every edit names the version it was based on (``version=`` is required) and
  :meth:`apply` takes many edits at once, each checked against its own version, all or
  nothing — what a grid selection or a returned workbook needs.
* The review workflow (what a status change requires, what an edit of an approved item
  does) is :mod:`planner.review`; this module only saves, versions and audits its result.
* Reads return one frame shape (:data:`ITEM_COLUMNS`), dates as ``datetime64``; ``item()``
  is one row of the same frame, so both give the same types.
"""

from __future__ import annotations

import datetime as dt
import json
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner import checks, review
from planner.errors import InvalidValueError, NotFoundError, WorkflowError
from planner.model import EDITABLE_FIELDS, INTERNAL_FIELDS, ITEM_COLUMNS
from planner.store import validate
from planner.store.access import Actor
from planner.store.rows import now_iso, stale_version
from planner.store.schema import audit_table, changes_table, events_table, items_table, names_table, units_table
from planner.store.writes import Lists
from planner.strings import STATUS_LABELS
from planner.values import is_collection, missing

__all__ = ["ItemMethods", "ITEM_COLUMNS", "EDITABLE_FIELDS", "REQUIRED_FIELDS", "items_frame", "missing_fields"]

#: Change-set actions of plan generation itself: an item touched only by these is unedited.
PLANNING_ACTIONS = ("generate_plan", "replan", "copy_plan")
#: What a change set adding items by hand may be called (``add_items(action=…)``).
ADD_ACTIONS = ("add_items", "add_item", "duplicate_item", "add_monthly")
#: A duplicate's change note names its source item (its authors are the duplicate's too: planner.store.members).
DUPLICATE_NOTE = re.compile(r"từ nội dung (\d+)")


#: A year's copy of an item (planning.copy_plan) has the plan key ``copy|<source item id>|<year>``.
COPY_KEY = re.compile(r"copy\|(\d+)\|(\d+)")


def copy_key(item_id: int, year: int) -> str:
    """The plan key of the copy of ``item_id`` in ``year`` (what :data:`COPY_KEY` reads back)."""
    return f"copy|{int(item_id)}|{int(year)}"


def duplicate_note(item_id: int) -> str:
    """The change note of a duplicate of ``item_id`` (what :data:`DUPLICATE_NOTE` reads back)."""
    return f"từ nội dung {int(item_id)}"
_DATE_COLUMNS = ("date", "occurrence_date")
_JSON_COLUMNS = ("review", "findings")
#: Fields a new item must have (besides a date or a plan year): :func:`missing_fields` says which are empty.
REQUIRED_FIELDS = ("unit_id", "format", "platform", "theme")
_OPTIONAL = ("event_id", "occurrence_date", "date", "title", "notes", *INTERNAL_FIELDS)


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return not is_collection(value) and missing(value)


def missing_fields(fields: Mapping[str, Any], *, dated: bool = True) -> list[str]:
    """The fields a new item needs that ``fields`` leaves empty: :data:`REQUIRED_FIELDS` and, with ``dated``,
    ``date`` when there is neither a date, an event date nor a plan year. One rule for the store and the form."""
    empty = [field for field in REQUIRED_FIELDS if _blank(fields.get(field))]
    if dated and all(_blank(fields.get(f)) for f in ("date", "occurrence_date", "year")):
        empty.append("date")
    return empty


def _field_list(fields: Iterable[str]) -> str:
    return ", ".join(fields)


def _ids(values: Iterable[Any], field: str = "item_id") -> list[int]:
    return [validate.record_id(field, v) for v in values]


def _batch(value: Any, what: str) -> list:
    """A list of rows or edits; a single mapping, text or a number is refused."""
    if isinstance(value, Mapping | str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(f"{what}, nhận được {value!r}.", field="rows", value=value, allowed="danh sách")
    return list(value)


def _as_list(name: str, value: Any) -> list:
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes | bytearray | memoryview | Mapping):  # bytes iterate as numbers: b"\x05" is not [5]
        raise InvalidValueError(
            f"Bộ lọc '{name}' cần một giá trị hoặc một danh sách, nhận được {value!r}.", field=name, value=value
        )
    try:
        return list(value)
    except TypeError:
        raise InvalidValueError(
            f"Bộ lọc '{name}' cần một giá trị hoặc một danh sách, nhận được {value!r}.", field=name, value=value
        ) from None


def _decoded(value: Any, empty: Any) -> Any:
    """A JSON column as data: text is decoded ('' and '[]' are empty); data already decoded stays."""
    if isinstance(value, str):
        return json.loads(value) if value not in ("", "[]") else empty
    return value if value else empty


def _frame(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Item rows (tuples in :data:`ITEM_COLUMNS` order, dates as ISO text) → the items frame."""
    frame = pd.DataFrame.from_records(rows, columns=ITEM_COLUMNS, coerce_float=False)
    for col in _DATE_COLUMNS:
        frame[col] = pd.to_datetime(frame[col], format="ISO8601")
    frame["offset_days"] = frame["offset_days"].astype("Int64")
    for col in ("item_id", "version", "year"):
        frame[col] = frame[col].astype("int64")
    frame["findings"] = [_decoded(v, []) for v in frame["findings"]]
    frame["review"] = [_decoded(v, None) for v in frame["review"]]
    return frame


def item_records(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Item rows as the store wrote them → dicts exactly as ``items_frame(records).to_dict("records")`` gives
    them (what :meth:`Workspace.item` returns), without building a frame: a save returns in a fraction of the
    time (tests compare the two)."""
    out = []
    for row in records:
        record = {c: row.get(c) for c in ITEM_COLUMNS}
        for col in _DATE_COLUMNS:
            value = record[col]
            record[col] = pd.NaT if value is None or value == "" else pd.Timestamp(value)
        record["offset_days"] = None if record["offset_days"] is None else int(record["offset_days"])
        for col in ("item_id", "version", "year"):
            record[col] = int(record[col])
        record["findings"] = _decoded(record["findings"], [])
        record["review"] = _decoded(record["review"], None)
        out.append(record)
    return out


def items_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Item rows as dicts (as the store wrote them: dates, lists) → the frame :meth:`Workspace.items` gives."""
    iso = lambda v: v.isoformat() if isinstance(v, dt.date) else v  # noqa: E731 - the stored text form
    return _frame([tuple(iso(r.get(c)) if c in _DATE_COLUMNS else r.get(c) for c in ITEM_COLUMNS) for r in records])


def _columns() -> list[sa.ColumnElement]:
    """The item columns as the driver returns them: dates as ISO text (decoded once, for the whole frame)."""
    return [
        sa.type_coerce(items_table.c[c], sa.String).label(c) if c in _DATE_COLUMNS else items_table.c[c]
        for c in ITEM_COLUMNS
    ]


def _json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as it is written: review and findings as JSON text."""
    out = dict(row)
    for col in _JSON_COLUMNS:
        if col in out and not isinstance(out[col], str):
            out[col] = json.dumps(out[col], ensure_ascii=False) if out[col] else ""
    return out


def _texts(values: list) -> list:
    """Filter values a text column can hold: no stored text has a NUL (PostgreSQL refuses one even in a query)."""
    return [v for v in values if not (isinstance(v, str) and "\x00" in v)]


def _whole(value: Any) -> int | None:
    """The whole number a filter value can equal in an INTEGER column (as SQLite compares), else None."""
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,12}\s*", value):
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, numbers.Integral) and -(2**31) <= int(value) < 2**31:
        return int(value)
    return None


class ItemMethods:
    """The content-item half of the Workspace API."""

    # ------------------------------------------------------------------ checks
    def _checker(self, conn: Connection, lists: Lists | None = None) -> tuple[checks.NameIndex, checks.EventIndex]:
        """The name and event indexes the automatic checks use, rebuilt only when the lists' signatures moved."""
        lists = lists if lists is not None else self._lists(conn)
        signature = (lists.events, lists.names)
        cached = self._checker_cache
        if cached is None or cached[0] != signature:
            names = pd.DataFrame([dict(r) for r in conn.execute(sa.select(names_table)).mappings()])
            events = pd.DataFrame([dict(r) for r in conn.execute(sa.select(events_table)).mappings()])
            cached = (
                signature,
                checks.NameIndex(names) if len(names) else None,
                checks.EventIndex(events) if len(events) else None,
                {},
            )
            self._checker_cache = cached
        return cached[1], cached[2]

    def _rules(self, conn: Connection) -> Actor:
        """Before checking an edit: the checks' indexes made current and the acting person, from one query."""
        lists = self._lists(conn)
        self._checker(conn, lists)
        return self._actor(conn, lists)

    def _findings(self, conn: Connection, row: Mapping[str, Any], *, checked: bool = False) -> list[dict]:
        """Automatic checks of ``row``; ``checked=True`` when ``_checker`` ran in this transaction."""
        if not checked:
            self._checker(conn)
        _, names, events, memo = self._checker_cache
        key = (row.get("title"), row.get("notes"), row.get("event_id"), row.get("year"), row.get("occurrence_date"))
        if key not in memo:
            memo[key] = [f.__dict__ for f in checks.item_findings(row, names=names, events=events)]
        return memo[key]

    # ------------------------------------------------------------------ reads
    def items(
        self,
        *,
        start: Any = None,
        end: Any = None,
        year: int | None = None,
        units: str | Iterable[str] | None = None,
        unit: str | Iterable[str] | None = None,
        status: str | Iterable[str] | None = None,
        ids: Iterable[int] | None = None,
    ) -> pd.DataFrame:
        """Content items by date (:data:`ITEM_COLUMNS`; ``review`` a dict, ``findings`` a list).

        ``start``/``end`` select planned dates in that range, both ends included (what a
        month or week view shows — items of an early-January event may belong to the year
        before); ``year`` selects the plan year; ``units`` (or ``unit``), ``status`` and
        ``ids`` a value or a list. Dates are ``datetime64``.
        """
        query = sa.select(*_columns())
        start, end = validate.date("start", start), validate.date("end", end)  # empty: no bound
        if start is not None:
            query = query.where(items_table.c.date >= start)
        if end is not None:
            query = query.where(items_table.c.date <= end)
        if year is not None:
            query = query.where(items_table.c.year == validate.year(year))
        for column, value in (("unit_id", units if units is not None else unit), ("status", status)):
            if value is not None:
                values = _as_list(column, value)
                if not all(isinstance(v, str) for v in values):
                    raise InvalidValueError(
                        f"Bộ lọc '{column}' cần mã dạng chữ, nhận được {values!r}.", field=column, value=value
                    )
                if column == "status":
                    for v in values:
                        validate.code("status", v)
                query = query.where(validate.among(items_table.c[column], _texts(values)))
        if ids is not None:
            query = query.where(validate.among(items_table.c.item_id, validate.storable(_ids(_as_list("ids", ids)))))
        # undated items first on every engine (SQLite sorts NULL first, PostgreSQL last unless told)
        query = query.order_by(items_table.c.date.asc().nulls_first(), items_table.c.unit_id, items_table.c.item_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query).cursor.fetchall()  # plain tuples: no per-row processing
        return _frame(rows)

    def item(self, item_id: int) -> dict[str, Any]:
        """One item as a dict: one row of :meth:`items` (same types)."""
        item_id = validate.record_id("item_id", item_id)
        frame = self.items(ids=[item_id])
        if frame.empty:
            raise NotFoundError(f"Không tìm thấy nội dung số {item_id}.")
        return frame.to_dict("records")[0]

    def plan_keys(self, year: int) -> set[str]:
        """Plan keys already used in ``year`` (what plan generation must not create again)."""
        with self._engine.connect() as conn:
            return set(
                conn.execute(
                    sa.select(items_table.c.plan_key).where(
                        items_table.c.year == validate.year(year), items_table.c.plan_key.is_not(None)
                    )
                ).scalars()
            )

    def edited_item_ids(self, year: int) -> set[int]:
        """Items of ``year`` changed by anything but plan generation itself (a person's edit, an undo …)."""
        year = validate.year(year)
        ids = sa.select(sa.cast(items_table.c.item_id, sa.String)).where(items_table.c.year == year)
        query = (
            sa.select(audit_table.c.entity_id)
            .join(changes_table, changes_table.c.change_id == audit_table.c.change_id)
            .where(
                audit_table.c.entity == "item",
                audit_table.c.entity_id.in_(ids),
                changes_table.c.action.not_in(PLANNING_ACTIONS),
            )
            .distinct()
        )
        with self._engine.connect() as conn:
            return {int(v) for v in conn.execute(query).scalars()}

    # ------------------------------------------------------------------ create
    def _known(self, conn: Connection) -> tuple[set[str], set[str]]:
        units = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
        events = set(conn.execute(sa.select(events_table.c.event_id)).scalars())
        return units, events

    @staticmethod
    def _check_refs(row: Mapping[str, Any], units: set[str], events: set[str]) -> None:
        unit_id = row.get("unit_id")
        if unit_id is not None and unit_id not in units:
            raise NotFoundError(f"Không có đơn vị '{unit_id}'. Các đơn vị: {', '.join(sorted(units))}.")
        event_id = row.get("event_id")
        if event_id is not None and event_id not in events:
            raise NotFoundError(f"Không có sự kiện '{event_id}' trong danh mục sự kiện.")

    def _prepare(
        self,
        conn: Connection,
        fields: Mapping[str, Any],
        units: set[str],
        events: set[str],
        *,
        internal: bool,
        memo: dict | None = None,
    ) -> dict:
        if not isinstance(fields, Mapping):
            raise InvalidValueError(f"Mỗi nội dung cần là một bảng trường → giá trị, nhận được {fields!r}.")
        allowed = (*EDITABLE_FIELDS, "status", *(INTERNAL_FIELDS if internal else ()))
        unknown = sorted(str(k) for k in set(fields) - set(allowed))
        if unknown:
            raise InvalidValueError(
                f"Không có trường {_field_list(unknown)}; các trường nhập được: {_field_list(EDITABLE_FIELDS)}.",
                field=unknown[0],
                value=fields[unknown[0]] if unknown[0] in fields else None,
                allowed=EDITABLE_FIELDS,
            )
        empty = missing_fields(fields, dated=False)  # the date is checked once it is read (year or event date)
        if empty:
            named = ", ".join(f"'{field}' ({validate.FIELD_LABELS[field]})" for field in empty)
            raise InvalidValueError(
                f"Thiếu trường {named} — bắt buộc khi thêm nội dung.", field=empty[0], value=None
            )
        row = validate.item_fields(fields, memo=memo)
        if row.get("year") is None:
            anchor = row.get("date") or row.get("occurrence_date")
            if anchor is None:
                raise InvalidValueError(
                    "Cần ngày đăng (date) hoặc năm kế hoạch (year) cho nội dung.", field="date", value=None
                )
            row["year"] = anchor.year
        self._check_refs(row, units, events)
        status = row.get("status") or "idea"
        if status not in ("idea", "draft"):
            raise WorkflowError(
                f"Nội dung mới chỉ có thể ở trạng thái '{STATUS_LABELS['idea']}' hoặc '{STATUS_LABELS['draft']}'; "
                "duyệt và đăng bằng set_status."
            )
        row["status"] = status
        for column in _OPTIONAL:  # every row names every column: one INSERT shape for a batch
            row.setdefault(column, None)
        row["title"] = row["title"] or ""
        row["notes"] = row["notes"] or ""
        findings = self._findings(conn, row, checked=True)
        row["findings"] = json.dumps(findings, ensure_ascii=False) if findings else "[]"
        row["created_by"], row["created_at"] = self.user, now_iso()
        return row

    def _prepare_rows(self, conn: Connection, rows: list, *, internal: bool, skip_planned: bool) -> list[dict]:
        """Checked rows ready to insert, inside ``conn``'s write transaction.

        ``skip_planned``: rows whose ``plan_key`` is already in the workspace (read under the
        write lock) are left out, so two processes generating one year at once add each item once.
        """
        units, events = self._known(conn)
        actor = self._rules(conn)
        memo: dict = {}
        prepared = [self._prepare(conn, r, units, events, internal=internal, memo=memo) for r in rows]
        for unit in sorted({r["unit_id"] for r in prepared}):  # who may add to these units (planner.store.access)
            self._require(conn, "generate_plan" if internal else "create_item", actor, unit=unit)
        if not skip_planned:
            return prepared
        keys = [r["plan_key"] for r in prepared if r.get("plan_key")]
        taken: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            taken.update(
                conn.execute(sa.select(items_table.c.plan_key).where(items_table.c.plan_key.in_(chunk))).scalars()
            )
        kept, seen = [], set()
        for r in prepared:
            key = r.get("plan_key")
            if key and (key in taken or key in seen):
                continue
            seen.add(key)
            kept.append(r)
        return kept

    def _insert_items(self, conn: Connection, change: int, prepared: list[dict]) -> list[dict]:
        stored = self._insert(conn, change, "item", prepared, returning=True, checked=True)
        for row in stored:
            row["findings"] = json.loads(row["findings"]) if row["findings"] not in ("", "[]") else []
            row["review"] = None
        return stored

    def _add_items(
        self,
        rows: Iterable[Mapping[str, Any]],
        *,
        action: str,
        note: str = "",
        internal: bool = False,
        skip_planned: bool = False,
    ) -> list[dict]:
        """Insert items in one write transaction; returns them as stored (see :meth:`_prepare_rows`)."""
        rows = _batch(rows, "add_items cần một danh sách các nội dung (mỗi nội dung một bảng trường)")
        with self._write() as conn:
            prepared = self._prepare_rows(conn, rows, internal=internal, skip_planned=skip_planned)
            if not prepared:
                return []
            return self._insert_items(conn, self._change(conn, action, note), prepared)

    def add_items(self, rows: Iterable[Mapping[str, Any]], *, action: str = "add_items", note: str = "") -> list[int]:
        """Add many items in one transaction (all or nothing); returns their ids in order.

        ``action`` names the change set: one of :data:`ADD_ACTIONS` (a caller may not label items written by
        hand as plan generation, whose changes make nobody an author — four eyes)."""
        if action not in ADD_ACTIONS:
            raise InvalidValueError(
                f"Tên thay đổi {action!r} không dùng được khi thêm nội dung; chọn một trong: {', '.join(ADD_ACTIONS)}.",
                field="action", value=action, allowed=ADD_ACTIONS,
            )
        return [r["item_id"] for r in self._add_items(rows, action=action, note=note)]

    def _add_planned(self, rows: Iterable[Mapping[str, Any]], *, action: str, note: str = "") -> list[dict]:
        """Plan generation's insert: plan fields allowed, rows whose plan key exists skipped."""
        return self._add_items(rows, action=action, note=note, internal=True, skip_planned=True)

    def add_item(self, **fields: Any) -> int:
        """Add one item (``unit_id, format, platform, theme`` required; ``date``, ``title``,
        ``event_id``, ``notes`` …); it starts as an idea. Returns its id."""
        return self.add_items([fields], action="add_item")[0]

    def duplicate_item(self, item_id: int, **overrides: Any) -> int:
        """A copy of an item as a new idea (no review, no link); ``overrides`` change fields."""
        source = self.item(item_id)
        fields = {k: source[k] for k in EDITABLE_FIELDS}
        fields.update(overrides)
        return self.add_items([fields], action="duplicate_item", note=duplicate_note(source["item_id"]))[0]

    # ------------------------------------------------------------------ update
    def _edit_values(
        self, conn: Connection, current: Mapping[str, Any], changes: Mapping[str, Any], *, internal: bool
    ) -> tuple[dict, str]:
        """Checked values an edit of ``current`` writes (status effects and findings included), and its note."""
        if not isinstance(changes, Mapping):
            raise InvalidValueError(f"Thay đổi cần là một bảng trường → giá trị, nhận được {changes!r}.")
        allowed = (*EDITABLE_FIELDS, *review.AFTER_PUBLISH, *(INTERNAL_FIELDS if internal else ()))
        unknown = sorted(str(k) for k in set(changes) - set(allowed))
        if unknown:
            hint = " Đổi trạng thái bằng set_status." if "status" in unknown else ""
            raise InvalidValueError(
                f"Không sửa được trường {_field_list(unknown)}; các trường sửa được: "
                f"{_field_list(EDITABLE_FIELDS)}.{hint}",
                field=unknown[0],
                value=changes.get(unknown[0]),
                allowed=EDITABLE_FIELDS,
            )
        values = validate.item_fields(changes)
        for field in REQUIRED_FIELDS:
            if field in values and values[field] is None:
                raise InvalidValueError(
                    f"Trường '{field}' ({validate.FIELD_LABELS[field]}) bắt buộc, không xóa được.", field=field
                )
        if "year" in values and values["year"] is None:
            raise InvalidValueError("Trường 'year' (năm kế hoạch) bắt buộc, không xóa được.", field="year")
        values = {k: v for k, v in values.items() if current.get(k) != v}  # what really changes
        if not values:
            return {}, ""
        if "unit_id" in values or "event_id" in values:
            self._check_refs(values, *self._known(conn))
        values, note = review.edit_effects(current, values)
        merged = {**current, **values}
        values["findings"] = json.dumps(self._findings(conn, merged, checked=True), ensure_ascii=False)
        return values, note

    def _current(self, conn: Connection, item_ids: Sequence[int]) -> dict[int, dict]:
        found: dict[int, dict] = {}
        for start in range(0, len(item_ids), 500):
            chunk = validate.storable(list(item_ids[start : start + 500]))
            rows = conn.execute(sa.select(items_table).where(items_table.c.item_id.in_(chunk))).mappings()
            found.update({r["item_id"]: dict(r) for r in rows})
        return found

    @staticmethod
    def _checked_edits(edits: Any) -> list[tuple[int, int, Mapping[str, Any]]]:
        checked = []
        for edit in _batch(edits, "Cần một danh sách các thay đổi dạng (số nội dung, phiên bản, {trường: giá trị})"):
            if not isinstance(edit, tuple | list) or len(edit) != 3:
                raise InvalidValueError(
                    f"Mỗi thay đổi cần dạng (số nội dung, phiên bản, {{trường: giá trị}}), nhận được {edit!r}.",
                    field="edits",
                    value=edit,
                )
            item_id, version, changes = edit
            checked.append((validate.record_id("item_id", item_id), validate.version(version), changes))
        seen: set[int] = set()
        for item_id, _, _ in checked:
            if item_id in seen:
                raise InvalidValueError(
                    f"Nội dung {item_id} xuất hiện hai lần trong cùng một lần sửa; gộp các thay đổi lại.",
                    field="item_id",
                    value=item_id,
                )
            seen.add(item_id)
        return checked

    def _edit_batch(self, conn: Connection, checked: list, *, internal: bool) -> tuple[list, str, dict[int, dict]]:
        """``(batch for _update_many, audit note, {id: current row} of all edited items)`` inside ``conn``'s
        transaction.

        An edit that changes nothing (the values the item already has) is left out: no new
        version, nothing in the change feed, and the item does not count as edited."""
        current = self._current(conn, [i for i, _, _ in checked])
        actor = self._rules(conn)
        action = "generate_plan" if internal else "edit_item"
        batch, notes = [], set()
        for item_id, version, changes in checked:
            row = current.get(item_id)
            if row is None:
                raise NotFoundError(f"Không tìm thấy nội dung số {item_id}.")
            self._require(conn, action, actor, item=row)  # the item's unit (planner.store.access)
            if row["version"] != version:
                raise stale_version("item", item_id, row, version)
            values, edit_note = self._edit_values(conn, row, changes, internal=internal)
            if "unit_id" in values:  # … and the unit it goes to
                self._require(conn, action, actor, item=row, new_unit=values["unit_id"])
            if values:
                notes.add(edit_note)
                batch.append((item_id, version, values, row))
        return batch, "; ".join(sorted(filter(None, notes))), current

    def _apply(
        self,
        edits: Iterable[tuple[int, int, Mapping[str, Any]]],
        *,
        action: str = "apply",
        note: str = "",
        internal: bool = True,
        read_back: bool = True,
    ) -> list[dict]:
        """Apply ``(item_id, version, changes)`` edits in one write transaction, all or nothing.

        ``internal``: plan fields may be set (plan generation moving its own items).
        Returns the items as this change left them, as :meth:`item` gives them, in the order given
        (``read_back=False``: only the rows written, as written). Never read again after the commit: by then
        another planner may have saved a newer version, which is not what this save wrote."""
        checked = self._checked_edits(edits)
        if not checked:
            return []
        with self._write() as conn:
            batch, edit_note, current = self._edit_batch(conn, checked, internal=internal)
            saved = []
            if batch:
                change = self._change(conn, action, note)
                saved = self._update_many(conn, change, "item", batch, action="update", note=edit_note)
        if not read_back:
            return saved
        written = {row["item_id"]: row for row in saved}
        return item_records([written.get(i, current[i]) for i, _, _ in checked])

    def _replan(
        self, moves: Iterable[tuple[int, int, Mapping[str, Any]]], rows: Iterable[Mapping[str, Any]], *, note: str
    ) -> tuple[list[dict], list[dict]]:
        """Plan generation's one change: move its own items and add the new ones, in one transaction.

        Returns ``(rows moved, rows added)``; new rows whose plan key exists are skipped."""
        checked = self._checked_edits(moves)
        rows = _batch(rows, "Cần một danh sách các nội dung")
        with self._write() as conn:
            batch, edit_note, _ = self._edit_batch(conn, checked, internal=True) if checked else ([], "", [])
            prepared = self._prepare_rows(conn, rows, internal=True, skip_planned=True)
            if not batch and not prepared:
                return [], []
            change = self._change(conn, "generate_plan", note)
            moved = self._update_many(conn, change, "item", batch, action="update", note=edit_note)
            return moved, self._insert_items(conn, change, prepared)

    def apply(self, edits: Iterable[tuple[int, int, Mapping[str, Any]]], *, note: str = "") -> list[dict]:
        """Apply edits made from a view — ``[(item_id, version, {field: value}), …]`` — in one change.

        All or nothing: every row is checked against the version the view showed; if one
        moved on, :class:`ConflictError` (with the current row) and nothing is saved.
        Returns the saved items (as :meth:`item` gives them), in the order given.
        """
        return self._apply(edits, action="apply", note=note, internal=False)

    def update_item(self, item_id: int, *, version: int, **changes: Any) -> dict[str, Any]:
        """Change editable fields of one item, if it is still at ``version`` (required).

        Returns the saved item (``findings`` holds the automatic checks of the new text).
        Raises ConflictError if someone else saved the item since ``version``.
        """
        return self._apply(
            [(item_id, version, changes)], action="update_item", note=f"nội dung {item_id}", internal=False
        )[0]

    def move_item(self, item_id: int, date: Any, *, version: int) -> dict[str, Any]:
        """Move an item to another planned date."""
        return self.update_item(item_id, version=version, date=date)

    def reassign_item(self, item_id: int, unit_id: str, *, version: int) -> dict[str, Any]:
        """Give an item to another unit."""
        return self.update_item(item_id, version=version, unit_id=unit_id)

    def cancel_item(self, item_id: int, *, version: int, reason: str | None = None) -> dict[str, Any]:
        """Cancel an item (from any status); the reason is recorded."""
        return self.set_status(item_id, "cancelled", version=version, reason=reason)

    def bulk_update(self, where: Mapping[str, Any], **changes: Any) -> int:
        """Apply ``changes`` to every item matching ``where`` (column → value or list) now, in one
        transaction: all items change or none. Returns how many items changed.

        For edits made on rows a person was looking at, use :meth:`apply` with the versions shown.
        """
        if not isinstance(where, Mapping) or not where:
            raise InvalidValueError(
                "bulk_update cần bộ lọc dạng {cột: giá trị}, ví dụ {'unit_id': ['doan-thanh-nien']}.",
                field="where",
                value=where,
            )
        query = sa.select(items_table.c.item_id, items_table.c.version)
        for column, value in where.items():
            if column not in items_table.c:
                raise InvalidValueError(
                    f"Không lọc được theo '{column}'; các cột: {', '.join(items_table.c.keys())}.",
                    field=str(column),
                    value=value,
                )
            values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
            if column in _DATE_COLUMNS:  # '1/4/2025' means the same day as 2025-04-01
                values = [validate.date(column, v) for v in values]
            for v in values:
                validate.filter_value(str(column), v)
            # compared as SQLite compares (by the column's type): on PostgreSQL a mismatch was a raw error
            if isinstance(items_table.c[column].type, sa.Integer):  # '' or 2.5 equal no whole number
                values = [n for n in map(_whole, values) if n is not None]
            elif isinstance(items_table.c[column].type, sa.String):  # 5 in a text column is the text '5'
                values = _texts([v if v is None or isinstance(v, str) else str(int(v)) if isinstance(v, bool)
                                 else str(v) for v in values])
            query = query.where(validate.among(items_table.c[column], values))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        note = json.dumps(dict(where), ensure_ascii=False, default=str)
        saved = self._apply(
            [(r.item_id, r.version, changes) for r in rows],
            action="bulk_update",
            note=note,
            internal=False,
            read_back=False,
        )
        return len(saved)

    # ------------------------------------------------------------------ review workflow
    def set_status(
        self,
        item_id: int,
        status: str,
        *,
        version: int,
        reviewer: str | None = None,
        checklist: Mapping[str, Any] | None = None,
        reason: str | None = None,
        link: str | None = None,
        comment: str | None = None,
    ) -> dict[str, Any]:
        """Move an item along ``idea → draft → in_review → approved → published`` (rules: :mod:`planner.review`).

        ``cancelled`` is allowed from any status; ``in_review → draft`` needs a ``reason``.
        Approval needs every point of the review checklist ``True`` (``political,
        ideological, humane, orienting, lawful`` → True/False or ``{"ok": bool, "comment": str}``)
        and no error among the automatic checks; it records the reviewer, the time, the
        checklist and the findings. Publishing needs a ``link``. Every change is audited with its reason.
        """
        item_id = validate.record_id("item_id", item_id)
        version = validate.version(version)
        for name, value in (("reason", reason), ("comment", comment), ("reviewer", reviewer)):
            if value is not None:
                validate.text(name, value, limit=validate.MAX_TEXT)
        with self._write() as conn:
            current = self._current(conn, [item_id]).get(item_id)
            if current is None:
                raise NotFoundError(f"Không tìm thấy nội dung số {item_id}.")
            if current["version"] != version:
                raise stale_version("item", item_id, current, version)
            actor = self._rules(conn)
            findings = self._findings(conn, current, checked=True)  # now: the lists may have changed since
            authors = self._authors(conn, [item_id])[item_id] if actor.controlled else set()
            values = review.transition(
                current,
                status,
                actor=self.user,
                findings=findings,
                reviewer=reviewer,
                checklist=checklist,
                reason=reason,
                link=link,
                comment=comment,
                now=now_iso(),
                member=actor,
                authors=authors,
            )
            values.setdefault("findings", findings)
            if "link" in values:
                values["link"] = validate.link(values["link"])
            values = _json_row(values)
            change = self._change(conn, "set_status", f"nội dung {item_id}: {current['status']} → {status}")
            saved = self._update(
                conn,
                change,
                "item",
                item_id,
                version,
                values,
                action="status",
                note=(reason or "").strip(),
                before=current,
            )
        return item_records([saved])[0]  # as written (see _apply), not read again

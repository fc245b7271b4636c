"""Versioned writes and the audit: the machinery every change to the workspace goes through.

* A change is one write transaction (:func:`planner.store.engine.write_transaction`) and one
  row of ``changes`` (who, when, what, a note); every row it touches gets an audit row
  (entity, id, before, after) carrying the change's id, so a change can be undone whole.
* Every row carries ``version, updated_by, updated_at``; an update names the version it
  was based on and is refused with :class:`~planner.errors.ConflictError` (carrying the
  current row) when the row has moved on.
* Text goes in NFC: values, notes, the user's name.
* Many rows are written with one statement each for the rows and for their audit
  (executemany), so a bulk change holds the write lock briefly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from planner.errors import NotFoundError, PermissionDenied, PlannerError
from planner.store import rollup
from planner.store.engine import write_transaction
from planner.store.rows import ENTITY_LABELS, _nfc, current_user, hide_secrets, now_iso, stale_version
from planner.store.schema import (
    ENTITY_TABLES,
    audit_table,
    changes_table,
    events_table,
    members_table,
    names_table,
    units_table,
)

__all__ = ["Writer"]

_STAMP = ("version", "updated_by", "updated_at")


def _iso(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_iso)


def _dump(row: Mapping | None) -> str | None:
    """A row as JSON for the audit (dates as ISO text)."""
    return _ENCODER.encode(row) if row is not None else None


def _insert_rows(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """INSERT many rows, in their order, with one statement per run of rows naming the same columns.

    On SQLite the rows go to the driver as plain tuples (dates as ISO text, as SQLAlchemy
    stores them): building SQLAlchemy parameters row by row costs more than the insert."""
    groups: list[tuple[tuple, list[dict]]] = []  # runs of rows with the same columns, in order
    for row in rows:
        columns = tuple(row)
        if groups and groups[-1][0] == columns:
            groups[-1][1].append(row)
        else:
            groups.append((columns, [row]))
    for columns, group in groups:
        if conn.dialect.name != "sqlite":
            conn.execute(sa.insert(table), group)
            continue
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        dates = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, sa.Date)]
        params = [[r[c] for c in columns] for r in group]  # lists, to fix dates in place
        for values in params:
            for i in dates:
                if isinstance(values[i], dt.date):
                    values[i] = values[i].isoformat()
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', list(map(tuple, params)))


@dataclass(frozen=True)
class Lists:
    """What the rules of a write read from the small lists, in one query (:func:`read_lists`).

    ``events``, ``names``, ``units``: each list's (row count, sum of versions, newest stamp) — a signature
    that tells whether a cache built from it is still current (a row replaced by another, same count and
    versions, still changes the newest stamp); ``members``: how many members there are; ``me``: the acting
    user's own member row (role, units as JSON, display name) or None."""

    events: tuple
    names: tuple
    units: tuple
    members: int
    me: Mapping[str, Any] | None


def _lists_query() -> sa.CompoundSelect:
    number, text = sa.BigInteger(), sa.Text()

    def summary(table: sa.Table, name: str) -> sa.Select:
        return sa.select(
            sa.literal(name, text).label("part"),
            sa.cast(sa.func.count(), number).label("n"),
            sa.cast(sa.func.sum(table.c.version), number).label("v"),
            sa.cast(sa.func.max(table.c.updated_at), text).label("at"),
            sa.cast(sa.null(), text).label("role"),
            sa.cast(sa.null(), text).label("units"),
            sa.cast(sa.null(), text).label("display_name"),
        )

    m = members_table.c
    me = sa.select(
        sa.literal("me", text), sa.cast(sa.null(), number), sa.cast(m.version, number), sa.cast(m.updated_at, text),
        sa.cast(m.role, text), sa.cast(m.units, text), sa.cast(m.display_name, text),
    ).where(m.user_name == sa.bindparam("me"))
    return sa.union_all(
        summary(events_table, "events"), summary(names_table, "names"), summary(units_table, "units"),
        summary(members_table, "members"), me,
    )


_LISTS = _lists_query()  # built once: a write runs it while it holds the lock


def read_lists(conn: Connection, user: str) -> Lists:
    """:class:`Lists` inside ``conn``'s transaction — one round trip, as a write holds the lock while it waits
    (the checks' signatures, the members' count and the acting member used to take four)."""
    parts = {row.part: row for row in conn.execute(_LISTS, {"me": user})}
    mine = parts.get("me")
    return Lists(
        events=tuple(parts["events"][1:4]),
        names=tuple(parts["names"][1:4]),
        units=tuple(parts["units"][1:4]),
        members=int(parts["members"].n),
        me=None if mine is None else {"role": mine.role, "units": mine.units, "display_name": mine.display_name},
    )


class Writer:
    """Connections, change sets, audit, versioned inserts and updates."""

    def __init__(self, engine: Engine, *, folder: Path | None = None, user: str | None = None):
        self._engine = engine
        self.folder = folder
        name = current_user() if user is None else user
        if not isinstance(name, str) or not name.strip() or len(name) > 100 or "\x00" in name:
            raise PlannerError(f"Tên người dùng {name!r} không hợp lệ: cần một chuỗi từ 1 đến 100 ký tự.")
        self.user = _nfc(name.strip())
        self._checker_cache: tuple | None = None  # see ItemMethods._checker
        self._unit_names: tuple | None = None  # (units' signature, {unit_id: short name}): see MemberMethods._actor

    def _lists(self, conn: Connection) -> Lists:
        return read_lists(conn, self.user)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction holding the write lock from its first statement.

        Before it commits, the output rollup is recomputed for every (unit, day) the
        transaction's writes to ``outputs`` touched (:mod:`planner.store.rollup`). A
        :class:`~planner.errors.PermissionDenied` raised inside rolls the transaction back and is
        then recorded in its own small transaction (:meth:`_record_refusal`)."""
        try:
            with write_transaction(self._engine) as conn:
                rollup.discard(conn)
                try:
                    yield conn
                    rollup.flush(conn)
                finally:
                    rollup.discard(conn)
        except PermissionDenied as refused:
            self._record_refusal(refused)
            raise

    def _record_refusal(self, refused: PermissionDenied) -> None:
        """The refusal in the audit: a ``refused`` change set and one ``access`` row, in a transaction of their
        own (the refused one was rolled back). A workspace that cannot be written keeps no record."""
        if refused.audited:
            return
        refused.audited = True
        message = str(refused)
        details = {"user": refused.user, "role": refused.role, "action": refused.action,
                   "needed": list(refused.needed), **refused.details}
        try:
            with write_transaction(self._engine) as conn:
                change = self._change(conn, "refused", message)
                self._audit(conn, change, [("access", refused.target or refused.action, "refused", None, details)],
                            note=message)
        except (PlannerError, sa.exc.SQLAlchemyError):
            # read-only, busy, or the server refuses this account's writes (no INSERT grant): the refusal still
            # reaches the caller, it simply is not recorded
            pass

    # ------------------------------------------------------------------ change sets
    def _change(self, conn: Connection, action: str, note: str = "") -> int:
        """Open a change set inside the transaction; every audit row of it carries its id."""
        return conn.execute(
            sa.insert(changes_table).values(at=now_iso(), user=self.user, action=action, note=hide_secrets(_nfc(note)))
        ).inserted_primary_key[0]

    def _audit(
        self,
        conn: Connection,
        change: int,
        rows: list[tuple[str, Any, str, Mapping | None, Mapping | None]],
        note: str = "",
    ) -> None:
        """rows: (entity, entity_id, action, before, after), written with one statement."""
        if not rows:
            return
        at, note = now_iso(), hide_secrets(_nfc(note))
        _insert_rows(
            conn,
            audit_table,
            [
                {
                    "at": at,
                    "user": self.user,
                    "entity": entity,
                    "entity_id": str(key),
                    "action": action,
                    "before": _dump(before),
                    "after": _dump(after),
                    "change_id": change,
                    "note": note,
                }
                for entity, key, action, before, after in rows
            ],
        )

    def _stamp(self) -> dict[str, Any]:
        return {"version": 1, "updated_by": self.user, "updated_at": now_iso()}

    # ------------------------------------------------------------------ inserts
    def _insert(
        self,
        conn: Connection,
        change: int,
        entity: str,
        rows: list[dict],
        *,
        returning: bool = False,
        checked: bool = False,
    ) -> list[dict]:
        """Insert rows (all or nothing) and audit each; returns the rows as stored (with key and stamp).

        ``checked``: the values already went through :mod:`planner.store.validate` (text is NFC)."""
        if not rows:
            return []
        table, key = ENTITY_TABLES[entity]
        stamp = self._stamp()
        if checked:
            rows = [{**stamp, **r} for r in rows]
        else:
            rows = [{**stamp, **{k: _nfc(v) for k, v in r.items()}} for r in rows]
        if returning and conn.dialect.name == "sqlite":
            # SQLite cannot batch an ordered INSERT … RETURNING; this transaction holds the
            # write lock (BEGIN IMMEDIATE), so new rowids follow the parameter order.
            before = conn.execute(sa.select(sa.func.max(table.c[key]))).scalar() or 0
            _insert_rows(conn, table, rows)
            keys = list(
                conn.execute(sa.select(table.c[key]).where(table.c[key] > before).order_by(table.c[key])).scalars()
            )
            for row, k in zip(rows, keys, strict=True):
                row[key] = k
        elif returning:
            result = conn.execute(sa.insert(table).returning(table.c[key], sort_by_parameter_order=True), rows)
            keys = [r[0] for r in result]
            for row, k in zip(rows, keys, strict=True):
                row[key] = k
        else:
            _insert_rows(conn, table, rows)
        if entity == "output":
            rollup.touch(conn, rows)
        self._audit(conn, change, [(entity, r[key], "insert", None, r) for r in rows])
        return rows

    # ------------------------------------------------------------------ updates
    def _update(
        self,
        conn: Connection,
        change: int,
        entity: str,
        key_value: Any,
        version: int,
        changes: Mapping[str, Any],
        *,
        action: str = "update",
        note: str = "",
        before: Mapping[str, Any] | None = None,
    ) -> dict:
        """Apply ``changes`` to one row if it is still at ``version``; audit it. Returns the new row."""
        return self._update_many(
            conn, change, entity, [(key_value, version, changes, before)], action=action, note=note
        )[0]

    def _update_many(
        self,
        conn: Connection,
        change: int,
        entity: str,
        edits: list[tuple[Any, int, Mapping[str, Any], Mapping[str, Any] | None]],
        *,
        action: str = "update",
        note: str = "",
    ) -> list[dict]:
        """Apply ``(key, version, changes, before)`` edits, each only if its row is still at ``version``.

        All or nothing: a missing row raises NotFoundError, a moved-on row ConflictError
        (with the current row). Rows with the same set of changed columns are written with
        one statement; the audit with one more. Returns the new rows in order.
        """
        if not edits:
            return []
        table, key = ENTITY_TABLES[entity]
        pk = table.c[key]
        missing_before = [k for k, _, _, b in edits if b is None]
        found = {}
        if missing_before:
            for start in range(0, len(missing_before), 500):
                chunk = missing_before[start : start + 500]
                found.update({r[key]: dict(r) for r in conn.execute(sa.select(table).where(pk.in_(chunk))).mappings()})
        stamp = {"updated_by": self.user, "updated_at": now_iso()}
        afters, audit_rows, groups = [], [], {}
        for key_value, version, changes, before in edits:
            before = dict(before) if before is not None else found.get(key_value)
            if before is None:
                raise NotFoundError(f"Không tìm thấy {ENTITY_LABELS[entity]} '{key_value}' trong không gian làm việc.")
            unknown = sorted(set(changes) - set(table.c.keys()) | (set(changes) & {key, *_STAMP}))
            if unknown:
                raise PlannerError(
                    f"Không sửa được trường {', '.join(unknown)} ở {ENTITY_LABELS[entity]}; "
                    f"các trường có: {', '.join(c for c in table.c.keys() if c not in (key, *_STAMP))}."
                )
            if before["version"] != version:
                raise stale_version(entity, key_value, before, version)
            values = {k: _nfc(v) for k, v in changes.items()}
            values.update(version=version + 1, **stamp)
            after = {**before, **values}
            afters.append(after)
            audit_rows.append((entity, key_value, action, before, after))
            groups.setdefault(tuple(sorted(values)), []).append({**values, "_key": key_value, "_version": version})
        for columns, params in groups.items():
            statement = (
                sa.update(table)
                .where(pk == sa.bindparam("_key"), table.c.version == sa.bindparam("_version"))
                .values({c: sa.bindparam(c) for c in columns})
            )
            result = conn.execute(statement, params)
            if conn.dialect.supports_sane_multi_rowcount and result.rowcount != len(params):
                for p in params:  # find the row that moved on, for the message
                    current = conn.execute(sa.select(table).where(pk == p["_key"])).mappings().one_or_none()
                    if current is None or current["version"] != p["_version"] + 1:
                        if current is None:
                            raise NotFoundError(
                                f"Không tìm thấy {ENTITY_LABELS[entity]} '{p['_key']}' trong không gian làm việc."
                            )
                        raise stale_version(entity, p["_key"], current, p["_version"])
        if entity == "output":
            rollup.touch(conn, [r[3] for r in audit_rows] + afters)
        self._audit(conn, change, audit_rows, note=note)
        return afters

    def _sync(
        self, conn: Connection, change: int, entity: str, rows: list[dict], *, delete_missing: bool = False
    ) -> dict[str, int]:
        """Upsert ``rows`` by key: new ones added, changed ones updated, all audited."""
        table, key = ENTITY_TABLES[entity]
        current = {r[key]: dict(r) for r in conn.execute(sa.select(table)).mappings()}
        counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
        new_rows, edits = [], []
        for row in rows:
            old = current.pop(row[key], None)
            if old is None:
                new_rows.append(row)
                continue
            diff = {c: v for c, v in row.items() if old.get(c) != v}
            if diff:
                edits.append((row[key], old["version"], diff, old))
            else:
                counts["unchanged"] += 1
        self._update_many(conn, change, entity, edits)
        counts["updated"] = len(edits)
        self._insert(conn, change, entity, new_rows)
        counts["added"] = len(new_rows)
        if delete_missing and current:
            conn.execute(sa.delete(table).where(table.c[key].in_(list(current))))
            if entity == "output":
                rollup.touch(conn, current.values())
            self._audit(conn, change, [(entity, k, "delete", old, None) for k, old in current.items()])
            counts["removed"] = len(current)
        return counts

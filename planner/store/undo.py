"""Undo: a user takes back their own most recent change, whole, unless someone built on it.

A published item is never touched by an undo: what went online keeps its record (status,
link, time) and its text.

The change to undo is chosen and marked undone inside one write transaction (which holds
the write lock from its start), so two undo calls at once undo two different changes, or
the second finds nothing left — never the same change twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.errors import ConflictError, PlannerError, WorkflowError
from planner.store import access, rollup, validate
from planner.store.rows import ENTITY_LABELS, display_time, now_iso
from planner.store.schema import ENTITY_TABLES, audit_table, changes_table
from planner.strings import MEMBER_LABELS

__all__ = ["UndoMethods", "NOT_UNDOABLE"]

#: What undoing a row of each kind needs (items and outputs: by unit, see ``_may_undo``).
_UNDO_ACTIONS = {"target": "targets", "template": "templates", "member": "members"}
#: Change sets that cannot be undone (a member change is set back by a manager; a refusal wrote nothing).
NOT_UNDOABLE = ("create_workspace", "migrate", "undo", "set_member", "remove_member", "refused")


class UndoMethods:
    def _last_undoable(self, conn: Connection) -> Mapping[str, Any] | None:
        return (
            conn.execute(
                sa.select(changes_table)
                .where(
                    changes_table.c.user == self.user,
                    changes_table.c.undone_by.is_(None),
                    changes_table.c.action.not_in(NOT_UNDOABLE),
                )
                .order_by(changes_table.c.change_id.desc())
                .limit(1)
            )
            .mappings()
            .one_or_none()
        )

    def next_undo(self) -> dict[str, Any] | None:
        """What :meth:`undo` would take back now, without changing anything (None: nothing).

        ``{'change_id', 'action', 'note', 'at', 'rows'}`` — ``rows`` counts the rows it touched, so a
        screen can ask before undoing a whole generated plan. Pass ``change_id`` to :meth:`undo`.
        """
        with self._engine.connect() as conn:
            last = self._last_undoable(conn)
            if last is None:
                return None
            rows = conn.execute(
                sa.select(sa.func.count()).select_from(audit_table).where(audit_table.c.change_id == last["change_id"])
            ).scalar_one()
        return {"change_id": last["change_id"], "action": last["action"], "note": last["note"], "at": last["at"],
                "rows": int(rows)}

    def undo(self, *, change_id: int | None = None) -> dict[str, Any]:
        """Undo this user's most recent change that is not yet undone (one whole change set).

        Each row goes back to what it was before the change, with a new version; rows the
        change created are removed. If someone changed one of those rows since, nothing is
        undone and :class:`~planner.errors.ConflictError` says who. ``change_id`` (from
        :meth:`next_undo`) undoes only that change: if the user's most recent change is another
        one by now, nothing is undone. Returns ``{'change_id', 'action', 'rows'}``.
        """
        if change_id is not None:
            change_id = validate.record_id("change_id", change_id)
        with self._write() as conn:
            last = self._last_undoable(conn)
            if last is None:
                raise PlannerError(f"Người dùng {self.user} không có thay đổi nào để hoàn tác.")
            if change_id is not None and last["change_id"] != change_id:
                raise ConflictError(
                    f"Thay đổi #{change_id} không còn là thay đổi gần nhất của {self.user} "
                    f"(gần nhất là #{last['change_id']}: {last['action']}). Không có gì bị thay đổi; "
                    "xem lại rồi bấm hoàn tác lần nữa nếu vẫn muốn."
                )
            change = self._change(conn, "undo", f"hoàn tác thay đổi #{last['change_id']} ({last['action']})")
            claimed = conn.execute(
                sa.update(changes_table)
                .where(changes_table.c.change_id == last["change_id"], changes_table.c.undone_by.is_(None))
                .values(undone_by=change)
            )
            if claimed.rowcount != 1:  # pragma: no cover - the write lock makes this unreachable on SQLite
                raise ConflictError(
                    f"Thay đổi #{last['change_id']} vừa được hoàn tác ở nơi khác. Không có gì bị thay đổi."
                )
            rows = (
                conn.execute(
                    sa.select(audit_table)
                    .where(audit_table.c.change_id == last["change_id"])
                    .order_by(audit_table.c.audit_id.desc())
                )
                .mappings()
                .all()
            )
            actor = self._actor(conn)
            if actor.controlled:
                self._may_undo(conn, actor, last["change_id"], rows)
            for row in rows:
                self._undo_row(conn, change, row)
        return {"change_id": last["change_id"], "action": last["action"], "rows": len(rows)}

    def _may_undo(self, conn: Connection, actor: Any, change_id: int, rows: list) -> None:
        """Undo writes what the change did, backwards: the role must still allow each of its rows' actions
        (:mod:`planner.store.access`), for the units of the row as it was, as the change left it and as it is now."""
        prefix = MEMBER_LABELS["undo_prefix"].format(change=change_id)
        items = [int(r["entity_id"]) for r in rows if r["entity"] == "item"]
        authors = self._authors(conn, items) if items else {}
        for row in rows:
            entity = row["entity"]
            before = json.loads(row["before"]) if row["before"] else None
            after = json.loads(row["after"]) if row["after"] else None
            if entity not in ("item", "output"):
                action = _UNDO_ACTIONS.get(entity, "catalogue")
                self._require(conn, action, actor, prefix=prefix, what=ENTITY_LABELS.get(entity, entity))
                continue
            table, key = ENTITY_TABLES[entity]
            key_value = (after or before)[key]
            current = conn.execute(sa.select(table).where(table.c[key] == key_value)).mappings().one_or_none()
            units = sorted({r["unit_id"] for r in (before, after, current) if r is not None})
            if entity == "output":
                for unit in units:
                    self._require(conn, "record_outputs", actor, unit=unit, prefix=prefix)
                continue
            if before is not None and after is not None and before.get("status") != after.get("status"):
                action = access.status_action(before["status"], after["status"])
            else:
                action = "edit_item"
            for unit in units:
                self._require(conn, action, actor, item={"item_id": key_value, "unit_id": unit},
                              authors=authors.get(int(key_value), ()), status=(before or {}).get("status"),
                              prefix=prefix)

    def _undo_row(self, conn: Connection, change: int, row: Mapping[str, Any]) -> None:
        entity = row["entity"]
        table, key = ENTITY_TABLES[entity]
        before = json.loads(row["before"]) if row["before"] else None
        after = json.loads(row["after"]) if row["after"] else None
        key_value = (after or before)[key]
        current = conn.execute(sa.select(table).where(table.c[key] == key_value)).mappings().one_or_none()
        # a later change to the same row that still stands (not itself undone) blocks the undo
        later = conn.execute(
            sa.select(changes_table.c.user, changes_table.c.at)
            .join(audit_table, audit_table.c.change_id == changes_table.c.change_id)
            .where(
                audit_table.c.entity == entity,
                audit_table.c.entity_id == str(key_value),
                audit_table.c.change_id > row["change_id"],
                changes_table.c.action != "undo",
                changes_table.c.undone_by.is_(None),
            )
            .order_by(changes_table.c.change_id.desc())
            .limit(1)
        ).first()
        if entity == "item" and current is not None and current["status"] == "published":
            raise WorkflowError(
                f"Không hoàn tác được: nội dung {key_value} đã đăng (bài đã lên mạng), "
                "bản ghi đăng bài được giữ nguyên. "
                "Nếu cần, sửa ghi chú hoặc đường dẫn của nội dung. Không có gì bị thay đổi."
            )
        if later is not None or (after is not None and current is None):
            who = f"{later.user} lúc {display_time(later.at)}" if later else "người khác"
            raise ConflictError(
                f"Không hoàn tác được: {ENTITY_LABELS[entity]} '{key_value}' đã được {who} sửa sau thay đổi "
                "này. Không có gì bị thay đổi.",
                current=dict(current) if current is not None else None,
            )
        if before is None:  # the change created the row: remove it
            try:
                with conn.begin_nested():
                    conn.execute(sa.delete(table).where(table.c[key] == key_value))
                if entity == "output":
                    rollup.touch(conn, [current])
            except sa.exc.IntegrityError:
                raise ConflictError(
                    f"Không hoàn tác được: {ENTITY_LABELS[entity]} '{key_value}' đã có dữ liệu khác tham chiếu "
                    "tới. Không có gì bị thay đổi."
                ) from None
            self._audit(conn, change, [(entity, key_value, "undo", dict(current), None)])
            return
        restore = _restorable(table, before, key)
        if current is None:  # the change deleted the row: put it back
            restore[key] = key_value  # back under its own key (an audit row, a report, a view may name it)
            conn.execute(sa.insert(table).values(**restore, version=1, updated_by=self.user, updated_at=now_iso()))
            if entity == "output":
                rollup.touch(conn, [restore])
            self._audit(conn, change, [(entity, key_value, "undo", None, before)])
            return
        self._update(conn, change, entity, key_value, current["version"], restore, action="undo", before=current)


def _restorable(table: sa.Table, values: Mapping[str, Any], key: str) -> dict[str, Any]:
    """Audited values converted back to column types (dates from ISO strings)."""
    out = {}
    for name, value in values.items():
        if name in (key, "version", "updated_by", "updated_at") or name not in table.c:
            continue
        if value is not None and isinstance(table.c[name].type, sa.Date):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out

"""People and roles: the ``members`` table, who is acting, and an item's authors (four eyes).

Mixed into :class:`planner.store.Workspace`. The rules themselves are :mod:`planner.store.access`;
this module reads what they need and writes the members.

* :meth:`MemberMethods.members` lists them; :meth:`~MemberMethods.set_member` adds or changes one,
  :meth:`~MemberMethods.remove_member` removes one — versioned and audited like every row.
* While the workspace has no members, anyone may add members (that is how a department turns access
  control on) and the first member must be a manager; once there are members, only a manager may
  change them, and nobody removes or demotes the last manager.
* Member changes are not undone with :meth:`~planner.store.undo.UndoMethods.undo` (a manager sets
  the member back instead): an undo must never leave the workspace without a manager.
"""

from __future__ import annotations

import csv
import json
import os
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner import review
from planner.errors import DataError, DataProblem, InvalidValueError, NotFoundError, PlannerError, WorkflowError
from planner.store import access, validate
from planner.store.access import Actor
from planner.store.items import COPY_KEY, DUPLICATE_NOTE, PLANNING_ACTIONS
from planner.store.schema import audit_table, changes_table, items_table, members_table, units_table
from planner.strings import MEMBER_LABELS as M

__all__ = ["MemberMethods", "MEMBER_COLUMNS", "MEMBERS_FILE", "read_members"]

#: The demo members in ``data/``: ``user_name, display_name, role, units`` (unit ids separated by spaces).
MEMBERS_FILE = "members.csv"

#: Columns of :meth:`MemberMethods.members` (``units`` a list of unit ids).
MEMBER_COLUMNS = ["user_name", "display_name", "role", "units", "version", "updated_by", "updated_at"]


def _user_name(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(M["bad_user"].format(value=value), field="user_name", value=value)
    name = unicodedata.normalize("NFC", value.strip())
    if not 1 <= len(name) <= 100 or any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidValueError(M["bad_user"].format(value=value), field="user_name", value=value)
    return name


def _role(value: Any) -> str:
    if not isinstance(value, str) or value not in access.ROLES:
        roles = ", ".join(f"{r} ({access.role_label(r)})" for r in access.ROLES)
        raise InvalidValueError(M["bad_role"].format(value=value, roles=roles), field="role", value=value,
                                allowed=access.ROLES)
    return value


def _unit_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, bytes | bytearray | memoryview | Mapping) or not isinstance(value, Iterable):
        raise InvalidValueError(M["bad_units"].format(value=value), field="units", value=value)
    units = list(value)
    if not all(isinstance(u, str) and u.strip() for u in units):
        raise InvalidValueError(M["bad_units"].format(value=value), field="units", value=value)
    return sorted({unicodedata.normalize("NFC", u.strip()) for u in units})


def read_members(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The rows of a members file (:data:`MEMBERS_FILE`), checked; :class:`DataError` lists every bad row."""
    name = os.path.basename(os.fspath(path))
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            records = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlannerError(f"Không đọc được tệp thành viên {name}: {exc}.") from None
    rows, problems, seen = [], [], set()
    for line, record in enumerate(records, start=2):
        try:
            user = _user_name(record.get("user_name") or "")
            if user in seen:
                raise InvalidValueError(f"'{user}' có hai dòng", field="user_name", value=user)
            seen.add(user)
            rows.append({"user": user, "role": _role((record.get("role") or "").strip()),
                         "units": _unit_list((record.get("units") or "").split()),
                         "display_name": (record.get("display_name") or "").strip() or None})
        except InvalidValueError as exc:
            problems.append(DataProblem(name, line, exc.field, str(exc)))
    if problems:
        raise DataError(problems)
    return rows


def _member_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {c: row[c] for c in MEMBER_COLUMNS}
    out["units"] = json.loads(row["units"] or "[]")
    return out


class MemberMethods:
    """The members half of the Workspace API."""

    # ------------------------------------------------------------------ who is acting
    def _actor(self, conn: Connection | None = None, lists: Any = None) -> Actor:
        """The acting person as the rules see them now (inside ``conn``'s transaction when given; ``lists``: what
        :func:`planner.store.writes.read_lists` read in it already)."""
        if conn is None:
            with self._engine.connect() as conn:
                return self._actor(conn)
        lists = lists if lists is not None else self._lists(conn)
        if not lists.members:
            return Actor(self.user, display_name=self.user)
        if self._unit_names is None or self._unit_names[0] != lists.units:  # for messages only: kept while unchanged
            names = dict(conn.execute(sa.select(units_table.c.unit_id, units_table.c.short_name)).all())
            self._unit_names = (lists.units, names)
        names = self._unit_names[1]
        me = lists.me
        if me is None:
            return Actor(self.user, "viewer", display_name=self.user, unit_names=names)
        role = me["role"] if me["role"] in access.ROLES else "viewer"  # a role written by other means: reads only
        try:
            units = frozenset(u for u in json.loads(me["units"] or "[]") if isinstance(u, str))
        except (TypeError, ValueError):
            units = frozenset()
        return Actor(self.user, role, units, me["display_name"] or self.user, True, names)

    def _require(self, conn: Connection | None, action: str, actor: Actor | None = None, **context: Any) -> Actor:
        """Check ``action`` for the acting person; a refusal raises (and is audited). Returns the actor."""
        actor = actor if actor is not None else self._actor(conn)
        refused = access.check(actor, action, **context)
        if refused is not None:
            if conn is None:  # outside a write: record it now (inside one, _write records it after the rollback)
                self._record_refusal(refused)
            raise refused
        return actor

    @property
    def actor(self) -> Actor:
        """Who is acting and what the rules let them do (:class:`planner.store.access.Actor`)."""
        return self._actor()

    @property
    def access_control(self) -> bool:
        """True when the workspace has members: roles are enforced."""
        return self._actor().controlled

    @property
    def member(self) -> dict[str, Any] | None:
        """The acting user's member row (:data:`MEMBER_COLUMNS`), or None (not a member, or no members)."""
        with self._engine.connect() as conn:
            query = sa.select(members_table).where(members_table.c.user_name == self.user)
            row = conn.execute(query).mappings().first()
        return _member_row(row) if row is not None else None

    @property
    def role(self) -> str | None:
        """The acting user's role; ``viewer`` when members exist but they are not one; None when there are none."""
        return self._actor().role

    # ------------------------------------------------------------------ reads
    def members(self) -> pd.DataFrame:
        """The members, by user name: :data:`MEMBER_COLUMNS` (``units`` a list of unit ids)."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(members_table).order_by(members_table.c.user_name)).mappings().all()
        return pd.DataFrame([_member_row(r) for r in rows], columns=MEMBER_COLUMNS)

    def _authors(self, conn: Connection, item_ids: Iterable[int]) -> dict[int, set[str]]:
        """Each item's authors (see :mod:`planner.store.access`): who created it by hand, who changed a
        content field in a change that stands, and — for an item copied from last year's plan — the authors
        of the item it was copied from (a copy carries their text: copying must not launder it)."""
        ids = [int(i) for i in item_ids if 0 < int(i) <= validate.MAX_STORED_ID]
        authors: dict[int, set[str]] = {int(i): set() for i in item_ids}
        created: set[int] = set()
        copied: set[int] = set()
        sources: dict[int, int] = {}  # a copy or a duplicate → the item whose text it carries
        for start in range(0, len(ids), 500):
            chunk = [str(i) for i in ids[start : start + 500]]
            rows = conn.execute(
                sa.select(audit_table.c.entity_id, audit_table.c.action, audit_table.c.before, audit_table.c.after,
                          changes_table.c.user, changes_table.c.action.label("change"), changes_table.c.note)
                .join(changes_table, changes_table.c.change_id == audit_table.c.change_id)
                .where(audit_table.c.entity == "item", audit_table.c.entity_id.in_(chunk),
                       changes_table.c.undone_by.is_(None), changes_table.c.action != "undo")
            ).all()
            for entity_id, action, before, after, user, change, note in rows:
                item_id = int(entity_id)
                if action == "insert":
                    created.add(item_id)
                    if change == "copy_plan":
                        copied.add(item_id)
                    duplicated = DUPLICATE_NOTE.fullmatch(note or "") if change == "duplicate_item" else None
                    if duplicated and int(duplicated[1]) < item_id:  # a duplicate carries its source's text too
                        sources[item_id] = int(duplicated[1])
                if change in PLANNING_ACTIONS:  # generated text comes from the templates (a copy: see below)
                    continue
                if action == "insert":
                    authors[item_id].add(user)
                elif before and after:
                    old, new = json.loads(before), json.loads(after)
                    if any(old.get(f) != new.get(f) for f in review.CONTENT_FIELDS):
                        authors[item_id].add(user)
        missing = [i for i in ids if i not in created]  # no record of its creation (an older workspace)
        if missing:
            for item_id, by in conn.execute(
                sa.select(items_table.c.item_id, items_table.c.created_by).where(items_table.c.item_id.in_(missing))
            ).all():
                if by:
                    authors[int(item_id)].add(by)
        if copied:
            query = sa.select(items_table.c.item_id, items_table.c.plan_key)
            keys = conn.execute(query.where(items_table.c.item_id.in_(sorted(copied)))).all()
            for item_id, key in keys:
                copied_from = COPY_KEY.fullmatch(key or "")
                if copied_from and int(copied_from[1]) < int(item_id):  # copies point back in time
                    sources[int(item_id)] = int(copied_from[1])
        if sources:
            earlier = self._authors(conn, sorted(set(sources.values())))
            for item_id, source in sources.items():
                authors[item_id] |= earlier.get(source, set())
        return authors

    def item_authors(self, item_id: int) -> set[str]:
        """Who wrote this item's text (four eyes: none of them may approve it or send it back)."""
        with self._engine.connect() as conn:
            return self._authors(conn, [int(item_id)])[int(item_id)]

    # ------------------------------------------------------------------ writes
    def set_member(
        self,
        user: str,
        *,
        role: str,
        units: str | Iterable[str] = (),
        display_name: str | None = None,
    ) -> dict[str, Any]:
        """Add ``user`` as a member, or change their role, units or display name. Returns the member row.

        ``role``: ``planner``, ``reviewer``, ``manager`` or ``viewer``; ``units``: the unit ids they act
        for. With no members yet anyone may add one, and the first must be a manager (access control
        turns on); once there are members only a manager may. The last manager cannot be demoted."""
        user = _user_name(user)
        role = _role(role)
        unit_ids = _unit_list(units)
        if display_name is not None and (not isinstance(display_name, str) or len(display_name) > 200
                                         or any(unicodedata.category(c) == "Cc" for c in display_name)):
            raise InvalidValueError(M["bad_display_name"].format(value=display_name), field="display_name",
                                    value=display_name)
        with self._write() as conn:
            current = {r["user_name"]: dict(r) for r in conn.execute(sa.select(members_table)).mappings()}
            manager = access.role_label("manager")
            if current:
                self._require(conn, "members")
            elif role != "manager":
                raise WorkflowError(M["first_manager"].format(manager=manager))
            known = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
            unknown = [u for u in unit_ids if u not in known]
            if unknown:
                raise NotFoundError(M["unknown_units"].format(units=", ".join(f"'{u}'" for u in unknown)))
            before = current.get(user)
            name = unicodedata.normalize("NFC", display_name.strip()) if display_name is not None else None
            values = {
                "display_name": name or (before["display_name"] if before and name is None else user),
                "role": role,
                "units": json.dumps(unit_ids, ensure_ascii=False),
            }
            if before is not None and before["role"] == "manager" and role != "manager" \
                    and sum(r["role"] == "manager" for r in current.values()) == 1:
                raise WorkflowError(M["last_manager"].format(what=M["last_manager_demote"], user=user, manager=manager))
            if before is None:
                change = self._change(conn, "set_member", f"{user}: {role}")
                row = self._insert(conn, change, "member", [{"user_name": user, **values}])[0]
            else:
                diff = {k: v for k, v in values.items() if before[k] != v}
                if not diff:
                    return _member_row(before)
                change = self._change(conn, "set_member", f"{user}: {role}")
                row = self._update(conn, change, "member", user, before["version"], diff, before=before)
        return _member_row(row)

    def import_members(self, path: str | os.PathLike, *, add_self: bool = False) -> dict[str, int]:
        """Add or change the members listed in ``path`` (:func:`read_members`), all or none, in one change.

        ``add_self``: the acting user is made a manager too if they are not a member (``python -m planner
        demo`` does this, so the person running the demo keeps using its screens). Members not in the file
        stay. Same rules as :meth:`set_member`. Returns ``{'added', 'updated', 'unchanged'}``."""
        rows = read_members(path)
        with self._write() as conn:
            current = {r["user_name"]: dict(r) for r in conn.execute(sa.select(members_table)).mappings()}
            manager = access.role_label("manager")
            if add_self and self.user not in current and all(r["user"] != self.user for r in rows):
                rows.insert(0, {"user": self.user, "role": "manager", "units": [], "display_name": None})
            if not current and not any(r["role"] == "manager" for r in rows):
                raise WorkflowError(M["first_manager"].format(manager=manager))
            known = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
            unknown = sorted({u for r in rows for u in r["units"] if u not in known})
            if unknown:
                raise NotFoundError(M["unknown_units"].format(units=", ".join(f"'{u}'" for u in unknown)))
            after = {**{u: r["role"] for u, r in current.items()}, **{r["user"]: r["role"] for r in rows}}
            if current and "manager" not in after.values():
                raise WorkflowError(M["last_manager"].format(what=M["last_manager_demote"],
                                                             user=next(iter(current)), manager=manager))
            inserts, edits, unchanged = [], [], 0
            for r in rows:
                before = current.get(r["user"])
                values = {"display_name": r["display_name"] or (before["display_name"] if before else r["user"]),
                          "role": r["role"], "units": json.dumps(r["units"], ensure_ascii=False)}
                if before is None:
                    inserts.append({"user_name": r["user"], **values})
                    continue
                diff = {k: v for k, v in values.items() if before[k] != v}
                if diff:
                    edits.append((r["user"], before["version"], diff, before))
                else:
                    unchanged += 1
            if inserts or edits:
                if current:  # the same members again write nothing, so need no right
                    self._require(conn, "members")
                change = self._change(conn, "set_member", f"{os.path.basename(os.fspath(path))}: {len(rows)}")
                self._update_many(conn, change, "member", edits)
                self._insert(conn, change, "member", inserts)
        return {"added": len(inserts), "updated": len(edits), "unchanged": unchanged}

    def remove_member(self, user: str) -> None:
        """Remove ``user`` from the members (a manager's change; never the last manager)."""
        user = _user_name(user)
        with self._write() as conn:
            current = {r["user_name"]: dict(r) for r in conn.execute(sa.select(members_table)).mappings()}
            if current:
                self._require(conn, "members")
            before = current.get(user)
            if before is None:
                raise NotFoundError(M["no_member"].format(user=user))
            if before["role"] == "manager" and sum(r["role"] == "manager" for r in current.values()) == 1:
                raise WorkflowError(M["last_manager"].format(what=M["last_manager_remove"], user=user,
                                                             manager=access.role_label("manager")))
            change = self._change(conn, "remove_member", user)
            conn.execute(sa.delete(members_table).where(members_table.c.user_name == user))
            self._audit(conn, change, [("member", user, "delete", before, None)])

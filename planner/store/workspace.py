"""The workspace: one database, the single source of truth.

A workspace is a folder holding ``planner.sqlite`` (SQLite, WAL mode, foreign keys on) and
an ``exports/`` folder. Its path comes from the argument, else ``PLANNER_WORKSPACE``,
else ``./workspace/``. A database URL (``postgresql+psycopg://…``) may be given instead of
a folder: all SQL goes through SQLAlchemy 2 Core and is portable.

Integrity rules:

* every write is one transaction (a *change*); bulk imports are all-or-nothing;
* every change is audited (who, when, entity, id, before, after) and can be undone by the
  user who made it (:meth:`Workspace.undo`);
* every row carries a ``version``; an update based on an older version is refused with
  :class:`~planner.errors.ConflictError` naming who changed the row and when;
* text is stored NFC-normalised; dates are ISO;
* the schema carries a version number and older workspaces are migrated on open.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from planner import catalogue
from planner.errors import ConflictError, NotFoundError, PlannerError
from planner.model import EVENT_COLUMNS, NAME_COLUMNS, TEMPLATE_COLUMNS, UNIT_COLUMNS
from planner.store.items import ItemMethods
from planner.store.rows import ENTITY_LABELS as _ENTITY_LABELS
from planner.store.rows import _nfc, clean, current_user, display_time, jsonable, now_iso, stale_version
from planner.store.schema import (
    ENTITY_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    audit_table,
    changes_table,
    events_table,
    meta_table,
    metadata,
    names_table,
    templates_table,
    units_table,
)

__all__ = ["Workspace", "open_workspace", "current_user", "DB_FILE", "SCHEMA_VERSION"]

DB_FILE = "planner.sqlite"
_NOT_UNDOABLE = ("create_workspace", "migrate", "undo")


def _resolve(path: str | os.PathLike | None) -> tuple[str, Path | None]:
    """(database URL, workspace folder or None for a server database)."""
    if path is None:
        path = os.environ.get("PLANNER_WORKSPACE") or "workspace"
    text = os.fspath(path)
    if "://" in text:
        return text, None
    folder = Path(text).expanduser().resolve()
    if folder.suffix in {".sqlite", ".db"}:
        return f"sqlite:///{folder}", folder.parent
    return f"sqlite:///{folder / DB_FILE}", folder


def _make_engine(url: str) -> Engine:
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - runs inside the driver
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

    return engine


def _sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return Path(engine.url.database)
    return None


def open_workspace(
    path: str | os.PathLike | None = None,
    *,
    data_dir: str | os.PathLike | None = None,
    user: str | None = None,
) -> Workspace:
    """Open the workspace at ``path``, creating it from ``data/`` on first use.

    ``path`` is a folder (``planner.sqlite`` inside), a ``.sqlite`` file, or a database
    URL; None means ``PLANNER_WORKSPACE``, else ``./workspace/``. ``data_dir`` is where
    a new workspace's catalogue, units, templates and organisation come from (default
    ``data/``). The data files are validated before anything is written: a bad row raises
    :class:`~planner.errors.DataError` and no workspace is created.
    """
    url, folder = _resolve(path)
    source = Path(data_dir) if data_dir else catalogue.data_dir()
    engine = _make_engine(url)
    try:
        db_file = _sqlite_file(engine)
        if db_file is not None and not db_file.exists():
            exists = False  # connecting would create an empty file before validation
        else:
            with engine.connect() as conn:
                exists = sa.inspect(conn).has_table("meta")
        ws = Workspace(engine, folder=folder, user=user)
        if not exists:
            ws._create(source)
        else:
            ws._migrate(source)
    except Exception:
        engine.dispose()
        raise
    if folder is not None:
        (folder / "exports").mkdir(parents=True, exist_ok=True)
    return ws


class _Reference:
    """Everything a new workspace is seeded with, read and cross-checked first."""

    def __init__(self, data_dir: Path):
        self.events = catalogue.read_events(data_dir / "events.csv")
        self.units = catalogue.read_units(data_dir / "units.csv")
        self.organisation = catalogue.read_organisation(data_dir / "organisation.toml")
        self.templates = catalogue.read_templates(data_dir)
        self.names = catalogue.read_official_names(data_dir / "official_names.csv")
        catalogue.check_references(self.events, self.units, self.templates)


def _depth(unit_id: str, parents: Mapping[str, str | None]) -> int:
    depth, cur = 0, parents.get(unit_id)
    while cur:
        depth, cur = depth + 1, parents.get(cur)
    return depth


def _template_rows(frame: pd.DataFrame) -> list[dict]:
    return [
        {"template_key": f"{r['template_id']}/{r['spec_id']}", **{c: clean(v) for c, v in r.items()}}
        for r in frame[TEMPLATE_COLUMNS].to_dict("records")
    ]


def _unit_rows(frame: pd.DataFrame) -> list[dict]:
    rows = [{c: clean(v) for c, v in r.items()} for r in frame[UNIT_COLUMNS].to_dict("records")]
    for row in rows:
        row["parent_id"] = row["parent_id"] or None
    parents = {r["unit_id"]: r["parent_id"] for r in rows}
    # parents before children so the foreign key holds at every insert
    return sorted(rows, key=lambda r: _depth(r["unit_id"], parents))


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: clean(v) for c, v in r.items()} for r in frame[columns].to_dict("records")]


class _Base:
    """Connections, change sets, audit, versioned updates: the machinery every write uses."""

    def __init__(self, engine: Engine, *, folder: Path | None = None, user: str | None = None):
        self._engine = engine
        self.folder = folder
        self.user = user or current_user()
        self._checker_cache: tuple | None = None  # see ItemMethods._checker

    # ------------------------------------------------------------------ change sets
    def _change(self, conn: Connection, action: str, note: str = "") -> int:
        """Open a change set inside the transaction; every audit row of it carries its id."""
        return conn.execute(
            sa.insert(changes_table).values(at=now_iso(), user=self.user, action=action, note=note)
        ).inserted_primary_key[0]

    def _audit(
        self,
        conn: Connection,
        change: int,
        rows: list[tuple[str, str, str, Mapping | None, Mapping | None]],
        note: str = "",
    ) -> None:
        """rows: (entity, entity_id, action, before, after)."""
        if not rows:
            return
        at = now_iso()
        conn.execute(
            sa.insert(audit_table),
            [
                {
                    "at": at,
                    "user": self.user,
                    "entity": entity,
                    "entity_id": str(key),
                    "action": action,
                    "before": json.dumps(jsonable(before), ensure_ascii=False) if before is not None else None,
                    "after": json.dumps(jsonable(after), ensure_ascii=False) if after is not None else None,
                    "change_id": change,
                    "note": note,
                }
                for entity, key, action, before, after in rows
            ],
        )

    def _stamp(self) -> dict[str, Any]:
        return {"version": 1, "updated_by": self.user, "updated_at": now_iso()}

    def _insert(
        self, conn: Connection, change: int, entity: str, rows: list[dict], *, returning: bool = False
    ) -> list[Any]:
        """Insert rows (all or nothing) and audit each; returns the keys."""
        if not rows:
            return []
        table, key = ENTITY_TABLES[entity]
        stamp = self._stamp()
        rows = [{**stamp, **{k: _nfc(v) for k, v in r.items()}} for r in rows]
        if returning and conn.dialect.name == "sqlite":
            # SQLite cannot batch an ordered INSERT … RETURNING; while this transaction
            # holds the write lock, new rowids follow the parameter order, so read them back.
            before = conn.execute(sa.select(sa.func.max(table.c[key]))).scalar() or 0
            conn.execute(sa.insert(table), rows)
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
            conn.execute(sa.insert(table), rows)
            keys = [r[key] for r in rows]
        self._audit(conn, change, [(entity, r[key], "insert", None, r) for r in rows])
        return keys

    def _update(
        self,
        conn: Connection,
        change: int,
        entity: str,
        key_value: Any,
        version: int | None,
        changes: Mapping[str, Any],
        *,
        action: str = "update",
        note: str = "",
        before: Mapping[str, Any] | None = None,
    ) -> dict:
        """Apply ``changes`` to one row if it is still at ``version``; audit it. Returns the new row.

        ``version=None`` means "the current version" (used inside a transaction that has
        just read the row).
        """
        table, key = ENTITY_TABLES[entity]
        pk = table.c[key]
        if before is None:
            before = conn.execute(sa.select(table).where(pk == key_value)).mappings().one_or_none()
        if before is None:
            raise NotFoundError(f"Không tìm thấy {_ENTITY_LABELS[entity]} '{key_value}' trong không gian làm việc.")
        before = dict(before)
        unknown = sorted(set(changes) - set(table.c.keys()))
        if unknown:
            raise PlannerError(
                f"Không có trường {', '.join(unknown)} ở {_ENTITY_LABELS[entity]}; "
                f"các trường có: {', '.join(table.c.keys())}."
            )
        if version is None:
            version = before["version"]
        values = {k: _nfc(v) for k, v in changes.items()}
        values.update(version=version + 1, updated_by=self.user, updated_at=now_iso())
        result = conn.execute(sa.update(table).where(pk == key_value, table.c.version == version).values(**values))
        if result.rowcount != 1:
            current = conn.execute(sa.select(table).where(pk == key_value)).mappings().one()
            raise stale_version(entity, key_value, current, version)
        after = {**before, **values}
        self._audit(conn, change, [(entity, key_value, action, before, after)], note=note)
        return after

    def _sync(
        self, conn: Connection, change: int, entity: str, rows: list[dict], *, delete_missing: bool = False
    ) -> dict[str, int]:
        """Upsert ``rows`` by key: new ones added, changed ones updated, all audited."""
        table, key = ENTITY_TABLES[entity]
        current = {r[key]: dict(r) for r in conn.execute(sa.select(table)).mappings()}
        counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
        new_rows = []
        for row in rows:
            old = current.pop(row[key], None)
            if old is None:
                new_rows.append(row)
                continue
            diff = {c: v for c, v in row.items() if old.get(c) != v}
            if diff:
                self._update(conn, change, entity, row[key], old["version"], diff, before=old)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        self._insert(conn, change, entity, new_rows)
        counts["added"] = len(new_rows)
        if delete_missing and current:
            conn.execute(sa.delete(table).where(table.c[key].in_(list(current))))
            self._audit(conn, change, [(entity, k, "delete", old, None) for k, old in current.items()])
            counts["removed"] = len(current)
        return counts

    # ------------------------------------------------------------------ create / migrate
    def _create(self, data_dir: Path) -> None:
        ref = _Reference(data_dir)  # validate everything before writing anything
        db_file = _sqlite_file(self._engine)
        if db_file is not None:
            db_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._engine.begin() as conn:
                metadata.create_all(conn)
                settings = {
                    "schema_version": str(SCHEMA_VERSION),
                    "organisation": json.dumps(ref.organisation.__dict__, ensure_ascii=False),
                    "created_at": now_iso(),
                    "created_by": self.user,
                    "data_dir": str(data_dir),
                }
                conn.execute(sa.insert(meta_table), [{"key": k, "value": v} for k, v in settings.items()])
                change = self._change(conn, "create_workspace", f"tạo từ {data_dir}")
                self._insert(conn, change, "unit", _unit_rows(ref.units))
                self._insert(conn, change, "event", _records(ref.events, EVENT_COLUMNS))
                self._insert(conn, change, "template", _template_rows(ref.templates))
                self._insert(conn, change, "name", _records(ref.names, NAME_COLUMNS))
        except Exception:
            self._engine.dispose()
            if db_file is not None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            raise

    def _backup(self, version: int) -> None:
        """Before migrating a SQLite workspace, keep a consistent copy of it beside the file."""
        db_file = _sqlite_file(self._engine)
        if db_file is None:
            return
        target = db_file.with_name(f"{db_file.name}.v{version}-backup")
        if not target.exists():
            with self._engine.connect() as conn:
                quoted = target.as_posix().replace("'", "''")
                conn.exec_driver_sql(f"VACUUM INTO '{quoted}'")

    def _migrate(self, data_dir: Path) -> None:
        with self._engine.connect() as conn:
            found = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar_one_or_none()
        if found is not None and int(found) < SCHEMA_VERSION:
            self._backup(int(found))
        with self._engine.begin() as conn:
            found = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar_one_or_none()
            version = int(found or 0)
            if version > SCHEMA_VERSION:
                raise PlannerError(
                    f"Không gian làm việc {self._engine.url.database or self._engine.url} có phiên bản dữ liệu "
                    f"{version}, mới hơn phiên bản {SCHEMA_VERSION} của phần mềm này. "
                    "Hãy cập nhật phần mềm planner."
                )
            if version == SCHEMA_VERSION:
                return
            start = version
            while version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version]:
                    conn.execute(sa.text(statement))
                version += 1
            metadata.create_all(conn)  # tables new since `start`
            change = self._change(conn, "migrate", f"nâng cấp dữ liệu từ phiên bản {start} lên {version}")
            if start < 2:
                self._seed_v2(conn, change, data_dir)
            conn.execute(sa.update(meta_table).where(meta_table.c.key == "schema_version").values(value=str(version)))

    def _seed_v2(self, conn: Connection, change: int, data_dir: Path) -> None:
        """Version 2 brought templates, official names and units' own events: seed them from data/."""
        templates = catalogue.read_templates(data_dir)
        names = catalogue.read_official_names(data_dir / "official_names.csv")
        units = catalogue.read_units(data_dir / "units.csv")
        existing = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
        events = set(conn.execute(sa.select(events_table.c.event_id)).scalars())
        for row in units.to_dict("records"):
            own = " ".join(e for e in row["own_events"].split() if e in events)
            if row["unit_id"] in existing and own:
                self._update(conn, change, "unit", row["unit_id"], None, {"own_events": own}, action="migrate")
        self._insert(conn, change, "template", _template_rows(templates))
        self._insert(conn, change, "name", _records(names, NAME_COLUMNS))


class Workspace(ItemMethods, _Base):
    """A handle on one workspace. Use :func:`open_workspace` to get one.

    Several handles (in one process or many) may work on the same workspace; the row
    versions keep them from overwriting each other's changes.
    """

    # ------------------------------------------------------------------ basics
    def __repr__(self) -> str:
        return f"Workspace({self.url!r})"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def exports_dir(self) -> Path:
        """Folder for exported files (``exports/`` inside the workspace folder)."""
        if self.folder is None:
            raise PlannerError("Không gian làm việc trên máy chủ CSDL không có thư mục exports/.")
        return self.folder / "exports"

    def _meta(self, key: str) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == key)).scalar_one_or_none()

    @property
    def schema_version(self) -> int:
        return int(self._meta("schema_version") or 0)

    @property
    def organisation(self) -> catalogue.Organisation:
        """The organisation's name, document header and settings."""
        return catalogue.Organisation(**json.loads(self._meta("organisation") or "{}"))

    # ------------------------------------------------------------------ reads
    def _frame(self, query: sa.Select, columns: Iterable[str]) -> pd.DataFrame:
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return pd.DataFrame([dict(r) for r in rows], columns=list(columns))

    def units(self) -> pd.DataFrame:
        """Units, one row each: the ``data/units.csv`` columns plus ``active, version``."""
        cols = [*UNIT_COLUMNS, "active", "version"]
        frame = self._frame(sa.select(*[units_table.c[c] for c in cols]).order_by(units_table.c.unit_id), cols)
        frame["parent_id"] = frame["parent_id"].fillna("")
        frame["active"] = frame["active"].astype(bool)
        return frame

    def events(self) -> pd.DataFrame:
        """The event catalogue with the same columns as ``data/events.csv``, plus ``version``."""
        cols = [*EVENT_COLUMNS, "version"]
        with self._engine.connect() as conn:
            rows = (
                conn.execute(sa.select(*[events_table.c[c] for c in cols]).order_by(events_table.c.event_id))
                .mappings()
                .all()
            )
        frame = catalogue.events_frame([dict(r) for r in rows])
        frame["version"] = pd.Series([r["version"] for r in rows], dtype="int64")
        return frame

    def templates(self) -> pd.DataFrame:
        """Campaign templates, one row per item spec (:data:`planner.model.TEMPLATE_COLUMNS`)."""
        query = sa.select(*[templates_table.c[c] for c in TEMPLATE_COLUMNS]).order_by(
            templates_table.c.position, templates_table.c.offset, templates_table.c.spec_id
        )
        return self._frame(query, TEMPLATE_COLUMNS)

    def official_names(self) -> pd.DataFrame:
        """Official names and their wrong forms (:data:`planner.model.NAME_COLUMNS`)."""
        return self._frame(sa.select(*[names_table.c[c] for c in NAME_COLUMNS]), NAME_COLUMNS)

    def audit(self, *, entity: str | None = None, entity_id: str | int | None = None) -> pd.DataFrame:
        """The audit log, oldest first: ``audit_id, at, user, entity, entity_id, action, before, after,
        change_id, note``. ``before`` and ``after`` are dicts (None for inserts / deletes)."""
        query = sa.select(audit_table).order_by(audit_table.c.audit_id)
        if entity is not None:
            query = query.where(audit_table.c.entity == entity)
        if entity_id is not None:
            query = query.where(audit_table.c.entity_id == str(entity_id))
        frame = self._frame(query, [c.name for c in audit_table.columns])
        for col in ("before", "after"):
            frame[col] = frame[col].map(lambda v: json.loads(v) if isinstance(v, str) else None)
        return frame

    def changes(self) -> pd.DataFrame:
        """Change sets, oldest first: ``change_id, at, user, action, note, undone_by``."""
        return self._frame(
            sa.select(changes_table).order_by(changes_table.c.change_id), [c.name for c in changes_table.columns]
        )

    # ------------------------------------------------------------------ imports
    def import_events(self, path: str | os.PathLike) -> dict[str, int]:
        """Load an edited catalogue CSV: new events added, changed ones updated (audited).

        All or nothing: a bad row raises DataError and nothing changes. Events missing from
        the file are kept (content items may refer to them). Returns counts
        ``{'added', 'updated', 'unchanged', 'removed'}``.
        """
        frame = catalogue.read_events(path)
        with self._engine.begin() as conn:
            change = self._change(conn, "import_events", str(path))
            return self._sync(conn, change, "event", _records(frame, EVENT_COLUMNS))

    def import_units(self, path: str | os.PathLike) -> dict[str, int]:
        """Load an edited unit list CSV (all or nothing); units missing from the file are kept."""
        frame = catalogue.read_units(path)
        catalogue.check_references(self.events(), frame, units_file=Path(path).name)
        with self._engine.begin() as conn:
            change = self._change(conn, "import_units", str(path))
            return self._sync(conn, change, "unit", _unit_rows(frame))

    def import_templates(self, folder: str | os.PathLike) -> dict[str, int]:
        """Replace the campaign templates with ``templates.csv`` + ``template_items.csv`` from ``folder``."""
        frame = catalogue.read_templates(folder)
        catalogue.check_references(self.events(), self.units(), frame)
        with self._engine.begin() as conn:
            change = self._change(conn, "import_templates", str(folder))
            return self._sync(conn, change, "template", _template_rows(frame), delete_missing=True)

    def import_official_names(self, path: str | os.PathLike) -> dict[str, int]:
        """Replace the list of official names with ``path`` (all or nothing)."""
        frame = catalogue.read_official_names(path)
        with self._engine.begin() as conn:
            change = self._change(conn, "import_names", str(path))
            return self._sync(conn, change, "name", _records(frame, NAME_COLUMNS), delete_missing=True)

    # ------------------------------------------------------------------ undo
    def undo(self) -> dict[str, Any]:
        """Undo this user's most recent change that is not yet undone (one whole change set).

        Each row goes back to what it was before the change, with a new version; rows the
        change created are removed. If someone changed one of those rows since, nothing is
        undone and :class:`~planner.errors.ConflictError` says who. Returns
        ``{'change_id', 'action', 'rows'}``.
        """
        with self._engine.begin() as conn:
            last = (
                conn.execute(
                    sa.select(changes_table)
                    .where(
                        changes_table.c.user == self.user,
                        changes_table.c.undone_by.is_(None),
                        changes_table.c.action.not_in(_NOT_UNDOABLE),
                    )
                    .order_by(changes_table.c.change_id.desc())
                    .limit(1)
                )
                .mappings()
                .one_or_none()
            )
            if last is None:
                raise PlannerError(f"Người dùng {self.user} không có thay đổi nào để hoàn tác.")
            rows = (
                conn.execute(
                    sa.select(audit_table)
                    .where(audit_table.c.change_id == last["change_id"])
                    .order_by(audit_table.c.audit_id.desc())
                )
                .mappings()
                .all()
            )
            change = self._change(conn, "undo", f"hoàn tác thay đổi #{last['change_id']} ({last['action']})")
            for row in rows:
                self._undo_row(conn, change, row)
            conn.execute(
                sa.update(changes_table).where(changes_table.c.change_id == last["change_id"]).values(undone_by=change)
            )
        return {"change_id": last["change_id"], "action": last["action"], "rows": len(rows)}

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
                changes_table.c.change_id > row["change_id"],
                changes_table.c.action != "undo",
                changes_table.c.undone_by.is_(None),
            )
            .order_by(changes_table.c.change_id.desc())
            .limit(1)
        ).first()
        if later is not None or (after is not None and current is None):
            who = f"{later.user} lúc {display_time(later.at)}" if later else "người khác"
            raise ConflictError(
                f"Không hoàn tác được: {_ENTITY_LABELS[entity]} '{key_value}' đã được {who} sửa sau thay đổi "
                "này. Không có gì bị thay đổi."
            )
        if before is None:  # the change created the row: remove it
            try:
                with conn.begin_nested():
                    conn.execute(sa.delete(table).where(table.c[key] == key_value))
            except sa.exc.IntegrityError:
                raise ConflictError(
                    f"Không hoàn tác được: {_ENTITY_LABELS[entity]} '{key_value}' đã có dữ liệu khác tham chiếu "
                    "tới. Không có gì bị thay đổi."
                ) from None
            self._audit(conn, change, [(entity, key_value, "undo", dict(current), None)])
            return
        restore = _restorable(table, before, key)
        if current is None:  # the change deleted the row: put it back
            conn.execute(sa.insert(table).values(**restore, version=1, updated_by=self.user, updated_at=now_iso()))
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

"""The workspace: one database, the single source of truth. The only module that touches it.

A workspace is a folder holding ``planner.sqlite`` (SQLite, WAL mode, foreign keys on) and
an ``exports/`` folder. Its path comes from the argument, else ``PLANNER_WORKSPACE``,
else ``./workspace/``. A database URL (``postgresql+psycopg://…``) may be given instead of
a folder: all SQL goes through SQLAlchemy 2 Core and is portable.

Integrity rules:

* every write is one transaction; bulk imports are all-or-nothing;
* every change is audited (who, when, entity, id, before, after);
* every row carries a ``version``; an update based on an older version is refused with
  :class:`~planner.errors.ConflictError` naming who changed the row and when;
* text is stored NFC-normalised; dates are ISO;
* the schema carries a version number and older workspaces are migrated on open.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from planner import catalogue
from planner.errors import ConflictError, NotFoundError, PlannerError
from planner.model import EVENT_COLUMNS, UNIT_COLUMNS

__all__ = ["SCHEMA_VERSION", "Workspace", "open_workspace", "current_user", "DB_FILE"]

SCHEMA_VERSION = 1
DB_FILE = "planner.sqlite"

metadata = sa.MetaData()


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("updated_at", sa.String(40), nullable=False, server_default=""),
    ]


meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

units_table = sa.Table(
    "units",
    metadata,
    sa.Column("unit_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("short_name", sa.String(31), nullable=False, unique=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("parent_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=True),
    sa.Column("channels", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    *_versioned(),
)

events_table = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(100), primary_key=True),
    sa.Column("name_vi", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False, server_default=""),
    sa.Column("calendar", sa.String(10), nullable=False),
    sa.Column("day", sa.Integer, nullable=True),
    sa.Column("month", sa.Integer, nullable=False),
    sa.Column("leap", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("base_year", sa.Integer, nullable=True),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("scope", sa.String(40), nullable=False),
    sa.Column("valid_from", sa.Integer, nullable=True),
    sa.Column("valid_until", sa.Integer, nullable=True),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    *_versioned(),
)

items_table = sa.Table(
    "items",
    metadata,
    sa.Column("item_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("event_id", sa.String(100), sa.ForeignKey("events.event_id"), nullable=True),
    sa.Column("unit_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("theme", sa.String(20), nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("date", sa.Date, nullable=True, index=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="idea"),
    sa.Column("reviewer", sa.String(100), nullable=False, server_default=""),
    sa.Column("link", sa.Text, nullable=False, server_default=""),
    sa.Column("published_at", sa.String(40), nullable=False, server_default=""),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    *_versioned(),
)

targets_table = sa.Table(
    "targets",
    metadata,
    sa.Column("target_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("unit_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=True),
    sa.Column("unit_kind", sa.String(40), nullable=True),
    sa.Column("period", sa.String(10), nullable=False),  # month | quarter | year
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("format", sa.String(20), nullable=True),  # NULL: any format
    sa.Column("platform", sa.String(20), nullable=True),  # NULL: any platform
    sa.Column("count", sa.Integer, nullable=False),
    *_versioned(),
)

outputs_table = sa.Table(
    "outputs",
    metadata,
    sa.Column("output_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("unit_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=False, index=True),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("published_at", sa.String(40), nullable=False),
    sa.Column("duration_s", sa.Integer, nullable=True),
    sa.Column("views", sa.Integer, nullable=True),
    sa.Column("reactions", sa.Integer, nullable=True),
    sa.Column("shares", sa.Integer, nullable=True),
    sa.Column("comments", sa.Integer, nullable=True),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.item_id"), nullable=True),
    sa.Column("source_file", sa.Text, nullable=False, server_default=""),
    *_versioned(),
)

audit_table = sa.Table(
    "audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("entity", sa.String(20), nullable=False),
    sa.Column("entity_id", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
)

#: Migrations from version N to N+1: a list of portable SQL statements each.
_MIGRATIONS: dict[int, list[str]] = {}


def current_user() -> str:
    """Name for the audit log: ``JUPYTERHUB_USER``, else the operating-system user."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _jsonable(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[key] = value
    return out


def _clean(value: Any) -> Any:
    """pandas missing values → None, numpy scalars → Python, text → NFC."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    return _nfc(value)


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


def open_workspace(
    path: str | os.PathLike | None = None, *, data_dir: str | os.PathLike | None = None,
    user: str | None = None,
) -> Workspace:
    """Open the workspace at ``path``, creating it from ``data/`` on first use.

    ``path`` is a folder (``planner.sqlite`` inside), a ``.sqlite`` file, or a database
    URL; None means ``PLANNER_WORKSPACE``, else ``./workspace/``. ``data_dir`` is where
    a new workspace's catalogue, units and organisation come from (default ``data/``).
    The data files are validated before anything is written: a bad row raises
    :class:`~planner.errors.DataError` and no workspace is created.
    """
    url, folder = _resolve(path)
    engine = _make_engine(url)
    try:
        db_file = _sqlite_file(engine)
        if db_file is not None and not db_file.exists():
            exists = False  # connecting would create an empty file before validation
        else:
            with engine.connect() as conn:
                exists = sa.inspect(conn).has_table("meta")
        if not exists:
            _create(engine, Path(data_dir) if data_dir else catalogue.data_dir(), user)
        else:
            _migrate(engine)
    except Exception:
        engine.dispose()
        raise
    if folder is not None:
        (folder / "exports").mkdir(parents=True, exist_ok=True)
    return Workspace(engine, folder=folder, user=user)


def _sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return Path(engine.url.database)
    return None


def _create(engine: Engine, data_dir: Path, user: str | None) -> None:
    events = catalogue.read_events(data_dir / "events.csv")
    units = catalogue.read_units(data_dir / "units.csv")
    org = catalogue.read_organisation(data_dir / "organisation.toml")
    db_file = _sqlite_file(engine)
    if db_file is not None:
        db_file.parent.mkdir(parents=True, exist_ok=True)
    who, at = user or current_user(), _now()
    try:
        with engine.begin() as conn:
            metadata.create_all(conn)
            settings = {
                "schema_version": str(SCHEMA_VERSION),
                "organisation": json.dumps(org.__dict__, ensure_ascii=False),
                "created_at": at,
                "created_by": who,
                "data_dir": str(data_dir),
            }
            conn.execute(sa.insert(meta_table), [{"key": k, "value": v} for k, v in settings.items()])
            stamp = {"version": 1, "updated_by": who, "updated_at": at}
            unit_rows = [
                {**{c: _clean(v) for c, v in row.items()}, **stamp}
                for row in units[UNIT_COLUMNS].to_dict("records")
            ]
            for row in unit_rows:
                row["parent_id"] = row["parent_id"] or None
            # parents before children so the foreign key holds at every insert
            unit_rows.sort(key=lambda r: _depth(r["unit_id"], {u["unit_id"]: u["parent_id"] for u in unit_rows}))
            _insert_many(conn, units_table, "unit", "unit_id", unit_rows, who, at)
            event_rows = [
                {**{c: _clean(v) for c, v in row.items()}, **stamp}
                for row in events[EVENT_COLUMNS].to_dict("records")
            ]
            _insert_many(conn, events_table, "event", "event_id", event_rows, who, at)
    except Exception:
        engine.dispose()
        if db_file is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        raise


def _depth(unit_id: str, parents: Mapping[str, str | None]) -> int:
    depth, cur = 0, parents.get(unit_id)
    while cur:
        depth, cur = depth + 1, parents.get(cur)
    return depth


def _insert_many(
    conn: Connection, table: sa.Table, entity: str, key: str, rows: list[dict], who: str, at: str
) -> None:
    if not rows:
        return
    conn.execute(sa.insert(table), rows)
    conn.execute(
        sa.insert(audit_table),
        [
            {"at": at, "user": who, "entity": entity, "entity_id": str(r[key]), "action": "insert",
             "before": None, "after": json.dumps(_jsonable(r), ensure_ascii=False)}
            for r in rows
        ],
    )


def _migrate(engine: Engine) -> None:
    with engine.begin() as conn:
        found = conn.execute(
            sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
        ).scalar_one_or_none()
        version = int(found or 0)
        if version > SCHEMA_VERSION:
            raise PlannerError(
                f"Không gian làm việc {engine.url.database or engine.url} có phiên bản dữ liệu "
                f"{version}, mới hơn phiên bản {SCHEMA_VERSION} của phần mềm này. "
                "Hãy cập nhật phần mềm planner."
            )
        while version < SCHEMA_VERSION:
            for statement in _MIGRATIONS[version]:
                conn.execute(sa.text(statement))
            version += 1
        conn.execute(
            sa.update(meta_table).where(meta_table.c.key == "schema_version").values(value=str(version))
        )


class Workspace:
    """A handle on one workspace. Use :func:`open_workspace` to get one.

    Several handles (in one process or many) may work on the same workspace; the row
    versions keep them from overwriting each other's changes.
    """

    def __init__(self, engine: Engine, *, folder: Path | None = None, user: str | None = None):
        self._engine = engine
        self.folder = folder
        self.user = user or current_user()

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
            return conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == key)
            ).scalar_one_or_none()

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
        """Units, one row each: ``unit_id, name, short_name, kind, parent_id, channels, note, active, version``."""
        cols = [*UNIT_COLUMNS, "active", "version"]
        frame = self._frame(sa.select(*[units_table.c[c] for c in cols]).order_by(units_table.c.unit_id), cols)
        frame["parent_id"] = frame["parent_id"].fillna("")
        frame["active"] = frame["active"].astype(bool)
        return frame

    def events(self) -> pd.DataFrame:
        """The event catalogue with the same columns as ``data/events.csv``, plus ``version``."""
        cols = [*EVENT_COLUMNS, "version"]
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(*[events_table.c[c] for c in cols]).order_by(events_table.c.event_id)
            ).mappings().all()
        frame = catalogue.events_frame([dict(r) for r in rows])
        frame["version"] = pd.Series([r["version"] for r in rows], dtype="int64")
        return frame

    def audit(self, *, entity: str | None = None, entity_id: str | None = None) -> pd.DataFrame:
        """The audit log, oldest first: ``audit_id, at, user, entity, entity_id, action, before, after``.

        ``before`` and ``after`` are dicts (None for inserts / deletes).
        """
        query = sa.select(audit_table).order_by(audit_table.c.audit_id)
        if entity is not None:
            query = query.where(audit_table.c.entity == entity)
        if entity_id is not None:
            query = query.where(audit_table.c.entity_id == str(entity_id))
        frame = self._frame(query, [c.name for c in audit_table.columns])
        for col in ("before", "after"):
            frame[col] = frame[col].map(lambda v: json.loads(v) if isinstance(v, str) else None)
        return frame

    # ------------------------------------------------------------------ writes
    def _update_row(
        self, conn: Connection, table: sa.Table, entity: str, key: str, key_value: Any,
        version: int, changes: Mapping[str, Any], *, action: str = "update",
    ) -> dict:
        """Apply ``changes`` to one row if it is still at ``version``; audit it. Returns the new row."""
        pk = table.c[key]
        before = conn.execute(sa.select(table).where(pk == key_value)).mappings().one_or_none()
        if before is None:
            raise NotFoundError(f"Không tìm thấy {entity} '{key_value}' trong không gian làm việc.")
        unknown = sorted(set(changes) - set(table.c.keys()))
        if unknown:
            raise PlannerError(
                f"Không có trường {', '.join(unknown)} ở {entity}; các trường có: {', '.join(table.c.keys())}."
            )
        at = _now()
        values = {k: _nfc(v) for k, v in changes.items()}
        values.update(version=version + 1, updated_by=self.user, updated_at=at)
        result = conn.execute(
            sa.update(table).where(pk == key_value, table.c.version == version).values(**values)
        )
        if result.rowcount != 1:
            raise ConflictError(
                f"{entity.capitalize()} '{key_value}' đã được {before['updated_by']} sửa lúc "
                f"{_display_time(before['updated_at'])} (phiên bản {before['version']}); bạn đang sửa "
                f"phiên bản {version}. Tải lại dữ liệu rồi sửa lại — thay đổi của bạn chưa được lưu."
            )
        after = conn.execute(sa.select(table).where(pk == key_value)).mappings().one()
        conn.execute(
            sa.insert(audit_table).values(
                at=at, user=self.user, entity=entity, entity_id=str(key_value), action=action,
                before=json.dumps(_jsonable(before), ensure_ascii=False),
                after=json.dumps(_jsonable(after), ensure_ascii=False),
            )
        )
        return dict(after)

    def import_events(self, path: str | os.PathLike) -> dict[str, int]:
        """Load an edited catalogue CSV: new events added, changed ones updated (audited).

        All or nothing: a bad row raises DataError and nothing changes. Events missing from
        the file are kept (content items may refer to them). Returns counts
        ``{'added': n, 'updated': n, 'unchanged': n}``.
        """
        frame = catalogue.read_events(path)
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        at = _now()
        with self._engine.begin() as conn:
            current = {
                r["event_id"]: dict(r)
                for r in conn.execute(sa.select(events_table)).mappings()
            }
            new_rows = []
            for row in frame[EVENT_COLUMNS].to_dict("records"):
                row = {c: _clean(v) for c, v in row.items()}
                old = current.get(row["event_id"])
                if old is None:
                    new_rows.append({**row, "version": 1, "updated_by": self.user, "updated_at": at})
                    counts["added"] += 1
                    continue
                changes = {c: v for c, v in row.items() if old.get(c) != v}
                if not changes:
                    counts["unchanged"] += 1
                    continue
                self._update_row(conn, events_table, "event", "event_id", row["event_id"], old["version"], changes)
                counts["updated"] += 1
            _insert_many(conn, events_table, "event", "event_id", new_rows, self.user, at)
        return counts


def _display_time(iso: str) -> str:
    """UTC ISO timestamp → Vietnam time as users read it: '9:05 3/2/2025'."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone(dt.timezone(dt.timedelta(hours=7)))
    except (TypeError, ValueError):
        return str(iso)
    return f"{moment.hour}:{moment.minute:02d} {moment.day}/{moment.month}/{moment.year}"

"""Creating a workspace from ``data/`` and migrating older ones.

Rules:

* The data files are read and cross-checked before anything is written; a bad row raises
  :class:`~planner.errors.DataError` and no workspace is created.
* A new SQLite workspace is built in a temporary file beside the final one and put in
  place with a hard link that never replaces an existing file. Two processes creating the
  same workspace both succeed with one file: the second sees the first one's file and
  opens it. This call only ever deletes its own temporary file.
* Migrations run in one write transaction; a SQLite workspace is copied to
  ``planner.sqlite.vN-backup`` first.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner import catalogue, recurring
from planner.errors import PlannerError
from planner.model import (
    EVENT_COLUMNS,
    NAME_COLUMNS,
    TAKER_ALL,
    TAKER_OWNER,
    TEMPLATE_COLUMNS,
    UNIT_COLUMNS,
    UNIT_KINDS,
)
from planner.store import rollup, targets, transfer
from planner.store.engine import Location, make_engine
from planner.store.rows import _nfc, clean, now_iso
from planner.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    events_table,
    meta_table,
    metadata,
    targets_table,
    units_table,
)

_TAKER_WORDS = {TAKER_ALL, TAKER_OWNER, *UNIT_KINDS}

__all__ = ["Reference", "template_rows", "unit_rows", "records", "create", "migrate"]


class Reference:
    """Everything a new workspace is seeded with, read and cross-checked first."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.events = catalogue.read_events(data_dir / "events.csv")
        self.units = catalogue.read_units(data_dir / "units.csv")
        self.organisation = catalogue.read_organisation(data_dir / "organisation.toml")
        self.templates = catalogue.read_templates(data_dir)
        self.names = catalogue.read_official_names(data_dir / "official_names.csv")
        self.recurring = _read_recurring(data_dir)
        catalogue.check_references(self.events, self.units, self.templates)
        recurring.check_takers(self.recurring, self.units)
        self.targets = _read_targets(data_dir, dict(zip(self.units["unit_id"], self.units["kind"], strict=True)))


def _read_targets(data_dir: Path, unit_kinds: Mapping[str, str]) -> list[dict]:
    """The demo targets of ``data_dir`` (none when it has no ``targets.csv``), checked; a row naming a unit
    that ``units.csv`` does not list is left out (a data folder with other units still makes a workspace)."""
    path = data_dir / targets.TARGETS_FILE
    return targets.read_targets(path, unit_kinds, skip_unknown_units=True) if path.exists() else []


def _read_recurring(data_dir: Path) -> pd.DataFrame:
    """Recurring stories of ``data_dir`` (none when it has no ``recurring.csv``)."""
    path = data_dir / recurring.FILE
    return recurring.read_recurring(path) if path.exists() else pd.DataFrame(columns=recurring.RECURRING_COLUMNS)


def _depth(unit_id: str, parents: Mapping[str, str | None]) -> int:
    depth, cur = 0, parents.get(unit_id)
    while cur:
        depth, cur = depth + 1, parents.get(cur)
    return depth


def template_rows(frame: pd.DataFrame) -> list[dict]:
    return [
        {"template_key": f"{r['template_id']}/{r['spec_id']}", **{c: clean(v) for c, v in r.items()}}
        for r in frame[TEMPLATE_COLUMNS].to_dict("records")
    ]


def unit_rows(frame: pd.DataFrame) -> list[dict]:
    rows = [{c: clean(v) for c, v in r.items()} for r in frame[UNIT_COLUMNS].to_dict("records")]
    for row in rows:
        row["parent_id"] = row["parent_id"] or None
    parents = {r["unit_id"]: r["parent_id"] for r in rows}
    # parents before children so the foreign key holds at every insert
    return sorted(rows, key=lambda r: _depth(r["unit_id"], parents))


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: clean(v) for c, v in r.items()} for r in frame[columns].to_dict("records")]


def _seed(ws, conn: Connection, ref: Reference) -> None:
    """Schema and reference data of a new workspace, inside ``conn``'s transaction."""
    metadata.create_all(conn)
    settings = {
        "schema_version": str(SCHEMA_VERSION),
        "organisation": json.dumps({k: _nfc(v) for k, v in ref.organisation.__dict__.items()}, ensure_ascii=False),
        "created_at": now_iso(),
        "created_by": ws.user,
        "workspace_id": str(uuid.uuid4()),
        "data_dir": _nfc(str(ref.data_dir)),
    }
    conn.execute(sa.insert(meta_table), [{"key": k, "value": v} for k, v in settings.items()])
    change = ws._change(conn, "create_workspace", f"tạo từ {ref.data_dir}")
    ws._insert(conn, change, "unit", unit_rows(ref.units))
    ws._insert(conn, change, "event", records(ref.events, EVENT_COLUMNS))
    ws._insert(conn, change, "template", template_rows(ref.templates))
    ws._insert(conn, change, "name", records(ref.names, NAME_COLUMNS))
    ws._insert(conn, change, "recurring", records(ref.recurring, recurring.RECURRING_COLUMNS))
    ws._insert(conn, change, "target", ref.targets, returning=True, checked=True)


def create(ws_class, location: Location, data_dir: Path, user: str | None, *, create_schema: bool = False) -> None:
    """Create the workspace at ``location`` from ``data_dir``; a no-op if another process got there first.

    ``create_schema``: on a server, make the schema the URL's search_path names when it is missing (else refuse)."""
    ref = Reference(data_dir)  # validate everything before writing anything
    if location.db_file is None:  # a server database: DDL and seed in one transaction
        engine = make_engine(location)
        try:
            ws = ws_class(engine, user=user)
            with ws._write() as conn:
                # a schema the URL's search_path names but the server lacks is made in this same transaction:
                # if anything after fails, it is rolled back with the tables (nothing is left behind)
                transfer.ensure_schema(conn, transfer.describe(location), create=create_schema)
                if not sa.inspect(conn).has_table("meta"):
                    _seed(ws, conn, ref)
        finally:
            engine.dispose()
        return
    folder = location.db_file.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".planner-new-", suffix=".sqlite", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise PlannerError(
            f"Không tạo được không gian làm việc ở {folder}: {catalogue.describe_os_error(exc)}. "
            "Chọn một thư mục bạn có quyền ghi."
        ) from None
    tmp = Path(tmp_name)
    try:
        engine = sa.create_engine(sa.URL.create("sqlite", database=tmp_name))
        try:
            ws = ws_class(engine, user=user)
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                _seed(ws, conn, ref)
        finally:
            engine.dispose()
        try:
            os.link(tmp, location.db_file)  # atomic, and never replaces a file that is there
        except FileExistsError:
            pass  # another process created it meanwhile: theirs is the workspace
        except OSError as exc:
            raise PlannerError(
                f"Không tạo được tệp {location.db_file}: {catalogue.describe_os_error(exc)}. "
                "Chọn một thư mục bạn có quyền ghi."
            ) from None
    finally:
        for suffix in ("", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _backup(engine, db_file: Path | None, version: int) -> None:
    """Before migrating a SQLite workspace, keep a consistent copy of it beside the file."""
    if db_file is None:
        return
    target = db_file.with_name(f"{db_file.name}.v{version}-backup")
    if not target.exists():
        raw = engine.raw_connection()  # VACUUM runs outside any transaction
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(target),))
        finally:
            raw.close()


def _schema_version(conn: Connection) -> int:
    found = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar_one_or_none()
    try:
        return int(found or 0)
    except ValueError:
        raise PlannerError(f"Phiên bản dữ liệu '{found}' của không gian làm việc không đọc được.") from None


def migrate(ws, data_dir: Path, db_file: Path | None) -> None:
    """Bring an older workspace up to :data:`SCHEMA_VERSION` (refuse a newer one)."""
    with ws._engine.connect() as conn:
        found = _schema_version(conn)
    if found > SCHEMA_VERSION:
        raise PlannerError(
            f"Không gian làm việc {db_file or ws.url} có phiên bản dữ liệu {found}, mới hơn phiên bản "
            f"{SCHEMA_VERSION} của phần mềm này. Hãy cập nhật phần mềm planner."
        )
    if found == SCHEMA_VERSION:
        with ws._engine.connect() as conn:
            has_month = sa.inspect(conn).has_table("output_rollup_month")
        if not has_month:  # a v5 workspace from before the month rollup
            with ws._write() as conn:
                rollup.ensure_month_table(conn)
        return
    _backup(ws._engine, db_file, found)
    with ws._write() as conn:
        version = start = _schema_version(conn)  # another process may have migrated meanwhile
        if version >= SCHEMA_VERSION:
            return
        while version < SCHEMA_VERSION:
            for statement in MIGRATIONS[version]:
                conn.execute(sa.text(statement))
            version += 1
        metadata.create_all(conn)  # tables new since `start`
        change = ws._change(conn, "migrate", f"nâng cấp dữ liệu từ phiên bản {start} lên {version}")
        if start < 2:
            _seed_v2(ws, conn, change, data_dir)
        if start < 3:
            _seed_v3(ws, conn, change, data_dir)
        if start < 4:  # v4: an id that exported workbooks carry, so a report goes back to its own workspace
            conn.execute(sa.insert(meta_table).values(key="workspace_id", value=str(uuid.uuid4())))
        if start < 5:  # v5: the output rollup, and the demo targets where none are set
            rollup.rebuild(conn)
            _seed_v5(ws, conn, change, data_dir)
        conn.execute(sa.update(meta_table).where(meta_table.c.key == "schema_version").values(value=str(version)))


def _seed_v2(ws, conn: Connection, change: int, data_dir: Path) -> None:
    """Version 2 brought templates, official names and units' own events: seed them from data/."""
    templates = catalogue.read_templates(data_dir)
    names = catalogue.read_official_names(data_dir / "official_names.csv")
    units = catalogue.read_units(data_dir / "units.csv")
    existing = {r["unit_id"]: dict(r) for r in conn.execute(sa.select(units_table)).mappings()}
    events = set(conn.execute(sa.select(events_table.c.event_id)).scalars())
    edits = []
    for row in units.to_dict("records"):
        own = " ".join(e for e in row["own_events"].split() if e in events)
        current = existing.get(row["unit_id"])
        if current is not None and own:
            edits.append((row["unit_id"], current["version"], {"own_events": own}, current))
    ws._update_many(conn, change, "unit", edits, action="migrate")
    ws._insert(conn, change, "template", template_rows(templates))
    ws._insert(conn, change, "name", records(names, NAME_COLUMNS))


def _seed_v3(ws, conn: Connection, change: int, data_dir: Path) -> None:
    """Version 3 keeps the recurring stories in the workspace: seed them from data/."""
    stories = _read_recurring(data_dir)
    known = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
    stories = stories[[all(t in known or t in _TAKER_WORDS for t in row.split()) for row in stories["takers"]]]
    ws._insert(conn, change, "recurring", records(stories, recurring.RECURRING_COLUMNS))


def _seed_v5(ws, conn: Connection, change: int, data_dir: Path) -> None:
    """Version 5 brought target tracking: seed ``targets.csv`` when the workspace has no targets yet
    (rows naming a unit this workspace does not have are left out)."""
    if conn.execute(sa.select(sa.func.count()).select_from(targets_table)).scalar_one():
        return
    path = data_dir / targets.TARGETS_FILE
    if not path.exists():
        return
    kinds = dict(conn.execute(sa.select(units_table.c.unit_id, units_table.c.kind)).all())
    rows = targets.read_targets(path, kinds, skip_unknown_units=True)  # units this older workspace lacks: left out
    ws._insert(conn, change, "target", rows, returning=True, checked=True)

"""Small steps several test modules take the same way."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

from planner.model import CHECKLIST
from planner.store import DB_FILE

#: The units the seeded demo template (tests/conftest.py ``seeded_template``) has outputs for.
DEMO_UNITS = ["dang-uy-phuong-1", "hoi-phu-nu", "doan-thanh-nien"]


def approve(ws, item_id: int) -> dict:
    """Take an item through the review workflow to approved (every checklist point ticked); returns it."""
    item = ws.item(item_id)
    for status in ("draft", "in_review"):
        item = ws.set_status(item_id, status, version=item["version"])
    return ws.set_status(item_id, "approved", version=item["version"], checklist=dict.fromkeys(CHECKLIST, True))


# ---------------------------------------------------------------------------------------------- engines
# The suite runs on SQLite and on PostgreSQL (tests/engines.py). A test that checks rows independently of the
# store, copies a workspace or hands it to a child process goes through these, never through the SQLite file.


def place(where) -> str:
    """How anything outside this process reaches ``where`` (a workspace, a folder or a .sqlite path):
    the path on SQLite, the URL of its schema on PostgreSQL (what ``open_workspace`` in a child is given)."""
    import sqlalchemy as sa

    from planner.store import workspace as workspace_module

    if isinstance(where, workspace_module.Workspace):
        url = where._engine.url
        if url.get_backend_name() == "sqlite":
            return str(where.folder if Path(url.database).name == DB_FILE else url.database)
        return url.render_as_string(hide_password=False)
    location = workspace_module.locate(where)  # the test harness maps a folder to its schema on PostgreSQL
    if location.db_file is not None:
        return str(where)
    return sa.URL.create(**_url_parts(location.url)).render_as_string(hide_password=False)


def _url_parts(url) -> dict:
    return {
        "drivername": url.drivername,
        "username": url.username,
        "password": url.password,
        "host": url.host,
        "port": url.port,
        "database": url.database,
        "query": dict(url.query),
    }


def db_url(where):
    """The SQLAlchemy URL of ``where``'s database (as :func:`place`, for a fresh connection)."""
    import sqlalchemy as sa

    from planner.store import workspace as workspace_module

    if isinstance(where, workspace_module.Workspace):
        return where._engine.url
    return workspace_module.locate(where).url if not isinstance(where, sa.URL) else where


def _statement(sql: str, args: tuple, params: dict):
    """``?`` placeholders (as sqlite3 takes them) become named ones, so old queries work on both engines."""
    import sqlalchemy as sa

    if args:
        parts = sql.split("?")
        if len(parts) - 1 != len(args):
            raise ValueError(f"{len(parts) - 1} dấu ? cho {len(args)} giá trị")
        sql = parts[0] + "".join(f":_p{i}{part}" for i, part in enumerate(parts[1:]))
        params = {**params, **{f"_p{i}": v for i, v in enumerate(args)}}
    return sa.text(sql), params


def db_rows(where, sql: str, *args, **params) -> list[tuple]:
    """Rows of ``sql`` (``?`` or named ``:x`` parameters) read through a fresh connection of its own — not the
    store's.

    Values come back as SQLite stores them whichever the engine: dates as ISO text, booleans as 0/1,
    so one expected value serves both engines. Write ORDER BY when the order matters (PostgreSQL gives none
    for free)."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url(where), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(*_statement(sql, args, params)).all()
    finally:
        engine.dispose()
    return [tuple(_as_sqlite(v) for v in row) for row in rows]


def db_dicts(where, sql: str, *args, **params) -> list[dict]:
    """As :func:`db_rows`, each row a dict by column name."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url(where), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(*_statement(sql, args, params)).mappings().all()
    finally:
        engine.dispose()
    return [{k: _as_sqlite(v) for k, v in row.items()} for row in rows]


def db_execute(where, sql: str, *args, **params) -> int:
    """Change rows behind the store's back (as another program or a person with a SQL tool would); returns
    the number of rows touched."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url(where), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            return conn.execute(*_statement(sql, args, params)).rowcount
    finally:
        engine.dispose()


def _as_sqlite(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def copy_place(source, target) -> dict:
    """Copy the workspace at ``source`` (a workspace, folder or path) to the folder or path ``target`` the way
    a planner would (``copy_workspace``): on PostgreSQL into ``target``'s own schema. Replaces copytree."""
    from planner.store.transfer import copy_workspace

    target = Path(target)
    result = copy_workspace(place(source), place(target))
    folder = target if target.suffix not in {".sqlite", ".db"} else target.parent
    folder.mkdir(parents=True, exist_ok=True)
    return result


def db_execute_many(where, sql: str, rows) -> None:
    """``sql`` (``?`` parameters) once per tuple of ``rows``, in one transaction behind the store's back."""
    import sqlalchemy as sa

    rows = list(rows)
    if not rows:
        return
    statement, _ = _statement(sql, tuple(rows[0]), {})
    params = [_statement(sql, tuple(row), {})[1] for row in rows]
    engine = sa.create_engine(db_url(where), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(statement, params)
    finally:
        engine.dispose()


def db_tables(where) -> set[str]:
    """Names of the tables of ``where``'s database (its schema on PostgreSQL), looked up independently."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url(where), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def put_legacy_workspace(db_file: Path, folder: Path) -> None:
    """Put an old workspace file (a fixture written by an earlier schema version) at ``folder``, as it is:
    on SQLite the file itself; on PostgreSQL its tables and rows, reflected from the file into the folder's
    schema with their ids (sequences continue after them), so opening it migrates it there."""
    import shutil

    import sqlalchemy as sa

    folder.mkdir(parents=True, exist_ok=True)
    url = db_url(folder)
    if url.get_backend_name() == "sqlite":
        shutil.copy(db_file, folder / DB_FILE)
        return
    source = sa.create_engine(sa.URL.create("sqlite", database=str(db_file)), poolclass=sa.pool.NullPool)
    target = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        old = sa.MetaData()
        old.reflect(source)
        for table in old.tables.values():  # SQLite writes a boolean's default as 0/1: PostgreSQL wants false/true
            for column in table.columns:
                if isinstance(column.type, sa.Boolean) and column.server_default is not None:
                    truth = str(column.server_default.arg).strip("'\"") not in ("0", "false")
                    column.server_default = sa.DefaultClause(sa.true() if truth else sa.false())
        with source.connect() as src, target.begin() as dst:
            old.create_all(dst)
            for table in old.sorted_tables:
                rows = [dict(r) for r in src.execute(sa.select(table)).mappings()]
                if table.name == "units":  # parents before children (a foreign key to the same table)
                    depth = {r["unit_id"]: 0 for r in rows}
                    parent = {r["unit_id"]: r.get("parent_id") for r in rows}
                    for unit in depth:
                        cur = parent[unit]
                        while cur:
                            depth[unit] += 1
                            cur = parent.get(cur)
                    rows.sort(key=lambda r: depth[r["unit_id"]])
                if rows:
                    dst.execute(sa.insert(table), rows)
                column = table.autoincrement_column
                if column is not None:
                    dst.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                            f'COALESCE(MAX("{column.name}"), 0) + 1, false) FROM "{table.name}"'
                        )
                    )
    finally:
        source.dispose()
        target.dispose()

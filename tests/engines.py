"""Running the test suite on PostgreSQL as well as SQLite (``pytest --engine=postgresql``).

On PostgreSQL every test gets its own schema in one throwaway database made for the session, and a
workspace *folder* a test opens (``open_workspace(tmp_path / "ws")``) is stored in that folder's own schema:
the folder keeps its ``exports/``, the rows live on the server. So the tests written against folders run
unchanged on both engines. Tests about the SQLite file itself (a truncated file, a read-only file, a kill
during a file write) are marked ``sqlite_only`` and skipped on PostgreSQL with that reason.

The server: ``PLANNER_TEST_PG`` (a libpq URL or ``postgresql+psycopg://…`` of a role that may create
databases), default the local cluster over its socket as the current OS user (``.ci/run`` makes that role).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

import sqlalchemy as sa

from planner.store import engine as engine_module
from planner.store import workspace as workspace_module

DEFAULT_SERVER = "postgresql+psycopg:///postgres"


def server_url() -> sa.URL:
    return sa.make_url(os.environ.get("PLANNER_TEST_PG") or DEFAULT_SERVER)


class PostgresSession:
    """A throwaway database for one test session, and a schema per workspace folder in it."""

    def __init__(self) -> None:
        self.admin = server_url()
        self.name = f"planner_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.url = self.admin.set(database=self.name)
        engine = sa.create_engine(self.admin, isolation_level="AUTOCOMMIT")
        # PLANNER_TEST_PG_LOCALE=vi-VN: the throwaway database sorts text as a Vietnamese server would (ICU),
        # to find orderings that only the cluster's default C collation (SQLite's byte order) gives for free
        locale = os.environ.get("PLANNER_TEST_PG_LOCALE")
        extra = f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{locale}' LOCALE 'C.UTF-8'" if locale else ""
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"{extra}')
        engine.dispose()
        self._engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self._made: set[str] = set()
        self._original_locate = workspace_module.locate

    def schema_url(self, folder: Path) -> sa.URL:
        """The URL of ``folder``'s own schema (made on first use)."""
        schema = "ws_" + hashlib.sha1(str(folder).encode()).hexdigest()[:20]
        if schema not in self._made:
            try:
                with self._engine.connect() as conn:
                    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            except sa.exc.IntegrityError:  # another process made it at the same moment (IF NOT EXISTS races)
                pass
            self._made.add(schema)
        return self.url.update_query_dict({"options": f"-csearch_path={schema}"})

    def locate(self, path):
        """``locate`` as the store does it, except that a folder (or .sqlite file) maps to its schema."""
        location = self._original_locate(path)
        if location.db_file is None:
            return location  # a URL given by the test: as it is
        return engine_module.Location(self.schema_url(location.db_file), location.folder, None)

    def place(self, path) -> str:
        """The URL (text) a folder or .sqlite path maps to, for use before ``install`` (session fixtures)."""
        return self.locate(path).url.render_as_string(hide_password=False)

    def install(self, monkeypatch) -> None:
        monkeypatch.setattr(workspace_module, "locate", self.locate)

    def close(self) -> None:
        self._engine.dispose()
        engine = sa.create_engine(self.admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.name,),
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}"')
        engine.dispose()


def safe_name(text: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", text.lower())


def server_reachable() -> bool:
    """Whether the test server (``PLANNER_TEST_PG``, else the local cluster) takes a connection."""
    try:
        engine = sa.create_engine(server_url(), poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
        return True
    except Exception:
        return False


if __name__ == "__main__":  # python -m tests.engines: exit 0 when the server is reachable (the Makefile asks)
    raise SystemExit(0 if server_reachable() else 1)

"""Moving a workspace between engines (issue 10, point 2): copy, backup while others write, restore, the CLI.

These tests always use both engines — real SQLite files and a real PostgreSQL schema — whichever engine the
run is on (``pg_url`` skips them when no server is reachable, unless ``PLANNER_REQUIRE_POSTGRES`` is set).
Tables are compared independently of the code under test: the SQLite files with plain ``sqlite3``, the
PostgreSQL schema through a connection of its own (``tests.helpers.db_rows``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import sqlalchemy as sa

import planner
from planner import cli
from planner.errors import PlannerError
from planner.store import engine as engine_module
from planner.store import workspace as workspace_module
from planner.store.schema import metadata
from planner.store.transfer import backup_workspace, copy_workspace, restore_workspace, table_checksums
from tests.helpers import approve, db_execute, db_rows

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Mat-khau-Bi-mat-42"


@pytest.fixture(autouse=True)
def _real_files(_engine, monkeypatch):
    """Here a folder is a SQLite folder on both runs; PostgreSQL is named by URL (``pg_url``)."""
    monkeypatch.setattr(workspace_module, "locate", engine_module.locate)


def _rich(path: Path) -> Path:
    """A workspace with something in every table, odd text, an undone change, a big count."""
    with planner.open_workspace(path, user="chuyenvien") as ws:
        planner.generate_plan(ws, 2025)
        items = ws.items(year=2025)
        ids = [int(i) for i in items["item_id"][:4]]
        note = unicodedata.normalize("NFD", "Ghi chú: Tết Ất Tỵ 🎉 — “ngoặc kép” 'đơn' \\ ; --") + " dài" * 2000
        ws.update_item(ids[0], version=1, notes=note)
        ws.cancel_item(ids[1], version=1, reason="Trùng lịch với Hội nghị")
        ws.undo()  # an undone change set
        approved = approve(ws, ids[2])
        ws.record_outputs(
            [{"item_id": ids[2], "version": approved["version"], "url": "https://facebook.com/bai/1",
              "published_at": "2025-02-03", "views": 2_000_000_000, "shares": 7}],
            source="Đoàn Thanh niên.xlsx",
        )
        unit = ws.units()["unit_id"].iloc[0]
        ws.set_member("chuyenvien", role="manager", display_name="Chuyên viên")  # the members table too
        ws.set_member("nguoi-khac", role="manager")  # the writer of the backup test
    db_execute(
        path,
        "INSERT INTO targets (unit_id, period, period_start, format, count, version, updated_by, updated_at) "
        "VALUES (?, 'month', '2025-03-01', NULL, 4, 1, 'chuyenvien', '2025-01-01T00:00:00+00:00')",
        unit,
    )
    return path / "planner.sqlite"


def _sqlite_tables(db: Path) -> dict[str, list[tuple]]:
    """Every table of a SQLite file, rows in primary-key order, read with plain sqlite3."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for table in metadata.sorted_tables:
            key = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
            out[table.name] = conn.execute(f'SELECT * FROM "{table.name}" ORDER BY {key}').fetchall()
        return out
    finally:
        conn.close()


def _pg_tables(url: str) -> dict[str, list[tuple]]:
    out = {}
    for table in metadata.sorted_tables:
        key = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        rows = db_rows(sa.make_url(url), f'SELECT * FROM "{table.name}" ORDER BY {key}')
        out[table.name] = rows
    return out


def _same_order(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {name: sorted(rows, key=repr) for name, rows in tables.items()}


def test_copy_sqlite_to_postgresql_and_back_gives_identical_tables(tmp_path, pg_url):
    source = _rich(tmp_path / "nguon")
    original = _sqlite_tables(source)
    assert all(original[t.name] for t in metadata.sorted_tables), "every table holds rows"
    server = pg_url("dich")

    there = copy_workspace(tmp_path / "nguon", server)
    back = copy_workspace(server, tmp_path / "ve" / "planner.sqlite")

    assert set(there) == {t.name for t in metadata.sorted_tables} and back == there
    assert _sqlite_tables(tmp_path / "ve" / "planner.sqlite") == original  # row by row, values and types
    on_server = _pg_tables(server)
    assert _same_order(on_server) == _same_order(original)  # dates as ISO text, booleans 0/1 (db_rows)
    assert {name: len(rows) for name, rows in original.items()} == {n: v["rows"] for n, v in there.items()}
    # the copy is a working workspace: new ids continue after the copied ones, the undo history came along
    with planner.open_workspace(server, user="chuyenvien") as ws:
        last = ws.last_change()
        assert last == max(row[0] for row in original["changes"])
        new_id = ws.add_item(unit_id="mttq", date="2025-05-05", title="Tin mới sau khi chuyển", format="post",
                             platform="facebook", theme="event")
        assert new_id == max(row[0] for row in original["items"]) + 1
        assert ws.last_change() == last + 1
        assert ws.audit(entity="item", entity_id=new_id)["audit_id"].iloc[0] == max(r[0] for r in original["audit"]) + 1
        ws.undo()
        assert new_id not in set(ws.items()["item_id"])


def test_a_target_that_holds_a_workspace_is_refused_and_left_as_it_was(tmp_path, pg_url):
    _rich(tmp_path / "nguon")
    with planner.open_workspace(tmp_path / "co-san") as ws:
        ws.add_item(unit_id="mttq", date="2025-05-05", title="Của người khác", format="post", platform="facebook",
                    theme="event")
    before = hashlib.sha256((tmp_path / "co-san" / "planner.sqlite").read_bytes()).hexdigest()
    with pytest.raises(PlannerError, match="đã có một tệp \\(không gian làm việc\\).*không có gì bị ghi đè"):
        copy_workspace(tmp_path / "nguon", tmp_path / "co-san")
    assert hashlib.sha256((tmp_path / "co-san" / "planner.sqlite").read_bytes()).hexdigest() == before

    server = pg_url("co-san")
    planner.open_workspace(server, user="khac").close()
    sums = table_checksums(server)
    with pytest.raises(PlannerError, match="đã có một không gian làm việc"):
        copy_workspace(tmp_path / "nguon", server)
    assert table_checksums(server) == sums
    with pytest.raises(PlannerError, match="Không có không gian làm việc ở .* để sao chép"):
        copy_workspace(tmp_path / "khong-co", tmp_path / "moi")
    assert not (tmp_path / "moi" / "planner.sqlite").exists() and not (tmp_path / "khong-co").exists()


@contextmanager
def _meddling(postgres_server, *, home: str, target: str):
    """While inside: the server rewrites every unit's note as it is inserted into ``target``.units (a trigger
    another program installed on the table as soon as it is created; its functions live in schema ``home``)."""
    tag = os.urandom(3).hex()
    admin = sa.create_engine(postgres_server.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"""
            CREATE FUNCTION {home}.meddle() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.note := NEW.note || ' (đã sửa)'; RETURN NEW; END $$;
            CREATE FUNCTION {home}.on_create() RETURNS event_trigger LANGUAGE plpgsql AS $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
                IF r.object_type = 'table' AND r.object_identity = '{target}.units' THEN
                  EXECUTE 'CREATE OR REPLACE TRIGGER meddle BEFORE INSERT ON {target}.units FOR EACH ROW '
                          'EXECUTE FUNCTION {home}.meddle()';
                END IF;
              END LOOP;
            END $$;
            CREATE EVENT TRIGGER planner_test_meddle_{tag} ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
              EXECUTE FUNCTION {home}.on_create();
        """)
    try:
        yield
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP EVENT TRIGGER planner_test_meddle_{tag}")
        admin.dispose()


def test_a_copy_the_target_changes_is_caught_by_the_checksum_and_rolled_back(tmp_path, pg_url, postgres_server):
    """The target server rewrites one note as it is inserted (a trigger another program installed): the
    verification reads the rows back, sees the units table differ, and nothing is left at the target."""
    _rich(tmp_path / "nguon")
    server = pg_url("doi")
    schema = sa.make_url(server).query["options"].split("=", 1)[1]
    with _meddling(postgres_server, home=schema, target=schema):
        with pytest.raises(PlannerError, match=r"không khớp với nguồn \(units: nguồn 17 dòng, đích 17 dòng \(nội dung"):
            copy_workspace(tmp_path / "nguon", server)
    tables = db_rows(sa.make_url(server), "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                     schema)
    assert tables == []  # rolled back: no half copy
    copy_workspace(tmp_path / "nguon", server)  # without the meddling trigger the same copy goes through


_WRITER = """
import sys, time, planner
from pathlib import Path
ws = planner.open_workspace(sys.argv[1], user="nguoi-khac")  # a manager of the workspace (it has members)
ids = [int(i) for i in ws.items(year=2025)["item_id"][:20]]
done = Path(sys.argv[2])
n, stop = 0, time.monotonic() + float(sys.argv[3])
while time.monotonic() < stop:
    item = ws.item(ids[n % len(ids)])
    ws.update_item(item["item_id"], version=item["version"], notes=f"lần {n}")
    n += 1
    done.with_suffix(".tmp").write_text(str(n))
    done.with_suffix(".tmp").replace(done)  # whole, never read half-written
ws.close()
"""


def _start_writer(where: str, tmp_path: Path, seconds: float) -> tuple[subprocess.Popen, Path]:
    count = tmp_path / "so-lan-ghi.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", _WRITER, where, str(count), str(seconds)], env=env)
    deadline = time.monotonic() + 60
    while not (count.exists() and count.read_text() and int(count.read_text()) >= 5):
        assert child.poll() is None, "the writer stopped before writing"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return child, count


def _consistent(where) -> int:
    """In a consistent copy every item's version is one plus the updates the audit holds for it, and every
    audit row's change set is there. Returns how many of the writer's updates the copy holds."""
    per_item = db_rows(
        where,
        "SELECT i.item_id, i.version, count(a.audit_id) FROM items i LEFT JOIN audit a ON a.entity = 'item' "
        "AND a.entity_id = CAST(i.item_id AS VARCHAR(20)) AND a.action <> 'insert' GROUP BY i.item_id, i.version",
    )
    assert [r for r in per_item if r[1] != r[2] + 1] == []
    assert db_rows(where, "SELECT count(*) FROM audit WHERE change_id NOT IN (SELECT change_id FROM changes)") == [(0,)]
    return db_rows(where, "SELECT count(*) FROM changes WHERE \"user\" = 'nguoi-khac'")[0][0]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_backup_while_another_process_writes_is_consistent_and_restores(tmp_path, pg_url, engine):
    _rich(tmp_path / "nguon")
    where = str(tmp_path / "nguon")
    if engine == "postgresql":
        where = pg_url("nguon")
        copy_workspace(tmp_path / "nguon", where)
    child, count = _start_writer(where, tmp_path, seconds=4)
    try:
        written_before = int(count.read_text())
        done = backup_workspace(where, tmp_path / "sao-luu.bak")
        written_after = int(count.read_text())
    finally:
        child.wait(timeout=60)
    assert child.returncode == 0
    final = int(count.read_text())
    assert done["engine"] == engine and done["bytes"] > 0
    restored = pg_url("khoi-phuc") if engine == "postgresql" else str(tmp_path / "khoi-phuc")
    result = restore_workspace(tmp_path / "sao-luu.bak", restored)
    in_backup = _consistent(restored)
    assert written_before <= in_backup <= written_after < final  # a snapshot taken while the writer went on
    assert _consistent(where) == final
    assert result == table_checksums(restored)
    with planner.open_workspace(restored, user="chuyenvien") as ws:  # and it is a workspace one can work in
        item = ws.items(year=2025).iloc[0]
        ws.update_item(int(item.item_id), version=int(item.version), notes="sau khi khôi phục")


def test_a_workspace_in_a_database_of_its_own_backs_up_and_restores(tmp_path, postgres_server):
    """The README's set-up: a department's database, the workspace in its 'public' schema (no search_path in
    the URL), backed up with pg_dump and restored into another new database — every table the same."""
    if not hasattr(postgres_server, "admin"):
        pytest.skip(f"không có máy chủ PostgreSQL: {postgres_server}")
    admin = sa.create_engine(postgres_server.admin, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    names = [f"{postgres_server.name}_{kind}" for kind in ("ban", "moi")]
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        source, target = (postgres_server.admin.set(database=n).render_as_string(False) for n in names)
        copy_workspace(_rich(tmp_path / "nguon"), source)
        backup_workspace(source, tmp_path / "ban sao?.dump")
        result = restore_workspace(tmp_path / "ban sao?.dump", target)
        assert result == table_checksums(source) == table_checksums(target)
        assert db_rows(sa.make_url(target), "SELECT current_schema()") == [("public",)]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_restore_refuses_what_it_cannot_restore_in_vietnamese(tmp_path, pg_url):
    _rich(tmp_path / "nguon")
    server = pg_url("nguon")
    copy_workspace(tmp_path / "nguon", server)
    backup_workspace(server, tmp_path / "pg.dump")
    backup_workspace(tmp_path / "nguon", tmp_path / "sqlite.bak")
    with pytest.raises(PlannerError, match="Đã có tệp .*pg.dump: chọn tên khác"):
        backup_workspace(server, tmp_path / "pg.dump")
    with pytest.raises(PlannerError, match="là bản sao lưu PostgreSQL \\(pg_dump\\): khôi phục nó vào một địa chỉ"):
        restore_workspace(tmp_path / "pg.dump", tmp_path / "ve")
    assert not (tmp_path / "ve").exists()
    with pytest.raises(PlannerError, match="đã có một không gian làm việc"):
        restore_workspace(tmp_path / "pg.dump", server)
    (tmp_path / "ghi-chu.txt").write_text("không phải bản sao lưu", encoding="utf-8")
    with pytest.raises(PlannerError, match="không phải bản sao lưu của planner"):
        restore_workspace(tmp_path / "ghi-chu.txt", tmp_path / "ve")
    # a SQLite backup goes anywhere, a pg_dump into another schema: both identical to the source
    expected = table_checksums(tmp_path / "nguon")
    assert restore_workspace(tmp_path / "sqlite.bak", pg_url("tu-sqlite")) == expected
    assert restore_workspace(tmp_path / "pg.dump", pg_url("tu-pg")) == expected


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full.pop("PLANNER_WORKSPACE", None)
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=full,
                          cwd=REPO)


def _with_password(url: str) -> str:
    """The same schema, reached with a password in the URL (the local socket does not ask for it)."""
    return sa.make_url(url).set(username=sa.make_url(url).username or os.environ.get("USER") or "root",
                                password=PASSWORD).render_as_string(hide_password=False)


def test_cli_init_copy_backup_restore_never_print_the_password(tmp_path, pg_url):
    server = _with_password(pg_url("cli"))
    done = _cli("init", "--database", server)
    assert done.returncode == 0, done.stderr
    assert "Đã tạo không gian làm việc: postgresql+psycopg://" in done.stdout and "***" in done.stdout
    done = _cli("init", env={"PLANNER_DATABASE_URL": server})  # the variable names the same database
    assert done.returncode == 0 and done.stdout.startswith("Đã có không gian làm việc"), done.stderr

    done = _cli("copy", server, str(tmp_path / "ban-sao"))
    assert done.returncode == 0, done.stderr
    assert "số dòng và tổng kiểm (sha256) từng bảng khớp với nguồn" in done.stdout
    assert "events" in done.stdout and "83 dòng" in done.stdout
    assert _sqlite_tables(tmp_path / "ban-sao" / "planner.sqlite")["events"] == sorted(
        _pg_tables(server)["events"], key=lambda r: r[0]
    )
    again = _cli("copy", str(tmp_path / "ban-sao"), server)
    assert again.returncode == 2 and again.stderr.startswith("Lỗi: Ở postgresql+psycopg://") and "***" in again.stderr

    done = _cli("backup", "--workspace", server, str(tmp_path / "cli.dump"))
    assert done.returncode == 0 and "(pg_dump, " in done.stdout, done.stderr
    done = _cli("backup", str(tmp_path / "cli.sqlite.bak"), env={"PLANNER_DATABASE_URL": str(tmp_path / "ban-sao")})
    assert done.returncode == 0 and "(SQLite, " in done.stdout, done.stderr
    target = _with_password(pg_url("cli-ve"))
    done = _cli("restore", str(tmp_path / "cli.dump"), "--workspace", target)
    assert done.returncode == 0 and "Đã khôi phục" in done.stdout, done.stderr
    done = _cli("restore", str(tmp_path / "cli.sqlite.bak"), "--workspace", str(tmp_path / "ve-sqlite"))
    assert done.returncode == 0, done.stderr
    assert table_checksums(tmp_path / "ve-sqlite") == table_checksums(target) == table_checksums(server)
    bad = _cli("restore", str(tmp_path / "cli.dump"), "--workspace", target)
    assert bad.returncode == 2 and "đã có một không gian làm việc" in bad.stderr
    for out in (done, bad, again):
        assert PASSWORD not in out.stdout + out.stderr


def test_open_workspace_none_takes_planner_database_url_before_planner_workspace(tmp_path, pg_url, monkeypatch):
    server = pg_url("env")
    monkeypatch.setenv("PLANNER_WORKSPACE", str(tmp_path / "thu-muc"))
    monkeypatch.setenv("PLANNER_DATABASE_URL", server)
    with planner.open_workspace(None, user="chuyenvien") as ws:
        assert ws.folder is None and ws.url.startswith("postgresql+psycopg://")
    assert not (tmp_path / "thu-muc").exists()
    assert db_rows(sa.make_url(server), "SELECT count(*) FROM units")[0][0] == 17
    monkeypatch.delenv("PLANNER_DATABASE_URL")
    with planner.open_workspace(None, user="chuyenvien") as ws:
        assert ws.folder == (tmp_path / "thu-muc").resolve()


def test_odd_paths_and_other_programs_files_in_vietnamese(tmp_path):
    """A folder named with '?', '#' and '%' is its own file for backup and copy; another program's SQLite file
    and a file that is no database are refused as sources and left as they were."""
    odd = tmp_path / "kế hoạch ?#%3F 2025"
    with planner.open_workspace(odd, user="chuyenvien") as ws:
        ws.add_item(unit_id="mttq", date="2025-05-05", title="Tin có dấu ?#", format="post", platform="facebook",
                    theme="event")
    (tmp_path / "kế hoạch ").mkdir()  # what a URL-pasted path would have opened instead
    backup_workspace(odd, tmp_path / "sao lưu ?#.bak")
    assert restore_workspace(tmp_path / "sao lưu ?#.bak", tmp_path / "ve") == table_checksums(odd)
    assert sqlite3.connect(tmp_path / "ve" / "planner.sqlite").execute("SELECT title FROM items").fetchall() == [
        ("Tin có dấu ?#",)
    ]
    other = tmp_path / "khac.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    not_db = tmp_path / "ghi-chu.sqlite"
    not_db.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (other, not_db)}
    with pytest.raises(PlannerError, match="của một chương trình khác: không sao chép được; tệp không bị thay đổi"):
        copy_workspace(other, tmp_path / "moi")
    with pytest.raises(PlannerError, match="không phải cơ sở dữ liệu SQLite: không sao chép được"):
        backup_workspace(not_db, tmp_path / "moi.bak")
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (other, not_db)} == before
    assert not (tmp_path / "moi").exists() and not (tmp_path / "moi.bak").exists()


# ------------------------------------------------------------------------------------ an outside tester's finds
ODD_PASSWORD = "p@ss w?rd%+x'\\1"


def _admin(postgres_server):
    if not hasattr(postgres_server, "admin"):
        pytest.skip(f"không có máy chủ PostgreSQL: {postgres_server}")
    return sa.create_engine(postgres_server.admin, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


@pytest.fixture
def department(postgres_server):
    """A role as the README makes one (LOGIN, a password — here one with a space, '@', '?', '%', '+', a quote
    and a backslash — no CREATEDB), owning databases made with ``make(name)``; reached over TCP 127.0.0.1,
    where the cluster checks passwords (scram-sha-256). ``url(db, in_query=…)`` gives its URL."""
    admin = _admin(postgres_server)
    role = f"ban_{os.getpid()}_{os.urandom(3).hex()}"
    made: list[str] = []
    with admin.connect() as conn:
        quoted = ODD_PASSWORD.replace("'", "''")
        conn.connection.driver_connection.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{quoted}'")  # '%' as it is

    class Department:
        name = role

        def make(self, suffix: str) -> str:
            db = f"{role}_{suffix}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{db}" OWNER {role}')
            made.append(db)
            return db

        def url(self, db: str, *, in_query: bool = False, options: str | None = None) -> str:
            query = {"options": options} if options else {}
            if in_query:
                query["password"] = ODD_PASSWORD
                url = sa.URL.create("postgresql+psycopg", username=role, host="127.0.0.1", port=5432, database=db,
                                    query=query)
            else:
                url = sa.URL.create("postgresql+psycopg", username=role, password=ODD_PASSWORD, host="127.0.0.1",
                                    port=5432, database=db, query=query)
            return url.render_as_string(hide_password=False)

        def grant_createdb(self) -> None:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"ALTER ROLE {role} CREATEDB")

    try:
        yield Department()
    finally:
        with admin.connect() as conn:
            for db in made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            for db in conn.exec_driver_sql(
                "SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = %s", (role,)
            ).scalars().all():
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        admin.dispose()


def _recording_tools(tmp_path: Path, monkeypatch) -> Path:
    """pg_dump and pg_restore on PATH as wrappers that write each command line they get to a log, then run the
    real tool: what anyone could read with ``ps``."""
    folder, log = tmp_path / "bin", tmp_path / "argv.log"
    folder.mkdir()
    for name in ("pg_dump", "pg_restore"):
        real = shutil.which(name)
        if real is None:
            pytest.skip(f"không có {name}")
        script = folder / name
        script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" >> "{log}"\nexec "{real}" "$@"\n')
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.mark.parametrize("in_query", [True, False], ids=["password-in-query", "password-in-url"])
def test_a_password_with_odd_characters_backs_up_and_restores_and_never_reaches_the_command_line(
    tmp_path, department, monkeypatch, in_query
):
    log = _recording_tools(tmp_path, monkeypatch)
    source, target = department.make("nguon"), department.make("dich")
    wrong = sa.make_url(department.url(source)).set(password="sai")
    with pytest.raises(PlannerError, match="sai tên người dùng hoặc mật khẩu"):  # the server does check it
        planner.open_workspace(wrong.render_as_string(hide_password=False)).close()
    department.grant_createdb()  # restore reads the dump into a scratch database (below: without it)
    copy_workspace(_rich(tmp_path / "nguon"), department.url(source, in_query=in_query))

    backup_workspace(department.url(source, in_query=in_query), tmp_path / "ban.dump")
    result = restore_workspace(tmp_path / "ban.dump", department.url(target, in_query=in_query))

    assert result == table_checksums(department.url(source)) == table_checksums(tmp_path / "nguon")
    argv = log.read_text()
    assert "pg_dump" in argv and "pg_restore" in argv
    for form in (ODD_PASSWORD, quote(ODD_PASSWORD), quote_plus(ODD_PASSWORD), "p@ss", "p%40ss", "password="):
        assert form not in argv, f"the password reached the command line: {form!r}"
    assert f"user='{department.name}'" in argv and "host='127.0.0.1'" in argv


def _schema_url(postgres_server, written: str) -> str:
    """The session database with ``options=-csearch_path=<written>`` (as a person would write it in a URL)."""
    return postgres_server.url.update_query_dict({"options": f"-csearch_path={written}"}).render_as_string(False)


def _schemas_like(postgres_server, stem: str) -> list[str]:
    return [r[0] for r in db_rows(postgres_server.url, "SELECT nspname FROM pg_namespace ORDER BY nspname")
            if stem.lower() in r[0].lower()]


def test_backup_keeps_a_schema_name_with_capitals_or_pattern_characters_exactly(tmp_path, postgres_server):
    _admin(postgres_server).dispose()
    tag = os.urandom(3).hex()
    capitals = _schema_url(postgres_server, f'"KeHoach{tag}"')
    pattern, lookalike = (_schema_url(postgres_server, f'"ke{c}hoach{tag}"') for c in "?x")
    copy_workspace(_rich(tmp_path / "nguon"), capitals)
    copy_workspace(tmp_path / "nguon", pattern)
    planner.open_workspace(lookalike, user="khac", create_schema=True).close()  # what 'ke?hoach' would match
    assert _schemas_like(postgres_server, tag) == [f"KeHoach{tag}", f"ke?hoach{tag}", f"kexhoach{tag}"]

    backup_workspace(capitals, tmp_path / "hoa.dump")
    backup_workspace(pattern, tmp_path / "mau.dump")

    listed = subprocess.run(["pg_restore", "-l", str(tmp_path / "mau.dump")], capture_output=True, text=True).stdout
    assert [line.split()[-2] for line in listed.splitlines() if " SCHEMA - " in line] == [f"ke?hoach{tag}"]
    for dump, source in (("hoa.dump", capitals), ("mau.dump", pattern)):
        again = _schema_url(postgres_server, f'"Ve{dump[:3]}{tag}"')
        assert restore_workspace(tmp_path / dump, again) == table_checksums(source) == table_checksums(
            tmp_path / "nguon")


@pytest.mark.parametrize("how", ["open", "init", "copy"])
def test_a_new_workspace_goes_into_a_missing_schema_where_the_search_path_finds_it(tmp_path, postgres_server, how):
    _admin(postgres_server).dispose()
    tag = os.urandom(3).hex()
    written = {"unquoted": f"keXhoach{tag}", "quoted": f'"KeHoach{tag}"', "quote inside": f'"Ke""Hoach{tag}"'}
    meant = {"unquoted": f"kexhoach{tag}", "quoted": f"KeHoach{tag}", "quote inside": f'Ke"Hoach{tag}'}
    if how == "copy":
        _rich(tmp_path / "nguon")
    for kind, text in written.items():
        url = _schema_url(postgres_server, text)
        if how == "open":
            planner.open_workspace(url, user="chuyenvien", create_schema=True).close()
        elif how == "init":
            done = _cli("init", "--database", url)
            assert done.returncode == 0, done.stderr
        else:
            copy_workspace(tmp_path / "nguon", url)
        assert db_rows(sa.make_url(url), "SELECT current_schema()") == [(meant[kind],)]
        assert db_rows(sa.make_url(url), "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
                       "AND table_name = 'meta'", meant[kind]) == [(1,)]
        with planner.open_workspace(url, user="chuyenvien") as ws:
            assert len(ws.units()) == 17
    assert sorted(_schemas_like(postgres_server, tag)) == sorted(meant.values())  # nothing else made


def test_opening_a_mistyped_schema_is_refused_and_creates_nothing(tmp_path, postgres_server, capsys):
    """Found by an outside tester: `members --workspace URL` with a mistyped schema in the search_path created a
    new, open workspace there (no members: anyone may write). Only init (and copy, restore) make a schema."""
    tag = os.urandom(3).hex()
    url = _schema_url(postgres_server, f"khongco{tag}")
    with pytest.raises(PlannerError, match=f'không có schema "khongco{tag}".*planner init --database'):
        planner.open_workspace(url, user="chuyenvien")
    assert cli.main(["members", "--workspace", url]) == 2
    assert f'không có schema "khongco{tag}"' in capsys.readouterr().err
    assert _schemas_like(postgres_server, tag) == []  # nothing made
    done = _cli("init", "--database", url)
    assert done.returncode == 0, done.stderr
    assert _schemas_like(postgres_server, tag) == [f"khongco{tag}"]
    with planner.open_workspace(url, user="chuyenvien") as ws:  # now it is there
        assert len(ws.units()) == 17


def test_a_failing_copy_into_a_missing_schema_leaves_no_schema_behind(tmp_path, postgres_server, pg_url):
    _rich(tmp_path / "nguon")
    tag = os.urandom(3).hex()
    target = _schema_url(postgres_server, f"moiXmoi{tag}")
    home = sa.make_url(pg_url("ham")).query["options"].split("=", 1)[1]  # where the meddling functions live
    with _meddling(postgres_server, home=home, target=f"moixmoi{tag}"):
        with pytest.raises(PlannerError, match="không khớp với nguồn"):
            copy_workspace(tmp_path / "nguon", target)
    assert _schemas_like(postgres_server, tag) == []  # the schema made for the copy went with it
    copy_workspace(tmp_path / "nguon", target)
    assert _schemas_like(postgres_server, tag) == [f"moixmoi{tag}"]


def test_a_missing_schema_the_role_may_not_create_is_named_in_vietnamese(tmp_path, postgres_server, department):
    db = department.make("khong-quyen")
    with _admin(postgres_server).connect() as conn:
        conn.exec_driver_sql(f'REVOKE CREATE ON DATABASE "{db}" FROM {department.name}, PUBLIC')
    url = department.url(db, options='-csearch_path="KeHoach"')
    with pytest.raises(PlannerError, match='Không tạo được schema "KeHoach".*CREATE SCHEMA "KeHoach"') as caught:
        planner.open_workspace(url, user="chuyenvien", create_schema=True)
    assert ODD_PASSWORD not in str(caught.value) and "p@ss" not in str(caught.value)
    assert "không có quyền tạo schema" in str(caught.value) and "permission denied" not in str(caught.value)
    assert db_rows(sa.make_url(department.url(db)), "SELECT count(*) FROM pg_namespace WHERE nspname = 'KeHoach'") \
        == [(0,)]


def test_restore_says_in_vietnamese_what_is_missing(tmp_path, department, postgres_server):
    source, target, busy = department.make("nguon"), department.make("dich"), department.make("co-san")
    copy_workspace(_rich(tmp_path / "nguon"), department.url(source))
    planner.open_workspace(department.url(busy), user="khac").close()
    backup_workspace(department.url(source), tmp_path / "ban.dump")
    before = table_checksums(department.url(busy))

    # the README's role has no CREATEDB: what to do is said, nothing is made
    with pytest.raises(PlannerError, match=f"không có quyền tạo cơ sở dữ liệu \\(CREATEDB\\).*ALTER ROLE "
                       f'"{department.name}" CREATEDB'):
        restore_workspace(tmp_path / "ban.dump", department.url(target))
    assert db_rows(sa.make_url(department.url(target)), "SELECT count(*) FROM information_schema.tables "
                   "WHERE table_schema = 'public'") == [(0,)]
    # a target holding a workspace is refused before any scratch database (else the CREATEDB message came first)
    with pytest.raises(PlannerError, match="đã có một không gian làm việc.*Không có gì bị ghi đè"):
        restore_workspace(tmp_path / "ban.dump", department.url(busy))
    assert table_checksums(department.url(busy)) == before
    # a database that is not there
    with pytest.raises(PlannerError, match="chưa có cơ sở dữ liệu này") as caught:
        restore_workspace(tmp_path / "ban.dump", department.url(f"{department.name}_khong_co"))
    assert "does not exist" not in str(caught.value) and ODD_PASSWORD not in str(caught.value)
    # a file that is not there, a folder
    with pytest.raises(PlannerError, match="không tìm thấy tệp hoặc thư mục") as caught:
        restore_workspace(tmp_path / "khong-co.dump", department.url(target))
    assert "No such file" not in str(caught.value)
    with pytest.raises(PlannerError, match="đây là một thư mục, không phải tệp") as caught:
        restore_workspace(tmp_path, department.url(target))
    assert "Is a directory" not in str(caught.value)

    department.grant_createdb()  # with it the same restore goes through
    assert restore_workspace(tmp_path / "ban.dump", department.url(target)) == table_checksums(department.url(source))

"""Connecting to a database server: every failure is a Vietnamese PlannerError that never shows the password,
a silent server does not hang the planner, a server account without grants is told what to ask for, and a
password given as the URL's ``?password=`` is hidden as the userinfo's is.

The tests with a real PostgreSQL account (a role with a password, over TCP) use ``postgres_server`` and are
skipped when no server is reachable; the roles and databases they make are dropped afterwards."""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

import planner
from planner import cli
from planner.errors import PermissionDenied, PlannerError
from planner.store.rows import hide_secrets
from tests.helpers import db_execute, db_rows

START = "Không kết nối được cơ sở dữ liệu "
SECRET = "p@ss w?rd"  # a password with the characters a URL must percent-encode
ENCODED = urllib.parse.quote(SECRET, safe="")  # p%40ss%20w%3Frd
ITEM = {"format": "post", "platform": "zalo", "theme": "event", "date": "2025-05-01", "title": "Tin gốc"}


def _secret_free(text: str) -> None:
    for piece in (SECRET, ENCODED, "ss w", "w?rd", "w%3Frd", "p%40ss"):
        assert piece not in text, (piece, text)


def _cli_refuses(url: str, capsys) -> str:
    """The CLI ends with a Vietnamese 'Lỗi: …' (exit 2), never an unexpected error, and shows no password."""
    assert cli.main(["members", "--workspace", url]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("Lỗi: ") and "ngoài dự kiến" not in err, err
    _secret_free(out + err)
    return err


# ---------------------------------------------------------------------------------------------- hide_secrets
@pytest.mark.parametrize("text, shown", [
    (f"postgresql+psycopg://lan@may-chu/kh?password={ENCODED}", "postgresql+psycopg://lan@may-chu/kh?password=***"),
    (f"mở postgresql://lan@may-chu/kh?sslmode=require&PassWord={ENCODED}&application_name=ke-hoach thất bại",
     "mở postgresql://lan@may-chu/kh?sslmode=require&PassWord=***&application_name=ke-hoach thất bại"),
    (f"postgresql://lan@may-chu/kh?pass%77ord={ENCODED}", "postgresql://lan@may-chu/kh?pass%77ord=***"),
    (f"'postgresql://lan@may-chu/kh?password={SECRET}'", "'postgresql://lan@may-chu/kh?password=***'"),
    (f"chép từ postgresql://lan:{SECRET}@may-chu/kh xong", "chép từ postgresql://lan:***@may-chu/kh xong"),
    ("postgresql://a:x1@h1/kh → postgresql://b:y2@h2/kh", "postgresql://a:***@h1/kh → postgresql://b:***@h2/kh"),
    ("postgresql://may-chu/kh?application_name=ke-hoach", "postgresql://may-chu/kh?application_name=ke-hoach"),
])
def test_hide_secrets_hides_a_password_in_the_query_and_a_raw_at_sign_in_the_userinfo(text, shown):
    assert hide_secrets(text) == shown


# ---------------------------------------------------------------------------------------------- connection errors
@pytest.mark.parametrize("url, cause", [
    ("postgresql+psycopg://lan:{s}@no-such-host.invalid/kh", "không tìm thấy máy chủ no-such-host.invalid"),
    ("postgresql+psycopg://lan:{s}@127.0.0.1:1/kh?sslmode=bogus", "tham số sau dấu ? trong địa chỉ (sslmode)"),
    ("postgresql+psycopg://lan:{s}@127.0.0.1:1/kh?foo=bar", "tham số sau dấu ? trong địa chỉ (foo)"),
    ("postgresql+psycopg://lan:{s}@127.0.0.1:1/kh?connect_timeout=abc", "(connect_timeout) không hợp lệ"),
    ("postgresql+psycopg://lan:{s}@127.0.0.1:1/kh?port=abc", "tham số sau dấu ? trong địa chỉ không hợp lệ"),
])
def test_a_failure_to_connect_is_a_planner_error_with_its_cause_and_no_password(url, cause, capsys):
    url = url.format(s=ENCODED)
    with pytest.raises(PlannerError) as caught:
        planner.open_workspace(url, user="lan")
    message = str(caught.value)
    assert message.startswith(START + "postgresql+psycopg://lan:***@") and cause in message, message
    assert "psycopg" not in message.replace("postgresql+psycopg", "") and "sqlalche" not in message
    _secret_free(message)
    assert cause in _cli_refuses(url, capsys)


def test_a_password_with_a_raw_at_sign_is_refused_before_connecting_with_how_to_encode_it(capsys):
    """``lan:p@ss w?rd@localhost``: read as it stands, the host would be 'ss w' (a piece of the password, sent
    to a name server and shown in the driver's error). Refused before anything connects."""
    url = f"postgresql+psycopg://lan:{SECRET}@localhost/kh"
    with pytest.raises(PlannerError) as caught:
        planner.open_workspace(url, user="lan")
    message = str(caught.value)
    assert message.startswith(START + "postgresql+psycopg://lan:***@localhost/kh: "), message
    assert "@ → %40" in message and "dấu cách → %20" in message and "~/.pgpass" in message
    _secret_free(message)
    assert "%40" in _cli_refuses(url, capsys)


@pytest.mark.parametrize("query", [f"password={ENCODED}", f"PASSWORD={ENCODED}", f"pass%77ord={ENCODED}"])
def test_a_password_in_the_query_is_not_shown_in_a_connection_error(query, capsys):
    url = f"postgresql+psycopg://lan@127.0.0.1:1/kh?{query}"  # nobody answers on port 1
    with pytest.raises(PlannerError) as caught:
        planner.open_workspace(url, user="lan")
    message = str(caught.value)
    assert message.startswith(START + "postgresql+psycopg://lan:***@127.0.0.1:1/kh: máy chủ chưa chạy"), message
    _secret_free(message)
    _cli_refuses(url, capsys)


def test_the_ssl_key_passphrase_is_a_secret_too(tmp_path, monkeypatch, capsys):
    """Found by an outside tester: ?sslpassword= (the passphrase of the client's SSL key) was shown in repr(ws),
    in messages and the CLI, and went onto pg_dump's command line. It is hidden like a password, and reaches
    pg_dump only through a service file readable by this user alone, removed once the tool has run."""
    from planner.store import transfer
    from planner.store.engine import locate, shown_url

    secret = "Bi-mat SSL 9"
    url = f"postgresql+psycopg://lan@127.0.0.1:1/kh?sslpassword={urllib.parse.quote(secret)}&sslmode=prefer"
    assert secret not in hide_secrets(url) and "sslpassword=***" in hide_secrets(url)
    assert secret not in shown_url(locate(url).url) and secret not in transfer.describe(url)
    with pytest.raises(PlannerError) as caught:
        planner.open_workspace(url, user="lan")
    assert secret not in str(caught.value) and urllib.parse.quote(secret) not in str(caught.value)
    assert secret not in _cli_refuses(url, capsys)
    args, env = transfer._libpq(locate(url))
    assert not any(secret in a for a in args) and "service='planner'" in args[-1]
    service = Path(env["PGSERVICEFILE"])
    assert service.read_text(encoding="utf-8") == f"[planner]\nsslpassword={secret}\n"
    assert service.stat().st_mode & 0o077 == 0  # nobody else may read it
    seen = tmp_path / "env.txt"  # a stand-in for pg_dump: what it was given
    tool = tmp_path / "pg_dump"
    tool.write_text(f"#!/bin/sh\necho \"$@\" > '{seen}'\ncat \"$PGSERVICEFILE\" >> '{seen}'\n", encoding="utf-8")
    tool.chmod(0o755)
    transfer._run([str(tool), *args], env, "thử")
    assert f"sslpassword={secret}" in seen.read_text(encoding="utf-8")  # the tool could read it …
    assert secret not in seen.read_text(encoding="utf-8").splitlines()[0]  # … not from its arguments
    assert not service.exists()  # and it is gone


# ---------------------------------------------------------------------------------------------- time limit
class SilentServer:
    """A TCP listener on 127.0.0.1 that accepts connections and never answers (a hung server, or another
    program on the port)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(conn)  # held open, never read from or written to

    def close(self) -> None:
        self.listener.close()
        for conn in self.accepted:
            conn.close()  # a connect still waiting (without a time limit) ends here


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def _open_in_thread(url: str, seconds: float):
    """What ``open_workspace(url)`` raised, and how long it took — or None if it is still waiting after
    ``seconds`` (the test then fails instead of hanging)."""
    outcome: dict = {}

    def run():
        started = time.monotonic()
        try:
            planner.open_workspace(url, user="lan").close()
            outcome["error"] = None
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc
        outcome["took"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return None if thread.is_alive() else outcome


def test_a_server_that_never_answers_ends_in_a_planner_error_within_the_time_limit(silent_server, monkeypatch,
                                                                                     capsys):
    monkeypatch.setenv("PLANNER_BUSY_TIMEOUT", "300")  # 0.3 s: the time limit is then its minimum, 2 s
    url = f"postgresql+psycopg://lan:{ENCODED}@127.0.0.1:{silent_server.port}/kh"
    outcome = _open_in_thread(url, 20)
    assert outcome is not None, "open_workspace still waits for a server that never answers after 20 s"
    assert silent_server.accepted, "the listener was never reached"
    error = outcome["error"]
    assert isinstance(error, PlannerError), repr(error)
    assert str(error).startswith(START + f"postgresql+psycopg://lan:***@127.0.0.1:{silent_server.port}/kh: "
                                 "máy chủ không trả lời sau 2 giây"), str(error)
    assert 1.5 <= outcome["took"] < 10, outcome["took"]
    _secret_free(str(error))


def test_a_connect_timeout_in_the_url_wins(silent_server, monkeypatch):
    monkeypatch.setenv("PLANNER_BUSY_TIMEOUT", "60000")  # would be a minute
    url = f"postgresql+psycopg://lan@127.0.0.1:{silent_server.port}/kh?connect_timeout=3"
    outcome = _open_in_thread(url, 20)
    assert outcome is not None, "the URL's connect_timeout=3 was not used"
    assert isinstance(outcome["error"], PlannerError) and "không trả lời sau 3 giây" in str(outcome["error"])
    assert 2.5 <= outcome["took"] < 10, outcome["took"]


# ---------------------------------------------------------------------------------------------- refusals
def _workspace_with_members(folder):
    with planner.open_workspace(folder, user="boss") as ws:
        ws.set_member("boss", role="manager")
        ws.set_member("vic", role="viewer")
        return ws.add_item(unit_id=ws.units()["unit_id"].iloc[0], **ITEM)


def test_a_refusal_still_reaches_the_caller_when_the_database_will_not_record_it(tmp_path, engine_name):
    """The audit row of a refusal is written in a transaction of its own; when the database refuses that
    write (here a trigger, as a server refuses an account without INSERT), the PermissionDenied still reaches
    the caller — not the database's error — and nothing is written."""
    folder = tmp_path / "ws"
    item_id = _workspace_with_members(folder)
    if engine_name == "postgresql":
        db_execute(folder, "CREATE FUNCTION no_changes() RETURNS trigger LANGUAGE plpgsql AS "
                           "$$ BEGIN RAISE EXCEPTION 'so nhat ky dang khoa'; END $$")
        db_execute(folder, "CREATE TRIGGER no_changes BEFORE INSERT ON changes FOR EACH ROW "
                           "EXECUTE FUNCTION no_changes()")
    else:
        db_execute(folder, "CREATE TRIGGER no_changes BEFORE INSERT ON changes "
                           "BEGIN SELECT RAISE(ABORT, 'so nhat ky dang khoa'); END")
    before = db_rows(folder, "SELECT count(*) FROM changes")
    with planner.open_workspace(folder, user="vic") as ws:
        with pytest.raises(PermissionDenied, match="'vic'"):
            ws.update_item(item_id, version=1, title="Sửa trái phép")
    assert db_rows(folder, "SELECT title, version FROM items WHERE item_id = ?", item_id) == [("Tin gốc", 1)]
    assert db_rows(folder, "SELECT count(*) FROM changes") == before


# ---------------------------------------------------------------------------------------------- a real account
@pytest.fixture(scope="module")
def server_account(postgres_server):
    """A database of its own holding a workspace (made by the admin), and a login role ``ro_…`` with the
    password SECRET and no grants yet; both dropped afterwards. Yields (admin URL of the database, role,
    URL text of the role without a password)."""
    if not hasattr(postgres_server, "admin"):
        pytest.skip(f"không có máy chủ PostgreSQL: {postgres_server}")
    tag = uuid.uuid4().hex[:8]
    name, role = f"planner_conn_{os.getpid()}_{tag}", f"ro_{tag}"
    admin = sa.create_engine(postgres_server.admin, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{SECRET}'")
    owner = postgres_server.admin.set(database=name)
    host, port = postgres_server.admin.host or "127.0.0.1", postgres_server.admin.port
    bare = sa.URL.create("postgresql+psycopg", username=role, host=host, port=port, database=name)
    try:
        probe = sa.create_engine(bare.set(password=SECRET), poolclass=sa.pool.NullPool)
        try:
            with probe.connect():
                pass
        except sa.exc.OperationalError as exc:
            pytest.skip(f"máy chủ không cho đăng nhập bằng mật khẩu qua {host}: {type(exc).__name__}")
        finally:
            probe.dispose()
        yield owner, role, bare.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        admin.dispose()


def _grant(owner: sa.URL, sql: str) -> None:
    engine = sa.create_engine(owner, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def test_an_account_without_grants_is_told_what_to_ask_for(server_account, capsys):
    owner, role, bare = server_account
    item_id = _workspace_with_members(owner.render_as_string(hide_password=False))
    url = f"{bare}?password={ENCODED}"

    # no grant at all: the migration check cannot read the workspace's meta table
    for user in ("boss", "vic"):
        with pytest.raises(PlannerError) as caught:
            planner.open_workspace(url, user=user)
        message = str(caught.value)
        assert message.startswith(f"Máy chủ không cho tài khoản {role} đọc không gian làm việc "), message
        assert f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}" in message and "(bảng meta)" in message
        assert not isinstance(caught.value, PermissionDenied)
        _secret_free(message)
    _cli_refuses(url, capsys)

    # SELECT only: it opens and reads; a write is refused by the server, a viewer's by the planner
    _grant(owner, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    with planner.open_workspace(url, user="boss") as ws:
        assert repr(ws) == f"Workspace('{bare.replace(f'{role}@', f'{role}:***@')}')"
        _secret_free(repr(ws) + ws.url)
        assert ws.item(item_id)["title"] == "Tin gốc"
        with pytest.raises(PlannerError) as caught:
            ws.update_item(item_id, version=1, title="Sửa")
    message = str(caught.value)
    assert message.startswith(f"Máy chủ không cho tài khoản {role} ghi vào không gian làm việc "), message
    assert "(bảng changes)" in message and "read_only=True" in message
    assert f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}" in message
    _secret_free(message)
    with planner.open_workspace(url, user="vic") as ws:
        with pytest.raises(PermissionDenied, match="'vic'"):
            ws.update_item(item_id, version=1, title="Sửa")
    with planner.open_workspace(url, user="boss", read_only=True) as ws:
        assert ws.read_only and ws.item(item_id)["title"] == "Tin gốc"
    owner_text = owner.render_as_string(hide_password=False)
    assert db_rows(sa.make_url(owner_text), "SELECT title, version FROM items WHERE item_id = ?", item_id) == [
        ("Tin gốc", 1)
    ]
    assert db_rows(sa.make_url(owner_text), "SELECT count(*) FROM changes WHERE action = 'refused'") == [(0,)]


def test_a_user_name_with_an_at_sign_gets_the_encoding_hint_when_the_login_fails(server_account):
    _owner, role, bare = server_account
    url = bare.replace(f"{role}@", f"{role}@ban:khong-dung@")  # user 'ro_…@ban', a wrong password
    with pytest.raises(PlannerError) as caught:
        planner.open_workspace(url, user="boss")
    message = str(caught.value)
    assert message.startswith(START) and "máy chủ từ chối đăng nhập" in message and "@ → %40" in message
    assert "khong-dung" not in message

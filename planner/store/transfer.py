"""Moving a workspace: copy between engines, back up while others work, restore.

A *place* is what :func:`planner.open_workspace` accepts: a folder (``planner.sqlite`` inside), a ``.sqlite``
file, or a database URL (``postgresql+psycopg://…``; the schema is the URL's ``search_path``, else ``public``).

Rules:

* :func:`copy_workspace` copies every table of the schema (the audit and the change sets included) with
  ids and versions as they are; on PostgreSQL the id sequences continue after the copied ids.
* The target must not hold a workspace yet: nothing of an existing workspace is ever overwritten or merged.
* The source is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE READ), so the
  copy is consistent while others keep writing.
* The copy is verified before it is put in place: row count and a SHA-256 per table over the rows read back
  from the target, in primary-key order, each value written canonically (the same on both engines). A
  mismatch raises :class:`PlannerError` and leaves no workspace at the target (SQLite: the new file is built
  beside the final name and linked in only when verified; PostgreSQL: one transaction, rolled back).
* :func:`backup_workspace`: SQLite's online backup API (a single ``.sqlite`` file), PostgreSQL's ``pg_dump -Fc``
  of the workspace's schema. :func:`restore_workspace` reads either back into a place that holds no workspace.
* A URL's password is never shown: places are rendered with ``hide_password``; ``pg_dump`` gets it through
  the environment, never on its command line.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from planner.catalogue import describe_os_error
from planner.errors import PlannerError
from planner.store.engine import (
    PG_LOCK_CLASS,
    PG_WORKSPACE_SCHEMA,
    Location,
    _ro_uri,
    locate,
    make_engine,
    shown_url,
    sqlite_kind,
    write_transaction,
)
from planner.store.schema import SCHEMA_VERSION, metadata

__all__ = ["copy_workspace", "backup_workspace", "restore_workspace", "table_checksums", "describe", "holds_workspace"]

_CHUNK = 2000
_PG_DUMP_MAGIC = b"PGDMP"
_SQLITE_MAGIC = b"SQLite format 3\x00"


# ---------------------------------------------------------------------------------------------- places
def describe(place: Location | str | os.PathLike) -> str:
    """A place as a person may see it: the file, or the URL without its secrets (:func:`shown_url`)."""
    location = place if isinstance(place, Location) else locate(place)
    if location.db_file is not None:
        return str(location.db_file)
    return shown_url(location.url)


def _location(place: Location | str | os.PathLike) -> Location:
    return place if isinstance(place, Location) else locate(place)


def _file_location(path: Path) -> Location:
    """A SQLite file whatever its name (a backup need not end in .sqlite)."""
    path = path.expanduser().resolve()
    return Location(sa.URL.create("sqlite", database=str(path)), path.parent, path)


def _server_engine(location: Location, **kwargs) -> Engine:
    return sa.create_engine(location.url, poolclass=sa.pool.NullPool, **kwargs)


def _pg_schema(conn: Connection) -> str | None:
    """The workspace's schema (:data:`planner.store.engine.PG_WORKSPACE_SCHEMA`), None when the search_path
    names no existing schema."""
    return conn.exec_driver_sql(f"SELECT {PG_WORKSPACE_SCHEMA}").scalar()


def _split_search_path(text: str) -> list[str]:
    """The names of a ``search_path`` setting as PostgreSQL reads them (``SplitIdentifierString``): an unquoted
    name is folded to lower case (ASCII letters) and cut to 63 bytes, a quoted one kept exactly (``""`` is ``"``)."""
    names, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        if text[i] == '"':
            j, name = i + 1, []
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        name.append('"')
                        j += 2
                        continue
                    break
                name.append(text[j])
                j += 1
            names.append("".join(name))
            i = j + 1
        else:
            j = i
            while j < n and text[j] != "," and not text[j].isspace():
                j += 1
            word = "".join(c.lower() if "A" <= c <= "Z" else c for c in text[i:j])
            names.append(word.encode("utf-8")[:63].decode("utf-8", "ignore"))
            i = j
        while i < n and text[i] != ",":
            i += 1
        i += 1  # past the comma
    return names


def _search_path_first(conn: Connection) -> str:
    """The schema a URL's ``search_path`` names first (what a new workspace there is created in), resolved as
    PostgreSQL resolves it: ``keXhoach`` is ``kexhoach``, ``"KeHoach"`` is ``KeHoach``."""
    path = conn.exec_driver_sql("SHOW search_path").scalar() or ""
    names = [name for name in _split_search_path(path) if name and name != "$user"]
    return names[0] if names else "public"


def quote_ident(name: str) -> str:
    """``name`` as a PostgreSQL identifier that means exactly it (double-quoted, ``"`` doubled)."""
    return '"' + name.replace('"', '""') + '"'


def search_path_option(schema: str) -> str:
    """A libpq ``options`` value setting ``search_path`` to exactly ``schema`` (quoted; spaces and backslashes
    escaped as libpq's options splitting wants)."""
    value = "-csearch_path=" + quote_ident(schema)
    return re.sub(r"([\\\s])", r"\\\1", value)


def ensure_schema(conn: Connection, where: str, *, create: bool = True) -> str | None:
    """PostgreSQL, inside a write transaction: the schema a new workspace goes into, created when the URL's
    ``search_path`` names one that is missing (in this transaction, so a failure later leaves nothing behind).
    Returns the schema created, else None. Raises :class:`PlannerError` naming the schema when it cannot be made
    — or, ``create=False`` (opening, not init/copy/restore), when it is missing."""
    if conn.dialect.name != "postgresql" or _pg_schema(conn) is not None:
        return None
    schema = _search_path_first(conn)
    if not create:
        raise PlannerError(
            f'Trên máy chủ không có schema "{schema}" (tên đầu tiên trong search_path của địa chỉ {where}), nên '
            "không có không gian làm việc nào ở đó: kiểm tra lại tên trong địa chỉ. Để tạo một không gian làm việc "
            "mới ở đó, chạy python -m planner init --database … (hoặc copy/restore vào địa chỉ đó)."
        )
    # the lock writers of that schema take once it exists: two creators of one workspace take turns
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_CLASS}, hashtext(%(s)s))", {"s": schema})
    if _pg_schema(conn) is not None:  # made by someone else meanwhile
        return None
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)}")
    except (sa.exc.DBAPIError, PlannerError) as exc:  # PlannerError: the engine's own words for a refusal
        reason = str(exc.orig).splitlines()[0] if isinstance(exc, sa.exc.DBAPIError) and exc.orig else str(exc)
        if isinstance(exc, PlannerError) or "permission denied" in reason:
            reason = "vai trò này không có quyền tạo schema trong cơ sở dữ liệu"
        raise PlannerError(
            f'Không tạo được schema "{schema}" (tên đầu tiên trong search_path của địa chỉ {where}) để chứa không '
            f"gian làm việc: {reason}. Người quản trị máy chủ tạo nó trước (CREATE SCHEMA {quote_ident(schema)} "
            "AUTHORIZATION <vai trò của Ban>) hoặc cho vai trò này quyền CREATE trên cơ sở dữ liệu; hoặc sửa "
            "search_path trong địa chỉ. Không có gì bị thay đổi."
        ) from None
    if _pg_schema(conn) != schema:
        raise PlannerError(
            f'Đã tạo schema "{schema}" nhưng search_path của địa chỉ {where} vẫn không tìm thấy nó: sửa search_path '
            "trong địa chỉ. Không có gì bị thay đổi."
        )
    return schema


def _planner_tables(conn: Connection) -> set[str]:
    names = set(sa.inspect(conn).get_table_names())
    return names & set(metadata.tables)


def holds_workspace(place) -> bool:
    """Whether ``place`` already holds a planner workspace (looked at without changing anything)."""
    location = _location(place)
    if location.db_file is not None:
        return sqlite_kind(location.db_file) == "planner"
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            return "meta" in _planner_tables(conn)
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------- checksums
def _canon(value: Any) -> str:
    """One value written the same way whichever engine it was read from."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        return repr(float(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return json.dumps(str(value), ensure_ascii=False)


def _key(table: sa.Table):
    positions = [list(table.columns).index(c) for c in table.primary_key.columns]

    def key(row):
        return tuple((row[i] is not None, row[i]) for i in positions)

    return key


def _read_table(conn: Connection, table: sa.Table) -> list[tuple]:
    """All rows of ``table`` in primary-key order (sorted here: the engines' collations differ)."""
    rows = [tuple(r) for r in conn.execute(sa.select(table))]
    rows.sort(key=_key(table))
    return rows


def _digest(rows: Iterable[tuple]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(("\t".join(_canon(v) for v in row) + "\n").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _tables(conn: Connection) -> list[sa.Table]:
    present = set(sa.inspect(conn).get_table_names())
    return [t for t in metadata.sorted_tables if t.name in present]


def table_checksums(conn_or_place) -> dict[str, dict[str, Any]]:
    """``{table: {"rows": n, "sha256": hex}}`` of every planner table at a place (or on a connection)."""
    if isinstance(conn_or_place, Connection):
        return {t.name: _summary(_read_table(conn_or_place, t)) for t in _tables(conn_or_place)}
    location = _location(conn_or_place)
    engine = _reader(location)
    try:
        with _snapshot(engine) as conn:
            return table_checksums(conn)
    finally:
        engine.dispose()


def _summary(rows: list[tuple]) -> dict[str, Any]:
    return {"rows": len(rows), "sha256": _digest(rows)}


# ---------------------------------------------------------------------------------------------- reading
def _reader(location: Location) -> Engine:
    if location.db_file is not None:
        return make_engine(location, read_only=True)
    return make_engine(location)


class _snapshot:
    """One read transaction: every table is read from the same moment."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Connection:
        self.conn = self.engine.connect()
        if self.conn.dialect.name == "postgresql":
            self.conn.execution_options(isolation_level="REPEATABLE READ")
        self.tx = self.conn.begin()
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        return self.conn

    def __exit__(self, *exc) -> None:
        try:
            self.tx.rollback()
        finally:
            self.conn.close()


_KINDS = {
    "foreign": "là cơ sở dữ liệu SQLite của một chương trình khác",
    "not_sqlite": "không phải cơ sở dữ liệu SQLite",
    "corrupt": "bị hỏng hoặc không đầy đủ",
    "empty": "là một tệp rỗng",
    "unreadable": "không đọc được (kiểm tra quyền đọc)",
}


def _check_source(location: Location, where: str) -> None:
    if location.db_file is not None:
        kind = sqlite_kind(location.db_file)
        if kind == "missing":
            raise PlannerError(f"Không có không gian làm việc ở {where} để sao chép.")
        if kind != "planner":
            raise PlannerError(
                f"{where} {_KINDS.get(kind, 'không phải không gian làm việc của planner')}: không sao chép được; "
                "tệp không bị thay đổi."
            )


def _check_version(conn: Connection, where: str) -> None:
    if "meta" not in _planner_tables(conn):
        raise PlannerError(f"Không có không gian làm việc ở {where} để sao chép.")
    found = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    try:
        version = int(found or 0)
    except ValueError:
        version = -1
    if version < SCHEMA_VERSION:
        raise PlannerError(
            f"Không gian làm việc {where} ở phiên bản dữ liệu {found}, cũ hơn phiên bản {SCHEMA_VERSION} của phần "
            "mềm: mở nó một lần bằng planner (có quyền ghi) để nâng cấp rồi mới sao chép."
        )
    if version > SCHEMA_VERSION:
        raise PlannerError(
            f"Không gian làm việc {where} ở phiên bản dữ liệu {found}, mới hơn phiên bản {SCHEMA_VERSION} của phần "
            "mềm này. Hãy cập nhật phần mềm planner rồi sao chép."
        )


# ---------------------------------------------------------------------------------------------- writing
def _ordered(table: sa.Table, rows: list[tuple]) -> list[tuple]:
    """Rows in an order their foreign keys to the same table hold at every insert (parents first)."""
    self_refs = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not self_refs:
        return rows
    cols = list(table.columns)
    child = cols.index(self_refs[0].parent)
    parent_key = cols.index(self_refs[0].column)
    parents = {row[parent_key]: row[child] for row in rows}

    def depth(row) -> int:
        n, cur, seen = 0, row[child], set()
        while cur is not None and cur not in seen:
            seen.add(cur)
            n, cur = n + 1, parents.get(cur)
        return n

    return sorted(rows, key=depth)


def _insert(conn: Connection, table: sa.Table, rows: list[tuple]) -> None:
    names = [c.name for c in table.columns]
    statement = sa.insert(table)
    for start in range(0, len(rows), _CHUNK):
        conn.execute(statement, [dict(zip(names, row, strict=True)) for row in rows[start : start + _CHUNK]])


def _reset_sequences(conn: Connection, tables: list[sa.Table]) -> None:
    """PostgreSQL: each id sequence continues after the largest copied id."""
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        conn.execute(
            sa.text(
                f'SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX("{column.name}"), 0) + 1, false) '
                f'FROM "{table.name}"'
            ),
            {"table": f'"{table.name}"', "column": column.name},
        )


def _fill(conn: Connection, data: dict[str, list[tuple]], where: str) -> None:
    metadata.create_all(conn)
    tables = [t for t in metadata.sorted_tables if t.name in data]
    for table in tables:
        try:
            _insert(conn, table, _ordered(table, data[table.name]))
        except sa.exc.DBAPIError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
            raise PlannerError(
                f"Không chép được bảng {table.name} vào {where}: cơ sở dữ liệu đích từ chối một dòng ({reason}). "
                "Không gian làm việc đích không được tạo."
            ) from None
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn, tables)


def _verify(conn: Connection, expected: dict[str, dict[str, Any]], where: str) -> dict[str, dict[str, Any]]:
    found = {name: _summary(_read_table(conn, metadata.tables[name])) for name in expected}
    wrong = [name for name in expected if found[name] != expected[name]]
    if wrong:
        detail = "; ".join(
            f"{name}: nguồn {expected[name]['rows']} dòng, đích {found[name]['rows']} dòng"
            + ("" if expected[name]["rows"] != found[name]["rows"] else " (nội dung khác nhau)")
            for name in wrong
        )
        raise PlannerError(
            f"Bản sao ở {where} không khớp với nguồn ({detail}). Bản sao đã bị hủy; nguồn không bị thay đổi."
        )
    return found


def _write_sqlite(location: Location, data, expected, where: str) -> dict:
    db_file = location.db_file
    kind = sqlite_kind(db_file)
    if kind != "missing":
        raise PlannerError(
            f"Ở {where} đã có một tệp ({'không gian làm việc' if kind == 'planner' else 'tệp khác'}): sao chép chỉ "
            "vào một chỗ chưa có không gian làm việc. Chọn thư mục hoặc tên tệp mới; không có gì bị ghi đè."
        )
    try:
        db_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".planner-copy-", suffix=".sqlite", dir=db_file.parent)
        os.close(fd)
    except OSError as exc:
        raise PlannerError(f"Không ghi được vào thư mục {db_file.parent}: {describe_os_error(exc)}.") from None
    tmp = Path(tmp_name)
    try:
        engine = sa.create_engine(sa.URL.create("sqlite", database=tmp_name), poolclass=sa.pool.NullPool)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                _fill(conn, data, where)
            with engine.connect() as conn:  # read back what was committed to the file
                found = _verify(conn, expected, where)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise PlannerError(f"Bản sao ở {where} có {len(problems)} tham chiếu hỏng; bản sao đã bị hủy.")
        finally:
            engine.dispose()
        try:
            os.link(tmp, db_file)  # never replaces a file someone made meanwhile
        except FileExistsError:
            raise PlannerError(f"Trong lúc sao chép, đã có người tạo {where}; bản sao đã bị hủy.") from None
        except OSError as exc:
            raise PlannerError(f"Không tạo được tệp {where}: {describe_os_error(exc)}.") from None
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    return found


def _write_server(location: Location, data, expected, where: str) -> dict:
    engine = make_engine(location)
    try:
        with write_transaction(engine) as conn:
            ensure_schema(conn, where)  # a missing schema is made in this transaction: a failure leaves none
            existing = _planner_tables(conn)
            if existing:
                what = "một không gian làm việc" if "meta" in existing else "bảng " + ", ".join(sorted(existing))
                raise PlannerError(
                    f"Ở {where} đã có {what}: sao chép chỉ vào một chỗ chưa có không gian làm việc "
                    "(một schema hoặc cơ sở dữ liệu mới). Không có gì bị ghi đè."
                )
            _fill(conn, data, where)
            return _verify(conn, expected, where)  # read back inside the transaction: a mismatch rolls back
    finally:
        engine.dispose()


def copy_workspace(source, target) -> dict[str, dict[str, Any]]:
    """Copy the workspace at ``source`` into ``target`` (folder, .sqlite file or URL; any two engines).

    Every table is copied with its ids, versions, audit and change sets; ``target`` must not hold a workspace.
    Returns ``{table: {"rows": n, "sha256": hex}}`` as verified on the target; raises :class:`PlannerError`
    (in Vietnamese, the URL's password hidden) when anything is refused or does not match.
    """
    src, dst = _location(source), _location(target)
    src_where, dst_where = describe(src), describe(dst)
    _check_source(src, src_where)
    engine = _reader(src)
    try:
        with _snapshot(engine) as conn:
            _check_version(conn, src_where)
            data = {t.name: _read_table(conn, t) for t in _tables(conn)}
    finally:
        engine.dispose()
    expected = {name: _summary(rows) for name, rows in data.items()}
    if dst.db_file is not None:
        return _write_sqlite(dst, data, expected, dst_where)
    return _write_server(dst, data, expected, dst_where)


# ---------------------------------------------------------------------------------------------- backup
def _conninfo_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _libpq(location: Location) -> tuple[list[str], dict[str, str]]:
    """``pg_dump``/``pg_restore`` connection arguments and environment.

    The URL's parts go into a libpq keyword/value string, each value quoted, so any character in them stays
    itself; the password (``url.password``, or ``password`` in the URL's query) only into ``PGPASSWORD``, never
    onto the command line. ``options`` (the search_path) is left out: the tools name the schema themselves."""
    url = location.url
    env = dict(os.environ)
    query = dict(url.query)
    password = url.password if url.password is not None else query.get("password")
    if isinstance(password, tuple):
        password = password[-1]
    if password is not None:
        env["PGPASSWORD"] = str(password)
    parts = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    for key, value in query.items():
        if key not in ("options", "password", "sslpassword"):
            parts[key] = ",".join(value) if isinstance(value, tuple) else value
    passphrase = query.get("sslpassword")  # libpq reads it from no environment variable: a private service file
    if passphrase:
        passphrase = passphrase[-1] if isinstance(passphrase, tuple) else passphrase
        if "\n" in passphrase or "\r" in passphrase:
            raise PlannerError("Mật khẩu khóa SSL (sslpassword) trong địa chỉ có ký tự xuống dòng: không dùng được.")
        fd, path = tempfile.mkstemp(prefix=".planner-pg-", suffix=".conf")  # readable by this user only
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"[planner]\nsslpassword={passphrase}\n")
        env["PGSERVICEFILE"] = path
        _SERVICE_FILES.add(path)
        parts["service"] = "planner"
    conninfo = " ".join(f"{k}={_conninfo_value(str(v))}" for k, v in parts.items() if v is not None)
    return ["--dbname", conninfo], env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PlannerError(
            f"Không tìm thấy chương trình {name} (của PostgreSQL): cài gói postgresql-client cùng phiên bản với "
            "máy chủ rồi thử lại."
        )
    return found


#: Service files :func:`_libpq` wrote (removed by :func:`_run` once the tool has read them).
_SERVICE_FILES: set[str] = set()


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True)
    finally:
        service = env.get("PGSERVICEFILE")
        if service in _SERVICE_FILES:
            _SERVICE_FILES.discard(service)
            os.unlink(service)
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise PlannerError(f"{what} không thành công: {message[-1] if message else done.returncode}.")


def _new_file(target: Path) -> Path:
    if target.exists():
        raise PlannerError(f"Đã có tệp {target}: chọn tên khác cho bản sao lưu, không có gì bị ghi đè.")
    if not target.parent.is_dir():
        raise PlannerError(f"Không có thư mục {target.parent} để ghi bản sao lưu.")
    fd, tmp = tempfile.mkstemp(prefix=".planner-backup-", dir=target.parent)
    os.close(fd)
    return Path(tmp)


def _put(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise PlannerError(f"Trong lúc sao lưu, đã có người tạo tệp {target}; bản sao lưu này bị hủy.") from None
    finally:
        tmp.unlink(missing_ok=True)


def backup_workspace(source, target: str | os.PathLike) -> dict[str, Any]:
    """A consistent copy of the workspace at ``source`` in the new file ``target``, while others keep working.

    SQLite: the online backup API, giving a ``.sqlite`` file (itself a workspace one can open).
    PostgreSQL: ``pg_dump -Fc`` of the workspace's schema. Returns ``{"file", "engine", "bytes"}``.
    """
    src = _location(source)
    where = describe(src)
    target = Path(target).expanduser().resolve()
    _check_source(src, where)
    if src.db_file is not None:
        tmp = _new_file(target)
        try:
            reader = sqlite3.connect(_ro_uri(src.db_file), uri=True)  # '?', '#', '%' in the path stay its own
            writer = sqlite3.connect(tmp)
            try:
                reader.backup(writer)  # one step: a snapshot, writers in WAL mode go on meanwhile
                writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                writer.close()
                reader.close()
            _put(tmp, target)
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            raise PlannerError(f"Không sao lưu được {where}: {exc}.") from None
        return {"file": target, "engine": "sqlite", "bytes": target.stat().st_size}
    if src.url.get_backend_name() != "postgresql":
        raise PlannerError(f"Chưa sao lưu được loại cơ sở dữ liệu {src.url.get_backend_name()} ({where}).")
    engine = make_engine(src)
    try:
        with engine.connect() as conn:
            schema = _pg_schema(conn)
            if schema is None or "meta" not in _planner_tables(conn):
                raise PlannerError(f"Không có không gian làm việc ở {where} để sao lưu.")
    finally:
        engine.dispose()
    args, env = _libpq(src)
    tmp = _new_file(target)
    try:
        _run(
            # the exact name: quoted, so capitals and pattern characters (* ? .) are the name's own
            [_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-n", quote_ident(schema), "-f", str(tmp)]
            + args,
            env,
            f"Sao lưu {where} (pg_dump)",
        )
        _put(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return {"file": target, "engine": "postgresql", "bytes": target.stat().st_size}


def restore_workspace(backup: str | os.PathLike, target) -> dict[str, dict[str, Any]]:
    """Bring the backup file ``backup`` back into ``target`` (a place holding no workspace yet); verified.

    A SQLite backup goes into any place; a ``pg_dump`` backup needs a PostgreSQL target (it is restored
    into a scratch database on that server, copied from there and verified, and the scratch database dropped).
    Returns what :func:`copy_workspace` returns.
    """
    path = Path(backup).expanduser().resolve()
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise PlannerError(
            f"Không đọc được bản sao lưu {path}: {describe_os_error(exc)}. Kiểm tra đường dẫn tới tệp sao lưu."
        ) from None
    if head.startswith(_SQLITE_MAGIC):
        return copy_workspace(_file_location(path), target)
    if not head.startswith(_PG_DUMP_MAGIC):
        raise PlannerError(
            f"{path} không phải bản sao lưu của planner (không phải tệp SQLite, cũng không phải tệp pg_dump -Fc)."
        )
    dst = _location(target)
    if dst.db_file is not None or dst.url.get_backend_name() != "postgresql":
        raise PlannerError(
            f"{path} là bản sao lưu PostgreSQL (pg_dump): khôi phục nó vào một địa chỉ postgresql+psycopg://…, "
            "rồi sao chép sang SQLite bằng lệnh copy nếu cần."
        )
    where = describe(dst)
    target_engine = make_engine(dst)  # the target first: a missing database, a workspace there — said at once
    try:
        with target_engine.connect() as conn:
            role = conn.exec_driver_sql("SELECT current_user").scalar()
            if "meta" in _planner_tables(conn):
                raise PlannerError(
                    f"Ở {where} đã có một không gian làm việc: khôi phục chỉ vào một chỗ chưa có không gian làm việc "
                    "(một schema hoặc cơ sở dữ liệu mới). Không có gì bị ghi đè."
                )
    finally:
        target_engine.dispose()
    scratch = f"planner_restore_{uuid.uuid4().hex[:12]}"
    admin = _server_engine(dst, isolation_level="AUTOCOMMIT")
    try:
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
        except sa.exc.DBAPIError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
            if "permission denied" in reason:
                raise PlannerError(
                    f"Không khôi phục được vào {where}: bản sao lưu pg_dump được đọc vào một cơ sở dữ liệu tạm "
                    f"(xóa ngay sau đó), mà vai trò {role} không có quyền tạo cơ sở dữ liệu (CREATEDB). Người quản "
                    f"trị máy chủ cho quyền đó: sudo -u postgres psql -c 'ALTER ROLE {quote_ident(role)} CREATEDB', "
                    "hoặc chạy lệnh khôi phục bằng một vai trò có quyền CREATEDB (vai trò đó cần cả quyền tạo "
                    "bảng trong cơ sở dữ liệu đích). Không có gì bị thay đổi."
                ) from None
            raise PlannerError(
                f"Không khôi phục được vào {where}: không tạo được cơ sở dữ liệu tạm để đọc bản sao lưu ({reason}). "
                "Không có gì bị thay đổi."
            ) from None
        try:
            query = {k: v for k, v in dst.url.query.items() if k != "options"}  # sslmode etc. kept, no search_path
            scratch_loc = Location(dst.url.set(database=scratch, query=query), None, None)
            empty = _server_engine(scratch_loc, isolation_level="AUTOCOMMIT")
            try:  # a workspace in a database's own 'public' schema is dumped with it: the scratch must not have one
                with empty.connect() as conn:
                    conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            finally:
                empty.dispose()
            args, env = _libpq(scratch_loc)
            _run(
                [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", *args, str(path)],
                env,
                f"Khôi phục {path.name} (pg_restore)",
            )
            probe = _server_engine(scratch_loc)
            try:
                with probe.connect() as conn:
                    schemas = (
                        conn.exec_driver_sql(
                            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'meta' "
                            "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                        )
                        .scalars()
                        .all()
                    )
            finally:
                probe.dispose()
            if len(schemas) != 1:
                raise PlannerError(f"{path} không chứa đúng một không gian làm việc ({len(schemas)}).")
            exact = scratch_loc.url.update_query_dict({"options": search_path_option(schemas[0])})
            source = Location(exact, None, None)
            return copy_workspace(source, dst)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    finally:
        admin.dispose()

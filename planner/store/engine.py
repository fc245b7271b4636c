"""Where a workspace lives and how the store talks to it: paths, URLs, engines, database errors.

Rules:

* A workspace path names exactly its own file: the SQLite URL is built from parts, never
  by pasting a path into a string, so ``ke-hoach?2025`` and ``ke-hoach?2026`` (or ``#``,
  spaces, Vietnamese letters) are different files.
* A file that is not a planner workspace (not SQLite, or SQLite without planner's tables)
  is refused before anything is written to it: it stays byte-for-byte as it was.
* Every write transaction on SQLite starts with ``BEGIN IMMEDIATE``: it takes the write
  lock before it reads, so what a write reads (versions, plan keys, the change to undo)
  cannot be changed by another writer before it commits. A writer that cannot get the
  lock waits up to ``PLANNER_BUSY_TIMEOUT`` milliseconds (default 10 s), then gets a
  :class:`~planner.errors.BusyError` in Vietnamese — never a raw "database is locked".
* Driver errors a user can cause (a file that is not a database, a truncated file, a
  read-only file, a folder that cannot be written) become :class:`PlannerError`.
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from planner.errors import BusyError, PlannerError
from planner.store.rows import hide_secrets

__all__ = [
    "DB_FILE",
    "Location",
    "locate",
    "make_engine",
    "write_transaction",
    "sqlite_kind",
    "busy_timeout_ms",
]

DB_FILE = "planner.sqlite"
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables every planner workspace has had since schema version 1.
_PLANNER_TABLES = {"meta", "units", "events", "items", "audit"}


class Location:
    """A workspace's database URL and, for a SQLite workspace, its folder and file."""

    def __init__(self, url: sa.URL, folder: Path | None, db_file: Path | None):
        self.url, self.folder, self.db_file = url, folder, db_file


def locate(path: str | os.PathLike | None) -> Location:
    """Where the workspace ``path`` lives (None: ``PLANNER_DATABASE_URL``, else ``PLANNER_WORKSPACE``,
    else ``./workspace``)."""
    if path is None:
        path = os.environ.get("PLANNER_DATABASE_URL") or os.environ.get("PLANNER_WORKSPACE") or "workspace"
    if not isinstance(path, str | os.PathLike):
        raise PlannerError(f"Đường dẫn không gian làm việc phải là một thư mục hoặc tệp .sqlite, nhận được {path!r}.")
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not text.strip() or "\x00" in text:
        raise PlannerError(f"Đường dẫn không gian làm việc {text!r} không hợp lệ (rỗng hoặc có ký tự NUL).")
    if "://" in text:
        shown = hide_secrets(text)  # a password in the URL is never shown
        try:
            url = sa.make_url(text)
        except (sa.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise PlannerError(f"Địa chỉ cơ sở dữ liệu {shown!r} không đọc được.") from None
        if url.get_backend_name() != "sqlite":
            return Location(url, None, None)
        if not url.database or url.database == ":memory:":
            raise PlannerError(
                f"Địa chỉ {shown!r} không trỏ tới tệp nào: một không gian làm việc SQLite là một tệp "
                "(ví dụ sqlite:///duong/dan/planner.sqlite) hoặc một thư mục."
            )
        db_file = Path(url.database).expanduser().resolve()  # a SQLite URL names a file: checked as one
        return Location(sa.URL.create("sqlite", database=str(db_file)), db_file.parent, db_file)
    folder = Path(text).expanduser().resolve()
    if folder.suffix in {".sqlite", ".db"}:
        db_file = folder
        folder = folder.parent
    else:
        db_file = folder / DB_FILE
    # built from parts: '?' and '#' in the path stay part of the file name
    return Location(sa.URL.create("sqlite", database=str(db_file)), folder, db_file)


def busy_timeout_ms() -> int:
    """How long a writer waits for the write lock (``PLANNER_BUSY_TIMEOUT`` ms, default 10 000)."""
    try:
        return max(0, int(os.environ.get("PLANNER_BUSY_TIMEOUT", "10000")))
    except ValueError:
        return 10000


def _translate(exc: BaseException, where: str) -> PlannerError | None:
    """A user-facing error for a driver error, or None to let it through."""
    text = str(exc).lower()
    if (
        "database is locked" in text
        or "database is busy" in text
        or "database table is locked" in text
        or "lock timeout" in text  # PostgreSQL: lock_timeout passed while waiting for the write lock
    ):
        seconds = busy_timeout_ms() / 1000
        return BusyError(
            f"Không gian làm việc {where} đang bận: người khác đang ghi dữ liệu và chưa xong sau {seconds:g} giây. "
            "Thay đổi của bạn chưa được lưu — đợi một lát rồi thử lại."
        )
    if "cannot contain nul" in text:  # PostgreSQL: a NUL character even in a query's value
        return PlannerError(
            f"Một giá trị có ký tự NUL (\\x00), thứ cơ sở dữ liệu {where} không nhận: bỏ ký tự đó rồi thử lại. "
            "Không có gì bị thay đổi."
        )
    if "file is not a database" in text or "file is encrypted" in text:
        return PlannerError(
            f"Tệp {where} không phải cơ sở dữ liệu của planner (không phải SQLite). "
            "Hãy chọn đúng thư mục không gian làm việc; tệp này không bị thay đổi."
        )
    if "malformed" in text or "disk image" in text:
        return PlannerError(
            f"Tệp {where} bị hỏng hoặc không đầy đủ (có thể bị cắt ngắn khi sao chép). "
            "Hãy khôi phục từ bản sao lưu (tệp .sqlite…-backup bên cạnh, hoặc bản sao của bạn)."
        )
    if "readonly database" in text or "read-only" in text:
        return PlannerError(
            f"Không gian làm việc {where} chỉ cho phép đọc: không ghi được thay đổi. "
            "Kiểm tra quyền ghi của tệp và thư mục, hoặc mở một bản sao ở thư mục của bạn."
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return PlannerError(
            f"Không kết nối được cơ sở dữ liệu {where}: máy chủ từ chối đăng nhập — sai tên người dùng hoặc mật khẩu "
            "trong địa chỉ."
        )
    if "does not exist" in text and "database" in text:
        return PlannerError(
            f"Không kết nối được cơ sở dữ liệu {where}: trên máy chủ chưa có cơ sở dữ liệu này. Người quản trị tạo "
            "nó trước (createdb), rồi chạy python -m planner init --database … để tạo không gian làm việc."
        )
    if "connection refused" in text or "could not connect" in text or "connection failed" in text:
        return PlannerError(
            f"Không kết nối được cơ sở dữ liệu {where}: máy chủ chưa chạy, sai địa chỉ/cổng, hoặc mạng bị chặn. "
            "Kiểm tra địa chỉ (PLANNER_DATABASE_URL) và hỏi người quản trị máy chủ."
        )
    if "unable to open database" in text:
        return PlannerError(f"Không mở được tệp {where}: thư mục không tồn tại hoặc không có quyền đọc/ghi.")
    if "disk i/o error" in text or "database or disk is full" in text:
        return PlannerError(f"Lỗi đọc/ghi đĩa với {where}: kiểm tra dung lượng và quyền ghi của ổ đĩa.")
    return None


def make_engine(location: Location, *, read_only: bool = False) -> Engine:
    """An engine for ``location``; on SQLite: WAL, foreign keys, busy timeout, BEGIN IMMEDIATE for writes."""
    where = str(location.db_file) if location.db_file else location.url.render_as_string(hide_password=True)
    if location.db_file is None:
        try:
            engine = sa.create_engine(location.url)
        except (sa.exc.NoSuchModuleError, sa.exc.ArgumentError, ImportError) as exc:
            raise PlannerError(
                f"Không kết nối được cơ sở dữ liệu {where}: chưa có trình điều khiển cho loại địa chỉ này "
                f"({type(exc).__name__}). Dùng một thư mục, một tệp .sqlite, hoặc địa chỉ postgresql+psycopg://… "
                "khi máy đã cài psycopg."
            ) from None
        if read_only and engine.dialect.name == "postgresql":

            @sa.event.listens_for(engine, "connect")
            def _read_only(dbapi_conn, _record):  # pragma: no cover - runs inside the driver
                # every transaction of this handle is read-only: the server refuses a write (as SQLite's mode=ro)
                dbapi_conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi_conn.commit()

    else:
        db_file = str(location.db_file)
        if read_only:
            # on storage nobody can write to (a read-only folder or mount), SQLite cannot make
            # the WAL's -shm file: read the file as immutable there
            uri = _ro_uri(location.db_file, immutable=not os.access(location.db_file.parent, os.W_OK))

            def creator():
                return sqlite3.connect(uri, uri=True, check_same_thread=False)

        else:

            def creator():
                return sqlite3.connect(db_file, check_same_thread=False)

        engine = sa.create_engine(location.url, creator=creator)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - runs inside the driver
            dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
            if not read_only:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: Connection):  # pragma: no cover - runs inside the driver
            write = conn.get_execution_options().get("planner_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    @sa.event.listens_for(engine, "handle_error")
    def _errors(context):  # pragma: no cover - runs inside the driver
        error = _translate(context.original_exception, where)
        if error is not None:
            raise error from None

    return engine


#: The class of PostgreSQL advisory lock a planner write takes (with the schema's hash as the second key).
PG_LOCK_CLASS = 7_261_997


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction holding the workspace's write lock from its first statement, committed at the end.

    SQLite: ``BEGIN IMMEDIATE``. PostgreSQL: a transaction-scoped advisory lock per workspace schema, so writes
    are serialised exactly as on SQLite (what a write reads — versions, plan keys, the change to undo — cannot
    change before it commits) while reads never wait; ``lock_timeout`` bounds the wait (``PLANNER_BUSY_TIMEOUT``).
    """
    with engine.connect() as conn:
        conn.execution_options(planner_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # one round trip: the wait's limit is set (for this transaction) before the lock is asked for
                conn.exec_driver_sql(
                    f"SELECT set_config('lock_timeout', '{busy_timeout_ms()}', true), "
                    f"pg_advisory_xact_lock({PG_LOCK_CLASS}, hashtext(current_schema()))"
                )
            yield conn


def _truncated(head: bytes, size: int) -> bool:
    """A SQLite file whose size is not whole pages, or is short of the page count its header states."""
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or size % page_size:
        return True
    counted_pages = int.from_bytes(head[28:32], "big")
    header_valid = head[92:96] == head[24:28]  # the page count is valid only if written by the same change
    return header_valid and size < counted_pages * page_size


def _ro_uri(db_file: Path, *, immutable: bool = False) -> str:
    return f"file:{urllib.parse.quote(str(db_file))}?mode=ro{'&immutable=1' if immutable else ''}"


def _peek(db_file: Path) -> sqlite3.Connection:
    """A read-only look that changes nothing; on read-only storage (no -shm can be made) as immutable."""
    try:
        conn = sqlite3.connect(_ro_uri(db_file), uri=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(_ro_uri(db_file, immutable=True), uri=True)


def sqlite_kind(db_file: Path) -> str:
    """What ``db_file`` is, looked at without changing it: ``missing``, ``empty``, ``planner``,
    ``foreign`` (another program's SQLite file), ``not_sqlite`` or ``unreadable``."""
    try:
        if not db_file.exists():
            return "missing"
        if db_file.is_dir():
            return "not_sqlite"
        with db_file.open("rb") as fh:
            head = fh.read(100)
    except OSError:
        return "unreadable"
    if not head:
        return "empty"
    if not head.startswith(_SQLITE_MAGIC) or len(head) < 100:
        return "not_sqlite"
    if _truncated(head, db_file.stat().st_size):
        return "corrupt"
    try:
        conn = _peek(db_file)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not _PLANNER_TABLES <= names:
                return "foreign"
            found = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return "planner" if found else "foreign"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text:
            return "corrupt"
        return "unreadable"

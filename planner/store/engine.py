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
  read-only file, a folder that cannot be written, a server account without the grants)
  become :class:`PlannerError`.
* Every failure to reach a database server is a :class:`PlannerError` starting "Không kết nối
  được cơ sở dữ liệu {where}" with the likely cause — never the server's or the driver's text,
  which can hold a piece of the password. A connection waits at most ``connect_timeout``
  seconds (the URL's, else ``PLANNER_BUSY_TIMEOUT`` and at least 2 s): a server that takes
  the connection and never answers does not hang the planner.
* A password is never shown, whether in the URL's userinfo or as its ``?password=`` parameter
  (moved into the userinfo when the URL is read, so every rendering with ``hide_password``
  hides it); a URL whose password has a raw ``@`` (its host cannot be told) is refused before
  anything connects, with how to percent-encode it.
"""

from __future__ import annotations

import math
import os
import re
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
    "connect_timeout_s",
    "shown_url",
]

DB_FILE = "planner.sqlite"
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables every planner workspace has had since schema version 1.
_PLANNER_TABLES = {"meta", "units", "events", "items", "audit"}


class Location:
    """A workspace's database URL and, for a SQLite workspace, its folder and file.

    ``many_at``: the URL's text had more than one ``@`` before its host (a connection error then says how to
    percent-encode special characters of the user name or password)."""

    def __init__(self, url: sa.URL, folder: Path | None, db_file: Path | None, *, many_at: bool = False):
        self.url, self.folder, self.db_file, self.many_at = url, folder, db_file, many_at


#: What a connection error says when the URL's text has more than one ``@`` before the host.
_ENCODE_HINT = (
    "Địa chỉ có nhiều hơn một ký tự @ trước tên máy chủ: các ký tự đặc biệt trong mật khẩu (hoặc tên người "
    "dùng) — @ : / ? # và dấu cách — phải viết ở dạng mã hoá phần trăm: @ → %40, : → %3A, / → %2F, ? → %3F, "
    "# → %23, dấu cách → %20 (ví dụ mật khẩu abc@123 viết là abc%40123); hoặc bỏ mật khẩu khỏi địa chỉ và để nó "
    "trong tệp ~/.pgpass."
)


def shown_url(url: sa.URL) -> str:
    """``url`` as a person may see it: the userinfo's password and any ``password`` query parameter hidden."""
    return hide_secrets(url.render_as_string(hide_password=True))


def _password_into_userinfo(url: sa.URL) -> sa.URL:
    """A ``password`` query parameter (any case) moved into the URL's userinfo, where ``hide_password`` hides it
    wherever the URL is shown (``repr(ws)``, messages, the CLI) and ``pg_dump`` gets it only through its
    environment. The query's wins over the userinfo's, as it does when the driver connects."""
    keys = [key for key in url.query if key.strip().lower() == "password"]
    if not keys:
        return url
    password = url.password
    for key in keys:
        value = url.query[key]
        password = value[-1] if isinstance(value, tuple) else value
    return url.difference_update_query(keys).set(password=password)


def _userinfo_with_at(text: str) -> str | None:
    """The URL ``text`` shown with its userinfo password hidden, when that password holds a raw ``@`` (the
    text has a ``:`` before its first ``@`` and another ``@`` after it); else None. Such a URL cannot be read:
    SQLAlchemy ends the password at its first ``@`` and takes the rest of it for the host."""
    scheme, _, rest = text.partition("://")
    if scheme.lower().startswith("sqlite"):  # a file's path, not a server's userinfo
        return None
    colon, first_at = rest.find(":"), rest.find("@")
    if not 0 <= colon < first_at or "@" not in rest[first_at + 1 :]:
        return None
    return hide_secrets(f"{scheme}://{rest[:colon]}:***@{rest[rest.rfind('@') + 1 :]}")


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
        ambiguous = _userinfo_with_at(text)
        if ambiguous is not None:  # refused before anything connects: a piece of the password could be the host
            hint = _ENCODE_HINT[0].lower() + _ENCODE_HINT[1:]
            raise PlannerError(f"Không kết nối được cơ sở dữ liệu {ambiguous}: {hint}")
        try:
            url = sa.make_url(text)
        except (sa.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise PlannerError(f"Địa chỉ cơ sở dữ liệu {shown!r} không đọc được.") from None
        if url.get_backend_name() != "sqlite":
            many_at = text.partition("://")[2].count("@") > 1
            return Location(_password_into_userinfo(url), None, None, many_at=many_at)
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


def connect_timeout_s() -> int:
    """How long a connection to a server may take, in seconds: ``PLANNER_BUSY_TIMEOUT`` (ms), at least 2 s
    (libpq's own minimum)."""
    return max(2, math.ceil(busy_timeout_ms() / 1000))


#: What PostgreSQL names in "permission denied for <kind> <name>", as a person reads it.
_OBJECT_KINDS = {"table": "bảng", "relation": "bảng", "schema": "lược đồ (schema)", "sequence": "dãy số (sequence)",
                 "view": "khung nhìn", "function": "hàm", "database": "cơ sở dữ liệu"}
_WRITE_WORDS = {"insert", "update", "delete", "create", "alter", "drop", "truncate", "grant", "comment"}


def _permission_denied(text: str, where: str, url: sa.URL | None, statement: str | None) -> PlannerError:
    """The server refuses this account a read or a write (SQLSTATE 42501)."""
    found = re.search(r"permission denied for (\w+) (\S+)", text)
    what = f" ({_OBJECT_KINDS.get(found[1], found[1])} {found[2].strip(chr(34))})" if found else ""
    user = url.username if url is not None else None
    account = f"tài khoản {user}" if user else "tài khoản này"
    grantee = user or "<tài khoản>"
    options = str(url.query.get("options", "")) if url is not None else ""
    path = re.search(r"search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)", options)
    schema = path[1] if path else "public"
    verb = (statement or "").lstrip().split(None, 1)[0].lower() if (statement or "").strip() else ""
    if verb in _WRITE_WORDS:
        return PlannerError(
            f"Máy chủ không cho {account} ghi vào không gian làm việc {where}{what}: thay đổi chưa được lưu, "
            "không có gì bị thay đổi. Nếu chỉ cần xem, hãy mở ở chế độ chỉ đọc (open_workspace(…, read_only=True)); "
            "muốn ghi, nhờ người quản trị máy chủ cấp quyền: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES "
            f"IN SCHEMA {schema} TO {grantee}; GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}."
        )
    return PlannerError(
        f"Máy chủ không cho {account} đọc không gian làm việc {where}{what}: không có gì bị thay đổi. "
        f"Nhờ người quản trị máy chủ cấp quyền đọc: GRANT USAGE ON SCHEMA {schema} TO "
        f"{grantee}; GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {grantee} (muốn ghi: thêm INSERT, "
        "UPDATE, DELETE và quyền USAGE, SELECT trên các sequence), hoặc dùng tài khoản có quyền."
    )


def _connect_error(exc: BaseException, where: str, url: sa.URL, many_at: bool) -> PlannerError:
    """A failure to reach a database server, in Vietnamese: the likely cause, never the driver's text (which can
    hold a piece of the password)."""
    text = str(exc).lower()
    start = f"Không kết nối được cơ sở dữ liệu {where}"
    if "authentication failed" in text or "no password supplied" in text or (
        "role" in text and "does not exist" in text
    ):
        cause = "máy chủ từ chối đăng nhập — sai tên người dùng hoặc mật khẩu trong địa chỉ."
    elif "does not exist" in text and "database" in text:
        cause = (
            "trên máy chủ chưa có cơ sở dữ liệu này. Người quản trị tạo nó trước (createdb), rồi chạy "
            "python -m planner init --database … để tạo không gian làm việc."
        )
    elif "permission denied for database" in text or "connect privilege" in text:
        cause = (
            f"tài khoản {url.username or 'này'} không được phép kết nối tới cơ sở dữ liệu này. Nhờ người quản trị "
            f"chạy GRANT CONNECT ON DATABASE {url.database or '<cơ sở dữ liệu>'} TO {url.username or '<tài khoản>'}."
        )
    elif "resolve host" in text or "translate host name" in text or "name or service not known" in text:
        host = f" {url.host}" if url.host else ""
        cause = (
            f"không tìm thấy máy chủ{host} — tên máy sai, hoặc mạng/DNS của máy này không tìm ra nó. "
            "Kiểm tra tên máy chủ trong địa chỉ (PLANNER_DATABASE_URL)."
        )
    elif "timeout expired" in text or "timed out" in text:
        limit = url.query.get("connect_timeout") or connect_timeout_s()
        cause = (
            f"máy chủ không trả lời sau {limit} giây — sai địa chỉ/cổng (một dịch vụ khác đang nghe ở đó), máy chủ "
            "quá tải hoặc mạng chậm. Kiểm tra địa chỉ và thử lại; có thể đặt thời gian chờ dài hơn bằng "
            "?connect_timeout=<giây> trong địa chỉ."
        )
    elif ("invalid" in text and ("option" in text or "value" in text or "parameter" in text or "uri" in text)) or (
        "bad value for" in text
    ):
        given = {key.lower(): key for key in url.query if key.lower() != "password"}
        named = [given[word] for word in dict.fromkeys(re.findall(r"[a-z_]+", text)) if word in given]
        which = f" ({', '.join(named)})" if named else ""
        cause = (
            f"một tham số sau dấu ? trong địa chỉ{which} không hợp lệ — tên tham số không có, hoặc giá trị sai "
            "(ví dụ sslmode chỉ nhận disable, allow, prefer, require, verify-ca, verify-full; connect_timeout là "
            "một số giây). Sửa hoặc bỏ tham số đó."
        )
    elif "ssl" in text:
        cause = (
            "máy chủ và địa chỉ không thống nhất về mã hoá SSL (tham số sslmode, chứng chỉ). Kiểm tra các tham số "
            "ssl… trong địa chỉ với người quản trị máy chủ."
        )
    elif "too many" in text or "remaining connection slots" in text:
        cause = "máy chủ đã hết chỗ cho kết nối mới. Đợi một lát rồi thử lại, hoặc báo người quản trị máy chủ."
    else:
        cause = (
            "máy chủ chưa chạy, sai địa chỉ/cổng, hoặc mạng bị chặn. Kiểm tra địa chỉ (PLANNER_DATABASE_URL) "
            "và hỏi người quản trị máy chủ."
        )
    return PlannerError(f"{start}: {cause}" + (f" {_ENCODE_HINT}" if many_at else ""))


def _translate(
    exc: BaseException, where: str, *, url: sa.URL | None = None, statement: str | None = None
) -> PlannerError | None:
    """A user-facing error for a driver error, or None to let it through."""
    text = str(exc).lower()
    if getattr(exc, "sqlstate", None) == "42501" or "permission denied" in text:
        return _permission_denied(text, where, url, statement)
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


def _no_driver(where: str, exc: BaseException) -> PlannerError:
    return PlannerError(
        f"Không kết nối được cơ sở dữ liệu {where}: chưa có trình điều khiển cho loại địa chỉ này "
        f"({type(exc).__name__}). Dùng một thư mục, một tệp .sqlite, hoặc địa chỉ postgresql+psycopg://… "
        "khi máy đã cài psycopg."
    )


def make_engine(location: Location, *, read_only: bool = False) -> Engine:
    """An engine for ``location``; on SQLite: WAL, foreign keys, busy timeout, BEGIN IMMEDIATE for writes."""
    where = str(location.db_file) if location.db_file else shown_url(location.url)
    if location.db_file is None:
        connect_args = {}
        if location.url.get_backend_name() == "postgresql" and "connect_timeout" not in location.url.query:
            connect_args["connect_timeout"] = connect_timeout_s()  # a silent server does not hang the planner
        try:
            engine = sa.create_engine(location.url, connect_args=connect_args)
        except sa.exc.ArgumentError as exc:
            if isinstance(exc, sa.exc.NoSuchModuleError):
                raise _no_driver(where, exc) from None
            raise PlannerError(  # e.g. ?port=abc: SQLAlchemy refuses a parameter's value before connecting
                f"Không kết nối được cơ sở dữ liệu {where}: một tham số sau dấu ? trong địa chỉ không hợp lệ "
                "(ví dụ port phải là một số). Sửa hoặc bỏ tham số đó."
            ) from None
        except ImportError as exc:
            raise _no_driver(where, exc) from None
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

    server = location.db_file is None

    @sa.event.listens_for(engine, "handle_error")
    def _errors(context):  # pragma: no cover - runs inside the driver
        if server and context.connection is None and isinstance(context.sqlalchemy_exception, sa.exc.DBAPIError):
            # no connection yet: the server was not reached, or refused this account or the URL's parameters
            raise _connect_error(context.original_exception, where, location.url, location.many_at) from None
        error = _translate(context.original_exception, where, url=location.url, statement=context.statement)
        if error is not None:
            raise error from None

    return engine


#: The class of PostgreSQL advisory lock a planner write takes (with the schema's hash as the second key).
PG_LOCK_CLASS = 7_261_997
#: The workspace's schema as the server sees it: the schema holding the ``meta`` table the search_path finds,
#: else (no workspace yet) the first existing schema of the search_path, where its tables will be made. Not
#: ``current_schema()`` alone: with ``"$user", public`` a role that has an (empty) schema of its own would key
#: its writes on that schema while writing the tables in ``public`` — two writers of one workspace not taking
#: turns (found by an outside tester: two managers each removed the other).
PG_WORKSPACE_SCHEMA = (
    "COALESCE((SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
    "ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass('meta')), current_schema())"
)


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
                    f"pg_advisory_xact_lock({PG_LOCK_CLASS}, hashtext({PG_WORKSPACE_SCHEMA}))"
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

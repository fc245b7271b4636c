"""The workspace: one database, the single source of truth.

A workspace is a folder holding ``planner.sqlite`` (SQLite, WAL mode, foreign keys on) and
an ``exports/`` folder. Its path comes from the argument, else ``PLANNER_WORKSPACE``,
else ``./workspace/``. A database URL (``postgresql+psycopg://…``) may be given instead of
a folder: all SQL goes through SQLAlchemy 2 Core and is portable.

The store is split by job: :mod:`~planner.store.engine` (paths, engines, database errors),
:mod:`~planner.store.setup` (creation and migration), :mod:`~planner.store.writes`
(versioned writes and the audit), :mod:`~planner.store.items` (the item API),
:mod:`~planner.store.undo`, and this module (opening, reads, imports, the change feed).

Integrity rules:

* every write is one transaction (a *change*); bulk imports are all-or-nothing;
* every change is audited (who, when, entity, id, before, after) and can be undone by the
  user who made it (:meth:`Workspace.undo`);
* every row carries a ``version``; an update based on an older version is refused with
  :class:`~planner.errors.ConflictError` naming who changed the row and when;
* text is stored NFC-normalised; dates are ISO;
* the schema carries a version number and older workspaces are migrated on open;
* a file that is not a planner workspace is refused and left untouched.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from planner import catalogue
from planner.errors import DataError, DataProblem, PlannerError
from planner.model import EVENT_COLUMNS, NAME_COLUMNS, TEMPLATE_COLUMNS, UNIT_COLUMNS
from planner.recurring import RECURRING_COLUMNS, check_takers, read_recurring
from planner.store import setup, validate
from planner.store.engine import DB_FILE, locate, make_engine, shown_url, sqlite_kind
from planner.store.guidance import GuidanceMethods
from planner.store.items import ItemMethods
from planner.store.members import MemberMethods
from planner.store.outputs import OutputMethods
from planner.store.rollup import RollupMethods
from planner.store.rows import current_user
from planner.store.schema import (
    SCHEMA_VERSION,
    audit_table,
    changes_table,
    events_table,
    items_table,
    meta_table,
    names_table,
    recurring_table,
    templates_table,
    units_table,
)
from planner.store.targets import TargetMethods
from planner.store.undo import UndoMethods
from planner.store.writes import Writer

__all__ = ["Workspace", "open_workspace", "current_user", "DB_FILE", "SCHEMA_VERSION", "CHANGE_COLUMNS"]

#: Columns of :meth:`Workspace.changes`: one row per item changed since a change id.
CHANGE_COLUMNS = ["item_id", "version", "change_id", "at", "user", "action"]

_REFUSED = {
    "foreign": "là cơ sở dữ liệu SQLite của một chương trình khác, không phải không gian làm việc của planner",
    "not_sqlite": "không phải cơ sở dữ liệu SQLite",
    "corrupt": "bị hỏng hoặc không đầy đủ (có thể bị cắt ngắn khi sao chép)",
    "empty": "là một tệp rỗng (0 byte), không phải không gian làm việc",
    "unreadable": "không đọc được (kiểm tra quyền đọc của tệp)",
}


def _check_short_names(incoming: pd.DataFrame, current: pd.DataFrame, file: str) -> None:
    """A short name of the file must not be one another unit of the workspace keeps (it names an Excel sheet)."""
    lines = (incoming.attrs.get(catalogue.SOURCE_ATTR) or {}).get("lines", {})
    kept = current[~current["unit_id"].isin(incoming["unit_id"])]
    taken = dict(zip(kept["short_name"], kept["unit_id"], strict=True))
    problems = [
        DataProblem(
            file,
            lines.get(unit_id),
            "short_name",
            f"tên ngắn '{short}' đã dùng cho đơn vị '{taken[short]}' trong không gian làm việc; "
            "mỗi đơn vị cần một tên ngắn riêng (tên trang tính Excel)",
        )
        for unit_id, short in zip(incoming["unit_id"], incoming["short_name"], strict=True)
        if short in taken
    ]
    if problems:
        raise DataError(problems)


def open_workspace(
    path: str | os.PathLike | None = None,
    *,
    data_dir: str | os.PathLike | None = None,
    user: str | None = None,
    read_only: bool = False,
    create_schema: bool = False,
) -> Workspace:
    """Open the workspace at ``path``, creating it from ``data/`` on first use.

    ``path`` is a folder (``planner.sqlite`` inside), a ``.sqlite`` file, or a database
    URL; None means ``PLANNER_WORKSPACE``, else ``./workspace/``. ``data_dir`` is where
    a new workspace's catalogue, units, templates and organisation come from (default
    ``data/``). The data files are validated before anything is written: a bad row raises
    :class:`~planner.errors.DataError` and no workspace is created. A file that is not a
    planner workspace is refused and left as it was. ``read_only=True`` (or a file the
    user cannot write) opens it for reading only. ``user`` is who acts (default
    ``JUPYTERHUB_USER``, else the login name): once the workspace has members, their role
    decides what they may write (:mod:`planner.store.access`; :meth:`Workspace.members`).

    On a server, a new workspace goes into the schema the URL's ``search_path`` names; a schema the server
    lacks (a typing mistake, most often) is refused unless ``create_schema=True`` (what ``python -m planner
    init --database`` does), so a mistyped address never quietly opens a new, empty workspace.
    """
    location = locate(path)
    if data_dir is not None and not isinstance(data_dir, str | os.PathLike):
        raise PlannerError(f"Thư mục dữ liệu (data_dir) phải là một đường dẫn, nhận được {data_dir!r}.")
    source = Path(data_dir) if data_dir else catalogue.data_dir()
    db_file = location.db_file
    if db_file is not None:
        try:
            os.stat(db_file)  # a name the file system cannot hold is refused here, not deep inside
        except FileNotFoundError:
            pass
        except OSError as exc:
            if exc.errno != errno.ENOTDIR:
                raise PlannerError(
                    f"Không mở được không gian làm việc ở {db_file}: {catalogue.describe_os_error(exc)}."
                ) from None
        if location.folder is not None and location.folder.exists() and not location.folder.is_dir():
            raise PlannerError(
                f"{location.folder} là một tệp, không phải thư mục: chọn một thư mục cho không gian làm việc "
                "(hoặc đường dẫn tới tệp .sqlite)."
            )
        kind = sqlite_kind(db_file)
        if kind in _REFUSED:
            raise PlannerError(
                f"Không mở được {db_file}: tệp này {_REFUSED[kind]}. Tệp không bị thay đổi. "
                "Chọn thư mục khác cho không gian làm việc, hoặc khôi phục tệp từ bản sao lưu."
            )
        if kind == "missing":
            if read_only:
                raise PlannerError(f"Không có không gian làm việc ở {db_file} để mở chỉ đọc.")
            setup.create(Workspace, location, source, user)
        read_only = read_only or not os.access(db_file, os.W_OK) or not os.access(db_file.parent, os.W_OK)
    engine = make_engine(location, read_only=read_only)
    try:
        ws = Workspace(engine, folder=location.folder, user=user)
        ws.read_only = read_only
        if db_file is None:
            with engine.connect() as conn:
                exists = sa.inspect(conn).has_table("meta")
            if not exists:
                if read_only:
                    raise PlannerError(f"Không có không gian làm việc ở {ws.url} để mở chỉ đọc.")
                setup.create(Workspace, location, source, user, create_schema=create_schema)
        if not read_only:
            setup.migrate(ws, source, db_file)
        elif ws.schema_version != SCHEMA_VERSION:
            raise PlannerError(
                f"Không gian làm việc {db_file} ở phiên bản dữ liệu {ws.schema_version}, cần nâng cấp lên "
                f"{SCHEMA_VERSION} nhưng đang mở chỉ đọc. Mở nó với quyền ghi một lần để nâng cấp."
            )
    except BaseException:
        engine.dispose()
        raise
    if location.folder is not None and not read_only:
        try:
            (location.folder / "exports").mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # exports/ is made again when something is exported
    return ws


class Workspace(
    ItemMethods, OutputMethods, TargetMethods, RollupMethods, GuidanceMethods, UndoMethods, MemberMethods, Writer
):
    """A handle on one workspace. Use :func:`open_workspace` to get one.

    Several handles (in one process or many) may work on the same workspace; the row
    versions keep them from overwriting each other's changes.
    """

    read_only = False

    # ------------------------------------------------------------------ basics
    def __repr__(self) -> str:
        return f"Workspace({self.url!r})"  # url hides a password (hide_password)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    @property
    def url(self) -> str:
        return shown_url(self._engine.url)  # the password hidden, and any secret of the query

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
            rows = conn.execute(query).all()
        return pd.DataFrame.from_records(rows, columns=list(columns))

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

    def recurring(self) -> pd.DataFrame:
        """Recurring stories ("Người tốt, việc tốt" each month …): :data:`planner.recurring.RECURRING_COLUMNS`."""
        query = sa.select(*[recurring_table.c[c] for c in RECURRING_COLUMNS]).order_by(recurring_table.c.recurring_id)
        frame = self._frame(query, RECURRING_COLUMNS)
        frame["day"] = frame["day"].astype("int64")
        return frame

    def official_names(self) -> pd.DataFrame:
        """Official names and their wrong forms (:data:`planner.model.NAME_COLUMNS`)."""
        query = sa.select(*[names_table.c[c] for c in NAME_COLUMNS]).order_by(names_table.c.wrong_form)
        return self._frame(query, NAME_COLUMNS)

    def audit(self, *, entity: str | None = None, entity_id: str | int | None = None) -> pd.DataFrame:
        """The audit log, oldest first: ``audit_id, at, user, entity, entity_id, action, before, after,
        change_id, note``. ``before`` and ``after`` are dicts (None for inserts / deletes)."""
        query = sa.select(audit_table).order_by(audit_table.c.audit_id)
        if entity is not None:
            query = query.where(audit_table.c.entity == str(entity))
        if entity_id is not None:
            query = query.where(audit_table.c.entity_id == str(entity_id))
        frame = self._frame(query, [c.name for c in audit_table.columns])
        for col in ("before", "after"):
            frame[col] = frame[col].map(lambda v: json.loads(v) if isinstance(v, str) else None)
        return frame

    def change_sets(self) -> pd.DataFrame:
        """Change sets, oldest first: ``change_id, at, user, action, note, undone_by``."""
        return self._frame(
            sa.select(changes_table).order_by(changes_table.c.change_id), [c.name for c in changes_table.columns]
        )

    # ------------------------------------------------------------------ the change feed
    def last_change(self) -> int:
        """The id of the newest change set (0 for none): remember it, then ask :meth:`changes` since it."""
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(changes_table.c.change_id))).scalar() or 0)

    def changes(self, since: int = 0) -> pd.DataFrame:
        """Items changed by any change set after ``since`` — by anyone, in any process.

        One row per item (:data:`CHANGE_COLUMNS`): its id, its ``version`` now (``<NA>`` when
        the item is gone), and the newest change that touched it (id, time, user, action).
        A view takes :meth:`last_change` *before* it reads what it shows (a change saved
        between the two is then reported again, never missed), later asks for the changes
        since that mark, and re-reads only those items.
        """
        since = validate.integer("since", since, lo=0, hi=2**62)
        since = min(since, validate.MAX_STORED_ID)  # no change can come after the last id a row can have
        newest = (
            sa.select(audit_table.c.entity_id, sa.func.max(audit_table.c.change_id).label("change_id"))
            .where(audit_table.c.entity == "item", audit_table.c.change_id > since)
            .group_by(audit_table.c.entity_id)
            .subquery()
        )
        query = (
            sa.select(
                newest.c.entity_id,
                items_table.c.version,
                newest.c.change_id,
                changes_table.c.at,
                changes_table.c.user,
                changes_table.c.action,
            )
            .join(changes_table, changes_table.c.change_id == newest.c.change_id)
            .outerjoin(items_table, items_table.c.item_id == sa.cast(newest.c.entity_id, sa.Integer))
            .order_by(newest.c.change_id, newest.c.entity_id)
        )
        frame = self._frame(query, CHANGE_COLUMNS)
        frame["item_id"] = frame["item_id"].astype("int64")
        frame["version"] = frame["version"].astype("Int64")
        frame["change_id"] = frame["change_id"].astype("int64")
        return frame

    # ------------------------------------------------------------------ imports
    @staticmethod
    def _kept(conn, change: int, counts: dict[str, int]) -> dict[str, int]:
        """An import that changed nothing leaves no change set (an undo would take back nothing)."""
        if not (counts["added"] or counts["updated"] or counts["removed"]):
            conn.execute(sa.delete(changes_table).where(changes_table.c.change_id == change))
        return counts

    def import_events(self, path: str | os.PathLike) -> dict[str, int]:
        """Load an edited catalogue CSV: new events added, changed ones updated (audited).

        All or nothing: a bad row raises DataError and nothing changes. Events missing from
        the file are kept (content items may refer to them). Returns counts
        ``{'added', 'updated', 'unchanged', 'removed'}``.
        """
        frame = catalogue.read_events(path)
        with self._write() as conn:
            self._require(conn, "catalogue", what="sự kiện")
            change = self._change(conn, "import_events", str(path))
            return self._kept(conn, change, self._sync(conn, change, "event", setup.records(frame, EVENT_COLUMNS)))

    def import_units(self, path: str | os.PathLike) -> dict[str, int]:
        """Load an edited unit list CSV (all or nothing); units missing from the file are kept."""
        frame = catalogue.read_units(path)
        catalogue.check_references(self.events(), frame, units_file=Path(path).name)
        _check_short_names(frame, self.units(), Path(path).name)
        try:
            with self._write() as conn:
                self._require(conn, "catalogue", what="đơn vị")
                change = self._change(conn, "import_units", str(path))
                return self._kept(conn, change, self._sync(conn, change, "unit", setup.unit_rows(frame)))
        except sa.exc.IntegrityError:  # e.g. two units swapping short names: unique at every step
            raise PlannerError(
                f"Không nạp được {Path(path).name}: trong lúc cập nhật, hai đơn vị sẽ tạm trùng tên ngắn "
                "(ví dụ khi đổi tên ngắn cho nhau). Đổi qua hai lần nhập: lần đầu đặt một tên tạm. "
                "Chưa có gì bị thay đổi."
            ) from None

    def import_templates(self, folder: str | os.PathLike) -> dict[str, int]:
        """Replace the campaign templates with ``templates.csv`` + ``template_items.csv`` from ``folder``."""
        frame = catalogue.read_templates(folder)
        catalogue.check_references(self.events(), self.units(), frame)
        with self._write() as conn:
            self._require(conn, "templates")
            change = self._change(conn, "import_templates", str(folder))
            counts = self._sync(conn, change, "template", setup.template_rows(frame), delete_missing=True)
            return self._kept(conn, change, counts)

    def import_recurring(self, path: str | os.PathLike) -> dict[str, int]:
        """Replace the recurring stories with ``path`` (a ``recurring.csv``; all or nothing)."""
        frame = read_recurring(path)
        check_takers(frame, self.units())
        with self._write() as conn:
            self._require(conn, "catalogue", what="tin định kỳ")
            change = self._change(conn, "import_recurring", str(path))
            counts = self._sync(conn, change, "recurring", setup.records(frame, RECURRING_COLUMNS), delete_missing=True)
            return self._kept(conn, change, counts)

    def import_official_names(self, path: str | os.PathLike) -> dict[str, int]:
        """Replace the list of official names with ``path`` (all or nothing)."""
        frame = catalogue.read_official_names(path)
        with self._write() as conn:
            self._require(conn, "catalogue", what="tên chính thức")
            change = self._change(conn, "import_names", str(path))
            counts = self._sync(conn, change, "name", setup.records(frame, NAME_COLUMNS), delete_missing=True)
            return self._kept(conn, change, counts)

"""The output rollup: outputs summed per unit × day × platform × format, in step with every write.

Dashboards read tens of thousands of rollup rows instead of every output. One home keeps it
right: every write to ``outputs`` goes through the store's writer (:mod:`planner.store.writes`
— inserts, versioned updates, and the undo path), which notes the ``(unit_id, day)`` keys it
touched (:func:`touch`); before the transaction commits, :func:`flush` recomputes those keys
from ``outputs`` (delete, then ``INSERT … SELECT … GROUP BY``). So the rollup commits or rolls
back with the outputs themselves. :meth:`RollupMethods.rebuild_rollup` recomputes it whole
(after the short-video limit changes, or after outputs were written outside the store).

Counted per key: ``outputs``; ``views, reactions, shares, comments`` (sums of the known values,
NULL when none is known — unknown is never 0); ``videos`` (outputs whose duration is known),
``short_videos`` (duration at or under ``short_video_seconds``); ``matched`` (outputs with an item).
An output without a publication date has no day and is not in the rollup.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.errors import InvalidValueError
from planner.store import validate
from planner.store.schema import meta_table, outputs_table, rollup_month_table, rollup_table

__all__ = ["ROLLUP_COLUMNS", "ROLLUP_MONTH_COLUMNS", "RollupMethods", "touch", "flush", "short_video_seconds",
           "rollup_select", "fetch", "ensure_month_table"]

#: Columns of :meth:`RollupMethods.rollup` (by day) and of the month rollup (``by="month"``).
ROLLUP_COLUMNS = [c.name for c in rollup_table.columns]
ROLLUP_MONTH_COLUMNS = [c.name for c in rollup_month_table.columns]
_MEASURES = ["outputs", "views", "reactions", "shares", "comments", "videos", "short_videos", "matched"]


def fetch(conn: Connection, query: sa.Select) -> list[tuple]:
    """The rows of ``query`` as plain tuples straight from the driver's cursor (no per-row Row objects:
    pandas builds a frame from them several times faster). For queries of text and numbers only."""
    result = conn.execute(query)
    try:
        return result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()


def _month_select(where: Any = None) -> sa.Select:
    """``SELECT`` the month rollup rows summed from the day rollup (optionally only rows matching ``where``)."""
    r = rollup_table.c
    month = sa.func.substr(r.day, 1, 7)
    query = sa.select(r.unit_id, month.label("month"), r.platform, r.format, *[sa.func.sum(r[m]).label(m)
                                                                               for m in _MEASURES])
    if where is not None:
        query = query.where(where)
    return query.group_by(r.unit_id, month, r.platform, r.format)


def ensure_month_table(conn: Connection) -> bool:
    """A workspace at schema 5 written before the month rollup existed gets it, filled from the day rollup.
    Returns True when it was made."""
    if sa.inspect(conn).has_table(rollup_month_table.name):
        return False
    rollup_month_table.create(conn)
    conn.execute(sa.insert(rollup_month_table).from_select(ROLLUP_MONTH_COLUMNS, _month_select()))
    return True
_KEYS = "planner_rollup_keys"  # where a write transaction keeps the keys it touched (Connection.info)
_CHUNK = 400


def short_video_seconds(conn: Connection) -> int:
    """The organisation's short-video limit as stored in the workspace (default 90 s)."""
    text = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "organisation")).scalar_one_or_none()
    try:
        return int(json.loads(text or "{}").get("short_video_seconds", 90))
    except (TypeError, ValueError):
        return 90


def rollup_select(limit: int, where: Any = None) -> sa.Select:
    """``SELECT`` the rollup rows computed from ``outputs`` (optionally only rows matching ``where``)."""
    o = outputs_table.c
    day = sa.func.substr(o.published_at, 1, 10)
    one = sa.literal(1)
    zero = sa.literal(0)
    query = sa.select(
        o.unit_id,
        day.label("day"),
        o.platform,
        o.format,
        sa.func.count().label("outputs"),
        sa.func.sum(o.views).label("views"),
        sa.func.sum(o.reactions).label("reactions"),
        sa.func.sum(o.shares).label("shares"),
        sa.func.sum(o.comments).label("comments"),
        sa.func.sum(sa.case((o.duration_s.is_not(None), one), else_=zero)).label("videos"),
        sa.func.sum(sa.case((o.duration_s <= sa.literal(int(limit)), one), else_=zero)).label("short_videos"),
        sa.func.sum(sa.case((o.item_id.is_not(None), one), else_=zero)).label("matched"),
    ).where(o.published_at != "")
    if where is not None:
        query = query.where(where)
    return query.group_by(o.unit_id, day, o.platform, o.format)


def touch(conn: Connection, rows: Iterable[Mapping[str, Any] | None]) -> None:
    """Note the ``(unit_id, day)`` keys of output rows (before or after a write) for :func:`flush`."""
    keys = conn.info.setdefault(_KEYS, set())
    for row in rows:
        if row is None:
            continue
        at = row.get("published_at")
        if isinstance(at, dt.date):
            at = at.isoformat()
        if at and row.get("unit_id"):
            keys.add((row["unit_id"], str(at)[:10]))


def discard(conn: Connection) -> None:
    """Forget noted keys (a transaction starting, or one rolled back)."""
    conn.info.pop(_KEYS, None)


def flush(conn: Connection) -> int:
    """Recompute the rollup rows of every noted key from ``outputs``, inside ``conn``'s transaction.

    Returns how many keys were recomputed."""
    keys = conn.info.pop(_KEYS, None)
    if not keys:
        return 0
    limit = short_video_seconds(conn)
    by_unit: dict[str, list[str]] = {}
    for unit, day in keys:
        by_unit.setdefault(unit, []).append(day)
    o, r = outputs_table.c, rollup_table.c
    columns = [c.name for c in rollup_table.columns]
    for unit, days in by_unit.items():
        days.sort()
        for start in range(0, len(days), _CHUNK):
            chunk = days[start : start + _CHUNK]
            conn.execute(sa.delete(rollup_table).where(r.unit_id == unit, r.day.in_(chunk)))
            upper = (dt.date.fromisoformat(chunk[-1]) + dt.timedelta(days=1)).isoformat() if _iso_day(chunk[-1]) \
                else chunk[-1] + "\uffff"
            where = sa.and_(
                o.unit_id == unit,
                o.published_at >= chunk[0],
                o.published_at < upper,
                sa.func.substr(o.published_at, 1, 10).in_(chunk),
            )
            conn.execute(sa.insert(rollup_table).from_select(columns, rollup_select(limit, where)))
    m = rollup_month_table.c
    for unit, days in by_unit.items():
        months = sorted({d[:7] for d in days})
        for start in range(0, len(months), _CHUNK):
            chunk = months[start : start + _CHUNK]
            conn.execute(sa.delete(rollup_month_table).where(m.unit_id == unit, m.month.in_(chunk)))
            where = sa.and_(r.unit_id == unit, r.day >= chunk[0], r.day < chunk[-1] + "\uffff",
                            sa.func.substr(r.day, 1, 7).in_(chunk))
            conn.execute(sa.insert(rollup_month_table).from_select(ROLLUP_MONTH_COLUMNS, _month_select(where)))
    return len(keys)


def _iso_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def rebuild(conn: Connection) -> int:
    """Recompute the whole rollup from ``outputs`` (one ``INSERT … SELECT``); returns its row count."""
    discard(conn)
    conn.execute(sa.delete(rollup_table))
    conn.execute(sa.delete(rollup_month_table))
    columns = [c.name for c in rollup_table.columns]
    conn.execute(sa.insert(rollup_table).from_select(columns, rollup_select(short_video_seconds(conn))))
    conn.execute(sa.insert(rollup_month_table).from_select(ROLLUP_MONTH_COLUMNS, _month_select()))
    return int(conn.execute(sa.select(sa.func.count()).select_from(rollup_table)).scalar_one())


class RollupMethods:
    def rollup(
        self, start: Any = None, end: Any = None, *, units: Iterable[str] | None = None, by: str = "day"
    ) -> pd.DataFrame:
        """Rollup rows (:data:`ROLLUP_COLUMNS`) with ``day`` from ``start`` to ``end`` (inclusive dates, None:
        open); ``day`` as datetime64, counts as ints, sums as nullable ``Int64`` (``<NA>``: none known).
        ``by="month"``: the month rollup (:data:`ROLLUP_MONTH_COLUMNS`, ``month`` as ``2025-05`` text) of
        the months holding ``start`` … ``end``."""
        if by not in ("day", "month"):
            raise InvalidValueError(
                f"Cách gộp {by!r} không hợp lệ; chọn 'day' (theo ngày) hoặc 'month' (theo tháng).",
                field="by", value=by, allowed=("day", "month"),
            )
        table = rollup_table if by == "day" else rollup_month_table
        names = ROLLUP_COLUMNS if by == "day" else ROLLUP_MONTH_COLUMNS
        r = table.c
        when = r.day if by == "day" else r.month
        query = sa.select(*[r[c] for c in names])
        start, end = validate.date("start", start), validate.date("end", end)
        if start is not None:
            query = query.where(when >= (start.isoformat() if by == "day" else start.isoformat()[:7]))
        if end is not None:
            query = query.where(when <= (end.isoformat() if by == "day" else end.isoformat()[:7]))
        if units is not None:
            wanted = [units] if isinstance(units, str) else list(units)
            for u in wanted:
                validate.filter_value("unit_id", u)
            query = query.where(r.unit_id.in_(wanted))
        with self._engine.connect() as conn:
            rows = fetch(conn, query.order_by(when, r.unit_id, r.platform, r.format))
        return rollup_frame(rows, names)

    def rebuild_rollup(self) -> int:
        """Recompute the rollup from every output (e.g. after ``short_video_seconds`` changed); returns its
        row count. One write transaction; not a change set (derived data, nothing to undo)."""
        with self._write() as conn:
            self._require(conn, "catalogue", what="bảng tổng hợp sản phẩm")
            return rebuild(conn)


def rollup_frame(rows: Iterable[Any], columns: list[str] = ROLLUP_COLUMNS) -> pd.DataFrame:
    """Rollup rows as a typed frame (see :meth:`RollupMethods.rollup`)."""
    frame = pd.DataFrame(list(rows), columns=columns)
    if "day" in frame:
        frame["day"] = pd.to_datetime(frame["day"], format="ISO8601", errors="coerce")
    for name in ("outputs", "videos", "short_videos", "matched"):
        frame[name] = frame[name].astype("int64")
    for name in ("views", "reactions", "shares", "comments"):
        frame[name] = frame[name].astype("Int64")
    return frame

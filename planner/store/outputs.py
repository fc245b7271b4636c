"""What units report they published: one output per content item, recorded from returned plans.

:meth:`OutputMethods.record_outputs` is the one write: a whole batch in one transaction (all rows
or none). Each report names the item and the version its workbook was exported at; an item whose
plan (date, title, unit, format, platform) changed since then is a conflict — reported with both
values, never overwritten. A report on an approved item publishes it through the review rules
(:func:`planner.review.transition`); on an item not yet approved the output is kept and the item
stays where it is (the result says so). Reporting the same values again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa

from planner import review
from planner.calendars.names import format_date
from planner.errors import ConflictError, InvalidValueError
from planner.store import validate
from planner.store.items import _json_row  # the store's one conversion of review/findings to JSON
from planner.store.rows import now_iso
from planner.store.schema import meta_table, outputs_table
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS

__all__ = ["OutputMethods", "OUTPUT_COLUMNS", "REPORT_FIELDS", "PLAN_FIELDS", "Recorded"]

#: Columns of :meth:`OutputMethods.outputs`.
OUTPUT_COLUMNS = [
    "output_id",
    "item_id",
    "unit_id",
    "platform",
    "format",
    "url",
    "published_at",
    "views",
    "reactions",
    "shares",
    "comments",
    "duration_s",
    "note",
    "source_file",
    "version",
    "updated_by",
    "updated_at",
]
#: What a unit reports for one item (besides ``item_id`` and the exported ``version``).
REPORT_FIELDS = ("url", "published_at", "views", "reactions", "shares", "comments", "duration_s", "note")
#: The plan fields a workbook shows: if one of them changed since the export, the report is a conflict.
PLAN_FIELDS = ("date", "title", "unit_id", "format", "platform")
_COUNTS = ("views", "reactions", "shares", "comments", "duration_s")


@dataclass
class Recorded:
    """What :meth:`OutputMethods.record_outputs` did."""

    added: list[int] = field(default_factory=list)  # item ids with a new output
    updated: list[int] = field(default_factory=list)  # item ids whose output changed
    unchanged: list[int] = field(default_factory=list)  # reported again with the same values
    published: list[int] = field(default_factory=list)  # approved items now published
    not_approved: list[tuple[int, str]] = field(default_factory=list)  # (item id, status): output kept, not published


#: The largest count (views, shares …) an output can hold: the columns are INTEGER, 32 bits on PostgreSQL.
MAX_COUNT = 2**31 - 1


def _report(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    """One report checked field by field (``where`` says which row, for the message)."""
    try:
        out = {
            "item_id": validate.record_id("item_id", row.get("item_id")),
            "version": validate.version(row.get("version")),
            "url": validate.link(row.get("url"), "url") or "",
            "published_at": validate.date("published_at", row.get("published_at")),
            "note": validate.text("note", row.get("note") or "", limit=validate.MAX_TEXT),
            "source_file": validate.text("source_file", row.get("source_file") or "", limit=1000),
        }
        for name in _COUNTS:
            value = row.get(name)
            out[name] = None if value is None else validate.integer(name, value, lo=0, hi=MAX_COUNT)
    except InvalidValueError as exc:
        raise InvalidValueError(f"{where}: {exc}", field=exc.field, value=exc.value, allowed=exc.allowed) from None
    return out


def _plan_value(name: str, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and name == "date" and value:
        value = dt.date.fromisoformat(value[:10])
    return value


_FIELD_NAMES = {"date": "ngày đăng", "title": "nội dung", "unit_id": "đơn vị", "format": "hình thức",
                "platform": "nền tảng"}
_LABELS = {"format": FORMAT_LABELS, "platform": PLATFORM_LABELS}


def _shown(name: str, value: Any) -> str:
    if isinstance(value, dt.date):
        return format_date(value)
    return f"“{_LABELS.get(name, {}).get(value, value)}”"


class OutputMethods:
    @property
    def workspace_id(self) -> str:
        """This workspace's id: exported workbooks carry it, so a report is never imported into another one."""
        with self._engine.connect() as conn:
            return conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "workspace_id")).scalar_one()

    def outputs(self, *, unit: str | None = None, item_ids: Iterable[int] | None = None) -> pd.DataFrame:
        """Recorded outputs (:data:`OUTPUT_COLUMNS`), by item; ``published_at`` a datetime64 day."""
        query = sa.select(*[outputs_table.c[c] for c in OUTPUT_COLUMNS]).order_by(outputs_table.c.item_id)
        if unit is not None:
            validate.filter_value("unit_id", unit)
            query = query.where(outputs_table.c.unit_id == unit)
        if item_ids is not None:
            wanted = validate.storable([validate.record_id("item_id", i) for i in item_ids])
            query = query.where(outputs_table.c.item_id.in_(wanted))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame.from_records(rows, columns=OUTPUT_COLUMNS)
        frame["published_at"] = pd.to_datetime(frame["published_at"].replace("", None), errors="coerce")
        for name in _COUNTS:
            frame[name] = frame[name].astype("Int64")
        return frame

    def record_outputs(
        self, reports: Iterable[Mapping[str, Any]], *, source: str = "", exported: Mapping[int, Mapping] | None = None
    ) -> Recorded:
        """Record what units report, all rows or none (one change set).

        Each report: ``item_id``, ``version`` (the item's version in the exported workbook) and
        :data:`REPORT_FIELDS`; ``exported`` maps item id → the plan fields the workbook showed
        (:data:`PLAN_FIELDS`), to tell a real conflict from a version moved by a status change.
        Raises :class:`ConflictError` listing every item whose plan changed since the export
        (the value in the file and the value now), and :class:`InvalidValueError` for a bad value.
        """
        checked = [_report(r, f"dòng {n}") for n, r in enumerate(reports, start=1)]
        ids = [r["item_id"] for r in checked]
        if len(set(ids)) < len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise InvalidValueError(
                f"Nội dung số {', '.join(map(str, twice))} được báo cáo hai lần; mỗi nội dung chỉ một dòng.",
                field="item_id",
                value=twice,
            )
        exported = {int(k): v for k, v in (exported or {}).items()}
        done = Recorded()
        with self._write() as conn:
            current = self._current(conn, ids)
            missing = [i for i in ids if i not in current]
            if missing:
                raise InvalidValueError(
                    f"Không có nội dung số {', '.join(map(str, missing))} trong không gian làm việc này.",
                    field="item_id",
                    value=missing,
                )
            conflicts = []
            for report in checked:
                item = current[report["item_id"]]
                if item["version"] == report["version"]:
                    continue
                shown = exported.get(report["item_id"], {})
                moved = [
                    f"{_FIELD_NAMES.get(name, name)}: trong tệp {_shown(name, _plan_value(name, shown[name]))}, "
                    f"hiện nay {_shown(name, _plan_value(name, item[name]))}"
                    for name in PLAN_FIELDS
                    if name in shown and _plan_value(name, shown[name]) != _plan_value(name, item[name])
                ]
                if moved or not shown:
                    conflicts.append(
                        f"nội dung số {report['item_id']} (phiên bản {report['version']} khi xuất, nay "
                        f"{item['version']}): " + ("; ".join(moved) or "đã được sửa sau khi xuất")
                    )
            if conflicts:
                raise ConflictError(
                    "Kế hoạch đã thay đổi sau khi xuất tệp, không ghi gì: " + " | ".join(conflicts)
                    + ". Xuất lại kế hoạch cho đơn vị, hoặc sửa lại trong không gian làm việc rồi nhập lại."
                )
            existing = {
                r["item_id"]: dict(r)
                for r in conn.execute(sa.select(outputs_table).where(outputs_table.c.item_id.in_(ids))).mappings()
            }
            inserts, updates, publish = [], [], []
            for report in checked:
                item = current[report["item_id"]]
                values = {
                    "unit_id": item["unit_id"],
                    "platform": item["platform"],
                    "format": item["format"],
                    "url": report["url"],
                    "published_at": report["published_at"].isoformat() if report["published_at"] else "",
                    **{name: report[name] for name in _COUNTS},
                    "note": report["note"],
                }
                where = report["source_file"] or source
                before = existing.get(report["item_id"])
                if before is None:
                    inserts.append({"item_id": report["item_id"], **values, "source_file": where})
                    done.added.append(report["item_id"])
                else:
                    changed = {k: v for k, v in values.items() if before[k] != v}
                    if changed:
                        updates.append((before, {**changed, "source_file": where}))
                        done.updated.append(report["item_id"])
                    else:
                        done.unchanged.append(report["item_id"])
                if report["url"] and item["status"] == "approved":
                    publish.append((item, report))
                elif report["url"] and item["status"] != "published":  # kept, not published: the result says so
                    done.not_approved.append((item["item_id"], STATUS_LABELS.get(item["status"], item["status"])))
            if not (inserts or updates or publish):
                return done  # reported again as it stands: no change set, nothing to undo
            change = self._change(conn, "import_reports", source)
            for before, changed in updates:
                self._update(conn, change, "output", before["output_id"], before["version"], changed, before=before)
            for item, report in publish:
                self._publish(conn, change, item, report, done)
            if inserts:
                self._insert(conn, change, "output", inserts, returning=True)
        return done

    def _publish(self, conn, change: int, item: Mapping[str, Any], report: Mapping[str, Any], done: Recorded) -> None:
        """Mark an approved item published (review rules)."""
        at = report["published_at"]
        values = review.transition(
            item,
            "published",
            actor=self.user,
            findings=self._findings(conn, item),
            link=report["url"],
            now=(dt.datetime.combine(at, dt.time(12)).isoformat() if at else now_iso()),
        )
        values["link"] = validate.link(values["link"])
        self._update(conn, change, "item", item["item_id"], item["version"], _json_row(values), action="status",
                     note="đơn vị báo cáo đã đăng", before=item)
        done.published.append(item["item_id"])


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
from planner.errors import ConflictError, InvalidValueError, NotFoundError
from planner.store import validate
from planner.store.items import _json_row  # the store's one conversion of review/findings to JSON
from planner.store.rows import hide_secrets, now_iso, stale_version
from planner.store.schema import items_table, meta_table, outputs_table, units_table
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS

__all__ = ["OutputMethods", "OUTPUT_COLUMNS", "REPORT_FIELDS", "PLAN_FIELDS", "PLATFORM_FIELDS", "Recorded"]

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
    "title",
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
    # record_platform_outputs: by output id (a platform post may match no item)
    output_ids: list[int] = field(default_factory=list)  # each given row's output id, in the rows' order
    outputs_added: list[int] = field(default_factory=list)
    outputs_updated: list[int] = field(default_factory=list)
    outputs_unchanged: list[int] = field(default_factory=list)
    change_id: int | None = None  # the change set written (None: nothing changed)


MAX_COUNT = validate.MAX_COUNT


def _report(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    """One report checked field by field (``where`` says which row, for the message)."""
    try:
        out = {
            "item_id": validate.record_id("item_id", row.get("item_id")),
            "version": validate.version(row.get("version")),
            "url": validate.link(row.get("url"), "url") or "",
            "published_at": validate.date("published_at", row.get("published_at")),
            "note": validate.text("note", row.get("note") or "", limit=validate.MAX_TEXT),
            "source_file": hide_secrets(validate.text("source_file", row.get("source_file") or "", limit=1000)),
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
            query = query.where(validate.among(outputs_table.c.item_id, wanted))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        frame = pd.DataFrame.from_records(rows, columns=OUTPUT_COLUMNS)
        frame["published_at"] = pd.to_datetime(
            frame["published_at"].replace("", None), errors="coerce", format="ISO8601"
        )
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
                where = report["source_file"] or hide_secrets(source)
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
            actor = self._actor(conn)
            for unit in sorted({current[i]["unit_id"] for i in ids}):  # whose reports (planner.store.access)
                self._require(conn, "record_outputs", actor, unit=unit)
            change = self._change(conn, "import_reports", source)
            for before, changed in updates:
                self._update(conn, change, "output", before["output_id"], before["version"], changed, before=before)
            for item, report in publish:
                self._publish(conn, change, item, report, done, actor)
            if inserts:
                self._insert(conn, change, "output", inserts, returning=True)
        return done

    def _publish(self, conn, change: int, item: Mapping[str, Any], report: Mapping[str, Any], done: Recorded,
                 member: Any = None) -> None:
        """Mark an approved item published (review rules)."""
        at = report["published_at"]
        values = review.transition(
            item,
            "published",
            actor=self.user,
            member=member,
            findings=self._findings(conn, item),
            link=report["url"],
            now=(dt.datetime.combine(at, dt.time(12)).isoformat() if at else now_iso()),
        )
        values["link"] = validate.link(values["link"])
        self._update(conn, change, "item", item["item_id"], item["version"], _json_row(values), action="status",
                     note="đơn vị báo cáo đã đăng", before=item)
        done.published.append(item["item_id"])


    # ------------------------------------------------------------------ platform exports
    def record_platform_outputs(self, rows: Iterable[Mapping[str, Any]], *, source: str) -> Recorded:
        """Record posts read from platform exports, all rows or none (one change set, undoable).

        Each row: :data:`PLATFORM_FIELDS` — ``unit_id, platform, format, url`` (required, the post's
        stable link), ``title``, ``published_at`` (required: a date, or a datetime whose time of day is
        kept), ``duration_s, views, reactions, shares, comments`` (None: unknown, never 0) and
        ``item_id`` (None: matches no planned item). A post whose (platform, url) is already recorded
        — by an earlier import or by a unit's report — is updated, not doubled: it keeps its item (and,
        when it has one, the item's unit, format and platform); a value given as None leaves the
        known value as it is. Importing the same rows again changes nothing (no change set).
        Messages name ``dòng N`` (1-based position in ``rows``). Returns :class:`Recorded` with
        ``output_ids`` (one per row), ``outputs_added / outputs_updated / outputs_unchanged`` and
        ``change_id``.
        """
        if isinstance(rows, Mapping) or isinstance(rows, str | bytes):
            raise InvalidValueError(
                "Cần một danh sách các dòng (mỗi dòng một dict), không phải một dòng đơn lẻ.",
                field="rows", value=type(rows).__name__, allowed="list[dict]",
            )
        try:
            rows = list(rows)
        except TypeError:
            raise InvalidValueError(
                f"Cần một danh sách các dòng (mỗi dòng một dict), nhận được {type(rows).__name__}.",
                field="rows", value=rows, allowed="list[dict]",
            ) from None
        source = hide_secrets(validate.text("source", source, limit=1000))  # a URL's password is never kept
        with self._engine.connect() as conn:
            units = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
        checked = [_platform_row(r, n, units) for n, r in enumerate(rows, start=1)]
        seen_post: dict[tuple[str, str], int] = {}
        seen_item: dict[int, int] = {}
        for n, row in enumerate(checked, start=1):
            post = (row["platform"], row["url"])
            if post in seen_post:
                raise InvalidValueError(
                    f"dòng {n}: cùng một bài với dòng {seen_post[post]} ({PLATFORM_LABELS[row['platform']]}, "
                    f"{row['url']}); mỗi bài chỉ một dòng.",
                    field="url", value=row["url"],
                )
            seen_post[post] = n
            if row["item_id"] is not None:
                if row["item_id"] in seen_item:
                    raise InvalidValueError(
                        f"dòng {n}: nội dung số {row['item_id']} đã được ghép với bài ở dòng "
                        f"{seen_item[row['item_id']]}; mỗi nội dung chỉ ghép với một bài.",
                        field="item_id", value=row["item_id"],
                    )
                seen_item[row["item_id"]] = n
        done = Recorded()
        o = outputs_table.c
        with self._write() as conn:
            existing: dict[tuple[str, str], dict] = {}
            urls = sorted({r["url"] for r in checked})
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                for found in conn.execute(
                    sa.select(outputs_table).where(o.url.in_(chunk)).order_by(o.output_id.desc())
                ).mappings():
                    existing[(found["platform"], found["url"])] = dict(found)  # the oldest wins
            item_ids = sorted(seen_item)
            items, taken = {}, {}
            for start in range(0, len(item_ids), 500):
                chunk = item_ids[start : start + 500]
                items.update(dict(conn.execute(
                    sa.select(items_table.c.item_id, items_table.c.unit_id).where(items_table.c.item_id.in_(chunk))
                ).all()))
                taken.update(dict(conn.execute(sa.select(o.item_id, o.output_id).where(o.item_id.in_(chunk))).all()))
            inserts, updates, slots = [], [], []
            for n, row in enumerate(checked, start=1):
                before = existing.get((row["platform"], row["url"]))
                item = row["item_id"]
                if item is not None and (before is None or before["item_id"] is None):
                    if item not in items:
                        raise InvalidValueError(
                            f"dòng {n}: không có nội dung số {item} trong không gian làm việc.",
                            field="item_id", value=item,
                        )
                    if items[item] != row["unit_id"]:
                        raise InvalidValueError(
                            f"dòng {n}: nội dung số {item} thuộc đơn vị '{items[item]}', còn bài này của đơn vị "
                            f"'{row['unit_id']}'; chỉ ghép bài với nội dung của chính đơn vị đó.",
                            field="item_id", value=item,
                        )
                    other = taken.get(item)
                    if other is not None and (before is None or other != before["output_id"]):
                        raise InvalidValueError(
                            f"dòng {n}: nội dung số {item} đã có sản phẩm khác (số {other}); mỗi nội dung chỉ một "
                            "sản phẩm. Bỏ ghép dòng này (item_id để trống) hoặc sửa ghép của sản phẩm kia trước.",
                            field="item_id", value=item,
                        )
                if before is None:
                    inserts.append({**row, "note": "", "source_file": source})
                    slots.append(("new", len(inserts) - 1))
                    continue
                values = dict(row)
                if before["item_id"] is not None:  # a planned item's post keeps the plan's unit, format, platform
                    for name in ("item_id", "unit_id", "format", "platform"):
                        values[name] = before[name]
                elif item is None:
                    values["item_id"] = None
                if not values["title"]:
                    values["title"] = before["title"]
                at, was = values["published_at"], before["published_at"] or ""
                if len(at) == 10 and was[:10] == at:  # a date only: keep the time of day already known
                    values["published_at"] = was
                for name in _COUNTS:
                    if values[name] is None:
                        values[name] = before[name]
                changed = {k: v for k, v in values.items() if before[k] != v}
                slots.append(("old", before["output_id"]))
                if changed:
                    updates.append((before["output_id"], before["version"], changed, before))
                    done.outputs_updated.append(before["output_id"])
                else:
                    done.outputs_unchanged.append(before["output_id"])
            if inserts or updates:  # the same rows again write nothing, so need no right
                actor = self._actor(conn)
                scope = {r["unit_id"] for r in checked} | {b["unit_id"] for b in existing.values()}
                for unit in sorted(scope):  # whose posts (planner.store.access)
                    self._require(conn, "record_outputs", actor, unit=unit)
                change = self._change(conn, "import_platform", source)
                done.change_id = change
                self._update_many(conn, change, "output", updates, note=source)
                stored = self._insert(conn, change, "output", inserts, returning=True, checked=True)
                done.outputs_added = [r["output_id"] for r in stored]
            else:
                stored = []
            done.output_ids = [stored[i]["output_id"] if kind == "new" else i for kind, i in slots]
        return done

    def set_output_item(self, output_id: int, item_id: int | None, *, version: int) -> dict[str, Any]:
        """Correct which planned item an output (a platform post) belongs to; None: no item.

        Versioned and audited (one change set, undoable). The item must be the same unit's and
        have no other output. Returns the output row as now stored."""
        output_id = validate.record_id("output_id", output_id)
        item_id = None if item_id is None else validate.record_id("item_id", item_id)
        version = validate.version(version)
        o = outputs_table.c
        with self._write() as conn:
            before = conn.execute(sa.select(outputs_table).where(o.output_id == output_id)).mappings().one_or_none()
            if before is None:
                raise NotFoundError(f"Không tìm thấy sản phẩm số {output_id} trong không gian làm việc.")
            self._require(conn, "record_outputs", unit=before["unit_id"])
            if before["version"] != version:
                raise stale_version("output", output_id, before, version)
            if before["item_id"] == item_id:
                return dict(before)
            if item_id is not None:
                unit = conn.execute(
                    sa.select(items_table.c.unit_id).where(items_table.c.item_id == item_id)
                ).scalar_one_or_none()
                if unit is None:
                    raise InvalidValueError(
                        f"Không có nội dung số {item_id} trong không gian làm việc.", field="item_id", value=item_id
                    )
                if unit != before["unit_id"]:
                    raise InvalidValueError(
                        f"Nội dung số {item_id} thuộc đơn vị '{unit}', còn sản phẩm số {output_id} của đơn vị "
                        f"'{before['unit_id']}'; chỉ ghép với nội dung của chính đơn vị đó.",
                        field="item_id", value=item_id,
                    )
                other = conn.execute(sa.select(o.output_id).where(o.item_id == item_id)).scalar_one_or_none()
                if other is not None:
                    raise InvalidValueError(
                        f"Nội dung số {item_id} đã có sản phẩm khác (số {other}); mỗi nội dung chỉ một sản phẩm. "
                        "Bỏ ghép sản phẩm kia trước.",
                        field="item_id", value=item_id,
                    )
            change = self._change(conn, "set_output_item", f"sản phẩm {output_id} → nội dung {item_id or 'không'}")
            return self._update(conn, change, "output", output_id, version, {"item_id": item_id}, before=before)


#: What one row of :meth:`OutputMethods.record_platform_outputs` carries.
PLATFORM_FIELDS = ("unit_id", "platform", "format", "url", "title", "published_at", "duration_s", "views",
                   "reactions", "shares", "comments", "item_id")
_VIETNAM = dt.timezone(dt.timedelta(hours=7))
#: A post's caption is kept up to this many characters (it is used to match and to show, not to publish).
TITLE_LIMIT = 2000


def _platform_row(row: Any, n: int, units: set[str]) -> dict[str, Any]:
    """One platform row checked field by field; InvalidValueError naming ``dòng n``."""
    if not isinstance(row, Mapping):
        raise InvalidValueError(
            f"dòng {n}: cần một dict (tên cột → giá trị), nhận được {type(row).__name__}.",
            field="rows", value=row, allowed="dict",
        )
    try:
        unit = row.get("unit_id")
        if not isinstance(unit, str) or unit not in units:
            raise InvalidValueError(
                f"Trường 'unit_id' (đơn vị): không có đơn vị {unit!r} trong không gian làm việc.",
                field="unit_id", value=unit, allowed=sorted(units),
            )
        url = validate.link(row.get("url"), "url")
        if not url:
            raise InvalidValueError(
                "Trường 'url' (đường dẫn): thiếu; mỗi bài cần đường dẫn cố định của nó (http:// hoặc https://).",
                field="url", value=row.get("url"), allowed="http:// hoặc https://",
            )
        given = row.get("published_at")
        if isinstance(given, str) and len(given.strip()) <= 10:  # a day without a time of day stays a day
            day = validate.date("published_at", given)
            published = day.isoformat() if day else ""
        else:
            published = validate.timestamp("published_at", given)
        if not published:
            raise InvalidValueError(
                "Trường 'published_at' (thời gian đăng): thiếu; cần ngày (và giờ nếu có) bài được đăng.",
                field="published_at", value=row.get("published_at"), allowed="ngày giờ đăng",
            )
        if len(published) > 10:  # a moment with a UTC offset is kept as Vietnam's time of day
            moment = dt.datetime.fromisoformat(published)
            if moment.tzinfo is not None:
                published = moment.astimezone(_VIETNAM).replace(tzinfo=None).isoformat()
        title = row.get("title")
        title = "" if validate._missing(title) else title
        if isinstance(title, str) and len(title) > TITLE_LIMIT:
            title = title[: TITLE_LIMIT - 1] + "…"
        out = {
            "unit_id": unit,
            "platform": validate.code("platform", row.get("platform")),
            "format": validate.code("format", row.get("format")),
            "url": url,
            "title": validate.text("title", title, limit=TITLE_LIMIT).strip(),
            "published_at": published,
        }
        for name in _COUNTS:
            value = row.get(name)
            unknown = validate._missing(value) or (isinstance(value, str) and not value.strip())
            out[name] = None if unknown else validate.integer(name, value, lo=0, hi=MAX_COUNT)
        item = row.get("item_id")
        unknown = validate._missing(item) or (isinstance(item, str) and not item.strip())
        out["item_id"] = None if unknown else validate.record_id("item_id", item)
    except InvalidValueError as exc:
        raise InvalidValueError(f"dòng {n}: {exc}", field=exc.field, value=exc.value, allowed=exc.allowed) from None
    return out

"""Content items: create, edit, move, reassign, cancel, duplicate, review status.

Mixed into :class:`planner.store.Workspace`; every method is one audited transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner import checks
from planner.calendars import parse_date
from planner.errors import NotFoundError, PlannerError, WorkflowError
from planner.model import CHECKLIST, FORMATS, PLATFORMS, STATUSES, THEMES, TRANSITIONS
from planner.store.rows import now_iso, stale_version
from planner.store.schema import events_table, items_table, names_table, units_table
from planner.strings import CHECKLIST_LABELS, FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS, THEME_LABELS

__all__ = ["ItemMethods", "ITEM_COLUMNS", "EDITABLE_FIELDS"]

#: Columns of :meth:`Workspace.items`.
ITEM_COLUMNS = [
    "item_id",
    "version",
    "year",
    "unit_id",
    "event_id",
    "occurrence_date",
    "date",
    "title",
    "format",
    "platform",
    "theme",
    "status",
    "reviewer",
    "review",
    "link",
    "published_at",
    "notes",
    "template_id",
    "spec_id",
    "offset_days",
    "plan_key",
    "findings",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
]
#: Fields :meth:`Workspace.update_item` may change (status goes through ``set_status``).
EDITABLE_FIELDS = (
    "year",
    "unit_id",
    "event_id",
    "occurrence_date",
    "date",
    "title",
    "format",
    "platform",
    "theme",
    "notes",
)
_AFTER_PUBLISH = ("notes", "link", "published_at")
_CONTENT = ("title", "format", "platform", "theme", "notes", "event_id", "occurrence_date")
_INTERNAL = ("template_id", "spec_id", "offset_days", "plan_key")
_CODES = {
    "format": (FORMATS, FORMAT_LABELS, "Định dạng"),
    "platform": (PLATFORMS, PLATFORM_LABELS, "Nền tảng"),
    "theme": (THEMES, THEME_LABELS, "Chủ đề"),
}


def to_date(value: Any, field: str = "date") -> dt.date | None:
    """date, datetime, Timestamp, '2025-02-03' or '3/2/2025' → date; None stays None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as exc:
            raise PlannerError(f"Trường '{field}': {exc}.") from None
    raise PlannerError(f"Trường '{field}': không đọc được ngày {value!r}; viết dạng 3/2/2025 hoặc 2025-02-03.")


def _check_code(field: str, value: Any) -> None:
    allowed, labels, label = _CODES[field]
    if value not in allowed:
        choices = ", ".join(f"{c} ({labels[c]})" for c in allowed)
        raise PlannerError(f"{label} '{value}' không hợp lệ. Chọn một trong: {choices}.")


def _decode(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["findings"] = json.loads(out["findings"]) if out.get("findings") else []
    out["review"] = json.loads(out["review"]) if out.get("review") else None
    return out


class ItemMethods:
    """The content-item half of the Workspace API."""

    # ------------------------------------------------------------------ checks
    def _checker(self, conn: Connection) -> tuple[checks.NameIndex, checks.EventIndex]:
        signature = (
            conn.execute(sa.select(sa.func.count(), sa.func.sum(events_table.c.version))).one(),
            conn.execute(sa.select(sa.func.count(), sa.func.sum(names_table.c.version))).one(),
        )
        cached = self._checker_cache
        if cached is None or cached[0] != signature:
            names = pd.DataFrame([dict(r) for r in conn.execute(sa.select(names_table)).mappings()])
            events = pd.DataFrame([dict(r) for r in conn.execute(sa.select(events_table)).mappings()])
            cached = (
                signature,
                checks.NameIndex(names) if len(names) else None,
                checks.EventIndex(events) if len(events) else None,
                {},
            )
            self._checker_cache = cached
        return cached[1], cached[2]

    def _findings(self, conn: Connection, row: Mapping[str, Any], *, checked: bool = False) -> list[dict]:
        """Automatic checks of ``row``; ``checked=True`` when ``_checker`` ran in this transaction."""
        if not checked:
            self._checker(conn)
        _, names, events, memo = self._checker_cache
        key = (row.get("title"), row.get("notes"), row.get("event_id"), row.get("year"), row.get("occurrence_date"))
        if key not in memo:
            memo[key] = [f.__dict__ for f in checks.item_findings(row, names=names, events=events)]
        return memo[key]

    # ------------------------------------------------------------------ reads
    def items(
        self,
        *,
        year: int | None = None,
        unit: str | Iterable[str] | None = None,
        status: str | Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Content items, by date: :data:`ITEM_COLUMNS`; ``review`` a dict, ``findings`` a list."""
        query = sa.select(*[items_table.c[c] for c in ITEM_COLUMNS])
        if year is not None:
            query = query.where(items_table.c.year == int(year))
        for column, value in (("unit_id", unit), ("status", status)):
            if value is not None:
                values = [value] if isinstance(value, str) else list(value)
                query = query.where(items_table.c[column].in_(values))
        query = query.order_by(items_table.c.date, items_table.c.unit_id, items_table.c.item_id)
        with self._engine.connect() as conn:
            rows = [_decode(r) for r in conn.execute(query).mappings()]
        frame = pd.DataFrame(rows, columns=ITEM_COLUMNS)
        for col in ("date", "occurrence_date"):
            frame[col] = pd.to_datetime(frame[col])
        frame["offset_days"] = frame["offset_days"].astype("Int64")
        return frame

    def item(self, item_id: int) -> dict[str, Any]:
        """One item as a dict (``review`` and ``findings`` decoded)."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(items_table).where(items_table.c.item_id == int(item_id)))
                .mappings()
                .one_or_none()
            )
        if row is None:
            raise NotFoundError(f"Không tìm thấy nội dung số {item_id}.")
        return _decode(row)

    def plan_keys(self, year: int) -> set[str]:
        """Plan keys already used in ``year`` (what plan generation must not create again)."""
        with self._engine.connect() as conn:
            return set(
                conn.execute(
                    sa.select(items_table.c.plan_key).where(
                        items_table.c.year == int(year), items_table.c.plan_key.is_not(None)
                    )
                ).scalars()
            )

    # ------------------------------------------------------------------ create
    def _prepare(self, conn: Connection, fields: Mapping[str, Any], units: set[str], events: set[str]) -> dict:
        unknown = sorted(set(fields) - set(EDITABLE_FIELDS) - set(_INTERNAL) - {"status"})
        if unknown:
            raise PlannerError(
                f"Không có trường {', '.join(unknown)}; các trường nhập được: {', '.join(EDITABLE_FIELDS)}."
            )
        row = {k: v for k, v in fields.items()}
        for field in ("unit_id", "format", "platform", "theme"):
            if not row.get(field):
                raise PlannerError(f"Thiếu trường '{field}' — bắt buộc khi thêm nội dung.")
        for field in _CODES:
            _check_code(field, row[field])
        row["date"] = to_date(row.get("date"), "date")
        row["occurrence_date"] = to_date(row.get("occurrence_date"), "occurrence_date")
        if row.get("year") is None:
            anchor = row["date"] or row["occurrence_date"]
            if anchor is None:
                raise PlannerError("Cần ngày đăng (date) hoặc năm kế hoạch (year) cho nội dung.")
            row["year"] = anchor.year
        row["year"] = int(row["year"])
        if row["unit_id"] not in units:
            raise NotFoundError(f"Không có đơn vị '{row['unit_id']}'. Các đơn vị: {', '.join(sorted(units))}.")
        if row.get("event_id") and row["event_id"] not in events:
            raise NotFoundError(f"Không có sự kiện '{row['event_id']}' trong danh mục.")
        status = row.get("status") or "idea"
        if status not in ("idea", "draft"):
            raise WorkflowError(
                f"Nội dung mới chỉ có thể ở trạng thái '{STATUS_LABELS['idea']}' hoặc '{STATUS_LABELS['draft']}'; "
                "duyệt và đăng bằng set_status."
            )
        row["status"] = status
        row["title"] = row.get("title") or ""
        row["notes"] = row.get("notes") or ""
        row["findings"] = json.dumps(self._findings(conn, row, checked=True), ensure_ascii=False)
        row["created_by"], row["created_at"] = self.user, now_iso()
        return row

    def add_items(self, rows: Iterable[Mapping[str, Any]], *, action: str = "add_items", note: str = "") -> list[int]:
        """Add many items in one transaction (all or nothing); returns their ids in order."""
        rows = list(rows)
        with self._engine.begin() as conn:
            units = set(conn.execute(sa.select(units_table.c.unit_id)).scalars())
            events = set(conn.execute(sa.select(events_table.c.event_id)).scalars())
            self._checker(conn)
            prepared = [self._prepare(conn, r, units, events) for r in rows]
            change = self._change(conn, action, note)
            return self._insert(conn, change, "item", prepared, returning=True)

    def add_item(self, **fields: Any) -> int:
        """Add one item (``unit_id, format, platform, theme`` required; ``date``, ``title``,
        ``event_id``, ``notes`` …); it starts as an idea. Returns its id."""
        return self.add_items([fields], action="add_item")[0]

    def duplicate_item(self, item_id: int, **overrides: Any) -> int:
        """A copy of an item as a new idea (no review, no link); ``overrides`` change fields."""
        source = self.item(item_id)
        fields = {k: source[k] for k in EDITABLE_FIELDS}
        fields.update(overrides)
        return self.add_items([fields], action="duplicate_item", note=f"từ nội dung {item_id}")[0]

    # ------------------------------------------------------------------ update
    def _edit(
        self,
        conn: Connection,
        change: int,
        current: Mapping[str, Any],
        changes: Mapping[str, Any],
        *,
        action: str = "update",
    ) -> dict:
        unknown = sorted(set(changes) - set(EDITABLE_FIELDS) - set(_AFTER_PUBLISH))
        if unknown:
            hint = " Đổi trạng thái bằng set_status." if "status" in unknown else ""
            raise PlannerError(
                f"Không sửa được trường {', '.join(unknown)}; các trường sửa được: {', '.join(EDITABLE_FIELDS)}.{hint}"
            )
        values = dict(changes)
        for field in _CODES:
            if field in values:
                _check_code(field, values[field])
        for field in ("date", "occurrence_date"):
            if field in values:
                values[field] = to_date(values[field], field)
        if values.get("unit_id") is not None and values["unit_id"] != current["unit_id"]:
            exists = conn.execute(sa.select(units_table.c.unit_id).where(units_table.c.unit_id == values["unit_id"]))
            if exists.first() is None:
                raise NotFoundError(f"Không có đơn vị '{values['unit_id']}'.")
        status = current["status"]
        if status == "published" and set(values) - set(_AFTER_PUBLISH):
            raise WorkflowError(
                f"Nội dung {current['item_id']} đã đăng: chỉ sửa được ghi chú, đường dẫn và thời gian đăng."
            )
        if status == "cancelled" and set(values) - {"notes"}:
            raise WorkflowError(f"Nội dung {current['item_id']} đã hủy: chỉ sửa được ghi chú.")
        note = ""
        if status == "approved" and any(values.get(f, current[f]) != current[f] for f in _CONTENT if f in values):
            values["status"] = "in_review"
            note = "Nội dung đã duyệt bị sửa: chuyển lại Chờ duyệt."
        merged = {**current, **values}
        values["findings"] = json.dumps(self._findings(conn, merged), ensure_ascii=False)
        return self._update(
            conn,
            change,
            "item",
            current["item_id"],
            current["version"],
            values,
            action=action,
            note=note,
            before=current,
        )

    def _current(self, conn: Connection, item_id: int, version: int | None) -> dict:
        row = conn.execute(sa.select(items_table).where(items_table.c.item_id == int(item_id))).mappings().one_or_none()
        if row is None:
            raise NotFoundError(f"Không tìm thấy nội dung số {item_id}.")
        row = dict(row)
        if version is not None and row["version"] != version:
            raise stale_version("item", row["item_id"], row, version)
        return row

    def update_item(self, item_id: int, *, version: int, **changes: Any) -> dict[str, Any]:
        """Change any editable field of one item, if it is still at ``version``.

        Returns the saved item (``findings`` holds the automatic checks of the new text).
        Raises ConflictError if someone else saved the item since ``version``.
        """
        with self._engine.begin() as conn:
            current = self._current(conn, item_id, version)
            change = self._change(conn, "update_item", f"nội dung {item_id}")
            return _decode(self._edit(conn, change, current, changes))

    def move_item(self, item_id: int, date: Any, *, version: int) -> dict[str, Any]:
        """Move an item to another planned date."""
        return self.update_item(item_id, version=version, date=date)

    def reassign_item(self, item_id: int, unit_id: str, *, version: int) -> dict[str, Any]:
        """Give an item to another unit."""
        return self.update_item(item_id, version=version, unit_id=unit_id)

    def cancel_item(self, item_id: int, *, version: int, reason: str | None = None) -> dict[str, Any]:
        """Cancel an item (from any status); the reason is recorded."""
        return self.set_status(item_id, "cancelled", version=version, reason=reason)

    def bulk_update(self, where: Mapping[str, Any], **changes: Any) -> int:
        """Apply ``changes`` to every item matching ``where`` (column → value or list), in one
        transaction: all items change or none. Returns how many items changed."""
        query = sa.select(items_table)
        for column, value in where.items():
            if column not in items_table.c:
                raise PlannerError(f"Không lọc được theo '{column}'; các cột: {', '.join(items_table.c.keys())}.")
            values = list(value) if isinstance(value, list | tuple | set) else [value]
            query = query.where(items_table.c[column].in_(values))
        with self._engine.begin() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
            change = self._change(conn, "bulk_update", json.dumps(where, ensure_ascii=False, default=str))
            for row in rows:
                self._edit(conn, change, row, changes)
        return len(rows)

    # ------------------------------------------------------------------ review workflow
    def set_status(
        self,
        item_id: int,
        status: str,
        *,
        version: int,
        reviewer: str | None = None,
        checklist: Mapping[str, Any] | None = None,
        reason: str | None = None,
        link: str | None = None,
        comment: str | None = None,
    ) -> dict[str, Any]:
        """Move an item along ``idea → draft → in_review → approved → published``.

        ``cancelled`` is allowed from any status; ``in_review → draft`` needs a ``reason``.
        Approval needs every point of the review checklist ticked (``checklist`` maps
        ``political, ideological, humane, orienting, lawful`` to True/False or to
        ``{"ok": bool, "comment": str}``) and no error among the automatic checks; it records
        the reviewer, the time, the checklist and the findings. Publishing needs approval
        and a ``link``. Every change is audited with its reason.
        """
        if status not in STATUSES:
            raise WorkflowError(
                f"Trạng thái '{status}' không có. Chọn một trong: "
                + ", ".join(f"{s} ({STATUS_LABELS[s]})" for s in STATUSES)
                + "."
            )
        with self._engine.begin() as conn:
            current = self._current(conn, item_id, version)
            old = current["status"]
            allowed = TRANSITIONS[old] + (("cancelled",) if old != "cancelled" else ())
            if status not in allowed:
                nexts = ", ".join(STATUS_LABELS[s] for s in allowed) or "không có"
                raise WorkflowError(
                    f"Không chuyển được nội dung {item_id} từ '{STATUS_LABELS[old]}' sang '{STATUS_LABELS[status]}'. "
                    f"Từ '{STATUS_LABELS[old]}' chỉ chuyển được sang: {nexts}."
                )
            values: dict[str, Any] = {"status": status}
            if old == "in_review" and status == "draft" and not (reason and reason.strip()):
                raise WorkflowError("Trả nội dung về bản nháp cần ghi lý do (reason) để người viết sửa.")
            if status == "approved":
                values.update(self._approval(conn, current, reviewer or self.user, checklist, comment))
            if status == "published":
                if not link or not str(link).startswith(("http://", "https://")):
                    raise WorkflowError(
                        "Đăng nội dung cần đường dẫn (link) tới bài đã đăng, bắt đầu bằng http:// hoặc https://."
                    )
                values.update(link=str(link).strip(), published_at=now_iso())
            change = self._change(conn, "set_status", f"nội dung {item_id}: {old} → {status}")
            after = self._update(
                conn,
                change,
                "item",
                current["item_id"],
                current["version"],
                values,
                action="status",
                note=(reason or "").strip(),
                before=current,
            )
            return _decode(after)

    def _approval(
        self,
        conn: Connection,
        current: Mapping[str, Any],
        reviewer: str,
        checklist: Mapping[str, Any] | None,
        comment: str | None,
    ) -> dict[str, Any]:
        checklist = dict(checklist or {})
        unknown = sorted(set(checklist) - set(CHECKLIST))
        if unknown:
            raise WorkflowError(f"Mục kiểm tra {', '.join(unknown)} không có; các mục: {', '.join(CHECKLIST)}.")
        record = {}
        for point in CHECKLIST:
            value = checklist.get(point, False)
            entry = dict(value) if isinstance(value, Mapping) else {"ok": bool(value), "comment": ""}
            record[point] = {"ok": bool(entry.get("ok")), "comment": str(entry.get("comment") or "")}
        missing = [CHECKLIST_LABELS[p] for p in CHECKLIST if not record[p]["ok"]]
        if missing:
            raise WorkflowError("Chưa duyệt được: các mục kiểm tra chưa đạt — " + "; ".join(missing) + ".")
        findings = self._findings(conn, current)
        errors = [f["message"] for f in findings if f["severity"] == "error"]
        if errors:
            raise WorkflowError(
                f"Chưa duyệt được nội dung {current['item_id']}: kiểm tra tự động còn lỗi — " + " ".join(errors)
            )
        review = {
            "reviewer": reviewer,
            "at": now_iso(),
            "checklist": record,
            "comment": comment or "",
            "findings": findings,
        }
        return {
            "reviewer": reviewer,
            "review": json.dumps(review, ensure_ascii=False),
            "findings": json.dumps(findings, ensure_ascii=False),
        }

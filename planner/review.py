"""Review before publishing: the status workflow, and the automatic checks of one item as a table.

The workflow rules live here as pure functions over an item — :func:`allowed_transitions`,
:func:`transition` (what a status change requires and writes) and :func:`edit_effects`
(what an edit of an approved, published or cancelled item does). The store calls them and
only saves, versions and audits the result. :func:`check_item` and :func:`review_queue`
show the findings a reviewer works from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.calendars import check_year
from planner.checks import findings_for_items
from planner.errors import InvalidValueError, WorkflowError
from planner.model import CHECKLIST, STATUSES, TRANSITIONS
from planner.store import access
from planner.strings import CHECKLIST_LABELS, STATUS_LABELS

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["allowed_transitions", "transition", "edit_effects", "check_item", "review_queue"]


def check_item(ws: Workspace, item_id: int) -> pd.DataFrame:
    """Every automatic check on one item, run now: a frame with :data:`planner.checks.FINDING_COLUMNS`.

    Runs against the current catalogue and list of official names, so a finding appears even
    for text that was saved before the list was extended (or written by another tool).
    """
    item = ws.item(item_id)
    frame = pd.DataFrame([item])
    return findings_for_items(frame, names=ws.official_names(), events=ws.events())


def review_queue(ws: Workspace, *, year: int | None = None) -> pd.DataFrame:
    """Items waiting for review (Chờ duyệt), by date, with the count of errors and warnings."""
    if year is not None:
        year = check_year(year)  # a plan year as every planning function takes it (not the text '2025')
    items = ws.items(year=year, status="in_review")
    errors = items["findings"].map(lambda fs: sum(f["severity"] == "error" for f in fs))
    warnings = items["findings"].map(lambda fs: sum(f["severity"] == "warning" for f in fs))
    return items.assign(errors=errors.astype("int64"), warnings=warnings.astype("int64"))[
        ["item_id", "version", "date", "unit_id", "title", "format", "platform", "errors", "warnings"]
    ].reset_index(drop=True)


# --------------------------------------------------------------------------- the workflow
#
# Pure functions over an item (a mapping with at least ``item_id, status`` and, for edits,
# the item's fields): what the review workflow allows and what each step writes. The store
# calls them inside its transaction and only saves, versions and audits what they return.


def allowed_transitions(
    item: Mapping[str, Any], *, actor: access.Actor | None = None, authors: Iterable[str] = ()
) -> list[str]:
    """Statuses ``item`` may move to now: ``idea → draft → in_review → approved → published``,
    ``in_review → draft`` (with a reason), and ``cancelled`` from any status but itself.

    With ``actor`` (``ws.actor``) and the item's ``authors`` (``ws.item_authors(id)``), only the moves
    that person may make (:mod:`planner.store.access`: their units, their role, four eyes)."""
    status = item.get("status") if isinstance(item, Mapping) else None
    if not isinstance(status, str) or status not in TRANSITIONS:
        raise InvalidValueError(
            f"Cần một nội dung có trạng thái (status) là một trong: {_status_choices()}; nhận được {item!r:.80}.",
            field="status",
            value=status,
            allowed=STATUSES,
        )
    moves = [*TRANSITIONS[status], *(["cancelled"] if status != "cancelled" else [])]
    if actor is None:
        return moves
    authors = set(authors)
    return [s for s in moves if access.may(actor, access.status_action(status, s), item=item, authors=authors,
                                           status=s)]


def _status_choices() -> str:
    return ", ".join(f"{s} ({STATUS_LABELS[s]})" for s in STATUSES)


def _checklist(checklist: Mapping[str, Any] | None) -> dict[str, dict]:
    """The review checklist as stored: each point ``{"ok": bool, "comment": str}``; booleans only."""
    if checklist is None:
        checklist = {}
    if not isinstance(checklist, Mapping):
        raise InvalidValueError(
            f"Danh mục kiểm tra (checklist) phải là một bảng mục → True/False, nhận được {checklist!r}.",
            field="checklist",
            value=checklist,
            allowed=CHECKLIST,
        )
    unknown = sorted(str(k) for k in set(checklist) - set(CHECKLIST))
    if unknown:
        raise InvalidValueError(
            f"Mục kiểm tra {', '.join(unknown)} không có; các mục: {', '.join(CHECKLIST)}.",
            field="checklist",
            value=unknown,
            allowed=CHECKLIST,
        )
    record = {}
    for point in CHECKLIST:
        value = checklist.get(point, False)
        entry = dict(value) if isinstance(value, Mapping) else {"ok": value, "comment": ""}
        ok, comment = entry.get("ok", False), entry.get("comment") or ""
        if not isinstance(ok, bool) or not isinstance(comment, str):
            raise InvalidValueError(
                f"Mục kiểm tra '{point}' ({CHECKLIST_LABELS[point]}) phải là True (đạt) hoặc False (chưa đạt), "
                f"nhận được {ok!r}.",
                field=f"checklist.{point}",
                value=ok,
                allowed=(True, False),
            )
        record[point] = {"ok": ok, "comment": comment}
    return record


def transition(
    item: Mapping[str, Any],
    status: str,
    *,
    actor: str,
    findings: Sequence[Mapping[str, Any]] = (),
    reviewer: str | None = None,
    checklist: Mapping[str, Any] | None = None,
    reason: str | None = None,
    link: str | None = None,
    comment: str | None = None,
    now: str,
    member: access.Actor | None = None,
    authors: Iterable[str] = (),
) -> dict[str, Any]:
    """Check a status change of ``item`` and return the fields it writes.

    ``member`` (the store's acting :class:`~planner.store.access.Actor`) and the item's ``authors``:
    the step is refused with :class:`~planner.errors.PermissionDenied` unless that person may make it
    (:func:`planner.store.access.require`; four eyes for approving and sending back).

    * ``in_review → draft`` needs a ``reason`` (for the writer);
    * approval needs every checklist point ``True`` (booleans only) and no error among
      ``findings`` (the automatic checks of the item now); it records reviewer, time,
      checklist, comment and findings;
    * publishing needs a ``link`` (http:// or https://) and, like approval, no error among
      ``findings`` (checked again: the catalogue may have changed since); it records the time.
    Raises :class:`WorkflowError` for a step the workflow does not allow.
    """
    if not isinstance(status, str) or status not in STATUSES:
        raise InvalidValueError(
            f"Trạng thái {status!r} không có. Chọn một trong: {_status_choices()}.",
            field="status",
            value=status,
            allowed=STATUSES,
        )
    old = item["status"]
    allowed = allowed_transitions(item)
    if status not in allowed:
        nexts = ", ".join(STATUS_LABELS[s] for s in allowed) or "không có"
        raise WorkflowError(
            f"Không chuyển được nội dung {item['item_id']} từ '{STATUS_LABELS[old]}' sang '{STATUS_LABELS[status]}'. "
            f"Từ '{STATUS_LABELS[old]}' chỉ chuyển được sang: {nexts}."
        )
    access.require(member, access.status_action(old, status), item=item, authors=authors, status=status)
    for name, value in (("reason", reason), ("comment", comment), ("reviewer", reviewer)):
        if value is not None and not isinstance(value, str):
            raise InvalidValueError(
                f"Trường '{name}' cần một chuỗi văn bản, nhận được {value!r}.",
                field=name,
                value=value,
                allowed="văn bản",
            )
    values: dict[str, Any] = {"status": status}
    if old == "in_review" and status == "draft" and not (reason and reason.strip()):
        raise WorkflowError("Trả nội dung về bản nháp cần ghi lý do (reason) để người viết sửa.")
    if status == "approved":
        record = _checklist(checklist)
        missing = [CHECKLIST_LABELS[p] for p in CHECKLIST if not record[p]["ok"]]
        if missing:
            raise WorkflowError("Chưa duyệt được: các mục kiểm tra chưa đạt — " + "; ".join(missing) + ".")
        errors = [f["message"] for f in findings if f["severity"] == "error"]
        if errors:
            raise WorkflowError(
                f"Chưa duyệt được nội dung {item['item_id']}: kiểm tra tự động còn lỗi — " + " ".join(errors)
            )
        if reviewer is not None and not reviewer.strip():
            raise InvalidValueError(
                "Người duyệt (reviewer) đang để trống; ghi tên người duyệt hoặc bỏ trống tham số để dùng tên bạn.",
                field="reviewer",
                value=reviewer,
                allowed="tên người duyệt",
            )
        who = unicodedata.normalize("NFC", (reviewer or actor).strip())
        if member is not None and member.controlled and who != actor:
            # with roles on, the reviewer is the person approving (four eyes is checked on them)
            raise InvalidValueError(
                f"Người duyệt ghi là {who!r} nhưng người đang duyệt là {actor!r}: khi đã bật phân quyền, người duyệt "
                "luôn là người đang làm việc — bỏ tham số reviewer, hoặc để người đó tự duyệt bằng tên của mình.",
                field="reviewer",
                value=reviewer,
                allowed=actor,
            )
        review = {"reviewer": who, "at": now, "checklist": record, "comment": comment or "", "findings": list(findings)}
        values.update(reviewer=who, review=review, findings=list(findings))
    if status == "published":
        if not link or not isinstance(link, str) or not link.strip().lower().startswith(("http://", "https://")):
            raise WorkflowError(
                "Đăng nội dung cần đường dẫn (link) tới bài đã đăng, bắt đầu bằng http:// hoặc https://."
            )
        errors = [f["message"] for f in findings if f["severity"] == "error"]
        if errors:  # the checks run again: the catalogue or the names may have changed since approval
            raise WorkflowError(
                f"Chưa đăng được nội dung {item['item_id']}: kiểm tra tự động còn lỗi — " + " ".join(errors)
                + " Sửa nội dung rồi gửi duyệt lại."
            )
        values.update(link=link.strip(), published_at=now)
    return values


#: Fields that may still change once an item is published.
AFTER_PUBLISH = ("notes", "link", "published_at")
#: Fields whose change sends an approved item back to review (the year too: it changes
#: the anniversary number a title must carry).
CONTENT_FIELDS = ("title", "format", "platform", "theme", "notes", "event_id", "occurrence_date", "year")


def edit_effects(item: Mapping[str, Any], changes: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """What an edit of ``item`` does to its status: returns ``(changes to write, note for the audit)``.

    A published item keeps its text (only notes, link and publication time change); a
    cancelled one changes only its notes; editing the content of an approved item sends it
    back to review (Chờ duyệt).
    """
    status = item["status"]
    if status == "published" and set(changes) - set(AFTER_PUBLISH):
        raise WorkflowError(
            f"Nội dung {item['item_id']} đã đăng: chỉ sửa được ghi chú, đường dẫn và thời gian đăng."
        )
    if status == "cancelled" and set(changes) - {"notes"}:
        raise WorkflowError(f"Nội dung {item['item_id']} đã hủy: chỉ sửa được ghi chú.")
    if status == "published":
        for field in ("link", "published_at"):
            if field in changes and not changes[field]:
                what = "đường dẫn" if field == "link" else "thời gian đăng"
                raise WorkflowError(
                    f"Nội dung {item['item_id']} đã đăng: không xóa được {what} — "
                    "sửa thành giá trị đúng thay vì để trống."
                )
    if status != "published" and set(changes) & {"link", "published_at"}:
        raise WorkflowError(
            f"Nội dung {item['item_id']} chưa đăng: đường dẫn và thời gian đăng được ghi khi chuyển sang "
            f"'{STATUS_LABELS['published']}' (set_status)."
        )
    values = dict(changes)
    if status == "approved" and any(f in values and values[f] != item.get(f) for f in CONTENT_FIELDS):
        values["status"] = "in_review"
        return values, "Nội dung đã duyệt bị sửa: chuyển lại Chờ duyệt."
    return values, ""

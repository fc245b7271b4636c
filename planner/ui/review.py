"""The review queue: items waiting for a manager's review, each with its findings and the checklist.

Thin by design: the queue is :func:`planner.review.review_queue`, the findings are
:func:`planner.review.check_item` (run when the item is opened), and approving or returning
is :meth:`Workspace.set_status`, which enforces the checklist, the error findings and the
reason. The view shows what the store says and refreshes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from planner import review
from planner.errors import ConflictError, NotFoundError
from planner.model import CHECKLIST
from planner.strings import (
    FORMAT_LABELS,
    PLATFORM_LABELS,
    REVIEW_LABELS,
    STATUS_LABELS,
    THEME_LABELS,
)
from planner.ui.common import StatusLine, checklist_boxes, date_text, guarded, notify
from planner.ui.form import findings_html
from planner.values import missing

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["ReviewQueue"]

_FIELDS = {"title": REVIEW_LABELS["field_title"], "notes": REVIEW_LABELS["field_notes"]}


def _classed(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(f"planner-review-{name}")
    return widget


def _sized(width: str = "auto") -> dict[str, Any]:
    """Size keywords for one widget: a Layout of its own (a shared Layout would hide or mark them all at once).

    The label takes the width it needs (a fixed one cut "Nhận xét chung" to "Nhận xét c…"); ``auto``
    fills the column without the margins ``100%`` adds."""
    return {"style": {"description_width": "initial"}, "layout": widgets.Layout(width=width, min_width="0")}


def _show(widget: widgets.Widget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ReviewQueue(widgets.VBox):
    """Items in review (``year``: only that plan year), one opened at a time to approve or return.

    ``items`` is the queue frame shown (:func:`planner.review.review_queue`); ``on_change(ids)``
    callbacks are called with the ids of the items approved or returned.
    """

    def __init__(self, ws: Workspace, *, year: int | None = None, on_change: Callable[[list[int]], Any] | None = None):
        self.ws = ws
        self.year = year
        self.status = StatusLine()
        self._callbacks: list[Callable[[list[int]], Any]] = []
        if on_change is not None:
            self.on_change(on_change)
        self.items = pd.DataFrame()
        self.item_id: int | None = None
        self.item: dict[str, Any] | None = None
        self.version: int | None = None
        self.current_findings = pd.DataFrame()
        self._cursor = 0
        self._shown: list[tuple[int, int]] = []  # the queue as last shown: (item_id, version) in order
        self._quiet = False

        self.heading = _classed(widgets.HTML(), "heading")
        self.picker = _classed(widgets.Select(options=[], rows=8, layout=widgets.Layout(width="100%")), "list")
        self.picker.observe(self._picked, names="value")
        self.detail = _classed(widgets.HTML(), "detail")
        self.findings = _classed(widgets.HTML(), "findings")
        self.checklist = checklist_boxes("planner-review")
        self.comments = {
            point: _classed(
                widgets.Text(
                    placeholder=REVIEW_LABELS["check_comment"],
                    layout=widgets.Layout(width="auto", min_width="0"),
                ),
                f"comment-{point}",
            )
            for point in CHECKLIST
        }
        # two columns: each point's whole label, then its comment box taking the rest of the width
        self.checklist_grid = widgets.GridBox(
            [w for p in CHECKLIST for w in (self.checklist[p], self.comments[p])],
            layout=widgets.Layout(
                grid_template_columns="max-content minmax(10em, 1fr)", grid_gap="0 8px", align_items="center"
            ),
        )
        self.checklist_box = _classed(
            widgets.VBox([widgets.HTML(f"<b>{html.escape(REVIEW_LABELS['checklist'])}</b>"), self.checklist_grid]),
            "checklist",
        )
        self.comment = _classed(
            widgets.Textarea(
                description=REVIEW_LABELS["comment"],
                placeholder=REVIEW_LABELS["comment_placeholder"],
                rows=2,
                **_sized(),
            ),
            "comment",
        )
        self.reason = _classed(
            widgets.Text(
                description=REVIEW_LABELS["reason"], placeholder=REVIEW_LABELS["reason_placeholder"], **_sized()
            ),
            "reason",
        )
        self.approve_button = _classed(
            widgets.Button(description=REVIEW_LABELS["approve"], button_style="success", icon="check"), "approve"
        )
        self.return_button = _classed(
            widgets.Button(description=REVIEW_LABELS["return"], button_style="warning", icon="reply"), "return"
        )
        self.refresh_button = _classed(widgets.Button(description=REVIEW_LABELS["refresh"], icon="refresh"), "refresh")
        self.reload_button = _classed(
            widgets.Button(description=REVIEW_LABELS["reload"], button_style="warning", icon="refresh"), "reload"
        )
        _show(self.reload_button, False)
        self.approve_button.on_click(self.approve)
        self.return_button.on_click(self.return_to_draft)
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.reload_button.on_click(self.reload)
        self.panel = _classed(
            widgets.VBox(
                [
                    self.detail,
                    self.findings,
                    self.checklist_box,
                    self.comment,
                    self.reason,
                    widgets.HBox([self.approve_button, self.return_button, self.reload_button]),
                ]
            ),
            "panel",
        )
        super().__init__([self.heading, widgets.HBox([self.picker]), self.refresh_button, self.panel, self.status])
        self.add_class("planner-review")
        self._read()

    # ------------------------------------------------------------------ public
    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """Call ``callback(item_ids)`` after every approval or return made here."""
        self._callbacks.append(callback)

    @guarded
    def refresh(self) -> None:
        """Read the queue again (and the opened item, if someone changed it), and say so."""
        self._read(announce=True)

    @guarded
    def select(self, item_id: int) -> None:
        """Open item ``item_id``: its details, its findings run now, an empty checklist."""
        self._select(item_id)
        self.status.clear()

    @guarded
    def approve(self, _button: Any = None) -> bool:
        """Approve the opened item with the checklist as ticked (the store refuses an unticked point
        or an error finding; its message is shown and nothing changes). Returns True when approved."""
        if self.item_id is None:
            self.status.warning(REVIEW_LABELS["no_selection"])
            return False
        checklist: dict[str, Any] = {}
        for point in CHECKLIST:
            ok, note = self.checklist[point].value, self.comments[point].value.strip()
            checklist[point] = {"ok": ok, "comment": note} if note else ok
        item_id, title = self.item_id, self.item["title"]
        saved = self._attempt(
            lambda: self.ws.set_status(
                item_id,
                "approved",
                version=self.version,
                reviewer=self.ws.user,
                checklist=checklist,
                comment=self.comment.value.strip() or None,
            )
        )
        if saved is None:
            return False
        self._done(item_id, REVIEW_LABELS["approved"].format(item_id=item_id, title=title))
        return True

    @guarded
    def return_to_draft(self, _button: Any = None) -> bool:
        """Send the opened item back to draft with the ``reason`` written (the store requires one)."""
        if self.item_id is None:
            self.status.warning(REVIEW_LABELS["no_selection"])
            return False
        item_id, title = self.item_id, self.item["title"]
        reason = self.reason.value
        saved = self._attempt(lambda: self.ws.set_status(item_id, "draft", version=self.version, reason=reason))
        if saved is None:
            return False
        self._done(item_id, REVIEW_LABELS["returned"].format(item_id=item_id, title=title))
        return True

    @guarded
    def reload(self, _button: Any = None) -> None:
        """After a conflict: read the queue and the opened item as they are now."""
        self._read(announce=True, reopen=True)

    @guarded
    def poll(self) -> bool:
        """Read the queue again if the workspace changed since the last read (another handle saved).

        Says something only when what the view shows changed: the queue (its items or their
        versions) or the opened item; news never replaces an error still on the status line.
        Returns True when the queue or the opened item changed."""
        if self.ws.last_change() == self._cursor:
            return False
        before, opened = list(self._shown), (self.item_id, self.version)
        self._read(announce="news")
        return self._shown != before or (self.item_id, self.version) != opened

    # ------------------------------------------------------------------ reading
    def _read(self, *, announce: bool | str = False, reopen: bool = False) -> None:
        """Read the queue (mark taken first); keep the opened item if it is still waiting.

        ``announce``: True says the queue was read (a click on Làm mới); ``"news"`` (the timer)
        speaks only of a change to the queue or the opened item, and never over an error."""
        since = self._cursor
        before = self._shown
        mark = self.ws.last_change()
        queue = review.review_queue(self.ws, year=self.year)
        units = self.ws.units()
        self._units = dict(zip(units["unit_id"], units["short_name"], strict=True))
        self.items = queue
        self._cursor = mark
        options = []
        for row in queue.to_dict("records"):
            label = REVIEW_LABELS["queue_entry"].format(
                date=date_text(row["date"]),
                unit=self._units.get(row["unit_id"], row["unit_id"]),
                title=_short(row["title"] or "…"),
            )
            if row["errors"]:
                label += REVIEW_LABELS["errors_mark"].format(count=row["errors"])
            options.append((label, int(row["item_id"])))
        waiting = dict(zip(queue["item_id"].astype(int), queue["version"].astype(int), strict=True))
        self._shown = list(waiting.items())
        if announce == "news" and (self._shown == before or self.status.kind == "error"):
            refreshed = False  # nothing new in the list, or an error the person has not dealt with yet
        else:
            refreshed = bool(announce)
        opened = self.item_id
        self._quiet = True
        try:
            if list(self.picker.options) != options:
                self.picker.options = options
            self.picker.value = opened if opened in waiting else None
        finally:
            self._quiet = False
        count = len(queue)
        self.heading.value = "<b>{}</b>".format(
            html.escape(REVIEW_LABELS["heading"].format(count=count) if count else REVIEW_LABELS["empty"])
        )
        if opened is not None and opened in waiting:
            moved = waiting[opened] != self.version
            if moved or reopen:
                self._select(opened)
            if moved and announce:
                who = self._who(opened, since)
                self.status.warning(
                    REVIEW_LABELS["changed_elsewhere"].format(item_id=opened, user=who, version=self.version)
                )
            elif refreshed:
                self.status.info(REVIEW_LABELS["refreshed"].format(count=count))
            return
        if opened is not None and announce:
            self.status.warning(REVIEW_LABELS["left_queue"].format(item_id=opened))
        elif refreshed:
            self.status.info(REVIEW_LABELS["refreshed"].format(count=count))
        if options:
            self._select(options[0][1])
        else:
            self._clear()

    def _who(self, item_id: int, since: int) -> str:
        changed = self.ws.changes(since=since)
        rows = changed[changed["item_id"] == item_id]
        return str(rows["user"].iloc[-1]) if len(rows) else "?"

    def _select(self, item_id: int) -> None:
        row = self.ws.item(item_id)
        found = review.check_item(self.ws, item_id)
        self.item_id, self.item, self.version = int(row["item_id"]), row, int(row["version"])
        self.current_findings = found
        self._quiet = True
        try:
            self.picker.value = self.item_id if self.item_id in {v for _, v in self.picker.options} else None
        finally:
            self._quiet = False
        self.detail.value = self._detail_html(row)
        self.findings.value = findings_html(
            found.to_dict("records"),
            heading=REVIEW_LABELS["findings"],
            empty=REVIEW_LABELS["no_findings"],
            fields=_FIELDS,
        )
        for point in CHECKLIST:
            self.checklist[point].value = False
            self.comments[point].value = ""
        self.comment.value, self.reason.value = "", ""
        actor = self.ws.actor  # only what this person may (planner.store.access: role, four eyes)
        allowed = review.allowed_transitions(row, actor=actor,
                                             authors=self.ws.item_authors(self.item_id) if actor.controlled else ())
        self.approve_button.disabled = "approved" not in allowed
        self.return_button.disabled = not (row["status"] == "in_review" and "draft" in allowed)
        _show(self.reload_button, False)
        _show(self.panel, True)

    def _clear(self) -> None:
        self.item_id, self.item, self.version = None, None, None
        self.current_findings = pd.DataFrame()
        self.detail.value = self.findings.value = ""
        self.approve_button.disabled = self.return_button.disabled = True
        _show(self.panel, False)

    def _detail_html(self, row: dict[str, Any]) -> str:
        def line(key: str, value: str) -> str:
            return f"<div><b>{html.escape(REVIEW_LABELS[key])}:</b> {html.escape(value)}</div>"

        def label(labels: dict[str, str], code: Any) -> str:
            return "" if missing(code) else labels.get(code, str(code))

        parts = [f"<h4 style='margin:4px 0'>{html.escape(row['title'] or '…')}</h4>"]
        parts.append(line("unit", self._units.get(row["unit_id"], row["unit_id"])))
        parts.append(line("date", date_text(row["date"])))
        parts.append(
            line("format", f"{label(FORMAT_LABELS, row['format'])} · {label(PLATFORM_LABELS, row['platform'])}")
        )
        parts.append(line("theme", label(THEME_LABELS, row["theme"])))
        if not missing(row["event_id"]) and row["event_id"]:
            events = self.ws.events()
            names = dict(zip(events["event_id"], events["name_vi"], strict=True))
            parts.append(line("event", names.get(row["event_id"], row["event_id"])))
        if row["notes"]:
            parts.append(line("notes", row["notes"]))
        status = STATUS_LABELS.get(row["status"], row["status"])
        version = REVIEW_LABELS["version"].format(
            item_id=row["item_id"], version=row["version"], user=row["updated_by"]
        )
        parts.append(f"<div style='color:#6c757d'>{html.escape(status)} · {html.escape(version)}</div>")
        return "".join(parts)

    # ------------------------------------------------------------------ writes
    def _picked(self, change: dict) -> None:
        if self._quiet or change["new"] is None:
            return
        self.select(change["new"])

    def _attempt(self, write: Callable[[], Any]) -> Any:
        try:
            return write()
        except ConflictError as exc:
            _show(self.reload_button, True)
            self.status.error(str(exc))
        except NotFoundError as exc:
            self.status.error(str(exc))
            self.item_id = None
            self._read()
        return None

    def _done(self, item_id: int, message: str) -> None:
        self.item_id = None  # it left the queue: open the next one
        self._read()
        self.status.ok(message)
        self._notify([item_id])

    def _notify(self, ids: list[int]) -> None:
        notify(self._callbacks, ids, self.status)

"""The day and item panel: what is on the selected day, and one content item to add, edit, review or undo.

Thin by design: the day's facts come from :func:`planner.ui.days.day`, the checks from
:func:`planner.checks.item_findings` (run live on the draft, never saved), the status steps a
button may offer from :func:`planner.review.allowed_transitions`, and every write goes through
the workspace's item API (``add_item``, ``update_item``, ``set_status``, ``duplicate_item``,
``undo``), which validates and refuses. The form only shows what comes back.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from planner import checks, review
from planner.calendars import format_date_long, format_lunar, format_weekday
from planner.errors import ConflictError, InvalidValueError, NotFoundError
from planner.model import FORMATS, PLATFORMS, THEMES
from planner.store import access, validate
from planner.store.items import missing_fields  # the store's own rule (one home)
from planner.strings import (
    FORM_LABELS,
    FORMAT_LABELS,
    PLATFORM_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    THEME_LABELS,
    TIER_LABELS,
)
from planner.ui import days
from planner.ui.common import (
    Choice,
    StatusLine,
    as_date,
    checklist_boxes,
    choices,
    date_text,
    guarded,
    notify,
    unit_choices,
)
from planner.values import missing

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["ItemForm", "findings_html"]

#: Severity → (text colour, CSS class suffix) for the findings list.
_SEVERITY_COLOURS = {"error": "#842029", "warning": "#664d03", "info": "#055160"}
#: The item fields the form edits, in the order they are read from the widgets.
_FIELDS = ("title", "unit_id", "format", "platform", "theme", "date", "event_id", "occurrence_date", "notes")
#: Item field → the widget (attribute name) that shows it; an error naming the field marks that widget.
_FIELD_WIDGETS = {
    "title": "title",
    "unit_id": "unit",
    "format": "format",
    "platform": "platform",
    "theme": "theme",
    "date": "date",
    "year": "date",
    "event_id": "event",
    "occurrence_date": "event",
    "notes": "notes",
    "reason": "reason",
    "link": "link",
}
#: Keyword defaults :meth:`ItemForm.new` takes, and the item field each one fills.
_DEFAULTS = {
    "unit": "unit_id",
    "unit_id": "unit_id",
    "format": "format",
    "platform": "platform",
    "theme": "theme",
    "title": "title",
    "notes": "notes",
    "event": "event_id",
    "event_id": "event_id",
}
#: The fields in the order the form shows them.
_ORDER = ("title", "unit_id", "date", "format", "platform", "theme", "event_id", "occurrence_date", "notes")
_TARGETS = ("draft", "in_review", "approved", "published", "cancelled")
_INVALID = "planner-form-invalid"
#: What a layout cannot say: the day's items as small left-aligned rows, long labels wrapping in the side panel.
_CSS = """<style>
.planner-form .planner-form-day-item { text-align: left; }
.planner-form .planner-form-checklist .widget-checkbox label { white-space: normal; }
</style>"""


def findings_html(findings: Iterable[Mapping[str, Any]], *, heading: str, empty: str, fields: Mapping[str, str]) -> str:
    """Findings (dicts with ``severity, field, message``) as an HTML list in Vietnamese; errors in red."""
    findings = list(findings)
    head = f"<b>{html.escape(heading)}</b>"
    if not findings:
        return f'{head}<div class="planner-finding-none" style="color:#0f5132">{html.escape(empty)}</div>'
    rows = []
    for f in findings:
        severity = f.get("severity") or "info"
        text = FORM_LABELS["finding"].format(
            severity=SEVERITY_LABELS.get(severity, severity),
            field=fields.get(f.get("field") or "", f.get("field") or ""),
            message=f.get("message") or "",
        )
        rows.append(
            f'<li class="planner-finding-{html.escape(severity)}" '
            f'style="color:{_SEVERITY_COLOURS.get(severity, "#055160")}">{html.escape(text)}</li>'
        )
    return f'{head}<ul style="margin:2px 0 2px 1.2em;padding:0">{"".join(rows)}</ul>'


def _classed(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(f"planner-form-{name}")
    if isinstance(widget, widgets.Button):
        widget.layout.width = "auto"  # the whole label, not the default 148px
    return widget


def _sized(width: str = "auto") -> dict[str, Any]:
    """Size keywords for one widget: a Layout of its own (a shared Layout would hide or mark them all at once).

    ``auto`` in the panel's column: as wide as the panel less the widget's margins (``100%`` adds the
    margins and pushes the right edge out of a narrow panel)."""
    return {"style": {"description_width": "7em"}, "layout": widgets.Layout(width=width, min_width="0")}


def _show(widget: widgets.Widget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


def _text(value: Any) -> str:
    return "" if missing(value) else str(value)


def _code(value: Any) -> Any:
    return None if missing(value) or value == "" else value


class ItemForm(widgets.VBox):
    """The selected day (its facts and items) and one content item in a form.

    ``on_change(ids)`` callbacks (the constructor's, and any added with :meth:`on_change`)
    are called with the ids of the items a save, status change, duplicate or undo changed.
    """

    def __init__(self, ws: Workspace, *, on_change: Callable[[list[int]], Any] | None = None):
        self.ws = ws
        self.status = StatusLine()
        self._callbacks: list[Callable[[list[int]], Any]] = []
        if on_change is not None:
            self.on_change(on_change)
        self.item_id: int | None = None
        self.item: dict[str, Any] | None = None
        self.version: int | None = None
        self.current_findings: list[dict] = []
        self._shown: dict[str, Any] = {}
        self._occurrence: dt.date | None = None
        self._year: int | None = None
        self._event_year: int | None = None
        self._event_dates: dict[str, list[dt.date]] = {}
        self._checkers: tuple[checks.NameIndex | None, checks.EventIndex | None] | None = None
        self._day: dt.date | None = None
        self._asked: tuple | None = None  # (what was asked for, the widgets' values then): a second click goes ahead
        self._day_unit: str | None = None
        self._quiet = False
        self._marked: list[widgets.Widget] = []
        self._cursor = ws.last_change()

        # ---- the day
        self.day = _classed(widgets.HTML(), "day")
        self.day_count = _classed(widgets.HTML(), "day-count")
        #: The day's items, one small row each; about six show, the rest scroll (the form stays in view).
        self.day_items = _classed(
            widgets.VBox(
                layout=widgets.Layout(max_height="150px", overflow="hidden auto", flex="0 0 auto")
            ),
            "day-items",
        )
        self.new_button = _classed(widgets.Button(description=FORM_LABELS["new"], icon="plus"), "new")
        self.new_button.on_click(self._new_clicked)
        _show(self.new_button, False)

        # ---- the item
        self.heading = _classed(widgets.HTML(), "heading")
        self.title = _classed(
            widgets.Text(
                description=FORM_LABELS["title"],
                placeholder=FORM_LABELS["title_placeholder"],
                continuous_update=True,
                **_sized(),
            ),
            "title",
        )
        self._units = ws.units()
        self.unit_choices = unit_choices(self._units, blank=FORM_LABELS["none"])
        self.unit = _classed(
            Choice(description=FORM_LABELS["unit"], options=self.unit_choices, **_sized()), "unit"
        )
        self.date = _classed(widgets.DatePicker(description=FORM_LABELS["date"], **_sized()), "date")
        self.date.layout.flex, self.date.layout.min_width = "1 1 16em", "16em"  # the label and a whole 03/06/2025
        #: The chosen date written out in Vietnamese: the picker itself shows the browser's order (03/06/2025).
        #: Beside the picker; under it, at the right, when the panel is too narrow for both.
        self.date_long = _classed(
            widgets.HTML(layout=widgets.Layout(flex="0 0 auto", margin="0 2px 0 4px")), "date-long"
        )
        self.date_row = widgets.HBox(
            [self.date, self.date_long],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", justify_content="flex-end"),
        )
        self.date.observe(self._say_date, names="value")
        none = FORM_LABELS["none"]
        self.format = _classed(
            Choice(
                description=FORM_LABELS["format"], options=choices(FORMAT_LABELS, FORMATS, blank=none), **_sized()
            ),
            "format",
        )
        self.platform = _classed(
            Choice(
                description=FORM_LABELS["platform"],
                options=choices(PLATFORM_LABELS, PLATFORMS, blank=none),
                **_sized(),
            ),
            "platform",
        )
        self.theme = _classed(
            Choice(
                description=FORM_LABELS["theme"], options=choices(THEME_LABELS, THEMES, blank=none), **_sized()
            ),
            "theme",
        )
        self.event = _classed(
            Choice(description=FORM_LABELS["event"], options=[(none, None)], **_sized()), "event"
        )
        self.notes = _classed(widgets.Textarea(description=FORM_LABELS["notes"], rows=3, **_sized()), "notes")
        self.findings = _classed(widgets.HTML(), "findings")

        self.save_button = _classed(
            widgets.Button(description=FORM_LABELS["save"], button_style="primary", icon="save"), "save"
        )
        self.duplicate_button = _classed(widgets.Button(description=FORM_LABELS["duplicate"], icon="copy"), "duplicate")
        self.undo_button = _classed(widgets.Button(description=FORM_LABELS["undo"], icon="undo"), "undo")
        self.reload_button = _classed(
            widgets.Button(description=FORM_LABELS["reload"], button_style="warning", icon="refresh"), "reload"
        )
        _show(self.reload_button, False)
        self.save_button.on_click(self.save)
        self.duplicate_button.on_click(self.duplicate)
        self.undo_button.on_click(self.undo)
        self.reload_button.on_click(self.reload)

        # ---- review status
        self.transition_buttons: dict[str, widgets.Button] = {}
        for target in _TARGETS:
            button = _classed(
                widgets.Button(
                    description=FORM_LABELS["cancel"] if target == "cancelled" else FORM_LABELS[f"to_{target}"],
                    button_style="danger" if target == "cancelled" else "",
                ),
                f"status-{target}",
            )
            button.on_click(lambda _b, target=target: self.set_status(target))
            self.transition_buttons[target] = button
        self.cancel_button = self.transition_buttons["cancelled"]
        self.cancel_button.add_class("planner-form-cancel")
        self.status_buttons = _classed(widgets.HBox(layout=widgets.Layout(flex_flow="row wrap")), "status-buttons")
        self.reason = _classed(
            widgets.Text(description=FORM_LABELS["reason"], placeholder=FORM_LABELS["reason_placeholder"], **_sized()),
            "reason",
        )
        self.link = _classed(
            widgets.Text(description=FORM_LABELS["link"], placeholder=FORM_LABELS["link_placeholder"], **_sized()),
            "link",
        )
        self.checklist = checklist_boxes("planner-form")
        self.checklist_box = _classed(
            widgets.VBox([widgets.HTML(f"<b>{html.escape(FORM_LABELS['checklist'])}</b>"), *self.checklist.values()]),
            "checklist",
        )

        for widget in (self.title, self.notes, self.event, self.date):
            widget.observe(self._edited, names="value")

        super().__init__(
            [
                widgets.HTML(_CSS, layout=widgets.Layout(display="none")),
                self.day,
                self.day_count,
                self.day_items,
                self.new_button,
                self.heading,
                self.title,
                self.unit,
                self.date_row,
                self.format,
                self.platform,
                self.theme,
                self.event,
                self.notes,
                self.findings,
                widgets.HBox(
                    [self.save_button, self.duplicate_button, self.undo_button, self.reload_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.status_buttons,
                self.reason,
                self.link,
                self.checklist_box,
                self.status,
            ]
        )
        self.add_class("planner-form")
        self._new(None, {})

    # ------------------------------------------------------------------ public
    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """Call ``callback(item_ids)`` after every write made from this form."""
        self._callbacks.append(callback)

    @property
    def dirty(self) -> bool:
        """True when the widgets hold something not saved yet."""
        return self._values() != self._shown

    @guarded
    def show_day(self, date: Any, unit: str | None = None) -> None:
        """Show ``date``'s facts and items (only ``unit``'s when given); ready the form for a new item that day.

        With unsaved edits in the form the first call only warns (what would be lost); the same call
        again goes ahead and drops them."""
        day = validate.date("date", date)
        if unit is not None:
            self._offered(self.unit, unit, "unit_id")
        defaults = {"unit_id": unit} if unit else {}
        self._check_defaults(defaults)
        if day is None:
            leave, dropped = self._may_leave(("day", None, unit), "leave_no_day")
            if not leave:
                return
            self._day, self._day_unit = None, None
            self.day.value = ""
            self._list_day_items("", ())
            _show(self.new_button, False)
            self._new(None, defaults)
            self._tell(dropped, clear=False)
            return
        leave, dropped = self._may_leave(("day", day, unit), "leave_day", date=date_text(day))
        if not leave:
            return
        facts = days.day(self.ws, day)
        mark = self.ws.last_change()
        listed = self._day_item_widgets(day, unit)
        self._day, self._day_unit = day, unit
        self.day.value = self._day_html(facts)
        self._list_day_items(*listed)
        self._cursor = mark
        _show(self.new_button, True)
        self._new(day, defaults)
        self._tell(dropped, clear=False)

    @guarded
    def new(self, date: Any = None, **defaults: Any) -> None:
        """An empty form for a new item on ``date``; ``defaults``: unit, format, platform, theme, event, title,
        notes. With unsaved edits in the form the first call only warns; the same call again goes ahead."""
        unknown = sorted(set(defaults) - set(_DEFAULTS))
        if unknown:
            raise InvalidValueError(
                FORM_LABELS["unknown_default"].format(name=unknown[0], allowed=", ".join(_DEFAULTS)),
                field=unknown[0],
                value=defaults[unknown[0]],
                allowed=tuple(_DEFAULTS),
            )
        day = validate.date("date", date) if date is not None else self._day
        fields = {_DEFAULTS[k]: v for k, v in defaults.items()}
        self._check_defaults(fields)
        leave, dropped = self._may_leave(("new", day, sorted(fields.items(), key=lambda kv: kv[0])), "leave_new")
        if not leave:
            return
        self._new(day, fields)
        self._tell(dropped)

    @guarded
    def load(self, item_id: int) -> None:
        """Show item ``item_id`` in the form, with the version it was read at.

        With unsaved edits in the form the first call only warns (what would be lost, and that a
        second click opens it); loading the same item again goes ahead and drops them."""
        mark = self.ws.last_change()
        row = self.ws.item(item_id)  # an unknown id is refused before anything is asked
        leave, dropped = self._may_leave(("item", int(row["item_id"])), "leave_item", item_id=int(row["item_id"]))
        if not leave:
            return
        self._sync(mark)
        self._fill(row)
        self._tell(dropped)

    @guarded
    def reload(self, _button: Any = None) -> None:
        """Show the item as it is now in the workspace (after a conflict: what the other person saved)."""
        if self.item_id is None:
            return
        try:
            self._load(self.item_id)
        except NotFoundError:
            gone = self.item_id
            self._new(self._day, {})
            self.status.warning(FORM_LABELS["item_gone"].format(item_id=gone))
            return
        self.status.info(FORM_LABELS["reloaded"].format(item_id=self.item_id, version=self.version))

    @guarded
    def save(self, _button: Any = None) -> int | None:
        """Save the form: a new item is added, a loaded one updated with the fields that changed.

        Returns the item id, or None when nothing was saved (the status line says why)."""
        values = self._values()
        if self.item_id is None:
            empty = self._missing(values)
            if empty:  # all of them at once, in the form's words; the store checks everything else
                self._unmark()
                labels = [self._mark(field) for field in empty]
                self.status.error(FORM_LABELS["missing_fields"].format(fields=", ".join(f"“{x}”" for x in labels)))
                return None
            fields = {k: v for k, v in values.items() if v is not None and v != ""}
            new_id = self._attempt(lambda: self.ws.add_item(**fields))
            if new_id is None:
                return None
            self._load(new_id)
            self.status.ok(FORM_LABELS["created"].format(item_id=new_id))
            self._notify([new_id])
            return new_id
        changes = {k: v for k, v in values.items() if v != self._shown.get(k)}
        if not changes:
            self.status.info(FORM_LABELS["nothing_changed"])
            return None
        item_id, before = self.item_id, self.item["status"]
        saved = self._attempt(lambda: self.ws.update_item(item_id, version=self.version, **changes))
        if saved is None:
            return None
        self._load(item_id)
        key = "back_to_review" if saved["status"] != before and saved["status"] == "in_review" else "saved"
        self.status.ok(FORM_LABELS[key].format(item_id=item_id, version=self.version))
        self._notify([item_id])
        return item_id

    @guarded
    def duplicate(self, _button: Any = None) -> int | None:
        """Copy the loaded item as a new idea and show the copy."""
        if self.item_id is None:
            self.status.warning(FORM_LABELS["no_item"])
            return None
        if self.dirty:
            self.status.warning(FORM_LABELS["unsaved_first"])
            return None
        source = self.item_id
        new_id = self.ws.duplicate_item(source)
        self._load(new_id)
        self.status.ok(FORM_LABELS["duplicated"].format(source=source, item_id=new_id))
        self._notify([new_id])
        return new_id

    @guarded
    def set_status(self, status: str) -> bool:
        """Move the loaded item to ``status`` through the store (the rules are :mod:`planner.review`'s).

        Uses the ``reason`` box (returning to draft, cancelling), the ``link`` box (published)
        and the checklist (approval, reviewer: this user). Returns True when it moved."""
        if self.item_id is None:
            self.status.warning(FORM_LABELS["no_item"])
            return False
        if self.dirty:
            self.status.warning(FORM_LABELS["unsaved_first"])
            return False
        reason = self.reason.value.strip()
        if status == "cancelled" and not reason:
            self._unmark()
            self._mark("reason")
            self.status.error(FORM_LABELS["cancel_needs_reason"])
            return False
        extra: dict[str, Any] = {"reason": reason or None}
        if status == "approved":
            extra.update(reviewer=self.ws.user, checklist={p: box.value for p, box in self.checklist.items()})
        if status == "published":
            extra["link"] = self.link.value
        item_id = self.item_id
        saved = self._attempt(lambda: self.ws.set_status(item_id, status, version=self.version, **extra))
        if saved is None:
            return False
        self._load(item_id)
        self.status.ok(FORM_LABELS["status_changed"].format(item_id=item_id, status=STATUS_LABELS[saved["status"]]))
        self._notify([item_id])
        return True

    @guarded
    def undo(self, _button: Any = None) -> dict | None:
        """Undo this user's most recent change (:meth:`Workspace.undo`) and show what it was.

        A change of more than one row (a generated plan, a bulk edit) is named first and undone
        only on a second click, and only if it is still the user's most recent change. So is a
        change to the item in the form while it holds unsaved edits (undoing reloads it); a change
        to other items leaves the edits in the form alone.
        """
        coming = self.ws.next_undo()
        if coming is None:
            self._asked = None
            self.status.info(FORM_LABELS["nothing_to_undo"])
            return None
        action = FORM_LABELS.get(f"action_{coming['action']}", coming["action"])
        at_risk = self.item_id is not None and self.dirty and self._touches(coming["change_id"], self.item_id)
        target = (("undo", coming["change_id"]), self._values())
        if (coming["rows"] > 1 or at_risk) and self._asked != target:
            self._asked = target
            if at_risk and coming["rows"] > 1:
                text = FORM_LABELS["undo_confirm_unsaved"].format(action=action, rows=coming["rows"], **self._edits())
            elif at_risk:
                text = FORM_LABELS["undo_unsaved"].format(action=action, **self._edits())
            else:
                text = FORM_LABELS["undo_confirm"].format(action=action, rows=coming["rows"])
            self.status.warning(text)
            return None
        self._asked = None
        mark = self.ws.last_change()
        done = self.ws.undo(change_id=coming["change_id"])
        ids = [int(i) for i in self.ws.changes(since=mark)["item_id"]]
        action = FORM_LABELS.get(f"action_{done['action']}", done["action"])
        message = FORM_LABELS["undone"].format(action=action, change_id=done["change_id"], rows=done["rows"])
        if self.item_id is not None and self.item_id in ids:
            try:
                self._load(self.item_id)
            except NotFoundError:
                gone = self.item_id
                self._new(self._day, {})
                message = FORM_LABELS["undone_item_gone"].format(
                    action=action, change_id=done["change_id"], item_id=gone
                )
        else:
            self._sync(self.ws.last_change())
        self.status.ok(message)
        self._notify(ids)
        return done

    @guarded
    def poll(self) -> bool:
        """Re-read what the form shows if the workspace changed since it last read (another handle saved).

        The item in the form is reloaded when someone else changed it and the form has no
        unsaved edits (with unsaved edits: a warning and the reload button). Returns True when
        something changed."""
        mark = self.ws.last_change()
        if mark == self._cursor:
            return False
        changed = self.ws.changes(since=self._cursor)
        self._checkers = None  # the catalogue or the official names may have changed
        if self.item_id is not None and self.item_id in set(changed["item_id"]):
            row = changed[changed["item_id"] == self.item_id].iloc[-1]
            if pd.isna(row["version"]):
                if not self.dirty:
                    self._new(self._day, {})
                self.status.warning(FORM_LABELS["item_gone"].format(item_id=int(row["item_id"])))
            elif int(row["version"]) != self.version:
                values = {"item_id": self.item_id, "user": row["user"], "version": int(row["version"])}
                if self.dirty:
                    _show(self.reload_button, True)
                    self.status.warning(FORM_LABELS["changed_elsewhere_unsaved"].format(**values))
                else:
                    self._load(self.item_id)
                    self._announce(FORM_LABELS["changed_elsewhere"].format(**values))
        if self._day is not None and not changed.empty:
            self._render_day_items()
        self._cursor = max(self._cursor, mark)
        return True

    # ------------------------------------------------------------------ reading into the widgets
    def _sync(self, mark: int) -> None:
        """A read at ``mark``: the day's list is read again if the workspace moved since the last read."""
        if mark != self._cursor and self._day is not None:
            self._render_day_items()
        self._cursor = max(self._cursor, mark)

    def _load(self, item_id: int) -> None:
        mark = self.ws.last_change()
        row = self.ws.item(item_id)
        self._sync(mark)
        self._fill(row)

    def _fill(self, row: dict[str, Any]) -> None:
        self._asked = None
        self._unmark()
        self.item_id, self.item, self.version = int(row["item_id"]), row, int(row["version"])
        self._year = int(row["year"])
        self._quiet = True
        try:
            self._event_options(self._year, keep=_code(row["event_id"]))
            self.title.value = _text(row["title"])
            self._choose(self.unit, _code(row["unit_id"]))
            self.format.value = _code(row["format"])
            self.platform.value = _code(row["platform"])
            self.theme.value = _code(row["theme"])
            self.date.value = as_date(row["date"])
            self.event.value = _code(row["event_id"])
            self.notes.value = _text(row["notes"])
            self._occurrence = as_date(row["occurrence_date"])
        finally:
            self._quiet = False
        self._shown = self._values()
        self.heading.value = "<b>{}</b>".format(
            html.escape(
                FORM_LABELS["item_heading"].format(
                    item_id=self.item_id, status=STATUS_LABELS.get(row["status"], row["status"]), version=self.version
                )
            )
        )
        self._show_findings(row["findings"] or [])
        self._status_controls()
        _show(self.reload_button, False)
        actor = self.ws.actor  # what the acting role may do (planner.store.access): no button that would be refused
        self.duplicate_button.disabled = not access.may(actor, "create_item", unit=row["unit_id"])
        self.save_button.disabled = not access.may(actor, "edit_item", item=row)
        self.undo_button.disabled = not actor.writes  # a viewer has nothing to undo; a refused undo says why

    def _check_defaults(self, defaults: Mapping[str, Any]) -> None:
        """Refuse (in Vietnamese) a default the form cannot show: a code its drop-down lacks, an unknown event."""
        for field in ("unit_id", "format", "platform", "theme"):
            self._offered(self._dropdown(field), defaults.get(field), field)
        event_id = defaults.get("event_id")
        if event_id is not None and event_id not in set(self.ws.events()["event_id"]):
            raise InvalidValueError(
                FORM_LABELS["unknown_event"].format(value=event_id),
                field="event_id",
                value=event_id,
            )

    def _new(self, date: dt.date | None, defaults: Mapping[str, Any]) -> None:
        """An empty form on ``date``; ``defaults`` (item fields) are all checked before the form changes."""
        self._check_defaults(defaults)
        picks = {field: defaults.get(field) for field in ("unit_id", "format", "platform", "theme")}
        event_id = defaults.get("event_id")
        self._asked = None
        self._unmark()
        self.item_id, self.item, self.version = None, None, None
        self._year = date.year if date is not None else None
        self._quiet = True
        try:
            self._event_options(self._year, keep=event_id)
            self.title.value = _text(defaults.get("title"))
            for field, value in picks.items():
                self._dropdown(field).value = value
            self.date.value = date
            self.event.value = event_id
            self.notes.value = _text(defaults.get("notes"))
            self._occurrence = self._occurrence_of(self.event.value)
        finally:
            self._quiet = False
        self._shown = self._values()
        self.heading.value = f"<b>{html.escape(FORM_LABELS['new_heading'])}</b>"
        self.findings.value, self.current_findings = "", []
        if self.title.value:
            self._live_check()
        self._status_controls()
        _show(self.reload_button, False)
        self.duplicate_button.disabled = True
        self.save_button.disabled = self.undo_button.disabled = not self.ws.actor.writes

    def _dropdown(self, field: str) -> widgets.Dropdown:
        return getattr(self, _FIELD_WIDGETS[field])

    def _choose(self, dropdown: widgets.Dropdown, value: Any, field: str = "unit_id") -> None:
        """Set a drop-down to ``value``; a value it does not offer is refused in Vietnamese."""
        self._offered(dropdown, value, field)
        dropdown.value = value

    def _offered(self, dropdown: widgets.Dropdown, value: Any, field: str) -> None:
        """Refuse (in Vietnamese, naming the choices) a value ``dropdown`` does not offer."""
        if value is not None and dropdown is self.unit and value not in {v for _, v in dropdown.options}:
            self._units = self.ws.units()  # a unit imported since the form was built
            self.unit_choices = unit_choices(self._units, blank=FORM_LABELS["none"])
            self.unit.options = self.unit_choices
        offered = {v for _, v in dropdown.options}
        if value not in offered:
            names = ", ".join(label for label, v in dropdown.options if v is not None)
            raise InvalidValueError(
                FORM_LABELS["unknown_choice"].format(
                    label=dropdown.description, value=value, allowed=names or FORM_LABELS["none"]
                ),
                field=field,
                value=value,
                allowed=tuple(v for _, v in dropdown.options if v is not None),
            )

    def _values(self) -> dict[str, Any]:
        """The item fields as the widgets hold them now."""
        return {
            "title": self.title.value,
            "unit_id": self.unit.value,
            "format": self.format.value,
            "platform": self.platform.value,
            "theme": self.theme.value,
            "date": self.date.value,
            "event_id": self.event.value,
            "occurrence_date": self._occurrence,
            "notes": self.notes.value,
        }

    # ------------------------------------------------------------------ unsaved edits
    def _edits(self) -> dict[str, str]:
        """What the form holds unsaved: ``what`` (the item, or the new one) and ``fields`` (the form's labels)."""
        shown, labels = self._values(), []
        for field in _FIELDS:
            label = FORM_LABELS[_FIELD_WIDGETS[field]]
            if shown[field] != self._shown.get(field) and label not in labels:
                labels.append(label)
        what = FORM_LABELS["what_item"].format(item_id=self.item_id) if self.item_id else FORM_LABELS["what_new"]
        return {"what": what, "fields": ", ".join(labels)}

    def _may_leave(self, target: tuple, key: str, **names: Any) -> tuple[bool, str | None]:
        """May the form show something else (``target``) now? ``(True, what was dropped or None)`` when it has
        no unsaved edits, or on the second call for the same ``target`` with the same edits; otherwise the
        status line says what would be lost and how to go ahead (``FORM_LABELS[key]``), and ``(False, None)``."""
        if not self.dirty:
            self._asked = None
            return True, None
        asked = (target, self._values())
        if self._asked == asked:
            self._asked = None
            return True, FORM_LABELS["discarded"].format(**self._edits())
        self._asked = asked
        self.status.warning(FORM_LABELS[key].format(**self._edits(), **names))
        return False, None

    def _tell(self, dropped: str | None, *, clear: bool = True) -> None:
        """After showing something else: say which unsaved edits were dropped (or clear the line)."""
        if dropped:
            self.status.info(dropped)
        elif clear:
            self.status.clear()

    def _announce(self, message: str) -> None:
        """News from the timer: never hides an error still on the line (it is kept, the news added)."""
        if self.status.kind == "error":
            self.status.warning(FORM_LABELS["news_after_error"].format(news=message, error=self.status.message))
        else:
            self.status.info(message)

    def _touches(self, change_id: int, item_id: int) -> bool:
        """Did change set ``change_id`` write item ``item_id``? (read from the audit log)"""
        audit = self.ws.audit(entity="item", entity_id=item_id)
        return bool((audit["change_id"] == change_id).any())

    def _missing(self, values: Mapping[str, Any]) -> list[str]:
        """The fields the store requires of a new item that the form leaves empty, in the form's order.

        The list is the store's (``unit_id, format, platform, theme``), plus the date the plan year is
        taken from (the store takes the event's date when there is no date)."""
        empty = set(missing_fields(values))
        return [field for field in _ORDER if field in empty]

    def _say_date(self, change: dict) -> None:
        day = change["new"]
        self.date_long.value = "" if day is None else html.escape(format_date_long(day))

    # ------------------------------------------------------------------ the event drop-down
    def _event_options(self, year: int | None, *, keep: str | None = None) -> None:
        """The year's catalogue occurrences (from the day home, by date) as the event choices."""
        if year is not None and year != self._event_year:
            by_event: dict[str, list[dt.date]] = {}
            options: list[tuple[str, Any]] = [(FORM_LABELS["none"], None)]
            for date, facts in sorted(days.year_days(self.ws, year).items()):
                for occ in facts.occurrences:
                    if occ.event_id not in by_event:
                        mark = f" · {TIER_LABELS['tron']}" if occ.round_year else ""
                        options.append((f"{date_text(date)} · {occ.title}{mark}", occ.event_id))
                    by_event.setdefault(occ.event_id, []).append(date)
            self._event_dates, self._event_year = by_event, year
            self._set_event_choices(options)
        if keep is not None and keep not in {v for _, v in self.event.options}:
            events = self.ws.events()
            names = dict(zip(events["event_id"], events["name_vi"], strict=True))
            self._set_event_choices([*self.event.options, (names.get(keep, keep), keep)])

    def _set_event_choices(self, options: list[tuple[str, Any]]) -> None:
        current = self.event.value
        quiet, self._quiet = self._quiet, True
        try:
            self.event.options = options
            self.event.value = current if current in {v for _, v in options} else None
        finally:
            self._quiet = quiet

    def _occurrence_of(self, event_id: str | None) -> dt.date | None:
        """The occurrence date an item about ``event_id`` refers to: the one nearest the item's date."""
        dates = self._event_dates.get(event_id or "") or []
        if not dates:
            return None
        anchor = self.date.value
        return dates[0] if anchor is None else min(dates, key=lambda d: abs((d - anchor).days))

    # ------------------------------------------------------------------ live checks
    @guarded
    def _edited(self, change: dict) -> None:
        if self._quiet:
            return
        owner = change["owner"]
        if owner is self.date and self.item_id is None:  # a new item: its plan year follows its date
            self._year = self.date.value.year if self.date.value is not None else None
            self._event_options(self._year)
        if owner is self.event or (owner is self.date and self.item_id is None):
            self._occurrence = self._occurrence_of(self.event.value)
        self._live_check()

    def _indexes(self) -> tuple[checks.NameIndex | None, checks.EventIndex | None]:
        if self._checkers is None:
            names, events = self.ws.official_names(), self.ws.events()
            self._checkers = (
                checks.NameIndex(names) if len(names) else None,
                checks.EventIndex(events) if len(events) else None,
            )
        return self._checkers

    def _live_check(self) -> None:
        """The automatic checks on the draft as typed (nothing saved)."""
        names, events = self._indexes()
        row = {
            "title": self.title.value,
            "notes": self.notes.value,
            "event_id": self.event.value,
            "year": self._year,
            "occurrence_date": self._occurrence,
        }
        self._show_findings([f.__dict__ for f in checks.item_findings(row, names=names, events=events)])

    def _show_findings(self, findings: Iterable[Mapping[str, Any]]) -> None:
        self.current_findings = [dict(f) for f in findings]
        self.findings.value = findings_html(
            self.current_findings, heading=FORM_LABELS["findings"], empty=FORM_LABELS["no_findings"], fields=FORM_LABELS
        )

    # ------------------------------------------------------------------ status controls
    def _status_controls(self) -> None:
        for box in self.checklist.values():
            box.value = False
        self.reason.value, self.link.value = "", ""
        if self.item is None:
            self.status_buttons.children = ()
            for widget in (self.reason, self.link, self.checklist_box):
                _show(widget, False)
            return
        current = self.item["status"]
        actor = self.ws.actor
        authors = self.ws.item_authors(self.item["item_id"]) if actor.controlled else ()
        allowed = review.allowed_transitions(self.item, actor=actor, authors=authors)  # only what this person may
        self.transition_buttons["draft"].description = FORM_LABELS[
            "return_to_draft" if current == "in_review" else "to_draft"
        ]
        self.status_buttons.children = tuple(self.transition_buttons[s] for s in allowed)
        _show(self.reason, "cancelled" in allowed or current == "in_review")
        _show(self.link, "published" in allowed)
        _show(self.checklist_box, "approved" in allowed)

    # ------------------------------------------------------------------ the day panel
    def _day_html(self, facts: days.Day) -> str:
        parts = [
            "<b>{}</b>".format(
                html.escape(
                    FORM_LABELS["day_heading"].format(weekday=format_weekday(facts.date), date=date_text(facts.date))
                )
            ),
            html.escape(FORM_LABELS["lunar"].format(lunar=format_lunar(facts.date))),
        ]
        if facts.holiday:
            parts.append(
                '<span class="planner-form-holiday" style="color:#842029">{}</span>'.format(
                    html.escape(FORM_LABELS["holiday"].format(name=facts.holiday))
                )
            )
        if facts.occurrences:
            rows = []
            for occ in facts.occurrences:
                marks = [TIER_LABELS["tron"]] if occ.round_year else []
                marks += [FORM_LABELS["estimated"]] if occ.estimated else []
                mark = f' <b class="planner-form-round-year">({html.escape(", ".join(marks))})</b>' if marks else ""
                rows.append(f"<li>{html.escape(occ.title)}{mark}</li>")
            parts.append(f"{html.escape(FORM_LABELS['occurrences'])}:<ul style='margin:0 0 0 1.2em;padding:0'>")
            parts[-1] += "".join(rows) + "</ul>"
        else:
            parts.append(f"<i>{html.escape(FORM_LABELS['no_occurrences'])}</i>")
        return "<br>".join(parts[:3]) + "".join(f"<div>{p}</div>" for p in parts[3:])

    def _render_day_items(self) -> None:
        if self._day is not None:
            self._list_day_items(*self._day_item_widgets(self._day, self._day_unit))

    def _list_day_items(self, heading: str, rows: tuple[widgets.Button, ...]) -> None:
        self.day_count.value, self.day_items.children = heading, rows
        self.day_items.layout.border = "1px solid #e0e0e0" if rows else None  # a box that scrolls, when it has rows

    def _day_item_widgets(self, day: dt.date, unit: str | None) -> tuple[str, tuple[widgets.Button, ...]]:
        """The heading (HTML) and one small row (a button) per item of ``day`` (``unit``'s only, when given);
        a click loads it."""
        items = self.ws.items(start=day, end=day, units=unit)
        short = dict(zip(self._units["unit_id"], self._units["short_name"], strict=True))
        buttons = []
        for row in items.to_dict("records"):
            title = _text(row["title"]) or "…"
            label = f"{short.get(row['unit_id'], row['unit_id'])} · {STATUS_LABELS.get(row['status'], row['status'])}"
            button = widgets.Button(
                description=f"{label} · {title}",
                tooltip=f"{label} · {title}",
                layout=widgets.Layout(
                    width="auto", height="22px", margin="0 0 1px 0", padding="0 6px", flex="0 0 auto", min_width="0"
                ),
                style={"font_size": "12px"},
            )
            button.item_id = int(row["item_id"])
            button.add_class("planner-form-day-item")
            button.add_class(f"planner-form-day-item-{button.item_id}")
            button.on_click(lambda b: self.load(b.item_id))
            buttons.append(button)
        count = FORM_LABELS["day_items"].format(count=len(buttons))
        header = f"<b>{html.escape(count)}</b>" if buttons else f"<i>{html.escape(FORM_LABELS['no_day_items'])}</i>"
        return header, tuple(buttons)

    def _new_clicked(self, _button: Any) -> None:
        self.new(self._day, **({"unit": self._day_unit} if self._day_unit else {}))

    # ------------------------------------------------------------------ writes
    def _attempt(self, write: Callable[[], Any]) -> Any:
        """Run one store write; a conflict or a bad value is shown (and the field marked), None returned."""
        self._unmark()
        try:
            return write()
        except ConflictError as exc:
            _show(self.reload_button, True)
            self.status.error(str(exc))
        except InvalidValueError as exc:
            label = self._mark(exc.field)
            self.status.error(FORM_LABELS["field_marked"].format(message=exc, label=label) if label else str(exc))
        return None

    def _mark(self, field: str | None) -> str | None:
        name = _FIELD_WIDGETS.get(field or "")
        if name is None:
            return None
        widget = getattr(self, name)
        widget.add_class(_INVALID)
        widget.layout.border = "2px solid #842029"
        self._marked.append(widget)
        return FORM_LABELS[name]

    def _unmark(self) -> None:
        for widget in self._marked:
            widget.remove_class(_INVALID)
            widget.layout.border = None
        self._marked = []

    def _notify(self, ids: list[int]) -> None:
        notify(self._callbacks, ids, self.status)

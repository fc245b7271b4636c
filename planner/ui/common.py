"""What every view shares: the status line, error handling in callbacks, drop-down choices, dates.

Views are thin: they read through the workspace (``ws.items``, ``ws.changes``), write through
its item API (``apply``, ``move_item``, ``set_status`` …) and show what comes back. A callback
never lets an error escape into the kernel log, where the planner would not see it: it is
shown in the view's :class:`StatusLine` instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from planner.calendars.names import format_date
from planner.errors import PlannerError
from planner.model import CATEGORIES, CHECKLIST, FORMATS, PLATFORMS, STATUSES, THEMES
from planner.store import access, validate
from planner.store.rows import hide_secrets
from planner.strings import (
    CATEGORY_LABELS,
    CHECKLIST_LABELS,
    FORMAT_LABELS,
    MEMBER_LABELS,
    PLATFORM_LABELS,
    STATUS_LABELS,
    THEME_LABELS,
    UI_LABELS,
)

__all__ = [
    "ActingUser",
    "Choice",
    "StatusLine",
    "filter_boxes",
    "narrowed",
    "guarded",
    "choices",
    "unit_choices",
    "date_text",
    "as_date",
    "checklist_boxes",
    "notify",
]

log = logging.getLogger("planner.ui")

_COLOURS = {"ok": "#0f5132", "info": "#055160", "error": "#842029", "warning": "#664d03"}
_BACKGROUNDS = {"ok": "#d1e7dd", "info": "#cff4fc", "error": "#f8d7da", "warning": "#fff3cd"}


class StatusLine(widgets.HTML):
    """One line under a view saying what just happened, or what went wrong and how to fix it.

    ``kind`` and ``message`` hold what is shown now (tests read them; so do people).
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.kind = ""
        self.message = ""
        self.add_class("planner-status")

    def show(self, message: str, kind: str = "info") -> None:
        self.kind, self.message = (kind, message) if message else ("", "")
        if not message:
            self.value = ""
            return
        self.value = (
            f'<div class="planner-status-{kind}" style="padding:4px 8px;border-radius:4px;'
            f'color:{_COLOURS[kind]};background:{_BACKGROUNDS[kind]}">{html.escape(message)}</div>'
        )

    def ok(self, message: str) -> None:
        self.show(message, "ok")

    def info(self, message: str) -> None:
        self.show(message, "info")

    def warning(self, message: str) -> None:
        self.show(message, "warning")

    def error(self, message: str) -> None:
        self.show(message, "error")

    def clear(self) -> None:
        self.show("")


class ActingUser(widgets.HTML):
    """The line at the top of a screen saying who is acting and in which role (:mod:`planner.store.access`).

    ``text`` holds what it says (tests read it); :meth:`refresh` reads the member row again (a manager may
    have changed the role meanwhile)."""

    def __init__(self, ws: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.ws = ws
        self.text = ""
        self.actor = None
        self.add_class("planner-acting-user")
        self.refresh()

    def refresh(self) -> None:
        actor = self.ws.actor
        name = actor.user if actor.display_name in ("", actor.user) else f"{actor.display_name} ({actor.user})"
        if actor.controlled:
            text = MEMBER_LABELS["acting"].format(name=name, what=access.describe(actor))
        else:
            text = MEMBER_LABELS["acting_open"].format(name=name)
        self.actor = actor
        if text != self.text:
            self.text = text
            self.value = f'<div style="color:#41464b;font-size:90%;margin:2px 0">{html.escape(text)}</div>'


def show_error(status: StatusLine, exc: BaseException) -> None:
    """Put ``exc`` in the status line: a :class:`PlannerError` says itself; anything else is a bug."""
    if isinstance(exc, PlannerError):
        status.error(hide_secrets(str(exc)))
        return
    log.exception("planner.ui: lỗi không mong đợi", exc_info=exc)
    status.error(UI_LABELS["unexpected"].format(kind=type(exc).__name__, message=hide_secrets(str(exc))))


def guarded(method: Callable) -> Callable:
    """Decorate a view's callback (a method of an object with ``self.status``): errors go to the status line.

    The wrapped call returns ``None`` when it failed, so a caller can tell.
    """

    @functools.wraps(method)
    def wrapper(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the person, never lost in the log
            show_error(self.status, exc)
            return None

    return wrapper


class Choice(widgets.Dropdown):
    """A drop-down whose "none" option (value ``None``, e.g. "(Tất cả)") is shown as chosen.

    A plain ipywidgets ``Dropdown`` treats the value ``None`` as "nothing selected" and shows an
    empty box, even when ``None`` is one of its options; this one selects that option's label.
    """

    @traitlets.observe("value")
    def _propagate_value(self, change: dict) -> None:
        if change["new"] is None and None in self._options_values:
            index = self._options_values.index(None)
            if self.index != index:
                self.index = index
            return
        widgets.Dropdown._propagate_value(self, change)


def notify(callbacks: Iterable[Callable[[list[int]], Any]], ids: Iterable[int], status: StatusLine) -> None:
    """Tell the other views which items a view just saved. A listener that fails never undoes the save: it is
    logged, and the status line adds that part of the screen did not refresh."""
    for callback in list(callbacks):
        try:
            callback(list(ids))
        except Exception as exc:  # noqa: BLE001 - another view's refresh failed; the write itself stands
            log.exception("planner.ui: on_change callback failed", exc_info=exc)
            status.warning(UI_LABELS["notify_failed"].format(done=status.message, kind=type(exc).__name__, error=exc))


def choices(
    labels: Mapping[str, str], codes: Iterable[str] | None = None, *, blank: str | None = None
) -> list[tuple[str, Any]]:
    """Drop-down options ``(label, code)`` in the order of ``codes`` (default: the labels' order).

    ``blank`` adds a first option with value ``None`` (e.g. ``UI_LABELS["all"]`` for a filter).
    """
    options: list[tuple[str, Any]] = [(blank, None)] if blank is not None else []
    for code in labels if codes is None else codes:
        options.append((labels.get(code, code), code))
    return options


def unit_choices(units: pd.DataFrame, *, blank: str | None = None) -> list[tuple[str, Any]]:
    """Units as drop-down options, by short name (what planners call them), in the list's order."""
    options: list[tuple[str, Any]] = [(blank, None)] if blank is not None else []
    return options + list(zip(units["short_name"], units["unit_id"], strict=True))


#: What a filter drop-down narrows: its name → the item column it compares (``category`` is the event's).
FILTER_COLUMNS = {"unit": "unit_id", "platform": "platform", "format": "format", "status": "status", "theme": "theme"}


def filter_boxes(units: pd.DataFrame, labels: Mapping[str, str], css: str) -> dict[str, Choice]:
    """One drop-down per filter named in ``labels`` (name → its label), each starting at "(Tất cả)".

    Filters: ``unit`` (short names), ``platform``, ``format``, ``status``, ``theme``, ``category``.
    Each gets the DOM class ``{css}-{name}``.
    """
    blank = UI_LABELS["all"]
    options = {
        "unit": lambda: unit_choices(units, blank=blank),
        "platform": lambda: choices(PLATFORM_LABELS, PLATFORMS, blank=blank),
        "format": lambda: choices(FORMAT_LABELS, FORMATS, blank=blank),
        "status": lambda: choices(STATUS_LABELS, STATUSES, blank=blank),
        "theme": lambda: choices(THEME_LABELS, THEMES, blank=blank),
        "category": lambda: choices(CATEGORY_LABELS, CATEGORIES, blank=blank),
    }
    boxes = {}
    for name, label in labels.items():
        box = Choice(
            options=options[name](),
            description=label,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        box.add_class(f"{css}-{name}")
        boxes[name] = box
    return boxes


def narrowed(frame: pd.DataFrame, boxes: Mapping[str, widgets.Dropdown], names: Iterable[str]) -> pd.DataFrame:
    """The rows of ``frame`` that match the drop-downs ``names`` (a box at "(Tất cả)" keeps every row)."""
    for name in names:
        value = boxes[name].value
        if value is not None:
            frame = frame[frame[FILTER_COLUMNS[name]] == value]
    return frame


def checklist_boxes(css: str) -> dict[str, widgets.Checkbox]:
    """The review checklist (letter 555-CV/BTG, point 3): one unticked checkbox per point.

    Each has the DOM class ``{css}-check-<point>``."""
    boxes = {}
    for point in CHECKLIST:
        box = widgets.Checkbox(description=CHECKLIST_LABELS[point], indent=False, layout=widgets.Layout(width="auto"))
        box.add_class(f"{css}-check-{point}")
        boxes[point] = box
    return boxes


def as_date(value: Any, field: str = "date") -> dt.date | None:
    """A plain ``datetime.date`` from a stored or shown value (Timestamp, date, ``3/2/2025``, ISO); None if empty.

    The store's own reading of dates (one home): anything else is an :class:`InvalidValueError` in Vietnamese.
    """
    return validate.date(field, value)


def date_text(value: Any) -> str:
    """``3/2/2025`` for any date value; empty text for none."""
    day = as_date(value)
    return "" if day is None else format_date(day)

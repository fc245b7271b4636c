"""The calendar: a month (or the whole year) of occurrences and content items, to click and drag.

:class:`CalendarView` is a thin view. It reads the visible range through ``ws.items(start=…,
end=…)``, follows ``ws.changes(since=…)`` and re-reads only the items that changed, and writes
through ``ws.move_item`` with the version it showed. The month grid itself is a small
`anywidget <https://anywidget.dev>`_ (``static/calendar.js``): real DOM that a person — or a
browser test — clicks and drags, with no build step, offline in JupyterLab and Voilà.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from planner.calendars import SUPPORTED_YEARS
from planner.calendars.names import MONTH_NAMES, WEEKDAY_NAMES, format_date
from planner.errors import InvalidValueError, PlannerError
from planner.model import FORMATS, STATUSES, short_names
from planner.store import access, validate
from planner.strings import (
    CALENDAR_VIEW_LABELS,
    FORMAT_LABELS,
    STATUS_LABELS,
)
from planner.ui.common import Choice, StatusLine, as_date, filter_boxes, guarded, narrowed, notify
from planner.ui.days import Day, year_days

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["CalendarView", "MonthGrid", "month_range", "STATUS_COLOURS", "MAX_CHIPS"]

_STATIC = Path(__file__).with_name("static")
_FIRST_DAY, _LAST_DAY = dt.date(SUPPORTED_YEARS[0], 1, 1), dt.date(SUPPORTED_YEARS[1], 12, 31)

#: Chips shown in one day cell; the rest are counted ("+3 nội dung khác") and listed in the day panel.
MAX_CHIPS = 4

STATUS_COLOURS = {
    "idea": "#e9ecef",
    "draft": "#cfe2ff",
    "in_review": "#fff3cd",
    "approved": "#d1e7dd",
    "published": "#a3cfbb",
    "cancelled": "#f8f9fa",
}
#: Colours for units and formats, by position in their list (light enough for dark text).
PALETTE = (
    "#cfe2ff", "#d1e7dd", "#fff3cd", "#f8d7da", "#e2d9f3", "#ffe5d0", "#d2f4ea", "#f7d6e6",
    "#dee2e6", "#c5e1ff", "#e6f4c8", "#ffd8a8", "#d0ebff", "#eebefa", "#c3fae8", "#ffec99",
)
#: Weekday headers of the small months, as Vietnamese wall calendars print them.
SHORT_WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
FILTERS = ("unit", "platform", "format", "status", "theme", "category")
COLOUR_CHOICES = ("status", "unit", "format")


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day a month grid shows: Monday of the first week to Sunday of the last."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())


class MonthGrid(anywidget.AnyWidget):
    """The month (or year) in the browser. ``payload`` is everything it draws; messages come back.

    Messages from the page: ``select_day`` (date), ``select_item`` (item_id), ``move`` (item_id,
    version, date), ``nav`` (to: prev, next, prev_year, next_year, today, month, year; month),
    ``tick`` (the light timer). To the page: ``rerender`` (draw ``payload`` again: a refused move
    snaps back).
    """

    _esm = _STATIC / "calendar.js"
    _css = _STATIC / "calendar.css"
    payload = traitlets.Dict().tag(sync=True)
    poll_seconds = traitlets.Float(3.0).tag(sync=True)


class CalendarView(widgets.VBox):
    """The month as a calendar, for one workspace.

    ``unit`` preselects the unit filter. Filters (unit, platform, format, status, theme, the event's
    category) and "colour by" are drop-downs above the grid; :attr:`status` says what happened.
    ``on_select_day``, ``on_select_item`` and ``on_change`` register what the app does next (the
    day panel, the form, other views).
    """

    def __init__(self, ws: Workspace, *, year: int, month: int, unit: str | None = None):
        self.ws = ws
        self.status = StatusLine()
        self.grid = MonthGrid()
        self.grid.on_msg(self._on_message)
        units = ws.units()
        self._short = short_names(units)
        self._unit_colours = {u: PALETTE[i % len(PALETTE)] for i, u in enumerate(units["unit_id"])}
        self._event_category = dict(zip(ws.events()["event_id"], ws.events()["category"], strict=True))
        self.filters = filter_boxes(units, {name: CALENDAR_VIEW_LABELS[name] for name in FILTERS}, "planner-cal-filter")
        if unit is not None:
            self.filters["unit"].value = unit  # an unknown unit is refused by the drop-down (TraitError)
        self.colour_by = Choice(
            options=[(CALENDAR_VIEW_LABELS[f"colour_{c}"], c) for c in COLOUR_CHOICES],
            value="status",
            description=CALENDAR_VIEW_LABELS["colour_by"],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.colour_by.add_class("planner-cal-colour-by")
        self._day_callbacks: list[Callable[[dt.date], Any]] = []
        self._item_callbacks: list[Callable[[int], Any]] = []
        self._change_callbacks: list[Callable[[list[int]], Any]] = []
        self._tick_callbacks: list[Callable[[], Any]] = []
        self.mode = "month"
        self.selected: dt.date | None = None
        self._frame = pd.DataFrame()
        self._days: dict = {}  # what is on each visible day: read with the range (a catalogue change shows on the next)
        self._cursor = ws.last_change()
        self.year, self.month = _checked_month(year, month)
        super().__init__(
            children=[
                widgets.HBox([*self.filters.values(), self.colour_by], layout=widgets.Layout(flex_flow="row wrap")),
                self.grid,
                self.status,
            ]
        )
        self.add_class("planner-calendar-view")
        for box in self.filters.values():
            box.observe(self._on_filter, names="value")
        self.colour_by.observe(self._on_filter, names="value")
        self.show_month(self.year, self.month)

    # ------------------------------------------------------------------ what the app hooks into
    def on_select_day(self, callback: Callable[[dt.date], Any]) -> None:
        self._day_callbacks.append(callback)

    def on_select_item(self, callback: Callable[[int], Any]) -> None:
        self._item_callbacks.append(callback)

    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """``callback(item_ids)`` after this view saved something (a drag)."""
        self._change_callbacks.append(callback)

    def on_tick(self, callback: Callable[[], Any]) -> None:
        """``callback()`` on the page's light timer (the app polls its other views)."""
        self._tick_callbacks.append(callback)

    # ------------------------------------------------------------------ navigation
    @property
    def range(self) -> tuple[dt.date, dt.date]:
        """The dates now on screen (both ends included)."""
        if self.mode == "year":
            return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        return month_range(self.year, self.month)

    @guarded
    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = _checked_month(year, month)
        self.mode = "month"
        self._load()
        self.status.clear()  # a message about another month is no longer about what is shown

    @guarded
    def show_year(self, year: int | None = None) -> None:
        self.year, _ = _checked_month(self.year if year is None else year, self.month)
        self.mode = "year"
        self._load()
        self.status.clear()

    def today(self) -> None:
        today = dt.date.today()
        self.show_month(today.year, today.month)

    def step(self, months: int) -> None:
        """Go ``months`` forward (negative: back); in the year view, ``12`` is the next year."""
        index = self.year * 12 + self.month - 1 + months
        if self.mode == "year":
            self.show_year(index // 12)
        else:
            self.show_month(index // 12, index % 12 + 1)

    @guarded
    def select_day(self, date: Any) -> None:
        """Select a day (the app shows it in the day panel); a day of another month opens that month."""
        day = as_date(date)
        if day is None:
            raise InvalidValueError(CALENDAR_VIEW_LABELS["no_day"], field="date", value=date)
        self.selected = day
        if self.mode == "year" or (day.year, day.month) != (self.year, self.month):
            self.show_month(day.year, day.month)
        else:
            self._render()
        for callback in self._day_callbacks:
            callback(day)

    @guarded
    def select_item(self, item_id: int) -> None:
        item_id = validate.record_id("item_id", item_id)
        for callback in self._item_callbacks:
            callback(item_id)

    # ------------------------------------------------------------------ writes
    @guarded
    def move(self, item_id: int, date: Any, *, version: int | None = None) -> dict | None:
        """Move an item to ``date`` (what a drag does): through ``ws.move_item`` with the version shown.

        A refused move leaves the item where it was (the page redraws it there) and says why.
        """
        item_id = validate.record_id("item_id", item_id)
        shown = self._frame[self._frame["item_id"] == item_id] if len(self._frame) else self._frame
        if version is None:  # only what the view shows can be moved without saying which version
            if not len(shown):
                raise InvalidValueError(CALENDAR_VIEW_LABELS["not_shown"].format(item_id=item_id), field="version")
            version = int(shown["version"].iloc[0])
        version = validate.version(version)
        title = str(shown["title"].iloc[0]) if len(shown) else str(item_id)
        try:
            day = as_date(date)
            if day is None:
                raise InvalidValueError(CALENDAR_VIEW_LABELS["no_day"], field="date", value=date)
            saved = self.ws.move_item(item_id, day, version=version)
        except PlannerError as exc:  # refused: the chip goes back where the item really is now
            self.poll()
            self.grid.send({"kind": "rerender"})
            self.status.error(CALENDAR_VIEW_LABELS["move_refused"].format(title=title, reason=exc))
            return None
        except Exception:
            self.grid.send({"kind": "rerender"})
            raise
        self.poll()
        moved_to = format_date(as_date(saved["date"]))
        self.status.ok(CALENDAR_VIEW_LABELS["moved"].format(title=saved["title"], date=moved_to))
        notify(self._change_callbacks, [item_id], self.status)
        return saved

    # ------------------------------------------------------------------ reading
    @guarded
    def refresh(self) -> None:
        """Read the visible range again (after a filter change; :meth:`poll` is the cheap path)."""
        self._load()

    @guarded
    def poll(self) -> int:
        """Follow the change feed: re-read only items saved since the last look; returns how many."""
        last = self.ws.last_change()
        if last == self._cursor:
            return 0
        changes = self.ws.changes(since=self._cursor)
        self._cursor = last
        ids = sorted({int(i) for i in changes["item_id"]})
        if not ids:
            return 0
        fresh = self._filtered(self.ws.items(ids=ids))
        start, end = (pd.Timestamp(d) for d in self._stored_range)
        fresh = fresh[fresh["date"].between(start, end)]
        kept = self._frame[~self._frame["item_id"].isin(ids)] if len(self._frame) else self._frame
        self._frame = pd.concat([kept, fresh], ignore_index=True) if len(fresh) else kept
        self._frame = self._frame.sort_values(["date", "unit_id", "item_id"], kind="stable", ignore_index=True)
        self._render()
        return len(ids)

    @property
    def items(self) -> pd.DataFrame:
        """The items the view shows now (after the filters), by date."""
        return self._frame.copy()

    @property
    def _stored_range(self) -> tuple[dt.date, dt.date]:
        """The part of :attr:`range` inside the supported years (a grid of 12/2100 shows 2101's first days empty)."""
        start, end = self.range
        return max(start, _FIRST_DAY), min(end, _LAST_DAY)

    def _load(self) -> None:
        self._cursor = self.ws.last_change()
        start, end = self._stored_range
        unit, status = self.filters["unit"].value, self.filters["status"].value
        self._frame = self._filtered(self.ws.items(start=start, end=end, units=unit, status=status))
        self._days = {day: facts for year in {start.year, end.year} for day, facts in year_days(self.ws, year).items()}
        self._render()

    def _filtered(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame = narrowed(frame, self.filters, ("unit", "platform", "format", "status", "theme"))
        category = self.filters["category"].value
        if category is not None:
            frame = frame[frame["event_id"].map(self._event_category) == category]
        return frame[frame["date"].notna()]

    @guarded
    def _on_filter(self, change: dict) -> None:
        self._load()

    # ------------------------------------------------------------------ drawing
    def _colour(self, row: dict) -> str:
        by = self.colour_by.value
        if by == "unit":
            return self._unit_colours.get(row["unit_id"], PALETTE[-1])
        if by == "format":
            return PALETTE[FORMATS.index(row["format"]) % len(PALETTE)] if row["format"] in FORMATS else PALETTE[-1]
        return STATUS_COLOURS.get(row["status"], PALETTE[-1])

    def _legend(self) -> list[dict]:
        by = self.colour_by.value
        if by == "unit":
            shown = dict.fromkeys(self._frame["unit_id"]) if len(self._frame) else {}
            return [{"label": self._short.get(u, u), "colour": self._unit_colours.get(u, PALETTE[-1])} for u in shown]
        if by == "format":
            return [{"label": FORMAT_LABELS[f], "colour": PALETTE[i % len(PALETTE)]} for i, f in enumerate(FORMATS)]
        return [{"label": STATUS_LABELS[s], "colour": STATUS_COLOURS[s]} for s in STATUSES]

    def _chip(self, row: dict) -> dict:
        unit = self._short.get(row["unit_id"], row["unit_id"])
        return {
            "id": int(row["item_id"]),
            "version": int(row["version"]),
            "title": row["title"],
            "unit": unit,
            "status": row["status"],
            "status_label": STATUS_LABELS.get(row["status"], row["status"]),
            "format_label": FORMAT_LABELS.get(row["format"], row["format"] or ""),
            "colour": self._colour(row),
            "errors": sum(1 for f in row["findings"] or () if f.get("severity") == "error"),
            # a chip the acting role may not move is not draggable (planner.store.access; the store refuses too)
            "movable": access.may(self._actor, "edit_item", item=row),
        }

    def _render(self) -> None:
        self._actor = self.ws.actor  # once per drawing: who may move which chip
        self.grid.payload = self._year_payload() if self.mode == "year" else self._month_payload()

    def _month_payload(self) -> dict:
        start, end = self.range
        days = self._days
        frame = self._frame
        counts: dict[dt.date, int] = {}
        by_day: dict[dt.date, list[dict]] = {}
        if len(frame):  # only the chips shown become dicts: a busy month stays cheap to draw
            day_of = frame["date"].dt.date
            counts = day_of.value_counts().to_dict()
            for row in frame[frame.groupby(day_of).cumcount() < MAX_CHIPS].to_dict("records"):
                by_day.setdefault(row["date"].date(), []).append(row)
        weeks, week = [], []
        today = dt.date.today()
        for offset in range((end - start).days + 1):
            date = start + dt.timedelta(days=offset)
            outside = not _FIRST_DAY <= date <= _LAST_DAY
            facts = days.get(date) or Day(date=date, lunar_text="")
            rows = by_day.get(date, [])
            count = counts.get(date, 0)
            week.append(
                {
                    "date": date.isoformat(),
                    "day": date.day,
                    "in_month": date.month == self.month and not outside,
                    "outside": outside,
                    "today": date == today,
                    "selected": date == self.selected,
                    "weekend": date.weekday() >= 5,
                    "lunar": facts.lunar_text,
                    "holiday": facts.holiday,
                    "occurrences": [
                        {
                            "title": o.title,
                            "name": o.name,
                            "number": o.anniversary,
                            "round": o.round_year,
                            "tier": o.tier,
                        }
                        for o in facts.occurrences
                    ],
                    "items": [self._chip(r) for r in rows],
                    "count": count,
                    "more": _more(count),
                }
            )
            if len(week) == 7:
                weeks.append(week)
                week = []
        return {
            "mode": "month",
            "year": self.year,
            "month": self.month,
            "title": f"{MONTH_NAMES[self.month]} năm {self.year}",
            "weekdays": list(WEEKDAY_NAMES),
            "weeks": weeks,
            "labels": _page_labels(),
            "legend": self._legend(),
            "colour_by": self.colour_by.value,
            "total": CALENDAR_VIEW_LABELS["items_count"].format(count=len(self._frame)),
        }

    def _year_payload(self) -> dict:
        days = self._days
        counts = self._frame["date"].dt.date.value_counts().to_dict() if len(self._frame) else {}
        months = []
        for month in range(1, 13):
            start, end = month_range(self.year, month)
            cells = []
            for offset in range((end - start).days + 1):
                date = start + dt.timedelta(days=offset)
                inside = date.month == month
                facts = days.get(date) if inside else None
                cells.append(
                    {
                        "date": date.isoformat(),
                        "day": date.day if inside else "",
                        "count": int(counts.get(date, 0)) if inside else 0,
                        "round": bool(facts and any(o.round_year for o in facts.occurrences)),
                        "holiday": facts.holiday if facts else "",
                        "tip": _tip(int(counts.get(date, 0)), facts.holiday) if inside and facts else "",
                    }
                )
            total = sum(int(n) for d, n in counts.items() if d.month == month)
            months.append(
                {
                    "month": month,
                    "title": MONTH_NAMES[month],
                    "total": CALENDAR_VIEW_LABELS["items_count"].format(count=total),
                    "weeks": [cells[i : i + 7] for i in range(0, len(cells), 7)],
                }
            )
        return {
            "mode": "year",
            "year": self.year,
            "title": f"Năm {self.year}",
            "weekdays": list(SHORT_WEEKDAYS),
            "months": months,
            "labels": _page_labels(),
            "total": CALENDAR_VIEW_LABELS["items_count"].format(count=len(self._frame)),
        }

    # ------------------------------------------------------------------ the page's messages
    def _on_message(self, widget: Any, content: dict, buffers: Any) -> None:
        self._handle(content)

    @guarded
    def _handle(self, content: Any) -> None:
        """One message from the page. Anything not understood is answered in the status line, never raised."""
        kind = content.get("kind") if isinstance(content, dict) else None
        if kind not in _MESSAGES:
            raise InvalidValueError(
                CALENDAR_VIEW_LABELS["bad_message"].format(message=_short(content)), field="kind", value=kind
            )
        missing = [key for key in _MESSAGES[kind] if key not in content]
        if missing:
            raise InvalidValueError(
                CALENDAR_VIEW_LABELS["bad_message"].format(message=_short(content)), field=missing[0], value=content
            )
        if kind == "tick":
            self.poll()
            for callback in self._tick_callbacks:
                callback()
        elif kind == "select_day":
            self.select_day(content["date"])
        elif kind == "select_item":
            self.select_item(content["item_id"])
        elif kind == "move":
            self.move(content["item_id"], content["date"], version=content["version"])
        elif kind == "nav":
            self._navigate(content["to"], content.get("month"))

    def _navigate(self, to: Any, month: Any = None) -> None:
        steps = {"prev": -1, "next": 1, "prev_year": -12, "next_year": 12}
        if to in steps:
            self.step(steps[to])
        elif to == "today":
            self.today()
        elif to == "year":
            self.show_year()
        elif to == "month":
            self.show_month(self.year, self.month if month is None else month)
        else:
            message = CALENDAR_VIEW_LABELS["bad_message"].format(message=_short(to))
            raise InvalidValueError(message, field="to", value=to)


#: The page's messages and the keys each must carry.
_MESSAGES = {
    "tick": (),
    "select_day": ("date",),
    "select_item": ("item_id",),
    "move": ("item_id", "version", "date"),
    "nav": ("to",),
}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _page_labels() -> dict[str, str]:
    return {k: CALENDAR_VIEW_LABELS[k] for k in
            ("prev_month", "next_month", "prev_year", "next_year", "today", "month_view", "year_view", "round_year",
             "lunar", "outside", "locked")}


def _checked_month(year: Any, month: Any) -> tuple[int, int]:
    for name, value, low, high in (("year", year, 1900, 2100), ("month", month, 1, 12)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidValueError(
                f"{'Năm' if name == 'year' else 'Tháng'} phải là số nguyên từ {low} đến {high}, nhận được {value!r}.",
                field=name,
                value=value,
                allowed=f"{low}–{high}",
            )
    return int(year), int(month)


def _more(count: int) -> str:
    return CALENDAR_VIEW_LABELS["more"].format(count=count - MAX_CHIPS) if count > MAX_CHIPS else ""


def _tip(count: int, holiday: str) -> str:
    text = CALENDAR_VIEW_LABELS["items_count"].format(count=count)
    return f"{text} · {holiday}" if holiday else text

"""The targets editor (chỉ tiêu): list, add, change and delete the quotas units are given.

A thin view: every rule (exactly one of unit / unit kind, a period starting on its first day, a count from 1,
no two targets for the same unit, period, format and platform) is the store's
(:meth:`Workspace.set_targets`, :meth:`Workspace.delete_targets`); what it refuses is shown in the status line
in Vietnamese, and nothing changes. A target changed by someone else since it was loaded is a conflict: the
message and a reload button.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from planner import tracking
from planner.errors import ConflictError, NotFoundError
from planner.model import FORMATS, PLATFORMS
from planner.store import access
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, TARGETS_EDITOR_LABELS, UNIT_KIND_LABELS
from planner.ui.common import Choice, StatusLine, choices, date_text, guarded, notify, unit_choices
from planner.values import missing

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["TargetsEditor", "period_start", "target_text"]

L = TARGETS_EDITOR_LABELS
PERIODS = ("month", "quarter", "year")


def period_start(period: str, year: int, which: int | None) -> dt.date:
    """The first day of month ``which`` (1–12), quarter ``which`` (1–4) or the year
    (:func:`planner.tracking.period_bounds`)."""
    return tracking.period_bounds(period, year, which)[0]


def _period_which(period: str, start: dt.date) -> int | None:
    if period == "month":
        return start.month
    if period == "quarter":
        return (start.month - 1) // 3 + 1
    return None


def _value(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and missing(value)) else value


def target_text(row: dict[str, Any], short_names: dict[str, str]) -> str:
    """One target as the list shows it: who, period, format, platform, count."""
    unit, kind = _value(row.get("unit_id")), _value(row.get("unit_kind"))
    who = short_names.get(unit, unit) if unit else L["every_kind"].format(kind=UNIT_KIND_LABELS.get(kind, kind))
    start = pd.Timestamp(row["period_start"]).date()
    period = row["period"]
    when = {
        "month": L["when_month"].format(n=start.month, year=start.year),
        "quarter": L["when_quarter"].format(n=(start.month - 1) // 3 + 1, year=start.year),
        "year": L["when_year"].format(year=start.year),
    }.get(period, f"{period} {date_text(start)}")
    fmt, platform = _value(row.get("format")), _value(row.get("platform"))
    what = FORMAT_LABELS.get(fmt, fmt) if fmt else L["any_format"]
    where = PLATFORM_LABELS.get(platform, platform) if platform else L["any_platform"]
    return L["row"].format(id=row["target_id"], who=who, when=when, what=what, where=where, count=row["count"])


def _classed(widget: widgets.Widget, name: str) -> widgets.Widget:
    widget.add_class(f"planner-targets-{name}")
    return widget


class TargetsEditor(widgets.VBox):
    """Targets of the workspace: a list (filtered by year), a form for the selected one, and buttons to add,
    save, delete, undo and reload. :attr:`frame` holds the targets as last read (``ws.targets()``)."""

    def __init__(self, ws: Workspace, *, year: int | None = None):
        self.ws = ws
        self.status = StatusLine()
        self.frame = pd.DataFrame()
        self.target_id: int | None = None
        self.version: int | None = None
        self._callbacks: list[Callable[[list[int]], Any]] = []
        units = ws.units()
        self._short = dict(zip(units["unit_id"], units["short_name"], strict=True))
        year = year or dt.date.today().year

        self.year_filter = _classed(
            widgets.BoundedIntText(value=year, min=2000, max=2100, description=L["year_filter"],
                                   layout=widgets.Layout(width="180px")),
            "year-filter",
        )
        self.listing = _classed(
            widgets.Select(options=[], rows=14, layout=widgets.Layout(width="100%")), "list"
        )
        self.scope = _classed(
            widgets.ToggleButtons(options=[(L["scope_unit"], "unit"), (L["scope_kind"], "kind")], value="kind"),
            "scope",
        )
        self.unit = _classed(Choice(options=unit_choices(units), description=L["unit"]), "unit")
        self.kind = _classed(Choice(options=choices(UNIT_KIND_LABELS), description=L["kind"]), "kind")
        self.period = _classed(
            Choice(options=[(L[f"period_{p}"], p) for p in PERIODS], value="month", description=L["period"]),
            "period",
        )
        self.year = _classed(
            widgets.BoundedIntText(value=year, min=2000, max=2100, description=L["year"]), "year"
        )
        self.which = _classed(Choice(options=self._which_options("month"), value=1, description=L["which"]), "which")
        self.format = _classed(
            Choice(options=choices(FORMAT_LABELS, FORMATS, blank=L["any_format"]), value=None,
                   description=L["format"]),
            "format",
        )
        self.platform = _classed(
            Choice(options=choices(PLATFORM_LABELS, PLATFORMS, blank=L["any_platform"]), value=None,
                   description=L["platform"]),
            "platform",
        )
        self.count = _classed(widgets.Text(value="", description=L["count"], placeholder="8"), "count")
        for box in (self.unit, self.kind, self.period, self.which, self.format, self.platform, self.count, self.year):
            box.style = {"description_width": "90px"}

        self.add_button = _classed(widgets.Button(description=L["add"], icon="plus", button_style="primary"), "add")
        self.save_button = _classed(widgets.Button(description=L["save"], icon="save"), "save")
        self.delete_button = _classed(widgets.Button(description=L["delete"], icon="trash", button_style="danger"),
                                      "delete")
        self.new_button = _classed(widgets.Button(description=L["new"], icon="file"), "new")
        self.undo_button = _classed(widgets.Button(description=L["undo"], icon="undo"), "undo")
        self.reload_button = _classed(widgets.Button(description=L["reload"], icon="refresh", button_style="warning"),
                                      "reload")
        self.reload_button.layout.display = "none"
        if not access.may(ws.actor, "targets"):  # targets are a manager's (planner.store.access)
            self.add_button.disabled = self.save_button.disabled = self.delete_button.disabled = True

        self.year_filter.observe(lambda change: self.refresh(), names="value")
        self.listing.observe(self._selected, names="value")
        self.scope.observe(lambda change: self._show_scope(), names="value")
        self.period.observe(self._period_changed, names="value")
        self.add_button.on_click(self.add)
        self.save_button.on_click(self.save)
        self.delete_button.on_click(self.delete)
        self.new_button.on_click(self.new)
        self.undo_button.on_click(self.undo)
        self.reload_button.on_click(self.reload)

        form = widgets.VBox(
            [
                widgets.HTML(f"<b>{L['form_title']}</b>"),
                self.scope, self.unit, self.kind, self.period, self.year, self.which, self.format, self.platform,
                self.count,
                widgets.HBox([self.add_button, self.save_button, self.delete_button]),
                widgets.HBox([self.new_button, self.undo_button, self.reload_button]),
            ],
            layout=widgets.Layout(flex="1 1 0%", min_width="340px"),
        )
        left = widgets.VBox([widgets.HTML(f"<b>{L['list_title']}</b>"), self.year_filter, self.listing],
                            layout=widgets.Layout(flex="2 1 0%", min_width="0"))
        super().__init__([widgets.HTML(f"<h3 style='margin:4px 0'>{L['title']}</h3>"),
                          widgets.HBox([left, form], layout=widgets.Layout(width="100%")), self.status])
        self.add_class("planner-targets")
        self._show_scope()
        self.refresh()

    # ------------------------------------------------------------------ reading
    def _which_options(self, period: str) -> list[tuple[str, Any]]:
        if period == "month":
            return [(L["month_option"].format(n=m), m) for m in range(1, 13)]
        if period == "quarter":
            return [(L["quarter_option"].format(n=q), q) for q in range(1, 5)]
        return [(L["year_option"], None)]

    def _period_changed(self, change: dict) -> None:
        self.which.options = self._which_options(change["new"])
        self.which.value = self.which.options[0][1]

    def _show_scope(self) -> None:
        by_unit = self.scope.value == "unit"
        self.unit.layout.display = None if by_unit else "none"
        self.kind.layout.display = "none" if by_unit else None

    @guarded
    def refresh(self) -> None:
        """Read the targets again and list those of the filter's year (the selection kept when still there)."""
        self.frame = self.ws.targets()
        year = self.year_filter.value
        shown = self.frame[self.frame["period_start"].dt.year == year] if len(self.frame) else self.frame
        keep = self.listing.value
        options = [(target_text(row, self._short), int(row["target_id"])) for row in shown.to_dict("records")]
        self.listing.unobserve(self._selected, names="value")
        try:
            self.listing.options = options
            ids = {v for _, v in options}
            self.listing.value = keep if keep in ids else None
        finally:
            self.listing.observe(self._selected, names="value")
        if self.listing.value is None and self.target_id is not None and self.target_id not in ids:
            self.target_id = self.version = None

    def row(self, target_id: int) -> dict[str, Any]:
        """The target ``target_id`` as last read; NotFoundError (Vietnamese) when it is gone."""
        found = self.frame[self.frame["target_id"] == target_id] if len(self.frame) else self.frame
        if found.empty:
            raise NotFoundError(L["gone"].format(id=target_id))
        return found.iloc[0].to_dict()

    def _selected(self, change: dict) -> None:
        if change["new"] is not None:
            self.load(change["new"])

    @guarded
    def load(self, target_id: int) -> None:
        """Put target ``target_id`` in the form (its version remembered for saving)."""
        row = self.row(target_id)
        self._fill(row)
        self.status.info(L["loaded"].format(id=target_id))

    def _fill(self, row: dict[str, Any]) -> None:
        self.target_id, self.version = int(row["target_id"]), int(row["version"])
        unit, kind = _value(row.get("unit_id")), _value(row.get("unit_kind"))
        self.scope.value = "unit" if unit else "kind"
        if unit:
            self.unit.value = unit
        else:
            self.kind.value = kind
        start = pd.Timestamp(row["period_start"]).date()
        self.period.value = row["period"]
        self.year.value = start.year
        self.which.value = _period_which(row["period"], start)
        self.format.value = _value(row.get("format"))
        self.platform.value = _value(row.get("platform"))
        self.count.value = str(int(row["count"]))
        self.reload_button.layout.display = "none"

    def fields(self) -> dict[str, Any]:
        """The target the form describes, as :meth:`Workspace.set_targets` takes it (checked there)."""
        by_unit = self.scope.value == "unit"
        return {
            "unit_id": self.unit.value if by_unit else None,
            "unit_kind": None if by_unit else self.kind.value,
            "period": self.period.value,
            "period_start": period_start(self.period.value, int(self.year.value), self.which.value),
            "format": self.format.value,
            "platform": self.platform.value,
            "count": self.count.value.strip(),
        }

    # ------------------------------------------------------------------ writing
    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """Call ``callback(target_ids)`` after this editor saved targets (e.g. to redraw a dashboard)."""
        self._callbacks.append(callback)

    def _write(self, write: Callable[[], Any]) -> Any:
        try:
            return write()
        except (ConflictError, NotFoundError) as exc:  # changed or deleted by someone else first
            self.reload_button.layout.display = None
            self.status.error(f"{exc} {L['conflict_hint']}")
            return None

    @guarded
    def add(self, _button: Any = None) -> int | None:
        """Save the form as a new target (the same unit, period, format and platform already there: its count
        changes). Returns the target id."""
        result = self._write(lambda: self.ws.set_targets([self.fields()]))
        if result is None:
            return None
        target_id = int(result["target_ids"][0])
        self._after(target_id, L["added"] if result["added"] else L["updated"] if result["updated"] else
                    L["unchanged"], [target_id])
        return target_id

    @guarded
    def save(self, _button: Any = None) -> int | None:
        """Save the form onto the selected target (its version checked: a change made elsewhere first is a
        conflict). Returns the target id."""
        if self.target_id is None:
            self.status.warning(L["select_first"])
            return None
        row = {"target_id": self.target_id, "version": self.version, **self.fields()}
        result = self._write(lambda: self.ws.set_targets([row]))
        if result is None:
            return None
        message = L["updated"] if result["updated"] else L["unchanged"]
        self._after(self.target_id, message, [self.target_id])
        return self.target_id

    @guarded
    def delete(self, _button: Any = None) -> int:
        """Delete the selected target; how many were deleted."""
        if self.target_id is None:
            self.status.warning(L["select_first"])
            return 0
        gone = self.target_id
        count = self.ws.delete_targets([gone])
        self.target_id = self.version = None
        self.refresh()
        self.status.ok(L["deleted"].format(id=gone))
        notify(self._callbacks, [gone], self.status)
        return count

    @guarded
    def undo(self, _button: Any = None) -> None:
        """Undo this person's last change (of any kind: the store's undo is one list for everything)."""
        done = self._write(self.ws.undo)
        if done is None:
            return
        self.refresh()
        if self.target_id is not None and self.target_id in set(self.frame["target_id"]):
            self._fill(self.row(self.target_id))
        self.status.ok(L["undone"])
        notify(self._callbacks, [], self.status)

    @guarded
    def reload(self, _button: Any = None) -> None:
        """Show the selected target as it is now in the workspace (after a conflict)."""
        wanted = self.target_id
        self.refresh()
        self.reload_button.layout.display = "none"
        if wanted is None:
            return
        if wanted not in set(self.frame["target_id"]):
            self.target_id = self.version = None
            self.status.warning(L["gone"].format(id=wanted))
            return
        self._fill(self.row(self.target_id))
        self.status.info(L["reloaded"].format(id=self.target_id))

    @guarded
    def new(self, _button: Any = None) -> None:
        """Clear the selection (the form keeps its values, ready to add a similar target)."""
        self.listing.value = None
        self.target_id = self.version = None
        self.status.clear()

    def _after(self, target_id: int, message: str, ids: list[int]) -> None:
        self.year_filter.value = self.year.value  # show the year of what was saved
        self.refresh()
        if target_id in {v for _, v in self.listing.options}:
            self.listing.value = target_id
        self._fill(self.row(target_id))
        self.status.ok(message.format(id=target_id))
        notify(self._callbacks, ids, self.status)

"""The plan generation panel: choose the year, templates, recurring stories and units; preview; generate.

Preview is :func:`planner.planning.preview_plan` (generation's own work, stopped before the
write); generation is :func:`planner.generate_plan`, then :func:`planner.check_plan`. The
panel only collects the choices and shows what comes back.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from planner.checks import check_plan
from planner.planning import generate_plan, preview_plan
from planner.store import Workspace
from planner.strings import PLAN_LABELS
from planner.tables import findings_table, plan_summary
from planner.ui.common import StatusLine, guarded, notify, unit_choices

__all__ = ["PlanPanel"]


def _pick(label: str, options: list[tuple[str, Any]], css: str) -> widgets.SelectMultiple:
    box = widgets.SelectMultiple(
        options=options,
        value=tuple(v for _, v in options),
        rows=min(max(len(options), 2), 8),
        description=label,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto", min_width="320px"),
    )
    box.add_class(css)
    return box


def _messages(lines: list[str]) -> str:
    if not lines:
        return f"<p class='planner-plan-messages'>{html.escape(PLAN_LABELS['no_messages'])}</p>"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        f"<h4>{html.escape(PLAN_LABELS['messages_heading'])} ({len(lines)})</h4>"
        f"<ul class='planner-plan-messages'>{items}</ul>"
    )


class PlanPanel(widgets.VBox):
    """Preview and generate the year's plan for one workspace.

    Public: :attr:`year` (IntText), :attr:`templates`, :attr:`recurring`, :attr:`units`
    (SelectMultiple, all chosen at first), :attr:`preview_button`, :attr:`generate_button`,
    :attr:`summary` (HTML: counts per unit and month and the report's messages),
    :attr:`findings` (HTML: the plan check after generation), :attr:`status`;
    :attr:`last_preview` / :attr:`last_created` (the frames last shown); :meth:`on_change`.
    """

    def __init__(self, ws: Workspace, *, year: int | None = None):
        self.ws = ws
        self.status = StatusLine()
        self.year = widgets.IntText(
            value=dt.date.today().year if year is None else year,
            description=PLAN_LABELS["year"],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="200px"),
        )
        self.year.add_class("planner-plan-year")
        self.templates = _pick(PLAN_LABELS["templates"], [], "planner-plan-templates")
        self.recurring = _pick(PLAN_LABELS["recurring"], [], "planner-plan-recurring")
        self.units = _pick(PLAN_LABELS["units"], [], "planner-plan-units")
        self.preview_button = widgets.Button(description=PLAN_LABELS["preview"], icon="eye")
        self.preview_button.add_class("planner-plan-preview")
        self.generate_button = widgets.Button(
            description=PLAN_LABELS["generate"], icon="calendar-plus-o", button_style="primary"
        )
        self.generate_button.add_class("planner-plan-generate")
        self.generate_button.disabled = not ws.actor.writes  # a viewer generates nothing (planner.store.access)
        self.summary = widgets.HTML()
        self.summary.add_class("planner-plan-summary")
        self.findings = widgets.HTML()
        self.findings.add_class("planner-plan-findings")
        self.last_preview: pd.DataFrame | None = None
        self.last_created: pd.DataFrame | None = None
        self._change_callbacks: list[Callable[[list[int]], Any]] = []
        self._preview_mark: int | None = None
        self.load_choices()
        super().__init__(
            children=[
                widgets.HBox([self.year, self.preview_button, self.generate_button]),
                widgets.HBox([self.templates, self.recurring, self.units], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HTML(f"<small>{html.escape(PLAN_LABELS['hint'])}</small>"),
                self.status,
                self.summary,
                self.findings,
            ]
        )
        self.add_class("planner-plan-panel")
        self.preview_button.on_click(lambda _: self.preview())
        self.generate_button.on_click(lambda _: self.generate())

    @guarded
    def load_choices(self) -> None:
        """Read the templates, recurring stories and active units of the workspace into the lists (all chosen)."""
        specs = self.ws.templates().sort_values("position", kind="stable").drop_duplicates("template_id")
        stories = self.ws.recurring()
        units = self.ws.units()
        units = units[units["active"]]
        for box, options in (
            (self.templates, list(zip(specs["name"], specs["template_id"], strict=True))),
            (self.recurring, list(zip(stories["name"], stories["recurring_id"], strict=True))),
            (self.units, unit_choices(units)),
        ):
            box.value = ()
            box.options = options
            box.value = tuple(v for _, v in options)
            box.rows = min(max(len(options), 2), 8)

    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """``callback(item_ids)`` after a generation created or moved items."""
        self._change_callbacks.append(callback)

    # ------------------------------------------------------------------ the choices as arguments
    def _arguments(self) -> dict[str, Any] | None:
        """``units``/``templates``/``recurring`` for generation; None (and a message) when nothing is chosen.

        Everything chosen means the workspace's own lists (``None``), as ``generate_plan(ws, year)``."""
        if not self.templates.value:
            self.status.warning(PLAN_LABELS["no_templates"])
            return None
        if not self.units.value:
            self.status.warning(PLAN_LABELS["no_units"])
            return None
        every = lambda box: set(box.value) == {v for _, v in box.options}  # noqa: E731
        args: dict[str, Any] = {"units": None if every(self.units) else list(self.units.value)}
        if not every(self.templates):
            specs = self.ws.templates()
            args["templates"] = specs[specs["template_id"].isin(self.templates.value)]
        if not every(self.recurring):
            stories = self.ws.recurring()
            args["recurring"] = stories[stories["recurring_id"].isin(self.recurring.value)]
        return args

    def _table(self, frame: pd.DataFrame, heading: str) -> str:
        """The unit × month counts of ``frame`` under ``heading`` (nothing for no items); the count itself
        is said once, in the status line, and in the table's total row."""
        if frame.empty:
            return ""
        styler = plan_summary(frame, self.ws.units())
        return f"<h4>{html.escape(heading)}</h4>{styler.to_html()}"

    # ------------------------------------------------------------------ actions
    @guarded
    def preview(self) -> pd.DataFrame | None:
        """Show what generation would create now (counts per unit and month, the report); writes nothing."""
        args = self._arguments()
        if args is None:
            return None
        year = self.year.value
        mark = self.ws.last_change()
        frame = preview_plan(self.ws, year, **args)
        self.last_preview, self._preview_mark = frame, mark
        count = len(frame)
        heading = PLAN_LABELS["preview_heading"].format(year=year)
        self.summary.value = self._table(frame, heading) + _messages(frame.attrs["report"].messages())
        self.findings.value = ""
        if count:
            self.status.info(PLAN_LABELS["preview_done"].format(year=year, count=count))
        else:
            self.status.info(PLAN_LABELS["preview_nothing"].format(year=year))
        return frame

    @guarded
    def generate(self) -> pd.DataFrame | None:
        """Generate the plan with the choices made, then show what was created and the plan check."""
        args = self._arguments()
        if args is None:
            return None
        year = self.year.value
        created = generate_plan(self.ws, year, **args)
        self.last_created, self._preview_mark = created, None
        report = created.attrs["report"]
        count = len(created)
        heading = PLAN_LABELS["created_heading"].format(year=year)
        self.summary.value = self._table(created, heading) + _messages(report.messages())
        self.show_check(year)
        if count:
            self.status.ok(PLAN_LABELS["created"].format(year=year, count=count))
        else:
            self.status.info(PLAN_LABELS["nothing_created"].format(year=year))
        changed = [int(i) for i in created["item_id"]] + [int(i) for i in report.moved.get("item_id", [])]
        if changed:
            notify(self._change_callbacks, changed, self.status)
        return created

    @guarded
    def show_check(self, year: int | None = None) -> pd.DataFrame:
        """Run the plan check of ``year`` (default: the year chosen) and show its findings."""
        year = self.year.value if year is None else year
        findings = check_plan(self.ws, year)
        if findings.empty:
            self.findings.value = f"<h4>{html.escape(PLAN_LABELS['check_clean'].format(year=year))}</h4>"
        else:
            heading = PLAN_LABELS["check_heading"].format(year=year, count=len(findings))
            self.findings.value = (
                f"<h4>{html.escape(heading)}</h4>{findings_table(findings, self.ws.units()).to_html()}"
            )
        return findings

    @guarded
    def poll(self) -> int:
        """Say so when the shown preview is out of date (someone saved since); nothing is read otherwise."""
        if self._preview_mark is None or self.ws.last_change() == self._preview_mark:
            return 0
        self._preview_mark = None
        self.status.warning(PLAN_LABELS["stale_preview"])
        return 0

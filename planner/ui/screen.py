"""The whole screen: calendar with its day panel, plan table, review queue and plan generation.

The views only know the workspace; :func:`app` wires them together — a click on a day or a
chip fills the form, a save anywhere refreshes the others through the change feed — and the
calendar's light timer keeps every view up to date with what other planners save.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as widgets

from planner.strings import UI_LABELS
from planner.ui.calendar import CalendarView
from planner.ui.common import ActingUser
from planner.ui.exchange import ExchangePanel
from planner.ui.form import ItemForm
from planner.ui.plan import PlanPanel
from planner.ui.review import ReviewQueue
from planner.ui.table import PlanTable

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["App", "app"]

TABS = ("tab_calendar", "tab_table", "tab_review", "tab_plan", "tab_exchange")


class App(widgets.VBox):
    """The planner's screen for one workspace: :attr:`calendar`, :attr:`form`, :attr:`table`,
    :attr:`review`, :attr:`plan`, :attr:`exchange` (Excel out, reports in) in five tabs (:attr:`tabs`),
    under the line saying who is acting and in which role (:attr:`acting`)."""

    def __init__(self, ws: Workspace, *, year: int | None = None, month: int | None = None, unit: str | None = None):
        today = dt.date.today()
        year = today.year if year is None else year
        month = (today.month if year == today.year else 1) if month is None else month
        self.ws = ws
        self.calendar = CalendarView(ws, year=year, month=month, unit=unit)
        self.form = ItemForm(ws)
        self.table = PlanTable(ws, year=year, unit=unit)
        self.review = ReviewQueue(ws, year=year)
        self.plan = PlanPanel(ws, year=year)
        self.exchange = ExchangePanel(ws, year=year)
        self.views = (self.calendar, self.form, self.table, self.review, self.plan, self.exchange)

        self.calendar.on_select_day(lambda day: self.form.show_day(day, unit=self.calendar.filters["unit"].value))
        self.calendar.on_select_item(self.form.load)
        self.calendar.on_change(lambda ids: self.poll())
        self.calendar.on_tick(lambda: self.poll(skip=self.calendar))
        for view in (self.form, self.table, self.review, self.plan, self.exchange):
            view.on_change(lambda ids: self.poll())

        calendar_page = widgets.HBox(
            [self.calendar, self.form],
            layout=widgets.Layout(width="100%", align_items="flex-start"),
        )
        self.calendar.layout = widgets.Layout(flex="3 1 0%", min_width="0")
        self.form.layout = widgets.Layout(flex="1 1 0%", min_width="320px")
        self.tabs = widgets.Tab(children=[calendar_page, self.table, self.review, self.plan, self.exchange])
        self.tabs.titles = tuple(UI_LABELS[t] for t in TABS)
        self.tabs.observe(lambda change: self.poll(), names="selected_index")
        title = widgets.HTML(f"<h3 style='margin:4px 0'>{UI_LABELS['app_title']}</h3>")
        self.acting = ActingUser(ws)  # who is acting, in which role: the buttons follow it
        super().__init__([title, self.acting, self.tabs])
        self.add_class("planner-app")

    def poll(self, *, skip: object = None) -> None:
        """Bring every view up to date with the workspace (each re-reads only what changed)."""
        self.acting.refresh()
        for view in self.views:
            if view is not skip:
                view.poll()


def app(ws: Workspace, *, year: int | None = None, month: int | None = None, unit: str | None = None) -> App:
    """The planner's whole screen on ``ws``: ``display(planner.ui.app(ws))`` in a notebook or in Voilà."""
    return App(ws, year=year, month=month, unit=unit)

"""The planner's screen: widgets over a workspace, for JupyterLab and Voilà.

Each view takes the workspace as its first argument (no globals), reads through it and
writes through its item API, so a test builds any view on a temporary workspace:

- :class:`CalendarView` — the month (or year) as a calendar; drag an item to move it;
- :class:`ItemForm` — the selected day and one item: create, edit, move, review status, undo;
- :class:`PlanTable` — the items of a range in an editable grid, with bulk actions;
- :class:`ReviewQueue` — items waiting for review, with findings and the checklist;
- :class:`PlanPanel` — preview and generate the year's plan;
- :class:`ExchangePanel` — Excel plans and calendar feeds out, unit reports in;
- :class:`PlatformImportPanel` — posts and figures from the platforms' exports, matched to the plan;
- :class:`GuidancePanel` — the year's official guidance pasted, matched to the catalogue;
- :class:`Dashboard` and :class:`TargetsEditor` — the managers' dashboard and the targets;
- :func:`app` — all of them in one screen.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CalendarView",
    "ItemForm",
    "PlanTable",
    "ReviewQueue",
    "PlanPanel",
    "ExchangePanel",
    "PlatformImportPanel",
    "GuidancePanel",
    "Dashboard",
    "TargetsEditor",
    "App",
    "app",
]

_HOMES = {
    "CalendarView": "planner.ui.calendar",
    "ItemForm": "planner.ui.form",
    "PlanTable": "planner.ui.table",
    "ReviewQueue": "planner.ui.review",
    "PlanPanel": "planner.ui.plan",
    "app": "planner.ui.screen",  # not a module named app: importing it would put the module in place of the function
    "App": "planner.ui.screen",
    "ExchangePanel": "planner.ui.exchange",
    "PlatformImportPanel": "planner.ui.platform_import",
    "GuidancePanel": "planner.ui.guidance",
    "Dashboard": "planner.ui.dashboard",
    "TargetsEditor": "planner.ui.targets",
}


def __getattr__(name: str) -> Any:  # widgets load only when a view is asked for
    if name not in _HOMES:
        raise AttributeError(f"module 'planner.ui' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

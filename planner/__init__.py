"""planner — content-planning workbench for a Party propaganda department.

The names below are the public face used by notebooks and outside checks; keep them stable.
"""

from __future__ import annotations

import pandas as pd

from planner import calendars
from planner.catalogue import default_events
from planner.errors import (
    BusyError,
    ConflictError,
    DataError,
    InvalidValueError,
    LunarDateError,
    NotFoundError,
    PermissionDenied,
    PlannerError,
    WorkflowError,
)
from planner.planning import add_monthly, check_plan, copy_plan, generate_plan, preview_plan
from planner.review import check_item, review_queue
from planner.store import Workspace, open_workspace

__all__ = [
    "BusyError",
    "ConflictError",
    "DataError",
    "InvalidValueError",
    "LunarDateError",
    "NotFoundError",
    "PermissionDenied",
    "PlannerError",
    "WorkflowError",
    "Workspace",
    "add_monthly",
    "backup_workspace",
    "calendars",
    "check_item",
    "check_plan",
    "completion",
    "copy_plan",
    "copy_workspace",
    "export_ics",
    "export_plan",
    "export_quota_report",
    "export_unit_plans",
    "import_platform_csv",
    "import_reports",
    "generate_plan",
    "occurrences",
    "open_workspace",
    "preview_plan",
    "read_guidance",
    "restore_workspace",
    "review_queue",
]

__version__ = "0.1.0"


def occurrences(year: int, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The year's dated occurrences of ``events`` (default: the packaged catalogue).

    See :func:`planner.calendars.occurrences` for the columns and the rules for month-only
    and lunar events.
    """
    return calendars.occurrences(year, default_events() if events is None else events)


#: Names whose modules load on first use (file formats, tracking, guidance), keeping ``import planner`` light.
_LAZY = {
    "completion": "planner.tracking",
    "export_quota_report": "planner.excel",
    "import_platform_csv": "planner.platforms",
    "read_guidance": "planner.guidance",
    "export_ics": "planner.feeds",
    "export_plan": "planner.excel",
    "export_unit_plans": "planner.excel",
    "import_reports": "planner.excel",
    "copy_workspace": "planner.store.transfer",
    "backup_workspace": "planner.store.transfer",
    "restore_workspace": "planner.store.transfer",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'planner' has no attribute {name!r}")

"""The automatic checks, in one module tree: item checks (:mod:`planner.checks.items`) and
plan checks (:mod:`planner.checks.plan`) side by side, with one findings schema
(:data:`FINDING_COLUMNS`: item_id, unit_id, date, severity, code, field, message)."""

from planner.checks.items import (
    FINDING_COLUMNS,
    EventIndex,
    Finding,
    NameIndex,
    findings_for_items,
    item_findings,
    text_findings,
)
from planner.checks.plan import DEFAULT_WINDOW, PLAN_FINDING_COLUMNS, check_plan, week_start, week_starts

__all__ = [
    "FINDING_COLUMNS",
    "PLAN_FINDING_COLUMNS",
    "DEFAULT_WINDOW",
    "EventIndex",
    "Finding",
    "NameIndex",
    "findings_for_items",
    "item_findings",
    "text_findings",
    "check_plan",
    "week_start",
    "week_starts",
]

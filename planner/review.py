"""Review before publishing: the automatic checks of one item, as a table.

The status workflow itself (``Workspace.set_status``) lives in the store, which refuses
approval while an error-level finding remains; this module shows the findings.
"""

from __future__ import annotations

import pandas as pd

from planner.checks import findings_for_items
from planner.store import Workspace

__all__ = ["check_item", "review_queue"]


def check_item(ws: Workspace, item_id: int) -> pd.DataFrame:
    """Every automatic check on one item, run now: ``item_id, severity, code, field, message``.

    Runs against the current catalogue and list of official names, so a finding appears even
    for text that was saved before the list was extended (or written by another tool).
    """
    item = ws.item(item_id)
    frame = pd.DataFrame([item])
    return findings_for_items(frame, names=ws.official_names(), events=ws.events())


def review_queue(ws: Workspace, *, year: int | None = None) -> pd.DataFrame:
    """Items waiting for review (Chờ duyệt), by date, with the count of errors and warnings."""
    items = ws.items(year=year, status="in_review")
    errors = items["findings"].map(lambda fs: sum(f["severity"] == "error" for f in fs))
    warnings = items["findings"].map(lambda fs: sum(f["severity"] == "warning" for f in fs))
    return items.assign(errors=errors.astype("int64"), warnings=warnings.astype("int64"))[
        ["item_id", "version", "date", "unit_id", "title", "format", "platform", "errors", "warnings"]
    ].reset_index(drop=True)

"""Excel plans out, unit reports back in.

* :func:`export_plan` — the master plan workbook; :func:`export_unit_plans` — one workbook per unit
  and a zip of them (:mod:`planner.excel.export`, layout and safety in :mod:`planner.excel.layout`);
* :func:`import_reports` / :class:`ImportResult` — returned workbooks read back (:mod:`planner.excel.reports`,
  imported on first use).

Workbook layout (what the import relies on): sheets "Hướng dẫn", "Tổng hợp", "Lịch", one per unit
(named from its short name), "Chỉ tiêu", and the very hidden "planner" sheet with key/value rows in
A:B — ``format`` (``planner-plan-1``), ``workspace_id``, ``exported_at``, ``year``, ``months``
(``1-12``, ``5``, ``1-3,5``), ``units`` (space-separated ids) and ``unit_sheets`` (JSON: sheet name →
unit id); the same keys are custom document properties. A unit sheet has its header on row 8 and
data from row 9: the plan columns, the report columns, then the hidden key columns.
"""

from __future__ import annotations

from typing import Any

from planner.excel.export import export_plan, export_unit_plans

__all__ = ["export_plan", "export_unit_plans", "import_reports", "ImportResult", "export_quota_report"]

_FROM_REPORTS = ("import_reports", "ImportResult")


def __getattr__(name: str) -> Any:
    """``import_reports`` and ``ImportResult`` from :mod:`planner.excel.reports`, loaded when first asked for."""
    if name in _FROM_REPORTS:
        from planner.excel import reports

        value = getattr(reports, name)
        globals()[name] = value
        return value
    if name == "export_quota_report":  # the quota report (issue 9), :mod:`planner.excel.quota`
        from planner.excel.quota import export_quota_report

        return export_quota_report
    raise AttributeError(f"module 'planner.excel' has no attribute {name!r}")

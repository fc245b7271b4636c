"""The plan as it leaves the department: one master workbook, or one workbook per unit (and a zip of them).

:func:`export_plan` writes the master workbook — sheets "Hướng dẫn" (how to report back), "Tổng hợp"
(items per unit × month × format, with the targets beside them), "Lịch" (every item by date), one sheet
per unit (the plan columns, the report-back columns the unit fills in, and hidden key columns), "Chỉ
tiêu" (targets) and the very hidden "planner" sheet with the metadata the import checks (also in the
workbook's custom properties). :func:`export_unit_plans` writes the same for each unit alone.

Cancelled items are left out: the workbook is the plan that goes out. With ``months``, the plan year's
items dated in those months of ``year`` are exported.

Layout and safety (text always written as text, legal sheet names, files moved into place only when
complete) are :mod:`planner.excel.layout`; labels and rows of items are :mod:`planner.columns`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import operator
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from planner.catalogue import describe_os_error
from planner.columns import KEY_COLUMNS, PLAN_COLUMNS, REPORT_COLUMNS, Column, item_rows
from planner.errors import InvalidValueError, NotFoundError, PlannerError
from planner.excel.layout import (
    EXCEL_LABELS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    METADATA_FORMAT,
    METADATA_SHEET,
    SHEET_NAMES,
    Formats,
    atomic_file,
    file_slug,
    months_code,
    months_text,
    official_block,
    plan_title,
    sheet_name,
    unique_slug,
    workbook_options,
    write_table,
)
from planner.model import FORMATS
from planner.store import validate
from planner.strings import EXCEL_REPORT_HELP, FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS, UNIT_KIND_LABELS
from planner.values import missing

__all__ = ["export_plan", "export_unit_plans", "UNIT_SHEET_FOLDED"]

#: Plan columns hidden on a unit's sheet so that it prints legibly on A4 (the unit is the sheet's; the event's
#: date, tier and theme are on the master plan's calendar sheet). Hidden, not removed: a returned file still has them.
UNIT_SHEET_FOLDED = ("lunar", "unit", "theme", "occurrence_date", "tier")

#: Report column key → field of ``Workspace.outputs()`` (what was already reported is shown again).
_OUTPUT_FIELDS = {
    "url": "url",
    "published_at": "published_at",
    "views": "views",
    "reactions": "reactions",
    "shares": "shares",
    "comments": "comments",
    "duration_s": "duration_s",
    "report_note": "note",
}
_PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_PROPERTY_MAX = 255


# ---------------------------------------------------------------------------------------------- inputs
def _months(value: Any) -> tuple[int, ...] | None:
    """None (the whole year), a month 1–12 or several; anything else is refused naming what is accepted."""
    if value is None:
        return None
    values = [value] if isinstance(value, numbers.Integral | str | bytes) else value
    try:
        values = list(values)
        months = [operator.index(m) for m in values if not isinstance(m, bool)]
        ok = bool(months) and len(months) == len(values) and all(1 <= m <= 12 for m in months)
    except TypeError:
        ok = False
    if not ok:
        raise InvalidValueError(
            f"Tháng {value!r} không hợp lệ; cần một tháng từ 1 đến 12 hoặc một danh sách tháng "
            "(ví dụ [5] hay [4, 5, 6]).",
            field="months",
            value=value,
            allowed="1–12",
        )
    return tuple(sorted(set(months)))


def _unit_ids(value: Any, units: pd.DataFrame) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    try:
        values = list(values)
    except TypeError:
        values = [value]
    if not values or not all(isinstance(v, str) for v in values):
        raise InvalidValueError(
            f"Đơn vị {value!r} không hợp lệ; cần mã đơn vị (ví dụ 'hoi-phu-nu') hoặc một danh sách mã.",
            field="units",
            value=value,
            allowed="mã đơn vị",
        )
    known = set(units["unit_id"])
    unknown = [v for v in values if v not in known]
    if unknown:
        raise NotFoundError(f"Không có đơn vị {', '.join(repr(u) for u in unknown)} trong không gian làm việc.")
    return list(dict.fromkeys(values))


def _given_path(value: Any, what: str) -> Path:
    if isinstance(value, str | os.PathLike):
        text = os.fspath(value)
        if isinstance(text, str) and text.strip() and "\x00" not in text:
            return Path(text).expanduser()
    raise InvalidValueError(
        f"Đường dẫn {what} {value!r} không hợp lệ; cần tên tệp hoặc thư mục, ví dụ 'exports/Ke-hoach-2025.xlsx'.",
        field="path",
        value=value,
        allowed="đường dẫn",
    )


def _is_dir(path: Path, shown: Path) -> bool:
    """Whether ``path`` is a folder; a name the file system cannot hold is a PlannerError naming ``shown``."""
    try:
        return path.is_dir()
    except OSError as exc:
        raise PlannerError(f"Không ghi được '{shown}': {describe_os_error(exc)}.") from None


def _folder(path: Path, *, create: bool) -> Path:
    """``path`` as a folder to write into: created when ``create``; a PlannerError naming it otherwise."""
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlannerError(f"Không tạo được thư mục '{path}': {describe_os_error(exc)}.") from None
    if not _is_dir(path, path):
        why = "đây là một tệp, không phải thư mục" if path.exists() else "thư mục không tồn tại"
        raise PlannerError(f"Không ghi được vào '{path}': {why}.")
    return path


def _output_path(value: Any, ws, name: str, suffix: str = ".xlsx") -> Path:
    """Where to write: ``name`` in ``ws.exports_dir`` when None (the folder created), in a folder given, or the
    file given (``suffix`` added when it has none)."""
    if value is None:
        return _folder(ws.exports_dir, create=True) / name
    path = _given_path(value, "tệp")
    if _is_dir(path, path):
        return path / name
    if not path.suffix:
        path = path.with_name(path.name + suffix)
    if path.suffix.lower() != suffix:
        raise PlannerError(f"Không ghi được '{path}': tệp kế hoạch cần đuôi {suffix} (ví dụ {name}).")
    if not _is_dir(path.parent, path):
        why = "là một tệp, không phải thư mục" if path.parent.exists() else "không tồn tại"
        raise PlannerError(f"Không ghi được '{path}': thư mục '{path.parent}' {why}.")
    return path


# ---------------------------------------------------------------------------------------------- the data
@dataclass
class _Target:
    unit_id: str  # the unit it applies to (a target for a kind or for all units is one row per unit)
    scope: str  # who it was given to, as a person reads it
    period: str
    start: dt.date
    end: dt.date
    format: str | None
    platform: str | None
    count: int


@dataclass
class _Plan:
    """What one workbook shows, read once from the workspace."""

    year: int
    months: tuple[int, ...] | None
    organisation: Any
    workspace_id: str
    exported_at: str
    today: dt.date
    units: pd.DataFrame
    rows: pd.DataFrame  # item_rows of the exported items (cancelled left out), by date
    sheet_units: list[str]  # unit ids with a sheet, in the order of Workspace.units()
    outputs: dict[int, dict[str, Any]]
    targets: list[_Target] = field(default_factory=list)

    @property
    def title(self) -> str:
        return plan_title(self.year, self.months)

    @property
    def month_list(self) -> list[int]:
        return list(self.months or range(1, 13))

    def unit_name(self, unit_id: str) -> str:
        return self._names("name").get(unit_id, unit_id)

    def short_name(self, unit_id: str) -> str:
        return self._names("short_name").get(unit_id, unit_id)

    def _names(self, column: str) -> dict[str, str]:
        """unit id → ``column`` of :attr:`units`, made once per plan (asked for once per row and target)."""
        cache = self.__dict__.setdefault("_name_cache", {})
        if column not in cache:
            cache[column] = {str(u): str(n) for u, n in zip(self.units["unit_id"], self.units[column], strict=True)}
        return cache[column]

    def period_text(self) -> str:
        if self.months is None or list(self.months) == list(range(1, 13)):
            return f"năm {self.year}"
        return f"tháng {months_text(self.months)} năm {self.year}"


def _read_targets(ws) -> pd.DataFrame:
    """The targets the workspace holds (:meth:`Workspace.targets`)."""
    return ws.targets()


def _as_date(value: Any) -> dt.date | None:
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _targets(ws, year: int, months: Sequence[int], units: pd.DataFrame, unit_ids: Sequence[str]) -> list[_Target]:
    """Targets whose whole period lies in the exported months of ``year``, one per unit they apply to — as
    :func:`planner.tracking.expand_targets` applies them (a unit-kind target to each unit of that kind, a
    unit's own target in place of its kind's)."""
    from planner.tracking import ANY, expand_targets  # tracking loads on first use: the export needs only this

    expanded = expand_targets(_read_targets(ws), units)
    kinds = dict(zip(units["unit_id"], units["kind"], strict=True))
    short = dict(zip(units["unit_id"], units["short_name"], strict=True))
    wanted, exported = set(months), set(unit_ids)
    out: list[_Target] = []
    for t in expanded.to_dict("records"):
        start, period, unit = _as_date(t.get("period_start")), t.get("period"), t["unit_id"]
        if start is None or period not in _PERIOD_MONTHS or start.year != year or unit not in exported:
            continue
        span = [start.month + i for i in range(_PERIOD_MONTHS[period])]
        if span[-1] > 12 or not set(span) <= wanted:
            continue
        end_month = span[-1]
        end = dt.date(year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
        kind = kinds.get(unit)
        scope = UNIT_KIND_LABELS.get(kind, kind) if t.get("by_kind") else short.get(unit, unit)
        fmt = None if t["format"] == ANY else t["format"]
        platform = None if t["platform"] == ANY else t["platform"]
        out.append(_Target(unit, scope, period, start, end, fmt, platform, int(t["count"])))
    order = {u: n for n, u in enumerate(unit_ids)}
    out.sort(key=lambda t: (order[t.unit_id], t.start, t.period, t.format or "", t.platform or ""))
    return out


def _planned_counts(plan: _Plan) -> dict[tuple[str, int, str, str], int]:
    """Items per (unit, month, format code, platform code) in the exported rows — counted once, so each target's
    planned number is a sum over its months, not a pass over every row."""
    rows = plan.rows
    codes = {label: code for code, label in FORMAT_LABELS.items()}
    platforms = {label: code for code, label in PLATFORM_LABELS.items()}
    months = [d.month if d is not None and not missing(d) else 0 for d in rows["date"]]
    frame = pd.DataFrame(
        {
            "unit_id": rows["unit_id"].to_numpy(),
            "month": months,
            "format": rows["format"].map(lambda f: codes.get(f, f)).to_numpy(),
            "platform": rows["platform"].map(lambda p: platforms.get(p, p)).to_numpy(),
        }
    )
    return frame[frame["month"] > 0].groupby(["unit_id", "month", "format", "platform"]).size().to_dict()


def _read_plan(ws, year: Any, months: Any, units: Any, *, today: dt.datetime | None = None) -> _Plan:
    year = validate.year(year)
    months = _months(months)
    all_units = ws.units()
    chosen = _unit_ids(units, all_units)
    items = ws.items(year=year, units=chosen) if chosen is not None else ws.items(year=year)
    items = items[items["status"] != "cancelled"]
    if months is not None:
        dates = items["date"]
        items = items[(dates.dt.year == year) & dates.dt.month.isin(months)]
    rows = item_rows(items.reset_index(drop=True), all_units, ws.events())
    present = set(rows["unit_id"])
    order = [u for u in all_units["unit_id"] if (u in chosen if chosen is not None else u in present)]
    if chosen is None and not order:
        raise PlannerError(f"Không có nội dung nào để xuất trong kế hoạch {_period(year, months)}.")
    outputs: dict[int, dict[str, Any]] = {}
    if len(rows):
        reported = ws.outputs()  # all of them: an IN list of every exported id would be too long for SQLite
        reported = reported[reported["item_id"].isin(set(rows["item_id"]))]
        for record in reported.to_dict("records"):
            outputs[int(record["item_id"])] = {
                key: _plain(record[name]) for key, name in _OUTPUT_FIELDS.items() if name in record
            }
    now = (today or dt.datetime.now()).astimezone()
    return _Plan(
        year=year,
        months=months,
        organisation=ws.organisation,
        workspace_id=ws.workspace_id,
        exported_at=now.isoformat(timespec="seconds"),
        today=now.date(),
        units=all_units,
        rows=rows,
        sheet_units=order,
        outputs=outputs,
        targets=_targets(ws, year, months or range(1, 13), all_units, order),
    )


def _plain(value: Any) -> Any:
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _period(year: int, months: Sequence[int] | None) -> str:
    if months is None or list(months) == list(range(1, 13)):
        return f"năm {year}"
    return f"tháng {months_text(months)} năm {year}"


# ---------------------------------------------------------------------------------------------- sheets
def _print_setup(sheet, *, repeat: int | None = HEADER_ROW) -> None:
    """A4 landscape, one page wide, header rows repeated, page numbers in the footer."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    if repeat is not None:
        sheet.repeat_rows(repeat)
    sheet.set_footer("&L&8&A&R&8Trang &P/&N")


def _header(sheet, formats: Formats, columns: Sequence[tuple[Column, bool]]) -> None:
    sheet.set_row(HEADER_ROW, 32)
    for col, (column, report) in enumerate(columns):
        sheet.write_string(HEADER_ROW, col, column.label, formats.header(report=report))


def _plan_sheet(
    wb,
    formats: Formats,
    plan: _Plan,
    name: str,
    rows: pd.DataFrame,
    *,
    subtitle: str,
    report: bool,
) -> Any:
    """A sheet of items: the official block, the header on row 8, one row per item from row 9.

    With ``report``: the report columns (shaded, prefilled with what was already reported) and the hidden
    key columns follow the plan columns; the status column gets its drop-down.
    """
    sheet = wb.add_worksheet(name)
    columns: list[tuple[Column, bool]] = [(c, False) for c in PLAN_COLUMNS]
    if report:
        columns += [(c, True) for c in REPORT_COLUMNS] + [(c, False) for c in KEY_COLUMNS]
    visible = len(PLAN_COLUMNS) + (len(REPORT_COLUMNS) if report else 0)
    # a unit's sheet leaves out what the unit does not need on paper (kept, hidden: the import reads by header)
    folded = {c.key for c in PLAN_COLUMNS if report and c.key in UNIT_SHEET_FOLDED}
    widths = [0.0 if c.key in folded else float(c.width) for c, _ in columns[:visible]]
    for col, (column, report_column) in enumerate(columns):
        options = {"hidden": True} if col >= visible or column.key in folded else None
        # what a unit types into an empty report cell takes the column's number format (dd/mm/yyyy, 1.234)
        fmt = formats.typed(column) if report_column else None
        sheet.set_column(col, col, column.width, fmt, options)
    official_block(sheet, formats, plan.organisation, widths, title=plan.title, subtitle=subtitle, today=plan.today)
    _header(sheet, formats, columns)

    values = [rows[c.key].tolist() for c in PLAN_COLUMNS]
    if report:
        reported = [plan.outputs.get(i, {}) for i in rows["item_id"].tolist()]
        values += [[r.get(c.key) for r in reported] for c in REPORT_COLUMNS]
        values += [rows[c.key].tolist() for c in KEY_COLUMNS]
    count = write_table(sheet, formats, columns, values, FIRST_DATA_ROW)

    last_row = FIRST_DATA_ROW + max(count, 1) - 1
    sheet.autofilter(HEADER_ROW, 0, max(last_row, HEADER_ROW), len(columns) - 1)
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    if count:
        status_col = next(i for i, (c, _) in enumerate(columns) if c.key == "status")
        sheet.data_validation(
            FIRST_DATA_ROW, status_col, last_row, status_col,
            {
                "validate": "list",
                "source": list(STATUS_LABELS.values()),
                "error_title": EXCEL_LABELS["status_error_title"],
                "error_message": EXCEL_LABELS["status_error"],
            },
        )
    if report and count:
        _report_validation(sheet, columns, last_row)
    _print_setup(sheet)
    return sheet


def _report_validation(sheet, columns: Sequence[tuple[Column, bool]], last_row: int) -> None:
    """Report cells warn (and let the person go on) on a negative count or a date that is not a date."""
    for col, (column, report) in enumerate(columns):
        if not report or column.kind not in ("int", "date"):
            continue
        if column.kind == "int":
            rule = {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_title": EXCEL_LABELS["number_title"],
                "error_message": EXCEL_LABELS["number_error"],
            }
        else:
            rule = {
                "validate": "date",
                "criteria": "between",
                "minimum": dt.date(2000, 1, 1),
                "maximum": dt.date(2100, 12, 31),
                "error_title": EXCEL_LABELS["date_title"],
                "error_message": EXCEL_LABELS["date_error"],
            }
        sheet.data_validation(FIRST_DATA_ROW, col, last_row, col, {**rule, "error_type": "warning"})


def _summary_sheet(wb, formats: Formats, plan: _Plan) -> None:
    """Items per unit × month × format, a total per unit and per format, and the targets beside them."""
    sheet = wb.add_worksheet(SHEET_NAMES["summary"])
    months = plan.month_list
    has_targets = bool(plan.targets)
    labels = [EXCEL_LABELS["summary_unit"], EXCEL_LABELS["summary_format"]]
    labels += [EXCEL_LABELS["summary_month"].format(month=m) for m in months] + [EXCEL_LABELS["summary_total"]]
    widths = [24.0, 16.0] + [8.0] * len(months) + [9.0]
    if has_targets:
        labels.append(EXCEL_LABELS["summary_target"])
        widths.append(9.0)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    official_block(
        sheet, formats, plan.organisation, widths,
        title=plan.title, subtitle=EXCEL_LABELS["summary_subtitle"], today=plan.today,
    )
    sheet.set_row(HEADER_ROW, 32)
    for col, label in enumerate(labels):
        sheet.write_string(HEADER_ROW, col, label, formats.header())

    rows = plan.rows
    codes = {label: code for code, label in FORMAT_LABELS.items()}
    frame = pd.DataFrame(
        {
            "unit_id": rows["unit_id"],
            "format": rows["format"].map(lambda f: codes.get(f, f)),
            "month": [d.month if d is not None and not missing(d) else 0 for d in rows["date"]],
        }
    )
    counts = frame.groupby(["unit_id", "format", "month"]).size().to_dict()
    formats_used = [f for f in FORMATS if f in set(frame["format"])] + sorted(set(frame["format"]) - set(FORMATS))

    goals: dict[tuple[str, str | None], int] = {}
    for t in plan.targets:
        goals[(t.unit_id, t.format)] = goals.get((t.unit_id, t.format), 0) + t.count

    def target(unit: str, fmt: str | None) -> int | None:
        return goals.get((unit, fmt))

    text = formats.get(border=1, valign="top", font_size=10, text_wrap=True)
    number = formats.get(border=1, valign="top", font_size=10, num_format="0")
    bold_text = formats.get(border=1, valign="top", font_size=10, text_wrap=True, bold=True, bg_color="#EDEDED")
    bold_number = formats.get(border=1, valign="top", font_size=10, num_format="0", bold=True, bg_color="#EDEDED")

    def line(row: int, unit: str, fmt_label: str, values: list[int], goal: int | None, bold: bool) -> None:
        sheet.write_string(row, 0, unit, bold_text if bold else text)
        sheet.write_string(row, 1, fmt_label, bold_text if bold else text)
        for col, value in enumerate([*values, sum(values)], start=2):
            sheet.write_number(row, col, value, bold_number if bold else number)
        if has_targets:
            cell = bold_number if bold else number
            if goal is None:
                sheet.write_blank(row, len(months) + 3, None, cell)
            else:
                sheet.write_number(row, len(months) + 3, goal, cell)

    row = FIRST_DATA_ROW
    goals_by_format: dict[str | None, int] = {}
    for unit in plan.sheet_units:
        short = plan.short_name(unit)
        used = [f for f in formats_used if any(counts.get((unit, f, m), 0) for m in months)]
        for fmt in used:
            goal = target(unit, fmt)
            if goal is not None:
                goals_by_format[fmt] = goals_by_format.get(fmt, 0) + goal
            line(row, short, FORMAT_LABELS.get(fmt, fmt), [counts.get((unit, fmt, m), 0) for m in months], goal, False)
            row += 1
        totals = [sum(counts.get((unit, f, m), 0) for f in formats_used) for m in months]
        goal = target(unit, None)
        if goal is not None:
            goals_by_format[None] = goals_by_format.get(None, 0) + goal
        line(row, short, EXCEL_LABELS["summary_total"], totals, goal, True)
        row += 1
    everyone = EXCEL_LABELS["summary_format_total"]
    for fmt in formats_used:
        values = [sum(counts.get((u, fmt, m), 0) for u in plan.sheet_units) for m in months]
        line(row, everyone, FORMAT_LABELS.get(fmt, fmt), values, goals_by_format.get(fmt), True)
        row += 1
    grand = [sum(counts.get((u, f, m), 0) for u in plan.sheet_units for f in formats_used) for m in months]
    line(row, EXCEL_LABELS["summary_grand_total"], "", grand, goals_by_format.get(None), True)
    sheet.autofilter(HEADER_ROW, 0, row, len(labels) - 1)
    if not has_targets:
        sheet.write_string(row + 2, 0, EXCEL_LABELS["summary_no_targets"], formats.text(italic=True))
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    _print_setup(sheet)


def _targets_sheet(wb, formats: Formats, plan: _Plan) -> None:
    sheet = wb.add_worksheet(SHEET_NAMES["targets"])
    spec = [
        ("target_unit", 22.0, "text"),
        ("target_scope", 24.0, "text"),
        ("target_period", 8.0, "text"),
        ("target_start", 11.0, "date"),
        ("target_end", 11.0, "date"),
        ("target_format", 15.0, "text"),
        ("target_platform", 14.0, "text"),
        ("target_count", 10.0, "int"),
        ("target_planned", 12.0, "int"),
        ("target_missing", 10.0, "int"),
    ]
    widths = [w for _, w, _ in spec]
    columns = [Column(key, EXCEL_LABELS[key], kind, int(width), wrap=kind == "text") for key, width, kind in spec]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    subtitle = EXCEL_LABELS["targets_subtitle"]
    official_block(sheet, formats, plan.organisation, widths, title=plan.title, subtitle=subtitle, today=plan.today)
    _header(sheet, formats, [(c, False) for c in columns])
    count = 0
    if not plan.targets:
        note = EXCEL_LABELS["targets_none"].format(period=plan.period_text())
        sheet.write_string(FIRST_DATA_ROW, 0, note, formats.text(italic=True))
    else:
        by_unit: dict[str, list[tuple[int, str, str, int]]] = {}
        for (unit, month, fmt, platform), n in _planned_counts(plan).items():
            by_unit.setdefault(unit, []).append((month, fmt, platform, n))
        lines = []
        for t in plan.targets:
            planned = sum(
                n
                for month, fmt, platform, n in by_unit.get(t.unit_id, ())
                if t.start.month <= month <= t.end.month
                and (t.format is None or fmt == t.format)
                and (t.platform is None or platform == t.platform)
            )
            lines.append(
                (
                    plan.short_name(t.unit_id),
                    t.scope,
                    EXCEL_LABELS[f"period_{t.period}"],
                    t.start,
                    t.end,
                    FORMAT_LABELS.get(t.format, t.format) if t.format else EXCEL_LABELS["target_all_formats"],
                    PLATFORM_LABELS.get(t.platform, t.platform) if t.platform else EXCEL_LABELS["target_all_platforms"],
                    t.count,
                    planned,
                    max(t.count - planned, 0),
                )
            )
        table = list(zip(*lines, strict=True))
        count = write_table(sheet, formats, [(c, False) for c in columns], table, FIRST_DATA_ROW)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + count, len(columns) - 1)
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    _print_setup(sheet)


def _instructions_sheet(wb, formats: Formats, plan: _Plan, sheets: Sequence[tuple[str, str, int | None]]) -> None:
    """How to fill the report columns and send the file back, and what each sheet holds."""
    sheet = wb.add_worksheet(SHEET_NAMES["instructions"])
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 2, 80)
    sheet.set_column(3, 3, 12)
    org = plan.organisation
    sender = f"{org.department} {org.name}"
    wrap = formats.text(text_wrap=True)
    cell = formats.get(border=1, valign="top", text_wrap=True, font_size=10)
    head = formats.header()

    def paragraph(row: int, text: str, fmt=wrap, number: str = "") -> int:
        if number:
            sheet.write_string(row, 0, number, formats.text(bold=True))
        sheet.merge_range(row, 1, row, 3, None, fmt)
        sheet.write_string(row, 1, text, fmt)
        sheet.set_row(row, 15.5 * max(1, math.ceil(len(text) / 115)) + 2)
        return row + 1

    sheet.merge_range(0, 0, 0, 3, None, formats.get(bold=True, font_size=14, align="center", valign="vcenter"))
    sheet.write_string(0, 0, EXCEL_LABELS["instructions_title"], formats.get(bold=True, font_size=14, align="center"))
    sheet.set_row(0, 24)
    row = 2
    row = paragraph(
        row,
        f"Tệp này là {plan.title[0]}{plan.title[1:].lower()} của {sender}, "
        f"xuất ngày {plan.today.day:02d}/{plan.today.month:02d}/{plan.today.year}.",
    )
    first_report = REPORT_COLUMNS[0].label
    steps = [
        "Mỗi đơn vị có một trang tính mang tên đơn vị (xem danh sách cuối trang này). Mỗi dòng là một nội dung "
        f"cần đăng. Các cột từ “{PLAN_COLUMNS[0].label}” đến “{PLAN_COLUMNS[-1].label}” là kế hoạch: xin giữ "
        "nguyên, không sửa, không xóa dòng.",
        f"Sau khi đăng, điền kết quả vào các cột báo cáo (ô nền vàng, từ cột “{first_report}”) trên đúng dòng "
        "của nội dung đó, như bảng dưới đây.",
        f"Không sửa, không xóa các cột ẩn “{KEY_COLUMNS[0].label}” và “{KEY_COLUMNS[-1].label}”, không đổi tên "
        "trang tính: nhờ chúng mà báo cáo được nhận đúng cho từng nội dung khi tệp được gửi lại.",
        "Có thể lọc, sắp xếp, đổi thứ tự cột hoặc thêm dòng trống; mỗi nội dung chỉ báo cáo trên một dòng. "
        "Ngày viết dạng ngày/tháng/năm, số lượt chỉ ghi số.",
        "Cột “Trạng thái” cho biết nội dung đã được duyệt hay chưa. Nội dung đã duyệt được ghi nhận là "
        "“Đã đăng” khi tệp gửi lại có đường dẫn bài đăng.",
        f"Lưu tệp ở dạng Excel (.xlsx) — không đổi sang .xls, .csv hay PDF — và gửi lại cho {sender}. "
        "Có thể gửi lại nhiều lần trong kỳ: mỗi lần gửi cập nhật số liệu mới nhất, không bị tính trùng.",
    ]
    for n, step in enumerate(steps, start=1):
        row = paragraph(row, step, number=f"{n}.")
    row += 1
    sheet.write_string(row, 1, "Cột báo cáo", head)
    sheet.merge_range(row, 2, row, 3, None, head)
    sheet.write_string(row, 2, "Cách điền", head)
    row += 1
    for column in REPORT_COLUMNS:
        help_text = EXCEL_REPORT_HELP.get(column.key, "")
        sheet.write_string(row, 1, column.label, formats.get(border=1, valign="top", bold=True, font_size=10))
        sheet.merge_range(row, 2, row, 3, None, cell)
        sheet.write_string(row, 2, help_text, cell)
        sheet.set_row(row, 14 * max(1, math.ceil(len(help_text) / 95)) + 2)
        row += 1
    row += 1
    sheet.write_string(row, 1, "Trang tính", head)
    sheet.write_string(row, 2, "Nội dung", head)
    sheet.write_string(row, 3, "Số nội dung", head)
    row += 1
    for name, what, count in sheets:
        sheet.write_string(row, 1, name, cell)
        sheet.write_string(row, 2, what, cell)
        if count is None:
            sheet.write_blank(row, 3, None, cell)
        else:
            sheet.write_number(row, 3, count, formats.get(border=1, valign="top", font_size=10, num_format="0"))
        row += 1
    sheet.set_paper(9)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _metadata(wb, plan: _Plan, unit_sheets: dict[str, str]) -> None:
    """The very hidden "planner" sheet (key/value rows in A:B, all text) and the same as custom properties
    (a value longer than Excel's 255 characters — many units — only in the sheet)."""
    sheet = wb.add_worksheet(METADATA_SHEET)
    units = [u for u in unit_sheets.values()]
    values = {
        "format": METADATA_FORMAT,
        "workspace_id": plan.workspace_id,
        "exported_at": plan.exported_at,
        "year": str(plan.year),
        "months": months_code(plan.month_list),
        "units": " ".join(units),
        "unit_sheets": json.dumps(unit_sheets, ensure_ascii=False),
    }
    for row, (key, value) in enumerate(values.items()):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
        if len(value) <= _PROPERTY_MAX:  # Excel keeps at most 255 characters: the sheet has the whole value
            wb.set_custom_property(key, value)
    sheet.very_hidden()


def _save(build, path: Path) -> Path:
    """Write a workbook with ``build(workbook)`` to a temporary file next to ``path``, then move it into place."""
    with atomic_file(path, "tệp kế hoạch") as temp:
        wb = xlsxwriter.Workbook(str(temp), workbook_options())
        try:
            build(wb)
        finally:
            wb.close()
    return path


def _set_properties(wb, plan: _Plan, title: str) -> None:
    org = plan.organisation
    wb.set_properties(
        {
            "title": title,
            "author": f"{org.department} {org.name}",
            "company": org.name,
            "created": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        }
    )


def _unit_rows(plan: _Plan) -> dict[str, pd.DataFrame]:
    groups = {u: g for u, g in plan.rows.groupby("unit_id", sort=False)}
    empty = plan.rows.iloc[0:0]
    return {u: groups.get(u, empty) for u in plan.sheet_units}


# ---------------------------------------------------------------------------------------------- public
def export_plan(ws, *, year: int, months: Any = None, units: Any = None, path: Any = None) -> Path:
    """Write the master plan workbook of ``year`` and return its path.

    ``months``: a month 1–12 or a list (default the whole year); ``units``: a unit id or a list (default
    every unit with items); ``path``: a file ``….xlsx`` or a folder (default ``ws.exports_dir``, named
    ``Ke-hoach-2025.xlsx``, ``Ke-hoach-2025-T5.xlsx`` …). Sheets: "Hướng dẫn", "Tổng hợp", "Lịch", one per
    unit, "Chỉ tiêu" and the very hidden "planner" metadata sheet (see :mod:`planner.excel`).

    Raises :class:`PlannerError` (Vietnamese) for a bad year, month, unit or path, or when there is
    nothing to export; the file under ``path`` is replaced only by a complete workbook.
    """
    plan = _read_plan(ws, year, months, units)
    suffix = _name_suffix(plan)
    if units is not None and len(plan.sheet_units) == 1:
        suffix += "-" + (file_slug(plan.short_name(plan.sheet_units[0])) or file_slug(plan.sheet_units[0]))
    elif units is not None:
        suffix += f"-{len(plan.sheet_units)}-don-vi"
    target = _output_path(path, ws, f"Ke-hoach-{plan.year}{suffix}.xlsx")
    by_unit = _unit_rows(plan)

    def build(wb) -> None:
        formats = Formats(wb)
        _set_properties(wb, plan, plan.title)
        taken: set[str] = set()
        names = {u: sheet_name(plan.short_name(u), taken) for u in plan.sheet_units}
        listing: list[tuple[str, str, int | None]] = [
            (SHEET_NAMES["summary"], EXCEL_LABELS["summary_subtitle"], None),
            (SHEET_NAMES["calendar"], EXCEL_LABELS["calendar_subtitle"], len(plan.rows)),
            *[(names[u], plan.unit_name(u), len(by_unit[u])) for u in plan.sheet_units],
            (SHEET_NAMES["targets"], EXCEL_LABELS["targets_subtitle"], None),
        ]
        _instructions_sheet(wb, formats, plan, listing)
        _summary_sheet(wb, formats, plan)
        _plan_sheet(
            wb, formats, plan, SHEET_NAMES["calendar"], plan.rows,
            subtitle=EXCEL_LABELS["calendar_subtitle"], report=False,
        )
        for unit in plan.sheet_units:
            subtitle = EXCEL_LABELS["unit_subtitle"].format(name=plan.unit_name(unit))
            _plan_sheet(wb, formats, plan, names[unit], by_unit[unit], subtitle=subtitle, report=True)
        _targets_sheet(wb, formats, plan)
        _metadata(wb, plan, {names[u]: u for u in plan.sheet_units})

    return _save(build, target)


def _name_suffix(plan: _Plan) -> str:
    if plan.months is None or list(plan.months) == list(range(1, 13)):
        return ""
    return "-T" + months_code(plan.months).replace(",", "-")


def export_unit_plans(ws, *, year: int, months: Any = None, folder: Any = None) -> list[Path]:
    """One workbook per unit with items (instructions, the unit's sheet, metadata), then a zip of them all.

    Returns the workbooks' paths in the order of ``Workspace.units()`` and, LAST, the zip's path. Files are
    named from the unit's short name without diacritics (``Ke-hoach-2025-Hoi-Phu-nu.xlsx``), unique;
    default folder ``ws.exports_dir / "Ke-hoach-2025-don-vi"``.
    """
    plan = _read_plan(ws, year, months, None)
    suffix = _name_suffix(plan)
    if folder is None:
        target = _folder(ws.exports_dir / f"Ke-hoach-{plan.year}{suffix}-don-vi", create=True)
    else:
        target = _folder(_given_path(folder, "thư mục"), create=False)
    by_unit = _unit_rows(plan)
    taken_files: set[str] = set()
    paths: list[Path] = []
    for unit in plan.sheet_units:
        slug = file_slug(plan.short_name(unit)) or file_slug(unit) or "don-vi"
        name = unique_slug(f"Ke-hoach-{plan.year}{suffix}-{slug}", taken_files)
        rows = by_unit[unit]

        def build(wb, unit: str = unit, rows: pd.DataFrame = rows) -> None:
            formats = Formats(wb)
            _set_properties(wb, plan, f"{plan.title} — {plan.unit_name(unit)}")
            sheet = sheet_name(plan.short_name(unit), set())
            _instructions_sheet(wb, formats, plan, [(sheet, plan.unit_name(unit), len(rows))])
            subtitle = EXCEL_LABELS["unit_subtitle"].format(name=plan.unit_name(unit))
            _plan_sheet(wb, formats, plan, sheet, rows, subtitle=subtitle, report=True)
            _metadata(wb, plan, {sheet: unit})

        paths.append(_save(build, target / f"{name}.xlsx"))
    archive = target / f"Ke-hoach-{plan.year}{suffix}-cac-don-vi.zip"
    with atomic_file(archive, "tệp nén") as temp:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, arcname=path.name)
    return [*paths, archive]

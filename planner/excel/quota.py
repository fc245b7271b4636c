"""The quota report (báo cáo thực hiện chỉ tiêu): the dashboard's tables and figures in one workbook.

:func:`export_quota_report` reads the period ONCE through :func:`planner.tracking.dashboard_data` — the same
numbers the dashboard shows — and writes, each sheet in the official layout of the plan workbook
(:mod:`planner.excel.layout`: organisation and party header on rows 1–3, title on rows 5–6, header on row 8,
data from row 9, A4 landscape):

- "Tổng hợp" — one row per unit, its rank, targets, counted outputs and status;
- "Chưa đạt" — the units behind, with what they miss;
- "Chi tiết" — completion per unit × period × format × platform;
- "Nhanh - Ngắn - Rộng" — hours to the first output, share of short videos, platforms and reach;
- "Biểu đồ" — the dashboard's figures as PNG images;
- "Cách tính" — the definitions of the measures and the status thresholds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from planner.catalogue import describe_os_error
from planner.errors import InvalidValueError, PlannerError
from planner.excel.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    Formats,
    atomic_file,
    official_block,
    workbook_options,
    write_column,
)
from planner.plots.dashboard import draw_dashboard, figure_png, period_text
from planner.store import validate
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, QUOTA_LABELS
from planner.values import missing

__all__ = ["export_quota_report", "QUOTA_SHEETS", "report_period"]

L = QUOTA_LABELS
#: The sheets, in order (key → name).
QUOTA_SHEETS = {
    "summary": "Tổng hợp",
    "behind": "Chưa đạt",
    "detail": "Chi tiết",
    "fsw": "Nhanh - Ngắn - Rộng",
    "figures": "Biểu đồ",
    "definitions": "Cách tính",
}
_PIXELS_PER_ROW = 20
_FIGURES = (("heatmap", "figure_heatmap"), ("bars", "figure_bars"), ("trend", "figure_trend"), ("fast", "figure_fsw"))


@dataclass(frozen=True)
class _Spec:
    key: str
    label: str
    kind: str  # text | int | pct | num
    width: float


def report_period(period: str, start: dt.date, end: dt.date) -> tuple[str, str]:
    """The period as the title writes it and as the file name ends: (``THÁNG 5 NĂM 2025``, ``2025-T5``),
    (``QUÝ 2 NĂM 2025``, ``2025-Q2``), (``NĂM 2025``, ``2025``), else (``TỪ 01/05/2025 ĐẾN 15/06/2025``,
    ``2025-05-01-2025-06-15``)."""
    nxt = end + dt.timedelta(days=1)
    months = (nxt.year - start.year) * 12 + nxt.month - start.month
    whole = start.day == 1 and nxt.day == 1
    if whole and months == 1:
        return L["title_month"].format(n=start.month, year=start.year), f"{start.year}-T{start.month}"
    if whole and months == 3 and start.month % 3 == 1:
        q = (start.month - 1) // 3 + 1
        return L["title_quarter"].format(n=q, year=start.year), f"{start.year}-Q{q}"
    if whole and months == 12 and start.month == 1:
        return L["title_year"].format(year=start.year), f"{start.year}"
    text = L["title_range"].format(start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
    return text, f"{start.isoformat()}-{end.isoformat()}"


def _output_path(value: Any, ws, name: str) -> Path:
    """Where to write: ``name`` in ``ws.exports_dir`` (created) when None, in a folder given, or the file given."""
    if value is None:
        folder = ws.exports_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlannerError(L["no_folder"].format(path=folder, why=describe_os_error(exc))) from None
        return folder / name
    if not isinstance(value, str | os.PathLike) or not str(os.fspath(value)).strip() or "\x00" in str(
        os.fspath(value)
    ):
        raise InvalidValueError(L["bad_path"].format(value=value), field="path", value=value, allowed="đường dẫn")
    path = Path(os.fspath(value)).expanduser()
    try:
        if path.is_dir():
            return path / name
    except OSError as exc:
        raise PlannerError(L["cannot_write"].format(path=path, why=describe_os_error(exc))) from None
    if not path.suffix:
        path = path.with_name(path.name + ".xlsx")
    if path.suffix.lower() != ".xlsx":
        raise PlannerError(L["need_xlsx"].format(path=path, name=name))
    if not path.parent.is_dir():
        raise PlannerError(L["cannot_write"].format(path=path, why=L["no_parent"].format(folder=path.parent)))
    return path


# ---------------------------------------------------------------------------------------------- values
def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and missing(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _shown(key: str, value: Any, names: dict[str, str]) -> Any:
    value = _plain(value)
    if key == "format":
        return L["any_format"] if value in (None, "", "any") else FORMAT_LABELS.get(value, str(value))
    if key == "platform":
        return L["any_platform"] if value in (None, "", "any") else PLATFORM_LABELS.get(value, str(value))
    if key == "period":
        return None if value is None else period_text(value)
    if key == "unit":
        return names.get(value, value)
    return value


def _with_unit(frame: pd.DataFrame | None) -> pd.DataFrame:
    frame = pd.DataFrame() if frame is None else frame.copy()
    if "unit_id" in frame:
        frame["unit"] = frame["unit_id"]
    elif "unit_name" in frame:
        frame["unit"] = frame["unit_name"]
    if "missing" not in frame and {"target", "actual"} <= set(frame.columns):
        frame["missing"] = (frame["target"] - frame["actual"]).clip(lower=0)
    return frame


# ---------------------------------------------------------------------------------------------- sheets
def _print_setup(sheet, *, landscape: bool = True) -> None:
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&L&8&A&R&8Trang &P/&N")


class _Report:
    def __init__(self, wb, ws, data: Any, title: str, today: dt.date):
        self.wb, self.ws, self.data, self.title, self.today = wb, ws, data, title, today
        self.formats = Formats(wb)
        org = ws.organisation
        # a report's number: "Số …-BC/BTG" where the plan has "Số …-KH/BTG" (kế hoạch → báo cáo)
        self.organisation = dataclasses.replace(org, document_number=org.document_number.replace("-KH/", "-BC/"))
        units = ws.units()
        self.names = dict(zip(units["unit_id"], units["name"], strict=True))

    def sheet(self, key: str, widths: list[float], subtitle: str):
        # fixed, legal names (not through layout.sheet_name: it keeps "Tổng hợp" for the plan workbook)
        sheet = self.wb.add_worksheet(QUOTA_SHEETS[key])
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        official_block(sheet, self.formats, self.organisation, widths, title=self.title, subtitle=subtitle,
                       today=self.today)
        return sheet

    def cell_format(self, kind: str):
        base = {"border": 1, "valign": "top", "font_size": 10}
        if kind == "int":
            return self.formats.get(**base, num_format="#,##0", align="right")
        if kind == "pct":
            return self.formats.get(**base, num_format="0%", align="right")
        if kind == "num":
            return self.formats.get(**base, num_format="#,##0.0", align="right")
        return self.formats.get(**base, text_wrap=True)

    def table(self, key: str, subtitle: str, specs: Sequence[_Spec], frame: pd.DataFrame, empty: str) -> int:
        specs = [s for s in specs if s.key in frame.columns] if len(frame) else list(specs)
        sheet = self.sheet(key, [s.width for s in specs], subtitle)
        sheet.set_row(HEADER_ROW, 32)
        for col, spec in enumerate(specs):
            sheet.write_string(HEADER_ROW, col, spec.label, self.formats.header())
        count = 0
        if len(frame) == 0:
            sheet.write_string(FIRST_DATA_ROW, 0, empty, self.formats.text(italic=True))
        else:
            lines = [1] * len(frame)  # wrapped lines per row: rows written by xlsxwriter do not grow by themselves
            for col, spec in enumerate(specs):
                values = [_shown(spec.key, v, self.names) for v in frame[spec.key].tolist()]
                if spec.kind in ("int", "pct", "num"):
                    values = [None if v is None else float(v) for v in values]
                    kind = "int"  # write_column writes numbers for "int"; the format makes them % or decimals
                else:
                    values = ["" if v is None else str(v) for v in values]
                    kind = "text"
                    per_line = max(1, int(spec.width * 1.1))
                    lines = [max(n, -(-len(v) // per_line)) for n, v in zip(lines, values, strict=True)]
                count = write_column(sheet, col, kind, values, FIRST_DATA_ROW, self.cell_format(spec.kind))
            for offset, n in enumerate(lines):
                if n > 1:
                    sheet.set_row(FIRST_DATA_ROW + offset, 13 * n + 2)
            sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + count, len(specs) - 1)
        sheet.freeze_panes(FIRST_DATA_ROW, 0)
        sheet.repeat_rows(HEADER_ROW)
        _print_setup(sheet)
        return count


def _specs(*keys: str) -> list[_Spec]:
    catalogue = {
        "rank": ("col_rank", "int", 7.0),
        "unit": ("col_unit", "text", 34.0),
        "period": ("col_period", "text", 12.0),
        "format": ("col_format", "text", 16.0),
        "platform": ("col_platform", "text", 14.0),
        "target": ("col_target", "int", 10.0),
        "actual": ("col_actual", "int", 12.0),
        "missing": ("col_missing", "int", 10.0),
        "ratio": ("col_ratio", "pct", 11.0),
        "status_label": ("col_status", "text", 14.0),
        "missing_text": ("col_missing_text", "text", 40.0),
        "median_hours": ("col_hours", "num", 14.0),
        "hours": ("col_hours", "num", 14.0),
        "videos": ("col_videos", "int", 10.0),
        "short_videos": ("col_short_videos", "int", 12.0),
        "share": ("col_short_share", "pct", 12.0),
        "platforms": ("col_platforms", "int", 11.0),
        "reach": ("col_reach", "int", 14.0),
    }
    return [_Spec(k, L[catalogue[k][0]], catalogue[k][1], catalogue[k][2]) for k in keys]


def _fsw_frame(data: Any) -> pd.DataFrame:
    """Fast, short and wide side by side, one row per unit (outer join on the unit)."""
    frames = []
    for name in ("fast", "short", "wide"):
        frame = getattr(data, name, None)
        if frame is not None and len(frame) and "unit_id" in frame:
            keep = [c for c in frame.columns if c in ("unit_id", "median_hours", "hours", "videos", "short_videos",
                                                      "share", "platforms", "reach")]
            frames.append(frame[keep].drop_duplicates("unit_id").set_index("unit_id"))
    if not frames:
        return pd.DataFrame()
    joined = frames[0]
    for frame in frames[1:]:
        joined = joined.join(frame[[c for c in frame.columns if c not in joined.columns]], how="outer")
    return _with_unit(joined.reset_index())


def _figures_sheet(report: _Report) -> None:
    sheet = report.sheet("figures", [12.0] * 14, L["figures_subtitle"])
    axes = draw_dashboard(report.data, names=dict(zip(report.ws.units()["unit_id"], report.ws.units()["short_name"],
                                                      strict=True)))
    row = FIRST_DATA_ROW - 1
    for key, label in _FIGURES:
        figure = axes[key].figure
        png = figure_png(figure, dpi=96)
        sheet.write_string(row, 0, L[label], report.formats.get(bold=True, font_size=12))
        width, height = (figure.get_size_inches() * 96).tolist()
        scale = min(1.0, 1100 / width)
        sheet.insert_image(row + 1, 0, f"{key}.png", {"image_data": io.BytesIO(png), "x_scale": scale,
                                                      "y_scale": scale, "object_position": 1})
        row += 3 + int(height * scale / _PIXELS_PER_ROW)
    _print_setup(sheet)


def _definitions_sheet(report: _Report, definitions: Any) -> None:
    """The sentences, numbered; each across columns B:C (wide enough for the official block), its row tall
    enough for the wrapped text (Excel and LibreOffice do not grow a row for text written by xlsxwriter)."""
    widths = [6.0, 40.0, 70.0]
    sheet = report.sheet("definitions", widths, L["definitions_subtitle"])
    if isinstance(definitions, dict):
        sentences = [str(s) for s in definitions.values()]
    elif isinstance(definitions, str):
        sentences = [definitions]
    else:
        sentences = [str(s) for s in definitions or []]
    header = report.formats.header()
    sheet.write_string(HEADER_ROW, 0, L["col_number"], header)
    sheet.merge_range(HEADER_ROW, 1, HEADER_ROW, 2, L["col_definition"], header)
    wrap = report.formats.get(border=1, valign="top", font_size=10, text_wrap=True)
    number = report.formats.get(border=1, valign="top", font_size=10, align="center")
    per_line = int(sum(widths[1:]) * 1.1)  # characters of 10 pt text on a line of B:C
    for n, sentence in enumerate(sentences, start=1):
        row = FIRST_DATA_ROW + n - 1
        sheet.merge_range(row, 1, row, 2, None, wrap)
        sheet.write_string(row, 0, f"{n}", number)
        sheet.write_string(row, 1, sentence, wrap)
        sheet.set_row(row, 14 * max(1, -(-len(sentence) // per_line)) + 2)
    _print_setup(sheet, landscape=False)


# ---------------------------------------------------------------------------------------------- public
def export_quota_report(ws, *, period: str, start: Any, end: Any, path: Any = None) -> Path:
    """Write the quota report of ``start``–``end`` (completion by ``period``: ``month``, ``quarter``, ``year``)
    and return its path.

    ``path``: a file ``….xlsx`` or a folder (default ``ws.exports_dir``, named ``Bao-cao-chi-tieu-2025-T5.xlsx``,
    ``…-2025-Q2.xlsx``, ``…-2025.xlsx``). The numbers are :func:`planner.tracking.dashboard_data`'s (the
    dashboard's). A bad period, date or path is a :class:`PlannerError` in Vietnamese; the file appears only
    complete.
    """
    from planner import tracking

    first, last = validate.date("start", start), validate.date("end", end)
    if first is None or last is None:
        raise InvalidValueError(L["need_dates"], field="start" if first is None else "end", value=None,
                                allowed="ngày")
    if last < first:
        raise InvalidValueError(L["end_before_start"].format(start=first.strftime("%d/%m/%Y"),
                                                             end=last.strftime("%d/%m/%Y")),
                                field="end", value=last, allowed=f">= {first.isoformat()}")
    data = tracking.dashboard_data(ws, period=period, start=first, end=last)
    title_period, suffix = report_period(period, first, last)
    target = _output_path(path, ws, f"Bao-cao-chi-tieu-{suffix}.xlsx")
    title = f"{L['title']} {title_period}"
    today = dt.date.today()

    with atomic_file(target, L["what"]) as temp:
        wb = xlsxwriter.Workbook(str(temp), workbook_options())
        try:
            org = ws.organisation
            wb.set_properties({"title": title, "author": f"{org.department} {org.name}", "company": org.name,
                               "created": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
            report = _Report(wb, ws, data, title, today)
            ranking = _with_unit(getattr(data, "ranking", None))
            report.table("summary", L["summary_subtitle"],
                         _specs("rank", "unit", "target", "actual", "missing", "ratio", "status_label"),
                         ranking, L["no_targets"])
            report.table("behind", L["behind_subtitle"],
                         _specs("unit", "period", "format", "platform", "target", "actual", "missing", "ratio",
                                "status_label", "missing_text"),
                         _with_unit(getattr(data, "behind", None)), L["none_behind"])
            report.table("detail", L["detail_subtitle"],
                         _specs("unit", "period", "format", "platform", "target", "actual", "missing", "ratio",
                                "status_label"),
                         _with_unit(getattr(data, "completion", None)), L["no_targets"])
            report.table("fsw", L["fsw_subtitle"],
                         _specs("unit", "median_hours", "hours", "videos", "short_videos", "share", "platforms",
                                "reach"),
                         _fsw_frame(data), L["no_outputs"])
            _figures_sheet(report)
            _definitions_sheet(report, getattr(data, "definitions", None) or tracking.DEFINITIONS)
        finally:
            wb.close()
    return target

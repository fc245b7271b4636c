"""The managers' dashboard: how each unit stands against its targets in a month, quarter or year.

A thin view: everything it draws comes from ONE read, :func:`planner.tracking.dashboard_data` (completion,
the heatmap frame, trend, fast / short / wide, the units behind, the ranking and the definitions), drawn by
:func:`planner.plots.dashboard.draw_dashboard`. The figures are PNG images (the same in JupyterLab and in
Voilà); the tables are HTML. "Tải báo cáo Excel" writes :func:`planner.excel.quota.export_quota_report` and
offers the file as a download link.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes

from planner import tracking
from planner.plots.dashboard import draw_dashboard, figure_png, heatmap_frame, period_text
from planner.strings import DASHBOARD_LABELS, FORMAT_LABELS, PLATFORM_LABELS, UNIT_KIND_LABELS
from planner.ui.common import ActingUser, Choice, StatusLine, guarded
from planner.values import missing

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["Dashboard", "period_range", "behind_table", "definitions_html"]

L = DASHBOARD_LABELS
KINDS = ("month", "quarter", "year")
#: Largest workbook offered as an in-page download link (base64 in the page); bigger ones: the path only.
DOWNLOAD_MAX = 8 * 1024 * 1024
#: Resolution of the figures on screen (dots per inch); each image is shown at its own size, never stretched.
FIGURE_DPI = 80


def period_range(kind: str, year: int, which: int | None) -> tuple[dt.date, dt.date]:
    """First and last day of month ``which``, quarter ``which`` or the whole ``year``
    (:func:`planner.tracking.period_bounds`)."""
    return tracking.period_bounds(kind, year, which)


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and missing(value)) else str(value)


def _cell(name: str, value: Any) -> str:
    """One table cell as a person reads it."""
    if name == "format":
        text = L["any_format"] if _text(value) in ("", "any") else FORMAT_LABELS.get(value, _text(value))
    elif name == "platform":
        text = L["any_platform"] if _text(value) in ("", "any") else PLATFORM_LABELS.get(value, _text(value))
    elif name == "period":
        text = period_text(value)
    elif name == "ratio":
        text = "" if _text(value) == "" else f"{float(value) * 100:.0f}%"
    elif name in ("target", "actual", "missing", "rank") and _text(value) != "":
        text = f"{int(round(float(value))):,}".replace(",", ".")
    else:
        text = _text(value)
    return html.escape(text)


#: Columns of the tables (frame column → label key), in order; absent columns are left out.
_COLUMNS = (
    ("rank", "col_rank"),
    ("unit", "col_unit"),
    ("period", "col_period"),
    ("format", "col_format"),
    ("platform", "col_platform"),
    ("target", "col_target"),
    ("actual", "col_actual"),
    ("missing", "col_missing"),
    ("ratio", "col_ratio"),
    ("status_label", "col_status"),
    ("missing_text", "col_missing_text"),
)


def _unit_column(frame: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    if "unit_id" in frame:
        fallback = frame["unit_name"] if "unit_name" in frame else frame["unit_id"]
        return frame["unit_id"].map(names).fillna(fallback)
    return frame.get("unit_name", pd.Series([""] * len(frame), index=frame.index))


def behind_table(frame: pd.DataFrame | None, names: dict[str, str], *, css: str, empty: str) -> str:
    """An HTML table of ``frame`` (the units behind, or the ranking) with Vietnamese headers and values."""
    if frame is None or len(frame) == 0:
        return f'<div class="{css} planner-dash-empty"><i>{html.escape(empty)}</i></div>'
    frame = frame.assign(unit=_unit_column(frame, names))
    if "missing" not in frame and {"target", "actual"} <= set(frame.columns):
        frame = frame.assign(missing=(frame["target"] - frame["actual"]).clip(lower=0))
    shown = [(c, L[k]) for c, k in _COLUMNS if c in frame.columns]
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in shown)
    rows = []
    for record in frame.to_dict("records"):
        status = html.escape(_text(record.get("status")))
        cells = "".join(f"<td>{_cell(c, record.get(c))}</td>" for c, _ in shown)
        rows.append(f'<tr data-unit="{html.escape(_text(record.get("unit_id")))}" data-status="{status}">{cells}</tr>')
    return (
        f'<table class="{css}" style="border-collapse:collapse;font-size:13px">'
        f'<thead><tr style="background:#D9E1F2">{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "<style>.planner-dash table td,.planner-dash table th{border:1px solid #ccc;padding:2px 6px}</style>"
    )


def definitions_html(definitions: Any) -> str:
    """The measures' definitions (``tracking.DEFINITIONS``: a dict name → sentence, or sentences) as a list."""
    if isinstance(definitions, dict):
        sentences = list(definitions.values())
    elif isinstance(definitions, str):
        sentences = [definitions]
    else:
        sentences = list(definitions or [])
    items = "".join(f"<li>{html.escape(str(s))}</li>" for s in sentences)
    return f'<div class="planner-dash-definitions"><b>{L["definitions"]}</b><ul>{items}</ul></div>'


def _image(name: str) -> widgets.Image:
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    image.add_class(f"planner-dash-{name}")
    return image


class Dashboard(widgets.VBox):
    """The dashboard on ``ws``: pick the period (month / quarter / year, which one, the year) and the units;
    it redraws. After each draw: :attr:`data` (the ``DashboardData``), :attr:`axes` (name → Axes, what the
    figures show), :attr:`start`, :attr:`end`; :attr:`behind` and :attr:`ranking` are the HTML tables."""

    def __init__(
        self,
        ws: Workspace,
        *,
        year: int | None = None,
        period: str = "month",
        which: int | None = None,
        units: Any = None,
    ):
        self.ws = ws
        self.status = StatusLine()
        self.data: Any = None
        self.axes: dict[str, Axes] = {}
        self.start: dt.date | None = None
        self.end: dt.date | None = None
        self.report_path = None
        self._seen: int | None = None
        self._quiet = False
        all_units = ws.units()
        self._names = dict(zip(all_units["unit_id"], all_units["short_name"], strict=True))
        today = dt.date.today()
        year = year or today.year
        style = {"description_width": "initial"}

        self.kind = Choice(options=[(L[f"kind_{k}"], k) for k in KINDS], value=period, description=L["kind"],
                           style=style, layout=widgets.Layout(width="auto"))
        self.year = widgets.BoundedIntText(value=year, min=2000, max=2100, description=L["year"], style=style,
                                           layout=widgets.Layout(width="150px"))
        self.which = Choice(options=self._which_options(period), description=L["which"], style=style,
                            layout=widgets.Layout(width="auto"))
        if which is not None:
            self.which.value = which
        elif period == "month" and year == today.year:
            self.which.value = today.month
        elif period == "quarter" and year == today.year:
            self.which.value = (today.month - 1) // 3 + 1
        unit_options: list[tuple[str, Any]] = [(L["all_units"], None)]
        for kind in dict.fromkeys(all_units["kind"]):
            ids = tuple(all_units.loc[all_units["kind"] == kind, "unit_id"])
            unit_options.append((L["kind_units"].format(kind=UNIT_KIND_LABELS.get(kind, kind)), ids))
        unit_options += [(short, (unit,)) for unit, short in self._names.items()]
        self.units = Choice(options=unit_options, description=L["units"], style=style,
                            layout=widgets.Layout(width="auto"))
        if units is not None:
            self.units.value = (units,) if isinstance(units, str) else tuple(units)
        self.refresh_button = widgets.Button(description=L["refresh"], icon="refresh")
        self.export_button = widgets.Button(description=L["export"], icon="download", button_style="primary")
        for widget, name in (
            (self.kind, "kind"), (self.year, "year"), (self.which, "which"), (self.units, "units"),
            (self.refresh_button, "refresh"), (self.export_button, "export"),
        ):
            widget.add_class(f"planner-dash-{name}")

        self.caption = widgets.HTML()
        self.caption.add_class("planner-dash-caption")
        self.images = {name: _image(name) for name in ("heatmap", "bars", "trend", "fsw")}
        self.heatmap_info = widgets.HTML()
        self.heatmap_info.add_class("planner-dash-heatmap-info")
        self.behind = widgets.HTML()
        self.behind.add_class("planner-dash-behind")
        self.ranking = widgets.HTML()
        self.ranking.add_class("planner-dash-ranking")
        self.definitions = widgets.HTML()
        self.download = widgets.HTML()
        self.download.add_class("planner-dash-download")

        self.kind.observe(self._kind_changed, names="value")
        for box in (self.year, self.which, self.units):
            box.observe(self._changed, names="value")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.export_button.on_click(self.export)

        def section(key: str, *children: widgets.Widget) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<h4 style='margin:8px 0 2px'>{html.escape(L[key])}</h4>"),
                                 *children])

        self.acting = ActingUser(ws)  # who is looking, in which role
        controls = widgets.HBox([self.kind, self.which, self.year, self.units, self.refresh_button,
                                 self.export_button], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(
            [
                widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(L['title'])}</h3>"),
                self.acting,
                controls,
                self.status,
                self.download,
                self.caption,
                section("figure_heatmap", self.images["heatmap"], self.heatmap_info),
                section("behind_title", self.behind),
                section("figure_bars", self.images["bars"]),
                section("figure_trend", self.images["trend"]),
                section("figure_fsw", self.images["fsw"]),
                section("ranking_title", self.ranking),
                self.definitions,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("planner-dash")
        self.refresh()

    def _which_options(self, kind: str) -> list[tuple[str, Any]]:
        if kind == "month":
            return [(L["month_option"].format(n=m), m) for m in range(1, 13)]
        if kind == "quarter":
            return [(L["quarter_option"].format(n=q), q) for q in range(1, 5)]
        return [(L["year_option"], None)]

    def _kind_changed(self, change: dict) -> None:
        self._quiet = True  # new options change the period once, not twice
        try:
            self.which.options = self._which_options(change["new"])
            self.which.value = self.which.options[0][1]
        finally:
            self._quiet = False
        self.refresh()

    def _changed(self, change: dict) -> None:
        if not self._quiet:
            self.refresh()

    # ------------------------------------------------------------------ reading and drawing
    @property
    def chosen_units(self) -> list[str] | None:
        value = self.units.value
        return None if value is None else list(value)

    @guarded
    def refresh(self) -> None:
        """Read the chosen period once (``tracking.dashboard_data``) and redraw every figure and table."""

        kind = self.kind.value
        start, end = period_range(kind, int(self.year.value), self.which.value)
        self._seen = self.ws.last_change()
        data = tracking.dashboard_data(self.ws, period=kind, start=start, end=end, units=self.chosen_units)
        axes = draw_dashboard(data, names=self._names)
        for name, key in (("heatmap", "heatmap"), ("bars", "bars"), ("trend", "trend"), ("fsw", "fast")):
            figure = axes[key].figure
            self.images[name].value = figure_png(figure, dpi=FIGURE_DPI)
            self.images[name].layout.width = f"{round(figure.get_size_inches()[0] * FIGURE_DPI)}px"  # as drawn
        self.data, self.axes, self.start, self.end = data, axes, start, end
        heat = heatmap_frame(data)
        periods = [] if heat is None or len(heat) == 0 else sorted(map(str, pd.unique(heat["period"])))
        self.heatmap_info.value = (
            f'<div data-periods="{html.escape(" ".join(periods))}" style="color:#555;font-size:12px">'
            f'{html.escape(", ".join(period_text(p) for p in periods))}</div>'
        )
        behind = getattr(data, "behind", None)
        completion = getattr(data, "completion", None)
        no_targets = completion is None or len(completion) == 0
        self.behind.value = behind_table(behind, self._names, css="planner-dash-behind-table",
                                         empty=L["no_targets"] if no_targets else L["behind_none"])
        self.ranking.value = behind_table(getattr(data, "ranking", None), self._names,
                                          css="planner-dash-ranking-table", empty=L["no_data"])
        self.definitions.value = definitions_html(getattr(data, "definitions", None) or tracking.DEFINITIONS)
        shown_units = 0 if completion is None or len(completion) == 0 else completion["unit_id"].nunique()
        behind_units = 0 if behind is None or len(behind) == 0 else behind["unit_id"].nunique()
        self.caption.value = (
            f'<div class="planner-dash-shown" data-start="{start.isoformat()}" data-end="{end.isoformat()}">'
            + html.escape(L["shown"].format(period=self.period_label(), units=shown_units, behind=behind_units))
            + "</div>"
        )
        self.status.clear()

    def poll(self) -> bool:
        """Redraw when the workspace changed since the last draw (someone recorded outputs or changed targets);
        True when it redrew. Cheap otherwise: one read of the last change id."""
        if self.ws.last_change() == self._seen:
            return False
        self.refresh()
        return True

    def period_label(self) -> str:
        """The chosen period as people say it: ``tháng 5/2025``, ``quý 2/2025``, ``năm 2025``."""
        kind, year, which = self.kind.value, int(self.year.value), self.which.value
        if kind == "month":
            return f"tháng {which}/{year}"
        if kind == "quarter":
            return f"quý {which}/{year}"
        return f"năm {year}"

    # ------------------------------------------------------------------ the Excel report
    @guarded
    def export(self, _button: Any = None):
        """Write the quota report of the chosen period (:func:`planner.export_quota_report`) and offer it."""
        from planner.excel.quota import export_quota_report

        kind = self.kind.value
        start, end = period_range(kind, int(self.year.value), self.which.value)
        path = export_quota_report(self.ws, period=kind, start=start, end=end)
        self.report_path = path
        size = path.stat().st_size
        if size <= DOWNLOAD_MAX:
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            self.download.value = (
                f'<a download="{html.escape(path.name)}" href="data:{mime};base64,{payload}" '
                f'class="planner-dash-download-link">{html.escape(L["download"].format(name=path.name))}</a>'
            )
        else:
            self.download.value = ""
        self.status.ok(L["exported"].format(path=path))
        return path

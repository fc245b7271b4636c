"""Plans out, reports in: the panel that exports Excel plans and calendar feeds and imports returned reports.

Thin over :func:`planner.export_plan`, :func:`planner.export_unit_plans`, :func:`planner.export_ics` and
:func:`planner.import_reports`. An exported file is written to the workspace's exports folder and offered
as a download link (the file itself, embedded, so the link works in JupyterLab and in Voilà alike). Returned
workbooks come in through a file-upload button; the import is all or nothing, and its refusal — every
problem with file, sheet, row and column — is shown in full.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from planner.calendars.names import MONTH_NAMES
from planner.strings import EXCHANGE_LABELS
from planner.ui.common import StatusLine, guarded, notify, unit_choices

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["ExchangePanel", "download_link"]

_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".ics": "text/calendar",
    ".csv": "text/csv",
}
#: Larger files are linked by path only (embedding them would make the notebook heavy).
EMBED_LIMIT = 25 * 1024 * 1024


def download_link(path: Path) -> str:
    """An HTML link that downloads ``path`` under its own name (embedded), with the folder it was saved in."""
    path = Path(path)
    name = html.escape(path.name)
    where = html.escape(str(path.parent))
    if path.stat().st_size > EMBED_LIMIT:
        return f"<li>{name} — {EXCHANGE_LABELS['saved_in'].format(folder=where)}</li>"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    kind = _TYPES.get(path.suffix.lower(), "application/octet-stream")
    return (
        f'<li><a class="planner-download" download="{name}" href="data:{kind};base64,{data}">{name}</a>'
        f" — {EXCHANGE_LABELS['saved_in'].format(folder=where)}</li>"
    )


class ExchangePanel(widgets.VBox):
    """Export the plan (whole, per unit, as a calendar feed) and import what units send back."""

    def __init__(self, ws: Workspace, *, year: int | None = None):
        self.ws = ws
        self.status = StatusLine()
        self._callbacks: list[Callable[[list[int]], Any]] = []
        style = {"description_width": "initial"}
        self.year = widgets.BoundedIntText(
            value=year or dt.date.today().year, min=1900, max=2100, description=EXCHANGE_LABELS["year"], style=style
        )
        self.months = widgets.SelectMultiple(
            options=[(MONTH_NAMES[m], m) for m in range(1, 13)], rows=6, description=EXCHANGE_LABELS["months"],
            style=style,
        )
        self.units = widgets.SelectMultiple(
            options=unit_choices(ws.units()), rows=6, description=EXCHANGE_LABELS["units"], style=style
        )
        hint = widgets.HTML(f"<small>{html.escape(EXCHANGE_LABELS['hint'])}</small>")
        self.export_button = _button(EXCHANGE_LABELS["export"], "export", "primary")
        self.units_button = _button(EXCHANGE_LABELS["export_units"], "export-units")
        self.ics_button = _button(EXCHANGE_LABELS["export_ics"], "export-ics")
        self.links = widgets.HTML()
        self.links.add_class("planner-exchange-links")
        self.upload = widgets.FileUpload(accept=".xlsx", multiple=True, description=EXCHANGE_LABELS["choose_files"])
        self.upload.add_class("planner-exchange-upload")
        self.import_button = _button(EXCHANGE_LABELS["import"], "import", "primary")
        self.import_button.disabled = not ws.actor.writes  # a viewer records no reports (planner.store.access)
        self.result = widgets.HTML()
        self.result.add_class("planner-exchange-result")
        self.export_button.on_click(lambda _: self.export())
        self.units_button.on_click(lambda _: self.export_units())
        self.ics_button.on_click(lambda _: self.export_ics())
        self.import_button.on_click(lambda _: self.import_uploaded())
        super().__init__(
            [
                widgets.HTML(f"<b>{html.escape(EXCHANGE_LABELS['out_heading'])}</b>"),
                widgets.HBox([self.year, self.months, self.units]),
                hint,
                widgets.HBox([self.export_button, self.units_button, self.ics_button]),
                self.links,
                widgets.HTML(f"<b>{html.escape(EXCHANGE_LABELS['in_heading'])}</b>"),
                widgets.HBox([self.upload, self.import_button]),
                self.result,
                self.status,
            ]
        )
        self.add_class("planner-exchange")

    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """``callback(item_ids)`` after an import changed items (published)."""
        self._callbacks.append(callback)

    def poll(self) -> int:  # nothing shown here follows the change feed
        return 0

    # ------------------------------------------------------------------ out
    def _chosen(self) -> tuple[list[int] | None, list[str] | None]:
        return list(self.months.value) or None, list(self.units.value) or None

    def _show(self, paths: Iterable[Path]) -> None:
        paths = list(paths)
        self.links.value = "<ul>" + "".join(download_link(p) for p in paths) + "</ul>"
        self.status.ok(EXCHANGE_LABELS["written"].format(count=len(paths)))

    @guarded
    def export(self) -> Path:
        import planner

        months, units = self._chosen()
        path = planner.export_plan(self.ws, year=self.year.value, months=months, units=units)
        self._show([path])
        return path

    @guarded
    def export_units(self) -> list[Path]:
        import planner

        months, _ = self._chosen()
        paths = planner.export_unit_plans(self.ws, year=self.year.value, months=months)
        self._show(paths)
        return paths

    @guarded
    def export_ics(self) -> list[Path]:
        import planner

        _, units = self._chosen()
        paths = [planner.export_ics(self.ws, year=self.year.value, unit=u) for u in (units or [None])]
        self._show(paths)
        return paths

    # ------------------------------------------------------------------ in
    @guarded
    def import_uploaded(self) -> Any:
        import planner

        files = list(self.upload.value)
        if not files:
            self.status.warning(EXCHANGE_LABELS["no_files"])
            return None
        self.result.value = ""
        with tempfile.TemporaryDirectory(prefix="planner-upload-") as folder:
            paths = []
            for n, upload in enumerate(files):
                name = Path(str(upload.get("name") or f"bao-cao-{n + 1}.xlsx")).name  # never a path from outside
                target = Path(folder) / f"{n:03d}" / name
                target.parent.mkdir()
                target.write_bytes(bytes(upload["content"]))
                paths.append(target)
            try:
                result = planner.import_reports(self.ws, paths)
            except planner.PlannerError as exc:
                self.result.value = _problems_html(str(exc))
                raise
        self.result.value = "<ul>" + "".join(f"<li>{html.escape(m)}</li>" for m in result.messages()) + "</ul>"
        self.status.ok(EXCHANGE_LABELS["imported"].format(count=len(files)))
        self.upload.value = ()
        changed = [*getattr(result, "published", []), *getattr(result, "added", []), *getattr(result, "updated", [])]
        if changed:
            notify(self._callbacks, sorted(set(changed)), self.status)
        return result


def _button(label: str, name: str, style: str = "") -> widgets.Button:
    button = widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))
    button.add_class(f"planner-exchange-{name}")
    return button


def _problems_html(message: str) -> str:
    lines = [part.strip() for part in message.replace(" | ", "\n").splitlines() if part.strip()]
    return (
        '<div class="planner-exchange-problems" style="color:#842029">'
        + "".join(f"<div>{html.escape(line)}</div>" for line in lines)
        + "</div>"
    )

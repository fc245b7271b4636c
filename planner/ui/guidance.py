"""The guidance panel: paste the year's list of anniversaries, see it matched to the catalogue, add the new ones.

Reading is :func:`planner.guidance.read_guidance` against the workspace's catalogue; adding is
:meth:`planner.Workspace.import_guidance` with ``accept=True`` (only rows whose verdict is
"new"; conflicts are never applied). The panel collects the text and shows what comes back.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from planner.guidance import guidance_table, read_guidance_text, summary
from planner.store import Workspace
from planner.strings import GUIDANCE_LABELS
from planner.ui.common import StatusLine, guarded

__all__ = ["GuidancePanel"]

_VERDICT_CLASS = {
    "matched": "ok",
    "new": "new",
    "conflict": "conflict",
    "number": "number",
    "unreadable": "unreadable",
    "other": "other",
}
_COLOURS = {"new": "#cff4fc", "conflict": "#f8d7da", "number": "#fff3cd", "unreadable": "#f8d7da"}


def _table_html(result: pd.DataFrame) -> str:
    table = guidance_table(result)
    if table.empty:
        return ""
    verdicts = result.loc[result["status"] != "other", "verdict"].tolist()
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns[1:])
    rows = []
    for verdict, row in zip(verdicts, table.itertuples(index=False), strict=True):
        kind = _VERDICT_CLASS[verdict]
        colour = _COLOURS.get(kind)
        style = f' style="background:{colour}"' if colour else ""
        cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in row[1:])
        rows.append(f'<tr class="planner-guidance-{kind}"{style}>{cells}</tr>')
    return f'<table class="planner-guidance"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class GuidancePanel(widgets.VBox):
    """Paste a year's guidance, read it against the workspace's catalogue, add its new events.

    Public: :attr:`text` (Textarea), :attr:`year` (IntText), :attr:`source` (Text: the document's
    name, kept in each new event's source), :attr:`read_button`, :attr:`add_button` (enabled when
    there are new events), :attr:`table` (HTML), :attr:`status`; :attr:`result` (the frame last
    shown, or None) and :attr:`last_import` (what the last add returned).
    """

    def __init__(self, ws: Workspace, *, year: int | None = None, **kwargs: Any):
        labels = GUIDANCE_LABELS
        self.ws = ws
        self.result: pd.DataFrame | None = None
        self.last_import: dict[str, Any] | None = None
        self.status = StatusLine()
        self.text = widgets.Textarea(
            placeholder=labels["text_placeholder"], layout=widgets.Layout(width="100%", height="160px")
        )
        self.year = widgets.IntText(
            value=year or dt.date.today().year + 1, description=labels["year"], layout=widgets.Layout(width="180px")
        )
        self.source = widgets.Text(
            description=labels["source"],
            placeholder=labels["source_placeholder"],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.read_button = widgets.Button(description=labels["read"], button_style="primary", icon="search")
        self.add_button = widgets.Button(description=labels["add"], button_style="success", icon="plus", disabled=True)
        self.table = widgets.HTML()
        self.read_button.on_click(lambda _: self.read())
        self.add_button.on_click(lambda _: self.add())
        title = widgets.HTML(f"<h4>{html.escape(labels['panel_title'])}</h4>")
        controls = widgets.HBox([self.year, self.source, self.read_button, self.add_button])
        super().__init__([title, self.text, controls, self.status, self.table], **kwargs)
        self.add_class("planner-guidance-panel")

    def _show(self, result: pd.DataFrame) -> None:
        self.result = result
        self.table.value = _table_html(result)
        self.add_button.disabled = not bool((result["verdict"] == "new").any())

    @guarded
    def read(self) -> pd.DataFrame | None:
        """Read the pasted text for the chosen year against the workspace's catalogue; show the table."""
        if not self.text.value.strip():
            self.result, self.table.value, self.add_button.disabled = None, "", True
            self.status.error(GUIDANCE_LABELS["empty_text"])
            return None
        result = read_guidance_text(
            self.text.value, year=self.year.value, events=self.ws.events(), source=self.source.value.strip()
        )
        self._show(result)
        rows = int((result["status"] != "other").sum())
        self.status.info(GUIDANCE_LABELS["read_done"].format(rows=rows, summary=summary(result)))
        return result

    @guarded
    def add(self) -> dict[str, Any] | None:
        """Add the new events of the table shown (one audited change); then read again against the catalogue."""
        if self.result is None:
            self.status.error(GUIDANCE_LABELS["read_first"])
            return None
        done = self.ws.import_guidance(self.result, accept=True, source=self.source.value.strip() or None)
        self.last_import = done
        refreshed = read_guidance_text(
            self.text.value, year=self.year.value, events=self.ws.events(), source=self.source.value.strip()
        ) if self.text.value.strip() else self.result  # fmt: skip
        self._show(refreshed)
        if done["added"]:
            self.status.ok(GUIDANCE_LABELS["added"].format(count=len(done["added"]), change_id=done["change_id"]))
        else:
            self.status.info(GUIDANCE_LABELS["nothing_new"])
        return done

"""Posts in from the platforms: the panel that imports a platform export and corrects a post's match.

Thin over :func:`planner.platforms.import_platform_csv` (all rows or none; every problem with file, sheet,
row and column shown in full), :func:`planner.platforms.candidates` (the unit's planned items near the
post, scored as the import scores them) and ``ws.set_output_item`` (versioned: a post someone else
re-matched first is a conflict, shown with a reload).
"""

from __future__ import annotations

import datetime as dt
import html
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from planner.calendars import SUPPORTED_YEARS
from planner.errors import ConflictError, PlannerError
from planner.strings import PLATFORM_IMPORT_LABELS as L
from planner.strings import PLATFORM_LABELS
from planner.ui.common import Choice, StatusLine, date_text, guarded, unit_choices

if TYPE_CHECKING:
    from planner.platforms import PlatformImportResult, Post
    from planner.store import Workspace

__all__ = ["PlatformImportPanel"]

_PLATFORMS = ("facebook", "tiktok", "youtube", "zalo")


class PlatformImportPanel(widgets.VBox):
    """Upload a platform export, choose platform (and unit, year when needed), import; then correct matches."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.status = StatusLine()
        self.result: PlatformImportResult | None = None
        self._versions: dict[int, int] = {}  # output id → version as shown (a correction is checked against it)
        style = {"description_width": "initial"}
        self.upload = widgets.FileUpload(accept=".csv,.xlsx,.zip", multiple=False, description=L["choose_file"])
        self.platform = widgets.Dropdown(options=[(PLATFORM_LABELS[p], p) for p in _PLATFORMS], value="facebook",
                                         description=L["platform"], style=style)
        self.unit = Choice(options=unit_choices(ws.units(), blank=L["unit_auto"]), value=None, description=L["unit"],
                           style=style)
        lo, hi = SUPPORTED_YEARS
        this = dt.date.today().year
        years = [y for y in range(this - 5, this + 2) if lo <= y <= hi]
        self.year = Choice(options=[(L["year_auto"], None), *[(str(y), y) for y in years]], value=None,
                           description=L["year"], style=style)
        self.import_button = _button(L["import"], "import", "primary")
        self.import_button.on_click(lambda _: self.import_uploaded())
        self.summary = widgets.HTML()
        self.summary.add_class("planner-platform-summary")
        self.table = widgets.HTML()
        self.table.add_class("planner-platform-table")
        self.post = widgets.Dropdown(options=[], description=L["output"], style=style,
                                     layout=widgets.Layout(width="95%"))
        self.post.observe(lambda _: self._show_candidates(), names="value")
        self.candidate = Choice(options=[(L["no_item"], None)], value=None, description=L["candidate"], style=style,
                                layout=widgets.Layout(width="95%"))
        self.save_button = _button(L["save_match"], "save-match")
        self.save_button.on_click(lambda _: self.save_match())
        self.reload_button = _button(L["reload"], "reload")
        self.reload_button.on_click(lambda _: self.reload())
        self.reload_button.layout.display = "none"
        hint = widgets.HTML(f"<small>{html.escape(L['hint'])}</small>")
        super().__init__([
            widgets.HTML(f"<b>{html.escape(L['title'])}</b>"), hint,
            widgets.HBox([self.upload, self.platform, self.unit, self.year, self.import_button]),
            self.status, self.summary, self.table,
            widgets.HTML(f"<b>{html.escape(L['correct'])}</b>"), self.post, self.candidate,
            widgets.HBox([self.save_button, self.reload_button]),
        ])
        self.add_class("planner-platform-import")

    # ------------------------------------------------------------------ import
    @guarded
    def import_uploaded(self) -> PlatformImportResult | None:
        from planner.platforms import import_platform_csv

        files = list(self.upload.value)
        if not files:
            self.status.warning(L["no_file"])
            return None
        upload = files[0]
        self.summary.value = ""
        with tempfile.TemporaryDirectory(prefix="planner-platform-") as folder:
            name = Path(str(upload.get("name") or "export.csv")).name or "export.csv"  # never a path from outside
            path = Path(folder) / name  # the name is kept: it may carry the export's dates
            path.write_bytes(bytes(upload["content"]))
            try:
                result = import_platform_csv(self.ws, path, platform=self.platform.value, unit=self.unit.value,
                                             year=self.year.value)
            except PlannerError as exc:
                self.summary.value = _problems_html(str(exc))
                raise
        self.result = result
        self.upload.value = ()
        self.summary.value = "<ul>" + "".join(f"<li>{html.escape(m)}</li>" for m in result.messages()) + "</ul>"
        self.status.ok(L["imported"].format(rows=result.rows, file=name, added=len(result.added),
                                            updated=len(result.updated), unchanged=len(result.unchanged),
                                            matched=len(result.matched)))
        self._refresh()
        return result

    # ------------------------------------------------------------------ correct a match
    def _stored(self) -> pd.DataFrame:
        """The imported posts as stored now (version and item)."""
        assert self.result is not None
        ids = set(self.result.output_ids)
        frames = [self.ws.outputs(unit=u) for u in sorted({p.unit_id for p in self.result.posts})]
        frame = pd.concat(frames) if frames else pd.DataFrame(columns=["output_id", "version", "item_id"])
        return frame[frame["output_id"].isin(ids)].set_index("output_id")

    def _refresh(self) -> None:
        """Versions and items from the workspace, the table and the list of posts."""
        if self.result is None:
            return
        stored = self._stored()
        self._versions = {int(i): int(v) for i, v in stored["version"].items()}
        for post, output_id in zip(self.result.posts, self.result.output_ids, strict=True):
            item = stored["item_id"].get(output_id)
            post.item_id = None if item is None or pd.isna(item) else int(item)
        ids = sorted({p.item_id for p in self.result.posts if p.item_id is not None})
        if ids:
            items = self.ws.items(ids=ids)
            self.result.titles = dict(zip(items["item_id"].astype(int), items["title"], strict=True))
        self.table.value = self.result.frame().to_html(index=False, na_rep="", escape=True,
                                                       classes="planner-platform-posts", border=0)
        chosen = self.post.value
        options = []
        for post, output_id in zip(self.result.posts, self.result.output_ids, strict=True):
            title = post.title if len(post.title) <= 60 else post.title[:59] + "…"
            options.append((f"{L['col_row']} {post.line} — {date_text(post.published_at)} — {title or post.url}",
                            output_id))
        self.post.options = options
        wanted = chosen if chosen in self.result.output_ids else (options[0][1] if options else None)
        if self.post.value != wanted:
            self.post.value = wanted  # the observer shows its candidates
        else:
            self._show_candidates()

    def _chosen_post(self) -> tuple[Post, int] | None:
        if self.result is None or self.post.value is None:
            return None
        index = self.result.output_ids.index(self.post.value)
        return self.result.posts[index], self.post.value

    @guarded
    def _show_candidates(self) -> None:
        from planner.platforms import candidates

        chosen = self._chosen_post()
        if chosen is None:
            self.candidate.options = [(L["no_item"], None)]
            return
        post, _ = chosen
        found = candidates(self.ws, post, self.result.platform)
        options: list[tuple[str, Any]] = [(L["no_item"], None)]
        for c in found:
            options.append((L["item_option"].format(item_id=c.item_id, title=c.title, date=date_text(c.date),
                                                    score=f"{c.score:g}"), c.item_id))
        if post.item_id is not None and post.item_id not in {c.item_id for c in found}:
            title = self.result.titles.get(post.item_id, "")
            options.append((L["item_option"].format(item_id=post.item_id, title=title, date="", score="–"),
                            post.item_id))
        self.candidate.options = options
        self.candidate.value = post.item_id

    @guarded
    def save_match(self) -> dict | None:
        chosen = self._chosen_post()
        if chosen is None:
            self.status.warning(L["choose_output"])
            return None
        post, output_id = chosen
        item_id = self.candidate.value
        try:
            row = self.ws.set_output_item(output_id, item_id, version=self._versions[output_id])
        except ConflictError:
            self.reload_button.layout.display = None
            raise
        title = post.title if len(post.title) <= 60 else post.title[:59] + "…"
        if item_id is None:
            self.status.ok(L["saved_no_match"].format(title=title))
        else:
            self.status.ok(L["saved_match"].format(title=title, item=item_id))
        self._refresh()
        return row

    @guarded
    def reload(self) -> None:
        self._refresh()
        self.reload_button.layout.display = "none"
        self.status.info(L["reloaded"])


def _button(label: str, name: str, style: str = "") -> widgets.Button:
    button = widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))
    button.add_class(f"planner-platform-{name}")
    return button


def _problems_html(message: str) -> str:
    lines = [part.strip() for part in message.splitlines() if part.strip()]
    return ('<div class="planner-platform-problems" style="color:#842029">'
            + "".join(f"<div>{html.escape(line)}</div>" for line in lines) + "</div>")

"""Outputs from the platforms: import the files units download from Facebook, TikTok, YouTube and Zalo.

:func:`import_platform_csv` reads one export as the platform gives it (:mod:`planner.platforms.reading`:
CSV with or without BOM, TikTok Studio's XLSX, YouTube Studio's ZIP; English or Vietnamese headers mapped
by ``data/platforms/*.csv``, :mod:`planner.platforms.mapping`), finds each post's unit from the units'
channels (or the ``unit=`` given), matches posts to planned items (:mod:`planner.platforms.matching`) and
records all posts with ONE ``ws.record_platform_outputs`` call — all or nothing, undoable. Every problem
names file, sheet, row, column, value and what was expected; nothing is written then. A match is
corrected with ``ws.set_output_item(output_id, item_id, version=…)``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pandas as pd

from planner.errors import DataError, DataProblem, InvalidValueError
from planner.excel.reports import ImportResult
from planner.platforms.mapping import FIELDS, load_mapping, mapping_dir
from planner.platforms.matching import MIN_SCORE, Candidate, candidates, match_posts
from planner.platforms.reading import PlatformFile, Post, read_platform_file
from planner.strings import FORMAT_LABELS, PLATFORM_IMPORT_LABELS, PLATFORM_LABELS

__all__ = [
    "import_platform_csv",
    "read_platform_file",
    "match_posts",
    "candidates",
    "PlatformImportResult",
    "PlatformFile",
    "Post",
    "Candidate",
    "load_mapping",
    "mapping_dir",
    "FIELDS",
    "MIN_SCORE",
]


@dataclass
class PlatformImportResult(ImportResult):
    """What :func:`import_platform_csv` did. The :class:`~planner.excel.reports.ImportResult` fields hold
    OUTPUT ids here (``added`` / ``updated`` / ``unchanged``: posts new, changed, imported before with the
    same values); ``posts`` are the posts read, in the file's order, each with its ``item_id`` and match
    ``score``, and ``output_ids`` their output ids in the same order."""

    platform: str = ""
    language: str = ""
    posts: list[Post] = field(default_factory=list, repr=False)
    output_ids: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    totals: int = 0
    change_id: int | None = None
    titles: dict[int, str] = field(default_factory=dict, repr=False)  # matched item id → its planned title

    @property
    def matched(self) -> list[Post]:
        return [p for p in self.posts if p.item_id is not None]

    @property
    def unmatched(self) -> list[Post]:
        return [p for p in self.posts if p.item_id is None]

    def messages(self) -> list[str]:
        """The result in Vietnamese, one sentence a line."""
        label = PLATFORM_LABELS.get(self.platform, self.platform)
        language = PLATFORM_IMPORT_LABELS["lang_" + self.language] if self.language else ""
        lines = [PLATFORM_IMPORT_LABELS["msg_read"].format(files=", ".join(self.files), platform=label,
                                                            language=language)]
        if not self.rows:
            lines.append(PLATFORM_IMPORT_LABELS["msg_none"])
        else:
            lines.append(PLATFORM_IMPORT_LABELS["msg_rows"].format(
                rows=self.rows, added=len(self.added), updated=len(self.updated), unchanged=len(self.unchanged)))
            lines.append(PLATFORM_IMPORT_LABELS["msg_matched"].format(matched=len(self.matched),
                                                                      unmatched=len(self.unmatched)))
        lines.extend(self.notes)
        if self.totals or self.blank:
            lines.append(PLATFORM_IMPORT_LABELS["msg_skipped"].format(totals=self.totals, blank=self.blank))
        return lines

    def frame(self) -> pd.DataFrame:
        """One row per post, with Vietnamese headers: where it was, its unit, the match (item, score), outcome."""
        outcome = {
            **dict.fromkeys(self.added, PLATFORM_IMPORT_LABELS["added"]),
            **dict.fromkeys(self.updated, PLATFORM_IMPORT_LABELS["updated"]),
            **dict.fromkeys(self.unchanged, PLATFORM_IMPORT_LABELS["unchanged"]),
        }
        keys = ("row", "unit", "published_at", "title", "format", "views", "url", "output_id", "item_id",
                "item_title", "score", "result")
        rows = []
        ids = self.output_ids or [None] * len(self.posts)
        for post, output_id in zip(self.posts, ids, strict=True):
            when = post.published_at
            rows.append({
                "row": post.line,
                "unit": post.unit_id,
                "published_at": f"{when.day}/{when.month}/{when.year} {when:%H:%M}" if hasattr(when, "hour")
                else f"{when.day}/{when.month}/{when.year}",
                "title": post.title,
                "format": FORMAT_LABELS.get(post.format, post.format),
                "views": post.views,
                "url": post.url,
                "output_id": output_id,
                "item_id": post.item_id,
                "item_title": self.titles.get(post.item_id, "") if post.item_id is not None else "",
                "score": post.score,
                "result": outcome.get(output_id, ""),
            })
        frame = pd.DataFrame(rows, columns=list(keys))
        for name in ("views", "output_id", "item_id"):
            frame[name] = frame[name].astype("Int64")
        frame["score"] = frame["score"].astype("Float64")
        return frame.rename(columns={k: PLATFORM_IMPORT_LABELS["col_" + k] for k in keys})


_ROW = re.compile(r"^dòng (\d+): ")


def _store_error(exc: InvalidValueError, posts: list[Post]) -> DataError | InvalidValueError:
    """The store names ``dòng N`` (position in the rows given): name the file's row instead."""
    m = _ROW.match(str(exc))
    if not m or not 1 <= int(m[1]) <= len(posts):
        return exc
    post = posts[int(m[1]) - 1]
    message = str(exc)[m.end():]
    message = re.sub(r"(?<=bài ở )dòng (\d+)", lambda g: f"dòng {posts[int(g[1]) - 1].line}"
                     if 1 <= int(g[1]) <= len(posts) else g[0], message)
    message = re.sub(r"(?<=với )dòng (\d+)", lambda g: f"dòng {posts[int(g[1]) - 1].line}"
                     if 1 <= int(g[1]) <= len(posts) else g[0], message)
    return DataError([DataProblem(file=post.file, line=post.line, column=exc.field, message=message,
                                  sheet=post.sheet)])


def _recorded(ws, posts: list[Post], platform: str) -> tuple[dict[str, int | None], set[int]]:
    """Posts of these units already recorded (url → item id) and the items that already have an output."""
    recorded: dict[str, int | None] = {}
    taken: set[int] = set()
    for unit in sorted({p.unit_id for p in posts}):
        frame = ws.outputs(unit=unit)
        for row in frame[["platform", "url", "item_id"]].itertuples(index=False):
            item = None if pd.isna(row.item_id) else int(row.item_id)
            if item is not None:
                taken.add(item)
            if row.platform == platform and row.url:
                recorded[row.url] = item
    return recorded, taken


def import_platform_csv(ws, path: str | os.PathLike, *, platform: str, unit: str | None = None,
                        year: int | None = None, match: bool = True) -> PlatformImportResult:
    """Record the posts of one platform export (CSV, XLSX or YouTube Studio's ZIP, despite the name).

    ``platform``: ``facebook``, ``tiktok``, ``youtube`` or ``zalo``; ``unit``: the unit of every post (else
    each post's page is found in the units' channels; a page matching no unit is refused, naming it);
    ``year``: the year of dates written without one (else taken from the export's context, and the result
    says so); ``match=False`` records posts without matching them to planned items. Raises
    :class:`~planner.errors.DataError` listing every problem (nothing written), or the store's errors.
    """
    read = read_platform_file(ws, path, platform=platform, unit=unit, year=year)
    result = PlatformImportResult(files=[os.path.basename(os.fspath(path))], platform=platform,
                                  language=read.language, notes=list(read.notes), blank=read.blank,
                                  totals=read.totals, skipped=read.totals + int(read.description_row))
    posts = read.posts
    result.rows, result.posts = len(posts), posts
    if not posts:
        return result
    recorded, taken = _recorded(ws, posts, platform)
    if match:
        match_posts(ws, posts, platform, recorded=recorded, taken=taken)
    else:
        for post in posts:
            post.item_id, post.score = recorded.get(post.url), None
    source = f"{PLATFORM_LABELS[platform]}: {result.files[0]}"
    try:
        done = ws.record_platform_outputs([p.row(platform) for p in posts], source=source)
    except InvalidValueError as exc:
        raise _store_error(exc, posts) from None
    result.output_ids = list(done.output_ids)
    result.added, result.updated = list(done.outputs_added), list(done.outputs_updated)
    result.unchanged, result.change_id = list(done.outputs_unchanged), done.change_id
    ids = sorted({p.item_id for p in posts if p.item_id is not None})
    if ids:
        items = ws.items(ids=ids)
        result.titles = dict(zip(items["item_id"].astype(int), items["title"], strict=True))
    return result

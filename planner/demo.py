"""A demo year of outputs, generated reproducibly, so the dashboards and the effectiveness review tell a story.

:func:`seed_demo` fills a workspace with one year of synthetic results (default 2025, fixed seed):

* the year's plan is generated if the workspace has none (:func:`planner.generate_plan`);
* a share of the planned items goes through review (draft → in review → approved, every point of
  the checklist ticked; an item whose automatic checks find an error is left alone) and is reported
  by its unit (:meth:`Workspace.record_outputs`), which publishes it;
* the platforms' own exports then bring the same posts with their time of posting and their
  final counts, plus the posts units made outside the plan (:meth:`Workspace.record_platform_outputs`);
* some units are ahead of their targets (``data/targets.csv``), some behind (and late); some units keep
  their videos short, some do not; short videos (60 s and
  less) reach more people, evening and weekend posts a little more, "good people, good deeds" more than
  other themes of the same format and platform.

Everything is labelled as demo data: the source of each change is ``"demo <year> (dữ liệu mẫu, seed
<seed>)"``, links point to ``https://demo.invalid/…``, notes say "Dữ liệu mẫu". Every random draw is
seeded by (seed, year, item or unit, month), so the same call gives the same data, and a second call
changes nothing (published items keep their outputs; the platform rows are the same rows again).

:func:`demo_survey` builds the public survey of ``data/demo/`` (an online form's CSV export).

Signatures::

    seed_demo(ws, *, year=2025, seed=DEMO_SEED, units=None) -> DemoResult
    unit_paces(units, *, year=2025, seed=DEMO_SEED) -> {unit_id: pace}   # who is ahead (> 1), who behind
    demo_survey(*, seed=DEMO_SEED, respondents=420, year=2025) -> DataFrame   # the form export's columns
    write_demo_survey(path, **kwargs) -> Path
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from planner.errors import ConflictError, InvalidValueError, WorkflowError
from planner.model import CHECKLIST, FORMATS, PLATFORMS
from planner.strings import EFFECT_LABELS as L

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = [
    "DEMO_SEED",
    "DemoResult",
    "SURVEY_FILE",
    "demo_source",
    "demo_survey",
    "seed_demo",
    "unit_paces",
    "write_demo_survey",
]

#: The fixed seed of the demo data (the letter's number).
DEMO_SEED = 555
#: The demo survey shipped in ``data/demo/``.
SURVEY_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "khao_sat_cong_chung_2025.csv"

#: Platforms whose exports :mod:`planner.platforms` reads (a website has no export: unit reports only).
EXPORTING = ("facebook", "tiktok", "youtube", "zalo")
#: Monthly output per unit kind and format when the workspace has no target for the unit.
_FALLBACK = {
    "party_committee": {"short_video": 6, "post": 16},
    "party_cell": {"short_video": 2, "post": 6},
    "mass_org": {"short_video": 4, "post": 10},
    "front": {"short_video": 4, "post": 12},
    "propaganda_dept": {"short_video": 10, "post": 24},
    "gov_office": {"short_video": 4, "post": 12},
    "culture_centre": {"short_video": 8, "post": 14},
}
#: How much each unit does compared with its targets: a third ahead, a third near, a third behind.
_PACE = ((1.15, 1.45), (0.9, 1.08), (0.45, 0.8))
#: Where a unit posts what it makes outside the plan, by format.
_WHERE = {
    "short_video": {"tiktok": 0.45, "facebook": 0.4, "youtube": 0.15},
    "post": {"facebook": 0.75, "zalo": 0.25},
    "infographic": {"facebook": 0.7, "zalo": 0.3},
    "article": {"facebook": 1.0},
    "photo": {"facebook": 1.0},
    "livestream": {"facebook": 0.7, "youtube": 0.3},
}
_PLATFORM_VIEWS = {"facebook": 900, "tiktok": 2600, "youtube": 700, "zalo": 420, "website": 260}
_FORMAT_VIEWS = {"short_video": 1.5, "post": 1.0, "article": 0.6, "infographic": 0.9, "photo": 0.8, "livestream": 1.2}
_THEME_VIEWS = {"good_deeds": 1.45, "culture": 1.15, "event": 1.0, "leadership": 0.8, None: 0.95}
_KIND_VIEWS = {"propaganda_dept": 2.2, "mass_org": 1.3, "front": 1.1, "culture_centre": 1.6, "gov_office": 1.0,
               "party_committee": 1.0, "party_cell": 0.5}
#: Hours people post at (weights) and how far each hour's posts reach.
_HOURS = np.array([1, 0, 0, 0, 0, 1, 3, 6, 9, 8, 7, 9, 8, 4, 4, 5, 6, 6, 7, 10, 11, 8, 4, 2], dtype=float)
_HOUR_VIEWS = np.array([0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.8, 0.95, 0.9, 0.85, 0.85, 1.1, 1.2, 0.9, 0.8, 0.8, 0.85,
                        0.9, 1.1, 1.45, 1.55, 1.35, 1.0, 0.7])
_TITLES = {
    "short_video": ["Clip: {what} tại {place}", "Video ngắn: {what}", "60 giây: {what}", "Khoảnh khắc {what}"],
    "post": ["{what} — tin từ {place}", "Tin ngắn: {what}", "{place}: {what}", "Cập nhật: {what}"],
    "infographic": ["Infographic: {what}", "Đồ họa: {what}"],
    "article": ["Bài viết: {what}"],
    "photo": ["Ảnh: {what} tại {place}"],
    "livestream": ["Trực tiếp: {what}"],
}
_WHATS = [
    "ra quân vệ sinh bãi biển", "hiến máu tình nguyện", "trao quà cho hộ khó khăn", "sinh hoạt chi bộ mẫu",
    "tuyên truyền phòng chống lừa đảo qua mạng", "hội thao cán bộ, công chức", "chuyển đổi số ở khu phố",
    "gương người tốt, việc tốt", "lớp học tiếng Anh miễn phí cho thiếu nhi", "thắp nến tri ân liệt sĩ",
    "hướng dẫn dịch vụ công trực tuyến", "đêm văn nghệ khu phố", "tập huấn phòng cháy chữa cháy",
    "giải bóng đá thanh niên", "tuyến đường hoa do người dân tự làm", "trồng cây xanh dọc bờ kè",
]


@dataclass
class DemoResult:
    """What :func:`seed_demo` did (all zero on a second call: nothing changed)."""

    year: int
    seed: int
    planned: int = 0  # items created by generating the plan
    approved: list[int] = field(default_factory=list)  # items taken through review
    skipped: list[int] = field(default_factory=list)  # chosen but left alone: the automatic checks found an error
    reports: Any = None  # Recorded of the unit reports (or None: nothing to report)
    platform: Any = None  # Recorded of the platform rows (or None)
    platform_rows: int = 0  # rows handed to record_platform_outputs

    @property
    def source(self) -> str:
        return demo_source(self.year, self.seed)

    @property
    def changed(self) -> bool:
        new_platform = bool(self.platform and (self.platform.outputs_added or self.platform.outputs_updated))
        new_reports = bool(self.reports and (self.reports.added or self.reports.updated or self.reports.published))
        return bool(self.planned or self.approved or new_reports or new_platform)

    def message(self) -> str:
        """One Vietnamese line saying what was done."""
        if not self.changed:
            return L["demo_unchanged"].format(year=self.year, seed=self.seed)
        published = len(self.reports.published) if self.reports else 0
        reports = len(self.reports.added) + len(self.reports.updated) if self.reports else 0
        added = self.platform.outputs_added if self.platform else []
        return L["demo_done"].format(
            year=self.year, seed=self.seed, published=published, reports=reports, posts=self.platform_rows,
            platform_new=len(added),
        )


def demo_source(year: int, seed: int) -> str:
    """The source text every demo change carries."""
    return L["demo_source"].format(year=year, seed=seed)


def _check(year: Any, seed: Any) -> tuple[int, int]:
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise InvalidValueError(L["demo_bad_year"].format(value=year), field="year", value=year, allowed="2000–2100")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise InvalidValueError(L["demo_bad_seed"].format(value=seed), field="seed", value=seed, allowed="≥ 0")
    return year, seed


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _rng(seed: int, year: int, *parts: Any) -> np.random.Generator:
    """A generator for one thing (an item, a unit-month): the same draws whatever else changed."""
    return np.random.default_rng([seed, year, *(p if isinstance(p, int) else _key(str(p)) for p in parts)])


def unit_paces(units: pd.DataFrame, *, year: int = 2025, seed: int = DEMO_SEED) -> dict[str, float]:
    """Each unit's pace against its targets in the demo (output ÷ what the targets ask): a third of the units
    ahead (1.15–1.45), a third near (0.9–1.08), a third behind (0.45–0.8); seeded by ``seed`` and ``year``."""
    ids = sorted(units["unit_id"])
    rng = _rng(seed, year, "paces")
    order = rng.permutation(len(ids))
    paces = {}
    for rank, index in enumerate(order):
        low, high = _PACE[rank % 3]
        paces[ids[index]] = float(rng.uniform(low, high))
    return paces


#: Typical length in seconds of a unit's short videos: some units keep them short, some do not.
_VIDEO_LENGTHS = (35, 45, 55, 70, 100)


def _video_lengths(units: Iterable[str], seed: int, year: int) -> dict[str, int]:
    """Each unit's typical short-video length (seeded, independent of which units are asked for)."""
    return {u: _VIDEO_LENGTHS[int(_rng(seed, year, "length", u).integers(len(_VIDEO_LENGTHS)))] for u in units}


def _duration(rng: np.random.Generator, fmt: str, typical: int = 55) -> int | None:
    if fmt == "short_video":
        return int(np.clip(round(rng.lognormal(math.log(typical), 0.5)), 12, 420))
    if fmt == "livestream":
        return int(rng.integers(1200, 5400))
    return None


def _duration_views(seconds: int | None) -> float:
    if seconds is None:
        return 1.0
    if seconds <= 30:
        return 1.85
    if seconds <= 60:
        return 1.7
    if seconds <= 90:
        return 1.0
    if seconds <= 180:
        return 0.7
    return 0.45


def _counts(
    rng: np.random.Generator, *, platform: str, fmt: str, theme: str | None, kind: str, when: dt.datetime,
    seconds: int | None,
) -> dict[str, int | None]:
    """Views, reactions, shares, comments of one post (unknown where the platform does not say)."""
    mean = (
        _PLATFORM_VIEWS.get(platform, 500) * _FORMAT_VIEWS.get(fmt, 1.0) * _THEME_VIEWS.get(theme, 1.0)
        * _KIND_VIEWS.get(kind, 1.0) * _HOUR_VIEWS[when.hour] * (1.15 if when.weekday() >= 5 else 1.0)
        * _duration_views(seconds)
    )
    views = int(round(rng.lognormal(math.log(mean), 0.6)))
    share_rate = 0.035 if fmt == "short_video" else 0.015
    counts: dict[str, int | None] = {
        "views": views,
        "reactions": int(round(views * rng.uniform(0.04, 0.12))),
        "shares": int(round(views * share_rate * rng.lognormal(0, 0.4))),
        "comments": int(round(views * rng.uniform(0.002, 0.01))),
    }
    if platform == "zalo":  # Zalo OA statistics give no shares or comments
        counts["shares"] = counts["comments"] = None
    if platform == "website":
        counts["reactions"] = counts["comments"] = None
    return counts


def _posted_at(rng: np.random.Generator, day: dt.date) -> dt.datetime:
    hour = int(rng.choice(24, p=_HOURS / _HOURS.sum()))
    return dt.datetime.combine(day, dt.time(hour, int(rng.integers(1, 60)), int(rng.integers(0, 60))))


def _targets_by_unit_month(ws: Workspace, year: int, units: pd.DataFrame) -> dict[tuple[str, int], dict]:
    """(unit, month) → {(format, platform): monthly count} from the workspace's targets (a quarter's or a
    year's target spread evenly over its months; where targets of several levels ask for the same format
    and platform, the largest monthly share); empty when the workspace has no targets."""
    targets = ws.targets()
    if targets.empty:
        return {}
    from planner.tracking import ANY, expand_targets

    expanded = expand_targets(targets, units)
    wanted: dict[tuple[str, int], dict] = {}
    months = {"month": 1, "quarter": 3, "year": 12}
    for row in expanded.itertuples(index=False):
        start = pd.Timestamp(row.period_start)
        span = months.get(row.period, 1)
        fmt = row.format if row.format != ANY else "any"
        platform = row.platform if row.platform != ANY else "any"
        for k in range(span):
            if start.year != year or start.month + k > 12:
                continue
            slot = wanted.setdefault((row.unit_id, start.month + k), {})
            slot[(fmt, platform)] = max(slot.get((fmt, platform), 0), row.count / span)
    return wanted


def _demand(wanted: dict, unit: str, kind: str, month: int) -> dict[tuple[str, str], float]:
    """What a unit is asked for in a month: {(format, platform or "any"): count}. A target for any platform
    (any format) covers the platform-specific (format-specific) ones: only what it asks beyond them is added;
    what any format asks is made as two posts for each short video."""
    asked = wanted.get((unit, month))
    if not asked:
        return {(fmt, "any"): n for fmt, n in _FALLBACK.get(kind, _FALLBACK["party_committee"]).items()}
    out: dict[tuple[str, str], float] = {}
    by_format: dict[str, float] = {}
    for fmt in sorted({f for f, _ in asked} - {"any"}):
        specific = {p: c for (f, p), c in asked.items() if f == fmt and p != "any"}
        for platform, count in specific.items():
            out[(fmt, platform)] = count
        rest = asked.get((fmt, "any"), 0) - sum(specific.values())
        if rest > 0:
            out[(fmt, "any")] = rest
        by_format[fmt] = max(asked.get((fmt, "any"), 0), sum(specific.values()))
    anything = max((c for (f, _), c in asked.items() if f == "any"), default=0) - sum(by_format.values())
    if anything > 0:
        out[("post", "any")] = out.get(("post", "any"), 0) + anything * 2 / 3
        out[("short_video", "any")] = out.get(("short_video", "any"), 0) + anything / 3
    return out


def _title(rng: np.random.Generator, fmt: str, place: str) -> str:
    forms = _TITLES.get(fmt, _TITLES["post"])
    return forms[int(rng.integers(len(forms)))].format(what=_WHATS[int(rng.integers(len(_WHATS)))], place=place)


def _last_day(year: int) -> dt.date:
    today = dt.date.today()
    return min(dt.date(year, 12, 31), today - dt.timedelta(days=1))


def seed_demo(
    ws: Workspace, *, year: int = 2025, seed: int = DEMO_SEED, units: Iterable[str] | None = None
) -> DemoResult:
    """Fill ``ws`` with a reproducible demo year of outputs (see the module docstring); returns what was done.

    ``units`` limits the outputs to those unit ids (a quicker demo; each unit gets the same data as in
    the full demo). A second call with the same arguments changes nothing. Days after yesterday get
    no outputs. Taking ~1,400 items through review takes about half a minute.
    """
    from planner.planning import generate_plan

    year, seed = _check(year, seed)
    result = DemoResult(year, seed)
    source = demo_source(year, seed)
    items = ws.items(year=year)
    if items.empty:
        result.planned = len(generate_plan(ws, year))
        items = ws.items(year=year)
    all_units = ws.units()
    all_units = all_units[all_units["active"]]
    kinds = dict(zip(all_units["unit_id"], all_units["kind"], strict=True))
    places = dict(zip(all_units["unit_id"], all_units["short_name"], strict=True))
    paces = unit_paces(all_units, year=year, seed=seed)  # of every unit: the same whichever units are asked
    if units is not None:
        asked = [units] if isinstance(units, str) else list(units)
        unknown = sorted(str(u) for u in set(asked) - set(paces))
        if unknown:
            raise InvalidValueError(L["demo_bad_units"].format(units=", ".join(unknown)), field="units",
                                    value=unknown, allowed=sorted(paces))
        paces = {u: p for u, p in paces.items() if u in asked}
    lengths = _video_lengths(paces, seed, year)
    last = _last_day(year)
    reported = set(ws.outputs()["item_id"].dropna().astype(int))

    # 1. planned items: which are made, reviewed, reported by their unit, then seen in the platform export
    chosen = []
    for item in items.sort_values("item_id").itertuples(index=False):
        if item.status == "cancelled" or item.unit_id not in paces or pd.isna(item.date) or item.date.date() > last:
            continue
        rng = _rng(seed, year, "item", int(item.item_id))
        if rng.uniform() > min(0.95, 0.72 * paces[item.unit_id]):
            continue
        chosen.append((item, rng))
    reports, platform_rows, ready = [], [], []
    for item, rng in chosen:
        item_id = int(item.item_id)
        if item.status in ("idea", "draft", "in_review"):
            if any(f.get("severity") == "error" for f in (item.findings or [])):
                result.skipped.append(item_id)  # the reviewer would send it back: not published
                continue
            try:
                _approve(ws, item_id, item.status, int(item.version))
            except (WorkflowError, ConflictError):  # the checks found an error now; someone changed it meanwhile
                result.skipped.append(item_id)
                continue
            result.approved.append(item_id)
        elif item.status not in ("approved", "published"):
            continue
        ready.append((item, rng))
    versions = dict(zip(*[ws.items(year=year)[c] for c in ("item_id", "version")], strict=True))
    for item, rng in ready:
        item_id = int(item.item_id)
        late = int(rng.choice([0, 0, 0, 1, 1, 2, 3] if paces[item.unit_id] < 0.9 else [0, 0, 0, 0, 1]))
        day = min(item.date.date() + dt.timedelta(days=late), last)
        when = _posted_at(rng, day)
        seconds = _duration(rng, item.format, lengths[item.unit_id])
        counts = _counts(rng, platform=item.platform, fmt=item.format, theme=item.theme, kind=kinds[item.unit_id],
                         when=when, seconds=seconds)
        url = f"https://demo.invalid/{item.platform}/{item.unit_id}/{year}/item-{item_id}"
        # every draw is made whatever happens next, so a second call draws the same numbers
        early_share, left_empty, exported = rng.uniform(0.6, 0.9), rng.uniform() < 0.06, rng.uniform() < 0.85
        if item_id not in reported:  # the unit's report: earlier, smaller numbers; some units leave them empty
            early = {k: (None if v is None or left_empty else int(v * early_share)) for k, v in counts.items()}
            reports.append({"item_id": item_id, "version": int(versions[item_id]), "url": url, "published_at": day,
                            "duration_s": seconds, "note": L["demo_note"], **early})
        if item.platform in EXPORTING and exported:
            platform_rows.append({
                "unit_id": item.unit_id, "platform": item.platform, "format": item.format, "url": url,
                "title": item.title, "published_at": when, "duration_s": seconds, **counts, "item_id": item_id,
            })
    if reports:
        result.reports = ws.record_outputs(reports, source=source)

    # 2. posts outside the plan: what each unit does beyond its planned items, month by month
    wanted = _targets_by_unit_month(ws, year, all_units)
    made = ws.items(year=year)
    made = made[made["item_id"].isin([int(i.item_id) for i, _ in ready]) | (made["status"] == "published")]
    made_month = made.assign(month=made["date"].dt.month).groupby(["unit_id", "month", "format"]).size()
    for unit in sorted(paces):
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            if first > last:
                break
            days = calendar.monthrange(year, month)[1]
            rng = _rng(seed, year, "unit", unit, month)
            for (fmt, platform), count in sorted(_demand(wanted, unit, kinds[unit], month).items()):
                planned = int(made_month.get((unit, month, fmt), 0)) if fmt in FORMATS else 0
                total = rng.poisson(max(count * paces[unit] * rng.uniform(0.85, 1.15), 0))
                for n in range(max(total - planned, 0)):
                    day = first + dt.timedelta(days=int(rng.integers(days)))
                    if day > last:
                        continue
                    where = _WHERE.get(fmt, _WHERE["post"])
                    if platform in PLATFORMS:
                        target_platform = platform
                    else:
                        target_platform = str(rng.choice(list(where), p=list(where.values())))
                    if target_platform not in EXPORTING:
                        continue
                    when = _posted_at(rng, day)
                    seconds = _duration(rng, fmt, lengths[unit])
                    counts = _counts(rng, platform=target_platform, fmt=fmt, theme=None, kind=kinds[unit], when=when,
                                     seconds=seconds)
                    base = f"https://demo.invalid/{target_platform}/{unit}/{year}"
                    platform_rows.append({
                        "unit_id": unit, "platform": target_platform, "format": fmt,
                        "url": f"{base}/{month:02d}-{fmt}-{platform}-{n + 1}",
                        "title": _title(rng, fmt, places[unit]), "published_at": when, "duration_s": seconds,
                        **counts, "item_id": None,
                    })
    result.platform_rows = len(platform_rows)
    if platform_rows:
        result.platform = ws.record_platform_outputs(platform_rows, source=source)
    return result


def _approve(ws: Workspace, item_id: int, status: str, version: int) -> dict:
    """Take one item (its status and version as read) through review to approved (every checklist point
    ticked), as a reviewer would."""
    for step in {"idea": ("draft", "in_review"), "draft": ("in_review",), "in_review": ()}[status]:
        version = ws.set_status(item_id, step, version=version)["version"]
    return ws.set_status(item_id, "approved", version=version, checklist=dict.fromkeys(CHECKLIST, True),
                         comment=L["demo_note"])


# --------------------------------------------------------------------------- the public survey


def demo_survey(*, seed: int = DEMO_SEED, respondents: int = 420, year: int = 2025) -> pd.DataFrame:
    """A public survey as an online form exports it: one row per answer sheet, the questions as headers
    (:data:`planner.effectiveness.SURVEY_QUESTIONS`), multi-select answers joined with ``", "``. Younger people
    use TikTok and YouTube and prefer short videos; older people Zalo, Facebook and television."""
    from planner.effectiveness import SURVEY_CHOICES, SURVEY_QUESTIONS

    year, seed = _check(year, seed)
    rng = _rng(seed, year, "survey")
    ages = list(SURVEY_CHOICES["age_group"])
    age_p = np.array([0.08, 0.3, 0.27, 0.2, 0.15])
    areas = list(SURVEY_CHOICES["area"])
    area_p = np.array([0.15, 0.14, 0.16, 0.15, 0.14, 0.12, 0.08, 0.06])
    #: Chance that a person of each age group uses each platform.
    use = {
        "facebook": (0.55, 0.85, 0.88, 0.8, 0.6), "zalo": (0.3, 0.7, 0.85, 0.88, 0.8),
        "tiktok": (0.85, 0.75, 0.45, 0.25, 0.1), "youtube": (0.8, 0.6, 0.45, 0.35, 0.3),
        "website": (0.05, 0.2, 0.3, 0.3, 0.2), "tv": (0.1, 0.15, 0.3, 0.55, 0.8),
    }
    like = {
        "short_video": (0.9, 0.8, 0.65, 0.5, 0.35), "long_video": (0.2, 0.25, 0.3, 0.35, 0.4),
        "post": (0.3, 0.5, 0.6, 0.6, 0.55), "article": (0.05, 0.15, 0.25, 0.35, 0.4),
        "infographic": (0.35, 0.4, 0.3, 0.2, 0.1), "livestream": (0.25, 0.2, 0.15, 0.15, 0.2),
    }
    care = {
        "leadership": (0.1, 0.25, 0.4, 0.55, 0.65), "event": (0.3, 0.35, 0.4, 0.5, 0.6),
        "culture": (0.7, 0.6, 0.45, 0.35, 0.3), "good_deeds": (0.45, 0.5, 0.55, 0.6, 0.65),
        "local": (0.2, 0.55, 0.65, 0.6, 0.5),
    }
    others = ["Báo Bà Rịa - Vũng Tàu", "Loa phát thanh khu phố", "Instagram"]
    start = dt.datetime(year, 3, 3, 7, 0)
    rows = []
    for n in range(respondents):
        age = int(rng.choice(len(ages), p=age_p))
        area = areas[int(rng.choice(len(areas), p=area_p))]

        def pick(table: dict, kind: str, age: int = age) -> str:
            chosen = [SURVEY_CHOICES[kind][code] for code, p in table.items() if rng.uniform() < p[age]]
            if not chosen:  # everyone answers the question
                best = max(table, key=lambda c: table[c][age])
                chosen = [SURVEY_CHOICES[kind][best]]
            return ", ".join(chosen)

        platforms = pick(use, "platforms")
        if rng.uniform() < 0.03:
            platforms += ", " + others[int(rng.integers(len(others)))]
        when = start + dt.timedelta(minutes=int(n * 40 + rng.integers(0, 35)), seconds=int(rng.integers(0, 60)))
        rows.append({
            SURVEY_QUESTIONS["submitted_at"]: f"{when.day}/{when.month}/{when.year} {when:%H:%M:%S}",
            SURVEY_QUESTIONS["age_group"]: SURVEY_CHOICES["age_group"][ages[age]],
            SURVEY_QUESTIONS["area"]: SURVEY_CHOICES["area"][area],
            SURVEY_QUESTIONS["platforms"]: platforms,
            SURVEY_QUESTIONS["formats"]: pick(like, "formats"),
            SURVEY_QUESTIONS["topics"]: pick(care, "topics"),
        })
    return pd.DataFrame(rows, columns=list(SURVEY_QUESTIONS.values()))


def write_demo_survey(path: str | os.PathLike = SURVEY_FILE, **kwargs: Any) -> Path:
    """Write :func:`demo_survey` as the form exports it (CSV, UTF-8, every cell quoted)."""
    path = Path(path)
    frame = demo_survey(**kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False))
    return path

"""Posts from platform exports matched to planned items: same unit, a date window, title similarity (rapidfuzz).

A post already recorded (same platform and address) keeps the item it has — a match someone corrected is
never redone. Every other post is compared with the unit's planned items whose date lies from
:data:`DAYS_BEFORE` days after to :data:`DAYS_AFTER` days before the post's day (a post goes out on its
planned day or a little later); titles are compared without diacritics or case, word sets against each
other (a caption holds the planned title plus hashtags and more), leaving out the years in brackets after an
anniversary's name (captions seldom repeat them). The score is the title similarity less
:data:`DAY_PENALTY` per day apart, plus a little when the platform or format agrees; a pair scoring at
least :data:`MIN_SCORE` is a match, each item at most once, best pairs first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from planner.columns import header_key
from planner.platforms.reading import Post

__all__ = ["Candidate", "match_posts", "candidates", "MIN_SCORE", "DAYS_BEFORE", "DAYS_AFTER", "DAY_PENALTY"]

#: A post may come this many days after its planned date …
DAYS_AFTER = 7
#: … or this many days before it.
DAYS_BEFORE = 3
#: Points taken from the title similarity per day between the planned date and the post.
DAY_PENALTY = 2.0
#: Points added when the platform (format) of the item is the post's.
SAME_PLATFORM, SAME_FORMAT = 3.0, 2.0
#: A pair scoring less is not a match.
MIN_SCORE = 65.0


@dataclass(frozen=True)
class Candidate:
    item_id: int
    title: str
    date: dt.date
    score: float


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


_YEARS = re.compile(r"\([^()]*\d{4}[^()]*\)")  # "(23/9/1945 – 23/9/2025)" after an anniversary's name


def _fold(text: str) -> str:
    """A title as compared: no anniversary years in brackets, no diacritics, case or punctuation."""
    return default_process(header_key(_YEARS.sub(" ", text)))


def _score(post: Post, platform: str, item: dict, folded: str) -> float:
    planned = item["date"].date() if hasattr(item["date"], "date") else item["date"]
    days = abs((_day(post.published_at) - planned).days)
    similarity = fuzz.token_set_ratio(_fold(post.title), folded) if post.title and folded else 0.0
    score = similarity - DAY_PENALTY * days
    score += SAME_PLATFORM if item["platform"] == platform else 0.0
    score += SAME_FORMAT if item["format"] == post.format else 0.0
    return round(min(score, 100.0), 1)


def _items(ws, posts: list[Post]) -> pd.DataFrame:
    days = [_day(p.published_at) for p in posts]
    frame = ws.items(start=min(days) - dt.timedelta(days=DAYS_AFTER), end=max(days) + dt.timedelta(days=DAYS_BEFORE),
                     units=sorted({p.unit_id for p in posts}))
    return frame[frame["status"] != "cancelled"]


def _in_window(post: Post, planned: dt.date) -> bool:
    day = _day(post.published_at)
    return planned - dt.timedelta(days=DAYS_BEFORE) <= day <= planned + dt.timedelta(days=DAYS_AFTER)


def candidates(ws, post: Post, platform: str, *, limit: int = 10) -> list[Candidate]:
    """The unit's items a post could be, best first (for correcting a match by hand), scored as the match does."""
    frame = _items(ws, [post])
    out = []
    for item in frame.to_dict("records"):
        planned = item["date"].date()
        if item["unit_id"] == post.unit_id and _in_window(post, planned):
            out.append(Candidate(int(item["item_id"]), item["title"], planned,
                                 _score(post, platform, item, _fold(item["title"]))))
    return sorted(out, key=lambda c: -c.score)[:limit]


def match_posts(ws, posts: Iterable[Post], platform: str, *, recorded: dict[str, int | None] | None = None,
                taken: set[int] | None = None) -> None:
    """Set ``item_id`` and ``score`` of each post: the item it is already recorded with (``recorded``: url →
    item id), else the best planned item as described above, else None. ``taken``: items that already have
    an output (not matched again)."""
    posts = list(posts)
    recorded = recorded or {}
    taken = set(taken or ())
    fresh = []
    for post in posts:
        if post.url in recorded:
            post.item_id, post.score = recorded[post.url], None
        else:
            post.item_id, post.score = None, None
            fresh.append(post)
    if not fresh:
        return
    frame = _items(ws, fresh)
    if frame.empty:
        return
    by_unit: dict[str, list[dict]] = {}
    for item in frame.to_dict("records"):
        if int(item["item_id"]) in taken:
            continue
        item["folded"] = _fold(item["title"])
        item["day"] = item["date"].date()
        by_unit.setdefault(item["unit_id"], []).append(item)
    pairs = []
    for n, post in enumerate(fresh):
        for item in by_unit.get(post.unit_id, []):
            if _in_window(post, item["day"]):
                score = _score(post, platform, item, item["folded"])
                if score >= MIN_SCORE:
                    pairs.append((-score, n, int(item["item_id"])))
    used_posts: set[int] = set()
    used_items: set[int] = set()
    for negative, n, item_id in sorted(pairs):
        if n in used_posts or item_id in used_items:
            continue
        fresh[n].item_id, fresh[n].score = item_id, -negative
        used_posts.add(n)
        used_items.add(item_id)

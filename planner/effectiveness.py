"""The effectiveness review (letter 555-CV/BTG, point 2): what reaches people, and what the public says.

Published outputs joined with their planned items are compared by format, platform, theme,
weekday and hour of posting; video duration (binned) against views; the best and worst
items. Every comparison comes with one plain Vietnamese sentence computed from the same
table (never written by hand), so what a figure shows and what its caption says cannot drift.

A public survey exported from an online form (age group, area, platforms used, preferred
formats, topics — the multi-select answers as ``"A, B"``) is read with :func:`read_survey`
and summarised by :func:`survey_shares` and :func:`survey_crosstab`.

Signatures::

    effect_frame(ws, *, start=None, end=None) -> DataFrame            # one row per output (EFFECT_COLUMNS)
    outputs_frame(outputs, items, units) -> DataFrame                 # the same, from frames (tests, benchmarks)
    compare(frame, by, *, measure="views", min_posts=MIN_POSTS) -> Comparison
    duration_effect(frame, *, split=60, bins=DURATION_BINS) -> Comparison
    best_worst(frame, *, n=5) -> Ranking
    review(ws, *, start=None, end=None) -> Review                     # everything notebook 05 draws, one read
    read_survey(path) -> DataFrame                  # SURVEY_COLUMNS; DataError naming file, row, column
    survey_shares(survey, question) -> Comparison
    survey_crosstab(survey, row, column) -> Comparison

Statistics: the middle value (median) of views per post is compared, not the mean — a few
viral posts would otherwise decide every comparison. Groups with fewer than
:data:`MIN_POSTS` posts are shown but not compared. An unknown count (``None`` in the
outputs) stays unknown: it is left out, never read as 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.calendars.names import WEEKDAY_NAMES, format_date
from planner.errors import DataError, DataProblem, InvalidValueError
from planner.model import FORMATS, PLATFORMS, THEMES
from planner.strings import EFFECT_LABELS as L
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, THEME_LABELS

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = [
    "EFFECT_COLUMNS",
    "DIMENSIONS",
    "DURATION_BINS",
    "MIN_POSTS",
    "SURVEY_COLUMNS",
    "SURVEY_QUESTIONS",
    "SURVEY_CHOICES",
    "Comparison",
    "Ranking",
    "Review",
    "effect_frame",
    "outputs_frame",
    "compare",
    "duration_effect",
    "best_worst",
    "review",
    "read_survey",
    "survey_shares",
    "survey_crosstab",
    "survey_overview",
    "shown_table",
    "shown_ranking",
    "number_text",
    "ratio_text",
]

#: Columns of :func:`effect_frame`: one row per recorded output.
EFFECT_COLUMNS = [
    "output_id",
    "item_id",
    "unit_id",
    "unit_name",
    "platform",
    "format",
    "theme",
    "title",
    "published_at",
    "has_time",
    "weekday",
    "hour",
    "duration_s",
    "views",
    "shares",
    "reactions",
    "comments",
    "reach",
]
#: Theme code of a post that matches no planned item (it has no theme of its own).
UNPLANNED = "unplanned"
#: Dimensions :func:`compare` accepts, in the order notebook 05 shows them.
DIMENSIONS = ("format", "platform", "theme", "weekday", "hour")
#: Fewest posts a group needs to take part in a comparison sentence.
MIN_POSTS = 5
#: Video duration bins in seconds: (lowest, highest) inclusive; ``None`` = no upper bound.
DURATION_BINS: tuple[tuple[int, int | None], ...] = ((0, 30), (31, 60), (61, 90), (91, 180), (181, None))
_MEASURES = ("views", "shares", "reach")
_COUNTS = ("views", "shares", "reactions", "comments", "duration_s")


# --------------------------------------------------------------------------- numbers in Vietnamese


def number_text(value: float | int) -> str:
    """``12.345`` (dot groups thousands) for a count; ``2,5`` (comma decimal) below 100 when not whole."""
    if value is None or pd.isna(value):
        return "—"
    if float(value).is_integer() or abs(value) >= 100:
        return f"{round(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def ratio_text(value: float) -> str:
    """``2,3`` — a ratio with one decimal and a decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def percent_text(value: float) -> str:
    """``42%`` of a share between 0 and 1."""
    return f"{round(value * 100)}%"


# --------------------------------------------------------------------------- results


@dataclass
class Comparison:
    """One comparison: the table a figure draws and the sentence under it.

    ``table`` has one row per group with ``group`` (a code), ``label`` (Vietnamese) and the
    statistics; ``sentence`` is computed from ``table``; ``dimension`` names what was compared.
    """

    dimension: str
    table: pd.DataFrame
    sentence: str
    measure: str = "views"
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Ranking:
    """Best and worst items by reach (views + shares), with a sentence naming both ends."""

    best: pd.DataFrame
    worst: pd.DataFrame
    sentence: str


@dataclass
class Review:
    """Everything notebook 05 draws, from one read of the workspace."""

    frame: pd.DataFrame
    comparisons: dict[str, Comparison]
    duration: Comparison
    ranking: Ranking
    summary: str
    start: dt.date | None = None
    end: dt.date | None = None


# --------------------------------------------------------------------------- the outputs, joined


def _day(value: Any, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise InvalidValueError(
            L["bad_day"].format(name=name, value=value), field=name, value=value, allowed="ngày, ví dụ 2025-01-31"
        )
    return stamp.date()


def outputs_frame(outputs: pd.DataFrame, items: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Outputs (``Workspace.outputs()`` columns) joined with their items' theme and title and the units'
    short names: :data:`EFFECT_COLUMNS`.

    ``hour`` is known only for a post whose time of posting was recorded (platform exports);
    a report giving only the day has ``has_time`` False and ``hour`` <NA>. ``reach`` is views +
    shares, counting an unknown part as nothing, and unknown when both are unknown.
    """
    out = outputs.copy()
    item_part = items[["item_id", "theme", "title"]].rename(columns={"title": "item_title"})
    out["item_id"] = out["item_id"].astype("Int64")
    item_part = item_part.assign(item_id=item_part["item_id"].astype("Int64"))
    out = out.merge(item_part, on="item_id", how="left")
    own_title = out["title"] if "title" in out.columns else pd.Series("", index=out.index)
    out["title"] = out["item_title"].where(out["item_title"].notna() & (out["item_title"] != ""), own_title)
    out["title"] = out["title"].fillna("")
    out["theme"] = out["theme"].fillna(UNPLANNED)
    names = dict(zip(units["unit_id"], units["short_name"], strict=True))
    out["unit_name"] = out["unit_id"].map(names).fillna(out["unit_id"])
    stamp = pd.to_datetime(out["published_at"], errors="coerce")
    out["published_at"] = stamp
    out["has_time"] = stamp.notna() & (stamp != stamp.dt.normalize())
    out["weekday"] = stamp.dt.day_of_week.astype("Int64")
    out["hour"] = stamp.dt.hour.astype("Int64").where(out["has_time"])
    for name in _COUNTS:
        out[name] = pd.to_numeric(out[name], errors="coerce").astype("Int64") if name in out else pd.NA
    both_unknown = out["views"].isna() & out["shares"].isna()
    out["reach"] = (out["views"].fillna(0) + out["shares"].fillna(0)).astype("Int64").mask(both_unknown)
    return out[EFFECT_COLUMNS].reset_index(drop=True)


def effect_frame(ws: Workspace, *, start: Any = None, end: Any = None) -> pd.DataFrame:
    """Every recorded output published between ``start`` and ``end`` (dates, inclusive; None = open),
    joined with its item and unit: :data:`EFFECT_COLUMNS`. Outputs without a publication day are left out
    when a bound is given."""
    first, last = _day(start, "start"), _day(end, "end")
    if first and last and first > last:
        raise InvalidValueError(
            L["bad_range"].format(start=format_date(first), end=format_date(last)), field="start", value=start
        )
    frame = outputs_frame(ws.outputs(), ws.items(), ws.units())
    day = frame["published_at"].dt.normalize()
    keep = pd.Series(True, index=frame.index)
    if first:
        keep &= day >= pd.Timestamp(first)
    if last:
        keep &= day <= pd.Timestamp(last)
    return frame[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- comparisons


def _labels(dimension: str) -> Mapping[Any, str]:
    if dimension == "format":
        return FORMAT_LABELS
    if dimension == "platform":
        return PLATFORM_LABELS
    if dimension == "theme":
        return {**THEME_LABELS, UNPLANNED: L["unplanned"]}
    if dimension == "weekday":
        return dict(enumerate(WEEKDAY_NAMES))
    if dimension == "hour":
        return {h: L["hour_label"].format(hour=h) for h in range(24)}
    return {}


def _order(dimension: str) -> list:
    return {
        "format": list(FORMATS),
        "platform": list(PLATFORMS),
        "theme": [*THEMES, UNPLANNED],
        "weekday": list(range(7)),
        "hour": list(range(24)),
    }.get(dimension, [])


def _group_table(frame: pd.DataFrame, key: pd.Series, measure: str) -> pd.DataFrame:
    """posts, known (posts whose measure is known), median, mean, total of ``measure`` and of shares per group."""
    values = frame[measure].astype("Float64")
    shares = frame["shares"].astype("Float64")
    grouped = pd.DataFrame({"group": key, "value": values, "shares": shares}).groupby("group", sort=False)
    table = pd.DataFrame(
        {
            "posts": grouped.size(),
            "known": grouped["value"].count(),
            "median": grouped["value"].median(),
            "mean": grouped["value"].mean(),
            "total": grouped["value"].sum(min_count=1),
            "shares_total": grouped["shares"].sum(min_count=1),
        }
    )
    return table


def _sentence(dimension: str, table: pd.DataFrame, measure: str, min_posts: int) -> str:
    what = L[f"dim_{dimension}"]
    unit = L[f"measure_{measure}_unit"]
    ranked = table[table["known"] >= min_posts].sort_values(["median", "known"], ascending=[False, False])
    if ranked.empty:
        return L["sentence_none"].format(dimension=what, min_posts=min_posts)
    top = ranked.iloc[0]
    if len(ranked) == 1:
        return L["sentence_one"].format(
            dimension=what, label=top["label"], median=number_text(top["median"]), unit=unit,
            posts=number_text(top["known"]), min_posts=min_posts,
        )
    low = ranked.iloc[-1]
    if low["median"] > 0:
        times = L["times"].format(ratio=ratio_text(top["median"] / low["median"]))
    else:
        times = L["times_zero"]
    return L["sentence_compare"].format(
        dimension=what, best=top["label"], best_median=number_text(top["median"]), unit=unit,
        best_posts=number_text(top["known"]), times=times, worst=low["label"],
        worst_median=number_text(low["median"]), worst_posts=number_text(low["known"]),
    )


def _check_measure(measure: str) -> None:
    if measure not in _MEASURES:
        raise InvalidValueError(
            L["bad_measure"].format(value=measure, allowed=", ".join(_MEASURES)),
            field="measure", value=measure, allowed=_MEASURES,
        )


def compare(
    frame: pd.DataFrame, by: str, *, measure: str = "views", min_posts: int = MIN_POSTS, among: str | None = None
) -> Comparison:
    """Posts grouped by ``by`` (one of :data:`DIMENSIONS`): per group ``posts``, ``known`` (posts whose
    ``measure`` is known), ``median``, ``mean``, ``total`` of ``measure`` and ``shares_total``; the sentence
    names the group with the highest median and the one with the lowest, among groups with at least
    ``min_posts`` known values, and how many times more the first reaches.

    ``among`` (a format code) compares only the posts of that format — e.g. themes among short videos,
    so that a theme made mostly as videos is not credited with what the format does."""
    if by not in DIMENSIONS:
        raise InvalidValueError(
            L["bad_dimension"].format(value=by, allowed=", ".join(DIMENSIONS)), field="by", value=by,
            allowed=DIMENSIONS,
        )
    _check_measure(measure)
    if among is not None and among not in FORMATS:
        raise InvalidValueError(
            L["bad_among"].format(value=among, allowed=", ".join(FORMATS)), field="among", value=among,
            allowed=FORMATS,
        )
    rows = frame if among is None else frame[frame["format"] == among]
    rows = rows if by != "hour" else rows[rows["hour"].notna()]
    key = rows[by].astype(object) if by not in ("weekday", "hour") else rows[by].astype("int64")
    table = _group_table(rows, key, measure)
    order = [g for g in _order(by) if g in table.index] + [g for g in table.index if g not in _order(by)]
    table = table.loc[order].rename_axis("group").reset_index()
    labels = _labels(by)
    table.insert(1, "label", [labels.get(g, str(g)) for g in table["group"]])
    table["compared"] = table["known"] >= min_posts
    sentence = _sentence(by, table, measure, min_posts)
    title = L[f"title_{by}"].format(measure=L[f"measure_{measure}"])
    if among is not None:
        what = FORMAT_LABELS[among]
        sentence = L["among_sentence"].format(format=what.lower(), sentence=sentence[:1].lower() + sentence[1:])
        title = L["among_title"].format(title=title, format=what.lower())
    return Comparison(by, table, sentence, measure=measure, title=title,
                      extra={"min_posts": min_posts, "among": among})


def _bin_label(low: int, high: int | None) -> str:
    if high is None:
        return L["bin_over"].format(low=low - 1)
    if low == 0:
        return L["bin_upto"].format(high=high)
    return L["bin_between"].format(low=low, high=high)


def duration_effect(
    frame: pd.DataFrame, *, split: int = 60, bins: Sequence[tuple[int, int | None]] = DURATION_BINS
) -> Comparison:
    """Videos (posts with a known duration; live streams, hours long, left out) binned by duration against
    views: per bin the same statistics as :func:`compare` and ``high`` (the bin's upper bound in seconds,
    <NA> for the last); the sentence compares videos of at most ``split`` seconds with longer ones (medians and counts).
    ``extra`` holds ``split``, ``short`` and ``long`` (median, videos)."""
    if not isinstance(split, int) or isinstance(split, bool) or split <= 0:
        raise InvalidValueError(L["bad_split"].format(value=split), field="split", value=split)
    videos = frame[frame["duration_s"].notna() & (frame["format"] != "livestream")]
    seconds = videos["duration_s"].astype("int64")
    key = pd.Series(pd.NA, index=videos.index, dtype=object)
    for low, high in bins:
        inside = (seconds >= low) & (seconds <= high if high is not None else True)
        key[inside] = _bin_label(low, high)
    videos, key = videos[key.notna()], key[key.notna()]
    table = _group_table(videos, key, "views")
    order = [_bin_label(lo, hi) for lo, hi in bins]
    table = table.reindex([b for b in order if b in table.index]).rename_axis("group").reset_index()
    table.insert(1, "label", table["group"])
    highs = {_bin_label(lo, hi): hi for lo, hi in bins}
    table["high"] = pd.array([highs[g] for g in table["group"]], dtype="Int64")
    table["compared"] = table["known"] >= 1
    views = videos["views"].astype("Float64")
    short = views[videos["duration_s"] <= split].dropna()
    long = views[videos["duration_s"] > split].dropna()
    extra = {
        "split": split,
        "short": (float(short.median()) if len(short) else None, len(short)),
        "long": (float(long.median()) if len(long) else None, len(long)),
    }
    if not len(short) or not len(long):
        sentence = L["duration_none"].format(split=split)
    else:
        s_med, l_med = extra["short"][0], extra["long"][0]
        if l_med > 0 and s_med >= l_med:
            how = L["duration_more"].format(ratio=ratio_text(s_med / l_med))
        elif s_med > 0 and l_med > s_med:
            how = L["duration_less"].format(ratio=ratio_text(l_med / s_med))
        else:
            how = L["duration_equal"] if s_med == l_med else L["times_zero"]
        sentence = L["duration_sentence"].format(
            split=split, short_median=number_text(s_med), short_n=number_text(len(short)), how=how,
            long_median=number_text(l_med), long_n=number_text(len(long)),
        )
    return Comparison("duration", table, sentence, measure="views", title=L["title_duration"], extra=extra)


def best_worst(frame: pd.DataFrame, *, n: int = 5) -> Ranking:
    """The ``n`` items with the highest and the lowest reach (views + shares). An item's posts on several
    platforms add up; a post matching no planned item stands alone. Columns: ``key, item_id, title,
    unit_name, format, platform, published_at, posts, views, shares, reach``."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise InvalidValueError(L["bad_n"].format(value=n), field="n", value=n)
    known = frame[frame["reach"].notna()].copy()
    known["key"] = [
        f"item-{int(i)}" if pd.notna(i) else f"post-{int(o)}" for i, o in zip(known["item_id"], known["output_id"],
                                                                              strict=True)
    ]
    grouped = known.sort_values("published_at").groupby("key", sort=False)
    table = grouped.agg(
        item_id=("item_id", "first"),
        title=("title", "first"),
        unit_name=("unit_name", "first"),
        format=("format", "first"),
        platform=("platform", lambda s: ", ".join(dict.fromkeys(s))),
        published_at=("published_at", "first"),
        posts=("output_id", "size"),
        views=("views", lambda s: s.sum(min_count=1)),
        shares=("shares", lambda s: s.sum(min_count=1)),
        reach=("reach", "sum"),
    ).reset_index()
    table = table.sort_values(["reach", "key"], ascending=[False, True]).reset_index(drop=True)
    best = table.head(n).reset_index(drop=True)
    worst = table.tail(n).sort_values(["reach", "key"]).reset_index(drop=True) if len(table) else table
    if table.empty:
        sentence = L["ranking_none"]
    else:
        def one(row) -> str:
            return L["ranking_item"].format(
                title=row["title"] or L["untitled"], unit=row["unit_name"],
                format=FORMAT_LABELS.get(row["format"], row["format"]),
                platform=", ".join(PLATFORM_LABELS.get(p, p) for p in row["platform"].split(", ")),
                reach=number_text(row["reach"]),
            )
        top, low = table.iloc[0], table.iloc[-1]
        sentence = L["ranking_sentence"].format(best=one(top), worst=one(low), items=number_text(len(table)))
        if len(table) > 1 and low["reach"] > 0:
            sentence += " " + L["ranking_ratio"].format(ratio=number_text(round(top["reach"] / low["reach"])))
    return Ranking(best, worst, sentence)


def review(ws: Workspace, *, start: Any = None, end: Any = None, min_posts: int = MIN_POSTS) -> Review:
    """Everything notebook 05 shows for the outputs published between ``start`` and ``end``."""
    frame = effect_frame(ws, start=start, end=end)
    comparisons = {dim: compare(frame, dim, min_posts=min_posts) for dim in DIMENSIONS}
    duration = duration_effect(frame)
    ranking = best_worst(frame)
    known = frame["views"].notna()
    summary = L["summary"].format(
        posts=number_text(len(frame)), units=number_text(frame["unit_id"].nunique()),
        views=number_text(frame["views"].sum()), shares=number_text(frame["shares"].sum()),
        known=number_text(int(known.sum())),
        planned=number_text(int(frame["item_id"].notna().sum())),
    )
    return Review(frame, comparisons, duration, ranking, summary, start=_day(start, "start"), end=_day(end, "end"))


# --------------------------------------------------------------------------- tables as shown


def shown_table(comparison: Comparison) -> pd.DataFrame:
    """``comparison.table`` as a person reads it: Vietnamese headers, counts written ``12.345``, shares in %."""
    table = comparison.table
    if comparison.measure == "share" and "respondents" in table:
        return pd.DataFrame({
            L["col_answer"]: table["label"],
            L["col_respondents"]: table["respondents"].map(number_text),
            L["col_share"]: table["share"].map(percent_text),
        })
    if comparison.measure == "share":  # a cross-tabulation: row groups × answers
        return table.map(percent_text)
    measure = L[f"measure_{comparison.measure}"]
    dimension = L[f"dim_{comparison.dimension}"]
    return pd.DataFrame({
        dimension[:1].upper() + dimension[1:]: table["label"],
        L["col_posts"]: table["posts"].map(number_text),
        L["col_known"]: table["known"].map(number_text),
        L["col_median"].format(measure=measure): table["median"].map(number_text),
        L["col_mean"].format(measure=measure): table["mean"].map(number_text),
        L["col_total"].format(measure=measure): table["total"].map(number_text),
        L["col_shares_total"]: table["shares_total"].map(number_text),
    })


def shown_ranking(table: pd.DataFrame) -> pd.DataFrame:
    """A :class:`Ranking` table (best or worst) as a person reads it."""
    return pd.DataFrame({
        L["col_title"]: table["title"].replace("", L["untitled"]),
        L["col_unit"]: table["unit_name"],
        L["col_format"]: table["format"].map(lambda f: FORMAT_LABELS.get(f, f)),
        L["col_platform"]: table["platform"].map(
            lambda ps: ", ".join(PLATFORM_LABELS.get(p, p) for p in ps.split(", "))),
        L["col_date"]: table["published_at"].map(lambda d: format_date(d.date()) if pd.notna(d) else ""),
        L["col_views"]: table["views"].map(number_text),
        L["col_shares"]: table["shares"].map(number_text),
        L["col_reach"]: table["reach"].map(number_text),
    })


# --------------------------------------------------------------------------- the public survey

#: The survey's questions: column code → the form's question (the CSV header).
SURVEY_QUESTIONS = {
    "submitted_at": "Dấu thời gian",
    "age_group": "Anh/chị thuộc nhóm tuổi nào?",
    "area": "Anh/chị đang sinh sống ở đâu?",
    "platforms": "Anh/chị thường xem tin tức trên những nền tảng nào?",
    "formats": "Anh/chị thích xem thông tin dưới hình thức nào?",
    "topics": "Anh/chị quan tâm đến những chủ đề nào?",
}
#: Answers of each question: code → the form's answer text (multi-select ones joined with ", " by the form).
SURVEY_CHOICES: dict[str, dict[str, str]] = {
    "age_group": {
        "under_18": "Dưới 18 tuổi",
        "18_30": "Từ 18 đến 30 tuổi",
        "31_45": "Từ 31 đến 45 tuổi",
        "46_60": "Từ 46 đến 60 tuổi",
        "over_60": "Trên 60 tuổi",
    },
    "area": {
        "phuong_1": "Phường 1",
        "phuong_2": "Phường 2",
        "thang_nhat": "Phường Thắng Nhất",
        "thang_tam": "Phường Thắng Tam",
        "rach_dua": "Phường Rạch Dừa",
        "nguyen_an_ninh": "Phường Nguyễn An Ninh",
        "long_son": "Xã Long Sơn",
        "other": "Nơi khác",
    },
    "platforms": {
        "facebook": "Facebook",
        "zalo": "Zalo",
        "tiktok": "TikTok",
        "youtube": "YouTube",
        "website": "Trang thông tin điện tử, báo điện tử",
        "tv": "Truyền hình, báo in",
    },
    "formats": {
        "short_video": "Video ngắn (dưới 1 phút)",
        "long_video": "Video dài, phóng sự",
        "post": "Tin ngắn kèm ảnh",
        "article": "Bài viết chuyên sâu",
        "infographic": "Infographic, hình ảnh minh họa",
        "livestream": "Phát trực tiếp",
    },
    "topics": {
        "leadership": "Chủ trương, chính sách của Đảng, Nhà nước",
        "event": "Sự kiện, ngày lễ lớn",
        "culture": "Văn hóa, du lịch, thể thao",
        "good_deeds": "Người tốt, việc tốt",
        "local": "Tin tức địa phương, thủ tục hành chính",
    },
}
#: Multi-select questions: a cell holds several answers joined with ", ".
MULTI = ("platforms", "formats", "topics")
#: Code of an answer typed into the form's "Khác" (other) box.
OTHER = "other"
#: Columns of :func:`read_survey`.
SURVEY_COLUMNS = ["respondent", "submitted_at", "age_group", "area", "platforms", "formats", "topics", "other"]


_SEPARATORS = ",;"


def _split_multi(text: str, choices: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """A multi-select cell → (codes, other answers). Google Forms joins answers with ", ", Microsoft Forms
    with ";". Answers may themselves contain ", ", so known answers are matched from the left, longest
    first; text matching none up to the next separator is an "other" answer."""
    by_text = sorted(((t, c) for c, t in choices.items()), key=lambda p: -len(p[0]))
    codes, others = [], []
    rest = text.strip(_SEPARATORS + " ")
    while rest:
        for answer, code in by_text:
            head, tail = rest[: len(answer)], rest[len(answer):]
            if head.casefold() == answer.casefold() and (not tail or tail[0] in _SEPARATORS):
                codes.append(code)
                rest = tail
                break
        else:
            cut = min((rest.find(sep) for sep in _SEPARATORS if sep in rest), default=len(rest))
            others.append(rest[:cut].strip())
            rest = rest[cut:]
        rest = rest.lstrip(_SEPARATORS + " ")
    return list(dict.fromkeys(codes)), [o for o in others if o]


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _submitted(text: str) -> pd.Timestamp | None:
    text = text.strip()
    for form in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y"):
        try:
            return pd.Timestamp(dt.datetime.strptime(text, form))
        except ValueError:
            continue
    return None


def read_survey(path: str | os.PathLike) -> pd.DataFrame:
    """Read a survey exported from an online form (CSV, UTF-8 with or without BOM): :data:`SURVEY_COLUMNS`.

    Headers are the questions of :data:`SURVEY_QUESTIONS` (columns may come in any order; other columns are
    ignored). Single answers (age group, area) must be one of :data:`SURVEY_CHOICES`; a multi-select cell
    holds answers joined with ``", "`` — an answer not among the choices is kept as an "other" answer
    (``other`` column; code ``other`` in the list). Every problem is reported at once
    (:class:`~planner.errors.DataError` naming file, row — the line in the file — and column); an empty file,
    a missing question or an unreadable file is refused the same way.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = DataProblem(name, None, None, L["survey_unreadable"].format(error=exc.strerror or exc))
        raise DataError([problem]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([DataProblem(name, None, None, L["survey_not_utf8"].format(position=exc.start))]) from None
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    if not rows:
        raise DataError([DataProblem(name, None, None, L["survey_empty"])])
    header = [_normal(h) for h in rows[0]]
    where: dict[str, int] = {}
    problems: list[DataProblem] = []
    for code, question in SURVEY_QUESTIONS.items():
        hits = [i for i, h in enumerate(header) if h.casefold() == _normal(question).casefold()]
        if not hits:
            problems.append(DataProblem(name, 1, question, L["survey_missing_column"]))
        elif len(hits) > 1:
            problems.append(DataProblem(name, 1, question, L["survey_twice"]))
        else:
            where[code] = hits[0]
    if problems:
        raise DataError(problems)
    records = []
    physical = _line_numbers(text)
    for number, row in zip(physical[1:], rows[1:], strict=True):
        cells = {code: _normal(row[i]) if i < len(row) else "" for code, i in where.items()}
        record: dict[str, Any] = {"respondent": len(records) + 1, "other": []}
        when = _submitted(cells["submitted_at"])
        if when is None:
            problems.append(DataProblem(name, number, SURVEY_QUESTIONS["submitted_at"], L["survey_bad_time"].format(
                value=cells["submitted_at"])))
        record["submitted_at"] = when
        for code in ("age_group", "area"):
            answer = cells[code]
            found = [c for c, t in SURVEY_CHOICES[code].items() if t.casefold() == answer.casefold()]
            if not found:
                problems.append(DataProblem(name, number, SURVEY_QUESTIONS[code], L["survey_bad_answer"].format(
                    value=answer or L["empty"], allowed="; ".join(SURVEY_CHOICES[code].values()))))
            record[code] = found[0] if found else None
        for code in MULTI:
            codes, others = _split_multi(cells[code], SURVEY_CHOICES[code])
            if others:
                codes.append(OTHER)
                record["other"].extend(others)
            record[code] = tuple(codes)
        records.append(record)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame.from_records(records, columns=SURVEY_COLUMNS)
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"])
    frame["other"] = frame["other"].map(tuple)
    frame.attrs["source"] = str(path)
    return frame


def _line_numbers(text: str) -> list[int]:
    """The file line on which each non-empty CSV record starts (a quoted cell may span lines)."""
    starts = []
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for row in reader:
        if any(c.strip() for c in row):
            starts.append(line)
        line = reader.line_num + 1
    return starts


def _answer_labels(question: str) -> dict[str, str]:
    labels = dict(SURVEY_CHOICES[question])
    if question in MULTI:
        labels[OTHER] = L["survey_other"]
    return labels


def _check_question(question: str, *, multi_ok: bool = True) -> None:
    allowed = [q for q in SURVEY_CHOICES if multi_ok or q not in MULTI]
    if question not in allowed:
        raise InvalidValueError(
            L["bad_question"].format(value=question, allowed=", ".join(allowed)), field="question", value=question,
            allowed=tuple(allowed),
        )


def _answers(survey: pd.DataFrame, question: str) -> pd.DataFrame:
    """One row per (respondent, answer)."""
    part = survey[["respondent", question]]
    if question in MULTI:
        part = part.explode(question)
    return part.dropna()


def survey_shares(survey: pd.DataFrame, question: str) -> Comparison:
    """How many respondents chose each answer of ``question`` and their share of all respondents (a
    multi-select answer: shares add up to more than 100%). Table: ``group, label, respondents, share``."""
    _check_question(question)
    labels = _answer_labels(question)
    answers = _answers(survey, question)
    counts = answers.groupby(question)["respondent"].nunique()
    total = survey["respondent"].nunique()
    order = [c for c in labels if c in counts.index]
    table = pd.DataFrame({"group": order, "label": [labels[c] for c in order],
                          "respondents": [int(counts[c]) for c in order]})
    table["share"] = table["respondents"] / total if total else 0.0
    table = table.sort_values(["respondents", "group"], ascending=[False, True]).reset_index(drop=True)
    what = L[f"survey_{question}"]
    if table.empty:
        sentence = L["survey_none"].format(question=what)
    else:
        top, low = table.iloc[0], table.iloc[-1]
        tied = table[table["respondents"] == top["respondents"]]["label"]
        sentence = L["survey_share_sentence"].format(
            question=what, label=L["and"].join(f"“{t}”" for t in tied), share=percent_text(top["share"]),
            respondents=number_text(top["respondents"]), total=number_text(total),
            each=L["each_choice"] if len(tied) > 1 else "",
        )
        if low["respondents"] < top["respondents"]:
            sentence += " " + L["survey_share_low"].format(label=low["label"], share=percent_text(low["share"]))
    return Comparison(question, table, sentence, measure="share", title=L[f"survey_title_{question}"],
                      extra={"respondents": total})


def survey_crosstab(survey: pd.DataFrame, row: str, column: str) -> Comparison:
    """Share of the respondents of each ``row`` group (age group or area) who chose each answer of
    ``column``: ``table`` is a wide frame, index the row labels, columns the answer labels, values 0–1;
    ``extra["counts"]`` the respondents per cell and ``extra["base"]`` the respondents per row group.
    The sentence names, for the first and the last row group, the answer each chose most."""
    _check_question(row, multi_ok=False)
    _check_question(column)
    if row == column:
        raise InvalidValueError(L["bad_crosstab"], field="column", value=column)
    rows, cols = SURVEY_CHOICES[row], _answer_labels(column)
    answers = survey[["respondent", row]].merge(_answers(survey, column), on="respondent")
    counts = pd.crosstab(answers[row], answers[column])
    base = survey.groupby(row)["respondent"].nunique()
    row_order = [r for r in rows if r in base.index]
    col_order = [c for c in cols if c in counts.columns]
    counts = counts.reindex(index=row_order, columns=col_order, fill_value=0)
    shares = counts.div(base.reindex(row_order), axis=0)
    table = shares.rename(index=rows, columns=cols)
    table.index.name, table.columns.name = _capital(L[f"survey_{row}"]), _capital(L[f"survey_{column}"])
    parts = []
    for code in row_order[:1] + row_order[-1:] if len(row_order) > 1 else row_order:
        top = shares.loc[code].idxmax()
        parts.append(L["crosstab_part"].format(group=rows[code], answer=cols[top],
                                               share=percent_text(shares.loc[code, top])))
    sentence = (L["crosstab_sentence"].format(column=L[f"survey_{column}"], parts="; ".join(parts))
                if parts else L["survey_none"].format(question=L[f"survey_{column}"]))
    return Comparison(f"{row}×{column}", table, sentence, measure="share",
                      title=_capital(L["crosstab_title"].format(row=L[f"survey_{row}"], column=L[f"survey_{column}"])),
                      extra={"counts": counts, "base": base.reindex(row_order), "codes": shares})


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def survey_overview(survey: pd.DataFrame) -> str:
    """One sentence: how many answered, and when."""
    when = survey["submitted_at"].dropna()
    return L["survey_overview"].format(
        total=number_text(len(survey)),
        first=format_date(when.min().date()) if len(when) else "—",
        last=format_date(when.max().date()) if len(when) else "—",
    )

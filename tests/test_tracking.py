"""Completion of targets, fast / short / wide, ranking and the dashboard's data (planner.tracking).

The expected figures are computed here with plain pandas from the raw outputs and the targets
as written in the test — never with planner.tracking's own helpers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import planner
from planner import tracking
from planner.errors import InvalidValueError, PlannerError

P1, P2, WOMEN = "dang-uy-phuong-1", "dang-uy-phuong-2", "hoi-phu-nu"
UNITS = [P1, P2, WOMEN]


def _post(n: int, unit: str, at, *, platform="facebook", fmt="post", duration=None, views=None, shares=None,
          item=None) -> dict:
    return {"unit_id": unit, "platform": platform, "format": fmt, "url": f"https://example.vn/{unit}/{n}",
            "title": f"Bài {n}", "published_at": at, "duration_s": duration, "views": views, "shares": shares,
            "reactions": None, "comments": None, "item_id": item}


TARGETS = [
    # every party committee: 3 short videos and 4 posts a month (Mar–May)
    *[{"unit_kind": "party_committee", "period": "month", "period_start": dt.date(2025, m, 1), "format": f,
       "count": c} for m in (3, 4, 5) for f, c in (("short_video", 3), ("post", 4))],
    # P2's own post target for April replaces the kind's
    {"unit_id": P2, "period": "month", "period_start": dt.date(2025, 4, 1), "format": "post", "count": 2},
    # the women's union: 5 outputs of any kind on TikTok in Q2, 10 of any kind in 2025
    {"unit_id": WOMEN, "period": "quarter", "period_start": dt.date(2025, 4, 1), "platform": "tiktok", "count": 5},
    {"unit_id": WOMEN, "period": "year", "period_start": dt.date(2025, 1, 1), "count": 10},
]


@pytest.fixture
def tracked(workspace):
    ws = workspace
    ws.set_targets(TARGETS, replace=True)
    item = ws.add_item(unit_id=P1, format="post", platform="facebook", theme="event", date=dt.date(2025, 4, 10),
                       title="Kỷ niệm")
    posts = [
        # P1: boundary days of March / April
        _post(1, P1, dt.datetime(2025, 3, 31, 23, 59), views=100, shares=5),
        _post(2, P1, dt.datetime(2025, 4, 1, 0, 0), views=50),
        _post(3, P1, "2025-04-10", item=item, views=10),  # matched to an item
        _post(4, P1, "2025-04-11", platform="tiktok", fmt="short_video", duration=30, views=1000),
        _post(5, P1, "2025-04-12", platform="tiktok", fmt="short_video", duration=200),
        _post(6, P1, "2025-04-13", platform="zalo", fmt="short_video"),  # duration unknown
        *[_post(10 + k, P1, f"2025-04-{14 + k}") for k in range(3)],  # 3 more posts: 5 posts in April
        # P2: April
        _post(20, P2, "2025-04-02"),
        _post(21, P2, "2025-04-03", fmt="short_video", duration=60),
        # women: TikTok in Q2 and one on 30/6 / 1/7
        _post(30, WOMEN, "2025-05-05", platform="tiktok", fmt="short_video", duration=15),
        _post(31, WOMEN, dt.datetime(2025, 6, 30, 23, 0), platform="tiktok", fmt="photo"),
        _post(32, WOMEN, dt.datetime(2025, 7, 1, 0, 30), platform="tiktok", fmt="photo"),
        _post(33, WOMEN, "2025-12-31", platform="facebook", fmt="article"),
        _post(34, WOMEN, "2026-01-01", platform="facebook", fmt="article"),
    ]
    ws.record_platform_outputs(posts, source="tests")
    return ws


def _expected(ws, period: str, start: str, end: str) -> pd.DataFrame:
    """Completion recomputed with plain pandas from the raw outputs and TARGETS."""
    out = ws.outputs()
    out = out[out["unit_id"].isin(UNITS)].copy()
    key = {"month": "M", "quarter": "Q", "year": "Y"}[period]
    out["bucket"] = out["published_at"].dt.to_period(key).dt.start_time.dt.date
    kinds = ws.units().set_index("unit_id")["kind"]
    rows = []
    for t in TARGETS:
        units = [t["unit_id"]] if "unit_id" in t else [u for u in UNITS if kinds[u] == t["unit_kind"]]
        for unit in units:
            rows.append({"unit_id": unit, "period_kind": t["period"], "period_start": t["period_start"],
                         "format": t.get("format") or "any", "platform": t.get("platform") or "any",
                         "target": t["count"], "own": "unit_id" in t})
    targets = pd.DataFrame(rows).sort_values("own", ascending=False)
    targets = targets.drop_duplicates(["unit_id", "period_kind", "period_start", "format", "platform"])
    # a quarter's (year's) target: the one set for it, else the sum of its parts' (the finest level under it)
    level = {"month": 0, "quarter": 1, "year": 2}
    targets = targets[targets["period_kind"].map(level) <= level[period]].copy()
    targets["period_start"] = [pd.Timestamp(s).to_period(key).start_time.date() for s in targets["period_start"]]
    targets["level"] = targets["period_kind"].map(level)
    groups = ["unit_id", "period_start", "format", "platform"]
    targets = targets[targets["level"] == targets.groupby(groups)["level"].transform("max")]
    targets = targets.groupby(groups, as_index=False)["target"].sum()
    lo, hi = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    targets = targets[(targets["period_start"] <= hi)]
    targets = targets[[pd.Timestamp(s).to_period(key).end_time.date() >= lo for s in targets["period_start"]]]

    def actual(row):
        m = (out["unit_id"] == row["unit_id"]) & (out["bucket"] == row["period_start"])
        if row["format"] != "any":
            m &= out["format"] == row["format"]
        if row["platform"] != "any":
            m &= out["platform"] == row["platform"]
        return int(m.sum())

    targets["actual"] = targets.apply(actual, axis=1)
    targets["ratio"] = targets["actual"] / targets["target"]
    return targets.sort_values(["unit_id", "period_start", "format", "platform"]).reset_index(drop=True)


@pytest.mark.parametrize(
    "period, start, end",
    [("month", "2025-03-01", "2025-05-31"), ("quarter", "2025-04-01", "2025-06-30"),
     ("year", "2025-01-01", "2025-12-31"), ("month", "2025-04-15", "2025-04-15")],
)
def test_completion_matches_plain_pandas(tracked, period, start, end):
    got = planner.completion(tracked, period=period, start=start, end=end, units=UNITS)
    want = _expected(tracked, period, start, end)
    assert len(got) == len(want) > 0
    for name in ("unit_id", "format", "platform", "target", "actual"):
        assert got[name].tolist() == want[name].tolist(), name
    assert got["period_start"].tolist() == want["period_start"].tolist()
    assert np.allclose(got["ratio"], want["ratio"])


def test_columns_statuses_and_labels(tracked):
    got = planner.completion(tracked, period="month", start="2025-04-01", end="2025-04-30", units=UNITS)
    assert list(got.columns) == tracking.COMPLETION_COLUMNS
    assert set(got["period"]) == {"2025-04"}
    for row in got.to_dict("records"):
        ratio = row["actual"] / row["target"]
        want = "met" if ratio >= tracking.MET else "behind" if ratio >= tracking.BEHIND else "far_behind"
        assert row["status"] == want and row["status_label"] == {"met": "Đạt", "behind": "Chưa đạt",
                                                                 "far_behind": "Còn xa chỉ tiêu"}[want]
        assert row["missing"] == max(0, row["target"] - row["actual"])
    p1 = got[got["unit_id"] == P1].set_index("format")
    # 5 posts in April (1/4 00:00 counts in April, 31/3 23:59 does not), the matched one included
    assert p1.loc["post", "actual"] == 5 and p1.loc["post", "status"] == "met"
    assert p1.loc["short_video", "actual"] == 3
    p2 = got[got["unit_id"] == P2].set_index("format")
    assert p2.loc["post", "target"] == 2  # its own target replaced the kind's 4
    assert p1.loc["post", "unit_name"] == "Đảng ủy Phường 1"


def test_unit_kind_targets_expand_to_each_unit_of_the_kind(workspace):
    targets = workspace.targets()
    expanded = tracking.expand_targets(targets, workspace.units())
    committees = workspace.units().query("kind == 'party_committee'")["unit_id"]
    monthly = expanded[(expanded["period"] == "month") & (expanded["format"] == "short_video")
                       & (expanded["period_start"] == dt.date(2025, 5, 1))]
    assert set(committees) <= set(monthly["unit_id"])
    assert (monthly.set_index("unit_id").loc[list(committees), "count"] == 8).all()
    assert (expanded["format"] != "").all() and expanded["format"].notna().all()


def test_quarter_and_year_add_up_month_targets_at_the_boundaries(tracked):
    quarter = planner.completion(tracked, period="quarter", start="2025-01-01", end="2025-06-30", units=[P1])
    q = quarter.set_index(["period", "format"])
    assert q.loc[("2025-Q1", "post"), "target"] == 4 and q.loc[("2025-Q1", "post"), "actual"] == 1  # 31/3 23:59
    assert q.loc[("2025-Q2", "post"), "target"] == 8 and q.loc[("2025-Q2", "post"), "actual"] == 5
    year = planner.completion(tracked, period="year", start="2025-06-01", end="2025-06-01", units=[P1])
    assert year.set_index("format").loc["short_video", "target"] == 9
    women = planner.completion(tracked, period="quarter", start="2025-04-01", end="2025-09-30", units=[WOMEN])
    w = women.set_index("period")
    assert w.loc["2025-Q2", "actual"] == 2  # 5/5 and 30/6 23:00 on TikTok; 1/7 is Q3 (which has no target)
    assert "2025-Q3" not in w.index
    yearly = planner.completion(tracked, period="year", start="2025-01-01", end="2025-12-31", units=[WOMEN])
    assert yearly.set_index("platform").loc["any", "actual"] == 4  # 31/12/2025 counts, 1/1/2026 does not


def test_outputs_that_match_no_item_still_count(tracked):
    out = tracked.outputs()
    assert out["item_id"].notna().sum() == 1 and len(out) > 10
    got = planner.completion(tracked, period="month", start="2025-04-01", end="2025-04-30", units=[P1])
    assert got.set_index("format").loc["post", "actual"] == 5  # 1 matched + 4 unmatched


def test_period_labels():
    assert tracking.period_label(dt.date(2025, 5, 31), "month") == "2025-05"
    assert tracking.period_label("1/4/2025", "quarter") == "2025-Q2"
    assert tracking.period_label("2025-03-31", "quarter") == "2025-Q1"
    assert tracking.period_label(pd.Timestamp("2025-12-31"), "year") == "2025"
    assert tracking.period_start("15/8/2025", "quarter") == dt.date(2025, 7, 1)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"period": "week", "start": "2025-01-01", "end": "2025-01-31"}, "Kỳ"),
        ({"period": "month", "start": "2025-02-01", "end": "2025-01-01"}, "trước ngày kết thúc"),
        ({"period": "month", "start": None, "end": "2025-01-01"}, "thiếu"),
        ({"period": "month", "start": "30/2/2025", "end": "2025-03-01"}, "không tồn tại"),
        ({"period": "month", "start": "2025-01-01", "end": "2025-01-31", "units": ["khong-co"]}, "Không có đơn vị"),
    ],
)
def test_bad_arguments_are_refused_in_vietnamese(workspace, kwargs, words):
    with pytest.raises(InvalidValueError) as caught:
        planner.completion(workspace, **kwargs)
    assert words in str(caught.value)


def test_fast_short_wide(tracked):
    short = tracking.short(tracked, start="2025-04-01", end="2025-04-30", units=UNITS).set_index("unit_id")
    # P1 in April: durations 30, 200 and unknown → 2 videos with a known length, 1 short
    assert short.loc[P1, "videos"] == 2 and short.loc[P1, "short_videos"] == 1 and short.loc[P1, "share"] == 0.5
    assert short.loc[P2, "share"] == 1.0 and np.isnan(short.loc[WOMEN, "share"])
    part = tracking.short(tracked, start="11/4/2025", end="11/4/2025", units=[P1]).set_index("unit_id")
    assert part.loc[P1, "videos"] == 1 and part.loc[P1, "share"] == 1.0  # a part of a month: read by day
    wide = tracking.wide(tracked, start="2025-03-01", end="2025-04-30", units=UNITS).set_index("unit_id")
    assert wide.loc[P1, "platforms"] == 3 and wide.loc[P1, "platform_list"] == "Facebook, TikTok, Zalo"
    assert wide.loc[P1, "reach"] == 100 + 5 + 50 + 10 + 1000  # views + shares, the known ones
    assert wide.loc[P2, "platforms"] == 1 and pd.isna(wide.loc[P2, "reach"])  # nothing known: not 0
    assert wide.loc[WOMEN, "platforms"] == 0 and wide.loc[WOMEN, "outputs"] == 0
    fast = tracking.fast(tracked, start="2025-04-01", end="2025-04-30", units=UNITS).set_index("unit_id")
    # the one matched post: planned 10/4, published 10/4 (a day only: noon) → 12 hours
    assert fast.loc[P1, "items"] == 1 and fast.loc[P1, "median_hours"] == 12.0 and fast.loc[P1, "within_24h"] == 1
    assert fast.loc[P2, "items"] == 0 and np.isnan(fast.loc[P2, "median_hours"])


def test_fast_counts_from_the_occurrence(workspace):
    ws = workspace
    item = ws.add_item(unit_id=P1, format="post", platform="facebook", theme="event", date=dt.date(2025, 5, 2),
                       title="Sau sự kiện")
    ws.update_item(item, version=ws.item(item)["version"], occurrence_date=dt.date(2025, 5, 1))
    ws.record_platform_outputs([_post(1, P1, dt.datetime(2025, 5, 3, 6, 0), item=item)], source="t")
    fast = tracking.fast(ws, start="2025-05-01", end="2025-05-31", units=[P1]).set_index("unit_id")
    assert fast.loc[P1, "median_hours"] == 54.0  # 1/5 00:00 → 3/5 06:00


def test_ranking_orders_units_by_capped_completion(tracked):
    ranked = tracking.ranking(tracked, period="month", start="2025-04-01", end="2025-04-30", units=UNITS)
    assert list(ranked.columns) == tracking.RANKING_COLUMNS
    assert ranked["rank"].tolist() == [1, 2, 3]
    by = ranked.set_index("unit_id")
    # P1: posts 5/4 (counts 4), videos 3/3 → 7/7; P2: posts 1/2, videos 1/3 → 2/5
    assert by.loc[P1, "ratio"] == 1.0 and by.loc[P1, "rank"] == 1
    assert by.loc[P2, "ratio"] == pytest.approx(2 / 5)
    assert by.loc[WOMEN, "rank"] == 3 and pd.isna(by.loc[WOMEN, "ratio"])  # no April target: last


def test_dashboard_data_reads_everything_at_once(tracked):
    data = tracking.dashboard_data(tracked, period="month", start="2025-04-01", end="2025-04-30", units=UNITS)
    assert data.completion.equals(
        planner.completion(tracked, period="month", start="2025-04-01", end="2025-04-30", units=UNITS))
    heat = data.heatmap
    assert set(heat["period"]) == {f"2025-W{w:02d}" for w in range(14, 19)}  # the ISO weeks of April
    p1 = heat[heat["unit_id"] == P1]
    assert p1["target"].sum() == pytest.approx(7)  # April's 3 + 4 spread over its days
    assert p1["actual"].sum() == 8  # April's 5 posts + 3 short videos, counted toward their targets
    assert set(data.trend["period"]) == {f"2025-{m:02d}" for m in range(1, 13)}
    assert data.trend.set_index("period").loc["2025-04", "actual"] >= 8
    assert set(data.behind["status"]) <= {"behind", "far_behind"} and len(data.behind)
    assert data.behind["missing_text"].str.contains("Tháng 4/2025").all()
    assert data.ranking["rank"].tolist() == [1, 2, 3]
    assert {"fast", "short", "wide"} <= set(data.definitions) and "90 giây" in data.definitions["short"]
    assert set(data.short["unit_id"]) == set(UNITS) and set(data.wide["unit_id"]) == set(UNITS)
    year = tracking.dashboard_data(tracked, period="year", start="2025-01-01", end="2025-12-31", units=UNITS)
    assert set(year.heatmap["period"]) <= {f"2025-{m:02d}" for m in range(1, 13)}
    women = year.heatmap[year.heatmap["unit_id"] == WOMEN]
    assert women["target"].sum() == pytest.approx(10 + 5)  # the year's 10 and Q2's 5, spread over their days


def test_definitions_state_the_thresholds():
    text = " ".join(tracking.DEFINITIONS.values())
    assert f"{round(tracking.MET * 100)}%" in text and f"{round(tracking.BEHIND * 100)}%" in text
    assert "không có trong kế hoạch" in tracking.DEFINITIONS["completion"]


def test_no_targets_gives_an_empty_frame_with_the_columns(workspace):
    workspace.delete_targets(workspace.targets()["target_id"].tolist())
    got = planner.completion(workspace, period="month", start="2025-01-01", end="2025-12-31")
    assert got.empty and list(got.columns) == tracking.COMPLETION_COLUMNS
    data = tracking.dashboard_data(workspace, period="quarter", start="2025-01-01", end="2025-03-31")
    assert data.completion.empty and data.heatmap.empty and data.behind.empty


def test_read_only_workspace_reads_completion(tracked):
    reader = planner.open_workspace(tracked.folder, read_only=True)
    try:
        got = planner.completion(reader, period="month", start="2025-04-01", end="2025-04-30", units=UNITS)
        assert len(got) == 4
    finally:
        reader.close()
    with pytest.raises(PlannerError):
        planner.completion(tracked, period="month", start="2025-04-01", end="2025-04-30", units="khong-co")


def test_period_bounds_of_months_quarters_and_years_and_refusals():
    from planner.tracking import period_bounds

    assert period_bounds("month", 2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))  # leap year
    assert period_bounds("month", 2025, 12) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert period_bounds("quarter", 2025, 4) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert period_bounds("quarter", 2025, None) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert period_bounds("year", 2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    for period, which in (("month", 13), ("month", 0), ("quarter", 5), ("month", "5"), ("month", True)):
        with pytest.raises(InvalidValueError, match="không hợp lệ"):
            period_bounds(period, 2025, which)
    with pytest.raises(InvalidValueError, match="Kỳ 'week'"):
        period_bounds("week", 2025, 1)

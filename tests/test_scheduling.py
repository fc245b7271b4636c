"""The scheduling rules of planner.scheduling, on small hand-made frames (no workspace).

Expected values are counted here with plain datetime arithmetic (Monday = date - weekday),
never with the module's own helpers.
"""

import datetime as dt
import random

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.scheduling import REASON_DAYS_OFF, REASON_FULL, schedule, schedule_rows

D = dt.date


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _item(key, unit, anchor, offset, lo=-7, hi=1, campaign=None):
    return {
        "plan_key": key,
        "unit_id": unit,
        "ideal": anchor + dt.timedelta(days=offset),
        "earliest": anchor + dt.timedelta(days=lo),
        "latest": anchor + dt.timedelta(days=hi),
        "anchor": anchor,
        "offset": offset,
        "campaign": campaign,
    }


def test_weekly_ceiling_spreads_items_to_nearby_weeks():
    anchor = D(2025, 3, 19)  # a Wednesday
    rows = [_item(f"k{i}", "u", anchor, -3, lo=-21, hi=1) for i in range(5)]
    out = schedule_rows(rows, ceiling=2)
    dates = sorted(r["date"] for r in out)
    weeks = pd.Series([_monday(d) for d in dates]).value_counts()
    assert weeks.max() <= 2
    assert all(d < anchor for d in dates)  # lead-up items stay before the day
    # two on the ideal day 16/3 (a Sunday: week of 10/3), two on 17/3 (the next week, as near),
    # the fifth on the nearest day of a week with room: 9/3
    assert dates == [D(2025, 3, 9), D(2025, 3, 16), D(2025, 3, 16), D(2025, 3, 17), D(2025, 3, 17)]


def test_items_meant_for_the_day_stay_on_a_day_off_and_count():
    anchor = D(2025, 9, 2)  # Quốc khánh, a day off
    rows = [_item("a", "u", anchor, 0), _item("b", "u", anchor, -1), _item("c", "u", anchor, 1)]
    out = {r["plan_key"]: r["date"] for r in schedule_rows(rows, days_off=[D(2025, 9, 1), anchor], ceiling=10)}
    assert out["a"] == anchor
    assert out["b"] == D(2025, 8, 31)  # 1/9 is off: the nearest working day before the event
    assert out["c"] == D(2025, 9, 3)


def test_nothing_is_overfilled_what_cannot_be_placed_says_why():
    anchor = D(2025, 4, 30)
    busy = [("u", D(2025, 4, 28))] * 2  # the event's week already holds the ceiling
    rows = [_item("pin", "u", anchor, 0), _item("late", "u", anchor, 1, lo=-1, hi=1)]
    out = {r["plan_key"]: r for r in schedule_rows(rows, busy=busy, ceiling=2)}
    assert out["pin"]["date"] == anchor  # the day itself always
    assert out["late"]["date"] is None and out["late"]["reason"] == REASON_FULL
    off = [anchor + dt.timedelta(days=d) for d in range(-3, 3)]
    only_off = schedule_rows([_item("x", "u", anchor, -2, lo=-3, hi=1)], days_off=off, ceiling=5)
    assert only_off[0]["date"] is None and only_off[0]["reason"] == REASON_DAYS_OFF


def test_round_year_campaigns_of_one_week_are_staggered():
    anchor = D(2025, 4, 30)
    rows = [
        _item(f"{c}-{o}", "u", anchor, o, lo=-21, hi=1, campaign=c)
        for c in ("giai-phong-mien-nam", "giai-phong-vung-tau")
        for o in (-14, -7, -3, 0)
    ]
    out = schedule_rows(rows, ceiling=10)
    lead_up = [(r["date"], r["campaign"]) for r in out if r["offset"] != 0]
    per_day = pd.DataFrame(lead_up, columns=["date", "campaign"]).groupby("date")["campaign"].nunique()
    assert per_day.max() == 1  # never two round campaigns on one day
    pinned = [r["date"] for r in out if r["offset"] == 0]
    assert pinned == [anchor, anchor]  # the day itself is shared


def test_frame_api_keeps_row_order_and_marks_unplaced():
    anchor = pd.Timestamp("2025-02-03")
    items = pd.DataFrame(
        [
            {**_item("b", "u", anchor.date(), -7, lo=-14), "note": "second"},
            {**_item("a", "u", anchor.date(), -7, lo=-14), "note": "first"},
        ]
    )
    busy = pd.DataFrame({"unit_id": ["u"] * 2, "date": pd.to_datetime(["2025-01-27", "2025-01-28"])})
    out = schedule(items, busy=busy, ceiling=3)
    assert list(out["note"]) == ["second", "first"]
    # one slot left in the week of 27/1: key "a" wins the tie and keeps 27/1; "b" goes to the nearest free week
    assert out.set_index("plan_key").loc["a", "date"] == pd.Timestamp("2025-01-27")
    assert out.set_index("plan_key").loc["b", "date"] == pd.Timestamp("2025-01-26")
    assert items.columns.tolist() == [*_item("a", "u", anchor, 0), "note"]  # input untouched


_day = st.integers(min_value=0, max_value=60).map(lambda n: D(2025, 3, 1) + dt.timedelta(days=n))


@st.composite
def _problems(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    rows = []
    for i in range(n):
        anchor = draw(_day)
        lo, hi = draw(st.integers(-21, 0)), draw(st.integers(0, 7))
        offset = draw(st.integers(lo, hi))
        campaign = draw(st.sampled_from([None, "r1", "r2"]))
        rows.append(_item(f"k{i:02d}", draw(st.sampled_from("uvw")), anchor, offset, lo, hi, campaign))
    off = draw(st.lists(_day, max_size=15))
    busy = draw(st.lists(st.tuples(st.sampled_from("uvw"), _day), max_size=10))
    return rows, off, busy, draw(st.integers(1, 6))


@settings(max_examples=300, deadline=None)
@given(_problems())
def test_every_placed_item_keeps_the_rules(problem):
    rows, off, busy, ceiling = problem
    out = schedule_rows(rows, busy=busy, days_off=off, ceiling=ceiling)
    assert sorted(r["plan_key"] for r in out) == sorted(r["plan_key"] for r in rows)
    placed = [r for r in out if r["date"] is not None]
    for r in placed:
        if r["offset"] == 0:
            assert r["date"] == r["anchor"]
            continue
        assert r["earliest"] <= r["date"] <= r["latest"]
        assert r["date"] not in off
        assert (r["date"] < r["anchor"]) if r["offset"] < 0 else (r["date"] > r["anchor"])
    # a week over the ceiling holds only what had to stay: the day itself and busy items
    load = pd.Series([(u, _monday(d)) for u, d in busy] + [(r["unit_id"], _monday(r["date"])) for r in placed])
    fixed = pd.Series(
        [(u, _monday(d)) for u, d in busy] + [(r["unit_id"], _monday(r["date"])) for r in placed if r["offset"] == 0]
    )
    fixed_counts = fixed.value_counts().to_dict()
    for week, count in load.value_counts().items():
        assert count <= max(ceiling, fixed_counts.get(week, 0)), week
    # the input order never matters
    shuffled = rows[:]
    random.Random(len(rows)).shuffle(shuffled)
    again = schedule_rows(shuffled, busy=busy, days_off=off, ceiling=ceiling)
    assert {r["plan_key"]: r["date"] for r in again} == {r["plan_key"]: r["date"] for r in out}

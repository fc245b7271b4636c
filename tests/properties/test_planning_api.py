"""Plan generation and the plan checks driven with generated arguments (issue 6 §2.6, §3).

Rules (README "Kế hoạch nội dung và duyệt bài"; ``planner.planning``), checked from outside:

* ``generate_plan(ws, year, units=)`` takes a whole year 1900–2100 and known unit ids;
  running it again for the same year and units creates nothing and changes nothing;
* ``check_plan``, ``copy_plan``, ``add_monthly``, ``check_item``, ``review_queue`` and the
  workspace imports refuse wrong arguments with a Vietnamese PlannerError, and whatever
  they write leaves a sound workspace file.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner
from tests.properties._support import KNOWN_BUGS, anything, attempt, cases, mostly, odd_text
from tests.properties.test_items import Probe
from tests.properties.test_items import probe as probe  # noqa: F401 - the fixture

#: Some generated values are 10,000-character strings; Hypothesis warns that their repr is long.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

YEARS = (2024, 2025, 2026)


def test_plan_functions(probe: Probe):
    """150 cases: generate_plan, check_plan, copy_plan, add_monthly, check_item, review_queue."""
    ws = probe.ws
    units = probe.units
    done: set[tuple[int, tuple[str, ...] | None]] = set()
    tally = Counter()
    unit_lists = mostly(  # one or two units mostly: a whole-organisation plan is 1,500 items a year
        st.lists(st.sampled_from(units[:4]), min_size=1, max_size=2, unique=True),
        st.one_of(st.just([]), st.just("ban-tuyen-giao"), st.lists(st.one_of(odd_text, anything), max_size=2)),
    )
    odd_years = st.one_of(st.sampled_from([1899, 2101, 10000, -1, 2.5, "2025", True]), anything)
    years = mostly(st.sampled_from(YEARS), odd_years)

    @cases(150)
    @given(
        op=st.sampled_from(["generate", "generate", "check", "copy", "monthly", "check_item", "queue"]),
        year=years,
        other=years,
        units=unit_lists,
        x=mostly(st.integers(1, 30), anything),
        title=mostly(st.sampled_from(["Người tốt, việc tốt tháng {month}/{year}", "Tin tháng {month}"]),
                     st.one_of(st.sampled_from(["{tháng}", "{", "{0}", "{month!r}", "{year.real}"]), odd_text)),
        months=mostly(st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True),
                      st.one_of(st.lists(st.integers(), max_size=3), anything)),
    )  # fmt: skip
    def attack(op, year, other, units, x, title, months):
        if op == "copy" and KNOWN_BUGS["copy_same_year"] and year == other:
            tally["copy: skipped (same year)"] += 1
            return
        before, newest = probe.versions(), probe.last_change()
        if op == "generate":
            outcome = attempt(lambda: planner.generate_plan(ws, year, units=units), year, units)
        elif op == "check":
            outcome = attempt(lambda: planner.check_plan(ws, year, weekly_ceiling=x), year, x)
        elif op == "copy":
            outcome = attempt(lambda: planner.copy_plan(ws, year, other, units=units), year, other, units)
        elif op == "monthly":
            outcome = attempt(
                lambda: planner.add_monthly(
                    ws, year, unit_id=probe.units[0], title=title, format="post", platform="facebook", months=months
                ),
                year, title, months,
            )  # fmt: skip
        elif op == "check_item":
            outcome = attempt(lambda: planner.check_item(ws, x), x)
        else:
            outcome = attempt(lambda: planner.review_queue(ws, year=year), year)
        tally[f"{op}: {'ok' if outcome.ok else type(outcome.error).__name__}"] += 1
        if outcome.ok and op in ("copy", "monthly"):
            done.clear()  # plan generation may place the items it finds again (spread, move off days off)
        if not outcome.ok:
            assert probe.versions() == before and probe.last_change() == newest, f"a refused {op} wrote"
            return
        if op in ("generate", "check", "copy", "monthly", "queue"):
            assert isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100, f"{op} year={year!r}"
        if op == "generate":
            key = (year, None if units is None else tuple(sorted(units)))
            if key in done or (year, None) in done:
                assert len(outcome.value) == 0, f"generate_plan({year}, units={units}) ran again and created items"
                changed = sorted(i for i in before if probe.versions().get(i) != before[i])
                assert not changed, f"generate_plan({year}) ran again and changed items {changed[:5]}"
            done.add(key)
            probe.sound_rows(list(outcome.value["item_id"]))
        elif op == "copy":
            assert year != other, f"copy_plan({year}, {other}) copied a year onto itself ({len(outcome.value)} items)"
        elif op == "monthly":
            assert all(isinstance(m, int) and 1 <= m <= 12 for m in months), f"add_monthly(months={months!r})"
            probe.sound_rows(outcome.value)

    attack()
    print(sorted(tally.items()))
    probe.close()

"""The calendar functions attacked with generated values (issue 6 §2.6).

Rules (README "Quy tắc lịch"; ``planner.calendars``), checked from outside:

* ``parse_date`` reads ``3/2/2025`` (day/month/year) and ``2025-02-03`` and nothing else;
  the day it returns is the day written;
* solar ↔ lunar conversion goes both ways for every day 1900–2100: ``to_solar(to_lunar(d)) == d``
  and ``to_lunar(to_solar(ld)) == ld`` for every lunar date that exists;
* ``occurrences(year, catalogue)`` puts every occurrence in that solar year;
* anything else is refused with a Vietnamese PlannerError.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import calendars, catalogue
from tests.properties._support import KNOWN_BUGS, anything, attempt, cases, mostly, odd_text

#: Some generated values are 10,000-character strings; Hypothesis warns that their repr is long.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

LO, HI = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
days = st.dates(LO, HI)


def test_parse_date():
    """600 cases: parse_date of written dates, impossible dates and anything."""
    tally = Counter()
    written = st.one_of(
        days.map(lambda d: (f"{d.day}/{d.month}/{d.year}", d)),
        days.map(lambda d: (f" {d.day:02d}/{d.month:02d}/{d.year} ", d)),
        days.map(lambda d: (d.isoformat(), d)),
    )
    impossible = st.sampled_from(["29/2/2025", "31/4/2025", "0/1/2025", "1/13/2025", "2025-02-30", "32/1/2025"])

    @cases(600)
    @given(case=mostly(written, st.one_of(impossible.map(lambda s: (s, False)), odd_text.map(lambda s: (s, None)),
                                          anything.map(lambda s: (s, None)))))  # fmt: skip
    def attack(case):
        text, expected = case
        outcome = attempt(lambda: calendars.parse_date(text), text)
        tally["read" if outcome.ok else type(outcome.error).__name__] += 1
        if expected is False:
            assert not outcome.ok, f"parse_date({text!r}) gave {outcome.value}"
        elif expected is not None:
            assert outcome.ok and outcome.value == expected, f"parse_date({text!r}) gave {outcome.value}"
        elif outcome.ok:
            assert isinstance(text, str) and isinstance(outcome.value, dt.date)

    attack()
    print(sorted(tally.items()))


def test_solar_lunar_round_trip():
    """800 cases: to_lunar / to_solar / LunarDate with real dates, impossible lunar dates and anything."""
    tally = Counter()
    lunar_fields = st.tuples(
        mostly(st.integers(1, 30), st.one_of(st.integers(), anything)),
        mostly(st.integers(1, 12), st.one_of(st.integers(), anything)),
        mostly(st.integers(1900, 2100), st.one_of(st.integers(), anything)),
        mostly(st.booleans(), st.one_of(st.sampled_from(["no", "có", 0, 1, None]), anything), tenths=8),
    )

    @cases(800)
    @given(which=st.sampled_from(["solar", "lunar", "anything"]), day=days, fields=lunar_fields, x=anything)
    def attack(which, day, fields, x):
        if KNOWN_BUGS["lunar_na"] and x is pd.NA:
            x = None
        if which == "solar":
            outcome = attempt(lambda: calendars.to_lunar(day))
            assert outcome.ok, f"to_lunar({day}) refused: {outcome.error}"
            back = attempt(lambda: calendars.to_solar(outcome.value))
            assert back.ok and back.value == day, f"{day} → {outcome.value} → {back.value}"
        elif which == "lunar":
            made = attempt(lambda: calendars.LunarDate(*fields), *fields)
            if made.ok:
                d, m, y, leap = fields
                assert isinstance(made.value.leap, bool)
                assert isinstance(leap, bool | np.bool_), f"LunarDate accepted leap={leap!r}"
                outcome = attempt(lambda: calendars.to_solar(made.value))
                if outcome.ok:
                    again = calendars.to_lunar(outcome.value)
                    assert again == made.value, f"{made.value} → {outcome.value} → {again}"
            else:
                outcome = made
        else:
            outcome = attempt(lambda: calendars.to_lunar(x), x)
            if outcome.ok:
                assert isinstance(x, dt.date)
        tally[f"{which}: {'ok' if outcome.ok else type(outcome.error).__name__}"] += 1

    attack()
    print(sorted(tally.items()))


def test_occurrences_and_formats():
    """300 cases: occurrences(year, catalogue), format_date, format_lunar, can_chi_year with any year or value."""
    events = catalogue.default_events()
    tally = Counter()

    @cases(300)
    @given(
        year=mostly(st.integers(1900, 2100), st.one_of(st.integers(), st.floats(), anything), tenths=6),
        x=mostly(days, anything, tenths=5),
    )
    def attack(year, x):
        if KNOWN_BUGS["lunar_na"] and x is pd.NA:
            x = None
        outcome = attempt(lambda: calendars.occurrences(year, events), year)
        tally[f"occurrences: {'ok' if outcome.ok else type(outcome.error).__name__}"] += 1
        if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100:
            assert outcome.ok, f"occurrences({year}) refused: {outcome.error}"
        if outcome.ok:
            frame = outcome.value
            assert isinstance(year, int) and not isinstance(year, bool), f"occurrences({year!r}) accepted"
            dated = frame["date"].dropna()
            assert (pd.DatetimeIndex(dated).year == year).all(), f"occurrences({year}) has dates in other years"
        for fn in (calendars.format_date, calendars.format_lunar, calendars.can_chi_year):
            out = attempt(lambda fn=fn: fn(x), x)
            tally[f"{fn.__name__}: {'ok' if out.ok else type(out.error).__name__}"] += 1
            if out.ok:
                assert isinstance(out.value, str) and out.value
        if isinstance(x, dt.date) and not isinstance(x, dt.datetime):
            text = calendars.format_date(x)
            assert text == f"{x.day}/{x.month}/{x.year}", f"format_date({x}) = {text!r}"

    attack()
    print(sorted(tally.items()))

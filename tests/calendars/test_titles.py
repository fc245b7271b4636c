"""One rule for the official title: every generated title passes the item checks.

The title of an occurrence is built only by ``planner.calendars.occurrence_title`` from the
parts ``event_occurrences`` computes; the item checks compare titles with the same parts.
These tests drive both with the whole catalogue over 1950–2100 and with generated events
(any solar day including 29/2, month-only events, lunar days 1–30, leap flags).
"""

import calendar
import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendars import event_occurrences, occurrences, to_lunar
from planner.catalogue import default_events, events_frame
from planner.checks import EventIndex, item_findings


def _item(title: str, year: int, event_id: str | None, occurrence_date: dt.date | None) -> dict:
    return {"title": title, "notes": "", "year": year, "event_id": event_id, "occurrence_date": occurrence_date}


def _findings(index: EventIndex, occ: pd.DataFrame, *, linked: bool) -> list[tuple]:
    """(event, year, title, codes) for each occurrence whose own title draws a finding."""
    bad = []
    for row in occ.itertuples():
        date = None if pd.isna(row.date) else row.date.date()
        item = _item(row.title, row.year, row.event_id if linked else None, date if linked else None)
        found = item_findings(item, events=index)
        if found:
            bad.append((row.event_id, row.year, row.title, [f.message for f in found]))
    return bad


def test_every_catalogue_title_passes_the_item_checks_1950_2100():
    events = default_events()
    index = EventIndex(events)
    bad, checked = [], 0
    for year in range(1950, 2101):
        occ = occurrences(year, events)
        checked += len(occ)
        bad += _findings(index, occ, linked=True)  # as generated: event and occurrence date known
        bad += _findings(index, occ, linked=False)  # typed by hand: event recognised by its name
    assert checked > 8000
    assert bad == []


def _event_rows(draw_calendar: str, day, month: int, leap: bool, base) -> dict:
    return {
        "event_id": "su-kien-thu",
        "name_vi": "Ngày truyền thống Đơn vị thử",
        "name_en": "",
        "calendar": draw_calendar,
        "day": day,
        "month": month,
        "leap": leap,
        "base_year": base,
        "category": "local",
        "scope": "unit",
        "valid_from": None,
        "valid_until": None,
        "source": "test",
        "note": "",
    }


@st.composite
def _events(draw) -> dict:
    cal = draw(st.sampled_from(["solar", "lunar"]))
    month = draw(st.integers(1, 12))
    if cal == "solar":
        day = draw(st.one_of(st.none(), st.integers(1, calendar.monthrange(2024, month)[1])))
        leap = False
    else:
        day = draw(st.integers(1, 30))
        leap = draw(st.booleans())
    base = draw(st.integers(1000, 2099))
    return _event_rows(cal, day, month, leap, base)


@settings(max_examples=400, deadline=None)
@given(event=_events(), year=st.integers(1900, 2100))
def test_generated_events_titles_pass_the_item_checks(event, year):
    index = EventIndex(events_frame([event]))
    for occ in event_occurrences(event, year):
        for linked in (True, False):
            item = _item(occ.title, year, event["event_id"] if linked else None, occ.date if linked else None)
            assert item_findings(item, events=index) == [], occ
        if occ.date is not None and event["calendar"] == "lunar":
            # the range end names the lunar date of the day shown
            ld = to_lunar(occ.date)
            assert occ.end == f"{ld.day}/{ld.month}{' nhuận' if ld.leap else ''}/{ld.year} âm lịch"
        elif occ.date is not None:
            assert occ.end == f"{occ.date.day}/{occ.date.month}/{occ.date.year}"


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 31), month=st.integers(1, 12), year=st.integers(1901, 2100))
def test_solar_29_february_and_short_months(day, month, year):
    day = min(day, calendar.monthrange(2024, month)[1])
    event = _event_rows("solar", day, month, False, 1900)
    (occ,) = event_occurrences(event, year)
    last = calendar.monthrange(year, month)[1]
    assert occ.date == dt.date(year, month, min(day, last))
    assert occ.estimated == (day > last)
    assert occ.title == (
        f"Kỷ niệm {year - 1900} năm Ngày truyền thống Đơn vị thử ({day}/{month}/1900 – {min(day, last)}/{month}/{year})"
    )

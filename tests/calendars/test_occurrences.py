"""Occurrences: dates, numbers, tiers and titles of catalogue events in a year."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import planner
from planner.calendars import OCCURRENCE_COLUMNS, LunarDate, occurrences, to_lunar
from planner.catalogue import default_events, events_frame
from planner.display import occurrence_labels
from planner.errors import InvalidValueError

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _event(
    event_id, day, month, *, calendar="solar", base_year=None, leap=False, valid_from=None, valid_until=None, name=None
):
    return {
        "event_id": event_id,
        "name_vi": name or f"Sự kiện {event_id}",
        "name_en": "",
        "calendar": calendar,
        "day": day,
        "month": month,
        "leap": leap,
        "base_year": base_year,
        "category": "local",
        "scope": "city",
        "valid_from": valid_from,
        "valid_until": valid_until,
        "source": "test",
        "note": "",
    }


def _events(*rows):
    return events_frame(list(rows))


def _dates(frame, event_id):
    return [d.date() for d in frame.loc[frame["event_id"] == event_id, "date"]]


def test_columns_and_packaged_catalogue():
    occ = planner.occurrences(2025)
    assert list(occ.columns) == OCCURRENCE_COLUMNS
    assert not {"date_text", "weekday", "lunar_text", "holiday"} & set(occ.columns)  # labels: planner.display
    party = occurrence_labels(occ).set_index("event_id").loc["thanh-lap-dang"]
    assert party["date"] == pd.Timestamp("2025-02-03")
    assert party["anniversary"] == 95
    assert party["tier"] == "le5"
    assert party["title"] == ("Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)")
    assert party["weekday"] == "Thứ Hai"
    assert party["lunar_text"] == "6/1 Ất Tỵ"


@pytest.mark.parametrize(
    ("event_id", "date", "number", "tier"),
    [
        ("giai-phong-mien-nam", "2025-04-30", 50, "tron"),
        ("quoc-khanh", "2025-09-02", 80, "tron"),
        ("sinh-ho-chi-minh", "2025-05-19", 135, "le5"),
        ("thanh-lap-doan-thanh-nien", "2025-03-26", 94, "thuong"),
        ("bao-chi-cach-mang", "2025-06-21", 100, "tron"),
    ],
)
def test_national_anniversaries_2025(event_id, date, number, tier):
    row = planner.occurrences(2025).set_index("event_id").loc[event_id]
    assert (row["date"], row["anniversary"], row["tier"]) == (pd.Timestamp(date), number, tier)


def test_lunar_events_of_the_catalogue_2025():
    occ = occurrence_labels(planner.occurrences(2025)).set_index("event_id")
    assert occ.loc["gio-to-hung-vuong", "date"] == pd.Timestamp("2025-04-07")
    assert pd.isna(occ.loc["gio-to-hung-vuong", "anniversary"])  # no base year
    assert occ.loc["gio-to-hung-vuong", "title"] == "Giỗ Tổ Hùng Vương"
    assert occ.loc["tet-nguyen-dan", "date"] == pd.Timestamp("2025-01-29")
    assert occ.loc["le-hoi-nghinh-ong", "date"] == pd.Timestamp("2025-10-07")  # 16/8 Ất Tỵ
    gio_bac = occ.loc["gio-ho-chi-minh-am-lich"]
    assert gio_bac["lunar_text"] == "21/7 Ất Tỵ"
    assert gio_bac["anniversary"] == 56
    assert gio_bac["title"].endswith("(21/7/1969 – 21/7/2025 âm lịch)")


def test_public_holidays_shown_beside_occurrences():
    occ = occurrence_labels(planner.occurrences(2025)).set_index("event_id")
    assert occ.loc["quoc-khanh", "holiday"] == "Quốc khánh"
    assert occ.loc["gio-to-hung-vuong", "holiday"] == "Ngày Giỗ Tổ Hùng Vương"
    assert occ.loc["thanh-lap-dang", "holiday"] == ""
    # our official name, not the package's "Tết Nguyên Đán"
    assert occ.loc["tet-nguyen-dan", "holiday"] == "Tết Nguyên đán"
    # 27/1/2025 is 28/12 Giáp Thìn: the package calls that day "29 Tết"; the row must not contradict its lunar date
    paris = occ.loc["hiep-dinh-paris"]
    assert (paris["lunar_text"], paris["holiday"]) == ("28/12 Giáp Thìn", "28 Tết")


def test_month_only_event():
    occ = occurrence_labels(occurrences(2025, _events(_event("chi-bo", None, 2, base_year=1934))))
    row = occ.iloc[0]
    assert pd.isna(row["date"]) and pd.isna(row["day"])
    assert row["month"] == 2
    assert row["date_text"] == "2/2025"
    assert row["anniversary"] == 91 and row["tier"] == "thuong"
    assert row["title"] == "Kỷ niệm 91 năm Sự kiện chi-bo (2/1934 – 2/2025)"


def test_month_only_event_lists_first_in_its_month():
    occ = occurrences(2025, _events(_event("b", 1, 2), _event("a", None, 2), _event("c", 28, 1)))
    assert list(occ["event_id"]) == ["c", "a", "b"]


def test_29_february_in_a_common_year():
    occ = occurrences(2025, _events(_event("nhuan", 29, 2, base_year=2000)))
    assert _dates(occ, "nhuan") == [dt.date(2025, 2, 28)]
    assert bool(occ.loc[0, "estimated"]) is True
    # the range end names the date shown (28/2/2025), never a day that does not exist
    assert occ.loc[0, "title"] == "Kỷ niệm 25 năm Sự kiện nhuan (29/2/2000 – 28/2/2025)"
    leap_year = occurrences(2024, _events(_event("nhuan", 29, 2, base_year=2000)))
    assert _dates(leap_year, "nhuan") == [dt.date(2024, 2, 29)]


def test_valid_window_and_base_year():
    events = _events(
        _event("new", 1, 7, base_year=2025, valid_from=2026),
        _event("old", 1, 5, valid_until=2024),
    )
    assert occurrences(2025, events).empty  # 2025 is the base year itself, and "old" expired
    assert list(occurrences(2026, events)["event_id"]) == ["new"]
    assert list(occurrences(2024, events)["event_id"]) == ["old"]


def test_lunar_month_11_falls_twice_or_not_at_all():
    # 25/11 lunar: 6/1/2024 (year Quý Mão) and 25/12/2024 (year Giáp Thìn) both in 2024;
    # 25/11 Ất Tỵ is 13/1/2026, so solar 2025 has none.
    events = _events(_event("dong-chi", 25, 11, calendar="lunar", base_year=2000))
    occ = occurrences(2024, events)
    assert _dates(occ, "dong-chi") == [dt.date(2024, 1, 6), dt.date(2024, 12, 25)]
    assert list(occ["lunar_year"]) == [2023, 2024]
    assert list(occ["anniversary"]) == [23, 24]
    assert occurrences(2025, events).empty


def test_lunar_day_30_in_a_29_day_month():
    # 30 Tết: month 12 of Giáp Thìn has 29 days, so it falls on 29/12 = 28/1/2025
    events = _events(_event("tat-nien", 30, 12, calendar="lunar", base_year=2000))
    occ = occurrences(2025, events)
    assert _dates(occ, "tat-nien") == [dt.date(2025, 1, 28)]
    assert occurrence_labels(occ).loc[0, "lunar_text"] == "29/12 Giáp Thìn"
    assert bool(occ.loc[0, "estimated"]) is True
    # the title names the day shown (29/12 of lunar 2024), not the missing 30/12
    assert occ.loc[0, "title"] == "Kỷ niệm 24 năm Sự kiện tat-nien (30/12/2000 – 29/12/2024 âm lịch)"


def test_leap_month_title_names_the_date_shown():
    # 30/6 nhuận: Ất Tỵ (2025) has a leap 6th month of 29 days, so the event is shown on
    # 29/6 nhuận = 22/8/2025; before, the title said "30/6/2025 âm lịch" (a different day).
    events = _events(_event("nhuan-30", 30, 6, calendar="lunar", leap=True, base_year=2020))
    occ = occurrences(2025, events)
    assert _dates(occ, "nhuan-30") == [dt.date(2025, 8, 22)]
    assert to_lunar(dt.date(2025, 8, 22)) == LunarDate(29, 6, 2025, leap=True)
    assert occ.loc[0, "title"] == "Kỷ niệm 5 năm Sự kiện nhuan-30 (30/6 nhuận/2020 – 29/6 nhuận/2025 âm lịch)"
    # a year without that leap month: the regular 6th month, and the title says so
    in_2026 = occurrences(2026, events)
    ld = to_lunar(in_2026.loc[0, "date"].date())
    assert not ld.leap and ld.month == 6
    assert in_2026.loc[0, "title"].endswith(f"– {ld.day}/6/2026 âm lịch)")


def test_leap_flagged_lunar_event():
    events = _events(_event("nhuan6", 1, 6, calendar="lunar", leap=True))
    in_2025 = occurrences(2025, events)  # Ất Tỵ has a leap 6th month
    assert _dates(in_2025, "nhuan6") == [dt.date(2025, 7, 25)]
    assert bool(in_2025.loc[0, "lunar_leap"]) is True
    assert bool(in_2025.loc[0, "estimated"]) is False
    in_2026 = occurrences(2026, events)  # no leap month: the regular 6th month
    assert bool(in_2026.loc[0, "lunar_leap"]) is False
    assert bool(in_2026.loc[0, "estimated"]) is True


def test_plain_lunar_event_never_in_the_leap_month():
    occ = occurrences(2025, _events(_event("ram-6", 15, 6, calendar="lunar")))
    assert _dates(occ, "ram-6") == [dt.date(2025, 7, 9)]
    assert bool(occ.loc[0, "lunar_leap"]) is False


def test_input_frame_is_not_modified():
    events = default_events()
    before = events.copy()
    occurrences(2025, events)
    pd.testing.assert_frame_equal(events, before)


@pytest.mark.parametrize("year", [10000, 1800, 1899, 2101, 2.5, "2025", None, True])
def test_years_outside_the_calendar_are_refused_in_vietnamese(year):
    with pytest.raises(InvalidValueError) as info:
        occurrences(year, default_events())
    message = str(info.value)
    assert repr(year) in message
    assert "1900" in message and "2100" in message
    assert "1799" not in message  # 1800 once named "1799", the lunar year before
    assert info.value.field == "year"


def test_year_1900_is_computed():
    # Tết Canh Tý fell on 31/1/1900; a 15/12 lunar event of lunar 1899 falls in January 1900
    occ = occurrences(
        1900, _events(_event("ram-chap", 15, 12, calendar="lunar"), _event("tet", 1, 1, calendar="lunar"))
    )
    assert _dates(occ, "tet") == [dt.date(1900, 1, 31)]
    january = [dt.date(1900, 1, d) for d in range(1, 32)]
    expected = [d for d in january if to_lunar(d) == LunarDate(15, 12, 1899)]  # solar → lunar, the other direction
    assert len(expected) == 1 and _dates(occ, "ram-chap") == expected


def test_year_2100_is_computed():
    occ = occurrences(2100, _events(_event("cuoi-nam", 20, 12, calendar="lunar")))
    dates = _dates(occ, "cuoi-nam")
    december = [dt.date(2100, 12, d) for d in range(1, 32)] + [dt.date(2100, 1, d) for d in range(1, 32)]
    assert dates == sorted(d for d in december if to_lunar(d).month == 12 and to_lunar(d).day == 20)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (_event("khong-ngay", None, 3, calendar="lunar"), "day"),  # TypeError before
        (_event("lich-la", 1, 3, calendar="Lunar"), "calendar"),  # taken as solar before
        (_event("lich-la", 1, 3, calendar="julian"), "calendar"),
        (_event("ngay-31", 31, 4), "day"),
        (_event("thang-13", 1, 13), "month"),
    ],
)
def test_bad_rows_are_refused_naming_the_event(row, field):
    frame = pd.DataFrame([row])
    with pytest.raises(InvalidValueError) as info:
        occurrences(2025, frame)
    assert info.value.field == field
    assert row["event_id"] in str(info.value)


def test_catalogue_tet_and_hung_kings_match_the_holidays_package_tables():
    """An independent source: the Vietnamese lunar tables inside ``holidays`` (read directly)."""
    from holidays.calendars.chinese import _ChineseLunisolar as tables

    tet = {**tables.LUNAR_NEW_YEAR_DATES, **tables.VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES}
    hung = {**tables.HUNG_KINGS_DATES, **tables.VIETNAMESE_CALENDAR_HUNG_KINGS_DATES}
    events = default_events()
    years = range(1901, 2100)
    assert set(years) <= set(tet) and set(years) <= set(hung)
    ours_tet, ours_hung, theirs_tet, theirs_hung = [], [], [], []
    for year in years:
        occ = occurrences(year, events).set_index("event_id")
        ours_tet.append(occ.loc["tet-nguyen-dan", "date"].date())
        ours_hung.append(occ.loc["gio-to-hung-vuong", "date"].date())
        theirs_tet.append(dt.date(year, *tet[year]))
        theirs_hung.append(dt.date(year, *hung[year]))
    assert ours_tet == theirs_tet
    assert ours_hung == theirs_hung


def _snapshot_frame(year: int) -> pd.DataFrame:
    occ = planner.occurrences(year)
    occ["date"] = occ["date"].dt.strftime("%Y-%m-%d")
    occ = occ.drop(columns=["source"]).astype(object)
    return occ.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else str(v)))


def test_golden_snapshot_2025(request):
    """The whole 2025 calendar, compared with a reviewed snapshot.

    After a deliberate change to the catalogue or the rules, regenerate with
    ``pytest --update-snapshots`` and review the diff of ``snapshots/occurrences_2025.csv``.
    """
    path = SNAPSHOTS / "occurrences_2025.csv"
    actual = _snapshot_frame(2025)
    if request.config.getoption("--update-snapshots"):
        actual.to_csv(path, index=False, encoding="utf-8")
    expected = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(actual.reset_index(drop=True), expected, check_dtype=False)

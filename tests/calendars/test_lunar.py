"""Vietnamese lunar conversion, table-driven (solar dates checked against published calendars)."""

import datetime as dt

import pytest

from planner import PlannerError
from planner.calendars import LunarDate, leap_month, lunar_month_length, to_lunar, to_solar
from planner.errors import LunarDateError

# Tết Nguyên đán (1/1 lunar) in Vietnam. 1985, 2007 and 2030 differ from the Chinese
# New Year (20/2/1985, 18/2/2007, 3/2/2030) because Vietnam reckons in UTC+7.
TET = [
    (1985, dt.date(1985, 1, 21)),
    (2000, dt.date(2000, 2, 5)),
    (2001, dt.date(2001, 1, 24)),
    (2002, dt.date(2002, 2, 12)),
    (2003, dt.date(2003, 2, 1)),
    (2004, dt.date(2004, 1, 22)),
    (2005, dt.date(2005, 2, 9)),
    (2006, dt.date(2006, 1, 29)),
    (2007, dt.date(2007, 2, 17)),
    (2008, dt.date(2008, 2, 7)),
    (2009, dt.date(2009, 1, 26)),
    (2010, dt.date(2010, 2, 14)),
    (2011, dt.date(2011, 2, 3)),
    (2012, dt.date(2012, 1, 23)),
    (2013, dt.date(2013, 2, 10)),
    (2014, dt.date(2014, 1, 31)),
    (2015, dt.date(2015, 2, 19)),
    (2016, dt.date(2016, 2, 8)),
    (2017, dt.date(2017, 1, 28)),
    (2018, dt.date(2018, 2, 16)),
    (2019, dt.date(2019, 2, 5)),
    (2020, dt.date(2020, 1, 25)),
    (2021, dt.date(2021, 2, 12)),
    (2022, dt.date(2022, 2, 1)),
    (2023, dt.date(2023, 1, 22)),
    (2024, dt.date(2024, 2, 10)),
    (2025, dt.date(2025, 1, 29)),
    (2026, dt.date(2026, 2, 17)),
    (2027, dt.date(2027, 2, 6)),
    (2030, dt.date(2030, 2, 2)),
]


@pytest.mark.parametrize(("year", "solar"), TET)
def test_tet_to_solar(year, solar):
    assert to_solar(LunarDate(1, 1, year)) == solar


@pytest.mark.parametrize(("year", "solar"), TET)
def test_tet_to_lunar(year, solar):
    assert to_lunar(solar) == LunarDate(1, 1, year)
    assert to_lunar(solar - dt.timedelta(days=1)).year == year - 1


# (lunar year, leap month, first day of the leap month)
LEAP_MONTHS = [
    (2020, 4, dt.date(2020, 5, 23)),
    (2023, 2, dt.date(2023, 3, 22)),
    (2025, 6, dt.date(2025, 7, 25)),
]


@pytest.mark.parametrize(("year", "month", "first_day"), LEAP_MONTHS)
def test_leap_months(year, month, first_day):
    assert leap_month(year) == month
    assert to_solar(LunarDate(1, month, year, leap=True)) == first_day
    assert to_lunar(first_day) == LunarDate(1, month, year, leap=True)
    # the regular month of the same number comes first
    assert to_solar(LunarDate(1, month, year)) < first_day


@pytest.mark.parametrize("year", [2021, 2022, 2024, 2026])
def test_years_without_leap_month(year):
    assert leap_month(year) is None


# Giỗ Tổ Hùng Vương, 10/3 lunar (a public holiday)
@pytest.mark.parametrize(
    ("year", "solar"),
    [(2023, dt.date(2023, 4, 29)), (2024, dt.date(2024, 4, 18)), (2025, dt.date(2025, 4, 7))],
)
def test_gio_to(year, solar):
    assert to_solar(LunarDate(10, 3, year)) == solar


def test_round_trip_over_a_decade():
    day = dt.date(2020, 1, 1)
    while day < dt.date(2030, 1, 1):
        assert to_solar(to_lunar(day)) == day
        day += dt.timedelta(days=1)


def test_month_lengths_of_2025():
    # lunar Ất Tỵ: months alternate 29/30 days; the leap 6th month has 29 days
    assert [lunar_month_length(m, 2025) for m in range(1, 13)] == [
        30,
        29,
        30,
        29,
        29,
        30,
        30,
        29,
        30,
        30,
        30,
        29,
    ]
    assert lunar_month_length(6, 2025, leap=True) == 29


def test_day_30_of_a_short_month_is_refused():
    with pytest.raises(PlannerError, match="30/2 năm 2025 không tồn tại.*chỉ có 29 ngày"):
        to_solar(LunarDate(30, 2, 2025))
    # while 30/1 Ất Tỵ exists
    assert to_solar(LunarDate(30, 1, 2025)) == dt.date(2025, 2, 27)


@pytest.mark.parametrize(
    ("lunar", "message"),
    [
        (LunarDate(1, 5, 2025, leap=True), "năm 2025 nhuận tháng 6"),
        (LunarDate(1, 5, 2024, leap=True), "năm 2024 không có tháng nhuận"),
    ],
)
def test_leap_flag_on_a_regular_month_is_refused(lunar, message):
    with pytest.raises(PlannerError, match=message):
        to_solar(lunar)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ((31, 1, 2025), "Ngày âm lịch phải từ 1 đến 30"),
        ((0, 1, 2025), "Ngày âm lịch phải từ 1 đến 30"),
        ((1, 13, 2025), "Tháng âm lịch phải từ 1 đến 12"),
        ((1, 1, 2200), "nằm ngoài khoảng hỗ trợ"),
    ],
)
def test_impossible_lunar_dates(fields, message):
    with pytest.raises(PlannerError, match=message):
        LunarDate(*fields)


@pytest.mark.parametrize("year", [1850, 2101, 2500])
def test_solar_years_out_of_range(year):
    with pytest.raises(PlannerError, match="ngoài khoảng hỗ trợ"):
        to_lunar(dt.date(year, 6, 1))


def test_accepts_datetime_and_timestamp():
    import pandas as pd

    assert to_lunar(dt.datetime(2025, 4, 7, 23, 59)) == LunarDate(10, 3, 2025)
    assert to_lunar(pd.Timestamp("2025-04-07")) == LunarDate(10, 3, 2025)


# ---------------------------------------------------------------- bad input (issue 6, 2.6 and 2.8)

_ENGLISH = ("out of", "range", "Invalid", "year ", "must be")


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: LunarDate(1, 6, 2025, leap="no"), "'no'"),  # was: a leap month
        (lambda: LunarDate(1, 6, 2025, leap=1), "1"),
        (lambda: LunarDate(1, 6, 2025, leap=None), "None"),
        (lambda: LunarDate(True, 6, 2025), "True"),  # was: day 1
        (lambda: LunarDate(1, True, 2025), "True"),
        (lambda: LunarDate(1, 6, 2025.0), "2025.0"),
        (lambda: LunarDate("1", 6, 2025), "'1'"),
        (lambda: lunar_month_length(6, 2025, leap="x"), "'x'"),
        (lambda: lunar_month_length([6], 2025), "[6]"),
        (lambda: leap_month("2025"), "'2025'"),
        (lambda: leap_month([2025]), "[2025]"),  # was: TypeError (unhashable) from the cache
        (lambda: leap_month(1800), "1800"),  # was: None, as if 1800 had no leap month
    ],
)
def test_wrong_types_are_refused_naming_the_value(build, named):
    with pytest.raises(LunarDateError) as info:
        build()
    assert named in str(info.value)
    assert not any(word in str(info.value) for word in _ENGLISH)


def test_numpy_values_from_a_frame_are_accepted():
    import numpy as np

    ld = LunarDate(np.int64(1), np.int64(6), np.int64(2025), leap=np.bool_(True))
    assert (ld.day, ld.month, ld.year, ld.leap) == (1, 6, 2025, True)
    assert type(ld.day) is int and type(ld.leap) is bool
    assert to_solar(ld) == to_solar(LunarDate(1, 6, 2025, leap=True))
    assert leap_month(np.int64(2025)) == 6


@pytest.mark.parametrize(
    ("lunar", "solar_year"),
    [(LunarDate(1, 1, 1899), "1899"), (LunarDate(30, 12, 2100), "2101")],
)
def test_lunar_vn_refusals_are_vietnamese(lunar, solar_year):
    # lunar-vn says "Solar result year 2101 out of supported range (1900, 2100)"
    with pytest.raises(LunarDateError) as info:
        to_solar(lunar)
    message = str(info.value)
    assert f"{lunar.day}/{lunar.month} năm {lunar.year}" in message
    assert f"năm dương lịch {solar_year}" in message and "1900–2100" in message
    assert not any(word in message for word in _ENGLISH)


def test_nat_is_refused():
    import pandas as pd

    with pytest.raises(LunarDateError, match="NaT"):
        to_lunar(pd.NaT)

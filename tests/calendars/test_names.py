import datetime as dt

import pytest

from planner.calendars import (
    LunarDate,
    can_chi_year,
    format_date,
    format_date_long,
    format_lunar,
    format_weekday,
)


@pytest.mark.parametrize(
    ("year", "name"),
    [(1930, "Canh Ngọ"), (1969, "Kỷ Dậu"), (1975, "Ất Mão"), (2024, "Giáp Thìn"), (2025, "Ất Tỵ"), (2026, "Bính Ngọ")],
)
def test_can_chi(year, name):
    assert can_chi_year(year) == name


@pytest.mark.parametrize(
    ("date", "short", "weekday"),
    [
        (dt.date(2025, 2, 3), "3/2/2025", "Thứ Hai"),
        (dt.date(2025, 4, 30), "30/4/2025", "Thứ Tư"),
        (dt.date(2025, 9, 2), "2/9/2025", "Thứ Ba"),
        (dt.date(2025, 3, 30), "30/3/2025", "Chủ nhật"),
        (dt.date(2025, 6, 21), "21/6/2025", "Thứ Bảy"),
    ],
)
def test_solar_formats(date, short, weekday):
    assert format_date(date) == short
    assert format_weekday(date) == weekday
    assert format_date_long(date) == f"{weekday}, {short}"


def test_lunar_formats():
    assert format_lunar(LunarDate(10, 3, 2025)) == "10/3 Ất Tỵ"
    assert format_lunar(dt.date(2025, 4, 7)) == "10/3 Ất Tỵ"
    assert format_lunar(LunarDate(1, 6, 2025, leap=True)) == "1/6 nhuận Ất Tỵ"
    assert format_lunar(LunarDate(1, 1, 2026), with_year=False) == "1/1"

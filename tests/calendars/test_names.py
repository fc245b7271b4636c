import datetime as dt

import pandas as pd
import pytest

from planner.calendars import (
    LunarDate,
    can_chi_year,
    format_date,
    format_date_long,
    format_lunar,
    format_weekday,
    parse_date,
)
from planner.errors import InvalidValueError, PlannerError


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


# ---------------------------------------------------------------- parse_date (issue 6, 2.6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/2/2025", dt.date(2025, 2, 3)),
        ("2025-02-03", dt.date(2025, 2, 3)),
        (" 29/2/2024 ", dt.date(2024, 2, 29)),
        ("2025-4-7", dt.date(2025, 4, 7)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2025/04/07", "viết dạng 3/2/2025 hoặc 2025-02-03"),
        ("hôm nay", "viết dạng 3/2/2025 hoặc 2025-02-03"),
        ("29/2/2025", "tháng 2/2025 có 28 ngày"),
        ("31/4/2025", "tháng 4/2025 có 30 ngày"),
        ("0/1/2025", "tháng 1/2025 có 31 ngày"),
        ("1/13/2025", "tháng phải từ 1 đến 12, nhận được 13"),
        ("0000-01-01", "năm phải từ 1 đến 9999"),
        (20250203, "viết dạng"),
        (None, "viết dạng"),
        (["3/2/2025"], "viết dạng"),
    ],
)
def test_parse_date_refuses_with_planner_error_naming_the_value(value, says):
    with pytest.raises(InvalidValueError) as info:
        parse_date(value)
    error = info.value
    # still a ValueError: callers that catch ValueError keep working
    assert isinstance(error, PlannerError) and isinstance(error, ValueError)
    assert (error.field, error.value) == ("date", value)
    text = str(error)
    assert says in text and (repr(value) in text or f"'{value}'" in text)
    assert text[0].islower() and not text.endswith(".")  # put after "Trường 'date': "


@pytest.mark.parametrize("value", ["2025-02-03", None, pd.NaT, 3])
def test_formats_refuse_what_is_not_a_date(value):
    with pytest.raises(InvalidValueError):
        format_date(value)
    with pytest.raises(InvalidValueError):
        format_weekday(value)


@pytest.mark.parametrize("year", ["2025", 2025.0, True, None])
def test_can_chi_refuses_what_is_not_a_year(year):
    with pytest.raises(InvalidValueError, match="Năm phải là số nguyên"):
        can_chi_year(year)

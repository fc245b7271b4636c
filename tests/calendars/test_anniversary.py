import pytest

from planner.calendars import anniversary_number, anniversary_title, tier


@pytest.mark.parametrize(
    ("year", "base", "number", "expected_tier"),
    [
        (2025, 1930, 95, "le5"),  # Party founding, 3/2/1930
        (2025, 1975, 50, "tron"),  # Liberation of the South, 30/4/1975
        (2025, 1945, 80, "tron"),  # National Day
        (2025, 1890, 135, "le5"),  # Ho Chi Minh's birthday
        (2025, 1925, 100, "tron"),  # Revolutionary Press Day
        (2025, 1931, 94, "thuong"),  # Youth Union
        (2024, 1944, 80, "tron"),  # People's Army
        (2026, 2025, 1, "thuong"),
        (2030, 2025, 5, "le5"),
        (2035, 2025, 10, "tron"),
    ],
)
def test_number_and_tier(year, base, number, expected_tier):
    assert anniversary_number(year, base) == number
    assert tier(number) == expected_tier


@pytest.mark.parametrize(("year", "base"), [(2025, None), (2025, 2025), (2024, 2025)])
def test_no_number(year, base):
    assert anniversary_number(year, base) is None
    assert tier(None) is None


def test_title():
    assert (
        anniversary_title("Ngày thành lập Đảng Cộng sản Việt Nam", 95, "3/2/1930", "3/2/2025")
        == "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)"
    )
    assert anniversary_title("Giỗ Tổ Hùng Vương", None, "", "") == "Giỗ Tổ Hùng Vương"

"""Anniversary numbers, tiers and official-style titles.

References:
    Nghị định 145/2013/NĐ-CP, Điều 3: an anniversary whose number ends in 0 is a round
    year ("năm tròn"), one ending in 5 is "năm lẻ 5"; others are ordinary.
    Nghị định 111/2018/NĐ-CP: formal ceremonies for founding and tradition days are held
    only in round years.
"""

from __future__ import annotations

__all__ = ["TRON", "LE5", "THUONG", "TIERS", "anniversary_number", "tier", "anniversary_title"]

TRON = "tron"  # number ends in 0: năm tròn
LE5 = "le5"  # number ends in 5: năm lẻ 5
THUONG = "thuong"  # any other number
TIERS = (TRON, LE5, THUONG)


def anniversary_number(year: int, base_year: int | None) -> int | None:
    """year − base year; None when the event has no base year or has not happened yet."""
    if base_year is None or year <= base_year:
        return None
    return year - base_year


def tier(number: int | None) -> str | None:
    """'tron' when the number ends in 0, 'le5' when it ends in 5, else 'thuong'."""
    if number is None:
        return None
    if number % 10 == 0:
        return TRON
    if number % 5 == 0:
        return LE5
    return THUONG


def anniversary_title(name: str, number: int | None, start: str, end: str) -> str:
    """Official-style title.

    >>> anniversary_title("Ngày thành lập Đảng Cộng sản Việt Nam", 95, "3/2/1930", "3/2/2025")
    'Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)'

    Without a number (no base year) the title is the event's name.
    """
    if number is None:
        return name
    return f"Kỷ niệm {number} năm {name} ({start} – {end})"

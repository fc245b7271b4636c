"""Vietnam's public holidays and days off, from the ``holidays`` package.

References:
    Bộ luật Lao động 2019, Điều 112 (via ``holidays.country_holidays('VN')``); days off
    moved by government decision are included as the package knows them.
"""

from __future__ import annotations

from functools import lru_cache

import holidays
import pandas as pd

__all__ = ["public_holidays"]


@lru_cache(maxsize=64)
def _holidays(year: int) -> tuple[tuple, ...]:
    days = holidays.country_holidays("VN", years=year, language="vi")
    return tuple(sorted(days.items()))


def public_holidays(year: int) -> pd.DataFrame:
    """Public holidays and days off of a year: columns ``date`` (datetime64) and ``name``."""
    rows = _holidays(int(year))
    return pd.DataFrame(
        {
            "date": pd.to_datetime([d for d, _ in rows]),
            "name": pd.Series([n for _, n in rows], dtype="object"),
        }
    )

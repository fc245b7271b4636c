"""Calendar math: solar and Vietnamese lunar dates, anniversaries, Vietnamese formats.

Pure functions only: this subpackage knows nothing of units, storage or widgets.
"""

from planner.calendars.anniversary import (
    LE5,
    THUONG,
    TIERS,
    TRON,
    anniversary_number,
    anniversary_title,
    tier,
)
from planner.calendars.lunar import (
    SUPPORTED_YEARS,
    LunarDate,
    leap_month,
    lunar_month_length,
    to_lunar,
    to_solar,
)
from planner.calendars.names import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    can_chi_year,
    format_date,
    format_date_long,
    format_lunar,
    format_month,
    format_weekday,
    parse_date,
)
from planner.calendars.occurrences import (
    OCCURRENCE_COLUMNS,
    OCCURRENCE_YEARS,
    Occurrence,
    check_year,
    event_occurrences,
    lunar_occurrence,
    occurrence_title,
    occurrences,
)
from planner.calendars.public_holidays import public_holidays

__all__ = [
    "LE5",
    "MONTH_NAMES",
    "OCCURRENCE_COLUMNS",
    "OCCURRENCE_YEARS",
    "Occurrence",
    "SUPPORTED_YEARS",
    "THUONG",
    "TIERS",
    "TRON",
    "WEEKDAY_NAMES",
    "LunarDate",
    "anniversary_number",
    "anniversary_title",
    "can_chi_year",
    "check_year",
    "event_occurrences",
    "format_date",
    "format_date_long",
    "format_lunar",
    "format_month",
    "format_weekday",
    "leap_month",
    "lunar_month_length",
    "lunar_occurrence",
    "occurrence_title",
    "occurrences",
    "parse_date",
    "public_holidays",
    "tier",
    "to_lunar",
    "to_solar",
]

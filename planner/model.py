"""Domain codes and column names shared by every module.

Stored codes are short English words; users only ever see the Vietnamese labels in
:mod:`planner.strings`.
"""

from __future__ import annotations

__all__ = [
    "CALENDARS",
    "CATEGORIES",
    "SCOPES",
    "UNIT_KINDS",
    "FORMATS",
    "PLATFORMS",
    "THEMES",
    "STATUSES",
    "EVENT_COLUMNS",
    "UNIT_COLUMNS",
]

CALENDARS = ("solar", "lunar")
CATEGORIES = ("party", "state", "military", "international", "mass_org", "culture", "local")
SCOPES = ("national", "province", "city", "unit")
UNIT_KINDS = (
    "party_committee",
    "party_cell",
    "propaganda_dept",
    "front",
    "mass_org",
    "gov_office",
    "culture_centre",
)
FORMATS = ("short_video", "post", "article", "infographic", "photo", "livestream")
PLATFORMS = ("facebook", "zalo", "tiktok", "youtube", "website")
THEMES = ("leadership", "event", "culture", "good_deeds")
STATUSES = ("idea", "draft", "in_review", "approved", "published", "cancelled")

#: Columns of the event catalogue (``data/events.csv`` and ``Workspace.events()``).
EVENT_COLUMNS = [
    "event_id",
    "name_vi",
    "name_en",
    "calendar",
    "day",
    "month",
    "leap",
    "base_year",
    "category",
    "scope",
    "valid_from",
    "valid_until",
    "source",
    "note",
]

#: Columns of the unit list (``data/units.csv`` and ``Workspace.units()``).
UNIT_COLUMNS = ["unit_id", "name", "short_name", "kind", "parent_id", "channels", "note"]

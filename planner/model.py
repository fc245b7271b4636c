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
    "TEMPLATE_COLUMNS",
    "NAME_COLUMNS",
    "CHECKLIST",
    "TRANSITIONS",
    "ITEM_COLUMNS",
    "EDITABLE_FIELDS",
    "INTERNAL_FIELDS",
    "short_names",
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
UNIT_COLUMNS = ["unit_id", "name", "short_name", "kind", "parent_id", "own_events", "channels", "note"]

#: Tiers a template may name; ``none`` is an event without an anniversary number.
TEMPLATE_TIERS = ("tron", "le5", "thuong", "none")

#: Who takes an item spec, besides unit kinds and unit ids.
TAKER_ALL = "all"  # every active unit
TAKER_OWNER = "owner"  # units that carry the event as their own (units.own_events)

#: Placeholders a template title may use.
TITLE_PLACEHOLDERS = ("title", "title_lc", "name", "name_lc", "number", "year", "unit")

#: Campaign templates, one row per item spec (``data/templates.csv`` joined with
#: ``data/template_items.csv``); ``position`` is the template's order (first match wins).
TEMPLATE_COLUMNS = [
    "template_id",
    "position",
    "name",
    "categories",
    "tiers",
    "events",
    "spec_id",
    "offset",
    "format",
    "platform",
    "theme",
    "takers",
    "title",
]

#: Official names and their wrong forms (``data/official_names.csv``).
NAME_COLUMNS = ["correct", "wrong_form", "severity", "note"]
SEVERITIES = ("error", "warning", "info")

#: Review checklist of letter 555-CV/BTG, point 3: each ticked before approval.
CHECKLIST = ("political", "ideological", "humane", "orienting", "lawful")

#: Allowed status changes (``cancelled`` is reachable from every status but itself).
TRANSITIONS = {
    "idea": ("draft",),
    "draft": ("in_review",),
    "in_review": ("approved", "draft"),
    "approved": ("published",),
    "published": (),
    "cancelled": (),
}

#: Columns of :meth:`Workspace.items` (and the keys of :meth:`Workspace.item`).
ITEM_COLUMNS = [
    "item_id",
    "version",
    "year",
    "unit_id",
    "event_id",
    "occurrence_date",
    "date",
    "title",
    "format",
    "platform",
    "theme",
    "status",
    "reviewer",
    "review",
    "link",
    "published_at",
    "notes",
    "template_id",
    "spec_id",
    "offset_days",
    "plan_key",
    "findings",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
]
#: Fields a person may set on an item (status goes through ``set_status``).
EDITABLE_FIELDS = (
    "year",
    "unit_id",
    "event_id",
    "occurrence_date",
    "date",
    "title",
    "format",
    "platform",
    "theme",
    "notes",
)
#: Fields only plan generation writes: which template and spec made the item, and its key.
INTERNAL_FIELDS = ("template_id", "spec_id", "offset_days", "plan_key")


def short_names(units) -> dict[str, str]:
    """Unit id → short name, from a units frame (``Workspace.units()``): what tables and messages show."""
    return dict(zip(units["unit_id"], units["short_name"], strict=True))

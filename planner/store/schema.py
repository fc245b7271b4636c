"""Tables of the workspace database (SQLAlchemy Core, portable SQL) and their migrations."""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "metadata",
    "ENTITY_TABLES",
    "recurring_table",
    "rollup_table",
    "rollup_month_table",
    "members_table",
]

#: Version 1: units, events, items, targets, outputs, audit.
#: Version 2: campaign templates, official names, change sets (undo), item plan keys,
#: review records and findings, units' own events.
#: Version 3: composite indexes for date-range reads and the change feed; recurring stories.
#: Version 4: one output per item (unique index), outputs' notes, the workspace id.
#: Version 5: outputs from platform exports (a post's title, looked up by platform and link), the
#: output rollup (unit × day × platform × format) kept in step with every write to outputs.
#: Version 6: members — who may do what (:mod:`planner.store.access`).
SCHEMA_VERSION = 6

metadata = sa.MetaData()


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("updated_at", sa.String(40), nullable=False, server_default=""),
    ]


meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

units_table = sa.Table(
    "units",
    metadata,
    sa.Column("unit_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("short_name", sa.String(31), nullable=False, unique=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("parent_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=True),
    sa.Column("channels", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    *_versioned(),
    sa.Column("own_events", sa.Text, nullable=False, server_default=""),  # v2
)

events_table = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(100), primary_key=True),
    sa.Column("name_vi", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False, server_default=""),
    sa.Column("calendar", sa.String(10), nullable=False),
    sa.Column("day", sa.Integer, nullable=True),
    sa.Column("month", sa.Integer, nullable=False),
    sa.Column("leap", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("base_year", sa.Integer, nullable=True),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("scope", sa.String(40), nullable=False),
    sa.Column("valid_from", sa.Integer, nullable=True),
    sa.Column("valid_until", sa.Integer, nullable=True),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    *_versioned(),
)

items_table = sa.Table(
    "items",
    metadata,
    sa.Column("item_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("year", sa.Integer, nullable=False, index=True),
    sa.Column("event_id", sa.String(100), sa.ForeignKey("events.event_id"), nullable=True),
    sa.Column("unit_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("theme", sa.String(20), nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("date", sa.Date, nullable=True, index=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="idea"),
    sa.Column("reviewer", sa.String(100), nullable=False, server_default=""),
    sa.Column("link", sa.Text, nullable=False, server_default=""),
    sa.Column("published_at", sa.String(40), nullable=False, server_default=""),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    *_versioned(),
    # v2
    sa.Column("occurrence_date", sa.Date, nullable=True),
    sa.Column("template_id", sa.String(100), nullable=True),
    sa.Column("spec_id", sa.String(100), nullable=True),
    sa.Column("offset_days", sa.Integer, nullable=True),
    sa.Column("plan_key", sa.String(400), nullable=True),
    sa.Column("review", sa.Text, nullable=False, server_default=""),
    sa.Column("findings", sa.Text, nullable=False, server_default=""),
    sa.Column("created_by", sa.String(100), nullable=False, server_default=""),
    sa.Column("created_at", sa.String(40), nullable=False, server_default=""),
    sa.Index("ix_items_plan_key", "plan_key", unique=True),
    sa.Index("ix_items_date_unit", "date", "unit_id"),  # v3
    sa.Index("ix_items_unit_date", "unit_id", "date"),  # v3
)

targets_table = sa.Table(
    "targets",
    metadata,
    sa.Column("target_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("unit_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=True),
    sa.Column("unit_kind", sa.String(40), nullable=True),
    sa.Column("period", sa.String(10), nullable=False),  # month | quarter | year
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("format", sa.String(20), nullable=True),  # NULL: any format
    sa.Column("platform", sa.String(20), nullable=True),  # NULL: any platform
    sa.Column("count", sa.Integer, nullable=False),
    *_versioned(),
)

outputs_table = sa.Table(
    "outputs",
    metadata,
    sa.Column("output_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("unit_id", sa.String(100), sa.ForeignKey("units.unit_id"), nullable=False, index=True),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("published_at", sa.String(40), nullable=False),
    sa.Column("duration_s", sa.Integer, nullable=True),
    sa.Column("views", sa.Integer, nullable=True),
    sa.Column("reactions", sa.Integer, nullable=True),
    sa.Column("shares", sa.Integer, nullable=True),
    sa.Column("comments", sa.Integer, nullable=True),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.item_id"), nullable=True),
    sa.Column("source_file", sa.Text, nullable=False, server_default=""),
    *_versioned(),
    sa.Column("note", sa.Text, nullable=False, server_default=""),  # v4
    sa.Index("ix_outputs_item", "item_id", unique=True),  # v4: one report per item; importing again updates it
    sa.Column("title", sa.Text, nullable=False, server_default=""),  # v5: the post's caption or title
    sa.Index("ix_outputs_url", "url"),  # v5: a post recorded again (same platform and link) is found, not doubled
    sa.Index("ix_outputs_unit_published", "unit_id", "published_at"),  # v5: the rollup's recompute
)

audit_table = sa.Table(
    "audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("entity", sa.String(20), nullable=False),
    sa.Column("entity_id", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
    # v2
    sa.Column("change_id", sa.Integer, nullable=True, index=True),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_audit_entity", "entity", "entity_id", "change_id"),  # v3
)

# v2 ---------------------------------------------------------------------------------

changes_table = sa.Table(
    "changes",
    metadata,
    sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("user", sa.String(100), nullable=False, index=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("undone_by", sa.Integer, nullable=True),
)

templates_table = sa.Table(
    "templates",
    metadata,
    sa.Column("template_key", sa.String(220), primary_key=True),  # template_id/spec_id
    sa.Column("template_id", sa.String(100), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("categories", sa.Text, nullable=False, server_default=""),
    sa.Column("tiers", sa.Text, nullable=False, server_default=""),
    sa.Column("events", sa.Text, nullable=False, server_default=""),
    sa.Column("spec_id", sa.String(100), nullable=False),
    sa.Column("offset", sa.Integer, nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("theme", sa.String(20), nullable=False),
    sa.Column("takers", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    *_versioned(),
)

names_table = sa.Table(
    "official_names",
    metadata,
    sa.Column("wrong_form", sa.String(200), primary_key=True),
    sa.Column("correct", sa.Text, nullable=False),
    sa.Column("severity", sa.String(10), nullable=False, server_default="error"),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    *_versioned(),
)

# v3 ---------------------------------------------------------------------------------

recurring_table = sa.Table(
    "recurring",
    metadata,
    sa.Column("recurring_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("day", sa.Integer, nullable=False),
    sa.Column("months", sa.Text, nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("theme", sa.String(20), nullable=False),
    sa.Column("takers", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    *_versioned(),
)

# v5 ---------------------------------------------------------------------------------

#: Outputs summed per unit × day × platform × format (see :mod:`planner.store.rollup`): what the
#: dashboards read instead of every output. Derived data: no versions, no audit; rebuilt from
#: ``outputs`` by :meth:`~planner.store.rollup.RollupMethods.rebuild_rollup`.
rollup_table = sa.Table(
    "output_rollup",
    metadata,
    sa.Column("unit_id", sa.String(100), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),  # ISO date of published_at
    sa.Column("platform", sa.String(20), primary_key=True),
    sa.Column("format", sa.String(20), primary_key=True),
    sa.Column("outputs", sa.Integer, nullable=False),
    sa.Column("views", sa.BigInteger, nullable=True),  # sums of the known values; NULL when none is known
    sa.Column("reactions", sa.BigInteger, nullable=True),
    sa.Column("shares", sa.BigInteger, nullable=True),
    sa.Column("comments", sa.BigInteger, nullable=True),
    sa.Column("videos", sa.Integer, nullable=False),  # outputs with a known duration
    sa.Column("short_videos", sa.Integer, nullable=False),  # … at or under short_video_seconds
    sa.Column("matched", sa.Integer, nullable=False),  # outputs with an item
    sa.Index("ix_output_rollup_day", "day", "unit_id"),
)


def _rollup_measures() -> list[sa.Column]:
    return [
        sa.Column("outputs", sa.Integer, nullable=False),
        sa.Column("views", sa.BigInteger, nullable=True),
        sa.Column("reactions", sa.BigInteger, nullable=True),
        sa.Column("shares", sa.BigInteger, nullable=True),
        sa.Column("comments", sa.BigInteger, nullable=True),
        sa.Column("videos", sa.Integer, nullable=False),
        sa.Column("short_videos", sa.Integer, nullable=False),
        sa.Column("matched", sa.Integer, nullable=False),
    ]


#: The same sums per unit × month (``2025-05``) × platform × format, kept from ``output_rollup`` in the same
#: flush: a year's completion reads some tens of thousands of rows, whatever the number of outputs.
rollup_month_table = sa.Table(
    "output_rollup_month",
    metadata,
    sa.Column("unit_id", sa.String(100), primary_key=True),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("platform", sa.String(20), primary_key=True),
    sa.Column("format", sa.String(20), primary_key=True),
    *_rollup_measures(),
    sa.Index("ix_output_rollup_month_month", "month", "unit_id"),
)

# v6 ---------------------------------------------------------------------------------

#: People and roles: access control is on when this table has a row (:mod:`planner.store.access`).
members_table = sa.Table(
    "members",
    metadata,
    sa.Column("user_name", sa.String(100), primary_key=True),
    sa.Column("display_name", sa.Text, nullable=False, server_default=""),
    sa.Column("role", sa.String(20), nullable=False),  # planner | reviewer | manager | viewer
    sa.Column("units", sa.Text, nullable=False, server_default="[]"),  # JSON list of unit ids, sorted
    *_versioned(),
)

#: entity name used in the audit log → (table, key column)
ENTITY_TABLES: dict[str, tuple[sa.Table, str]] = {
    "unit": (units_table, "unit_id"),
    "event": (events_table, "event_id"),
    "item": (items_table, "item_id"),
    "target": (targets_table, "target_id"),
    "output": (outputs_table, "output_id"),
    "template": (templates_table, "template_key"),
    "name": (names_table, "wrong_form"),
    "recurring": (recurring_table, "recurring_id"),
    "member": (members_table, "user_name"),
}

#: Migrations from version N to N+1: portable SQL statements, run in one transaction.
#: New tables are created by ``metadata.create_all`` (which skips existing ones) after
#: these statements; reference data for new tables is seeded from ``data/`` afterwards.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "ALTER TABLE units ADD COLUMN own_events TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN occurrence_date DATE",
        "ALTER TABLE items ADD COLUMN template_id VARCHAR(100)",
        "ALTER TABLE items ADD COLUMN spec_id VARCHAR(100)",
        "ALTER TABLE items ADD COLUMN offset_days INTEGER",
        "ALTER TABLE items ADD COLUMN plan_key VARCHAR(400)",
        "CREATE UNIQUE INDEX ix_items_plan_key ON items (plan_key)",
        "ALTER TABLE items ADD COLUMN review TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN findings TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN created_by VARCHAR(100) NOT NULL DEFAULT ''",
        "ALTER TABLE items ADD COLUMN created_at VARCHAR(40) NOT NULL DEFAULT ''",
        "ALTER TABLE audit ADD COLUMN change_id INTEGER",
        "CREATE INDEX ix_audit_change_id ON audit (change_id)",
        "ALTER TABLE audit ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    ],
    3: [
        "ALTER TABLE outputs ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "CREATE UNIQUE INDEX ix_outputs_item ON outputs (item_id)",
    ],
    4: [
        "ALTER TABLE outputs ADD COLUMN title TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX ix_outputs_url ON outputs (url)",
        "CREATE INDEX ix_outputs_unit_published ON outputs (unit_id, published_at)",
    ],
    5: [],  # v6: the members table (created by create_all)
    2: [
        "CREATE INDEX ix_items_date_unit ON items (date, unit_id)",
        "CREATE INDEX ix_items_unit_date ON items (unit_id, date)",
        "CREATE INDEX ix_audit_entity ON audit (entity, entity_id, change_id)",
    ],
}

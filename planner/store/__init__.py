"""The workspace store: the only code that touches the database."""

from planner.store.items import EDITABLE_FIELDS, ITEM_COLUMNS
from planner.store.rows import current_user
from planner.store.schema import SCHEMA_VERSION
from planner.store.workspace import DB_FILE, Workspace, open_workspace

__all__ = [
    "DB_FILE",
    "EDITABLE_FIELDS",
    "ITEM_COLUMNS",
    "SCHEMA_VERSION",
    "Workspace",
    "current_user",
    "open_workspace",
]

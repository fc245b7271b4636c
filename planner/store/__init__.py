"""The workspace store: the only code that touches the database."""

from planner.model import EDITABLE_FIELDS, INTERNAL_FIELDS, ITEM_COLUMNS
from planner.store.engine import DB_FILE
from planner.store.rows import current_user
from planner.store.schema import SCHEMA_VERSION
from planner.store.workspace import CHANGE_COLUMNS, Workspace, open_workspace

__all__ = [
    "CHANGE_COLUMNS",
    "DB_FILE",
    "EDITABLE_FIELDS",
    "INTERNAL_FIELDS",
    "ITEM_COLUMNS",
    "SCHEMA_VERSION",
    "Workspace",
    "current_user",
    "open_workspace",
]

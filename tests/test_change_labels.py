"""Every kind of change the store records has a Vietnamese name: the undo button and the history show it
("Hoàn tác: nhập báo cáo của đơn vị"), never the code."""

from __future__ import annotations

import re
from pathlib import Path

from planner.store.undo import NOT_UNDOABLE
from planner.strings import FORM_LABELS

PACKAGE = Path(__file__).resolve().parent.parent / "planner"
#: How the store names a change set: ``self._change(conn, "action", …)`` or ``action="…"`` passed down to it.
_NAMED = re.compile(r"""_change\(\s*conn,\s*"([a-z_]+)"|\baction="([a-z_]+)\"""")


#: ``action=`` on an audit row (``_update(…, action="status")``), not a change set.
_ROW_ACTIONS = {"insert", "update", "delete", "status", "undo"}


def _actions() -> set[str]:
    found = set()
    for path in [*(PACKAGE / "store").glob("*.py"), PACKAGE / "planning.py"]:
        for match in _NAMED.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found - _ROW_ACTIONS


def test_the_scan_finds_the_store_s_change_sets():
    actions = _actions()
    # a few the store is known to record, so an empty or broken scan fails here
    assert {"set_status", "generate_plan", "import_reports", "import_events"} <= actions, actions


def test_every_undoable_change_has_a_vietnamese_name():
    missing = sorted(a for a in _actions() - set(NOT_UNDOABLE) if f"action_{a}" not in FORM_LABELS)
    assert not missing, f"FORM_LABELS lacks action_…: {missing}"
    for action in _actions() - set(NOT_UNDOABLE):
        label = FORM_LABELS[f"action_{action}"]
        assert label and label != action and not re.fullmatch(r"[a-z_]+", label)

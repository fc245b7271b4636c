"""Minimal reproductions of the defects the property tests found in ``planner/``.

Each is ``xfail(strict=True)``: it fails today (the defect is there) and the suite stays
green; the day the defect is fixed the test passes, strict xfail turns that into a
failure, and whoever fixed it deletes the marker here and sets the flag of the same name
in :data:`tests.properties._support.KNOWN_BUGS` to False, so the property tests stop
steering round it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import planner
from tests.properties._support import KNOWN_BUGS, attempt

BASE = dict(year=2025, unit_id="ban-tuyen-giao", format="post", platform="facebook", theme="event")


def known(name: str, reason: str):
    """Mark a reproduction of the defect ``name`` (a key of KNOWN_BUGS)."""
    assert name in KNOWN_BUGS
    return pytest.mark.xfail(KNOWN_BUGS[name], reason=reason, strict=True)


@pytest.fixture
def ws(tmp_path):
    w = planner.open_workspace(tmp_path / "ws", user="chuyenvien")
    yield w
    w.close()


@known("add_items_mixed_fields", "add_items drops a later row's event_id when the first row has none")
def test_add_items_keeps_fields_only_later_rows_name(ws):
    first, second = ws.add_items([BASE, {**BASE, "event_id": "thanh-lap-dang"}])
    assert ws.item(first)["event_id"] is None
    assert ws.item(second)["event_id"] == "thanh-lap-dang"


@known("add_items_mixed_fields", "add_items raises a raw StatementError when a later row lacks a field")
def test_add_items_with_a_field_only_the_first_row_names(ws):
    outcome = attempt(lambda: ws.add_items([{**BASE, "event_id": "thanh-lap-dang"}, BASE]))
    assert outcome.ok
    assert [ws.item(i)["event_id"] for i in outcome.value] == ["thanh-lap-dang", None]


@known("array_values", "a numpy array as a field value raises a raw ValueError")
def test_array_value_is_refused_in_vietnamese(ws):
    value = np.array([1, 2])
    outcome = attempt(lambda: ws.add_item(**{**BASE, "unit_id": value}), value)
    assert not outcome.ok


@known("surrogates", "a lone surrogate in text raises a raw UnicodeEncodeError")
@pytest.mark.parametrize("field", ["title", "notes"])
def test_lone_surrogate_is_refused_in_vietnamese(ws, field):
    outcome = attempt(lambda: ws.add_item(**BASE, **{field: "Kỷ niệm \ud800"}), "Kỷ niệm \ud800")
    assert not outcome.ok


@known("non_iterable_batches", "add_items(0) / apply(0) raise a raw TypeError")
@pytest.mark.parametrize("call", ["add_items", "apply"])
@pytest.mark.parametrize("value", [0, None, 2.5])
def test_batch_that_is_not_a_list_is_refused_in_vietnamese(ws, call, value):
    outcome = attempt(lambda: getattr(ws, call)(value), value)
    assert not outcome.ok


@known("empty_date_filter", "items(start='') / items(end=NaT) raise a raw sqlalchemy ArgumentError")
@pytest.mark.parametrize("value", ["", "  ", pd.NaT, float("nan")])
@pytest.mark.parametrize("bound", ["start", "end"])
def test_empty_date_filter(ws, bound, value):
    ws.add_item(**BASE, date="3/2/2025")
    outcome = attempt(lambda: ws.items(**{bound: value}), value)
    # either read as "no bound" (all items) or refused in Vietnamese, never a raw error
    assert not outcome.ok or len(outcome.value) == 1


@known("bulk_where_values", "bulk_update(where) with an unbindable or 65-bit value raises a raw driver error")
@pytest.mark.parametrize(
    "where",
    [{"item_id": frozenset()}, {"item_id": 2**63}, {"title": [[1]]}, {"unit_id": {"a": 1}}],
    ids=["set", "huge-int", "nested-list", "dict"],
)
def test_bulk_update_where_values_are_checked(ws, where):
    ws.add_item(**BASE)
    outcome = attempt(lambda: ws.bulk_update(where, title="Tiêu đề mới"), where)
    assert not outcome.ok or outcome.value == 0


@known("long_path", "open_workspace on a folder name over 255 bytes raises a raw OSError")
@pytest.mark.sqlite_only("a folder name the file system refuses")
@pytest.mark.parametrize("name", ["x" * 300, "đ" * 200])
def test_open_workspace_with_a_name_too_long(tmp_path, name):
    path = tmp_path / name
    outcome = attempt(lambda: planner.open_workspace(path), path)
    assert not outcome.ok


@known("lunar_na", "to_lunar(pd.NA) raises a raw TypeError")
@pytest.mark.parametrize("name", ["to_lunar", "format_lunar"])
def test_lunar_of_missing_value(name):
    from planner import calendars

    outcome = attempt(lambda: getattr(calendars, name)(pd.NA))
    assert not outcome.ok


@known("copy_same_year", "copy_plan(ws, 2024, 2024) copies the year onto itself, adding it again on every call")
def test_copy_plan_onto_the_same_year(ws):
    planner.generate_plan(ws, 2024)
    count = len(ws.items(year=2024))
    outcome = attempt(lambda: planner.copy_plan(ws, 2024, 2024))
    assert not outcome.ok or len(outcome.value) == 0
    assert len(ws.items(year=2024)) == count


@known("import_units_short_name", "import_units with a short name another unit has raises a raw IntegrityError")
def test_import_units_with_a_short_name_already_taken(ws, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "unit_id,name,short_name,kind,parent_id,own_events,channels,note\n"
        "don-vi-moi,Đơn vị mới,Ban Tuyên giáo,mass_org,,,,\n",
        encoding="utf-8",
    )
    newest = ws.last_change()
    outcome = attempt(lambda: ws.import_units(path))
    assert not outcome.ok and ws.last_change() == newest

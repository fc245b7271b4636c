"""What units report they published: record_outputs, all or nothing, never over a changed plan."""

from __future__ import annotations

import datetime as dt

import pytest

import planner
from planner.errors import InvalidValueError
from planner.store.outputs import PLAN_FIELDS
from tests.helpers import approve, db_rows, place


@pytest.fixture
def planned(workspace):
    planner.generate_plan(workspace, 2025)
    return workspace




def _shown(item: dict) -> dict:
    return {k: item[k] for k in PLAN_FIELDS}


def _count(ws_path, table: str) -> int:
    return db_rows(ws_path, f"SELECT count(*) FROM {table}")[0][0]


def test_reports_are_recorded_and_approved_items_published(planned):
    items = planned.items(year=2025).head(3).to_dict("records")
    approved = approve(planned, items[0]["item_id"])
    reports = [
        {"item_id": approved["item_id"], "version": approved["version"], "url": "https://facebook.com/bai/1",
         "published_at": "3/2/2025", "views": 1234, "reactions": 56, "shares": 7, "comments": 8, "duration_s": None},
        {"item_id": items[1]["item_id"], "version": items[1]["version"], "url": "https://zalo.me/bai/2",
         "published_at": dt.date(2025, 2, 4), "views": 10},
    ]
    exported = {approved["item_id"]: _shown(approved), items[1]["item_id"]: _shown(items[1])}
    done = planned.record_outputs(reports, source="Hội Phụ nữ.xlsx", exported=exported)
    assert sorted(done.added) == sorted([approved["item_id"], items[1]["item_id"]])
    assert done.published == [approved["item_id"]] and done.not_approved == [(items[1]["item_id"], "Ý tưởng")]
    out = planned.outputs().set_index("item_id")
    assert out.loc[approved["item_id"], "views"] == 1234 and out.loc[approved["item_id"], "shares"] == 7
    assert out.loc[approved["item_id"], "published_at"] == dt.datetime(2025, 2, 3)
    assert out.loc[items[1]["item_id"], "url"] == "https://zalo.me/bai/2"
    published = planned.item(approved["item_id"])
    assert published["status"] == "published" and published["link"] == "https://facebook.com/bai/1"
    assert planned.item(items[1]["item_id"])["status"] == "idea"
    # the same report again: nothing counted twice, nothing changed
    before = planned.last_change()
    again = planned.record_outputs(reports, source="Hội Phụ nữ.xlsx", exported=exported)
    assert sorted(again.unchanged) == sorted([approved["item_id"], items[1]["item_id"]]) and not again.added
    assert len(planned.outputs()) == 2 and planned.last_change() == before  # no empty change set to undo


def test_a_plan_changed_since_the_export_is_a_conflict_with_both_values_and_nothing_is_written(planned, tmp_path):
    item = planned.items(year=2025).iloc[5].to_dict()
    shown = _shown(item)
    planned.move_item(item["item_id"], "2025-12-01", version=item["version"])
    before = planned.last_change()
    with pytest.raises(planner.ConflictError) as caught:
        planned.record_outputs([{"item_id": item["item_id"], "version": item["version"], "url": "https://x.vn/a"}],
                               exported={item["item_id"]: shown})
    assert f"nội dung số {item['item_id']}" in str(caught.value) and "1/12/2025" in str(caught.value)
    assert planned.last_change() == before and planned.outputs().empty


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"url": "facebook.com/bai"}, "http"),
        ({"views": -5}, "views"),
        ({"published_at": "32/1/2025"}, "published_at"),
        ({"item_id": 999_999}, "999999"),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_written(planned, bad, message):
    items = planned.items(year=2025).head(2).to_dict("records")
    good = {"item_id": items[0]["item_id"], "version": items[0]["version"], "url": "https://x.vn/1"}
    other = {"item_id": items[1]["item_id"], "version": items[1]["version"], "url": "https://x.vn/2", **bad}
    before = planned.last_change()
    with pytest.raises(planner.PlannerError, match=message):
        planned.record_outputs([good, other])
    assert planned.last_change() == before and planned.outputs().empty


def test_workspace_id_is_kept_and_differs_between_workspaces(planned, tmp_path):
    with planner.open_workspace(tmp_path / "other") as other:
        assert other.workspace_id != planned.workspace_id
    with planner.open_workspace(place(planned)) as again:
        assert again.workspace_id == planned.workspace_id


def test_a_count_beyond_the_integer_column_is_refused_in_vietnamese_on_every_engine(planned):
    """PostgreSQL's INTEGER holds 2,147,483,647: a bigger count raised a raw 'integer out of range' there
    (SQLite stored it). Now both engines refuse it by field, and nothing is written."""
    item = approve(planned, planned.items(year=2025).iloc[0]["item_id"])
    report = {"item_id": item["item_id"], "version": item["version"], "url": "https://fb.com/bai/9"}
    before = planned.last_change()
    with pytest.raises(InvalidValueError, match="views") as caught:
        planned.record_outputs([{**report, "views": 2**31}])
    assert caught.value.field == "views" and planned.last_change() == before and _count(planned, "outputs") == 0
    planned.record_outputs([{**report, "views": 2**31 - 1}])
    assert db_rows(planned, "SELECT views FROM outputs") == [(2**31 - 1,)]

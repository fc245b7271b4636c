"""The targets editor, used as a person would: pick a target, change the form, click; read back the workspace."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import planner
from planner.strings import TARGETS_EDITOR_LABELS as L
from planner.ui.targets import TargetsEditor, period_start


@pytest.fixture
def editor(workspace):
    return TargetsEditor(workspace, year=2025)


def stored(ws) -> pd.DataFrame:
    return ws.targets().drop(columns=["version"]).reset_index(drop=True)


def option_ids(editor) -> list[int]:
    return [value for _, value in editor.listing.options]


def test_period_start():
    assert period_start("month", 2025, 5) == dt.date(2025, 5, 1)
    assert period_start("quarter", 2025, 4) == dt.date(2025, 10, 1)
    assert period_start("year", 2025, None) == dt.date(2025, 1, 1)


def test_lists_the_years_targets(editor, workspace):
    targets = workspace.targets()
    of_2025 = targets[targets["period_start"].dt.year == 2025]
    assert len(of_2025) > 0
    assert option_ids(editor) == of_2025["target_id"].tolist()
    first = of_2025.iloc[0]
    label = editor.listing.options[0][0]
    assert label.startswith(f"#{first['target_id']} · ") and label.endswith(f": {first['count']}")
    editor.year_filter.value = 2031
    assert editor.listing.options == ()


def test_select_change_and_save(editor, workspace):
    target = workspace.targets().iloc[1]
    editor.listing.value = int(target["target_id"])
    assert editor.count.value == str(target["count"])
    assert editor.period.value == target["period"]
    assert editor.target_id == target["target_id"] and editor.version == target["version"]
    editor.count.value = " 31 "
    editor.save_button.click()
    after = workspace.targets().set_index("target_id").loc[target["target_id"]]
    assert after["count"] == 31 and after["version"] == target["version"] + 1
    assert editor.status.kind == "ok" and str(target["target_id"]) in editor.status.message
    assert editor.listing.options[1][0].endswith(": 31")
    audit = workspace.audit(entity="target", entity_id=int(target["target_id"]))
    assert audit.iloc[-1]["after"]["count"] == 31


def test_add_a_unit_target_for_a_quarter_then_undo(editor, workspace):
    before = stored(workspace)
    editor.listing.value = None
    editor.scope.value = "unit"
    assert editor.unit.layout.display is None and editor.kind.layout.display == "none"
    editor.unit.value = "hoi-phu-nu"
    editor.period.value = "quarter"
    assert [v for _, v in editor.which.options] == [1, 2, 3, 4]
    editor.which.value = 2
    editor.format.value = "short_video"
    editor.platform.value = "tiktok"
    editor.count.value = "5"
    editor.add_button.click()
    assert editor.status.kind == "ok", editor.status.message
    after = workspace.targets()
    new = after[~after["target_id"].isin(before["target_id"])]
    assert len(new) == 1
    row = new.iloc[0]
    assert (row["unit_id"], row["unit_kind"], row["period"], row["format"], row["platform"], row["count"]) == (
        "hoi-phu-nu", None, "quarter", "short_video", "tiktok", 5
    )
    assert row["period_start"] == pd.Timestamp("2025-04-01")
    assert editor.listing.value == row["target_id"] and editor.target_id == row["target_id"]
    assert "Hội Phụ nữ · Quý 2/2025 · Video clip ngắn · TikTok: 5" in dict(
        (v, k) for k, v in editor.listing.options
    )[row["target_id"]]

    editor.undo_button.click()
    assert editor.status.message == L["undone"]
    pd.testing.assert_frame_equal(stored(workspace), before)
    assert row["target_id"] not in option_ids(editor)


def test_delete(editor, workspace):
    target_id = option_ids(editor)[3]
    editor.listing.value = target_id
    editor.delete_button.click()
    assert target_id not in set(workspace.targets()["target_id"])
    assert target_id not in option_ids(editor)
    assert editor.status.message == L["deleted"].format(id=target_id)
    editor.delete_button.click()  # nothing selected any more
    assert editor.status.kind == "warning" and editor.status.message == L["select_first"]


@pytest.mark.parametrize("count", ["", "abc", "0", "-3", "2.5", "9" * 40, "１２😀", "1e3"])
def test_bad_counts_are_refused_in_vietnamese(editor, workspace, count):
    before = stored(workspace)
    changes = workspace.last_change()
    editor.listing.value = option_ids(editor)[0]
    editor.count.value = count
    editor.save_button.click()
    assert editor.status.kind == "error"
    assert "count" in editor.status.message or "số lượng" in editor.status.message.lower()
    editor.add_button.click()
    assert editor.status.kind == "error"
    pd.testing.assert_frame_equal(stored(workspace), before)
    assert workspace.last_change() == changes


def test_a_period_start_the_store_refuses_and_a_duplicate(editor, workspace):
    before = stored(workspace)
    first, second = option_ids(editor)[:2]  # same kind and month, two formats
    editor.listing.value = second
    editor.format.value = workspace.targets().set_index("target_id").loc[first, "format"]
    editor.save_button.click()
    assert editor.status.kind == "error" and "trùng" in editor.status.message
    pd.testing.assert_frame_equal(stored(workspace), before)


def test_conflict_offers_reload(editor, workspace, tmp_path):
    target_id = option_ids(editor)[0]
    editor.listing.value = target_id
    with planner.open_workspace(tmp_path / "ws", user="lanhdao") as other:
        row = other.targets().set_index("target_id").loc[target_id]
        other.set_targets([{**row.drop("version").to_dict(), "target_id": target_id, "version": row["version"],
                            "count": 77}])
    editor.count.value = "12"
    editor.save_button.click()
    assert editor.status.kind == "error" and L["conflict_hint"] in editor.status.message
    assert editor.reload_button.layout.display is None
    assert workspace.targets().set_index("target_id").loc[target_id, "count"] == 77
    editor.reload_button.click()
    assert editor.count.value == "77" and editor.status.kind == "info"
    assert editor.reload_button.layout.display == "none"
    editor.count.value = "12"
    editor.save_button.click()
    assert workspace.targets().set_index("target_id").loc[target_id, "count"] == 12


def test_deleted_elsewhere(editor, workspace, tmp_path):
    target_id = option_ids(editor)[0]
    editor.listing.value = target_id
    with planner.open_workspace(tmp_path / "ws", user="lanhdao") as other:
        other.delete_targets([target_id])
    editor.count.value = "3"
    editor.save_button.click()
    assert editor.status.kind == "error" and str(target_id) in editor.status.message
    assert editor.reload_button.layout.display is None
    editor.reload_button.click()
    assert editor.reload_button.layout.display == "none"
    assert editor.status.kind == "warning" and editor.status.message == L["gone"].format(id=target_id)
    assert target_id not in option_ids(editor)


def test_read_only_workspace_changes_nothing(workspace, tmp_path):
    before = stored(workspace)
    with planner.open_workspace(tmp_path / "ws", read_only=True) as reader:
        editor = TargetsEditor(reader, year=2025)
        editor.listing.value = option_ids(editor)[0]
        editor.count.value = "50"
        editor.save_button.click()
        assert editor.status.kind == "error" and editor.status.message
        editor.add_button.click()
        assert editor.status.kind == "error"
        editor.delete_button.click()
        assert editor.status.kind == "error"
    pd.testing.assert_frame_equal(stored(workspace), before)


def test_kind_target_needs_a_kind(editor, workspace):
    before = stored(workspace)
    editor.listing.value = None
    editor.scope.value = "kind"
    editor.kind.value = None  # not an option: the Choice keeps a value the store then refuses
    editor.count.value = "4"
    editor.add_button.click()
    assert editor.status.kind == "error"
    pd.testing.assert_frame_equal(stored(workspace), before)


def test_on_change_is_told(editor):
    told = []
    editor.on_change(told.append)
    editor.listing.value = option_ids(editor)[0]
    editor.count.value = "13"
    editor.save_button.click()
    assert told == [[option_ids(editor)[0]]]

"""Targets (chỉ tiêu): seeded from data/targets.csv, set, imported, deleted — validated, audited, undoable."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

import planner
from planner.errors import ConflictError, DataError, InvalidValueError, NotFoundError, PlannerError
from planner.store.schema import SCHEMA_VERSION

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = ["unit_id", "unit_kind", "period", "period_start", "format", "platform", "count"]


def _csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_demo_targets_are_seeded_from_data_when_a_workspace_is_created(workspace):
    targets = workspace.targets()
    assert len(targets) == len(_csv_rows(DATA / "targets.csv"))
    assert list(targets.columns) == ["target_id", "unit_id", "unit_kind", "period", "period_start", "format",
                                     "platform", "count", "version"]
    monthly = targets[(targets["unit_kind"] == "party_committee") & (targets["period"] == "month")]
    assert set(monthly["format"]) == {"short_video", "post"} and len(monthly) == 24
    assert (monthly.loc[monthly["format"] == "short_video", "count"] == 8).all()
    assert set(targets["period"]) == {"month", "quarter", "year"}
    # every target names exactly one of unit / kind
    assert (targets["unit_id"].isna() ^ targets["unit_kind"].isna()).all()
    assert (targets["period_start"].dt.year == 2025).all()


def test_set_targets_adds_updates_by_key_and_is_undone_whole(workspace):
    before = workspace.targets()
    done = workspace.set_targets([
        {"unit_id": "dang-uy-phuong-1", "period": "month", "period_start": "1/5/2025", "format": "short_video",
         "platform": "tiktok", "count": 5},
        {"unit_kind": "party_committee", "period": "month", "period_start": dt.date(2025, 5, 1),
         "format": "post", "platform": "", "count": 25},  # the seeded 20 → 25
    ])
    assert (done["added"], done["updated"], done["unchanged"]) == (1, 1, 0)
    after = workspace.targets().set_index("target_id")
    new_id, changed_id = done["target_ids"]
    assert after.loc[new_id, "count"] == 5 and after.loc[new_id, "platform"] == "tiktok"
    assert after.loc[changed_id, "count"] == 25 and after.loc[changed_id, "version"] == 2
    assert len(after) == len(before) + 1
    audit = workspace.audit(entity="target")
    assert set(audit.loc[audit["entity_id"].isin([str(new_id), str(changed_id)]), "action"]) == {"insert", "update"}
    workspace.undo()
    restored = workspace.targets()
    assert len(restored) == len(before)
    assert restored.set_index("target_id").loc[changed_id, "count"] == 20


def test_changing_a_target_by_id_needs_its_version(workspace):
    row = workspace.targets().iloc[0].to_dict()
    row["count"] = 11
    workspace.set_targets([row])
    stale = {**row, "count": 12}  # still version 1
    with pytest.raises(ConflictError, match="Chỉ tiêu '"):
        workspace.set_targets([stale])
    without = {k: v for k, v in row.items() if k != "version"}
    with pytest.raises(InvalidValueError, match="phiên bản"):
        workspace.set_targets([without])
    assert workspace.targets().iloc[0]["count"] == 11


def test_replace_keeps_only_the_rows_given(workspace):
    done = workspace.set_targets(
        [{"unit_kind": "mass_org", "period": "quarter", "period_start": "2025-04-01", "format": None,
          "platform": None, "count": 30}],
        replace=True,
    )
    assert done["removed"] > 50 and done["added"] == 1
    assert len(workspace.targets()) == 1
    workspace.undo()
    assert len(workspace.targets()) == len(_csv_rows(DATA / "targets.csv"))


@pytest.mark.parametrize(
    "row, field, words",
    [
        ({"unit_id": "dang-uy-phuong-1", "unit_kind": "party_committee"}, "unit_kind", "đúng một"),
        ({"unit_id": None, "unit_kind": None}, "unit_id", "đúng một"),
        ({"unit_id": "khong-co-don-vi", "unit_kind": None}, "unit_id", "không có đơn vị"),
        ({"unit_kind": "ward"}, "unit_kind", "loại đơn vị"),
        ({"period": "week"}, "period", "tháng"),
        ({"period_start": "15/5/2025"}, "period_start", "không phải ngày đầu tháng"),
        ({"period": "quarter", "period_start": "1/5/2025"}, "period_start", "1/4/2025"),
        ({"period": "year", "period_start": "1/2/2025"}, "period_start", "1/1/2025"),
        ({"period_start": "31/2/2025"}, "period_start", "không tồn tại"),
        ({"count": 0}, "count", "từ 1"),
        ({"count": "tám"}, "count", "số nguyên"),
        ({"count": True}, "count", "số nguyên"),
        ({"format": "reel"}, "format", "định dạng"),
        ({"platform": "instagram"}, "platform", "nền tảng"),
    ],
)
def test_a_bad_target_is_refused_in_vietnamese_and_nothing_changes(workspace, row, field, words):
    base = {"unit_kind": "party_committee", "period": "month", "period_start": "1/6/2025", "format": "article",
            "platform": None, "count": 3}
    before = workspace.targets()
    with pytest.raises(InvalidValueError) as caught:
        workspace.set_targets([base, {**base, **row}])
    assert caught.value.field == field and "dòng 2" in str(caught.value) and words in str(caught.value)
    assert workspace.targets().equals(before)


def test_two_rows_for_the_same_target_are_refused(workspace):
    row = {"unit_id": "mttq", "period": "month", "period_start": "1/6/2025", "format": "article", "count": 3}
    with pytest.raises(InvalidValueError, match="trùng|một lần"):
        workspace.set_targets([row, {**row, "count": 4}])
    assert not (workspace.targets()["unit_id"] == "mttq").any()


def test_rows_must_be_a_list_of_dicts(workspace):
    with pytest.raises(InvalidValueError):
        workspace.set_targets({"unit_id": "mttq"})
    with pytest.raises(InvalidValueError, match="dòng 1"):
        workspace.set_targets(["mttq"])
    with pytest.raises(InvalidValueError):
        workspace.set_targets(42)


def test_delete_targets_is_audited_and_undoable(workspace):
    ids = workspace.targets()["target_id"].head(3).tolist()
    assert workspace.delete_targets(ids) == 3
    assert not workspace.targets()["target_id"].isin(ids).any()
    assert (workspace.audit(entity="target").query("action == 'delete'")["entity_id"].astype(int).isin(ids)).sum() == 3
    with pytest.raises(NotFoundError):
        workspace.delete_targets([ids[0]])
    workspace.undo()
    assert workspace.targets()["target_id"].isin(ids).sum() == 3


def test_import_targets_merges_by_key(workspace, tmp_path):
    path = _write(tmp_path / "chi-tieu.csv", [
        ["", "party_committee", "month", "2025-05-01", "post", "", 22],
        ["dang-uy-long-son", "", "quarter", "1/7/2025", "", "facebook", 40],
    ])
    count = len(workspace.targets())
    done = workspace.import_targets(path)
    assert (done["added"], done["updated"]) == (1, 1) and len(workspace.targets()) == count + 1
    again = workspace.import_targets(path)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert workspace.change_sets()["action"].tolist().count("import_targets") == 1


def test_import_targets_names_file_line_column_value_and_expected(workspace, tmp_path):
    path = _write(tmp_path / "chi-tieu.csv", [
        ["", "party_committee", "month", "2025-05-01", "post", "", 22],
        ["", "party_committee", "month", "2025-05-15", "post", "", 22],
        ["dang-uy-long-son", "", "quarter", "1/7/2025", "", "facebook", "bốn mươi"],
        ["", "party_committee", "month", "2025-05-01", "post", "", 23],
    ])
    before = workspace.targets()
    with pytest.raises(DataError) as caught:
        workspace.import_targets(path)
    problems = {(p.line, p.column): p.message for p in caught.value.problems}
    assert all(p.file == "chi-tieu.csv" for p in caught.value.problems)
    assert "15/5/2025" in problems[(3, "period_start")] and "1/5/2025" in problems[(3, "period_start")]
    assert "bốn mươi" in problems[(4, "count")] and "số nguyên" in problems[(4, "count")]
    assert "dòng 2" in problems[(5, None)]
    assert workspace.targets().equals(before)


def test_import_targets_refuses_a_file_without_the_columns(workspace, tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text("don_vi,so_luong\nmttq,3\n", encoding="utf-8")
    with pytest.raises(DataError, match="thiếu cột 'period'"):
        workspace.import_targets(path)
    with pytest.raises(DataError):
        workspace.import_targets(tmp_path / "khong-co.csv")


def test_read_only_workspace_refuses_target_changes(workspace):
    reader = planner.open_workspace(workspace.folder, read_only=True)
    try:
        assert len(reader.targets()) == len(workspace.targets())
        with pytest.raises(PlannerError, match="chỉ cho phép đọc"):
            reader.set_targets([{"unit_id": "mttq", "period": "year", "period_start": "1/1/2025", "count": 9}])
        with pytest.raises(PlannerError, match="chỉ cho phép đọc"):
            reader.delete_targets([1])
    finally:
        reader.close()


@pytest.mark.parametrize("name", ["workspace_v1.sqlite", "workspace_v2.sqlite"])
def test_older_workspaces_migrate_to_v5_with_targets_and_a_rollup(tmp_path, name):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURES / name, folder / "planner.sqlite")
    ws = planner.open_workspace(folder, user="chuyenvien")
    try:
        assert ws.schema_version == SCHEMA_VERSION >= 5  # migrated to the current version, v5's tables in it
        assert len(ws.targets()) > 0
        assert "title" in ws.outputs().columns
        assert ws.rollup().empty or ws.rollup()["outputs"].sum() == len(ws.outputs())
        done = ws.record_platform_outputs([{"unit_id": ws.units()["unit_id"][0], "platform": "facebook",
                                            "format": "post", "url": "https://fb.com/p/1",
                                            "published_at": "2025-05-03T08:00"}], source="x")
        assert ws.rollup()["outputs"].sum() == len(ws.outputs()) and done.outputs_added
    finally:
        ws.close()

"""The demo year of outputs: labelled, reproducible, idempotent, and telling the story the dashboards need.

Seeding the whole demo takes ~1,400 items through review (about half a minute), so the tests seed three
units (the one furthest ahead, the one furthest behind, one mass organisation) once per module; each
unit gets the same data it gets in the full demo.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import planner
from planner import cli
from planner.demo import DEMO_SEED, demo_source, seed_demo, unit_paces
from planner.errors import InvalidValueError, PlannerError
from tests.helpers import place


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "ws"
    ws = planner.open_workspace(folder, user="chuyenvien")
    units = ws.units()
    paces = unit_paces(units)
    wards = [u for u in units[units["kind"] == "party_committee"]["unit_id"]]
    ahead = max(wards, key=paces.get)
    behind = min(wards, key=paces.get)
    mass = sorted(units[units["kind"] == "mass_org"]["unit_id"])[0]
    result = seed_demo(ws, units=[ahead, behind, mass])
    yield {"ws": ws, "folder": folder, "result": result, "ahead": ahead, "behind": behind, "mass": mass,
           "paces": paces}
    ws.close()


def test_paces_put_some_units_ahead_and_some_behind():
    with pytest.raises(InvalidValueError):
        seed_demo(None, year=1999)
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(9)]})
    paces = unit_paces(units)
    assert sum(p > 1.1 for p in paces.values()) == 3 and sum(p < 0.85 for p in paces.values()) == 3
    assert paces == unit_paces(units) and paces != unit_paces(units, seed=DEMO_SEED + 1)


def test_outputs_are_labelled_demo_data(seeded):
    ws = seeded["ws"]
    outputs = ws.outputs()
    assert len(outputs) > 200
    assert set(outputs["unit_id"]) == {seeded["ahead"], seeded["behind"], seeded["mass"]}
    assert (outputs["source_file"] == demo_source(2025, DEMO_SEED)).all()
    assert "demo 2025" in demo_source(2025, DEMO_SEED) and "dữ liệu mẫu" in demo_source(2025, DEMO_SEED)
    assert outputs["url"].str.startswith("https://demo.invalid/").all()
    changes = ws.change_sets()
    demo_changes = changes[changes["note"].fillna("").str.contains("demo 2025")]
    assert set(demo_changes["action"]) >= {"import_reports"}
    assert len(demo_changes) == 2  # the unit reports, then the platform exports: one change each


def test_planned_items_went_through_review(seeded):
    ws, result = seeded["ws"], seeded["result"]
    items = ws.items(year=2025)
    published = items[items["status"] == "published"]
    assert set(published["unit_id"]) == {seeded["ahead"], seeded["behind"], seeded["mass"]}
    assert set(published["item_id"]) == set(result.reports.published)
    outputs = ws.outputs()
    assert set(published["item_id"]) <= set(outputs["item_id"].dropna().astype(int))
    one = int(published["item_id"].iloc[0])
    steps = [a["status"] for a in ws.audit(entity="item", entity_id=one)["after"] if a and "status" in a]
    assert steps == ["idea", "draft", "in_review", "approved", "published"]
    reviewed = ws.item(one)
    assert reviewed["review"]["checklist"]["political"]["ok"] is True and reviewed["link"].startswith("https://")
    # the share published follows each unit's pace: the unit ahead publishes more of its plan
    share = published.groupby("unit_id").size() / items.groupby("unit_id").size()
    assert share[seeded["ahead"]] > share[seeded["behind"]]


def test_platform_posts_keep_time_of_day_and_unknown_counts(seeded):
    outputs = seeded["ws"].outputs()
    unplanned = outputs[outputs["item_id"].isna()]
    assert len(unplanned) > 100
    stamps = unplanned["published_at"]
    assert (stamps != stamps.dt.normalize()).all()  # every platform post has its time of posting
    zalo = outputs[outputs["platform"] == "zalo"]
    if len(zalo):
        assert zalo["shares"].isna().all()  # Zalo gives no shares: unknown, never 0
    videos = outputs[outputs["format"] == "short_video"]
    assert videos["duration_s"].notna().all() and outputs[outputs["format"] == "post"]["duration_s"].isna().all()


def test_short_videos_reach_more_people(seeded):
    """Computed here with pandas alone: videos of 60 s or less have a higher median of views than longer ones,
    and the review's sentence says so with the same numbers."""
    from planner import effectiveness

    outputs = seeded["ws"].outputs()
    videos = outputs[(outputs["format"] == "short_video") & outputs["views"].notna()]
    short = videos[videos["duration_s"] <= 60]["views"].astype(float)
    long = videos[videos["duration_s"] > 60]["views"].astype(float)
    assert len(short) > 20 and len(long) > 20
    assert short.median() > 1.5 * long.median()
    sentence = effectiveness.review(seeded["ws"], start="2025-01-01", end="2025-12-31").duration.sentence
    assert f"({len(short)} video)" in sentence and "gấp" in sentence


def test_units_ahead_and_behind_their_targets(seeded):
    ws = seeded["ws"]
    if ws.targets().empty:
        pytest.skip("the workspace has no targets (data/targets.csv)")
    table = planner.completion(ws, period="year", start="2025-01-01", end="2025-12-31")
    ratios = table[table["format"] == "short_video"].groupby("unit_id")["ratio"].mean()
    assert ratios[seeded["ahead"]] >= 1.0
    assert ratios[seeded["behind"]] < 0.9
    statuses = set(table[table["unit_id"] == seeded["behind"]]["status"])
    assert statuses & {"behind", "far_behind"}


def test_second_call_changes_nothing(seeded):
    ws = seeded["ws"]
    before = (ws.last_change(), len(ws.outputs()))
    again = seed_demo(ws, units=[seeded["ahead"], seeded["behind"], seeded["mass"]])
    assert not again.changed and (ws.last_change(), len(ws.outputs())) == before
    assert again.message() == "Dữ liệu mẫu năm 2025 (seed 555) đã có; không thay đổi gì."
    assert seeded["result"].changed and "nội dung đã đăng theo kế hoạch" in seeded["result"].message()


def test_same_seed_same_data_in_another_workspace(seeded, tmp_path):
    unit = seeded["mass"]
    with planner.open_workspace(tmp_path / "other", user="chuyenvien") as other:
        seed_demo(other, units=[unit])
        mine = other.outputs()
    theirs = seeded["ws"].outputs(unit=unit)
    columns = ["url", "platform", "format", "published_at", "views", "shares", "duration_s"]
    pd.testing.assert_frame_equal(
        mine[columns].sort_values("url").reset_index(drop=True),
        theirs[columns].sort_values("url").reset_index(drop=True),
    )


def test_wrong_arguments_change_nothing(seeded, tmp_path):
    ws = seeded["ws"]
    before = ws.last_change()
    with pytest.raises(InvalidValueError, match="Năm của dữ liệu mẫu"):
        seed_demo(ws, year="2025")
    with pytest.raises(InvalidValueError, match="Seed"):
        seed_demo(ws, seed=-1)
    with pytest.raises(InvalidValueError, match="Không có đơn vị khong-co"):
        seed_demo(ws, units=["khong-co"])
    assert ws.last_change() == before


def test_read_only_workspace_is_refused(seeded):
    with planner.open_workspace(seeded["folder"], read_only=True) as ro:
        with pytest.raises(PlannerError) as err:
            seed_demo(ro, units=[sorted(ro.units()["unit_id"])[0]])
        assert any(ch in str(err.value) for ch in "ạảãáàâăđêôơư")  # a Vietnamese message
    with planner.open_workspace(seeded["folder"]) as again:
        assert again.last_change() == seeded["ws"].last_change()


def test_cli_demo(tmp_path, capsys):
    folder = tmp_path / "ws"
    with planner.open_workspace(folder, user="chuyenvien") as ws:
        unit = sorted(ws.units()["unit_id"])[0]
    assert cli.main(["demo", "--workspace", str(folder), "--unit", unit]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dữ liệu mẫu năm 2025 (seed 555):")
    assert cli.main(["demo", "--workspace", str(folder), "--unit", unit]) == 0
    assert "đã có; không thay đổi gì" in capsys.readouterr().out
    assert cli.main(["demo", "--workspace", str(folder), "--seed", "-3"]) == 2
    assert "seed '-3' không hợp lệ" in capsys.readouterr().err
    assert cli.main(["demo", "--workspace", str(folder), "--unit", "khong-co"]) == 2
    assert "Lỗi: Không có đơn vị khong-co" in capsys.readouterr().err


def test_notebook_05_executes(tmp_path):
    """Notebook 05 on a fresh workspace seeded for one unit: figures, sentences and the survey shown."""
    import papermill as pm

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    with planner.open_workspace(tmp_path / "ws", user="chuyenvien") as ws:
        unit = sorted(ws.units()["unit_id"])[0]
    out = tmp_path / "05.ipynb"
    pm.execute_notebook(str(notebooks / "05_danh_gia_hieu_qua.ipynb"), str(out), cwd=str(notebooks),
                        parameters={"workspace": place(tmp_path / "ws"), "demo_units": [unit], "demo": True},
                        kernel_name="python3", progress_bar=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    texts, images = [], 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts.append("".join(data.get("text/markdown", "")) + "".join(data.get("text/html", ""))
                         + "".join(output.get("text", "")))
            images += "image/png" in data
    shown = "\n".join(texts)
    assert images >= 12
    assert "Theo hình thức," in shown and "Video từ 60 giây trở xuống" in shown
    assert "420 người trả lời khảo sát" in shown and "chọn “TikTok” nhiều nhất" in shown


def test_a_year_without_targets(tmp_path):
    """2024 has no targets in the demo data: each unit makes what its kind usually makes, at its pace."""
    with planner.open_workspace(tmp_path / "ws", user="chuyenvien") as ws:
        unit = sorted(ws.units().query("kind == 'party_committee'")["unit_id"])[0]
        result = seed_demo(ws, year=2024, units=[unit])
        outputs = ws.outputs()
        assert result.planned > 0 and len(ws.items(year=2024)) == result.planned  # the plan was generated
        assert (outputs["published_at"].dt.year == 2024).mean() > 0.95  # a campaign may start in December before
        assert set(outputs["unit_id"]) == {unit}
        videos = (outputs["format"] == "short_video").sum() / 12
        assert 2 <= videos <= 12  # about 6 a month, at the unit's pace

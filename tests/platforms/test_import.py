"""import_platform_csv on a real workspace: recorded once, matched to planned items, corrected, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import planner
from planner.errors import ConflictError, DataError, PlannerError
from planner.platforms import candidates, import_platform_csv, read_platform_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "platforms"
FB = FIXTURES / "facebook_en.csv"
ANNIVERSARY = "Kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9"


def add(ws, title: str, day: dt.date, unit: str = "dang-uy-phuong-1", fmt: str = "post") -> int:
    return ws.add_item(unit_id=unit, format=fmt, platform="facebook", theme="event", date=day, title=title)


@pytest.fixture
def planned(workspace):
    """Planned items of Phường 1 around the posts of facebook_en.csv (and one of Phường 2 that must not match)."""
    return {
        "anniversary": add(workspace, ANNIVERSARY, dt.date(2025, 9, 1)),
        "beach": add(workspace, "Ra quân làm sạch bãi biển Thùy Vân", dt.date(2025, 9, 5), fmt="short_video"),
        "far": add(workspace, "Hội nghị học tập Nghị quyết chuyên đề tháng 9", dt.date(2025, 9, 14)),  # Phường 1!
        "other_unit": add(workspace, "Lịch tiếp công dân tháng 9", dt.date(2025, 9, 10), unit="dang-uy-phuong-2"),
    }


def test_posts_are_recorded_once_and_matched_to_planned_items(workspace, planned):
    before = workspace.last_change()
    result = import_platform_csv(workspace, FB, platform="facebook")
    assert result.rows == 4 and len(result.added) == 4 and not result.updated
    outputs = workspace.outputs().set_index("url")
    assert len(outputs) == 4
    anniversary = outputs.loc["https://www.facebook.com/61550000000001/posts/122101234567890001"]
    assert anniversary["item_id"] == planned["anniversary"] and anniversary["unit_id"] == "dang-uy-phuong-1"
    assert anniversary["published_at"] == pd.Timestamp("2025-09-02 08:15")  # the time of day is kept
    assert anniversary["views"] == 12450 and anniversary["title"].startswith("Kỷ niệm")
    reel = outputs.loc["https://www.facebook.com/reel/1234567890123456"]
    assert reel["item_id"] == planned["beach"] and reel["duration_s"] == 58
    unknown = outputs.loc["https://www.facebook.com/61550000000001/posts/122101234567890003"]
    assert pd.isna(unknown["item_id"])  # no planned item: unmatched, still recorded
    assert pd.isna(unknown["views"]) and pd.isna(unknown["shares"])  # empty cell: unknown, not 0
    phuong2 = outputs.loc["https://demo.invalid/fb/phuong-2/posts/122101234567890004"]
    assert phuong2["unit_id"] == "dang-uy-phuong-2" and phuong2["item_id"] != planned["far"]  # another unit's item
    assert workspace.last_change() > before
    # the result shows each match with its score, in the file's order
    frame = result.frame()
    assert list(frame["Dòng"]) == [2, 4, 6, 7]
    assert list(frame["Nội dung khớp"].astype("object").where(frame["Nội dung khớp"].notna(), None)) == [
        planned["anniversary"], planned["beach"], None, None]
    assert frame["Độ khớp"].iloc[0] >= 60 and frame["Tên nội dung khớp"].iloc[0] == ANNIVERSARY
    text = "\n".join(result.messages())
    assert "4 mới" in text and "2 bài khớp" in text and "tiếng Anh" in text


def test_importing_again_changes_nothing_and_undo_takes_the_import_back(workspace, planned):
    import_platform_csv(workspace, FB, platform="facebook")
    change = workspace.last_change()
    again = import_platform_csv(workspace, FB, platform="facebook")
    assert len(again.unchanged) == 4 and not again.added and not again.updated and again.change_id is None
    assert workspace.last_change() == change and len(workspace.outputs()) == 4
    workspace.undo()
    assert workspace.outputs().empty


def test_a_corrected_match_survives_a_new_import(workspace, planned):
    result = import_platform_csv(workspace, FB, platform="facebook")
    output_id = result.output_ids[0]
    row = workspace.outputs().set_index("output_id").loc[output_id]
    workspace.set_output_item(output_id, None, version=int(row["version"]))  # "this post is not that item"
    third = add(workspace, "Chào mừng Quốc khánh", dt.date(2025, 9, 2))
    again = import_platform_csv(workspace, FB, platform="facebook")
    assert again.posts[0].item_id is None  # not matched again over the person's correction
    stored = workspace.outputs().set_index("output_id").loc[output_id]
    assert pd.isna(stored["item_id"])
    # correcting by hand to another item of the same unit, picked from the candidates
    post = read_platform_file(workspace, FB, platform="facebook").posts[0]
    options = [c.item_id for c in candidates(workspace, post, "facebook")]
    assert planned["anniversary"] in options and third in options and planned["other_unit"] not in options
    workspace.set_output_item(output_id, third, version=int(stored["version"]))
    assert workspace.outputs().set_index("output_id").loc[output_id, "item_id"] == third


def test_matching_respects_the_date_window_and_each_item_once(workspace):
    late = add(workspace, ANNIVERSARY, dt.date(2025, 8, 20))  # 13 days before the post: outside the window
    result = import_platform_csv(workspace, FB, platform="facebook")
    assert result.posts[0].item_id is None and late not in {p.item_id for p in result.posts}
    workspace.undo()
    twin = add(workspace, ANNIVERSARY, dt.date(2025, 9, 2))
    result = import_platform_csv(workspace, FB, platform="facebook")
    assert result.posts[0].item_id == twin  # the same day scores higher than 13 days away
    assert sum(p.item_id == twin for p in result.posts) == 1


def test_an_item_that_already_has_an_output_is_not_matched_again(workspace, planned):
    first = import_platform_csv(workspace, FB, platform="facebook")
    assert first.posts[0].item_id == planned["anniversary"]
    copy = FIXTURES.parent / "platforms" / "facebook_en.csv"
    text = copy.read_text(encoding="utf-8-sig").replace("122101234567890001,61550000000001", "999,61550000000001", 1)
    text = text.replace("posts/122101234567890001", "posts/999")
    path = Path(workspace.folder) / "again.csv"
    path.write_text(text, encoding="utf-8")
    second = import_platform_csv(workspace, path, platform="facebook")
    assert second.posts[0].url.endswith("/posts/999") and second.posts[0].item_id is None


def test_nothing_is_written_when_any_row_is_bad(workspace, planned, tmp_path):
    text = FB.read_text(encoding="utf-8-sig") + "1,2,ĐU Phường 1,,Bad,,13/45/2025 10:00,,https://x.vn/9,No,No,Photos\n"
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    before = workspace.last_change()
    with pytest.raises(DataError) as exc:
        import_platform_csv(workspace, path, platform="facebook")
    (problem,) = exc.value.problems
    assert problem.file == "bad.csv" and problem.line == 8 and problem.column == "Publish time"
    assert "13/45/2025" in problem.message
    assert workspace.outputs().empty and workspace.last_change() == before


def test_a_read_only_workspace_refuses_and_changes_nothing(workspace, planned):
    folder = Path(workspace.folder)
    with planner.open_workspace(folder, read_only=True) as reader:
        with pytest.raises(PlannerError):
            import_platform_csv(reader, FB, platform="facebook")
    assert workspace.outputs().empty


def test_a_stale_correction_is_a_conflict(workspace, planned):
    result = import_platform_csv(workspace, FB, platform="facebook")
    output_id = result.output_ids[0]
    version = int(workspace.outputs().set_index("output_id").loc[output_id, "version"])
    other = planner.open_workspace(Path(workspace.folder), user="nguoikhac")
    other.set_output_item(output_id, None, version=version)
    other.close()
    with pytest.raises(ConflictError):
        workspace.set_output_item(output_id, planned["anniversary"], version=version)


def test_every_platform_fixture_imports(workspace):
    cases = [
        ("facebook_vi.csv", "facebook", None, 2),
        ("zalo_vi.csv", "zalo", None, 2),
        ("tiktok_Content_20250901-20250930.xlsx", "tiktok", None, 2),
        ("tiktok_vi.xlsx", "tiktok", None, 2),
        ("youtube_en.zip", "youtube", "doan-thanh-nien", 2),
        ("youtube_vi.zip", "youtube", "doan-thanh-nien", 1),
    ]
    for name, platform, unit, count in cases:
        result = import_platform_csv(workspace, FIXTURES / name, platform=platform, unit=unit)
        assert len(result.added) == count, name
    outputs = workspace.outputs()
    assert len(outputs) == 11
    assert set(outputs["platform"]) == {"facebook", "zalo", "tiktok", "youtube"}
    tiktok = outputs[outputs["platform"] == "tiktok"].sort_values("published_at")
    assert list(tiktok["published_at"].dt.date) == [dt.date(2024, 12, 28), dt.date(2025, 1, 3), dt.date(2025, 9, 4),
                                                    dt.date(2025, 9, 18)]


def test_a_post_a_unit_already_reported_in_its_workbook_is_updated_not_doubled(workspace, planned):
    beach = planned["beach"]
    version = int(workspace.item(beach)["version"])
    workspace.record_outputs([{"item_id": beach, "version": version, "url": "https://www.facebook.com/reel/1234567890123456",
                               "published_at": dt.date(2025, 9, 6), "views": 100}], source="báo cáo đơn vị")
    (reported,) = workspace.outputs()["output_id"]
    result = import_platform_csv(workspace, FB, platform="facebook")
    assert result.updated == [reported] and len(result.added) == 3
    outputs = workspace.outputs().set_index("output_id")
    assert len(outputs) == 4
    assert outputs.loc[reported, "item_id"] == beach and outputs.loc[reported, "views"] == 48302
    assert outputs.loc[reported, "published_at"] == pd.Timestamp("2025-09-06 17:40")  # the time of day is added
    assert result.posts[1].item_id == beach and result.posts[1].score is None  # kept, not matched again


@pytest.mark.parametrize("kwargs", [
    {"path": 123}, {"path": ""}, {"platform": None}, {"platform": "website"}, {"unit": 5}, {"year": "2025"},
    {"year": True}, {"year": 1800},
])
def test_wrong_arguments_are_refused_in_vietnamese_and_change_nothing(workspace, kwargs):
    args = {"path": FB, "platform": "facebook", **kwargs}
    before = workspace.last_change()
    with pytest.raises(PlannerError) as exc:
        import_platform_csv(workspace, args.pop("path"), **args)
    assert any(word in str(exc.value) for word in ("Cần", "không", "Không", "phải", "năm"))
    assert workspace.outputs().empty and workspace.last_change() == before


def test_a_store_refusal_names_the_file_s_row_not_the_position(workspace):
    from planner.errors import InvalidValueError
    from planner.platforms import _store_error

    posts = read_platform_file(workspace, FB, platform="facebook").posts
    error = _store_error(InvalidValueError("dòng 2: cùng một bài với dòng 1 (Facebook, x); mỗi bài chỉ một dòng.",
                                           field="url"), posts)
    (problem,) = error.problems
    assert (problem.file, problem.line, problem.column) == ("facebook_en.csv", 4, "url")
    assert "với dòng 2 " in problem.message  # position 1 is the file's line 2


def test_similar_anniversaries_do_not_match_each_other_the_right_post_does(workspace, tmp_path):
    southern = add(workspace, "Kỷ niệm 80 năm Ngày Nam Bộ kháng chiến (23/9/1945 – 23/9/2025)", dt.date(2025, 9, 20))
    good = add(workspace, "Người tốt, việc tốt tháng 9/2025", dt.date(2025, 9, 15), fmt="short_video")
    text = ("Page name,Description,Publish time,Permalink,Post type\n"
            "ĐU Phường 1,Kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9 🇻🇳 #80namQuockhanh,09/21/2025,"
            "https://x.vn/1,Photos\n"
            "ĐU Phường 1,Lịch tiếp công dân tháng 9 của Đảng ủy Phường 1,09/16/2025,https://x.vn/2,Photos\n"
            "ĐU Phường 1,Gương người tốt việc tốt: bà Nguyễn Thị A trả lại của rơi,09/16/2025,https://x.vn/3,Reels\n"
            "ĐU Phường 1,Kỷ niệm 80 năm Ngày Nam Bộ kháng chiến 23/9,09/23/2025,https://x.vn/4,Photos\n")
    path = tmp_path / "fb.csv"
    path.write_text(text, encoding="utf-8")
    result = import_platform_csv(workspace, path, platform="facebook")
    assert [p.item_id for p in result.posts] == [None, None, good, southern]
    assert all(p.score >= 65 for p in result.matched)

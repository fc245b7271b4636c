"""The platform import panel as a planner uses it: upload an export, import, see the matches, correct one."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import planner
from planner.strings import PLATFORM_IMPORT_LABELS as L
from planner.ui.platform_import import PlatformImportPanel

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "platforms"
ANNIVERSARY = "Kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9"


def _upload(path: Path, name: str | None = None, data: bytes | None = None) -> dict:
    data = path.read_bytes() if data is None else data
    return {"name": name or path.name, "type": "", "size": len(data), "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.UTC)}


def add(ws, title: str, day: dt.date, unit: str = "dang-uy-phuong-1") -> int:
    return ws.add_item(unit_id=unit, format="photo", platform="facebook", theme="event", date=day, title=title)


@pytest.fixture
def items(workspace):
    return add(workspace, ANNIVERSARY, dt.date(2025, 9, 1)), add(workspace, "Chào mừng Quốc khánh", dt.date(2025, 9, 2))


def test_an_uploaded_export_is_imported_and_its_matches_shown(workspace, items):
    panel = PlatformImportPanel(workspace)
    panel.upload.value = (_upload(FIXTURES / "facebook_en.csv"),)
    panel.platform.value = "facebook"
    panel.import_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert "4 bài đăng" in panel.status.message
    assert len(workspace.outputs()) == 4
    assert "Kỷ niệm 80 năm" in panel.table.value and "Độ khớp" in panel.table.value
    assert "4 mới" in panel.summary.value and panel.upload.value == ()
    assert len(panel.post.options) == 4
    # the first post is matched to the anniversary item, and that item is chosen in the candidates
    assert panel.post.value == panel.result.output_ids[0]
    assert panel.candidate.value == items[0]
    assert items[1] in [v for _, v in panel.candidate.options]


def test_correcting_a_match_saves_it_and_the_view_follows(workspace, items):
    panel = PlatformImportPanel(workspace)
    panel.upload.value = (_upload(FIXTURES / "facebook_en.csv"),)
    panel.import_button.click()
    output_id = panel.result.output_ids[0]
    panel.post.value = output_id
    panel.candidate.value = items[1]
    panel.save_button.click()
    assert panel.status.kind == "ok", panel.status.message
    stored = workspace.outputs().set_index("output_id").loc[output_id]
    assert stored["item_id"] == items[1] and stored["version"] == 2
    assert "Chào mừng Quốc khánh" in panel.table.value
    panel.candidate.value = None  # "matches no item"
    panel.save_button.click()
    assert pd.isna(workspace.outputs().set_index("output_id").loc[output_id, "item_id"])
    assert panel.status.message == L["saved_no_match"].format(title=panel.result.posts[0].title[:59] + "…")


def test_a_correction_someone_else_made_first_is_a_conflict_with_a_reload(workspace, items):
    panel = PlatformImportPanel(workspace)
    panel.upload.value = (_upload(FIXTURES / "facebook_en.csv"),)
    panel.import_button.click()
    output_id = panel.result.output_ids[0]
    with planner.open_workspace(Path(workspace.folder), user="nguoikhac") as other:
        other.set_output_item(output_id, None, version=1)
    panel.candidate.value = items[1]
    panel.save_button.click()
    assert panel.status.kind == "error" and panel.reload_button.layout.display is None
    assert pd.isna(workspace.outputs().set_index("output_id").loc[output_id, "item_id"])  # theirs stands
    panel.reload_button.click()
    assert panel.candidate.value is None and panel.status.kind == "info"
    panel.candidate.value = items[1]
    panel.save_button.click()
    assert workspace.outputs().set_index("output_id").loc[output_id, "item_id"] == items[1]


def test_a_refused_file_shows_every_problem_and_writes_nothing(workspace, tmp_path):
    panel = PlatformImportPanel(workspace)
    panel.upload.value = (_upload(FIXTURES / "zalo_en.csv"),)
    panel.platform.value = "zalo"
    panel.import_button.click()
    assert panel.status.kind == "error" and "Mystery Page Ha Noi" in panel.status.message
    assert "Mystery Page Ha Noi" in panel.summary.value and workspace.outputs().empty
    panel.unit.value = "hoi-nong-dan"  # the person says whose page it is
    panel.upload.value = (_upload(FIXTURES / "zalo_en.csv"),)
    panel.import_button.click()
    assert panel.status.kind == "ok" and list(workspace.outputs()["unit_id"]) == ["hoi-nong-dan"]


def test_nothing_chosen_wrong_platform_odd_names_and_a_read_only_workspace(workspace):
    panel = PlatformImportPanel(workspace)
    panel.import_button.click()
    assert panel.status.kind == "warning" and panel.status.message == L["no_file"]
    panel.save_button.click()
    assert panel.status.message == L["choose_output"]
    panel.upload.value = (_upload(FIXTURES / "facebook_en.csv", name="../../etc/" + unicodedata.normalize(
        "NFD", "bài đăng 🇻🇳.csv")),)
    panel.platform.value = "youtube"
    panel.import_button.click()
    assert panel.status.kind == "error" and "Facebook" in panel.status.message and workspace.outputs().empty
    with planner.open_workspace(Path(workspace.folder), read_only=True) as reader:
        ro = PlatformImportPanel(reader)
        ro.upload.value = (_upload(FIXTURES / "facebook_en.csv"),)
        ro.import_button.click()
        assert ro.status.kind == "error" and ro.status.message
    assert workspace.outputs().empty


def test_the_year_chosen_in_the_panel_dates_posts_without_one(workspace, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Video title", "Video link", "Post time", "Total views"])
    book.active.append(["Clip", "https://www.tiktok.com/@thang-tam/video/1", "Sep 4", "1,000"])
    path = tmp_path / "content.xlsx"
    book.save(path)
    panel = PlatformImportPanel(workspace)
    panel.platform.value = "tiktok"
    panel.upload.value = (_upload(path),)
    panel.import_button.click()
    assert panel.status.kind == "error" and "không ghi năm" in panel.status.message
    panel.year.value = 2025
    panel.upload.value = (_upload(path),)
    panel.import_button.click()
    assert panel.status.kind == "ok"
    assert workspace.outputs()["published_at"].iloc[0] == pd.Timestamp("2025-09-04")
    assert "2025" in panel.summary.value

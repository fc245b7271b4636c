"""GuidancePanel: paste the year's guidance, read it against the catalogue, add the new events."""

from __future__ import annotations

import unicodedata

import planner
from planner.ui.guidance import GuidancePanel

TEXT = (
    "HƯỚNG DẪN tuyên truyền năm 2026\n"
    "- Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)\n"
    "- Kỷ niệm 80 năm Ngày truyền thống ngành Văn hóa (29/8/1946 - 29/8/2026)\n"
    "- Kỷ niệm 81 năm Ngày Nam Bộ kháng chiến (23/9/1945 - 23/9/2026)\n"
    "- Kỷ niệm 106 năm Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920 - 15/3/2026)\n"
    "- Kỷ niệm 92 năm Ngày thành lập Chi bộ đầu tiên (tháng 2/1934 - tháng 2/2026)\n"
)
NEW_ID = "ngay-sinh-dong-chi-nguyen-thi-dinh"


def _panel(ws, text: str = TEXT) -> GuidancePanel:
    panel = GuidancePanel(ws, year=2026)
    panel.text.value = text
    panel.source.value = "Hướng dẫn 99-HD/BTGDVTW"
    return panel


def test_paste_read_and_add(workspace):
    panel = _panel(workspace)
    assert panel.add_button.disabled
    panel.read_button.click()
    assert panel.status.kind == "info"
    assert panel.status.message == (
        "Đã đọc 5 dòng: Kết quả: 2 đã có trong danh mục, 1 mới, 1 mâu thuẫn với danh mục, 1 không đọc được, "
        "1 không phải dòng kỷ niệm."
    )
    shown = panel.table.value
    assert shown.count("<tr class=") == 5
    assert 'class="planner-guidance-new"' in shown and "Nguyễn Thị Định" in shown
    assert 'class="planner-guidance-conflict"' in shown and "Ngày truyền thống ngành Văn hóa (28/8/1945)" in shown
    assert "chỉ có tháng, không có ngày" in shown
    assert not panel.add_button.disabled
    before = len(workspace.events())
    panel.add_button.click()
    assert panel.status.kind == "ok"
    change = panel.last_import["change_id"]
    assert panel.status.message == f"Đã thêm 1 sự kiện mới vào danh mục (thay đổi #{change}; hoàn tác được)."
    events = workspace.events().set_index("event_id")
    assert len(events) == before + 1 and events.loc[NEW_ID, "source"].startswith("Hướng dẫn 99-HD/BTGDVTW, dòng 5")
    assert events.loc["truyen-thong-van-hoa", "day"] == 28  # the conflict is never applied
    audit = workspace.audit()
    assert audit[audit["change_id"] == change]["entity_id"].tolist() == [NEW_ID]
    # the table is read again against the catalogue: the new event is matched now, nothing left to add
    assert 'class="planner-guidance-new"' not in panel.table.value and panel.add_button.disabled
    assert workspace.undo()["change_id"] == change and len(workspace.events()) == before


def test_empty_text_and_add_before_read(workspace):
    panel = _panel(workspace, "   \n ")
    panel.add_button.click()
    assert panel.status.kind == "error" and panel.status.message == "Bấm “Đọc danh sách” trước khi thêm."
    panel.read_button.click()
    assert panel.status.kind == "error" and "Chưa có gì để đọc" in panel.status.message
    assert panel.table.value == "" and panel.result is None and workspace.next_undo() is None


def test_wrong_year_huge_text_and_odd_unicode(workspace):
    panel = _panel(workspace)
    panel.year.value = 1800
    panel.read_button.click()
    assert panel.status.kind == "error" and "1800" in panel.status.message and panel.result is None
    panel.year.value = 2026
    panel.text.value = "x" * 2_000_001
    panel.read_button.click()
    assert panel.status.kind == "error" and "quá dài" in panel.status.message
    line = "🎉 Kỷ niệm 106 năm Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920 - 15/3/2026)"
    panel.text.value = unicodedata.normalize("NFD", line)
    panel.read_button.click()
    panel.add_button.click()
    assert panel.status.kind == "ok"
    name = workspace.events().set_index("event_id").loc[NEW_ID, "name_vi"]
    assert name == "Ngày sinh đồng chí Nguyễn Thị Định" and unicodedata.is_normalized("NFC", name)


def test_someone_else_adds_the_event_first(workspace, tmp_path):
    panel = _panel(workspace)
    panel.read_button.click()
    with planner.open_workspace(tmp_path / "ws", user="lanhdao") as other:
        other.import_guidance(panel.result, accept=True)
    panel.add_button.click()
    assert panel.status.kind == "info" and panel.status.message == "Không có sự kiện mới nào để thêm."
    assert panel.last_import["added"] == []
    assert (workspace.events()["event_id"] == NEW_ID).sum() == 1
    assert "Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920)" in panel.table.value  # now shown as in the catalogue


def test_read_only_workspace(workspace, tmp_path):
    with planner.open_workspace(tmp_path / "ws", read_only=True) as ro:
        panel = _panel(ro)
        panel.read_button.click()
        assert panel.status.kind == "info"
        before = len(ro.events())
        panel.add_button.click()
        assert panel.status.kind == "error" and "chỉ cho phép đọc" in panel.status.message
        assert len(ro.events()) == before
    assert NEW_ID not in set(workspace.events()["event_id"])

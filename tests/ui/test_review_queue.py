"""The review queue on a real planned workspace: findings, checklist, approve, return, conflicts, polling."""

from __future__ import annotations

import datetime as dt

import pytest

import planner
from planner.model import CHECKLIST
from planner.strings import CHECKLIST_LABELS, FORMAT_LABELS, PLATFORM_LABELS, REVIEW_LABELS
from planner.ui.common import date_text
from planner.ui.review import ReviewQueue

YEAR = 2025


def to_review(ws, item_id: int) -> dict:
    row = ws.item(item_id)
    if row["status"] == "idea":
        row = ws.set_status(item_id, "draft", version=row["version"])
    return ws.set_status(item_id, "in_review", version=row["version"])


@pytest.fixture
def ws(planned):
    return planned


@pytest.fixture
def waiting(ws) -> list[int]:
    """Three items of the founding day sent for review."""
    ids = ws.items(start=dt.date(2025, 2, 3), end=dt.date(2025, 2, 3))["item_id"].tolist()[:3]
    for item_id in ids:
        to_review(ws, item_id)
    return ids


@pytest.fixture
def queue(ws, waiting):
    return ReviewQueue(ws, year=YEAR)


def tick(queue: ReviewQueue, *, leave: str | None = None) -> None:
    for point, box in queue.checklist.items():
        box.value = point != leave


def visible(widget) -> bool:
    return widget.layout.display != "none"


def test_queue_shows_the_items_in_review_with_details_and_findings(ws, waiting, queue):
    assert queue.items["item_id"].tolist() == planner.review_queue(ws, year=YEAR)["item_id"].tolist()
    assert sorted(queue.items["item_id"]) == sorted(waiting)
    assert [v for _, v in queue.picker.options] == queue.items["item_id"].tolist()
    assert "(3)" in queue.heading.value
    first = queue.items["item_id"].iloc[0]
    assert queue.item_id == first and queue.picker.value == first
    item = ws.item(first)
    short = ws.units().set_index("unit_id").loc[item["unit_id"], "short_name"]
    for text in (short, date_text(item["date"]), FORMAT_LABELS[item["format"]], PLATFORM_LABELS[item["platform"]]):
        assert text in queue.detail.value
    assert REVIEW_LABELS["no_findings"] in queue.findings.value
    assert [b.description for b in queue.checklist.values()] == [CHECKLIST_LABELS[p] for p in CHECKLIST]
    queue.picker.value = waiting[2]  # picking from the list opens it
    assert queue.item_id == waiting[2] and queue.version == ws.item(waiting[2])["version"]


def test_findings_are_run_now_and_shown_in_vietnamese(ws, queue):
    item_id = ws.add_item(
        unit_id="mttq",
        date="2025-02-03",
        format="post",
        platform="zalo",
        theme="event",
        title="Kỷ niệm 90 năm Ngày thành lập Đảng cộng sản Việt Nam",
    )
    to_review(ws, item_id)
    queue.refresh()
    queue.select(item_id)
    assert "planner-finding-error" in queue.findings.value
    assert "Lỗi" in queue.findings.value and "kỷ niệm 95 năm" in queue.findings.value
    assert "Đảng Cộng sản Việt Nam" in queue.findings.value  # the official-name finding too
    assert set(queue.current_findings["code"]) == {"anniversary_number", "official_name"}
    tick(queue)
    queue.approve_button.click()  # an error finding: the store refuses approval
    assert queue.status.kind == "error" and "kiểm tra tự động còn lỗi" in queue.status.message
    assert ws.item(item_id)["status"] == "in_review"


def test_approval_with_a_box_unticked_is_refused(ws, queue):
    item_id = queue.item_id
    before = len(ws.audit(entity="item", entity_id=item_id))
    tick(queue, leave="humane")
    queue.approve_button.click()
    assert queue.status.kind == "error" and CHECKLIST_LABELS["humane"] in queue.status.message
    assert ws.item(item_id)["status"] == "in_review" and len(ws.audit(entity="item", entity_id=item_id)) == before
    assert queue.item_id == item_id and queue.checklist["political"].value  # nothing reset, she can tick and retry


def test_approval_with_everything_ticked_stores_the_checklist(ws, waiting, queue):
    seen = []
    queue.on_change(seen.append)
    item_id = queue.item_id
    tick(queue)
    queue.comments["lawful"].value = "Đã đối chiếu Hướng dẫn 555"
    queue.comment.value = "Đạt"
    queue.approve_button.click()
    assert queue.status.kind == "ok", queue.status.message
    row = ws.item(item_id)
    assert row["status"] == "approved" and row["reviewer"] == "chuyenvien"
    assert {p: v["ok"] for p, v in row["review"]["checklist"].items()} == {p: True for p in CHECKLIST}
    assert row["review"]["checklist"]["lawful"]["comment"] == "Đã đối chiếu Hướng dẫn 555"
    assert row["review"]["comment"] == "Đạt"
    assert item_id not in queue.items["item_id"].tolist() and item_id not in [v for _, v in queue.picker.options]
    assert queue.item_id in waiting and queue.item_id != item_id  # the next one is open, checklist empty
    assert not any(box.value for box in queue.checklist.values())
    assert seen == [[item_id]]


def test_return_needs_a_reason_and_audits_it(ws, queue):
    item_id = queue.item_id
    queue.return_button.click()
    assert queue.status.kind == "error" and "lý do" in queue.status.message
    assert ws.item(item_id)["status"] == "in_review"
    queue.reason.value = "   "
    queue.return_button.click()
    assert queue.status.kind == "error" and ws.item(item_id)["status"] == "in_review"
    queue.reason.value = "Tiêu đề cần nêu tên đơn vị"
    queue.return_button.click()
    assert ws.item(item_id)["status"] == "draft"
    audit = ws.audit(entity="item", entity_id=item_id).iloc[-1]
    assert audit["action"] == "status" and audit["note"] == "Tiêu đề cần nêu tên đơn vị"
    assert item_id not in queue.items["item_id"].tolist()


def test_a_stale_approval_is_refused_and_reload_opens_the_current_item(ws, other, queue):
    item_id = queue.item_id
    current = other.item(item_id)
    other.update_item(item_id, version=current["version"], notes="bổ sung ảnh")
    tick(queue)
    queue.approve_button.click()
    assert queue.status.kind == "error" and "lanhdao" in queue.status.message and visible(queue.reload_button)
    assert ws.item(item_id)["status"] == "in_review"
    queue.reload_button.click()
    assert queue.item_id == item_id and queue.version == current["version"] + 1
    assert "bổ sung ảnh" in queue.detail.value and not visible(queue.reload_button)
    assert not any(box.value for box in queue.checklist.values())  # the content changed: review again


def test_poll_follows_other_handles(ws, other, waiting, queue):
    assert queue.poll() is False
    extra = ws.items(start=dt.date(2025, 4, 30), end=dt.date(2025, 4, 30))["item_id"].iloc[0]
    to_review(other, extra)
    assert queue.poll() is True
    assert extra in queue.items["item_id"].tolist() and extra in [v for _, v in queue.picker.options]
    opened = queue.item_id
    other.set_status(opened, "draft", version=other.item(opened)["version"], reason="Trả từ máy khác")
    queue.poll()
    assert opened not in queue.items["item_id"].tolist()
    assert queue.status.kind == "warning" and str(opened) in queue.status.message
    assert queue.item_id != opened


def test_the_timer_speaks_only_of_changes_to_the_queue_and_never_over_an_error(ws, other, waiting, queue):
    opened, elsewhere = queue.item_id, next(i for i in waiting if i != queue.item_id)
    unrelated = other.items(start=dt.date(2025, 8, 1), end=dt.date(2025, 8, 31)).iloc[0]
    other.update_item(int(unrelated["item_id"]), version=int(unrelated["version"]), notes="việc khác")
    assert queue.poll() is False and queue.status.message == ""  # nothing shown here changed: nothing said

    other.update_item(elsewhere, version=other.item(elsewhere)["version"], notes="bổ sung")  # a waiting item
    assert queue.poll() is True
    assert queue.status.kind == "info" and REVIEW_LABELS["refreshed"].format(count=3) == queue.status.message
    assert queue.item_id == opened

    tick(queue, leave="lawful")
    queue.approve_button.click()  # refused
    assert queue.status.kind == "error"
    refusal = queue.status.message
    extra = int(ws.items(start=dt.date(2025, 4, 30), end=dt.date(2025, 4, 30))["item_id"].iloc[0])
    to_review(other, extra)  # the queue grows while the refusal is on the line
    assert queue.poll() is True and extra in queue.items["item_id"].tolist()
    assert (queue.status.kind, queue.status.message) == ("error", refusal)
    assert queue.checklist["political"].value  # the ticks she made are kept too

    other.update_item(opened, version=other.item(opened)["version"], notes="sửa trong lúc duyệt")
    queue.poll()  # the opened item itself changed: that is said (a warning), and it is opened again
    assert queue.status.kind == "warning" and "lanhdao" in queue.status.message
    assert queue.version == ws.item(opened)["version"] and not queue.checklist["political"].value

    queue.status.error("lỗi đang hiện")
    queue.refresh_button.click()  # a click on Làm mới always answers
    assert queue.status.kind == "info" and "4" in queue.status.message


def test_labels_are_whole(queue):
    """The labels take the width they need ("Nhận xét c…" was cut at 7em); the boxes fill what is left."""
    for box in (queue.comment, queue.reason):
        assert box.style.description_width == "initial" and box.layout.width == "auto"
    grid = queue.checklist_grid.children
    assert list(grid) == [w for p in CHECKLIST for w in (queue.checklist[p], queue.comments[p])]
    assert "max-content" in queue.checklist_grid.layout.grid_template_columns
    assert all(box.layout.width == "auto" for box in queue.checklist.values())


def test_read_only_workspace_refuses_approval(ws, waiting, planned_path):
    with planner.open_workspace(planned_path, read_only=True, user="khach") as ro:
        view = ReviewQueue(ro, year=YEAR)
        item_id = view.item_id
        tick(view)
        view.approve_button.click()
        assert view.status.kind == "error" and "chỉ cho phép đọc" in view.status.message
        view.reason.value = "thử"
        view.return_button.click()
        assert view.status.kind == "error"
    assert ws.item(item_id)["status"] == "in_review"


def test_empty_queue(ws):
    view = ReviewQueue(ws, year=YEAR)
    assert view.items.empty and view.item_id is None and REVIEW_LABELS["empty"] in view.heading.value
    view.approve_button.click()
    assert view.status.kind == "warning" and view.status.message == REVIEW_LABELS["no_selection"]


def test_dom_classes(queue):
    assert "planner-review-approve" in queue.approve_button._dom_classes
    assert "planner-review-return" in queue.return_button._dom_classes
    assert "planner-review-reason" in queue.reason._dom_classes
    assert "planner-review-list" in queue.picker._dom_classes
    assert "planner-review-findings" in queue.findings._dom_classes
    assert all(f"planner-review-check-{p}" in box._dom_classes for p, box in queue.checklist.items())

"""The screens show who is acting and in which role, and offer only what that role may do (issue 10, point 3):
real planned workspaces with members, real widgets clicked, the database and the widgets both checked."""

from __future__ import annotations

import pytest

import planner
from planner.ui.common import ActingUser
from planner.ui.dashboard import Dashboard
from planner.ui.exchange import ExchangePanel
from planner.ui.form import ItemForm
from planner.ui.plan import PlanPanel
from planner.ui.review import ReviewQueue
from planner.ui.screen import app
from planner.ui.table import PlanTable
from planner.ui.targets import TargetsEditor

OWN, OTHER = "hoi-phu-nu", "doan-thanh-nien"
NEW = {"format": "post", "platform": "facebook", "theme": "event", "date": "2025-06-01"}


@pytest.fixture
def members(planned_path):
    """The planned workspace with members: chuyenvien manager, lan planner of Hội Phụ nữ, minh reviewer, xem viewer;
    two items of each unit written by 'tacgia' (planner of both), one of them sent for review."""
    boss = planner.open_workspace(planned_path, user="chuyenvien")
    boss.set_member("chuyenvien", role="manager", display_name="Trưởng ban")
    boss.set_member("lan", role="planner", units=[OWN], display_name="Nguyễn Thị Lan")
    boss.set_member("minh", role="reviewer", units=[OWN])
    boss.set_member("xem", role="viewer")
    boss.set_member("tacgia", role="planner", units=[OWN, OTHER])
    author = planner.open_workspace(planned_path, user="tacgia")
    ids = {}
    for unit in (OWN, OTHER):
        ids[unit] = author.add_item(unit_id=unit, title=f"Tin mới {unit}", **NEW)
        waiting = author.add_item(unit_id=unit, title=f"Tin chờ duyệt {unit}", **NEW)
        author.set_status(waiting, "draft", version=1)
        author.set_status(waiting, "in_review", version=2)
        ids[f"review-{unit}"] = waiting
    author.close()
    boss.close()
    return planned_path, ids


def _open(path, user):
    return planner.open_workspace(path, user=user)


def test_the_line_says_who_acts_and_follows_a_role_change(members):
    path, _ = members
    lan = _open(path, "lan")
    screen = app(lan, year=2025, month=6)
    assert screen.children[1] is screen.acting
    assert screen.acting.text == "Đang làm việc: Nguyễn Thị Lan (lan) — vai trò người lập kế hoạch, đơn vị Hội Phụ nữ"
    assert "Nguyễn Thị Lan (lan)" in screen.acting.value
    boss = _open(path, "chuyenvien")
    boss.set_member("lan", role="reviewer", units=[OWN, OTHER])
    screen.poll()
    assert screen.acting.text.endswith("vai trò người duyệt, đơn vị Hội Phụ nữ, Thành đoàn")
    outsider = _open(path, "khach")
    assert ActingUser(outsider).text == (
        "Đang làm việc: khach — không có trong danh sách thành viên: vai trò người xem")
    dash = Dashboard(boss, year=2025)
    assert dash.acting in dash.children and dash.acting.text == \
        "Đang làm việc: Trưởng ban (chuyenvien) — vai trò quản lý"
    for ws in (lan, boss, outsider):
        ws.close()


def test_without_members_the_line_says_so(planned):
    line = ActingUser(planned)
    assert "chưa bật phân quyền" in line.text and line.text.startswith("Đang làm việc: chuyenvien")


def test_the_form_offers_a_planner_only_her_units_moves(members):
    path, ids = members
    lan = _open(path, "lan")
    form = ItemForm(lan)
    form.load(ids[OWN])
    assert not form.save_button.disabled and not form.duplicate_button.disabled
    assert [b.description for b in form.status_buttons.children] == [
        form.transition_buttons["draft"].description, form.transition_buttons["cancelled"].description]
    form.transition_buttons["draft"].click()
    assert lan.item(ids[OWN])["status"] == "draft"
    form.load(ids[f"review-{OWN}"])  # in review: approving and sending back are a reviewer's
    assert list(form.status_buttons.children) == [form.transition_buttons["cancelled"]]
    form.load(ids[OTHER])  # another unit's item: nothing to press
    assert form.save_button.disabled and form.duplicate_button.disabled
    assert form.status_buttons.children == ()
    # pressed anyway (a stale screen): the store refuses, the status line says why, nothing changes
    form.title.value = "Sửa trộm"
    form.save_button.disabled = False
    form.save_button.click()
    assert form.status.kind == "error"
    assert form.status.message.startswith("Người dùng 'lan' (vai trò người lập kế hoạch, đơn vị Hội Phụ nữ) "
                                          f"không được sửa nội dung số {ids[OTHER]} của đơn vị Thành đoàn")
    assert lan.item(ids[OTHER])["title"] == f"Tin mới {OTHER}" and lan.item(ids[OTHER])["version"] == 1
    assert lan.change_sets()["action"].iloc[-1] == "refused"
    lan.close()


def test_review_queue_keeps_four_eyes(members):
    path, ids = members
    minh = _open(path, "minh")
    mine = minh.add_item(unit_id=OWN, title="Tin minh tự viết", **NEW)
    minh.set_status(mine, "draft", version=1)
    minh.set_status(mine, "in_review", version=2)
    queue = ReviewQueue(minh, year=2025)
    queue.select(mine)
    assert queue.approve_button.disabled and queue.return_button.disabled
    queue.select(ids[f"review-{OTHER}"])  # another unit's, written by someone else: a reviewer may
    assert not queue.approve_button.disabled and not queue.return_button.disabled
    for box in queue.checklist.values():
        box.value = True
    queue.approve_button.click()
    assert minh.item(ids[f"review-{OTHER}"])["status"] == "approved"
    assert minh.item(ids[f"review-{OTHER}"])["reviewer"] == "minh"
    # her own item, pressed anyway: refused with the four-eyes reason, still waiting
    queue.select(mine)
    for box in queue.checklist.values():
        box.value = True
    queue.approve_button.disabled = False
    queue.approve_button.click()
    assert queue.status.kind == "error" and "do chính mình soạn" in queue.status.message
    assert "nguyên tắc bốn mắt" in queue.status.message and minh.item(mine)["status"] == "in_review"
    minh.close()


def test_a_viewer_gets_no_writing_buttons(members):
    path, ids = members
    xem = _open(path, "xem")
    editor = TargetsEditor(xem, year=2025)
    assert editor.add_button.disabled and editor.save_button.disabled and editor.delete_button.disabled
    assert PlanPanel(xem, year=2025).generate_button.disabled
    assert ExchangePanel(xem, year=2025).import_button.disabled
    table = PlanTable(xem, year=2025, unit=OWN)
    assert not table.grid.editable and table.assign_button.disabled and table.status_button.disabled
    assert table.shift_button.disabled and len(table.frame) > 0  # still reads
    form = ItemForm(xem)
    form.load(ids[OWN])
    assert form.save_button.disabled and form.status_buttons.children == ()
    form.new("2025-06-03")
    assert form.save_button.disabled
    xem.close()
    lan = _open(path, "lan")  # a planner: targets stay a manager's, the rest is hers
    editor = TargetsEditor(lan, year=2025)
    assert editor.add_button.disabled
    assert not PlanPanel(lan, year=2025).generate_button.disabled
    assert PlanTable(lan, year=2025, unit=OWN).grid.editable
    lan.close()


def test_a_manager_targets_editor_writes(members):
    path, _ = members
    boss = _open(path, "chuyenvien")
    editor = TargetsEditor(boss, year=2025)
    assert not editor.add_button.disabled
    before = len(boss.targets())
    editor.unit.value = OWN
    editor.count.value = "9"
    editor.add_button.click()
    assert len(boss.targets()) == before + 1, editor.status.message
    boss.close()


def test_a_refused_click_changes_nothing_but_the_audit(members):
    path, ids = members
    lan = _open(path, "lan")
    form = ItemForm(lan)
    form.load(ids[OWN])
    boss = _open(path, "chuyenvien")
    boss.set_member("lan", role="viewer")  # demoted while her form is open
    before = lan.item(ids[OWN])
    form.title.value = "Tin sửa sau khi bị đổi vai trò"
    form.save_button.click()
    assert form.status.kind == "error" and "vai trò người xem" in form.status.message
    assert lan.item(ids[OWN]) == before
    refusals = lan.audit()[lambda a: a["action"] == "refused"]
    assert refusals["user"].tolist() == ["lan"] and refusals["entity_id"].tolist() == [f"item:{ids[OWN]}"]
    lan.close()
    boss.close()


def test_the_calendar_lets_a_planner_drag_only_her_units_chips(members):
    """Each chip says whether it may be dragged, from the rules (not a drag the store would then refuse); the
    form's undo is off for a viewer."""
    from planner.ui.calendar import CalendarView

    path, ids = members

    def chips(ws) -> dict[int, tuple[str, bool]]:
        view = CalendarView(ws, year=2025, month=6)
        frame = ws.items()  # the grid shows the weeks around the month too
        units = dict(zip(frame["item_id"], frame["unit_id"], strict=True))
        shown = [c for week in view.grid.payload["weeks"] for cell in week for c in cell.get("items", ())]
        return {c["id"]: (units[c["id"]], c["movable"]) for c in shown}

    lan = _open(path, "lan")
    seen = chips(lan)
    assert {ids[OWN], ids[OTHER]} <= set(seen)
    assert {unit for unit, movable in seen.values() if movable} == {OWN}
    assert all(movable for unit, movable in seen.values() if unit == OWN)
    form = ItemForm(lan)
    form.load(ids[OWN])
    assert not form.undo_button.disabled
    lan.close()
    xem = _open(path, "xem")
    assert not any(movable for _, movable in chips(xem).values())
    form = ItemForm(xem)
    form.load(ids[OWN])
    assert form.undo_button.disabled
    xem.close()
    boss = _open(path, "chuyenvien")
    assert all(movable for _, movable in chips(boss).values())
    boss.close()

"""The day and item panel on a real planned workspace: day facts, create, edit, conflicts, status, checks, undo."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

import planner
from planner.review import allowed_transitions
from planner.strings import CHECKLIST_LABELS, FORM_LABELS, STATUS_LABELS, TIER_LABELS
from planner.ui import days
from planner.ui.form import ItemForm

FOUNDING = dt.date(2025, 2, 3)  # Ngày thành lập Đảng, 95 years in 2025
WRONG_NUMBER = "Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam"


@pytest.fixture
def ws(planned):
    return planned


@pytest.fixture
def other(planned_path):
    """A second handle on the same workspace, another person."""
    handle = planner.open_workspace(planned_path, user="lanhdao")
    yield handle
    handle.close()


@pytest.fixture
def form(ws):
    return ItemForm(ws)


def first_item(ws, date=FOUNDING, status=None) -> dict:
    frame = ws.items(start=date, end=date, status=status)
    return frame.to_dict("records")[0]


def step(ws, item_id: int, *statuses: str, **extra) -> dict:
    """Move an item through ``statuses`` with the store (test set-up, not the form)."""
    row = ws.item(item_id)
    for status in statuses:
        kwargs = dict(extra.get(status, {}))
        row = ws.set_status(item_id, status, version=row["version"], **kwargs)
    return row


APPROVE = {"approved": {"checklist": {p: True for p in CHECKLIST_LABELS}}}


def visible(widget) -> bool:
    return widget.layout.display != "none"


# --------------------------------------------------------------------------- the day


def test_show_day_lists_the_day_facts_and_items(ws, form):
    form.show_day(dt.date(2025, 4, 30))
    facts = days.day(ws, dt.date(2025, 4, 30))
    text = form.day.value
    assert "Thứ Tư, 30/4/2025" in text
    assert "Âm lịch: 3/4 Ất Tỵ" in text
    assert facts.holiday and facts.holiday in text
    for occ in facts.occurrences:  # both round years, each marked
        assert occ.title in text
    assert text.count(TIER_LABELS["tron"]) == len(facts.occurrences) == 2
    items = ws.items(start=dt.date(2025, 4, 30), end=dt.date(2025, 4, 30))
    buttons = form.day_items.children[1:]
    assert [b.item_id for b in buttons] == items["item_id"].tolist()
    assert form.item_id is None and form.date.value == dt.date(2025, 4, 30)  # ready for a new item that day

    form.show_day(FOUNDING)
    assert TIER_LABELS["tron"] not in form.day.value  # 95 years is not a round year
    chosen = form.day_items.children[3]
    chosen.click()
    assert form.item_id == chosen.item_id
    assert form.title.value == ws.item(chosen.item_id)["title"]


def test_show_day_filters_by_unit_and_defaults_the_unit(ws, form):
    form.show_day(FOUNDING, unit="mttq")
    ids = [b.item_id for b in form.day_items.children[1:]]
    assert ids and all(ws.item(i)["unit_id"] == "mttq" for i in ids)
    assert form.unit.value == "mttq"
    form.show_day(dt.date(2025, 4, 30), unit="khong-co")
    assert form.status.kind == "error" and "khong-co" in form.status.message
    assert [b.item_id for b in form.day_items.children[1:]] == ids and "3/2/2025" in form.day.value  # unchanged


def test_show_day_refuses_bad_dates_in_vietnamese(form):
    form.show_day("31/2/2025")
    assert form.status.kind == "error" and "ngày" in form.status.message.lower()
    form.show_day(dt.date(1800, 1, 1))
    assert form.status.kind == "error" and "1800" in form.status.message


# --------------------------------------------------------------------------- create and edit


def test_item_created_from_the_form_is_in_the_database(ws, planned_path, form):
    seen = []
    form.on_change(seen.append)
    form.show_day(FOUNDING)
    before = len(form.day_items.children)
    form.title.value = "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam — tọa đàm 🎉"
    form.unit.value = "hoi-phu-nu"
    form.format.value = "article"
    form.platform.value = "website"
    form.theme.value = "event"
    form.event.value = "thanh-lap-dang"
    form.notes.value = "Phỏng vấn hội viên"
    form.save_button.click()

    assert form.status.kind == "ok", form.status.message
    item_id = form.item_id
    assert seen == [[item_id]]
    with planner.open_workspace(planned_path, user="kiemtra") as second:
        row = second.item(item_id)
    assert row["title"] == "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam — tọa đàm 🎉"
    assert (row["unit_id"], row["format"], row["platform"], row["theme"]) == (
        "hoi-phu-nu",
        "article",
        "website",
        "event",
    )
    assert row["date"].date() == FOUNDING and row["occurrence_date"].date() == FOUNDING
    assert (row["event_id"], row["notes"], row["status"], row["version"]) == (
        "thanh-lap-dang",
        "Phỏng vấn hội viên",
        "idea",
        1,
    )
    assert f"Nội dung số {item_id}" in form.heading.value and STATUS_LABELS["idea"] in form.heading.value
    assert len(form.day_items.children) == before + 1  # the day's list shows it
    assert [b.description for b in form.status_buttons.children] == [FORM_LABELS["to_draft"], FORM_LABELS["cancel"]]


def test_missing_unit_is_refused_and_the_field_marked(ws, form):
    count = len(ws.items(year=2025))
    form.new(FOUNDING, format="post", platform="zalo", theme="event")
    form.title.value = "Tin ngắn"
    form.save_button.click()
    assert form.status.kind == "error" and "unit_id" in form.status.message and "Đơn vị" in form.status.message
    assert "planner-form-invalid" in form.unit._dom_classes
    assert len(ws.items(year=2025)) == count and form.item_id is None
    assert form.title.value == "Tin ngắn"  # what she typed stays
    form.unit.value = "mttq"
    form.save_button.click()
    assert form.status.kind == "ok" and "planner-form-invalid" not in form.unit._dom_classes
    assert len(ws.items(year=2025)) == count + 1


def test_new_refuses_unknown_defaults_without_touching_the_form(form):
    form.new(FOUNDING, unit="mttq", format="post")
    form.title.value = "Giữ nguyên"
    form.new(FOUNDING, format="podcast")
    assert form.status.kind == "error" and "podcast" in form.status.message and "Bài đăng" in form.status.message
    form.new(FOUNDING, colour="red")
    assert form.status.kind == "error" and "colour" in form.status.message
    form.new(FOUNDING, event="khong-co-su-kien")
    assert form.status.kind == "error" and "khong-co-su-kien" in form.status.message
    assert (form.title.value, form.unit.value, form.format.value) == ("Giữ nguyên", "mttq", "post")


def test_editing_a_title_saves_only_that_field_and_is_audited(ws, other, form):
    item = first_item(ws)
    form.load(item["item_id"])
    assert (form.title.value, form.version) == (item["title"], 1)
    form.title.value = "Bài viết: Đảng Cộng sản Việt Nam — 95 mùa xuân"
    form.save_button.click()
    assert form.status.kind == "ok" and "phiên bản 2" in form.status.message

    row = other.item(item["item_id"])
    assert row["title"] == "Bài viết: Đảng Cộng sản Việt Nam — 95 mùa xuân" and row["version"] == 2
    assert row["updated_by"] == "chuyenvien" and row["unit_id"] == item["unit_id"]
    audit = ws.audit(entity="item", entity_id=item["item_id"]).iloc[-1]
    assert audit["action"] == "update" and audit["user"] == "chuyenvien"
    assert audit["before"]["title"] == item["title"] and audit["after"]["title"] == row["title"]
    changed = {k for k in audit["after"] if audit["before"].get(k) != audit["after"][k]}
    assert changed <= {"title", "version", "updated_at", "updated_by", "findings"}
    assert form.version == 2 and not form.dirty

    form.save_button.click()  # nothing changed: nothing written
    assert form.status.kind == "info" and other.item(item["item_id"])["version"] == 2


def test_move_and_reassign_are_a_save_with_a_new_date_and_unit(ws, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.date.value = dt.date(2025, 2, 4)
    form.unit.value = "hoi-nong-dan" if item["unit_id"] != "hoi-nong-dan" else "mttq"
    form.save_button.click()
    row = ws.item(item["item_id"])
    assert row["date"].date() == dt.date(2025, 2, 4) and row["unit_id"] == form.unit.value
    assert row["title"] == item["title"] and row["occurrence_date"] == item["occurrence_date"]


def test_bad_text_is_refused_with_the_field_named(ws, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.title.value = "x" * 600
    form.save_button.click()
    assert form.status.kind == "error" and "500" in form.status.message
    assert "planner-form-invalid" in form.title._dom_classes
    form.title.value = "Hai dòng\ncủa tiêu đề"
    form.save_button.click()
    assert form.status.kind == "error" and "một dòng" in form.status.message
    assert ws.item(item["item_id"])["title"] == item["title"] and ws.item(item["item_id"])["version"] == 1


def test_decomposed_text_is_flagged_live_and_saved_composed(ws, form):
    item = first_item(ws)
    form.load(item["item_id"])
    nfd = unicodedata.normalize("NFD", "Tuổi trẻ Việt Nam mừng Đảng")
    form.title.value = nfd
    assert "planner-finding-error" in form.findings.value and "NFD" in form.findings.value
    form.save_button.click()
    assert ws.item(item["item_id"])["title"] == unicodedata.normalize("NFC", nfd)
    assert form.title.value == unicodedata.normalize("NFC", nfd) and "NFD" not in form.findings.value


# --------------------------------------------------------------------------- live checks


def test_wrong_anniversary_number_shows_an_error_before_saving(ws, form):
    count = len(ws.items(year=2025))
    form.show_day(FOUNDING)
    form.title.value = WRONG_NUMBER
    assert form.title.continuous_update
    errors = [f for f in form.current_findings if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["anniversary_number"]
    assert "planner-finding-error" in form.findings.value
    assert "Lỗi" in form.findings.value and "kỷ niệm 95 năm" in form.findings.value
    assert len(ws.items(year=2025)) == count  # nothing saved
    form.title.value = WRONG_NUMBER.replace("90", "95")
    assert form.current_findings == [] and FORM_LABELS["no_findings"] in form.findings.value


def test_live_checks_follow_the_chosen_event_and_the_notes(form):
    form.new(dt.date(2025, 4, 30))
    form.title.value = "Kỷ niệm 49 năm chiến thắng"
    assert form.current_findings == []  # no event named or chosen
    form.event.value = "giai-phong-mien-nam"
    assert [f["code"] for f in form.current_findings] == ["anniversary_number"]
    assert "50 năm" in form.findings.value
    form.notes.value = "Đảng cộng sản Việt Nam"
    assert any(f["field"] == "notes" and f["code"] == "official_name" for f in form.current_findings)
    assert "Ghi chú" in form.findings.value


def test_a_new_items_event_and_checks_follow_its_date_into_another_year(ws, form):
    form.new(dt.date(2025, 4, 30), unit="mttq", format="post", platform="facebook", theme="event")
    form.event.value = "giai-phong-mien-nam"
    form.title.value = "Kỷ niệm 50 năm Ngày giải phóng miền Nam, thống nhất đất nước"
    assert form.current_findings == []
    form.date.value = dt.date(2026, 4, 30)
    assert form.event.value == "giai-phong-mien-nam"
    assert [f["code"] for f in form.current_findings] == ["anniversary_number"]  # 51 years in 2026
    assert any(label.startswith("30/4/2026") for label, _ in form.event.options)
    form.title.value = "Kỷ niệm 51 năm Ngày giải phóng miền Nam, thống nhất đất nước"
    form.save_button.click()
    row = ws.item(form.item_id)
    assert (row["year"], row["occurrence_date"].date(), row["findings"]) == (2026, dt.date(2026, 4, 30), [])


# --------------------------------------------------------------------------- conflicts and polling


def test_stale_save_is_refused_and_reload_shows_the_other_value(ws, other, form):
    item = first_item(ws)
    form.load(item["item_id"])
    other.update_item(item["item_id"], version=1, title="Bản của lãnh đạo")
    form.title.value = "Bản của chuyên viên"
    form.save_button.click()
    assert form.status.kind == "error" and "lanhdao" in form.status.message
    assert visible(form.reload_button)
    assert other.item(item["item_id"])["title"] == "Bản của lãnh đạo"
    assert form.title.value == "Bản của chuyên viên"  # her text is still on screen until she reloads
    form.reload_button.click()
    assert form.title.value == "Bản của lãnh đạo" and form.version == 2
    assert not visible(form.reload_button) and not form.dirty


def test_poll_picks_up_another_handles_edit(ws, other, form):
    item = first_item(ws)
    form.show_day(FOUNDING)
    form.load(item["item_id"])
    assert form.poll() is False
    other.update_item(item["item_id"], version=1, title="Sửa từ máy khác")
    assert form.poll() is True
    assert form.title.value == "Sửa từ máy khác" and form.version == 2
    assert "lanhdao" in form.status.message
    assert any("Sửa từ máy khác" in b.description for b in form.day_items.children[1:])

    form.notes.value = "đang gõ dở"
    other.update_item(item["item_id"], version=2, title="Lần sửa thứ hai")
    form.poll()
    assert form.notes.value == "đang gõ dở" and form.version == 2  # unsaved edits are not thrown away
    assert form.status.kind == "warning" and visible(form.reload_button)


def test_poll_adds_a_new_item_of_the_day(ws, other, form):
    form.show_day(FOUNDING, unit="mttq")
    count = len(form.day_items.children)
    other.add_item(unit_id="mttq", date=FOUNDING, format="post", platform="zalo", theme="event", title="Tin mới")
    form.poll()
    assert len(form.day_items.children) == count + 1


# --------------------------------------------------------------------------- review status


@pytest.mark.parametrize(
    "path",
    [(), ("draft",), ("draft", "in_review"), ("draft", "in_review", "approved"), ("cancelled",)],
    ids=["idea", "draft", "in_review", "approved", "cancelled"],
)
def test_status_buttons_are_the_allowed_transitions(ws, form, path):
    item = first_item(ws)
    step(ws, item["item_id"], *path, cancelled={"reason": "trùng"}, **APPROVE)
    form.load(item["item_id"])
    allowed = allowed_transitions(ws.item(item["item_id"]))
    shown = list(form.status_buttons.children)
    assert shown == [form.transition_buttons[s] for s in allowed]
    assert visible(form.checklist_box) == ("approved" in allowed)
    assert visible(form.link) == ("published" in allowed)
    if "cancelled" in allowed:
        assert form.cancel_button in shown
    if path == ("draft", "in_review"):
        assert form.transition_buttons["draft"].description == FORM_LABELS["return_to_draft"]
        assert [c.description for c in form.checklist.values()] == list(CHECKLIST_LABELS.values())


def test_send_for_review_writes_the_audit_row(ws, form):
    item = first_item(ws)
    step(ws, item["item_id"], "draft")
    seen = []
    form.on_change(seen.append)
    form.load(item["item_id"])
    (button,) = [b for b in form.status_buttons.children if b.description == "Gửi duyệt"]
    button.click()
    assert ws.item(item["item_id"])["status"] == "in_review"
    audit = ws.audit(entity="item", entity_id=item["item_id"]).iloc[-1]
    assert audit["action"] == "status" and (audit["before"]["status"], audit["after"]["status"]) == (
        "draft",
        "in_review",
    )
    assert STATUS_LABELS["in_review"] in form.status.message and seen == [[item["item_id"]]]
    assert STATUS_LABELS["in_review"] in form.heading.value


def test_status_needs_what_the_rules_ask(ws, form):
    item = first_item(ws)
    item_id = item["item_id"]
    step(ws, item_id, "draft", "in_review")
    form.load(item_id)
    form.transition_buttons["draft"].click()  # return without a reason: the store refuses
    assert form.status.kind == "error" and ws.item(item_id)["status"] == "in_review"
    boxes = list(form.checklist.values())
    for box in boxes[:-1]:
        box.value = True
    form.transition_buttons["approved"].click()  # one point unticked
    assert form.status.kind == "error" and CHECKLIST_LABELS["lawful"] in form.status.message
    assert ws.item(item_id)["status"] == "in_review"
    for box in boxes:
        box.value = True
    form.transition_buttons["approved"].click()
    row = ws.item(item_id)
    assert row["status"] == "approved" and row["reviewer"] == "chuyenvien"
    assert all(v["ok"] for v in row["review"]["checklist"].values())

    form.transition_buttons["published"].click()  # no link
    assert form.status.kind == "error" and "http" in form.status.message and ws.item(item_id)["status"] == "approved"
    form.link.value = "https://facebook.com/bai-dang/1"
    form.transition_buttons["published"].click()
    assert ws.item(item_id)["status"] == "published" and ws.item(item_id)["link"] == "https://facebook.com/bai-dang/1"
    assert list(form.status_buttons.children) == [form.cancel_button]  # published: only cancelling is left


def test_cancel_needs_a_reason(ws, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.cancel_button.click()
    assert form.status.kind == "error" and "planner-form-invalid" in form.reason._dom_classes
    assert ws.item(item["item_id"])["status"] == "idea"
    form.reason.value = "Trùng với bài của Ban Tuyên giáo"
    form.cancel_button.click()
    assert ws.item(item["item_id"])["status"] == "cancelled"
    audit = ws.audit(entity="item", entity_id=item["item_id"]).iloc[-1]
    assert audit["note"] == "Trùng với bài của Ban Tuyên giáo"


def test_unsaved_edits_block_a_status_change(ws, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.title.value = "Chưa lưu"
    form.transition_buttons["draft"].click()
    assert form.status.kind == "warning" and ws.item(item["item_id"])["status"] == "idea"


# --------------------------------------------------------------------------- duplicate and undo


def test_duplicate_and_undo(ws, form):
    item = first_item(ws)
    seen = []
    form.on_change(seen.append)
    form.load(item["item_id"])
    form.duplicate_button.click()
    copy = form.item_id
    assert copy != item["item_id"] and ws.item(copy)["title"] == item["title"] and ws.item(copy)["status"] == "idea"
    assert seen[-1] == [copy]

    form.title.value = "Bản sao đã sửa"
    form.save_button.click()
    form.undo_button.click()  # takes back the edit
    assert ws.item(copy)["title"] == item["title"] and form.title.value == item["title"]
    assert "sửa nội dung" in form.status.message and seen[-1] == [copy]
    form.undo_button.click()  # takes back the copy itself
    with pytest.raises(planner.NotFoundError):
        ws.item(copy)
    assert form.item_id is None and str(copy) in form.status.message


def test_undo_refused_is_shown(ws, other, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.title.value = "Của tôi"
    form.save_button.click()
    other.update_item(item["item_id"], version=2, notes="người khác sửa sau")
    form.undo_button.click()
    assert form.status.kind == "error" and "lanhdao" in form.status.message
    assert ws.item(item["item_id"])["title"] == "Của tôi"


def test_undo_of_a_generated_plan_asks_first_and_is_done_only_on_the_second_click(planned_path):
    with planner.open_workspace(planned_path) as ws:  # the user who generated the plan
        year = len(ws.items(year=2025))
        form = ItemForm(ws)
        form.undo_button.click()
        assert form.status.kind == "warning" and f"{year} dòng" in form.status.message
        assert "lập kế hoạch năm" in form.status.message and len(ws.items(year=2025)) == year  # nothing undone yet
        form.undo_button.click()
        assert ws.items(year=2025).empty and form.status.kind == "ok"
        form.undo_button.click()
        assert form.status.kind == "info" and "chưa có thay đổi nào" in form.status.message


def test_a_confirmed_undo_does_not_take_back_a_change_made_in_between(planned_path):
    with planner.open_workspace(planned_path) as ws:
        form = ItemForm(ws)
        form.undo_button.click()  # names the generated plan
        item = first_item(ws)
        ws.update_item(item["item_id"], version=item["version"], notes="sửa sau khi được hỏi")
        form.undo_button.click()  # the most recent change is now the edit, a single row: undone at once
        assert ws.item(item["item_id"])["notes"] == item["notes"]
        assert len(ws.items(year=2025)) > 1000  # the plan is still there


# --------------------------------------------------------------------------- read-only


def test_read_only_workspace_refuses_saves_with_a_message(ws, planned_path):
    item = first_item(ws)
    with planner.open_workspace(planned_path, read_only=True, user="khach") as ro:
        form = ItemForm(ro)
        form.load(item["item_id"])
        form.title.value = "Không được lưu"
        form.save_button.click()
        assert form.status.kind == "error" and "chỉ cho phép đọc" in form.status.message
        assert form.title.value == "Không được lưu" and form.version == 1
        form.new(FOUNDING, unit="mttq", format="post", platform="zalo", theme="event")
        form.title.value = "Mới"
        form.save_button.click()
        assert form.status.kind == "error" and form.item_id is None
    assert ws.item(item["item_id"])["title"] == item["title"]
    assert ws.items(start=FOUNDING, end=FOUNDING, units="mttq")["title"].tolist().count("Mới") == 0


def test_hiding_or_marking_one_field_leaves_the_others_alone(form):
    form.new(FOUNDING)  # a new item: no reason, link or checklist
    assert not visible(form.reason) and not visible(form.link) and not visible(form.checklist_box)
    for name in ["title", "unit", "format", "platform", "theme", "date", "event", "notes"]:
        assert visible(getattr(form, name)), name
    form.save_button.click()  # no unit: the unit is marked, not the date beside it
    assert form.unit.layout.border and not form.date.layout.border
    assert "planner-form-invalid" not in form.date._dom_classes


def test_every_interactive_widget_has_its_dom_class(form):
    for name in ["title", "unit", "format", "platform", "theme", "date", "event", "notes", "reason", "link"]:
        assert f"planner-form-{name}" in getattr(form, name)._dom_classes
    for name in ["save", "duplicate", "cancel", "undo", "reload"]:
        assert f"planner-form-{name}" in getattr(form, f"{name}_button")._dom_classes
    assert "planner-form-findings" in form.findings._dom_classes

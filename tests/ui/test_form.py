"""The day and item panel on a real planned workspace: day facts, create, edit, conflicts, status, checks, undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

import pytest

import planner
from planner.review import allowed_transitions
from planner.strings import CHECKLIST_LABELS, FORM_LABELS, STATUS_LABELS, TIER_LABELS
from planner.ui import days
from planner.ui.form import ItemForm
from tests.helpers import db_rows

FOUNDING = dt.date(2025, 2, 3)  # Ngày thành lập Đảng, 95 years in 2025
WRONG_NUMBER = "Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam"


@pytest.fixture
def ws(planned):
    return planned


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


#: The form's widgets an error can mark, in the order the form shows them.
MARKABLE = ["title", "unit", "date", "format", "platform", "theme", "event", "notes", "reason", "link"]


def snapshot(path) -> str:
    """Everything a write would change, read independently of the store: items, change sets, audit rows."""
    rows = db_rows(path, "SELECT * FROM items ORDER BY item_id")
    extra = db_rows(path, "SELECT (SELECT count(*) FROM changes), (SELECT count(*) FROM audit)")
    return hashlib.sha256(repr((rows, extra)).encode()).hexdigest()


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
    buttons = form.day_items.children
    assert [b.item_id for b in buttons] == items["item_id"].tolist()
    assert form.item_id is None and form.date.value == dt.date(2025, 4, 30)  # ready for a new item that day

    form.show_day(FOUNDING)
    assert TIER_LABELS["tron"] not in form.day.value  # 95 years is not a round year
    chosen = form.day_items.children[2]
    chosen.click()
    assert form.item_id == chosen.item_id
    assert form.title.value == ws.item(chosen.item_id)["title"]


def test_show_day_filters_by_unit_and_defaults_the_unit(ws, form):
    form.show_day(FOUNDING, unit="mttq")
    ids = [b.item_id for b in form.day_items.children]
    assert ids and all(ws.item(i)["unit_id"] == "mttq" for i in ids)
    assert form.unit.value == "mttq"
    form.show_day(dt.date(2025, 4, 30), unit="khong-co")
    assert form.status.kind == "error" and "khong-co" in form.status.message
    assert [b.item_id for b in form.day_items.children] == ids and "3/2/2025" in form.day.value  # unchanged


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
    assert form.status.kind == "error" and "“Đơn vị”" in form.status.message and "unit_id" not in form.status.message
    assert "planner-form-invalid" in form.unit._dom_classes
    assert [name for name in MARKABLE if "planner-form-invalid" in getattr(form, name)._dom_classes] == ["unit"]
    assert len(ws.items(year=2025)) == count and form.item_id is None
    assert form.title.value == "Tin ngắn"  # what she typed stays
    form.unit.value = "mttq"
    form.save_button.click()
    assert form.status.kind == "ok" and "planner-form-invalid" not in form.unit._dom_classes
    assert len(ws.items(year=2025)) == count + 1


def test_a_new_item_names_every_empty_required_field_at_once(ws, planned_path, form):
    before = snapshot(planned_path)
    form.new()  # no day chosen: no date either
    form.title.value = "Chỉ có tiêu đề"
    form.save_button.click()
    message = form.status.message
    assert form.status.kind == "error"
    wanted = ["Đơn vị", "Ngày đăng", "Hình thức", "Nền tảng", "Chủ đề"]  # the form's own labels, in its order
    assert [label for label in wanted if f"“{label}”" in message] == wanted
    assert sorted(wanted, key=message.index) == wanted and "“Tiêu đề”" not in message
    assert not any(code in message for code in ("unit_id", "format", "platform", "theme", "'date'"))
    marked = [name for name in MARKABLE if "planner-form-invalid" in getattr(form, name)._dom_classes]
    assert marked == ["unit", "date", "format", "platform", "theme"]
    assert snapshot(planned_path) == before and form.item_id is None and form.title.value == "Chỉ có tiêu đề"

    form.unit.value, form.format.value = "mttq", "post"  # two filled: the other three still named
    form.save_button.click()
    assert "“Đơn vị”" not in form.status.message and "“Ngày đăng”" in form.status.message
    assert "planner-form-invalid" not in form.unit._dom_classes and form.unit.layout.border is None
    assert snapshot(planned_path) == before

    form.date.value, form.platform.value, form.theme.value = FOUNDING, "zalo", "event"
    form.save_button.click()
    assert form.status.kind == "ok", form.status.message
    assert not any("planner-form-invalid" in getattr(form, name)._dom_classes for name in MARKABLE)
    row = ws.item(form.item_id)
    assert (row["title"], row["unit_id"], row["date"].date()) == ("Chỉ có tiêu đề", "mttq", FOUNDING)


def test_the_chosen_date_is_written_out_in_vietnamese_beside_the_picker(form):
    form.show_day(dt.date(2025, 3, 6))
    assert form.date_long.value == "Thứ Năm, 6/3/2025"  # the picker shows the browser's order (03/06/2025)
    form.load(first_item(form.ws)["item_id"])
    assert form.date_long.value == "Thứ Hai, 3/2/2025"
    form.date.value = dt.date(2025, 12, 31)
    assert form.date_long.value == "Thứ Tư, 31/12/2025"
    form.date.value = None
    assert form.date_long.value == ""
    assert "planner-form-date" in form.date._dom_classes and form.date_long in form.date_row.children


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
    assert any("Sửa từ máy khác" in b.description for b in form.day_items.children)

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


# --------------------------------------------------------------------------- unsaved edits


def test_opening_another_item_with_unsaved_edits_asks_first(ws, planned_path, form):
    first, second, third = (row["item_id"] for row in ws.items(start=FOUNDING, end=FOUNDING).to_dict("records")[:3])
    form.load(first)
    form.title.value = "Đang gõ dở"
    form.notes.value = "ghi chú chưa lưu"
    before = snapshot(planned_path)

    form.load(second)  # the first click: nothing changes, the line says what would be lost
    assert form.status.kind == "warning"
    message = form.status.message
    assert f"nội dung số {first}" in message and f"nội dung số {second}" in message
    assert "Tiêu đề, Ghi chú" in message and "lần nữa" in message
    assert (form.item_id, form.title.value, form.notes.value) == (first, "Đang gõ dở", "ghi chú chưa lưu")

    form.load(third)  # another target: asked again, for that one
    assert form.status.kind == "warning" and f"nội dung số {third}" in form.status.message and form.item_id == first
    form.load(second)  # not a second click on the same target any more (the third came between)
    assert form.status.kind == "warning" and form.item_id == first
    form.title.value = "Đang gõ dở, thêm chữ"  # more typed since the question: asked again
    form.load(second)
    assert form.status.kind == "warning" and form.title.value == "Đang gõ dở, thêm chữ"
    assert snapshot(planned_path) == before

    form.load(second)  # the same click again: goes ahead, and says what was dropped
    assert form.item_id == second and form.title.value == ws.item(second)["title"] and not form.dirty
    assert form.status.kind == "info" and f"nội dung số {first}" in form.status.message
    assert ws.item(first)["title"] != "Đang gõ dở, thêm chữ" and snapshot(planned_path) == before
    form.load(third)  # no edits: opens at once
    assert form.item_id == third and form.status.message == ""


def test_a_bad_item_id_is_refused_before_anything_is_asked(form):
    form.load(first_item(form.ws)["item_id"])
    form.title.value = "Giữ lại"
    for bad in (999_999, "abc", -1):
        form.load(bad)
        assert form.status.kind == "error" and form.title.value == "Giữ lại"


def test_another_day_or_a_new_item_with_unsaved_edits_asks_first(ws, planned_path, form):
    form.show_day(FOUNDING)
    form.title.value = "Bài mới chưa lưu"
    form.unit.value = "mttq"
    listed = [b.item_id for b in form.day_items.children]
    before = snapshot(planned_path)

    form.show_day(dt.date(2025, 3, 6))
    assert form.status.kind == "warning" and "nội dung mới đang nhập" in form.status.message
    assert "6/3/2025" in form.status.message and "Tiêu đề, Đơn vị" in form.status.message
    assert "3/2/2025" in form.day.value and [b.item_id for b in form.day_items.children] == listed
    assert (form.title.value, form.unit.value, form.date.value) == ("Bài mới chưa lưu", "mttq", FOUNDING)
    form.show_day(dt.date(2025, 3, 6))  # the same day again: goes ahead
    assert "6/3/2025" in form.day.value and form.date.value == dt.date(2025, 3, 6)
    assert form.title.value == "" and form.unit.value is None and form.status.kind == "info"

    form.title.value = "Lại gõ dở"
    form.new_button.click()
    assert form.status.kind == "warning" and "Thêm nội dung mới" in form.status.message
    assert form.title.value == "Lại gõ dở"
    form.new_button.click()
    assert form.title.value == "" and not form.dirty
    form.new(FOUNDING, unit="mttq")  # nothing typed: at once, no question
    assert form.unit.value == "mttq" and form.status.message == ""
    assert snapshot(planned_path) == before


def test_undo_with_unsaved_edits_asks_when_it_would_reload_the_item(ws, planned_path, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.notes.value = "ghi chú đã lưu"
    form.save_button.click()
    form.title.value = "Tiêu đề đang gõ, chưa lưu"
    before = snapshot(planned_path)

    form.undo_button.click()
    assert form.status.kind == "warning" and "Tiêu đề" in form.status.message and "Hoàn tác" in form.status.message
    assert form.title.value == "Tiêu đề đang gõ, chưa lưu" and snapshot(planned_path) == before
    form.undo_button.click()  # the second click: the saved note is taken back, the form shows the item again
    assert ws.item(item["item_id"])["notes"] == item["notes"] and form.status.kind == "ok"
    assert form.title.value == item["title"] and form.notes.value == item["notes"] and not form.dirty


def test_undo_of_a_change_to_another_item_keeps_the_edits_in_the_form(ws, form):
    first, second = ws.items(start=FOUNDING, end=FOUNDING).to_dict("records")[:2]
    form.load(first["item_id"])
    form.notes.value = "lưu ở nội dung thứ nhất"
    form.save_button.click()
    form.load(second["item_id"])
    form.title.value = "Đang sửa nội dung thứ hai"
    form.undo_button.click()  # takes back the first item's note at once: the second's edits are not touched
    assert form.status.kind == "ok" and ws.item(first["item_id"])["notes"] == first["notes"]
    assert form.item_id == second["item_id"] and form.title.value == "Đang sửa nội dung thứ hai" and form.dirty


def test_news_from_the_timer_never_hides_an_error(ws, other, form):
    item = first_item(ws)
    form.load(item["item_id"])
    form.cancel_button.click()  # no reason: refused
    assert form.status.kind == "error"
    refusal = form.status.message
    unrelated = other.items(start=dt.date(2025, 8, 1), end=dt.date(2025, 8, 31)).iloc[0]
    other.update_item(int(unrelated["item_id"]), version=int(unrelated["version"]), notes="việc khác")
    form.poll()
    assert (form.status.kind, form.status.message) == ("error", refusal)  # nothing the form shows changed
    other.update_item(item["item_id"], version=1, notes="lãnh đạo bổ sung")
    form.poll()  # the opened item changed and is reloaded: said, and the refusal still there
    assert form.notes.value == "lãnh đạo bổ sung" and form.version == 2
    assert form.status.kind == "warning" and "lanhdao" in form.status.message and refusal in form.status.message


def test_the_form_fits_a_narrow_panel(form):
    """No widget wider than its column (``100%`` plus margins pushed the right edge out); the day's items scroll."""
    for name in ["title", "unit", "date", "format", "platform", "theme", "event", "notes", "reason", "link"]:
        assert getattr(form, name).layout.width == "auto", name
    form.show_day(dt.date(2025, 3, 15))
    rows = form.day_items.children
    assert len(rows) > 6 and form.day_items.layout.max_height and "auto" in form.day_items.layout.overflow
    assert all(r.layout.flex == "0 0 auto" and r.layout.width == "auto" for r in rows)
    assert all("planner-form-day-item" in r._dom_classes for r in rows)


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
        assert form.status.kind == "warning" and form.title.value == "Không được lưu"  # her text, kept
        form.new(FOUNDING, unit="mttq", format="post", platform="zalo", theme="event")  # the second click
        assert form.item_id is None and form.title.value == ""
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

"""The content-item API: every change one audited, versioned transaction; undo; review workflow."""

import datetime as dt
import json
import unicodedata

import pandas as pd
import pytest

import planner
from planner import ConflictError, NotFoundError, PlannerError, WorkflowError
from planner.model import CHECKLIST
from planner.store import ITEM_COLUMNS
from tests.helpers import approve, db_dicts, db_rows

ALL_TICKED = dict.fromkeys(CHECKLIST, True)
PARTY_95 = "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)"


def _add(ws, **fields):
    base = dict(
        unit_id="doan-thanh-nien",
        date="2025-02-03",
        title=PARTY_95,
        format="short_video",
        platform="tiktok",
        theme="event",
        event_id="thanh-lap-dang",
        occurrence_date="2025-02-03",
    )
    base.update(fields)
    return ws.add_item(**base)


def _db_row(ws, item_id):
    (row,) = db_dicts(ws, "SELECT * FROM items WHERE item_id = ?", item_id)
    return row


def test_add_item_and_read_back(workspace):
    item_id = _add(workspace, notes="Quay tại Tượng đài")
    items = workspace.items(year=2025)
    assert list(items.columns) == ITEM_COLUMNS
    row = items.set_index("item_id").loc[item_id]
    assert (row["unit_id"], row["format"], row["platform"], row["status"], row["version"]) == (
        "doan-thanh-nien",
        "short_video",
        "tiktok",
        "idea",
        1,
    )
    assert row["date"] == pd.Timestamp("2025-02-03") and row["findings"] == []
    assert row["created_by"] == "chuyenvien"
    stored = _db_row(workspace, item_id)
    assert stored["date"] == "2025-02-03" and stored["title"] == PARTY_95
    audit = workspace.audit(entity="item", entity_id=item_id)
    assert list(audit["action"]) == ["insert"] and audit.iloc[0]["after"]["title"] == PARTY_95


def test_vietnamese_dates_accepted(workspace):
    item_id = _add(workspace, date="3/2/2025")
    assert workspace.item(item_id)["date"] == pd.Timestamp(2025, 2, 3)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        (
            {"format": "tiktok-video"},
            PlannerError,
            r"Trường 'format' \(định dạng\): giá trị 'tiktok-video' không hợp lệ; chọn một trong: short_video",
        ),
        ({"platform": "instagram"}, PlannerError, "giá trị 'instagram' không hợp lệ; chọn một trong: facebook"),
        ({"unit_id": "doan-tn"}, NotFoundError, "Không có đơn vị 'doan-tn'. Các đơn vị: ban-tuyen-giao"),
        ({"event_id": "khong-co"}, NotFoundError, "Không có sự kiện 'khong-co'"),
        ({"date": "31/4/2025"}, PlannerError, r"Trường 'date' \(ngày đăng\): ngày '31/4/2025' không tồn tại"),
        ({"date": "ngày mai"}, PlannerError, "không đọc được ngày 'ngày mai'; viết dạng 3/2/2025 hoặc 2025-02-03"),
        ({"status": "approved"}, WorkflowError, "duyệt và đăng bằng set_status"),
        ({"colour": "red"}, PlannerError, "Không có trường colour"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_written(workspace, fields, error, message):
    with pytest.raises(error, match=message):
        _add(workspace, **fields)
    assert workspace.items().empty
    assert "add_item" not in set(workspace.change_sets()["action"])


def test_update_is_versioned_and_audited(workspace):
    item_id = _add(workspace)
    saved = workspace.update_item(item_id, version=1, title=PARTY_95 + " — video 60 giây", notes="Bản quay lần 2")
    assert saved["version"] == 2 and saved["notes"] == "Bản quay lần 2"
    audit = workspace.audit(entity="item", entity_id=item_id)
    assert list(audit["action"]) == ["insert", "update"]
    assert audit.iloc[1]["before"]["notes"] == "" and audit.iloc[1]["after"]["notes"] == "Bản quay lần 2"
    assert audit.iloc[1]["user"] == "chuyenvien"


def test_two_handles_second_write_refused_first_kept(tmp_path):
    planner.open_workspace(tmp_path / "ws").close()
    an = planner.open_workspace(tmp_path / "ws", user="an")
    binh = planner.open_workspace(tmp_path / "ws", user="binh")
    item_id = _add(an)
    version = int(binh.items().set_index("item_id").loc[item_id, "version"])
    an.update_item(item_id, version=version, notes="An sửa trước")
    with pytest.raises(
        ConflictError, match=r"đã được an sửa lúc \d+:\d\d \d+/\d+/\d{4} \(phiên bản 2\); bạn đang sửa phiên bản 1"
    ):
        binh.update_item(item_id, version=version, notes="Bình sửa sau")
    assert binh.item(item_id)["notes"] == "An sửa trước"
    assert _db_row(an, item_id)["notes"] == "An sửa trước"
    assert len(an.audit(entity="item", entity_id=item_id)) == 2  # insert + An's update only
    an.close(), binh.close()


def test_move_reassign_duplicate_cancel(workspace):
    item_id = _add(workspace)
    workspace.move_item(item_id, dt.date(2025, 2, 1), version=1)
    workspace.reassign_item(item_id, "hoi-phu-nu", version=2)
    row = workspace.item(item_id)
    assert (row["date"], row["unit_id"], row["version"]) == (pd.Timestamp(2025, 2, 1), "hoi-phu-nu", 3)
    copy_id = workspace.duplicate_item(item_id, unit_id="mttq")
    copy = workspace.item(copy_id)
    assert (copy["title"], copy["unit_id"], copy["status"], copy["version"]) == (PARTY_95, "mttq", "idea", 1)
    workspace.cancel_item(item_id, version=3, reason="Trùng nội dung với Hội Phụ nữ")
    assert workspace.item(item_id)["status"] == "cancelled"
    assert workspace.audit(entity="item", entity_id=item_id).iloc[-1]["note"] == "Trùng nội dung với Hội Phụ nữ"


def test_bulk_update_by_filter_in_one_change(workspace):
    ids = [_add(workspace, unit_id=u) for u in ("doan-thanh-nien", "hoi-phu-nu", "mttq")]
    count = workspace.bulk_update({"unit_id": ["doan-thanh-nien", "hoi-phu-nu"]}, platform="facebook")
    assert count == 2
    items = workspace.items().set_index("item_id")
    assert list(items.loc[ids, "platform"]) == ["facebook", "facebook", "tiktok"]
    last = workspace.change_sets().iloc[-1]
    assert last["action"] == "bulk_update"
    assert (workspace.audit()["change_id"] == last["change_id"]).sum() == 2


def test_bulk_update_all_or_nothing(workspace):
    ids = [_add(workspace, unit_id=u) for u in ("doan-thanh-nien", "hoi-phu-nu")]
    workspace.set_status(ids[1], "cancelled", version=1)
    with pytest.raises(WorkflowError, match="đã hủy"):
        workspace.bulk_update({"item_id": ids}, title="Tiêu đề mới")
    assert set(workspace.items()["title"]) == {PARTY_95}


def test_undo_restores_the_exact_previous_row(workspace):
    item_id = _add(workspace)
    before = _db_row(workspace, item_id)
    workspace.update_item(item_id, version=1, title="Tiêu đề khác", date="2025-02-10", platform="facebook")
    result = workspace.undo()
    assert result["action"] == "update_item" and result["rows"] == 1
    after = _db_row(workspace, item_id)
    unchanged = {k: v for k, v in before.items() if k not in ("version", "updated_by", "updated_at")}
    assert {k: after[k] for k in unchanged} == unchanged
    assert after["version"] == 3  # versions only go up, so stale copies stay stale
    # undo again: the item's creation is undone too
    workspace.undo()
    assert workspace.items().empty
    with pytest.raises(PlannerError, match="không có thay đổi nào để hoàn tác"):
        workspace.undo()


def test_undo_is_per_user_and_refuses_over_others_changes(tmp_path):
    planner.open_workspace(tmp_path / "ws").close()
    an = planner.open_workspace(tmp_path / "ws", user="an")
    binh = planner.open_workspace(tmp_path / "ws", user="binh")
    item_id = _add(an)
    an.update_item(item_id, version=1, notes="của An")
    binh.update_item(item_id, version=2, notes="của Bình")
    with pytest.raises(ConflictError, match="đã được binh lúc .* sửa sau thay đổi này"):
        an.undo()
    assert an.item(item_id)["notes"] == "của Bình"
    binh.undo()  # Bình undoes Bình's own change
    assert an.item(item_id)["notes"] == "của An"
    an.close(), binh.close()


def test_undo_of_a_whole_generation(workspace):
    created = planner.generate_plan(workspace, 2025, units=["hoi-phu-nu"])
    assert len(created) > 10
    result = workspace.undo()
    assert result == {"change_id": result["change_id"], "action": "generate_plan", "rows": len(created)}
    assert workspace.items().empty


def test_nfd_text_is_stored_nfc(workspace):
    nfd = unicodedata.normalize("NFD", "Tuổi trẻ Vũng Tàu hướng về Đảng")
    item_id = _add(workspace, title=nfd)
    stored = _db_row(workspace, item_id)["title"]
    assert stored == unicodedata.normalize("NFC", nfd) != nfd


# ------------------------------------------------------------------ review workflow


def _to_review(ws, item_id):
    ws.set_status(item_id, "draft", version=ws.item(item_id)["version"])
    return ws.set_status(item_id, "in_review", version=ws.item(item_id)["version"])


def test_full_workflow_with_recorded_review(workspace):
    item_id = _add(workspace)
    row = _to_review(workspace, item_id)
    checklist = {**ALL_TICKED, "humane": {"ok": True, "comment": "Hình ảnh phù hợp"}}
    row = workspace.set_status(
        item_id, "approved", version=row["version"], reviewer="lanh.dao", checklist=checklist, comment="Đồng ý đăng"
    )
    review = row["review"]
    assert row["status"] == "approved" and row["reviewer"] == "lanh.dao"
    assert review["reviewer"] == "lanh.dao" and review["comment"] == "Đồng ý đăng"
    assert review["checklist"]["humane"] == {"ok": True, "comment": "Hình ảnh phù hợp"}
    assert set(review["checklist"]) == set(CHECKLIST) and review["at"]
    row = workspace.set_status(
        item_id, "published", version=row["version"], link="https://demo.invalid/tiktok/thanh-doan/123"
    )
    assert row["status"] == "published" and row["link"].endswith("/123") and row["published_at"]
    statuses = [a["status"] for a in workspace.audit(entity="item", entity_id=item_id)["after"]]
    assert statuses == ["idea", "draft", "in_review", "approved", "published"]


ALLOWED = {
    ("idea", "draft"),
    ("draft", "in_review"),
    ("in_review", "approved"),
    ("in_review", "draft"),
    ("approved", "published"),
} | {(s, "cancelled") for s in ("idea", "draft", "in_review", "approved", "published")}
PATH = {
    "idea": [],
    "draft": ["draft"],
    "in_review": ["draft", "in_review"],
    "approved": ["draft", "in_review", "approved"],
    "published": ["draft", "in_review", "approved", "published"],
    "cancelled": ["cancelled"],
}


def _reach(ws, item_id, status):
    for step in PATH[status]:
        ws.set_status(
            item_id,
            step,
            version=ws.item(item_id)["version"],
            checklist=ALL_TICKED,
            link="https://demo.invalid/p/1",
            reason="lý do",
        )


@pytest.mark.parametrize("start", list(PATH))
@pytest.mark.parametrize("target", list(PATH))
def test_every_illegal_transition_is_refused(workspace, start, target):
    item_id = _add(workspace)
    _reach(workspace, item_id, start)
    version = workspace.item(item_id)["version"]
    if (start, target) in ALLOWED:
        workspace.set_status(
            item_id, target, version=version, checklist=ALL_TICKED, link="https://demo.invalid/p/2", reason="lý do"
        )
        assert workspace.item(item_id)["status"] == target
    else:
        with pytest.raises(WorkflowError, match="Không chuyển được"):
            workspace.set_status(
                item_id, target, version=version, checklist=ALL_TICKED, link="https://demo.invalid/p/2", reason="lý do"
            )
        assert workspace.item(item_id)["version"] == version


def test_back_to_draft_needs_a_reason(workspace):
    item_id = _add(workspace)
    row = _to_review(workspace, item_id)
    with pytest.raises(WorkflowError, match="cần ghi lý do"):
        workspace.set_status(item_id, "draft", version=row["version"])
    workspace.set_status(item_id, "draft", version=row["version"], reason="Sai số năm kỷ niệm")
    assert workspace.audit(entity="item", entity_id=item_id).iloc[-1]["note"] == "Sai số năm kỷ niệm"


def test_approval_needs_every_checklist_point(workspace):
    item_id = _add(workspace)
    row = _to_review(workspace, item_id)
    with pytest.raises(WorkflowError, match="Bảo đảm tính nhân văn"):
        workspace.set_status(item_id, "approved", version=row["version"], checklist={**ALL_TICKED, "humane": False})
    assert workspace.item(item_id)["status"] == "in_review"


def test_error_findings_block_approval(workspace):
    item_id = _add(workspace, title=PARTY_95.replace("95 năm", "94 năm"))
    assert [f["code"] for f in workspace.item(item_id)["findings"]] == ["anniversary_number"]
    row = _to_review(workspace, item_id)
    with pytest.raises(WorkflowError, match="Kỷ niệm 94 năm' nhưng năm 2025 là kỷ niệm 95 năm"):
        workspace.set_status(item_id, "approved", version=row["version"], checklist=ALL_TICKED)
    row = workspace.update_item(item_id, version=row["version"], title=PARTY_95)
    assert row["findings"] == []
    assert (
        workspace.set_status(item_id, "approved", version=row["version"], checklist=ALL_TICKED)["status"] == "approved"
    )


def test_publishing_needs_a_link(workspace):
    item_id = _add(workspace)
    _reach(workspace, item_id, "approved")
    with pytest.raises(WorkflowError, match="cần đường dẫn"):
        workspace.set_status(item_id, "published", version=workspace.item(item_id)["version"], link="chưa có")


def test_editing_an_approved_item_sends_it_back_to_review(workspace):
    item_id = _add(workspace)
    _reach(workspace, item_id, "approved")
    row = workspace.update_item(item_id, version=workspace.item(item_id)["version"], title=PARTY_95 + " (bản mới)")
    assert row["status"] == "in_review"
    assert (
        "cần duyệt lại" in workspace.audit(entity="item", entity_id=item_id).iloc[-1]["note"]
        or "Chờ duyệt" in workspace.audit(entity="item", entity_id=item_id).iloc[-1]["note"]
    )
    # moving the date alone keeps the approval
    _reach_again = workspace.set_status(item_id, "approved", version=row["version"], checklist=ALL_TICKED)
    moved = workspace.move_item(item_id, "2025-02-02", version=_reach_again["version"])
    assert moved["status"] == "approved"


def test_published_items_keep_their_content(workspace):
    item_id = _add(workspace)
    _reach(workspace, item_id, "published")
    with pytest.raises(WorkflowError, match="đã đăng"):
        workspace.update_item(item_id, version=workspace.item(item_id)["version"], title="Sửa sau khi đăng")
    row = workspace.update_item(item_id, version=workspace.item(item_id)["version"], notes="Đạt 12.000 lượt xem")
    assert row["notes"] == "Đạt 12.000 lượt xem"


def test_review_record_is_json_in_the_database(workspace):
    item_id = _add(workspace)
    _reach(workspace, item_id, "approved")
    record = json.loads(_db_row(workspace, item_id)["review"])
    assert record["checklist"]["lawful"]["ok"] is True


def test_next_undo_names_the_change_and_undo_by_id_refuses_a_newer_one(workspace):
    planner.generate_plan(workspace, 2025)
    count = len(workspace.items(year=2025))
    coming = workspace.next_undo()
    assert coming["action"] == "generate_plan" and coming["rows"] == count
    assert workspace.next_undo() == coming  # asking changes nothing
    item = workspace.items(year=2025).iloc[0]
    workspace.update_item(int(item["item_id"]), version=int(item["version"]), notes="sửa sau")
    with pytest.raises(planner.ConflictError, match=f"#{coming['change_id']} không còn là thay đổi gần nhất"):
        workspace.undo(change_id=coming["change_id"])
    assert len(workspace.items(year=2025)) == count and workspace.item(int(item["item_id"]))["notes"] == "sửa sau"
    newest = workspace.next_undo()
    assert newest["action"] == "update_item" and newest["rows"] == 1
    assert workspace.undo(change_id=newest["change_id"])["rows"] == 1
    with pytest.raises(planner.InvalidValueError):
        workspace.undo(change_id="mới nhất")


def test_bulk_update_refuses_a_timestamp_for_a_column_that_is_not_a_date(workspace):
    """Found by the property attack: a Timestamp reached SQLite's driver (ProgrammingError) for item_id."""
    planner.generate_plan(workspace, 2025)
    before = workspace.last_change()
    with pytest.raises(planner.InvalidValueError, match="bộ lọc cần"):
        workspace.bulk_update({"item_id": pd.Timestamp("2000-01-01")}, notes="x")
    assert workspace.bulk_update({"date": pd.Timestamp("2025-03-03")}, notes="đợt 1") > 0  # a date column converts it
    assert workspace.last_change() == before + 1


def test_a_new_item_missing_several_fields_names_them_all_at_once(workspace):
    before = workspace.last_change()
    with pytest.raises(planner.InvalidValueError) as caught:
        workspace.add_item(year=2025, date="3/2/2025", title="Bài mới", unit_id="", platform="facebook")
    message = str(caught.value)
    assert "'unit_id' (đơn vị)" in message and "'format'" in message and "'theme'" in message
    assert "'platform'" not in message and caught.value.field == "unit_id"
    assert workspace.last_change() == before
    from planner.store.items import missing_fields

    assert missing_fields({"unit_id": "x", "format": "post", "platform": "zalo", "theme": " "}) == ["theme", "date"]
    assert missing_fields({"unit_id": "x", "format": "post", "platform": "zalo", "theme": "event", "year": 2025}) == []


def test_undated_items_come_first_on_every_engine(workspace):
    """SQLite sorts NULL first by itself; PostgreSQL put undated ideas after the whole year."""
    dated = _add(workspace)
    idea = workspace.add_item(unit_id="mttq", title="Ý tưởng chưa có ngày", format="post", platform="facebook",
                              theme="event", year=2025)
    assert workspace.item(idea)["date"] is pd.NaT or pd.isna(workspace.item(idea)["date"])
    assert list(workspace.items()["item_id"]) == [idea, dated]
    assert list(workspace.items(year=2025)["item_id"]) == [idea, dated]


def test_bulk_update_filters_an_integer_column_with_what_can_equal_it_on_every_engine(workspace):
    """'' and 2.5 and 2**40 equal no item id: SQLite matched nothing, PostgreSQL raised a raw DataError."""
    item_id = _add(workspace)
    mark = workspace.last_change()
    assert workspace.bulk_update({"item_id": ["", 2.5, 2**40]}, notes="không ai") == 0
    assert workspace.item(item_id)["notes"] == "" and workspace.last_change() == mark
    assert workspace.bulk_update({"item_id": [str(item_id), ""], "year": "2025"}, notes="theo số") == 1
    assert db_dicts(workspace, "SELECT notes, version FROM items WHERE item_id = ?", item_id) == [
        {"notes": "theo số", "version": 2}
    ]
    assert workspace.bulk_update({"unit_id": [5, 2.5]}, notes="số trong cột chữ") == 0  # a raw error on PostgreSQL
    assert workspace.bulk_update({"unit_id": ["mttq\x00"]}, notes="NUL") == 0  # PostgreSQL refused the query itself
    assert workspace.items(units=["mttq\x00"]).empty


def test_an_id_beyond_the_integer_column_is_simply_not_found_on_every_engine(workspace):
    """PostgreSQL refused 2**31 in the query itself (a raw 'integer out of range'); no row can have it."""
    with pytest.raises(NotFoundError, match=str(2**31)):
        workspace.item(2**31)
    assert workspace.items(ids=[2**31, 2**40]).empty and workspace.outputs(item_ids=[2**31]).empty
    with pytest.raises(PlannerError):
        workspace.update_item(2**31, version=1, notes="x")


def test_filters_of_tens_of_thousands_of_values_work_on_every_engine(workspace):
    """Found by an outside tester: PostgreSQL takes at most 65,535 parameters in one statement, so a filter of
    70,000 ids or unit names was a raw error there; and a change mark or an id past the integer column too."""
    planner.generate_plan(workspace, 2025, units=["hoi-phu-nu"])
    mine = workspace.items(units="hoi-phu-nu")
    ids = list(range(1, 70_001))
    assert set(workspace.items(ids=ids)["item_id"]) == set(workspace.items()["item_id"])
    assert len(workspace.items(units=["hoi-phu-nu"] * 70_000)) == len(mine) > 0
    assert workspace.outputs(item_ids=ids).empty
    titles = [f"không có {i}" for i in range(70_000)] + [mine["title"].iloc[0]]
    assert workspace.bulk_update({"title": titles}, notes="theo tên") == (mine["title"] == titles[-1]).sum()
    assert workspace.bulk_update({"item_id": ids}, notes="tất cả") == len(workspace.items())
    assert set(n for (n,) in db_rows(workspace, "SELECT notes FROM items")) == {"tất cả"}
    assert workspace.changes(since=2**40).empty and workspace.item_authors(2**40) == set()


def _same_record(saved: dict, read: dict) -> None:
    assert list(saved) == list(read)
    for key, value in read.items():
        if value is None or value is pd.NA or value is pd.NaT:
            assert saved[key] is value, key
        else:
            assert saved[key] == value and type(saved[key]) is type(value), (key, saved[key], value)


def test_a_save_returns_the_item_exactly_as_item_reads_it(workspace):
    """update_item, apply and set_status build what they return from the rows they wrote (not from a read
    after the commit): it must be what item() gives — the same keys, values and types — for a generated item
    (plan fields, a date), an undated idea and an approved item (review data)."""
    planner.generate_plan(workspace, 2025, units=["hoi-phu-nu"])
    generated = workspace.items(units="hoi-phu-nu").query("offset_days.notna()", engine="python").iloc[0]
    saved = workspace.update_item(int(generated["item_id"]), version=int(generated["version"]), notes="đổi",
                                  title="Tiêu đề mới 3/2/2025")
    _same_record(saved, workspace.item(saved["item_id"]))
    idea = workspace.add_item(unit_id="hoi-phu-nu", format="post", platform="facebook", theme="event",
                              title="Ý tưởng chưa có ngày", year=2025)
    saved = workspace.apply([(idea, 1, {"notes": "x"}), (saved["item_id"], saved["version"], {"notes": "đổi"})])
    assert [r["item_id"] for r in saved] == [idea, int(generated["item_id"])]
    for record in saved:
        _same_record(record, workspace.item(record["item_id"]))
    assert saved[0]["date"] is pd.NaT
    item = approve(workspace, idea)
    _same_record(item, workspace.item(idea))
    assert item["review"]["reviewer"] and item["status"] == "approved"

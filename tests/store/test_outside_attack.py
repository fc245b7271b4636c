"""Holes an outside attack found after the first round of fixes; each test failed before its fix."""

import pandas as pd
import pytest

import planner
from planner import InvalidValueError, WorkflowError
from planner.model import CHECKLIST

OK = dict.fromkeys(CHECKLIST, True)
PARTY_95 = "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)"


def _approved(ws, **fields):
    base = dict(unit_id="mttq", format="post", platform="zalo", theme="event", date="2025-02-03", title=PARTY_95)
    base.update(event_id="thanh-lap-dang", occurrence_date="2025-02-03")
    item_id = ws.add_item(**{**base, **fields})
    ws.set_status(item_id, "draft", version=1)
    ws.set_status(item_id, "in_review", version=2)
    ws.set_status(item_id, "approved", version=3, checklist=OK)
    return item_id


def test_a_replaced_official_name_is_checked_at_once_by_every_handle(workspace, tmp_path):
    """The check cache was keyed on (count, sum of versions): replacing one row by another kept it."""
    other = planner.open_workspace(workspace.folder, user="nguoi-duyet")
    item_id = workspace.add_item(
        unit_id="mttq",
        format="post",
        platform="zalo",
        theme="event",
        date="2025-05-01",
        title="Tin hoạt động của Ban Chấp hành Xyz",
    )
    other.set_status(item_id, "draft", version=1)  # the reviewer's handle has its cache warm
    names = workspace.official_names()
    names.iloc[-1] = ["Ban Chấp hành XYZ", "Ban Chấp hành Xyz", "error", "thử"]
    names.to_csv(tmp_path / "names.csv", index=False)
    assert workspace.import_official_names(tmp_path / "names.csv")["added"] == 1
    saved = other.set_status(item_id, "in_review", version=2)
    assert [f["code"] for f in saved["findings"]] == ["official_name"]
    with pytest.raises(WorkflowError, match="Ban Chấp hành XYZ"):
        other.set_status(item_id, "approved", version=3, checklist=OK)
    other.close()


def test_changing_the_year_of_an_approved_item_sends_it_back_to_review(workspace):
    item_id = _approved(workspace)
    saved = workspace.update_item(item_id, version=4, year=2030)
    assert saved["status"] == "in_review"
    assert {f["code"] for f in saved["findings"]} >= {"anniversary_number"}


def test_publishing_runs_the_checks_again(workspace, data_dir, tmp_path):
    """An approved item whose event date was corrected in the catalogue may not go out unchanged."""
    item_id = _approved(workspace)
    events = (data_dir / "events.csv").read_text(encoding="utf-8")
    moved = events.replace(
        "thanh-lap-dang,Ngày thành lập Đảng Cộng sản Việt Nam,Founding of the Communist Party of Vietnam,solar,3,2,",
        "thanh-lap-dang,Ngày thành lập Đảng Cộng sản Việt Nam,Founding of the Communist Party of Vietnam,solar,6,1,",
    )
    assert moved != events
    (tmp_path / "events.csv").write_text(moved, encoding="utf-8")
    workspace.import_events(tmp_path / "events.csv")
    with pytest.raises(WorkflowError, match="Chưa đăng được .* kiểm tra tự động còn lỗi"):
        workspace.set_status(item_id, "published", version=4, link="https://demo.invalid/bai")
    assert workspace.item(item_id)["status"] == "approved"


def test_undo_never_takes_back_a_publication(workspace):
    item_id = _approved(workspace)
    workspace.set_status(item_id, "published", version=4, link="https://demo.invalid/bai")
    with pytest.raises(WorkflowError, match="đã đăng"):
        workspace.undo()
    item = workspace.item(item_id)
    assert (item["status"], item["link"]) == ("published", "https://demo.invalid/bai")
    with pytest.raises(WorkflowError):
        workspace.update_item(item_id, version=5, title="Đổi tiêu đề sau khi đã đăng")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"link": ""}, WorkflowError),
        ({"published_at": None}, WorkflowError),
        ({"published_at": "0001-01-01T00:00"}, InvalidValueError),
    ],
)
def test_a_published_item_keeps_a_link_and_a_real_time(workspace, changes, error):
    item_id = _approved(workspace)
    workspace.set_status(item_id, "published", version=4, link="https://demo.invalid/bai")
    with pytest.raises(error):
        workspace.update_item(item_id, version=5, **changes)
    assert workspace.item(item_id)["link"] == "https://demo.invalid/bai"


def test_saving_an_item_unchanged_is_not_an_edit(workspace):
    planner.generate_plan(workspace, 2025)
    shown = workspace.items(start="1/4/2025", end="30/4/2025").iloc[0]
    mark = workspace.last_change()
    saved = workspace.apply([(shown.item_id, shown.version, {"platform": shown.platform, "title": shown.title})])
    assert saved[0]["version"] == shown.version
    assert workspace.last_change() == mark and workspace.changes(since=mark).empty
    assert int(shown.item_id) not in workspace.edited_item_ids(2025)


def test_a_regeneration_is_one_change_and_one_undo(workspace, data_dir, tmp_path):
    """Moves and new items used to be two change sets: undo took back only the new items."""
    planner.generate_plan(workspace, 2025)
    before = workspace.items(year=2025)[["item_id", "date", "title", "version"]]
    events = (data_dir / "events.csv").read_text(encoding="utf-8")
    line = next(ln for ln in events.splitlines() if ln.startswith("giai-phong-tinh-brvt,"))
    (tmp_path / "events.csv").write_text(events.replace(line, line.replace(",solar,27,4,", ",solar,26,4,")), "utf-8")
    workspace.import_events(tmp_path / "events.csv")
    units = (data_dir / "units.csv").read_text(encoding="utf-8")
    (tmp_path / "units.csv").write_text(units + "don-vi-moi,Đơn vị mới,Đơn vị mới,mass_org,,,,\n", encoding="utf-8")
    workspace.import_units(tmp_path / "units.csv")
    created = planner.generate_plan(workspace, 2025)
    assert len(created) and len(created.attrs["report"].moved)
    assert list(workspace.change_sets()["action"]).count("replan") == 0
    assert workspace.undo()["action"] == "generate_plan"
    after = workspace.items(year=2025)
    pd.testing.assert_frame_equal(
        after[["item_id", "date", "title"]].reset_index(drop=True), before[["item_id", "date", "title"]]
    )


def test_a_wrong_unit_on_edit_names_the_units(workspace):
    item_id = _approved(workspace)
    with pytest.raises(planner.NotFoundError, match="Không có đơn vị 'khong'. Các đơn vị: ban-tuyen-giao"):
        workspace.update_item(item_id, version=4, unit_id="khong")


def test_a_blank_reviewer_is_refused(workspace):
    item_id = _approved(workspace, unit_id="hoi-phu-nu")
    other = workspace.add_item(
        unit_id="mttq", format="post", platform="zalo", theme="event", date="2025-02-04", title="Tin tức"
    )
    workspace.set_status(other, "draft", version=1)
    workspace.set_status(other, "in_review", version=2)
    with pytest.raises(InvalidValueError, match="Người duyệt"):
        workspace.set_status(other, "approved", version=3, checklist=OK, reviewer="   ")
    assert workspace.item(item_id)["reviewer"] == "chuyenvien"


@pytest.mark.sqlite_only("a SQLite file cut short")
@pytest.mark.parametrize("cut", [1, 100, 3000])
def test_a_file_cut_inside_its_last_page_is_refused(tmp_path, cut):
    """Cuts at a page boundary were refused; a cut inside a page opened and took writes."""
    import sqlite3

    with planner.open_workspace(tmp_path / "ws") as ws:
        planner.generate_plan(ws, 2025)
    db = tmp_path / "ws" / "planner.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db.read_bytes()
    db.write_bytes(data[:-cut])
    with pytest.raises(planner.PlannerError, match="bị hỏng hoặc không đầy đủ"):
        planner.open_workspace(tmp_path / "ws")
    assert db.read_bytes() == data[:-cut]


@pytest.mark.sqlite_only("a sqlite:// URL naming another program's file")
@pytest.mark.parametrize("form", ["sqlite:///{db}", "sqlite:///{folder}/khac.dat"])
def test_a_sqlite_url_gets_the_same_protection_as_a_path(tmp_path, form):
    import hashlib
    import sqlite3

    folder = tmp_path / "khac"
    folder.mkdir()
    db = folder / "khac.dat"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(planner.PlannerError, match="chương trình khác"):
        planner.open_workspace(form.format(db=db, folder=folder))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("url", ["mysql://nguoi:matkhau@x/kh", "foo://"])
def test_a_database_url_without_a_driver_is_a_planner_error(url):
    with pytest.raises(planner.PlannerError, match="chưa có trình điều khiển") as caught:
        planner.open_workspace(url)
    assert "matkhau" not in str(caught.value)


def test_a_server_that_refuses_the_login_is_a_planner_error_without_the_password():
    """psycopg is installed: a wrong password (server running) or no server at all (port closed) — either way a
    Vietnamese message naming the address, never the password."""
    with pytest.raises(planner.PlannerError, match="Không kết nối được cơ sở dữ liệu") as caught:
        planner.open_workspace("postgresql+psycopg://nguoi:matkhau-bi-mat@127.0.0.1:5432/kh")
    assert "matkhau-bi-mat" not in str(caught.value) and "127.0.0.1" in str(caught.value)


@pytest.mark.sqlite_only("SQLite's -shm file on read-only storage")
def test_a_workspace_on_read_only_storage_opens_for_reading(tmp_path):
    """SQLite cannot make a WAL's -shm file on read-only storage: the workspace must still open to read."""
    import subprocess

    source, mounted = tmp_path / "nguon", tmp_path / "chi-doc"
    mounted.mkdir()
    with planner.open_workspace(source / "ws") as ws:
        ws.add_item(unit_id="mttq", format="post", platform="zalo", theme="event", date="2025-05-01", title="Tin")
    bind = subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip("cannot make a read-only mount here (needs root)")
    try:
        readonly = subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], capture_output=True)
        if readonly.returncode != 0:
            pytest.skip("cannot make a read-only mount here")
        for flag in (True, False):  # asked for, or found out
            with planner.open_workspace(mounted / "ws", read_only=flag) as ws:
                assert ws.read_only and list(ws.items()["title"]) == ["Tin"]
                with pytest.raises(planner.PlannerError, match="chỉ cho phép đọc"):
                    ws.add_item(unit_id="mttq", format="post", platform="zalo", theme="event", date="2025-05-02")
    finally:
        subprocess.run(["umount", str(mounted)], capture_output=True)


def test_an_import_that_changes_nothing_is_not_a_change(workspace, data_dir):
    """It left an empty change set, which the next undo took back instead of the user's last change."""
    item_id = workspace.add_item(unit_id="mttq", format="post", platform="zalo", theme="event", date="2025-05-01")
    workspace.update_item(item_id, version=1, notes="sửa thật")
    sets = len(workspace.change_sets())
    counts = workspace.import_events(data_dir / "events.csv")
    assert counts["added"] == counts["updated"] == counts["removed"] == 0 and counts["unchanged"] == len(
        workspace.events()
    )
    assert len(workspace.change_sets()) == sets
    assert workspace.undo()["action"] == "update_item"
    assert workspace.item(item_id)["notes"] == ""


def test_an_unknown_status_filter_is_refused(workspace):
    with pytest.raises(InvalidValueError, match="bogus"):
        workspace.items(status="bogus")


def test_bulk_update_by_a_date_written_the_vietnamese_way(workspace):
    """bulk_update({'date': '1/4/2025'}) matched nothing: dates are stored ISO."""
    item_id = workspace.add_item(unit_id="mttq", format="post", platform="zalo", theme="event", date="2025-04-01")
    assert workspace.bulk_update({"date": "1/4/2025"}, notes="đã rà soát") == 1
    assert workspace.item(item_id)["notes"] == "đã rà soát"


def test_two_units_swapping_short_names_are_refused_cleanly(workspace, data_dir):
    path = data_dir / "units.csv"
    text = path.read_text(encoding="utf-8")
    swapped = (
        text.replace(",Hội Nông dân,", ",TẠM,")
        .replace(",Hội Phụ nữ,", ",Hội Nông dân,")
        .replace(",TẠM,", ",Hội Phụ nữ,")
    )
    path.write_text(swapped, encoding="utf-8")
    before = workspace.units()
    with pytest.raises(planner.PlannerError, match="tạm trùng tên ngắn"):
        workspace.import_units(path)
    pd.testing.assert_frame_equal(workspace.units(), before)

"""Nothing saved is ever lost, and nothing gets round the review: attacks on the store from outside."""

import hashlib
import json
import sqlite3

import pandas as pd
import pytest

import planner
from planner import ConflictError, InvalidValueError, NotFoundError, PlannerError, WorkflowError
from planner.model import CHECKLIST
from planner.store import DB_FILE
from tests.helpers import db_rows

PARTY_95 = "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)"
ALL_TICKED = dict.fromkeys(CHECKLIST, True)


def _add(ws, **fields):
    base = dict(unit_id="doan-thanh-nien", date="2025-02-03", title=PARTY_95, format="post", platform="facebook")
    base.update(theme="event", event_id="thanh-lap-dang", occurrence_date="2025-02-03")
    base.update(fields)
    return ws.add_item(**base)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sqlite_rows(path, sql):
    """Rows read independently of the store (on PostgreSQL from the schema the path maps to)."""
    return db_rows(path, sql)


# ---------------------------------------------------------------- other programs' files


def _foreign_db(path, table):
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute(f"INSERT INTO {table} (note) VALUES ('dữ liệu của chương trình khác')")
    return _sha(path)


@pytest.mark.sqlite_only("another program's SQLite file")
@pytest.mark.parametrize("table", ["meta", "contacts"])
def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path, table):
    """Before: a clashing table name deleted the file; no clash silently added planner's tables."""
    folder = tmp_path / "khac"
    folder.mkdir()
    db = folder / DB_FILE
    digest = _foreign_db(db, table)
    with pytest.raises(PlannerError, match="chương trình khác, không phải không gian làm việc của planner"):
        planner.open_workspace(folder)
    assert db.exists() and _sha(db) == digest
    assert sorted(p.name for p in folder.iterdir()) == [DB_FILE]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"day la mot tep van ban, khong phai CSDL\n" * 10, "không phải cơ sở dữ liệu SQLite"),
        (b"", "tệp rỗng"),
    ],
)
@pytest.mark.sqlite_only("a file in place of the SQLite file")
def test_a_file_that_is_not_a_database_is_refused(tmp_path, content, message):
    db = tmp_path / "ws" / DB_FILE
    db.parent.mkdir()
    db.write_bytes(content)
    with pytest.raises(PlannerError, match=message):
        planner.open_workspace(tmp_path / "ws")
    assert db.read_bytes() == content


@pytest.mark.sqlite_only("a truncated SQLite file")
def test_a_truncated_workspace_is_refused_with_a_way_out(tmp_path):
    planner.open_workspace(tmp_path / "ws").close()
    db = tmp_path / "ws" / DB_FILE
    with sqlite3.connect(db) as conn:  # fold the WAL into the file so its size is the real size
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        (tmp_path / "ws" / f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    with pytest.raises(PlannerError, match="bị hỏng hoặc không đầy đủ|không phải"):
        ws = planner.open_workspace(tmp_path / "ws")
        ws.items()  # a truncation the first look cannot see shows on the first read
    assert len(db.read_bytes()) == len(data) // 3


@pytest.mark.sqlite_only("the workspace folder on disk is a file")
def test_a_folder_path_that_is_a_file_is_refused(tmp_path):
    plain = tmp_path / "ghi-chu.txt"
    plain.write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(PlannerError, match="là một tệp, không phải thư mục"):
        planner.open_workspace(plain)
    assert plain.read_text(encoding="utf-8") == "không phải thư mục"


def test_read_only_workspace_opens_for_reading(tmp_path):
    with planner.open_workspace(tmp_path / "ws", user="an") as ws:
        item_id = _add(ws)
    state = "SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM changes), (SELECT count(*) FROM items)"
    before = (_sqlite_rows(tmp_path / "ws", "SELECT * FROM items"), _sqlite_rows(tmp_path / "ws", state))
    with planner.open_workspace(tmp_path / "ws", read_only=True) as ws:
        assert ws.read_only
        assert list(ws.items()["item_id"]) == [item_id]
        with pytest.raises(PlannerError, match="chỉ cho phép đọc"):
            ws.update_item(item_id, version=1, notes="không ghi được")
        with pytest.raises(PlannerError, match="chỉ cho phép đọc"):
            _add(ws)
    after = (_sqlite_rows(tmp_path / "ws", "SELECT * FROM items"), _sqlite_rows(tmp_path / "ws", state))
    assert after == before


# ---------------------------------------------------------------- paths that name their own file


@pytest.mark.sqlite_only("paths naming their own SQLite files")
@pytest.mark.parametrize("mark", ["?", "#", "%3F", " "])
def test_paths_with_url_characters_name_their_own_files(tmp_path, mark):
    """Before: …/ke-hoach?2025 and …/ke-hoach?2026 opened the same database file."""
    one = planner.open_workspace(tmp_path / f"ke-hoach{mark}2025", user="an")
    two = planner.open_workspace(tmp_path / f"ke-hoach{mark}2026", user="an")
    first = _add(one, notes="năm 2025")
    assert two.items().empty
    assert (tmp_path / f"ke-hoach{mark}2025" / DB_FILE).exists()
    assert (tmp_path / f"ke-hoach{mark}2026" / DB_FILE).exists()
    assert _sqlite_rows(tmp_path / f"ke-hoach{mark}2025" / DB_FILE, "SELECT item_id, notes FROM items") == [
        (first, "năm 2025")
    ]
    assert not list(tmp_path.glob("ke-hoach")) and not list(tmp_path.glob(f"ke-hoach{mark}"))
    one.close(), two.close()


# ---------------------------------------------------------------- types at the store's boundary


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"offset_days": "abc"}, "offset_days"),
        ({"plan_key": "2025|x"}, "plan_key"),
        ({"template_id": "ky-niem-tron"}, "template_id"),
        ({"spec_id": "bai-dang"}, "spec_id"),
        ({"year": "2O25"}, "year"),
        ({"year": True}, "year"),
        ({"year": 10_000}, "year"),
        ({"year": 2.5}, "year"),
        ({"title": ["a", "b"]}, "title"),
        ({"title": "dòng 1\ndòng 2"}, "title"),
        ({"title": "có\x00NUL"}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"notes": 5}, "notes"),
        ({"format": None}, "format"),
        ({"date": 20250203}, "date"),
        ({"date": "3/2/99999"}, "date"),
        ({"date": "1/1/1800"}, "date"),
    ],
)
def test_wrong_types_are_refused_by_field_and_nothing_is_written(workspace, fields, field):
    """Before: add_item(offset_days="abc") stored text in an integer column; internal fields could be set."""
    with pytest.raises(InvalidValueError) as caught:
        _add(workspace, **fields)
    assert caught.value.field == field
    assert field in str(caught.value)
    assert _sqlite_rows(workspace.folder / DB_FILE, "SELECT count(*) FROM items") == [(0,)]


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"year": "2O25"}, InvalidValueError, "year"),
        ({"year": None}, InvalidValueError, "year"),
        ({"unit_id": None}, InvalidValueError, "unit_id"),
        ({"event_id": "khong-co"}, NotFoundError, None),
        ({"unit_id": "khong-co"}, NotFoundError, None),
        ({"plan_key": "2025|x"}, InvalidValueError, "plan_key"),
        ({"offset_days": 3}, InvalidValueError, "offset_days"),
        ({"date": "ngày mai"}, InvalidValueError, "date"),
        ({"theme": "vui"}, InvalidValueError, "theme"),
    ],
)
def test_update_checks_every_field_the_same_way(workspace, changes, error, field):
    """Before: update_item(year="2O25") stored text; update_item(event_id="khong-co") raised a raw IntegrityError."""
    item_id = _add(workspace)
    before = workspace.item(item_id)
    with pytest.raises(error) as caught:
        workspace.update_item(item_id, version=1, **changes)
    if field is not None:
        assert caught.value.field == field
    assert workspace.item(item_id) == before
    ((year, offset_days),) = _sqlite_rows(workspace.folder / DB_FILE, "SELECT year, offset_days FROM items")
    assert type(year) is int and offset_days is None  # SQLite would give back text stored in the integer column
    # and every later read still works
    assert len(planner.check_plan(workspace, 2025)) >= 0 and len(workspace.items(year=2025)) == 1


@pytest.mark.parametrize("bad_id", ["abc", None, 2**70, -1, 0, 1.5, [1]])
def test_bad_ids_are_planner_errors(workspace, bad_id):
    for call in (
        lambda: workspace.item(bad_id),
        lambda: workspace.update_item(bad_id, version=1, notes="x"),
        lambda: workspace.set_status(bad_id, "draft", version=1),
    ):
        with pytest.raises(PlannerError) as caught:
            call()
        assert isinstance(caught.value, InvalidValueError | NotFoundError)


def test_a_version_is_always_required(workspace):
    """Before: update_item(version=None) skipped the stale-version check."""
    item_id = _add(workspace)
    workspace.update_item(item_id, version=1, notes="bản 2")
    for version in (None, "1", 0, "một"):
        with pytest.raises((InvalidValueError, ConflictError)):
            workspace.update_item(item_id, version=version, notes="ghi đè")
    assert workspace.item(item_id)["notes"] == "bản 2"


def test_conflict_carries_the_current_row(workspace):
    item_id = _add(workspace)
    workspace.update_item(item_id, version=1, notes="An sửa")
    with pytest.raises(ConflictError) as caught:
        workspace.update_item(item_id, version=1, notes="Bình sửa")
    assert caught.value.current["notes"] == "An sửa" and caught.value.current["version"] == 2


# ---------------------------------------------------------------- the review cannot be bypassed


def _in_review(ws):
    item_id = _add(ws)
    ws.set_status(item_id, "draft", version=1)
    ws.set_status(item_id, "in_review", version=2)
    return item_id


@pytest.mark.parametrize("point", ["false", "có", 1, None, {"ok": "true"}])
def test_checklist_points_are_booleans(workspace, point):
    """Before: a checklist whose points were the string "false" approved the item."""
    item_id = _in_review(workspace)
    checklist = {**ALL_TICKED, "lawful": point}
    with pytest.raises(InvalidValueError, match="phải là True"):
        workspace.set_status(item_id, "approved", version=3, checklist=checklist)
    assert workspace.item(item_id)["status"] == "in_review"


def test_after_publishing_only_safe_links_and_real_times(workspace):
    """Before: update_item(link="javascript:…", published_at="không rõ") was accepted after publishing."""
    item_id = _in_review(workspace)
    workspace.set_status(item_id, "approved", version=3, checklist=ALL_TICKED)
    workspace.set_status(item_id, "published", version=4, link="https://demo.invalid/bai/1")
    for changes in (
        {"link": "javascript:alert(1)"},
        {"link": "https://demo.invalid/bai 1"},
        {"link": "ftp://demo.invalid/x"},
        {"published_at": "không rõ"},
    ):
        with pytest.raises(InvalidValueError):
            workspace.update_item(item_id, version=5, **changes)
    saved = workspace.update_item(item_id, version=5, link="https://demo.invalid/bai/2", published_at="4/2/2025")
    assert (saved["link"], saved["published_at"]) == ("https://demo.invalid/bai/2", "2025-02-04")
    with pytest.raises(WorkflowError, match="chưa đăng"):
        workspace.update_item(_add(workspace), version=1, link="https://demo.invalid/x")


def test_set_status_refuses_a_javascript_link(workspace):
    item_id = _in_review(workspace)
    workspace.set_status(item_id, "approved", version=3, checklist=ALL_TICKED)
    with pytest.raises(WorkflowError):
        workspace.set_status(item_id, "published", version=4, link="javascript:alert(1)")
    assert workspace.item(item_id)["status"] == "approved"


# ---------------------------------------------------------------- NFC everywhere


def test_every_text_column_is_stored_nfc(tmp_path, data_dir):
    import unicodedata

    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    toml = data_dir / "organisation.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"Thành ủy Vũng Tàu"', f'"{nfd("Thành ủy Vũng Tàu")}"'))
    with planner.open_workspace(tmp_path / "ws", data_dir=data_dir, user=nfd("Nguyễn Văn Ân")) as ws:
        item_id = _add(ws)
        ws.update_item(item_id, version=1, notes=nfd("ghi chú mới"))
        ws.set_status(item_id, "draft", version=2)
        ws.set_status(item_id, "in_review", version=3)
        ws.set_status(item_id, "draft", version=4, reason=nfd("Sửa lại tiêu đề cho đúng"))
        assert ws.organisation.name == "Thành ủy Vũng Tàu"
    db = tmp_path / "ws" / DB_FILE
    texts = []
    for table, columns in {
        "meta": ["value"],
        "audit": ['"user"', "note", "before", "after"],  # quoted: user alone is a function on PostgreSQL
        "changes": ['"user"', "note"],
        "items": ["updated_by", "created_by", "notes", "title"],
    }.items():
        for row in _sqlite_rows(db, f"SELECT {', '.join(columns)} FROM {table}"):
            texts += [v for v in row if isinstance(v, str)]
    assert texts and all(t == unicodedata.normalize("NFC", t) for t in texts)
    assert "Nguyễn Văn Ân" in {t for t in texts}
    assert any("Sửa lại tiêu đề cho đúng" == t for t in texts)
    assert json.loads(_sqlite_rows(db, "SELECT value FROM meta WHERE key = 'organisation'")[0][0])["name"] == (
        "Thành ủy Vũng Tàu"
    )


# ---------------------------------------------------------------- reads a view can use


def test_date_range_read_crosses_plan_years(workspace):
    early = _add(workspace, year=2026, date="2025-12-30", title="Chuẩn bị Tết 2026")
    _add(workspace, date="2025-11-30", title="Tháng 11")
    inside = _add(workspace, date="2025-12-01", title="Đầu tháng 12")
    december = workspace.items(start="1/12/2025", end="31/12/2025")
    assert list(december["item_id"]) == [inside, early]
    assert list(workspace.items(year=2026)["item_id"]) == [early]
    assert list(workspace.items(start="2025-12-01", end="2025-12-31", units=["doan-thanh-nien"], ids=[early])[
        "item_id"
    ]) == [early]
    assert workspace.items(start="2025-12-01", end="2025-12-31", units="mttq").empty


def test_item_and_items_give_the_same_types(workspace):
    item_id = _add(workspace, notes="ghi chú")
    one = workspace.item(item_id)
    row = workspace.items().iloc[0]
    for column in ("date", "occurrence_date", "title", "findings"):
        assert type(one[column]) is type(row[column]), column
    assert one["date"] == pd.Timestamp(2025, 2, 3) == row["date"]
    assert isinstance(one["version"], int) and one["version"] == row["version"] == 1


def test_change_feed_sees_another_planners_saves(tmp_path):
    an = planner.open_workspace(tmp_path / "ws", user="an")
    binh = planner.open_workspace(tmp_path / "ws", user="binh")
    first, second = _add(an), _add(an, unit_id="hoi-phu-nu")
    mark = binh.last_change()
    assert binh.changes(since=mark).empty
    an.update_item(first, version=1, notes="An sửa")
    an.cancel_item(second, version=1, reason="trùng")
    feed = binh.changes(since=mark)
    assert list(feed["item_id"]) == [first, second]
    assert list(feed["version"]) == [2, 2] and set(feed["user"]) == {"an"}
    assert list(feed["action"]) == ["update_item", "set_status"]
    an.undo()  # the cancellation
    an.undo()  # the edit
    an.undo()  # the second item's creation: it is gone
    feed = binh.changes(since=mark)
    assert feed.set_index("item_id").loc[second, "version"] is pd.NA
    assert feed.set_index("item_id").loc[first, "version"] == 3
    assert binh.changes(since=binh.last_change()).empty
    an.close(), binh.close()


def test_apply_is_all_or_nothing_against_the_versions_shown(workspace):
    """Before: bulk_update applied to whatever matched at the time, over others' newer edits."""
    ids = [_add(workspace, unit_id=u) for u in ("doan-thanh-nien", "hoi-phu-nu", "mttq")]
    shown = workspace.items(ids=ids)
    workspace.update_item(ids[1], version=1, notes="người khác vừa sửa")  # someone else, a moment ago
    edits = [(r.item_id, r.version, {"platform": "zalo"}) for r in shown.itertuples()]
    with pytest.raises(ConflictError) as caught:
        workspace.apply(edits)
    assert caught.value.current["item_id"] == ids[1]
    assert list(workspace.items(ids=ids)["platform"]) == ["facebook"] * 3
    fresh = workspace.items(ids=ids)
    saved = workspace.apply([(r.item_id, r.version, {"platform": "zalo"}) for r in fresh.itertuples()])
    assert [s["item_id"] for s in saved] == list(fresh["item_id"]) and {s["platform"] for s in saved} == {"zalo"}
    assert workspace.item(ids[1])["notes"] == "người khác vừa sửa"
    last = workspace.change_sets().iloc[-1]
    assert last["action"] == "apply" and (workspace.audit()["change_id"] == last["change_id"]).sum() == 3
    with pytest.raises(InvalidValueError, match="plan_key"):
        workspace.apply([(ids[0], 2, {"plan_key": "x"})])


def test_a_batch_of_rows_naming_different_fields_keeps_each_row_its_own(workspace):
    """Rows of one add_items that name different optional fields, interleaved: ids match rows."""
    base = dict(year=2025, unit_id="mttq", format="post", platform="facebook", theme="event")
    rows = [
        {**base, "title": "A không có sự kiện"},
        {**base, "title": "B có sự kiện", "event_id": "thanh-lap-dang", "date": "3/2/2025"},
        {**base, "title": "C không có sự kiện"},
        {**base, "title": "D có ghi chú", "notes": "ghi chú D"},
    ]
    ids = workspace.add_items(rows)
    stored = _sqlite_rows(
        workspace.folder / DB_FILE, "SELECT item_id, title, event_id, date, notes FROM items ORDER BY item_id"
    )
    assert [r[0] for r in stored] == ids
    assert [r[1:] for r in stored] == [
        ("A không có sự kiện", None, None, ""),
        ("B có sự kiện", "thanh-lap-dang", "2025-02-03", ""),
        ("C không có sự kiện", None, None, ""),
        ("D có ghi chú", None, None, "ghi chú D"),
    ]

"""The plan table on a real demo workspace: cell edits, refusals, conflicts, bulk actions, filters, polling."""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata

import pytest

import planner
from planner.model import short_names
from planner.store import DB_FILE
from planner.strings import STATUS_LABELS, TABLE_LABELS
from planner.ui.table import PlanTable, header

YEAR = 2025


@pytest.fixture
def ws(workspace):
    planner.generate_plan(workspace, YEAR)
    return workspace


@pytest.fixture
def table(ws):
    return PlanTable(ws, year=YEAR)


def sql(ws, query: str, *args):
    """An independent read of the workspace file."""
    with sqlite3.connect(ws.folder / DB_FILE) as conn:
        return conn.execute(query, args).fetchall()


def cell(table: PlanTable, field: str, item_id: int):
    return table.grid.get_cell_value(header(field), item_id)[0]


def shown_version(table: PlanTable, item_id: int) -> int:
    return int(table.frame.loc[table.frame["item_id"] == item_id, "version"].iloc[0])


def pick(table: PlanTable, n: int = 1, start: int = 5) -> list[int]:
    return [int(i) for i in table.frame["item_id"].iloc[start : start + n]]


def test_table_shows_the_year_with_labels(ws, table):
    (count,) = sql(ws, "SELECT count(*) FROM items WHERE year = ?", YEAR)[0]
    assert len(table.frame) == count > 1000
    assert len(table.grid.data) == count
    item_id = pick(table)[0]
    item = ws.item(item_id)
    assert cell(table, "date", item_id) == f"{item['date'].day}/{item['date'].month}/{item['date'].year}"
    assert cell(table, "status", item_id) == STATUS_LABELS["idea"]
    assert cell(table, "unit_id", item_id) == ws.units().set_index("unit_id").at[item["unit_id"], "short_name"]
    assert TABLE_LABELS["shown"].format(count=count) in table.count.value


def test_title_edit_is_saved_audited_and_shown(ws, table):
    item_id = pick(table)[0]
    before = ws.item(item_id)
    typed = unicodedata.normalize("NFD", "Tuổi trẻ Vũng Tàu mừng Đảng 🎉")
    assert table.grid.set_cell_value(header("title"), item_id, typed)
    stored = unicodedata.normalize("NFC", typed)
    with planner.open_workspace(ws.folder, user="khac") as other:
        assert other.item(item_id)["title"] == stored
    assert sql(ws, "SELECT title, version FROM items WHERE item_id = ?", item_id) == [(stored, before["version"] + 1)]
    audit = ws.audit(entity="item", entity_id=item_id)
    assert audit["after"].iloc[-1]["title"] == stored and audit["user"].iloc[-1] == "chuyenvien"
    assert table.status.kind == "ok" and str(item_id) in table.status.message
    assert cell(table, "title", item_id) == stored
    assert shown_version(table, item_id) == before["version"] + 1
    # the next edit of the same row goes through with the version now shown
    table.grid.set_cell_value(header("format"), item_id, "bài đăng")  # a label, any case
    assert ws.item(item_id)["format"] == "post" and cell(table, "format", item_id) == "Bài đăng"


def test_invalid_unit_is_refused_and_the_cell_put_back(ws, table):
    item_id = pick(table)[0]
    before = ws.item(item_id)
    old_label = cell(table, "unit_id", item_id)
    changes = ws.last_change()
    table.grid.set_cell_value(header("unit_id"), item_id, "Đơn vị không có")
    assert table.status.kind == "error"
    assert f"nội dung số {item_id}" in table.status.message and "Thành đoàn" in table.status.message
    assert cell(table, "unit_id", item_id) == old_label
    assert ws.item(item_id)["version"] == before["version"] and ws.item(item_id)["unit_id"] == before["unit_id"]
    assert ws.last_change() == changes
    for typed in ("", "   ", 12, "x" * 5000):
        table.grid.set_cell_value(header("unit_id"), item_id, typed)
        assert table.status.kind == "error" and cell(table, "unit_id", item_id) == old_label
    # a short name or a code is accepted
    table.grid.set_cell_value(header("unit_id"), item_id, "hội phụ nữ")
    assert ws.item(item_id)["unit_id"] == "hoi-phu-nu" and cell(table, "unit_id", item_id) == "Hội Phụ nữ"
    table.grid.set_cell_value(header("unit_id"), item_id, "mttq")
    assert sql(ws, "SELECT unit_id FROM items WHERE item_id = ?", item_id) == [("mttq",)]


def test_values_the_store_refuses_put_the_cell_back(ws, table):
    item_id = pick(table)[0]
    before = ws.item(item_id)
    for field, typed in (("date", "31/2/2025"), ("date", "ngày mai"), ("title", "x" * 600), ("title", "a\nb")):
        shown = cell(table, field, item_id)
        table.grid.set_cell_value(header(field), item_id, typed)
        assert table.status.kind == "error", (field, typed)
        assert f"nội dung số {item_id}" in table.status.message
        assert cell(table, field, item_id) == shown
    assert ws.item(item_id)["version"] == before["version"]
    table.grid.set_cell_value(header("date"), item_id, "3/2/2025")
    assert sql(ws, "SELECT date FROM items WHERE item_id = ?", item_id) == [("2025-02-03",)]
    assert cell(table, "date", item_id) == "3/2/2025"


def test_status_and_findings_cells_are_not_edited(ws, table):
    item_id = pick(table)[0]
    version = ws.item(item_id)["version"]
    audit = len(ws.audit())
    table.grid.set_cell_value(header("status"), item_id, STATUS_LABELS["approved"])
    assert cell(table, "status", item_id) == STATUS_LABELS["idea"]
    assert "Đổi trạng thái" in table.status.message
    table.grid.set_cell_value(header("findings"), item_id, 0)
    assert "chỉ để xem" in table.status.message
    assert sql(ws, "SELECT status, version FROM items WHERE item_id = ?", item_id) == [("idea", version)]
    assert len(ws.audit()) == audit


def test_a_stale_edit_is_refused_and_the_row_shows_the_current_value(ws, table):
    item_id = pick(table)[0]
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(item_id, version=other.item(item_id)["version"], title="Bản của người khác")
    table.grid.set_cell_value(header("title"), item_id, "Bản của tôi")
    assert table.status.kind == "error" and "khac" in table.status.message
    assert sql(ws, "SELECT title FROM items WHERE item_id = ?", item_id) == [("Bản của người khác",)]
    assert cell(table, "title", item_id) == "Bản của người khác"
    assert shown_version(table, item_id) == ws.item(item_id)["version"]
    table.grid.set_cell_value(header("title"), item_id, "Bản của tôi")  # reloaded: now it saves
    assert ws.item(item_id)["title"] == "Bản của tôi"


def test_bulk_shift_moves_exactly_the_selected_items(ws, table):
    chosen = pick(table, 3, start=10) + pick(table, 2, start=400)
    before = dict(sql(ws, "SELECT item_id, date FROM items"))
    changes = len(ws.change_sets())
    table.select(chosen)
    assert sorted(table.selected) == sorted(chosen)
    table.shift_days.value = 7
    table.shift_button.click()
    assert table.status.kind == "ok", table.status.message
    after = dict(sql(ws, "SELECT item_id, date FROM items"))
    moved = {i for i in after if after[i] != before[i]}
    assert moved == set(chosen)
    for i in chosen:
        assert dt.date.fromisoformat(after[i]) == dt.date.fromisoformat(before[i]) + dt.timedelta(days=7)
        new = dt.date.fromisoformat(after[i])
        assert cell(table, "date", i) == f"{new.day}/{new.month}/{new.year}"
    assert len(ws.change_sets()) == changes + 1  # one change: one undo


def test_bulk_shift_is_all_or_nothing_on_a_stale_row(ws, table):
    chosen = pick(table, 4, start=20)
    before = dict(sql(ws, "SELECT item_id, date FROM items"))
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(chosen[2], version=other.item(chosen[2])["version"], title="Người khác sửa")
    table.select(chosen)
    table.shift(-3)
    assert table.status.kind == "error" and "khac" in table.status.message
    assert dict(sql(ws, "SELECT item_id, date FROM items")) == before
    assert cell(table, "title", chosen[2]) == "Người khác sửa"
    table.shift(-3)  # rows reloaded: the same selection now moves
    after = dict(sql(ws, "SELECT item_id, date FROM items"))
    assert {i for i in after if after[i] != before[i]} == set(chosen)


def test_bulk_status_reports_the_refused_ones(ws):
    ids = [int(i) for i in ws.items(year=YEAR)["item_id"].iloc[30:34]]
    for i in ids[:2]:
        ws.set_status(i, "draft", version=ws.item(i)["version"])
    table = PlanTable(ws, year=YEAR)
    table.select(ids)
    table.new_status.value = "in_review"
    table.status_button.click()
    assert f"2/{len(ids)}" in table.status.message
    assert set(table.refused) == set(ids[2:])
    for i in ids[2:]:
        assert f"số {i}" in table.status.message
    statuses = dict(sql(ws, f"SELECT item_id, status FROM items WHERE item_id IN ({','.join(map(str, ids))})"))
    assert statuses == {ids[0]: "in_review", ids[1]: "in_review", ids[2]: "idea", ids[3]: "idea"}
    assert [cell(table, "status", i) for i in ids] == [STATUS_LABELS[statuses[i]] for i in ids]
    # back to draft needs a reason: refused without, accepted with one
    table.select(ids[:2])
    table.change_status("draft")
    assert set(table.refused) == set(ids[:2])
    table.change_status("draft", reason="Cần sửa ảnh")
    assert not table.refused and {ws.item(i)["status"] for i in ids[:2]} == {"draft"}


def test_filters_show_exactly_the_matching_items(ws, table):
    table.filters["unit"].value = "mttq"
    expected = {r[0] for r in sql(ws, "SELECT item_id FROM items WHERE year = ? AND unit_id = 'mttq'", YEAR)}
    assert set(table.frame["item_id"]) == expected and len(expected) > 10
    assert set(table.grid.data[header("unit_id")]) == {short_names(ws.units())["mttq"]}
    table.filters["format"].value = "short_video"
    expected = {
        r[0]
        for r in sql(
            ws, "SELECT item_id FROM items WHERE year = ? AND unit_id = 'mttq' AND format = 'short_video'", YEAR
        )
    }
    assert set(table.frame["item_id"]) == expected and 0 < len(expected)
    table.filters["format"].value = None
    table.search.value = "TẾT"
    expected = {
        r[0]
        for r in sql(ws, "SELECT item_id, title FROM items WHERE year = ? AND unit_id = 'mttq'", YEAR)
        if "tết" in r[1].casefold()
    }
    assert set(table.frame["item_id"]) == expected and 0 < len(expected)
    table.search.value = ""
    table.filters["unit"].value = None
    table.filters["status"].value = "draft"
    assert table.frame.empty and len(table.grid.data) == 0


def test_poll_picks_up_another_handles_edits(ws, table):
    item_id = pick(table)[0]
    assert table.poll() == 0
    with planner.open_workspace(ws.folder, user="khac") as other:
        other.update_item(item_id, version=other.item(item_id)["version"], title="Sửa từ máy khác")
        new_id = other.add_item(unit_id="mttq", date="15/3/2025", title="Nội dung mới", format="post",
                                platform="zalo", theme="event")
    assert table.poll() == 2
    assert cell(table, "title", item_id) == "Sửa từ máy khác"
    assert shown_version(table, item_id) == ws.item(item_id)["version"]
    assert cell(table, "title", new_id) == "Nội dung mới"
    assert "2" in table.status.message
    assert table.poll() == 0


def test_own_saves_are_not_reported_as_others(ws, table):
    item_id = pick(table)[0]
    table.grid.set_cell_value(header("title"), item_id, "Của tôi")
    assert table.poll() == 0


def test_read_only_workspace_changes_nothing(ws):
    ro = planner.open_workspace(ws.folder, read_only=True)
    try:
        table = PlanTable(ro, year=YEAR)
        item_id = pick(table)[0]
        title = cell(table, "title", item_id)
        table.grid.set_cell_value(header("title"), item_id, "Không được lưu")
        assert table.status.kind == "error" and "chỉ cho phép đọc" in table.status.message
        assert cell(table, "title", item_id) == title
        table.select([item_id])
        table.shift(1)
        assert table.status.kind == "error" and "chỉ cho phép đọc" in table.status.message
        assert ws.item(item_id)["version"] == 1
    finally:
        ro.close()


def test_bad_selection_and_bad_arguments_are_messages(ws, table):
    changes = len(ws.change_sets())
    table.select([999_999])
    assert table.status.kind == "error" and "999999" in table.status.message
    table.shift_button.click()
    assert table.status.message == TABLE_LABELS["no_selection"]
    table.select(pick(table))
    table.shift(0)
    assert table.status.message == TABLE_LABELS["shift_zero"]
    table.assign("không có")
    assert table.status.kind == "error" and "Thành đoàn" in table.status.message
    table.change_status("xong")
    assert table.status.kind == "error" and STATUS_LABELS["approved"] in table.status.message
    assert len(ws.change_sets()) == changes


def test_assign_unit_to_the_selection(ws, table):
    chosen = pick(table, 3, start=50)
    table.select(chosen)
    table.assign_unit.value = "hoi-nong-dan"
    table.assign_button.click()
    assert table.status.kind == "ok", table.status.message
    placeholders = ",".join("?" * len(chosen))
    assert {r[0] for r in sql(ws, f"SELECT unit_id FROM items WHERE item_id IN ({placeholders})", *chosen)} == {
        "hoi-nong-dan"
    }
    assert {cell(table, "unit_id", i) for i in chosen} == {"Hội Nông dân"}


def test_the_browser_is_told_the_old_value_last_when_a_cell_is_put_back(ws, table):
    """The browser draws what the last 'cell-changed' message says: after a refusal that is the old value."""
    sent: list[dict] = []
    table.grid.comm.send = lambda data=None, **_: sent.append(data)  # what would go to the browser
    item_id = pick(table)[0]
    old = cell(table, "unit_id", item_id)
    table.grid.set_cell_value(header("unit_id"), item_id, "Đơn vị không có")
    values = [m["content"]["value"] for m in sent if m["content"]["event_type"] == "cell-changed"]
    assert values == ["Đơn vị không có", old]

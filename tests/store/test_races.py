"""Real processes racing on one workspace: creating it, undoing, generating a year, waiting for a lock."""

import multiprocessing as mp
import os
import sqlite3
import time

import pytest

import planner
from planner.store import DB_FILE
from tests.helpers import db_rows, place

_CTX = mp.get_context("fork")
PARTY_95 = "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)"
ITEM = dict(unit_id="doan-thanh-nien", date="2025-02-03", title=PARTY_95, format="post", platform="facebook")


def _on_server(path) -> bool:
    """Whether this run keeps the folder's workspace on PostgreSQL (tests/engines.py)."""
    return not place(path).startswith(str(path))


def _run_together(target, args_list, timeout=120):
    """Start one process per args tuple, released at the same moment; return their results."""
    barrier = _CTX.Barrier(len(args_list))
    queue = _CTX.Queue()
    procs = [_CTX.Process(target=_wrapped, args=(target, barrier, queue, i, args)) for i, args in enumerate(args_list)]
    for p in procs:
        p.start()
    results = dict(queue.get(timeout=timeout) for _ in procs)
    for p in procs:
        p.join(timeout)
    return [results[i] for i in range(len(procs))]


def _wrapped(target, barrier, queue, index, args):
    try:
        barrier.wait(30)
        queue.put((index, ("ok", target(*args))))
    except BaseException as exc:  # report every failure, whatever it is
        queue.put((index, ("error", f"{type(exc).__name__}: {exc}")))


def _create_and_add(path, user):
    with planner.open_workspace(path, user=user) as ws:
        return ws.add_item(theme="event", notes=f"của {user}", **ITEM)


@pytest.mark.parametrize("round_", range(6))
def test_two_processes_creating_one_workspace_both_succeed(tmp_path, round_):
    """Before: the loser's clean-up deleted planner.sqlite while the winner wrote into it (20 of 20 runs)."""
    path = tmp_path / f"ws-{round_}"
    results = _run_together(_create_and_add, [(path, "an"), (path, "binh")])
    assert [r[0] for r in results] == ["ok", "ok"], results
    files = sorted(p.name for p in path.iterdir() if p.name.startswith(DB_FILE) or p.name.startswith(".planner"))
    assert [f for f in files if not f.endswith(("-wal", "-shm"))] == ([] if _on_server(path) else [DB_FILE])
    notes = sorted(r[0] for r in db_rows(path, "SELECT notes FROM items"))
    ((creations,),) = db_rows(path, "SELECT count(*) FROM changes WHERE action = 'create_workspace'")
    ((units,),) = db_rows(path, "SELECT count(*) FROM units")
    assert notes == ["của an", "của binh"]
    assert creations == 1 and units == 17


def _undo(path):
    with planner.open_workspace(path, user="an") as ws:
        return ws.undo()["change_id"]


@pytest.mark.parametrize("round_", range(4))
def test_two_undos_at_once_undo_two_different_changes(tmp_path, round_):
    """Before: two undo() calls by one user at once undid the same change twice (15 of 15)."""
    path = tmp_path / "ws"
    with planner.open_workspace(path, user="an") as ws:
        first = ws.add_item(theme="event", **ITEM)
        ws.update_item(first, version=1, notes="sửa lần 1")
        ws.update_item(first, version=2, notes="sửa lần 2")
        changes = list(ws.change_sets()["change_id"])[-2:]
    results = _run_together(_undo, [(path,), (path,)])
    assert [r[0] for r in results] == ["ok", "ok"], results
    assert sorted(r[1] for r in results) == sorted(changes)
    with planner.open_workspace(path) as ws:
        item = ws.item(first)
        sets = ws.change_sets()
    assert item["notes"] == "" and item["version"] == 5
    assert sets[sets["change_id"].isin(changes)]["undone_by"].notna().all()


def _generate(path, year):
    with planner.open_workspace(path, user="an") as ws:
        return len(planner.generate_plan(ws, year))


def test_two_processes_generating_one_year_add_each_item_once(tmp_path):
    """Before: generate_plan for one year in parallel raised a raw IntegrityError."""
    alone = tmp_path / "alone"
    with planner.open_workspace(alone) as ws:
        expected = len(planner.generate_plan(ws, 2025))
    path = tmp_path / "ws"
    planner.open_workspace(path).close()
    results = _run_together(_generate, [(path, 2025), (path, 2025)])
    assert [r[0] for r in results] == ["ok", "ok"], results
    assert sorted(r[1] for r in results) in ([0, expected], [expected, 0]) or sum(r[1] for r in results) == expected
    ((count,),) = db_rows(path, "SELECT count(*) FROM items WHERE year = 2025")
    ((keys,),) = db_rows(path, "SELECT count(DISTINCT plan_key) FROM items WHERE year = 2025")
    assert count == keys == expected


def _hold_lock(path, seconds, ready):
    if _on_server(path):  # another planner process in the middle of a long write
        with planner.open_workspace(path, user="an") as ws, ws._write() as conn:
            conn.exec_driver_sql("UPDATE meta SET value = value WHERE key = 'created_by'")
            ready.set()
            time.sleep(seconds)
        return
    conn = sqlite3.connect(path / DB_FILE, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE meta SET value = value WHERE key = 'created_by'")
    ready.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_a_writer_waiting_too_long_gets_a_vietnamese_busy_error(tmp_path, monkeypatch):
    """Before: other writers failed with a raw 'database is locked' while a long write held the lock."""
    path = tmp_path / "ws"
    with planner.open_workspace(path, user="an") as ws:
        item_id = ws.add_item(theme="event", **ITEM)
    ready = _CTX.Event()
    holder = _CTX.Process(target=_hold_lock, args=(path, 3, ready))
    holder.start()
    assert ready.wait(30)
    monkeypatch.setenv("PLANNER_BUSY_TIMEOUT", "300")
    try:
        with planner.open_workspace(path, user="binh") as ws:
            assert len(ws.items()) == 1  # reading is never blocked by a writer
            with pytest.raises(planner.BusyError, match="đang bận: người khác đang ghi dữ liệu"):
                ws.update_item(item_id, version=1, notes="Bình sửa")
    finally:
        holder.join(30)
    with planner.open_workspace(path, user="binh") as ws:
        assert ws.item(item_id)["notes"] == ""
        ws.update_item(item_id, version=1, notes="Bình sửa")  # once the lock is free, the same save works
        assert ws.item(item_id)["version"] == 2


def _bulk(path):
    with planner.open_workspace(path, user="an") as ws:
        return ws.bulk_update({"year": 2025}, notes="đã rà soát")


def _small_write(path, item_id):
    time.sleep(0.05)
    with planner.open_workspace(path, user="binh") as ws:
        return ws.update_item(item_id, version=ws.item(item_id)["version"], title="Bình đặt lại tiêu đề")["version"]


def test_a_bulk_edit_of_a_whole_year_does_not_starve_another_writer(tmp_path):
    path = tmp_path / "ws"
    with planner.open_workspace(path, user="an") as ws:
        planner.generate_plan(ws, 2025)
        total = len(ws.items(year=2025))
        other = ws.add_item(theme="event", **{**ITEM, "date": "2026-02-03", "year": 2026})
    both = _run_together(_dispatch, [("bulk", path, None), ("small", path, other)])
    assert [r[0] for r in both] == ["ok", "ok"], both
    assert both[0][1] == total
    with planner.open_workspace(path) as ws:
        notes = set(ws.items(year=2025)["notes"])
        assert notes == {"đã rà soát"}
        assert ws.item(other)["title"] == "Bình đặt lại tiêu đề"


def _dispatch(kind, path, item_id):
    return _bulk(path) if kind == "bulk" else _small_write(path, item_id)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_9_half_way_through_a_generation_loses_nothing(tmp_path):
    path = tmp_path / "ws"
    with planner.open_workspace(path, user="an") as ws:
        kept = ws.add_item(theme="event", **ITEM)
    proc = _CTX.Process(target=_generate, args=(path, 2025))
    proc.start()
    time.sleep(0.6)  # somewhere inside the generation (or after it)
    os.kill(proc.pid, 9)
    proc.join(10)
    if not _on_server(path):
        with sqlite3.connect(path / DB_FILE) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ((count,),) = db_rows(path, "SELECT count(*) FROM items")
    ((audited,),) = db_rows(path, "SELECT count(DISTINCT entity_id) FROM audit WHERE entity = 'item'")
    assert count == audited  # all of the generation or none of it, never half
    with planner.open_workspace(path) as ws:
        assert ws.item(kept)["title"] == PARTY_95
        planner.generate_plan(ws, 2025)  # finishes what the killed process did not
        assert len(ws.items(year=2025)) >= count


@pytest.mark.parametrize("how", ["update_item", "apply", "set_status"])
def test_a_save_returns_what_it_wrote_not_a_newer_version_saved_just_after(tmp_path, how):
    """Between this save's commit and its return another planner saves the same item again: the save still
    returns its own version (what the screen shows as "saved"), never the other planner's."""
    import sqlalchemy as sa

    mine = planner.open_workspace(tmp_path / "ws", user="lan")
    other = planner.open_workspace(tmp_path / "ws", user="minh")
    item = mine.item(mine.add_item(**ITEM, theme="event"))
    after_commit = []

    @sa.event.listens_for(mine._engine, "checkin")  # the write connection goes back to the pool: committed
    def _meanwhile(*_):
        if after_commit == ["armed"]:
            after_commit[:] = ["done"]
            current = other.item(item["item_id"])
            other.update_item(item["item_id"], version=current["version"], notes="Ghi chú của Minh")

    after_commit.append("armed")
    if how == "update_item":
        saved = mine.update_item(item["item_id"], version=item["version"], notes="Ghi chú của Lan")
    elif how == "apply":
        saved = mine.apply([(item["item_id"], item["version"], {"notes": "Ghi chú của Lan"})])[0]
    else:
        saved = mine.set_status(item["item_id"], "draft", version=item["version"])
    assert after_commit == ["done"]  # the other save did happen in between
    assert saved["version"] == item["version"] + 1
    assert saved["notes"] == ("Ghi chú của Lan" if how != "set_status" else item["notes"])
    assert saved["status"] == ("draft" if how == "set_status" else item["status"])
    audited = mine.audit(entity="item", entity_id=str(item["item_id"]))["after"].iloc[-2]  # this save's row
    assert (audited["version"], audited["updated_by"]) == (saved["version"], saved["updated_by"]) == (2, "lan")
    stored = db_rows(mine, "SELECT version, notes, updated_by FROM items WHERE item_id = ?", item["item_id"])
    assert stored == [(item["version"] + 2, "Ghi chú của Minh", "minh")]
    mine.close()
    other.close()


def test_two_addresses_of_one_workspace_take_one_write_lock(tmp_path, pg_url, postgres_server, monkeypatch):
    """Found by an outside tester: the write lock was keyed on current_schema(), the first *existing* schema of
    the search_path — an address whose search_path starts with another (empty) schema, as '"$user", public'
    does for a role with a schema of its own, reached the same tables under another lock, so two managers each
    removed the other and left the workspace without members. One workspace, one lock, whatever the address."""
    import sqlalchemy as sa

    from planner.store.engine import write_transaction

    main = pg_url("chung")
    schema = sa.make_url(main).query["options"].split("=", 1)[1]
    empty = f"{schema}_rong"
    admin = sa.create_engine(postgres_server.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {empty}")
    admin.dispose()
    other = sa.make_url(main).update_query_dict({"options": f"-csearch_path={empty},{schema}"})
    other = other.render_as_string(hide_password=False)
    with planner.open_workspace(main, user="m1") as first:
        first.set_member("m1", role="manager")
        first.set_member("m2", role="manager")
        workspace_id = first.workspace_id
    monkeypatch.setenv("PLANNER_BUSY_TIMEOUT", "300")
    with planner.open_workspace(other, user="m2") as second:
        assert second.workspace_id == workspace_id and second.role == "manager"  # the same workspace
        with planner.open_workspace(main, user="m1") as first, write_transaction(first._engine):
            with pytest.raises(planner.BusyError):  # m1 holds the lock: m2, by the other address, waits
                second.remove_member("m1")
        second.remove_member("m1")  # once it is free
    assert db_rows(main, "SELECT user_name FROM members") == [("m2",)]

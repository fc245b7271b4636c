"""Proof under load (issue 10, point 5): many planner processes at once lose nothing, and killing some of them
with SIGKILL at random moments leaves a whole, consistent workspace.

Real processes (fork), a real database: on PostgreSQL (``--engine=postgresql``) 20 planners, on SQLite 8 —
each under its own name, overlapping on purpose on three units of one month. What each did is logged by the
planner itself; :func:`tests.load.worker.check` holds it against the rows, the audit and the change sets.
Nothing here asserts on time: the figures are printed (``-s``) and measured by ``benchmarks/bench_load.py``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import sqlite3
import time
from collections import Counter

import pytest

import planner
from planner.store import DB_FILE
from tests.helpers import db_execute, place
from tests.load.worker import EXPECTED_REFUSALS, STEPS, check, month_bounds, read_log, work

_CTX = mp.get_context("fork")
UNITS = ["ban-tuyen-giao", "doan-thanh-nien", "trung-tam-vhtt-tt"]
MONTH = (2025, 3)
SECONDS = 5.0
SEED = 20250303


def planners(engine_name: str) -> int:
    return 20 if engine_name == "postgresql" else 8


def role_of(i: int) -> tuple[str, list[str]]:
    """The role and units of planner ``i`` (access control is on, as on a department's server): every fourth
    a reviewer of the three units; the others planners of two of them, so a third of what they see is another
    unit's work, refused to them — as are approvals."""
    if i % 4 == 0:
        return "reviewer", list(UNITS)
    return "planner", [u for u in UNITS if u != UNITS[i % len(UNITS)]]


@pytest.fixture
def busy_place(tmp_path):
    """A planned year (about 1,900 items) with six more items in each contested unit-month; returns
    ``(place, {unit: items in the month})``."""
    with planner.open_workspace(tmp_path / "ws", user="truongban") as ws:
        ws.set_member("truongban", role="manager")
        ws.set_member("den-sau", role="manager")
        for i in range(max(planners("postgresql"), planners("sqlite"))):
            role, units = role_of(i)
            ws.set_member(f"bientap{i:02d}", role=role, units=units)
        planner.generate_plan(ws, 2025)
        start, _ = month_bounds(*MONTH)
        ws.add_items(
            [
                dict(unit_id=unit, date=f"2025-03-{2 + 4 * k:02d}", title=f"Tin hoạt động số {k + 1} tháng 3",
                     format="post", platform="facebook", theme="event")
                for unit in UNITS
                for k in range(6)
            ]
        )
        start, end = month_bounds(*MONTH)
        counts = {unit: len(ws.items(start=start, end=end, units=[unit])) for unit in UNITS}
        where = place(ws)
    return where, counts


def lock_holder(where) -> str | None:
    """The planner holding the workspace's write lock at this moment (None: nobody), asked of the database:
    on PostgreSQL the session holding the store's advisory lock (its application_name is the planner's name),
    on SQLite the process holding the WAL write lock (byte 120 of the -shm file, in /proc/locks)."""
    if "://" in where:
        import sqlalchemy as sa

        from planner.store.engine import PG_LOCK_CLASS

        engine = sa.create_engine(sa.make_url(where).set(query={}), poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                return conn.execute(
                    sa.text(
                        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :c LIMIT 1"
                    ),
                    {"c": PG_LOCK_CLASS},
                ).scalar()
        finally:
            engine.dispose()
    try:
        inode = os.stat(os.path.join(where, DB_FILE + "-shm")).st_ino
        locks = open("/proc/locks").read().splitlines()
    except OSError:
        return None
    for line in locks:
        parts = line.split()  # 1: POSIX ADVISORY WRITE <pid> <maj:min:inode> <start> <end>
        if len(parts) >= 8 and parts[3] == "WRITE" and parts[5].split(":")[-1] == str(inode) and parts[6] == "120":
            return f"pid:{parts[4]}"
    return None


def _run(where, n, logs, *, seconds=SECONDS, seed=SEED, kills=()):
    """Start ``n`` planners released together; for each ``(t, i, pointed)`` of ``kills``, at ``t`` s SIGKILL
    planner ``i`` — or, ``pointed``, whichever planner holds the write lock within the next second (if any
    does: else ``i``); wait for all. Returns ``(processes, users, killed, pointed hits)``."""
    users = [f"bientap{i:02d}" for i in range(n)]
    go_at = time.time() + 2.0  # every process is up and has opened the workspace by then
    procs = [
        _CTX.Process(
            target=work,
            args=(where, user, UNITS, MONTH, seconds, seed * 100 + i, str(logs / f"{user}.jsonl"), go_at),
        )
        for i, user in enumerate(users)
    ]
    for p in procs:
        p.start()
    killed: set[int] = set()
    hits = 0
    try:
        for at, i, pointed in sorted(kills):
            time.sleep(max(0.0, go_at + at - time.time()))
            victim = i
            if pointed:
                until = time.monotonic() + 1.0
                while time.monotonic() < until:
                    holder = lock_holder(where)
                    by_pid = {f"pid:{p.pid}": k for k, p in enumerate(procs)}
                    k = users.index(holder) if holder in users else by_pid.get(holder)
                    if k is not None and k not in killed:
                        victim, hits = k, hits + 1
                        break
            if victim in killed:
                continue
            os.kill(procs[victim].pid, signal.SIGKILL)
            killed.add(victim)
        for p in procs:
            p.join(seconds + 90)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join(5)
    return procs, users, killed, hits


def _summary(result, logs) -> str:
    steps = Counter(e["op"] for entries in logs.values() for e in entries if e.get("ok"))
    return (
        f"{result['accepted']} bước được nhận ({dict(steps)}), bị từ chối: {dict(result['refused'])}, "
        f"{result['reads']} lần đọc một đơn vị-tháng"
    )


def test_planners_at_once_lose_nothing(busy_place, tmp_path, engine_name):
    where, counts = busy_place
    n = planners(engine_name)
    logs_dir = tmp_path / "logs"
    logs_dir.mkdir()
    procs, users, _, _ = _run(where, n, logs_dir)
    assert [p.exitcode for p in procs] == [0] * n
    logs = {user: read_log(logs_dir / f"{user}.jsonl") for user in users}
    assert all(entries and entries[-1]["op"] == "end" for entries in logs.values())

    result = check(where, logs)
    print(f"\n{engine_name}, {n} người cùng sửa: {_summary(result, logs)}")
    assert result["problems"] == []
    # the load really overlapped, and every kind of step was taken and accepted
    assert result["refused"]["ConflictError"] > 0
    accepted = Counter(e["op"] for entries in logs.values() for e in entries if e.get("ok"))
    assert set(accepted) == set(STEPS), accepted
    assert set(result["refused"]) <= set(EXPECTED_REFUSALS)
    # the roles held under load: refusals happened, and no accepted change touched a unit not the planner's
    assert result["refused"]["PermissionDenied"] > 0
    units_of = {f"bientap{i:02d}": set(role_of(i)[1]) for i in range(n)}
    for row in result["db"]["audit"]:
        user = result["db"]["changes"][row["change_id"]]["user"]
        if user in units_of:
            touched = {r["unit_id"] for r in (row["before"], row["after"]) if r is not None}
            assert touched <= units_of[user], (user, row["change_id"], touched)
    # a read of a unit-month always shows that month whole: moves stay in the month, nothing is seen twice
    reads = [e for entries in logs.values() for e in entries if e["op"] == "read"]
    assert {(e["unit"], e["rows"]) for e in reads} == {(unit, counts[unit]) for unit in {e["unit"] for e in reads}}
    # and the store's own reading agrees with the replayed audit for every accepted step
    with planner.open_workspace(where, user="kiemtra") as ws:
        start, end = month_bounds(*MONTH)
        frame = ws.items(start=start, end=end, units=UNITS)
        table = result["db"]["items"]
        assert {int(i): int(v) for i, v in zip(frame["item_id"], frame["version"], strict=True)} == {
            i: r["version"] for i, r in table.items() if i in set(frame["item_id"])
        }
        assert sum(counts.values()) == len(frame)


def test_the_proof_finds_a_lost_edit_a_phantom_and_a_forged_log(busy_place, tmp_path):
    """The checks can fail: an edit behind the store's back, an audit row removed, a log claiming a step."""
    where, _ = busy_place
    logs_dir = tmp_path / "logs"
    logs_dir.mkdir()
    _run(where, 2, logs_dir, seconds=1.0)
    logs = {u: read_log(logs_dir / f"{u}.jsonl") for u in ("bientap00", "bientap01")}
    assert check(where, logs)["problems"] == []
    edited = next(e for e in logs["bientap00"] if e.get("ok") and e["op"] != "undo")
    item_id = edited["items"][0][0]

    # someone's edit overwritten without a new version and without audit: a lost update
    db_execute(where, "UPDATE items SET notes = 'ghi đè' WHERE item_id = ?", item_id)
    problems = check(where, logs)["problems"]
    assert any(f"item {item_id}: the replayed audit differs from the table in notes" in p for p in problems), problems

    # a step the log claims but the database never saw
    forged = {**logs, "bientap01": [*logs["bientap01"], {**edited, "change": 10**6, "previous": 0}]}
    assert any("change 1000000 of an accepted" in p for p in check(where, forged)["problems"])

    # a save that handed back a version it did not write (another planner's, saved just after)
    newer = {**edited, "returned": [v + 2 for _, v, _ in edited["items"]]}
    handed = {**logs, "bientap00": [newer if e is edited else e for e in logs["bientap00"]]}
    assert any("handed back version" in p for p in check(where, handed)["problems"])

    # a refusal for want of a role that left no audited 'refused' change set
    denied = {"op": "update", "ok": False, "error": "PermissionDenied", "message": "", "ms": 1.0, "wrote": False,
              "change": edited["change"], "previous": edited["change"], "items": []}
    silent = {**logs, "bientap01": [*logs["bientap01"], denied]}
    assert any("left no 'refused' change set" in p for p in check(where, silent)["problems"])

    # a change set written under a planner's name that the planner never reported
    with planner.open_workspace(where, user="bientap00") as ws:
        item = ws.item(item_id)
        ws.update_item(item_id, version=item["version"], title="Sửa ngoài nhật ký")
    assert any("bientap00: change sets nobody reported" in p for p in check(where, logs)["problems"])

    # an audit row taken away: the chain of versions no longer holds
    db_execute(where, "DELETE FROM audit WHERE audit_id = (SELECT max(audit_id) FROM audit WHERE entity = 'item')")
    assert any("changed from a state the audit before it does not leave" in p or "differs from the table" in p
               for p in check(where, logs)["problems"])


def test_planners_killed_at_random_moments_leave_a_whole_workspace(busy_place, tmp_path, engine_name, monkeypatch):
    where, _ = busy_place
    n = planners(engine_name)
    rng = random.Random(SEED)
    victims = rng.sample(range(n), max(3, n // 3))
    # half at a random moment, half at a moment a write transaction is open (the lock holder, asked of the database)
    kills = [(rng.uniform(0.2, SECONDS - 0.5), i, k % 2 == 1) for k, i in enumerate(victims)]
    logs_dir = tmp_path / "logs"
    logs_dir.mkdir()
    procs, users, victims, hits = _run(where, n, logs_dir, kills=kills)
    if "://" in where or os.path.exists("/proc/locks"):  # SQLite's lock holder is seen in Linux's /proc/locks
        assert hits > 0  # at least one planner died holding the write lock, inside its transaction
    assert [p.exitcode for p in procs] == [-signal.SIGKILL if i in victims else 0 for i in range(n)]

    if "://" not in where:
        with sqlite3.connect(os.path.join(where, DB_FILE)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    logs = {user: read_log(logs_dir / f"{user}.jsonl") for user in users}
    killed = {users[i] for i in victims}
    result = check(where, logs, killed=killed)
    print(f"\n{engine_name}, {n} người, {len(killed)} bị giết (SIGKILL), {hits} khi đang giữ khóa ghi: "
          f"{_summary(result, logs)}")
    assert result["problems"] == []
    # the survivors worked to the end, and their work is whole: every step they logged is in the database
    assert all(logs[u][-1]["op"] == "end" for u in users if u not in killed)
    assert all(not logs[u] or logs[u][-1]["op"] != "end" for u in killed)
    assert sum(1 for u in users if u not in killed for e in logs[u] if e.get("ok")) > 0
    # nobody left the write lock taken: a planner arriving now saves at once (the wait would raise BusyError)
    monkeypatch.setenv("PLANNER_BUSY_TIMEOUT", "2000")
    with planner.open_workspace(where, user="den-sau") as ws:
        start, end = month_bounds(*MONTH)
        item = ws.items(start=start, end=end, units=UNITS).iloc[0]
        saved = ws.update_item(int(item["item_id"]), version=int(item["version"]), notes="sau sự cố")
        assert saved["version"] == item["version"] + 1
    assert check(where, {**logs, "den-sau": []}, killed=killed | {"den-sau"})["problems"] == []

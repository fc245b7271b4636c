"""Benchmark: planners editing at once — SQLite and PostgreSQL side by side in one run (issue 10, point 5).

Each editor is a process of its own (:func:`tests.load.worker.work`, the one the load test runs) under its own
name: it reads a unit-month (``ws.items(start=, end=, units=)``), edits an item it saw with the version it
saw (``update_item``, ``move_item``, ``apply`` of 2–4 items), moves one along the review workflow
(``set_status``) or undoes its own last change. Two editors share each unit, so they refuse each other's
stale versions. 20 editors on PostgreSQL, 8 on SQLite, on a planned year (about 1,900 items).

Printed per engine: accepted edits per second, conflicts (and waits for the lock that ran out), lost edits
(what :func:`tests.load.worker.check` finds: an accepted step missing from the audit, an audit that does not
replay to the rows …), and p50/p95 latency of one edit and of one unit-month read — against the goals for
PostgreSQL: 0 lost edits, p95 of an edit < 50 ms, p95 of a unit-month read < 20 ms.

Two loads: ``liên tục`` (every editor saves again the moment the last save returned: the worst case) and
``--pause`` seconds on average between two steps (a person reading the screen). The editors, the server and
this script share one machine: on few cores the figures measure the CPU queue as much as the store.

Run: ``.venv/bin/python benchmarks/bench_load.py [--seconds 10] [--pause 0.5] [--pg-editors 20]
[--sqlite-editors 8]``; the PostgreSQL half needs a server (``PLANNER_TEST_PG``, default the local cluster
over its socket), in a throwaway database dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this tree's planner and tests/, not an installed copy

import planner  # noqa: E402
from tests.load.worker import check, month_bounds, read_log, work  # noqa: E402

MONTH = (2025, 3)
GOALS = {"lost": 0, "edit_p95": 50.0, "read_p95": 20.0}  # PostgreSQL, 20 editors
WRITES = ("update", "move", "apply", "status", "undo")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _homes(units: list[str], editors: int) -> list[list[str]]:
    """Each editor's two units: two editors on each unit."""
    return [[units[(i // 2) % len(units)], units[(i // 2 + 1) % len(units)]] for i in range(editors)]


def _prepare(where: str, editors: int) -> list[str]:
    """A planned year, with access control on as on a department's server: every editor a member for her two
    units (every fourth a reviewer, who may also approve; the others planners)."""
    with planner.open_workspace(where, user="truongban") as ws:
        ws.set_member("truongban", role="manager")
        planner.generate_plan(ws, 2025)
        start, end = month_bounds(*MONTH)
        units = sorted(set(ws.items(start=start, end=end)["unit_id"]))
        for i, home in enumerate(_homes(units, editors)):
            ws.set_member(f"bientap{i:02d}", role="reviewer" if i % 4 == 0 else "planner", units=home)
    return units


def _run(where: str, units: list[str], editors: int, seconds: float, pause: float, logs: Path) -> dict:
    ctx = mp.get_context("fork")
    users = [f"bientap{i:02d}" for i in range(editors)]
    go_at = time.time() + 3.0
    procs = []
    for user, home in zip(users, _homes(units, editors), strict=True):
        i = int(user[-2:])
        procs.append(ctx.Process(target=work, args=(where, user, home, MONTH, seconds, 1000 + i,
                                                    str(logs / f"{user}.jsonl"), go_at, pause)))
    for p in procs:
        p.start()
    for p in procs:
        p.join(seconds + 120)
    crashed = [p.exitcode for p in procs if p.exitcode != 0]
    entries = {u: read_log(logs / f"{u}.jsonl") for u in users}
    result = check(where, entries)
    writes = [e for es in entries.values() for e in es if e["op"] in WRITES]
    accepted = [e for e in writes if e["ok"]]
    edited_items = sum(len(e.get("items", ())) or 1 for e in accepted)
    reads = [e["ms"] for es in entries.values() for e in es if e["op"] == "read"]
    return {
        "editors": editors,
        "accepted_per_s": len(accepted) / seconds,
        "versions_per_s": edited_items / seconds,
        "attempts": len(writes),
        "conflicts": result["refused"].get("ConflictError", 0),
        "busy": result["refused"].get("BusyError", 0),
        "denied": result["refused"].get("PermissionDenied", 0),
        "other": sum(v for k, v in result["refused"].items()
                     if k not in ("ConflictError", "BusyError", "PermissionDenied")),
        "lost": len(result["problems"]),
        "problems": result["problems"][:5],
        "crashed": crashed,
        "edit_p50": _pct([e["ms"] for e in accepted if e["op"] != "undo"], 50),
        "edit_p95": _pct([e["ms"] for e in accepted if e["op"] != "undo"], 95),
        "any_p95": _pct([e["ms"] for e in writes], 95),
        "read_p50": _pct(reads, 50),
        "read_p95": _pct(reads, 95),
        "reads": len(reads),
        "steps": Counter(e["op"] for e in accepted),
    }


def _engines(args):
    """(name, place for a folder, editors) for each engine; for PostgreSQL a schema per folder in a throwaway
    database (dropped afterwards), or the reason there is none."""
    yield "SQLite", str, args.sqlite_editors
    try:
        from tests.engines import PostgresSession

        session = PostgresSession()
    except Exception as exc:  # no server: said in the table
        yield "PostgreSQL", exc, args.pg_editors
        return
    try:
        yield "PostgreSQL", lambda folder: session.place(folder), args.pg_editors
    finally:
        session.close()


ROWS = [
    ("người sửa cùng lúc", "editors", "{:d}", None),
    ("bước ghi được nhận / s", "accepted_per_s", "{:.1f}", None),
    ("phiên bản nội dung ghi / s", "versions_per_s", "{:.1f}", None),
    ("lần ghi thử", "attempts", "{:d}", None),
    ("xung đột (ConflictError)", "conflicts", "{:d}", None),
    ("chờ khóa quá hạn (BusyError)", "busy", "{:d}", None),
    ("không đủ quyền (PermissionDenied)", "denied", "{:d}", None),
    ("lỗi khác", "other", "{:d}", None),
    ("sửa bị mất (lỗi kiểm chứng)", "lost", "{:d}", "lost"),
    ("một lần sửa p50 (ms)", "edit_p50", "{:.1f}", None),
    ("một lần sửa p95 (ms)", "edit_p95", "{:.1f}", "edit_p95"),
    ("mọi lần ghi p95 (ms)", "any_p95", "{:.1f}", None),
    ("đọc đơn vị-tháng p50 (ms)", "read_p50", "{:.1f}", None),
    ("đọc đơn vị-tháng p95 (ms)", "read_p95", "{:.1f}", "read_p95"),
    ("số lần đọc", "reads", "{:d}", None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--pause", type=float, default=0.5, help="second load: mean pause between steps (s)")
    parser.add_argument("--pg-editors", type=int, default=20)
    parser.add_argument("--sqlite-editors", type=int, default=8)
    args = parser.parse_args()
    print(f"Máy: {os.cpu_count()} lõi CPU; người sửa, máy chủ và phép đo chạy trên cùng máy. "
          f"Mỗi tải {args.seconds:g} s, tháng {MONTH[1]}/{MONTH[0]}, hai người trên mỗi đơn vị.")
    loads = [("liên tục", 0.0), (f"nghỉ ~{args.pause:g} s", args.pause)]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        results: dict[tuple[str, str], dict | Exception] = {}
        names = []
        for name, where, editors in _engines(args):
            names.append(name)
            for load, pause in loads:
                if isinstance(where, Exception):
                    results[(name, load)] = where
                    continue
                sub = base / f"{name}-{pause}"
                sub.mkdir()
                place = where(sub / "ws")
                units = _prepare(place, editors)
                logs = sub / "logs"
                logs.mkdir()
                results[(name, load)] = _run(place, units, editors, args.seconds, pause, logs)
        columns = [(n, load) for load, _ in loads for n in names]
        head = f"{'':32}" + "".join(f"{n + ' · ' + load:>27}" for n, load in columns) + f"{'mục tiêu (PostgreSQL)':>24}"
        print(head)
        for label, key, fmt, goal in ROWS:
            cells = []
            for col in columns:
                r = results[col]
                cells.append("không có máy chủ" if isinstance(r, Exception) else fmt.format(r[key]))
            target = "" if goal is None else (f"= {GOALS[goal]}" if goal == "lost" else f"< {GOALS[goal]:g}")
            print(f"{label:32}" + "".join(f"{c:>27}" for c in cells) + f"{target:>24}")
        said = set()
        for col in columns:
            r = results[col]
            if isinstance(r, Exception):
                if col[0] not in said:
                    print(f"{col[0]}: không chạy được ({type(r).__name__}: {str(r).splitlines()[0]})")
                said.add(col[0])
            elif r["problems"] or r["crashed"]:
                print(f"{col[0]} · {col[1]}: {r['problems']} tiến trình lỗi: {r['crashed']}")


if __name__ == "__main__":
    main()

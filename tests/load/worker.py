"""Planners at work at once, and the proof that nothing they did was lost (issue 10, point 5).

:func:`work` is one planner: a process of its own, under its own user name, that for a bounded time reads a
unit-month, picks an item it saw and edits it with the version it saw (``update_item``, ``move_item``,
``apply`` of several items), moves it along the review workflow (``set_status``), and undoes its own last
change. Several run on the same units on purpose, so they refuse each other's stale versions. Every step is
logged — one JSON line, written after the call returned — to the planner's own file: accepted steps with
the change set they made and the versions they wrote, refused ones with the exception's class.

:func:`check` reads the logs and the database (through a connection of its own, not the store's) and
returns what it found wrong: an accepted step missing from the audit or with other versions, a refusal that
was not a ``ConflictError``/``BusyError``, a change set nobody reported, two audit rows giving one item the
same version, an audit that does not replay to the rows in ``items``. The load test, the kill test and
``benchmarks/bench_load.py`` share both.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

#: What a refusal may be under load: someone saved first, the write lock stayed taken too long, or the
#: planner's role does not allow the step (another unit's item, an approval she may not give).
EXPECTED_REFUSALS = ("ConflictError", "BusyError", "PermissionDenied")
#: The steps a planner takes, and how often (of 12).
STEPS = {"update": 3, "move": 2, "apply": 2, "status": 3, "undo": 2}
#: The change-set action each step writes.
ACTIONS = {"update": "update_item", "move": "update_item", "apply": "apply", "status": "set_status", "undo": "undo"}


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def engine_of(place: str, *, pooled: bool = False) -> sa.Engine:
    """Connections of the test's own to the workspace at ``place`` (a folder path or a database URL);
    ``pooled``: kept open between uses (a new PostgreSQL connection is a new server process)."""
    from planner.store.engine import locate

    url = sa.make_url(place) if "://" in place else locate(place).url
    return sa.create_engine(url, **({"pool_size": 1} if pooled else {"poolclass": sa.pool.NullPool}))


# ---------------------------------------------------------------------------------------------- one planner
def work(
    place: str,
    user: str,
    units: list[str],
    month: tuple[int, int],
    seconds: float,
    seed: int,
    log_path: str,
    go_at: float | None = None,
    pause: float = 0.0,
) -> None:
    """Work on ``units`` in ``month`` for ``seconds`` (from the wall-clock time ``go_at``), logging every step;
    ``pause``: seconds a person looks at the screen between two steps (on average; 0: none)."""
    import planner
    from planner.errors import PlannerError  # noqa: F401 - every refusal is one; logged by class
    from planner.model import CHECKLIST
    from planner.review import allowed_transitions
    from planner.store.schema import changes_table

    rng = random.Random(seed)
    start, end = month_bounds(*month)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def record(**entry: Any) -> None:
        os.write(fd, (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode())  # one write a line

    if "://" in place and place.startswith("postgresql"):  # the server can then say which planner holds the lock
        place = sa.make_url(place).update_query_dict({"application_name": user}).render_as_string(False)
    ws = planner.open_workspace(place, user=user)
    mine = engine_of(place, pooled=True)

    def my_last_change() -> int:
        with mine.connect() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.max(changes_table.c.change_id)).where(changes_table.c.user == user)
                ).scalar()
                or 0
            )

    undoable: list[int] = []  # my accepted changes not undone, newest last: what undo() must take back
    last = my_last_change()
    if go_at is not None:
        time.sleep(max(0.0, go_at - time.time()))
    deadline = time.monotonic() + seconds
    record(op="start", pid=os.getpid(), user=user)
    n = 0
    kinds, weights = list(STEPS), list(STEPS.values())
    while time.monotonic() < deadline:
        if pause and n:
            time.sleep(rng.uniform(0, 2 * pause))
        n += 1
        unit = rng.choice(units)
        t0 = time.perf_counter()
        frame = ws.items(start=start, end=end, units=[unit])
        record(op="read", unit=unit, rows=len(frame), ms=(time.perf_counter() - t0) * 1000)
        if frame.empty:
            continue
        rows = frame.to_dict("records")
        kind = rng.choices(kinds, weights)[0]
        if kind == "undo" and not undoable:
            kind = "update"
        row = rng.choice(rows)
        item_id, version = int(row["item_id"]), int(row["version"])
        edits: list[tuple[int, int, dict]] = []  # (item, version it was based on, fields it must now have)
        if kind == "update":
            notes = f"{user} lần {n}"
            edits = [(item_id, version, {"notes": notes})]
            call = (ws.update_item, (item_id,), {"version": version, "notes": notes})
        elif kind == "move":
            day = row["date"].date() if row["date"] is not None and row["date"] == row["date"] else start
            new = rng.choice([start + dt.timedelta(days=d) for d in range((end - start).days + 1)
                              if start + dt.timedelta(days=d) != day])
            edits = [(item_id, version, {"date": new.isoformat()})]
            call = (ws.move_item, (item_id, new), {"version": version})
        elif kind == "apply":
            chosen = rng.sample(rows, min(len(rows), rng.randint(2, 4)))
            batch = [(int(r["item_id"]), int(r["version"]), {"notes": f"{user} lần {n}/{k}"})
                     for k, r in enumerate(chosen)]
            edits = batch
            call = (ws.apply, (batch,), {})
        elif kind == "status":
            nexts = [s for s in allowed_transitions(row) if s not in ("cancelled", "published")]
            if not nexts:
                continue
            status = rng.choice(nexts)
            extra: dict[str, Any] = {}
            if status == "approved":
                extra["checklist"] = dict.fromkeys(CHECKLIST, True)
            if row["status"] == "in_review" and status == "draft":
                extra["reason"] = f"{user}: cần sửa lại"
            edits = [(item_id, version, {"status": status})]
            call = (ws.set_status, (item_id, status), {"version": version, **extra})
        else:
            call = (ws.undo, (), {})
        t0 = time.perf_counter()
        try:
            result = call[0](*call[1], **call[2])
        except Exception as exc:  # every refusal is logged by class; the checks say which are allowed
            ms = (time.perf_counter() - t0) * 1000
            now = my_last_change()
            record(op=kind, ok=False, error=type(exc).__name__, message=str(exc)[:300], ms=ms,
                   wrote=now != last, change=now, previous=last, items=[[i, v] for i, v, _ in edits])
            last = now
            continue
        ms = (time.perf_counter() - t0) * 1000
        change = my_last_change()  # nobody else writes under my name: my newest change set is this step's
        entry: dict[str, Any] = {"op": kind, "ok": True, "ms": ms, "change": change, "previous": last}
        if kind == "undo":
            entry["undone"] = result["change_id"]
            entry["expected_undone"] = undoable.pop()
        else:
            entry["items"] = [[i, v, fields] for i, v, fields in edits]
            # the version the call handed back: the one this step wrote, never a newer one saved just after it
            entry["returned"] = [int(r["version"]) for r in (result if isinstance(result, list) else [result])]
            undoable.append(change)
        record(**entry)
        last = change
    record(op="end", n=n)
    ws.close()
    mine.dispose()
    os.close(fd)


# ---------------------------------------------------------------------------------------------- the logs
def read_log(path: Path) -> list[dict]:
    """The entries of one planner's log; a last line cut short by a kill is left out."""
    entries = []
    if not path.exists():
        return entries
    lines = path.read_text(encoding="utf-8").split("\n")
    for line in lines:
        if not line:
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            if line is not lines[-1]:
                raise
    return entries


# ---------------------------------------------------------------------------------------------- the proof
def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _same(a: Any, b: Any) -> bool:
    """Two values of one field equal as stored (dates as ISO text, JSON columns as text or data)."""
    if isinstance(a, dt.date):
        a = a.isoformat()
    if isinstance(b, dt.date):
        b = b.isoformat()
    if a == b:
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return int(a) == int(b) if isinstance(a, int | bool) and isinstance(b, int | bool) else False
    if isinstance(a, str) and isinstance(b, str):
        try:
            return json.loads(a or "null") == json.loads(b or "null")
        except ValueError:
            return False
    return False


def database(place: str) -> dict[str, Any]:
    """Items, item audit rows, refusals' audit rows and change sets, read through a connection of the test's
    own."""
    from planner.store.schema import audit_table, changes_table, items_table

    engine = engine_of(place)
    try:
        with engine.connect() as conn:
            items = {r["item_id"]: dict(r) for r in conn.execute(sa.select(items_table)).mappings()}
            audit = [
                dict(r)
                for r in conn.execute(
                    sa.select(audit_table).where(audit_table.c.entity == "item").order_by(audit_table.c.audit_id)
                ).mappings()
            ]
            changes = {r["change_id"]: dict(r) for r in conn.execute(sa.select(changes_table)).mappings()}
            refusals = {
                r["change_id"]: _loads(r["after"])
                for r in conn.execute(sa.select(audit_table).where(audit_table.c.entity == "access")).mappings()
            }
    finally:
        engine.dispose()
    for row in audit:
        row["before"], row["after"] = _loads(row["before"]), _loads(row["after"])
    return {"items": items, "audit": audit, "changes": changes, "refusals": refusals}


def _defaults() -> dict[str, Any]:
    """What the database puts in an item column an INSERT leaves out (its server default; else NULL)."""
    from planner.store.schema import items_table

    out: dict[str, Any] = {}
    for column in items_table.columns:
        default = column.server_default.arg if column.server_default is not None else None
        if isinstance(default, str) and isinstance(column.type, sa.Integer):
            default = int(default)
        out[column.name] = default
    return out


def replay_problems(db: dict[str, Any]) -> list[str]:
    """Replay the item audit from the start: each row must start from the state the rows before it left (its
    ``before`` equal to the last ``after``, field by field), no (item, version) may be written twice, and the
    state at the end must equal the row in ``items``, field by field."""
    problems: list[str] = []
    state: dict[int, dict | None] = {}
    versions: Counter = Counter()
    defaults = _defaults()
    for row in db["audit"]:
        item_id = int(row["entity_id"])
        before, after = row["before"], row["after"]
        known = state.get(item_id)
        if before is None:
            if known is not None:
                problems.append(f"audit {row['audit_id']}: item {item_id} inserted again")
        elif known is None:
            problems.append(f"audit {row['audit_id']}: item {item_id} changed before it existed")
        else:
            diff = sorted(k for k in set(before) | set(known) if not _same(before.get(k), known.get(k)))
            if diff:
                problems.append(
                    f"audit {row['audit_id']} (change {row['change_id']}): item {item_id} changed from a state the "
                    f"audit before it does not leave: {', '.join(diff)} "
                    f"(version {before.get('version')} vs {known.get('version')})"
                )
        if after is not None:
            versions[(item_id, after["version"])] += 1
            if before is None:  # an insert's audit names the columns it wrote; the others took their default
                after = {**defaults, **after}
        state[item_id] = after
    problems += [f"item {i} has version {v} {k} times in the audit" for (i, v), k in versions.items() if k > 1]
    problems += [f"audit {r['audit_id']} belongs to change {r['change_id']}, which is not in changes"
                 for r in db["audit"] if r["change_id"] not in db["changes"]]
    for item_id in sorted(set(state) | set(db["items"])):
        replayed, row = state.get(item_id), db["items"].get(item_id)
        if (replayed is None) != (row is None):
            problems.append(f"item {item_id}: replayed {'gone' if replayed is None else 'present'}, "
                            f"table {'gone' if row is None else 'present'}")
            continue
        if row is None:
            continue
        diff = sorted(k for k in set(row) | set(replayed) if not _same(row.get(k), replayed.get(k)))
        if diff:
            problems.append(f"item {item_id}: the replayed audit differs from the table in {', '.join(diff)}")
    return problems


def check(place: str, logs: dict[str, list[dict]], *, killed: set[str] = frozenset()) -> dict[str, Any]:
    """Everything the logs say against the database: ``{'problems': [...], 'accepted', 'refused': Counter,
    'reads'}``. ``logs``: user → entries. A killed planner may have one change set it did not live to log
    (the step in flight); it must be whole like any other."""
    db = database(place)
    problems = replay_problems(db)
    by_change: dict[int, list[dict]] = defaultdict(list)
    for row in db["audit"]:
        by_change[row["change_id"]].append(row)
    refused: Counter = Counter()
    accepted = 0
    for user, entries in logs.items():
        logged = set()
        for e in entries:
            if e["op"] in ("start", "end", "read"):
                continue
            if not e["ok"]:
                refused[e["error"]] += 1
                if e["error"] not in EXPECTED_REFUSALS:
                    problems.append(f"{user}: {e['op']} refused with {e['error']}: {e['message']}")
                if e["error"] == "PermissionDenied":  # the refusal itself is audited: one 'refused' change
                    change, row = e["change"], db["changes"].get(e["change"])
                    reason = db["refusals"].get(change) or {}
                    if change == e["previous"] or row is None or row["action"] != "refused" or row["user"] != user:
                        problems.append(f"{user}: refused {e['op']} left no 'refused' change set: {row}")
                    elif reason.get("user") != user or by_change.get(change):
                        problems.append(f"{user}: refusal {change} is not audited as such, or changed items")
                    logged.add(change)
                elif e["wrote"]:
                    problems.append(f"{user}: {e['op']} was refused ({e['error']}) but wrote a change set")
                continue
            accepted += 1
            change = e["change"]
            if change == e["previous"] or change in logged:
                problems.append(f"{user}: accepted {e['op']} wrote no change set of its own")
                continue
            logged.add(change)
            row = db["changes"].get(change)
            if row is None or row["user"] != user or row["action"] != ACTIONS[e["op"]]:
                problems.append(f"{user}: change {change} of an accepted {e['op']} is not in changes as such: {row}")
                continue
            audit = by_change.get(change, [])
            if e["op"] == "undo":
                if e["undone"] != e["expected_undone"]:
                    problems.append(
                        f"{user}: undo took back change {e['undone']}, not my last ({e['expected_undone']})"
                    )
                undone = db["changes"].get(e["undone"])
                if undone is None or undone["undone_by"] != change or undone["user"] != user:
                    problems.append(f"{user}: change {e['undone']} is not marked undone by {change}: {undone}")
                if not audit or {r["entity_id"] for r in audit} != {r["entity_id"] for r in by_change[e["undone"]]}:
                    problems.append(f"{user}: undo {change} did not restore every row of change {e['undone']}")
                continue
            rows = {int(r["entity_id"]): r for r in audit}
            if set(rows) != {i for i, _, _ in e["items"]} or len(audit) != len(e["items"]):
                problems.append(f"{user}: change {change} audits items {sorted(rows)}, the step edited "
                                f"{sorted(i for i, _, _ in e['items'])}")
                continue
            for (item_id, version, _), back in zip(e["items"], e["returned"], strict=True):
                if back != version + 1:
                    problems.append(f"{user}: change {change} wrote item {item_id} at version {version + 1} but "
                                    f"handed back version {back}")
            for item_id, version, fields in e["items"]:
                r = rows[item_id]
                if r["before"]["version"] != version or r["after"]["version"] != version + 1:
                    problems.append(f"{user}: change {change} wrote item {item_id} from version "
                                    f"{r['before']['version']} to {r['after']['version']}, the step saw {version}")
                wrong = [k for k, v in fields.items() if not _same(r["after"].get(k), v)]
                if wrong:
                    problems.append(f"{user}: change {change} left item {item_id} without {wrong}")
        # every change set under this name is one the planner reported (a killed one: but for the step in flight)
        written = {c for c, row in db["changes"].items() if row["user"] == user}
        problems += [f"{user}: change {c} changed nothing (no audit row)"
                     for c in sorted(written - set(by_change) - set(db["refusals"]))]
        unreported = sorted(written - logged)
        if user in killed:
            if len(unreported) > 1 or (unreported and logged and unreported[0] < max(logged)):
                problems.append(f"{user} (killed): change sets nobody reported: {unreported}")
        elif unreported:
            problems.append(f"{user}: change sets nobody reported: {unreported}")
    reads = [e for entries in logs.values() for e in entries if e["op"] == "read"]
    return {"problems": problems, "accepted": accepted, "refused": refused, "reads": len(reads), "db": db}

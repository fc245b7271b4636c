"""An import killed with SIGKILL part way leaves the workspace intact: no partial rows, and the same import
then succeeds. The import runs in a child process on 34 returned unit workbooks (1,400 rows); the parent
kills it while it reads the files, as soon as it holds the write lock (inside the one transaction), and a
little after that."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import planner
from planner.columns import header_key
from planner.excel.reports import import_reports

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

CHILD = """
import sys, time
import planner
from planner.excel.reports import import_reports

ws = planner.open_workspace(sys.argv[1], user="donvi")
paths = sys.argv[2:]
print("START", flush=True)
started = time.perf_counter()
result = import_reports(ws, paths)
print("DONE", time.perf_counter() - started, len(result.added), len(result.published), flush=True)
"""
CHECKLIST = dict.fromkeys(("political", "ideological", "humane", "orienting", "lawful"), True)
COMPARED = ["item_id", "unit_id", "url", "views", "published_at", "source_file"]


def _fill(path: Path) -> int:
    """Every row of the unit's sheet reported, as a unit would type it (openpyxl, normal mode)."""
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[1]
    labels = {header_key(c.value): c.column for c in sheet[8] if isinstance(c.value, str)}
    key, link, views = (labels[header_key(h)] for h in ("Mã nội dung", "Đường dẫn bài đăng", "Lượt xem"))
    count = 0
    for row in range(9, sheet.max_row + 1):
        item_id = sheet.cell(row, key).value
        if item_id:
            sheet.cell(row, link, f"https://facebook.com/donvi/posts/{item_id}")
            sheet.cell(row, views, f"{item_id * 37:,}".replace(",", "."))
            count += 1
    wb.save(path)
    return count


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A planned year (100 items approved) and its 34 filled unit workbooks (two half-years × 17 units)."""
    root = tmp_path_factory.mktemp("kill")
    ws = planner.open_workspace(root / "ws", user="chuyenvien")
    try:
        planner.generate_plan(ws, 2025)
        for item in ws.items(year=2025).head(100).to_dict("records"):
            version = item["version"]
            for status in ("draft", "in_review"):
                version = ws.set_status(item["item_id"], status, version=version)["version"]
            ws.set_status(item["item_id"], "approved", version=version, checklist=CHECKLIST)
        paths = []
        for half, months in (("h1", list(range(1, 7))), ("h2", list(range(7, 13)))):
            (root / half).mkdir()
            paths += planner.export_unit_plans(ws, year=2025, months=months, folder=root / half)[:-1]
        rows = sum(_fill(p) for p in paths)
        last = ws.last_change()
        live = int((ws.items(year=2025)["status"] != "cancelled").sum())
    finally:
        ws.close()
    assert len(paths) >= 30 and rows == live > 1000  # every planned item of the year is in one filled workbook
    return root, paths, rows, last


def _copy(base, target: Path) -> Path:
    root = base[0]
    shutil.copytree(root / "ws", target)
    return target


def _start(folder: Path, paths: list[Path]) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), *map(str, paths)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = child.stdout.readline()  # the child has opened the workspace and starts the import
    assert line.strip() == "START", child.stderr.read()
    return child


def _writing(db: Path) -> bool:
    """True while another process holds the write lock (the import's one transaction)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc) or "busy" in str(exc), exc
        return True
    finally:
        conn.close()


def _state(folder: Path) -> tuple[str, pd.DataFrame, int, int]:
    """Integrity check, outputs, published items and the last change of the workspace in ``folder``."""
    with sqlite3.connect(folder / "planner.sqlite") as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    ws = planner.open_workspace(folder, user="chuyenvien")
    try:
        outputs = ws.outputs()[COMPARED].reset_index(drop=True)
        published = int((ws.items(year=2025)["status"] == "published").sum())
        return integrity, outputs, published, ws.last_change()
    finally:
        ws.close()


@pytest.mark.sqlite_only("kill -9 while the import writes the SQLite file (its write lock watched with sqlite3)")
def test_a_killed_import_writes_all_rows_or_none_and_the_same_import_then_succeeds(base, tmp_path):
    root, paths, rows, last = base

    # the whole import once, uninterrupted: what "complete" looks like, and how long it takes
    full = _copy(base, tmp_path / "full")
    child = _start(full, paths)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    _, seconds, added, published = out.split()
    assert int(added) == rows and int(published) == 100
    integrity, complete, published_items, complete_change = _state(full)
    assert integrity == "ok" and len(complete) == rows and published_items == 100
    assert complete_change == last + 1

    # kill: while reading (by time), the moment it holds the write lock, and a little after that
    plans = [("read", float(seconds) * f) for f in (0.1, 0.4)]
    plans += [("lock", d) for d in (0.0, 0.0, 0.002, 0.01, 0.03, 0.15, 0.6)]
    outcomes = []
    for n, (when, delay) in enumerate(plans):
        folder = _copy(base, tmp_path / f"attempt-{n}")
        db = folder / "planner.sqlite"
        child = _start(folder, paths)
        saw_lock = False
        try:
            if when == "read":
                time.sleep(delay)
                saw_lock = _writing(db)
            else:
                deadline = time.monotonic() + 30
                while child.poll() is None and time.monotonic() < deadline:
                    if _writing(db):
                        saw_lock = True
                        break
                time.sleep(delay)
        finally:
            child.send_signal(signal.SIGKILL)  # only if it still runs (Popen checks): never another process
            child.communicate(timeout=30)
        killed = child.returncode == -signal.SIGKILL
        integrity, outputs, published_items, change = _state(folder)
        assert integrity == "ok", (when, delay, integrity)
        if outputs.empty:  # nothing at all: no output, no item published, no change recorded
            assert published_items == 0 and change == last, (when, delay)
            outcomes.append((when, saw_lock, killed, "none"))
        else:  # everything, exactly as the uninterrupted import wrote it
            assert outputs.equals(complete), (when, delay)
            assert published_items == 100 and change == last + 1
            outcomes.append((when, saw_lock, killed, "all"))
    # at least one kill landed inside the write transaction and rolled it back
    print("kills (when, saw the write lock, killed, outputs):", outcomes)
    in_write = [(saw, killed, result) for when, saw, killed, result in outcomes if when == "lock"]
    assert (True, True, "none") in in_write, outcomes
    # and one while reading the files (before any write)
    reading = [(saw, killed, result) for when, saw, killed, result in outcomes if when == "read"]
    assert (False, True, "none") in reading, outcomes

    # the same import on a workspace whose import was killed inside the transaction now succeeds
    killed_in_write = next(
        n for n, (when, saw, killed, result) in enumerate(outcomes) if when == "lock" and saw and result == "none"
    )
    ws = planner.open_workspace(tmp_path / f"attempt-{killed_in_write}", user="donvi")
    try:
        result = import_reports(ws, paths)
        assert len(result.added) == rows and len(result.published) == 100
        assert ws.outputs()[COMPARED].reset_index(drop=True).equals(complete)
    finally:
        ws.close()

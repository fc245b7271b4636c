"""Benchmark: reads a view makes, at 20,000 and 100,000 stored items (issue 6, section 5).

Printed side by side in one run, medians of repeated calls:

* ``ws.items(year=…)`` against ``pandas.read_sql`` of the same query (goal ≤ 1.2×): the
  baseline returns raw text for dates and JSON, the store decodes both;
* a unit-month read, ``ws.items(start=, end=, units=)`` (goal ≤ 5 ms);
* ``ws.changes(since=)`` after one edit by another handle (what a view polls);
* one ``update_item``, and ``bulk_update`` of one unit's year and of the whole year (how long
  the write lock is held).

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_store.py``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from bench_planning import _data_with_units  # benchmarks/ is on the path when run as a script

import planner
from planner.model import ITEM_COLUMNS

YEAR = 2025


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _fill(ws, target: int) -> int:
    """Generate years from 2025 on until at least ``target`` items are stored."""
    year = YEAR
    while len(ws.items()) < target:
        planner.generate_plan(ws, year)
        year += 1
    return len(ws.items())


def bench(target: int, folder: Path) -> dict:
    units = 200 if target <= 20_000 else 400
    path = folder / f"ws-{target}"
    ws = planner.open_workspace(path, data_dir=_data_with_units(folder / f"d-{target}", units), user="bench")
    stored = _fill(ws, target)
    year_count = len(ws.items(year=YEAR))
    engine = sa.create_engine(sa.URL.create("sqlite", database=str(path / "planner.sqlite")))
    sql = f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE year = {YEAR} ORDER BY date, unit_id, item_id"

    def baseline():
        with engine.connect() as conn:
            return pd.read_sql(sa.text(sql), conn)

    items_ms = _median_ms(lambda: ws.items(year=YEAR), 7)
    base_ms = _median_ms(baseline, 7)
    unit = "dang-uy-phuong-1"
    month_ms = _median_ms(lambda: ws.items(start="2025-04-01", end="2025-04-30", units=[unit]), 25)
    other = planner.open_workspace(path, user="nguoi-khac")
    mark = ws.last_change()
    first = ws.items(start="2025-04-01", end="2025-04-30", units=[unit]).iloc[0]
    other.update_item(int(first["item_id"]), version=int(first["version"]), notes="sửa từ máy khác")
    feed_ms = _median_ms(lambda: ws.changes(since=mark), 25)
    versions = iter(range(2, 10_000))
    item_id = int(first["item_id"])

    def one_update():
        ws.update_item(item_id, version=next(versions), notes=f"ghi chú {time.perf_counter()}")

    update_ms = _median_ms(one_update, 15)
    unit_year = len(ws.items(year=YEAR, units=[unit]))
    start = time.perf_counter()
    ws.bulk_update({"year": YEAR, "unit_id": unit}, notes="đã rà soát")
    bulk_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    ws.bulk_update({"year": YEAR}, notes="đã rà soát cả năm")
    bulk_year_ms = (time.perf_counter() - start) * 1000
    other.close(), ws.close(), engine.dispose()
    return {
        "stored": stored,
        "year": year_count,
        "items_ms": items_ms,
        "base_ms": base_ms,
        "month_ms": month_ms,
        "feed_ms": feed_ms,
        "update_ms": update_ms,
        "bulk_rows": unit_year,
        "bulk_ms": bulk_ms,
        "bulk_year_ms": bulk_year_ms,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = [bench(n, Path(tmp)) for n in (20_000, 100_000)]
    print("Store reads and writes (medians, ms)")
    print(f"{'stored items':>14} {'year rows':>9} {'items(year)':>11} {'read_sql':>9} {'ratio':>6} "
          f"{'unit-month':>10} {'changes':>8} {'update':>7} {'bulk unit':>10} {'bulk year':>10}")
    for r in results:
        ratio = r["items_ms"] / r["base_ms"]
        print(
            f"{r['stored']:>14,} {r['year']:>9,} {r['items_ms']:>11.1f} {r['base_ms']:>9.1f} {ratio:>5.2f}× "
            f"{r['month_ms']:>10.2f} {r['feed_ms']:>8.2f} {r['update_ms']:>7.2f} "
            f"{r['bulk_ms']:>10.0f} {r['bulk_year_ms']:>10.0f}"
        )
    print("goals: items(year) ≤ 1.2× read_sql; unit-month read ≤ 5 ms")


if __name__ == "__main__":
    main()

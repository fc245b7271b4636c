"""Benchmark: plan a full year for 200 and 1,000 units; one item update with 20,000 items stored.

Goals (issues 3 and 6): the year for 200 units in under 1 s and linear in the number of units
(1,000 units ≈ 5× as long); one update under 10 ms. Prints medians; run with ``make bench`` or
``.venv/bin/python benchmarks/bench_planning.py``.
"""

from __future__ import annotations

import csv
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import planner
from planner.catalogue import DATA_DIR

UNITS = 200
YEAR = 2025  # many round anniversaries: the heaviest year of the decade
KINDS = (
    ["party_committee"] * 120
    + ["party_cell"] * 50
    + ["mass_org"] * 20
    + ["front"] * 4
    + ["gov_office"] * 3
    + ["culture_centre"] * 3
)


def _data_with_units(folder: Path, n: int) -> Path:
    data = folder / "data"
    shutil.copytree(DATA_DIR, data)
    rows = list(csv.DictReader((DATA_DIR / "units.csv").open(encoding="utf-8")))
    header = list(rows[0])
    for i in range(n - len(rows)):
        rows.append(
            {
                "unit_id": f"don-vi-{i:04d}",
                "name": f"Đơn vị thử {i:04d}",
                "short_name": f"ĐV {i:04d}",
                "kind": KINDS[i % len(KINDS)],
                "parent_id": "",
                "own_events": "",
                "channels": "facebook=https://demo.invalid/fb/x",
                "note": "",
            }
        )
    with (data / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return data


def bench_generate(units: int = UNITS, runs: int = 5) -> int:
    times, count = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        data = _data_with_units(Path(tmp), units)
        for i in range(runs):
            ws = planner.open_workspace(Path(tmp) / f"ws{i}", data_dir=data)
            start = time.perf_counter()
            count = len(planner.generate_plan(ws, YEAR))
            times.append(time.perf_counter() - start)
            ws.close()
    print(
        f"generate_plan {YEAR}, {units} units × {len(planner.occurrences(YEAR))} occurrences → {count} items: "
        f"median {statistics.median(times):.3f} s over {runs} fresh workspaces"
        + (" (goal < 1 s)" if units == UNITS else f" (linear goal ≈ {units // UNITS}× the {UNITS}-unit time)")
    )
    return count


def bench_update(target: int = 20_000, runs: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = _data_with_units(Path(tmp), UNITS)
        ws = planner.open_workspace(Path(tmp) / "ws", data_dir=data)
        year, stored = 2024, 0
        while stored < target:
            stored += len(planner.generate_plan(ws, year))
            year += 1
        items = ws.items()
        total = len(items)
        sample = items.sample(runs, random_state=1)[["item_id", "version"]].to_records(index=False)
        times = []
        for n, (item_id, version) in enumerate(sample):
            start = time.perf_counter()
            ws.update_item(int(item_id), version=int(version), notes=f"ghi chú {n}")
            times.append(time.perf_counter() - start)
        ws.close()
    times_ms = sorted(t * 1000 for t in times)
    print(
        f"update_item with {total} items stored: median {statistics.median(times_ms):.2f} ms, "
        f"p90 {times_ms[int(len(times_ms) * 0.9)]:.2f} ms over {runs} updates (goal < 10 ms)"
    )


if __name__ == "__main__":
    bench_generate(UNITS)
    bench_generate(1_000, runs=3)
    bench_update()

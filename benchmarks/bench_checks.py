"""Benchmark: check_plan for a year of 200 units (~11,400 items), and its parts.

Goal (issue 6): check_plan for a year at 11,400 items ≤ 250 ms. Prints medians; run with
``make bench`` or ``.venv/bin/python benchmarks/bench_checks.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_planning import UNITS, YEAR, _data_with_units  # noqa: E402

import planner  # noqa: E402


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def bench_check_plan(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = _data_with_units(Path(tmp), UNITS)
        ws = planner.open_workspace(Path(tmp) / "ws", data_dir=data)
        planner.generate_plan(ws, YEAR)
        items = len(ws.items(year=YEAR))
        findings = planner.check_plan(ws, YEAR)  # warm: lunar caches, imports
        times, reads = [], []
        for _ in range(runs):
            start = time.perf_counter()
            planner.check_plan(ws, YEAR)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            ws.items(year=YEAR)
            reads.append(time.perf_counter() - start)
        ws.close()
    print(
        f"check_plan {YEAR}, {UNITS} units, {items} items → {len(findings)} findings: "
        f"median {_median_ms(times)} over {runs} runs (goal ≤ 250 ms), "
        f"of which ws.items(year={YEAR}) alone takes {_median_ms(reads)}"
    )


if __name__ == "__main__":
    bench_check_plan()

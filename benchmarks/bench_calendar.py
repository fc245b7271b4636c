"""Benchmark: ten years of occurrences for the whole catalogue, their display labels, and `import planner`.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_calendar.py``. Prints medians.
"""

from __future__ import annotations

import statistics
import subprocess
import sys


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def bench_import(runs: int = 7) -> None:
    code = "import time; t = time.perf_counter(); import planner; print(time.perf_counter() - t)"
    samples = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    print(
        f"import planner: median {_median_ms(samples)} over {runs} fresh interpreters "
        f"(min {min(samples) * 1000:.1f} ms)"
    )


def bench_ten_years(runs: int = 5) -> None:
    code = (
        "import time, planner\n"
        "from planner.catalogue import default_events\n"
        "ev = default_events()\n"
        "t = time.perf_counter()\n"
        "n = sum(len(planner.occurrences(y, ev)) for y in range(2025, 2035))\n"
        "cold = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "n = sum(len(planner.occurrences(y, ev)) for y in range(2025, 2035))\n"
        "print(cold, time.perf_counter() - t, n, len(ev))\n"
    )
    cold, warm = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        cold.append(float(out[0]))
        warm.append(float(out[1]))
        n, events = out[2], out[3]
    print(
        f"occurrences, 10 years × {events} events ({n} rows): median {_median_ms(cold)} "
        f"first time in a process (lunar caches empty), {_median_ms(warm)} again"
    )


def bench_labels(runs: int = 5) -> None:
    code = (
        "import time, planner\n"
        "from planner.display import occurrence_labels\n"
        "occ = [planner.occurrences(y) for y in range(2025, 2035)]\n"
        "t = time.perf_counter()\n"
        "n = sum(len(occurrence_labels(o)) for o in occ)\n"
        "print(time.perf_counter() - t, n)\n"
    )
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        samples.append(float(out[0]))
        n = out[1]
    print(
        f"display labels (date, weekday, lunar, holiday) for 10 years ({n} rows): median {_median_ms(samples)} "
        "first time in a process (the holidays package computes each year once)"
    )


if __name__ == "__main__":
    bench_import()
    bench_ten_years()
    bench_labels()

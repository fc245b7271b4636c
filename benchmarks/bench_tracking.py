"""Benchmark: target completion and the managers' dashboard on 200 units and 1,000,000 outputs (issue 9).

One run prints:

* the set-up: 24,000 targets (200 units × 12 months × 10 format/platform targets, through
  ``ws.set_targets``), 1,000,000 synthetic outputs inserted with ``executemany`` in one transaction,
  the rollup built in SQL (``ws.rebuild_rollup``), and one platform import of 1,000 posts into that
  workspace (the rollup kept in the same transaction);
* completion for the year by month *from the workspace*, loading included (a fresh handle:
  ``planner.completion(ws, period="month", …)``) — goal < 1 s;
* the aggregation step alone on an in-memory frame of the 1,000,000 outputs (unit, month, platform,
  format as categoricals) → completion against the 24,000 targets, with pandas (what
  ``planner.tracking`` does with the rows it reads) and with DuckDB SQL on the same frame (the floor)
  — goal ≤ 2× DuckDB; the same for the month sums the workspace actually reads from the rollup;
* the whole dashboard: ``dashboard_data`` + ``planner.plots.dashboard.draw_dashboard`` for the year
  and for one month — goal < 3 s.

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_tracking.py`` (``--outputs N`` for a
smaller run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bench_planning import _data_with_units  # benchmarks/ is on the path when run as a script

import planner
from planner import tracking

YEAR = 2025
UNITS = 200
OUTPUTS = 1_000_000
#: Ten targets per unit and month: a count for each format (any platform) and for three platforms (any format).
TARGET_KINDS = [(f, None) for f in ("short_video", "post", "article", "infographic", "photo", "livestream")] + [
    (None, p) for p in ("facebook", "zalo", "tiktok")
] + [(None, None)]


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


#: Expected outputs of one unit in one month in the synthetic data (1,000,000 ÷ 200 ÷ 12 ≈ 417), by target.
_EXPECTED = {("short_video", None): 125, ("post", None): 187, ("article", None): 42, ("infographic", None): 29,
             ("photo", None): 21, ("livestream", None): 12, (None, "facebook"): 208, (None, "zalo"): 83,
             (None, "tiktok"): 83, (None, None): 417}


def _targets(units: list[str], outputs: int, seed: int = 5) -> list[dict]:
    """Each unit's targets around what it publishes (× 0.7 … 1.3 per unit): some units ahead, some behind."""
    rng = np.random.default_rng(seed)
    scale = outputs / 1_000_000 * 200 / len(units)
    rows = []
    for unit in units:
        factor = rng.uniform(0.7, 1.3)
        for month in range(1, 13):
            for fmt, platform in TARGET_KINDS:
                rows.append({"unit_id": unit, "period": "month", "period_start": dt.date(YEAR, month, 1),
                             "format": fmt, "platform": platform,
                             "count": max(1, round(_EXPECTED[(fmt, platform)] * scale * factor))})
    return rows


def _synthetic(units: list[str], n: int, seed: int = 9) -> pd.DataFrame:
    """n outputs of the year: each unit mostly on two or three platforms, mostly posts and short videos."""
    rng = np.random.default_rng(seed)
    platforms = np.array(["facebook", "zalo", "tiktok", "youtube", "website"])
    formats = np.array(["post", "short_video", "article", "infographic", "photo", "livestream"])
    unit = rng.integers(0, len(units), n)
    day = rng.integers(0, 365, n)
    platform = rng.choice(len(platforms), n, p=[0.5, 0.2, 0.2, 0.05, 0.05])
    fmt = rng.choice(len(formats), n, p=[0.45, 0.3, 0.1, 0.07, 0.05, 0.03])
    days = pd.Timestamp(f"{YEAR}-01-01") + pd.to_timedelta(day, unit="D")
    seconds = rng.integers(6 * 3600, 22 * 3600, n)
    stamps = (days + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S")
    video = formats[fmt] == "short_video"
    duration = np.where(video, rng.integers(10, 300, n), -1)
    views = rng.integers(0, 20_000, n)
    known = rng.random(n) < 0.9
    return pd.DataFrame({
        "unit_id": np.array(units)[unit],
        "platform": platforms[platform],
        "format": formats[fmt],
        "url": [f"https://bench.invalid/p/{i}" for i in range(n)],
        "published_at": stamps,
        "duration_s": pd.Series(duration, dtype="Int64").where(duration >= 0),
        "views": pd.Series(views, dtype="Int64").where(known),
        "shares": pd.Series(views // 50, dtype="Int64").where(known),
        "item_id": pd.Series([None] * n, dtype="Int64"),
    })


def _matched(items: pd.DataFrame, n: int, seed: int = 4) -> pd.DataFrame:
    """One post for each of n planned items: the item's unit, format and platform, 0–72 hours after its date."""
    rng = np.random.default_rng(seed)
    chosen = items.sample(n, random_state=seed) if n < len(items) else items
    hours = rng.integers(0, 72, len(chosen))
    stamps = (pd.to_datetime(chosen["date"]) + pd.to_timedelta(hours, unit="h")).dt.strftime("%Y-%m-%dT%H:%M:%S")
    return pd.DataFrame({
        "unit_id": chosen["unit_id"].to_numpy(), "platform": chosen["platform"].to_numpy(),
        "format": chosen["format"].to_numpy(), "url": [f"https://bench.invalid/item/{i}" for i in chosen["item_id"]],
        "published_at": stamps.to_numpy(), "duration_s": pd.Series([None] * len(chosen), dtype="Int64"),
        "views": pd.Series(rng.integers(0, 20_000, len(chosen)), dtype="Int64"),
        "shares": pd.Series(rng.integers(0, 400, len(chosen)), dtype="Int64"),
        "item_id": chosen["item_id"].to_numpy(),
    })


def _insert(ws, frame: pd.DataFrame) -> None:
    """executemany inside one transaction, straight to the driver (set-up, not what is measured)."""
    rows = list(zip(
        frame["unit_id"], frame["platform"], frame["format"], frame["url"], frame["published_at"],
        frame["duration_s"].astype(object).where(frame["duration_s"].notna(), None),
        frame["views"].astype(object).where(frame["views"].notna(), None),
        frame["shares"].astype(object).where(frame["shares"].notna(), None),
        frame["item_id"].astype(object).where(frame["item_id"].notna(), None),
        strict=True,
    ))
    raw = ws._engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        cur.execute("BEGIN IMMEDIATE")
        cur.executemany(
            "INSERT INTO outputs (unit_id, platform, format, url, published_at, duration_s, views, shares, item_id, "
            "source_file, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', 1, 'bench', '')",
            rows,
        )
        cur.execute("COMMIT")
    finally:
        raw.close()


def _pandas_step(raw: pd.DataFrame, unit_frame: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The aggregation as planner.tracking does it: month sums, then completion against the targets."""
    monthly = raw.groupby(["unit_id", "month", "platform", "format"], observed=True).size().rename("outputs")
    monthly = monthly.reset_index()
    for name in ("unit_id", "month", "platform", "format"):
        monthly[name] = monthly[name].astype(str)
    return tracking._completion(None, "month", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), unit_frame, targets,
                                monthly=monthly)


def _monthly_step(monthly: pd.DataFrame, unit_frame, targets) -> pd.DataFrame:
    return tracking._completion(None, "month", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), unit_frame, targets,
                                monthly=monthly)


_DUCK_SQL = """
WITH m AS (
    SELECT unit_id::VARCHAR AS unit_id, month::VARCHAR AS month, platform::VARCHAR AS platform,
           format::VARCHAR AS format, {count} AS n
    FROM src GROUP BY ALL
), a AS (
    SELECT unit_id, month, coalesce(format, 'any') AS format, coalesce(platform, 'any') AS platform, sum(n) AS actual
    FROM m GROUP BY GROUPING SETS ((unit_id, month, format, platform), (unit_id, month, format),
                                   (unit_id, month, platform), (unit_id, month))
)
SELECT t.unit_id, t.month, t.format, t.platform, t.target, coalesce(a.actual, 0) AS actual,
       coalesce(a.actual, 0) / t.target AS ratio
FROM tg t LEFT JOIN a USING (unit_id, month, format, platform)
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=int, default=OUTPUTS)
    parser.add_argument("--units", type=int, default=UNITS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "ws"
        ws = planner.open_workspace(path, data_dir=_data_with_units(folder / "d", args.units), user="bench")
        units = sorted(ws.units()["unit_id"])[: args.units]
        start = time.perf_counter()
        ws.set_targets(_targets(units, args.outputs), replace=True)
        print(f"set-up: {len(ws.targets()):,} targets through ws.set_targets in {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        planner.generate_plan(ws, YEAR)
        items = ws.items(year=YEAR)
        items = items[items["unit_id"].isin(units) & items["date"].notna()]
        frame = _synthetic(units, args.outputs)
        matched = _matched(items, min(len(items), len(frame) // 10))
        frame = pd.concat([matched, frame.iloc[len(matched):]], ignore_index=True)
        print(f"set-up: plan {YEAR} generated ({len(items):,} items) in {time.perf_counter() - start:.1f} s; "
              f"{len(matched):,} of the outputs are those items' posts (for 'fast')")
        start = time.perf_counter()
        _insert(ws, frame)
        inserted = time.perf_counter() - start
        start = time.perf_counter()
        rows = ws.rebuild_rollup()
        print(f"set-up: {args.outputs:,} outputs inserted (executemany, one transaction) in {inserted:.1f} s; "
              f"rollup built in SQL in {time.perf_counter() - start:.1f} s → {rows:,} rows "
              f"(unit × day × platform × format)")
        posts = _synthetic(units[:5], 1000, seed=3).assign(url=lambda f: f["url"].str.replace("/p/", "/moi/"))
        posts = [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in posts.to_dict("records")]
        start = time.perf_counter()
        ws.record_platform_outputs(posts, source="bench")
        print(f"set-up: record_platform_outputs of 1,000 posts into the {args.outputs:,}-output workspace "
              f"(rollup kept in the same transaction): {time.perf_counter() - start:.2f} s")
        ws.close()

        # 1. completion from the workspace, loading included (a fresh handle each time)
        def from_workspace():
            handle = planner.open_workspace(path, user="bench")
            try:
                return planner.completion(handle, period="month", start=f"{YEAR}-01-01", end=f"{YEAR}-12-31")
            finally:
                handle.close()

        took, result = _median(from_workspace, 5)
        print(f"completion {YEAR} by month from the workspace (open + read + compute): {took:.3f} s median of 5, "
              f"{len(result):,} rows, {(result['status'] == 'met').mean():.0%} met (goal < 1 s)")

        # 2. the aggregation step alone, pandas vs DuckDB on the same in-memory frames
        ws = planner.open_workspace(path, user="bench")
        unit_frame, targets = ws.units(), ws.targets()
        raw = pd.DataFrame({
            "unit_id": pd.Categorical(frame["unit_id"]),
            "month": pd.Categorical(frame["published_at"].str[:7]),
            "platform": pd.Categorical(frame["platform"]),
            "format": pd.Categorical(frame["format"]),
        })
        expanded = tracking._targets_at(tracking._expand(targets, unit_frame), "month")
        tg = expanded.assign(month=[f"{b // 12}-{b % 12 + 1:02d}" for b in expanded["bucket"]])
        monthly = tracking._monthly(ws, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), None)
        ws.close()
        took_pd, mine = _median(lambda: _pandas_step(raw, unit_frame, targets), 5)
        took_month, _ = _median(lambda: _monthly_step(monthly, unit_frame, targets), 5)
        try:
            import duckdb
        except ImportError:
            print("duckdb: not installed (pip install -e '.[dev]') — the floor is not measured")
            duck = None
        else:
            con = duckdb.connect()
            con.register("tg", tg)

            def with_duck(src: pd.DataFrame, count: str):
                con.register("src", src)
                return con.execute(_DUCK_SQL.format(count=count)).df()

            with_duck(raw, "count(*)")  # warm-up
            took_duck, duck = _median(lambda: with_duck(raw, "count(*)"), 5)
            took_duck_month, _ = _median(lambda: with_duck(monthly, "sum(outputs)"), 5)
        print(f"aggregation alone, {len(raw):,} outputs in memory → completion against {len(targets):,} targets: "
              f"pandas (planner.tracking) {took_pd:.3f} s"
              + (f", DuckDB SQL {took_duck:.3f} s → {took_pd / took_duck:.1f}× (goal ≤ 2×)" if duck is not None
                 else ""))
        print(f"aggregation alone on what the workspace reads ({len(monthly):,} month sums from the rollup): "
              f"pandas {took_month:.3f} s" + (f", DuckDB SQL {took_duck_month:.3f} s → "
                                                f"{took_month / took_duck_month:.1f}×" if duck is not None else ""))
        if duck is not None:
            check = mine.merge(duck.rename(columns={"month": "period"}), on=["unit_id", "period", "format", "platform"],
                               suffixes=("", "_duck"))
            same = len(check) == len(mine) and (check["actual"] == check["actual_duck"]).all()
            print(f"  pandas and DuckDB agree on every row: {same}")

        # 3. the whole dashboard
        try:
            from planner.plots.dashboard import draw_dashboard
        except ImportError:
            draw_dashboard = None
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        for period, first, last in (("year", f"{YEAR}-01-01", f"{YEAR}-12-31"),
                                    ("month", f"{YEAR}-05-01", f"{YEAR}-05-31")):
            def dashboard(period=period, first=first, last=last):
                handle = planner.open_workspace(path, user="bench")
                try:
                    t0 = time.perf_counter()
                    data = tracking.dashboard_data(handle, period=period, start=first, end=last)
                    t1 = time.perf_counter()
                    if draw_dashboard is not None:
                        axes = draw_dashboard(data)
                        for fig in {ax.figure for ax in axes.values()}:
                            fig.canvas.draw()
                        plt.close("all")
                    return t1 - t0, data
                finally:
                    handle.close()

            took, (read, data) = _median(dashboard, 3)
            drawn = "drawn with planner.plots.dashboard.draw_dashboard" if draw_dashboard else \
                "draw_dashboard not available yet"
            print(f"dashboard {period} ({first} … {last}): {took:.2f} s median of 3 — dashboard_data {read:.2f} s, "
                  f"{drawn}; heatmap {data.heatmap['unit_id'].nunique()} units × {data.heatmap['period'].nunique()} "
                  f"periods (goal < 3 s)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

"""Benchmark: the Excel plan of the demo year scaled to 50 units × 400 items (20,000 rows), issue 8.

Printed side by side in one run, medians of repeated runs on the same workspace:

* ``export_plan`` — our formatted master workbook, end to end (read the items, label them, write the
  summary, the calendar AND one sheet per unit: 20,000 rows twice, print setup, validation);
* ``DataFrame.to_excel`` of the same 20,000 labelled rows (``labelled(item_rows(...))``, plan columns,
  one sheet, no formats) with each engine, openpyxl and xlsxwriter — timed on the prepared frame, so the
  reading and labelling our export does are extra work it does not count;
* ``export_unit_plans`` — 50 unit workbooks and their zip;
* :func:`bench_import` — importing the 50 returned unit workbooks (every row reported), when
  ``planner.excel.import_reports`` exists.

Goal: our formatted export no slower than pandas' fastest unformatted export (xlsxwriter); the import of
all 50 under 3 s. Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_excel.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from bench_planning import _data_with_units  # benchmarks/ is on the path when run as a script

import planner
from planner.columns import KEY_COLUMNS, PLAN_COLUMNS, REPORT_COLUMNS, item_rows, labelled
from planner.excel import export_plan, export_unit_plans

YEAR = 2025
UNITS = 50
PER_UNIT = 400
RUNS = 3


def _median_s(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_workspace(folder: Path, units: int = UNITS, per_unit: int = PER_UNIT):
    """The demo year for ``units`` units (the demo's plus made-up ones), topped up to ``per_unit`` items each
    by copying the year's items (events, dates, titles, formats) onto the units short of them."""
    ws = planner.open_workspace(folder / "ws", data_dir=_data_with_units(folder, units), user="bench")
    planner.generate_plan(ws, YEAR)
    items = ws.items(year=YEAR)
    source = items[["event_id", "occurrence_date", "date", "title", "format", "platform", "theme"]].to_dict("records")
    pool = itertools.cycle(source)
    rows = []
    counts = items["unit_id"].value_counts()
    for unit_id in ws.units()["unit_id"]:
        for n in range(per_unit - int(counts.get(unit_id, 0))):
            item = dict(next(pool))
            rows.append(
                {
                    **{k: (None if pd.isna(v) else v) for k, v in item.items()},
                    "unit_id": unit_id,
                    "title": f"{item['title']} ({n + 1})",
                    "year": YEAR,
                }
            )
    ws.add_items(rows)
    extra = ws.items(year=YEAR)
    over = extra.groupby("unit_id").cumcount() >= per_unit  # units the plan already gave more than per_unit
    for row in extra[over][["item_id", "version"]].itertuples(index=False):
        ws.cancel_item(int(row.item_id), version=int(row.version), reason="benchmark: 400 mỗi đơn vị")
    return ws


def bench_export(ws, folder: Path) -> list[Path]:
    live = ws.items(year=YEAR)
    live = live[live["status"] != "cancelled"]
    units, events = ws.units(), ws.events()

    def prepare() -> pd.DataFrame:
        return labelled(item_rows(ws.items(year=YEAR).query("status != 'cancelled'"), ws.units(), ws.events()))

    rows = item_rows(live, units, events)
    frame = labelled(rows)
    # the same sheets our workbook holds, unformatted: the calendar, and per unit the plan, report and key columns
    empty_reports = rows.assign(**{c.key: None for c in REPORT_COLUMNS})  # labelled() needs the columns there
    unit_frame = labelled(empty_reports, (*PLAN_COLUMNS, *REPORT_COLUMNS, *KEY_COLUMNS))
    short = dict(zip(units["unit_id"], units["short_name"], strict=True))
    sheets = [(short[u].replace("/", "-")[:31], part) for u, part in unit_frame.groupby(rows["unit_id"], sort=False)]

    def same_sheets() -> None:
        with pd.ExcelWriter(folder / "same-sheets.xlsx", engine="xlsxwriter") as writer:
            frame.to_excel(writer, sheet_name="Lịch", index=False)
            for name, part in sheets:
                part.to_excel(writer, sheet_name=name, index=False)

    ours = _median_s(lambda: export_plan(ws, year=YEAR, path=folder / "ours.xlsx"))
    prep = _median_s(prepare)
    with_openpyxl = _median_s(lambda: frame.to_excel(folder / "openpyxl.xlsx", index=False, engine="openpyxl"), 3)
    with_xlsxwriter = _median_s(lambda: frame.to_excel(folder / "xlsxwriter.xlsx", index=False, engine="xlsxwriter"))
    same = _median_s(same_sheets, 3)
    paths: list[Path] = []

    def per_unit() -> None:
        paths[:] = export_unit_plans(ws, year=YEAR, folder=folder / "units")

    (folder / "units").mkdir(exist_ok=True)
    units_s = _median_s(per_unit, 3)
    lines = [
        (f"export_plan, formatted (summary, calendar, {len(paths) - 1} unit sheets, targets)", ours),
        ("  of which reading and labelling the rows (ws.items, item_rows)", prep),
        ("DataFrame.to_excel of the 20,000 rows, unformatted, engine=openpyxl", with_openpyxl),
        ("DataFrame.to_excel of the 20,000 rows, unformatted, engine=xlsxwriter", with_xlsxwriter),
        (f"DataFrame.to_excel, unformatted, xlsxwriter, our sheets (calendar + {len(sheets)} unit sheets)", same),
        (f"export_unit_plans ({len(paths) - 1} workbooks + zip)", units_s),
    ]
    print(f"{len(frame):,} rows, {units['unit_id'].nunique()} units; medians:")
    width = max(len(label) for label, _ in lines)
    for label, seconds in lines:
        print(f"  {label.ljust(width)}  {seconds:6.2f} s")
    verdict = "met" if ours <= with_xlsxwriter else "NOT met"
    print(f"  goal export_plan ≤ to_excel(xlsxwriter) of the rows once: {verdict} ({ours / with_xlsxwriter:.2f}×); "
          f"against pandas writing our sheets unformatted: {ours / same:.2f}×")
    return paths[:-1]


# ---------------------------------------------------------------------------------------------- import hook
def returned_workbooks(ws, folder: Path) -> list[Path]:
    """The 50 unit workbooks as they come back, every row reported: a copy of the workspace (same workspace id)
    records a report for every item, and its export carries them in the report columns (the export shows what
    was reported) — the original workspace has none of them yet. Quicker than filling 50 files with openpyxl."""
    copy = folder / "returned-ws"
    shutil.copytree(ws.folder, copy)
    other = planner.open_workspace(copy, user="don-vi")
    items = other.items(year=YEAR)
    items = items[items["status"] != "cancelled"]
    other.record_outputs(
        [
            {"item_id": int(i), "version": int(v), "url": f"https://www.facebook.com/bai/{i}",
             "published_at": dt.date(YEAR, 5, 3), "views": 1000 + int(i) % 997, "shares": int(i) % 13}
            for i, v in zip(items["item_id"], items["version"], strict=True)
        ],
        source="benchmark",
    )
    paths = export_unit_plans(other, year=YEAR, folder=_fresh(folder / "returned"))[:-1]
    other.close()
    return paths


def _fresh(path: Path) -> Path:
    path.mkdir()
    return path


def bench_import(ws, paths: Sequence[Path]) -> None:
    """IMPORT HOOK (report import engineer): time ``import_reports`` of the 50 returned unit workbooks
    (:func:`returned_workbooks`). Goal: under 3 s."""
    try:
        from planner.excel import import_reports
    except (ImportError, AttributeError) as exc:
        print(f"  import_reports: not available yet ({exc.__class__.__name__}: {exc})")
        return
    start = time.perf_counter()
    result = import_reports(ws, list(paths))
    first = time.perf_counter() - start
    again = _median_s(lambda: import_reports(ws, list(paths)), 3)  # the same files again: nothing new
    print(f"  import_reports of {len(paths)} returned workbooks ({len(ws.outputs()):,} outputs recorded): "
          f"first {first:.2f} s, the same files again {again:.2f} s (goal < 3 s)")
    del result


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        ws = build_workspace(folder)
        print(f"setup: {time.perf_counter() - start:.1f} s")
        bench_export(ws, folder)
        bench_import(ws, returned_workbooks(ws, folder))
        ws.close()

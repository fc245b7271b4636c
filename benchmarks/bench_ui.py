"""Benchmark: the screen's Python side (issue 7).

Printed in one run, medians of repeated clicks on real widgets over a real SQLite file:

* **Save → refreshed month view** at 20,000 and 100,000 stored items: the form's Save button
  clicked on an item of the month shown (``ItemForm`` → ``ws.update_item`` → the calendar follows
  the change feed and redraws its payload), and a chip dropped on another day (``move`` message →
  ``ws.move_item`` → redraw). Goal: under 100 ms at 100,000 items. Side by side, the baseline the
  issue warns against: the same save followed by re-reading the whole year.
* **Render a month with 500 items**: the month's payload built from its items (what the page
  draws), and the whole month shown (read + build).

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_ui.py``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from bench_planning import _data_with_units  # benchmarks/ is on the path when run as a script
from bench_store import _fill, _median_ms

import planner
from planner.ui.calendar import CalendarView
from planner.ui.form import ItemForm
from planner.ui.screen import App

YEAR = 2025
MONTH = 3


def bench_save(target: int, folder: Path) -> dict:
    units = 200 if target <= 20_000 else 400
    ws = planner.open_workspace(
        folder / f"ws-{target}", data_dir=_data_with_units(folder / f"d-{target}", units), user="bench"
    )
    stored = _fill(ws, target)
    view = CalendarView(ws, year=YEAR, month=MONTH)
    form = ItemForm(ws)
    form.on_change(lambda ids: view.poll())
    shown = len(view.items)
    item_id = int(view.items[view.items["status"] == "idea"]["item_id"].iloc[len(view.items) // 2])
    form.load(item_id)
    counter = iter(range(10**6))

    def save_click():
        form.title.value = f"Bài viết số {next(counter)} về ngày kỷ niệm"
        form.save_button.click()
        assert view.grid.payload and form.status.kind == "ok", form.status.message

    days = [dt.date(YEAR, MONTH, d).isoformat() for d in (10, 11)]

    def drop():
        row = view.items.set_index("item_id").loc[item_id]
        target_day = days[0] if row["date"].date().isoformat() != days[0] else days[1]
        view.grid._handle_custom_msg({"kind": "move", "item_id": item_id, "version": int(row["version"]),
                                      "date": target_day}, [])
        assert view.status.kind == "ok", view.status.message

    def save_then_reread_year():  # the baseline: a refresh that re-reads the whole year
        form.title.value = f"Bài viết số {next(counter)} về ngày kỷ niệm"
        form.save_button.click()
        ws.items(year=YEAR)

    save_click()  # warm caches (events, official names) as a planner's first save would
    result = {
        "stored": stored,
        "shown": shown,
        "save": _median_ms(save_click, 15),
        "drop": _median_ms(drop, 15),
        "baseline": _median_ms(save_then_reread_year, 7),
        "poll_idle": _median_ms(view.poll, 50),
    }
    # the whole screen: the same Save, then every view (calendar, table of the year, review queue, plan panel)
    started = time.perf_counter()
    screen = App(ws, year=YEAR, month=MONTH)
    result["app_open"] = (time.perf_counter() - started) * 1000
    screen.form.load(item_id)

    def app_save():
        screen.form.title.value = f"Bài viết số {next(counter)} về ngày kỷ niệm"
        screen.form.save_button.click()
        assert screen.form.status.kind == "ok", screen.form.status.message

    app_save()
    result["app_save"] = _median_ms(app_save, 11)
    return result


def bench_render(folder: Path) -> dict:
    ws = planner.open_workspace(folder / "ws-500", user="bench")
    units = list(ws.units()["unit_id"])
    rows = [
        {"year": YEAR, "unit_id": units[i % len(units)], "date": dt.date(YEAR, MONTH, 1 + i % 31),
         "title": f"Nội dung số {i} tháng {MONTH}", "format": "post", "platform": "facebook", "theme": "event"}
        for i in range(500)
    ]
    ws.add_items(rows)
    view = CalendarView(ws, year=YEAR, month=MONTH)
    assert len(view.items) == 500, len(view.items)
    return {
        "payload": _median_ms(view._render, 30),
        "show_month": _median_ms(lambda: view.show_month(YEAR, MONTH), 30),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("Save → lịch tháng đã cập nhật (phía Python), trung vị, ms")
        print(f"{'đã lưu':>8} {'trong tháng':>11} {'Lưu (form)':>11} {'kéo thả':>8} {'lưu + đọc cả năm':>17} "
              f"{'tỉ lệ':>6} {'poll rỗng':>10}")
        results = {}
        for target in (20_000, 100_000):
            r = results[target] = bench_save(target, folder)
            print(f"{r['stored']:>8,} {r['shown']:>11,} {r['save']:>11.1f} {r['drop']:>8.1f} {r['baseline']:>17.1f} "
                  f"{r['baseline'] / r['save']:>5.1f}× {r['poll_idle']:>10.2f}")
        print(f"{'':>8} cả màn hình (lịch, bảng cả năm, hàng đợi duyệt): Lưu → mọi khung đã cập nhật")
        for target, r in results.items():
            print(f"{target:>8,} mở màn hình {r['app_open']:.0f} ms; Lưu {r['app_save']:.1f} ms")
        r = bench_render(folder)
        print(f"Vẽ một tháng có 500 nội dung: dựng dữ liệu trang {r['payload']:.1f} ms; "
              f"đọc + dựng (show_month) {r['show_month']:.1f} ms")


if __name__ == "__main__":
    main()

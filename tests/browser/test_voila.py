"""The planner's screen as ``make app`` serves it: notebook 02 in Voilà, used by a person in Chromium.

Every write made in the page is read back from SQLite with plain ``sqlite3`` (not through the
package), and what another planner saves shows up in the open page without a reload.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import planner
from planner.ui.calendar import MAX_CHIPS

from ._support import FOREIGN, SLOW, expect, free_port, notebook_copy, server_env, voila_command, wait_for_row

pytestmark = pytest.mark.browser


@pytest.fixture
def voila(tmp_path: Path, demo_workspace: Path, start_server):
    """Voilà serving a copy of notebook 02 opened on March 2025, as ``make app`` runs it (plus tracebacks)."""
    notebook = notebook_copy(tmp_path / "notebooks", month=3)
    port = free_port()
    env = server_env(tmp_path, demo_workspace)
    return start_server(voila_command(notebook, port), port=port, cwd=notebook.parent, env=env)


def march_days(workspace: Path) -> dict[str, int]:
    """Items per day of March 2025, from SQLite (days without items are absent)."""
    with sqlite3.connect(f"file:{workspace / 'planner.sqlite'}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT date, count(*) FROM items WHERE date BETWEEN '2025-03-01' AND '2025-03-31' GROUP BY date"
        ).fetchall()
    return dict(rows)


def empty_days(workspace: Path, count: int, *, but: tuple[str, ...] = ()) -> list[str]:
    """``count`` days of March 2025 without items (the chip dropped there is the only one shown)."""
    busy = march_days(workspace)
    days = [f"2025-03-{d:02d}" for d in range(2, 29)]
    found = [d for d in days if d not in busy and d not in but][:count]
    assert len(found) == count, busy
    return found


def cell(page, date: str):
    return page.locator(f'.planner-cal-cell[data-date="{date}"]')


def open_march(page, voila, shots) -> None:
    page.goto(voila.url + "/", timeout=SLOW)
    page.wait_for_selector(".planner-cal-cell", timeout=SLOW)
    expect(page.locator(".planner-cal-title")).to_have_text("Tháng 3 năm 2025")
    expect(page.locator(".planner-cal-cell:not(.other-month)")).to_have_count(31)
    expect(page.locator(".planner-form-save")).to_be_visible()
    shots(page, "01_lich_thang_3")


def test_click_a_day_and_add_an_item_through_the_form(page, voila, demo_workspace, shots):
    open_march(page, voila, shots)
    (day,) = empty_days(demo_workspace, 1)
    title = "Tọa đàm “Phụ nữ khởi nghiệp” — thêm từ trình duyệt"
    assert cell(page, day).locator(".planner-cal-chip").count() == 0

    cell(page, day).click(position={"x": 6, "y": 6})  # the day number, not a chip
    expect(page.locator(f'.planner-cal-cell.selected[data-date="{day}"]')).to_have_count(1)
    expect(page.locator(".planner-form-day")).to_contain_text(dt.date.fromisoformat(day).strftime("%-d/%-m/%Y"))
    expect(page.locator(".planner-form-date input")).to_have_value(day)

    page.locator(".planner-form-title input").fill(title)
    page.locator(".planner-form-unit select").select_option(label="Hội Phụ nữ")
    page.locator(".planner-form-format select").select_option(label="Bài viết")
    page.locator(".planner-form-platform select").select_option(label="Zalo")
    page.locator(".planner-form-theme select").select_option(label="Người tốt, việc tốt")
    shots(page, "02_dien_noi_dung_moi")
    page.locator(".planner-form-save").click()

    row = wait_for_row(demo_workspace, lambda r: r is not None, title=title)
    assert (row["date"], row["unit_id"], row["format"], row["platform"], row["theme"]) == (
        day,
        "hoi-phu-nu",
        "article",
        "zalo",
        "good_deeds",
    )
    # what the page says and shows now: the form's message, the new chip on that day
    expect(page.locator(".planner-form .planner-status")).to_contain_text(f"Đã thêm nội dung số {row['item_id']}.")
    chip = cell(page, day).locator(f'.planner-cal-chip[data-item-id="{row["item_id"]}"]')
    expect(chip).to_contain_text(title)
    shots(page, "03_da_luu")


def test_drag_a_chip_to_another_day(page, voila, demo_workspace, shots):
    open_march(page, voila, shots)
    busy = march_days(demo_workspace)
    source = next(d for d, n in sorted(busy.items()) if n < MAX_CHIPS)  # every chip of that day is shown
    (target,) = empty_days(demo_workspace, 1)
    with sqlite3.connect(f"file:{demo_workspace / 'planner.sqlite'}?mode=ro", uri=True) as conn:
        item_id, version = conn.execute(
            "SELECT item_id, version FROM items WHERE date = ? ORDER BY item_id LIMIT 1", (source,)
        ).fetchone()

    chip = page.locator(f'.planner-cal-chip[data-item-id="{item_id}"]')
    expect(cell(page, source).locator(f'[data-item-id="{item_id}"]')).to_have_count(1)
    chip.drag_to(cell(page, target))

    row = wait_for_row(demo_workspace, lambda r: r["date"] == target, item_id=item_id)
    assert row["version"] == version + 1
    # the page drew it again from Python: in the target day, with the new version, no longer pending
    moved = cell(page, target).locator(f'.planner-cal-chip[data-item-id="{item_id}"][data-version="{version + 1}"]')
    expect(moved).to_have_count(1)
    expect(moved).not_to_have_class("pending")
    expect(cell(page, source).locator(f'[data-item-id="{item_id}"]')).to_have_count(0)
    expect(page.locator(".planner-calendar-view .planner-status")).to_contain_text(
        f"sang ngày {dt.date.fromisoformat(target).strftime('%-d/%-m/%Y')}"
    )
    shots(page, "02_da_keo_sang_ngay_khac")


def test_an_edit_saved_elsewhere_appears_without_reload(page, voila, demo_workspace, shots):
    open_march(page, voila, shots)
    busy = march_days(demo_workspace)
    source = next(d for d, n in sorted(busy.items()) if n < MAX_CHIPS)
    added_day, moved_to = empty_days(demo_workspace, 2)
    with planner.open_workspace(demo_workspace, user="lanhdao") as other:  # a second handle: another planner
        moved = int(other.items(start=source, end=source)["item_id"].min())
        assert page.locator(f'.planner-cal-chip[data-item-id="{moved}"]').count() == 1
        added = other.add_item(
            title="Nội dung người khác vừa lưu",
            date=dt.date.fromisoformat(added_day),
            unit_id="mttq",
            format="post",
            platform="facebook",
            theme="event",
        )
        other.move_item(moved, moved_to, version=other.item(moved)["version"])
    assert page.locator(f'.planner-cal-chip[data-item-id="{added}"]').count() == 0

    expect(cell(page, added_day).locator(f'.planner-cal-chip[data-item-id="{added}"]')).to_contain_text(
        "Nội dung người khác vừa lưu", timeout=FOREIGN
    )
    expect(cell(page, moved_to).locator(f'.planner-cal-chip[data-item-id="{moved}"]')).to_have_count(1, timeout=FOREIGN)
    expect(cell(page, source).locator(f'.planner-cal-chip[data-item-id="{moved}"]')).to_have_count(0)
    shots(page, "02_thay_doi_tu_noi_khac")

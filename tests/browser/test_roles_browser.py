"""Access rules on the planner's screen: a planner may drag only the chips of her own units.

Notebook 02 is served by Voilà with ``JUPYTERHUB_USER=lan`` (the kernel acts as lan, a planner of
one unit); headless Chromium opens March 2025. What the page draws is checked against the items
table read with plain ``sqlite3`` (not through the package): lan's chips are draggable, every other
unit's chip is locked, a locked chip dragged onto another day stays where it was (and the page did not
even ask: no refusal in the audit), and one of lan's chips dragged there moves.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

import planner
from planner.strings import CALENDAR_VIEW_LABELS
from planner.ui.calendar import MAX_CHIPS

from ._support import SLOW, expect, free_port, item_row, notebook_copy, server_env, voila_command, wait_for_row

pytestmark = pytest.mark.browser

MANAGER = "truongban"
PLANNER = "lan"
LAN_UNIT = "doan-thanh-nien"  # March 2025 of the demo plan: her chips on quiet days, beside other units' chips


def _db(workspace: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{workspace / 'planner.sqlite'}?mode=ro", uri=True)


def items_on(workspace: Path, dates: list[str]) -> dict[str, list[tuple[int, str]]]:
    """(item_id, unit_id) of the items of each of ``dates``, from SQLite (days without items are absent)."""
    marks = ",".join("?" * len(dates))
    with _db(workspace) as conn:
        rows = conn.execute(f"SELECT date, item_id, unit_id FROM items WHERE date IN ({marks})", dates).fetchall()
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for date, item_id, unit_id in rows:
        found[date].append((int(item_id), unit_id))
    return dict(found)


def refusals(workspace: Path) -> int:
    """How many refused writes the audit holds (a move the store turned down is one)."""
    with _db(workspace) as conn:
        return conn.execute("SELECT count(*) FROM changes WHERE action = 'refused'").fetchone()[0]


@pytest.fixture
def lan_workspace(demo_workspace: Path) -> Path:
    """The demo workspace with members: a manager, and lan, a planner of one unit only."""
    with planner.open_workspace(demo_workspace, user=MANAGER) as ws:
        ws.set_member(MANAGER, role="manager")  # the first member: access control is on from now
        ws.set_member(PLANNER, role="planner", units=[LAN_UNIT], display_name="Nguyễn Thị Lan")
    with _db(demo_workspace) as conn:  # read back without the package
        members = dict(conn.execute("SELECT user_name, role FROM members").fetchall())
    assert members == {MANAGER: "manager", PLANNER: "planner"}
    return demo_workspace


@pytest.fixture
def voila_as_lan(tmp_path: Path, lan_workspace: Path, start_server):
    """Voilà serving a copy of notebook 02 on March 2025, its kernel acting as lan (``JUPYTERHUB_USER``)."""
    notebook = notebook_copy(tmp_path / "notebooks", month=3)
    port = free_port()
    env = server_env(tmp_path, lan_workspace, JUPYTERHUB_USER=PLANNER)
    return start_server(voila_command(notebook, port), port=port, cwd=notebook.parent, env=env)


def cell(page, date: str):
    return page.locator(f'.planner-cal-cell[data-date="{date}"]')


def test_a_planner_drags_only_her_own_units_chips(page, voila_as_lan, lan_workspace, shots):
    ws = lan_workspace
    page.goto(voila_as_lan.url + "/", timeout=SLOW)
    page.wait_for_selector(".planner-cal-chip", timeout=SLOW)
    expect(page.locator(".planner-cal-title")).to_have_text("Tháng 3 năm 2025")
    expect(page.locator(".planner-cal-cell:not(.other-month)")).to_have_count(31)
    shots(page, "01_lich_thang_3_cua_lan")

    # ---- what the page drew: every chip, its day, whether it may be dragged, whether it is locked
    chips = page.locator(".planner-cal-chip").evaluate_all(
        """nodes => nodes.map(n => ({
            id: Number(n.dataset.itemId),
            date: n.closest('.planner-cal-cell').dataset.date,
            draggable: n.getAttribute('draggable'),
            locked: n.classList.contains('locked'),
            title: n.getAttribute('title'),
        }))"""
    )
    dates = page.locator(".planner-cal-cell[data-date]").evaluate_all("nodes => nodes.map(n => n.dataset.date)")
    assert len(dates) >= 35 and dates[0] <= "2025-03-01" and dates[-1] >= "2025-03-31", dates
    shown_ids = [c["id"] for c in chips]
    assert len(shown_ids) == len(set(shown_ids)), "a chip is drawn twice"

    # ---- the same days read from SQLite: which items are there, and of which unit
    stored = items_on(ws, dates)
    unit_of = {item_id: unit for day in stored.values() for item_id, unit in day}
    drawn: dict[str, set[int]] = defaultdict(set)
    for c in chips:
        drawn[c["date"]].add(c["id"])
    for date in dates:  # each day shows its items (at most MAX_CHIPS of a busy day; the rest are "+N")
        there = {item_id for item_id, _ in stored.get(date, [])}
        assert drawn.get(date, set()) <= there, (date, drawn.get(date), there)
        assert len(drawn.get(date, set())) == min(len(there), MAX_CHIPS), (date, drawn.get(date), there)
    quiet = [d for d in dates if "2025-03-01" <= d <= "2025-03-31" and 0 < len(stored.get(d, [])) <= MAX_CHIPS]
    lan_on_quiet_days = {i for d in quiet for i, unit in stored[d] if unit == LAN_UNIT}
    others_on_quiet_days = {i for d in quiet for i, unit in stored[d] if unit != LAN_UNIT}
    assert lan_on_quiet_days and others_on_quiet_days, stored  # the month shows both kinds of chip

    movable = {c["id"] for c in chips if c["draggable"] == "true" and not c["locked"]}
    locked = {c["id"] for c in chips if c["draggable"] == "false" and c["locked"]}
    odd = [c for c in chips if c["id"] not in movable | locked]
    assert not odd, f"chips neither plainly movable nor plainly locked: {odd}"
    assert movable == {i for i in shown_ids if unit_of[i] == LAN_UNIT}, (movable, LAN_UNIT)
    assert locked == {i for i in shown_ids if unit_of[i] != LAN_UNIT}
    assert lan_on_quiet_days <= movable and others_on_quiet_days <= locked  # nothing of a quiet day is hidden
    # a locked chip says why when the pointer rests on it (its title); one lan may move does not
    said = CALENDAR_VIEW_LABELS["locked"]
    assert all(c["title"].endswith("\n" + said) for c in chips if c["id"] in locked)
    assert not any(said in c["title"] for c in chips if c["id"] in movable)
    expect(page.locator(f'.planner-cal-chip[data-item-id="{min(lan_on_quiet_days)}"]')).to_have_attribute(
        "draggable", "true"
    )
    expect(page.locator(".planner-cal-chip.locked").first).to_have_attribute("draggable", "false")

    # ---- two empty days of March to drop on; a locked chip and one of lan's, each from a quiet day
    empty = [d for d in dates if "2025-03-02" <= d <= "2025-03-28" and d not in stored]
    assert len(empty) >= 2, stored
    locked_id = min(others_on_quiet_days)
    own_id = min(lan_on_quiet_days)
    before_locked, before_own = item_row(ws, item_id=locked_id), item_row(ws, item_id=own_id)
    refused_before = refusals(ws)

    # a locked chip dragged onto another day: the page starts no drag, nothing is sent, nothing is saved
    page.locator(f'.planner-cal-chip[data-item-id="{locked_id}"]').drag_to(cell(page, empty[0]))
    shots(page, "02_keo_noi_dung_khong_duoc_phep")
    # one of lan's chips dragged onto another empty day: moved, saved (after whatever the first drag sent)
    page.locator(f'.planner-cal-chip[data-item-id="{own_id}"]').drag_to(cell(page, empty[1]))
    moved = wait_for_row(ws, lambda r: r["date"] == empty[1], item_id=own_id)
    assert moved["version"] == before_own["version"] + 1 and moved["unit_id"] == LAN_UNIT
    expect(cell(page, empty[1]).locator(f'.planner-cal-chip[data-item-id="{own_id}"]')).to_have_count(1)
    expect(cell(page, before_own["date"]).locator(f'[data-item-id="{own_id}"]')).to_have_count(0)
    shots(page, "03_keo_noi_dung_cua_minh")

    # the kernel handles the page's messages in order: had the first drag sent a move, it is done by now
    after_locked = item_row(ws, item_id=locked_id)
    assert (after_locked["date"], after_locked["version"]) == (before_locked["date"], before_locked["version"])
    assert refusals(ws) == refused_before, "the page asked to move a locked chip (the store refused it)"
    still = cell(page, before_locked["date"]).locator(f'.planner-cal-chip[data-item-id="{locked_id}"]')
    expect(still).to_have_count(1)
    expect(still).to_have_class(re.compile(r"\blocked\b"))
    expect(still).not_to_have_class(re.compile(r"\bpending\b"))
    expect(cell(page, empty[0]).locator(".planner-cal-chip")).to_have_count(0)

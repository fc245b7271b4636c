"""The managers' dashboard as ``make dashboard`` serves it: notebook 04 in Voilà, used in headless Chromium.

The workspace has the 2025 plan and demo outputs of a few units (seeded before the server starts, so the
notebook does not seed them itself). The page opens on March 2025; the person switches to a quarter, then to
another quarter, and sees the heatmap (its periods and its image) and the table of units behind change to
what :func:`planner.tracking.dashboard_data` says for that period. Screenshots of each step are kept under
``tests/browser/artifacts/test_change_the_period_and_the_figures_follow/``. The same notebook also runs in
JupyterLab ("Chạy › Run All Cells"), where the period picker works the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import planner

from ._support import LAB_SETTINGS, REPO, SLOW, expect, free_port, lab_command, server_env, voila_command
from .test_lab import KERNEL_CONNECTED, RUN_ALL, RUN_MENU

pytestmark = pytest.mark.browser

NOTEBOOK = REPO / "notebooks" / "04_bang_dieu_khien.ipynb"
DEMO_UNITS = ["dang-uy-phuong-1", "hoi-phu-nu", "doan-thanh-nien"]


def notebook_copy(folder: Path, **values: object) -> Path:
    """Notebook 04 copied into ``folder`` with its parameters cell's lines ``name = …`` set to ``values``."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, "notebook 04 has no (or more than one) cell tagged 'parameters'"
    source = "".join(cells[0]["source"])
    for name, value in values.items():
        source, count = re.subn(rf"^{name}\s*=.*$", f"{name} = {value!r}", source, flags=re.M)
        assert count == 1, f"notebook 04's parameters cell has no line '{name} = …':\n{source}"
    cells[0]["source"] = source.splitlines(keepends=True)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / NOTEBOOK.name
    target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


@pytest.fixture
def seeded_workspace(demo_workspace: Path) -> Path:
    import planner.demo

    with planner.open_workspace(demo_workspace) as ws:
        planner.demo.seed_demo(ws, year=2025, units=DEMO_UNITS)
        assert not ws.outputs().empty
    return demo_workspace


@pytest.fixture
def voila(tmp_path: Path, seeded_workspace: Path, start_server):
    notebook = notebook_copy(tmp_path / "notebooks", year=2025, period="month", which=3)
    port = free_port()
    env = server_env(tmp_path, seeded_workspace)
    return start_server(voila_command(notebook, port), port=port, cwd=notebook.parent, env=env)


def expected(workspace: Path, period: str, start: dt.date, end: dt.date) -> tuple[str, set[str]]:
    """The heatmap's periods and the units behind, as the package computes them (read-only)."""
    from planner import tracking
    from planner.plots.dashboard import heatmap_frame

    with planner.open_workspace(workspace, read_only=True) as ws:
        data = tracking.dashboard_data(ws, period=period, start=start, end=end)
    heat = heatmap_frame(data)
    periods = " ".join(sorted({str(p) for p in heat["period"]})) if len(heat) else ""
    behind = set() if data.behind is None or data.behind.empty else set(data.behind["unit_id"])
    return periods, behind


def shoot_parts(page, shots, name: str) -> None:
    """The page, then the heatmap and the table of units behind on their own (the page scrolls inside Voilà)."""
    shots(page, name)
    page.locator("img.planner-dash-heatmap").screenshot(path=str(shots.folder / f"{name}_heatmap.png"))
    page.locator(".planner-dash-behind").screenshot(path=str(shots.folder / f"{name}_chua_dat.png"))


def shown_behind(page) -> set[str]:
    rows = page.locator(".planner-dash-behind-table tbody tr")
    return {rows.nth(i).get_attribute("data-unit") for i in range(rows.count())}


def test_change_the_period_and_the_figures_follow(page, voila, seeded_workspace, shots):
    page.goto(voila.url + "/", timeout=SLOW)
    page.wait_for_selector("img.planner-dash-heatmap", timeout=SLOW)
    info = page.locator(".planner-dash-heatmap-info [data-periods]")
    periods, behind = expected(seeded_workspace, "month", dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expect(info).to_have_attribute("data-periods", periods)
    expect(page.locator(".planner-dash-shown")).to_contain_text("tháng 3/2025")
    expect(page.locator(".planner-dash .planner-status")).to_have_text("")
    assert behind, "the demo should leave some unit behind in March"
    assert shown_behind(page) == behind
    expect(page.locator(".planner-dash-definitions li").first).to_be_visible()
    march_image = page.locator("img.planner-dash-heatmap").get_attribute("src")
    shoot_parts(page, shots, "01_thang_3")

    page.locator(".planner-dash-kind select").select_option(label="Quý")
    expect(page.locator(".planner-dash-shown")).to_contain_text("quý 1/2025", timeout=SLOW)
    periods_q1, behind_q1 = expected(seeded_workspace, "quarter", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    expect(info).to_have_attribute("data-periods", periods_q1)
    assert periods_q1 != periods
    expect(page.locator("img.planner-dash-heatmap")).not_to_have_attribute("src", march_image)
    assert shown_behind(page) == behind_q1
    shoot_parts(page, shots, "02_quy_1")

    q1_image = page.locator("img.planner-dash-heatmap").get_attribute("src")
    page.locator(".planner-dash-which select").select_option(label="Quý 3")
    expect(page.locator(".planner-dash-shown")).to_contain_text("quý 3/2025", timeout=SLOW)
    periods_q3, behind_q3 = expected(seeded_workspace, "quarter", dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    expect(info).to_have_attribute("data-periods", periods_q3)
    expect(page.locator("img.planner-dash-heatmap")).not_to_have_attribute("src", q1_image)
    assert shown_behind(page) == behind_q3
    shoot_parts(page, shots, "03_quy_3")

    # the Excel report of what is shown, offered as a download in the page
    page.locator(".planner-dash-export").click()
    link = page.locator("a.planner-dash-download-link")
    expect(link).to_be_visible(timeout=SLOW)
    assert link.get_attribute("download") == "Bao-cao-chi-tieu-2025-Q3.xlsx"
    with page.expect_download() as download:
        link.click()
    saved = Path(voila.log.parent) / "Bao-cao-chi-tieu-2025-Q3.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    import openpyxl

    from planner import tracking

    summary = openpyxl.load_workbook(saved)["Tổng hợp"]
    counted = [row[3] for row in summary.iter_rows(min_row=9, values_only=True) if row[0] is not None]
    with planner.open_workspace(seeded_workspace, read_only=True) as ws:
        ranked = tracking.ranking(ws, period="quarter", start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30))
    assert counted == [None if pd.isna(v) else int(v) for v in ranked["actual"]] and sum(filter(None, counted)) > 0
    shots(page, "04_bao_cao")
    assert not [line for line in page.console_lines if line.startswith("pageerror")], page.console_lines


@pytest.fixture
def lab(tmp_path: Path, seeded_workspace: Path, start_server):
    """JupyterLab (as ``make lab`` starts it) on a copy of notebook 04 opened on March 2025."""
    notebook = notebook_copy(tmp_path / "notebooks", year=2025, period="month", which=3)
    env = server_env(tmp_path, seeded_workspace)
    shutil.copytree(LAB_SETTINGS, env["JUPYTERLAB_SETTINGS_DIR"])
    port = free_port()
    server = start_server(lab_command(notebook, port), port=port, cwd=notebook.parent, env=env)
    server.notebook = notebook
    return server


def test_the_dashboard_in_jupyterlab(page, lab, seeded_workspace, shots):
    page.goto(f"{lab.url}/lab/tree/{lab.notebook.name}", timeout=SLOW)
    page.wait_for_function(KERNEL_CONNECTED, timeout=SLOW)
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(f"^{RUN_MENU}$")).click()
    page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(f"^{RUN_ALL}$")).click()
    page.wait_for_selector(".jp-OutputArea img.planner-dash-heatmap", timeout=SLOW)
    info = page.locator(".planner-dash-heatmap-info [data-periods]")
    periods, _ = expected(seeded_workspace, "month", dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expect(info).to_have_attribute("data-periods", periods)
    expect(page.locator(".jp-OutputArea .planner-targets-list select")).to_be_visible()
    shots(page, "01_jupyterlab_thang_3")

    page.locator(".planner-dash-kind select").select_option(label="Năm")
    expect(page.locator(".planner-dash-shown")).to_contain_text("năm 2025", timeout=SLOW)
    year, behind = expected(seeded_workspace, "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    expect(info).to_have_attribute("data-periods", year)
    assert year.split() == [f"2025-{m:02d}" for m in range(1, 13)]
    assert shown_behind(page) == behind
    shoot_parts(page, shots, "02_jupyterlab_ca_nam")

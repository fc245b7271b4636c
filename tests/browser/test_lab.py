"""``make lab``: JupyterLab in Vietnamese, no "Jupyter news" question, and notebook 02 run from its menu.

The lab starts the way ``make lab`` starts it, on the project's settings templates (a temporary
copy of ``jupyter/lab/user-settings``), opens a copy of notebook 02, waits until its kernel is
really connected, runs every cell from the menu a person uses and works the calendar it draws.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from ._support import LAB_SETTINGS, SLOW, expect, free_port, lab_command, notebook_copy, server_env

pytestmark = pytest.mark.browser

#: The menu bar as jupyterlab-language-pack-vi-VN shows it ("Kernel" has no translation in the pack).
VIETNAMESE_MENUS = ("Tệp", "Chỉnh sửa", "Hiển thị", "Chạy", "Thẻ", "Cài đặt", "Trợ giúp")
ENGLISH_MENUS = ("File", "Edit", "View", "Run", "Tabs", "Settings", "Help")
#: Menu "Chạy" (Run) › its item running every cell — left in English by the pack.
RUN_MENU, RUN_ALL = "Chạy", "Run All Cells"

KERNEL_CONNECTED = """() => {
    const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const context = widget && widget.sessionContext;
    const kernel = context && context.session && context.session.kernel;
    return Boolean(context && context.isReady && kernel && kernel.connectionStatus === 'connected'
                   && kernel.status === 'idle');
}"""


@pytest.fixture
def lab(tmp_path: Path, demo_workspace: Path, start_server):
    """JupyterLab on a copy of notebook 02 (March 2025), with a copy of the project's lab settings."""
    notebook = notebook_copy(tmp_path / "notebooks", month=3)
    env = server_env(tmp_path, demo_workspace)
    shutil.copytree(LAB_SETTINGS, env["JUPYTERLAB_SETTINGS_DIR"])
    port = free_port()
    server = start_server(lab_command(notebook, port), port=port, cwd=notebook.parent, env=env)
    server.notebook = notebook
    return server


def test_lab_in_vietnamese_runs_the_planner_screen(page, lab, demo_workspace, shots):
    # the settings the server reads are the project's: Vietnamese, no news, no update check
    settings = page.request.get(f"{lab.url}/lab/api/settings/@jupyterlab/translation-extension:plugin").json()
    assert settings["settings"]["locale"] == "vi_VN"
    news = page.request.get(f"{lab.url}/lab/api/settings/@jupyterlab/apputils-extension:notification").json()
    assert news["settings"] == {"fetchNews": "false", "checkForUpdates": False}

    page.goto(f"{lab.url}/lab/tree/{lab.notebook.name}", timeout=SLOW)
    menus = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel")
    expect(menus.first).to_be_visible(timeout=SLOW)
    labels = [unicodedata.normalize("NFC", t) for t in menus.all_text_contents()]  # the pack writes "Thẻ" decomposed
    assert set(VIETNAMESE_MENUS) <= set(labels), labels
    assert not set(ENGLISH_MENUS) & set(labels), labels
    page.wait_for_function(KERNEL_CONNECTED, timeout=SLOW)
    shots(page, "01_jupyterlab_tieng_viet")

    # Chạy › Run All Cells, as the notebook tells a person to do
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(f"^{RUN_MENU}$")).click()
    item = page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(f"^{RUN_ALL}$"))
    expect(item).to_be_visible()
    shots(page, "02_menu_chay")
    item.click()

    page.wait_for_selector(".jp-OutputArea .planner-cal-cell", timeout=SLOW)
    expect(page.locator(".planner-cal-title")).to_have_text("Tháng 3 năm 2025")
    chip = page.locator(".planner-cal-chip").first
    expect(chip).to_be_visible()
    assert chip.get_attribute("data-item-id").isdigit()
    shots(page, "03_man_hinh_lap_ke_hoach")

    day = dt.date(2025, 3, 12)
    page.locator(f'.planner-cal-cell[data-date="{day.isoformat()}"]').click(position={"x": 6, "y": 6})
    expect(page.locator(f'.planner-cal-cell.selected[data-date="{day.isoformat()}"]')).to_have_count(1)
    expect(page.locator(".planner-form-day")).to_contain_text("12/3/2025")
    expect(page.locator(".planner-form-date input")).to_have_value(day.isoformat())
    shots(page, "04_chon_ngay")

    # no pop-up asked about "official Jupyter news" (without the settings it shows within seconds)
    assert page.locator(".Toastify__toast").all_text_contents() == []

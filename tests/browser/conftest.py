"""Real-browser tests: notebook 02 served by Voilà and by JupyterLab, driven by headless Chromium.

Each test gets a fresh demo workspace with the 2025 plan, a COPY of the notebook in a temporary
folder (autosave never writes outputs into the repository) and its own server on a free port,
killed at the end — on failure too. Screenshots of each step go to ``tests/browser/artifacts/<test>/``
(gitignored); the run's summary says where.

Chromium is Debian's (``/usr/bin/chromium``, apt package ``chromium``), driven through Playwright's
Python package (its own browser download is not used). Without it the tests are skipped — unless
``PLANNER_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import planner

from ._support import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, WAIT, Server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: drives headless Chromium against a real Voilà or JupyterLab server "
        "(skipped without /usr/bin/chromium unless PLANNER_REQUIRE_BROWSER=1)",
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _shots_taken:
        terminalreporter.write_line(f"Ảnh chụp từng bước của kiểm thử trên trình duyệt: {ARTIFACTS}")


_shots_taken: list[Path] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)  # the page fixture shoots the screen of a failed test
    return report


# ---------------------------------------------------------------------- the browser
def _unavailable(reason: str) -> None:
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        required = "PLANNER_REQUIRE_BROWSER=1: kiểm thử trên trình duyệt thật bắt buộc phải chạy"
        pytest.fail(f"{reason}. {required}.", pytrace=False)
    pytest.skip(f"Bỏ qua kiểm thử trên trình duyệt thật: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright, one for the session (each test opens its own context)."""
    if not CHROMIUM.exists():
        _unavailable(
            f"không có trình duyệt Chromium ở {CHROMIUM} (gói apt `chromium`; cài bằng "
            "`apt-get install -y chromium`, hoặc chạy .ci/run)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("chưa cài gói Python playwright (nhóm cài đặt dev: pip install -e '.[dev,lab]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """``shots(page, "01_lich")`` saves a screenshot of the step under artifacts/<test name>/."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def shoot(page: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        _shots_taken.append(path)
        return path

    shoot.folder = folder  # type: ignore[attr-defined]
    return shoot


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, shots: Callable) -> Iterator[Any]:
    """A fresh page (own context: no cookies or storage from another test); what the page logged is kept."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.set_default_timeout(WAIT)
    tab = context.new_page()
    tab.console_lines = []  # type: ignore[attr-defined]
    tab.on("console", lambda message: tab.console_lines.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: tab.console_lines.append(f"pageerror: {error}"))
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        try:
            shots(tab, "zz_that_bai")
        except Exception:  # noqa: BLE001 - the page may be gone; the test's own error matters more
            pass
        (shots.folder / "console.txt").write_text("\n".join(tab.console_lines), encoding="utf-8")
    context.close()


# ---------------------------------------------------------------------- workspace and notebook
@pytest.fixture
def demo_workspace(tmp_path: Path) -> Path:
    """A fresh demo workspace with the generated 2025 plan; returns its folder."""
    folder = tmp_path / "ws"
    with planner.open_workspace(folder) as ws:
        planner.generate_plan(ws, 2025)
    return folder


@pytest.fixture
def start_server(shots: Callable) -> Iterator[Callable[..., Server]]:
    """``start_server(command, cwd=, env=)`` → a listening :class:`Server`; every one is killed at the end."""
    started: list[Server] = []

    def start(command: Sequence[str], *, port: int, cwd: Path, env: dict[str, str]) -> Server:
        server = Server(command, port=port, cwd=cwd, env=env, log=shots.folder / f"server-{len(started) + 1}.log")
        started.append(server)
        server.wait_listening()
        return server

    yield start
    for server in started:
        server.stop()

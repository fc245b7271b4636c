"""Helpers of the browser tests: paths, the notebook copy, SQLite read-back, servers on free ports."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails, in CI) with the reason
    expect = None

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "02_ke_hoach_noi_dung.ipynb"
LAB_SETTINGS = REPO / "jupyter" / "lab" / "user-settings"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BIN = Path(sys.executable).parent  # voila and jupyter are installed beside the interpreter running the tests
CHROMIUM = Path(os.environ.get("PLANNER_CHROMIUM") or "/usr/bin/chromium")  # Debian's; the env var for another one
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Generous waits (ms): two slow cores may be busy with other tests; a selector wait returns as soon as it can.
SLOW = 90_000
WAIT = 30_000
#: How long an edit saved elsewhere may take to appear (the page's timer asks every 3 s).
FOREIGN = 15_000


def notebook_copy(folder: Path, *, month: int | None = 3) -> Path:
    """Notebook 02 copied into ``folder``, its parameters cell opening ``month`` (the workspace comes from the env)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, "notebook 02 has no (or more than one) cell tagged 'parameters'"
    source = "".join(cells[0]["source"])
    changed, count = re.subn(r"^month\s*=\s*None\s*$", f"month = {month!r}", source, flags=re.M)
    assert count == 1, f"notebook 02's parameters cell has no line 'month = None':\n{source}"
    assert re.search(r"^workspace\s*=\s*None\s*$", changed, flags=re.M), "the notebook should read PLANNER_WORKSPACE"
    cells[0]["source"] = changed.splitlines(keepends=True)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / NOTEBOOK.name
    target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def item_row(workspace: Path, **where: Any) -> dict | None:
    """One row of the items table, read with plain sqlite3 (not through the package), or None."""
    sql = "SELECT item_id, title, date, unit_id, format, platform, theme, version FROM items WHERE " + " AND ".join(
        f"{k} = ?" for k in where
    )
    with sqlite3.connect(f"file:{workspace / 'planner.sqlite'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql, tuple(where.values())).fetchall()
    assert len(rows) <= 1, rows
    return dict(rows[0]) if rows else None


def wait_for_row(workspace: Path, check: Callable[[dict | None], bool], *, timeout: float = 15, **where: Any) -> dict:
    """Poll SQLite until the row matching ``where`` passes ``check`` (the page's save is asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        row = item_row(workspace, **where)
        if check(row):
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"SQLite: after {timeout} s the row {where} is {row}")
        time.sleep(0.2)


# ---------------------------------------------------------------------- servers
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp_path: Path, workspace: Path, **extra: str) -> dict[str, str]:
    """The server's environment: the workspace, and Jupyter's user folders inside ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANNER_", "JUPYTER"))}
    env.update(
        PLANNER_WORKSPACE=str(workspace),
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter" / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter" / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "jupyter" / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "jupyter" / "user-settings"),
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Server:
    """A server subprocess in its own process group (its kernels die with it); ``url`` once it listens."""

    def __init__(self, command: Sequence[str], *, port: int, cwd: Path, env: dict[str, str], log: Path):
        self.port, self.log = port, log
        self.url = f"http://127.0.0.1:{port}"
        self._log_file = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_listening(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"server not listening on {self.port} after {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        self._log_file.flush()
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        try:  # kernels left behind by a server that died first
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log_file.close()


def voila_command(notebook: Path, port: int) -> list[str]:
    """Voilà serving ``notebook`` as ``make app`` / ``make dashboard`` do (plus tracebacks, for the artefacts)."""
    return [
        str(BIN / "voila"),
        notebook.name,
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=True",
    ]


def lab_command(notebook: Path, port: int) -> list[str]:
    """JupyterLab as ``make lab`` starts it, rooted at ``notebook``'s folder, no token (a test's own server)."""
    return [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={notebook.parent}",
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import planner

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh demo workspace in a temporary folder."""
    ws = planner.open_workspace(tmp_path / "ws", user="chuyenvien")
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _no_workspace_env(monkeypatch):
    monkeypatch.delenv("PLANNER_WORKSPACE", raising=False)
    monkeypatch.delenv("PLANNER_DATA", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def pytest_addoption(parser):
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite golden snapshots from the current output (review the diff!)",
    )

"""Fixtures for the screen's tests: a planned demo workspace, copied fresh for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

import planner
from tests.helpers import copy_place


@pytest.fixture(scope="session")
def planned_template(tmp_path_factory, _postgres) -> Path:
    """A demo workspace with the 2025 plan generated once per test run (copied, never used directly)."""
    path = tmp_path_factory.mktemp("planned") / "ws"
    # made before any test maps folders to schemas: on PostgreSQL name the folder's schema here
    where = path if _postgres is None else _postgres.place(path)
    with planner.open_workspace(where) as ws:
        planner.generate_plan(ws, 2025)
    return path


@pytest.fixture
def planned_path(planned_template: Path, tmp_path: Path) -> Path:
    """A private copy of the planned workspace (a folder; open it as many times as a test needs)."""
    target = tmp_path / "ws planned"
    copy_place(planned_template, target)
    return target


@pytest.fixture
def planned(planned_path: Path):
    """The planned workspace opened as the planner "chuyenvien"."""
    ws = planner.open_workspace(planned_path, user="chuyenvien")
    yield ws
    ws.close()


@pytest.fixture
def other(planned_path):
    """A second handle on the same workspace: another person ("lanhdao"), in this process."""
    handle = planner.open_workspace(planned_path, user="lanhdao")
    yield handle
    handle.close()

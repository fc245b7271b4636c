from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import planner

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
# child processes (notebook kernels, load workers, the CLI) import this tree's planner, not another checkout's
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def engine_name(request) -> str:
    """Which engine this run's workspaces live on: ``sqlite`` (default) or ``postgresql`` (``--engine``)."""
    return request.config.getoption("--engine")


@pytest.fixture(scope="session")
def _postgres(engine_name):
    if engine_name != "postgresql":
        yield None
        return
    from tests.engines import PostgresSession

    session = PostgresSession()
    patch = pytest.MonkeyPatch()  # for the whole session, so module fixtures' folders map to schemas too
    session.install(patch)
    yield session
    patch.undo()
    session.close()


@pytest.fixture(scope="session")
def postgres_server(_postgres):
    """A throwaway PostgreSQL database whichever engine the run uses (tests that move workspaces between
    engines need one): the run's own on PostgreSQL, else one made for these tests. None when no server is
    reachable — the test is then skipped, or fails when ``PLANNER_REQUIRE_POSTGRES`` is set."""
    if _postgres is not None:
        yield _postgres
        return
    from tests.engines import PostgresSession

    try:
        session = PostgresSession()
    except Exception as exc:  # no server, no driver, no role: said once, below
        if os.environ.get("PLANNER_REQUIRE_POSTGRES"):
            raise
        yield exc
        return
    yield session
    session.close()


@pytest.fixture
def pg_url(postgres_server, tmp_path):
    """``pg_url("name")``: the URL (text) of a new, empty PostgreSQL schema of this test."""
    if not hasattr(postgres_server, "schema_url"):
        pytest.skip(f"không có máy chủ PostgreSQL: {postgres_server}")

    def make(name: str) -> str:
        return postgres_server.schema_url(tmp_path / "pg" / name).render_as_string(hide_password=False)

    return make


@pytest.fixture(autouse=True)
def _engine(request, _postgres, monkeypatch):
    """On PostgreSQL, each workspace folder a test opens lives in its own schema (tests/engines.py)."""
    if _postgres is None:
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip(f"chỉ với SQLite: {request.node.get_closest_marker('sqlite_only').args[0]}")
    _postgres.install(monkeypatch)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory, _postgres) -> Path:
    """The 2025 plan and demo outputs of three units (tests.helpers.DEMO_UNITS), made once per run for the
    dashboard and quota-report tests: copied for a test that writes (copy_place), opened read-only otherwise."""
    import planner.demo
    from tests.helpers import DEMO_UNITS

    path = tmp_path_factory.mktemp("seeded") / "ws"
    with planner.open_workspace(path) as ws:
        planner.generate_plan(ws, 2025)
        planner.demo.seed_demo(ws, year=2025, units=DEMO_UNITS)
    return path


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh demo workspace in a temporary folder."""
    ws = planner.open_workspace(tmp_path / "ws", user="chuyenvien")
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _no_workspace_env(monkeypatch):
    monkeypatch.delenv("PLANNER_WORKSPACE", raising=False)
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.delenv("PLANNER_DATA", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL a ``sqlite_only`` test is skipped before its fixtures are made (a module fixture may
    build SQLite files)."""
    if config.getoption("--engine") != "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason=f"chỉ với SQLite: {marker.args[0]}"))


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): about the SQLite file itself; skipped on PostgreSQL")


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("PLANNER_TEST_ENGINE", "sqlite"),
        help="where the tests' workspaces live (PostgreSQL: a throwaway database, a schema per workspace)",
    )
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite golden snapshots from the current output (review the diff!)",
    )

"""The workspace: a real SQLite file, created from data/, versioned and audited."""

import sqlite3
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import planner
from planner import ConflictError, DataError, PlannerError
from planner.store import DB_FILE, SCHEMA_VERSION, events_table


def test_created_from_data_on_first_use(tmp_path):
    folder = tmp_path / "ws"
    ws = planner.open_workspace(folder, user="an")
    db = folder / DB_FILE
    assert db.exists() and (folder / "exports").is_dir()
    assert len(ws.units()) == 18 and len(ws.events()) == 62
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 62
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"units", "events", "items", "targets", "outputs", "audit", "meta"} <= tables
    assert ws.schema_version == SCHEMA_VERSION
    assert ws.organisation.name == "Thành ủy Vũng Tàu"
    # every seeded row is audited, by the user who created the workspace
    audit = ws.audit()
    assert len(audit) == 80 and set(audit["user"]) == {"an"} and set(audit["action"]) == {"insert"}
    ws.close()


def test_reopen_keeps_data_and_does_not_reseed(tmp_path):
    with planner.open_workspace(tmp_path / "ws") as ws:
        n_audit = len(ws.audit())
    with planner.open_workspace(tmp_path / "ws") as ws:
        assert len(ws.audit()) == n_audit and len(ws.events()) == 62


def test_events_round_trip_matches_catalogue(workspace):
    from planner.catalogue import read_events

    stored = workspace.events().drop(columns="version")
    pd.testing.assert_frame_equal(stored, read_events().sort_values("event_id").reset_index(drop=True),
                                  check_dtype=False)
    occ = planner.occurrences(2025, workspace.events())
    assert occ.set_index("event_id").loc["thanh-lap-dang", "anniversary"] == 95


def test_foreign_keys_are_on(workspace):
    with workspace._engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.execute(sa.text(
            "INSERT INTO items (year, unit_id, theme, format, platform) "
            "VALUES (2025, 'no-such-unit', 'event', 'post', 'facebook')"
        ))


def test_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_WORKSPACE", str(tmp_path / "from-env"))
    with planner.open_workspace() as ws:
        assert ws.folder == (tmp_path / "from-env").resolve()
    assert (tmp_path / "from-env" / DB_FILE).exists()


def test_default_path_is_workspace_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with planner.open_workspace() as ws:
        assert ws.folder == (tmp_path / "workspace").resolve()


def test_user_from_jupyterhub(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "lan.nguyen")
    with planner.open_workspace(tmp_path / "ws") as ws:
        assert ws.user == "lan.nguyen"
        assert set(ws.audit()["user"]) == {"lan.nguyen"}


@pytest.mark.parametrize(
    ("file", "bad_line", "column"),
    [
        ("events.csv", "x,Tên,,lunar,31,4,,1930,party,national,,,src,\n", "day"),
        ("units.csv", "x,Đơn vị X,Đơn vị X,club,,,\n", "kind"),
    ],
)
def test_bad_data_creates_nothing(tmp_path, data_dir, file, bad_line, column):
    with (data_dir / file).open("a", encoding="utf-8") as fh:
        fh.write(bad_line)
    lines = (data_dir / file).read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataError) as info:
        planner.open_workspace(tmp_path / "ws", data_dir=data_dir)
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.column) == (file, lines, column)
    assert not (tmp_path / "ws" / DB_FILE).exists()


def _catalogue_with(tmp_path, edit) -> Path:
    from planner.catalogue import DATA_DIR

    text = (DATA_DIR / "events.csv").read_text(encoding="utf-8")
    path = tmp_path / "events-edited.csv"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_import_events_updates_and_audits(workspace, tmp_path):
    path = _catalogue_with(
        tmp_path,
        lambda t: t.replace("Ngày Thể thao Việt Nam,", "Ngày Thể thao Việt Nam (27/3),")
        + "le-hoi-dia-phuong,Lễ hội địa phương,,solar,15,9,,2000,local,city,,,Quyết định 1/QĐ,\n",
    )
    counts = workspace.import_events(path)
    assert counts == {"added": 1, "updated": 1, "unchanged": 61}
    events = workspace.events().set_index("event_id")
    assert events.loc["the-thao-viet-nam", "name_vi"] == "Ngày Thể thao Việt Nam (27/3)"
    assert events.loc["the-thao-viet-nam", "version"] == 2
    last = workspace.audit(entity="event", entity_id="the-thao-viet-nam").iloc[-1]
    assert last["action"] == "update" and last["user"] == "chuyenvien"
    assert last["before"]["name_vi"] == "Ngày Thể thao Việt Nam"
    assert last["after"]["name_vi"] == "Ngày Thể thao Việt Nam (27/3)"


def test_import_events_all_or_nothing(workspace, tmp_path):
    path = _catalogue_with(
        tmp_path,
        lambda t: t.replace("Ngày Thể thao Việt Nam,", "Ngày Thể thao (sửa),")
        + "hong,Sự kiện hỏng,,solar,31,4,,2000,local,city,,,src,\n",
    )
    before_events, before_audit = workspace.events(), workspace.audit()
    with pytest.raises(DataError, match="events-edited.csv, dòng 64, cột 'day'"):
        workspace.import_events(path)
    pd.testing.assert_frame_equal(workspace.events(), before_events)
    assert len(workspace.audit()) == len(before_audit)


def test_text_is_stored_nfc(workspace, tmp_path):
    nfd_name = unicodedata.normalize("NFD", "Ngày hội Văn hóa")
    with workspace._engine.begin() as conn:
        workspace._update_row(conn, events_table, "event", "event_id", "the-thao-viet-nam", 1,
                              {"name_vi": nfd_name})
    stored = workspace.events().set_index("event_id").loc["the-thao-viet-nam", "name_vi"]
    assert stored == unicodedata.normalize("NFC", nfd_name) and stored != nfd_name


def test_stale_update_is_refused_and_first_write_kept(tmp_path):
    first = planner.open_workspace(tmp_path / "ws", user="an")
    second = planner.open_workspace(tmp_path / "ws", user="binh")
    v = int(first.events().set_index("event_id").loc["quoc-khanh", "version"])
    with first._engine.begin() as conn:
        first._update_row(conn, events_table, "event", "event_id", "quoc-khanh", v, {"note": "bản của An"})
    with pytest.raises(ConflictError, match=r"đã được an sửa lúc .* \(phiên bản 2\); bạn đang sửa phiên bản 1"):
        with second._engine.begin() as conn:
            second._update_row(conn, events_table, "event", "event_id", "quoc-khanh", v, {"note": "bản của Bình"})
    assert second.events().set_index("event_id").loc["quoc-khanh", "note"] == "bản của An"
    first.close(), second.close()


def test_newer_workspace_is_refused(tmp_path):
    planner.open_workspace(tmp_path / "ws").close()
    with sqlite3.connect(tmp_path / "ws" / DB_FILE) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(PlannerError, match="phiên bản dữ liệu 999, mới hơn"):
        planner.open_workspace(tmp_path / "ws")

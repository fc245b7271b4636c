"""The workspace: a real SQLite file, created from data/, versioned and audited."""

import csv
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import planner
from planner import DataError, PlannerError
from planner.store import DB_FILE, SCHEMA_VERSION
from tests.helpers import db_execute, db_rows, db_tables, db_url, put_legacy_workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent.parent / "data"


def _data_rows(name: str) -> int:
    """Rows of a data file, counted with the csv module (independently of the readers)."""
    with (DATA / name).open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for row in csv.reader(fh) if any(c.strip() for c in row)) - 1


SPECS = _data_rows("template_items.csv")


def test_created_from_data_on_first_use(tmp_path):
    folder = tmp_path / "ws"
    ws = planner.open_workspace(folder, user="an")
    assert (folder / "exports").is_dir()
    assert len(ws.units()) == _data_rows("units.csv") and len(ws.events()) == _data_rows("events.csv")
    assert len(ws.templates()) == SPECS and len(ws.official_names()) == _data_rows("official_names.csv")
    if ws._engine.dialect.name == "sqlite":
        with sqlite3.connect(folder / DB_FILE) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db_rows(folder, "SELECT count(*) FROM events") == [(_data_rows("events.csv"),)]
    tables = db_tables(folder)
    assert {
        "units",
        "events",
        "items",
        "targets",
        "outputs",
        "audit",
        "meta",
        "changes",
        "templates",
        "official_names",
    } <= tables
    assert ws.schema_version == SCHEMA_VERSION
    assert ws.organisation.name == "Thành ủy Vũng Tàu"
    # every seeded row is audited, by the user who created the workspace
    audit = ws.audit()
    seeded = ("units.csv", "events.csv", "template_items.csv", "official_names.csv", "recurring.csv", "targets.csv")
    assert len(audit) == sum(map(_data_rows, seeded))
    assert set(audit["user"]) == {"an"} and set(audit["action"]) == {"insert"}
    assert list(ws.change_sets()["action"]) == ["create_workspace"]
    ws.close()


def test_reopen_keeps_data_and_does_not_reseed(tmp_path):
    with planner.open_workspace(tmp_path / "ws") as ws:
        n_audit = len(ws.audit())
    with planner.open_workspace(tmp_path / "ws") as ws:
        assert len(ws.audit()) == n_audit and len(ws.events()) == 83


def test_events_round_trip_matches_catalogue(workspace):
    from planner.catalogue import read_events

    stored = workspace.events().drop(columns="version")
    pd.testing.assert_frame_equal(
        stored, read_events().sort_values("event_id").reset_index(drop=True), check_dtype=False
    )
    occ = planner.occurrences(2025, workspace.events())
    assert occ.set_index("event_id").loc["thanh-lap-dang", "anniversary"] == 95


def test_foreign_keys_are_on(workspace):
    with workspace._engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.execute(
            sa.text(
                "INSERT INTO items (year, unit_id, theme, format, platform) "
                "VALUES (2025, 'no-such-unit', 'event', 'post', 'facebook')"
            )
        )


def test_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_WORKSPACE", str(tmp_path / "from-env"))
    with planner.open_workspace() as ws:
        assert ws.folder == (tmp_path / "from-env").resolve()
    assert db_rows(tmp_path / "from-env", "SELECT count(*) FROM units")[0][0] > 0


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
        ("units.csv", "x,Đơn vị X,Đơn vị X,club,,,,\n", "kind"),
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
        lambda t: (
            t.replace("Ngày Thể thao Việt Nam,", "Ngày Thể thao Việt Nam (27/3),")
            + "le-hoi-dia-phuong,Lễ hội địa phương,,solar,15,9,,2000,local,city,,,Quyết định 1/QĐ,\n"
        ),
    )
    counts = workspace.import_events(path)
    assert counts == {"added": 1, "updated": 1, "unchanged": 82, "removed": 0}
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
        lambda t: (
            t.replace("Ngày Thể thao Việt Nam,", "Ngày Thể thao (sửa),")
            + "hong,Sự kiện hỏng,,solar,31,4,,2000,local,city,,,src,\n"
        ),
    )
    before_events, before_audit = workspace.events(), workspace.audit()
    with pytest.raises(DataError, match="events-edited.csv, dòng 85, cột 'day'"):
        workspace.import_events(path)
    pd.testing.assert_frame_equal(workspace.events(), before_events)
    assert len(workspace.audit()) == len(before_audit)


def test_import_units_and_templates(workspace, data_dir):
    units = (data_dir / "units.csv").read_text(encoding="utf-8")
    (data_dir / "units.csv").write_text(units.replace("Hội Nông dân,mass_org", "Hội ND,mass_org"), encoding="utf-8")
    assert workspace.import_units(data_dir / "units.csv")["updated"] == 1
    assert "Hội ND" in set(workspace.units()["short_name"])
    items = (data_dir / "template_items.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_dir / "template_items.csv").write_text("".join(items[:-1]), encoding="utf-8")  # drop the last spec
    counts = workspace.import_templates(data_dir)
    assert counts["removed"] == 1 and len(workspace.templates()) == SPECS - 1


def test_import_templates_refuses_unknown_unit(workspace, data_dir):
    with (data_dir / "template_items.csv").open("a", encoding="utf-8") as fh:
        fh.write("ngay-thuong,them,0,post,facebook,event,doan-tn,{title}\n")
    with pytest.raises(DataError, match="đơn vị 'doan-tn' không có trong danh sách đơn vị. Các đơn vị: ban-tuyen-giao"):
        workspace.import_templates(data_dir)
    assert len(workspace.templates()) == SPECS


def test_migrates_a_version_1_workspace(tmp_path):
    """A workspace written by schema version 1 (before templates and change sets) opens and migrates
    (on PostgreSQL: the same tables and rows, put into the folder's schema)."""
    folder = tmp_path / "old"
    put_legacy_workspace(FIXTURES / "workspace_v1.sqlite", folder)
    with sqlite3.connect(FIXTURES / "workspace_v1.sqlite") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
        v1_events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with planner.open_workspace(folder, user="an") as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert len(ws.events()) == v1_events
        assert len(ws.templates()) == SPECS and len(ws.official_names()) == _data_rows("official_names.csv")
        units = ws.units().set_index("unit_id")
        assert units.loc["doan-thanh-nien", "own_events"].startswith("thanh-lap-doan-thanh-nien")
        assert "migrate" in set(ws.change_sets()["action"])
        # the migrated workspace works: plan items, edit them, undo
        item = ws.add_item(
            unit_id="hoi-phu-nu",
            date="2025-10-20",
            title="Chào mừng Ngày Phụ nữ Việt Nam",
            format="post",
            platform="facebook",
            theme="event",
        )
        assert ws.item(item)["created_by"] == "an"
    with planner.open_workspace(folder) as ws:  # opening again changes nothing
        assert list(ws.change_sets()["action"]).count("migrate") == 1
    if db_url(folder).get_backend_name() != "sqlite":
        return  # the copy beside the file is SQLite's (a server is backed up with python -m planner backup)
    # the version-1 file was kept, whole, beside the migrated one
    with sqlite3.connect(folder / f"{DB_FILE}.v1-backup") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == v1_events


def test_newer_workspace_is_refused(tmp_path):
    planner.open_workspace(tmp_path / "ws").close()
    db_execute(tmp_path / "ws", "UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(PlannerError, match="phiên bản dữ liệu 999, mới hơn"):
        planner.open_workspace(tmp_path / "ws")


def test_recurring_stories_live_in_the_workspace(workspace, data_dir):
    """Plan generation reads them from the workspace, not from whatever data/ holds later."""
    assert list(workspace.recurring()["recurring_id"]) == ["nguoi-tot-viec-tot"]
    path = data_dir / "recurring.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'tuoi-tre,"Tuổi trẻ",10,3 6,post,zalo,good_deeds,mass_org,"{name} tháng {month}"\n', "utf-8")
    assert workspace.import_recurring(path) == {"added": 1, "updated": 0, "unchanged": 1, "removed": 0}
    stories = workspace.recurring().set_index("recurring_id")
    assert (stories.loc["tuoi-tre", "day"], stories.loc["tuoi-tre", "months"]) == (10, "3 6")
    path.write_text(text + 'tuoi-tre,"Tuổi trẻ",10,3 6,post,zalo,good_deeds,doan-tn,"{name}"\n', "utf-8")
    with pytest.raises(DataError, match="doan-tn"):
        workspace.import_recurring(path)
    assert len(workspace.recurring()) == 2


def test_migrates_a_version_2_workspace_without_doubling_its_plan(tmp_path):
    """A workspace planned with the previous release (schema 2, plan keys with dates) opens,
    migrates, and regenerating its year adds no second campaign and leaves the edited item alone."""
    folder = tmp_path / "v2"
    put_legacy_workspace(FIXTURES / "workspace_v2.sqlite", folder)
    with sqlite3.connect(FIXTURES / "workspace_v2.sqlite") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "2"
        old = {r[0]: r[1:] for r in conn.execute("SELECT item_id, title, notes, date, version FROM items")}
        old_keys = [r[0] for r in conn.execute("SELECT plan_key FROM items")]
    assert all(k.count("|") == 5 and k.split("|")[2][:4] == "2025" for k in old_keys)  # year|event|date|…
    with planner.open_workspace(folder, user="an") as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert (folder / f"{DB_FILE}.v2-backup").exists() or db_url(folder).get_backend_name() != "sqlite"
        assert list(ws.recurring()["recurring_id"]) == ["nguoi-tot-viec-tot"]
        planner.generate_plan(ws, 2025, units=["hoi-phu-nu"])
        items = ws.items(year=2025)
    edited = items.set_index("item_id").loc[1]
    assert (edited["title"], edited["notes"], edited["version"]) == (old[1][0], "sửa tay", old[1][3])
    campaign = items[items["template_id"].notna() & items["event_id"].notna()]
    per_occurrence = campaign.groupby(["event_id", "template_id", "spec_id", "unit_id"]).size()
    assert per_occurrence.max() == 1, per_occurrence[per_occurrence > 1]
    assert set(old) <= set(items["item_id"])  # nothing of the old plan was lost

"""Members (schema v6): the table, its reads and writes, the demo's members file, the ``members`` command —
and secrets: a database URL's password is never shown, stored in the audit or meta, or written into exports."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

import planner
from planner import cli
from planner.store import SCHEMA_VERSION, Workspace
from planner.store.engine import make_engine
from planner.store.members import MEMBER_COLUMNS, read_members
from tests.helpers import db_execute, db_rows, put_legacy_workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent.parent / "data"
NEW = {"format": "post", "platform": "facebook", "theme": "event", "date": "2025-06-01"}


@pytest.mark.parametrize("name", ["workspace_v1.sqlite", "workspace_v2.sqlite"])
def test_older_workspaces_migrate_to_v6_without_members(tmp_path, name):
    folder = tmp_path / "old"
    put_legacy_workspace(FIXTURES / name, folder)
    with planner.open_workspace(folder, user="chuyenvien") as ws:
        assert ws.schema_version == SCHEMA_VERSION == 6
        assert list(ws.members().columns) == MEMBER_COLUMNS and ws.members().empty
        assert ws.role is None and ws.member is None and not ws.access_control
        unit = ws.units()["unit_id"].iloc[0]
        assert ws.add_item(unit_id=unit, **NEW) > 0  # no members: writes as before


def test_a_v5_workspace_gets_the_members_table(workspace, engine_name):
    folder = workspace.folder
    workspace.close()
    db_execute(folder, "DROP TABLE members")
    db_execute(folder, "UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    with planner.open_workspace(folder, user="chuyenvien") as ws:
        assert ws.schema_version == 6 and ws.members().empty
        assert ws.change_sets()["action"].iloc[-1] == "migrate"
    if engine_name == "sqlite":  # PostgreSQL keeps its own backups (pg_dump); a file is kept beside SQLite's
        assert (folder / "planner.sqlite.v5-backup").exists()


def test_member_rows_are_versioned_and_audited(workspace):
    first = workspace.set_member("chuyenvien", role="manager", display_name="Chuyên viên")
    assert first["version"] == 1 and first["updated_by"] == "chuyenvien"
    lan = workspace.set_member("lan", role="planner", units=["hoi-phu-nu", "hoi-phu-nu", " mttq "])
    assert lan["units"] == ["hoi-phu-nu", "mttq"] and lan["display_name"] == "lan"
    lan = workspace.set_member("lan", role="reviewer", units="hoi-phu-nu")
    assert lan["version"] == 2 and lan["role"] == "reviewer" and lan["units"] == ["hoi-phu-nu"]
    audit = workspace.audit(entity="member", entity_id="lan")
    assert list(audit["action"]) == ["insert", "update"]
    assert audit["before"].iloc[1]["role"] == "planner" and audit["after"].iloc[1]["role"] == "reviewer"
    frame = workspace.members()
    assert list(frame["user_name"]) == ["chuyenvien", "lan"] and frame["units"].iloc[1] == ["hoi-phu-nu"]
    # member changes are not undone (a manager sets them back): undo skips them
    assert workspace.next_undo() is None


def test_the_check_reads_the_roles_inside_the_write(workspace):
    """A role changed by another handle counts at the very next write: the check runs under the write lock."""
    workspace.set_member("chuyenvien", role="manager")
    workspace.set_member("lan", role="planner", units=["hoi-phu-nu"])
    lan = planner.open_workspace(workspace.folder, user="lan")
    item_id = lan.add_item(unit_id="hoi-phu-nu", title="Tin của Lan", **NEW)
    workspace.set_member("lan", role="viewer")
    with pytest.raises(planner.PermissionDenied, match="vai trò người xem"):
        lan.update_item(item_id, version=1, title="Tin đã sửa")
    assert lan.item(item_id)["title"] == "Tin của Lan" and lan.item(item_id)["version"] == 1
    lan.close()


def test_a_refusal_is_recorded_after_the_rollback(workspace):
    workspace.set_member("chuyenvien", role="manager")
    outsider = planner.open_workspace(workspace.folder, user="khach")
    before = len(workspace.items())
    with pytest.raises(planner.PermissionDenied) as refused:
        outsider.add_items([{"unit_id": "mttq", **NEW}, {"unit_id": "hoi-phu-nu", **NEW}])
    assert len(workspace.items()) == before
    assert refused.value.audited and refused.value.role == "viewer"
    change = workspace.change_sets().iloc[-1]
    assert (change["action"], change["user"]) == ("refused", "khach") and change["undone_by"] is None
    row = workspace.audit().iloc[-1]
    assert (row["entity"], row["entity_id"], row["action"]) == ("access", "unit:hoi-phu-nu", "refused")
    assert row["after"]["needed"] == ["planner", "reviewer", "manager"]
    with pytest.raises(planner.PlannerError, match="không có thay đổi nào để hoàn tác"):
        outsider.undo()  # the refusal is not an undoable change
    assert workspace.changes(since=int(change["change_id"]) - 1).empty  # nor an item change for the views
    outsider.close()


def test_import_members_from_the_demo_file(workspace, tmp_path):
    rows = read_members(DATA / "members.csv")
    units = set(workspace.units()["unit_id"])
    planners = {r["units"][0] for r in rows if r["role"] == "planner"}
    assert planners == units  # a planner for each demo unit
    assert sum(r["role"] == "reviewer" for r in rows) == 2 and sum(r["role"] == "manager" for r in rows) == 1
    counts = workspace.import_members(DATA / "members.csv", add_self=True)
    assert counts == {"added": len(rows) + 1, "updated": 0, "unchanged": 0}
    assert workspace.role == "manager"
    assert workspace.import_members(DATA / "members.csv", add_self=True) == {
        "added": 0, "updated": 0, "unchanged": len(rows)}
    bad = tmp_path / "members.csv"
    bad.write_text("user_name,display_name,role,units\nan,An,admin,\n,Trống,planner,mttq\nlan.hpn,Lan,viewer,\n",
                   encoding="utf-8")
    with pytest.raises(planner.DataError) as error:
        workspace.import_members(bad)
    assert [p.line for p in error.value.problems] == [2, 3]
    assert "Vai trò 'admin' không có" in str(error.value)
    assert workspace.members().set_index("user_name").loc["lan.hpn", "role"] == "planner"  # nothing written


def test_cli_members(tmp_path, capsys):
    folder = str(tmp_path / "ws")
    assert cli.main(["members", "--workspace", folder]) == 0
    assert "chưa có thành viên" in capsys.readouterr().out
    assert cli.main(["members", "set", "lan", "--role", "planner", "--unit", "mttq", "--workspace", folder]) == 2
    assert "Thành viên đầu tiên phải có vai trò quản lý" in capsys.readouterr().err
    assert cli.main(["members", "set", "boss", "--role", "manager", "--name", "Trưởng ban", "--user", "boss",
                     "--workspace", folder]) == 0
    out = capsys.readouterr().out
    assert "Đã lưu thành viên 'boss': vai trò quản lý" in out and "Trưởng ban" in out
    assert cli.main(["members", "set", "lan", "--role", "planner", "--unit", "mttq", "--unit", "hoi-phu-nu",
                     "--user", "boss", "--workspace", folder]) == 0
    out = capsys.readouterr().out
    assert "người lập kế hoạch" in out and "hoi-phu-nu mttq" in out
    assert cli.main(["members", "set", "an", "--role", "manager", "--user", "lan", "--workspace", folder]) == 2
    assert "Người dùng 'lan' (vai trò người lập kế hoạch, đơn vị Hội Phụ nữ, UBMTTQ Thành phố) không được sửa " \
           "danh sách thành viên: cần vai trò quản lý" in capsys.readouterr().err
    assert cli.main(["members", "set", "an", "--user", "boss", "--workspace", folder]) == 2
    assert "Cần --role" in capsys.readouterr().err
    assert cli.main(["members", "remove", "lan", "--user", "boss", "--workspace", folder]) == 0
    assert "Đã xóa thành viên 'lan'" in capsys.readouterr().out
    assert cli.main(["members", "remove", "boss", "--user", "boss", "--workspace", folder]) == 2
    assert "quản lý cuối cùng" in capsys.readouterr().err
    with planner.open_workspace(folder, user="boss") as ws:
        assert list(ws.members()["user_name"]) == ["boss"]


# ------------------------------------------------------------------------------ secrets
PASSWORD = "S3cr3t-Mk"


def _password_handle(folder: Path) -> Workspace:
    """A handle on a real workspace (either engine) whose URL carries a password, as a server URL would."""
    from planner.store.workspace import locate

    engine = make_engine(locate(folder))
    # the driver connects to the file; the URL the handle knows carries a password, as a server's would
    engine.url = sa.URL.create("postgresql+psycopg", username="lan", password=PASSWORD, host="may-chu",
                               database="kehoach")
    return Workspace(engine, folder=folder, user="lan")


def test_repr_url_and_notes_hide_the_password(workspace):
    ws = _password_handle(workspace.folder)
    try:
        assert PASSWORD not in repr(ws) and PASSWORD not in ws.url and "***" in repr(ws)
        assert PASSWORD in ws._engine.url.render_as_string(hide_password=False)  # the test's premise holds
        unit = ws.units()["unit_id"].iloc[0]
        ws.record_platform_outputs([{"unit_id": unit, "platform": "facebook", "format": "post",
                                     "url": "https://demo.invalid/p/1", "published_at": "2025-05-02"}],
                                   source=f"chép từ postgresql+psycopg://lan:{PASSWORD}@may-chu/kehoach")
        planner.generate_plan(ws, 2025, units=[unit])
        path = planner.export_plan(ws, year=2025, path=workspace.folder / "exports")
        with zipfile.ZipFile(path) as book:
            for part in book.namelist():
                assert PASSWORD.encode() not in book.read(part), part
    finally:
        ws.close()
    for table in ("meta", "changes", "audit"):
        for row in db_rows(workspace, f"SELECT * FROM {table}"):
            assert PASSWORD not in " ".join(map(str, row)), (table, row)
    notes = [n for (n,) in db_rows(workspace, "SELECT note FROM changes WHERE action = 'import_platform'")]
    assert notes == ["chép từ postgresql+psycopg://lan:***@may-chu/kehoach"]


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://lan:{PASSWORD}@127.0.0.1:1/kehoach",  # nobody answers
    f"postgresql+psycopg://lan:{PASSWORD}@may-chu:khong-phai-so/kehoach",  # a port that is not a number
    f"postgresql+khong-co://lan:{PASSWORD}@may-chu/kehoach",  # no such driver
    f"sqlite://lan:{PASSWORD}@/",  # no file
])
def test_errors_and_cli_output_never_show_the_password(url, capsys):
    with pytest.raises(planner.PlannerError) as error:
        planner.open_workspace(url, user="lan")
    assert PASSWORD not in str(error.value) and "lan:***@" in str(error.value)
    assert cli.main(["members", "--workspace", url]) == 2
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err and err.startswith("Lỗi: ")
    assert cli.main(["init", "--workspace", url]) == 2
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err


def test_cli_demo_adds_the_demo_members_and_the_one_running_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "nguoichay")
    folder = str(tmp_path / "ws")
    assert cli.main(["demo", "--workspace", folder, "--unit", "mttq"]) == 0
    out = capsys.readouterr().out
    rows = read_members(DATA / "members.csv")
    assert f"Thành viên mẫu: thêm {len(rows) + 1}, sửa 0, giữ nguyên 0; bạn ('nguoichay') là quản lý" in out
    with planner.open_workspace(folder) as ws:
        assert ws.role == "manager" and len(ws.members()) == len(rows) + 1
        assert ws.items(status="published", units="mttq").shape[0] > 0  # the demo itself still ran as before
    assert cli.main(["demo", "--workspace", folder, "--unit", "mttq"]) == 0
    assert f"giữ nguyên {len(rows)}" in capsys.readouterr().out  # again: nothing changes
    monkeypatch.setenv("JUPYTERHUB_USER", "lan.hpn")  # a demo planner running it again: nothing to write, fine
    assert cli.main(["demo", "--workspace", folder, "--unit", "mttq"]) == 0
    assert f"giữ nguyên {len(rows)}" in capsys.readouterr().out
    other = tmp_path / "members.csv"  # … but changing the members is a manager's
    other.write_text("user_name,display_name,role,units\nlan.hpn,Lan,manager,\n", encoding="utf-8")
    with planner.open_workspace(folder) as ws, pytest.raises(planner.PermissionDenied) as refused:
        ws.import_members(other)
    assert str(refused.value).startswith("Người dùng 'lan.hpn' (vai trò người lập kế hoạch, đơn vị Hội Phụ nữ) "
                                         "không được sửa danh sách thành viên: cần vai trò quản lý")


@pytest.mark.parametrize("name", ["a\x01b", "Lan\x1b[31m", "Lan\nHoa", "\t", "x" * 201, 5])
def test_a_display_name_with_control_characters_is_refused_and_nothing_written(workspace, name):
    """Found by an outside tester: a display name with control characters (an escape sequence printed to the
    terminal by `members`) was stored; user names already refused them."""
    workspace.set_member("chuyenvien", role="manager")
    before = workspace.last_change()
    with pytest.raises(planner.errors.InvalidValueError, match="Tên hiển thị cần là chữ"):
        workspace.set_member("lan", role="planner", display_name=name)
    assert workspace.last_change() == before and list(workspace.members()["user_name"]) == ["chuyenvien"]
    lan = workspace.set_member("lan", role="planner", display_name="Nguyễn Thị Lan")
    assert lan["display_name"] == "Nguyễn Thị Lan"

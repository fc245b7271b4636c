"""Who may do what (issue 10, point 3): the permission matrix as a table — every role × every action × own
unit / other unit — on real SQLite workspaces. An allowed action writes; a refused one raises
planner.PermissionDenied naming the user, the action and the role it needs, writes nothing, and is
itself audited (a 'refused' change that survives the rolled-back transaction)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

import planner
from planner.model import CHECKLIST
from planner.review import allowed_transitions
from planner.store import access
from tests.helpers import copy_place, db_rows

OWN, SECOND, OTHER = "hoi-phu-nu", "hoi-nong-dan", "doan-thanh-nien"
#: role → the user acting in it ("outsider": not a member while members exist, so a viewer)
USERS = {"planner": "lan", "reviewer": "minh", "manager": "boss", "viewer": "xem", "outsider": "khach"}
WHO = {
    "planner": "Người dùng 'lan' (vai trò người lập kế hoạch, đơn vị Hội Nông dân, Hội Phụ nữ)",
    "reviewer": "Người dùng 'minh' (vai trò người duyệt, đơn vị Hội Phụ nữ)",
    "manager": "Người dùng 'boss' (vai trò quản lý)",
    "viewer": "Người dùng 'xem' (vai trò người xem, chưa được giao đơn vị nào)",
    "outsider": "Người dùng 'khach' (không có trong danh sách thành viên: vai trò người xem)",
}
CHECKS = dict.fromkeys(CHECKLIST, True)
NEW = {"format": "post", "platform": "facebook", "theme": "event", "date": "2025-06-01"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workspace with members and, in each of OWN and OTHER, an idea, an item in review and an approved
    one — all written by 'tacgia' (so no actor of the matrix is their author) and approved by 'duyet2'."""
    folder = tmp_path_factory.mktemp("perm") / "ws"
    boss = planner.open_workspace(folder, user="boss")
    boss.set_member("boss", role="manager", display_name="Trưởng ban")
    boss.set_member("lan", role="planner", units=[OWN, SECOND], display_name="Nguyễn Thị Lan")
    boss.set_member("minh", role="reviewer", units=[OWN])
    boss.set_member("xem", role="viewer")
    boss.set_member("tacgia", role="planner", units=[OWN, SECOND, OTHER])
    boss.set_member("duyet2", role="reviewer")
    boss.close()
    author = planner.open_workspace(folder, user="tacgia")
    reviewer = planner.open_workspace(folder, user="duyet2")
    for unit in (OWN, OTHER):
        for n, status in enumerate(("idea", "in_review", "approved")):
            item_id = author.add_item(unit_id=unit, title=f"Tin {status} {unit}", **{**NEW, "date": f"2025-06-1{n}"})
            if status != "idea":
                version = author.set_status(item_id, "draft", version=1)["version"]
                version = author.set_status(item_id, "in_review", version=version)["version"]
            if status == "approved":
                reviewer.set_status(item_id, "approved", version=version, checklist=CHECKS)
    author.close()
    reviewer.close()
    return folder


@pytest.fixture
def folder(template, tmp_path) -> Path:
    target = tmp_path / "ws"
    copy_place(template, target)
    return target


def _item(ws, unit: str, status: str) -> dict:
    frame = ws.items(units=unit, status=status)
    return frame[frame["title"].str.startswith("Tin ")].to_dict("records")[0]


def _snapshot(ws) -> dict:
    """Everything an action could write, and the audit's length."""
    with ws._engine.connect() as conn:
        counts = {t: conn.execute(sa.text(f"SELECT count(*), coalesce(sum(version), 0) FROM {t}")).one()
                  for t in ("items", "outputs", "targets", "templates", "events", "members")}
        counts["changes"] = conn.execute(sa.text("SELECT count(*) FROM changes")).scalar()
        counts["audit"] = conn.execute(sa.text("SELECT count(*) FROM audit")).scalar()
    return counts


# -------------------------------------------------------------------------- the actions
def _create(ws, unit):
    ws.add_item(unit_id=unit, title="Bài mới", **NEW)


def _edit(ws, unit):
    item = _item(ws, unit, "idea")
    ws.update_item(item["item_id"], version=item["version"], title="Tin đã sửa")


def _move(ws, unit):
    item = _item(ws, unit, "idea")
    ws.move_item(item["item_id"], "2025-06-20", version=item["version"])


def _reassign(ws, unit):
    """own: between two of lan's units; other: from her unit into one that is not hers."""
    item = _item(ws, OWN, "idea")
    ws.reassign_item(item["item_id"], SECOND if unit == OWN else OTHER, version=item["version"])


def _reassign_in(ws, unit):
    """own: within her units; other: from a unit that is not hers into hers."""
    item = _item(ws, OWN if unit == OWN else OTHER, "idea")
    ws.reassign_item(item["item_id"], SECOND, version=item["version"])


def _duplicate(ws, unit):
    ws.duplicate_item(_item(ws, unit, "idea")["item_id"])


def _bulk(ws, unit):
    item = _item(ws, unit, "idea")
    ws.apply([(item["item_id"], item["version"], {"notes": "ghi chú"})])


def _cancel(ws, unit):
    item = _item(ws, unit, "idea")
    ws.cancel_item(item["item_id"], version=item["version"], reason="trùng")


def _submit(ws, unit):
    item = _item(ws, unit, "idea")
    ws.set_status(item["item_id"], "draft", version=item["version"])


def _approve(ws, unit):
    item = _item(ws, unit, "in_review")
    ws.set_status(item["item_id"], "approved", version=item["version"], checklist=CHECKS)


def _send_back(ws, unit):
    item = _item(ws, unit, "in_review")
    ws.set_status(item["item_id"], "draft", version=item["version"], reason="Sửa lại tiêu đề")


def _publish(ws, unit):
    item = _item(ws, unit, "approved")
    ws.set_status(item["item_id"], "published", version=item["version"], link="https://demo.invalid/p/1")


def _report(ws, unit):
    item = _item(ws, unit, "approved")
    ws.record_outputs([{"item_id": item["item_id"], "version": item["version"], "url": "https://demo.invalid/p/2",
                        "published_at": "2025-06-12", "views": 10}], source="báo cáo")


def _platform(ws, unit):
    ws.record_platform_outputs([{"unit_id": unit, "platform": "facebook", "format": "post",
                                 "url": f"https://demo.invalid/fb/{unit}/9", "published_at": "2025-06-03"}],
                               source="facebook.csv")


def _generate(ws, unit):
    planner.generate_plan(ws, 2025, units=[unit])


def _targets(ws, unit):
    ws.set_targets([{"unit_id": unit, "period": "year", "period_start": "1/1/2025", "count": 7}])


def _delete_targets(ws, unit):
    frame = ws.targets()
    ws.delete_targets([int(frame["target_id"].iloc[0])])


def _templates(ws, unit):
    data, folder = Path(planner.__file__).resolve().parent.parent / "data", Path(ws.folder) / "mau"
    folder.mkdir()
    for name in ("templates.csv", "template_items.csv"):
        shutil.copy(data / name, folder / name)
    lines = (folder / "template_items.csv").read_text(encoding="utf-8").splitlines()
    (folder / "template_items.csv").write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    ws.import_templates(folder)  # one item spec fewer


def _events(ws, unit):  # a catalogue with one event's note changed
    frame = ws.events().drop(columns=["version"])
    frame.loc[0, "note"] = "ghi chú mới"
    path = Path(ws.folder) / "events.csv"
    frame.to_csv(path, index=False)
    ws.import_events(path)


def _set_member(ws, unit):
    ws.set_member("moi", role="planner", units=[unit])


UNIT_ACTIONS = {"create": _create, "edit": _edit, "move": _move, "reassign": _reassign, "reassign_in": _reassign_in,
                "duplicate": _duplicate, "apply": _bulk, "cancel": _cancel, "submit": _submit, "publish": _publish,
                "report": _report, "platform": _platform, "generate": _generate}
REVIEW_ACTIONS = {"approve": _approve, "send_back": _send_back}
MANAGER_ACTIONS = {"targets": _targets, "delete_targets": _delete_targets, "templates": _templates,
                   "events": _events, "members": _set_member}
ACTIONS = {**UNIT_ACTIONS, **REVIEW_ACTIONS, **MANAGER_ACTIONS}


def _expected(role: str, action: str, scope: str) -> bool:
    if role in ("viewer", "outsider"):
        return False
    if role == "manager":
        return True
    if action in MANAGER_ACTIONS:
        return False
    if action in REVIEW_ACTIONS:
        return role == "reviewer"  # any unit
    if role == "reviewer" and action in ("reassign", "reassign_in") and scope == "own":
        return False  # minh acts for one unit only: moving an item to lan's second unit leaves hers
    return scope == "own"


#: what each refusal says is needed
NEED = {
    "unit": "cần vai trò người lập kế hoạch hoặc người duyệt của đơn vị",
    "review": "cần vai trò người duyệt hoặc quản lý",
    "manager": "cần vai trò quản lý",
}


def _need(action: str) -> str:
    return NEED["manager" if action in MANAGER_ACTIONS else "review" if action in REVIEW_ACTIONS else "unit"]


MATRIX = [
    pytest.param(role, action, scope, _expected(role, action, scope), id=f"{role}-{action}-{scope}")
    for role in USERS
    for action in ACTIONS
    for scope in ("own", "other")
]


@pytest.mark.parametrize(("role", "action", "scope", "allowed"), MATRIX)
def test_permission_matrix(folder, role, action, scope, allowed):
    ws = planner.open_workspace(folder, user=USERS[role])
    try:
        assert ws.role == ("viewer" if role == "outsider" else role)
        unit = OWN if scope == "own" else OTHER
        before = _snapshot(ws)
        if allowed:
            ACTIONS[action](ws, unit)
            after = _snapshot(ws)
            assert after["changes"] > before["changes"] and after["audit"] > before["audit"]
            assert ws.change_sets()["action"].iloc[-1] != "refused"
            return
        with pytest.raises(planner.PermissionDenied) as refused:
            ACTIONS[action](ws, unit)
        message = str(refused.value)
        assert message.startswith(WHO[role] + " không được "), message
        assert _need(action) in message and message.endswith("Không có gì bị thay đổi.")
        assert refused.value.user == USERS[role] and refused.value.action in access.ACTIONS
        after = _snapshot(ws)
        # nothing written but the record of the refusal: one change set, one audit row
        assert {k: v for k, v in after.items() if k not in ("changes", "audit")} == \
            {k: v for k, v in before.items() if k not in ("changes", "audit")}
        assert after["changes"] == before["changes"] + 1 and after["audit"] == before["audit"] + 1
        last = ws.change_sets().iloc[-1]
        assert last["action"] == "refused" and last["user"] == USERS[role] and last["note"] == message
        row = ws.audit().iloc[-1]
        assert (row["entity"], row["action"], row["note"]) == ("access", "refused", message)
        assert row["after"]["role"] == refused.value.role and row["after"]["action"] == refused.value.action
    finally:
        ws.close()


def test_refusal_names_the_unit_and_the_item(folder):
    ws = planner.open_workspace(folder, user="lan")
    item = _item(ws, OTHER, "idea")
    with pytest.raises(planner.PermissionDenied) as refused:
        ws.update_item(item["item_id"], version=item["version"], title="x")
    assert str(refused.value) == (
        f"Người dùng 'lan' (vai trò người lập kế hoạch, đơn vị Hội Nông dân, Hội Phụ nữ) không được sửa nội dung "
        f"số {item['item_id']} của đơn vị Thành đoàn: cần vai trò người lập kế hoạch hoặc người duyệt của đơn vị "
        "Thành đoàn, hoặc quản lý. Không có gì bị thay đổi."
    )
    assert refused.value.needed == ("planner", "reviewer", "manager") and refused.value.role == "planner"
    mine = _item(ws, OWN, "idea")
    with pytest.raises(planner.PermissionDenied, match="không được chuyển nội dung số .* sang đơn vị Thành đoàn"):
        ws.reassign_item(mine["item_id"], OTHER, version=mine["version"])
    assert ws.item(mine["item_id"])["unit_id"] == OWN
    ws.close()


@pytest.mark.parametrize("role", ["reviewer", "manager"])
@pytest.mark.parametrize("how", ["created", "edited"])
def test_four_eyes_nobody_approves_what_they_wrote(folder, role, how):
    user = USERS[role]
    ws = planner.open_workspace(folder, user=user)
    author = planner.open_workspace(folder, user="tacgia")
    try:
        if how == "created":  # written by the reviewer herself
            item_id = ws.add_item(unit_id=OWN, title="Tin tự viết", **NEW)
            version = ws.set_status(item_id, "draft", version=1)["version"]
            version = ws.set_status(item_id, "in_review", version=version)["version"]
        else:  # someone else's item whose text she changed
            item = _item(ws, OWN, "in_review")
            item_id = item["item_id"]
            version = ws.update_item(item_id, version=item["version"], title="Tin đã sửa câu chữ")["version"]
        assert user in ws.item_authors(item_id)
        # neither approve nor send back: only cancel is left to her
        assert allowed_transitions(ws.item(item_id), actor=ws.actor, authors=ws.item_authors(item_id)) == ["cancelled"]
        with pytest.raises(planner.PermissionDenied) as refused:
            ws.set_status(item_id, "approved", version=version, checklist=CHECKS)
        assert f"không được duyệt nội dung số {item_id} do chính mình soạn: cần một người duyệt hoặc quản lý khác" \
            in str(refused.value)
        assert ws.item(item_id)["status"] == "in_review"
        with pytest.raises(planner.PermissionDenied, match="trả lại nội dung số .* do chính mình soạn"):
            ws.set_status(item_id, "draft", version=version, reason="tự trả")
        # another reviewer may: four eyes, not no eyes
        other = planner.open_workspace(folder, user="duyet2")
        assert other.set_status(item_id, "approved", version=version, checklist=CHECKS)["status"] == "approved"
        other.close()
    finally:
        ws.close()
        author.close()


def test_a_status_change_or_a_generated_plan_makes_nobody_an_author(folder):
    boss = planner.open_workspace(folder, user="boss")
    planner.generate_plan(boss, 2025, units=[OWN])
    generated = boss.items(units=OWN).query("template_id.notna()", engine="python").iloc[0]
    assert boss.item_authors(int(generated["item_id"])) == set()
    item = _item(boss, OWN, "in_review")
    assert boss.item_authors(item["item_id"]) == {"tacgia"}  # duyet2 approved others; minh never touched it
    boss.close()


def test_allowed_transitions_follow_the_role(folder):
    ws = planner.open_workspace(folder, user="lan")
    own, other = _item(ws, OWN, "in_review"), _item(ws, OTHER, "idea")
    assert allowed_transitions(own) == ["approved", "draft", "cancelled"]  # without an actor: the workflow
    assert allowed_transitions(own, actor=ws.actor, authors=ws.item_authors(own["item_id"])) == ["cancelled"]
    assert allowed_transitions(other, actor=ws.actor) == []
    ws.close()
    minh = planner.open_workspace(folder, user="minh")
    assert allowed_transitions(_item(minh, OTHER, "in_review"), actor=minh.actor) == ["approved", "draft"]
    minh.close()


def test_undo_only_while_the_role_still_allows_it(folder):
    lan = planner.open_workspace(folder, user="lan")
    item = _item(lan, OWN, "idea")
    lan.update_item(item["item_id"], version=item["version"], title="Tin lan sửa")
    boss = planner.open_workspace(folder, user="boss")
    boss.set_member("lan", role="planner", units=[SECOND])  # no longer Hội Phụ nữ's planner
    with pytest.raises(planner.PermissionDenied) as refused:
        lan.undo()
    assert "không được hoàn tác thay đổi #" in str(refused.value) and "đơn vị Hội Phụ nữ" in str(refused.value)
    assert lan.item(item["item_id"])["title"] == "Tin lan sửa"
    boss.set_member("lan", role="planner", units=[OWN, SECOND])
    lan.undo()
    assert lan.item(item["item_id"])["title"] == item["title"]
    lan.close()
    boss.close()


def test_members_rules(tmp_path):
    ws = planner.open_workspace(tmp_path / "ws", user="lan")
    assert ws.role is None and ws.member is None and not ws.access_control
    ws.add_item(unit_id=OTHER, title="Không phân quyền", **NEW)  # no members: everyone writes
    with pytest.raises(planner.WorkflowError, match="Thành viên đầu tiên phải có vai trò quản lý"):
        ws.set_member("lan", role="planner", units=[OWN])
    assert ws.members().empty and ws.change_sets()["action"].iloc[-1] != "set_member"
    ws.set_member("lan", role="manager", display_name="  Lan  ")
    assert ws.member["display_name"] == "Lan" and ws.role == "manager"
    with pytest.raises(planner.WorkflowError, match="quản lý cuối cùng"):
        ws.set_member("lan", role="planner", units=[OWN])
    with pytest.raises(planner.WorkflowError, match="quản lý cuối cùng"):
        ws.remove_member("lan")
    for bad, field in [("", "user_name"), ("a\x00b", "user_name"), ("x" * 101, "user_name"), (5, "user_name")]:
        with pytest.raises(planner.InvalidValueError) as error:
            ws.set_member(bad, role="viewer")
        assert error.value.field == field
    with pytest.raises(planner.InvalidValueError, match="Vai trò 'admin' không có"):
        ws.set_member("an", role="admin")
    with pytest.raises(planner.NotFoundError, match="'khong-co'"):
        ws.set_member("an", role="planner", units=["khong-co"])
    with pytest.raises(planner.InvalidValueError):
        ws.set_member("an", role="planner", units=b"hoi-phu-nu")
    nfd = "Ngo\u0302"  # NFD: stored NFC
    ws.set_member(nfd, role="reviewer", units=OWN)
    assert "Ngô" in set(ws.members()["user_name"]) and ws.members().set_index("user_name").loc["Ngô", "units"] == [OWN]
    assert ws.set_member("Ngô", role="reviewer", units=[OWN])["version"] == 1  # the same again: no new version
    ws.set_member("an", role="manager")
    ws.remove_member("lan")  # another manager remains
    assert ws.role == "viewer" and ws.member is None
    with pytest.raises(planner.PermissionDenied, match="không được sửa danh sách thành viên: cần vai trò quản lý"):
        ws.set_member("lan", role="manager")
    assert set(ws.members()["user_name"]) == {"Ngô", "an"}
    history = ws.audit(entity="member")
    assert list(history["action"]) == ["insert", "insert", "insert", "delete"]
    ws.close()


def test_refusals_in_a_read_only_workspace_still_refuse(folder):
    reader = planner.open_workspace(folder, user="xem", read_only=True)
    item = _item(reader, OWN, "idea")
    with pytest.raises(planner.PlannerError):
        reader.update_item(item["item_id"], version=item["version"], title="x")
    assert reader.item(item["item_id"])["title"] == item["title"]
    reader.close()


def test_the_user_comes_from_jupyterhub(folder, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "minh")
    ws = planner.open_workspace(folder)
    assert ws.user == "minh" and ws.role == "reviewer"
    ws.close()
    ws = planner.open_workspace(folder, user="lan")  # the argument wins
    assert ws.role == "planner"
    ws.close()


def test_a_plan_without_units_named_covers_the_units_the_person_may_plan(folder):
    """generate_plan(ws, year) plans 'every unit': for a planner, her own units (not a refusal at the first unit
    that is not hers); for a manager, all of them; a viewer is refused and nothing is written."""
    lan = planner.open_workspace(folder, user="lan")
    preview = planner.preview_plan(lan, 2025)
    added = planner.generate_plan(lan, 2025)
    generated = set(lan.items().query("template_id.notna()", engine="python")["unit_id"])
    assert generated == {OWN, SECOND} == set(preview["unit_id"]) and len(added) > 0
    lan.close()
    with planner.open_workspace(folder, user="xem") as viewer:
        before = viewer.last_change()
        with pytest.raises(planner.PermissionDenied, match="'xem'"):
            planner.generate_plan(viewer, 2025)
        assert viewer.items().query("template_id.notna()", engine="python")["unit_id"].nunique() == 2
        assert viewer.change_sets().query("action == 'generate_plan'").shape[0] == 1 and before is not None
    with planner.open_workspace(folder, user="boss") as boss:
        planner.generate_plan(boss, 2025)
        active = set(boss.units().query("active")["unit_id"])
        assert set(boss.items().query("template_id.notna()", engine="python")["unit_id"]) == active


def test_copying_a_plan_to_next_year_keeps_the_authors_so_nobody_approves_her_own_text(folder):
    """Found by an outside tester: a reviewer wrote an item, copied the year's plan to the next year and
    approved the copy — copy_plan had made nobody an author. A copy (and a copy of a copy) keeps the authors."""
    boss = planner.open_workspace(folder, user="boss")
    boss.set_member("hoa", role="reviewer", units=[OWN])
    boss.close()
    hoa = planner.open_workspace(folder, user="hoa")
    hoa.add_item(unit_id=OWN, title="Bài do Hoa tự viết", **{**NEW, "date": "2025-07-10"})
    edited = _item(hoa, OWN, "idea")  # tacgia's item, its notes then changed by hoa: both authors
    hoa.update_item(edited["item_id"], version=edited["version"], notes="Hoa sửa ghi chú")
    copied = planner.copy_plan(hoa, 2025, 2026, units=[OWN])
    by_title = dict(zip(copied["title"], copied["item_id"], strict=True))
    first, second = int(by_title["Bài do Hoa tự viết"]), int(by_title[edited["title"]])
    assert hoa.item_authors(first) == {"hoa"} and hoa.item_authors(second) == {"tacgia", "hoa"}
    again = planner.copy_plan(hoa, 2026, 2027, units=[OWN])
    third = int(again.set_index("title").loc["Bài do Hoa tự viết", "item_id"])
    assert hoa.item_authors(third) == {"hoa"}
    for item_id in (first, third):
        version = hoa.item(item_id)["version"]
        for status in ("draft", "in_review"):
            version = hoa.set_status(item_id, status, version=version)["version"]
        before = db_rows(folder, "SELECT status, version FROM items WHERE item_id = ?", item_id)
        with pytest.raises(planner.PermissionDenied, match="'hoa'"):
            hoa.set_status(item_id, "approved", version=version, checklist=CHECKS)
        assert db_rows(folder, "SELECT status, version FROM items WHERE item_id = ?", item_id) == before
    hoa.close()
    with planner.open_workspace(folder, user="minh") as minh:  # another reviewer of the unit may
        version = minh.item(first)["version"]
        assert minh.set_status(first, "approved", version=version, checklist=CHECKS)["status"] == "approved"


def test_a_duplicate_keeps_the_authors_of_the_item_it_was_made_from(folder):
    """A colleague's duplicate of a reviewer's item carries the reviewer's text: she may not approve it (nor a
    duplicate of that duplicate); the colleague who made it is an author too."""
    boss = planner.open_workspace(folder, user="boss")
    boss.set_member("hoa", role="reviewer", units=[OWN])
    boss.close()
    with planner.open_workspace(folder, user="hoa") as hoa:
        source = hoa.add_item(unit_id=OWN, title="Bài Hoa viết", **{**NEW, "date": "2025-07-10"})
    with planner.open_workspace(folder, user="lan") as lan:
        copy = lan.duplicate_item(source)
        again = lan.duplicate_item(copy, title="Bài Hoa viết (bản 2)")
        assert lan.item_authors(copy) == lan.item_authors(again) == {"hoa", "lan"}
        for item_id in (copy, again):
            version = lan.item(item_id)["version"]
            for status in ("draft", "in_review"):
                version = lan.set_status(item_id, status, version=version)["version"]
    with planner.open_workspace(folder, user="hoa") as hoa:
        for item_id in (copy, again):
            with pytest.raises(planner.PermissionDenied, match="'hoa'"):
                hoa.set_status(item_id, "approved", version=hoa.item(item_id)["version"], checklist=CHECKS)
            assert db_rows(folder, "SELECT status FROM items WHERE item_id = ?", item_id) == [("in_review",)]
    with planner.open_workspace(folder, user="minh") as minh:
        approved = minh.set_status(copy, "approved", version=minh.item(copy)["version"], checklist=CHECKS)
        assert approved["status"] == "approved"


def test_nobody_labels_her_own_text_as_generated_or_signs_for_another_reviewer(folder):
    """Found by an outside tester, three ways round four eyes: add_items(action='generate_plan') (items by hand
    labelled as plan generation, which makes nobody an author), generate_plan with one's own templates or
    recurring stories (their text stood in for the department's), and set_status(reviewer='someone else')."""
    minh = planner.open_workspace(folder, user="minh")  # a reviewer of OWN
    before = db_rows(folder, "SELECT count(*) FROM items")
    for label in ("generate_plan", "copy_plan", "replan", "undo"):
        with pytest.raises(planner.errors.InvalidValueError, match="Tên thay đổi"):
            minh.add_items([dict(unit_id=OWN, title="Bài Minh viết", **NEW)], action=label)
    stories = minh.recurring().head(1).assign(title="Lời kêu gọi Minh tự viết tháng {month}/{year}")
    for custom in ({"recurring": stories}, {"templates": minh.templates()}):
        with pytest.raises(planner.PermissionDenied, match="'minh'.*quản lý"):
            planner.generate_plan(minh, 2027, units=[OWN], **custom)
    assert db_rows(folder, "SELECT count(*) FROM items") == before
    item = _item(minh, OWN, "in_review")  # written by tacgia: minh may approve it, under his own name only
    with pytest.raises(planner.errors.InvalidValueError, match="người duyệt luôn là người đang làm việc"):
        minh.set_status(item["item_id"], "approved", version=item["version"], checklist=CHECKS, reviewer="duyet2")
    approved = minh.set_status(item["item_id"], "approved", version=item["version"], checklist=CHECKS,
                               reviewer="minh")
    assert approved["reviewer"] == approved["review"]["reviewer"] == "minh"
    minh.close()
    with planner.open_workspace(folder, user="boss") as boss:  # the department's own settings: a manager may
        assert len(planner.generate_plan(boss, 2027, units=[OWN], recurring=stories)) > 0

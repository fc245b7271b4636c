"""Plan generation from templates, copying a plan, ad-hoc items, and the checks on a plan."""

import csv
import datetime as dt
import subprocess
import sys
import unicodedata

import pandas as pd
import pytest

import planner
from planner import NotFoundError
from planner.calendars import LunarDate, public_holidays, to_solar
from planner.model import EVENT_COLUMNS
from planner.planning import plan_rows
from planner.recurring import read_recurring
from tests.helpers import db_execute, db_execute_many, db_rows, place

YEAR = 2025


@pytest.fixture
def planned(workspace):
    created = planner.generate_plan(workspace, YEAR)
    return workspace, created


def test_every_unit_covers_every_round_year_occurrence(planned):
    ws, created = planned
    occ = planner.occurrences(YEAR, ws.events())
    rounds = occ[(occ["tier"] == "tron") & occ["date"].notna()]
    assert len(rounds) >= 8  # 30/4, 2/9, 19/8, 21/6 … in 2025
    units = ws.units()["unit_id"]
    for o in rounds.itertuples():
        around = created[
            (created["event_id"] == o.event_id)
            & (created["date"] >= o.date - pd.Timedelta(days=21))
            & (created["date"] <= o.date + pd.Timedelta(days=1))
        ]
        assert set(around["unit_id"]) == set(units), o.title


def test_items_carry_template_dates_and_titles(planned):
    ws, created = planned
    party = created[(created["event_id"] == "thanh-lap-dang") & (created["unit_id"] == "ban-tuyen-giao")]
    # 95th anniversary: a 5-year campaign (window 27/1 – 3/2); the infographic is meant for a week
    # before, 27/1, but 27/1 – 1/2 are Tết days off: it goes to the last working day before 3/2
    by_spec = party.set_index("spec_id")
    off = set(public_holidays(YEAR)["date"].dt.date)
    before = [dt.date(2025, 2, 3) - dt.timedelta(days=d) for d in range(1, 8)]
    assert by_spec.loc["infographic", "date"] == pd.Timestamp(next(d for d in before if d not in off))
    assert by_spec.loc["bai-dang", "date"] == pd.Timestamp("2025-02-03")
    assert by_spec.loc["bai-dang", "title"] == (
        "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)"
    )
    assert set(by_spec.index) == {"infographic", "bai-dang"}
    office = created[(created["event_id"] == "thanh-lap-dang") & (created["unit_id"] == "phong-van-hoa-thong-tin")]
    assert office.set_index("spec_id").loc["bai-viet", "title"].startswith("Hướng tới kỷ niệm 95 năm")
    assert set(created["status"]) == {"idea"}
    # a mass organisation carries its own founding day, in an ordinary year too
    youth = created[created["event_id"] == "thanh-lap-doan-thanh-nien"]
    assert "doan-thanh-nien" in set(youth["unit_id"]) and len(set(youth["unit_id"])) <= 2


def test_generated_titles_pass_the_automatic_checks(planned):
    _, created = planned
    errors = [
        (i, f["message"])
        for i, fs in zip(created["item_id"], created["findings"], strict=True)
        for f in fs
        if f["severity"] == "error"
    ]
    assert errors == []


def test_running_twice_adds_nothing(planned):
    ws, created = planned
    before = ws.items(year=YEAR)
    again = planner.generate_plan(ws, YEAR)
    assert again.empty and len(ws.items(year=YEAR)) == len(created)
    assert set(ws.changes()["action"]) == {"generate_plan"}  # nothing moved either
    pd.testing.assert_frame_equal(ws.items(year=YEAR), before)


def test_edited_items_survive_regeneration(planned):
    ws, created = planned
    first, second, third = (created.iloc[i] for i in (0, 1, 2))
    ws.update_item(int(first.item_id), version=1, title="Tiêu đề do chuyên viên viết lại", date="2025-01-02")
    ws.reassign_item(int(second.item_id), "mttq", version=1)
    ws.cancel_item(int(third.item_id), version=1, reason="Không phù hợp")
    planner.generate_plan(ws, YEAR)
    items = ws.items(year=YEAR).set_index("item_id")
    assert len(items) == len(created)
    assert items.loc[first.item_id, "title"] == "Tiêu đề do chuyên viên viết lại"
    assert items.loc[first.item_id, "date"] == pd.Timestamp("2025-01-02")
    assert items.loc[second.item_id, "unit_id"] == "mttq"
    assert items.loc[third.item_id, "status"] == "cancelled"


def test_generation_for_some_units_then_the_rest(workspace):
    part = planner.generate_plan(workspace, YEAR, units=["hoi-phu-nu"])
    assert set(part["unit_id"]) == {"hoi-phu-nu"}
    rest = planner.generate_plan(workspace, YEAR)
    assert "hoi-phu-nu" not in set(rest["unit_id"])
    with pytest.raises(NotFoundError, match="Không có đơn vị 'hoi-pn'. Các đơn vị: ban-tuyen-giao"):
        planner.generate_plan(workspace, YEAR, units=["hoi-pn"])


def test_generation_is_one_transaction(planned):
    ws, created = planned
    generation = ws.change_sets().query("action == 'generate_plan'")
    assert len(generation) == 1
    audit = ws.audit(entity="item")
    assert (audit["change_id"] == generation.iloc[0]["change_id"]).sum() == len(created)


def test_copy_plan_moves_items_with_their_events(planned):
    ws, created = planned
    copied = planner.copy_plan(ws, YEAR, YEAR + 1)
    assert len(copied) == len(created)
    party = copied[(copied["event_id"] == "thanh-lap-dang") & (copied["spec_id"] == "bai-dang")].iloc[0]
    assert party["date"] == pd.Timestamp("2026-02-03")
    assert party["title"] == "Kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2026)"
    tet = copied[(copied["event_id"] == "tet-nguyen-dan") & (copied["spec_id"] == "bai-dang")].iloc[0]
    assert tet["date"] == pd.Timestamp("2026-02-17")  # Tết Bính Ngọ moves with the lunar calendar
    errors = [f for fs in copied["findings"] for f in fs if f["severity"] == "error"]
    assert errors == []
    assert planner.copy_plan(ws, YEAR, YEAR + 1).empty  # twice adds nothing


def test_add_monthly_good_deeds(workspace):
    ids = planner.add_monthly(
        workspace,
        YEAR,
        unit_id="hoi-phu-nu",
        title="Người tốt, việc tốt tháng {month}/{year}",
        format="short_video",
        platform="facebook",
    )
    items = workspace.items(year=YEAR).set_index("item_id").loc[ids]
    assert len(items) == 12 and set(items["theme"]) == {"good_deeds"}
    assert items.iloc[4]["title"] == "Người tốt, việc tốt tháng 5/2025"
    assert items.iloc[4]["date"] == pd.Timestamp("2025-05-15")


# ------------------------------------------------------------------ check_plan


def test_planted_problems_are_found(planned):
    ws, created = planned
    baseline = planner.check_plan(ws, YEAR)
    assert not (baseline["severity"] == "error").any()
    one = created[created["unit_id"] == "hoi-nong-dan"].iloc[0]
    # wrong anniversary number, misspelled official name
    wrong = created[(created["event_id"] == "thanh-lap-dang") & (created["spec_id"] == "bai-dang")].iloc[0]
    ws.update_item(int(wrong.item_id), version=1, title=wrong.title.replace("95 năm", "94 năm"))
    name = created[(created["event_id"] == "quoc-khanh") & (created["spec_id"] == "bai-dang")].iloc[0]
    ws.update_item(int(name.item_id), version=1, title="Mừng Quốc khánh nước Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam")
    # an NFD title written into the database by another tool
    nfd_id = int(created.iloc[5].item_id)
    nfd_title = unicodedata.normalize("NFD", "Tuổi trẻ Vũng Tàu")
    db_execute(ws, "UPDATE items SET title = ? WHERE item_id = ?", nfd_title, nfd_id)
    # an overloaded week for the Farmers' Union
    for day in range(12):
        ws.add_item(
            unit_id="hoi-nong-dan",
            date=dt.date(2025, 3, 3) + dt.timedelta(days=day % 5),
            title=f"Tin hoạt động số {day + 1}",
            format="post",
            platform="facebook",
            theme="event",
        )
    findings = planner.check_plan(ws, YEAR)
    by_code = findings.groupby("code")
    assert int(wrong.item_id) in set(by_code.get_group("anniversary_number")["item_id"])
    assert int(name.item_id) in set(by_code.get_group("official_name")["item_id"])
    assert nfd_id in set(by_code.get_group("not_nfc")["item_id"])
    overload = by_code.get_group("overload")
    farmers = overload[overload["unit_id"] == "hoi-nong-dan"]
    assert len(farmers) == 1 and "tuần từ 3/3/2025" in farmers.iloc[0]["message"]
    assert list(findings["severity"].iloc[:3]) == ["error"] * 3  # most serious first
    assert one.item_id  # the unit's other items are untouched


def test_round_year_clash_holidays_window_and_empty_months(planned):
    ws, created = planned
    findings = planner.check_plan(ws, YEAR)
    assert "round_clash" not in set(findings["code"])  # generation staggered the round-year campaigns
    holiday = findings[(findings["code"] == "holiday") & (findings["severity"] == "info")]
    national_day = holiday[holiday["date"] == pd.Timestamp("2025-09-02")]
    assert len(national_day) == 1 and pd.isna(national_day.iloc[0]["item_id"])  # one line per day, not per item
    assert (
        "Ngày 2/9/2025 là ngày nghỉ (Quốc khánh) và là ngày kỷ niệm: 35 nội dung của 17 đơn vị"
        in (national_day.iloc[0]["message"])
    )
    item = created[(created["spec_id"] == "bai-dang") & (created["event_id"] == "quoc-khanh")].iloc[0]
    ws.move_item(int(item.item_id), "2025-11-20", version=1)
    moved = planner.check_plan(ws, YEAR)
    window = moved[(moved["code"] == "outside_window") & (moved["item_id"] == item.item_id)]
    assert "ngoài đợt tuyên truyền (12/8/2025 – 9/9/2025)" in window.iloc[0]["message"]
    empty = findings[findings["code"] == "empty_month"]
    assert empty.empty  # every unit has something every month (recurring stories, national days)


def _clean_data(data_dir):
    """One unit and twelve ordinary local anniversaries: a plan with nothing to report."""
    with (data_dir / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("unit_id,name,short_name,kind,parent_id,own_events,channels,note\n")
        fh.write("ban-tuyen-giao,Ban Tuyên giáo,Ban Tuyên giáo,propaganda_dept,,,,\n")
    with (data_dir / "events.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(EVENT_COLUMNS)
        for m in range(1, 13):
            writer.writerow(
                [
                    f"su-kien-{m}",
                    f"Ngày hội địa phương tháng {m}",
                    "",
                    "solar",
                    10,
                    m,
                    "",
                    2001,
                    "local",
                    "city",
                    "",
                    "",
                    "thử nghiệm",
                    "",
                ]
            )
    (data_dir / "templates.csv").write_text(
        "template_id,name,categories,tiers,events,note\nngay-thuong,Ngày kỷ niệm,,,,\n", encoding="utf-8"
    )
    (data_dir / "template_items.csv").write_text(
        "template_id,spec_id,offset,format,platform,theme,takers,title\n"
        "ngay-thuong,bai-viet,-7,article,website,event,all,Hướng tới {title_lc}\n"
        "ngay-thuong,bai-dang,0,post,facebook,event,all,{title}\n",
        encoding="utf-8",
    )


def test_clean_plan_reports_nothing(tmp_path, data_dir):
    _clean_data(data_dir)
    ws = planner.open_workspace(tmp_path / "clean", data_dir=data_dir)
    created = planner.generate_plan(ws, YEAR)
    assert len(created) == 24 + 12  # two items per event, one recurring story a month
    findings = planner.check_plan(ws, YEAR)
    assert findings.empty, findings.to_string()
    ws.close()


def test_weekly_ceiling_can_be_set_per_check(planned):
    ws, _ = planned
    default = planner.check_plan(ws, YEAR)
    strict = planner.check_plan(ws, YEAR, weekly_ceiling=3)
    assert (strict["code"] == "overload").sum() > (default["code"] == "overload").sum()
    assert "vượt mức 3 nội dung/tuần" in strict[strict["code"] == "overload"].iloc[0]["message"]


def test_templates_passed_in_are_checked_against_the_units(workspace):
    from planner.catalogue import read_templates

    specs = read_templates()
    specs.loc[0, "takers"] = "doan-tn"
    with pytest.raises(planner.DataError, match="đơn vị 'doan-tn' không có trong danh sách đơn vị"):
        planner.generate_plan(workspace, YEAR, templates=specs)
    assert workspace.items().empty


# ------------------------------------------------------------------ a plan that passes its own checks


def _monday(day) -> dt.date:
    day = pd.Timestamp(day).date()
    return day - dt.timedelta(days=day.weekday())


@pytest.mark.parametrize("year", [2025, 2026])
def test_demo_plan_passes_its_own_checks(workspace, year):
    created = planner.generate_plan(workspace, year)
    report = created.attrs["report"]
    assert report.unplaced.empty and report.short_months.empty and report.moved.empty
    findings = planner.check_plan(workspace, year)
    serious = findings[findings["severity"].isin(["error", "warning"])]
    assert serious.empty, serious.to_string()
    # what is left for the planner: who is on duty when the day itself is a holiday
    assert set(findings.loc[findings["severity"] == "info", "code"]) <= {"holiday"}
    # independent recount of the rules, from the items themselves
    items = workspace.items(year=year)
    ceiling = workspace.organisation.weekly_item_ceiling
    per_week = items.groupby([items["unit_id"], items["date"].map(_monday)]).size()
    assert per_week.max() <= ceiling
    off = set(public_holidays(year - 1)["date"]) | set(public_holidays(year)["date"])
    on_day_off = items[items["date"].isin(off)]
    assert set(on_day_off["offset_days"]) == {0}  # only items meant for the day itself
    in_year = items[items["date"].dt.year == year]
    months = in_year.groupby(["unit_id", in_year["date"].dt.month]).size()
    assert len(months) == 12 * len(workspace.units())  # every unit, every month
    assert months.min() >= workspace.organisation.monthly_item_minimum
    for unit in ("dang-uy-phuong-1", "hoi-phu-nu"):  # 27/7 and 22/12 concern every unit
        dates = set(items.loc[items["unit_id"] == unit, "date"])
        assert {pd.Timestamp(year, 7, 27), pd.Timestamp(year, 12, 22)} <= dates


def test_round_year_campaigns_are_staggered(planned):
    ws, created = planned
    occ = planner.occurrences(YEAR, ws.events())
    rounds = set(occ.loc[occ["tier"] == "tron", "event_id"])
    lead = created[created["event_id"].isin(rounds) & (created["offset_days"] != 0)]
    # 30/4 (two round years on one day) and 19/8 (three): no unit gets two campaigns' items on one day
    per_day = lead.groupby(["unit_id", "date"])["event_id"].nunique()
    clashes = per_day[per_day > 1]
    assert per_day.drop(index="ban-tuyen-giao", level="unit_id").max() == 1
    # the Ban Tuyên giáo carries every campaign: where the window did not allow (its week of 19/8
    # is full, so the three follow-ups of 19/8 share 25–26/8), and only there, two meet on a day
    items = ws.items(year=YEAR, unit="ban-tuyen-giao")
    week = items[(items["date"] >= "2025-08-18") & (items["date"] <= "2025-08-24")]
    assert len(week) == ws.organisation.weekly_item_ceiling
    assert set(clashes.index.get_level_values("date")) <= {pd.Timestamp("2025-08-25"), pd.Timestamp("2025-08-26")}
    assert lead[lead["occurrence_date"] == pd.Timestamp("2025-08-19")]["event_id"].nunique() == 3


def _harder_data(data_dir, units=60, ceiling=3):
    rows = ["unit_id,name,short_name,kind,parent_id,own_events,channels,note"]
    kinds = ["party_committee", "party_cell", "mass_org", "front", "gov_office", "culture_centre"]
    rows.append("ban-tuyen-giao,Ban Tuyên giáo,Ban Tuyên giáo,propaganda_dept,,truyen-thong-tuyen-giao,,")
    for i in range(units - 1):
        own = "thanh-lap-hoi-phu-nu thanh-lap-hoi-nong-dan" if i % 10 == 0 else ""
        rows.append(f"don-vi-{i:02d},Đơn vị {i:02d},ĐV {i:02d},{kinds[i % len(kinds)]},,{own},,")
    (data_dir / "units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    toml = (data_dir / "organisation.toml").read_text(encoding="utf-8")
    (data_dir / "organisation.toml").write_text(
        toml.replace("weekly_item_ceiling = 10", f"weekly_item_ceiling = {ceiling}"), encoding="utf-8"
    )


def test_harder_organisation_leaves_only_decisions_for_the_planner(tmp_path, data_dir):
    _harder_data(data_dir)
    ws = planner.open_workspace(tmp_path / "hard", data_dir=data_dir)
    assert ws.organisation.weekly_item_ceiling == 3
    created = planner.generate_plan(ws, YEAR)
    report = created.attrs["report"]
    findings = planner.check_plan(ws, YEAR)
    assert not (findings["severity"] == "error").any()
    assert set(findings["code"]) <= {"overload", "round_clash", "holiday", "empty_month"}
    items = ws.items(year=YEAR)
    # an overloaded week holds nothing generation could have moved: only items meant for the day itself
    for f in findings[findings["code"] == "overload"].itertuples():
        week = items[(items["unit_id"] == f.unit_id) & (items["date"].map(_monday) == f.date.date())]
        assert set(week["offset_days"].dropna()) == {0}, f.message
        assert "vượt mức 3 nội dung/tuần" in f.message
    assert set(findings.loc[findings["code"] == "holiday", "severity"]) <= {"info"}  # on the day itself only
    # what could not be placed was left out, each with a message naming the unit, the item and the window
    assert len(report.unplaced) > 0
    short = dict(zip(ws.units()["unit_id"], ws.units()["short_name"], strict=True))
    for row in report.unplaced.itertuples():
        assert row.message.startswith(f"Chưa xếp được '{row.title}' cho {short[row.unit_id]} (")
        assert "đã đủ 3 nội dung/tuần" in row.message or "ngày nghỉ" in row.message
    assert len(created) + len(report.unplaced) == len(plan_rows(
        YEAR, planner.occurrences(YEAR, ws.events()), ws.templates(), ws.units(),
        recurring=read_recurring(),
    ))
    # short months are reported the same way, and match the check's empty months
    empty = findings[findings["code"] == "empty_month"]
    assert set(zip(empty["unit_id"], empty["date"].dt.month, strict=True)) <= set(
        zip(report.short_months["unit_id"], report.short_months["month"], strict=True)
    )
    assert planner.generate_plan(ws, YEAR).empty  # still idempotent
    ws.close()


# ------------------------------------------------------------------ a corrected event date


def _move_event(data_dir, event_id, day, month):
    path = data_dir / "events.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("event_id")] == event_id:
            row[header.index("day")], row[header.index("month")] = str(day), str(month)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


def test_corrected_event_date_moves_its_campaign(tmp_path, data_dir):
    ws = planner.open_workspace(tmp_path / "ws", data_dir=data_dir)
    created = planner.generate_plan(ws, YEAR)
    campaign = created[created["event_id"] == "giai-phong-tinh-brvt"]
    assert len(campaign) > 20  # a round-year campaign (50 years)
    edited = campaign.iloc[0]
    ws.update_item(int(edited.item_id), version=1, title="Bài viết riêng của chuyên viên")
    ws.import_events(_move_event(data_dir, "giai-phong-tinh-brvt", 26, 4))
    again = planner.generate_plan(ws, YEAR)
    assert again.empty  # no second campaign
    items = ws.items(year=YEAR).set_index("item_id")
    assert len(items) == len(created)
    after = items.loc[campaign["item_id"]]
    others = after.drop(index=edited.item_id)
    assert set(others["occurrence_date"]) == {pd.Timestamp("2025-04-26")}
    assert all("26/4/1975 – 26/4/2025" in t for t in others["title"])
    assert not any("27/4" in t for t in others["title"])
    # the edited item is untouched and listed for the planner
    assert items.loc[edited.item_id, "title"] == "Bài viết riêng của chuyên viên"
    assert items.loc[edited.item_id, "occurrence_date"] == pd.Timestamp("2025-04-27")
    report = again.attrs["report"]
    assert list(report.edited["item_id"]) == [edited.item_id]
    assert report.edited.iloc[0]["new_occurrence_date"] == dt.date(2025, 4, 26)
    assert "26/4/2025" in report.edited.iloc[0]["message"]
    assert set(others.index) <= set(report.moved["item_id"])  # (and any item the new load made move)
    # the moved plan still passes the rules it was generated by
    findings = planner.check_plan(ws, YEAR)
    assert findings[findings["code"].isin(["outside_window", "overload"])].empty
    assert planner.generate_plan(ws, YEAR).attrs["report"].moved.empty  # and stays put
    ws.close()


def test_old_plan_keys_are_recognised(planned):
    ws, created = planned
    old = {
        int(r.item_id): "|".join(
            (str(YEAR), r.event_id, r.occurrence_date.date().isoformat(), r.template_id, r.spec_id, r.unit_id)
        )
        for r in created.dropna(subset=["event_id"]).itertuples()
    }
    db_execute_many(ws, "UPDATE items SET plan_key = ? WHERE item_id = ?", [(k, i) for i, k in old.items()])
    again = planner.generate_plan(ws, YEAR)
    assert again.empty
    items = ws.items(year=YEAR)
    assert len(items) == len(created)
    assert not items["plan_key"].isin(old.values()).any()  # rewritten in today's form
    assert planner.generate_plan(ws, YEAR).attrs["report"].moved.empty


def test_two_processes_generating_one_year(tmp_path):
    ws = planner.open_workspace(tmp_path / "ws")
    ws.close()
    code = (
        "import sys, planner; ws = planner.open_workspace(sys.argv[1]); "
        "print(len(planner.generate_plan(ws, 2025)))"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, place(tmp_path / "ws")], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    counts = sorted(int(o) for o, _ in outs)
    ws = planner.open_workspace(tmp_path / "ws")
    total = len(ws.items(year=2025))
    assert counts[1] == total and counts[0] in (0, total)  # one created everything, the other nothing
    assert ws.items(year=2025)["plan_key"].is_unique
    ws.close()


# ------------------------------------------------------------------ copy_plan across lunar months 11–12


def _lunar_year_end_event(data_dir):
    """One local event on 1/12 lunar: twice in 2024 and 2027, never in 2025."""
    path = data_dir / "events.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            ["cuoi-nam-am", "Ngày hội cuối năm âm lịch", "", "lunar", 1, 12, "", 1990, "local", "city", "", "",
             "thử nghiệm", ""]
        )


def test_copy_plan_matches_each_lunar_occurrence(tmp_path, data_dir):
    _lunar_year_end_event(data_dir)
    ws = planner.open_workspace(tmp_path / "ws", data_dir=data_dir)
    planner.generate_plan(ws, 2024)
    source = ws.items(year=2024)
    source = source[source["event_id"] == "cuoi-nam-am"]
    expected_old = {to_solar(LunarDate(1, 12, y)) for y in (2023, 2024)}
    assert set(source["occurrence_date"].dt.date) == expected_old  # two occurrences in 2024
    copied = planner.copy_plan(ws, 2024, 2027)
    mine = copied[copied["event_id"] == "cuoi-nam-am"]
    assert set(mine["occurrence_date"].dt.date) == {to_solar(LunarDate(1, 12, y)) for y in (2026, 2027)}
    assert len(mine) == len(source)  # nothing collapsed onto one date
    for row in mine.itertuples():
        number = (to_solar(LunarDate(1, 12, 2026)) == row.occurrence_date.date()) and 36 or 37
        assert f"kỷ niệm {number} năm" in row.title.lower()
    assert copied.attrs["report"].skipped.empty


def test_copy_plan_reports_events_missing_from_the_target_year(tmp_path, data_dir):
    _lunar_year_end_event(data_dir)
    ws = planner.open_workspace(tmp_path / "ws", data_dir=data_dir)
    planner.generate_plan(ws, 2024)
    source = ws.items(year=2024)
    lunar = source[source["event_id"] == "cuoi-nam-am"]
    copied = planner.copy_plan(ws, 2024, 2025)
    assert "cuoi-nam-am" not in set(copied["event_id"].dropna())  # 1/12 lunar does not fall in 2025
    skipped = copied.attrs["report"].skipped
    assert sorted(skipped["item_id"]) == sorted(lunar["item_id"])
    assert "không rơi vào năm 2025" in skipped.iloc[0]["message"]
    assert len(copied) + len(skipped) == len(source[source["status"] != "cancelled"])


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("changes", "field", "shown"),
    [
        ({"months": [13]}, "months", "[13]"),
        ({"months": "tháng 5"}, "months", "tháng 5"),
        ({"day": 31}, "day", "31"),
        ({"day": "15"}, "day", "15"),
        ({"title": "Người tốt {month"}, "title", "Người tốt {month"),
        ({"title": "Người tốt }"}, "title", "Người tốt }"),
        ({"title": "Người tốt {thang}"}, "title", "{thang}"),
    ],
)
def test_add_monthly_refuses_bad_input_in_vietnamese(workspace, changes, field, shown):
    args = dict(unit_id="hoi-phu-nu", title="Người tốt, việc tốt tháng {month}", format="post", platform="facebook")
    args.update(changes)
    with pytest.raises(planner.PlannerError) as caught:
        planner.add_monthly(workspace, YEAR, **args)
    assert caught.value.field == field and shown in str(caught.value)
    assert workspace.items().empty


def test_add_monthly_unknown_unit_and_year(workspace):
    args = dict(title="Tin tháng {month}", format="post", platform="facebook")
    with pytest.raises(NotFoundError, match="Không có đơn vị 'hoi-pn'"):
        planner.add_monthly(workspace, YEAR, unit_id="hoi-pn", **args)
    with pytest.raises(planner.PlannerError, match="Năm phải là một số nguyên từ 1900 đến 2100, nhận được 2.5"):
        planner.add_monthly(workspace, 2.5, unit_id="hoi-phu-nu", **args)


@pytest.mark.parametrize("year", [2.5, "hai nghìn", True, 1800, 99999])
def test_generate_plan_refuses_a_year_that_is_not_one(workspace, year):
    with pytest.raises(planner.PlannerError, match=f"{year}.*1900.*2100|1900.*2100.*{year!r}") as caught:
        planner.generate_plan(workspace, year)
    assert caught.value.field == "year"
    assert workspace.items().empty


def test_template_title_with_unbalanced_braces_is_a_clear_error(workspace):
    specs = workspace.templates()
    specs.loc[specs["spec_id"] == "bai-dang", "title"] = "Kỷ niệm {title"
    with pytest.raises(planner.DataError) as caught:
        planner.generate_plan(workspace, YEAR, templates=specs)
    bad = specs.index[specs["spec_id"] == "bai-dang"]
    assert [(p.line, p.column) for p in caught.value.problems] == [(i + 2, "title") for i in bad]
    assert "tiêu đề 'Kỷ niệm {title' có dấu { không có dấu } đóng" in caught.value.problems[0].message
    assert workspace.items().empty


def test_round_year_campaigns_crowding_one_day_are_found(planned):
    """A lead-up item of the 30/4 campaign moved onto a day where the unit has a 2/9 lead-up item."""
    ws, created = planned
    occ = planner.occurrences(YEAR, ws.events())
    rounds = occ[occ["tier"] == "tron"].set_index("event_id")["date"]
    unit = "mttq"
    lead = created[(created["unit_id"] == unit) & created["event_id"].isin(rounds.index) & (created["offset_days"] < 0)]
    first = lead[lead["event_id"] == "giai-phong-mien-nam"].iloc[0]
    second = lead[lead["event_id"] == "quoc-khanh"].iloc[0]
    ws.move_item(int(first.item_id), second.date, version=int(first.version))
    clash = planner.check_plan(ws, YEAR).query("code == 'round_clash'")
    assert list(zip(clash["unit_id"], clash["date"], strict=True)) == [(unit, second.date)]
    message = clash.iloc[0]["message"]
    assert "UBMTTQ Thành phố có nội dung của 2 chiến dịch kỷ niệm năm tròn cùng ngày" in message
    assert "Kỷ niệm 50 năm Ngày giải phóng miền Nam" in message and "Kỷ niệm 80 năm" in message


def test_frames_and_units_given_by_a_caller_are_checked_like_the_data_files(workspace):
    """offset 'abc', day 31, months 13, units=5 raised raw TypeError/ValueError/AttributeError."""
    templates, stories = workspace.templates(), workspace.recurring()
    with pytest.raises(planner.DataError, match=r"template_items.csv, dòng 2, cột 'offset'"):
        planner.generate_plan(workspace, YEAR, templates=templates.assign(offset="abc"))
    with pytest.raises(planner.InvalidValueError, match="thiếu: takers"):
        planner.generate_plan(workspace, YEAR, templates=templates.drop(columns="takers"))
    with pytest.raises(planner.DataError, match=r"recurring.csv, dòng 2, cột 'day'"):
        planner.generate_plan(workspace, YEAR, recurring=stories.assign(day=31))
    with pytest.raises(planner.DataError, match=r"cột 'months'"):
        planner.generate_plan(workspace, YEAR, recurring=stories.assign(months="13"))
    with pytest.raises(planner.InvalidValueError, match="units cần một mã đơn vị"):
        planner.generate_plan(workspace, YEAR, units=5)
    with pytest.raises(planner.NotFoundError, match=r"Không có đơn vị \['a'\]"):
        planner.add_monthly(workspace, YEAR, unit_id=["a"], title="x", format="post", platform="zalo")
    assert workspace.items().empty
    same = planner.generate_plan(workspace, YEAR, templates=templates, recurring=stories)
    assert len(same) == len(workspace.items(year=YEAR)) > 1000


def test_weeks_left_over_the_ceiling_are_reported_by_generation(tmp_path, data_dir):
    """What `plan` lists as full weeks is exactly what check_plan then warns about (2045: day-of items)."""
    toml = data_dir / "organisation.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("weekly_item_ceiling = 10", "weekly_item_ceiling = 4"),
                    encoding="utf-8")
    with planner.open_workspace(tmp_path / "ws", data_dir=data_dir) as ws:
        created = planner.generate_plan(ws, 2045)
        full = created.attrs["report"].full_weeks
        overload = planner.check_plan(ws, 2045).query("code == 'overload'")
    assert len(full) > 0
    assert set(zip(full["unit_id"], pd.to_datetime(full["week"]), strict=True)) == set(
        zip(overload["unit_id"], overload["date"], strict=True)
    )
    assert all("vượt mức 4/tuần" in m for m in full["message"])


@pytest.mark.parametrize("year", [2015, 2055, 2065])
def test_hardest_items_choose_their_day_first(workspace, year):
    """Greedy placement by window width put a wide follow-up on the only day a 27/4 summary item had
    (4/5), so Ban Tuyên giáo carried two round-year campaigns that day; the fewest allowed days go first."""
    created = planner.generate_plan(workspace, year)
    findings = planner.check_plan(workspace, year)
    assert "round_clash" not in set(findings["code"])
    warned = findings.query("severity == 'warning'")
    full = created.attrs["report"].full_weeks
    assert set(warned["code"]) <= {"overload"}
    assert set(zip(warned["unit_id"], warned["date"], strict=True)) == set(
        zip(full["unit_id"], pd.to_datetime(full["week"]), strict=True)
    )


def test_preview_plan_writes_nothing_and_shows_what_generation_creates(workspace):
    """preview_plan is generate_plan stopped before the write: same rows (plan keys, dates, titles), same report."""
    mark = workspace.last_change()
    units = ["mttq", "doan-thanh-nien"]
    preview = planner.planning.preview_plan(workspace, YEAR, units=units)
    assert workspace.last_change() == mark
    assert workspace.items(year=YEAR).empty
    assert db_rows(workspace, "SELECT count(*) FROM items") == [(0,)]
    assert len(preview) > 50 and set(preview["unit_id"]) == set(units)
    assert (preview["item_id"] < 0).all() and preview["item_id"].is_unique
    created = planner.generate_plan(workspace, YEAR, units=units)
    assert list(preview["plan_key"]) == list(created["plan_key"])
    same = ["unit_id", "date", "occurrence_date", "title", "format", "platform", "theme", "template_id"]
    assert preview[same].equals(created[same])
    assert preview.attrs["report"].messages() == created.attrs["report"].messages()
    again = planner.planning.preview_plan(workspace, YEAR, units=units)
    assert again.empty and workspace.last_change() > mark
    with pytest.raises(NotFoundError):
        planner.planning.preview_plan(workspace, YEAR, units=["khong-co"])

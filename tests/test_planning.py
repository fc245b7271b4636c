"""Plan generation from templates, copying a plan, ad-hoc items, and the checks on a plan."""

import csv
import datetime as dt
import sqlite3
import unicodedata

import pandas as pd
import pytest

import planner
from planner import NotFoundError
from planner.model import EVENT_COLUMNS
from planner.store import DB_FILE

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
    # 95th anniversary: a 5-year campaign; the infographic a week before, the post on the day
    by_spec = party.set_index("spec_id")
    assert by_spec.loc["infographic", "date"] == pd.Timestamp("2025-01-27")
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
    again = planner.generate_plan(ws, YEAR)
    assert again.empty and len(ws.items(year=YEAR)) == len(created)


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
    generation = ws.changes().query("action == 'generate_plan'")
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
    with sqlite3.connect(ws.folder / DB_FILE) as conn:
        conn.execute(
            "UPDATE items SET title = ? WHERE item_id = ?", (unicodedata.normalize("NFD", "Tuổi trẻ Vũng Tàu"), nfd_id)
        )
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
    clash = findings[findings["code"] == "round_clash"]
    assert any("30/4/2025" in m and "Vũng Tàu" in m for m in clash["message"])
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
    assert "ngoài đợt tuyên truyền (12/8/2025 – 3/9/2025)" in window.iloc[0]["message"]
    empty = findings[findings["code"] == "empty_month"]
    assert set(empty["severity"]) == {"info"}


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
    assert len(created) == 24
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

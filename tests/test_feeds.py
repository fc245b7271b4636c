"""The iCalendar feed, parsed back with the icalendar package."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

import planner
from planner.feeds import export_ics


@pytest.fixture
def planned(workspace):
    planner.generate_plan(workspace, 2025)
    return workspace


def _events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")], cal


def test_one_event_per_item_and_per_occurrence(planned, tmp_path):
    path = export_ics(planned, year=2025, path=tmp_path / "lịch ? năm 2025.ics")
    events, cal = _events(path)
    items = planned.items(year=2025)
    live = items[(items["status"] != "cancelled") & items["date"].notna()]
    occ = planner.occurrences(2025, planned.events()).dropna(subset=["date"])
    assert len(events) == len(live) + len(occ)
    assert str(cal.get("x-wr-calname")) == "Kế hoạch tuyên truyền năm 2025"
    by_uid = {str(e["uid"]): e for e in events}
    first = live.iloc[0]
    event = by_uid[f"item-{first['item_id']}@{planned.workspace_id}"]
    assert event.decoded("dtstart") == first["date"].date() and str(event["summary"]) == first["title"]
    party = by_uid[f"occ-thanh-lap-dang-2025-02-03@{planned.workspace_id}"]
    assert "95 năm" in str(party["summary"]) and party.decoded("dtstart") == dt.date(2025, 2, 3)


def test_a_unit_feed_holds_only_its_items_and_cancelled_items_are_left_out(planned, tmp_path):
    items = planned.items(year=2025, units="hoi-phu-nu")
    gone = items.iloc[0]
    planned.cancel_item(int(gone["item_id"]), version=int(gone["version"]), reason="thôi")
    events, cal = _events(export_ics(planned, year=2025, unit="hoi-phu-nu", path=tmp_path / "hpn.ics"))
    uids = {str(e["uid"]) for e in events if str(e["uid"]).startswith("item-")}
    assert uids == {f"item-{i}@{planned.workspace_id}" for i in items["item_id"][1:]}
    assert "Hội Phụ nữ" in str(cal.get("x-wr-calname"))


def test_an_unknown_unit_or_year_is_refused_in_vietnamese(planned, tmp_path):
    with pytest.raises(planner.PlannerError, match="Không có đơn vị"):
        export_ics(planned, year=2025, unit="khong-co", path=tmp_path / "x.ics")
    with pytest.raises(planner.PlannerError):
        export_ics(planned, year="năm nay", path=tmp_path / "x.ics")
    assert not (tmp_path / "x.ics").exists()

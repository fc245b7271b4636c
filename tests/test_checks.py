"""The automatic "no errors" checks on item text, as pure functions."""

import datetime as dt
import unicodedata

import pandas as pd
import pytest

from planner.calendars import occurrences, public_holidays
from planner.catalogue import events_frame, read_events, read_official_names
from planner.checks import (
    FINDING_COLUMNS,
    EventIndex,
    NameIndex,
    findings_for_items,
    item_findings,
    text_findings,
)
from planner.errors import InvalidValueError
from planner.planning import PLAN_FINDING_COLUMNS, check_plan, generate_plan

NAMES = NameIndex(read_official_names())
EVENTS = EventIndex(read_events())


def codes(title, *, year=2025, event_id=None, occurrence_date=None, notes=""):
    item = {"title": title, "notes": notes, "year": year, "event_id": event_id, "occurrence_date": occurrence_date}
    return [(f.severity, f.code) for f in item_findings(item, names=NAMES, events=EVENTS)]


@pytest.mark.parametrize(
    "title",
    [
        "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)",
        "Hướng tới kỷ niệm 50 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 – 30/4/2025)",
        "Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/2025)",
        "Giỗ Tổ Hùng Vương năm 2025",
        "Người tốt, việc tốt: anh Nguyễn Văn A cứu người đuối nước ở Bãi Sau",
        "Kỷ niệm 91 năm Ngày thành lập Chi bộ Đảng Cộng sản đầu tiên tỉnh Bà Rịa - Vũng Tàu (2/1934 – 2/2025)",
    ],
)
def test_clean_titles_have_no_findings(title):
    assert codes(title) == []


def test_wrong_anniversary_number_for_the_linked_event():
    assert codes("Kỷ niệm 94 năm … thành lập Đảng", event_id="thanh-lap-dang") == [("error", "anniversary_number")]


def test_wrong_anniversary_number_recognised_by_name():
    assert codes("Kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam") == [("error", "anniversary_number")]
    assert codes("Kỷ niệm 49 năm Ngày giải phóng miền Nam, thống nhất đất nước") == [("error", "anniversary_number")]


def test_wrong_date_range():
    found = item_findings(
        {"title": "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2024)", "year": 2025},
        names=NAMES,
        events=EVENTS,
    )
    assert [(f.code, f.severity) for f in found] == [("date_range", "error")]
    assert "phải ghi '3/2/1930 – 3/2/2025'" in found[0].message
    assert codes("Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (2/3/1930 – 2/3/2025)") == [
        ("error", "date_range")
    ]


def test_lunar_event_counts_in_lunar_years():
    title = "Kỷ niệm 56 năm Ngày giỗ Chủ tịch Hồ Chí Minh (21/7/1969 – 21/7/2025 âm lịch)"
    assert codes(title, event_id="gio-ho-chi-minh-am-lich", occurrence_date="2025-09-12") == []
    assert codes(title.replace("56", "55"), event_id="gio-ho-chi-minh-am-lich", occurrence_date="2025-09-12") == [
        ("error", "anniversary_number")
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Chào mừng Đảng cộng sản Việt Nam quang vinh", [("error", "official_name")]),
        ("Học tập tấm gương Chủ Tịch Hồ Chí Minh", [("error", "official_name")]),
        ("Hoạt động của Mặt Trận Tổ Quốc Việt Nam", [("error", "official_name")]),
        ("Tin từ Uỷ ban nhân dân phường", [("warning", "official_name")]),
        ("Nước Cộng hoà xã hội chủ nghĩa Việt Nam", [("warning", "official_name")]),
        ("Đoàn thanh niên cộng sản Hồ Chí Minh ra quân", [("error", "official_name")]),
        ("Chúc mừng năm mới Việt nam", [("error", "official_name")]),
        ("Hội Nông dân Việt Nam", []),  # the correct form is not flagged
        ("Hội Nông Dân Việt Nam", [("error", "official_name")]),
    ],
)
def test_official_names(title, expected):
    assert codes(title) == expected


def test_official_name_message_says_the_right_form():
    found = text_findings("Chào mừng Đảng cộng sản Việt Nam", field="title", names=NAMES)
    assert found[0].message.startswith(
        "Viết sai tên chính thức: 'Đảng cộng sản Việt Nam' → viết đúng là 'Đảng Cộng sản Việt Nam'"
    )


def test_nfd_spaces_and_empty():
    assert codes(unicodedata.normalize("NFD", "Tết Nguyên đán năm 2025")) == [("error", "not_nfc")]
    assert codes("Tết Nguyên đán  năm 2025") == [("warning", "double_space")]
    assert codes(" Tết Nguyên đán năm 2025") == [("warning", "edge_space")]
    assert codes("") == [("error", "empty_title")]
    assert codes("   ") == [("error", "empty_title")]


def test_notes_are_checked_too():
    found = item_findings(
        {"title": "Bài viết", "notes": "Trích lời Tổng Bí Thư", "year": 2025}, names=NAMES, events=EVENTS
    )
    assert [(f.field, f.code) for f in found] == [("notes", "official_name")]


# ------------------------------------------------------------------ one title rule (issue 6, 2.1 and 2.2)


def _one_event(day, month, *, calendar="solar", leap=False, base_year=2000):
    return events_frame(
        [
            {
                "event_id": "thu",
                "name_vi": "Ngày truyền thống Đơn vị thử",
                "name_en": "",
                "calendar": calendar,
                "day": day,
                "month": month,
                "leap": leap,
                "base_year": base_year,
                "category": "local",
                "scope": "unit",
                "valid_from": None,
                "valid_until": None,
                "source": "test",
                "note": "",
            }
        ]
    )


def _generated(events, year):
    (row,) = occurrences(year, events).itertuples()
    return row.title, row.date.date()


def _check(events, title, year, occurrence_date):
    item = {"title": title, "year": year, "event_id": "thu", "occurrence_date": occurrence_date}
    return [(f.code, f.message) for f in item_findings(item, events=EventIndex(events))]


def test_29_february_title_in_a_common_year_passes_its_check():
    # before: the title ended "– 28/2/2025" and the check wanted "29/2/2025": never approvable
    events = _one_event(29, 2)
    title, date = _generated(events, 2025)
    assert date == dt.date(2025, 2, 28)
    assert title == "Kỷ niệm 25 năm Ngày truyền thống Đơn vị thử (29/2/2000 – 28/2/2025)"
    assert _check(events, title, 2025, date) == []
    assert _check(events, title, 2025, None) == []
    # a range ending on a day that does not exist is refused, naming the right one
    found = _check(events, title.replace("28/2/2025", "29/2/2025"), 2025, date)
    assert [code for code, _ in found] == ["date_range"]
    assert "phải ghi '29/2/2000 – 28/2/2025'" in found[0][1]


def test_leap_month_title_names_the_day_shown_and_passes_its_check():
    # 30/6 nhuận 2020, shown on 22/8/2025 = 29/6 nhuận Ất Tỵ; before: "30/6/2025 âm lịch"
    events = _one_event(30, 6, calendar="lunar", leap=True, base_year=2020)
    title, date = _generated(events, 2025)
    assert date == dt.date(2025, 8, 22)
    assert title == "Kỷ niệm 5 năm Ngày truyền thống Đơn vị thử (30/6 nhuận/2020 – 29/6 nhuận/2025 âm lịch)"
    assert _check(events, title, 2025, date) == []
    old = "Kỷ niệm 5 năm Ngày truyền thống Đơn vị thử (30/6/2020 – 30/6/2025 âm lịch)"
    assert [code for code, _ in _check(events, old, 2025, date)] == ["date_range"]


def test_lunar_day_30_title_in_a_29_day_month_passes_its_check():
    events = _one_event(30, 12, calendar="lunar", base_year=2000)  # 12th month of Giáp Thìn has 29 days
    title, date = _generated(events, 2025)
    assert title.endswith("(30/12/2000 – 29/12/2024 âm lịch)")
    assert _check(events, title, 2025, date) == []


def test_lunar_range_without_am_lich_reads_as_a_solar_date():
    title = "Kỷ niệm 56 năm Ngày giỗ Chủ tịch Hồ Chí Minh (21/7/1969 – 21/7/2025)"
    assert codes(title, event_id="gio-ho-chi-minh-am-lich", occurrence_date="2025-09-12") == [("error", "date_range")]


def test_findings_for_items_use_the_one_schema():
    items = pd.DataFrame(
        {
            "item_id": [7, 8],
            "unit_id": ["mttq", "doan-thanh-nien"],
            "date": pd.to_datetime(["2025-02-01", "2025-03-20"]),
            "title": ["Kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam", "Tin hoạt động"],
            "notes": ["", ""],
            "event_id": [None, None],
            "year": [2025, 2025],
            "occurrence_date": [pd.NaT, pd.NaT],
        }
    )
    found = findings_for_items(items, names=read_official_names(), events=read_events())
    assert list(found.columns) == FINDING_COLUMNS == PLAN_FINDING_COLUMNS
    assert found[["item_id", "unit_id", "date", "code", "field"]].values.tolist() == [
        [7, "mttq", pd.Timestamp("2025-02-01"), "anniversary_number", "title"]
    ]


# ------------------------------------------------------------------ check_plan (issue 6, 2.7 and section 4)


def test_check_plan_on_a_year_without_items_says_to_generate_it_first(workspace):
    # before: 17 units × 12 months = 204 "empty_month" notes
    found = check_plan(workspace, 2026)
    assert list(found.columns) == FINDING_COLUMNS
    assert found[["severity", "code"]].values.tolist() == [["warning", "no_plan"]]
    message = found.iloc[0]["message"]
    assert "Chưa có kế hoạch năm 2026" in message and "python -m planner plan 2026" in message


@pytest.mark.parametrize(("value", "field"), [(1800, "year"), ("2025", "year"), (2.5, "year")])
def test_check_plan_refuses_years_in_vietnamese(workspace, value, field):
    with pytest.raises(InvalidValueError) as info:
        check_plan(workspace, value)
    assert info.value.field == field and repr(value) in str(info.value)


@pytest.mark.parametrize("ceiling", [0, -1, "10", 2.5, True])
def test_check_plan_refuses_a_bad_ceiling(workspace, ceiling):
    with pytest.raises(InvalidValueError) as info:
        check_plan(workspace, 2025, weekly_ceiling=ceiling)
    assert info.value.field == "weekly_ceiling"


@pytest.fixture
def busy_plan(workspace):
    """The demo plan for 2025 with some items pushed out of their window and onto holidays."""
    created = generate_plan(workspace, 2025)
    tied = created[created["occurrence_date"].notna() & created["offset_days"].ne(0)].sort_values("item_id")
    days = ["2025-11-20", "2025-09-01", "2025-01-01", "2025-12-30"] * 3
    for item_id, day in zip(tied["item_id"].iloc[:48:4], days, strict=True):
        row = workspace.item(int(item_id))
        workspace.move_item(int(item_id), day, version=int(row["version"]))
    return workspace


def _plain_recount(ws, year, ceiling):
    """The weekly-ceiling, campaign-window and holiday findings counted the plain way."""
    items = ws.items(year=year)
    items = items[(items["status"] != "cancelled") & items["date"].notna()]
    weeks = {}
    for unit_id, date in zip(items["unit_id"], items["date"], strict=True):
        iso = date.isocalendar()
        monday = dt.date.fromisocalendar(iso[0], iso[1], 1)
        weeks[(unit_id, monday)] = weeks.get((unit_id, monday), 0) + 1
    overload = {key for key, count in weeks.items() if count > ceiling}
    specs = ws.templates()
    outside = set()
    for row in items.itertuples():
        if pd.isna(row.occurrence_date):
            continue
        offsets = list(specs.loc[specs["template_id"] == row.template_id, "offset"])
        lo, hi = (min(offsets), max(offsets)) if offsets else (-30, 7)
        if not lo <= (row.date - row.occurrence_date).days <= hi:
            outside.add(row.item_id)
    days_off = {d.date() for d in public_holidays(year)["date"]}
    holiday = {
        row.item_id
        for row in items.itertuples()
        if row.date.date() in days_off and not (not pd.isna(row.offset_days) and row.offset_days == 0)
    }
    return overload, outside, holiday


@pytest.mark.parametrize("ceiling", [2, 4, 10])
def test_vectorised_plan_checks_match_a_plain_recount(busy_plan, ceiling):
    found = check_plan(busy_plan, 2025, weekly_ceiling=ceiling)
    overload, outside, holiday = _plain_recount(busy_plan, 2025, ceiling)
    over = found[found["code"] == "overload"]
    assert {(u, d.date()) for u, d in zip(over["unit_id"], over["date"], strict=True)} == overload
    assert len(over) == len(overload) and over["item_id"].isna().all()
    assert set(found.loc[found["code"] == "outside_window", "item_id"]) == outside
    assert len(outside) >= 5
    per_item = found[(found["code"] == "holiday") & found["item_id"].notna()]
    assert set(per_item["item_id"]) == holiday and len(holiday) >= 1
    assert set(found.loc[found["code"] == "outside_window", "field"]) == {"date"}


def test_plan_findings_share_the_item_schema_and_order(busy_plan):
    found = check_plan(busy_plan, 2025, weekly_ceiling=3)
    assert list(found.columns) == FINDING_COLUMNS
    rank = found["severity"].map({"error": 0, "warning": 1, "info": 2})
    assert rank.is_monotonic_increasing


@pytest.mark.parametrize(
    "text, severity, shown",
    [
        ("Kỷ niệm\u200b ngày Thầy thuốc", "warning", "U+200B"),
        ("\ufeffKỷ niệm ngày Thầy thuốc", "warning", "U+FEFF"),
        ("Kỷ niệm \u202engày\u202c Thầy thuốc", "error", "U+202E, U+202C"),
    ],
)
def test_invisible_characters_pasted_into_a_title_are_found(text, severity, shown):
    found = [f for f in text_findings(text, field="title") if f.code == "hidden_character"]
    assert [(f.severity, shown in f.message) for f in found] == [(severity, True)]


def test_an_emoji_family_joined_by_zwj_is_not_a_hidden_character():
    found = text_findings("Ngày gia đình 👨\u200d👩\u200d👧", field="title")
    assert "hidden_character" not in [f.code for f in found]

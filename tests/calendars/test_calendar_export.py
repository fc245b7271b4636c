"""The display step (labels for people) and the calendar CSV written for Excel."""

import argparse
import csv
import datetime as dt
import re

import pandas as pd
import pytest

import planner
from planner.calendars import to_lunar
from planner.cli import _cmd_calendar
from planner.display import LABEL_COLUMNS, holiday_labels, occurrence_export, occurrence_labels
from planner.strings import OCCURRENCE_CSV_HEADERS

_DAY_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6}


def test_labels_are_a_separate_step_and_do_not_touch_the_facts():
    occ = planner.occurrences(2025)
    before = occ.copy()
    labelled = occurrence_labels(occ)
    pd.testing.assert_frame_equal(occ, before)
    assert list(labelled.columns) == list(occ.columns) + LABEL_COLUMNS
    party = labelled.set_index("event_id").loc["thanh-lap-dang"]
    assert (party["date_text"], party["weekday"], party["lunar_text"]) == ("3/2/2025", "Thứ Hai", "6/1 Ất Tỵ")


@pytest.mark.parametrize("year", range(1990, 2100))
def test_holiday_labels_never_contradict_the_lunar_date(year):
    for date, name in zip(holiday_labels(year)["date"], holiday_labels(year)["name"], strict=True):
        ld = to_lunar(date.date())
        assert "Tết Nguyên Đán" not in name  # our official name is "Tết Nguyên đán"
        assert not re.search(r"\b0\d/", name), name  # 4/5/2024, never 04/05/2024
        before_tet = re.fullmatch(r"(\d+) Tết", name)
        if before_tet:
            assert (ld.month, ld.day) == (12, int(before_tet[1])), (date, name)
        tet_day = re.match(r"Mùng (\w+) Tết", name)
        if tet_day:
            assert (ld.month, ld.day) == (1, _DAY_WORDS[tet_day[1]]), (date, name)
        if name.startswith("Giao thừa"):
            assert (to_lunar(date.date() + dt.timedelta(days=1)).day, ld.month) == (1, 12), (date, name)


def test_holiday_label_of_a_substitute_day_uses_our_date_style():
    labels = holiday_labels(2024).set_index("date")["name"]
    assert labels[pd.Timestamp("2024-04-29")] == "Ngày nghỉ (thay cho ngày 4/5/2024)"


def _calendar(tmp_path, monkeypatch, *, vi):
    monkeypatch.chdir(tmp_path)  # no ./workspace: the packaged catalogue
    out = tmp_path / "lich.csv"
    code = _cmd_calendar(argparse.Namespace(year=2025, csv=str(out), workspace=None, vi=vi))
    assert code == 0
    return out


def test_calendar_csv_has_a_bom_for_excel(tmp_path, monkeypatch):
    out = _calendar(tmp_path, monkeypatch, vi=False)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = {r["event_id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    party = rows["thanh-lap-dang"]
    assert (party["date"], party["date_text"], party["lunar_text"]) == ("2025-02-03", "3/2/2025", "6/1 Ất Tỵ")
    assert rows["tet-nguyen-dan"]["holiday"] == "Tết Nguyên đán"


def test_calendar_csv_with_vietnamese_headers(tmp_path, monkeypatch):
    out = _calendar(tmp_path, monkeypatch, vi=True)
    reader = csv.DictReader(out.open(encoding="utf-8-sig"))
    expected = list(OCCURRENCE_CSV_HEADERS.values())
    assert reader.fieldnames == expected and len(set(expected)) == len(expected)
    rows = {r["Mã sự kiện"]: r for r in reader}
    liberation = rows["giai-phong-mien-nam"]
    assert (liberation["Số năm"], liberation["Loại năm"], liberation["Loại lịch"]) == ("50", "Năm tròn", "Dương lịch")
    assert rows["gio-to-hung-vuong"]["Ngày"] == "7/4/2025"


def test_export_keeps_its_input():
    occ = occurrence_labels(planner.occurrences(2025))
    before = occ.copy()
    occurrence_export(occ, vietnamese=True)
    pd.testing.assert_frame_equal(occ, before)

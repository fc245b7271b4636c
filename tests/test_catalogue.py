"""Validation of the editable data files: every bad row named by file, line and column."""

import unicodedata
from pathlib import Path

import pytest

from planner import DataError
from planner.catalogue import read_events, read_organisation, read_units

HEADER = (
    "event_id,name_vi,name_en,calendar,day,month,leap,base_year,category,scope,valid_from,valid_until,source,note\n"
)
GOOD = "thanh-lap-dang,Ngày thành lập Đảng Cộng sản Việt Nam,,solar,3,2,,1930,party,national,,,https://example.org,\n"


def _write(tmp_path: Path, body: str, name="events.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple]:
    with pytest.raises(DataError) as info:
        read_events(path)
    return [(p.file, p.line, p.column) for p in info.value.problems], str(info.value)


def test_packaged_catalogue_is_valid():
    events = read_events()
    assert len(events) >= 60
    assert events["event_id"].is_unique
    # every row carries a source, as the reference facts do
    assert (events["source"].str.len() > 0).all()
    lunar = set(events.loc[events["calendar"] == "lunar", "event_id"])
    assert {"gio-to-hung-vuong", "tet-nguyen-dan", "le-hoi-nghinh-ong", "gio-ho-chi-minh-am-lich"} <= lunar


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("x,Tên,,gregorian,3,2,,1930,party,national,,,src,\n", "calendar", "chỉ nhận: solar, lunar"),
        ("x,Tên,,solar,31,4,,1930,party,national,,,src,\n", "day", "tháng 4 dương lịch không có ngày 31"),
        ("x,Tên,,lunar,31,4,,1930,party,national,,,src,\n", "day", "ngày âm lịch chỉ từ 1 đến 30"),
        ("x,Tên,,solar,3,2,,2999,party,national,,,src,\n", "base_year", "không được ở tương lai"),
        ("x,Tên,,solar,3,13,,1930,party,national,,,src,\n", "month", "tháng phải từ 1 đến 12"),
        ("x,Tên,,solar,3,2,,1930,party,galaxy,,,src,\n", "scope", "chỉ nhận: national"),
        ("X Y,Tên,,solar,3,2,,1930,party,national,,,src,\n", "event_id", "chữ thường không dấu"),
        ("x,,,solar,3,2,,1930,party,national,,,src,\n", "name_vi", "bắt buộc"),
        ("x,Tên,,solar,3,2,,1930,party,national,,,,\n", "source", "bắt buộc"),
        ("x,Tên,,solar,3,2,1,1930,party,national,,,src,\n", "leap", "chỉ sự kiện âm lịch"),
        ("x,Tên,,solar,3,2,,1930,party,national,2030,2020,src,\n", "valid_until", "trước năm bắt đầu"),
        ("x,Tên,,solar,ba,2,,1930,party,national,,,src,\n", "day", "phải là số nguyên"),
    ],
)
def test_each_bad_row_names_file_line_column(tmp_path, row, column, reason):
    path = _write(tmp_path, GOOD + row)
    problems, message = _problems(path)
    assert problems == [("events.csv", 3, column)]
    assert reason in message
    assert "events.csv, dòng 3, cột '" + column + "'" in message


def test_duplicate_id_names_both_lines(tmp_path):
    path = _write(tmp_path, GOOD + GOOD.replace("3,2", "4,2"))
    problems, message = _problems(path)
    assert problems == [("events.csv", 3, "event_id")]
    assert "trùng với dòng 2" in message


def test_all_problems_reported_at_once(tmp_path):
    body = (
        "a,Tên,,gregorian,3,2,,1930,party,national,,,src,\n"
        "b,Tên,,solar,31,4,,1930,party,national,,,src,\n"
        "c,Tên,,lunar,31,4,,1930,party,national,,,src,\n"
    )
    problems, _ = _problems(_write(tmp_path, body))
    assert [(line, col) for _, line, col in problems] == [(2, "calendar"), (3, "day"), (4, "day")]


def test_nfd_text_is_refused(tmp_path):
    nfd = unicodedata.normalize("NFD", "Ngày thành lập Đảng")
    path = _write(tmp_path, f"x,{nfd},,solar,3,2,,1930,party,national,,,src,\n")
    problems, message = _problems(path)
    assert problems == [("events.csv", 2, "name_vi")]
    assert "NFC" in message


def test_missing_column(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("event_id,name_vi\nx,Tên\n", encoding="utf-8")
    problems, message = _problems(path)
    assert problems == [("events.csv", 1, None)]
    assert "thiếu cột name_en, calendar" in message


def test_not_utf8(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + GOOD).encode("cp1258", errors="replace").replace(b"3,2", b"3,2\xff"))
    problems, message = _problems(path)
    assert problems[0][0] == "events.csv"
    assert "không phải UTF-8" in message


def test_multiline_quoted_cell_keeps_line_numbers(tmp_path):
    body = 'a,"Tên hai\ndòng",,solar,3,2,,1930,party,national,,,src,\nb,Tên,,solar,31,4,,1930,party,national,,,src,\n'
    problems, _ = _problems(_write(tmp_path, body))
    assert problems == [("events.csv", 4, "day")]


def test_units_demo_is_valid_and_bad_units_are_named(tmp_path):
    units = read_units()
    assert {
        "mttq",
        "doan-thanh-nien",
        "hoi-phu-nu",
        "hoi-cuu-chien-binh",
        "hoi-nong-dan",
        "lien-doan-lao-dong",
        "phong-van-hoa-thong-tin",
        "trung-tam-vhtt-tt",
    } <= set(units["unit_id"])
    assert (units["short_name"].str.len() <= 31).all()
    path = tmp_path / "units.csv"
    path.write_text(
        "unit_id,name,short_name,kind,parent_id,own_events,channels,note\n"
        "a,Đơn vị A,Tên ngắn A,mass_org,,,facebook=https://x.example,\n"
        "b,Đơn vị B,Tên rất dài vượt quá ba mươi mốt ký tự,mass_org,a,,,\n"
        "c,Đơn vị C,C/1,mass_org,zz,,,\n"
        "d,Đơn vị D,D,club,a,Sự Kiện,myspace=https://x,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        read_units(path)
    found = [(p.line, p.column) for p in info.value.problems]
    assert found == [
        (3, "short_name"),
        (4, "short_name"),
        (5, "kind"),
        (5, "own_events"),
        (5, "channels"),
        (4, "parent_id"),
    ]


def test_organisation(tmp_path):
    org = read_organisation()
    assert org.name == "Thành ủy Vũng Tàu" and org.short_video_seconds == 90
    path = tmp_path / "organisation.toml"
    path.write_text('[organisation]\nname = ""\n[settings]\nshort_video_seconds = -1\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_organisation(path)
    assert [p.column for p in info.value.problems] == [
        "organisation.name",
        "organisation.department",
        "organisation.place",
        "settings.short_video_seconds",
    ]

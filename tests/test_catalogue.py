"""Validation of the editable data files: every bad row named by file, line and column."""

import errno
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import DataError, PlannerError
from planner.catalogue import (
    check_references,
    default_events,
    format_channels,
    parse_channels,
    read_events,
    read_official_names,
    read_organisation,
    read_templates,
    read_units,
)
from planner.errors import InvalidValueError
from planner.model import TITLE_PLACEHOLDERS

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
    # each missing column is named (was: one problem with column None)
    missing = [c for c in HEADER.strip().split(",") if c not in ("event_id", "name_vi")]
    assert problems == [("events.csv", 1, c) for c in missing]
    assert "thiếu cột 'name_en'" in message and "thiếu cột 'calendar'" in message


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


# ---------------------------------------------------------------- issue 6, 2.6 and 2.8: lines that point at the line

BAD_DAY = "z,Tên,,solar,31,4,,1930,party,national,,,src,\n"  # 31/4 does not exist


def _lines_of(text: str, needle: str) -> list[int]:
    """Physical lines (1-based) containing ``needle``, counted the way an editor counts them."""
    return [n for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1) if needle in line]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x1d", "\x1e"])
def test_unicode_line_separators_inside_a_cell_do_not_split_the_row(tmp_path, separator):
    # str.splitlines() ends a line at each of these; csv and editors do not
    row = f"a,Ngày{separator}thành lập,,solar,3,2,,1930,party,national,,,src,ghi{separator}chú\n"
    text = HEADER + GOOD + row + BAD_DAY
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8", newline="")
    problems, _ = _problems(path)
    if separator in "\x1c\x1d\x1e":  # control characters Excel refuses: named where they are
        assert problems == [("events.csv", 3, "name_vi"), ("events.csv", 3, "note"), ("events.csv", 4, "day")]
    else:
        assert problems == [("events.csv", _lines_of(text, "z,Tên")[0], "day")] == [("events.csv", 4, "day")]


def test_form_feed_inside_a_cell_is_named_and_later_lines_stay_right(tmp_path):
    text = HEADER + GOOD + "a,Tên,,solar,3,2,,1930,party,national,,,src,trang 1\x0ctrang 2\n" + BAD_DAY
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8", newline="")
    problems, message = _problems(path)
    assert problems == [("events.csv", 3, "note"), ("events.csv", 4, "day")]
    assert "U+000C" in message and f"ký tự thứ {len('trang 1') + 1}" in message


def test_crlf_and_bom_files_keep_line_numbers(tmp_path):
    text = HEADER + GOOD + "\n" + BAD_DAY
    path = tmp_path / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    problems, _ = _problems(path)
    assert problems == [("events.csv", 4, "day")]


def test_nul_in_a_cell_is_refused_with_line_and_column(tmp_path):
    path = _write(tmp_path, GOOD + "a,Tên\x00,,solar,3,2,,1930,party,national,,,src,\n" + BAD_DAY)
    problems, message = _problems(path)
    assert problems == [("events.csv", 3, "name_vi"), ("events.csv", 4, "day")]
    assert "U+0000" in message


@pytest.mark.parametrize("length", [32_768, 131_073, 300_000])
def test_a_cell_over_the_limit_is_refused_with_line_and_column(tmp_path, length):
    # 131,072 is the csv module's limit: _csv.Error before; 32,767 is Excel's limit for a cell
    long = "x" * length
    path = _write(tmp_path, GOOD + f"a,Tên,,solar,3,2,,1930,party,national,,,src,{long}\n" + BAD_DAY)
    problems, message = _problems(path)
    assert problems == [("events.csv", 3, "note"), ("events.csv", 4, "day")]
    assert f"ô dài {length} ký tự; tối đa 32767" in message
    assert len(message) < 2000  # the cell is not echoed


def test_a_cell_at_the_limit_is_accepted(tmp_path):
    path = _write(tmp_path, GOOD + f"a,Tên,,solar,3,2,,1930,party,national,,,src,{'x' * 32_767}\n")
    assert read_events(path).loc[1, "note"] == "x" * 32_767


def test_duplicated_header_column_is_refused(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(HEADER.replace(",note\n", ",day,note\n") + GOOD.replace(",\n", ",,\n"), encoding="utf-8")
    problems, message = _problems(path)
    assert problems == [("events.csv", 1, "day")]
    assert "cột 'day' có hai lần trong dòng tiêu đề (cột thứ 5 và 14)" in message


def test_trailing_empty_cells_are_accepted_but_extra_data_is_not(tmp_path):
    path = _write(tmp_path, GOOD.replace(",\n", ",,,\n") + GOOD.replace("thanh-lap-dang", "b").replace(",\n", ",,x\n"))
    problems, message = _problems(path)
    assert problems == [("events.csv", 3, None)]
    assert "có 15 ô có dữ liệu, nhiều hơn 14 cột tiêu đề" in message


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (read_events, "events.csv"),
        (read_units, "units.csv"),
        (read_official_names, "official_names.csv"),
        (read_organisation, "organisation.toml"),
        (read_templates, "templates.csv"),
    ],
)
def test_a_folder_instead_of_a_file(tmp_path, reader, name):
    (tmp_path / name).mkdir()  # was: IsADirectoryError
    with pytest.raises(DataError) as info:
        reader(tmp_path if reader is read_templates else tmp_path / name)
    assert [(p.file, p.line) for p in info.value.problems] == [(str(tmp_path / name), None)]
    assert "đây là một thư mục, không phải tệp" in str(info.value)


def test_a_folder_path_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(DataError, match="một phần của đường dẫn là tệp, không phải thư mục"):
        read_templates(tmp_path / "f")


def test_unreadable_file(tmp_path, monkeypatch):
    # tests run as root, where chmod 000 does not stop reading: make the read itself fail
    path = _write(tmp_path, GOOD)

    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DataError) as info:
        read_events(path)
    assert [(p.file, p.line, p.column) for p in info.value.problems] == [(str(path), None, None)]
    assert "không có quyền đọc hoặc ghi" in str(info.value)


@pytest.mark.parametrize("value", [5, 2.5, b"events.csv", ["events.csv"], object()])
@pytest.mark.parametrize("reader", [read_events, read_units, read_official_names, read_organisation, read_templates])
def test_a_path_of_the_wrong_type(reader, value):
    with pytest.raises(InvalidValueError) as info:
        reader(value)
    assert info.value.field == "path" and info.value.value is value
    assert "phải là chuỗi hoặc pathlib.Path" in str(info.value)


def test_paths_with_spaces_question_marks_and_vietnamese(data_dir, tmp_path):
    odd = tmp_path / "dữ liệu? #1 (bản sao)"
    data_dir.rename(odd)
    assert len(read_events(odd / "events.csv")) == len(read_events())
    assert len(read_units(odd / "units.csv")) == len(read_units())
    assert len(read_templates(odd)) == len(read_templates())
    assert read_organisation(odd / "organisation.toml") == read_organisation()


def test_default_events_when_the_data_folder_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_DATA", str(tmp_path / "khong-co"))
    with pytest.raises(DataError, match="không tìm thấy tệp"):  # was: raw FileNotFoundError
        default_events()


# ---------------------------------------------------------------- cross-file references carry the real line

UNITS_HEADER = "unit_id,name,short_name,kind,parent_id,own_events,channels,note\n"


def test_unknown_own_event_names_the_physical_line(tmp_path):
    text = (
        UNITS_HEADER
        + "\n"
        + "a,Đơn vị A,A,mass_org,,thanh-lap-dang,,\n"
        + "\n\n"
        + 'b,"Đơn vị\nB",B,mass_org,,thanh-lap-dang khong-co,,\n'
        + "c,Đơn vị C,C,mass_org,,,,\n"
    )
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        check_references(read_events(), read_units(path))
    assert [(p.file, p.line, p.column) for p in info.value.problems] == [
        ("units.csv", _lines_of(text, "b,")[0], "own_events")
    ] == [("units.csv", 6, "own_events")]  # row position would say 4
    assert "sự kiện 'khong-co' không có trong danh mục" in str(info.value)


def _templates(tmp_path: Path, templates: str, items: str) -> Path:
    (tmp_path / "templates.csv").write_text("template_id,name,categories,tiers,events,note\n" + templates)
    (tmp_path / "template_items.csv").write_text(
        "template_id,spec_id,offset,format,platform,theme,takers,title\n" + items
    )
    return tmp_path


def test_template_takers_and_events_problems_carry_their_line(tmp_path):
    folder = _templates(
        tmp_path,
        "a,Mẫu A,,,,\n\nb,Mẫu B,,,thanh-lap-dang khong-co,\n",
        "a,x,0,post,facebook,event,all,\n\nb,y,-1,post,facebook,event,doan-tn,\nb,z,0,post,facebook,event,all,\n",
    )
    with pytest.raises(DataError) as info:
        check_references(read_events(), read_units(), read_templates(folder))
    found = {(p.file, p.line, p.column) for p in info.value.problems}
    assert found == {("template_items.csv", 4, "takers"), ("templates.csv", 4, "events")}
    assert "đơn vị 'doan-tn' không có" in str(info.value) and "sự kiện 'khong-co' không có" in str(info.value)


# ---------------------------------------------------------------- template titles


@pytest.mark.parametrize(
    ("title", "says"),
    [
        ("Kỷ niệm {title", "dấu { không có dấu } đóng ở ký tự thứ 9"),
        ("a}b", "dấu } không có dấu { mở trước ở ký tự thứ 2"),
        ("{title}}", "dấu } không có dấu { mở trước ở ký tự thứ 8"),
        ("{{title}", "dấu } không có dấu { mở trước ở ký tự thứ 8"),
        ("{ti{tle}", "dấu { không có dấu } đóng ở ký tự thứ 1"),
        ("{title.upper}", "chỗ trống {title.upper} ở ký tự thứ 1 không có"),
        ("{title!r}", "chỗ trống {title!r}"),
        ("{title:>99999}", "chỗ trống {title:>99999}"),
        ("{title[0]}", "chỗ trống {title[0]}"),
        ("Số {}", "chỗ trống {} ở ký tự thứ 4"),
        ("{0}", "chỗ trống {0}"),
    ],
)
def test_bad_template_titles_are_refused_with_line_and_column(tmp_path, title, says):
    quoted = '"' + title.replace('"', '""') + '"'
    items = f"a,x,0,post,facebook,event,all,ok\n\na,y,1,post,facebook,event,all,{quoted}\n"
    folder = _templates(tmp_path, "a,Mẫu A,,,,\n", items)
    with pytest.raises(DataError) as info:
        read_templates(folder)
    assert [(p.file, p.line, p.column) for p in info.value.problems] == [("template_items.csv", 4, "title")]
    assert says in str(info.value)


PLACEHOLDER_VALUES = {name: f"<{name}>" for name in TITLE_PLACEHOLDERS}


@pytest.mark.parametrize(
    ("title", "formatted"),
    [
        ("{{title}} {title}", "{title} <title>"),
        ("Ngày {number} {{năm}}", "Ngày <number> {năm}"),
        ("{unit}: {name_lc} {year}", "<unit>: <name_lc> <year>"),
    ],
)
def test_escaped_braces_are_accepted(tmp_path, title, formatted):
    folder = _templates(tmp_path, "a,Mẫu A,,,,\n", f"a,x,0,post,facebook,event,all,{title}\n")
    assert read_templates(folder).loc[0, "title"].format(**PLACEHOLDER_VALUES) == formatted


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.lists(st.sampled_from([*"{}:!.[]0 ab", *(f"{{{p}}}" for p in TITLE_PLACEHOLDERS)])).map("".join))
def test_every_accepted_title_formats(tmp_path, title):
    """A title that passes validation never breaks generation (str.format), whatever its braces."""
    quoted = '"' + title.replace('"', '""') + '"'
    folder = _templates(tmp_path, "a,Mẫu A,,,,\n", f"a,x,0,post,facebook,event,all,{quoted}\n")
    try:
        frame = read_templates(folder)
    except DataError as exc:
        assert [(p.line, p.column) for p in exc.problems] == [(2, "title")]
        return
    frame.loc[0, "title"].format(**PLACEHOLDER_VALUES)


# ---------------------------------------------------------------- organisation.toml

ORG = (
    "# tổ chức\n"
    "[organisation]\n"
    'name = "Thành ủy Vũng Tàu"\n'
    'department = "Ban Tuyên giáo"\n'
    'place = "Vũng Tàu"\n'
    "\n"
    "[settings]\n"
    "short_video_seconds = 90\n"
    "weekly_item_ceiling = 10\n"
)


CEILING = "weekly_item_ceiling = 10"


def _org(tmp_path: Path, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / "organisation.toml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def _org_problems(path: Path) -> tuple[list[tuple], str]:
    with pytest.raises(DataError) as info:
        read_organisation(path)
    return [(p.file, p.line, p.column) for p in info.value.problems], str(info.value)


def test_organisation_with_a_bom_is_read(tmp_path):
    org = read_organisation(_org(tmp_path, ORG, bom=True))  # was: TOML syntax error at line 1
    assert (org.name, org.weekly_item_ceiling) == ("Thành ủy Vũng Tàu", 10)


def test_organisation_text_is_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Thành ủy Vũng Tàu")
    assert read_organisation(_org(tmp_path, ORG.replace("Thành ủy Vũng Tàu", nfd))).name == "Thành ủy Vũng Tàu"


@pytest.mark.parametrize(
    ("old", "new", "column", "says"),
    [
        ('name = "Thành ủy Vũng Tàu"', "name = 5", "organisation.name", "nhận được 5"),
        ('place = "Vũng Tàu"', "place = [1, 2]", "organisation.place", "nhận được [1, 2]"),
        ('place = "Vũng Tàu"', 'place = "Vũng\\u0000Tàu"', "organisation.place", "U+0000"),
        (CEILING, "weekly_item_ceiling = true", "settings.weekly_item_ceiling", "nhận được True"),
        (CEILING, 'weekly_item_ceiling = "10"', "settings.weekly_item_ceiling", "nhận được '10'"),
        (CEILING, "weekly_item_ceiling = 10.5", "settings.weekly_item_ceiling", "10.5"),
        (CEILING, "weekly_item_ceiling = 10000000000000000000", "settings.weekly_item_ceiling", "1000"),
        ("short_video_seconds = 90", "short_video_seconds = 0", "settings.short_video_seconds", "nhận được 0"),
        (CEILING, "weekly_item_cieling = 10", "settings.weekly_item_cieling", "không có khóa này"),
    ],
)
def test_organisation_wrong_values_name_key_and_line(tmp_path, old, new, column, says):
    text = ORG.replace(old, new)
    problems, message = _org_problems(_org(tmp_path, text))
    assert problems == [("organisation.toml", _lines_of(text, new)[0], column)]
    assert says in message


def test_organisation_not_a_table_and_unknown_table(tmp_path):
    text = 'organisation = "Thành ủy"\n[setting]\nweekly_item_ceiling = 10\n'
    problems, message = _org_problems(_org(tmp_path, text))
    assert problems == [
        ("organisation.toml", 2, "setting"),  # misspelt table
        ("organisation.toml", 1, "organisation"),  # not a table
        ("organisation.toml", None, "organisation.name"),  # so nothing in it
        ("organisation.toml", None, "organisation.department"),
        ("organisation.toml", None, "organisation.place"),
    ]
    assert "cần một bảng [organisation]" in message and "chỉ có hai bảng" in message


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('name = "Thành ủy Vũng Tàu"', "name = Thành ủy", "giá trị không hợp lệ"),
        ('name = "Thành ủy Vũng Tàu"', 'name = "Thành ủy', "chuỗi chưa đóng dấu ngoặc kép"),
        ("[settings]", "[settings", "thiếu dấu ] sau tên bảng"),
        ("weekly_item_ceiling = 10", "weekly_item_ceiling = 10\nweekly_item_ceiling = 11", "một khóa có hai lần"),
    ],
)
def test_organisation_syntax_errors_are_vietnamese_with_line(tmp_path, old, new, says):
    text = ORG.replace(old, new)
    problems, message = _org_problems(_org(tmp_path, text))
    line = _lines_of(text, new.split("\n")[-1])[-1]
    assert problems == [("organisation.toml", line, None)]
    assert says in message and "at line" not in message and "Invalid" not in message


# ---------------------------------------------------------------- property: any file gives a frame or a DataError

ANY_CELL = st.text(max_size=8) | st.sampled_from(
    ["solar", "lunar", "3", "2", "31", "1930", "party", "national", "src", "", "x", "1", "-1", "٣", "\u2028", "\x0c"]
)


def _physical_lines(text: str) -> int:
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(ANY_CELL, max_size=16), max_size=5), eol=st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_events_file_gives_a_frame_or_data_error_with_real_lines(tmp_path, rows, eol):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=eol).writerows(rows)
    text = HEADER.replace("\n", eol) + buffer.getvalue()
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        frame = read_events(path)
    except DataError as exc:
        last = _physical_lines(text)
        assert all(p.line is None or 1 <= p.line <= last for p in exc.problems)
        assert all(p.file == "events.csv" for p in exc.problems)
    else:
        assert len(frame) <= len(rows)


TOML_VALUES = st.sampled_from(
    ["5", "true", '"Thành ủy"', '""', "1979-05-27", "[1, 2]", "{a = 1}", "1.5", "inf", "-3", "0", "10", '"\\u0000"']
)
TOML_KEYS = st.sampled_from(
    ["name", "department", "place", "party_header", "short_video_seconds", "weekly_item_ceiling", "x", "a.b"]
)
TOML_TABLES = st.sampled_from(["[organisation]", "[settings]", "[[settings]]", "[organisation.sub]", "", "[x]"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.tuples(TOML_TABLES, st.lists(st.tuples(TOML_KEYS, TOML_VALUES), max_size=4)), max_size=4))
def test_any_organisation_file_gives_settings_or_data_error(tmp_path, parts):
    text = "\n".join(table + "\n" + "\n".join(f"{k} = {v}" for k, v in pairs) for table, pairs in parts)
    path = _org(tmp_path, text)
    try:
        org = read_organisation(path)
    except DataError as exc:
        assert all(p.line is None or 1 <= p.line <= _physical_lines(text) for p in exc.problems)
    else:
        assert all(isinstance(getattr(org, k), str) and getattr(org, k) for k in ("name", "department", "place"))
        counts = (org.short_video_seconds, org.weekly_item_ceiling, org.monthly_item_minimum)
        assert all(type(n) is int and n >= 1 for n in counts)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("x", "kênh 'x' không hợp lệ"),
        ("facebook=ftp://a", "phải bắt đầu bằng http:// hoặc https://, nhận được 'ftp://a'"),
        (5, "nhận được 5"),
        (None, "nhận được None"),
    ],
)
def test_parse_channels_raises_planner_errors(value, says):
    with pytest.raises(InvalidValueError) as info:  # was: a private exception class
        parse_channels(value)
    assert isinstance(info.value, PlannerError) and says in str(info.value)
    with pytest.raises(InvalidValueError, match="nhận được 'x'"):
        format_channels("x")

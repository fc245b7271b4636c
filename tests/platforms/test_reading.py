"""Reading platform exports (planner.platforms.reading): every file kind, both languages, and what goes wrong.

Fixtures in tests/fixtures/platforms are written as the platforms' tools write them (make_fixtures.py writes
the .xlsx and .zip ones). Nothing here writes to the workspace; the import itself is tested in test_import.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

import planner
from planner.errors import DataError, InvalidValueError
from planner.platforms import load_mapping, read_platform_file
from planner.platforms import values as v

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "platforms"
TIKTOK_EN = FIXTURES / "tiktok_Content_20250901-20250930.xlsx"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """One demo workspace for the module: reading never writes to it."""
    ws = planner.open_workspace(tmp_path_factory.mktemp("ws") / "ws", user="chuyenvien")
    yield ws
    ws.close()


def problems(exc: pytest.ExceptionInfo) -> list:
    return exc.value.problems


# ---------------------------------------------------------------------------- the four platforms
def test_facebook_english_bom_us_dates_thousands_and_unknowns(workspace):
    read = read_platform_file(workspace, FIXTURES / "facebook_en.csv", platform="facebook")
    assert read.language == "en"
    posts = {p.line: p for p in read.posts}
    assert sorted(posts) == [2, 4, 6, 7]  # line 2's caption spans two lines: the next record starts on line 4
    first = posts[2]
    assert first.unit_id == "dang-uy-phuong-1"  # 'Page name' is the unit's name
    assert first.published_at == dt.datetime(2025, 9, 2, 8, 15)  # 09/02/2025 is 2 September (US order)
    assert (first.views, first.reactions, first.comments, first.shares) == (12450, 520, 41, 51)
    assert first.title.startswith("Kỷ niệm 80 năm") and "\n" not in first.title  # Description, one line
    assert first.format == "post"  # Post type 'Photos': a post with a picture (an 'Album' is a photo set)
    reel = posts[4]
    assert (reel.format, reel.duration_s, reel.views) == ("short_video", 58, 48302)
    empty = posts[6]
    assert (empty.views, empty.reactions, empty.shares, empty.comments) == (None, None, None, None)  # never 0
    assert posts[7].unit_id == "dang-uy-phuong-2"  # 'ĐU Phường 2' is its short name
    assert posts[7].published_at == dt.datetime(2025, 9, 15, 14, 30)


def test_facebook_vietnamese_semicolons_description_row_blank_and_total_rows(workspace):
    read = read_platform_file(workspace, FIXTURES / "facebook_vi.csv", platform="facebook")
    assert read.language == "vi"
    assert read.description_row and read.totals == 1 and read.blank == 1
    assert [p.line for p in read.posts] == [3, 4]
    assert {p.unit_id for p in read.posts} == {"dang-uy-thang-nhat"}
    assert read.posts[0].published_at == dt.datetime(2025, 7, 28, 7, 30)  # day first
    assert read.posts[1].views == 15730  # 15.730 in Vietnamese is fifteen thousand
    assert read.posts[1].format == "short_video"  # 'Thước phim' (Reels)
    assert any("mô tả" in n for n in read.notes)


def test_zalo_preamble_names_the_page_dates_without_time_stay_dates(workspace):
    read = read_platform_file(workspace, FIXTURES / "zalo_vi.csv", platform="zalo")
    assert [p.unit_id for p in read.posts] == ["hoi-phu-nu", "hoi-phu-nu"]  # 'Tên OA: Hội Liên hiệp Phụ nữ …'
    assert read.posts[0].published_at == dt.datetime(2025, 9, 5, 8, 0)
    assert read.posts[1].published_at == dt.date(2025, 9, 13)  # no time of day given: a date
    assert read.posts[1].reactions is None and read.posts[0].format == "article"
    assert read.totals == 1


def test_a_page_matching_no_unit_is_refused_by_name_unless_a_unit_is_chosen(workspace):
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, FIXTURES / "zalo_en.csv", platform="zalo")
    (problem,) = problems(exc)
    assert "Mystery Page Ha Noi" in problem.message and problem.file == "zalo_en.csv" and problem.line == 3
    read = read_platform_file(workspace, FIXTURES / "zalo_en.csv", platform="zalo", unit="hoi-nong-dan")
    assert [p.unit_id for p in read.posts] == ["hoi-nong-dan"]


def test_a_page_of_another_unit_than_the_chosen_one_is_refused(workspace):
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, FIXTURES / "zalo_vi.csv", platform="zalo", unit="hoi-nong-dan")
    assert "Hội Phụ nữ" in str(exc.value) and "Hội Nông dân" in str(exc.value)


def test_tiktok_xlsx_year_from_the_file_name_and_unit_from_the_video_link(workspace):
    read = read_platform_file(workspace, TIKTOK_EN, platform="tiktok")
    assert read.sheet == "Content"
    assert [p.published_at for p in read.posts] == [dt.date(2025, 9, 4), dt.date(2025, 9, 18)]  # 'Sep 4'
    assert all(p.year_from_context for p in read.posts)
    assert any("tên tệp" in n and "2025" in n for n in read.notes)  # the result says where the year came from
    assert {p.unit_id for p in read.posts} == {"dang-uy-thang-tam"}  # tiktok.com/@thang-tam/… is its channel
    assert [p.duration_s for p in read.posts] == [45, 130]
    assert read.posts[1].comments is None


def test_tiktok_vietnamese_dates_without_year_across_new_year(workspace):
    read = read_platform_file(workspace, FIXTURES / "tiktok_vi.xlsx", platform="tiktok")
    assert [p.published_at for p in read.posts] == [dt.date(2024, 12, 28), dt.date(2025, 1, 3)]  # '28 thg 12'
    assert any("1/12/2024–31/1/2025" in n for n in read.notes)
    assert read.posts[0].views == 31200


def test_a_chosen_year_wins_and_no_context_is_refused(workspace, tmp_path):
    book = Workbook()
    book.active.append(["Video title", "Video link", "Post time", "Total views"])
    book.active.append(["Clip", "https://www.tiktok.com/@thang-tam/video/1", "Sep 4", "10"])
    path = tmp_path / "content.xlsx"
    book.save(path)
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, path, platform="tiktok")
    assert "không ghi năm" in str(exc.value) and "content.xlsx" in str(exc.value)
    read = read_platform_file(workspace, path, platform="tiktok", year=2025)
    assert read.posts[0].published_at == dt.date(2025, 9, 4)
    assert any("2025" in n for n in read.notes)


def test_youtube_zip_reads_the_table_not_the_chart_nor_totals(workspace):
    read = read_platform_file(workspace, FIXTURES / "youtube_en.zip", platform="youtube", unit="doan-thanh-nien")
    assert read.name == "youtube_en.zip › Table data.csv"
    assert read.totals == 1  # the 'Total' row right under the header
    assert [p.url for p in read.posts] == ["https://www.youtube.com/watch?v=kY3a9Tz0QmE",
                                           "https://www.youtube.com/watch?v=Xb81LmPq2sA"]
    assert [p.published_at for p in read.posts] == [dt.date(2025, 9, 4), dt.date(2025, 9, 20)]
    assert [p.views for p in read.posts] == [4250, 1462]
    vi = read_platform_file(workspace, FIXTURES / "youtube_vi.zip", platform="youtube", unit="doan-thanh-nien")
    assert vi.language == "vi" and vi.totals == 1
    assert [(p.published_at, p.views, p.duration_s) for p in vi.posts] == [(dt.date(2025, 9, 4), 2100, 600)]


def test_youtube_without_a_unit_or_without_the_table_is_refused(workspace):
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, FIXTURES / "youtube_en.zip", platform="youtube")
    assert "chọn đơn vị" in str(exc.value) and "dòng 3, 4" in str(exc.value)
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, FIXTURES / "youtube_no_table.zip", platform="youtube", unit="doan-thanh-nien")
    assert "Table data.csv" in str(exc.value) and "Chart data.csv, Totals.csv" in str(exc.value)


def test_the_wrong_platform_is_named(workspace):
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, FIXTURES / "facebook_en.csv", platform="tiktok")
    assert "của Facebook, không phải của TikTok" in str(exc.value)
    with pytest.raises(InvalidValueError):
        read_platform_file(workspace, FIXTURES / "facebook_en.csv", platform="myspace")
    with pytest.raises(InvalidValueError):
        read_platform_file(workspace, FIXTURES / "facebook_en.csv", platform="facebook", unit="khong-co")


# ---------------------------------------------------------------------------- bad cells, encodings, headers
HEADER = "Page name,Description,Publish time,Permalink,Post type,Views,Reactions,Comments,Shares\n"


def write(tmp_path: Path, text: str, name: str = "fb.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_every_bad_cell_is_named_with_file_row_column_value_and_what_was_expected(workspace, tmp_path):
    path = write(tmp_path, HEADER
                 + "ĐU Phường 1,A,02/31/2025 10:00,https://www.facebook.com/p/1,Photos,1,1,1,1\n"
                 + "ĐU Phường 1,B,09/02/2025,https://www.facebook.com/p/2,Photos,-5,abc,1,1\n"
                 + "ĐU Phường 1,C,09/02/2025,www.facebook.com/p/3,Photos,1,1,1,1\n"
                 + "ĐU Phường 1,D,,https://www.facebook.com/p/4,Photos,1,1,1,1\n")
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, path, platform="facebook")
    found = {(p.line, p.column): p.message for p in problems(exc)}
    assert set(found) == {(2, "Publish time"), (3, "Views"), (3, "Reactions"), (4, "Permalink"), (5, "Publish time")}
    assert "02/31/2025" in found[(2, "Publish time")] and "không có trong lịch" in found[(2, "Publish time")]
    assert "'-5'" in found[(3, "Views")] and "số âm" in found[(3, "Views")]
    assert "'abc'" in found[(3, "Reactions")] and "1.234" in found[(3, "Reactions")]
    assert "http" in found[(4, "Permalink")]
    assert "ô trống" in found[(5, "Publish time")]
    assert all(p.file == "fb.csv" for p in problems(exc))


def test_the_same_post_twice_differing_is_refused_naming_both_rows(workspace, tmp_path):
    row = "ĐU Phường 1,A,09/02/2025,https://www.facebook.com/p/1,Photos,{},1,1,1\n"
    same = read_platform_file(workspace, write(tmp_path, HEADER + row.format(5) + row.format(5)), platform="facebook")
    assert len(same.posts) == 1
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, write(tmp_path, HEADER + row.format(5) + row.format(7)), platform="facebook")
    (problem,) = problems(exc)
    assert problem.line == 3 and "dòng 2" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-8"])
def test_encodings_with_and_without_bom(workspace, tmp_path, encoding):
    text = HEADER + "ĐU Phường 1,Chào,09/02/2025,https://www.facebook.com/p/1,Photos,\"1,234\",1,1,1\n"
    read = read_platform_file(workspace, write(tmp_path, text, encoding=encoding), platform="facebook")
    assert [(p.title, p.views, p.unit_id) for p in read.posts] == [("Chào", 1234, "dang-uy-phuong-1")]


def test_a_file_not_in_utf8_is_refused_in_vietnamese(workspace, tmp_path):
    path = tmp_path / "cp1258.csv"
    text = "Tên Trang,Mô tả,Thời gian đăng,Liên kết cố định\nĐU Phường 1,Chào,02/09/2025,https://x.vn/1\n"
    path.write_bytes(text.encode("cp1258", errors="replace"))  # ê, ô are single bytes: not UTF-8
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, path, platform="facebook")
    assert "UTF-8" in str(exc.value)


def test_headers_decomposed_or_without_diacritics_and_tab_separated(workspace, tmp_path):
    header = "Tên Trang\tMô tả\tThời gian đăng\tLiên kết cố định\tLượt xem\n"
    text = unicodedata.normalize("NFD", header) + "ĐU Phường 1\tChào\t02/09/2025\thttps://x.vn/1\t7\n"
    read = read_platform_file(workspace, write(tmp_path, text), platform="facebook")
    assert read.posts[0].views == 7 and read.posts[0].published_at == dt.date(2025, 9, 2)
    plain = "Ten Trang,Mo ta,Thoi gian dang,Lien ket co dinh,Luot xem\nĐU Phường 1,Chào,02/09/2025,https://x.vn/1,7\n"
    assert read_platform_file(workspace, write(tmp_path, plain, "b.csv"), platform="facebook").posts[0].views == 7


def test_a_date_after_the_twelfth_tells_the_file_s_order(workspace, tmp_path):
    text = (HEADER + "ĐU Phường 1,A,13/04/2025,https://x.vn/1,Photos,1,1,1,1\n"
            "ĐU Phường 1,B,04/09/2025,https://x.vn/2,Photos,1,1,1,1\n")
    read = read_platform_file(workspace, write(tmp_path, text), platform="facebook")
    assert [p.published_at for p in read.posts] == [dt.date(2025, 4, 13), dt.date(2025, 9, 4)]  # day first
    mixed = HEADER + "ĐU Phường 1,A,13/04/2025,https://x.vn/1,,,,,\nĐU Phường 1,B,04/13/2025,https://x.vn/2,,,,,\n"
    with pytest.raises(DataError):
        read_platform_file(workspace, write(tmp_path, mixed, "m.csv"), platform="facebook")


@pytest.mark.parametrize("content, message", [
    (b"", "rỗng"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04broken", "hỏng"),
    (b"just some words\nno header here\n", "dòng tiêu đề"),
])
def test_files_that_are_not_exports(workspace, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, path, platform="facebook")
    assert message in str(exc.value)
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, tmp_path, platform="facebook")
    assert "thư mục" in str(exc.value)


def test_a_zip_bomb_and_emoji_and_huge_captions(workspace, tmp_path, monkeypatch):
    from planner.platforms import reading

    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Table data.csv", b"0" * (2 * 1024 * 1024))
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, bomb, platform="youtube", unit="doan-thanh-nien")
    assert "MB" in str(exc.value)
    caption = "🇻🇳 " * 3000
    text = HEADER + f'ĐU Phường 1,"{caption}",09/02/2025,https://x.vn/1,Photos,1,1,1,1\n'
    read = read_platform_file(workspace, write(tmp_path, text), platform="facebook")
    assert len(read.posts[0].title) <= 500 and read.posts[0].title.endswith("…")


# ---------------------------------------------------------------------------- the mapping is data
def test_the_mapping_is_editable_in_the_data_folder(workspace, tmp_path, monkeypatch, data_dir):
    path = write(tmp_path, "Trang,Nội dung bài,Giờ đăng,Link\nĐU Phường 1,Chào,02/09/2025,https://x.vn/1\n")
    with pytest.raises(DataError):
        read_platform_file(workspace, path, platform="zalo")
    with open(data_dir / "platforms" / "zalo.csv", "a", encoding="utf-8") as handle:
        handle.write("page,vi,Trang\ntitle,vi,Nội dung bài\npublished_at,vi,Giờ đăng\n")
    monkeypatch.setenv("PLANNER_DATA", str(data_dir))
    read = read_platform_file(workspace, path, platform="zalo")
    assert read.posts[0].title == "Chào" and read.posts[0].url == "https://x.vn/1"


def test_a_bad_mapping_row_is_named(tmp_path):
    shutil.copytree(FIXTURES.parent.parent.parent / "data" / "platforms", tmp_path / "platforms")
    with open(tmp_path / "platforms" / "facebook.csv", "a", encoding="utf-8") as handle:
        handle.write("likes,en,Likes\nviews,en,Reactions\n")
    with pytest.raises(DataError) as exc:
        load_mapping("facebook", tmp_path / "platforms")
    lines = {(p.file, p.column) for p in exc.value.problems}
    assert ("facebook.csv", "field") in lines and ("facebook.csv", "header") in lines


# ---------------------------------------------------------------------------- dates
@pytest.mark.parametrize("text, order, expected", [
    ("09/04/2025 14:30", "MDY", dt.datetime(2025, 9, 4, 14, 30)),
    ("09/04/2025 14:30", "DMY", dt.datetime(2025, 4, 9, 14, 30)),
    ("9/4/2025 2:30 PM", "MDY", dt.datetime(2025, 9, 4, 14, 30)),
    ("Sep 4, 2025", "MDY", dt.date(2025, 9, 4)),
    ("September 4, 2025 at 8:05 AM", "MDY", dt.datetime(2025, 9, 4, 8, 5)),
    ("4 Sep 2025", "MDY", dt.date(2025, 9, 4)),
    ("4 thg 9, 2025", "DMY", dt.date(2025, 9, 4)),
    ("ngày 4 tháng 9 năm 2025", "DMY", dt.date(2025, 9, 4)),
    ("2025-09-04T14:30:00+07:00", "MDY", dt.datetime(2025, 9, 4, 14, 30)),
    ("2025-09-04", "DMY", dt.date(2025, 9, 4)),
])
def test_dates_in_the_platforms_forms(text, order, expected):
    assert v.parse_when(text, order=order).value() == expected


@pytest.mark.parametrize("text", ["Sep 4", "4 thg 9", "4 tháng 9"])
def test_dates_without_year(text):
    when = v.parse_when(text)
    assert when.year_missing and (when.month, when.day) == (9, 4)
    assert when.value(v.year_for(when, dt.date(2025, 8, 1), dt.date(2025, 10, 1))) == dt.date(2025, 9, 4)


@pytest.mark.parametrize("text", ["Sept 31, 2025", "yesterday", "25:00 09/04/2025", "09/04/25", "13 thg 13"])
def test_dates_that_are_not(text):
    with pytest.raises(v.Bad):
        v.parse_when(text)


def test_durations():
    assert [v.duration(x) for x in (45, "45", "1:05", "1:02:03", "45s", "1m 5s", dt.time(0, 1, 5), None, "")] == [
        45, 45, 65, 3723, 45, 65, 65, None, None]
    with pytest.raises(v.Bad):
        v.duration("long")



def test_page_id_or_permalink_under_a_unit_channel_finds_the_unit(tmp_path, data_dir):
    units = data_dir / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "facebook=https://demo.invalid/fb/phuong-1;", "facebook=https://www.facebook.com/61550000000001;"),
        encoding="utf-8")
    with planner.open_workspace(tmp_path / "ws", data_dir=data_dir) as ws:
        by_id = "Page name,Page ID,Description,Publish time,Permalink\nTrang mới đổi tên,61550000000001,A,09/02/2025,https://x.vn/1\n"
        read = read_platform_file(ws, write(tmp_path, by_id), platform="facebook")
        assert read.posts[0].unit_id == "dang-uy-phuong-1"  # the name is unknown, the page id is the channel's
        by_link = ("Description,Publish time,Permalink\n"
                   "A,09/02/2025,https://m.facebook.com/61550000000001/posts/pfbid02x\n")
        read = read_platform_file(ws, write(tmp_path, by_link, "b.csv"), platform="facebook")
        assert read.posts[0].unit_id == "dang-uy-phuong-1"


def test_a_post_captioned_total_is_a_post_the_total_row_is_not(workspace, tmp_path):
    text = (HEADER + "ĐU Phường 1,Tổng,09/02/2025,https://x.vn/1,Photos,5,1,1,1\n"
            "Tổng,,,,,5,1,1,1\n")
    read = read_platform_file(workspace, write(tmp_path, text), platform="facebook")
    assert [p.title for p in read.posts] == ["Tổng"] and read.totals == 1


@pytest.mark.parametrize("line, order, expected", [
    ("Date range: 09/01/2025 - 09/30/2025", "MDY", [dt.date(2025, 9, 1), dt.date(2025, 9, 30)]),
    ("Thời gian: 01/09/2025 - 30/09/2025", "MDY", [dt.date(2025, 9, 1), dt.date(2025, 9, 30)]),  # 30/… tells
    ("Phạm vi ngày: 1 thg 12, 2024 - 31 thg 1, 2025", "DMY", [dt.date(2024, 12, 1), dt.date(2025, 1, 31)]),
    ("Content_20250901-20250930", "MDY", [dt.date(2025, 9, 1), dt.date(2025, 9, 30)]),
    ("Sep 1, 2025 – Sep 30, 2025", "DMY", [dt.date(2025, 9, 1), dt.date(2025, 9, 30)]),
])
def test_the_export_s_date_range_in_a_preamble_or_a_name(line, order, expected):
    assert v.full_dates(line, order) == expected


def test_a_bad_cell_in_a_workbook_names_its_sheet(workspace, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Nội dung"
    sheet.append(["Tiêu đề video", "Liên kết video", "Thời gian đăng", "Tổng lượt xem"])
    sheet.append(["Clip", "https://www.tiktok.com/@thang-tam/video/1", dt.datetime(2025, 9, 4, 19, 5), "nhiều"])
    sheet.append(["Clip 2", "https://www.tiktok.com/@thang-tam/video/2", dt.datetime(2025, 9, 5, 0, 0), 1500.0])
    path = tmp_path / "tiktok.xlsx"
    book.save(path)
    with pytest.raises(DataError) as exc:
        read_platform_file(workspace, path, platform="tiktok")
    (problem,) = problems(exc)
    where = (problem.file, problem.sheet, problem.line, problem.column)
    assert where == ("tiktok.xlsx", "Nội dung", 2, "Tổng lượt xem")
    assert "'nhiều'" in problem.message
    sheet["D2"] = 12
    book.save(path)
    read = read_platform_file(workspace, path, platform="tiktok")
    assert [(p.published_at, p.views) for p in read.posts] == [(dt.datetime(2025, 9, 4, 19, 5), 12),
                                                              (dt.date(2025, 9, 5), 1500)]


def test_an_xlsx_whose_xml_declares_a_dtd_is_refused_like_an_excel_report(workspace, tmp_path):
    """The same check as the Excel report import (planner.intake.refuse_zip): an XML bomb needs a DTD, and
    openpyxl parses some parts with lxml (installed with python-docx), which would not refuse one."""
    source = FIXTURES / "tiktok_Content_20250901-20250930.xlsx"
    bomb = tmp_path / "tiktok_Content_20250901-20250930.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/workbook.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                head, mark, rest = data.partition(b"?>")
                data = head + mark + doctype + rest if mark else doctype + data
            zout.writestr(item, data)
    with pytest.raises(DataError) as caught:
        read_platform_file(workspace, bomb, platform="tiktok")
    assert "khai báo XML không an toàn" in str(caught.value) and bomb.name in str(caught.value)

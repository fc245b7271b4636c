"""Reading a year's guidance (planner.read_guidance) and adding its new events (Workspace.import_guidance)."""

from __future__ import annotations

import unicodedata

import docx
import matplotlib
import pandas as pd
import pytest

import planner
from planner.errors import InvalidValueError, PlannerError
from planner.guidance import GUIDANCE_COLUMNS, guidance_table, match_guidance, read_guidance

matplotlib.use("Agg")

#: A 2026 list as a Ban Tuyên giáo pastes it: every style the issue names, a heading, prose, a line
#: it cannot read, a line whose number disagrees, a line in conflict with the catalogue, a new event.
GUIDANCE_2026 = """\
HƯỚNG DẪN
Tuyên truyền các ngày lễ lớn, sự kiện lịch sử năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2026);
- Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026).
- 81 năm Cách mạng Tháng Tám thành công (19/8/1945-19/8/2026) và Quốc khánh nước Cộng hoà xã hội chủ nghĩa Việt Nam (02/9/1945—02/9/2026)
+ Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19-5-1890 - 19-5-2026)
• Giỗ Tổ Hùng Vương (mùng 10 tháng 3 âm lịch)
- Kỷ niệm 57 năm Ngày giỗ Chủ tịch Hồ Chí Minh (21/7 âm lịch năm 1969)

- Kỷ niệm 95 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931 - 26/3/2026)
- Kỷ niệm 92 năm Ngày thành lập Chi bộ Đảng đầu tiên (tháng 2/1934 - tháng 2/2026)
- Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 - 28/7/2026)
- Kỷ niệm 79 năm Ngày Thương binh - Liệt sĩ (27/7/1947 – 27/7/2026)
- Kỷ niệm 81 năm Ngày truyền thống ngành Văn hóa (28/8/1945-28/8/2026)
- Kỷ niệm 80 năm Ngày truyền thống ngành Văn hóa (29/8/1946 - 29/8/2026)
- Kỷ niệm 106 năm Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920 - 15/3/2026)
Các cơ quan, đơn vị chủ động xây dựng kế hoạch.
"""  # noqa: E501


def _row(result: pd.DataFrame, name: str) -> pd.Series:
    rows = result[result["name"].fillna("").str.contains(name, regex=False)]
    assert len(rows) == 1, (name, rows[["line", "name"]])
    return rows.iloc[0]


@pytest.fixture(scope="module")
def result_2026() -> pd.DataFrame:
    return read_guidance(GUIDANCE_2026, year=2026)


# --------------------------------------------------------------------------- reading lines


def test_every_style_of_line_is_read(result_2026):
    r = result_2026
    assert list(r.columns) == GUIDANCE_COLUMNS
    party = _row(r, "Đảng Cộng sản Việt Nam")  # list mark "1.", spaced hyphen, final ";"
    assert (party["line"], party["day"], party["month"], party["base_year"]) == (4, 3, 2, 1930)
    assert party["date"] == pd.Timestamp(2026, 2, 3) and party["stated"] == 96 and party["number"] == 96
    assert party["verdict"] == "matched" and party["event_id"] == "thanh-lap-dang" and party["number_ok"]
    resistance = _row(r, "Toàn quốc kháng chiến")  # en dash with spaces, final "."
    assert resistance["name"] == "Ngày Toàn quốc kháng chiến" and resistance["event_id"] == "toan-quoc-khang-chien"
    # two events joined by "và": no spaces around a hyphen, an em dash, padded dates; the second takes the number
    august, national = _row(r, "Tháng Tám"), _row(r, "Quốc khánh")
    assert august["line"] == national["line"] == 6
    assert (august["event_id"], august["stated"]) == ("cach-mang-thang-tam", 81)
    assert august["date"] == pd.Timestamp(2026, 8, 19)
    assert (national["event_id"], national["stated"], national["day"]) == ("quoc-khanh", 81, 2)
    assert national["name"] == "Quốc khánh nước Cộng hoà xã hội chủ nghĩa Việt Nam"
    birthday = _row(r, "Ngày sinh Chủ tịch Hồ Chí Minh")  # d-m-yyyy
    assert (birthday["day"], birthday["month"], birthday["base_year"], birthday["stated"]) == (19, 5, 1890, 136)


def test_lunar_lines(result_2026):
    hung = _row(result_2026, "Giỗ Tổ Hùng Vương")
    assert (hung["calendar"], hung["day"], hung["month"]) == ("lunar", 10, 3)
    assert pd.isna(hung["base_year"]) and pd.isna(hung["stated"]) and pd.isna(hung["number_ok"])
    assert hung["date"] == pd.Timestamp(2026, 4, 26)  # 10/3 Bính Ngọ
    assert hung["verdict"] == "matched" and hung["event_id"] == "gio-to-hung-vuong"
    death = _row(result_2026, "Ngày giỗ Chủ tịch Hồ Chí Minh")
    assert (death["calendar"], death["day"], death["month"], death["base_year"]) == ("lunar", 21, 7, 1969)
    assert death["stated"] == death["number"] == 57 and death["event_id"] == "gio-ho-chi-minh-am-lich"
    assert death["date"] == pd.Timestamp(planner.calendars.to_solar(planner.calendars.LunarDate(21, 7, 2026)))


def test_lines_not_read_are_kept_with_their_reason(result_2026):
    r = result_2026
    cell = r[r["line"] == 12].iloc[0]
    assert cell["status"] == "unreadable" and cell["verdict"] == "unreadable"
    assert "chỉ có tháng" in cell["reason"]
    others = r[r["status"] == "other"]
    assert set(others["line"]) == {1, 2, 3, 18}  # headings and prose: returned, never dropped
    assert all(others["reason"] == "dòng không nói đến ngày kỷ niệm nào")
    assert 10 not in set(r["line"])  # only an empty line is left out
    table = guidance_table(r)
    assert "Không đọc được" in set(table["Kết quả"]) and 12 in set(table["Dòng văn bản"])
    assert len(guidance_table(r, others=True)) == len(r)


def test_number_that_disagrees_with_the_year(result_2026):
    union = _row(result_2026, "Công đoàn")  # 2026 − 1929 = 97: right
    assert union["number_ok"] and union["verdict"] == "matched"
    martyrs = _row(result_2026, "Thương binh")  # 2026 − 1947 = 79: right
    assert martyrs["verdict"] == "matched"
    culture = result_2026[result_2026["line"] == 15].iloc[0]  # states 81, 2026 − 1945 = 81 — right
    assert culture["verdict"] == "matched"
    wrong = read_guidance("- Kỷ niệm 81 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)", year=2026).iloc[0]
    assert wrong["verdict"] == "number" and not wrong["number_ok"]
    assert wrong["stated"] == 81 and wrong["number"] == 80
    assert wrong["note"] == "ghi 81 năm nhưng 2026 − 1946 = 80"
    last_year = read_guidance("Kỷ niệm 79 năm Ngày Toàn quốc kháng chiến (19/12/1946 - 19/12/2025)", year=2026).iloc[0]
    assert last_year["verdict"] == "number" and "2025, không phải năm 2026" in last_year["note"]


def test_conflict_with_the_catalogue(result_2026):
    # the catalogue has the Culture Sector Tradition Day on 28/8/1945; a line gives 29/8/1946
    conflict = result_2026[result_2026["line"] == 16].iloc[0]
    assert conflict["match"] == "conflict" and conflict["verdict"] == "conflict"
    assert conflict["event_id"] == "truyen-thong-van-hoa"
    assert "danh mục ghi: Ngày truyền thống ngành Văn hóa (28/8/1945)" in conflict["note"]
    day = read_guidance("Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (20/12/1946 – 20/12/2026)", year=2026).iloc[0]
    assert day["verdict"] == "conflict" and day["event_id"] == "toan-quoc-khang-chien"


def test_new_event_and_close_names(result_2026):
    new = _row(result_2026, "Nguyễn Thị Định")
    assert new["verdict"] == "new" and new["event_id"] == "" and new["category"] == "party"
    assert new["scope"] == "national"
    youth = _row(result_2026, "Đoàn TNCS")  # an abbreviation, same date: still the catalogue's event
    assert youth["event_id"] == "thanh-lap-doan-thanh-nien" and youth["category"] == "mass_org"
    # a longer name than the catalogue's, same date: matched, not new
    longer = read_guidance(
        "Kỷ niệm 120 năm Ngày sinh đồng chí Trần Phú, Tổng Bí thư đầu tiên của Đảng (01/5/1904 - 01/5/2024)", year=2024
    ).iloc[0]
    assert longer["verdict"] == "matched" and longer["event_id"] == "sinh-tran-phu"
    # same day, another sector: not taken for the catalogue's event of that day
    other = read_guidance("Kỷ niệm 80 năm Ngày truyền thống ngành Ngoại giao (28/8/1945 - 28/8/2025)", year=2025)
    assert other.iloc[0]["verdict"] == "new"


def test_odd_text_nfd_emoji_crlf_and_wrong_values():
    nfd = unicodedata.normalize("NFD", "🎉 Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)")
    r = read_guidance(f"{nfd}\r\n\r\nKỷ niệm 80 năm Ngày Toàn quốc kháng chiến (31/2/1946 - 31/2/2026)", year=2026)
    assert r.iloc[0]["name"] == "Ngày Toàn quốc kháng chiến" and r.iloc[0]["verdict"] == "matched"
    assert r.iloc[1]["line"] == 3 and r.iloc[1]["reason"] == "ngày 31/2/1946 không tồn tại"
    future = read_guidance("Kỷ niệm 1 năm Ngày hợp nhất (1/7/2026 - 1/7/2026)", year=2026).iloc[0]
    assert future["status"] == "unreadable" and "không trước năm 2026" in future["reason"]
    differ = read_guidance("Lễ hội (16/8/1834 - 18/8/2026)", year=2026).iloc[0]
    assert differ["status"] == "unreadable" and "không cùng ngày tháng" in differ["reason"]
    assert read_guidance("", year=2026).empty
    word = read_guidance(
        "Tiêu đề\x0b- Kỷ niệm 80 năm Ngày Toàn quốc\x07 kháng chiến (19/12/1946 – 19/12/2026)\u2028cuối", year=2026
    )
    assert word["line"].tolist() == [1, 2, 3] and word.iloc[1]["event_id"] == "toan-quoc-khang-chien"
    assert "\x07" not in word.iloc[1]["text"] and word.iloc[1]["name"] == "Ngày Toàn quốc kháng chiến"
    with pytest.raises(InvalidValueError, match="phải là chữ"):
        read_guidance(b"bytes", year=2026)
    with pytest.raises(InvalidValueError):
        read_guidance("Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)", year="2026")
    with pytest.raises(PlannerError, match="quá dài"):
        read_guidance("x" * 2_000_001, year=2026)
    with pytest.raises(InvalidValueError, match="read_guidance"):
        match_guidance(pd.DataFrame({"a": [1]}))


# --------------------------------------------------------------------------- files


def test_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.add_heading("HƯỚNG DẪN tuyên truyền năm 2026", 1)
    document.add_paragraph("- Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026).")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1"
    table.cell(0, 1).text = "Kỷ niệm 120 năm Ngày sinh đồng chí Hà Huy Tập (24/4/1906 - 24/4/2026)"
    path = tmp_path / "huong-dan-2026.docx"
    document.save(path)
    result = read_guidance(path, year=2026)
    read = result[result["status"] == "read"]
    assert list(read["event_id"]) == ["toan-quoc-khang-chien", "sinh-ha-huy-tap"]
    assert result.attrs["planner.guidance"] == {"source": "huong-dan-2026.docx", "year": 2026}
    assert read_guidance(str(path), year=2026)["event_id"].tolist() == result["event_id"].tolist()


def test_pdf_text(tmp_path):
    from matplotlib.figure import Figure

    matplotlib.rcParams["pdf.fonttype"] = 42  # text as text (TrueType), as office programs write it
    figure = Figure(figsize=(8.27, 11.69))
    lines = [
        "HƯỚNG DẪN tuyên truyền năm 2026",
        "- Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)",
        "- Kỷ niệm 120 năm Ngày sinh đồng chí Hà Huy Tập (24/4/1906 - 24/4/2026)",
        "Giỗ Tổ Hùng Vương (mùng 10 tháng 3 âm lịch)",
    ]
    for i, line in enumerate(lines):
        figure.text(0.05, 0.95 - i * 0.03, line, fontsize=10)
    path = tmp_path / "huong-dan.pdf"
    figure.savefig(path)
    result = read_guidance(path, year=2026)
    read = result[result["status"] == "read"]
    # the PDF's text may split a word at a kerning pair ("T oàn"): the name still matches
    assert list(read["event_id"]) == ["toan-quoc-khang-chien", "sinh-ha-huy-tap", "gio-to-hung-vuong"]
    assert list(read["stated"].fillna(0)) == [80, 120, 0]


def test_files_that_cannot_be_read(tmp_path):
    with pytest.raises(PlannerError, match="Không có tệp"):
        read_guidance(tmp_path / "none.docx", year=2026)
    with pytest.raises(PlannerError, match="là một thư mục"):
        read_guidance(tmp_path, year=2026)
    old = tmp_path / "cu.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(PlannerError, match=r"chỉ nhận tệp \.docx, \.pdf hoặc \.txt"):
        read_guidance(old, year=2026)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(PlannerError, match="không phải tệp Word .docx"):
        read_guidance(broken, year=2026)
    bad_pdf = tmp_path / "hong.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(PlannerError, match="PDF"):
        read_guidance(bad_pdf, year=2026)
    latin = tmp_path / "cp1258.txt"
    latin.write_bytes("Kỷ niệm".encode("utf-16"))
    with pytest.raises(PlannerError, match="không phải chữ UTF-8"):
        read_guidance(latin, year=2026)
    good = tmp_path / "hd.txt"
    good.write_text("\ufeffKỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)\n", encoding="utf-8")
    assert read_guidance(good, year=2026).iloc[0]["event_id"] == "toan-quoc-khang-chien"


def test_pdf_without_text(tmp_path):
    from matplotlib.figure import Figure

    path = tmp_path / "scan.pdf"
    Figure(figsize=(2, 2)).savefig(path)
    with pytest.raises(PlannerError, match="không có chữ"):
        read_guidance(path, year=2026)


# --------------------------------------------------------------------------- the import


def _new_events(ws) -> pd.DataFrame:
    events = ws.events()
    return events[events["source"].str.contains("dòng", regex=False)]


def test_nothing_added_without_accept(workspace, result_2026):
    before = len(workspace.events())
    changes = len(workspace.audit())
    for accept in (None, False, []):
        assert workspace.import_guidance(result_2026, accept=accept)["added"] == []
    assert len(workspace.events()) == before and len(workspace.audit()) == changes
    assert workspace.next_undo() is None


def test_accept_adds_the_new_events_in_one_audited_change_that_undo_removes(workspace):
    result = read_guidance(GUIDANCE_2026, year=2026, events=workspace.events(), source="Hướng dẫn 99-HD/BTGDVTW")
    before = len(workspace.events())
    done = workspace.import_guidance(result, accept=True)
    assert done["added"] == ["ngay-sinh-dong-chi-nguyen-thi-dinh"] and len(done["rows"]) == 1
    event = workspace.events().set_index("event_id").loc["ngay-sinh-dong-chi-nguyen-thi-dinh"]
    assert (event["name_vi"], event["day"], event["month"], event["base_year"]) == (
        "Ngày sinh đồng chí Nguyễn Thị Định", 15, 3, 1920)  # fmt: skip
    assert event["category"] == "party" and event["calendar"] == "solar"
    assert event["source"].startswith("Hướng dẫn 99-HD/BTGDVTW, dòng 17: - Kỷ niệm 106 năm")
    audit = workspace.audit()
    mine = audit[audit["change_id"] == done["change_id"]]
    assert len(mine) == 1 and mine.iloc[0]["entity"] == "event" and mine.iloc[0]["action"] == "insert"
    # the calendar of 2026 now has it, with its official title
    occ = planner.occurrences(2026, workspace.events())
    title = occ.set_index("event_id").loc["ngay-sinh-dong-chi-nguyen-thi-dinh", "title"]
    assert title == "Kỷ niệm 106 năm Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920 – 15/3/2026)"
    # conflicts and matched events untouched
    assert workspace.events().set_index("event_id").loc["truyen-thong-van-hoa", "day"] == 28
    # reading again: the event is in the catalogue now
    again = read_guidance(GUIDANCE_2026, year=2026, events=workspace.events())
    assert _row(again, "Nguyễn Thị Định")["verdict"] == "matched"
    assert workspace.import_guidance(result, accept=True)["added"] == []  # the old result is matched again first
    undone = workspace.undo()
    assert undone["change_id"] == done["change_id"] and undone["action"] == "import_guidance"
    assert len(workspace.events()) == before and _new_events(workspace).empty


def test_accepting_a_row_that_is_not_new_is_refused_whole(workspace, result_2026):
    before = len(workspace.events())
    new = int(_row(result_2026, "Nguyễn Thị Định").name)
    conflict = int(result_2026.index[result_2026["line"] == 16][0])
    with pytest.raises(PlannerError, match="mâu thuẫn với danh mục") as refused:
        workspace.import_guidance(result_2026, accept=[new, conflict])
    assert str(refused.value).startswith("Chưa thêm gì:")
    unreadable = int(result_2026.index[result_2026["line"] == 12][0])
    with pytest.raises(PlannerError, match="không đọc được"):
        workspace.import_guidance(result_2026, accept=[unreadable])
    with pytest.raises(InvalidValueError, match="Không có dòng kết quả số 999"):
        workspace.import_guidance(result_2026, accept=[999])
    for bad in ("all", 1, [True], [1.5], {"a": 1}):
        with pytest.raises(InvalidValueError):
            workspace.import_guidance(result_2026, accept=bad)
    with pytest.raises(InvalidValueError):
        workspace.import_guidance(result_2026, accept=True, source=42)
    assert len(workspace.events()) == before and workspace.next_undo() is None
    assert workspace.import_guidance(result_2026, accept=[new])["added"] == ["ngay-sinh-dong-chi-nguyen-thi-dinh"]


def test_edited_category_is_checked_and_same_event_twice_added_once(workspace):
    text = (
        "- Kỷ niệm 106 năm Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920 - 15/3/2026)\n"
        "- Kỷ niệm 106 năm Ngày sinh đồng chí Nguyễn Thị Định (15/3/1920 - 15/3/2026)\n"
    )
    result = read_guidance(text, year=2026, events=workspace.events())
    result.loc[0, "category"] = "hero"
    with pytest.raises(InvalidValueError, match="Nhóm sự kiện 'hero'"):
        workspace.import_guidance(result, accept=True)
    result.loc[0, "category"] = "mass_org"
    result.loc[0, "name"] = "  "
    with pytest.raises(InvalidValueError, match="không có tên sự kiện"):
        workspace.import_guidance(result, accept=[0])
    result.loc[0, "name"] = "Ngày sinh đồng chí Nguyễn Thị Định"
    result.loc[0, "scope"] = "city"
    done = workspace.import_guidance(result, accept=True)
    assert done["added"] == ["ngay-sinh-dong-chi-nguyen-thi-dinh"] and done["rows"] == [0]
    event = workspace.events().set_index("event_id").loc["ngay-sinh-dong-chi-nguyen-thi-dinh"]
    assert (event["category"], event["scope"]) == ("mass_org", "city")


def test_a_second_handle_adding_first(workspace, tmp_path):
    result = read_guidance(GUIDANCE_2026, year=2026, events=workspace.events())
    row = int(_row(result, "Nguyễn Thị Định").name)
    with planner.open_workspace(tmp_path / "ws", user="lanhdao") as other:
        assert other.import_guidance(result, accept=[row])["added"] == ["ngay-sinh-dong-chi-nguyen-thi-dinh"]
    with pytest.raises(PlannerError, match="đã có trong danh mục"):
        workspace.import_guidance(result, accept=[row])
    assert workspace.import_guidance(result, accept=True)["added"] == []
    assert len(_new_events(workspace)) == 1


def test_read_only_workspace_changes_nothing(workspace, tmp_path):
    result = read_guidance(GUIDANCE_2026, year=2026)
    with planner.open_workspace(tmp_path / "ws", read_only=True) as ro:
        before = len(ro.events())
        with pytest.raises(PlannerError):
            ro.import_guidance(result, accept=True)
        assert len(ro.events()) == before
    assert _new_events(workspace).empty


def test_an_added_event_is_then_in_conflict_with_another_date_of_it(workspace):
    text = "Kỷ niệm 80 năm Ngày truyền thống ngành Ngoại giao (28/8/1945 - 28/8/2025)"
    first = workspace.import_guidance(read_guidance(text, year=2025, events=workspace.events()), accept=True)
    assert first["added"] == ["ngay-truyen-thong-nganh-ngoai-giao"]
    # the same name with another date: a conflict, so it is never added beside it
    second = read_guidance(text.replace("28/8", "29/8"), year=2025, events=workspace.events())
    assert second.iloc[0]["verdict"] == "conflict"
    assert second.iloc[0]["event_id"] == "ngay-truyen-thong-nganh-ngoai-giao"
    with pytest.raises(PlannerError, match="mâu thuẫn"):
        workspace.import_guidance(second, accept=[0])


# --------------------------------------------------------------------------- command line


def test_command_line(tmp_path, capsys, monkeypatch):
    from planner.cli import main

    monkeypatch.chdir(tmp_path)  # no ./workspace: the packaged catalogue
    path = tmp_path / "huong-dan.txt"
    path.write_text(GUIDANCE_2026, encoding="utf-8")
    assert main(["guidance", str(path), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hướng dẫn huong-dan.txt, năm 2026: 14 dòng.")
    assert "Mâu thuẫn với danh mục" in out and "Ngày sinh đồng chí Nguyễn Thị Định" in out
    assert "MỤC ĐÍCH" not in out  # headings only with --all
    assert out.rstrip().endswith(
        "Kết quả: 11 đã có trong danh mục, 1 mới, 1 mâu thuẫn với danh mục, 1 không đọc được, "
        "4 không phải dòng kỷ niệm."
    )
    assert main(["guidance", str(path), "--year", "2026", "--all"]) == 0
    assert "MỤC ĐÍCH" in capsys.readouterr().out
    assert main(["guidance", str(tmp_path / "none.pdf"), "--year", "2026"]) == 2
    assert capsys.readouterr().err == f"Lỗi: Không có tệp {tmp_path / 'none.pdf'}.\n"
    assert main(["guidance", str(path)]) == 2  # --year is required

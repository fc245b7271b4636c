"""The command line, run as a user runs it: a real subprocess."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import place

REPO = Path(__file__).resolve().parent.parent


def run(*args, cwd=None, env=None):
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}  # this tree's planner, whatever the folder
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
    )


def test_calendar_csv_2025(tmp_path):
    out = tmp_path / "out.csv"
    result = run("calendar", "2025", "--csv", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel shows the diacritics
    rows = {r["event_id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    party = rows["thanh-lap-dang"]
    assert party["date"] == "2025-02-03" and party["tier"] == "le5"
    assert party["title"].startswith("Kỷ niệm 95 năm Ngày thành lập Đảng")
    assert party["lunar_text"] == "6/1 Ất Tỵ"
    liberation = rows["giai-phong-mien-nam"]
    assert (liberation["anniversary"], liberation["tier"]) == ("50", "tron")
    assert rows["gio-to-hung-vuong"]["date"] == "2025-04-07"


def test_calendar_printed(tmp_path):
    result = run("calendar", "2025", cwd=tmp_path)
    assert result.returncode == 0
    assert "Lịch kỷ niệm năm 2025 (Ất Tỵ)" in result.stdout
    line = next(ln for ln in result.stdout.splitlines() if "Kỷ niệm 50 năm Ngày giải phóng miền Nam" in ln)
    assert "30/4/2025" in line and "Thứ Tư" in line and "Năm tròn" in line


def test_init_then_calendar_uses_the_workspace(tmp_path):
    ws = place(tmp_path / "ws")  # on PostgreSQL the folder's schema
    result = run("init", "--workspace", ws)
    assert result.returncode == 0 and "Đã tạo không gian làm việc" in result.stdout
    assert "17 đơn vị, 83 sự kiện" in result.stdout
    again = run("init", "--workspace", ws)
    assert "Đã có không gian làm việc" in again.stdout
    assert run("calendar", "2026", "--workspace", ws).stdout.count("Kỷ niệm") >= 50


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("lunar", "2025-04-07"), "10/3/2025 âm lịch (10/3 Ất Tỵ) — dương lịch Thứ Hai, 7/4/2025"),
        (("lunar", "7/4/2025"), "10/3/2025 âm lịch"),
        (("lunar", "2025-07-25"), "1/6N/2025 âm lịch (1/6 nhuận Ất Tỵ)"),
        (("solar", "10/3/2025"), "2025-04-07 (Thứ Hai, 7/4/2025)"),
        (("solar", "1/6N/2025"), "2025-07-25 (Thứ Sáu, 25/7/2025)"),
        (("solar", "1/1/2030"), "2030-02-02"),
    ],
)
def test_conversions(args, expected):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("solar", "30/2/2025"), "30/2 năm 2025 không tồn tại"),
        (("solar", "1/5N/2025"), "năm 2025 nhuận tháng 6"),
        (("solar", "hôm nay"), "viết dạng ngày/tháng/năm"),
        (("lunar", "31/4/2025"), "không tồn tại"),
        (("lunar", "2025/04/07"), "Không đọc được ngày '2025/04/07'; viết dạng 3/2/2025 hoặc 2025-02-03."),
    ],
)
def test_bad_input_exit_2_with_message(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_and_check(tmp_path):
    ws = place(tmp_path / "ws")
    result = run("plan", "2025", "--workspace", ws)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Kế hoạch năm 2025: thêm ") and "nội dung mới" in lines[0]
    header = next(ln for ln in lines if ln.split()[:2] == ["T1", "T2"])
    assert header.split()[-1] == "Cộng"
    row = next(ln for ln in lines if ln.startswith("Hội Phụ nữ"))
    assert int(row.split()[-1]) == sum(int(x) for x in row.split()[3:-1])
    again = run("plan", "2025", "--workspace", ws)
    assert "thêm 0 nội dung mới" in again.stdout
    check = run("check", "2025", "--workspace", ws)
    assert check.returncode == 0
    # the generated demo plan passes its own checks: no error, no warning, only notes for the planner
    out = check.stdout.splitlines()
    notes = [ln for ln in out if ln.startswith("[Lưu ý]")]
    assert out[0] == f"Kế hoạch năm 2025: {len(notes)} lưu ý." and len(out) == len(notes) + 1
    assert "[Cảnh báo]" not in check.stdout and "[Lỗi]" not in check.stdout


def test_check_exits_1_on_errors(tmp_path):
    import planner

    with planner.open_workspace(tmp_path / "ws") as ws:
        ws.add_item(
            unit_id="mttq",
            date="2025-02-03",
            format="post",
            platform="facebook",
            theme="event",
            title="Kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam",
        )
    result = run("check", "2025", "--workspace", place(tmp_path / "ws"))
    assert result.returncode == 1
    assert "[Lỗi] nội dung 1: Tiêu đề ghi 'Kỷ niệm 94 năm' nhưng năm 2025 là kỷ niệm 95 năm" in result.stdout


def test_plan_unknown_unit(tmp_path):
    result = run("plan", "2025", "--unit", "doan-tn", "--workspace", place(tmp_path / "ws"))
    assert result.returncode == 2 and "Không có đơn vị 'doan-tn'" in result.stderr


def test_plan_for_one_unit_shows_only_that_unit(tmp_path):
    import planner

    ws = place(tmp_path / "ws")
    result = run("plan", "2025", "--unit", "hoi-phu-nu", "--workspace", ws)
    assert result.returncode == 0, result.stderr
    with planner.open_workspace(ws) as opened:
        items = opened.items(year=2025)
        short = opened.units().set_index("unit_id").loc["hoi-phu-nu", "short_name"]
    mine = items[(items["unit_id"] == "hoi-phu-nu") & (items["status"] != "cancelled")]
    assert set(items["unit_id"]) == {"hoi-phu-nu"}  # generated for that unit only
    lines = result.stdout.splitlines()
    assert lines[0] == f"Kế hoạch năm 2025 của {short}: thêm {len(mine)} nội dung mới; tổng cộng {len(mine)} nội dung."
    rows = [ln for ln in lines[1:] if ln.split()[:2] != ["T1", "T2"] and ln.split()[0] != "Đơn"]
    assert len(rows) == 1 and rows[0].startswith(short)  # was: every unit's row
    by_month = mine["date"].dt.month.value_counts()
    assert [int(x) for x in rows[0].split()[-13:]] == [int(by_month.get(m, 0)) for m in range(1, 13)] + [len(mine)]


def test_check_without_a_plan_says_to_generate_it_first(tmp_path):
    ws = place(tmp_path / "ws")
    assert run("init", "--workspace", ws).returncode == 0
    result = run("check", "2026", "--workspace", ws)
    assert "python -m planner plan 2026" in result.stdout
    assert "chưa có nội dung nào trong tháng" not in result.stdout  # was: 204 empty months
    assert len([ln for ln in result.stdout.splitlines() if ln.startswith("[")]) == 1


def test_calendar_csv_with_vietnamese_headers(tmp_path):
    out = tmp_path / "lịch 2025.csv"
    result = run("calendar", "2025", "--csv", str(out), "--vi", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header = next(csv.reader(out.open(encoding="utf-8-sig")))
    assert header[:2] == ["Mã sự kiện", "Tên sự kiện"] and "event_id" not in header
    # codes become labels: the Party's founding is a solar date, Hùng Kings' day a lunar one (10/3 âm lịch)
    rows = {r["Mã sự kiện"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows["thanh-lap-dang"]["Loại lịch"] == "Dương lịch"
    assert rows["gio-to-hung-vuong"]["Loại lịch"] == "Âm lịch"


def test_export_and_import_from_the_command_line(tmp_path):
    import openpyxl

    ws = place(tmp_path / "ws")
    assert run("init", "--workspace", ws).returncode == 0
    assert run("plan", "2025", "--workspace", ws).returncode == 0
    out = tmp_path / "kế hoạch ? tháng 5.xlsx"
    result = run("export", "2025", "--month", "5", "--unit", "hoi-phu-nu", "--out", str(out), "--workspace", ws)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    book = openpyxl.load_workbook(out, read_only=True)
    assert "Hội Phụ nữ" in book.sheetnames and "Đoàn Thanh niên" not in " ".join(book.sheetnames)
    # a file that is not a workbook: refused, exit 2, the file named
    bad = tmp_path / "báo cáo.xlsx"
    bad.write_text("không phải Excel", encoding="utf-8")
    result = run("import", str(bad), "--workspace", ws)
    assert result.returncode == 2 and result.stderr.startswith("Lỗi:") and "báo cáo.xlsx" in result.stderr
    # the exported plan itself, with nothing filled in, imports nothing and says so
    result = run("import", str(out), "--workspace", ws)
    assert result.returncode == 0, result.stderr

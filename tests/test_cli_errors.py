"""Bad input on the command line: exit code 2, a Vietnamese message naming the value, never a traceback.

Every case runs through :func:`planner.cli.main` as ``python -m planner`` calls it, capturing
what it prints; a sample also runs as a real subprocess, as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner import cli

#: Words that only appear when a message was left in English (argparse, the OS, lunar-vn, Python).
ENGLISH = (
    "usage:",
    "error:",
    "invalid",
    "required",
    "argument",
    "No such file",
    "Not a directory",
    "Permission denied",
    "out of range",
    "supported range",
    "Errno",
    "Traceback",
)


def _cases(tmp: Path) -> dict[str, tuple[list[str], str]]:
    """Name → (arguments, a fragment the message must contain). Paths are under ``tmp``."""
    a_file = tmp / "a-file.txt"
    not_db = tmp / "ghi-chu.sqlite"
    empty = tmp / "trống"
    bad_data = tmp / "dữ liệu hỏng"
    return {
        # years
        "year too big": (["calendar", "99999"], "năm 99999"),
        "year before the lunar tables": (["calendar", "1800"], "năm 1800"),
        "year after the lunar tables": (["calendar", "2101"], "năm 2101"),
        "year in words": (["calendar", "abc"], "năm 'abc'"),
        "year with a fraction": (["calendar", "2025.5"], "năm '2025.5'"),
        "negative year": (["calendar", "-5"], "năm '-5'"),
        "empty year": (["calendar", ""], "năm ''"),
        "plan year too big": (["plan", "10000", "--workspace", str(tmp / "ws-a")], "năm 10000"),
        "check year in words": (["check", "hai nghìn", "--workspace", str(tmp / "ws-b")], "năm 'hai nghìn'"),
        # solar dates
        "solar date with slashes the other way": (["lunar", "2025/04/07"], "'2025/04/07'"),
        "31 February": (["lunar", "31/2/2025"], "'31/2/2025' không tồn tại"),
        "month 13": (["lunar", "2025-13-01"], "'2025-13-01' không tồn tại"),
        "year 0": (["lunar", "0000-01-01"], "'0000-01-01' không tồn tại"),
        "solar date before 1900": (["lunar", "1899-05-05"], "1899"),
        "empty solar date": (["lunar", ""], "ngày ''"),
        # lunar dates
        "30/2/2025 lunar (a 29-day month)": (["solar", "30/2/2025"], "30/2 năm 2025 không tồn tại"),
        "31/6N/2025 lunar": (["solar", "31/6N/2025"], "nhận được 31"),
        "leap flag on a regular month": (["solar", "1/5N/2025"], "năm 2025 nhuận tháng 6"),
        "lunar month 13": (["solar", "10/13/2025"], "nhận được 13"),
        "lunar date before 1900 solar": (["solar", "1/1/1899"], "năm dương lịch 1899"),
        "lunar date after 2100 solar": (["solar", "30/12/2100"], "năm dương lịch 2101"),
        "lunar date in words": (["solar", "hôm nay"], "'hôm nay'"),
        # paths
        "workspace under a regular file": (["init", "--workspace", str(a_file / "sub")], str(a_file)),
        "workspace in /proc": (["init", "--workspace", "/proc/planner-khong-ghi-duoc"], "/proc/planner-khong-ghi-duoc"),
        "workspace file that is not a database": (["init", "--workspace", str(not_db)], str(not_db)),
        "check on a workspace under a file": (["check", "2025", "--workspace", str(a_file / "ws")], str(a_file)),
        "data folder that is a file": (["init", "--data", str(a_file), "--workspace", str(tmp / "ws-c")], "a-file.txt"),
        "data folder without files": (["init", "--data", str(empty), "--workspace", str(tmp / "ws-d")], "events.csv"),
        "data file with a NUL byte": (
            ["init", "--data", str(bad_data), "--workspace", str(tmp / "ws-e")],
            "events.csv, dòng 3, cột 'name_vi'",
        ),
        "csv output under a file": (["calendar", "2025", "--csv", str(a_file / "lich.csv")], str(a_file)),
        "csv output into a folder": (["calendar", "2025", "--csv", str(tmp)], str(tmp)),
        # units, commands, arguments
        "unknown unit": (["plan", "2025", "--unit", "doan-tn", "--workspace", str(tmp / "ws-f")], "'doan-tn'"),
        "unknown command": (["lich", "2025"], "'lich'"),
        "no command": ([], "LỆNH"),
        "missing year": (["calendar"], "NĂM"),
        "missing date": (["solar"], "NGÀY"),
        "option without its value": (["plan", "2025", "--unit"], "--unit"),
        "unknown option": (["calendar", "2025", "--bogus"], "--bogus"),
    }


def _prepare(tmp: Path) -> None:
    (tmp / "a-file.txt").write_text("không phải thư mục", encoding="utf-8")
    (tmp / "ghi-chu.sqlite").write_text("đây không phải cơ sở dữ liệu SQLite", encoding="utf-8")
    (tmp / "trống").mkdir()
    data = tmp / "dữ liệu hỏng"
    source = Path(__file__).resolve().parent.parent / "data"
    data.mkdir()
    for path in source.iterdir():
        if path.is_file():
            (data / path.name).write_bytes(path.read_bytes())
    lines = (data / "events.csv").read_text(encoding="utf-8").split("\n")
    first = lines[2].split(",")
    first[1] = first[1][:3] + "\x00" + first[1][3:]  # a NUL byte inside name_vi of line 3
    lines[2] = ",".join(first)
    (data / "events.csv").write_text("\n".join(lines), encoding="utf-8")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANNER_WORKSPACE", "PLANNER_DATA", "PLANNER_DEBUG")}
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli errors")
    _prepare(folder)
    return folder


#: Cases whose message still carries the OS's English text from planner/store/setup.py
#: (``exc.strerror``); the store should use ``planner.catalogue.describe_os_error(exc)``.
CASE_NAMES = list(_cases(Path("/x")))
#: Run as real processes too: the exit code the shell sees, nothing printed by Python itself.
SUBPROCESS_CASES = [
    "year too big",
    "31/6N/2025 lunar",
    "workspace under a regular file",
    "data file with a NUL byte",
    "unknown command",
    "missing year",
]


def _check(name: str, args: list[str], fragment: str, code: int, out: str, err: str) -> None:
    assert code == 2, (args, out, err)
    assert "Traceback" not in err + out
    assert "Lỗi: " in err
    message = err[err.index("Lỗi: ") :]
    assert fragment in message, message
    leftovers = [word for word in ENGLISH if word.lower() in message.lower()]
    assert not leftovers, (leftovers, message)


def test_the_table_is_large_enough():
    assert len(CASE_NAMES) >= 25


#: Cases about the SQLite file or its folder on disk: on PostgreSQL a folder's rows live in its schema.
FILE_CASES = {
    "workspace under a regular file",
    "workspace in /proc",
    "workspace file that is not a database",
    "check on a workspace under a file",
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.sqlite_only("the workspace's file on disk")) if n in FILE_CASES else n
     for n in CASE_NAMES],
)
def test_bad_input_exits_2_with_a_vietnamese_message(tmp, name, monkeypatch, capsys):
    args, fragment = _cases(tmp)[name]
    for variable in ("PLANNER_WORKSPACE", "PLANNER_DATA", "PLANNER_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp)
    code = cli.main(args)
    out, err = capsys.readouterr()
    _check(name, args, fragment, code, out, err)


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_as_a_real_process(tmp, name):
    args, fragment = _cases(tmp)[name]
    result = _run(args, tmp)
    _check(name, args, fragment, result.returncode, result.stdout, result.stderr)


def test_a_year_out_of_range_names_the_year_typed_not_another(capsys):
    assert cli.main(["calendar", "1800"]) == 2
    err = capsys.readouterr().err
    assert "năm 1800" in err and "1799" not in err  # was: "Năm âm lịch 1799 nằm ngoài khoảng hỗ trợ"


def test_help_is_vietnamese():
    result = _run(["plan", "-h"], Path.cwd())
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("Cách dùng: python -m planner plan")
    assert "tùy chọn:" in out and "tham số:" in out and "in hướng dẫn này rồi thoát" in out
    for english in ("usage:", "options:", "positional arguments", "show this help message"):
        assert english not in out


def test_main_returns_2_for_bad_arguments_in_process(capsys):
    assert cli.main(["calendar", "1800"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cách dùng: ") and "Lỗi: tham số NĂM: năm 1800 nằm ngoài" in err


def test_an_unexpected_failure_is_one_short_line_exit_1(monkeypatch, capsys):
    def broken(date):
        raise RuntimeError("internal detail")

    monkeypatch.delenv("PLANNER_DEBUG", raising=False)
    monkeypatch.setattr(cli.calendars, "to_lunar", broken)
    assert cli.main(["lunar", "2025-04-07"]) == 1
    err = capsys.readouterr().err
    assert "Lỗi ngoài dự kiến (RuntimeError)" in err and "PLANNER_DEBUG=1" in err
    assert "Traceback" not in err and "internal detail" not in err


def test_planner_debug_shows_the_exception(monkeypatch):
    def broken(date):
        raise RuntimeError("internal detail")

    monkeypatch.setenv("PLANNER_DEBUG", "1")
    monkeypatch.setattr(cli.calendars, "to_lunar", broken)
    with pytest.raises(RuntimeError, match="internal detail"):
        cli.main(["lunar", "2025-04-07"])


def test_an_os_error_while_writing_is_exit_2(monkeypatch, capsys, tmp_path):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "lich.csv"))

    monkeypatch.setattr(cli.calendars, "occurrences", full)
    assert cli.main(["calendar", "2025", "--csv", str(tmp_path / "lich.csv")]) == 2
    err = capsys.readouterr().err
    assert err == f"Lỗi: không đọc hoặc ghi được '{tmp_path / 'lich.csv'}': ổ đĩa đã hết chỗ trống.\n"


def test_workspace_path_with_spaces_and_question_marks(tmp_path):
    folder = tmp_path / "kế hoạch? #2025"
    first = _run(["init", "--workspace", str(folder)], tmp_path)
    assert first.returncode == 0, first.stderr
    assert (folder / "planner.sqlite").is_file()
    assert not (tmp_path / "kế hoạch").exists()  # the '?' did not cut the path


@pytest.mark.sqlite_only("copies a folder's SQLite file onto a file")
def test_init_database_needs_an_address_and_copy_onto_a_file_says_so_in_vietnamese(tmp_path, monkeypatch, capsys):
    """Found by an outside tester: `init --database "not a url"` made a folder named so (exit 0), and copying onto
    an existing file said the system's English 'File exists'."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "--database", "not a url"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: --database cần một địa chỉ máy chủ cơ sở dữ liệu") and "--workspace" in err
    assert list(tmp_path.iterdir()) == []  # nothing made
    assert cli.main(["init", "--workspace", str(tmp_path / "ws")]) == 0
    (tmp_path / "tep.txt").write_text("của người khác", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["copy", str(tmp_path / "ws"), str(tmp_path / "tep.txt")]) == 2
    err = capsys.readouterr().err
    assert "đã có một tệp hoặc thư mục trùng tên" in err and "File exists" not in err, err
    assert (tmp_path / "tep.txt").read_text(encoding="utf-8") == "của người khác"

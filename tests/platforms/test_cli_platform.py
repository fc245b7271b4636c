"""``python -m planner import-platform``: records a platform export, prints the result; refusals exit 2."""

from __future__ import annotations

from pathlib import Path

import planner
from planner.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "platforms"


def test_import_platform_records_and_prints(tmp_path, capsys):
    folder = tmp_path / "ws"
    assert main(["init", "--workspace", str(folder)]) == 0
    code = main(["import-platform", str(FIXTURES / "youtube_en.zip"), "--platform", "youtube", "--unit",
                 "doan-thanh-nien", "--workspace", str(folder)])
    out = capsys.readouterr().out
    assert code == 0 and "2 bài đăng: 2 mới" in out and "watch?v=kY3a9Tz0QmE" in out
    with planner.open_workspace(folder, read_only=True) as ws:
        assert sorted(ws.outputs()["views"].tolist()) == [1462, 4250]


def test_import_platform_refusal_names_the_page_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "ws"
    main(["init", "--workspace", str(folder)])
    code = main(["import-platform", str(FIXTURES / "zalo_en.csv"), "--platform", "zalo", "--workspace", str(folder)])
    err = capsys.readouterr().err
    assert code == 2 and "Mystery Page Ha Noi" in err and "dòng 3" in err
    with planner.open_workspace(folder, read_only=True) as ws:
        assert ws.outputs().empty

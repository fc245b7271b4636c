"""Every notebook, executed with papermill against a fresh demo workspace in tmp_path."""

import json
from pathlib import Path

import papermill as pm
import pytest

import planner
from tests.helpers import place

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture(autouse=True)
def _this_tree(monkeypatch):
    """The kernel imports this tree's planner; on PostgreSQL the notebook is given the folder's schema URL."""
    monkeypatch.setenv("PYTHONPATH", str(NOTEBOOKS.parent))


def _execute(name: str, tmp_path: Path, **parameters) -> dict:
    out = tmp_path / name
    pm.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=parameters,
        cwd=str(NOTEBOOKS),
        kernel_name="python3",
        progress_bar=False,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _html_outputs(nb: dict) -> str:
    texts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts.append("".join(data.get("text/html", "")))
            texts.append("".join(data.get("text/plain", "")))
    return "\n".join(texts)


def test_stored_without_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell["outputs"] and cell["execution_count"] is None, path.name
                assert "def " not in "".join(cell["source"]), f"{path.name} defines a function"


@pytest.mark.parametrize("year", [2025])
def test_01_calendar(tmp_path, year):
    ws_dir = tmp_path / "ws"
    nb = _execute("01_lich_ky_niem.ipynb", tmp_path, workspace=place(ws_dir), year=year)
    shown = _html_outputs(nb)
    # the notebook created the demo workspace where it was told
    with planner.open_workspace(ws_dir) as ws:
        assert len(ws.events()) == 83
    # table: the Party's 95th anniversary, highlighted as a 5-year, with its lunar date
    assert "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2025)" in shown
    assert "6/1 Ất Tỵ" in shown and "Năm lẻ 5" in shown
    assert "background-color: #f8d7da" in shown  # round years stand out
    # month grid: twelve boxes, the 50th anniversary of 30/4 marked as a round year
    assert shown.count('class="planner-month"') == 12
    assert 'class="tier-tron" style="background:#f8d7da;font-weight:bold"><b>30/4</b>' in shown
    # public holidays beside it
    assert "Quốc khánh" in shown and "2/9/2025" in shown
    # summary row
    assert "2025 (Ất Tỵ)" in shown


def test_02_screen(tmp_path):
    ws_dir = tmp_path / "ws"
    nb = _execute("02_ke_hoach_noi_dung.ipynb", tmp_path, workspace=place(ws_dir), year=2025, month=3)
    with planner.open_workspace(ws_dir) as ws:
        items = ws.items(year=2025)
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert f"Đã thêm {len(items)} nội dung mới vào kế hoạch năm 2025." in printed
    # the last cell shows the app as a live widget (what JupyterLab and Voilà draw), and no error
    last = nb["cells"][-1]["outputs"]
    assert [o["output_type"] for o in last] == ["execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in last[0]["data"]
    assert "".join(last[0]["data"]["text/plain"]).startswith("App(")
    # run again on the same workspace: nothing is generated twice
    nb = _execute("02_ke_hoach_noi_dung.ipynb", tmp_path, workspace=place(ws_dir), year=2025, month=3)
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "Đã thêm" not in printed
    with planner.open_workspace(ws_dir) as ws:
        assert len(ws.items(year=2025)) == len(items)


def test_03_plan_summary(tmp_path):
    ws_dir = tmp_path / "ws"
    nb = _execute("03_ke_hoach_excel.ipynb", tmp_path, workspace=place(ws_dir), year=2025)
    shown = _html_outputs(nb)
    with planner.open_workspace(ws_dir) as ws:
        items = ws.items(year=2025)
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert f"Đã thêm {len(items)} nội dung mới vào kế hoạch năm 2025." in printed
    assert len(items) > 1000
    # the unit × month table names units by their short names, with a total column
    assert "Hội Phụ nữ" in shown and "Tháng 12" in shown and "Cộng" in shown
    # findings in Vietnamese: the generated plan has no error or warning, only notes for the planner
    assert 'class="planner-findings"' in shown and "Lưu ý" in shown
    assert "Ngày 2/9/2025 là ngày nghỉ (Quốc khánh) và là ngày kỷ niệm" in shown
    assert ">Cảnh báo<" not in shown and ">Lỗi<" not in shown
    # running it again adds nothing
    nb = _execute("03_ke_hoach_excel.ipynb", tmp_path, workspace=place(ws_dir), year=2025)
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "Đã thêm 0 nội dung mới" in printed


def test_05_on_a_real_workspace_never_adds_demo_data(tmp_path):
    """Sample data go only where asked for (``demo=True``, or ``python -m planner demo``): a department's own
    workspace with no outputs yet opens the review with a note on where outputs come from, and nothing added."""
    ws_dir = tmp_path / "ws"
    with planner.open_workspace(ws_dir) as ws:
        before = ws.last_change()
    nb = _execute("05_danh_gia_hieu_qua.ipynb", tmp_path, workspace=str(ws_dir), year=2025)
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "Chưa có bài đăng nào được ghi nhận" in printed and "python -m planner demo" in printed
    with planner.open_workspace(ws_dir) as ws:
        assert ws.outputs().empty and ws.last_change() == before and ws.items(year=2025).empty

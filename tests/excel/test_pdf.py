"""The master plan as it comes out of a printer: rendered to PDF by LibreOffice headless, read back with poppler.

Each plan sheet must be one page wide (A4 landscape): every printed page of a sheet carries the repeated
header with its first AND last column, and a short unit sheet is exactly one page. The Vietnamese text
must survive (the PDF's text layer), in Carlito (Calibri's metric twin), never a serif fallback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata

import openpyxl
import pytest

import planner
from planner.columns import PLAN_COLUMNS, REPORT_COLUMNS
from planner.excel import export_plan

TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts")


def _tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    why = (
        f"Thiếu {', '.join(missing)}: cài libreoffice-calc-nogui, poppler-utils và fonts-crosextra-carlito "
        "để kiểm tra bản in PDF của kế hoạch."
    )
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory, _postgres):
    _tools()
    folder = tmp_path_factory.mktemp("pdf")
    with pytest.MonkeyPatch.context() as patch:  # made before the tests map folders to schemas: map it here
        if _postgres is not None:
            _postgres.install(patch)
        ws = planner.open_workspace(folder / "ws", user="chuyenvien")
    planner.generate_plan(ws, 2025)
    path = export_plan(ws, year=2025, months=5, path=folder / "Kế hoạch tháng 5.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    meta = {row[0]: row[1] for row in wb["planner"].iter_rows(values_only=True)}
    rows = {name: sum(1 for r in wb[name].iter_rows(min_row=9, values_only=True) if r[0] is not None)
            for name in wb.sheetnames if name != "planner"}
    wb.close()
    out = folder / "pdf"
    profile = (folder / "lo-profile").as_uri()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = out / "Kế hoạch tháng 5.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    ws.close()
    return {
        "pages": [_nfc(p) for p in text.split("\f") if p.strip()],
        "info": info,
        "fonts": fonts,
        "units": json.loads(meta["unit_sheets"]),
        "rows": rows,
    }


_FOOTER = re.compile(r"^\s*(\S.*?)\s{2,}Trang (\d+)/(\d+)\s*$")


def _by_sheet(pages: list[str]) -> dict[str, list[str]]:
    """Printed pages by the sheet their footer names (the instructions page has no footer)."""
    out: dict[str, list[str]] = {}
    for page in pages:
        last = page.rstrip().splitlines()[-1]
        match = _FOOTER.match(last)
        if match:
            out.setdefault(match.group(1).strip(), []).append(page)
    return out


def test_each_plan_sheet_prints_one_page_wide_with_its_header_on_every_page(printed):
    sheets = _by_sheet(printed["pages"])
    first, last_plan, last_report = PLAN_COLUMNS[1].label, PLAN_COLUMNS[-1].label, REPORT_COLUMNS[-1].label
    edges = {"Tổng hợp": ("Đơn vị", "Cộng"), "Lịch": (first, last_plan), "Chỉ tiêu": ("Đơn vị", "Còn thiếu")}
    for unit_sheet in printed["units"]:
        edges[unit_sheet] = (first, last_report)
    assert set(sheets) == set(edges)  # every plan sheet printed, nothing else with a footer
    for name, (left, right) in edges.items():
        for page in sheets[name]:
            assert left in page and right in page, f"{name}: một trang thiếu cột đầu hoặc cột cuối"
    # one page wide: a short unit sheet is one page, the calendar as many pages as its rows need (not twice that)
    for unit_sheet in printed["units"]:
        if printed["rows"][unit_sheet] <= 10:
            assert len(sheets[unit_sheet]) == 1, unit_sheet
    assert len(sheets["Lịch"]) < printed["rows"]["Lịch"] / 10
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", printed["info"])
    assert len(sizes) == len(printed["pages"])
    assert all(float(w) > float(h) for w, h in sizes[1:])  # plan sheets landscape (the instructions portrait)


def test_vietnamese_text_is_in_the_pdf_in_carlito(printed):
    text = "\n".join(printed["pages"])
    for phrase in (
        "KẾ HOẠCH TUYÊN TRUYỀN TRÊN CÁC NỀN TẢNG SỐ, MẠNG XÃ HỘI THÁNG 5 NĂM 2025",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "THÀNH ỦY VŨNG TÀU",
        "Đơn vị: Hội Liên hiệp Phụ nữ thành phố Vũng Tàu",
        "HƯỚNG DẪN ĐIỀN VÀ GỬI LẠI BÁO CÁO",
        "Đường dẫn bài đăng",
    ):
        assert phrase in text, phrase
    fonts = [line.split()[0].split("+")[-1] for line in printed["fonts"].splitlines()[2:] if line.strip()]
    assert fonts and all(f.startswith("Carlito") for f in fonts), fonts
    assert any(f == "Carlito-Bold" for f in fonts)

"""The tables people read (planner.tables) on a real workspace whose unit names and titles hold HTML characters."""

from __future__ import annotations

import csv
import html
from html.parser import HTMLParser
from pathlib import Path

import pytest

import planner
from planner import tables
from planner.model import short_names
from tests.helpers import db_rows

REPO = Path(__file__).resolve().parent.parent
ODD = "Hội <CCB> & ĐV"
ODD_HTML = "Hội &lt;CCB&gt; &amp; ĐV"
TITLE = "<b>Đậm</b> & <script>alert(1)</script> Tết"
YEAR = 2025


@pytest.fixture(scope="module")
def ws(tmp_path_factory, _postgres):
    """A demo workspace (a folder with a space, '?' and '#') whose 4th unit is called ``Hội <CCB> & ĐV``,
    with the 2025 plan and one item titled with markup."""
    root = tmp_path_factory.mktemp("tables")
    with pytest.MonkeyPatch.context() as patch:  # made before the tests map folders to schemas: map it here
        if _postgres is not None:
            _postgres.install(patch)
        handle = planner.open_workspace(root / "có dấu cách ? #" / "ws", user="chuyenvien")
    rows = list(csv.DictReader((REPO / "data" / "units.csv").open(encoding="utf-8")))
    rows[3]["short_name"] = ODD
    edited = root / "units.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    handle.import_units(edited)
    planner.generate_plan(handle, YEAR)
    handle.odd_unit = rows[3]["unit_id"]
    handle.odd_item = handle.add_item(
        unit_id=handle.odd_unit, date="12/3/2025", title=TITLE, format="post", platform="zalo", theme="event"
    )
    yield handle
    handle.close()


class _Rows(HTMLParser):
    """The text of each row of an HTML table (thead and tbody), cell by cell, entities decoded."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = False

    def handle_data(self, data):
        if self._cell:
            self.rows[-1][-1] += data.strip()


def rows_of(markup: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(markup)
    return parser.rows


def sql(ws, query: str, *args):
    return db_rows(ws, query, *args)


def test_plan_summary_escapes_unit_names_keeps_the_units_order_and_adds_totals(ws):
    shown = tables.plan_summary(ws.items(year=YEAR), ws.units()).to_html()
    assert ODD_HTML in shown and ODD not in shown
    header, *body = rows_of(shown)
    assert header == ["Đơn vị", *(f"Tháng {m}" for m in range(1, 13)), "Cộng"]
    *units, totals = body
    # the units' list order (ws.units()), not the character order that puts "ĐU …" after "UBMTTQ"
    listed = [short_names(ws.units())[u] for u in ws.units()["unit_id"]]
    assert [r[0] for r in units] == [u for u in listed if u in {r[0] for r in units}]
    assert [r[0] for r in units].index("ĐU Long Sơn") < [r[0] for r in units].index("UBMTTQ Thành phố")
    # the counts are SQLite's, cancelled left out; each row's total and the total row add up
    short = short_names(ws.units())
    stored = sql(
        ws,
        "SELECT unit_id, date, count(*) FROM items "
        "WHERE year = ? AND status != 'cancelled' AND date IS NOT NULL GROUP BY 1, 2",
        YEAR,
    )
    expected: dict[tuple[str, int], int] = {}
    for u, day, n in stored:  # the month from the ISO date: the same on both engines
        expected[(short[u], int(day[5:7]))] = expected.get((short[u], int(day[5:7])), 0) + n
    got = {(r[0], m): int(c) for r in units for m, c in enumerate(r[1:13], start=1) if int(c)}
    assert got == expected
    for r in units:
        assert sum(map(int, r[1:13])) == int(r[13])
    assert totals[0] == "Cộng"
    assert [int(c) for c in totals[1:]] == [sum(int(r[i]) for r in units) for i in range(1, 14)]
    assert int(totals[13]) == sum(expected.values())


def test_plan_summary_of_nothing_is_a_row_of_zeros(ws):
    header, *body = rows_of(tables.plan_summary(ws.items(year=YEAR).iloc[0:0], ws.units()).to_html())
    assert header[-1] == "Cộng" and body == [["Cộng"] + ["0"] * 13]


def test_items_table_escapes_titles_and_unit_names(ws):
    items = ws.items(ids=[ws.odd_item])
    shown = tables.items_table(items, ws.units()).to_html()
    assert ODD_HTML in shown and html.escape(TITLE, quote=False) in shown
    assert "<script>" not in shown and "<b>Đậm" not in shown
    (_header, row) = rows_of(shown)
    assert row[:4] == [str(ws.odd_item), "12/3/2025", ODD, TITLE]  # a person reads what was typed


def test_findings_table_escapes_unit_names_in_cells_and_messages(ws):
    findings = planner.check_plan(ws, YEAR, weekly_ceiling=1)
    mine = findings[findings["unit_id"] == ws.odd_unit]
    assert len(mine) > 0
    shown = tables.findings_table(findings, ws.units()).to_html()
    assert ODD not in shown and ODD_HTML in shown
    body = rows_of(shown)[1:]
    assert len(body) == len(findings)
    assert sum(1 for r in body if r[2] == ODD) == len(mine)
    assert all(m in {r[4] for r in body} for m in mine["message"])  # messages naming the unit, as typed


def test_occurrence_tables_escape_their_text(ws):
    occ = planner.occurrences(YEAR, ws.events()).copy()
    occ.loc[occ.index[0], "title"] = TITLE
    shown = tables.calendar_table(occ).to_html()
    assert html.escape(TITLE, quote=False) in shown and "<script>" not in shown
    assert "background-color: #f8d7da" in shown  # round years still stand out
    summary = tables.summary(occ).to_html()
    assert f"{YEAR} (Ất Tỵ)" in summary
    days = tables.holidays_table(YEAR).to_html()
    assert "Quốc khánh" in days and "2/9/2025" in days

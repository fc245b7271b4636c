"""The plan generation panel on a real demo workspace: preview writes nothing, generate, again, template subsets."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import planner
from planner.model import short_names
from planner.strings import PLAN_LABELS
from planner.ui.plan import PlanPanel
from tests.helpers import db_rows

YEAR = 2025


def sql(ws, query: str, *args):
    """An independent read of the workspace file."""
    return db_rows(ws, query, *args)


class _Counts(HTMLParser):
    """The unit × month table as shown: {(short name, month): count} from the body rows of the HTML."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("th", "td") and self._in_body:
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag in ("th", "td"):
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][-1] += data.strip()


def shown_units(summary_html: str) -> list[str]:
    """The first cell of each body row, the total row ("Cộng") last."""
    parser = _Counts()
    parser.feed(summary_html)
    return [row[0] for row in parser.rows]


def shown_counts(summary_html: str) -> dict[tuple[str, int], int]:
    """{(unit, month): count} as shown; each row's total and the total row checked on the way."""
    parser = _Counts()
    parser.feed(summary_html)
    *units, (label, *totals) = parser.rows
    assert label == "Cộng" and len(totals) == 13
    counts = {}
    for unit, *cells in units:
        assert len(cells) == 13  # 12 months and the total
        assert sum(map(int, cells[:12])) == int(cells[12])
        counts.update({(unit, month): int(c) for month, c in enumerate(cells[:12], start=1) if int(c)})
    assert [int(t) for t in totals] == [sum(int(r[i]) for r in units) for i in range(1, 14)]
    return counts


def recount(ws, year: int) -> dict[tuple[str, int], int]:
    """Items per (unit short name, month) of ``year`` from SQLite, cancelled left out."""
    short = short_names(ws.units())
    rows = sql(
        ws,
        "SELECT unit_id, date, count(*) FROM items "
        "WHERE year = ? AND status != 'cancelled' AND date IS NOT NULL GROUP BY 1, 2",
        year,
    )
    counts: dict[tuple[str, int], int] = {}
    for u, day, n in rows:  # the month from the ISO date: the same on both engines
        key = (short[u], int(day[5:7]))
        counts[key] = counts.get(key, 0) + n
    return counts


def test_preview_writes_nothing_and_its_counts_are_what_generate_creates(workspace):
    panel = PlanPanel(workspace, year=YEAR)
    mark = workspace.last_change()
    panel.preview_button.click()
    assert panel.status.kind == "info", panel.status.message
    assert workspace.last_change() == mark
    assert workspace.items(year=YEAR).empty
    assert sql(workspace, "SELECT count(*) FROM items") == [(0,)]
    previewed = shown_counts(panel.summary.value)
    total = sum(previewed.values())
    assert total > 1000 and panel.status.message == PLAN_LABELS["preview_done"].format(year=YEAR, count=total)
    # said once: the heading names the table, the status line the count (the screenshot had both say it)
    shown = html.unescape(panel.summary.value)
    assert PLAN_LABELS["preview_heading"].format(year=YEAR) in shown and f"{total} nội dung" not in shown
    # the units in the workspace's list order (as every other view), not by character code
    listed = list(short_names(workspace.units()).values())
    units = shown_units(panel.summary.value)[:-1]
    assert units == [u for u in listed if u in units] and len(units) == len(listed)
    changed: list[list[int]] = []
    panel.on_change(changed.append)
    panel.generate_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert recount(workspace, YEAR) == previewed
    (created,) = sql(workspace, "SELECT count(*) FROM items WHERE year = ?", YEAR)[0]
    assert created == total
    assert PLAN_LABELS["created"].format(year=YEAR, count=created) == panel.status.message
    assert shown_counts(panel.summary.value) == previewed
    stored = [r[0] for r in sql(workspace, "SELECT item_id FROM items ORDER BY item_id")]
    assert len(changed) == 1 and sorted(changed[0]) == stored


def test_generate_shows_the_plan_check_and_a_second_run_creates_nothing(workspace):
    panel = PlanPanel(workspace, year=YEAR)
    changed: list[list[int]] = []
    panel.on_change(changed.append)
    panel.generate()
    findings = planner.check_plan(workspace, YEAR)
    shown = html.unescape(panel.findings.value)
    assert PLAN_LABELS["check_heading"].format(year=YEAR, count=len(findings)) in shown
    assert len(findings) > 0 and all(m in shown for m in findings["message"])
    for message in panel.last_created.attrs["report"].messages():
        assert message in html.unescape(panel.summary.value)
    before = sql(workspace, "SELECT item_id, version FROM items ORDER BY item_id")
    changes = len(workspace.change_sets())
    panel.generate_button.click()
    assert panel.status.message == PLAN_LABELS["nothing_created"].format(year=YEAR)
    assert "<table" not in panel.summary.value  # nothing created: no table of zeros
    assert sql(workspace, "SELECT item_id, version FROM items ORDER BY item_id") == before
    assert len(workspace.change_sets()) == changes
    assert len(changed) == 1  # nothing new: nobody told
    panel.preview()
    assert panel.status.message == PLAN_LABELS["preview_nothing"].format(year=YEAR)


def test_a_template_subset_creates_only_that_templates_items(workspace):
    panel = PlanPanel(workspace, year=YEAR)
    assert set(panel.templates.value) == set(workspace.templates()["template_id"])
    panel.templates.value = ("ky-niem-le5",)
    panel.recurring.value = ()
    panel.units.value = ("mttq", "doan-thanh-nien", "hoi-phu-nu")
    panel.preview_button.click()
    previewed = shown_counts(panel.summary.value)
    panel.generate_button.click()
    rows = sql(workspace, "SELECT DISTINCT template_id, unit_id FROM items WHERE year = ?", YEAR)
    assert {t for t, _ in rows} == {"ky-niem-le5"}
    assert {u for _, u in rows} <= {"mttq", "doan-thanh-nien", "hoi-phu-nu"}
    assert recount(workspace, YEAR) == previewed and previewed
    # the rest later: every template now adds only what is missing
    panel.templates.value = tuple(v for _, v in panel.templates.options)
    panel.generate_button.click()
    templates = {t for (t,) in sql(workspace, "SELECT DISTINCT template_id FROM items WHERE year = ?", YEAR)}
    assert "ky-niem-tron" in templates and "ky-niem-le5" in templates
    assert sql(workspace, "SELECT count(*) FROM items GROUP BY plan_key HAVING count(*) > 1") == []


def test_nothing_chosen_bad_year_and_read_only_change_nothing(workspace):
    panel = PlanPanel(workspace, year=YEAR)
    mark = workspace.last_change()
    panel.templates.value = ()
    panel.generate_button.click()
    assert panel.status.message == PLAN_LABELS["no_templates"]
    panel.templates.value = tuple(v for _, v in panel.templates.options)
    panel.units.value = ()
    panel.preview_button.click()
    assert panel.status.message == PLAN_LABELS["no_units"]
    panel.units.value = tuple(v for _, v in panel.units.options)
    panel.year.value = 1800
    panel.generate_button.click()
    assert panel.status.kind == "error" and "1900" in panel.status.message
    assert workspace.last_change() == mark and workspace.items().empty
    with planner.open_workspace(workspace.folder, read_only=True) as ro:
        frozen = PlanPanel(ro, year=YEAR)
        frozen.generate_button.click()
        assert frozen.status.kind == "error" and "chỉ cho phép đọc" in frozen.status.message
    assert workspace.last_change() == mark and workspace.items().empty


def test_poll_says_when_the_preview_is_out_of_date(workspace):
    panel = PlanPanel(workspace, year=YEAR)
    panel.preview()
    assert panel.poll() == 0 and panel.status.kind == "info"
    with planner.open_workspace(workspace.folder, user="khac") as other:
        planner.generate_plan(other, YEAR, units=["mttq"])
    panel.poll()
    assert panel.status.message == PLAN_LABELS["stale_preview"]
    panel.generate()
    assert not any(u == "mttq" for u in panel.last_created["unit_id"])


def test_preview_of_another_year_uses_the_year_chosen(workspace):
    year = YEAR + 1
    panel = PlanPanel(workspace, year=YEAR)
    panel.year.value = year
    frame = panel.preview()
    assert set(frame["year"]) == {year}
    assert f"năm {year}" in html.unescape(panel.summary.value)

"""Editorial planning: occurrences × campaign templates × units → content items, and the
checks a planner runs on the plan.

* :func:`generate_plan` — one call plans a whole year for every unit. It is idempotent:
  each item carries a plan key (year, event, occurrence date, template, spec, unit), so a
  second run adds only what is missing and never touches items already planned, edited,
  moved, reassigned or cancelled.
* :func:`copy_plan` — last year's items onto this year's occurrences.
* :func:`add_monthly` — a recurring ad-hoc item ("người tốt, việc tốt" each month).
* :func:`check_plan` — overloaded weeks, round-year campaigns competing in one week,
  items on public holidays or outside their campaign window, units with an empty month,
  and every item's automatic text checks; a tidy table of findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd

from planner import catalogue
from planner.calendars import occurrences
from planner.checks import DEFAULT_WINDOW, PLAN_FINDING_COLUMNS, check_plan  # re-exported
from planner.errors import NotFoundError, PlannerError
from planner.model import TAKER_ALL, TAKER_OWNER, UNIT_KINDS
from planner.store import Workspace

__all__ = [
    "generate_plan",
    "copy_plan",
    "add_monthly",
    "check_plan",
    "unit_month_counts",
    "PLAN_FINDING_COLUMNS",
    "DEFAULT_WINDOW",
]



def _lc_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _matches(template: dict, occ: dict) -> bool:
    if template["events"] and occ["event_id"] not in template["events"].split():
        return False
    if template["categories"] and occ["category"] not in template["categories"].split():
        return False
    tier = occ["tier"] if isinstance(occ["tier"], str) else "none"
    return not (template["tiers"] and tier not in template["tiers"].split())


def _anchor(occ: dict) -> dt.date:
    """The day a campaign is counted from: the event's date, or the 1st for month-only events."""
    if pd.isna(occ["date"]):
        return dt.date(int(occ["year"]), int(occ["month"]), 1)
    return occ["date"].date()


class _Takers:
    """Resolve a spec's takers (all / owner / unit kinds / unit ids) to unit ids."""

    def __init__(self, units: pd.DataFrame):
        self.all = list(units["unit_id"])
        self.by_kind = units.groupby("kind")["unit_id"].apply(list).to_dict()
        self.owners: dict[str, list[str]] = {}
        for unit_id, own in zip(units["unit_id"], units["own_events"], strict=True):
            for event_id in str(own or "").split():
                self.owners.setdefault(event_id, []).append(unit_id)
        self.known = set(self.all)

    def resolve(self, takers: str, event_id: str) -> list[str]:
        chosen: dict[str, None] = {}
        for token in takers.split():
            if token == TAKER_ALL:
                ids = self.all
            elif token == TAKER_OWNER:
                ids = self.owners.get(event_id, [])
            elif token in UNIT_KINDS:
                ids = self.by_kind.get(token, [])
            else:
                ids = [token] if token in self.known else []
            chosen.update(dict.fromkeys(ids))
        return list(chosen)


def _select_units(ws: Workspace, units: Iterable[str] | None) -> pd.DataFrame:
    frame = ws.units()
    frame = frame[frame["active"]]
    if units is None:
        return frame
    wanted = [units] if isinstance(units, str) else list(units)
    unknown = sorted(set(wanted) - set(frame["unit_id"]))
    if unknown:
        raise NotFoundError(
            f"Không có đơn vị {', '.join(repr(u) for u in unknown)}. Các đơn vị: {', '.join(frame['unit_id'])}."
        )
    return frame[frame["unit_id"].isin(wanted)]


def plan_rows(year: int, occ: pd.DataFrame, templates: pd.DataFrame, units: pd.DataFrame) -> list[dict]:
    """The items a plan should hold (pure: no workspace), each with its ``plan_key``."""
    takers = _Takers(units)
    short = dict(zip(units["unit_id"], units["short_name"], strict=True))
    specs = templates.sort_values(["position", "offset", "spec_id"], kind="stable").to_dict("records")
    by_template: dict[str, list[dict]] = {}
    for spec in specs:
        by_template.setdefault(spec["template_id"], []).append(spec)
    order = list(by_template)
    rows = []
    for o in occ.to_dict("records"):
        template_id = next((t for t in order if _matches(by_template[t][0], o)), None)
        if template_id is None:
            continue
        anchor = _anchor(o)
        number = "" if pd.isna(o["anniversary"]) else str(o["anniversary"])
        for spec in by_template[template_id]:
            for unit_id in takers.resolve(spec["takers"], o["event_id"]):
                title = spec["title"].format(
                    title=o["title"],
                    title_lc=_lc_first(o["title"]),
                    name=o["name"],
                    name_lc=_lc_first(o["name"]),
                    number=number,
                    year=year,
                    unit=short[unit_id],
                )
                rows.append(
                    {
                        "year": year,
                        "unit_id": unit_id,
                        "event_id": o["event_id"],
                        "occurrence_date": anchor,
                        "date": anchor + dt.timedelta(days=int(spec["offset"])),
                        "title": title,
                        "format": spec["format"],
                        "platform": spec["platform"],
                        "theme": spec["theme"],
                        "template_id": template_id,
                        "spec_id": spec["spec_id"],
                        "offset_days": int(spec["offset"]),
                        "plan_key": "|".join(
                            (str(year), o["event_id"], anchor.isoformat(), template_id, spec["spec_id"], unit_id)
                        ),
                    }
                )
    return rows


def generate_plan(
    ws: Workspace, year: int, *, units: Iterable[str] | None = None, templates: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Plan ``year`` for every unit (or ``units``) from the campaign templates; one transaction.

    Each occurrence of the year gets the first template that matches it (by category, tier
    and event); each item spec of that template becomes one item per unit that takes it,
    dated ``offset`` days from the event. Items already planned (same plan key) are left
    alone, edited or not, so running it again adds nothing. Returns the items it created
    (as :meth:`Workspace.items` would show them).
    """
    year = int(year)
    chosen = _select_units(ws, units)
    if templates is None:
        specs = ws.templates()
    else:
        specs = templates
        catalogue.check_references(ws.events(), ws.units(), specs)
    if specs.empty:
        raise PlannerError(
            "Chưa có mẫu chiến dịch nào. Nạp mẫu bằng ws.import_templates('data') "
            "(templates.csv và template_items.csv)."
        )
    rows = plan_rows(year, occurrences(year, ws.events()), specs, chosen)
    existing = ws.plan_keys(year)
    new = [r for r in rows if r["plan_key"] not in existing]
    if not new:
        return ws.items(year=year).iloc[0:0]
    ids = ws.add_items(new, action="generate_plan", note=f"kế hoạch năm {year}: {len(new)} nội dung")
    items = ws.items(year=year)
    return items[items["item_id"].isin(ids)].reset_index(drop=True)


def copy_plan(ws: Workspace, from_year: int, to_year: int, *, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Copy the items of ``from_year`` onto ``to_year`` as new ideas.

    An item tied to an event moves with the event: same distance from this year's
    occurrence, and the old occurrence title in its title is replaced by the new one
    (so "Kỷ niệm 94 năm …" becomes "Kỷ niệm 95 năm …"). Other items keep their day and
    month. Cancelled items are not copied; copying twice adds nothing.
    """
    from_year, to_year = int(from_year), int(to_year)
    source = ws.items(year=from_year)
    source = source[source["status"] != "cancelled"]
    if units is not None:
        source = source[source["unit_id"].isin(_select_units(ws, units)["unit_id"])]
    events = ws.events()
    old_occ = occurrences(from_year, events)
    new_occ = occurrences(to_year, events)
    new_first = {r["event_id"]: r for r in new_occ.to_dict("records")}
    old_titles = {(r["event_id"], _anchor(r)): r["title"] for r in old_occ.to_dict("records")}
    existing = ws.plan_keys(to_year)
    rows = []
    for item in source.to_dict("records"):
        key = f"copy|{item['item_id']}|{to_year}"
        if key in existing:
            continue
        title, date = item["title"], item["date"]
        event_id = item["event_id"] if isinstance(item["event_id"], str) else None
        occurrence_date = None
        if event_id and event_id in new_first and not pd.isna(item["occurrence_date"]):
            old_anchor = item["occurrence_date"].date()
            occurrence_date = _anchor(new_first[event_id])
            date = occurrence_date + (item["date"].date() - old_anchor) if not pd.isna(date) else None
            old_title = old_titles.get((event_id, old_anchor))
            if old_title:  # renumber: "Kỷ niệm 94 năm … 2024)" → "Kỷ niệm 95 năm … 2025)", any case
                new_title = new_first[event_id]["title"]
                for old_text, new_text in ((old_title, new_title), (_lc_first(old_title), _lc_first(new_title))):
                    title = title.replace(old_text, new_text)
        elif not pd.isna(date):
            d = date.date()
            date = d.replace(year=d.year + (to_year - from_year), day=min(d.day, 28) if d.month == 2 else d.day)
        rows.append(
            {
                "year": to_year,
                "unit_id": item["unit_id"],
                "event_id": event_id,
                "occurrence_date": occurrence_date,
                "date": None if pd.isna(date) else date,
                "title": title,
                "format": item["format"],
                "platform": item["platform"],
                "theme": item["theme"],
                "notes": item["notes"],
                "template_id": item["template_id"],
                "spec_id": item["spec_id"],
                "offset_days": None if pd.isna(item["offset_days"]) else int(item["offset_days"]),
                "plan_key": key,
            }
        )
    if not rows:
        return ws.items(year=to_year).iloc[0:0]
    ids = ws.add_items(rows, action="copy_plan", note=f"chép kế hoạch {from_year} sang {to_year}")
    items = ws.items(year=to_year)
    return items[items["item_id"].isin(ids)].reset_index(drop=True)


def add_monthly(
    ws: Workspace,
    year: int,
    *,
    unit_id: str,
    title: str,
    format: str,
    platform: str,
    theme: str = "good_deeds",
    day: int = 15,
    months: Sequence[int] = tuple(range(1, 13)),
    notes: str = "",
) -> list[int]:
    """One ad-hoc item a month (e.g. a "người tốt, việc tốt" story), in one transaction.

    ``title`` may contain ``{month}``: "Người tốt, việc tốt tháng {month}/{year}".
    Returns the new item ids.
    """
    if not 1 <= int(day) <= 28:
        raise PlannerError(f"Ngày trong tháng phải từ 1 đến 28 (để tháng nào cũng có), nhận được {day}.")
    rows = [
        {
            "year": int(year),
            "unit_id": unit_id,
            "date": dt.date(int(year), int(m), int(day)),
            "title": title.format(month=m, year=year),
            "format": format,
            "platform": platform,
            "theme": theme,
            "notes": notes,
        }
        for m in months
    ]
    return ws.add_items(rows, action="add_monthly", note=f"{unit_id}: {len(rows)} nội dung hằng tháng")


def unit_month_counts(items: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Items per unit (short name) and month 1–12, cancelled left out, with a ``total`` column."""
    live = items[(items["status"] != "cancelled") & items["date"].notna()]
    short = dict(zip(units["unit_id"], units["short_name"], strict=True))
    table = (
        live.assign(unit=live["unit_id"].map(short), month=live["date"].dt.month)
        .pivot_table(index="unit", columns="month", values="item_id", aggfunc="count", fill_value=0)
        .reindex(columns=range(1, 13), fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    return table

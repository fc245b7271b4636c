"""Editorial planning: occurrences × campaign templates × units → content items.

* :func:`generate_plan` — one call plans a whole year for every unit, in one transaction.
* :func:`preview_plan` — what :func:`generate_plan` would do now, without writing anything.
* :func:`copy_plan` — last year's items onto this year's occurrences.
* :func:`add_monthly` — a recurring ad-hoc item ("người tốt, việc tốt" each month).
* :func:`check_plan` (from :mod:`planner.checks`) — what a planner checks on the plan.

Rules of generation:

* **What.** Each occurrence of the year gets the first template that matches it (by
  category, tier and event, in file order); each item spec of that template becomes one
  item per unit that takes it. Each recurring story of the workspace
  (:meth:`Workspace.recurring`, seeded from ``data/recurring.csv``; :mod:`planner.recurring`)
  becomes one item per taker in each of its months.
* **When.** The ideal day is the event's day + the spec's offset (a recurring story: its
  day of the month); :mod:`planner.scheduling` then moves items off days off and out of
  full weeks within their campaign window, keeps items meant for the day itself on it,
  staggers round-year campaigns, and leaves out what cannot be placed (reported, never
  overfilled). The window is the one :func:`check_plan` uses: the template's first to last
  offset around the event.
* **Identity.** Every item carries a plan key naming its occurrence, not its date:
  ``occ|year|event|<solar|lunar><year>#<ordinal>|template|spec|unit`` (a lunar event is
  counted in lunar years, so an event of lunar month 12 that falls twice in one solar
  year has two keys); recurring stories ``rec|year|story|month|unit``. Keys of the old
  form ``year|event|YYYY-MM-DD|template|spec|unit`` are read as the occurrence they name,
  so a workspace planned before keeps its items.
* **Again.** Running it again adds only what is missing. An item nobody edited (only plan
  generation, re-planning or copying ever changed it) follows its occurrence: a corrected
  event date in the catalogue moves it (date, occurrence date, title) instead of adding a
  second campaign. An item a planner edited, moved, reassigned or cancelled is never
  touched; if its occurrence changed it is listed for the planner.
* **Report.** The returned frame (the items created) carries a :class:`PlanReport` in
  ``attrs["report"]``: items moved with their occurrence, edited items whose occurrence
  changed, items that could not be placed, and unit-months short of the
  ``monthly_item_minimum`` setting.
"""

from __future__ import annotations

import datetime as dt
import numbers
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner import catalogue
from planner import recurring as _recurring
from planner.calendars import check_year, format_date, occurrences, public_holidays, to_lunar
from planner.checks import DEFAULT_WINDOW, PLAN_FINDING_COLUMNS, check_plan  # re-exported
from planner.checks.plan import campaign_windows, week_starts
from planner.errors import ConflictError, InvalidValueError, NotFoundError, PlannerError
from planner.model import TAKER_ALL, TAKER_OWNER, TEMPLATE_COLUMNS, UNIT_KINDS, short_names
from planner.scheduling import REASON_DAYS_OFF, schedule_rows, unit_month_shortfall
from planner.store import Workspace, access
from planner.store.items import copy_key, items_frame

__all__ = [
    "generate_plan",
    "preview_plan",
    "copy_plan",
    "add_monthly",
    "check_plan",
    "plan_rows",
    "PlanReport",
    "unit_month_counts",
    "PLAN_FINDING_COLUMNS",
    "DEFAULT_WINDOW",
]

_FOLLOWS = ("date", "occurrence_date", "title", "plan_key")


# --------------------------------------------------------------------------- inputs


def _year(value, field: str = "year") -> int:
    """A plan year: the calendar's rule (:func:`planner.calendars.check_year`)."""
    return check_year(value, field=field)


def _lc_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _fill(pattern: str, values: dict, *, where: str) -> str:
    """``pattern.format(**values)``, or a :class:`PlannerError` naming the pattern and ``where``."""
    try:
        return pattern.format(**values)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        allowed = ", ".join(f"{{{k}}}" for k in values)
        detail = f"chỗ trống {{{exc.args[0]}}} không có" if isinstance(exc, KeyError) else "dấu { } không khớp cặp"
        raise InvalidValueError(
            f"Tiêu đề '{pattern}' ({where}) không dùng được: {detail}. Chỗ trống được dùng: {allowed}; "
            "muốn in dấu { hoặc } thì viết {{ hoặc }}.",
            field="title",
            value=pattern,
            allowed=tuple(values),
        ) from None


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


def _windows(specs: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Campaign window per template, by the plan check's rule (:func:`planner.checks.plan.campaign_windows`)."""
    agg = campaign_windows(specs)
    return {t: (int(lo), int(hi)) for t, lo, hi in zip(agg.index, agg["min"], agg["max"], strict=True)}


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

    def resolve(self, takers: str, event_id: str | None) -> list[str]:
        chosen: dict[str, None] = {}
        for token in takers.split():
            if token == TAKER_ALL:
                ids = self.all
            elif token == TAKER_OWNER:
                ids = self.owners.get(event_id, []) if event_id else []
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
        actor = ws.actor
        if actor.controlled:  # a planner's "all units" are hers; naming another unit is refused as before
            own = frame[[access.may(actor, "generate_plan", unit=u) for u in frame["unit_id"]]]
            if not own.empty:
                return own
        return frame
    if not isinstance(units, str | Iterable) or isinstance(units, bytes | Mapping):
        raise InvalidValueError(
            f"units cần một mã đơn vị hoặc danh sách mã đơn vị, nhận được {units!r}.", field="units", value=units
        )
    wanted = [units] if isinstance(units, str) else list(units)
    unknown = sorted(set(map(str, wanted)) - set(frame["unit_id"]))
    if unknown:
        raise NotFoundError(
            f"Không có đơn vị {', '.join(repr(u) for u in unknown)}. Các đơn vị: {', '.join(frame['unit_id'])}."
        )
    return frame[frame["unit_id"].isin(wanted)]


# --------------------------------------------------------------------------- identity


def occurrence_ids(occ: pd.DataFrame) -> list[str]:
    """What identifies each occurrence whatever its date: ``<solar|lunar><year>#<ordinal>``.

    A solar event is counted in solar years, a lunar event in lunar years; the ordinal
    numbers the occurrences of one event in one such year (always 1 with today's rules).
    """
    seen: dict[tuple, int] = {}
    out = []
    for event_id, calendar, year, lunar_year in zip(
        occ["event_id"], occ["calendar"], occ["year"], occ["lunar_year"], strict=True
    ):
        counted = f"lunar{int(lunar_year)}" if calendar == "lunar" and not pd.isna(lunar_year) else f"solar{int(year)}"
        n = seen[event_id, counted] = seen.get((event_id, counted), 0) + 1
        out.append(f"{counted}#{n}")
    return out


def _key(year: int, event_id: str, occurrence: str, template_id: str, spec_id: str, unit_id: str) -> str:
    return "|".join(("occ", str(year), event_id, occurrence, template_id, spec_id, unit_id))


def _identity(plan_key: str, calendars: dict[str, str]) -> str:
    """The key in today's form for any plan key (old ``year|event|YYYY-MM-DD|…`` keys read)."""
    parts = plan_key.split("|")
    if len(parts) != 6 or not parts[0].isdigit():
        return plan_key
    year, event_id, iso, template_id, spec_id, unit_id = parts
    try:
        anchor = dt.date.fromisoformat(iso)
    except ValueError:
        return plan_key
    if calendars.get(event_id) == "lunar":
        occurrence = f"lunar{to_lunar(anchor).year}#1"
    else:
        occurrence = f"solar{year}#1"
    return _key(int(year), event_id, occurrence, template_id, spec_id, unit_id)


# --------------------------------------------------------------------------- wanted rows


def plan_rows(
    year: int,
    occ: pd.DataFrame,
    templates: pd.DataFrame,
    units: pd.DataFrame,
    *,
    recurring: pd.DataFrame | None = None,
) -> list[dict]:
    """The items a plan should hold (pure: no workspace), each with its ``plan_key``.

    Each row has the item fields (``date`` the ideal day) and what
    :func:`planner.scheduling.schedule_rows` needs (``ideal, earliest, latest, anchor,
    offset, campaign``).
    """
    takers = _Takers(units)
    short = short_names(units)
    specs = templates.sort_values(["position", "offset", "spec_id"], kind="stable").to_dict("records")
    by_template: dict[str, list[dict]] = {}
    for spec in specs:
        by_template.setdefault(spec["template_id"], []).append(spec)
    windows = _windows(templates)
    rows = []
    for o, occurrence in zip(occ.to_dict("records"), occurrence_ids(occ), strict=True):
        template_id = next((t for t in by_template if _matches(by_template[t][0], o)), None)
        if template_id is not None:
            rows += _occurrence_rows(year, o, occurrence, by_template[template_id], windows[template_id], takers, short)
    if recurring is not None:
        rows += _recurring_rows(year, recurring, takers, short)
    return rows


def _occurrence_rows(year, o, occurrence, specs, window, takers, short) -> list[dict]:
    anchor = _anchor(o)
    number = "" if pd.isna(o["anniversary"]) else str(o["anniversary"])
    values = {
        "title": o["title"],
        "title_lc": _lc_first(o["title"]),
        "name": o["name"],
        "name_lc": _lc_first(o["name"]),
        "number": number,
        "year": year,
    }
    campaign = f"{o['event_id']}|{occurrence}" if o["tier"] == "tron" and not pd.isna(o["date"]) else None
    earliest, latest = (anchor + dt.timedelta(days=d) for d in window)
    rows = []
    for spec in specs:
        offset = int(spec["offset"])
        where = f"mẫu '{spec['template_id']}', mục '{spec['spec_id']}'"
        fixed = _fill(spec["title"], {**values, "unit": "{unit}"}, where=where) if "{unit}" in spec["title"] else None
        for unit_id in takers.resolve(spec["takers"], o["event_id"]):
            title = fixed.replace("{unit}", short[unit_id]) if fixed is not None else None
            rows.append(
                {
                    "year": year,
                    "unit_id": unit_id,
                    "event_id": o["event_id"],
                    "occurrence_date": anchor,
                    "date": anchor + dt.timedelta(days=offset),
                    "title": title if title is not None else _fill(spec["title"], values, where=where),
                    "format": spec["format"],
                    "platform": spec["platform"],
                    "theme": spec["theme"],
                    "template_id": spec["template_id"],
                    "spec_id": spec["spec_id"],
                    "offset_days": offset,
                    "plan_key": _key(year, o["event_id"], occurrence, spec["template_id"], spec["spec_id"], unit_id),
                    "ideal": anchor + dt.timedelta(days=offset),
                    "earliest": earliest,
                    "latest": latest,
                    "anchor": anchor,
                    "offset": offset,
                    "campaign": campaign,
                }
            )
    return rows


def _recurring_rows(year: int, stories: pd.DataFrame, takers: _Takers, short: dict[str, str]) -> list[dict]:
    rows = []
    for story in stories.to_dict("records"):
        where = f"tin định kỳ '{story['recurring_id']}'"
        for month in map(int, str(story["months"]).split()):
            title = _fill(story["title"], {"name": story["name"], "month": month, "year": year, "unit": "{unit}"},
                          where=where)
            first = dt.date(year, month, 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            ideal = first.replace(day=int(story["day"]))
            for unit_id in takers.resolve(story["takers"], None):
                rows.append(
                    {
                        "year": year,
                        "unit_id": unit_id,
                        "event_id": None,
                        "occurrence_date": None,
                        "date": ideal,
                        "title": title.replace("{unit}", short[unit_id]),
                        "format": story["format"],
                        "platform": story["platform"],
                        "theme": story["theme"],
                        "template_id": None,
                        "spec_id": None,
                        "offset_days": None,
                        "plan_key": "|".join(("rec", str(year), story["recurring_id"], str(month), unit_id)),
                        "ideal": ideal,
                        "earliest": first,
                        "latest": last,
                        "anchor": None,
                        "offset": None,
                        "campaign": None,
                    }
                )
    return rows


# --------------------------------------------------------------------------- the report


@dataclass
class PlanReport:
    """What :func:`generate_plan` did besides creating items, for the planner to read.

    * ``moved`` — unedited items that followed their occurrence (``item_id, unit_id,
      date, title, occurrence_date`` as they were, ``new_date, new_title``);
    * ``edited`` — items a planner edited whose occurrence changed since (``item_id,
      unit_id, date, title, occurrence_date, new_occurrence_date, new_title``): left alone;
    * ``unplaced`` — items with no allowed day (``unit_id, event_id, title, earliest,
      latest, reason, message``): not created;
    * ``short_months`` — units with fewer items in a month than the monthly minimum
      (``unit_id, month, count, message``);
    * ``full_weeks`` — weeks where a unit has more items than the weekly ceiling although
      generation overfilled nothing: items meant for the anniversary itself (and items a
      planner placed) cannot move (``unit_id, week, count, message``).
    """

    moved: pd.DataFrame = field(default_factory=pd.DataFrame)
    edited: pd.DataFrame = field(default_factory=pd.DataFrame)
    unplaced: pd.DataFrame = field(default_factory=pd.DataFrame)
    short_months: pd.DataFrame = field(default_factory=pd.DataFrame)
    full_weeks: pd.DataFrame = field(default_factory=pd.DataFrame)

    def messages(self) -> list[str]:
        """One Vietnamese line per thing the planner must decide."""
        lines = [f"Đã dời {len(self.moved)} nội dung theo ngày sự kiện mới."] if len(self.moved) else []
        lines += list(self.edited.get("message", []))
        lines += list(self.unplaced.get("message", []))
        lines += list(self.short_months.get("message", []))
        lines += list(self.full_weeks.get("message", []))
        return lines


def _unplaced_message(row: dict, short: dict[str, str], ceiling: int) -> str:
    window = f"{format_date(row['earliest'])} – {format_date(row['latest'])}"
    why = (
        "mọi ngày được phép trong đợt đều là ngày nghỉ"
        if row["reason"] == REASON_DAYS_OFF
        else f"các tuần trong đợt đã đủ {ceiling} nội dung/tuần"
    )
    return (
        f"Chưa xếp được '{row['title']}' cho {short.get(row['unit_id'], row['unit_id'])} ({window}): {why}. "
        "Hãy chọn ngày, giao đơn vị khác hoặc nâng mức nội dung/tuần."
    )


def _edited_message(item: dict, wanted: dict, short: dict[str, str]) -> str:
    return (
        f"Nội dung {item['item_id']} của {short.get(item['unit_id'], item['unit_id'])} ('{item['title']}') đã được "
        f"sửa tay nên không tự dời; sự kiện nay vào ngày {format_date(wanted['occurrence_date'])} "
        f"(tiêu đề theo mẫu: '{wanted['title']}'). Hãy xem lại ngày và tiêu đề."
    )


# --------------------------------------------------------------------------- generate


def _plain_date(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _days_off(rows: list[dict]) -> set[dt.date]:
    years = {r["earliest"].year for r in rows} | {r["latest"].year for r in rows}
    return {d.date() for y in years for d in public_holidays(y)["date"]}


@dataclass
class _Plan:
    """Generation worked out in memory, before anything is written."""

    new: list[dict]
    moves: list[tuple[int, int, dict]]
    report: PlanReport


def _work_out(ws: Workspace, year: int, wanted: list[dict], unit_ids: list[str]) -> _Plan:
    units = ws.units()
    short = short_names(units)
    calendars = dict(zip(ws.events()["event_id"], ws.events()["calendar"], strict=True))
    existing = ws.items(year=year)
    edited = ws.edited_item_ids(year)
    by_identity = {
        _identity(k, calendars): r for k, r in zip(existing["plan_key"], existing.to_dict("records"), strict=True)
        if isinstance(k, str)
    }
    wanted_keys = {w["plan_key"] for w in wanted}
    ours = {r["item_id"] for k, r in by_identity.items() if k in wanted_keys and r["item_id"] not in edited}
    live = existing[(existing["status"] != "cancelled") & existing["date"].notna() & ~existing["item_id"].isin(ours)]
    busy = list(zip(live["unit_id"], (d.date() for d in live["date"]), strict=True))
    ceiling = ws.organisation.weekly_item_ceiling
    edited_rows, to_place = [], []
    for w in wanted:
        item = by_identity.get(w["plan_key"])
        if item is not None and item["item_id"] in edited:
            if _plain_date(item["occurrence_date"]) != w["occurrence_date"]:
                edited_rows.append({**_pick(item), "new_occurrence_date": w["occurrence_date"],
                                    "new_title": w["title"], "message": _edited_message(item, w, short)})
        else:
            to_place.append(w)
    placed = schedule_rows(to_place, busy=busy, days_off=_days_off(to_place), ceiling=ceiling)
    new, moves, moved, unplaced, dated = [], [], [], [], list(busy)
    for row in placed:
        item = by_identity.get(row["plan_key"])
        if row["date"] is None:
            if item is None:
                unplaced.append({**row, "message": _unplaced_message(row, short, ceiling)})
            elif not pd.isna(item["date"]):  # stays where it is
                dated.append((item["unit_id"], _plain_date(item["date"])))
            continue
        dated.append((row["unit_id"], row["date"]))
        fields = {k: row[k] for k in (*_ITEM_FIELDS, "date")}
        if item is None:
            new.append(fields)
            continue
        current = {k: _plain_date(item[k]) if k.endswith("date") else item[k] for k in _FOLLOWS}
        changes = {k: fields[k] for k in _FOLLOWS if fields[k] != current[k]}
        if changes:
            moves.append((int(item["item_id"]), int(item["version"]), changes))
            moved.append({**_pick(item), "new_date": fields["date"], "new_title": fields["title"]})
    after = pd.DataFrame(dated, columns=["unit_id", "date"]).assign(status="idea")
    short_months = _short_months(ws, after, unit_ids, year, short)
    full_weeks = _full_weeks(after, ceiling, short)
    report = PlanReport(
        moved=pd.DataFrame(moved, columns=[*_PICKED, "new_date", "new_title"]),
        edited=pd.DataFrame(edited_rows, columns=[*_PICKED, "new_occurrence_date", "new_title", "message"]),
        unplaced=pd.DataFrame(unplaced, columns=["unit_id", "event_id", "title", "earliest", "latest", "reason",
                                                 "message"]),
        short_months=short_months,
        full_weeks=full_weeks,
    )
    return _Plan(new, moves, report)


def _full_weeks(dated: pd.DataFrame, ceiling: int, short: dict[str, str]) -> pd.DataFrame:
    """Weeks over the ceiling in the plan as it will be (the plan check's week and count)."""
    days = pd.to_datetime(dated["date"])
    counts = dated.groupby([dated["unit_id"], week_starts(days)]).size()
    rows = [
        {
            "unit_id": unit_id,
            "week": monday.date(),
            "count": int(count),
            "message": (
                f"Tuần từ {format_date(monday)}, {short.get(unit_id, unit_id)} có {count} nội dung, vượt mức "
                f"{ceiling}/tuần: đó là nội dung phải đăng đúng ngày kỷ niệm hoặc đã được xếp tay, nên không tự dời "
                "được. Hãy giao bớt cho đơn vị khác, hẹn giờ đăng hoặc nâng mức nội dung/tuần."
            ),
        }
        for (unit_id, monday), count in counts[counts > ceiling].items()
    ]
    return pd.DataFrame(rows, columns=["unit_id", "week", "count", "message"])


_ITEM_FIELDS = (
    "year", "unit_id", "event_id", "occurrence_date", "title", "format", "platform", "theme",
    "template_id", "spec_id", "offset_days", "plan_key",
)
_PICKED = ["item_id", "unit_id", "date", "title", "occurrence_date"]


def _pick(item: dict) -> dict:
    return {"item_id": int(item["item_id"]), "unit_id": item["unit_id"], "date": _plain_date(item["date"]),
            "title": item["title"], "occurrence_date": _plain_date(item["occurrence_date"])}


def _short_months(ws: Workspace, items: pd.DataFrame, unit_ids: list[str], year: int, short: dict) -> pd.DataFrame:
    minimum = ws.organisation.monthly_item_minimum
    frame = unit_month_shortfall(items, unit_ids, year=year, minimum=minimum)
    frame["message"] = [
        f"{short.get(u, u)} mới có {c} nội dung trong tháng {m}/{year}, dưới mức tối thiểu {minimum} nội dung/tháng."
        for u, m, c in zip(frame["unit_id"], frame["month"], frame["count"], strict=True)
    ]
    return frame


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Stored item rows → the frame :meth:`Workspace.items` would give for them, in its order."""
    return items_frame(rows).sort_values(["date", "unit_id", "item_id"], kind="stable").reset_index(drop=True)


def _write(ws: Workspace, year: int, plan: _Plan) -> pd.DataFrame:
    note = f"kế hoạch năm {year}: {len(plan.new)} nội dung mới, {len(plan.moves)} nội dung dời theo sự kiện"
    _, added = ws._replan(plan.moves, plan.new, note=note)  # one change: one undo takes it all back
    return _frame(added)


def _frame_arg(value, columns: list[str], name: str) -> pd.DataFrame:
    if not isinstance(value, pd.DataFrame) or set(columns) - set(value.columns):
        missing = sorted(set(columns) - set(value.columns)) if isinstance(value, pd.DataFrame) else columns
        raise InvalidValueError(
            f"{name} cần một bảng (DataFrame) có các cột {', '.join(columns)}; thiếu: {', '.join(missing)}.",
            field=name,
            value=type(value).__name__,
            allowed=columns,
        )
    return value


def _checked_templates(frame) -> pd.DataFrame:
    """Templates given by a caller, checked by the same rules as ``templates.csv`` + ``template_items.csv``
    (written to the two files and read back, so every problem is named the same way)."""
    frame = _frame_arg(frame, TEMPLATE_COLUMNS, "templates")
    heads = frame.sort_values("position", kind="stable").drop_duplicates("template_id")
    with tempfile.TemporaryDirectory() as folder:
        heads.assign(note="")[["template_id", "name", "categories", "tiers", "events", "note"]].to_csv(
            Path(folder) / "templates.csv", index=False
        )
        frame[["template_id", "spec_id", "offset", "format", "platform", "theme", "takers", "title"]].to_csv(
            Path(folder) / "template_items.csv", index=False
        )
        return catalogue.read_templates(folder)


def _checked_recurring(frame) -> pd.DataFrame:
    """Recurring stories given by a caller, checked by the same rules as ``recurring.csv``."""
    frame = _frame_arg(frame, _recurring.RECURRING_COLUMNS, "recurring")
    with tempfile.TemporaryDirectory() as folder:
        frame[_recurring.RECURRING_COLUMNS].to_csv(Path(folder) / _recurring.FILE, index=False)
        return _recurring.read_recurring(Path(folder) / _recurring.FILE)


def _wanted(ws: Workspace, year, units, templates, recurring) -> tuple[int, pd.DataFrame, list[dict]]:
    """The checked arguments of :func:`generate_plan` / :func:`preview_plan` and the rows the plan should hold:
    ``(year, chosen units, wanted rows)``."""
    year = _year(year)
    chosen = _select_units(ws, units)
    if templates is None:
        specs = ws.templates()
    else:
        specs = _checked_templates(templates)
        catalogue.check_references(ws.events(), ws.units(), specs)
    if specs.empty:
        raise PlannerError(
            "Chưa có mẫu chiến dịch nào. Nạp mẫu bằng ws.import_templates('data') "
            "(templates.csv và template_items.csv)."
        )
    stories = ws.recurring() if recurring is None else _checked_recurring(recurring)
    if recurring is not None:
        _recurring.check_takers(stories, ws.units())
    return year, chosen, plan_rows(year, occurrences(year, ws.events()), specs, chosen, recurring=stories)


def generate_plan(
    ws: Workspace,
    year: int,
    *,
    units: Iterable[str] | None = None,
    templates: pd.DataFrame | None = None,
    recurring: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Plan ``year`` for every active unit (or ``units``) by the rules of this module; one transaction.

    With access control on, "every unit" means every unit the acting person may plan: a planner's own
    units, all of them for a manager (naming another planner's unit is refused, as any write there).

    ``templates`` and ``recurring`` (stories such as "Người tốt, việc tốt" each month)
    default to the workspace's (:meth:`Workspace.templates`, :meth:`Workspace.recurring`;
    loaded from ``data/`` when it was created). Returns the items it created
    (as :meth:`Workspace.items` would show them) with a :class:`PlanReport` in
    ``attrs["report"]``. Running it again creates nothing and changes nothing.

    Templates or recurring stories given here stand in for the department's, so with access control on
    they need what changing those needs (a manager): their text makes nobody an author (four eyes).
    """
    if templates is not None or recurring is not None:
        ws._require(None, "templates")
    year, chosen, wanted = _wanted(ws, year, units, templates, recurring)
    for attempt in (1, 2):
        plan = _work_out(ws, year, wanted, list(chosen["unit_id"]))
        try:
            created = _write(ws, year, plan)
            break
        except ConflictError:
            if attempt == 2:  # someone keeps changing the plan's items while we generate
                raise
    created.attrs["report"] = plan.report
    return created


def preview_plan(
    ws: Workspace,
    year: int,
    *,
    units: Iterable[str] | None = None,
    templates: pd.DataFrame | None = None,
    recurring: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """What :func:`generate_plan` with the same arguments would do now, without writing anything.

    The same work (:func:`_work_out`, the arguments checked the same way) stopped before the
    write: returns the items it would create, in the frame :func:`generate_plan` returns
    (:data:`planner.model.ITEM_COLUMNS`, sorted the same way) with the same
    :class:`PlanReport` in ``attrs["report"]`` (items it would move, edited items left alone,
    items it could not place, short months, full weeks). The rows are not in the workspace
    yet: ``item_id`` is negative (never a real id; ascending in the order they would be
    written), ``version`` 0, ``status`` idea, ``findings`` empty (the automatic checks run
    when the items are written) and ``created_*``/``updated_*`` empty. Another person's
    change between the preview and the generation can change what is created.
    """
    year, chosen, wanted = _wanted(ws, year, units, templates, recurring)
    plan = _work_out(ws, year, wanted, list(chosen["unit_id"]))
    count = len(plan.new)
    rows = [
        {**row, "item_id": n - count - 1, "version": 0, "status": "idea", "title": row.get("title") or "",
         "notes": "", "findings": [], "review": None}
        for n, row in enumerate(plan.new, start=1)
    ]
    preview = _frame(rows)
    preview.attrs["report"] = plan.report
    return preview


# --------------------------------------------------------------------------- copy, monthly, counts


@dataclass
class CopyReport:
    """What :func:`copy_plan` left out: ``skipped`` items (``item_id, unit_id, event_id,
    title, message``) whose event does not fall in the target year."""

    skipped: pd.DataFrame = field(default_factory=pd.DataFrame)

    def messages(self) -> list[str]:
        return list(self.skipped.get("message", []))


def _counted(occ: pd.DataFrame) -> dict[tuple[str, dt.date], tuple[str, int, str]]:
    """(event, anchor) → (calendar counted in, its year, ordinal) for each occurrence."""
    out = {}
    for o, occurrence in zip(occ.to_dict("records"), occurrence_ids(occ), strict=True):
        counted, ordinal = occurrence.split("#")
        kind = counted.rstrip("0123456789")
        out[o["event_id"], _anchor(o)] = (kind, int(counted[len(kind) :]), ordinal)
    return out


def _shift_year(day: dt.date, years: int) -> dt.date:
    """The same day and month ``years`` later (29/2 → 28/2 in a common year)."""
    year = day.year + years
    last = (dt.date(year, day.month, 1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day.replace(year=year, day=min(day.day, last.day))


def _copied(item: dict, to_year: int, date: dt.date | None, title: str, occurrence_date: dt.date | None) -> dict:
    return {
        "year": to_year,
        "unit_id": item["unit_id"],
        "event_id": item["event_id"] if isinstance(item["event_id"], str) else None,
        "occurrence_date": occurrence_date,
        "date": date,
        "title": title,
        "format": item["format"],
        "platform": item["platform"],
        "theme": item["theme"],
        "notes": item["notes"],
        "template_id": item["template_id"] if isinstance(item["template_id"], str) else None,
        "spec_id": item["spec_id"] if isinstance(item["spec_id"], str) else None,
        "offset_days": None if pd.isna(item["offset_days"]) else int(item["offset_days"]),
        "plan_key": copy_key(item["item_id"], to_year),
    }


def _renumbered(title: str, old_title: str | None, new_title: str) -> str:
    """"Kỷ niệm 94 năm … 2024)" → "Kỷ niệm 95 năm … 2025)" in ``title``, any case."""
    if not old_title:
        return title
    for old_text, new_text in ((old_title, new_title), (_lc_first(old_title), _lc_first(new_title))):
        title = title.replace(old_text, new_text)
    return title


def copy_plan(ws: Workspace, from_year: int, to_year: int, *, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Copy the items of ``from_year`` onto ``to_year`` as new ideas, in one transaction.

    An item tied to an event moves with the event's *same* occurrence one or more years on
    — a solar event's occurrence of the next solar year, a lunar event's of the next lunar
    year (an event of lunar month 11–12 can fall twice in one solar year; each of its
    occurrences is matched on its own): same distance from the occurrence, and the old
    occurrence title in its title replaced by the new one ("Kỷ niệm 94 năm …" becomes
    "Kỷ niệm 95 năm …"). An item whose occurrence does not fall in ``to_year`` is not
    copied; it is listed in ``attrs["report"]`` (:class:`CopyReport`). Other items keep
    their day and month. Cancelled items are not copied; copying twice adds nothing.
    """
    from_year, to_year = _year(from_year, "from_year"), _year(to_year, "to_year")
    if from_year == to_year:
        raise InvalidValueError(
            f"Không chép kế hoạch năm {from_year} vào chính năm {to_year}: chọn năm đích khác năm nguồn.",
            field="to_year",
            value=to_year,
            allowed=f"một năm khác {from_year}",
        )
    source = ws.items(year=from_year)
    source = source[source["status"] != "cancelled"]
    if units is not None:
        source = source[source["unit_id"].isin(_select_units(ws, units)["unit_id"])]
    events = ws.events()
    calendars = dict(zip(events["event_id"], events["calendar"], strict=True))
    old_occ, new_occ = occurrences(from_year, events), occurrences(to_year, events)
    old_counted = _counted(old_occ)
    old_titles = {(r["event_id"], _anchor(r)): r["title"] for r in old_occ.to_dict("records")}
    new_by_count = {
        (e, *c): r for ((e, _), c), r in zip(_counted(new_occ).items(), new_occ.to_dict("records"), strict=True)
    }
    existing = ws.plan_keys(to_year)
    shift = to_year - from_year
    rows, skipped = [], []
    for item in source.to_dict("records"):
        if copy_key(item["item_id"], to_year) in existing:
            continue
        date = _plain_date(item["date"])
        anchor = _plain_date(item["occurrence_date"])
        event_id = item["event_id"] if isinstance(item["event_id"], str) else None
        if not (event_id and anchor):
            rows.append(_copied(item, to_year, date and _shift_year(date, shift), item["title"], None))
            continue
        kind, counted, ordinal = old_counted.get((event_id, anchor)) or (
            ("lunar", to_lunar(anchor).year, "1") if calendars.get(event_id) == "lunar" else ("solar", from_year, "1")
        )
        target = new_by_count.get((event_id, kind, counted + shift, ordinal))
        if target is None:
            skipped.append(_skipped(item, kind, counted + shift, to_year))
            continue
        new_anchor = _anchor(target)
        title = _renumbered(item["title"], old_titles.get((event_id, anchor)), target["title"])
        rows.append(_copied(item, to_year, date and new_anchor + (date - anchor), title, new_anchor))
    stored = ws._add_planned(rows, action="copy_plan", note=f"chép kế hoạch {from_year} sang {to_year}") if rows else []
    copied = _frame(stored)
    columns = ["item_id", "unit_id", "event_id", "title", "message"]
    copied.attrs["report"] = CopyReport(skipped=pd.DataFrame(skipped, columns=columns))
    return copied


def _skipped(item: dict, kind: str, counted: int, to_year: int) -> dict:
    which = f"năm âm lịch {counted}" if kind == "lunar" else f"năm {counted}"
    return {
        "item_id": int(item["item_id"]),
        "unit_id": item["unit_id"],
        "event_id": item["event_id"],
        "title": item["title"],
        "message": f"Không chép nội dung {item['item_id']} ('{item['title']}'): sự kiện '{item['event_id']}' "
        f"của {which} không rơi vào năm {to_year}.",
    }


def _months_list(months) -> list[int]:
    values = [months] if isinstance(months, numbers.Integral | str) else months
    try:
        values = list(values)
    except TypeError:
        values = None
    if not values or not all(isinstance(m, numbers.Integral) and not isinstance(m, bool) and 1 <= m <= 12
                             for m in values):
        raise InvalidValueError(
            f"Tháng {months!r} không hợp lệ: cần một danh sách tháng từ 1 đến 12, ví dụ [1, 2, 3].",
            field="months",
            value=months,
            allowed=tuple(range(1, 13)),
        )
    return [int(m) for m in values]


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

    ``title`` may contain ``{month}`` and ``{year}``: "Người tốt, việc tốt tháng
    {month}/{year}". ``day`` is 1–28 so that every month has it. Returns the new item ids.
    """
    year = _year(year)
    if not (isinstance(day, numbers.Integral) and not isinstance(day, bool) and 1 <= day <= 28):
        raise InvalidValueError(
            f"Ngày trong tháng '{day}' không hợp lệ: cần số nguyên từ 1 đến 28 (để tháng nào cũng có).",
            field="day",
            value=day,
            allowed="1–28",
        )
    months = _months_list(months)
    known = set(ws.units()["unit_id"])
    if not isinstance(unit_id, str) or unit_id not in known:
        raise NotFoundError(f"Không có đơn vị {unit_id!r}. Các đơn vị: {', '.join(sorted(known))}.")
    if not isinstance(title, str):
        raise InvalidValueError(f"Tiêu đề {title!r} không hợp lệ: cần một chuỗi chữ.", field="title", value=title)
    rows = [
        {
            "year": year,
            "unit_id": unit_id,
            "date": dt.date(year, m, int(day)),
            "title": _fill(title, {"month": m, "year": year}, where="add_monthly"),
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
    short = short_names(units)
    table = (
        live.assign(unit=live["unit_id"].map(short), month=live["date"].dt.month)
        .pivot_table(index="unit", columns="month", values="item_id", aggfunc="count", fill_value=0)
        .reindex(columns=range(1, 13), fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    return table

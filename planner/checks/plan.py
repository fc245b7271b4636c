"""Checks on a whole year's plan: a tidy table of findings, most serious first.

See :func:`check_plan` for the list of checks.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from planner.calendars import format_date, occurrences, public_holidays
from planner.checks.items import findings_for_items

if TYPE_CHECKING:
    from planner.store import Workspace

__all__ = ["check_plan", "PLAN_FINDING_COLUMNS", "DEFAULT_WINDOW"]

#: Columns of :func:`check_plan`.
PLAN_FINDING_COLUMNS = ["item_id", "unit_id", "date", "severity", "code", "message"]
#: Campaign window (days before, days after) for items tied to an event but not to a template.
DEFAULT_WINDOW = (-30, 7)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _finding(item_id, unit_id, date, severity, code, message) -> dict:
    return {
        "item_id": item_id,
        "unit_id": unit_id,
        "date": date,
        "severity": severity,
        "code": code,
        "message": message,
    }


def _week_start(date: pd.Timestamp) -> dt.date:
    return (date - pd.Timedelta(days=date.weekday())).date()


def _text_findings(ws: Workspace, items: pd.DataFrame) -> list[dict]:
    text = findings_for_items(items, names=ws.official_names(), events=ws.events())
    where = items.set_index("item_id")[["unit_id", "date"]]
    return [
        _finding(f.item_id, where.at[f.item_id, "unit_id"], where.at[f.item_id, "date"], f.severity, f.code, f.message)
        for f in text.itertuples()
    ]


def _overload(dated: pd.DataFrame, names: dict[str, str], ceiling: int) -> list[dict]:
    out = []
    for (unit_id, monday), group in dated.groupby(["unit_id", dated["date"].map(_week_start)]):
        if len(group) > ceiling:
            out.append(
                _finding(
                    None,
                    unit_id,
                    pd.Timestamp(monday),
                    "warning",
                    "overload",
                    f"{names.get(unit_id, unit_id)} có {len(group)} nội dung trong tuần từ {format_date(monday)}, "
                    f"vượt mức {ceiling} nội dung/tuần. Cân nhắc dời bớt hoặc giao đơn vị khác.",
                )
            )
    return out


def _round_clash(occ: pd.DataFrame) -> list[dict]:
    rounds = occ[(occ["tier"] == "tron") & occ["date"].notna()]
    out = []
    for monday, group in rounds.groupby(rounds["date"].map(_week_start)):
        if group["event_id"].nunique() > 1:
            out.append(
                _finding(
                    None,
                    None,
                    pd.Timestamp(monday),
                    "warning",
                    "round_clash",
                    f"Tuần từ {format_date(monday)} có {group['event_id'].nunique()} ngày kỷ niệm năm tròn cùng lúc: "
                    f"{'; '.join(group['title'])}. Cân nhắc dàn trải nội dung để các chiến dịch không lấn át nhau.",
                )
            )
    return out


def _holidays(dated: pd.DataFrame, year: int) -> list[dict]:
    """Items that could move are listed one by one; items on the event's own day (a holiday
    such as 2/9) only need someone on duty, so they are counted per day."""
    holidays = public_holidays(year)
    names = dict(zip(holidays["date"], holidays["name"], strict=True))
    on_holiday = dated[dated["date"].isin(names)]
    on_event_day = on_holiday["offset_days"].fillna(-1).eq(0)
    out = [
        _finding(
            item.item_id,
            item.unit_id,
            item.date,
            "warning",
            "holiday",
            f"Nội dung ngày {format_date(item.date)} rơi vào ngày nghỉ ({names[item.date]}); "
            "nên dời sang ngày làm việc hoặc hẹn giờ đăng.",
        )
        for item in on_holiday[~on_event_day].itertuples()
    ]
    for date, group in on_holiday[on_event_day].groupby("date"):
        out.append(
            _finding(
                None,
                None,
                date,
                "info",
                "holiday",
                f"Ngày {format_date(date)} là ngày nghỉ ({names[date]}) và là ngày kỷ niệm: "
                f"{len(group)} nội dung của {group['unit_id'].nunique()} đơn vị đăng đúng ngày — "
                "bảo đảm có người trực đăng bài (hoặc hẹn giờ đăng).",
            )
        )
    return out


def _outside_window(dated: pd.DataFrame, specs: pd.DataFrame) -> list[dict]:
    windows = specs.groupby("template_id")["offset"].agg(["min", "max"]).to_dict("index")
    out = []
    for item in dated.dropna(subset=["occurrence_date"]).itertuples():
        window = windows.get(item.template_id) if isinstance(item.template_id, str) else None
        lo, hi = (window["min"], window["max"]) if window else DEFAULT_WINDOW
        if not lo <= (item.date - item.occurrence_date).days <= hi:
            start = item.occurrence_date + pd.Timedelta(days=int(lo))
            end = item.occurrence_date + pd.Timedelta(days=int(hi))
            out.append(
                _finding(
                    item.item_id,
                    item.unit_id,
                    item.date,
                    "warning",
                    "outside_window",
                    f"Nội dung ngày {format_date(item.date)} nằm ngoài đợt tuyên truyền ({format_date(start)} – "
                    f"{format_date(end)}) của sự kiện ngày {format_date(item.occurrence_date)}.",
                )
            )
    return out


def _empty_months(dated: pd.DataFrame, names: dict[str, str], year: int) -> list[dict]:
    in_year = dated[dated["date"].dt.year == year]
    busy = set(zip(in_year["unit_id"], in_year["date"].dt.month, strict=True))
    return [
        _finding(
            None,
            unit_id,
            pd.Timestamp(year, month, 1),
            "info",
            "empty_month",
            f"{short} chưa có nội dung nào trong tháng {month}/{year}.",
        )
        for unit_id, short in names.items()
        for month in range(1, 13)
        if (unit_id, month) not in busy
    ]


def check_plan(ws: Workspace, year: int, *, weekly_ceiling: int | None = None) -> pd.DataFrame:
    """Every problem in the year's plan, most serious first (:data:`PLAN_FINDING_COLUMNS`).

    * ``overload`` — a unit has more items in one week than ``weekly_ceiling`` (default: the
      organisation's ``weekly_item_ceiling`` setting);
    * ``round_clash`` — two or more round-year (tròn) anniversaries in the same week;
    * ``holiday`` — an item planned on a public holiday or day off;
    * ``outside_window`` — an item dated outside its campaign window;
    * ``empty_month`` — a unit with nothing planned in a month;
    * plus each item's automatic text checks (wrong anniversary number, date range,
      official names, NFC, spaces, empty title).

    Cancelled items are left out. ``item_id`` is empty for findings about a unit or a week.
    """
    year = int(year)
    items = ws.items(year=year)
    items = items[items["status"] != "cancelled"]
    dated = items.dropna(subset=["date"])
    ceiling = int(weekly_ceiling) if weekly_ceiling is not None else ws.organisation.weekly_item_ceiling
    units = ws.units()
    names = dict(zip(units["unit_id"], units["short_name"], strict=True))
    active = {u: names[u] for u in units.loc[units["active"], "unit_id"]}
    out = (
        _text_findings(ws, items)
        + _overload(dated, names, ceiling)
        + _round_clash(occurrences(year, ws.events()))
        + _holidays(dated, year)
        + _outside_window(dated, ws.templates())
        + _empty_months(dated, active, year)
    )
    frame = pd.DataFrame(out, columns=PLAN_FINDING_COLUMNS)
    frame["item_id"] = frame["item_id"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"])
    order = frame["severity"].map(_SEVERITY_ORDER)
    return (
        frame.assign(_o=order)
        .sort_values(["_o", "date", "unit_id"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )

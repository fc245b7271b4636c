"""Calendar feeds: the year's plan as an iCalendar file (``.ics``) a unit subscribes to on its phone.

One all-day event per content item (its title; unit, format, platform and status in the description)
and one per occurrence of the catalogue (the official title, "Năm tròn" in the categories). Each
event's UID is stable (``item-123@<workspace id>``), so a calendar app that imports the file again
updates events instead of doubling them. Written with the ``icalendar`` package.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import icalendar

from planner.calendars import occurrences
from planner.columns import item_rows
from planner.errors import PlannerError
from planner.store import Workspace, validate
from planner.strings import TIER_LABELS

__all__ = ["export_ics", "ics_calendar"]

_PRODID = "-//Ban Tuyen giao//planner//VI"


def ics_calendar(ws: Workspace, *, year: int, unit: str | None = None) -> icalendar.Calendar:
    """The feed as an :class:`icalendar.Calendar` (what :func:`export_ics` writes)."""
    year = validate.year(year)
    units = ws.units()
    if unit is not None and unit not in set(units["unit_id"]):
        raise PlannerError(f"Không có đơn vị '{unit}'. Các đơn vị: {', '.join(units['unit_id'])}.")
    items = ws.items(year=year, units=unit)
    items = items[(items["status"] != "cancelled") & items["date"].notna()]
    rows = item_rows(items, units, ws.events())
    short = dict(zip(units["unit_id"], units["short_name"], strict=True))
    name = f"Kế hoạch tuyên truyền năm {year}" + (f" — {short[unit]}" if unit else "")
    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = dt.datetime.now(dt.UTC)
    domain = ws.workspace_id
    for row in rows.to_dict("records"):
        event = icalendar.Event()
        event.add("uid", f"item-{row['item_id']}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", row["date"])
        event.add("dtend", row["date"] + dt.timedelta(days=1))
        event.add("summary", row["title"] or row["event"] or f"Nội dung số {row['item_id']}")
        details = [f"Đơn vị: {row['unit']}", f"Hình thức: {row['format']}", f"Nền tảng: {row['platform']}",
                   f"Trạng thái: {row['status']}"]
        if row["event"]:
            details.append(f"Sự kiện: {row['event']}")
        if row["notes"]:
            details.append(f"Ghi chú: {row['notes']}")
        event.add("description", "\n".join(details))
        event.add("categories", [row["format"], row["platform"]])
        cal.add_component(event)
    for occ in occurrences(year, ws.events()).to_dict("records"):
        if occ["date"] is None or occ["date"] != occ["date"]:  # a month-only event has no day to put it on
            continue
        event = icalendar.Event()
        day = occ["date"].date()
        event.add("uid", f"occ-{occ['event_id']}-{day.isoformat()}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", occ["title"])
        tier = TIER_LABELS.get(occ["tier"]) if isinstance(occ["tier"], str) else None
        event.add("categories", ["Ngày kỷ niệm", *([tier] if tier else [])])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal


def export_ics(ws: Workspace, *, year: int, unit: str | None = None, path: str | os.PathLike | None = None) -> Path:
    """Write the year's feed (one unit's, with ``unit``) to ``path`` (default: the workspace's exports folder)."""
    cal = ics_calendar(ws, year=year, unit=unit)
    if path is None:
        path = ws.exports_dir / f"lich-{year}{'-' + unit if unit else ''}.ics"
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".planner-", suffix=".ics", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(cal.to_ical())
        os.replace(temp, path)
    except OSError as exc:
        raise PlannerError(f"Không ghi được tệp lịch {path}: {exc.strerror or exc}. Chọn thư mục khác.") from None
    return path

"""Adding the events a year's official guidance names (issue 11): :class:`GuidanceMethods`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from planner.errors import InvalidValueError, PlannerError
from planner.model import CATEGORIES, SCOPES
from planner.strings import GUIDANCE_LABELS

__all__ = ["GuidanceMethods"]

_ID_LIMIT = 60


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFD", name.casefold().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:  # whole words, at most _ID_LIMIT characters
        if len(slug) + len(word) + 1 > _ID_LIMIT:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "su-kien"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _whole(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


class GuidanceMethods:
    """``Workspace.import_guidance``: the new events of a read guidance, added in one audited change."""

    def import_guidance(
        self, result: pd.DataFrame, *, accept: bool | Iterable[int] | None = None, source: str | None = None
    ) -> dict[str, Any]:
        """Add the new events of ``result`` (from :func:`planner.read_guidance`) to the catalogue.

        ``result`` is matched again against this workspace's catalogue first, so a result read
        earlier (or against the packaged catalogue) never adds an event twice. ``accept``:
        ``True`` adds every row whose verdict is ``new``; a list of result rows (the frame's
        index) adds those rows, and is refused whole — nothing added — if one of them is not
        new (already in the catalogue, a conflict, a number that disagrees, a line not read);
        ``None``, ``False`` or an empty list adds nothing (nothing is added without ``accept``).
        Conflicts are never applied: the catalogue's event is left as it is.

        Each event added carries the guidance as its source (``source``, default the file name
        or "văn bản dán vào", with the line), its ``category`` and ``scope`` from the result
        (editable there before the import). All the events go in one audited change that
        :meth:`undo` takes back whole.

        Returns ``{'added': [event_id, …], 'change_id': int | None, 'rows': [result row, …]}``.
        """
        from planner.guidance import ATTR, match_guidance

        if source is not None and not isinstance(source, str):
            raise InvalidValueError(GUIDANCE_LABELS["source_kind"].format(value=source), field="source", value=source)
        current = self.events()
        matched = match_guidance(result, current)
        rows = self._accepted_rows(matched, accept)
        if not rows:
            return {"added": [], "change_id": None, "rows": []}
        meta = result.attrs.get(ATTR) or {}
        document = (source or "").strip() or meta.get("source") or GUIDANCE_LABELS["pasted"]
        year = meta.get("year")
        this_year = dt.date.today().year
        taken = set(current["event_id"])
        seen: dict[tuple, str] = {}
        records, added_rows = [], []
        for index in rows:
            row = matched.loc[index]
            key = (row["calendar"], _whole(row["day"]), int(row["month"]), bool(row["leap"]),
                   _whole(row["base_year"]), _slug(row["name"]))  # fmt: skip
            if key in seen:  # the same event twice in one guidance: added once
                continue
            self._check_new(index, row, this_year)
            event_id = _unique(_slug(row["name"]), taken)
            seen[key] = event_id
            text = re.sub(r"\s+", " ", str(row["text"])).strip()
            records.append(
                {
                    "event_id": event_id,
                    "name_vi": str(row["name"]).strip(),
                    "name_en": "",
                    "calendar": row["calendar"],
                    "day": _whole(row["day"]),
                    "month": int(row["month"]),
                    "leap": bool(row["leap"]),
                    "base_year": _whole(row["base_year"]),
                    "category": row["category"],
                    "scope": row["scope"],
                    "valid_from": None,
                    "valid_until": None,
                    "source": GUIDANCE_LABELS["event_source"].format(source=document, line=int(row["line"]), text=text),
                    "note": GUIDANCE_LABELS["import_note"].format(year=year or "", source=document),
                }
            )
            added_rows.append(index)
        note = GUIDANCE_LABELS["import_note"].format(year=year or "", source=document)
        with self._write() as conn:
            self._require(conn, "catalogue", what="hướng dẫn của năm")
            change = self._change(conn, "import_guidance", note)
            self._insert(conn, change, "event", records)
        return {"added": [r["event_id"] for r in records], "change_id": change, "rows": added_rows}

    @staticmethod
    def _accepted_rows(matched: pd.DataFrame, accept: bool | Iterable[int] | None) -> list:
        labels = GUIDANCE_LABELS
        if accept is None or accept is False:
            return []
        if accept is True:
            return list(matched.index[matched["verdict"] == "new"])
        if isinstance(accept, str | bytes | float) or not isinstance(accept, Iterable):
            raise InvalidValueError(labels["accept_kind"].format(value=accept), field="accept", value=accept)
        wanted = list(dict.fromkeys(accept))
        if any(isinstance(i, bool) or not isinstance(i, int) for i in wanted):
            raise InvalidValueError(labels["accept_kind"].format(value=accept), field="accept", value=accept)
        unknown = [i for i in wanted if i not in matched.index]
        if unknown:
            raise InvalidValueError(
                labels["accept_unknown"].format(rows=", ".join(map(str, unknown))), field="accept", value=unknown
            )
        refused = []
        for i in wanted:
            row = matched.loc[i]
            verdict = row["verdict"]
            if verdict == "new":
                continue
            why = labels[f"why_{verdict}"].format(
                catalogue=row["catalogue"], note=row["note"], reason=row["reason"]
            )
            name = row["name"] if isinstance(row["name"], str) else str(row["text"]).strip()[:80]
            refused.append(labels["refused_row"].format(row=i, name=name, why=why))
        if refused:
            raise PlannerError(labels["refused"].format(rows="; ".join(refused)))
        return wanted

    @staticmethod
    def _check_new(index: Any, row: pd.Series, this_year: int) -> None:
        labels = GUIDANCE_LABELS
        if not isinstance(row["name"], str) or not row["name"].strip():
            raise InvalidValueError(labels["empty_name"].format(row=index), field="name", value=row["name"])
        if row["category"] not in CATEGORIES:
            raise InvalidValueError(
                labels["bad_category"].format(value=row["category"], row=index, allowed=", ".join(CATEGORIES)),
                field="category", value=row["category"], allowed=CATEGORIES,
            )  # fmt: skip
        if row["scope"] not in SCOPES:
            raise InvalidValueError(
                labels["bad_scope"].format(value=row["scope"], row=index, allowed=", ".join(SCOPES)),
                field="scope", value=row["scope"], allowed=SCOPES,
            )  # fmt: skip
        base = _whole(row["base_year"])
        if base is not None and base > this_year:  # the catalogue's rule (planner.catalogue)
            raise InvalidValueError(
                labels["base_future"].format(base=base, name=row["name"], this_year=this_year),
                field="base_year", value=base,
            )  # fmt: skip

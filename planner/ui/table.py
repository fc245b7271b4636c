"""The plan table: every item of a range in an editable grid, with filters and bulk actions.

The grid is ipydatagrid's :class:`DataGrid` (a canvas in the browser: sorting and filtering
from the column headers are built in). Each edited cell is one :meth:`Workspace.apply`
with the version the row showed; the store checks the value, the version and the review
rules. What comes back (or the current row, after a refusal) replaces the row; nothing else
is re-read. The status goes through the review workflow (:meth:`Workspace.set_status`),
never through a cell.

The date column holds ISO dates, so that sorting it from its header sorts by date; the browser
draws them as ``3/2/2025`` (:data:`DATE_SHOWN`), and a cell takes ``3/2/2025`` or ISO. A bulk
action on more than :data:`CONFIRM_OVER` rows (a click on a column header selects them all) is
described first and done on the second click. The grid's header menu ("Sort Ascending",
"Filter by value…") is ipydatagrid's own, in English: version 1.4 offers no way to label it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd
from ipydatagrid import DataGrid, Expr, TextRenderer

from planner.errors import ConflictError, PlannerError
from planner.model import FORMATS, ITEM_COLUMNS, PLATFORMS, STATUSES, THEMES, short_names
from planner.store import Workspace, validate
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, STATUS_LABELS, TABLE_LABELS, THEME_LABELS, UI_LABELS
from planner.ui.common import (
    Choice,
    StatusLine,
    as_date,
    choices,
    date_text,
    filter_boxes,
    guarded,
    narrowed,
    notify,
    unit_choices,
)

__all__ = ["PlanTable"]

#: Item field of each shown column, in the order shown (the item id is the row header).
COLUMNS = ("date", "unit_id", "title", "format", "platform", "theme", "status", "findings")
_HEADERS = {
    "date": "col_date",
    "unit_id": "col_unit",
    "title": "col_title",
    "format": "col_format",
    "platform": "col_platform",
    "theme": "col_theme",
    "status": "col_status",
    "findings": "col_findings",
}
#: Fields a cell may change; the others are put back.
EDITABLE = ("date", "unit_id", "title", "format", "platform", "theme")
_CODED = {"format": (FORMAT_LABELS, FORMATS), "platform": (PLATFORM_LABELS, PLATFORMS), "theme": (THEME_LABELS, THEMES)}
#: More rows than this changed at once: the grid is rebuilt instead of patched row by row.
_PATCH_LIMIT = 60
_LISTED = 10  # ids or refusals named in one message
#: A bulk action on more rows than this is first described, and done on a second click of the same button
#: with the same selection (a click on a column header selects every row).
CONFIRM_OVER = 20
#: How the date column is drawn (ipydatagrid's Expr: Python turned into a Vega expression run in the browser):
#: its cells hold ISO dates (``2025-02-03``, so that sorting the column sorts by date, in the browser too);
#: people read them as ``3/2/2025``. In UTC: the same day in every time zone.
DATE_SHOWN = "utcFormat(toDate(cell.value), '%-d/%-m/%Y') if cell.value else ''"
#: Column widths (px): a header needs about 7 px a character of the 12 px grid font and room for its filter
#: button; a value about 6.5 px a character (Vietnamese text measured in Chromium: 5.3–6). The columns of
#: a 1500 px wide screen fit without scrolling sideways; longer values are cut with "…".
_HEADER_CHAR, _HEADER_ROOM, _CHAR, _CELL_ROOM = 7, 40, 6.5, 16
_WIDTH_LIMITS = {"date": (90, 100), "title": (400, 400), "theme": (100, 220), "unit_id": (100, 170)}


def header(field: str) -> str:
    """The column header of ``field`` (what ``grid.set_cell_value`` takes as the column)."""
    return TABLE_LABELS[_HEADERS[field]]


def _key(value: Any) -> str:
    """How a typed label is compared: NFC, trimmed, any case."""
    return unicodedata.normalize("NFC", str(value)).strip().casefold()


def _short(text: Any, limit: int = 40) -> str:
    text = "" if not isinstance(text, str) else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _width(field: str, values: Iterable[str]) -> int:
    """A column wide enough for its header and (within limits) its longest value."""
    low, high = _WIDTH_LIMITS.get(field, (80, 180))
    text = round(max((len(v) for v in values), default=0) * _CHAR) + _CELL_ROOM
    head = len(header(field)) * _HEADER_CHAR + _HEADER_ROOM
    return max(head, min(max(low, text), high))


def _ids_text(ids: Iterable[int]) -> str:
    ids = list(ids)
    shown = ", ".join(str(i) for i in ids[:_LISTED])
    return shown + (f" {TABLE_LABELS['more'].format(count=len(ids) - _LISTED)}" if len(ids) > _LISTED else "")


class _Grid(DataGrid):
    """ipydatagrid's grid, telling the browser about a cell set from Python *before* the listeners run,
    so a listener that puts the cell back has the last word on screen too (1.4 sends after)."""

    def _notify_cell_change(self, row, column, value):
        column_index = self._column_name_to_index(column)
        if self.comm is not None:
            self.comm.send(
                data={
                    "method": "custom",
                    "content": {
                        "event_type": "cell-changed",
                        "row": row,
                        "column": column,
                        "column_index": column_index,
                        "value": value,
                    },
                }
            )
        self._cell_change_handlers({"row": row, "column": column, "column_index": column_index, "value": value})


_FILTERS = ("unit", "status", "format", "platform")


def _labelled(label: str, widget: widgets.Widget, css: str) -> widgets.Widget:
    widget.description = label
    widget.style = {"description_width": "initial"}
    widget.layout = widgets.Layout(width="auto")
    widget.add_class(css)
    return widget


class PlanTable(widgets.VBox):
    """The items of a range (``year``, or ``start``–``end``; neither: every item) in an editable grid.

    ``unit`` and ``status`` preselect the filters. Public: :attr:`grid` (the DataGrid, rows keyed by
    item id), :attr:`frame` (the items shown, :data:`ITEM_COLUMNS`, in the grid's row order),
    :attr:`filters` (unit, status, format, platform drop-downs), :attr:`search` (text in the title),
    the bulk-action widgets, :attr:`status`; :meth:`select`, :meth:`refresh`, :meth:`poll`.
    """

    def __init__(
        self,
        ws: Workspace,
        *,
        year: int | None = None,
        start: Any = None,
        end: Any = None,
        unit: str | None = None,
        status: str | None = None,
    ):
        self.ws = ws
        self.year, self.start, self.end = year, start, end
        self.status = StatusLine()
        units = ws.units()
        self._short = short_names(units)
        self._unit_codes = {}
        for unit_id, short, name in zip(units["unit_id"], units["short_name"], units["name"], strict=True):
            for text in (unit_id, short, name):
                self._unit_codes.setdefault(_key(text), unit_id)
        self._unit_labels = list(units["short_name"])
        self.filters = filter_boxes(units, {name: TABLE_LABELS[name] for name in _FILTERS}, "planner-table-filter")
        if unit is not None:
            self.filters["unit"].value = unit  # an unknown unit is refused by the drop-down (TraitError)
        if status is not None:
            self.filters["status"].value = status
        self.search = _labelled(
            TABLE_LABELS["search"],
            widgets.Text(placeholder=TABLE_LABELS["search_placeholder"], continuous_update=False),
            "planner-table-search",
        )
        self.reload_button = self._button("reload", "reload", icon="refresh")
        choose = TABLE_LABELS["choose"]
        self.assign_unit = _labelled(
            TABLE_LABELS["assign_unit"], Choice(options=unit_choices(units, blank=choose)),
            "planner-table-assign-unit",
        )
        self.assign_button = self._button("assign", "assign")
        self.new_status = _labelled(
            TABLE_LABELS["new_status"],
            Choice(options=choices(STATUS_LABELS, STATUSES, blank=choose)),
            "planner-table-new-status",
        )
        self.reason = _labelled(
            TABLE_LABELS["reason"], widgets.Text(placeholder=TABLE_LABELS["reason_placeholder"]), "planner-table-reason"
        )
        self.status_button = self._button("set_status", "status")
        self.shift_days = _labelled(TABLE_LABELS["shift_days"], widgets.IntText(value=7), "planner-table-shift-days")
        self.shift_days.layout = widgets.Layout(width="160px")
        self.shift_button = self._button("shift", "shift")
        self.count = widgets.HTML()
        self.count.add_class("planner-table-count")
        self.frame = pd.DataFrame(columns=ITEM_COLUMNS)
        self.refused: dict[int, str] = {}  # the last bulk status change's refusals: item id → why
        self._pos: dict[int, int] = {}
        self._quiet = False
        self._change_callbacks: list[Callable[[list[int]], Any]] = []
        self._cursor = ws.last_change()
        self._asked: tuple | None = None  # the bulk action described, waiting for its second click
        values = {
            "date": ["31/12/2025"],
            "unit_id": self._unit_labels,
            "format": FORMAT_LABELS.values(),
            "platform": PLATFORM_LABELS.values(),
            "theme": THEME_LABELS.values(),
            "status": STATUS_LABELS.values(),
        }
        writes = ws.actor.writes  # a viewer gets a grid to read and no bulk buttons (planner.store.access)
        for button in (self.assign_button, self.status_button, self.shift_button):
            button.disabled = not writes
        self.grid = _Grid(
            self._shown(self.frame),
            editable=writes,
            selection_mode="row",
            base_column_size=110,
            column_widths={header(c): _width(c, values.get(c, [])) for c in COLUMNS},
            renderers={header("date"): TextRenderer(text_value=Expr(DATE_SHOWN))},
            layout=widgets.Layout(height="520px"),
        )
        self.grid.add_class("planner-table-grid")
        self.grid.on_cell_change(self._on_cell_change)
        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        super().__init__(
            children=[
                widgets.HBox([*self.filters.values(), self.search, self.reload_button], layout=row),
                self.grid,
                self.count,
                widgets.HBox(
                    [
                        widgets.HTML(TABLE_LABELS["selection"]),
                        self.assign_unit,
                        self.assign_button,
                        self.new_status,
                        self.reason,
                        self.status_button,
                        self.shift_days,
                        self.shift_button,
                    ],
                    layout=row,
                ),
                self.status,
            ]
        )
        self.add_class("planner-table-view")
        for box in (*self.filters.values(), self.search):
            box.observe(self._on_filter, names="value")
        self.reload_button.on_click(lambda _: self.refresh())
        self.assign_button.on_click(lambda _: self.assign())
        self.status_button.on_click(lambda _: self.change_status())
        self.shift_button.on_click(lambda _: self.shift())
        self.refresh()

    def _button(self, label: str, name: str, icon: str = "") -> widgets.Button:
        button = widgets.Button(description=TABLE_LABELS[label], icon=icon, layout=widgets.Layout(width="auto"))
        button.add_class(f"planner-table-{name}")
        return button

    def on_change(self, callback: Callable[[list[int]], Any]) -> None:
        """``callback(item_ids)`` after this view saved something (a cell, a bulk action)."""
        self._change_callbacks.append(callback)

    def _changed(self, ids: list[int]) -> None:
        notify(self._change_callbacks, ids, self.status)

    # ------------------------------------------------------------------ reading
    def _read(self, ids: list[int] | None = None) -> pd.DataFrame:
        """Items of the range and the store's filters (unit, status); ``ids``: only those."""
        filters = self.filters
        frame = self.ws.items(
            start=self.start,
            end=self.end,
            year=self.year,
            units=filters["unit"].value,
            status=filters["status"].value,
            ids=ids,
        )
        frame = narrowed(frame, filters, ("format", "platform"))  # the store reads no such filter
        words = _key(self.search.value or "")
        if words:
            found = [isinstance(t, str) and words in _key(t) for t in frame["title"]]
            frame = frame[pd.Series(found, index=frame.index, dtype=bool)]  # a list would pick columns when empty
        return frame.reset_index(drop=True)

    def _on_filter(self, _change: Mapping) -> None:
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Read the range again with the filters now chosen and show it."""
        self._cursor = self.ws.last_change()  # the mark first: a change saved meanwhile is read again, never missed
        self._show(self._read())
        self.status.clear()

    def _show(self, frame: pd.DataFrame) -> None:
        self._asked = None  # the rows (and the selection) are new: a described action is asked again
        self.frame = frame.reset_index(drop=True)
        self._pos = {int(i): n for n, i in enumerate(self.frame["item_id"])}
        self._quiet = True
        try:
            self.grid.data = self._shown(self.frame)
            self.grid.selections = []
        finally:
            self._quiet = False
        self.count.value = TABLE_LABELS["shown"].format(count=len(self.frame))

    def _cells(self, item: Mapping[str, Any]) -> list[Any]:
        """What the grid holds for one item, in :data:`COLUMNS` order (the date as ISO text, drawn as 3/2/2025)."""
        day = as_date(item["date"])
        return [
            "" if day is None else day.isoformat(),
            self._short.get(item["unit_id"], item["unit_id"]),
            item["title"] if isinstance(item["title"], str) else "",
            FORMAT_LABELS.get(item["format"], item["format"]),
            PLATFORM_LABELS.get(item["platform"], item["platform"]),
            THEME_LABELS.get(item["theme"], item["theme"]),
            STATUS_LABELS.get(item["status"], item["status"]),
            len(item["findings"]) if isinstance(item["findings"], list) else 0,
        ]

    def _shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        rows = [self._cells(r) for r in frame.to_dict("records")]
        index = pd.Index([int(i) for i in frame["item_id"]], name=TABLE_LABELS["col_id"], dtype="int64")
        shown = pd.DataFrame(rows, columns=[header(c) for c in COLUMNS], index=index, dtype=object)
        shown[header("findings")] = shown[header("findings")].astype("int64")
        return shown

    def _merge(self, ids: Iterable[int]) -> int:
        """Re-read ``ids`` (with the filters) and put them in the table: rows patched in place, rows that
        no longer match taken out, new ones added. Returns how many rows look different now (a cell
        shown changed, or the row came or went); a change of a field the table does not show counts not."""
        ids = list(dict.fromkeys(int(i) for i in ids))
        if not ids:
            return 0
        fresh = {int(r["item_id"]): r for r in self._read(ids).to_dict("records")}
        gone = [i for i in ids if i in self._pos and i not in fresh]
        added = [i for i in fresh if i not in self._pos]
        touched = [i for i in ids if i in self._pos and i in fresh]
        looks = {i: self._cells(self.frame.iloc[self._pos[i]].to_dict()) for i in touched}
        differ = len(gone) + len(added) + sum(looks[i] != self._cells(fresh[i]) for i in touched)
        if gone or added or len(touched) > _PATCH_LIMIT:
            kept = self.frame[~self.frame["item_id"].isin(gone)].to_dict("records")
            rows = [fresh.get(int(r["item_id"]), r) for r in kept] + [fresh[i] for i in added]
            frame = pd.DataFrame(rows, columns=ITEM_COLUMNS) if rows else self.frame.iloc[0:0]
            if added:  # where the store would put them
                frame = frame.sort_values(["date", "unit_id", "item_id"], kind="stable")
            selected = [i for i in self.selected if i in fresh or (i in self._pos and i not in gone)]
            self._show(frame)
            if selected:
                self._select_rows(selected)
            return differ
        for item_id in touched:
            self._patch(fresh[item_id])
        return differ

    def _patch(self, item: Mapping[str, Any]) -> None:
        """One shown row replaced by ``item`` (same id), in the frame and on screen."""
        position = self._pos[int(item["item_id"])]
        for column in ITEM_COLUMNS:
            self.frame.at[position, column] = item[column]
        self._quiet = True
        try:
            self.grid.set_row_value(int(item["item_id"]), self._cells(item))
        finally:
            self._quiet = False

    @guarded
    def poll(self) -> int:
        """Take in what anyone saved since the last read (only the changed items are re-read).

        Returns how many rows of the table look different now. Says so in the status line only then,
        and never over an error or a warning (a refusal, a question) the person has not read yet."""
        mark = self.ws.last_change()
        if mark == self._cursor:
            return 0
        changed = self.ws.changes(since=self._cursor)
        self._cursor = mark
        shown = [self._pos.get(int(i)) for i in changed["item_id"]]
        versions = [None if p is None else int(self.frame.at[p, "version"]) for p in shown]
        stale = [  # rows already showing their version now (this view saved them) are not read again
            int(i) for i, v, mine in zip(changed["item_id"], changed["version"], versions, strict=True)
            if mine is None or pd.isna(v) or int(v) != mine
        ]
        count = self._merge(stale)
        if count and self.status.kind not in ("error", "warning"):
            self.status.info(UI_LABELS["refreshed"].format(count=count))
        return count

    # ------------------------------------------------------------------ one cell
    def _row_text(self, item_id: int) -> str:
        position = self._pos.get(item_id)
        title = self.frame.at[position, "title"] if position is not None else ""
        return TABLE_LABELS["row"].format(item_id=item_id, title=_short(title))

    def _revert(self, position: int, column: str) -> None:
        """Put the shown value back in one cell."""
        value = self._cells(self.frame.iloc[position].to_dict())[[header(c) for c in COLUMNS].index(column)]
        self._quiet = True
        try:
            self.grid.set_cell_value_by_index(column, position, value)
        finally:
            self._quiet = False

    def _on_cell_change(self, cell: Mapping[str, Any]) -> None:
        if self._quiet:
            return
        self._edit_cell(int(cell["row"]), cell["column"], cell["value"])

    @guarded
    def _edit_cell(self, position: int, column: str, value: Any) -> None:
        item_id = int(self.frame.at[position, "item_id"])
        try:
            self._save_cell(position, item_id, column, value)
        except ConflictError:
            self._merge([item_id])  # the row now shows the current value
            raise
        except Exception:
            self._revert(position, column)
            raise

    def _save_cell(self, position: int, item_id: int, column: str, value: Any) -> None:
        fields = {header(c): c for c in COLUMNS}
        field = fields.get(column)
        row = self._row_text(item_id)
        if field not in EDITABLE:
            self._revert(position, column)
            key = "status_cell" if field == "status" else "readonly_cell"
            self.status.warning(TABLE_LABELS[key].format(row=row, column=column))
            return
        code = self._code(field, value, row=row, column=column)
        if code is None:
            self._revert(position, column)
            return
        version = int(self.frame.at[position, "version"])
        try:
            self.ws.apply([(item_id, version, {field: code})])
        except ConflictError as exc:
            raise ConflictError(TABLE_LABELS["conflict"].format(reason=exc), current=exc.current) from None
        except PlannerError as exc:
            raise PlannerError(TABLE_LABELS["cell_refused"].format(row=row, reason=exc)) from None
        before = int(self.frame.at[position, "version"])
        self._merge([item_id])  # the row as saved (stored value, version, findings), or out of the filters
        now = self.frame.loc[self.frame["item_id"] == item_id, "version"]
        if len(now) and int(now.iloc[0]) == before:
            self.status.info(TABLE_LABELS["cell_unchanged"].format(row=row))
        else:
            self.status.ok(TABLE_LABELS["cell_saved"].format(column=column, row=row))
        self._changed([item_id])

    def _code(self, field: str, value: Any, *, row: str, column: str) -> Any:
        """The stored value for what was typed in a cell; ``None`` (and a message) when it is no choice."""
        if field in ("date", "title"):  # the store reads dates written 3/2/2025 and checks both
            return value.strip() if isinstance(value, str) else value
        if field == "unit_id":
            code, allowed = self._unit_codes.get(_key(value)), self._unit_labels
        else:
            labels, codes = _CODED[field]
            known = {_key(c): c for c in codes} | {_key(labels[c]): c for c in codes}
            code, allowed = known.get(_key(value)), [labels[c] for c in codes]
        if code is None:
            self.status.error(
                TABLE_LABELS["bad_choice"].format(
                    row=row, value=_short(str(value), 60), column=column.lower(), allowed=", ".join(allowed)
                )
            )
        return code

    # ------------------------------------------------------------------ selection
    @property
    def selected(self) -> list[int]:
        """Item ids of the rows selected in the grid (in the order shown, the grid's sorting included)."""
        if not self.grid.selections:
            return []
        visible = self.grid.get_visible_data().index
        ids: dict[int, None] = {}
        for rect in self.grid.selections:
            for r in range(rect["r1"], rect["r2"] + 1):
                if 0 <= r < len(visible):
                    ids[int(visible[r])] = None
        return list(ids)

    @guarded
    def select(self, item_ids: Iterable[int]) -> None:
        """Select the rows of ``item_ids`` in the grid (what a person does with the mouse)."""
        ids = [int(i) for i in item_ids]
        missing = [i for i in ids if i not in self._pos]
        if missing:
            self.status.error(TABLE_LABELS["not_shown"].format(ids=_ids_text(missing)))
            return
        self._select_rows(ids)
        self.status.info(TABLE_LABELS["selected"].format(count=len(ids)))

    def _select_rows(self, ids: list[int]) -> None:
        visible = {int(i): r for r, i in enumerate(self.grid.get_visible_data().index)}
        last = len(COLUMNS) - 1
        rows = sorted(visible[i] for i in ids if i in visible)
        rects = []
        for r in rows:  # runs of rows: one rectangle each
            if rects and rects[-1]["r2"] == r - 1:
                rects[-1]["r2"] = r
            else:
                rects.append({"r1": r, "c1": 0, "r2": r, "c2": last})
        self.grid.selections = rects

    def _selection(self) -> list[int] | None:
        ids = self.selected
        if not ids:
            self.status.warning(TABLE_LABELS["no_selection"])
            return None
        return ids

    def _version(self, item_id: int) -> int:
        return int(self.frame.at[self._pos[item_id], "version"])

    def _take_asked(self) -> tuple | None:
        """The bulk action the previous click described (if any); a click of any bulk button uses it up."""
        asked, self._asked = self._asked, None
        return asked

    def _confirmed(self, asked: tuple | None, action: tuple, ids: list[int], message: str) -> bool:
        """True when ``action`` may go ahead on ``ids`` now: few rows, or the previous click (``asked``)
        described the same action with the same values on the same selection. Otherwise describes it
        (a warning) and waits for the second click."""
        if len(ids) <= CONFIRM_OVER:
            return True
        key = (*action, tuple(ids))
        if asked == key:
            return True
        self._asked = key
        self.status.warning(message)
        return False

    # ------------------------------------------------------------------ bulk actions
    def _apply_all(self, ids: list[int], edits: list[tuple[int, int, dict]]) -> bool:
        """One :meth:`Workspace.apply` (all or nothing); the rows are re-read either way."""
        try:
            self.ws.apply(edits)
        except ConflictError as exc:
            self._merge(ids)
            self.status.error(TABLE_LABELS["conflict"].format(reason=exc))
            return False
        except PlannerError as exc:
            self.status.error(TABLE_LABELS["bulk_refused"].format(reason=exc))
            return False
        self._merge(ids)
        self._changed(ids)
        return True

    @guarded
    def assign(self, unit_id: str | None = None) -> None:
        """Give the selected items to ``unit_id`` (default: the unit chosen beside the button), in one change.

        More than :data:`CONFIRM_OVER` rows: the first click says what will happen, the second does it."""
        asked = self._take_asked()
        if unit_id is not None:
            code = self._unit_codes.get(_key(unit_id))
            if code is None:
                self.status.error(
                    TABLE_LABELS["bad_value"].format(
                        value=_short(str(unit_id), 60),
                        column=TABLE_LABELS["col_unit"].lower(),
                        allowed=", ".join(self._unit_labels),
                    )
                )
                return
            self.assign_unit.value = code
        unit_id = self.assign_unit.value
        if unit_id is None:
            self.status.warning(TABLE_LABELS["choose_unit"])
            return
        ids = self._selection()
        if ids is None:
            return
        unit = self._short.get(unit_id, unit_id)
        described = TABLE_LABELS["confirm_assign"].format(count=len(ids), unit=unit)
        if not self._confirmed(asked, ("assign", unit_id), ids, described):
            return
        if self._apply_all(ids, [(i, self._version(i), {"unit_id": unit_id}) for i in ids]):
            self.status.ok(TABLE_LABELS["assigned"].format(count=len(ids), unit=unit))

    @guarded
    def shift(self, days: int | None = None) -> None:
        """Move the selected items ``days`` days (default: the number beside the button), all or nothing.

        More than :data:`CONFIRM_OVER` rows: the first click says what will happen, the second does it."""
        asked = self._take_asked()
        if days is not None:
            if not isinstance(days, int) or isinstance(days, bool):
                self.status.warning(TABLE_LABELS["shift_zero"])
                return
            self.shift_days.value = days
        days = self.shift_days.value
        if not isinstance(days, int) or days == 0:
            self.status.warning(TABLE_LABELS["shift_zero"])
            return
        ids = self._selection()
        if ids is None:
            return
        dates = {i: as_date(self.frame.at[self._pos[i], "date"]) for i in ids}
        undated = [i for i, d in dates.items() if d is None]
        if undated:
            self.status.error(TABLE_LABELS["no_date"].format(ids=_ids_text(undated)))
            return
        try:
            moved = {i: d + dt.timedelta(days=days) for i, d in dates.items()}
        except OverflowError:  # past year 9999: the store's own check of the years never gets to see it
            lo, hi = validate.SUPPORTED_YEARS
            self.status.error(TABLE_LABELS["shift_too_far"].format(days=f"{days:+,d}".replace(",", "."), lo=lo, hi=hi))
            return
        first, last = min(dates.values()), max(dates.values())
        described = TABLE_LABELS["confirm_shift"].format(
            count=len(ids), days=f"{days:+d}", first=date_text(first), last=date_text(last)
        )
        if not self._confirmed(asked, ("shift", days), ids, described):
            return
        edits = [(i, self._version(i), {"date": moved[i]}) for i in ids]
        if self._apply_all(ids, edits):
            self.status.ok(TABLE_LABELS["shifted"].format(count=len(ids), days=f"{days:+d}"))

    @guarded
    def change_status(self, status: str | None = None, *, reason: str | None = None) -> None:
        """Move the selected items to ``status`` one by one, in the order shown (the review rules decide).

        Says how many moved and which were refused, and why (also kept in :attr:`refused`). More than
        :data:`CONFIRM_OVER` rows: the first click says what will happen, the second does it."""
        asked = self._take_asked()
        if status is not None:
            if status not in STATUSES:
                self.status.error(
                    TABLE_LABELS["bad_value"].format(
                        value=_short(str(status), 60),
                        column=TABLE_LABELS["col_status"].lower(),
                        allowed=", ".join(STATUS_LABELS[s] for s in STATUSES),
                    )
                )
                return
            self.new_status.value = status
        if reason is not None:
            self.reason.value = str(reason)
        status = self.new_status.value
        if status is None:
            self.status.warning(TABLE_LABELS["choose_status"])
            return
        ids = self._selection()
        if ids is None:
            return
        reason = self.reason.value.strip() or None
        described = TABLE_LABELS["confirm_status"].format(count=len(ids), status=STATUS_LABELS[status])
        if not self._confirmed(asked, ("status", status, reason), ids, described):
            return
        self.refused = {}
        moved: list[int] = []
        try:
            for item_id in ids:
                try:
                    self.ws.set_status(item_id, status, version=self._version(item_id), reason=reason)
                    moved.append(item_id)
                except PlannerError as exc:
                    self.refused[item_id] = str(exc)
        finally:
            self._merge(ids)
        message = TABLE_LABELS["status_done"].format(moved=len(moved), total=len(ids), status=STATUS_LABELS[status])
        if self.refused:
            details = [
                TABLE_LABELS["refused_one"].format(item_id=i, reason=r.strip().rstrip("."))
                for i, r in self.refused.items()
            ]
            listed = "; ".join(details[:_LISTED])
            if len(details) > _LISTED:
                listed += f"; {TABLE_LABELS['more'].format(count=len(details) - _LISTED)}"
            message += " " + TABLE_LABELS["status_refused"].format(count=len(self.refused), details=listed)
            self.status.warning(message) if moved else self.status.error(message)
        else:
            self.status.ok(message)
        if moved:
            self._changed(moved)

"""Shared pieces of the property-based attack: what a good failure looks like, what a sound
workspace file looks like, and strategies for values of every kind.

The rules checked here come from the README, DESIGN.md and issue 6, written again from
scratch (never imported from ``planner``), so a test cannot agree with the code by
construction:

* every failure is a :class:`planner.errors.PlannerError` whose message is Vietnamese: it
  has at least one word with a Vietnamese letter that is not part of what the caller gave;
* a workspace file passes ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``,
  integer columns hold integers, date columns hold ISO dates or NULL, codes are codes and
  every stored text is NFC.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from planner.errors import PlannerError

# --------------------------------------------------------------------------- defects not yet fixed

#: Defects these tests found in ``planner/`` that are not fixed yet. Each has a minimal
#: reproduction in ``test_known_bugs.py`` marked ``xfail(strict=True)``; while its flag is
#: True the property tests steer round it so they keep looking for new defects. When the
#: reproduction starts passing (strict xfail fails), delete its marker and set the flag False.
KNOWN_BUGS = {
    # add_items([...]) with rows naming different optional fields drops a later row's
    # event_id/date silently, or raises a raw SQLAlchemy StatementError.
    "add_items_mixed_fields": False,  # fixed in 4701364
    # add_item(unit_id=numpy.array([1, 2]), …): raw ValueError "truth value of an array is ambiguous".
    "array_values": False,  # fixed in the store (validate, items, workspace)
    # Text with a lone surrogate ("\ud800", e.g. half an emoji cut by another program) in any
    # text field: raw UnicodeEncodeError from the driver instead of a PlannerError.
    "surrogates": False,  # fixed in the store (validate, items, workspace)
    # add_items(0) / apply(0) / apply(None): raw TypeError "'int' object is not iterable".
    "non_iterable_batches": False,  # fixed in the store (validate, items, workspace)
    # items(start="") / items(end=pd.NaT): validate.date gives None and the query compares
    # the column with None: raw sqlalchemy ArgumentError.
    "empty_date_filter": False,  # fixed in the store (validate, items, workspace)
    # bulk_update(where) with a value SQLite cannot bind (a set, a dict, a nested list) or an
    # integer beyond 64 bits: raw sqlite3.ProgrammingError / OverflowError; where values are
    # not checked against their column at all.
    "bulk_where_values": False,  # fixed in the store (validate, items, workspace)
    # open_workspace(folder / ("x" * 300)): a name longer than the file system allows raises a
    # raw OSError (ENAMETOOLONG) from Path.exists() in open_workspace.
    "long_path": False,  # fixed in the store (validate, items, workspace)
    # to_lunar(pd.NA) / format_lunar(pd.NA): raw TypeError "boolean value of NA is ambiguous".
    "lunar_na": False,  # fixed in calendars/lunar.py
    # copy_plan(ws, 2024, 2024) copies a year onto itself: every call adds the whole year again
    # (1,481 items on the demo), and the next generate_plan(2024) then moves 38 of them.
    "copy_same_year": False,  # fixed in planning.copy_plan
    # ws.import_units(file) where a unit's short name is already another unit's in the
    # workspace (the file itself is fine): raw sqlite3 IntegrityError on units.short_name.
    "import_units_short_name": False,  # fixed in Workspace.import_units
}

#: One setting for every property test: reproducible (derandomize), no example database,
#: no deadline (SQLite writes vary in time), function-scoped fixtures are shared on purpose
#: (one workspace per test, not per example).
SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=False,
)


def cases(n: int) -> settings:
    """Hypothesis settings for a test that runs ``n`` generated cases (``PLANNER_PROPERTY_SCALE`` scales it)."""
    scale = float(os.environ.get("PLANNER_PROPERTY_SCALE", "1"))
    return settings(max_examples=max(1, round(n * scale)), **SETTINGS)


# --------------------------------------------------------------------------- messages

_VI_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_VI_WORD = re.compile(rf"\w*[{_VI_LETTERS}]\w*", re.IGNORECASE)
#: Words of a Python or driver message that must never reach a user.
_ENGLISH = re.compile(
    r"\b(traceback|invalid literal|object is not|not supported|has no attribute|unsupported operand|"
    r"codec can't|surrogates not allowed|sqlalchemy|sqlite3\.|integrityerror|operationalerror|"
    r"programmingerror|must be|expected|argument)\b",
    re.IGNORECASE,
)


def given_texts(*values: Any) -> list[str]:
    """Every piece of text inside ``values`` (nested containers too), as the caller gave it and as repr."""
    out: list[str] = []

    def walk(v: Any, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(v, str):
            out.extend([v, unicodedata.normalize("NFC", v), repr(v)])
        elif isinstance(v, bytes | bytearray):
            out.append(repr(v))
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k, depth + 1)
                walk(x, depth + 1)
        elif isinstance(v, list | tuple | set | frozenset):
            for x in v:
                walk(x, depth + 1)
        elif isinstance(v, Path):
            walk(str(v), depth + 1)
        elif v is not None and not isinstance(v, int | float):
            out.append(repr(v))

    for value in values:
        walk(value)
    return out


def check_message(exc: BaseException, *given: Any) -> None:
    """``exc`` is a PlannerError whose message is Vietnamese in its own words (not only in the echoed input)."""
    assert isinstance(exc, PlannerError), f"raw {type(exc).__name__}: {exc!r}"
    message = str(exc)
    assert message.strip(), f"{type(exc).__name__} with an empty message"
    texts = given_texts(*given)
    own = [w for w in _VI_WORD.findall(message) if not any(w in t for t in texts)]
    assert own, f"{type(exc).__name__} message has no Vietnamese of its own: {message[:300]!r}"
    english = [m for m in _ENGLISH.findall(message) if not any(m in t for t in texts)]
    assert not english, f"{type(exc).__name__} message shows English {english}: {message[:300]!r}"


@dataclass
class Outcome:
    """What one call did: returned ``value`` or raised ``error`` (always a PlannerError)."""

    value: Any = None
    error: PlannerError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt(call: Callable[[], Any], *given: Any) -> Outcome:
    """Run ``call``; a failure must be a PlannerError with a Vietnamese message (else the test fails)."""
    try:
        return Outcome(value=call())
    except PlannerError as exc:
        check_message(exc, *given)
        return Outcome(error=exc)
    except Exception as exc:  # noqa: BLE001 - the property: nothing but PlannerError gets out
        raise AssertionError(f"raw {type(exc).__name__} escaped: {str(exc)[:400]!r}") from exc


# --------------------------------------------------------------------------- the file

STATUSES = {"idea", "draft", "in_review", "approved", "published", "cancelled"}
FORMATS = {"short_video", "post", "article", "infographic", "photo", "livestream"}
PLATFORMS = {"facebook", "zalo", "tiktok", "youtube", "website"}
THEMES = {"leadership", "event", "culture", "good_deeds"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return 1900 <= int(value[:4]) <= 2100


class Reader:
    """A look at a workspace's database without the code under test: plain sqlite3 on a SQLite file; on
    PostgreSQL (the run's engine, tests/engines.py) a connection of its own to the schema the path maps to.
    Values come back as SQLite stores them (dates as ISO text), and a value's Python type says its column
    type (what ``typeof`` says on SQLite; PostgreSQL enforces the declared types itself)."""

    def __init__(self, db_file):
        from tests.helpers import db_url

        url = db_url(db_file)
        self.sqlite = url.get_backend_name() == "sqlite"
        if self.sqlite:
            self.con = sqlite3.connect(str(db_file))
        else:
            import sqlalchemy as sa

            self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
            self.con = self.engine.connect()

    def execute(self, sql: str, args: Iterable = ()) -> list[tuple]:
        if self.sqlite:
            return self.con.execute(sql, tuple(args)).fetchall()
        from tests.helpers import _as_sqlite, _statement

        rows = self.con.execute(*_statement(sql, tuple(args), {})).all()
        self.con.rollback()  # never left idle in a transaction
        return [tuple(_as_sqlite(v) for v in row) for row in rows]

    def dicts(self, sql: str, args: Iterable = ()) -> list[dict]:
        if self.sqlite:
            cursor = self.con.execute(sql, tuple(args))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        from tests.helpers import _as_sqlite, _statement

        rows = self.con.execute(*_statement(sql, tuple(args), {})).mappings().all()
        self.con.rollback()
        return [{k: _as_sqlite(v) for k, v in row.items()} for row in rows]

    def columns(self, table: str) -> list[str]:
        if self.sqlite:
            return [r[1] for r in self.con.execute(f"PRAGMA table_info({table})")]
        import sqlalchemy as sa

        names = [c["name"] for c in sa.inspect(self.con).get_columns(table)]
        self.con.rollback()
        return names

    def close(self) -> None:
        self.con.close()
        if not self.sqlite:
            self.engine.dispose()


def _typeof(value) -> str:
    """SQLite's typeof() of a value read back."""
    if value is None:
        return "null"
    if isinstance(value, bool | int):
        return "integer"
    if isinstance(value, float):
        return "real"
    if isinstance(value, str):
        return "text"
    return "blob"


def file_problems(db_file: Path, *, item_ids: Iterable[int] | None = None) -> list[str]:
    """Everything wrong with a workspace's database, read without the code under test (empty when sound).

    ``item_ids``: look only at these items and the newest change (cheap, after each example);
    None: the whole database, with ``integrity_check`` and ``foreign_key_check`` on SQLite.
    """
    problems: list[str] = []
    con = Reader(db_file)
    try:
        if item_ids is None and con.sqlite:
            integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]  # PostgreSQL: FKs always enforced
            if integrity != ["ok"]:
                problems.append(f"integrity_check: {integrity[:5]}")
            foreign = con.execute("PRAGMA foreign_key_check")
            if foreign:
                problems.append(f"foreign_key_check: {foreign[:5]}")
        problems += _item_problems(con, item_ids)
        problems += _text_problems(con, item_ids)
        if item_ids is None:
            problems += _catalogue_problems(con)
    finally:
        con.close()
    return problems


def _item_problems(con: Reader, item_ids: Iterable[int] | None) -> list[str]:
    problems = []
    query = """SELECT item_id, year, version, offset_days, date, occurrence_date, status, format, platform, theme,
                  title, notes, unit_id, event_id, link, published_at, review, findings
           FROM items"""
    if item_ids is not None:
        ids = [int(i) for i in item_ids]
        query += f" WHERE item_id IN ({', '.join('?' * len(ids))})"
        typed = con.execute(query, ids) if ids else []
    else:
        typed = con.execute(query)
    for row in typed:
        (item_id, year, version, offset, date, occurrence, status, fmt, platform, theme,
         title, notes, unit, event, link, published_at, review, findings) = row  # fmt: skip
        t_id, t_year, t_version, t_offset = map(_typeof, (item_id, year, version, offset))
        t_title, t_notes, t_unit, t_event = map(_typeof, (title, notes, unit, event))
        where = f"item {item_id!r}"
        if (t_id, t_year, t_version) != ("integer", "integer", "integer"):
            problems.append(f"{where}: typeof(item_id, year, version) = {(t_id, t_year, t_version)}")
        elif not 1900 <= year <= 2100 or version < 1:
            problems.append(f"{where}: year {year}, version {version}")
        if t_offset not in ("integer", "null"):
            problems.append(f"{where}: typeof(offset_days) = {t_offset}")
        for name, value in (("date", date), ("occurrence_date", occurrence)):
            if value is not None and not _is_iso_date(value):
                problems.append(f"{where}: {name} = {value!r} is not an ISO date 1900–2100")
        for name, value, allowed in (
            ("status", status, STATUSES),
            ("format", fmt, FORMATS),
            ("platform", platform, PLATFORMS),
            ("theme", theme, THEMES),
        ):
            if value not in allowed:
                problems.append(f"{where}: {name} = {value!r}")
        if (t_title, t_notes, t_unit) != ("text", "text", "text") or t_event not in ("text", "null"):
            problems.append(f"{where}: typeof(title, notes, unit_id, event_id) = {(t_title, t_notes, t_unit, t_event)}")
        if link and not re.match(r"^https?://\S+$", link, re.IGNORECASE):
            problems.append(f"{where}: link {link!r} is not an http(s) address")
        if link and status not in ("published", "cancelled"):  # a published item taken down keeps its link
            problems.append(f"{where}: link {link!r} on an item that is {status}")
        if published_at:
            try:
                dt.datetime.fromisoformat(published_at)
            except (TypeError, ValueError):
                problems.append(f"{where}: published_at {published_at!r} is not ISO")
        if status in ("approved", "published") and not review:
            problems.append(f"{where}: {status} without a review record")
        if status in ("approved", "published") and review:
            import json

            record = json.loads(review)
            points = record.get("checklist", {})
            if not points or any(p.get("ok") is not True for p in points.values()):
                problems.append(f"{where}: {status} with checklist {points}")
        if findings:
            import json

            if not isinstance(json.loads(findings), list):
                problems.append(f"{where}: findings {findings[:60]!r} is not a list")
    return problems


def _catalogue_problems(con: Reader) -> list[str]:
    """Events and units as the catalogue rules say: whole numbers in range, codes from the lists."""
    problems = []
    rows = con.execute("SELECT event_id, day, month, base_year, calendar, category, scope FROM events")
    for event_id, day, month, base, calendar, category, scope in rows:
        t_day, t_month, t_base = map(_typeof, (day, month, base))
        if t_month != "integer" or not 1 <= month <= 12 or t_day not in ("integer", "null") or t_base not in (
            "integer",
            "null",
        ):
            problems.append(f"event {event_id!r}: day {day!r} ({t_day}), month {month!r} ({t_month}), base {t_base}")
        if day is not None and t_day == "integer" and not 1 <= day <= 31:
            problems.append(f"event {event_id!r}: day {day}")
        if calendar not in ("solar", "lunar") or not category or not scope:
            problems.append(f"event {event_id!r}: calendar {calendar!r}, category {category!r}, scope {scope!r}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", event_id or ""):
            problems.append(f"event id {event_id!r} is not a code")
    for unit_id, kind, short in con.execute("SELECT unit_id, kind, short_name FROM units"):
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", unit_id or "") or not kind or not short or len(short) > 31:
            problems.append(f"unit {unit_id!r}: kind {kind!r}, short name {short!r}")
    return problems


def _text_problems(con: Reader, item_ids: Iterable[int] | None) -> list[str]:
    """Every text value of items, changes and audit is NFC (issue 6, 1.7)."""
    problems = []
    newest = con.execute("SELECT coalesce(max(change_id), 0) FROM changes")[0][0]
    only = {
        "items": f"item_id IN ({', '.join(str(int(i)) for i in item_ids) or 'NULL'})"
        if item_ids is not None
        else "1 = 1",
        "changes": f"change_id = {newest}" if item_ids is not None else "1 = 1",
        "audit": f"change_id = {newest}" if item_ids is not None else "1 = 1",
    }
    for table in ("items", "changes", "audit", "units", "events", "meta"):
        if item_ids is not None and table not in only:
            continue
        columns = con.columns(table)
        for column in columns:
            rows = con.execute(f'SELECT "{columns[0]}", "{column}" FROM {table} WHERE {only.get(table, "1 = 1")}')
            for rowid, value in rows:
                if isinstance(value, str) and unicodedata.normalize("NFC", value) != value:
                    problems.append(f"{table}.{column} rowid {rowid}: not NFC: {value[:60]!r}")
                    break
    return problems


def assert_sound(db_file: Path) -> None:
    problems = file_problems(db_file)
    assert not problems, "workspace file unsound:\n" + "\n".join(problems[:20])


# --------------------------------------------------------------------------- values of every kind

VIETNAMESE = "Kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam Hồ Chí Minh Bà Rịa–Vũng Tàu người tốt việc tốt ưởợđ"
#: Text a user might paste: NFD, line separators, controls, direction marks, emoji, BOMs, surrogates …
ODD_STRINGS = [
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "dòng một\ndòng hai",
    "dòng một\r\ndòng hai",
    "a\rb",
    "a\u2028b",
    "a\u2029b",
    "\u200f\u202eRTL",
    "\u200b",
    "\ufeffBOM",
    "😀🇻🇳",
    *([] if KNOWN_BUGS["surrogates"] else ["\ud800", "a\udfffb"]),
    unicodedata.normalize("NFD", "Kỷ niệm Đảng Cộng sản Việt Nam"),
    "Ｆｕｌｌｗｉｄｔｈ",
    "٢٠٢٥",
    "２０２５",
    "2O25",
    "2025",
    " 2025 ",
    "+2025",
    "-1",
    "0",
    "1e3",
    "2025.0",
    "0x7E9",
    "NaN",
    "None",
    "null",
    "true",
    "'; DROP TABLE items; --",
    "{title}",
    "{",
    "}",
    "%s%s%n",
    "../../etc/passwd",
    "javascript:alert(1)",
    "http://",
    "https://vi.wikipedia.org/wiki/Việt_Nam",
    "https://a b",
    "HTTPS://EXAMPLE.COM/x",
    "ftp://example.com",
    "3/2/2025",
    "2025-02-03",
    "03/02/2025",
    " 3/2/2025 ",
    "29/2/2025",
    "29/2/2024",
    "31/4/2025",
    "0/1/2025",
    "1/13/2025",
    "2025-13-01",
    "2025-02-30",
    "1/1/1899",
    "31/12/2101",
    "1/1/10000",
    "99999-01-01",
    "3/2/25",
    "2025-02-03T08:30",
    "2025-02-03T08:30:00+07:00",
    "x" * 501,
    "Đ" * 500,
    "x" * 10_000,
    "x" * 20_001,
    "a\u0301" * 300,
]

huge_ints = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2**31, 2**53 + 1, 2**62, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, 10**400]),
)
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 2025.0, 2025.5, 1e308, -1e308, 5e-324, math.nan, math.inf, -math.inf]),
)
odd_text = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(VIETNAMESE + "\u2028\x00\n\r\u0301{}%?#"), max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8),
)
odd_dates = st.one_of(
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.builds(pd.Timestamp, st.datetimes(min_value=dt.datetime(1678, 1, 1), max_value=dt.datetime(2261, 12, 31))),
    st.sampled_from([pd.NaT, pd.NA, np.datetime64("2025-02-03"), np.datetime64("NaT"), dt.time(8, 30)]),
    st.just(dt.timedelta(days=3)),
)
odd_objects = st.one_of(
    st.binary(max_size=10),
    st.builds(bytearray, st.binary(max_size=4)),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.frozensets(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(
        [
            True,
            False,
            None,
            object(),
            Ellipsis,
            complex(1, 2),
            decimal.Decimal("2025"),
            decimal.Decimal("NaN"),
            fractions.Fraction(4050, 2),
            np.int64(2025),
            np.float64("nan"),
            np.bool_(True),
            Path("/tmp"),
            type,
            *([] if KNOWN_BUGS["array_values"] else [np.array([1, 2]), pd.Series([1, 2])]),
        ]
    ),
)
#: Any value at all.
anything = st.one_of(odd_text, huge_ints, floats, odd_dates, odd_objects)


def mostly(good: st.SearchStrategy, other: st.SearchStrategy, *, tenths: int = 7) -> st.SearchStrategy:
    """``good`` about ``tenths`` times in ten, else ``other`` (``one_of`` would weigh every branch
    of a nested ``one_of`` alike, so ``anything`` would crowd out the good values)."""

    @st.composite
    def pick(draw):
        return draw(good) if draw(st.integers(0, 9)) < tenths else draw(other)

    return pick()


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def first(iterable: Iterable[Any], default: Any = None) -> Any:
    return next(iter(iterable), default)


"""The item API attacked with generated values (issue 6, "Must show").

Every generated field value carries its own verdict, written from the documented rules
(README "Kế hoạch nội dung và duyệt bài", issue 6 §1.4–1.5) and not from the code:

* ``OK`` — the store must accept it and read it back normalised as documented (text NFC,
  ``None`` text → ``''``, dates from ``date``/``datetime``/``Timestamp``/``3/2/2025``/
  ``2025-02-03`` → that day, years 1900–2100);
* ``BAD`` — the store must refuse it with a Vietnamese PlannerError (wrong type, out of
  range, unknown code or id, control characters, line breaks in a title, too long, an
  internal or unknown field, a missing or stale version);
* ``ANY`` — either is acceptable (e.g. ``year="2025"``), but nothing raw may escape and
  whatever is stored must have the right type.

One workspace per test (not per example); after every example the touched rows are
checked with sqlite3 directly and after the whole run the file passes ``integrity_check``
and ``foreign_key_check``, every stored text is NFC.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner
from tests.properties._support import (
    FORMATS,
    KNOWN_BUGS,
    PLATFORMS,
    STATUSES,
    THEMES,
    VIETNAMESE,
    Reader,
    anything,
    assert_sound,
    attempt,
    cases,
    file_problems,
    floats,
    huge_ints,
    nfc,
    odd_dates,
    odd_objects,
    odd_text,
)

#: Some generated values are 10,000-character strings; Hypothesis warns that their repr is long.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

OK, BAD, ANY = "ok", "bad", "any"
LO, HI = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
#: Fields a person sets on an item (README: year, unit, event, dates, title, codes, notes).
EDITABLE = ("year", "unit_id", "event_id", "occurrence_date", "date", "title", "format", "platform", "theme", "notes")
REQUIRED = ("unit_id", "format", "platform", "theme")
#: Names no caller may set (internal, computed or unknown).
FORBIDDEN = [
    "plan_key",
    "template_id",
    "spec_id",
    "offset_days",
    "item_id",
    "version",
    "review",
    "reviewer",
    "findings",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "",
    "Title",
    "tiêu đề",
    "unit",
    "__class__",
]
_TEXT_BREAKERS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
_TITLE_BREAKERS = [*_TEXT_BREAKERS, "\n", "\r", "\u2028", "\u2029", "\x85"]
_SURROGATES = ["\ud800", "\udfff", "\udc80"]


@dataclass(frozen=True)
class V:
    """A generated value with its verdict and, when OK, what the store must read back."""

    value: Any
    verdict: str
    stored: Any = None

    def __repr__(self) -> str:
        shown = repr(self.value)
        return f"V({shown if len(shown) <= 90 else shown[:87] + '...'}, {self.verdict})"


def ok(value, stored=None):
    return V(value, OK, stored)


def bad(value):
    return V(value, BAD)


def unsure(value):
    return V(value, ANY)


# --------------------------------------------------------------------------- field strategies

_clean_chars = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
_clean_text = st.one_of(
    st.text(_clean_chars, max_size=40),
    st.text(alphabet=st.sampled_from(VIETNAMESE), max_size=80),
    st.text(alphabet=st.sampled_from(VIETNAMESE), max_size=40).map(lambda s: unicodedata.normalize("NFD", s)),
    st.sampled_from(["\u200f\u202eRTL", "😀🇻🇳", "\ufeffBOM", "Ｆｕｌｌ", "{title}", "%s", "Đ" * 500, "a\u0301" * 250]),
)
_not_text = st.one_of(huge_ints, floats.filter(lambda f: f == f), odd_dates, odd_objects).filter(
    lambda v: v is not None and v is not pd.NaT and v is not pd.NA and not (isinstance(v, float) and v != v)
)


def _spliced(breakers: list[str]):
    return st.tuples(_clean_text, st.sampled_from(breakers), _clean_text).map(lambda t: "".join(t))


@dataclass(frozen=True)
class Field:
    """How to generate one field: values the store must accept, and everything else."""

    good: st.SearchStrategy[V]
    other: st.SearchStrategy[V]

    @property
    def any(self) -> st.SearchStrategy[V]:
        return st.one_of(self.good, self.other)


def _text_values(*, limit: int, one_line: bool) -> Field:
    breakers = _TITLE_BREAKERS if one_line else _TEXT_BREAKERS
    good = st.one_of(
        _clean_text.filter(lambda s: len(nfc(s)) <= limit).map(lambda s: ok(s, nfc(s))),
        st.just(ok(None, "")),
    )
    if not one_line:
        good = st.one_of(
            good,
            st.sampled_from(["dòng một\ndòng hai", "a\r\nb", "\tthụt lề", "x" * 10_000]).map(lambda s: ok(s, s)),
        )
    other = st.one_of(
        _spliced(breakers).map(bad),
        *([] if KNOWN_BUGS["surrogates"] else [_spliced(_SURROGATES).map(bad)]),
        st.sampled_from(["x" * (limit + 1), "Đ" * (limit + 1)]).map(bad),
        _not_text.map(bad),
        odd_text.map(unsure),
    )
    return Field(good, other)


def _dates() -> Field:
    days = st.dates(min_value=LO, max_value=HI)
    good = st.one_of(
        days.map(lambda d: ok(d, d)),
        days.map(lambda d: ok(f"{d.day}/{d.month}/{d.year}", d)),
        days.map(lambda d: ok(d.isoformat(), d)),
        st.tuples(days, st.times()).map(lambda t: ok(dt.datetime.combine(*t), t[0])),
        days.map(lambda d: ok(pd.Timestamp(d), d)),
        st.just(ok(None, None)),
    )
    other = st.one_of(
        st.one_of(st.dates(max_value=LO - dt.timedelta(days=1)), st.dates(min_value=HI + dt.timedelta(days=1))).map(
            bad
        ),
        st.sampled_from(
            ["29/2/2025", "31/4/2025", "0/1/2025", "1/13/2025", "2025-13-01", "2025-02-30", "1/1/1899", "31/12/2101"]
        ).map(bad),
        st.sampled_from(["ngày mai", "hôm nay", "2O25-01-01", "\x00", "3/2/2025\x00"]).map(bad),
        st.one_of(huge_ints, st.booleans(), st.lists(st.integers(), max_size=2), st.binary(max_size=3)).map(bad),
        anything.map(unsure),
    )
    return Field(good, other)


def _years() -> Field:
    good = st.integers(1900, 2100).map(lambda y: ok(y, y))
    other = st.one_of(
        huge_ints.filter(lambda y: not 1900 <= y <= 2100).map(bad),
        st.booleans().map(bad),
        st.sampled_from(["2O25", "năm 2025", "", " ", "2025.5", "\x00"]).map(bad),
        st.sampled_from([2025.5, float("inf"), float("-inf"), -2025.0, 1e300]).map(bad),
        st.one_of(st.dates(), st.lists(st.integers(), max_size=2), st.binary(max_size=3)).map(bad),
        anything.map(unsure),
    )
    return Field(good, other)


def _codes(allowed: set[str]) -> Field:
    good = st.sampled_from(sorted(allowed)).map(lambda c: ok(c, c))
    other = st.one_of(
        st.sampled_from(sorted(allowed)).map(lambda c: bad(c.upper())),
        st.sampled_from(sorted(allowed)).map(lambda c: bad(f" {c}")),
        st.sampled_from(["", "bài viết", "short-video", "\x00", None]).map(bad),
        _not_text.map(bad),
        odd_text.map(unsure),
    )
    return Field(good, other)


def _refs(known: list[str], *, optional: bool) -> Field:
    good = st.sampled_from(known).map(lambda u: ok(u, u))
    if optional:
        good = st.one_of(good, st.just(ok(None, None)))
    other = st.one_of(
        st.sampled_from(["khong-co", "Ban-Tuyen-Giao", "ban tuyen giao", "đoàn", "\x00", "x" * 500]).map(bad),
        st.sampled_from(known).map(lambda u: bad(u + " ")),
        _not_text.map(bad),
        odd_text.map(unsure),
    )
    if not optional:
        other = st.one_of(other, st.just(bad(None)))
    return Field(good, other)


def field_strategies(units: list[str], events: list[str]) -> dict[str, Field]:
    return {
        "year": _years(),
        "unit_id": _refs(units, optional=False),
        "event_id": _refs(events, optional=True),
        "occurrence_date": _dates(),
        "date": _dates(),
        "title": _text_values(limit=500, one_line=True),
        "format": _codes(FORMATS),
        "platform": _codes(PLATFORMS),
        "theme": _codes(THEMES),
        "notes": _text_values(limit=20_000, one_line=False),
    }


@st.composite
def field_sets(
    draw, strategies: dict, *, required: tuple[str, ...] = (), forbidden: list[str] = FORBIDDEN, optional: int = 2
):
    """A dict of field → V: good values for ``required`` and some optional fields (one in
    ``optional``), then (half the time) one to three fields corrupted, and now and then a
    field nobody may set."""
    fields: dict[str, V] = {}
    for name in EDITABLE:
        if name in required or draw(st.integers(1, optional)) == 1:
            fields[name] = draw(strategies[name].good)
    if draw(st.booleans()):
        for name in draw(st.lists(st.sampled_from(EDITABLE), min_size=1, max_size=3, unique=True)):
            if draw(st.integers(0, 9)) == 0:
                fields.pop(name, None)  # a required field left out, or an optional one
            else:
                fields[name] = draw(strategies[name].other)
    if forbidden and draw(st.integers(0, 9)) == 0:
        name = draw(st.one_of(st.sampled_from(forbidden), st.text(max_size=8).filter(lambda k: k not in EDITABLE)))
        fields[name] = bad(draw(anything))
    return fields


def _plain(value: Any) -> Any:
    """A value as read back, comparable with a stored expectation."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _verdict(fields: dict[str, V], *, adding: bool) -> str:
    verdicts = {v.verdict for v in fields.values()}
    if BAD in verdicts:
        return BAD
    if adding:
        if any(name not in fields for name in REQUIRED):
            return BAD
        anchors = ("date", "occurrence_date")
        if "year" not in fields and all(_plain(fields.get(n, ok(None)).stored) is None for n in anchors):
            return BAD if not set(anchors) & {n for n, v in fields.items() if v.verdict == ANY} else ANY
    return ANY if ANY in verdicts else OK


def _expected_year(fields: dict[str, V]) -> int | None:
    if "year" in fields:
        return fields["year"].stored if fields["year"].verdict == OK else None
    for name in ("date", "occurrence_date"):
        v = fields.get(name)
        if v is not None and v.verdict == OK and v.stored is not None:
            return v.stored.year
        if v is not None and v.verdict != OK:
            return None
    return None


def _check_read_back(item: dict, fields: dict[str, V]) -> None:
    for name, v in fields.items():
        if v.verdict == OK and name in (*EDITABLE, "link"):
            assert _plain(item[name]) == v.stored, f"{name}: gave {v.value!r}, read back {item[name]!r}"


# --------------------------------------------------------------------------- harness


class Probe:
    """A workspace under attack, with a plain sqlite3 connection to look at its file."""

    def __init__(self, tmp_path, user: str = "chuyenvien"):
        self.ws = planner.open_workspace(tmp_path / "ws", user=user)
        self.db_file = tmp_path / "ws" / "planner.sqlite"
        self.units = sorted(self.ws.units()["unit_id"])
        self.events = sorted(self.ws.events()["event_id"])
        self.strategies = field_strategies(self.units, self.events)

        self.con = Reader(self.db_file)  # plain sqlite3 on SQLite, a connection of its own on PostgreSQL

    def versions(self) -> dict[int, int]:
        return dict(self.con.execute("SELECT item_id, version FROM items"))

    def last_change(self) -> int:
        return self.con.execute("SELECT coalesce(max(change_id), 0) FROM changes")[0][0]

    def row(self, item_id: int) -> dict:
        """An item's stored row, read with sqlite3 (not through the API under test)."""
        (row,) = self.con.dicts("SELECT * FROM items WHERE item_id = ?", (item_id,))
        return row

    def sound_rows(self, item_ids) -> None:
        problems = file_problems(self.db_file, item_ids=item_ids)
        assert not problems, "\n".join(problems[:10])

    def new_item(self, **extra) -> dict:
        fields = dict(
            unit_id=self.units[0],
            format="post",
            platform="facebook",
            theme="event",
            date=dt.date(2025, 5, 19),
            title="Tin hoạt động của đơn vị",
        )
        fields.update(extra)
        return self.ws.item(self.ws.add_item(**fields))

    def to_status(self, item: dict, status: str) -> dict:
        path = {"draft": ["draft"], "in_review": ["draft", "in_review"], "approved": ["draft", "in_review", "approved"]}
        path["published"] = [*path["approved"], "published"]
        path["cancelled"] = ["cancelled"]
        for step in path.get(status, []):
            item = self.ws.set_status(
                item["item_id"],
                step,
                version=item["version"],
                checklist={p: True for p in ("political", "ideological", "humane", "orienting", "lawful")},
                link="https://example.com/bai-viet",
            )
        return item

    def close(self) -> None:
        self.ws.close()
        self.con.close()
        assert_sound(self.db_file)


@pytest.fixture
def probe(tmp_path):
    p = Probe(tmp_path)
    yield p
    p.ws.close()
    p.con.close()


def _call(probe: Probe, kwargs_or_rows, *, many: bool):
    if many:
        return attempt(lambda: probe.ws.add_items(kwargs_or_rows), kwargs_or_rows)
    return attempt(lambda: probe.ws.add_item(**kwargs_or_rows), kwargs_or_rows)


# --------------------------------------------------------------------------- add


def _same_optional_fields(rows: list[dict[str, V]]) -> list[dict[str, V]]:
    """Rows with the same optional date and event fields (None where a row had none): round a known defect."""
    names = {n for r in rows for n in r if n in ("event_id", "date", "occurrence_date")}
    return [{**{n: ok(None, None) for n in names}, **r} for r in rows]


def test_add_item_and_add_items(probe: Probe):
    """2,500 cases: add_item(**fields) and add_items([...]) with generated fields."""
    fields_st = field_sets(probe.strategies, required=REQUIRED)
    tally = Counter()

    @cases(2500)
    @given(rows=st.lists(fields_st, min_size=1, max_size=3), many=st.booleans())
    def attack(rows, many):
        rows = rows if many else rows[:1]
        if many and KNOWN_BUGS["add_items_mixed_fields"]:
            rows = _same_optional_fields(rows)
        plain = [{k: v.value for k, v in r.items()} for r in rows]
        verdicts = [_verdict(r, adding=True) for r in rows]
        before = probe.last_change()
        outcome = _call(probe, plain if many else plain[0], many=many)
        tally[f"{'add_items' if many else 'add_item'}: {'saved' if outcome.ok else type(outcome.error).__name__}"] += 1
        if BAD in verdicts:
            assert not outcome.ok, f"accepted invalid item fields {rows}"
        elif set(verdicts) == {OK}:
            assert outcome.ok, f"refused valid item fields {rows}: {outcome.error}"
        if not outcome.ok:
            assert probe.last_change() == before, "a refused add wrote a change"
            return
        ids = outcome.value if many else [outcome.value]
        assert len(ids) == len(rows) and all(isinstance(i, int) for i in ids)
        for item_id, fields in zip(ids, rows, strict=True):
            item = probe.ws.item(item_id)
            _check_read_back(item, fields)
            assert item["version"] == 1 and item["status"] in ("idea", "draft")
            year = _expected_year(fields)
            if year is not None:
                assert item["year"] == year
            for name in ("title", "notes"):
                if name not in fields:
                    assert item[name] == ""
        probe.sound_rows(ids)

    attack()
    print(sorted(tally.items()))
    probe.close()


def test_add_items_with_odd_containers(probe: Probe):
    """500 cases: add_items / apply given things that are not lists of dicts."""
    odd = st.one_of(
        anything,
        st.lists(anything, max_size=3),
        st.dictionaries(anything.filter(lambda k: k.__hash__ is not None), anything, max_size=2),
        st.lists(st.dictionaries(st.one_of(st.integers(), st.none(), st.text(max_size=3)), anything, max_size=3)),
    )

    @cases(500)
    @given(value=odd, which=st.sampled_from(["add_items", "apply", "add_item_dict"]))
    def attack(value, which):
        if KNOWN_BUGS["non_iterable_batches"] and which != "add_item_dict":
            try:
                iter(value)
            except TypeError:
                return
        before = probe.last_change()
        if which == "add_items":
            outcome = attempt(lambda: probe.ws.add_items(value), value)
        elif which == "apply":
            outcome = attempt(lambda: probe.ws.apply(value), value)
        else:
            outcome = attempt(lambda: probe.ws.add_items([value]), value)
        if outcome.ok:  # only an empty batch may succeed, and it writes nothing
            assert outcome.value == [], f"{which}({value!r}) → {outcome.value!r}"
        assert probe.last_change() == before

    attack()
    probe.close()


# --------------------------------------------------------------------------- update / apply


def _pool(probe: Probe) -> list[int]:
    ids = []
    for status in ("idea", "draft", "in_review", "approved", "published", "cancelled"):
        for unit in probe.units[:2]:
            ids.append(probe.to_status(probe.new_item(unit_id=unit, event_id=probe.events[0]), status)["item_id"])
    return ids


def _as_stored(value: Any) -> Any:
    """A value as the items table holds it (dates as ISO text, None as NULL)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _real_changes(current: dict, fields: dict[str, V]) -> set[str]:
    """Fields whose value differs from the stored one; an edit to the same value changes nothing
    (the README: saving an item unchanged is not an edit). A value whose verdict is not OK counts."""
    return {k for k, v in fields.items() if v.verdict != OK or _as_stored(v.stored) != current.get(k)}


def _update_verdict(current: dict, version: V, fields: dict[str, V]) -> str:
    verdict = _verdict(fields, adding=False)
    if version.verdict == BAD or verdict == BAD:
        return BAD
    names = _real_changes(current, fields)
    status = current["status"]
    if status == "published" and names - {"notes", "link", "published_at"}:
        return BAD
    if status == "cancelled" and names - {"notes"}:
        return BAD
    if not fields:
        return ANY
    return ANY if ANY in (version.verdict, verdict) else OK


@dataclass(frozen=True)
class VersionPlan:
    """Which version an edit sends, decided before the item's current version is known."""

    kind: str  # current | offset | literal | text | float
    value: Any = None
    verdict: str = OK

    def resolve(self, current: int) -> V:
        if self.kind == "current":
            return ok(current, current)
        if self.kind == "offset":
            return bad(current + self.value)
        if self.kind == "text":
            return unsure(self.value.format(current))
        if self.kind == "float":
            return unsure(float(current))
        return V(self.value, self.verdict)


_other_versions = st.one_of(
    st.sampled_from([-1, 1, 10**6]).map(lambda d: VersionPlan("offset", d)),
    st.sampled_from([None, 0, -1, 2**63, 10**30, True, False, "abc", "", [1], {"v": 1}, b"1", float("nan")]).map(
        lambda x: VersionPlan("literal", x, BAD)
    ),
    st.sampled_from(["{}", " {} "]).map(lambda t: VersionPlan("text", t)),
    st.just(VersionPlan("float")),
    anything.map(lambda x: VersionPlan("literal", x, ANY)),
)


@st.composite
def version_plans(draw) -> VersionPlan:
    """Mostly the current version (so edits get through to the fields), else a wrong one."""
    return VersionPlan("current") if draw(st.integers(0, 9)) < 7 else draw(_other_versions)


def _after_publish_fields():
    links = st.one_of(
        st.sampled_from(["https://example.com/a", "http://zalo.me/b", "HTTPS://EXAMPLE.COM/c"]).map(
            lambda s: ok(s, s)
        ),
        st.sampled_from(["javascript:alert(1)", "ftp://x", "https://a b", "example.com", "http://", "\x00"]).map(bad),
        _not_text.map(bad),
        odd_text.map(unsure),
    )
    stamps = st.one_of(
        st.sampled_from(["không rõ", "hôm qua", "2O25-01-01", "\x00", "31/2/2025"]).map(bad),
        st.one_of(huge_ints, st.lists(st.integers(), max_size=2)).map(bad),
        st.one_of(odd_dates, odd_text).map(unsure),
    )
    return {"link": links, "published_at": stamps}


def _refused_unless_stored(v):
    """A link field set on an item not yet published: refused, unless it is what is stored (none): a no-op."""
    blank = v.value is None or (isinstance(v.value, str) and not v.value.strip())  # the store strips text
    return unsure(v.value) if blank else bad(v.value)


def test_update_item_and_apply(probe: Probe):
    """2,500 cases: update_item / apply / move_item / reassign_item on items in every status."""
    pool = _pool(probe)
    extra = _after_publish_fields()
    tally = Counter()

    @st.composite
    def edits(draw):
        item_id = draw(st.sampled_from(pool))
        plan = draw(version_plans())
        forbidden = [f for f in FORBIDDEN if f not in ("item_id", "version")]
        fields = draw(field_sets(probe.strategies, forbidden=forbidden, optional=4))
        if draw(st.integers(0, 5)) == 0:
            for name in draw(st.lists(st.sampled_from(["link", "published_at"]), max_size=2, unique=True)):
                fields[name] = draw(extra[name])
        if draw(st.integers(0, 14)) == 0:
            fields["status"] = bad(draw(st.sampled_from(sorted(STATUSES))))
        return item_id, plan, fields

    def resolve(edit):
        """The edit against the item as it is now: its version, and link fields refused unless published."""
        item_id, plan, fields = edit
        current = probe.row(item_id)
        if current["status"] != "published":  # refused — unless it is what is stored already (no link yet): a no-op
            fields = {k: _refused_unless_stored(v) if k in ("link", "published_at") else v for k, v in fields.items()}
        return item_id, current, plan.resolve(current["version"]), fields

    @cases(2500)
    @given(batch=st.lists(edits(), min_size=1, max_size=3), how=st.sampled_from(["update", "apply", "move", "assign"]))
    def attack(batch, how):
        if how != "apply":
            batch = batch[:1]
        batch = [resolve(e) for e in batch]
        item_id, current, version, fields = batch[0]
        if how == "move":
            fields = {"date": fields.get("date", ok(dt.date(2025, 6, 1), dt.date(2025, 6, 1)))}
        elif how == "assign":
            fields = {"unit_id": fields.get("unit_id", ok(probe.units[1], probe.units[1]))}
        batch[0] = (item_id, current, version, fields)
        verdicts = [_update_verdict(c, v, f) for _, c, v, f in batch]
        if how != "apply" and verdicts[0] == ANY and not fields:
            verdicts = [ANY]
        ids = [i for i, *_ in batch]
        if len(set(ids)) < len(ids):
            verdicts.append(BAD)
        changes = [{k: v.value for k, v in f.items()} for *_, f in batch]
        before = probe.versions()
        ws, v = probe.ws, version.value
        if how == "update":
            outcome = attempt(lambda: ws.update_item(item_id, version=v, **changes[0]), changes, v)
        elif how == "move":
            outcome = attempt(lambda: ws.move_item(item_id, fields["date"].value, version=v), changes, v)
        elif how == "assign":
            outcome = attempt(lambda: ws.reassign_item(item_id, fields["unit_id"].value, version=v), changes, v)
        else:
            edits_ = [(i, v.value, ch) for (i, _, v, _), ch in zip(batch, changes, strict=True)]
            outcome = attempt(lambda: ws.apply(edits_), edits_)
        tally[f"{how}: {'saved' if outcome.ok else type(outcome.error).__name__}"] += 1
        if BAD in verdicts:
            assert not outcome.ok, f"accepted invalid edit {how} {batch}"
        elif set(verdicts) == {OK}:
            assert outcome.ok, f"refused valid edit {how} {batch}: {outcome.error}"
        after = probe.versions()
        if not outcome.ok:
            assert after == before, "a refused edit changed versions (not all-or-nothing)"
            return
        saved = outcome.value if how == "apply" else [outcome.value]
        for (i, current, _, f), item in zip(batch, saved, strict=True):
            assert item["item_id"] == i
            sure = all(v.verdict == OK for v in f.values())  # an unsure value may turn out to be the stored one
            bumps = {1 if _real_changes(current, f) else 0} if sure else {0, 1}
            assert after[i] - before[i] in bumps and after[i] == item["version"], f"version {before[i]} → {after[i]}"
            _check_read_back(item, f)
            if current["status"] in ("idea", "draft", "in_review", "published", "cancelled"):
                assert item["status"] == current["status"]
            elif "title" in f and f["title"].verdict == OK and f["title"].stored != current["title"]:
                assert item["status"] == "in_review", "an approved item's title changed without going back to review"
        assert {k: v for k, v in after.items() if k not in ids} == {k: v for k, v in before.items() if k not in ids}
        probe.sound_rows(ids)

    attack()
    print(sorted(tally.items()))
    probe.close()

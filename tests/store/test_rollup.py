"""The output rollup and the writes that keep it: platform posts recorded, corrected, undone.

The property: after any sequence of platform imports, unit reports, match corrections and undos
(failed ones included), the ``output_rollup`` table equals the same sums computed here from the
raw ``outputs`` rows with plain Python — and so does a full rebuild.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from planner.errors import ConflictError, InvalidValueError, PlannerError
from tests.helpers import db_rows

UNITS = ("dang-uy-phuong-1", "dang-uy-phuong-2", "hoi-phu-nu")
PLATFORMS = ("facebook", "tiktok", "zalo")
FORMATS = ("post", "short_video")
LIMIT = 90  # data/organisation.toml short_video_seconds




def oracle(ws) -> dict:
    """The rollup computed from the raw outputs, independently of the store's SQL."""
    sums: dict = defaultdict(lambda: [0, None, None, None, None, 0, 0, 0])
    rows = db_rows(
        ws,
        "SELECT unit_id, published_at, platform, format, views, reactions, shares, comments, duration_s, item_id "
        "FROM outputs"
    )
    for unit, at, platform, fmt, views, reactions, shares, comments, duration, item in rows:
        if not at:
            continue
        entry = sums[(unit, at[:10], platform, fmt)]
        entry[0] += 1
        for i, value in enumerate((views, reactions, shares, comments), start=1):
            if value is not None:
                entry[i] = (entry[i] or 0) + value
        entry[5] += duration is not None
        entry[6] += duration is not None and duration <= LIMIT
        entry[7] += item is not None
    return {k: tuple(v) for k, v in sums.items()}


def stored(ws) -> dict:
    rows = db_rows(
        ws,
        "SELECT unit_id, day, platform, format, outputs, views, reactions, shares, comments, videos, "
        "short_videos, matched FROM output_rollup"
    )
    return {tuple(r[:4]): tuple(r[4:]) for r in rows}


def months(by_day: dict) -> dict:
    """The day sums added up per month (unknown stays None unless some day knows it)."""
    sums: dict = {}
    for (unit, day, platform, fmt), values in by_day.items():
        key = (unit, day[:7], platform, fmt)
        old = sums.get(key)
        sums[key] = values if old is None else tuple(
            None if a is None and b is None else (a or 0) + (b or 0) for a, b in zip(old, values, strict=True))
    return sums


def stored_months(ws) -> dict:
    rows = db_rows(
        ws,
        "SELECT unit_id, month, platform, format, outputs, views, reactions, shares, comments, videos, "
        "short_videos, matched FROM output_rollup_month"
    )
    return {tuple(r[:4]): tuple(r[4:]) for r in rows}


def _item(ws, unit: str, day: dt.date, fmt: str = "post", platform: str = "facebook") -> int:
    return ws.add_item(unit_id=unit, format=fmt, platform=platform, theme="event", date=day, title=f"Bài {unit} {day}")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    ws = planner.open_workspace(tmp_path_factory.mktemp("rollup") / "ws", user="chuyenvien")
    items = {u: [_item(ws, u, dt.date(2025, 5, d)) for d in (1, 2, 3)] for u in UNITS}
    yield ws, items
    ws.close()


post = st.fixed_dictionaries(
    {
        "unit_id": st.sampled_from(UNITS),
        "platform": st.sampled_from(PLATFORMS),
        "format": st.sampled_from(FORMATS),
        "url": st.integers(0, 7).map(lambda n: f"https://example.vn/bai/{n}"),
        "title": st.sampled_from(["", "Mừng Đảng mừng Xuân", "Video ngắn"]),
        "published_at": st.one_of(
            st.dates(dt.date(2025, 4, 30), dt.date(2025, 5, 3)),
            st.datetimes(dt.datetime(2025, 4, 30), dt.datetime(2025, 5, 3, 23)),
        ),
        "views": st.none() | st.integers(0, 10_000),
        "reactions": st.none() | st.integers(0, 100),
        "shares": st.none() | st.integers(0, 100),
        "comments": st.none() | st.integers(0, 100),
        "duration_s": st.none() | st.integers(0, 300),
        "item_slot": st.none() | st.integers(0, 2),
    }
)
op = st.one_of(
    st.tuples(st.just("import"), st.lists(post, min_size=1, max_size=6)),
    st.tuples(st.just("report"), st.sampled_from(UNITS), st.integers(0, 2), st.integers(0, 7), st.integers(0, 500)),
    st.tuples(st.just("match"), st.integers(0, 30), st.none() | st.integers(0, 2)),
    st.tuples(st.just("undo")),
)


def _run(ws, items, step) -> None:
    kind = step[0]
    if kind == "import":
        rows = []
        for p in step[1]:
            row = {k: v for k, v in p.items() if k != "item_slot"}
            row["item_id"] = None if p["item_slot"] is None else items[p["unit_id"]][p["item_slot"]]
            rows.append(row)
        ws.record_platform_outputs(rows, source="hypothesis")
    elif kind == "report":
        _, unit, slot, url, views = step
        item = ws.item(items[unit][slot])
        ws.record_outputs([{"item_id": item["item_id"], "version": item["version"],
                            "url": f"https://example.vn/bai/{url}", "published_at": "2/5/2025", "views": views}])
    elif kind == "match":
        outputs = ws.outputs()
        if outputs.empty:
            return
        row = outputs.iloc[step[1] % len(outputs)]
        item = None if step[2] is None else items[row["unit_id"]][step[2]] if row["unit_id"] in items else None
        ws.set_output_item(int(row["output_id"]), item, version=int(row["version"]))
    else:
        ws.undo()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(op, min_size=1, max_size=8))
def test_rollup_equals_the_outputs_after_random_imports_edits_and_undos(shared, steps):
    ws, items = shared
    for step in steps:
        before = stored(ws)
        try:
            _run(ws, items, step)
        except PlannerError:
            assert stored(ws) == before  # a refused write leaves the rollup as it was
        assert stored(ws) == oracle(ws), step
        assert stored_months(ws) == months(oracle(ws)), step
    ws.rebuild_rollup()
    assert stored(ws) == oracle(ws) and stored_months(ws) == months(oracle(ws))


# ------------------------------------------------------------------------------ platform posts, one by one
def _post(n: int = 1, **over) -> dict:
    row = {"unit_id": "dang-uy-phuong-1", "platform": "facebook", "format": "post", "url": f"https://fb.com/p/{n}",
           "title": f"Bài số {n}", "published_at": dt.datetime(2025, 5, 3, 14, 30), "duration_s": None,
           "views": 100, "reactions": None, "shares": 4, "comments": None, "item_id": None}
    row.update(over)
    return row


def test_platform_posts_are_recorded_once_with_their_time_and_unknowns(workspace):
    done = workspace.record_platform_outputs([_post(1), _post(2, platform="tiktok", format="short_video",
                                                              duration_s=45, views=None)], source="fb.csv")
    assert len(done.output_ids) == 2 and done.outputs_added == done.output_ids and done.change_id
    out = workspace.outputs().set_index("output_id")
    first = out.loc[done.output_ids[0]]
    assert first["published_at"] == dt.datetime(2025, 5, 3, 14, 30)  # the time of day is kept
    assert first["title"] == "Bài số 1" and first["source_file"] == "fb.csv"
    assert first["reactions"] is pd_na() and first["views"] == 100  # unknown stays unknown, never 0
    again = workspace.record_platform_outputs([_post(1), _post(2, platform="tiktok", format="short_video",
                                                               duration_s=45, views=None)], source="fb.csv")
    assert again.change_id is None and again.outputs_unchanged == done.output_ids and not again.outputs_added
    assert len(workspace.outputs()) == 2
    roll = workspace.rollup()
    assert roll["outputs"].sum() == 2 and roll["short_videos"].sum() == 1 and roll["videos"].sum() == 1
    assert roll.loc[roll["platform"] == "tiktok", "views"].isna().all()
    by_month = workspace.rollup("1/5/2025", "31/5/2025", by="month")
    assert by_month["month"].tolist() == ["2025-05", "2025-05"] and by_month["outputs"].sum() == 2


def pd_na():
    import pandas as pd

    return pd.NA


def test_a_post_already_reported_by_its_unit_is_updated_keeping_its_item(workspace):
    item_id = _item(workspace, "dang-uy-phuong-1", dt.date(2025, 5, 3))
    item = workspace.item(item_id)
    workspace.record_outputs([{"item_id": item_id, "version": item["version"], "url": "https://fb.com/p/1",
                               "published_at": "3/5/2025", "views": 50}], source="bao-cao.xlsx")
    done = workspace.record_platform_outputs([_post(1, format="short_video", views=None, shares=9)], source="fb.csv")
    out = workspace.outputs()
    assert len(out) == 1 and done.outputs_updated == [int(out["output_id"][0])]
    row = out.iloc[0]
    assert row["item_id"] == item_id and row["format"] == "post"  # the plan's format, its item kept
    assert row["views"] == 50 and row["shares"] == 9  # a None from the platform leaves the known value
    assert row["published_at"] == dt.datetime(2025, 5, 3, 14, 30)
    assert row["source_file"] == "bao-cao.xlsx"
    assert workspace.rollup()["matched"].sum() == 1


def test_bad_rows_are_refused_naming_the_row_and_nothing_is_written(workspace):
    cases = [
        (_post(2, unit_id="khong-co"), "dòng 2", "unit_id"),
        (_post(2, url=""), "dòng 2", "url"),
        (_post(2, url="fb.com/p/2"), "dòng 2", "url"),
        (_post(2, published_at=None), "dòng 2", "published_at"),
        (_post(2, views=-1), "dòng 2", "views"),
        (_post(2, views="nhiều"), "dòng 2", "views"),
        (_post(2, format="reel"), "dòng 2", "format"),
        (_post(2, item_id=10**9), "dòng 2", "item_id"),
        (_post(1), "dòng 2", "url"),  # the same post twice
    ]
    for bad, where, field in cases:
        with pytest.raises(InvalidValueError) as caught:
            workspace.record_platform_outputs([_post(1), bad], source="x")
        assert where in str(caught.value) and caught.value.field == field, str(caught.value)
    assert workspace.outputs().empty and workspace.rollup().empty
    assert "import_platform" not in set(workspace.change_sets()["action"])


def test_odd_text_is_stored_nfc_long_captions_are_cut_and_wrong_shapes_are_refused(workspace):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Tuổi trẻ Vũng Tàu 🇻🇳")
    done = workspace.record_platform_outputs([_post(1, title=nfd), _post(2, title="Dài " * 5000)], source=nfd)
    out = workspace.outputs().set_index("output_id")
    assert out.loc[done.output_ids[0], "title"] == unicodedata.normalize("NFC", nfd)
    assert out.loc[done.output_ids[0], "source_file"] == unicodedata.normalize("NFC", nfd)
    assert len(out.loc[done.output_ids[1], "title"]) <= 2000
    for rows in (None, 42, _post(3), "https://fb.com/p/3", [None], [[1, 2]]):
        with pytest.raises(InvalidValueError):
            workspace.record_platform_outputs(rows, source="x")
    with pytest.raises(InvalidValueError):
        workspace.record_platform_outputs([_post(3, title="a\x00b")], source="x")
    assert len(workspace.outputs()) == 2


def test_a_match_to_another_units_item_or_a_taken_item_is_refused(workspace):
    other = _item(workspace, "dang-uy-phuong-2", dt.date(2025, 5, 3))
    with pytest.raises(InvalidValueError, match="thuộc đơn vị"):
        workspace.record_platform_outputs([_post(1, item_id=other)], source="x")
    mine = _item(workspace, "dang-uy-phuong-1", dt.date(2025, 5, 3))
    workspace.record_platform_outputs([_post(1, item_id=mine)], source="x")
    with pytest.raises(InvalidValueError, match="đã có sản phẩm khác"):
        workspace.record_platform_outputs([_post(2, item_id=mine)], source="x")
    assert len(workspace.outputs()) == 1


def test_set_output_item_corrects_a_match_versioned_and_undoable(workspace):
    item_id = _item(workspace, "dang-uy-phuong-1", dt.date(2025, 5, 3))
    done = workspace.record_platform_outputs([_post(1)], source="x")
    output_id = done.output_ids[0]
    row = workspace.set_output_item(output_id, item_id, version=1)
    assert row["item_id"] == item_id and row["version"] == 2
    assert workspace.rollup()["matched"].sum() == 1
    with pytest.raises(ConflictError):
        workspace.set_output_item(output_id, None, version=1)
    assert workspace.audit(entity="output", entity_id=output_id)["action"].tolist()[-1] == "update"
    workspace.undo()
    assert workspace.outputs()["item_id"].isna().all() and workspace.rollup()["matched"].sum() == 0


def test_an_import_is_undone_whole_and_the_rollup_follows(workspace):
    workspace.record_platform_outputs([_post(n) for n in range(1, 6)], source="x")
    workspace.record_platform_outputs([_post(1, views=999), _post(9)], source="y")
    assert workspace.rollup()["outputs"].sum() == 6
    workspace.undo()
    assert workspace.rollup()["outputs"].sum() == 5 and workspace.rollup()["views"].sum() == 500
    workspace.undo()
    assert workspace.outputs().empty and workspace.rollup().empty


def test_read_only_workspace_refuses_platform_posts(workspace):
    reader = planner.open_workspace(workspace.folder, read_only=True)
    try:
        with pytest.raises(PlannerError, match="chỉ cho phép đọc"):
            reader.record_platform_outputs([_post(1)], source="x")
    finally:
        reader.close()
    assert workspace.outputs().empty

"""open_workspace attacked with generated paths and arguments (issue 6 §1.1–1.3, "Must show").

Rules (README "Dữ liệu nằm ở đâu", ``planner.store.engine`` docstring), checked from outside:

* a folder path names exactly its own ``planner.sqlite``: ``?``, ``#``, ``%``, spaces and
  Vietnamese letters in it are part of the name, so each folder keeps its own items;
* a file that is not a planner workspace (another program's SQLite file, text, an empty or
  truncated file, a file where a folder is expected) is refused and left byte-for-byte as it was;
* a refused call leaves no temporary file behind; an opened workspace can be read and
  (unless read-only) written, and its file passes ``integrity_check``;
* every failure is a PlannerError in Vietnamese.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner
from tests.properties._support import KNOWN_BUGS, anything, assert_sound, attempt, cases, mostly, nfc

#: Some generated values are 10,000-character strings; Hypothesis warns that their repr is long.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

_NAME_CHARS = "ab Đđư?#%&=+;,'!~@$()[]{}.-_😀ă" + "\u2028\u0301"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@pytest.fixture
def place(tmp_path):
    """A folder with things a user might point open_workspace at."""
    root = tmp_path / "nơi làm việc"
    root.mkdir()
    ws = planner.open_workspace(root / "có sẵn", user="chuyenvien")
    ws.add_item(unit_id="ban-tuyen-giao", format="post", platform="facebook", theme="event", year=2025, title="Có sẵn")
    ws.close()
    con = sqlite3.connect(root / "khac.sqlite")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('ghi chú của chương trình khác')")
    con.commit()
    con.close()
    con = sqlite3.connect(root / "trung-ten.sqlite")
    con.execute("CREATE TABLE meta (key TEXT, value TEXT)")  # a table name planner also uses
    con.commit()
    con.close()
    (root / "van-ban.sqlite").write_text("không phải cơ sở dữ liệu\n", encoding="utf-8")
    (root / "rong.sqlite").write_bytes(b"")
    whole = (root / "có sẵn" / "planner.sqlite").read_bytes()
    (root / "cat-ngan.sqlite").write_bytes(whole[: len(whole) // 2])
    (root / "cat-dau.sqlite").write_bytes(whole[:100])
    (root / "mot-tep").write_text("tệp thường", encoding="utf-8")
    (root / "thu-muc-co-tep-la").mkdir()
    shutil.copy(root / "khac.sqlite", root / "thu-muc-co-tep-la" / "planner.sqlite")
    (root / "du-lieu-rong").mkdir()
    return root


@pytest.mark.sqlite_only("paths naming their own SQLite files; other programs', empty and cut files")
def test_open_workspace(place: Path):
    """250 cases: open_workspace(path, data_dir=, user=, read_only=) with generated arguments."""
    fixed = sorted(p for p in place.rglob("*") if p.is_file())
    before = {p: _digest(p) for p in fixed if "có sẵn" not in p.parts}
    titles: dict[Path, set[str]] = {}
    tally = Counter()
    names = st.text(alphabet=st.sampled_from(_NAME_CHARS), min_size=1, max_size=24).filter(
        lambda n: n.strip(" .") and "/" not in n
    )
    paths = mostly(
        st.one_of(
            names.map(lambda n: place / "mới" / n),
            names.map(lambda n: place / "mới" / n / "con" / "cháu"),
            names.map(lambda n: str(place / "mới" / f"{n}.sqlite")),
            st.sampled_from(
                [
                    place / "có sẵn",
                    place / "có sẵn" / "planner.sqlite",
                    str(place / "có sẵn"),
                    place / "khac.sqlite",
                    place / "trung-ten.sqlite",
                    place / "van-ban.sqlite",
                    place / "rong.sqlite",
                    place / "cat-ngan.sqlite",
                    place / "cat-dau.sqlite",
                    place / "mot-tep",
                    place / "mot-tep" / "con",
                    place / "thu-muc-co-tep-la",
                    *([] if KNOWN_BUGS["long_path"] else [place / "mới" / ("x" * 300), place / "mới" / ("đ" * 200)]),
                    f"sqlite:///{place / 'url.sqlite'}",
                    "khong-co://máy-chủ/csdl",
                    "://",
                    "",
                    "   ",
                    str(place) + "\x00",
                ]
            ),
        ),
        st.one_of(anything.filter(lambda v: v is not None), st.just(bytes(place / "mới" / "byte"))),
        tenths=9,
    )

    @cases(250)
    @given(
        path=paths,
        user=mostly(st.sampled_from([None, "chuyenvien", "Nguyễn Văn A"]), st.one_of(names, anything)),
        data_dir=mostly(
            st.none(),
            st.sampled_from([place / "du-lieu-rong", place / "mot-tep", place / "không-có", 5, b"data", ["data"]]),
            tenths=9,
        ),
        read_only=mostly(st.just(False), st.one_of(st.just(True), anything), tenths=8),
    )
    def attack(path, user, data_dir, read_only):
        outcome = attempt(
            lambda: planner.open_workspace(path, data_dir=data_dir, user=user, read_only=read_only),
            path, user, data_dir,
        )  # fmt: skip
        tally["opened" if outcome.ok else type(outcome.error).__name__] += 1
        for p, digest in before.items():
            assert _digest(p) == digest, f"{p.name} changed by open_workspace({path!r})"
        leftovers = [p for p in place.rglob(".planner-new-*")]
        assert not leftovers, f"temporary files left behind: {leftovers}"
        if not outcome.ok:
            return
        ws = outcome.value
        try:
            _use(ws, path, read_only, titles)
        finally:
            ws.close()

    attack()
    for db_file in titles:
        assert_sound(db_file)
    print(sorted(tally.items()))


def _use(ws, path, read_only, titles: dict[Path, set[str]]) -> None:
    """Read the workspace; write one item named after the path; each file holds only its own path's items."""
    items = attempt(ws.items).value
    db_file = _db_file(path)
    if db_file is None:
        return
    assert db_file.exists(), f"open_workspace({path!r}) did not create {db_file}"
    mine = titles.setdefault(db_file.resolve(), {"Có sẵn"} if "có sẵn" in str(path) else set())
    stray = set(items["title"]) - mine
    assert not stray, f"{db_file} holds items written through another path: {sorted(stray)[:3]}"
    if read_only is False or (read_only is None):
        title = f"Nội dung của {Path(str(path)).name}"[:200].replace("\u2028", " ")
        outcome = attempt(
            lambda: ws.add_item(unit_id="ban-tuyen-giao", format="post", platform="facebook", theme="event",
                                year=2025, title=title),
            title,
        )  # fmt: skip
        if outcome.ok:
            mine.add(nfc(title))


def _db_file(path) -> Path | None:
    if isinstance(path, bytes):
        path = path.decode()
    text = str(path)
    if text.startswith("sqlite:///"):
        return Path(text.removeprefix("sqlite:///"))
    if "://" in text:
        return None
    p = Path(text)
    return p if p.suffix in (".sqlite", ".db") else p / "planner.sqlite"

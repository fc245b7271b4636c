"""Review helpers: an item's findings run now, and the queue of items waiting for review."""


import pandas as pd
import pytest

import planner
from planner.checks import FINDING_COLUMNS
from planner.errors import InvalidValueError
from planner.review import review_queue
from tests.helpers import db_execute


def test_check_item_runs_now_against_the_current_name_list(workspace, data_dir):
    item_id = workspace.add_item(
        unit_id="mttq",
        date="2025-11-18",
        title="Ngày hội Đại đoàn kết ở khu phố Bãi Dâu",
        format="post",
        platform="facebook",
        theme="event",
    )
    assert planner.check_item(workspace, item_id).empty
    with (data_dir / "official_names.csv").open("a", encoding="utf-8") as fh:
        fh.write("Bãi Dâu,Bãi dâu,error,tên riêng địa danh\n")
    workspace.import_official_names(data_dir / "official_names.csv")
    title = "Ngày hội Đại đoàn kết ở khu phố Bãi dâu"
    db_execute(workspace, "UPDATE items SET title = ? WHERE item_id = ?", title, item_id)
    found = planner.check_item(workspace, item_id)
    assert list(found.columns) == FINDING_COLUMNS
    assert found[["item_id", "unit_id", "date", "code", "field"]].values.tolist() == [
        [item_id, "mttq", pd.Timestamp("2025-11-18"), "official_name", "title"]
    ]
    assert found.iloc[0]["message"].startswith("Viết sai tên chính thức: 'Bãi dâu' → viết đúng là 'Bãi Dâu'")


def test_review_queue(workspace):
    good = workspace.add_item(
        unit_id="hoi-phu-nu",
        date="2025-10-20",
        format="post",
        platform="facebook",
        theme="event",
        title="Kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam",
    )
    bad = workspace.add_item(
        unit_id="hoi-phu-nu",
        date="2025-10-19",
        format="post",
        platform="zalo",
        theme="event",
        title="Chào mừng Hội Liên Hiệp Phụ Nữ Việt Nam  95 năm",
    )
    workspace.add_item(
        unit_id="hoi-phu-nu", date="2025-10-18", format="post", platform="zalo", theme="event", title="Chưa gửi duyệt"
    )
    for item_id in (good, bad):
        row = workspace.set_status(item_id, "draft", version=1)
        workspace.set_status(item_id, "in_review", version=row["version"])
    queue = planner.review_queue(workspace, year=2025)
    assert list(queue["item_id"]) == [bad, good]  # by date
    assert queue.set_index("item_id").loc[bad, ["errors", "warnings"]].tolist() == [1, 1]
    assert queue.set_index("item_id").loc[good, ["errors", "warnings"]].tolist() == [0, 0]
    assert queue["date"].iloc[0] == pd.Timestamp("2025-10-19")


@pytest.mark.parametrize("year", ["2025", 2025.0, True, 1800])
def test_review_queue_takes_a_plan_year_as_planning_does(workspace, year):
    """Found by the property tests: review_queue(ws, year='2025') answered where generate_plan refuses."""
    with pytest.raises(InvalidValueError, match="1900 đến (năm )?2100"):
        review_queue(workspace, year=year)

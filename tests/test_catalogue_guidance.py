"""The packaged catalogue is complete for the anniversaries yearly guidance names (issue 11, point 3).

Each line below is written as the yearly lists write them (2020–2026). For every one, the packaged
catalogue (``data/events.csv``) must give the event on the stated date with the stated number — read
through :func:`planner.read_guidance` (it matches the line, nothing is new) and checked again in
:func:`planner.occurrences` (the calendar the planner sees).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import planner
from planner.catalogue import read_events

LINES: dict[int, list[str]] = {
    2020: [
        "Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 - 3/2/2020)",
        "Kỷ niệm 130 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2020)",
        "Kỷ niệm 45 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2020)",
        "Kỷ niệm 100 năm Ngày sinh đồng chí Lê Đức Anh (01/12/1920 - 01/12/2020)",
        "Kỷ niệm 90 năm Ngày truyền thống ngành Tổ chức xây dựng Đảng (14/10/1930-14/10/2020)",
        "Kỷ niệm 90 năm Ngày Xô viết Nghệ Tĩnh (12/9/1930 – 12/9/2020)",
        "Kỷ niệm 80 năm Ngày Nam Kỳ khởi nghĩa (23/11/1940 - 23/11/2020)",
        "Kỷ niệm 110 năm Ngày sinh đồng chí Nguyễn Thị Minh Khai (30/9/1910 - 30/9/2020)",
    ],
    2021: [
        "Kỷ niệm 110 năm Ngày Bác Hồ ra đi tìm đường cứu nước (5/6/1911 - 5/6/2021)",
        "Kỷ niệm 110 năm Ngày sinh đồng chí Lê Đức Thọ (10/10/1911 - 10/10/2021)",
        "Kỷ niệm 110 năm Ngày sinh Đại tướng Võ Nguyên Giáp (25/8/1911 - 25/8/2021)",
        "Kỷ niệm 90 năm Ngày thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh (26/3/1931 - 26/3/2021)",
    ],
    2022: [
        "Kỷ niệm 120 năm Ngày sinh đồng chí Lê Hồng Phong (6/9/1902 - 6/9/2022)",
        "Kỷ niệm 92 năm Ngày truyền thống công tác Dân vận của Đảng (15/10/1930 - 15/10/2022)",
        "Kỷ niệm 110 năm Ngày sinh đồng chí Nguyễn Văn Cừ (9/7/1912 - 9/7/2022)",
    ],
    2023: [
        "Kỷ niệm 135 năm Ngày sinh Chủ tịch Tôn Đức Thắng (20/8/1888 – 20/8/2023)",
        "Kỷ niệm 75 năm Ngày truyền thống ngành Kiểm tra Đảng (16/10/1948 - 16/10/2023)",
        "Kỷ niệm 110 năm Ngày sinh đồng chí Chu Huy Mân (17/3/1913 - 17/3/2023)",
    ],
    2024: [
        "Kỷ niệm 110 năm Ngày sinh Đại tướng Nguyễn Chí Thanh (1/1/1914 - 1/1/2024)",
        "Kỷ niệm 120 năm Ngày sinh đồng chí Trần Phú, Tổng Bí thư đầu tiên của Đảng (01/5/1904 - 01/5/2024)",
        "Kỷ niệm 115 năm Ngày sinh đồng chí Hoàng Văn Thụ (4/11/1909 - 4/11/2024)",
        "Kỷ niệm 70 năm Chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2024)",
    ],
    2025: [
        "Kỷ niệm 110 năm Ngày sinh đồng chí Nguyễn Văn Linh (1/7/1915 - 1/7/2025)",
        "Kỷ niệm 120 năm Ngày sinh đồng chí Hoàng Quốc Việt (28/5/1905 - 28/5/2025)",
        "Kỷ niệm 70 năm Ngày thành lập Hải quân nhân dân Việt Nam (7/5/1955 - 7/5/2025)",
        "Kỷ niệm 80 năm Cách mạng Tháng Tám thành công (19/8/1945 - 19/8/2025) và Quốc khánh nước Cộng hoà "
        "xã hội chủ nghĩa Việt Nam (2/9/1945 - 2/9/2025)",
        "Kỷ niệm 80 năm Ngày Nam Bộ kháng chiến (23/9/1945 - 23/9/2025)",
        "Kỷ niệm 80 năm Ngày truyền thống Thanh tra Việt Nam (23/11/1945 - 23/11/2025)",
    ],
    2026: [
        "Kỷ niệm 120 năm Ngày sinh đồng chí Hà Huy Tập (24/4/1906 - 24/4/2026)",
        "Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)",
        "Kỷ niệm 109 năm Ngày sinh đồng chí Đỗ Mười (2/2/1917 - 2/2/2026)",
        "Kỷ niệm 119 năm Ngày sinh đồng chí Lê Duẩn (7/4/1907 - 7/4/2026)",
        "Kỷ niệm 119 năm Ngày sinh đồng chí Trường Chinh (9/2/1907 - 9/2/2026)",
    ],
}

_RANGE = re.compile(r"\((\d{1,2})/(\d{1,2})/(\d{4})\s*[-–]\s*(\d{1,2})/(\d{1,2})/(\d{4})\)")


@pytest.mark.parametrize("year", sorted(LINES))
def test_packaged_catalogue_gives_every_named_anniversary(year):
    text = "\n".join(LINES[year])
    result = planner.read_guidance(text, year=year)
    expected = [tuple(map(int, m.groups())) for m in _RANGE.finditer(text)]  # written apart from the reader
    assert len(result) == len(expected), result[["line", "status", "reason"]]
    assert result["verdict"].tolist() == ["matched"] * len(expected), result[["name", "verdict", "note"]]
    occ = planner.occurrences(year).set_index("event_id")
    for (_, row), (day, month, base, end_day, end_month, end_year) in zip(result.iterrows(), expected, strict=True):
        assert (day, month, end_year) == (end_day, end_month, year)
        stated = int(row["stated"])
        assert stated == year - base, row["text"]  # the test's lines themselves are right
        found = occ.loc[row["event_id"]]
        assert found["date"] == pd.Timestamp(year, month, day), row["name"]
        assert found["anniversary"] == stated
        assert f"({day}/{month}/{base} – {day}/{month}/{year})" in found["title"]


def test_every_catalogue_row_has_a_web_source():
    events = read_events()
    for row in events.itertuples():
        assert row.source.strip(), row.event_id
    added = [
        "sinh-ton-duc-thang", "sinh-le-hong-phong", "sinh-ha-huy-tap", "sinh-truong-chinh", "sinh-le-duan",
        "sinh-hoang-van-thu", "sinh-hoang-quoc-viet", "sinh-le-duc-tho", "sinh-nguyen-chi-thanh",
        "sinh-nguyen-van-linh", "sinh-do-muoi", "sinh-le-duc-anh", "truyen-thong-to-chuc-dang",
        "truyen-thong-kiem-tra-dang", "truyen-thong-dan-van", "truyen-thong-thanh-tra", "thanh-lap-hai-quan",
        "bac-ho-ra-di-tim-duong-cuu-nuoc", "xo-viet-nghe-tinh", "nam-bo-khang-chien", "khoi-nghia-nam-ky",
    ]  # fmt: skip
    rows = events.set_index("event_id").loc[added]
    for event_id, source in rows["source"].items():
        assert all(part.strip().startswith("http") for part in source.split("|")), event_id


def test_no_two_catalogue_events_are_read_as_one():
    """Every catalogue event, written as a guidance line for 2030, is matched to itself and to nothing else."""
    events = read_events()
    dated = events["day"].notna() & events["base_year"].notna()
    solar = events[dated & (events["calendar"] == "solar") & events["valid_until"].isna()]
    lines = [
        f"Kỷ niệm {2030 - int(e.base_year)} năm {e.name_vi} ({int(e.day)}/{e.month}/{int(e.base_year)} - "
        f"{int(e.day)}/{e.month}/2030)"
        for e in solar.itertuples()
    ]
    result = planner.read_guidance("\n".join(lines), year=2030)
    assert len(solar) > 70
    assert result["event_id"].tolist() == solar["event_id"].tolist()
    assert set(result["verdict"]) == {"matched"}

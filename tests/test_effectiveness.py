"""The effectiveness review: statistics and sentences checked against plain pandas computed here; figures
checked by inspecting the returned Axes; the public survey reader and its errors."""

from __future__ import annotations

import datetime as dt
import unicodedata

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from planner import effectiveness as eff  # noqa: E402
from planner.demo import SURVEY_FILE, demo_survey, write_demo_survey  # noqa: E402
from planner.errors import DataError, InvalidValueError  # noqa: E402
from planner.plots import effect as plots  # noqa: E402
from planner.strings import FORMAT_LABELS, PLATFORM_LABELS, THEME_LABELS  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def vn(value: float) -> str:
    """Independent Vietnamese number text: thousands with dots, one decimal with a comma."""
    if float(value).is_integer() or abs(value) >= 100:
        return f"{round(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


UNITS = pd.DataFrame({"unit_id": ["u1", "u2"], "short_name": ["ĐU Phường 1", "Hội Phụ nữ"]})
ITEMS = pd.DataFrame({
    "item_id": [1, 2, 3],
    "theme": ["good_deeds", "event", "leadership"],
    "title": ["Gương sáng khu phố", "Kỷ niệm 30/4", "Thông điệp Tổng Bí thư"],
})


def _outputs() -> pd.DataFrame:
    """A hand-built set of outputs: known medians per format and platform, one unknown view count, a
    date-only report, two posts of item 1, posts matching no item."""
    rows = [
        # output_id, item_id, unit, platform, format, published_at, duration, views, shares, title
        (1, 1, "u1", "tiktok", "short_video", "2025-03-01T19:10:00", 25, 5000, 200, ""),
        (2, 1, "u1", "facebook", "short_video", "2025-03-01T19:40:00", 25, 3000, 90, ""),
        (3, 2, "u2", "facebook", "post", "2025-04-30", None, 800, 10, ""),
        (4, 3, "u2", "facebook", "post", "2025-05-02T08:15:00", None, None, 4, ""),
        (5, None, "u1", "tiktok", "short_video", "2025-05-03T20:05:00", 45, 4000, 150, "Clip: hiến máu"),
        (6, None, "u1", "tiktok", "short_video", "2025-05-04T20:30:00", 75, 1500, 40, "Clip: hội thao"),
        (7, None, "u2", "facebook", "short_video", "2025-05-05T09:00:00", 200, 600, 5, "Phóng sự dài"),
        (8, None, "u2", "facebook", "post", "2025-05-06T11:20:00", None, 900, None, "Tin ngắn"),
        (9, None, "u2", "zalo", "post", "2025-05-07T11:45:00", None, 300, None, "Tin Zalo"),
        (10, None, "u1", "facebook", "post", "2025-05-08T21:00:00", None, 1200, 30, "Tin tối"),
        (11, None, "u1", "facebook", "infographic", "2025-05-09T10:00:00", None, 700, 20, "Đồ họa"),
        (12, None, "u1", "facebook", "post", "2025-05-10T21:30:00", None, 1100, 25, "Tin tối 2"),
    ]
    frame = pd.DataFrame(rows, columns=["output_id", "item_id", "unit_id", "platform", "format", "published_at",
                                        "duration_s", "views", "shares", "title"])
    frame["item_id"] = frame["item_id"].astype("Int64")
    for name in ("duration_s", "views", "shares"):
        frame[name] = frame[name].astype("Int64")
    frame["reactions"] = pd.array([None] * len(frame), dtype="Int64")
    frame["comments"] = pd.array([None] * len(frame), dtype="Int64")
    frame["published_at"] = pd.to_datetime(frame["published_at"], format="ISO8601")
    return frame


@pytest.fixture
def frame() -> pd.DataFrame:
    return eff.outputs_frame(_outputs(), ITEMS, UNITS)


# --------------------------------------------------------------------------- the joined frame


def test_outputs_frame_joins_items_and_keeps_unknown_unknown(frame):
    assert list(frame.columns) == eff.EFFECT_COLUMNS
    by_id = frame.set_index("output_id")
    assert by_id.loc[1, "theme"] == "good_deeds" and by_id.loc[1, "title"] == "Gương sáng khu phố"
    assert by_id.loc[5, "theme"] == eff.UNPLANNED and by_id.loc[5, "title"] == "Clip: hiến máu"
    assert by_id.loc[1, "unit_name"] == "ĐU Phường 1"
    # a report of the day only: no hour; a platform post: its hour and weekday
    assert not by_id.loc[3, "has_time"] and pd.isna(by_id.loc[3, "hour"])
    assert by_id.loc[1, "hour"] == 19 and by_id.loc[1, "weekday"] == dt.date(2025, 3, 1).weekday()
    # unknown views stay unknown; reach counts the known part; unknown shares do not make reach unknown
    assert pd.isna(by_id.loc[4, "views"]) and by_id.loc[4, "reach"] == 4
    assert by_id.loc[8, "reach"] == 900


# --------------------------------------------------------------------------- comparisons


def test_compare_by_format_matches_pandas(frame):
    result = eff.compare(frame, "format", min_posts=2)
    raw = _outputs()
    expected = raw.dropna(subset=["views"]).groupby("format")["views"].agg(["median", "count", "sum"])
    table = result.table.set_index("group")
    for fmt, row in expected.iterrows():
        assert table.loc[fmt, "median"] == row["median"]
        assert table.loc[fmt, "known"] == row["count"]
        assert table.loc[fmt, "total"] == row["sum"]
    assert table.loc["post", "posts"] == (raw["format"] == "post").sum()  # 6 posts, 5 with views
    assert table.loc["post", "known"] == 5
    assert table.loc["short_video", "label"] == FORMAT_LABELS["short_video"]
    # infographic has 1 post: shown, not compared
    assert not table.loc["infographic", "compared"]
    compared = expected[expected["count"] >= 2]
    best, worst = compared["median"].idxmax(), compared["median"].idxmin()
    ratio = compared.loc[best, "median"] / compared.loc[worst, "median"]
    s = result.sentence
    assert f"{FORMAT_LABELS[best]} có số lượt xem trung vị cao nhất: {vn(compared.loc[best, 'median'])}" in s
    assert f"gấp {ratio:.1f}".replace(".", ",") in s
    assert f"{FORMAT_LABELS[worst]} — thấp nhất với {vn(compared.loc[worst, 'median'])}" in s
    assert FORMAT_LABELS["infographic"] not in s


def test_compare_by_platform_theme_weekday(frame):
    raw = _outputs()
    platform = eff.compare(frame, "platform", min_posts=1).table.set_index("group")
    expected = raw.groupby("platform")["views"].median()
    assert platform["median"].to_dict() == pytest.approx(expected.to_dict())
    assert platform.loc["zalo", "label"] == PLATFORM_LABELS["zalo"]
    theme = eff.compare(frame, "theme", min_posts=1).table.set_index("group")
    assert theme.loc["good_deeds", "median"] == 4000  # item 1's two posts: 5000 and 3000
    assert theme.loc["good_deeds", "label"] == THEME_LABELS["good_deeds"]
    assert theme.loc[eff.UNPLANNED, "posts"] == 8
    weekday = eff.compare(frame, "weekday", min_posts=1).table.set_index("group")
    expected = raw.assign(w=raw["published_at"].dt.day_of_week).groupby("w")["views"].median()
    assert weekday["median"].to_dict() == pytest.approx(expected.to_dict())
    assert list(weekday.index) == sorted(weekday.index)  # Monday first
    assert weekday.loc[6, "label"] == "Chủ nhật"


def test_compare_by_hour_leaves_out_reports_without_a_time(frame):
    result = eff.compare(frame, "hour", min_posts=2)
    raw = _outputs()
    timed = raw[raw["published_at"] != raw["published_at"].dt.normalize()]
    expected = timed.groupby(timed["published_at"].dt.hour)["views"].agg(["median", "count"])
    table = result.table.set_index("group")
    assert table["posts"].sum() == len(timed) == len(raw) - 1
    assert table["median"].to_dict() == pytest.approx(expected["median"].to_dict())
    compared = expected[expected["count"] >= 2]
    best = compared["median"].idxmax()
    assert result.sentence.startswith(f"Theo giờ đăng, {best} giờ có số lượt xem trung vị cao nhất")


def test_compare_other_measures_and_wrong_arguments(frame):
    shares = eff.compare(frame, "format", measure="shares", min_posts=1).table.set_index("group")
    assert shares.loc["post", "median"] == _outputs().query("format == 'post'")["shares"].median()
    assert shares.loc["post", "known"] == 4  # two posts have unknown shares: left out, not 0
    with pytest.raises(InvalidValueError, match="Không so sánh được theo 'colour'"):
        eff.compare(frame, "colour")
    with pytest.raises(InvalidValueError, match="Không có số đo 'likes'"):
        eff.compare(frame, "format", measure="likes")


def test_sentences_when_there_is_too_little(frame):
    nothing = eff.compare(frame.iloc[0:0], "format")
    assert nothing.table.empty and "chưa nhóm nào có đủ 5 bài" in nothing.sentence
    one = eff.compare(frame[frame["output_id"] != 7], "format", min_posts=5)  # only posts keep 5 known views
    assert one.sentence.startswith(f"Theo hình thức, chỉ {FORMAT_LABELS['post']} có đủ")
    zero = frame.copy()
    zero.loc[zero["format"] == "post", "views"] = 0
    sentence = eff.compare(zero, "format", min_posts=1).sentence
    assert "gấp" not in sentence.split("—")[0] and "trong khi" in sentence


def test_duration_effect_matches_pandas(frame):
    result = eff.duration_effect(frame)
    raw = _outputs().dropna(subset=["duration_s"])
    short = raw[raw["duration_s"] <= 60]["views"]
    long = raw[raw["duration_s"] > 60]["views"]
    assert result.extra["short"] == (short.median(), len(short))
    assert result.extra["long"] == (long.median(), len(long))
    ratio = short.median() / long.median()
    assert result.sentence == (
        f"Video từ 60 giây trở xuống có lượt xem trung vị {vn(short.median())} ({len(short)} video), "
        f"gấp {ratio:.1f} lần video dài hơn 60 giây ({vn(long.median())} lượt, {len(long)} video).".replace(
            f"{ratio:.1f}", f"{ratio:.1f}".replace(".", ","))
    )
    table = result.table.set_index("group")
    assert list(table.index) == ["≤ 30 giây", "31–60 giây", "61–90 giây", "> 180 giây"]  # empty bin left out
    assert table.loc["≤ 30 giây", "median"] == 4000 and table.loc["≤ 30 giây", "known"] == 2
    assert table.loc["> 180 giây", "high"] is pd.NA or pd.isna(table.loc["> 180 giây", "high"])
    # another split point, and long videos winning
    flipped = frame.copy()
    flipped.loc[flipped["duration_s"] > 60, "views"] = 100_000
    s = eff.duration_effect(flipped, split=30).sentence
    assert s.startswith("Video từ 30 giây trở xuống") and "chỉ bằng 1/" in s
    assert "Chưa đủ video" in eff.duration_effect(frame[frame["duration_s"].isna()]).sentence
    with pytest.raises(InvalidValueError):
        eff.duration_effect(frame, split=0)


def test_best_and_worst_items_add_up_an_items_posts(frame):
    ranking = eff.best_worst(frame, n=3)
    raw = _outputs()
    reach = raw["views"].fillna(0) + raw["shares"].fillna(0)
    post = "post-" + raw["output_id"].astype(str)
    key = raw["item_id"].map(lambda i: f"item-{i}").where(raw["item_id"].notna(), post)
    expected = reach.groupby(key).sum().sort_values(ascending=False)
    assert list(ranking.best["key"]) == list(expected.index[:3])
    assert list(ranking.best["reach"]) == list(expected.iloc[:3])
    assert ranking.best.loc[0, "key"] == "item-1" and ranking.best.loc[0, "posts"] == 2
    assert ranking.best.loc[0, "platform"] == "tiktok, facebook"
    assert list(ranking.worst["reach"]) == sorted(expected.iloc[-3:])
    assert "“Gương sáng khu phố” (ĐU Phường 1, Video clip ngắn trên TikTok, Facebook: 8.290 lượt tiếp cận)" \
        in ranking.sentence
    assert f"gấp {vn(round(expected.iloc[0] / expected.iloc[-1]))} lần" in ranking.sentence
    assert eff.best_worst(frame.iloc[0:0]).sentence == "Chưa có nội dung nào có số lượt xem hoặc chia sẻ."
    with pytest.raises(InvalidValueError):
        eff.best_worst(frame, n=0)


# --------------------------------------------------------------------------- figures


def test_plot_comparison_draws_the_medians(frame):
    result = eff.compare(frame, "format", min_posts=2)
    ax = plots.plot_comparison(result)
    shown = result.table.dropna(subset=["median"])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(shown["label"])
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx(list(shown["median"].astype(float)))
    assert ax.get_title() == "Số lượt xem trung vị mỗi bài theo hình thức"
    colours = {t.get_text(): p.get_facecolor() for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)}
    assert colours[FORMAT_LABELS["infographic"]] != colours[FORMAT_LABELS["post"]]  # too few: pale
    texts = [t.get_text() for c in ax.containers for t in ax.texts] + [t.get_text() for t in ax.texts]
    assert any("5 bài" in t for t in texts)


def test_plot_hour_and_duration(frame):
    ax = plots.plot_comparison(eff.compare(frame, "hour", min_posts=1))
    raw = _outputs()
    timed = raw[raw["published_at"] != raw["published_at"].dt.normalize()]
    expected = timed.groupby(timed["published_at"].dt.hour)["views"].median().dropna()
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{h} giờ" for h in expected.index]
    assert [p.get_height() for p in ax.patches] == pytest.approx(list(expected))
    result = eff.duration_effect(frame)
    ax = plots.plot_duration(result)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(result.table["label"])
    assert [p.get_height() for p in ax.patches] == pytest.approx(list(result.table["median"].astype(float)))
    assert ax.patches[0].get_facecolor() != ax.patches[-1].get_facecolor()  # short strong, long pale


def test_plot_ranking_and_empty_figures(frame):
    ranking = eff.best_worst(frame, n=2)
    ax = plots.plot_ranking(ranking)
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx(list(ranking.best["reach"]) + list(ranking.worst["reach"]))
    assert ax.get_yticklabels()[0].get_text() == "Gương sáng khu phố — ĐU Phường 1"
    empty = plots.plot_comparison(eff.compare(frame.iloc[0:0], "format"))
    assert [t.get_text() for t in empty.texts] == ["Chưa có số liệu"]


# --------------------------------------------------------------------------- the survey


def _independent_survey() -> pd.DataFrame:
    return pd.read_csv(SURVEY_FILE, dtype=str)


def test_shipped_survey_reads_and_shares_match_pandas():
    survey = eff.read_survey(SURVEY_FILE)
    raw = _independent_survey()
    assert list(survey.columns) == eff.SURVEY_COLUMNS and len(survey) == len(raw) == 420
    question = eff.SURVEY_QUESTIONS["formats"]
    result = eff.survey_shares(survey, "formats").table.set_index("group")
    for code, text in eff.SURVEY_CHOICES["formats"].items():
        chose = raw[question].str.contains(text, regex=False)
        assert result.loc[code, "respondents"] == chose.sum(), code
        assert result.loc[code, "share"] == pytest.approx(chose.mean())
    ages = eff.survey_shares(survey, "age_group")
    counts = raw[eff.SURVEY_QUESTIONS["age_group"]].value_counts()
    top = counts.index[0]
    assert ages.sentence.startswith(f"Về nhóm tuổi, nhiều người chọn nhất là “{top}”: "
                                    f"{round(counts.iloc[0] / len(raw) * 100)}% người trả lời ({counts.iloc[0]}/420)")


def test_survey_crosstab_matches_pandas():
    survey = eff.read_survey(SURVEY_FILE)
    raw = _independent_survey()
    result = eff.survey_crosstab(survey, "age_group", "platforms")
    age_q, plat_q = eff.SURVEY_QUESTIONS["age_group"], eff.SURVEY_QUESTIONS["platforms"]
    for text in eff.SURVEY_CHOICES["platforms"].values():
        expected = raw[plat_q].str.contains(text, regex=False).groupby(raw[age_q]).mean()
        for age, share in expected.items():
            assert result.table.loc[age, text] == pytest.approx(share), (age, text)
    youngest, oldest = eff.SURVEY_CHOICES["age_group"]["under_18"], eff.SURVEY_CHOICES["age_group"]["over_60"]
    young_top = result.table.loc[youngest].drop("Khác").idxmax()
    old_top = result.table.loc[oldest].drop("Khác").idxmax()
    assert f"nhóm “{youngest}” chọn “{young_top}” nhiều nhất" in result.sentence
    assert f"nhóm “{oldest}” chọn “{old_top}” nhiều nhất" in result.sentence
    assert young_top == "TikTok" and old_top == "Zalo"  # the demo's story
    ax = plots.plot_crosstab(result)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(result.table.index)
    first = f"{result.table.iloc[0, 0]:.0%}"
    assert ax.texts[0].get_text() == first
    ax = plots.plot_survey_shares(eff.survey_shares(survey, "platforms"))
    assert [p.get_width() for p in ax.patches] == pytest.approx(
        list(eff.survey_shares(survey, "platforms").table["share"]))


def test_demo_survey_is_reproducible(tmp_path):
    again = write_demo_survey(tmp_path / "again.csv")
    assert again.read_bytes() == SURVEY_FILE.read_bytes()
    assert not demo_survey(seed=1).equals(demo_survey())


def _write(path, header, rows, *, encoding="utf-8", bom=False):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


HEADER = list(eff.SURVEY_QUESTIONS.values())
GOOD = ["4/3/2025 09:12:33", "Từ 18 đến 30 tuổi", "Phường 1", "Facebook, TikTok", "Video ngắn (dưới 1 phút)",
        "Người tốt, việc tốt, Văn hóa, du lịch, thể thao"]


def test_read_survey_multi_select_with_commas_inside_answers_and_other(tmp_path):
    path = _write(tmp_path / "form.csv", HEADER, [
        GOOD,
        ["4/3/2025 10:00:00", "Trên 60 tuổi", "Xã Long Sơn", "Zalo, Loa phát thanh khu phố, Truyền hình, báo in",
         "Tin ngắn kèm ảnh", "Chủ trương, chính sách của Đảng, Nhà nước"],
    ], bom=True)
    survey = eff.read_survey(path)
    assert survey.loc[0, "topics"] == ("good_deeds", "culture")
    assert survey.loc[1, "platforms"] == ("zalo", "tv", "other")
    assert survey.loc[1, "other"] == ("Loa phát thanh khu phố",)
    assert survey.loc[1, "topics"] == ("leadership",)
    assert survey.loc[0, "submitted_at"] == pd.Timestamp(2025, 3, 4, 9, 12, 33)


def test_read_survey_accepts_nfd_headers_and_extra_columns(tmp_path):
    header = [unicodedata.normalize("NFD", h) for h in HEADER] + ["Email"]
    path = _write(tmp_path / "nfd.csv", header, [GOOD + ["a@b.vn"]])
    assert eff.read_survey(path).loc[0, "age_group"] == "18_30"


def test_read_survey_errors_name_file_row_and_column(tmp_path):
    bad_age = list(GOOD)
    bad_age[1] = "18-30"
    bad_time = list(GOOD)
    bad_time[0] = "hôm qua"
    quoted = list(GOOD)
    quoted[3] = "Facebook,\nZalo"  # a cell over two lines: the next record starts on line 5
    path = _write(tmp_path / "khao_sat.csv", HEADER, [GOOD, quoted, bad_age, bad_time])
    with pytest.raises(DataError) as err:
        eff.read_survey(path)
    problems = err.value.problems
    assert [(p.file, p.line, p.column) for p in problems] == [
        ("khao_sat.csv", 5, eff.SURVEY_QUESTIONS["age_group"]),
        ("khao_sat.csv", 6, eff.SURVEY_QUESTIONS["submitted_at"]),
    ]
    assert "câu trả lời '18-30' không có trong biểu mẫu" in str(err.value)
    assert "Từ 18 đến 30 tuổi" in str(err.value)
    missing = _write(tmp_path / "thieu.csv", HEADER[:-1], [GOOD[:-1]])
    with pytest.raises(DataError, match="thieu.csv, dòng 1, cột 'Anh/chị quan tâm đến những chủ đề nào\\?'"):
        eff.read_survey(missing)
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="rong.csv: tệp không có dòng nào"):
        eff.read_survey(empty)
    latin = _write(tmp_path / "latin.csv", ["x"], [["Trên"]], encoding="cp1258")
    with pytest.raises(DataError, match="không phải văn bản UTF-8"):
        eff.read_survey(latin)
    with pytest.raises(DataError, match="khong-co.csv: không đọc được tệp"):
        eff.read_survey(tmp_path / "khong-co.csv")
    with pytest.raises(DataError, match="không đọc được tệp"):
        eff.read_survey(tmp_path)  # a folder


def test_survey_wrong_questions():
    survey = eff.read_survey(SURVEY_FILE)
    with pytest.raises(InvalidValueError, match="Không có câu hỏi 'colour'"):
        eff.survey_shares(survey, "colour")
    with pytest.raises(InvalidValueError):
        eff.survey_crosstab(survey, "platforms", "formats")  # rows must be a single-answer question
    with pytest.raises(InvalidValueError, match="hai câu hỏi khác nhau"):
        eff.survey_crosstab(survey, "age_group", "age_group")
    assert eff.survey_overview(survey).startswith("420 người trả lời khảo sát, từ 3/3/2025")


def test_number_text():
    assert eff.number_text(1234567) == "1.234.567"
    assert eff.number_text(2.5) == "2,5"
    assert eff.number_text(np.float64(4000.0)) == "4.000"
    assert eff.number_text(None) == "—"


# --------------------------------------------------------------------------- on a workspace


def test_review_of_a_workspace_without_outputs(workspace):
    result = eff.review(workspace, start="2025-01-01", end="31/12/2025")
    assert result.frame.empty and list(result.frame.columns) == eff.EFFECT_COLUMNS
    assert result.summary.startswith("0 bài đăng của 0 đơn vị")
    assert all("chưa nhóm nào" in c.sentence for c in result.comparisons.values())
    assert result.duration.sentence.startswith("Chưa đủ video")
    assert result.ranking.sentence == "Chưa có nội dung nào có số lượt xem hoặc chia sẻ."
    for comparison in result.comparisons.values():
        assert [t.get_text() for t in plots.plot_comparison(comparison).texts] == ["Chưa có số liệu"]
    assert [t.get_text() for t in plots.plot_ranking(result.ranking).texts] == ["Chưa có số liệu"]
    with pytest.raises(InvalidValueError, match="Ngày bắt đầu 31/12/2025 sau ngày kết thúc 1/1/2025"):
        eff.review(workspace, start="2025-12-31", end="2025-01-01")
    with pytest.raises(InvalidValueError, match="'start' phải là một ngày"):
        eff.effect_frame(workspace, start="hôm qua")


def test_review_reads_platform_posts_with_their_time_and_odd_titles(workspace):
    """Posts recorded through the store (platform rows): the hour is kept, a title in NFD or with an emoji
    comes back NFC and whole, the window cuts by day."""
    unit = sorted(workspace.units()["unit_id"])[0]
    nfd = unicodedata.normalize("NFD", "Người tốt, việc tốt 🌟")
    rows = [
        {"unit_id": unit, "platform": "tiktok", "format": "short_video", "url": f"https://demo.invalid/t/{n}",
         "title": nfd if n == 0 else f"Clip {n}", "published_at": dt.datetime(2025, 5, 1 + n, 20, 15),
         "duration_s": 30 + 20 * n, "views": 1000 * (6 - n), "reactions": None, "shares": 10, "comments": None,
         "item_id": None}
        for n in range(6)
    ]
    workspace.record_platform_outputs(rows, source="kiểm thử")
    result = eff.review(workspace, start="2025-05-02", end="2025-05-06")
    assert len(result.frame) == 5  # 1/5 and nothing after 6/5
    assert set(result.frame["hour"]) == {20}
    everything = eff.effect_frame(workspace)
    assert everything.loc[everything["views"].idxmax(), "title"] == unicodedata.normalize("NFC", nfd)
    hour = eff.compare(everything, "hour")
    assert hour.table.loc[0, "group"] == 20 and hour.table.loc[0, "median"] == 3500


def test_shown_tables_have_vietnamese_headers(frame):
    shown = eff.shown_table(eff.compare(frame, "format", min_posts=1))
    assert list(shown.columns) == ["Hình thức", "Số bài", "Bài có số liệu", "Trung vị lượt xem",
                                   "Trung bình lượt xem", "Tổng lượt xem", "Tổng lượt chia sẻ"]
    raw = _outputs()
    assert shown.set_index("Hình thức").loc["Video clip ngắn", "Tổng lượt xem"] == vn(
        raw[raw["format"] == "short_video"]["views"].sum())
    ranking = eff.shown_ranking(eff.best_worst(frame, n=2).best)
    assert ranking.loc[0, "Nội dung"] == "Gương sáng khu phố" and ranking.loc[0, "Ngày đăng"] == "1/3/2025"
    assert ranking.loc[0, "Nền tảng"] == "TikTok, Facebook"
    survey = eff.read_survey(SURVEY_FILE)
    shares = eff.shown_table(eff.survey_shares(survey, "topics"))
    assert list(shares.columns) == ["Câu trả lời", "Số người chọn", "Tỷ lệ"] and shares.iloc[0, 2].endswith("%")
    cross = eff.shown_table(eff.survey_crosstab(survey, "age_group", "formats"))
    assert cross.map(lambda v: v.endswith("%")).all().all()


def test_compare_among_one_format(frame):
    result = eff.compare(frame, "theme", among="short_video", min_posts=1)
    raw = _outputs().merge(ITEMS[["item_id", "theme"]].astype({"item_id": "Int64"}), on="item_id", how="left")
    raw["theme"] = raw["theme"].fillna(eff.UNPLANNED)
    expected = raw[raw["format"] == "short_video"].groupby("theme")["views"].median()
    assert result.table.set_index("group")["median"].to_dict() == pytest.approx(expected.to_dict())
    assert result.sentence.startswith("Chỉ tính video clip ngắn: theo chủ đề, ")
    assert result.title.endswith("(chỉ video clip ngắn)")
    with pytest.raises(InvalidValueError, match="Không có hình thức 'clip'"):
        eff.compare(frame, "theme", among="clip")


def test_read_survey_microsoft_forms_separator(tmp_path):
    row = list(GOOD)
    row[3] = "Zalo;TikTok;Trang thông tin điện tử, báo điện tử;"
    row[4] = "tin ngắn kèm ảnh"  # any case
    survey = eff.read_survey(_write(tmp_path / "ms.csv", HEADER, [row]))
    assert survey.loc[0, "platforms"] == ("zalo", "tiktok", "website") and survey.loc[0, "other"] == ()
    assert survey.loc[0, "formats"] == ("post",)


def test_survey_with_no_answers_yet(tmp_path):
    survey = eff.read_survey(_write(tmp_path / "moi.csv", HEADER, []))
    assert survey.empty and eff.survey_overview(survey) == "0 người trả lời khảo sát, từ — đến —."
    shares = eff.survey_shares(survey, "platforms")
    assert shares.sentence == "Chưa có câu trả lời nào về nền tảng thường dùng."
    cross = eff.survey_crosstab(survey, "age_group", "platforms")
    assert [t.get_text() for t in plots.plot_crosstab(cross).texts] == ["Chưa có số liệu"]
    assert [t.get_text() for t in plots.plot_survey_shares(shares).texts] == ["Chưa có số liệu"]

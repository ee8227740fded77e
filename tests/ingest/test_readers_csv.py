"""CSV/TSV: encodings, delimiters, headers, column detection and overrides, streaming."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from assistant.ingest.readers import (
    ColumnMapping,
    ColumnOverrides,
    ReadError,
    detect_columns,
    iter_rows,
    open_table,
    read_file,
)
from tests.ingest.conftest import (
    HEADER_HANT,
    REVIEWS,
    REVIEWS_HANT,
    WAIMAI,
    WriteBytes,
    WriteText,
    csv_text,
)


def test_waimai_reviews(tmp_path: Path) -> None:
    if not WAIMAI.is_file():
        pytest.skip("../shared/data is not beside the checkout")
    parsed = read_file(WAIMAI)
    assert parsed.format == "csv" and parsed.encoding == "utf-8"
    assert parsed.mapping == ColumnMapping(text="review", label="label")
    assert len(parsed.records) + len(parsed.skipped) == 11_987
    assert all(reason == "empty text" for _, reason in parsed.skipped)
    first = parsed.records[0]
    assert first.text == "很快，好吃，味道足，量大"
    assert first.locator == "row 1" and first.fields == {"label": "1"}
    labels = [r.fields["label"] for r in parsed.records]
    assert set(labels) == {"0", "1"} and labels.count("1") == 4000


def test_utf8_detects_every_role(write_text: WriteText, reviews_csv: str) -> None:
    parsed = read_file(write_text("reviews.csv", reviews_csv, "utf-8"))
    assert parsed.encoding == "utf-8"
    assert parsed.mapping == ColumnMapping(
        text="评论内容", score="评分", label="情感", date="日期", channel="渠道"
    )
    assert [r.text for r in parsed.records] == [r[0] for r in REVIEWS]
    assert parsed.records[1].fields == {
        "score": "5",
        "label": "正面",
        "date": "2024-03-02",
        "channel": "饿了么",
    }
    assert [r.locator for r in parsed.records] == ["row 1", "row 2", "row 3", "row 4"]


def test_utf8_bom_is_not_part_of_the_first_column_name(write_text: WriteText) -> None:
    path = write_text("bom.csv", "\ufeff" + csv_text(["内容", "备注"], [("很好吃", "老顾客")]))
    parsed = read_file(path)
    assert parsed.encoding == "utf-8-sig"
    assert parsed.mapping is not None and parsed.mapping.text == "内容"
    assert parsed.records[0].fields == {"备注": "老顾客"}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_gbk_family_decodes_to_the_exact_chinese(
    write_text: WriteText, reviews_csv: str, encoding: str
) -> None:
    parsed = read_file(write_text("gbk.csv", reviews_csv, encoding))
    assert parsed.encoding == "gb18030"  # the superset decodes whatever GBK variant wrote it
    assert [r.text for r in parsed.records] == [r[0] for r in REVIEWS]
    assert parsed.mapping is not None and parsed.mapping.text == "评论内容"


def test_big5_decodes_to_the_exact_chinese(write_text: WriteText) -> None:
    parsed = read_file(write_text("big5.csv", csv_text(HEADER_HANT, REVIEWS_HANT), "big5"))
    assert parsed.encoding == "big5"
    assert [r.text for r in parsed.records] == [r[0] for r in REVIEWS_HANT]
    assert parsed.mapping == ColumnMapping(text="評論", score="評分")


def test_utf16_with_bom(write_bytes: WriteBytes, reviews_csv: str) -> None:
    data = codecs.BOM_UTF16_LE + reviews_csv.replace(",", "\t").encode("utf-16-le")
    parsed = read_file(write_bytes("excel-unicode.txt.csv", data))
    assert parsed.encoding == "utf-16" and parsed.format == "tsv"
    assert parsed.records[0].text == REVIEWS[0][0]


def test_undecodable_bytes_give_the_offset(write_bytes: WriteBytes, reviews_csv: str) -> None:
    good = reviews_csv.encode("utf-8")
    cut = good.index("骑手".encode())
    data = good[:cut] + b"\xff\xfe" + good[cut:]
    with pytest.raises(ReadError) as err:
        read_file(write_bytes("broken.csv", data))
    assert f"byte offset {cut}" in err.value.reason
    assert "undecodable" in err.value.reason


def test_undecodable_bytes_far_into_a_large_file(write_bytes: WriteBytes) -> None:
    """The bad byte lies beyond the detection sample: the stream reports its exact offset."""
    head = ("评论,评分\n" + "送餐很快，味道很好,5\n" * 60_000).encode()
    data = head + b"\x81\xff,1\n" + "最后一行,3\n".encode()
    with pytest.raises(ReadError) as err:
        read_file(write_bytes("large.csv", data))
    assert f"byte offset {len(head)}" in err.value.reason


def test_tsv(write_text: WriteText) -> None:
    text = csv_text(["review", "rating"], [("Slow, cold food", "2"), ("Great rider", "5")], "\t")
    parsed = read_file(write_text("reviews.tsv", text))
    assert parsed.format == "tsv"
    assert [r.text for r in parsed.records] == ["Slow, cold food", "Great rider"]
    assert parsed.records[0].fields == {"score": "2"}


def test_tab_separated_content_named_csv_is_tsv(write_text: WriteText, reviews_csv: str) -> None:
    parsed = read_file(write_text("export.csv", reviews_csv.replace(",", "\t")))
    assert parsed.format == "tsv" and len(parsed.records) == 4


def test_semicolon_delimiter(write_text: WriteText) -> None:
    text = csv_text(["comment", "score"], [("ok, fine", "3"), ("bad; really bad", "1")], ";")
    text = text.replace("bad; really bad", '"bad; really bad"')
    parsed = read_file(write_text("semi.csv", text))
    assert [r.text for r in parsed.records] == ["ok, fine", "bad; really bad"]


def test_fullwidth_comma_is_not_a_delimiter(write_text: WriteText) -> None:
    text = "送餐很快，味道很好，下次还来\n太咸了，不好吃\n包装破了，汤洒了一半\n"
    parsed = read_file(write_text("one-column.csv", text))
    assert [r.text for r in parsed.records] == text.split()
    assert parsed.mapping is not None and parsed.mapping.text == "col1"


def test_headerless_file_gets_synthesised_headers(write_text: WriteText) -> None:
    text = "1,送餐很快，骑手态度好\n0,等了一个小时还没到\n1,分量足\n"
    parsed = read_file(write_text("no-header.csv", text))
    assert parsed.mapping == ColumnMapping(
        text="col2", label="col1", header="synthesised col1..col2"
    )
    assert len(parsed.records) == 3  # the first row is data, not a header
    assert parsed.records[0].text == "送餐很快，骑手态度好"
    assert parsed.records[0].locator == "row 1" and parsed.records[0].fields == {"label": "1"}


def test_title_row_above_the_header_is_passed_over(write_text: WriteText, reviews_csv: str) -> None:
    parsed = read_file(write_text("report.csv", "2024年3月客户反馈汇总,,,,\n" + reviews_csv))
    assert parsed.mapping is not None and parsed.mapping.text == "评论内容"
    assert len(parsed.records) == 4 and parsed.records[0].locator == "row 1"


def test_empty_text_rows_are_skipped_with_reason(write_text: WriteText) -> None:
    text = "评论,评分\n很好,5\n   ,3\n\n很差,1\n,\n\n"
    parsed = read_file(write_text("gaps.csv", text))
    assert [r.text for r in parsed.records] == ["很好", "很差"]
    assert [r.locator for r in parsed.records] == ["row 1", "row 4"]
    # A blank line inside the data is reported; blank lines at the end are not rows.
    assert parsed.skipped == [("row 2", "empty text"), ("row 3", "empty row")]


def test_rows_with_only_other_columns_filled_are_empty_text(write_text: WriteText) -> None:
    parsed = read_file(write_text("gaps.csv", "评论,评分\n很好,5\n,3\n很差,1\n"))
    assert parsed.skipped == [("row 2", "empty text")]


def test_duplicates_are_kept(write_text: WriteText) -> None:
    parsed = read_file(write_text("dups.csv", "评论\n好吃\n好吃\n好吃\n"))
    assert [r.text for r in parsed.records] == ["好吃"] * 3


def test_bad_scores_stay_as_text(write_text: WriteText) -> None:
    rows = [("很好", "5"), ("一般", "N/A"), ("不错", "五星"), ("差", "1"), ("还行", "3")]
    parsed = read_file(write_text("scores.csv", csv_text(["评价", "评分"], rows)))
    assert parsed.mapping == ColumnMapping(text="评价", score="评分")
    assert [r.fields["score"] for r in parsed.records] == ["5", "N/A", "五星", "1", "3"]


def test_quoted_multiline_field(write_text: WriteText) -> None:
    text = 'comment,score\n"第一行\n第二行",4\n"He said ""slow""",2\n'
    parsed = read_file(write_text("quoted.csv", text))
    assert [r.text for r in parsed.records] == ["第一行\n第二行", 'He said "slow"']


def test_other_columns_keep_their_header(write_text: WriteText) -> None:
    text = csv_text(
        ["订单号", "门店", "留言"], [("A1001", "朝阳店", "汤洒了"), ("A1002", "", "很满意")]
    )
    parsed = read_file(write_text("orders.csv", text))
    assert parsed.mapping is not None and parsed.mapping.text == "留言"
    assert parsed.records[0].fields == {"订单号": "A1001", "门店": "朝阳店"}
    assert parsed.records[1].fields == {"订单号": "A1002"}  # empty cells are left out


def test_a_long_id_column_is_not_the_text(write_text: WriteText) -> None:
    rows = [
        ("https://example.com/order/2024/03/01/abcdef", "好"),
        ("https://example.com/order/2024/03/02/ghijkl", "慢"),
    ]
    parsed = read_file(write_text("links.csv", csv_text(["link", "note"], rows)))
    assert parsed.mapping is not None and parsed.mapping.text == "note"


# --- overrides ---------------------------------------------------------------------------------


def test_overrides_force_columns(write_text: WriteText, reviews_csv: str) -> None:
    parsed = read_file(
        write_text("reviews.csv", reviews_csv),
        columns=ColumnOverrides(text="渠道", touchpoint="评论内容"),
    )
    assert parsed.mapping is not None
    assert parsed.mapping.text == "渠道" and parsed.mapping.touchpoint == "评论内容"
    assert parsed.records[0].text == "美团"
    assert parsed.records[0].fields["touchpoint"] == REVIEWS[0][0]
    assert parsed.mapping.score == "评分"  # the roles not overridden are still detected


def test_override_naming_a_missing_column(write_text: WriteText, reviews_csv: str) -> None:
    with pytest.raises(ReadError) as err:
        read_file(write_text("reviews.csv", reviews_csv), columns=ColumnOverrides(score="NPS"))
    reason = err.value.reason
    assert "'NPS'" in reason and "not found" in reason
    assert "available columns: 评论内容, 评分, 情感, 日期, 渠道" in reason


def test_override_matches_case_insensitively(write_text: WriteText) -> None:
    text = csv_text(["Comment", "Stars"], [("cold", "1"), ("hot", "5")])
    parsed = read_file(write_text("en.csv", text), columns=ColumnOverrides(text="comment"))
    assert parsed.mapping is not None and parsed.mapping.text == "Comment"


def test_no_text_column(write_text: WriteText) -> None:
    with pytest.raises(ReadError, match="no text column found among: 评分, 日期"):
        read_file(write_text("numbers.csv", "评分,日期\n5,2024-01-01\n4,2024-01-02\n"))


# --- detect_columns ----------------------------------------------------------------------------


def test_detect_columns_english_headers() -> None:
    header = ["id", "created_at", "source", "topic", "stars", "sentiment", "feedback_text"]
    rows = [
        ["1", "2024-01-05 10:00", "app", "delivery", "2", "negative", "The rider was late again"],
        ["2", "2024-01-06 11:30", "web", "billing", "5", "positive", "Refund was quick, thanks"],
    ]
    assert detect_columns(header, rows) == ColumnMapping(
        text="feedback_text",
        score="stars",
        label="sentiment",
        date="created_at",
        channel="source",
        category="topic",
    )


def test_detect_columns_traditional_chinese_and_touchpoint() -> None:
    header = ["觸點", "意見", "滿意度", "提交時間"]
    rows = [
        ["櫃檯", "排隊排了四十分鐘", "3", "2024/05/01"],
        ["熱線", "轉了三次人工", "2", "2024/05/02"],
    ]
    mapping = detect_columns(header, rows)
    assert mapping.text == "意見" and mapping.touchpoint == "觸點"
    assert mapping.score == "滿意度" and mapping.date == "提交時間"


def test_detect_columns_by_content_without_header_words() -> None:
    header = ["a", "b", "c", "d"]
    rows = [
        ["2024-01-01", "7", "正面", "店员很热情，推荐了新品"],
        ["2024-01-02", "3", "负面", "排队太久了"],
        ["2024-01-03", "9", "正面", "环境干净"],
    ]
    assert detect_columns(header, rows) == ColumnMapping(text="d", score="b", label="c", date="a")


def test_a_duration_is_not_a_date_nor_a_quantity_a_score() -> None:
    header = ["评论", "送达时间", "数量"]
    rows = [["很快", "30分钟", "2"], ["太慢", "75分钟", "1"], ["还行", "45分钟", "3"]]
    assert detect_columns(header, rows) == ColumnMapping(text="评论")


def test_a_yes_no_flag_is_not_a_label() -> None:
    rows = [["好吃", "1"], ["难吃", "0"], ["一般", "1"]]
    assert detect_columns(["评论", "是否回复"], rows).label is None


# --- streaming ---------------------------------------------------------------------------------


def test_iter_rows_streams_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("评分,评论\n")
        for i in range(200_000):
            handle.write(f"{i % 5 + 1},第{i}条评论：送餐速度还可以\n")
    rows = iter_rows(path)
    first = next(rows)
    assert first.text == "第0条评论：送餐速度还可以" and first.fields == {"score": "1"}
    count = 1 + sum(1 for _ in rows)
    assert count == 200_000


def test_open_table_knows_the_mapping_before_reading(
    write_text: WriteText, reviews_csv: str
) -> None:
    with open_table(write_text("reviews.csv", reviews_csv + ",3\n")) as table:
        assert table.format == "csv" and table.encoding == "utf-8"
        assert table.mapping.text == "评论内容"
        assert table.skipped == []
        records = list(table)
    assert len(records) == 4 and table.skipped == [("row 5", "empty text")]


def test_open_table_refuses_non_tables(write_text: WriteText) -> None:
    with pytest.raises(ReadError, match="not a table"):
        open_table(write_text("notes.md", "# 标题\n正文"))


def test_headerless_first_row_with_a_missing_label_is_data(write_text: WriteText) -> None:
    parsed = read_file(
        write_text("gap.csv", ",送餐很快，骑手态度好\n0,等了一个小时还没到\n1,分量足\n")
    )
    assert [r.text for r in parsed.records][0] == "送餐很快，骑手态度好"
    assert len(parsed.records) == 3

from __future__ import annotations

import pytest

from assistant.text import (
    chunk_markdown,
    chunk_text,
    convert_tree,
    detect_lang,
    split_sentences,
    to_lang_script,
    to_simplified,
    to_traditional,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("顾客在营业厅排队40分钟很生气，我该怎么办？", "zh-Hans"),
        ("顧客在營業廳排隊40分鐘很生氣，我該怎麼辦？", "zh-Hant"),
        ("帳單上多了一筆費用", "zh-Hant"),
        ("账单上多了一笔费用", "zh-Hans"),
        ("A customer waited 40 minutes at the counter. What now?", "en"),
        ("The customer said 太慢了 twice and left the store angry", "en"),
        ("我们的NPS只有12分", "zh-Hans"),
    ],
)
def test_detect_lang(text: str, expected: str) -> None:
    assert detect_lang(text) == expected


@pytest.mark.parametrize("short", ["ok", "skip", "1,3", "好", "  "])
def test_short_replies_keep_the_session_language(short: str) -> None:
    assert detect_lang(short, default="zh-Hant") == "zh-Hant"


def test_script_conversion_uses_taiwan_phrasing() -> None:
    assert to_traditional("营业厅的软件和网络") == "營業廳的軟體和網路"
    # …but service words keep their service meaning (not 選單, 視窗, 程式, 質量).
    assert (
        to_traditional("菜单图片、服务窗口、投诉程序、服务质量")
        == "菜單圖片、服務窗口、投訴程序、服務品質"
    )
    assert to_simplified("營業廳排隊") == "营业厅排队"
    assert to_lang_script("排队", "zh-Hant") == "排隊"
    assert to_lang_script("排队", "en") == "排队"


def test_a_whole_document_changes_script_except_the_kept_keys() -> None:
    data = {"name": "送达时间", "ref": "评价.csv#row=3", "items": [{"label": "排队", "n": 3}]}
    hant = convert_tree(data, "zh-Hant", keep={"ref"})
    assert hant == {
        "name": "送達時間",
        "ref": "评价.csv#row=3",
        "items": [{"label": "排隊", "n": 3}],
    }
    assert convert_tree(hant, "zh-Hans", keep={"ref"}) == data


def test_tokens_fold_traditional_to_simplified_and_drop_stopwords() -> None:
    simplified = tokenize("顾客在营业厅排队很生气")
    traditional = tokenize("顧客在營業廳排隊很生氣")
    assert simplified == traditional
    assert {"顾客", "营业厅", "排队", "生气"} <= set(simplified)
    assert "在" not in simplified and "很" not in simplified


def test_english_tokens_are_lowercased_and_lightly_stemmed() -> None:
    assert tokenize("The Customers keep complaining about Queues") == [
        "customer",
        "keep",
        "complaining",
        "queue",
    ]


def test_sentences_split_on_chinese_and_western_ends() -> None:
    assert split_sentences("先道歉。再解释！还有吗？好；Then fix it. Done?") == [
        "先道歉。",
        "再解释！",
        "还有吗？",
        "好；",
        "Then fix it.",
        "Done?",
    ]


def test_chunks_never_cut_a_sentence() -> None:
    text = "".join(f"第{i}句话讲一件事情。" for i in range(100))
    chunks = chunk_text(text, max_chars=120)
    assert len(chunks) > 5
    assert all(len(c.text) <= 120 and c.text.endswith("。") for c in chunks)
    assert "".join(c.text for c in chunks) == text


def test_markdown_chunks_carry_their_heading_path() -> None:
    doc = "# 标题\n开场白。\n## 现在就做\n1. 道歉。\n2. 解释。\n### 细节\n补充说明。\n## 关键时刻\n等待。"
    chunks = chunk_markdown(doc)
    assert [(c.heading, c.text) for c in chunks] == [
        ("", "开场白。"),
        ("现在就做", "1. 道歉。\n2. 解释。"),
        ("现在就做 > 细节", "补充说明。"),
        ("关键时刻", "等待。"),
    ]


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("了解比较", "了解比較"),
        ("布线调试", "佈線調試"),
        ("查看月账单", "帳單"),
        ("员工权限", "員工權限"),
        ("每周复盘", "每週復盤"),
        ("每周覆盘", "每週復盤"),
        ("柜台签协议", "櫃檯簽協議"),
    ],
)
def test_traditional_service_wording(simplified: str, traditional: str) -> None:
    assert traditional in to_traditional(simplified)

"""zh-Hant cards are Traditional throughout, in Taiwan's service wording: every guide converted."""

from __future__ import annotations

import pytest

from assistant.ask.guides import documents_by_id, guide_sections
from assistant.text.script import is_simplified_only, to_traditional

GUIDES = sorted(
    d for d, doc in documents_by_id().items() if doc.kind == "guide" and d.endswith("-zh")
)
WRONG = ("許可權", "賬單", "賬戶", "覆盤", "籤協議", "籤合同", "除錯", "瞭解")


@pytest.mark.parametrize("doc_id", GUIDES)
def test_every_guide_reads_as_taiwan_traditional(doc_id: str) -> None:
    doc = documents_by_id()[doc_id]
    texts = [doc.title] + [t for s in guide_sections(doc) for t in (s.heading, *s.items)]
    for text in texts:
        converted = to_traditional(text)
        assert not [c for c in converted if is_simplified_only(c)], converted
        assert not [w for w in WRONG if w in converted], converted


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("给客服开通退款权限", "給客服開通退款權限"),
        ("账单多扣了钱", "帳單多扣了錢"),
        ("每周复盘一次", "每週復盤一次"),
        ("签协议之前", "簽協議之前"),
    ],
)
def test_service_wording_exceptions(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional

from __future__ import annotations

from typing import get_args

import pytest

from assistant.domain import LANGS, TOUCHPOINT_CATEGORIES, Horizon, KanoClass, PriorityBucket
from assistant.domain.common import ChannelMode
from assistant.domain.plan import DEFAULT_REVIEW_STEPS, ReviewLoop
from assistant.domain.provenance import ProvenanceSource
from assistant.i18n.labels import LABELS, labels_for
from assistant.text.lang import simplified_only_chars
from assistant.text.script import glossary_violations


def test_every_key_exists_in_all_three_languages() -> None:
    keys = set(LABELS["en"])
    for lang in LANGS:
        assert set(labels_for(lang)) == keys, lang
        assert all(value.strip() for value in labels_for(lang).values()), lang


def test_every_enumeration_value_has_a_label() -> None:
    cadences = get_args(ReviewLoop.model_fields["cadence"].annotation)
    groups: dict[str, tuple[str, ...]] = {
        "category": TOUCHPOINT_CATEGORIES,
        "mode": get_args(ChannelMode),
        "kano": get_args(KanoClass),
        "bucket": get_args(PriorityBucket),
        "bucket_hint": get_args(PriorityBucket),
        "horizon": get_args(Horizon),
        "cadence": cadences,
        "step": tuple(DEFAULT_REVIEW_STEPS),
        "prov": get_args(ProvenanceSource),
        "severity": ("1", "2", "3", "4", "5"),
    }
    for lang in LANGS:
        labels = labels_for(lang)
        for group, values in groups.items():
            for value in values:
                assert f"{group}.{value}" in labels, (lang, group, value)


@pytest.mark.parametrize(
    ("key", "hant"),
    [
        ("pain_points", "痛點"),
        ("moment_of_truth", "關鍵時刻"),
        ("touchpoint", "觸點"),
        ("frontstage", "前台"),
        ("backstage", "後台"),
        ("support", "支援流程"),
        ("line_of_visibility", "可視線"),
        ("line_of_internal_interaction", "內部互動線"),
        ("plan", "改善計畫"),
        ("review_loop", "復盤機制"),
        ("personas", "顧客角色"),
        ("horizon.quarter", "本季"),
        ("prov.suggested", "助理建議"),
        ("kano", "KANO 類型"),
        ("channel", "管道"),
        ("bucket.quick_win", "快速見效"),
        ("bucket.major_project", "重大專案"),
        ("bucket.fill_in", "填充任務"),
        ("bucket.reconsider", "重新考慮"),
        ("kano.must_be", "必備型"),
        ("kano.performance", "期望型"),
        ("kano.attractive", "魅力型"),
        ("kano.indifferent", "無差異型"),
        ("kano.reverse", "反向型"),
        ("category.feedback", "回饋與評價"),
        ("step.collect_feedback", "收集回饋"),
        ("prov.data", "來自公司資料"),
    ],
)
def test_traditional_labels_are_proper_traditional(key: str, hant: str) -> None:
    assert labels_for("zh-Hant")[key] == hant


def test_no_simplified_characters_left_in_traditional_labels() -> None:
    for key, text in labels_for("zh-Hant").items():
        assert not simplified_only_chars(text), (key, text)
        assert not glossary_violations(text), (key, text)


def test_simplified_and_english_are_distinct() -> None:
    assert labels_for("zh-Hans")["pain_points"] == "痛点"
    assert labels_for("en")["pain_points"] == "Pain points"
    assert labels_for("zh-Hans")["bucket.major_project"] == "重大项目"

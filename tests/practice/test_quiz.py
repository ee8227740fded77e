"""The methodology quiz bank: it loads, it is grounded in the corpus, its arithmetic holds, it
grades replies the way people type them, broken items are named; and the review scheduler."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import pytest

from assistant.domain.common import LANGS
from assistant.practice.quiz import (
    KINDS,
    TOPICS,
    QuizError,
    QuizItem,
    check_answer,
    choice_index,
    compute_value,
    items_by_id,
    load_quiz,
    prompt,
)
from assistant.practice.review import INTERVALS, LEARNED, Attempt, next_items, schedule
from assistant.retrieval.corpus import load_documents
from assistant.text.script import to_traditional

DAY = timedelta(days=1)
T0 = datetime(2025, 3, 1, 9, 0)


@cache
def bank() -> dict[str, QuizItem]:
    return items_by_id(load_quiz())


def item(item_id: str) -> QuizItem:
    return bank()[item_id]


def value(it: QuizItem) -> float:
    """A choice or number item's answer."""
    answer = it.zh_hans.answer
    assert not isinstance(answer, tuple), it.id
    return float(answer)


@cache
def sections() -> dict[str, dict[str, str]]:
    """doc id → {## heading → the section's text (heading line included)}."""
    out: dict[str, dict[str, str]] = {}
    for doc in load_documents():
        parts = re.split(r"(?m)^## ", doc.body)
        out[doc.id] = {p.splitlines()[0].strip(): "## " + p for p in parts[1:]}
    return out


# --- the bank ---------------------------------------------------------------------------------


def test_bank_loads_with_enough_items_of_every_kind_topic_and_difficulty() -> None:
    items = load_quiz()
    assert len(items) >= 130
    kinds = Counter(i.kind for i in items)
    assert kinds["choice"] >= 70 and kinds["short"] >= 25 and kinds["number"] >= 20, kinds
    topics = Counter(i.topic for i in items)
    assert set(topics) == set(TOPICS)
    assert all(topics[t] >= 8 for t in TOPICS), topics
    assert {i.difficulty for i in items} == {1, 2, 3}
    assert set(KINDS) == set(kinds)
    for topic in TOPICS:  # every topic mixes kinds and difficulties
        mine = [i for i in items if i.topic == topic]
        assert len({i.kind for i in mine}) >= 2, topic
        assert len({i.difficulty for i in mine}) >= 2, topic


def test_shipped_bank_is_cached_but_callers_get_their_own_list() -> None:
    first, second = load_quiz(), load_quiz()
    assert first == second and first is not second
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_items_are_frozen() -> None:
    with pytest.raises(ValueError):
        item("kano-01").difficulty = 3  # type: ignore[misc]


def test_every_item_speaks_both_languages_and_each_in_its_own_script() -> None:
    for it in load_quiz():
        zh, en = it.zh_hans, it.en
        assert re.search(r"[\u4e00-\u9fff]", zh.q + zh.explanation), it.id
        assert not re.search(
            r"[\u4e00-\u9fff]", en.q + en.explanation + " ".join(en.options or ())
        ), it.id
        assert zh.answer == en.answer or it.kind == "short", it.id


def test_every_cite_is_a_real_section_and_its_evidence_occurs_there() -> None:
    docs = sections()
    for it in load_quiz():
        texts = []
        for cite in it.cites:
            assert cite.doc in docs, f"{it.id}: no document {cite.doc}"
            assert cite.section in docs[cite.doc], (
                f"{it.id}: {cite.doc} has no section '## {cite.section}' "
                f"(has: {', '.join(docs[cite.doc])})"
            )
            texts.append(docs[cite.doc][cite.section])
        for phrase in it.evidence:
            assert any(phrase in t for t in texts), f"{it.id}: {phrase!r} not in the cited section"


def test_cited_documents_have_an_english_pair() -> None:
    ids = set(sections())
    for it in load_quiz():
        for cite in it.cites:
            assert cite.doc.removesuffix("-zh") + "-en" in ids, cite.doc


def _longest_shared(text: str, source: str) -> str:
    match = SequenceMatcher(None, text, source, autojunk=False).find_longest_match()
    return text[match.a : match.a + match.size]


def test_items_are_written_in_their_own_words() -> None:
    """No sentence is lifted from the corpus: a question, option or explanation shares at most a
    short run (a term list, a formula) with the cited document or its English pair."""
    bodies = {doc.id: doc.body for doc in load_documents()}
    for it in load_quiz():
        zh_source = " ".join(bodies[c.doc] for c in it.cites)
        en_source = " ".join(bodies[c.doc.removesuffix("-zh") + "-en"] for c in it.cites)
        for t, source, limit in ((it.zh_hans, zh_source, 24), (it.en, en_source, 50)):
            for text in (t.q, t.explanation, *(t.options or ())):
                shared = _longest_shared(text, source)
                assert len(shared) <= limit, (it.id, shared)


def test_number_items_recompute() -> None:
    numbers = [i for i in load_quiz() if i.kind == "number"]
    computed = [i for i in numbers if i.compute is not None]
    assert len(computed) >= 15
    for it in computed:
        assert it.compute is not None and it.tolerance is not None
        assert abs(compute_value(it.compute) - value(it)) <= it.tolerance + 1e-9, it.id


def test_nps_items_are_promoter_share_minus_detractor_share() -> None:
    nps = [i for i in load_quiz() if i.compute and "promoters" in i.compute]
    assert len(nps) >= 4
    for it in nps:
        assert it.compute is not None
        p, pa, d = (it.compute[k] for k in ("promoters", "passives", "detractors"))
        total = p + pa + d
        assert value(it) == pytest.approx(p / total * 100 - d / total * 100), it.id
        # the counts are stated in the question (or, after a change, in the worked explanation)
        for count in (p, pa, d):
            for t in (it.zh_hans, it.en):
                assert str(count) in t.q + t.explanation, (it.id, count)


def test_csat_items_count_only_fours_and_fives() -> None:
    it = item("metrics-05")
    assert it.compute is not None
    counts = it.compute["counts"]
    assert it.zh_hans.answer == (counts[4] + counts[5]) / sum(counts.values()) * 100


def test_kano_coefficients() -> None:
    assert compute_value(
        {"formula": "kano_better", "A": 18, "O": 30, "M": 62, "I": 10}
    ) == pytest.approx(0.4)
    assert compute_value(
        {"formula": "kano_worse", "A": 18, "O": 30, "M": 62, "I": 10}
    ) == pytest.approx(-92 / 120)


def test_compute_formulas() -> None:
    assert compute_value({"promoters": 90, "passives": 60, "detractors": 50}) == pytest.approx(20)
    assert compute_value(
        {"formula": "share", "counts": {5: 150, 4: 90, 3: 30, 2: 30}, "at_least": 4}
    ) == pytest.approx(80)
    assert compute_value({"formula": "mean", "values": [7, 6, 6, 5, 3]}) == pytest.approx(5.4)
    assert compute_value({"formula": "percent", "part": 110, "total": 200}) == pytest.approx(55)
    assert compute_value({"formula": "difference", "a": 4.9, "b": 6.4}) == pytest.approx(-1.5)
    assert compute_value({"formula": "per_10k", "count": 18, "base": 10_000}) == pytest.approx(18)
    assert compute_value(
        {"formula": "aht", "talk": 300, "hold": 30, "wrap": 90, "handled": 70}
    ) == pytest.approx(6)
    with pytest.raises(ValueError, match="unknown formula"):
        compute_value({"formula": "magic"})
    with pytest.raises(ValueError, match="denominator"):
        compute_value({"formula": "percent", "part": 1, "total": 0})


# --- grading the bank against itself ---------------------------------------------------------


def test_every_option_text_picks_its_own_option_in_every_script() -> None:
    for it in load_quiz():
        if it.kind != "choice":
            continue
        for opts in (it.zh_hans.options, it.en.options, it.text("zh-Hant").options):
            assert opts is not None
            for index, option in enumerate(opts):
                assert choice_index(it, option) == index, (it.id, option)


def test_every_accepted_phrase_passes_and_every_reject_fails() -> None:
    for it in load_quiz():
        if it.kind != "short":
            continue
        for lang in LANGS:
            t = it.text(lang)
            assert isinstance(t.answer, tuple)
            for phrase in t.answer:
                assert check_answer(it, phrase, lang).correct, (it.id, phrase)
            for phrase in t.reject:
                assert not check_answer(it, phrase, lang).correct, (it.id, phrase)
        assert not check_answer(it, "不知道", "zh-Hans").correct, it.id
        assert not check_answer(it, "no idea", "en").correct, it.id


def test_every_item_accepts_its_own_expected_answer_and_refuses_a_wrong_one() -> None:
    for it in load_quiz():
        for lang in LANGS:
            result = check_answer(it, check_answer(it, "", lang).expected, lang)
            assert result.correct, (it.id, lang, result.expected)
        if it.kind == "choice":
            wrong = "ABCDEFGH"[(int(value(it)) + 1) % len(it.zh_hans.options or ())]
            assert not check_answer(it, wrong, "en").correct, it.id
        if it.kind == "number":
            off = value(it) + (it.tolerance or 0) + 1
            assert not check_answer(it, f"{off:g}", "en").correct, it.id
        assert not check_answer(it, "", "zh-Hans").correct, it.id


# --- grading replies the way people type them ------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    ["b", "B", "B.", "B。", "(b)", "（B）", "选B", "选 b", "我选B吧", "答案：B", "答案是B", "B吧",
     "2", "第二个", "Ｂ", "期望型", "期望型需求", "期望型需求吧", "一维型", "期望型（一维型）需求",
     "B. 期望型", "performance", "one-dimensional", "It's one-dimensional", "b) performance",
     "I think it is B because it scales"],
)  # fmt: skip
def test_choice_replies_that_mean_b(reply: str) -> None:
    assert check_answer(item("kano-02"), reply, "zh-Hans").correct


@pytest.mark.parametrize(
    "reply",
    [
        "a",
        "C",
        "选D",
        "4",
        "魅力型",
        "必备型",
        "基本型需求吧",
        "attractive",
        "",
        "不知道",
        "型",
        "需求",
    ],
)
def test_choice_replies_that_do_not_mean_b(reply: str) -> None:
    assert not check_answer(item("kano-02"), reply, "zh-Hans").correct


def test_choice_in_traditional_script() -> None:
    assert check_answer(item("kano-03"), "魅力型需求", "zh-Hant").correct
    assert check_answer(item("kano-03"), "應該是魅力型吧", "zh-Hant").correct
    assert check_answer(item("kano-01"), "必備型", "zh-Hant").correct
    assert check_answer(item("kano-01"), "必備型（基本型）需求", "zh-Hant").correct
    assert not check_answer(item("kano-01"), "無差異型需求", "zh-Hant").correct
    assert check_answer(item("kano-01"), "A", "zh-Hant").correct


def test_choice_by_english_word_does_not_read_the_article_as_a_letter() -> None:
    # "a" in "a delighter" is an article, not option A
    assert check_answer(item("kano-03"), "I'd pick a delighter", "en").correct
    assert not check_answer(item("kano-03"), "a must-be", "en").correct
    assert check_answer(item("kano-01"), "a must-be", "en").correct


def test_choice_negated_option_is_not_picked() -> None:
    assert not check_answer(item("kano-02"), "不是期望型", "zh-Hans").correct


@pytest.mark.parametrize(
    "reply",
    ["30", "NPS是30", "30%", "+30", "NPS = 30", "nps=30", "30分", "３０", "大概30吧", "50% - 20% = 30",
     "三十", "30.0"],
)  # fmt: skip
def test_nps_replies_that_are_right(reply: str) -> None:
    assert check_answer(item("metrics-01"), reply, "zh-Hans").correct


@pytest.mark.parametrize("reply", ["20", "-30", "50", "3", "NPS是多少？", "", "30000"])
def test_nps_replies_that_are_wrong(reply: str) -> None:
    assert not check_answer(item("metrics-01"), reply, "zh-Hans").correct


@pytest.mark.parametrize(
    "reply", ["-10", "−10", "NPS = -10", "NPS是-10分", "负十", "20 - 30 = -10"]
)
def test_negative_nps(reply: str) -> None:
    assert check_answer(item("metrics-03"), reply, "zh-Hans").correct


@pytest.mark.parametrize("reply", ["10", "+10", "NPS是10", "十"])
def test_positive_reply_to_a_negative_nps_is_wrong(reply: str) -> None:
    assert not check_answer(item("metrics-03"), reply, "zh-Hans").correct


def test_percent_and_fraction_forms() -> None:
    csat = item("metrics-05")  # 65 (%)
    for reply in ("65%", "65", "0.65", "满意率65%", "CSAT = 65 %"):
        assert check_answer(csat, reply, "zh-Hans").correct, reply
    assert not check_answer(csat, "60%", "zh-Hans").correct
    better = item("kano-10")  # 0.65
    for reply in ("0.65", "65%", "Better = 0.65", ".65"):
        assert check_answer(better, reply, "en").correct, reply
    assert not check_answer(better, "0.6", "en").correct
    worse = item("kano-11")  # -0.6
    assert check_answer(worse, "−0.60", "en").correct
    assert not check_answer(worse, "0.6", "en").correct


def test_number_tolerance() -> None:
    ces = item("metrics-08")  # 2.1 ± 0.05
    assert check_answer(ces, "2.1", "zh-Hans").correct
    assert check_answer(ces, "约2.10分", "zh-Hans").correct
    assert not check_answer(ces, "2.2", "zh-Hans").correct


def test_chinese_numerals_in_count_answers() -> None:
    assert check_answer(item("recovery-03"), "六步", "zh-Hans").correct
    assert check_answer(item("metrics-11"), "百分之三", "zh-Hans").correct
    assert check_answer(item("recovery-03"), "一共6个步骤", "zh-Hans").correct
    assert check_answer(item("mot-07"), "一级", "zh-Hans").correct
    assert check_answer(item("journey-13"), "负二", "zh-Hans").correct
    assert check_answer(item("journey-13"), "-2分", "zh-Hans").correct
    assert not check_answer(item("journey-13"), "2", "zh-Hans").correct


def test_short_answers_are_case_width_punctuation_and_script_insensitive() -> None:
    vis = item("blueprint-01")
    for reply in ("可视线", "可視線", "是可视线。", "应该是「可视线」吧", "Line of Visibility",
                  "the line-of-visibility", "ＬＩＮＥ ＯＦ ＶＩＳＩＢＩＬＩＴＹ", "visibility line!"):  # fmt: skip
        assert check_answer(vis, reply, "zh-Hans").correct, reply
    for reply in ("互动线", "不是可视线", "line of interaction", "invisibility", ""):
        assert not check_answer(vis, reply, "en").correct, reply


def test_short_answer_near_miss_is_rejected() -> None:
    line = item("blueprint-02")  # 互动线, not 内部互动线
    assert check_answer(line, "互动线", "zh-Hans").correct
    assert check_answer(line, "line of interaction", "en").correct
    assert not check_answer(line, "内部互动线", "zh-Hans").correct
    assert not check_answer(line, "內部互動線", "zh-Hant").correct
    assert not check_answer(line, "line of internal interaction", "en").correct
    assert check_answer(line, "是互动线，不是内部互动线", "zh-Hans").correct


def test_short_ascii_phrases_match_whole_words_only() -> None:
    paradox = item("recovery-09")
    assert check_answer(paradox, "the service recovery paradox", "en").correct
    assert check_answer(paradox, "服務補救悖論", "zh-Hant").correct
    ces = item("metrics-24")
    assert check_answer(ces, "Customer Effort Score", "en").correct
    assert not check_answer(ces, "customer efforts scored", "en").correct


def test_result_carries_expected_explanation_and_cites_in_the_users_language() -> None:
    it = item("kano-01")
    zh = check_answer(it, "b", "zh-Hans")
    assert not zh.correct and zh.expected == "A. 必备型（基本型）需求" and zh.cites == it.cites
    hant = check_answer(it, "b", "zh-Hant")
    assert hant.expected == "A. 必備型（基本型）需求"
    assert hant.explanation == to_traditional(it.zh_hans.explanation)
    en = check_answer(it, "a", "en")
    assert (
        en.correct and en.expected == "A. Must-be (basic)" and en.explanation == it.en.explanation
    )
    assert check_answer(item("metrics-05"), "x", "en").expected == "65%"
    assert check_answer(item("metrics-03"), "x", "en").expected == "-10"
    assert check_answer(item("blueprint-01"), "x", "en").expected == "line of visibility"


def test_prompt_letters_the_options_in_the_users_script() -> None:
    assert prompt(item("kano-01"), "zh-Hant").splitlines()[1:] == [
        "A. 必備型（基本型）需求",
        "B. 期望型（一維型）需求",
        "C. 魅力型（興奮型）需求",
        "D. 無差異型需求",
    ]
    assert prompt(item("metrics-01"), "en") == item("metrics-01").en.q


# --- broken items ------------------------------------------------------------------------------

GOOD = """\
- id: kano-01
  topic: kano
  kind: choice
  difficulty: 1
  zh-Hans:
    q: 问题？
    options: [甲, 乙]
    answer: 0
    explanation: 因为。
  en:
    q: Question?
    options: ["A one", "B one"]
    answer: 0
    explanation: Because.
  cites: [{doc: model-kano-zh, section: 五类属性}]
  evidence: [基本型]
"""


def write(folder: Path, text: str, name: str = "kano.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_good_folder_loads(tmp_path: Path) -> None:
    items = load_quiz(write(tmp_path / "q", GOOD))
    assert [i.id for i in items] == ["kano-01"]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "    answer: 0\n    explanation: 因为。",
            "    answer: 5\n    explanation: 因为。",
            "zh-Hans.answer",
        ),
        ("    explanation: Because.\n", "", "en.explanation"),
        ("difficulty: 1", "difficulty: 4", "difficulty"),
        ("topic: kano", "topic: nps", "topic"),
        ("kind: choice", "kind: essay", "kind"),
        ("evidence: [基本型]", "evidence: []", "evidence"),
        ("evidence: [基本型]", "evidence: [基本型]\n  colour: red", "colour"),
        (
            '    options: ["A one", "B one"]\n',
            '    options: ["A one", "B one", "C one"]\n',
            "en.options",
        ),
        (
            "    answer: 0\n    explanation: Because.",
            "    answer: 1\n    explanation: Because.",
            "en.answer",
        ),
        (
            "cites: [{doc: model-kano-zh, section: 五类属性}]",
            "cites: [{doc: model-kano-en, section: x}]",
            "cites.0.doc",
        ),
    ],
)
def test_a_broken_item_names_file_id_and_field(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    assert old in GOOD
    folder = write(tmp_path / "q", GOOD.replace(old, new, 1))
    with pytest.raises(QuizError) as info:
        load_quiz(folder)
    message = str(info.value)
    assert "kano.yaml" in message and "'kano-01'" in message and f"field {field}" in message, (
        message
    )


def test_a_number_item_whose_arithmetic_is_off_names_compute(tmp_path: Path) -> None:
    text = """\
- id: metrics-01
  topic: metrics
  kind: number
  difficulty: 1
  tolerance: 0.5
  compute: {promoters: 50, passives: 30, detractors: 20}
  zh-Hans: {q: 问题？, answer: 35, explanation: 因为。}
  en: {q: Question, answer: 35, explanation: Because.}
  cites: [{doc: model-nps-zh, section: 怎么算}]
  evidence: [推荐者]
"""
    with pytest.raises(
        QuizError, match=r"metrics\.yaml: item 'metrics-01': field compute: recomputes to 30"
    ):
        load_quiz(write(tmp_path / "q", text, "metrics.yaml"))
    no_tolerance = text.replace("  tolerance: 0.5\n", "").replace("35", "30")
    with pytest.raises(QuizError, match="field tolerance"):
        load_quiz(write(tmp_path / "r", no_tolerance, "metrics.yaml"))


def test_a_short_item_needs_phrases_and_sane_rejects(tmp_path: Path) -> None:
    text = """\
- id: blueprint-01
  topic: blueprint
  kind: short
  difficulty: 1
  zh-Hans: {q: 问题？, answer: [互动线], reject: [互动], explanation: 因为。}
  en: {q: Question, answer: [line of interaction], explanation: Because.}
  cites: [{doc: concept-service-blueprint-zh, section: 蓝图的分层结构}]
  evidence: [互动线]
"""
    with pytest.raises(QuizError, match="'blueprint-01': field zh-Hans.reject"):
        load_quiz(write(tmp_path / "q", text, "blueprint.yaml"))
    with pytest.raises(QuizError, match="'blueprint-01': field en.answer"):
        load_quiz(
            write(
                tmp_path / "r",
                text.replace("[line of interaction]", "line of interaction").replace(
                    ", reject: [互动]", ""
                ),
                "blueprint.yaml",
            )
        )


def test_duplicate_ids_and_unreadable_files_are_named(tmp_path: Path) -> None:
    folder = write(tmp_path / "q", GOOD + GOOD)
    with pytest.raises(QuizError, match="'kano-01': field id: already used"):
        load_quiz(folder)
    with pytest.raises(QuizError, match="kano.yaml: the file must hold a list"):
        load_quiz(write(tmp_path / "r", "id: kano-01\n"))
    with pytest.raises(QuizError, match="no quiz folder"):
        load_quiz(tmp_path / "missing")


# --- spaced repetition ------------------------------------------------------------------------


def test_a_missed_item_is_due_after_one_day_and_not_before() -> None:
    history = [("kano-01", False, T0)]
    assert next_items(history, ["kano-01"], T0 + DAY - timedelta(minutes=1), 5) == []
    assert next_items(history, ["kano-01"], T0 + DAY, 5) == ["kano-01"]
    assert schedule(history)["kano-01"].box == 1


def test_box_progression_one_three_seven_days_then_learned() -> None:
    history: list[Attempt] = [Attempt("x", False, T0)]
    now = T0
    for box, interval in enumerate(INTERVALS, start=1):
        state = schedule(history)["x"]
        assert state.box == box and state.due == now + interval
        assert next_items(history, ["x"], now + interval - timedelta(seconds=1), 1) == []
        assert next_items(history, ["x"], now + interval, 1) == ["x"]
        now += interval
        history.append(Attempt("x", True, now))
    assert [i.days for i in INTERVALS] == [1, 3, 7]
    state = schedule(history)["x"]
    assert state.box == LEARNED and state.due is None
    assert next_items(history, ["x"], now + 365 * DAY, 1) == []


def test_a_miss_sends_the_item_back_to_box_one() -> None:
    history = [("x", False, T0), ("x", True, T0 + DAY), ("x", False, T0 + 4 * DAY)]
    state = schedule(history)["x"]
    assert state.box == 1 and state.due == T0 + 5 * DAY


def test_an_early_right_answer_does_not_move_the_item_up() -> None:
    history = [("x", False, T0), ("x", True, T0 + timedelta(minutes=2))]
    state = schedule(history)["x"]
    assert state.box == 1 and state.due == T0 + DAY


def test_right_first_time_is_learned_and_not_reviewed() -> None:
    history = [("x", True, T0)]
    assert schedule(history)["x"].box == LEARNED
    assert next_items(history, ["x", "y"], T0 + 30 * DAY, 5) == ["y"]


def test_next_items_due_first_most_overdue_first_then_unseen_in_bank_order() -> None:
    history = [
        ("b", False, T0 + 2 * DAY),  # due T0+3d
        ("a", False, T0),  # due T0+1d: most overdue
        ("c", False, T0 + 9 * DAY),  # not due yet
        ("d", True, T0),  # learned
        ("gone", False, T0),  # no longer in the bank
    ]
    ids = ["a", "b", "c", "d", "e", "f"]
    now = T0 + 5 * DAY
    assert next_items(history, ids, now, 10) == ["a", "b", "e", "f"]
    assert next_items(history, ids, now, 3) == ["a", "b", "e"]
    assert next_items(history, ids, now, 0) == []


def test_next_items_is_deterministic_whatever_the_history_order() -> None:
    history = [("q1", False, T0), ("q2", False, T0), ("q3", False, T0), ("q2", True, T0 + DAY)]
    ids = [i.id for i in load_quiz()][:3] + ["q3", "q1", "q2"]
    now = T0 + 10 * DAY
    first = next_items(history, ids, now, 20)
    assert (
        first
        == next_items(list(reversed(history)), ids, now, 20)
        == next_items(history, ids, now, 20)
    )
    # q3 and q1 were due at the same time (bank order breaks the tie); q2 moved up to box 2
    assert first[:3] == ["q3", "q1", "q2"]
    assert first[3:] == ids[:3]

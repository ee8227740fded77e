"""The role-play scenario library: it loads, it is large and varied enough for a course, the two
languages of a situation match, it stays in its own words, and a broken file is an error that
names the file and the field."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.playbooks import INDUSTRIES as PLAYBOOK_INDUSTRIES
from assistant.practice.scenarios import (
    CRITERIA,
    CRITERION_IDS,
    INDUSTRIES,
    MOODS,
    REPLY_POOLS,
    Scenario,
    ScenarioError,
    load_scenarios,
    scenarios_folder,
)
from assistant.retrieval.corpus import load_documents
from assistant.text.script import to_simplified

SHIPPED = Path(str(scenarios_folder()))
KNOWLEDGE = SHIPPED.parents[1]
HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
# Identifiers and references, not prose: left out of the own-words checks.
NOT_PROSE = {
    "id",
    "pair",
    "guide",
    "doc",
    "section",
    "lang",
    "industry",
    "mood",
    "criteria",
    "meets",
}


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return load_scenarios()


def _by_lang(library: dict[str, Scenario], lang: str) -> list[Scenario]:
    return [s for s in library.values() if s.lang == lang]


def _prose(value: Any, key: str = "") -> list[str]:
    if isinstance(value, str):
        return [] if key in NOT_PROSE else [value]
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in _prose(v, str(k))]
    if isinstance(value, list | tuple):
        return [text for v in value for text in _prose(v, key)]
    return []


# --- the shipped library -------------------------------------------------------------------------


def test_the_whole_library_loads_and_every_file_is_a_scenario(library: dict[str, Scenario]) -> None:
    files = sorted(p.stem for p in SHIPPED.glob("*.yaml"))
    assert files == sorted(library)
    assert len(library) >= 84
    flagship = library["queue-anger-bank-zh"]
    assert flagship.title == "周六排队四十分钟的客户"
    assert flagship.guide == "guide-long-queue-zh"
    assert flagship.playbook == "playbook-banking-zh"
    assert flagship.pair == "queue-anger-bank-en" and library[flagship.pair].lang == "en"
    assert flagship.criteria == CRITERION_IDS
    assert "大家都在排" in flagship.forbidden_phrases
    assert any(c.section == "现在就做" for t in flagship.model_handling for c in t.cites)


def test_counts_cover_a_course(library: dict[str, Scenario]) -> None:
    zh, en = _by_lang(library, "zh-Hans"), _by_lang(library, "en")
    assert len(zh) == len(en) >= 42
    assert {s.situation_id for s in zh} == {s.situation_id for s in en}
    industries = Counter(s.industry for s in en)
    assert len(industries) >= 6 and set(industries) <= set(INDUSTRIES)
    assert all(n >= 3 for n in industries.values()), industries
    assert {s.difficulty for s in en} == {1, 2, 3}
    assert {s.mood for s in en} == set(MOODS)
    # Drawn from the frontline guides: every guide is rehearsed by at least one situation.
    guides = {d.id[: -len("-en")] for d in load_documents() if d.kind == "guide"}
    assert {s.guide[: -len("-en")] for s in en} == guides


def test_the_industries_are_the_playbooks_industries() -> None:
    assert set(INDUSTRIES) == set(PLAYBOOK_INDUSTRIES)


def test_every_pair_is_the_same_situation(library: dict[str, Scenario]) -> None:
    headings = {d.id: HEADING.findall(d.body) for d in load_documents()}
    for zh in _by_lang(library, "zh-Hans"):
        en = library[zh.pair]
        assert en.pair == zh.id and en.situation_id == zh.situation_id
        assert (zh.criteria, zh.difficulty, zh.industry, zh.mood) == (
            en.criteria,
            en.difficulty,
            en.industry,
            en.mood,
        ), zh.id
        assert zh.guide[:-3] == en.guide[:-3], zh.id
        assert set(zh.cues) == set(en.cues), zh.id
        assert len(zh.authority.may_offer) == len(en.authority.may_offer), zh.id
        assert len(zh.authority.may_not) == len(en.authority.may_not), zh.id
        # The model handling is the same conversation: the same turns meeting the same criteria,
        # citing the same section (by position) of the same document in its own language.
        assert len(zh.model_handling) == len(en.model_handling), zh.id
        for zt, et in zip(zh.model_handling, en.model_handling, strict=True):
            assert zt.meets == et.meets, zh.id
            assert [(c.doc[:-3], headings[c.doc].index(c.section)) for c in zt.cites] == [
                (c.doc[:-3], headings[c.doc].index(c.section)) for c in et.cites
            ], zh.id


def test_every_scenario_is_playable(library: dict[str, Scenario]) -> None:
    for s in library.values():
        assert len(s.opening) >= 3, s.id
        for pool in REPLY_POOLS:
            lines = s.replies.pool(pool)
            assert len(lines) >= 3 and all(line.strip() for line in lines), (s.id, pool)
        assert s.persona.name and s.moment_of_truth and s.situation
        assert s.authority.may_offer and s.authority.may_not and s.forbidden_phrases
        met = {c for turn in s.model_handling for c in turn.meets}
        assert set(s.criteria) - {"avoid"} <= met, s.id
        model = " ".join(t.text for t in s.model_handling).casefold()
        assert not [p for p in s.forbidden_phrases if p.casefold() in model], s.id
        assert not [c for o in s.authority.may_not for c in o.cues if c.casefold() in model], s.id
        assert [c for o in s.authority.may_offer for c in o.cues if c.casefold() in model], s.id


def test_the_shared_criteria() -> None:
    assert (
        tuple(CRITERIA)
        == CRITERION_IDS
        == (
            "acknowledge",
            "apologise",
            "explain",
            "remedy",
            "confirm",
            "close",
            "avoid",
        )
    )
    for cid, criterion in CRITERIA.items():
        assert criterion.id == cid
        for lang in ("zh-Hans", "en"):
            assert criterion.label(lang) and "\n" not in criterion.description(lang)
        assert re.search(r"[\u4e00-\u9fff]", criterion.label("zh-Hans"))
        assert criterion.label("zh-Hant") == criterion.label("zh-Hans")
    assert "笼统" in CRITERIA["apologise"].description("zh-Hans")
    assert "blam" in CRITERIA["explain"].description("en")


def test_the_scripts_are_right(library: dict[str, Scenario]) -> None:
    for s in library.values():
        texts = _prose(s.model_dump())
        if s.lang == "zh-Hans":
            assert [t for t in texts if to_simplified(t) != t] == [], s.id
            assert re.search(r"[\u4e00-\u9fff]", s.title), s.id
        else:
            assert [t for t in texts if re.search(r"[\u3400-\u9fff]", t)] == [], s.id


def _normal(text: str) -> str:
    return re.sub(r"[^\w]", "", text).casefold()


def test_scenarios_are_written_in_their_own_words(library: dict[str, Scenario]) -> None:
    """No 20-character run (punctuation and spacing ignored) of a zh scenario, and no run of 10
    words of an English one, appears in a guide or playbook."""
    sources = [*KNOWLEDGE.glob("guides/*.md"), *KNOWLEDGE.glob("playbooks/*.md")]
    zh_source = [_normal(p.read_text(encoding="utf-8")) for p in sources]
    grams = {src[i : i + 20] for src in zh_source for i in range(len(src) - 19)}
    words = [re.findall(r"[a-z']+", p.read_text(encoding="utf-8").casefold()) for p in sources]
    shingles = {" ".join(w[i : i + 10]) for w in words for i in range(len(w) - 9)}
    copied: list[tuple[str, str]] = []
    for s in library.values():
        for text in _prose(s.model_dump()):
            if s.lang == "zh-Hans":
                n = _normal(text)
                copied += [
                    (s.id, n[i : i + 20]) for i in range(len(n) - 19) if n[i : i + 20] in grams
                ]
            else:
                w = re.findall(r"[a-z']+", text.casefold())
                copied += [
                    (s.id, " ".join(w[i : i + 10]))
                    for i in range(len(w) - 9)
                    if " ".join(w[i : i + 10]) in shingles
                ]
    assert copied == []


# --- broken files ------------------------------------------------------------------------------


def _copy_pair(folder: Path, stem: str = "queue-anger-bank") -> None:
    for lang in ("zh", "en"):
        shutil.copy(SHIPPED / f"{stem}-{lang}.yaml", folder / f"{stem}-{lang}.yaml")


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_copied_pair_loads_from_a_folder(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    loaded = load_scenarios(tmp_path)
    assert sorted(loaded) == ["queue-anger-bank-en", "queue-anger-bank-zh"]
    assert loaded["queue-anger-bank-en"] == load_scenarios()["queue-anger-bank-en"]


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _delete(*path: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _append(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[key].append(value)


BREAKAGES: list[tuple[str, Callable[[dict[str, Any]], None], tuple[str, ...]]] = [
    ("unknown criterion", _append("criteria", "empathy"), ("field criteria.7", "'empathy'")),
    (
        "unknown cue criterion",
        _set(("cues", "empathy"), ["我理解"]),
        ("field cues.empathy", "'empathy'"),
    ),
    ("missing reply pool", _delete("replies", "angrier"), ("field replies.angrier", "required")),
    (
        "too few variants",
        _set(("replies", "calmed"), ["好吧。", "行。"]),
        ("field replies.calmed", "at least 3"),
    ),
    (
        "repeated variant",
        _set(("opening",), ["等太久了！", "等太久了！", "还要多久？"]),
        ("field opening", "twice"),
    ),
    (
        "citation section that does not exist",
        _set(("model_handling", 0, "cites", 0, "section"), "安抚话术"),
        ("field model_handling.0.cites.0.section", "'安抚话术'", "现在就做"),
    ),
    (
        "citation of a document in the other language",
        _set(("model_handling", 1, "cites", 0, "doc"), "guide-long-queue-en"),
        ("field model_handling.1.cites.0.doc", "guide-long-queue-en", "zh-Hans"),
    ),
    (
        "unknown guide",
        _set(("guide",), "guide-long-queues-zh"),
        ("field guide", "no knowledge document 'guide-long-queues-zh'"),
    ),
    (
        "a playbook as the guide",
        _set(("guide",), "playbook-banking-zh"),
        ("field guide", "is a playbook, not a guide"),
    ),
    (
        "difficulty out of range",
        _set(("difficulty",), 4),
        ("field difficulty", "less than or equal to 3"),
    ),
    ("unknown language", _set(("lang",), "zh-Hant"), ("field lang", "'zh-Hant'")),
    ("unknown mood", _set(("mood",), "furious"), ("field mood", "'furious'")),
    ("unknown field", _set(("voice",), "低沉"), ("field voice", "Extra inputs")),
    (
        "criteria out of order",
        _set(
            ("criteria",),
            ["apologise", "acknowledge", "explain", "remedy", "confirm", "close", "avoid"],
        ),
        ("field criteria", "order"),
    ),
    (
        "model handling uses a forbidden phrase",
        _set(("model_handling", 0, "text"), "大家都在排，让您等这么久真对不住。"),
        ("field model_handling.0.text", "forbidden phrase '大家都在排'"),
    ),
    (
        "model handling promises beyond authority",
        _set(("model_handling", 2, "text"), "我先给您办，插个队，您看行吗？"),
        ("field model_handling.2.text", "outside authority", "让客户插队优先办理"),
    ),
    (
        "a criterion nobody demonstrates",
        _set(("model_handling", 3, "meets"), ["remedy"]),
        ("field model_handling", "no turn meets close"),
    ),
    (
        "wrong pair",
        _set(("pair",), "queue-anger-hotel-en"),
        ("field pair", "'queue-anger-bank-en'"),
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [b[1:] for b in BREAKAGES], ids=[b[0] for b in BREAKAGES]
)
def test_a_broken_file_names_the_file_and_the_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], expected: tuple[str, ...]
) -> None:
    _copy_pair(tmp_path)
    broken = tmp_path / "queue-anger-bank-zh.yaml"
    _edit(broken, change)
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{broken}: "), message
    for fragment in expected:
        assert fragment in message, message


def test_a_duplicate_id_names_both_files(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    shutil.copy(tmp_path / "queue-anger-bank-zh.yaml", tmp_path / "zz-queue-copy.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'zz-queue-copy.yaml'}: field id: ")
    assert "'queue-anger-bank-zh' is already used by" in message
    assert message.endswith(f"{tmp_path / 'queue-anger-bank-zh.yaml'}")


def test_a_file_named_after_another_id(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    (tmp_path / "queue-anger-bank-zh.yaml").rename(tmp_path / "queue-anger-zh.yaml")
    with pytest.raises(
        ScenarioError, match=r"queue-anger-zh\.yaml: field id: .*expected queue-anger-bank-zh\.yaml"
    ):
        load_scenarios(tmp_path)


def test_a_pair_that_differs_names_both_files(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    _edit(tmp_path / "queue-anger-bank-zh.yaml", _set(("difficulty",), 3))
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'queue-anger-bank-en.yaml'}: field difficulty: "
        f"2 here but 3 in the pair {tmp_path / 'queue-anger-bank-zh.yaml'}"
    )


def test_a_missing_pair(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    (tmp_path / "queue-anger-bank-en.yaml").unlink()
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'queue-anger-bank-zh.yaml'}: field pair: "
        "'queue-anger-bank-en' is not in the library"
    )


def test_unreadable_yaml_and_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no scenario files"):
        load_scenarios(tmp_path)
    (tmp_path / "broken-zh.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken-zh\.yaml: unreadable YAML"):
        load_scenarios(tmp_path)
    (tmp_path / "broken-zh.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken-zh\.yaml: a scenario file must be a mapping"):
        load_scenarios(tmp_path)

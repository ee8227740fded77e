"""Every interview template renders in zh-Hans, zh-Hant and English, and every template the
engine asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.domain import LANGS, Lang
from assistant.interview import registry
from assistant.interview.engine import new_state
from assistant.interview.say import Say
from assistant.interview.steps import STEP_IDS, STEPS
from assistant.playbooks import INDUSTRIES
from assistant.prompts import load_prompts
from assistant.text.lang import detect_lang

NAMES = [n for n in load_prompts().names() if n.startswith("interview.")]
SOURCE = Path(__file__).resolve().parents[2] / "assistant" / "interview"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_template_renders(name: str, lang: Lang) -> None:
    template = load_prompts().templates[name]
    values = {var: f"«{var}»" for var in template.vars}
    text = load_prompts().render(name, lang, **values)
    assert text.strip()
    for value in values.values():
        assert value in text  # every declared variable is used, in every language
    chinese = re.sub(r"«[^»]*»", "", text)
    if lang != "en" and re.search(r"[\u4e00-\u9fff]", chinese):
        assert detect_lang(chinese, default="en") in ("zh-Hans", "zh-Hant")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_question_of_every_step_can_be_asked(lang: Lang) -> None:
    """Each slot has its home in the registry, and its question renders on an empty map."""
    say = Say(lang)
    for step in STEP_IDS:
        assert say(f"step_{step}") and say(f"why_{step}")
        for slot in STEPS[step].slots:
            state = new_state("s", "w", "w", lang)
            state.step, state.slot = step, slot.key
            assert registry.ask(state, say), slot.key
            assert registry.QUESTIONS[slot.key].key == slot.key
    for industry in INDUSTRIES:
        assert say(f"industry_{industry}")


def test_examples_in_questions_come_from_the_sessions_industry() -> None:
    say = Say("zh-Hans")
    telecom = new_state("s", "w", "w", "zh-Hans", industry="telecom")
    telecom.step = telecom.slot = "personas"
    assert "营业厅" in registry.ask(telecom, say) and "贷款" not in registry.ask(telecom, say)
    telecom.step = telecom.slot = "pains"
    assert "营业厅排队久" in registry.ask(telecom, say)
    airline = new_state("s", "w", "w", "en")  # an industry without a playbook: generic ones
    airline.step = airline.slot = "personas"
    assert "first-time customer" in registry.ask(airline, Say("en"))


def test_traditional_is_converted_when_not_given() -> None:
    assert Say("zh-Hant")("q_stages").startswith("顧客從開始到結束要經過哪些階段")
    assert Say("zh-Hans")("q_stages").startswith("顾客从开始到结束要经过哪些阶段")


def test_the_engine_only_asks_for_templates_that_exist() -> None:
    literal = re.compile(r"""say\(\s*"([a-z_]+)"|say\(f"([a-z_]+)\{""")
    used: set[str] = set()
    for path in SOURCE.glob("*.py"):
        for hit in literal.finditer(path.read_text(encoding="utf-8")):
            used.add(hit[1] or hit[2])
    names = {n.removeprefix("interview.") for n in NAMES}
    missing = {u for u in used if u not in names and not any(n.startswith(u) for n in names)}
    assert not missing
    assert len(used) > 60

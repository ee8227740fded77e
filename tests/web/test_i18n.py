"""Every interface string exists in zh-Hans, zh-Hant and English, and every key the templates
and routers use is defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.domain import LANGS
from assistant.practice.quiz import TOPICS
from assistant.prompts import load_prompts
from assistant.text import detect_lang
from web.i18n import PREFIX, Translator, ui_keys

WEB = Path(__file__).resolve().parents[2] / "web"
# Keys built at run time in templates: a prefix and the values it is completed with.
DYNAMIC = {
    "lang_": ["zh_Hans", "zh_Hant", "en"],
    "status_": ["active", "finished"],
    "export_": ["html", "md", "csv", "json", "mermaid", "zip"],
    "author_": ["user", "assistant", "import", "edit"],
    "diff_": ["added", "removed", "changed"],
    "file_": ["added", "replaced", "unchanged", "failed"],
    "analysis_trend_": ["week", "month", "quarter"],
    "column_role_": ["text", "score", "label", "date", "channel", "touchpoint", "category"],
    "practice_difficulty_": ["1", "2", "3"],
    "practice_mood_level_": ["0", "1", "2", "3", "4"],
    "practice_mood_": ["angry", "anxious", "confused", "disappointed", "demanding", "upset"],
    "practice_outcome_": ["calmed", "escalated", "unresolved", "ended"],
    "practice_outcome_short_": ["calmed", "escalated", "unresolved", "ended"],
    "practice_status_": ["met", "missed", "broken"],
    "practice_kind_": ["stages", "touchpoints", "pain_points", "moments_of_truth"],
    "quiz_answer_hint_": ["choice", "short", "number"],
    "quiz_topic_": [t.replace("-", "_") for t in TOPICS],
    "practice_err_": [
        "no_scenario",
        "not_roleplay",
        "ended",
        "no_question",
        "no_case",
        "not_mapping",
        "no_map_yet",
        "no_topic",
    ],
}
# Endonyms and codes read the same in every language.
SAME_EVERYWHERE = {"lang_zh_Hans", "lang_zh_Hant", "lang_en"}


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("**/*.py")]:
        source = path.read_text(encoding="utf-8")
        keys.update(re.findall(r"""\b(?:c?t)\(\s*['"]([a-z][a-z0-9_]*)['"]""", source))
        keys.update(re.findall(r"""\(\s*['"](nav_[a-z]+)['"]\s*\)""", source))
        keys.update(
            re.findall(r"""['"]((?:error|upload|source|ask|correct)_[a-z0-9_]+)['"]""", source)
        )
    expanded: set[str] = set()
    for key in keys:
        if key in DYNAMIC:
            expanded.update(key + value for value in DYNAMIC[key])
        else:
            expanded.add(key)
    return expanded


def test_every_key_renders_in_every_language() -> None:
    library = load_prompts()
    for key in ui_keys():
        template = library.templates[PREFIX + key]
        values = dict.fromkeys(template.vars, "X")
        texts = {lang: library.render(PREFIX + key, lang, **values) for lang in LANGS}
        assert all(texts.values()), key
        if key in SAME_EVERYWHERE:
            continue
        assert texts["en"] != texts["zh-Hans"], key
        assert detect_lang(texts["zh-Hans"]) in ("zh-Hans", "en"), key  # not Traditional


def test_traditional_is_traditional() -> None:
    t = Translator("zh-Hant")
    assert t("nav_knowledge") == "公司資料"
    assert t("upload_title") == "上傳檔案"
    assert "訪談" in t("sessions_title")
    for key in ui_keys():
        if key in SAME_EVERYWHERE:
            continue
        text = Translator("zh-Hant")(
            key, **dict.fromkeys(load_prompts().templates[PREFIX + key].vars, "1")
        )
        for simplified in ("数据", "访谈", "这", "们", "为", "图"):
            assert simplified not in text, (key, text)


def test_every_key_used_is_defined() -> None:
    defined = set(ui_keys())
    missing = sorted(k for k in used_keys() if k not in defined)
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_pages_have_no_untranslated_strings(lang: str, client: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    client.cookies.set("cxcoach_lang", lang)
    for url in ("/", "/sessions", "/knowledge", "/ask", "/practice"):
        html = client.get(url).text
        assert f'<html lang="{lang}">' in html
        if lang == "en":
            body = html[html.index("<body") :]
            visible = re.sub(
                r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)
            )
            han = [c for c in visible if "\u4e00" <= c <= "\u9fff"]
            assert set("".join(han)) <= set("简体繁體"), (url, "".join(han)[:40])

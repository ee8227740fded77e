"""Prompt and message templates: data in the `prompts` package, validated when loaded.

Each YAML file holds named templates. A template declares its variables and gives its text in
zh-Hans and en (zh-Hant optional: when absent it is converted from zh-Hans with OpenCC). Loading
checks that the declared variables are exactly those the texts use; rendering with a missing
variable fails loudly (StrictUndefined), never with a silent blank.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from jinja2 import Environment, StrictUndefined, meta
from jinja2 import Template as JinjaTemplate
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import prompts as prompts_package
from assistant.domain.common import LANGS, Lang
from assistant.text.script import apply_glossary, to_traditional
from assistant.text.yaml_text import load_yaml

_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=2048)
def _compiled(text: str) -> JinjaTemplate:
    # Compiling is ~1 ms a template; an interview turn renders dozens of them.
    return _ENV.from_string(text)


class PromptError(ValueError):
    """A template file is malformed or a template was used wrongly."""


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    vars: list[str] = Field(default_factory=list)
    zh_hans: str = Field(alias="zh-Hans")
    zh_hant: str | None = Field(None, alias="zh-Hant")
    en: str

    def text(self, lang: Lang) -> str:
        if lang == "en":
            return self.en
        if lang == "zh-Hant":
            # Written out or converted, in the words of the Taiwan glossary.
            if self.zh_hant is not None:
                return apply_glossary(self.zh_hant)
            return to_traditional(self.zh_hans)
        return self.zh_hans


class PromptLibrary:
    def __init__(self, templates: dict[str, Template]) -> None:
        self.templates = templates

    def names(self) -> list[str]:
        return sorted(self.templates)

    def render(self, name: str, lang: Lang, /, **variables: Any) -> str:
        try:
            template = self.templates[name]
        except KeyError:
            raise PromptError(f"no prompt template {name!r}") from None
        unknown = set(variables) - set(template.vars)
        if unknown:
            raise PromptError(f"{name}: unexpected variables {sorted(unknown)}")
        return _compiled(template.text(lang)).render(**variables).strip()


# Without one of these a text is plain (Jinja's default syntax): it uses no variable. Checking
# only the texts that have one keeps loading the ~860 templates fast (it was half a second of a
# cold `cxcoach ask`: every text parsed, every zh-Hant one converted first). The zh-Hant text is
# made from its written source by changing Chinese characters only, so it has a mark when the
# source does.
JINJA_MARKS = ("{{", "{%", "{#")
# `{{ name }}` and nothing else (most templates): its variables are those names, read without
# parsing. Anything else (filters, blocks, comments) is parsed by Jinja.
_SIMPLE_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")
_ANY_SYNTAX = ("{{", "{%", "{#", "}}", "%}", "#}")


def _variables(template: Template, lang: Lang) -> set[str]:
    source = _source(template, lang)
    if not any(mark in source for mark in JINJA_MARKS):
        return set()
    if not any(mark in _SIMPLE_VARIABLE.sub("", source) for mark in _ANY_SYNTAX):
        return set(_SIMPLE_VARIABLE.findall(source))
    return set(meta.find_undeclared_variables(_ENV.parse(template.text(lang))))


def _source(template: Template, lang: Lang) -> str:
    if lang == "en":
        return template.en
    if lang == "zh-Hant" and template.zh_hant is not None:
        return template.zh_hant
    return template.zh_hans


def _check(name: str, template: Template) -> None:
    for lang in LANGS:
        used = _variables(template, lang)
        if used != set(template.vars):
            raise PromptError(
                f"{name} [{lang}]: uses {sorted(used)} but declares {sorted(template.vars)}"
            )


def parse_templates(text: str, origin: str) -> dict[str, Template]:
    raw = load_yaml(text) or {}
    if not isinstance(raw, dict):
        raise PromptError(f"{origin}: expected a mapping of template names")
    # `ui.yaml` and `ui.canvas.yaml` both hold `ui.` templates: a feature keeps its strings in
    # its own file.
    stem = origin.rsplit("/", 1)[-1].split(".", 1)[0]
    templates: dict[str, Template] = {}
    for key, body in raw.items():
        name = f"{stem}.{key}"
        try:
            template = Template.model_validate(body)
        except ValidationError as exc:
            raise PromptError(f"{origin}: template {key!r} is malformed: {exc}") from None
        _check(name, template)
        templates[name] = template
    return templates


@cache
def load_prompts() -> PromptLibrary:
    templates: dict[str, Template] = {}
    for entry in sorted(prompts_package.root().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found = parse_templates(entry.read_text(encoding="utf-8"), entry.name)
            twice = sorted(found.keys() & templates.keys())
            if twice:
                raise PromptError(
                    f"{entry.name}: {', '.join(twice)} already defined in another file"
                )
            templates.update(found)
    return PromptLibrary(templates)

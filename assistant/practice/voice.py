"""A language model as the role-play customer's voice (`roleplay.Voice`).

The offline customer decides everything that is scored and stored as state — how the reply is
scored, whether the customer is calmer or angrier, when the conversation ends — and draws a line;
the model only says that line in character, in its own words, from the scenario's persona and the
conversation so far. A model that fails, times out or answers nothing leaves the offline line.
"""

from __future__ import annotations

import logging

from assistant.llm import ChatMessage, ChatProvider, LLMError
from assistant.practice.roleplay import VoiceCue
from assistant.prompts import load_prompts
from assistant.text.script import to_lang_script

log = logging.getLogger(__name__)

MAX_CHARS = 240  # a spoken line, not a speech: a longer answer is cut at a sentence end
_QUOTES = "\"'“”‘’「」『』"


class LLMVoice:
    def __init__(self, llm: ChatProvider, timeout: float | None = None) -> None:
        self.llm = llm
        self.timeout = timeout

    def __call__(self, cue: VoiceCue) -> str | None:
        messages = self.messages(cue)
        try:
            text = self.llm.complete(messages, timeout=self.timeout)
        except LLMError as exc:  # the offline line stands; the trainee loses nothing
            log.warning("role-play voice unavailable: %s", exc)
            return None
        return _clean(text, cue)

    def messages(self, cue: VoiceCue) -> list[ChatMessage]:
        prompts = load_prompts()
        lang = cue.lang
        s = cue.scenario

        def script(text: str) -> str:
            return to_lang_script(text, lang)

        sep = "; " if lang == "en" else "；"
        system = prompts.render(
            "practice.voice_system",
            lang,
            name=script(s.persona.name),
            persona=script(s.persona.description),
            situation=script(s.situation),
            mood=s.mood,
            feeling=prompts.render(f"practice.feeling_{cue.pool}", lang),
            may_offer=sep.join(script(o.label) for o in s.authority.may_offer),
            may_not=sep.join(script(o.label) for o in s.authority.may_not),
        )
        who = ("Customer", "Staff") if lang == "en" else ("顾客", "员工")
        if lang == "zh-Hant":
            who = ("顧客", "員工")
        lines = [f"{who[0]}: {c}\n{who[1]}: {r}" for c, r in cue.history]
        user = prompts.render(
            "practice.voice_user",
            lang,
            history="\n".join(lines) or "—",
            reply=cue.reply or "—",
            line=cue.line,
        )
        return [ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)]


def _clean(text: str, cue: VoiceCue) -> str | None:
    """The customer's words alone: no speaker label, no surrounding quotes, not too long, and in
    the trainee's script."""
    text = text.strip()
    for label in ("Customer:", "顾客：", "顧客：", "顾客:", "顧客:"):
        if text.startswith(label):
            text = text[len(label) :].strip()
    text = text.strip(_QUOTES).strip()
    if not text:
        return None
    if len(text) > MAX_CHARS:
        cut = max(text.rfind(mark, 0, MAX_CHARS) for mark in ("。", "！", "？", ". ", "! ", "? "))
        text = text[: cut + 1] if cut > 0 else text[:MAX_CHARS]
    return to_lang_script(text, cue.lang) if cue.lang != "en" else text

"""What a list calls a session: its goal once stated, else its subject, else "new interview".

The session's title is kept in the sessions table (the list reads no maps for it) and follows
the subject: `InterviewService` renews it when a turn changes what the title is made from, and
leaves it alone otherwise, so a copy keeps its "copy" marker until its own subject changes.
Titles are written in the session's language; the copy marker in the language of whoever makes
the copy.
"""

from __future__ import annotations

import re

from assistant.domain import Lang
from assistant.interview.draft import MapDraft
from assistant.interview.say import Say
from assistant.prompts import load_prompts

# A goal is shortened to its first sentence, and to this many characters.
LIMIT: dict[Lang, int] = {"zh-Hans": 30, "zh-Hant": 30, "en": 60}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?:\s|$)")


def shorten(text: str, limit: int) -> str:
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    return first[: limit - 1].rstrip("，,、:： ") + "…"


def session_title(draft: MapDraft, lang: Lang) -> str:
    """The title a session's list entry shows for the map so far."""
    if draft.title.strip():  # the map's title, named by hand in the map view
        return draft.title.strip()
    goal = shorten(draft.goal, LIMIT[lang])
    if goal:
        return goal
    if draft.product:
        return Say(lang)("map_title", subject=draft.product)
    return untitled(lang, draft.industry)


def untitled(lang: Lang, industry: str = "") -> str:
    """A session nothing is known about yet (but perhaps its industry)."""
    return load_prompts().render("ui.session_untitled", lang, industry=industry)


def copy_title(title: str, lang: Lang) -> str:
    """The title of a duplicate: the original's, with the copy marker in `lang`."""
    return load_prompts().render("ui.session_copy_title", lang, title=title)


def is_placeholder(title: str, lang: Lang) -> bool:
    """A title sessions were given before titles followed the subject ("（待补充）客户旅程图"):
    the same for every session, so it is replaced at the next turn."""
    say = Say(lang)
    return not title.strip() or title == say("map_title", subject=say("placeholder"))

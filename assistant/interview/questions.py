"""Short answers to questions the user asks in the middle of the interview.

Questions about the tool itself (price, export, privacy, languages, how long it takes) are
answered from the prompts' FAQ; questions about the method ("什么是关键时刻？", "why personas?")
from the methodology corpus: the opening of the best concept document (its definition), at
most two sentences, cited. The interview's question is asked again after it.
"""

from __future__ import annotations

import re

from assistant.interview import parsing as p
from assistant.interview.methodology import lang_family
from assistant.interview.say import Say
from assistant.retrieval import Hit, Retriever, SearchFilters
from assistant.text.chunking import split_sentences

HITS = 6
MAX_CHARS = 180

# FAQ about the tool: template key → words that point to it (folded text, Simplified).
FAQ: dict[str, tuple[str, ...]] = {
    "faq_price": ("收费", "多少钱", "免费", "价格", "付费", "费用吗", "price", "cost", "free", "pay"),
    "faq_export": ("导出", "下载", "excel", "pdf", "export", "download", "csv", "打印", "print"),
    "faq_privacy": (
        "数据安全", "隐私", "上传到", "会不会泄露", "离线", "联网", "privacy", "offline",
        "data safe", "upload", "cloud", "secure",
    ),
    "faq_length": ("多久", "多长时间", "几步", "还有多少", "how long", "how many steps"),
    "faq_language": ("英文", "繁体", "简体", "language", "english", "chinese"),
    "faq_who": ("你是谁", "你是什么", "who are you", "what are you", "are you a bot", "机器人"),
}  # fmt: skip


class QuestionAnswerer:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def answer(self, question: str, lang: str, say: Say) -> str:
        folded = p.normalise(question)
        for key, words in FAQ.items():
            if any(_has(folded, w) for w in words):
                return say(key)
        hit = self._definition(question, lang)
        if hit is None:
            return say("question_unknown")
        text = _opening(hit.chunk.text)
        source = say.script(hit.chunk.title)
        return say("question_answer", answer=say.script(text), source=source)

    def _definition(self, question: str, lang: str) -> Hit | None:
        family = lang_family(lang)
        hits = self.retriever.search(
            question, filters=SearchFilters(doc_kinds=("concept",), lang=family), k=HITS
        )
        if not hits:  # (retrieval never returns a question list: see corpus.RETRIEVAL_AIDS)
            return None
        best_doc = hits[0].chunk.doc_id
        own = [h for h in hits if h.chunk.doc_id == best_doc]
        intro = next((h for h in own if not h.chunk.section), None)
        return intro or own[0]


def _has(folded: str, word: str) -> bool:
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded) is not None
    return word in folded


def _opening(text: str) -> str:
    """The first sentence or two, within MAX_CHARS."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    sentences = split_sentences(" ".join(lines))
    out = ""
    for sentence in sentences:
        if out and len(out) + len(sentence) > MAX_CHARS:
            break
        out += sentence if not out or not sentence.isascii() else " " + sentence
        if len(out) >= MAX_CHARS // 2:
            break
    return out[:MAX_CHARS].strip() or text[:MAX_CHARS].strip()

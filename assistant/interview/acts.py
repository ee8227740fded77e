"""What a message does, decided before anything in it is stored: the dialogue act.

Every message of the interview is one of these acts:

- ``answer``: content for the question being asked (a goal, a stage list, feelings, fixes…);
- ``correction``: a change to what the map already holds (rename, delete, add, replace);
- ``navigation``: back, skip, next, finish, where are we, go to a step;
- ``question``: a question to the assistant (about the method, the tool, the question);
- ``non_answer``: no content ("不知道", "随便", "idk");
- ``off_topic``: unrelated to the interview ("book me a flight to Paris");
- ``unclear``: none of them stands out, so the assistant asks instead of storing.

Only answers and corrections change the draft. Offline, commands are read by the rule parsers
(`commands.py`); everything else is decided by cues (a question mark, a leading "what is",
"不对，…") weighed together with the nearest labelled exemplars (`prompts/exemplars/acts.yaml`,
three languages) found with the embedding model. Matching folds Traditional to Simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

import prompts as prompts_package
from assistant.embeddings import Embedder
from assistant.embeddings.nearest import NearestNeighbours
from assistant.interview import parsing as p
from assistant.interview import vocabulary as vocab
from assistant.interview.commands import (
    STEP_WORDS,
    Command,
    Navigate,
    SwitchLanguage,
    parse_command,
)
from assistant.interview.progress import slot_satisfied
from assistant.interview.state import InterviewState
from assistant.interview.steps import OPTIONAL_SLOTS
from assistant.interview.suggestions import choose
from assistant.text.yaml_text import YAMLError, load_yaml

ActKind = Literal[
    "answer", "correction", "navigation", "question", "non_answer", "off_topic", "unclear"
]  # fmt: skip
LabelledAct = Literal["answer", "correction", "navigation", "question", "non_answer", "off_topic"]
LABELLED_ACTS: tuple[LabelledAct, ...] = get_args(LabelledAct)
EXEMPLAR_FILE = "exemplars/acts.yaml"

NEIGHBOURS = 7  # exemplars that vote
SHARPNESS = 12.0  # weight = exp(SHARPNESS * similarity): near neighbours count far more
DECIDE = 0.5  # share of the vote an act other than an answer needs to win outright
MARGIN = 0.15  # an act must beat the answer reading by this much, else the message is unclear
STRONG = 0.8  # without a cue, the exemplars' share an act needs to overrule "answer"
SHORT = 12  # characters (Chinese) or 4 words (English): what a bare non-answer fits in
CUE_WEIGHT = 0.5  # what a rule cue adds to its act's share

# Cues --------------------------------------------------------------------------------------
# Text is folded to Simplified and lower case before these are matched.
_QUESTION_START = re.compile(
    r"^(?:请问|请教|想问|问一下|我想问|那个?|所以|这个|那么)?\s*"
    r"(?:什么是|什么叫|啥是|啥叫|何谓|为什么|为啥|干嘛要|怎么|如何|怎样|能不能|能否|可不可以|可以不|"
    r"是不是|有没有|要不要|需不需要|需要.{0,6}吗|这一步|这个问题|你们|你能|你会|你是|收费|多少钱|"
    r"what(?:'s| is| are| does| do)|why\b|how\b|can (?:i|you|we)\b|could (?:i|you)\b|"
    r"do (?:i|you|we)\b|does\b|is (?:it|this|there)\b|are (?:you|there)\b|should (?:i|we)\b|"
    r"which\b|who\b|when\b|where\b|explain\b|tell me\b)"
)
_QUESTION_END = re.compile(
    r"(?:吗|么|呢|吧)?\s*[?？]+\s*$|(?:吗|么)\s*[。.!！]?\s*$|(?:吗|么|呢)\s*[?？]|^[^，,。]{2,12}[?？]"
)
_NON_ANSWER_BARE = re.compile(
    r"不知道|不晓得|不清楚|说不(?:上|好|准|清)|随便|随你|都行|都可以吧|没想好|没想过|不确定|想不出|"
    r"看着办|你定|你决定|不懂|没概念|没头绪|唔知|好难|^(?:嗯+|呃+|额+|啊+|哦+|蛤+)$|"
    r"\bidk\b|not sure|no idea|don'?t know|dunno|whatever|no clue|haven'?t thought|"
    r"you decide|up to you|can'?t say|can'?t tell|^pass$|^hmm+$"
)
# The manager speaking of themselves ("我哪知道", "I can't tell"), not of customers who don't
# know something ("不知道该打哪个电话" is a pain point).
_NON_ANSWER_SELF = re.compile(
    r"(?:我|我们|咱)(?:也|真的|实在|确实|还|暂时|现在)?(?:哪知道|不知道|不清楚|说不上来?|说不准|"
    r"想不出|想不到|不确定|没想好|不懂|定不了|做不了主|拿不准|挤不出)|(?:暂时|一下子|现在)"
    r"(?:想不出|没什么|挤不出|说不上)|"
    r"\bi (?:really )?(?:don'?t|do not) know\b|\bi'?m (?:not sure|unsure)\b|"
    r"\bi (?:can'?t|cannot) (?:say|tell|think)|\bi have no idea\b|nothing i can think of|"
    r"\bi'?m not the one\b|not my call|no clue|"
    r"(?:怎么|哪里|哪)知道|说不上来|说不好|不清楚(?:他们|客户|顾客)?(?:啥|什么)?感受|我真不懂|"
    r"^no idea\W*$|(?:[,.;]\s*|\bso\s+|\bhonestly\s+)no idea\W*$|\bnot sure yet\b|"
    r"\bi'?d be guessing\b|\bcouldn'?t (?:say|tell)\b|\bno idea how to\b"
)
# Requests to do something unrelated ("帮我订酒店", "order pizza"): off-topic unless the
# request is about the map itself.
_REQUEST = re.compile(
    r"^(?:请|麻烦|你|能不能|可以|可不可以|顺便)?\s*(?:帮我|帮忙|替我|给我|帮我们)|^(?:你能|你会|能)(?:帮我|陪我)|"
    r"(?:讲|说|来)个(?:笑话|段子|故事)|^顺便|"
    r"^help me (?:write|find|book|plan|buy)\b|"
    r"^(?:(?:can|could|would) you\s+(?:please\s+)?|please\s+)?(?:book|order|find|write|translate|"
    r"recommend|tell me a|buy|check (?:my|the weather)|play|sing|search)\b"
)
_ABOUT_THE_MAP = re.compile(
    r"阶段|触点|角色|画像|痛点|情绪|目标|建议|旅程|地图|计划|措施|指标|stage|touchpoint|persona|"
    r"pain|emotion|journey|map|plan|suggest|action|kpi"
)
# "下个阶段吧", "没了", "nothing more", "back to pain points": moving on or back in words.
_NEXT_CUE = re.compile(
    r"^(?:没了|没有了|没有别的了|没有其他的了|就这些|就这样|写完了|下一个|下个|换下一个|往下|往后|先往后|继续|"
    r"that'?s the lot|"
    r"nothing (?:more|else)|no more|that'?s all|that'?s it|move on|next)|"
    r"(?:没了|没有了|就这些|写完了|换下一个|下一个|下个阶段|往后|先往后|往下走|继续吧|"
    r"nothing more(?: for this \w+)?|no more|move on|next one|that'?s all)\W*$"
)
_BACK_CUE = re.compile(
    r"^(?:回到|回去|返回|返去|退回|回(?:上|前)一|back to|go back|go to|jump to|let'?s go back)"
)
_SKIP_CUE = re.compile(r"^(?:先)?跳过|先跳过|这题\s*pass|^skip\b|\bskip (?:this|it|personas|\w+)$")
_FINISH_CUE = re.compile(
    r"(?:收尾|结束|完成|出报告|搞掂|done|finish|wrap (?:it )?up|all good)\W*(?:吧|啦|了)?\W*$"
)
_PROGRESS_CUE = re.compile(r"第几步|到哪(?:一步|了|儿)|还剩|how far|where are we|which step")
_CORRECTION_START = re.compile(
    # Not "应该是…" or "其实…" alone: those hedge an answer ("应该是Google搜寻跟脸书粉专吧").
    r"^(?:不对|不是|错了|搞错了|说错了|我说错了|更正|纠正|改一下|等等|等一下|"
    r"no[,，.!]|nope\b|wrong\b|actually\b|wait\b|sorry,? i meant|i meant\b|correction\b|"
    r"scratch that|not quite)"
)


@dataclass(frozen=True)
class Act:
    kind: ActKind
    confidence: float  # the winning share of the vote (1.0 for a rule)
    source: Literal["rule", "nearest", "llm"]
    command: Command | None = None
    scores: dict[str, float] = field(default_factory=dict)  # the vote, for tests and eval


class ExemplarSet(BaseModel):
    """prompts/exemplars/acts.yaml: act → language → examples."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    answer: dict[str, list[str]]
    correction: dict[str, list[str]]
    navigation: dict[str, list[str]]
    question: dict[str, list[str]]
    non_answer: dict[str, list[str]]
    off_topic: dict[str, list[str]]

    def pairs(self) -> list[tuple[LabelledAct, str]]:
        out: list[tuple[LabelledAct, str]] = []
        for act in LABELLED_ACTS:
            for texts in getattr(self, act).values():
                out.extend((act, t.strip()) for t in texts if t and t.strip())
        return out


class ExemplarError(ValueError):
    """The exemplar file is malformed."""


@cache
def load_exemplars() -> ExemplarSet:
    path = prompts_package.root().joinpath(*EXEMPLAR_FILE.split("/"))
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        return ExemplarSet.model_validate(raw)
    except (OSError, YAMLError, ValidationError) as exc:
        raise ExemplarError(f"prompts/{EXEMPLAR_FILE}: {exc}") from None


def exemplar_texts() -> list[str]:
    """Every exemplar, as embedded (shipped vectors cover them: see shipped_vectors.py)."""
    return [text for _, text in load_exemplars().pairs()]


class NearestExemplars:
    """The k-NN vote over the act exemplars (see assistant/embeddings/nearest.py)."""

    def __init__(self, embedder: Embedder, exemplars: ExemplarSet | None = None) -> None:
        pairs = (exemplars or load_exemplars()).pairs()
        self.knn = NearestNeighbours(embedder, pairs, neighbours=NEIGHBOURS, sharpness=SHARPNESS)
        self.exact = {p.normalise(text): act for act, text in pairs}

    def vote(self, text: str) -> dict[LabelledAct, float]:
        """Each act's share of the weighted vote of the nearest exemplars (sums to 1)."""
        shares = self.knn.vote(text, LABELLED_ACTS)
        return {act: shares[act] for act in LABELLED_ACTS}


class ActClassifier:
    def __init__(self, embedder: Embedder | None = None) -> None:
        self.nearest = NearestExemplars(embedder) if embedder is not None else None
        self._exact = {
            p.normalise(text): act
            for act, text in load_exemplars().pairs()
            if act in ("non_answer", "off_topic", "question", "navigation")
        }

    def classify(self, message: str, state: InterviewState) -> Act:
        text = message.strip()
        if not text or not re.search(r"\w", text):
            return Act("non_answer", 1.0, "rule")
        command = parse_command(text, state.draft)
        if isinstance(command, Navigate | SwitchLanguage):
            return Act("navigation", 1.0, "rule", command)
        if command is not None:
            return Act("correction", 1.0, "rule", command)
        if state.pending and choose(text, state.pending) is not None:
            return Act("answer", 1.0, "rule")  # suggestions picked ("1,3", "all")
        if p.is_accept(text):
            # "好", "ok": accepts what is on offer, or confirms an answered question; with
            # nothing on offer and nothing answered it says nothing.
            offered = (
                state.pending
                or state.slot in ("plan", "review")
                or state.finished
                or state.slot in OPTIONAL_SLOTS  # "ok" to an optional question: move on
            )
            if offered or slot_satisfied(state, state.slot):
                return Act("answer", 1.0, "rule")
            return Act("non_answer", 1.0, "rule")
        said = p.normalise(text)
        known = self._exact.get(said)
        if known is not None:
            return Act(known, 1.0, "rule")
        return self._weigh(text, state)

    def _weigh(self, text: str, state: InterviewState) -> Act:
        """Rule cues say which acts a message could be; the nearest exemplars weigh them
        against an answer. With no cue at all, only an overwhelming vote of the exemplars
        makes a message anything but an answer ("today the stock market crashed")."""
        folded = p.simplified(text).lower().strip()
        voted: dict[str, float] = dict.fromkeys(LABELLED_ACTS, 0.0)
        if self.nearest is not None:
            for act, share in self.nearest.vote(text).items():
                voted[act] = share
        cues = _cues(text, folded, state)
        if not cues:
            overwhelming = [
                act
                for act in ("off_topic", "question", "non_answer")
                if voted[act] >= STRONG and (act != "non_answer" or _short(text))
            ]
            kind: ActKind = overwhelming[0] if overwhelming else "answer"  # type: ignore[assignment]
            share = voted[kind] if overwhelming else 1.0 - max(voted.values(), default=0.0)
            return Act(kind, share, "nearest" if overwhelming else "rule", None, voted)
        scores = {act: voted[act] + CUE_WEIGHT for act in cues}
        if "non_answer" in cues and _NON_ANSWER_SELF.search(folded):
            scores["non_answer"] += CUE_WEIGHT / 2  # "我哪知道": the speaker has nothing to say
        if "question" in cues:  # a question may be an unrelated one
            scores.setdefault("off_topic", voted["off_topic"] + CUE_WEIGHT)
        scores["answer"] = voted["answer"] + (
            CUE_WEIGHT / 2 if _looks_like_content(text, state) else 0
        )
        best = max(scores, key=lambda act: scores[act])
        kind = best  # type: ignore[assignment]
        if kind != "answer" and scores[best] - scores["answer"] < MARGIN:
            kind = "unclear"  # could be either: ask rather than store or drop
        command = _navigation(folded) if kind == "navigation" else None
        if kind == "navigation" and command is None:
            kind = "unclear"
        return Act(kind, scores[best], "nearest" if self.nearest else "rule", command, scores)


def _cues(text: str, folded: str, state: InterviewState) -> set[str]:
    cues: set[str] = set()
    question_start = _QUESTION_START.search(folded) is not None
    question_end = _QUESTION_END.search(folded) is not None
    if question_start or question_end:
        cues.add("question")
    if _CORRECTION_START.search(folded):
        cues.add("correction")
    bare = _NON_ANSWER_BARE.search(folded) or _NON_ANSWER_BARE.search(p.normalise(text))
    if (bare and _short(text)) or _NON_ANSWER_SELF.search(folded):
        cues.add("non_answer")
    if _REQUEST.search(folded) and not _ABOUT_THE_MAP.search(folded):
        cues.add("off_topic")
    move = _navigation(folded)
    # "到哪一步了" inside a longer answer is content ("不知道审批到哪一步了"), not a question.
    if move is not None and (
        move.action != "progress" or _short(text) or "?" in folded or "？" in folded
    ):
        cues.add("navigation")
    return cues


def _navigation(folded: str) -> Navigate | None:
    """The move a message asks for in words the command parser does not take whole."""
    if _PROGRESS_CUE.search(folded):
        return Navigate("progress")
    if _SKIP_CUE.search(folded):
        return Navigate("skip")
    if _BACK_CUE.search(folded):
        step = next((s for w, s in STEP_WORDS.items() if w in folded), None)
        return Navigate("goto", step) if step else Navigate("back")
    if _NEXT_CUE.search(folded):
        return Navigate("next")
    if _FINISH_CUE.search(folded):
        return Navigate("finish")
    return None


def _short(text: str) -> bool:
    words = text.split()
    return len(words) <= 4 if text.isascii() else len(re.sub(r"\W", "", text)) <= SHORT


def _looks_like_content(text: str, state: InterviewState) -> bool:
    """Signals of a real answer: a list, a number with a unit, a name already on the map, or
    a feeling or severity word at the steps that ask for them."""
    if len(p.split_items(text)) >= 3:
        return True
    folded = p.normalise(text)
    names = [s.name for s in state.draft.stages] + [t.name for t in state.draft.touchpoints]
    if any(len(n) >= 2 and p.normalise(n) in folded for n in names):
        return True
    if state.slot == "emotions" and p.find_words(folded, vocab.EMOTION_WORDS):
        return True
    return bool(re.search(r"\d", text)) and state.slot in ("goal", "emotions", "plan")

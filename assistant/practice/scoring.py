"""Rubric scoring of a trainee's replies in role-play practice: offline, deterministic, explained.

`score_reply` judges one reply against the scenario's criteria (`scenarios.CRITERIA`): each is
met, missed or broken, with the trainee's sentence that earned or lost it and, when it is not met,
what to say instead (the first model-handling turn that meets it, in the trainee's script) with
that turn's citations. `score_session` does the same over a whole conversation and names the
scenario's moment of truth.

Detection is by cue words and patterns (every word and pattern is in the lexicon or the scenario,
none in this module), and for blame no pattern holds by a small learned check (`reply_model`:
character n-gram logistic regression over the reply, shipped as a file, pure Python, offline):
- general cues per criterion and language in `knowledge/practice/lexicon.yaml` (read once),
  merged with the scenario's own `cues`;
- "explain" is met by the cause or the current state told plainly (a cause or state cue, or the
  model handling's explanation in the trainee's own words), not by a status that gives no cause
  ("还在审核中", "账户目前处于锁定状态", "your claim is with our claims team"); a weak cue that only
  names a state or a failure ("目前", "currently", "mix-up") counts only outside a clause that
  states such a status or apologises ("Sorry for the mix-up"); no cue counts in a clause whose
  cause names nothing (`vague_cause`: a hedge or a vague noun, "由于一些原因", "出了点状况",
  "some technical issues"; a routine word that restates the outcome, "费率调整", "due to system
  maintenance", "didn't meet our criteria"; busyness with nothing in it, "it's a busy time"; the
  customer's trouble, "sorry you had to call so many times") nor in a question ("…，是这样吗？");
  it is broken by blame put on the customer ("是您自己点开通的", "are you sure you
  ordered", "好多人都会点错码的", "we did text you"), or on a colleague, another department or an
  outside party ("仓库那边出包", "the courier's problem"), run down ("可能是打扫阿姨没仔细看", "the
  couriers are useless"), disowned ("快递那边我们管不着", "that's on him not us") or the customer's
  own handler away ("您的客户经理休假了": not when the sentence then takes it on, "…，我来帮您办")
  — unless the reply owns the failure ("…是我们的问题") or the sentence apologises for it after
  naming it ("您的理专刚好又休假，还让您等，真的很抱歉"); blame is also heard by the structure of a
  sentence (`blame_structure`: a counterfactual put to the customer, "您要是早点来就还有"; a party as
  the one who failed, "医院那边诊断证明一直没给"; the system as the one who did it; "we can do
  nothing" after a party is named), and, in a reply that neither owns the failure nor blames by
  any pattern, by `reply_model` ("到账慢得看您那边银行"); not
  knowing why ("我也不知道原因") and a tautology ("卖完了就是卖完了", "sold out is sold out")
  explain nothing, nor does a cause the trainee takes back (`retracting`: "…嗯不对") or a cause
  word in the trainee's own next step or a condition (`next_steps`: "我帮您升级成加急单", "if it
  turns out to be faulty"); a failure of ours named is a cause told (`owned_causes`: "是我们备货
  太少了", "we only had twenty in stock"); and where the rubric and the `cause` model of
  `reply_model` disagree, the model decides only when it is sure (`_cause_read`);
- "remedy" is met by a concrete remedy: one of the scenario's `authority.may_offer` cues with a
  commitment (I'll, let me, 我来, 给您) in that sentence or the one before, or stated plainly in a
  reply without blame or brush-off — unless the offer only tells the customer something or hands
  them the work ("走申诉流程就可以了"); or a general concrete action with a commitment beside it
  ("我马上给您补发", "I'll resend it today"); or an offer in the trainee's own words: a committed
  clause sharing the offer's content words ("我先帮您把材料过一遍", "I'm opening till 6"; a check
  already done, "I've checked and it's at the depot", offers nothing). A scenario `may_not` cue or a
  general promise beyond
  front-line authority (a guarantee, going round the rules, paying for everything or for the
  customer's losses, punishing a colleague) breaks it however polite the reply is, in Chinese also
  with words slipped inside it ("贵的那款我也照特价卖给您"); a promise word refused earlier in the
  clause refuses what follows it ("我没办法保证几点一定送到, 但…");
- "avoid" is broken by a `forbidden_phrases` item or a general blame, brush-off or insult cue, and
  met otherwise (once the reply says something);
- "apologise" needs an apology for the specific thing: a blanket "sorry for any inconvenience" /
  "给您带来不便敬请谅解" and a bare "sorry" / "不好意思" whose clause and neighbours name nothing (or
  only the trainee's next step: "Sorry about that, I'll chase it") do not earn it;
- "acknowledge" is not earned by reassurance ("别急", "别担心", "don't worry", "请您理解");
- "close" needs a named owner ("我叫小李", "I'm Sam") or a follow-up with a time in its sentence
  ("今天下午四点前我打给您", "I'll text you by 6pm"): "有结果会通知您" / "we'll let you know" alone
  is not enough; a chase with no outcome or time ("我帮您催一下", "we'll chase it") earns no
  "remedy", and "I checked" / "我查了" alone or a status the customer can see earns no "explain";
- a negation just before a cue cancels it ("我不理解", "I'm not sorry", "I can't waive the fee"),
  while blame that contains a negation ("不是我的错", "not my problem") is still blame.

zh-Hant replies are folded to Simplified and scored against the zh scenario; English replies
against the -en scenario. Matching forgives what people type in chat: full-width characters,
您/你, missing punctuation, spelt-out or contracted English, inflections and one-letter typos (a
word the lexicon or the scenarios use is that word, never a typo: "cash" is not "crash"), and
reads a few words that mean the same here alike (the lexicon's `synonyms`: 资料/材料,
外送员/骑手, paperwork/documents, and Taiwan words the script conversion leaves as they are:
身分證/身份证, 在背景/在后台, 級距/档).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal, get_args

import opencc
import yaml
from pydantic import BaseModel, ConfigDict, Field

import knowledge
from assistant.domain.common import LANGS, Lang, as_lang
from assistant.practice.reply_model import ReplyModel, load_model
from assistant.practice.scenarios import (
    CRITERIA,
    REPLY_POOLS,
    Citation,
    CriterionId,
    ModelTurn,
    Scenario,
    cite_label,
)
from assistant.text.chunking import split_sentences
from assistant.text.script import to_lang_script, to_simplified

Status = Literal["met", "missed", "broken"]
FlagCode = Literal["empty", "too_short", "essay", "off_topic", "abusive", "repeated"]
FLAG_CODES: tuple[FlagCode, ...] = get_args(FlagCode)
BadKind = Literal["forbidden", "blame", "jargon", "dismissive", "abusive"]
Scheme = Literal["zh", "en"]

POSITIVE: tuple[CriterionId, ...] = ("acknowledge", "apologise", "explain", "confirm", "close")
# Criteria whose cues a negation just before them cancels ("I'm not sorry").
NEGATABLE: frozenset[CriterionId] = frozenset({"acknowledge", "apologise", "close"})
ESSAY_ZH_CHARS = 300  # a reply longer than this is a pasted essay (still scored)
ESSAY_EN_WORDS = 150
SHORT_ZH_CHARS = 3  # 好的 / 抱歉 / 知道了: one word
ZH_WINDOW = 6  # characters before a cue in which a negation cancels it
EN_WINDOW = 4  # words
MIN_OVERLAP = 2  # scenario words a cue-less reply must share not to be off topic
# Words of the model handling's explanation a sentence must share to explain the cause in its
# own words (zh: two-character runs, en: word stems), when it uses no explaining cue word.
EXPLAIN_OVERLAP: dict[Scheme, int] = {"zh": 4, "en": 3}
# Content words (zh: two-character runs, en: word stems) a committed clause must share with one
# of the scenario's offers to make it in other words: with the offer's cues, or with its label and
# cues together ("材料" of "先看看材料"; "open" and "till" of "Get another till opened").
OFFER_OVERLAP: dict[Scheme, tuple[int, int]] = {"zh": (1, 2), "en": (2, 2)}
# How far (zh characters, en words) a general remedy action may sit from the commitment that makes
# it the trainee's: "我马上给您重新发一份", "I'll get that resent today".
COMMIT_GAP: dict[Scheme, int] = {"zh": 8, "en": 5}
# A general promise word this close (zh characters, en words) to one of the scenario's own offers is
# that offer: "a drink on the house" where a free drink may be offered.
NEAR: dict[Scheme, int] = {"zh": 2, "en": 1}
# What a general promise beyond authority is called in feedback.
BEYOND: dict[Scheme, str] = {
    "zh": "超出一线权限的承诺",
    "en": "a promise beyond front-line authority",
}
LEXICON = ("practice", "lexicon.yaml")


# --- results ----------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CriterionResult(_Model):
    """One criterion for one reply (or, in a `Scorecard`, for the whole conversation)."""

    criterion: CriterionId
    label: str  # in the trainee's language and script
    status: Status
    sentence: str = ""  # the trainee's sentence that earned it (met) or lost it (broken)
    cue: str = ""  # the words that were heard: a cue, a forbidden phrase, a promise
    detail: str = ""  # met remedy: the offer; broken: why; missed apologise: the blanket note
    suggestion: str = ""  # missed / broken: what to say instead (a model-handling turn)
    cites: tuple[Citation, ...] = ()  # the guide sections the suggestion stands on
    feedback: str  # one sentence for the trainee, in their language
    reply: int | None = None  # in a Scorecard: the reply (0-based) the sentence comes from


class Flag(_Model):
    code: FlagCode
    message: str


class ReplyScore(_Model):
    scenario_id: str
    lang: Lang
    reply: str
    sentences: tuple[str, ...]
    results: tuple[CriterionResult, ...]
    points: int = Field(ge=0, le=100)
    flags: tuple[Flag, ...] = ()

    def result(self, criterion: CriterionId) -> CriterionResult:
        for r in self.results:
            if r.criterion == criterion:
                return r
        raise KeyError(criterion)

    @property
    def met(self) -> tuple[CriterionId, ...]:
        return tuple(r.criterion for r in self.results if r.status == "met")

    @property
    def broken(self) -> tuple[CriterionId, ...]:
        return tuple(r.criterion for r in self.results if r.status == "broken")

    def flagged(self, code: FlagCode) -> bool:
        return any(f.code == code for f in self.flags)


class Scorecard(_Model):
    scenario_id: str
    lang: Lang
    title: str
    moment_of_truth: str  # in the trainee's script
    total: int = Field(ge=0, le=100)
    criteria: tuple[CriterionResult, ...]
    replies: tuple[ReplyScore, ...]
    summary: str

    def result(self, criterion: CriterionId) -> CriterionResult:
        for r in self.criteria:
            if r.criterion == criterion:
                return r
        raise KeyError(criterion)

    @property
    def flags(self) -> tuple[tuple[int, Flag], ...]:
        return tuple((i, f) for i, score in enumerate(self.replies) for f in score.flags)


# --- the lexicon ------------------------------------------------------------------------------


class _ByLang(_Model):
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def of(self, scheme: Scheme) -> tuple[str, ...]:
        return self.zh if scheme == "zh" else self.en


class _Typos(_Model):
    zh: dict[str, str] = Field(default_factory=dict)
    en: dict[str, str] = Field(default_factory=dict)


class _Words(_Model):
    """Cue words and regular expressions of one kind."""

    words: _ByLang = Field(default_factory=_ByLang)
    patterns: _ByLang = Field(default_factory=_ByLang)


class _Absence(_Words):
    """The customer's handler away (`absent_owner`): its patterns, the takeover words that let it
    off, and what marks it as the excuse for the failure (`excuse`), which no takeover lets off."""

    excuse: _ByLang = Field(default_factory=_ByLang)


class _BlameStructure(_Model):
    """Blame heard by the structure of a sentence (`blame_structure` in the lexicon)."""

    parties: _ByLang = Field(default_factory=_ByLang)
    failures: _ByLang = Field(default_factory=_ByLang)
    customer: _ByLang = Field(default_factory=_ByLang)
    shifting: _ByLang = Field(default_factory=_ByLang)
    disowning: _ByLang = Field(default_factory=_ByLang)
    exonerating: _ByLang = Field(default_factory=_ByLang)


class _Cantonese(_Model):
    """Written Cantonese read as Mandarin (`cantonese` in the lexicon)."""

    markers: str = ""
    words: dict[str, str] = Field(default_factory=dict)


class Lexicon(_Model):
    """The general cue words (`knowledge/practice/lexicon.yaml`)."""

    cues: dict[CriterionId, _ByLang]
    patterns: dict[CriterionId, _ByLang] = Field(default_factory=dict)
    hollow: dict[CriterionId, _ByLang] = Field(default_factory=dict)
    weak_explain: _ByLang = Field(default_factory=_ByLang)
    vague_cause: _ByLang = Field(default_factory=_ByLang)
    retracting: _ByLang = Field(default_factory=_ByLang)
    next_steps: _ByLang = Field(default_factory=_ByLang)
    checking: _ByLang = Field(default_factory=_ByLang)
    owned_causes: _ByLang = Field(default_factory=_ByLang)
    followup: _Words = Field(default_factory=_Words)
    bare_apology: _Words = Field(default_factory=_Words)
    blanket_apology: _ByLang
    blame: _ByLang
    blame_patterns: _ByLang = Field(default_factory=_ByLang)
    shifting: _Words = Field(default_factory=_Words)
    absent_owner: _Absence = Field(default_factory=_Absence)
    blame_structure: _BlameStructure = Field(default_factory=_BlameStructure)
    owning: _ByLang = Field(default_factory=_ByLang)
    owning_patterns: _ByLang = Field(default_factory=_ByLang)
    commitment: _Words = Field(default_factory=_Words)
    telling_offers: _ByLang = Field(default_factory=_ByLang)
    deflecting: _ByLang = Field(default_factory=_ByLang)
    remedy_actions: _Words = Field(default_factory=_Words)
    beyond_authority: _Words = Field(default_factory=_Words)
    promise_verbs: _ByLang = Field(default_factory=_ByLang)
    promise_fillers: _ByLang = Field(default_factory=_ByLang)
    jargon: _ByLang
    jargon_patterns: _ByLang = Field(default_factory=_ByLang)
    dismissive: _ByLang
    dismissive_patterns: _ByLang = Field(default_factory=_ByLang)
    abusive: _ByLang
    negators: _ByLang
    negators_after: _ByLang
    negation_exempt: _ByLang
    typos: _Typos
    synonyms: _Typos = Field(default_factory=_Typos)
    fold_keep: dict[str, str] = Field(default_factory=dict)
    cantonese: _Cantonese = Field(default_factory=_Cantonese)
    stopwords: _ByLang


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    path = knowledge.root()
    for part in LEXICON:
        path = path.joinpath(part)
    return Lexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


# --- normalising text -------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\bcan't\b", "cannot"),
        (r"\bwon't\b", "will not"),
        (r"\bshan't\b", "shall not"),
        (r"\blet's\b", "let us"),
        (r"n't\b", " not"),
        (r"'re\b", " are"),
        (r"'ll\b", " will"),
        (r"'ve\b", " have"),
        (r"\bi'm\b", "i am"),
        (r"'d\b", " would"),
        (r"\b(it|that|there|what|here|he|she|who|where|how|everything|nothing)'s\b", r"\1 is"),
    )
)
_EN_TOKEN = re.compile(
    r"(?P<word>[a-z0-9]+(?:'[a-z]+)*)|(?P<dash>\s[-\u2013\u2014]+\s)|(?P<stop>[,;:!?.()\[\]\"\u2026\u2013\u2014])"
)


@cache
def _taiwan_phrases() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")


@cache
def _cantonese() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The lexicon's Cantonese-only characters, and its Cantonese words longest first, compiled once."""
    cantonese = load_lexicon().cantonese
    words = sorted(cantonese.words, key=len, reverse=True)
    never = "(?!)"  # no markers or no words in the lexicon: nothing is read as Cantonese
    markers = f"[{re.escape(cantonese.markers)}]" if cantonese.markers and words else never
    return re.compile(markers), re.compile("|".join(map(re.escape, words)) or never)


def _fold_zh(text: str) -> str:
    """NFKC, Simplified (Taiwan phrasing too: 簡訊 → 短信, 聯絡 → 联系, 著急 → 着急), lower case,
    您 read as 你. Cues and replies are folded alike, so the fold need not be perfect, only the
    same on both sides."""
    text = unicodedata.normalize("NFKC", text)
    lexicon = load_lexicon()
    for word, kept in lexicon.fold_keep.items():  # 資料 is 资料 here, not 数据 ("data")
        text = text.replace(word, kept)
    markers, words = _cantonese()
    if markers.search(text):  # "係我哋漏咗" is "是我們漏了"
        text = words.sub(lambda m: lexicon.cantonese.words[m.group()], text)
    text = to_simplified(str(_taiwan_phrases().convert(text)))
    return text.casefold().replace("您", "你").replace("帐", "账")


def _en_words(text: str) -> str:
    """Lower case with contractions spelt out: "I'm" → "i am", "can't" → "cannot"."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    return text


def _stem(word: str) -> str:
    """A crude stem, the same for a cue and a reply: call/calls/called/calling, apologise/-ing."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _distance_one(a: str, b: str) -> bool:
    """At most one edit apart (insert, delete, substitute or swap two neighbours)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# --- compiled cues ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cue:
    shown: str  # as the lexicon or scenario writes it
    forms: tuple[str, ...] = ()  # zh: the folded cue and its one-character-short variants
    words: tuple[str, ...] = ()  # en: stems, matched word by word
    gaps: int = 0  # en: how many extra words may sit between the cue's words
    swaps: int = 0  # en: how many of its words (not the first) may be other words
    negatable: bool = False
    refusable: bool = False  # an offer: a negation after it counts too ("预约不了")


@dataclass(frozen=True)
class _Offer:
    cue: _Cue
    label: str
    telling: bool = False  # the offer is telling the customer something ("Explain the fee")


@dataclass(frozen=True)
class _Bad:
    cue: _Cue
    kind: BadKind


_ZH_PARTICLES = "吗呢啊吧嘛了呀"
_EN_NEGATORS_AFTER = frozenset({"not", "cannot", "never"})
_EN_SUBJECTS = frozenset({"i", "we", "they", "he", "she"})
_EN_CONDITIONS = frozenset({"if", "unless", "when", "once", "otherwise"})
_FILLERS = frozenset(
    "really totally completely fully just truly so very absolutely quite certainly definitely "
    "also all personally honestly genuinely deeply do".split()
)
_ZH_NEGATION_CHARS = frozenset("不没别未非勿甭无")
# Who says it, left out before a refusal after an offer: "让他们退房我这边做不到" is "…做不到".
_ZH_SPEAKER = re.compile(r"^(?:我们|我|这边|这里|店里|也|都|实在|真的|确实|恐怕|暂时)+")


def _zh_cue(
    text: str,
    negatable: bool,
    typos: Sequence[tuple[str, str]],
    strict: bool = False,
    loose: bool = False,
) -> _Cue:
    folded = "".join(c for c in _fix_zh(_fold_zh(text), typos) if c.isalnum())
    if loose:  # a forbidden phrase: "您别着急" is heard in "别着急", "你自己没看通知吗" without 吗
        core = folded.rstrip(_ZH_PARTICLES)
        if len(core) >= 4:
            folded = core
        if folded.startswith("你") and len(folded) >= 5:
            folded = folded[1:]
    forms = [folded]
    if len(folded) >= 5 and not strict:  # a good cue with one character left out is still it
        forms += sorted(
            {
                folded[:i] + folded[i + 1 :]
                for i in range(len(folded))
                if folded[i] not in _ZH_NEGATION_CHARS
            }
        )
    return _Cue(shown=text, forms=tuple(dict.fromkeys(f for f in forms if f)), negatable=negatable)


def _en_cue(
    text: str,
    negatable: bool,
    typos: dict[str, tuple[str, ...]],
    strict: bool = False,
    loose: bool = False,
) -> _Cue:
    """Words of a cue; a good cue forgives an inserted word ("I totally understand"), a bad one
    only in phrases of three words or more ("waive the transfer fee")."""
    words = tuple(_stem(w) for _, w, _ in _en_tokens(_en_words(text), typos) if w)
    gaps = (1 if len(words) >= 3 else 0) if strict else min(2, len(words) - 1)
    swaps = 1 if loose and len(words) >= 5 else 0  # a long forbidden phrase, one word changed
    return _Cue(shown=text, words=words, gaps=max(gaps, 0), swaps=swaps, negatable=negatable)


def _fix_zh(text: str, typos: Sequence[tuple[str, str]]) -> str:
    for wrong, right in typos:
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def _en_tokens(text: str, typos: dict[str, tuple[str, ...]]) -> Iterator[tuple[int, str, int]]:
    """(clause, word, offset) for each word of normalised English; punctuation ends a clause."""
    clause = 0
    for m in _EN_TOKEN.finditer(text):
        word = m.group("word")
        if word is None:
            clause += 1
            continue
        for w in typos.get(word, (word,)):
            yield clause, w, m.start()


# --- one sentence, ready to match -------------------------------------------------------------


class _Sentence:
    """A trainee sentence in matching form; spans are (start, end) in units (zh characters, en
    words) of the folded text."""

    question: bool
    length: int

    def spans(self, cue: _Cue) -> list[tuple[int, int]]:
        raise NotImplementedError

    def regex_spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        raise NotImplementedError

    def negated(self, span: tuple[int, int], after: bool = False) -> bool:
        """A negation just before the span, or with `after` just after it ("插队我没法安排",
        "waiving the fee is not possible")."""
        raise NotImplementedError

    def units(self, outside: Sequence[tuple[int, int]] = ()) -> set[str]:
        """Content units for the overlap with the scenario's words (none from the `outside` spans)."""
        raise NotImplementedError

    def echoes(self, span: tuple[int, int]) -> bool:
        """The span with the word before it is the customer's own complaint ("forty minutes",
        "四十分钟"): an offer's cue there ("minutes", "分钟") offers nothing."""
        raise NotImplementedError

    def shown(self, span: tuple[int, int]) -> str:
        """The words of a span as matched (zh folded to Simplified)."""
        raise NotImplementedError

    clause: list[int]

    def clause_text(self, number: int) -> str:
        """The words of clause `number` as matched (zh characters run together, en words spaced)."""
        raise NotImplementedError

    def same_clause(self, a: int, b: int) -> bool:
        """Units `a` and `b` in one clause (no punctuation between them)."""
        return self.clause[a] == self.clause[b]

    def promise_spans(self, cue: _Cue) -> list[tuple[int, int]]:
        """Where a promise cue is heard; in Chinese also with the words people slip into a promise
        left out of the sentence ("全部给您退掉" holds "全部退", "违约金我给您免了" "违约金免了")."""
        return self.spans(cue)


class _ZhSentence(_Sentence):
    def __init__(self, original: str, rubric: _Rubric) -> None:
        folded = _fix_zh(_fold_zh(original), rubric.zh_typos)
        chars: list[str] = []
        clause: list[int] = []
        current = 0
        for c in folded:
            if c.isalnum():
                chars.append(c)
                clause.append(current)
            elif chars and clause[-1] == current:
                current += 1
        self.text = "".join(chars)
        self.clause = clause
        self.length = len(self.text)
        self.rubric = rubric
        stripped = unicodedata.normalize("NFKC", original).strip()
        self.question = "?" in stripped or self.text.endswith("吗")
        self.compact, self.kept = _compact(self.text, rubric.zh_fillers)

    def promise_spans(self, cue: _Cue) -> list[tuple[int, int]]:
        found = set(self.spans(cue))
        # the cue without the fillers inside it too: "贵的那款也按特价" is heard in "贵的那款我也按特价卖给您"
        # (its first and last characters kept, and five at least: "我帮您登" stays as it is)
        forms = set(cue.forms)
        for f in cue.forms:
            inner = f[0] + _compact(f[1:-1], self.rubric.zh_fillers)[0] + f[-1]
            if len(f) > 2 and len(inner) >= 5:
                forms.add(inner)
        for form in sorted(forms):
            start = self.compact.find(form)
            while start >= 0:
                found.add((self.kept[start], self.kept[start + len(form) - 1] + 1))
                start = self.compact.find(form, start + 1)
        return sorted(found)

    def spans(self, cue: _Cue) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for form in cue.forms:
            start = self.text.find(form)
            while start >= 0:
                found.add((start, start + len(form)))
                start = self.text.find(form, start + 1)
        return sorted(found)

    def regex_spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in pattern.finditer(self.text) if m.end() > m.start()]

    def negated(self, span: tuple[int, int], after: bool = False) -> bool:
        start, end = span
        if after:
            stop = end
            while stop < self.length and self.clause[stop] == self.clause[end - 1]:
                stop += 1
            following = _ZH_SPEAKER.sub("", self.text[end:stop])[: ZH_WINDOW - 1]
            if any(n in following for n in self.rubric.zh_negators_after):
                return True
        begin = start
        while begin > 0 and self.clause[begin - 1] == self.clause[start]:
            begin -= 1
        before = self.text[begin:start]
        for phrase in self.rubric.zh_exempt:
            if phrase in before:
                before = before.replace(phrase, "·" * len(phrase))
        window = before[-ZH_WINDOW:]
        if "或" in window:  # 不能让您插队或者免手续费
            window = before[-2 * ZH_WINDOW :]
        return any(n in window for n in self.rubric.zh_negators)

    def units(self, outside: Sequence[tuple[int, int]] = ()) -> set[str]:
        text = self.text
        for start, end in outside:
            text = text[:start] + "·" * (end - start) + text[end:]
        return _zh_units(text, self.rubric.stopwords)

    def echoes(self, span: tuple[int, int]) -> bool:
        start, end = span
        if start < 2 or self.clause[start - 2] != self.clause[start]:
            return False
        return self.text[start - 2 : end] in self.rubric.customer_text

    def shown(self, span: tuple[int, int]) -> str:
        return self.text[span[0] : span[1]]

    def clause_text(self, number: int) -> str:
        return "".join(c for c, k in zip(self.text, self.clause, strict=True) if k == number)


class _EnSentence(_Sentence):
    def __init__(self, original: str, rubric: _Rubric) -> None:
        text = _en_words(original)
        tokens = list(_en_tokens(text, rubric.en_typos))
        self.words = [w for _, w, _ in tokens]
        self.clause = [c for c, _, _ in tokens]
        self.stems = [_stem(w) for w in self.words]
        self.length = len(self.words)
        self.rubric = rubric
        self.question = "?" in text
        self.joined = " ".join(self.words)
        self.offsets: list[int] = []
        offset = 0
        for w in self.words:
            self.offsets.append(offset)
            offset += len(w) + 1
        self.index: dict[str, list[int]] = {}
        for i, stem in enumerate(self.stems):
            for form in rubric.en_forms(stem):
                self.index.setdefault(form, []).append(i)
        exempt: set[int] = set()
        for phrase in rubric.en_exempt:
            for s, e in self._match(phrase, gaps=0):
                exempt.update(range(s, e))
        self.exempt = exempt

    def _positions(self, stem: str) -> set[int]:
        return set(self.index.get(stem, ()))

    def _match(
        self, words: Sequence[str], gaps: int, filler_only: bool = False, swaps: int = 0
    ) -> list[tuple[int, int]]:
        """Where the words occur in order; up to `gaps` single extra words may sit between them
        (with `filler_only`, only words like "really", "totally": "I totally understand"), and
        up to `swaps` words after the first may be other words ("did you bring it in yourself"
        for "did you bring that in yourself")."""
        if not words:
            return []
        found: list[tuple[int, int]] = []
        later = [self._positions(w) for w in words[1:]]
        for start in self.index.get(words[0], ()):
            pos, skipped, swapped, ok = start, 0, 0, True
            for positions in later:
                if pos + 1 in positions:
                    pos += 1
                elif swapped < swaps and positions is not later[-1] and pos + 1 < self.length:
                    pos += 1
                    swapped += 1
                elif (
                    skipped < gaps
                    and pos + 2 in positions
                    and (not filler_only or self.words[pos + 1] in _FILLERS)
                    and self.words[pos + 1] not in _EN_SUBJECTS  # "you — we should have"
                ):
                    pos += 2
                    skipped += 1
                else:
                    ok = False
                    break
            if ok:
                found.append((start, pos + 1))
        return found

    def spans(self, cue: _Cue) -> list[tuple[int, int]]:
        return self._match(cue.words, cue.gaps, filler_only=len(cue.words) == 2, swaps=cue.swaps)

    def regex_spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        spans = []
        for m in pattern.finditer(self.joined):
            if m.end() <= m.start():
                continue
            first = bisect.bisect_right(self.offsets, m.start()) - 1
            last = bisect.bisect_left(self.offsets, m.end())
            spans.append((max(first, 0), max(last, first + 1)))
        return spans

    def negated(self, span: tuple[int, int], after: bool = False) -> bool:
        start, end = span
        if after:  # "waiving the fee is not possible"
            for i in range(end, min(end + 2, self.length)):
                if self.clause[i] != self.clause[end - 1]:
                    break
                if self.words[i] in _EN_NEGATORS_AFTER:
                    return True
        budget, i = EN_WINDOW, start - 1
        subject = False
        while budget > 0 and i >= 0 and self.clause[i] == self.clause[start]:
            word = self.words[i]
            if i not in self.exempt and word in self.rubric.en_negators:
                # "if it isn't back, we'll compensate you": the "not" is the condition's
                return not (subject and _EN_CONDITIONS & set(self.words[max(0, i - 4) : i]))
            subject = subject or word in _EN_SUBJECTS
            budget = 2 * EN_WINDOW if word in ("or", "nor") else budget - 1  # "can't X or Y"
            i -= 1
        return False

    def units(self, outside: Sequence[tuple[int, int]] = ()) -> set[str]:
        # a word of four letters or more, however short its stem ("sale" → "sal", "rate" → "rat")
        return {
            s
            for i, s in enumerate(self.stems)
            if len(self.words[i]) >= 4
            and len(s) >= 3
            and s not in self.rubric.stopwords
            and not _overlaps((i, i + 1), outside)
        }

    def echoes(self, span: tuple[int, int]) -> bool:
        start, end = span
        if start < 1 or self.clause[start - 1] != self.clause[start]:
            return False
        return f" {' '.join(self.words[start - 1 : end])} " in self.rubric.customer_text

    def shown(self, span: tuple[int, int]) -> str:
        return " ".join(self.words[span[0] : span[1]])

    def clause_text(self, number: int) -> str:
        return " ".join(w for w, k in zip(self.words, self.clause, strict=True) if k == number)


def _compact(text: str, fillers: Sequence[str]) -> tuple[str, list[int]]:
    """`text` without the `fillers`, and where each kept character stood."""
    drop = [False] * len(text)
    for filler in fillers:
        start = text.find(filler)
        while start >= 0:
            drop[start : start + len(filler)] = [True] * len(filler)
            start = text.find(filler, start + 1)
    kept = [i for i in range(len(text)) if not drop[i]]
    return "".join(text[i] for i in kept), kept


def _zh_units(text: str, stop: frozenset[str]) -> set[str]:
    units: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]{2,}", text):
        units.update(run[i : i + 2] for i in range(len(run) - 1))
    return units - stop


# --- the rubric of one scenario ---------------------------------------------------------------


@dataclass
class _Rubric:
    scheme: Scheme
    positive: dict[CriterionId, list[_Cue]] = field(default_factory=dict)
    patterns: dict[CriterionId, list[re.Pattern[str]]] = field(default_factory=dict)
    offers: list[_Offer] = field(default_factory=list)
    not_offers: list[_Offer] = field(default_factory=list)
    bad: list[_Bad] = field(default_factory=list)
    # brush-offs heard by pattern: "您只能再等等了", "you'll have to wait", a promise taken back
    bad_patterns: list[tuple[re.Pattern[str], BadKind]] = field(default_factory=list)
    blanket: list[re.Pattern[str]] = field(default_factory=list)
    # where a cue says nothing: "还在审核中" (explain), "请您理解一下" (acknowledge)
    hollow: dict[CriterionId, list[re.Pattern[str]]] = field(default_factory=dict)
    # explain cues that only name a state or a failure ("目前", "currently", "发错", "mix-up"):
    # not in a clause that states a visible status, apologises or owns up (`_explains`)
    weak_explain: list[_Cue] = field(default_factory=list)
    # a cause that names nothing ("由于一些原因", "some technical issues", "a rate adjustment") or
    # the customer's trouble rather than the failure ("让您打了这么多次"): no explain cue counts in
    # its clause (`_vague_clauses`)
    vague_cause: list[re.Pattern[str]] = field(default_factory=list)
    # the trainee taking back what was just said ("…嗯不对", "好像又是齐的", "actually no"): a
    # cause told before it is not told (`_retractions`)
    retracting: list[re.Pattern[str]] = field(default_factory=list)
    # what the trainee will do, or what may be ("我帮您升级成加急单", "if it turns out to be faulty"):
    # no cue from there to the clause's end is a cause (`_next_steps`)
    next_steps: list[re.Pattern[str]] = field(default_factory=list)
    # the trainee about to find out which it was ("我先查一下是工单没派下去还是专员漏了"): a party's
    # failure named from there on is a guess to check, not blame (`_checking`)
    checking: list[re.Pattern[str]] = field(default_factory=list)
    # a failure of ours named as what happened ("是我们备货太少了", "we only had twenty in stock"):
    # the cause told, whatever words it uses
    owned_causes: list[re.Pattern[str]] = field(default_factory=list)
    # the content words of each offer the trainee may make (label and cues): a committed clause
    # that shares one offers it in other words ("我先帮您把材料过一遍", "I'm opening till 6")
    offer_units: list[tuple[_Offer, frozenset[str], frozenset[str]]] = field(default_factory=list)
    blame_patterns: list[re.Pattern[str]] = field(default_factory=list)
    shifting: list[_Cue] = field(default_factory=list)  # blame put on a colleague or third party
    shifting_patterns: list[re.Pattern[str]] = field(default_factory=list)
    # the customer cleared ("不是您看错", "not your fault"): blame heard inside it is none
    exonerating: list[re.Pattern[str]] = field(default_factory=list)
    absent_owner: list[re.Pattern[str]] = field(default_factory=list)  # "您的客户经理休假了"
    absent_excuse: list[re.Pattern[str]] = field(default_factory=list)  # "…所以没给您回电"
    takeover: list[_Cue] = field(default_factory=list)  # "我来", "let me": taken over, no excuse
    # "我们也没办法", "we have no say": blame when the reply names a party (`party`)
    disowning: list[re.Pattern[str]] = field(default_factory=list)
    # a colleague, another department, an outside party, the system
    party: re.Pattern[str] | None = None
    owning: list[_Cue] = field(default_factory=list)  # "our mistake": shifting is then explaining
    owning_patterns: list[re.Pattern[str]] = field(default_factory=list)
    followup: list[_Cue] = field(default_factory=list)  # a follow-up: closes with a time or a name
    followup_times: list[re.Pattern[str]] = field(default_factory=list)
    bare_apology: frozenset[str] = frozenset()  # "sorry", "抱歉": they must name the thing
    apology_fillers: list[re.Pattern[str]] = field(default_factory=list)
    commitment: list[_Cue] = field(default_factory=list)
    deflecting: list[_Cue] = field(default_factory=list)  # the customer is left to do it
    commitment_patterns: list[re.Pattern[str]] = field(default_factory=list)
    beyond: list[_Cue] = field(default_factory=list)  # promises beyond front-line authority
    beyond_patterns: list[re.Pattern[str]] = field(default_factory=list)
    # "保证", "promise": refused, they refuse the promise after them in their clause
    promise_verbs: list[_Cue] = field(default_factory=list)
    blaming_phrases: frozenset[str] = frozenset()  # forbidden phrases that are themselves blame
    # of those, the ones that pass the failure on to a party ("仓库的问题"): owned, no blame
    # (still forbidden: "这是我们仓库的问题，责任在我们" breaks "avoid", not "explain")
    passing_phrases: frozenset[str] = frozenset()
    zh_typos: list[tuple[str, str]] = field(default_factory=list)
    en_typos: dict[str, tuple[str, ...]] = field(default_factory=dict)
    zh_negators: tuple[str, ...] = ()
    zh_negators_after: tuple[str, ...] = ()
    zh_exempt: tuple[str, ...] = ()
    zh_fillers: tuple[str, ...] = ()  # left out when matching a promise
    en_negators: frozenset[str] = frozenset()
    en_exempt: list[tuple[str, ...]] = field(default_factory=list)
    stopwords: frozenset[str] = frozenset()
    vocabulary: frozenset[str] = frozenset()
    explain_units: frozenset[str] = frozenset()
    customer_text: str = ""  # what the customer says and the situation, folded
    actions: list[_Offer] = field(default_factory=list)  # general concrete actions (remedy)
    action_patterns: list[re.Pattern[str]] = field(default_factory=list)
    fuzzy: dict[str, set[str]] = field(default_factory=dict)  # en: a deletion → cue stems
    words: frozenset[str] = frozenset()  # en: stems of every cue and scenario word: none is a typo
    _forms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def cue(
        self, text: str, negatable: bool = False, strict: bool = False, loose: bool = False
    ) -> _Cue:
        """A compiled cue. `strict` (blame, insults, promises): in English no word may be inserted
        into a two-word cue, in Chinese no character may be missing. `loose` (a scenario's
        forbidden phrase): in Chinese it is heard without its leading 您 or final 吗, in English
        with one inner word of a five-word phrase changed."""
        if self.scheme == "zh":
            return _zh_cue(text, negatable, self.zh_typos, strict=strict, loose=loose)
        return _en_cue(text, negatable, self.en_typos, strict=strict, loose=loose)

    def sentence(self, original: str) -> _Sentence:
        if self.scheme == "zh":
            return _ZhSentence(original, self)
        return _EnSentence(original, self)

    def en_forms(self, stem: str) -> tuple[str, ...]:
        """The stem and the cue stems it is a one-letter typo of (same first letter, 5+ letters)."""
        known = self._forms.get(stem)
        if known is not None:
            return known
        forms = [stem]
        if len(stem) >= 4 and stem not in self.words:  # "cash" is a word, no typo of "crash"
            candidates: set[str] = set(self.fuzzy.get(stem, ()))
            for d in _deletions(stem):
                candidates.update(self.fuzzy.get(d, ()))
            forms += sorted(
                c for c in candidates if c != stem and c[0] == stem[0] and _distance_one(c, stem)
            )
        result = tuple(forms)
        if len(self._forms) < 20_000:
            self._forms[stem] = result
        return result


def _scheme(lang: str) -> Scheme:
    return "en" if lang == "en" else "zh"


def trainee_lang(scenario: Scenario, lang: str) -> Lang:
    """`lang` checked: one of LANGS, and the scenario in the language it is scored in (the zh
    scenario for zh-Hans and zh-Hant, the -en one for en); a ValueError otherwise."""
    known = as_lang(lang)
    if known is None:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    want = "en" if known == "en" else "zh-Hans"
    if scenario.lang != want:
        raise ValueError(
            f"{scenario.id} is in {scenario.lang}: a {known} trainee is scored against its pair "
            f"{scenario.pair}"
        )
    return known


_RUBRICS: dict[str, tuple[Scenario, _Rubric]] = {}


def _rubric(scenario: Scenario) -> _Rubric:
    cached = _RUBRICS.get(scenario.id)
    if cached is not None and (cached[0] is scenario or cached[0] == scenario):
        return cached[1]
    if len(_RUBRICS) > 512:
        _RUBRICS.clear()
    rubric = _build(scenario, load_lexicon())
    _RUBRICS[scenario.id] = (scenario, rubric)
    return rubric


def _build(scenario: Scenario, lex: Lexicon) -> _Rubric:
    scheme = _scheme(scenario.lang)
    r = _Rubric(scheme=scheme)
    if scheme == "zh":
        # typing slips, then words that mean the same here (资料/材料, 外送员/骑手)
        swaps = (*lex.typos.zh.items(), *lex.synonyms.zh.items())
        r.zh_typos = [(_fold_zh(k), _fold_zh(v)) for k, v in swaps]
        r.zh_negators = lex.negators.zh
        r.zh_negators_after = lex.negators_after.zh
        r.zh_exempt = tuple(sorted((_fold_zh(p) for p in lex.negation_exempt.zh), key=len)[::-1])
        r.zh_fillers = tuple(sorted((_fold_zh(p) for p in lex.promise_fillers.zh), key=len)[::-1])
        r.stopwords = frozenset(_fold_zh(w) for w in lex.stopwords.zh)
    else:
        swaps = (*lex.typos.en.items(), *lex.synonyms.en.items())
        r.en_typos = {k: tuple(_en_words(v).split()) for k, v in swaps}
        r.en_negators = frozenset(lex.negators.en)
        r.stopwords = frozenset(_stem(w) for w in lex.stopwords.en)
    for criterion in POSITIVE:
        texts = [*lex.cues.get(criterion, _ByLang()).of(scheme), *scenario.cues.get(criterion, ())]
        r.positive[criterion] = [r.cue(t, criterion in NEGATABLE) for t in dict.fromkeys(texts)]
        flags = re.IGNORECASE
        r.patterns[criterion] = [
            re.compile(p, flags) for p in lex.patterns.get(criterion, _ByLang()).of(scheme)
        ]
    offered = [(c, o.label) for o in scenario.authority.may_offer for c in o.cues]
    offered += [(c, "") for c in scenario.cues.get("remedy", ())]
    telling = tuple(w.casefold() for w in lex.telling_offers.of(scheme))
    r.offers = [
        _Offer(
            replace(r.cue(c, negatable=True), refusable=True),
            lb,
            telling=any(w in lb.casefold() for w in telling),
        )
        for c, lb in offered
    ]
    r.weak_explain = [r.cue(w) for w in dict.fromkeys(lex.weak_explain.of(scheme))]
    r.not_offers = [
        _Offer(r.cue(c, negatable=True, strict=True), o.label)
        for o in scenario.authority.may_not
        for c in o.cues
    ]
    r.bad = [
        _Bad(r.cue(p, strict=True, loose=True), "forbidden") for p in scenario.forbidden_phrases
    ]
    r.bad += [
        _Bad(r.cue(p, strict=True, loose=True), "forbidden") for p in scenario.cues.get("avoid", ())
    ]
    general: tuple[tuple[BadKind, _ByLang], ...] = (
        ("blame", lex.blame),
        ("jargon", lex.jargon),
        ("dismissive", lex.dismissive),
        ("abusive", lex.abusive),
    )
    for kind, words in general:
        r.bad += [_Bad(r.cue(w, strict=True), kind) for w in words.of(scheme)]
    r.blanket = [re.compile(p) for p in lex.blanket_apology.of(scheme)]
    r.bad_patterns = [
        (re.compile(p, re.IGNORECASE), "jargon") for p in lex.jargon_patterns.of(scheme)
    ]
    r.bad_patterns += [
        (re.compile(p, re.IGNORECASE), "dismissive") for p in lex.dismissive_patterns.of(scheme)
    ]

    def compiled(words: _ByLang) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in words.of(scheme)]

    r.hollow = {c: compiled(words) for c, words in lex.hollow.items()}
    r.vague_cause = compiled(lex.vague_cause)
    r.retracting = compiled(lex.retracting)
    r.next_steps = compiled(lex.next_steps)
    r.checking = compiled(lex.checking)
    r.owned_causes = compiled(lex.owned_causes)
    structure = lex.blame_structure
    party = "(?:" + "|".join(structure.parties.of(scheme)) + ")"
    failure = "|".join(structure.failures.of(scheme))

    def templated(words: _ByLang) -> list[re.Pattern[str]]:
        return [
            re.compile(p.replace("{party}", party).replace("{failure}", failure), re.IGNORECASE)
            for p in words.of(scheme)
        ]

    r.blame_patterns = compiled(lex.blame_patterns) + templated(structure.customer)
    r.shifting = [r.cue(w, strict=True) for w in lex.shifting.words.of(scheme)]
    r.shifting_patterns = compiled(lex.shifting.patterns) + templated(structure.shifting)
    r.exonerating = list(_exonerating(scheme))
    r.disowning = templated(structure.disowning)
    if structure.parties.of(scheme):
        r.party = re.compile(party if scheme == "zh" else rf"\b{party}\b", re.IGNORECASE)
    r.absent_owner = compiled(lex.absent_owner.patterns)
    r.takeover = [r.cue(w, strict=True) for w in lex.absent_owner.words.of(scheme)]
    r.absent_excuse = compiled(lex.absent_owner.excuse)
    r.owning = [r.cue(w, negatable=True) for w in lex.owning.of(scheme)]
    r.owning_patterns = compiled(lex.owning_patterns)
    r.commitment = [r.cue(w) for w in lex.commitment.words.of(scheme)]
    r.followup = [r.cue(w, negatable=True) for w in lex.followup.words.of(scheme)]
    r.followup_times = compiled(lex.followup.patterns)
    r.bare_apology = frozenset(lex.bare_apology.words.of(scheme))
    r.apology_fillers = compiled(lex.bare_apology.patterns)
    r.commitment_patterns = compiled(lex.commitment.patterns)
    r.deflecting = [r.cue(w, strict=True) for w in lex.deflecting.of(scheme)]
    r.actions = [
        _Offer(replace(r.cue(c, negatable=True), refusable=True), "")
        for c in lex.remedy_actions.words.of(scheme)
    ]
    r.action_patterns = compiled(lex.remedy_actions.patterns)
    r.beyond = [
        r.cue(w, negatable=True, strict=True) for w in lex.beyond_authority.words.of(scheme)
    ]
    r.beyond_patterns = compiled(lex.beyond_authority.patterns)
    r.promise_verbs = [r.cue(w, negatable=True, strict=True) for w in lex.promise_verbs.of(scheme)]
    if scheme == "en":
        r.en_exempt = [_en_cue(p, False, r.en_typos).words for p in lex.negation_exempt.en]
        stems = {w for cue in _good_cues(r) for w in cue.words if len(w) >= 5}
        for stem in stems:
            for key in {stem, *_deletions(stem)}:
                r.fuzzy.setdefault(key, set()).add(stem)
        r.words = _known_words(scenario, r, lex)
    r.vocabulary = _scenario_units(scenario, r)
    r.offer_units = _offer_units(scenario, r)
    r.explain_units = _explain_units(scenario, r)
    r.customer_text = _customer_text(scenario, r)
    forbidden = (*scenario.forbidden_phrases, *scenario.cues.get("avoid", ()))
    r.blaming_phrases = frozenset(
        p for p in forbidden if _blame_spans(r, r.sentence(p), owns=False) or _blames_in_words(r, p)
    )
    r.passing_phrases = frozenset(
        p
        for p in r.blaming_phrases
        if not _blame_spans(r, r.sentence(p), owns=True) and not _blames_in_words(r, p)
    )
    return r


def _known_words(s: Scenario, r: _Rubric, lex: Lexicon) -> frozenset[str]:
    """en: the stems of every word the lexicon, the rubric, the scenario and the shipped English
    scenarios use — a reply word that is one of them is that word, not a typo of a cue ("cash" is
    not "crash", "store" not "storm")."""
    known = {w for cue in _all_cues(r) for w in cue.words} | _library_words()
    for text in (*_scenario_texts(s), *lex.stopwords.en):
        known.update(_stem(w) for _, w, _ in _en_tokens(_en_words(text), {}))
    return frozenset(known)


@cache
def _library_words() -> frozenset[str]:
    """The stems of the words of the shipped English scenarios: everyday service English."""
    from assistant.practice.scenarios import load_scenarios

    words: set[str] = set()
    for scenario in load_scenarios().values():
        if scenario.lang == "en":
            for text in _scenario_texts(scenario):
                words.update(_stem(w) for _, w, _ in _en_tokens(_en_words(text), {}))
    return frozenset(words)


def _all_cues(r: _Rubric) -> Iterator[_Cue]:
    yield from _good_cues(r)
    yield from (o.cue for o in r.not_offers)
    yield from (b.cue for b in r.bad)
    for cues in (r.beyond, r.commitment, r.followup, r.shifting, r.owning, r.deflecting):
        yield from cues
    yield from r.promise_verbs
    yield from r.weak_explain


def _offer_units(s: Scenario, r: _Rubric) -> list[tuple[_Offer, frozenset[str], frozenset[str]]]:
    """The content words of each offer that is a thing done (not one that only tells the
    customer something): of its cues, and of its label and cues."""
    telling = {o.label for o in r.offers if o.telling}
    found: list[tuple[_Offer, frozenset[str], frozenset[str]]] = []
    for offer in s.authority.may_offer:
        if offer.label in telling:
            continue
        cued: set[str] = set()
        for text in offer.cues:
            cued |= _content(r.sentence(text).units())
        labelled = cued | _content(r.sentence(offer.label).units())
        found.append(
            (_Offer(r.cue(offer.cues[0]), offer.label), frozenset(cued), frozenset(labelled))
        )
    return found


def _blames_in_words(r: _Rubric, phrase: str) -> bool:
    """A forbidden phrase that holds one of the general blame words ("you should have read")."""
    s = r.sentence(phrase)
    return any(bad.kind == "blame" and s.spans(bad.cue) for bad in r.bad)


def _blame_spans(
    r: _Rubric, s: _Sentence, owns: bool, party_named: bool = False
) -> list[tuple[tuple[int, int], str]]:
    """Blame heard by pattern: on the customer ("老人家可能听错了", "are you sure you ordered",
    "您要是早点来就还有"), or, unless the reply owns the failure, on a colleague, another
    department or an outside party ("仓库那边出包", "the courier's problem", "是系统自动给您取消的"),
    or disowned after one is named (in an earlier sentence, `party_named`, or earlier in this
    one: "涨价是总公司决定的，我们门市也没办法")."""
    found = [(span, s.shown(span)) for p in r.blame_patterns for span in s.regex_spans(p)]
    if not owns:
        shifted = [(span, cue.shown) for cue in r.shifting for span in s.spans(cue)]
        shifted += [(span, s.shown(span)) for span in _shifting_matches(r, s)]
        if r.party is not None and r.disowning:
            first = min((span[0] for span in s.regex_spans(r.party)), default=s.length)
            shifted += [
                (span, s.shown(span))
                for p in r.disowning
                for span in s.regex_spans(p)
                if party_named or first < span[0]
            ]
        found += [(span, words) for span, words in shifted if not _sorry_after(r, s, span)]
        absent = [span for p in r.absent_owner for span in s.regex_spans(p)]
        takes = [found for cue in r.takeover for found in s.spans(cue)]
        found += [
            (span, s.shown(span))
            for span in absent
            if _excuse_after(r, s, span)
            or (not _sorry_after(r, s, span) and not any(t[0] >= span[1] for t in takes))
        ]
    return found


def _excuse_after(r: _Rubric, s: _Sentence, span: tuple[int, int]) -> bool:
    """The handler's absence given as why nothing happened: "那个理赔员这两天请假了，所以没给您回电",
    "the handler has been off, which is why nobody rang you" (`absent_owner.excuse` after it)."""
    return any(found[0] >= span[1] for p in r.absent_excuse for found in s.regex_spans(p))


def _sorry_after(r: _Rubric, s: _Sentence, span: tuple[int, int]) -> bool:
    """The failure put on someone else and then apologised for in the same sentence is taken on,
    not passed on: "您的理专刚好又休假，还让您站在门口等，真的很抱歉" (a "sorry" before it is the
    "sorry, but" of blame: "不好意思，应该是仓库那边出包")."""
    return any(
        found[0] >= span[1] and not s.negated(found)
        for cue in r.positive.get("apologise", ())
        for found in s.spans(cue)
    )


def _shifted_spans(r: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """Where the sentence puts the failure on a colleague, another department or an outside
    party (blame unless the reply owns it)."""
    spans = [span for cue in r.shifting for span in s.spans(cue)]
    spans += [span for p in r.absent_owner for span in s.regex_spans(p)]
    return spans + _shifting_matches(r, s)


def _shifting_matches(r: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """A party and its failure by pattern, within one clause: "快递那边派送不及时", not "手机银行
    登录页，点“忘记密码”" (a party's name and a word of failure in clauses that do not go together)."""
    return [
        span
        for p in r.shifting_patterns
        for span in s.regex_spans(p)
        if s.same_clause(span[0], span[1] - 1)
    ]


def _customer_text(s: Scenario, r: _Rubric) -> str:
    texts = [s.situation, *s.opening, *(line for p in REPLY_POOLS for line in s.replies.pool(p))]
    if r.scheme == "zh":
        return "|".join("".join(c for c in _fold_zh(t) if c.isalnum()) for t in texts)
    return "|".join(
        f" {' '.join(w for _, w, _ in _en_tokens(_en_words(t), r.en_typos))} " for t in texts
    )


def _explain_units(s: Scenario, r: _Rubric) -> frozenset[str]:
    """The words only the model handling's explanation uses: not the customer's own words, not
    the other turns', not the offers'."""
    if "explain" not in s.criteria:
        return frozenset()
    mine: set[str] = set()
    others: set[str] = set()
    for turn in s.model_handling:
        (mine if "explain" in turn.meets else others).update(r.sentence(turn.text).units())
    customer = [*s.opening, *(line for pool in REPLY_POOLS for line in s.replies.pool(pool))]
    offers = [c for o in (*s.authority.may_offer, *s.authority.may_not) for c in o.cues]
    for text in (*customer, *offers):
        others |= r.sentence(text).units()
    return frozenset(_content(mine - others))


_ZH_FUNCTION = frozenset("的了你我他她它是在和就都也还又这那有不着过吗呢吧啊把被给")


def _content(units: Iterable[str]) -> set[str]:
    """Units that carry content: zh two-character runs without a function character ("的案",
    "知你" say nothing of a cause); en stems pass as they are."""
    return {u for u in units if not any(c in _ZH_FUNCTION for c in u)}


def _good_cues(r: _Rubric) -> Iterator[_Cue]:
    """The cues a typo may still earn; blame, insults and promises are heard only as written
    ("morning" is not "moron")."""
    for cues in r.positive.values():
        yield from cues
    yield from (o.cue for o in (*r.offers, *r.actions))


def _scenario_texts(s: Scenario) -> Iterator[str]:
    yield from (s.title, s.situation, s.moment_of_truth, s.persona.description, *s.opening)
    for pool in REPLY_POOLS:
        yield from s.replies.pool(pool)
    yield from (turn.text for turn in s.model_handling)
    for offer in (*s.authority.may_offer, *s.authority.may_not):
        yield offer.label
        yield from offer.cues
    yield from s.forbidden_phrases
    yield from s.tags
    for cues in s.cues.values():
        yield from cues


def _scenario_units(s: Scenario, r: _Rubric) -> frozenset[str]:
    units: set[str] = set()
    for text in _scenario_texts(s):
        units |= r.sentence(text).units()
    return frozenset(units)


# --- scoring one reply ------------------------------------------------------------------------


@dataclass
class _Hit:
    sentence: int
    cue: str
    detail: str = ""


@dataclass
class _Heard:
    """What was heard in a reply, criterion by criterion (the first sentence that shows it)."""

    met: dict[CriterionId, _Hit] = field(default_factory=dict)
    broken: dict[CriterionId, _Hit] = field(default_factory=dict)
    bad_kinds: set[BadKind] = field(default_factory=set)
    blanket: bool = False
    question_only: dict[CriterionId, _Hit] = field(default_factory=dict)
    any_cue: bool = False
    units: set[str] = field(default_factory=set)
    length: int = 0  # zh characters or en words, punctuation left out
    owns: bool = False  # the reply owns the failure ("是我们的问题", "that's on us")


def _overlaps(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)


def _first(
    sentence: _Sentence, cues: Iterable[_Cue], avoid: Sequence[tuple[int, int]]
) -> tuple[_Cue | None, bool]:
    """The first cue heard outside the `avoid` spans and not negated, and whether any cue was
    there at all (a negated one too: "I can't waive the fee" is still about the matter)."""
    seen = False
    for cue in cues:
        for span in sentence.spans(cue):
            if _overlaps(span, avoid):
                continue
            seen = True
            if cue.negatable and sentence.negated(span, after=cue.refusable):
                continue
            if cue.refusable and sentence.echoes(span):
                continue
            return cue, True
    return None, seen


# A feeling named or a sorry said in the same sentence as blame or a brush-off does not count:
# "I'm sorry, but that's the rule", "I don't understand why you're so upset".
_VOIDED_BY_BLAME: frozenset[CriterionId] = frozenset({"acknowledge", "apologise"})
_NAME_INTRO = re.compile(
    r"\b(?:I'm|I am|this is|This is|my name is|My name is|my name's)\s+[A-Z][a-z]+"
)


def _hear(rubric: _Rubric, sentences: Sequence[str]) -> _Heard:
    heard = _Heard()
    parsed = [rubric.sentence(original) for original in sentences]
    owns = heard.owns = any(_owns(rubric, s) for s in parsed)
    party = rubric.party
    named = [party is not None and bool(s.regex_spans(party)) for s in parsed]
    commits = [_commitments(rubric, s) for s in parsed]
    plain: _Hit | None = None
    for index, (original, s) in enumerate(zip(sentences, parsed, strict=True)):
        heard.units |= s.units()
        heard.length += s.length
        bad_spans: list[tuple[int, int]] = []
        hits: list[tuple[int, str, BadKind, bool]] = []  # start, words, kind, blames someone
        cleared = [span for p in rubric.exonerating for span in s.regex_spans(p)]
        for bad in rubric.bad:
            spans = s.spans(bad.cue)
            blames = bad.kind == "blame" or (
                bad.cue.shown in rubric.blaming_phrases
                and not (owns and bad.cue.shown in rubric.passing_phrases)
            )
            if blames:  # "不是您看错" clears the customer
                spans = [span for span in spans if not _overlaps(span, cleared)]
            if spans:
                bad_spans += spans
                heard.bad_kinds.add(bad.kind)
                hits.append((spans[0][0], bad.cue.shown, bad.kind, blames))
        for pattern, kind in rubric.bad_patterns:
            spans = s.regex_spans(pattern)
            if kind == "dismissive":  # "不是您来晚了" dismisses nobody
                spans = [span for span in spans if not _overlaps(span, cleared)]
            if spans:
                bad_spans += spans
                heard.bad_kinds.add(kind)
                hits.append((spans[0][0], s.shown(spans[0]), kind, False))
        retractions = _retractions(rubric, s)
        checked = _checking(rubric, s)
        for span, words in _blame_spans(rubric, s, owns, any(named[:index])):
            if _overlaps(span, retractions) or _overlaps(span, cleared) or _overlaps(span, checked):
                continue  # doubt cast on one's own guess, "那可能不是打包的问题", blames no one
            bad_spans.append(span)
            heard.bad_kinds.add("blame")
            hits.append((span[0], words, "blame", True))
        if "explain" not in heard.met and not s.question:
            # a failure of ours named is the cause told: "是我们备货太少了", "we only had twenty"
            owned = [span for p in rubric.owned_causes for span in s.regex_spans(p)]
            if owned and not _overlaps(owned[0], bad_spans):
                heard.met["explain"] = _Hit(index, s.shown(owned[0]))
        if owns and "explain" not in heard.met:
            # the failure put on a colleague or a third party and owned is the cause told plainly:
            # "仓库拿错了码，这是我们的问题", "my colleague was off sick …, which is our failure"
            shifted = _shifted_spans(rubric, s)
            if shifted and not _overlaps(shifted[0], bad_spans):
                heard.met["explain"] = _Hit(index, s.shown(shifted[0]))
        if hits:
            heard.any_cue = True
            _, words, kind, _ = min(hits, key=lambda h: h[0])
            heard.broken.setdefault("avoid", _Hit(index, words, kind))
            blaming = [h for h in hits if h[3]]
            if blaming:  # blame instead of a cause: "explain" is broken too
                words = min(blaming, key=lambda h: h[0])[1]
                heard.broken.setdefault("explain", _Hit(index, words, "blame"))
        promise_spans = _promises(rubric, s, index, heard)
        blanket_spans = [span for p in rubric.blanket for span in s.regex_spans(p)]
        if blanket_spans:
            heard.blanket = heard.any_cue = True
        hollow_spans = {
            c: [span for p in patterns for span in s.regex_spans(p)]
            for c, patterns in rubric.hollow.items()
        }
        if any(hollow_spans.values()):  # "don't worry, we'll look into it" is on the matter
            heard.any_cue = True
        # a time in the sentence: a follow-up then closes the loop and a chase is a remedy
        times = [span for p in rubric.followup_times for span in s.regex_spans(p)]
        times += [span for p in rubric.patterns["close"] for span in s.regex_spans(p)]
        vague = _vague_clauses(rubric, s)
        if retractions:
            taken_back = (0, max(end for _, end in retractions))
            # a cause taken back is not told: "是因为两个收银员请假…啊其实也不是啦"
            vague.append(taken_back)
            explained = heard.met.get("explain")
            if explained is not None and (
                explained.sentence < index
                or explained.cue not in s.shown((taken_back[1], s.length))
            ):
                del heard.met["explain"]
        for criterion in POSITIVE:
            if criterion in heard.met:
                continue
            if criterion == "explain" and s.question:
                continue  # asked, not told: "到现在都没有人回电给您，是这样吗？"
            avoid = bad_spans + (blanket_spans if criterion == "apologise" else [])
            avoid = avoid + hollow_spans.get(criterion, [])
            if criterion == "explain":
                avoid = avoid + vague + _next_steps(rubric, s) + checked
            if criterion == "close":  # "she'll get a written warning" is no note written for you
                avoid = avoid + promise_spans
            if criterion == "apologise":
                # the trainee's next step ("我帮您催一下", "有结果再通知您") names no failure
                steps = hollow_spans.get("remedy", [])
                steps += [span for c in rubric.followup for span in s.spans(c)]
                cue, seen = _apology(rubric, s, avoid, commits[index], steps)
                if cue is None and index + 1 < len(sentences) and original.endswith((";", "；")):
                    # "I'm so sorry; this is serious": the clause after a semicolon is still its own
                    joined = rubric.sentence(f"{original[:-1]}, {sentences[index + 1]}")
                    cue = _apology(rubric, joined, avoid, _commitments(rubric, joined), [])[0]
            elif criterion == "explain":
                cue, seen = _explains(rubric, s, avoid, [*hollow_spans.get("explain", []), *vague])
            else:
                cue, seen = _first(s, rubric.positive[criterion], avoid)
            heard.any_cue = heard.any_cue or seen
            if criterion == "close" and promise_spans and cue is None:
                continue  # "I promise it'll be there before 10": a deadline not ours to give
            if bad_spans and criterion in _VOIDED_BY_BLAME:
                continue
            if cue is not None:
                heard.met[criterion] = _Hit(index, cue.shown)
            elif _heard_otherwise(
                rubric,
                s,
                criterion,
                original,
                bad_spans,
                hollow_spans.get(criterion, []) + (vague if criterion == "explain" else []),
            ):
                heard.met[criterion] = _Hit(index, "")
                heard.any_cue = True
            elif criterion == "confirm" and s.question and not bad_spans:
                heard.question_only.setdefault(criterion, _Hit(index, "?"))
        if "close" not in heard.met and times and not promise_spans:  # "今天下午四点前我打给您"
            cue, _ = _first(s, rubric.followup, bad_spans)
            if cue is not None:
                heard.met["close"] = _Hit(index, cue.shown)
        if "remedy" not in heard.met:
            # "我帮您催一下", "we'll look into it": no remedy without an outcome or a time
            chasing = [] if times else hollow_spans.get("remedy", [])
            # "您的退款还在处理中": an action word in a clause that states a status is no action
            chasing = chasing + [_clause_span(s, span) for span in hollow_spans.get("explain", [])]
            avoid = bad_spans + promise_spans + chasing
            hit, stated = _remedy(rubric, s, index, commits, avoid, heard)
            if hit is not None:
                heard.met["remedy"] = hit
            plain = plain or stated
    if "remedy" not in heard.met and plain is not None and not heard.bad_kinds:
        heard.met["remedy"] = plain  # stated plainly, in a reply that neither blames nor stonewalls
    return heard


def _explains(
    rubric: _Rubric,
    s: _Sentence,
    avoid: Sequence[tuple[int, int]],
    hollow: Sequence[tuple[int, int]],
) -> tuple[_Cue | None, bool]:
    """Like `_first` for "explain": a cause or state cue, or failing that a weak one (a state or a
    failure named: "目前", "currently", "the wrong", "mix-up") in a clause that neither states a
    status the customer can see ("系统显示还在配送中", "under review at the moment") nor is the
    apology itself ("Sorry for the mix-up"): those say what, not why. Owned, a failure is a
    cause told ("您订L我们寄成S，是我们出错")."""
    # a cause word inside a feeling is the feeling: "吓坏了" holds "坏了"
    avoid = [*avoid, *(span for c in rubric.positive["acknowledge"] for span in s.spans(c))]
    cue, seen = _first(s, rubric.positive["explain"], avoid)
    if cue is not None or not rubric.weak_explain:
        return cue, seen
    sorry = [c for c in rubric.positive["apologise"] if c.shown in rubric.bare_apology]
    marks = [*hollow, *(span for c in sorry for span in s.spans(c))]
    weak, weak_seen = _first(s, rubric.weak_explain, [*avoid, *(_clause_span(s, m) for m in marks)])
    return weak, seen or weak_seen


def _offered_in_words(
    rubric: _Rubric,
    s: _Sentence,
    index: int,
    commits: Sequence[tuple[int, int]],
    avoid: Sequence[tuple[int, int]],
) -> _Hit | None:
    """One of the scenario's offers in the trainee's own words: a clause that commits the trainee
    ("我先帮您…", "I'm opening…") and, after the commitment, shares a content word with what
    the offer is (its label or cues): "我先帮您把对公转账的材料过一遍", "I'm opening till 6"."""
    for start, end in commits:
        if s.negated((start, start + 1)):
            continue
        if rubric.scheme == "en" and s.shown((end - 1, end)).endswith("ed"):
            continue  # "I've checked and it's at the depot", "we missed a bowl": done, not offered
        clause = s.clause[start]
        stop = max(i for i, k in enumerate(s.clause) if k == clause) + 1
        said = _content(s.units(outside=[*avoid, (0, start), (stop, s.length)]))
        by_cue, by_all = OFFER_OVERLAP[rubric.scheme]
        for offer, cued, labelled in rubric.offer_units:
            shared = said & labelled
            if len(said & cued) >= by_cue or len(shared) >= by_all:
                return _Hit(index, " ".join(sorted(shared)), offer.label)
    return None


def _clause_span(s: _Sentence, span: tuple[int, int]) -> tuple[int, int]:
    """The whole clause around `span`."""
    number = s.clause[span[0]]
    units = [i for i, k in enumerate(s.clause) if k == number]
    return units[0], units[-1] + 1


def _vague_clauses(rubric: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """The clauses that give a cause naming nothing ("由于一些原因", "due to some technical
    issues", "the increase is due to a rate adjustment") or the customer's trouble for a cause
    ("sorry you had to call so many times"): a match that runs over a clause's end is not one."""
    return [
        _clause_span(s, span)
        for p in rubric.vague_cause
        for span in s.regex_spans(p)
        if s.same_clause(span[0], span[1] - 1)
    ]


def _next_steps(rubric: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """From where the sentence turns to what the trainee will do or to a condition ("我帮您…",
    "I'll…", "if…") to the end of that clause: a cue there is the step, not the cause."""
    return [
        (span[0], _clause_span(s, span)[1]) for p in rubric.next_steps for span in s.regex_spans(p)
    ]


def _checking(rubric: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """From where the trainee sets out to find which it was ("我先查一下是哪个环节出了问题，是工单没
    派下去还是专员那边漏了", "I'll check whether the courier scanned it") to the end of the sentence."""
    return [(span[0], s.length) for p in rubric.checking for span in s.regex_spans(p)]


def _retractions(rubric: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """Where the sentence takes back what came before it ("是我们打包拿错了…嗯不对", "应该是缺材料吧…
    不过好像又是齐的", "那可能不是打包的问题", "it was the courier, actually no")."""
    return [span for p in rubric.retracting for span in s.regex_spans(p)]


def _apology(
    rubric: _Rubric,
    s: _Sentence,
    avoid: Sequence[tuple[int, int]],
    commits: Sequence[tuple[int, int]],
    steps: Sequence[tuple[int, int]],
) -> tuple[_Cue | None, bool]:
    """Like `_first` for "apologise", but a bare "sorry" / "抱歉" counts only when it names the
    thing it is for (`_names_thing`); an owning cue or a scenario's own apology cue is specific."""
    seen = False
    for cue in rubric.positive["apologise"]:
        for span in s.spans(cue):
            if _overlaps(span, avoid):
                continue
            seen = True
            if cue.negatable and s.negated(span):
                continue
            if cue.shown in rubric.bare_apology and not _names_thing(
                rubric, s, span, commits, steps
            ):
                continue
            return cue, True
    return None, seen


# What a clause must still say once names, degree words and particles are taken out (zh characters,
# en words): the apology's own clause or the next one, and an earlier clause of its sentence.
_SAYS: dict[Scheme, tuple[int, int]] = {"zh": (2, 3), "en": (1, 2)}


def _names_thing(
    rubric: _Rubric,
    s: _Sentence,
    span: tuple[int, int],
    commits: Sequence[tuple[int, int]],
    steps: Sequence[tuple[int, int]] = (),
) -> bool:
    """The apology at `span` says what it is for, in its own clause, an earlier one of its sentence
    or the next one that says anything ("让您等了四十分钟，实在抱歉", "I'm sorry — you ordered an L
    and we packed an S"); a clause that is the trainee's next step names no failure ("Sorry about
    that, I'll chase it"): one that starts with a commitment (`commits`) or holds a follow-up or a
    chase anywhere (`steps`: "不好意思，有结果我们再通知您")."""
    own = s.clause[span[0]]
    mine, beside = _SAYS[rubric.scheme]
    if _said(rubric, s.clause_text(own)) >= mine:
        return True
    if any(_said(rubric, s.clause_text(k)) >= beside for k in range(own)):
        return True  # "让您等了这么久，您着急我特别理解，真对不起"
    for number in sorted({k for k in s.clause if k > own}):  # the next clause that says something
        said = _said(rubric, s.clause_text(number))
        if not said:  # a name: "I'm really sorry, Mr Wang, 40 minutes is far too long"
            continue
        start = s.clause.index(number)
        end = len(s.clause) - s.clause[::-1].index(number)
        next_step = any(start <= c[0] <= start + 2 for c in commits)
        next_step = next_step or _overlaps((start, end), steps)
        return said >= mine and not next_step
    return False


def _said(rubric: _Rubric, clause: str) -> int:
    """How much a clause says once the `bare_apology` fillers are taken out."""
    for pattern in rubric.apology_fillers:
        clause = pattern.sub(" ", clause)
    if rubric.scheme == "zh":
        return sum(1 for c in clause if c.isalnum())
    return len(clause.split())


def _owns(rubric: _Rubric, s: _Sentence) -> bool:
    """The sentence owns the failure: "是我们没检查好", "that's our slip", or names a failure of ours
    as what happened ("是我们出菜时漏了单", `owned_causes`)."""
    if _first(s, rubric.owning, [])[0] is not None:
        return True
    return any(s.regex_spans(p) for p in (*rubric.owning_patterns, *rubric.owned_causes))


def _remedy(
    rubric: _Rubric,
    s: _Sentence,
    index: int,
    commits: Sequence[list[tuple[int, int]]],
    avoid: Sequence[tuple[int, int]],
    heard: _Heard,
) -> tuple[_Hit | None, _Hit | None]:
    """A concrete remedy in sentence `index`, and failing that one stated plainly. The first: one
    of the scenario's offers committed to (a commitment in the sentence or just before it: "There
    are two options. One is to reapply for less"), or one of the general actions with a commitment
    close by ("I'll resend it today"). The second: one of the scenario's offers stated without a
    commitment ("I have a quieter room on the 18th floor"), unless it only tells the customer
    something (`telling_offers`: "Give the number waiting and an estimate") or hands the work to
    the customer ("需要换绑的话，在App里走申诉流程就可以了"); it counts only in a reply without
    blame or rule-quoting."""
    committed = bool(commits[index]) or (index > 0 and bool(commits[index - 1]))
    deflects = any(s.spans(cue) for cue in rubric.deflecting)
    stated: _Hit | None = None
    # a general action is the trainee's with a commitment close by or earlier in its clause:
    # "I'll record what he said and submit it today", "我现在就带伯伯去抽血窗口"
    for offer in rubric.offers:
        cue, seen = _first(s, [offer.cue], avoid)
        heard.any_cue = heard.any_cue or seen  # on the matter even when not offered
        if cue is None:
            continue
        if committed:
            return _Hit(index, cue.shown, offer.label), None
        if stated is None and not deflects and not offer.telling:
            stated = _Hit(index, cue.shown, offer.label)
    if not commits[index]:
        return None, stated
    gap = COMMIT_GAP[rubric.scheme]
    actions = [(span, a.cue.shown) for a in rubric.actions for span in s.spans(a.cue)]
    actions += [(span, s.shown(span)) for p in rubric.action_patterns for span in s.regex_spans(p)]
    for span, words in actions:
        if _overlaps(span, avoid) or s.negated(span, after=True) or s.echoes(span):
            continue
        if any(
            _near(span, [c], gap) or (c[1] <= span[0] and s.same_clause(c[0], span[0]))
            for c in commits[index]
        ):
            heard.any_cue = True
            return _Hit(index, words), None
    in_words = _offered_in_words(rubric, s, index, commits[index], avoid)
    if in_words is not None:
        heard.any_cue = True
        return in_words, None
    return None, stated


def _near(span: tuple[int, int], others: Iterable[tuple[int, int]], gap: int) -> bool:
    return any(span[0] < e + gap and s - gap < span[1] for s, e in others)


def _promises(rubric: _Rubric, s: _Sentence, index: int, heard: _Heard) -> list[tuple[int, int]]:
    """Promises outside authority in one sentence, recorded as "remedy" broken: the scenario's
    `may_not` cues and the general ones of the lexicon, unless refused ("我没法保证一定修好"). A
    general promise word next to one of the scenario's own offers is that offer ("a drink on the
    house" where a free drink may be offered); a general pattern (a guarantee, a waived fee) is
    never an offer."""
    spans: list[tuple[int, int]] = []
    for offer in rubric.not_offers:
        for span in s.promise_spans(offer.cue):
            heard.any_cue = True
            if s.negated(span, after=True) or _refused_promise(rubric, s, span):
                continue
            spans.append(span)
            heard.broken.setdefault("remedy", _Hit(index, offer.cue.shown, offer.label))
    allowed = [span for offer in rubric.offers if offer.label for span in s.spans(offer.cue)]
    gap = NEAR[rubric.scheme]
    general = [
        (span, cue.shown)
        for cue in rubric.beyond
        for span in s.promise_spans(cue)
        if not _near(span, allowed, gap)  # "a drink on the house" where a free drink is allowed
    ]
    general += [(span, s.shown(span)) for p in rubric.beyond_patterns for span in s.regex_spans(p)]
    if not general:
        return spans
    heard.any_cue = True
    # "我没法保证三点前一定修好": the negation before 保证 covers 一定修好 inside it too
    refused = [
        span
        for span, _ in general
        if s.negated(span, after=True) or _refused_promise(rubric, s, span)
    ]
    for span, words in general:
        if _overlaps(span, refused):
            continue
        spans.append(span)
        heard.broken.setdefault("remedy", _Hit(index, words, BEYOND[rubric.scheme]))
    return spans


def _refused_promise(rubric: _Rubric, s: _Sentence, span: tuple[int, int]) -> bool:
    """A promise word refused earlier in the clause covers what follows it: "我没办法保证几点一定送到",
    "I can't promise it'll be there by ten"."""
    for verb in rubric.promise_verbs:
        for found in s.spans(verb):
            if found[1] <= span[0] and s.same_clause(found[0], span[0]) and s.negated(found):
                return True
    return False


def _commitments(rubric: _Rubric, s: _Sentence) -> list[tuple[int, int]]:
    """Where the sentence commits the trainee to doing something: "I'll", "let me", "我来", "给您"."""
    spans = [span for cue in rubric.commitment for span in s.spans(cue)]
    return spans + [span for p in rubric.commitment_patterns for span in s.regex_spans(p)]


def _heard_otherwise(
    rubric: _Rubric,
    s: _Sentence,
    criterion: CriterionId,
    original: str,
    bad_spans: Sequence[tuple[int, int]],
    hollow: Sequence[tuple[int, int]] = (),
) -> bool:
    """A criterion shown without a cue word: a pattern (a time, "would make anyone"), an English
    name given ("I'm Chen"), or the scenario's cause told in the trainee's own words."""
    spans = [sp for p in rubric.patterns[criterion] for sp in s.regex_spans(p)]
    void = [*bad_spans, *(hollow if criterion == "explain" else ())]
    if any(not _overlaps(sp, void) for sp in spans):
        return True
    if criterion == "close" and rubric.scheme == "en":
        return bool(
            _NAME_INTRO.search(unicodedata.normalize("NFKC", original).translate(_APOSTROPHES))
        )
    if criterion == "explain" and not bad_spans:
        # a status the customer can see ("has arrived at the sorting centre") tells no cause even
        # in the model handling's words
        shared = _content(s.units(outside=hollow)) & rubric.explain_units
        return len(shared) >= EXPLAIN_OVERLAP[rubric.scheme]
    return False


def score_reply(
    scenario: Scenario,
    reply: str,
    lang: str,
    history: Sequence[str] = (),
    *,
    read_causes: bool = True,
) -> ReplyScore:
    """Score one trainee reply. `lang` is the trainee's (zh-Hans, zh-Hant or en); `scenario` is the
    zh one for zh-Hans and zh-Hant trainees, the -en one for English trainees. `history` is the
    trainee's earlier replies in the same conversation (a repeat is flagged). `read_causes` False
    leaves the cause model out (the rubric alone, for choosing the model's points)."""
    trainee = trainee_lang(scenario, lang)
    rubric = _rubric(scenario)
    text = reply or ""
    sentences = tuple(split_sentences(text))
    heard = _hear(rubric, sentences)
    length = heard.length
    flags: list[Flag] = []
    empty = length == 0
    too_short = not empty and _too_short(rubric, sentences, length)
    off_topic = (
        not empty
        and not too_short
        and not heard.any_cue
        and len(heard.units & rubric.vocabulary) < MIN_OVERLAP
    )
    substantive = not (empty or too_short or off_topic)
    if substantive:  # a question asked about the matter checks with the customer ("?" does not)
        for criterion, asked in heard.question_only.items():
            heard.met.setdefault(criterion, asked)
        read = matching_text(text, trainee)  # the reply as the learned checks read it
        _blame_read(heard, read, trainee, sentences)
        if read_causes:
            _cause_read(heard, read, trainee, sentences)
    if empty:
        flags.append(_flag("empty", trainee, scenario))
    if too_short:
        flags.append(_flag("too_short", trainee, scenario))
    if rubric.scheme == "zh" and length > ESSAY_ZH_CHARS:
        flags.append(_flag("essay", trainee, scenario, n=length))
    if rubric.scheme == "en" and length > ESSAY_EN_WORDS:
        flags.append(_flag("essay", trainee, scenario, n=length))
    if off_topic:
        flags.append(_flag("off_topic", trainee, scenario))
    if "abusive" in heard.bad_kinds:
        flags.append(_flag("abusive", trainee, scenario))
    if not empty and _repeated(text, history):
        flags.append(_flag("repeated", trainee, scenario))
    results: list[CriterionResult] = []
    for criterion in scenario.criteria:
        if off_topic:
            status: Status = "missed"
            hit: _Hit | None = None
        elif criterion in heard.broken:
            status, hit = "broken", heard.broken[criterion]
        elif criterion == "avoid":
            status, hit = ("met" if substantive else "missed"), None
        elif criterion in heard.met:
            status, hit = "met", heard.met[criterion]
        else:
            status, hit = "missed", None
        note = (
            "blanket" if criterion == "apologise" and status == "missed" and heard.blanket else ""
        )
        results.append(_result(scenario, trainee, criterion, status, sentences, hit, note=note))
    return ReplyScore(
        scenario_id=scenario.id,
        lang=trainee,
        reply=text,
        sentences=sentences,
        results=tuple(results),
        points=_points(results),
        flags=tuple(flags),
    )


def matching_text(text: str, lang: str) -> str:
    """A reply as `reply_model` reads it: as it is matched (zh folded to Simplified with 您 read
    as 你, en lower case with contractions spelt out), without the words that clear the customer
    ("不是您家设备的问题", "not your fault": `blame_structure.exonerating`)."""
    scheme = _scheme(lang)
    text = _en_words(text) if scheme == "en" else _fold_zh(text)
    for pattern in _exonerating(scheme):
        text = pattern.sub(" ", text)
    return text


@cache
def _exonerating(scheme: Scheme) -> tuple[re.Pattern[str], ...]:
    words = load_lexicon().blame_structure.exonerating.of(scheme)
    return tuple(re.compile(p, re.IGNORECASE) for p in words)


def _likeliest(model: ReplyModel, sentences: Sequence[str], lang: str) -> int:
    """The sentence the model reads as most so (most blaming, most explaining)."""
    chances = [model.probability(matching_text(s, lang)) for s in sentences]
    return chances.index(max(chances))


def _blame_read(heard: _Heard, read: str, lang: str, sentences: Sequence[str]) -> None:
    """Blame no pattern holds, read by `reply_model` in a reply (`read`: as `matching_text` gives
    it) that neither owns the failure nor already blames: "explain" and "avoid" are broken at the
    sentence it reads as most blaming."""
    if heard.owns or "blame" in heard.bad_kinds or not sentences:
        return
    model = load_model("blame")
    if model is None or not model.sure(read):
        return
    hit = _Hit(_likeliest(model, sentences, lang), "", "blame_read")
    heard.bad_kinds.add("blame")
    heard.broken.setdefault("explain", hit)
    heard.broken.setdefault("avoid", hit)


def _cause_read(heard: _Heard, read: str, lang: str, sentences: Sequence[str]) -> None:
    """Whether a cause is told, read by the `cause` model where it is sure and the rubric is not
    of its mind: a cause in words no cue holds ("上一位客人十二点半才退房") is met at the sentence
    it reads as most explaining; a cue heard in a reply that tells no cause ("专家号已经约满了",
    a busy-day excuse) is not (`ReplyModel.overrule`). Blame heard stays broken."""
    if "explain" in heard.broken or not sentences:
        return
    model = load_model("cause")
    if model is None:
        return
    status = "met" if "explain" in heard.met else "missed"
    now = model.overrule(status, read)
    if now == status:
        return
    if now == "missed":
        del heard.met["explain"]
    else:
        heard.met["explain"] = _Hit(_likeliest(model, sentences, lang), "")


def _too_short(rubric: _Rubric, sentences: Sequence[str], length: int) -> bool:
    """One word: a single English word, or up to three characters of Chinese ("好的", "ok")."""
    if rubric.scheme == "en":
        return length <= 1
    text = " ".join(sentences)
    han = len(re.findall(r"[\u3400-\u9fff]", text))
    words = len(re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKC", text)))
    return han + words <= SHORT_ZH_CHARS and (han > 0 or words <= 1)


def _repeated(text: str, history: Sequence[str]) -> bool:
    def key(t: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKC", t).casefold() if c.isalnum())

    mine = key(text)
    return bool(mine) and any(key(h) == mine for h in history)


def _points(results: Sequence[CriterionResult]) -> int:
    if not results:
        return 0
    share = 100 / len(results)
    value = share * sum(1 for r in results if r.status == "met")
    if any(r.criterion == "avoid" and r.status == "broken" for r in results):
        value -= share
    return max(0, min(100, round(value)))


# --- sessions ---------------------------------------------------------------------------------


def score_session(scenario: Scenario, replies: Sequence[str], lang: str) -> Scorecard:
    """Score a whole conversation: a criterion is met if any reply met it and broken if any reply
    broke it (broken wins: one promise outside authority or one blaming line is not undone by a
    good line later)."""
    trainee = trainee_lang(scenario, lang)
    scores = tuple(
        score_reply(scenario, reply, trainee, replies[:i]) for i, reply in enumerate(replies)
    )
    criteria: list[CriterionResult] = []
    for criterion in scenario.criteria:
        chosen: tuple[int, CriterionResult] | None = None
        for status in ("broken", "met"):
            chosen = next(
                (
                    (i, score.result(criterion))
                    for i, score in enumerate(scores)
                    if score.result(criterion).status == status
                ),
                None,
            )
            if chosen is not None:
                break
        if chosen is None:
            blanket = (
                any(s.result(criterion).detail for s in scores)
                if criterion == "apologise"
                else False
            )
            result = _result(
                scenario, trainee, criterion, "missed", (), None, note="blanket" if blanket else ""
            )
            criteria.append(result)
        else:
            i, result = chosen
            criteria.append(result.model_copy(update={"reply": i}))
    total = _points(criteria)
    counts = {status: sum(1 for c in criteria if c.status == status) for status in get_args(Status)}
    summary = _text(
        trainee,
        "总分 {total}/100：做到 {met} 项，还差 {missed} 项，踩雷 {broken} 项。",
        "Total {total}/100: {met} done, {missed} still to do, {broken} broken.",
    ).format(total=total, **counts)
    return Scorecard(
        scenario_id=scenario.id,
        lang=trainee,
        title=to_lang_script(scenario.title, trainee),
        moment_of_truth=to_lang_script(scenario.moment_of_truth, trainee),
        total=total,
        criteria=tuple(criteria),
        replies=scores,
        summary=summary,
    )


# --- feedback ---------------------------------------------------------------------------------


def _text(lang: Lang, zh: str, en: str) -> str:
    return en if lang == "en" else to_lang_script(zh, lang)


def suggestion_turn(scenario: Scenario, criterion: CriterionId) -> ModelTurn | None:
    """The model-handling turn to quote for `criterion`: the first that meets it. "avoid" is met by
    the whole handling rather than by one turn: a turn that explains without blaming stands in."""
    for turn in scenario.model_handling:
        if criterion in turn.meets:
            return turn
    if criterion == "avoid":
        for fallback in ("explain", "acknowledge"):
            for turn in scenario.model_handling:
                if fallback in turn.meets:
                    return turn
        return scenario.model_handling[0]
    return None


_WHY = {
    "forbidden": ("说了服务禁语“{cue}”", "it uses the forbidden phrase “{cue}”"),
    "blame": ("这是在怪客户或同事（“{cue}”）", "it blames the customer or a colleague (“{cue}”)"),
    "blame_read": (
        "这句话读起来是在把责任推给客户、同事、别的部门或外面的人",
        "it reads as putting the fault on the customer, a colleague, another department or an "
        "outside party",
    ),
    "jargon": (
        "这是在拿规定、系统或行话挡客户（“{cue}”）",
        "it hides behind rules, systems or jargon (“{cue}”)",
    ),
    "dismissive": (
        "这是在轻视客户的感受（“{cue}”）",
        "it belittles what the customer feels (“{cue}”)",
    ),
    "abusive": ("这是在骂客户", "it insults the customer"),
    "may_not": (
        "这超出了你的权限：{label}（“{cue}”）",
        "it promises something outside your authority: {label} (“{cue}”)",
    ),
}


def _result(
    scenario: Scenario,
    lang: Lang,
    criterion: CriterionId,
    status: Status,
    sentences: Sequence[str],
    hit: _Hit | None,
    note: str = "",
) -> CriterionResult:
    c = CRITERIA[criterion]
    label = _text(lang, c.label_zh, c.label_en)
    sentence = sentences[hit.sentence] if hit is not None and sentences else ""
    cue = to_lang_script(hit.cue, lang) if hit is not None else ""
    detail = ""
    suggestion = ""
    cites: tuple[Citation, ...] = ()
    if status == "met":
        if criterion == "remedy" and hit is not None and hit.detail:
            detail = to_lang_script(hit.detail, lang)
            feedback = _text(
                lang,
                "{label}：做到了——“{sentence}”（{detail}）",
                "{label}: done — “{sentence}” ({detail})",
            )
        elif sentence:
            feedback = _text(lang, "{label}：做到了——“{sentence}”", "{label}: done — “{sentence}”")
        else:  # "avoid" is met by the whole reply, not by one sentence of it
            feedback = _text(
                lang,
                "{label}：做到了——没有禁用语、行话，也没有指责任何人。",
                "{label}: done — no forbidden phrase, no jargon, nobody blamed.",
            )
        return CriterionResult(
            criterion=criterion,
            label=label,
            status=status,
            sentence=sentence,
            cue=cue,
            detail=detail,
            feedback=feedback.format(label=label, sentence=sentence, detail=detail),
        )
    turn = suggestion_turn(scenario, criterion)
    if turn is not None:
        suggestion = to_lang_script(turn.text, lang)
        cites = turn.cites
    instead = ""
    if turn is not None:
        shown = _text(lang, "；", "; ").join(
            cite_label(cite.doc, cite.section, lang) for cite in cites
        )
        instead = _text(
            lang, "可以这样说：“{s}”（依据：{c}）", "You could say: “{s}” (see {c})"
        ).format(s=suggestion, c=shown)
    if status == "broken" and hit is not None:
        kind = hit.detail if criterion in ("avoid", "explain") else "may_not"
        zh, en = _WHY.get(kind, _WHY["forbidden"])
        label_of_offer = to_lang_script(hit.detail, lang) if criterion == "remedy" else ""
        detail = _text(lang, zh, en).format(cue=cue, label=label_of_offer)
        feedback = _text(
            lang,
            "{label}：“{sentence}”——{why}。{instead}",
            "{label}: “{sentence}” — {why}. {instead}",
        )
        feedback = feedback.format(label=label, sentence=sentence, why=detail, instead=instead)
    else:
        description = _text(lang, c.description_zh, c.description_en)
        if note == "blanket":
            detail = _text(
                lang,
                "“给您带来不便，敬请谅解”这类笼统的话不算道歉，要为具体的事道歉。",
                "A blanket “sorry for any inconvenience” is not an apology: say sorry for the specific thing.",
            )
            description = detail
        if criterion == "avoid":
            feedback = _text(
                lang, "{label}：还没有可评的内容。{d}", "{label}: nothing to judge yet. {d}"
            )
        else:
            feedback = _text(
                lang, "{label}：还没做到。{d}{instead}", "{label}: not yet. {d} {instead}"
            )
        feedback = feedback.format(label=label, d=description, instead=instead).strip()
    return CriterionResult(
        criterion=criterion,
        label=label,
        status=status,
        sentence=sentence if status == "broken" else "",
        cue=cue if status == "broken" else "",
        detail=detail,
        suggestion=suggestion,
        cites=cites,
        feedback=feedback,
    )


_FLAGS: dict[FlagCode, tuple[str, str]] = {
    "empty": (
        "回复是空的。先开口：叫出客户的称呼，说出他此刻的感受。",
        "The reply is empty. Say something: use the customer's name and say how they must feel.",
    ),
    "too_short": (
        "只有一个词，客户听不出你要做什么。说一两句完整的话：先回应情绪，再给一个具体的办法。",
        "One word gives the customer nothing to go on. Say a sentence or two: acknowledge the "
        "feeling, then offer something concrete.",
    ),
    "essay": (
        "回复太长了（{n} 字），气头上的客户听不完。挑最要紧的两三句说：情绪、原因、办法。",
        "The reply is very long ({n} words); an upset customer will not take it all in. Keep to "
        "two or three sentences: the feeling, the cause, the remedy.",
    ),
    "off_topic": (
        "这句话和客户的事没有关系。回到眼前这件事上：{title}。",
        "This does not address the customer's situation. Come back to the matter at hand: {title}.",
    ),
    "abusive": (
        "回复里有骂人的话。客户再过分也不能回骂：先稳住，说出他的感受，再谈办法。",
        "The reply insults the customer. However rude they are, never insult back: stay steady, "
        "name the feeling, then offer a way forward.",
    ),
    "repeated": (
        "这句话刚才已经说过了，客户要听的是新的进展。",
        "You have said this already; the customer needs to hear something new.",
    ),
}


def _flag(code: FlagCode, lang: Lang, scenario: Scenario, n: int = 0) -> Flag:
    zh, en = _FLAGS[code]
    title = to_lang_script(scenario.title, lang)
    return Flag(code=code, message=_text(lang, zh, en).format(n=n, title=title))

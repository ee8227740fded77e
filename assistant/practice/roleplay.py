"""The simulated customer of role-play practice: offline, branching on how each reply scored.

The customer opens with a line from the scenario's `opening` pool and answers every trainee reply
from one of its `replies` pools, chosen by what the reply met or broke (`scoring.score_reply`). The
mood starts from the scenario's (an angry, demanding or upset customer at 3, an anxious,
disappointed or confused one at 2, on a scale of 0..4) and each reply moves it:

- calmer (mood down, a line from `calmer`): a reply that moves things on — it meets a criterion
  not met before in the session (the feeling named, a sorry, the cause, a remedy, and once there
  is a remedy a check or the next step) or offers another remedy;
- angrier (mood up, a line from `angrier`): a reply that breaks "avoid" or "remedy" (blame, a
  forbidden phrase, jargon, an insult, a promise outside authority), or stonewalling: a reply
  that says something but does not move things on ("Is there anything else?" before any remedy,
  another sorry and nothing more, talk off the subject) while the customer is angry (mood 3 or
  more), or the second such reply in a row whatever the mood;
- the same (a line from `same`): anything else — a reply with nothing in it ("ok", "嗯"), or a
  first reply that does not move things on while the customer is not angry.

Good handling adds up: the customer has been heard once a reply acknowledged the feeling or
apologised, has a remedy once a reply offered one within authority, and agrees once a later reply
checks with them or closes the loop ("confirm" or "close") — the customer answers the remedy
before agreeing to it. The session ends "calmed" (a line from `calmed`) when all three hold or the
mood reaches 0 — typically in two to four replies: the feeling and a sorry, then the remedy, then
the check and the next step. It ends "escalated" (a line from `escalated`) after two angrier turns
in a row (two broken replies, blame then stonewalling, or stonewalling twice) or an angrier turn
when the customer is already at the top of the scale, and "unresolved" after `max_turns` replies.

Lines are drawn with a seeded generator, never repeating a line already said in the session: a
replay with another seed differs, the same seed replays the same. When a pool has no fresh line
left the customer rewords from a neighbouring pool (`same` falls back on the unused openings).
zh-Hant trainees read the zh-Hans lines converted. `to_dict` / `from_dict` keep the whole state
as JSON-ready data, so a web app can store a session between requests (what has been heard,
remedied and agreed is worked out again from the stored replies). No LLM is involved.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.domain.common import Lang
from assistant.practice.scenarios import CriterionId, Mood, Scenario, load_scenarios
from assistant.practice.scoring import (
    ReplyScore,
    Scorecard,
    score_reply,
    score_session,
    trainee_lang,
)
from assistant.text.script import to_lang_script, to_simplified

State = Literal["opening", "same", "calmer", "angrier"]
Outcome = Literal["calmed", "escalated", "unresolved"]
LinePool = Literal["opening", "calmer", "same", "angrier", "calmed", "escalated"]

MAX_MOOD = 4
MAX_TURNS = 6
ANGRY = 3  # from this mood up, a reply that does nothing for the customer is stonewalling
IDLE_IN_A_ROW = 2  # below it, the second such reply in a row is
ANGRIER_IN_A_ROW = 2  # angrier turns in a row that end it escalated
# What moves a conversation on: a criterion met for the first time in the session is progress.
PROGRESS: frozenset[CriterionId] = frozenset(
    {"acknowledge", "apologise", "explain", "remedy", "confirm", "close"}
)
HEARD: frozenset[CriterionId] = frozenset({"acknowledge", "apologise"})
AGREED: frozenset[CriterionId] = frozenset({"confirm", "close"})
START_MOOD: dict[Mood, int] = {
    "angry": 3,
    "demanding": 3,
    "upset": 3,
    "anxious": 2,
    "disappointed": 2,
    "confused": 2,
}
# Where the customer finds a fresh line when a pool is used up, in order.
FALLBACK: dict[LinePool, tuple[LinePool, ...]] = {
    "opening": ("opening",),
    "same": ("same", "opening", "angrier"),
    "angrier": ("angrier", "same", "opening"),
    "calmer": ("calmer", "same"),
    "calmed": ("calmed", "calmer"),
    "escalated": ("escalated", "angrier"),
}
FORMAT: Literal[1] = 1  # of `to_dict`


@dataclass(frozen=True)
class VoiceCue:
    """What a voice (a language model playing the customer) is told for one line: the offline
    customer has already decided the state and drawn `line`; the voice may say it in character
    in its own words, consistent with the conversation so far."""

    scenario: Scenario
    lang: Lang
    pool: LinePool
    mood: int
    line: str  # the offline line, in the trainee's script
    history: tuple[tuple[str, str], ...]  # (customer line, trainee reply) so far, oldest first
    reply: str  # the trainee reply being answered ("" for the opening)


Voice = Callable[[VoiceCue], str | None]
"""Returns the line to say, or None to keep the offline line (a failing model loses nothing)."""


class RolePlayError(ValueError):
    """A role-play used wrongly (a reply after the end) or a stored state that does not fit."""


class Turn(BaseModel):
    """One customer line: the opening (index 0) or the answer to the trainee's reply `index`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    line: str  # what the customer says, in the trainee's script
    pool: LinePool  # where the line came from
    state: State
    mood: int = Field(ge=0, le=MAX_MOOD)
    reply: str | None = None  # the trainee reply this answers
    score: ReplyScore | None = None  # that reply's score
    ended: bool = False
    outcome: Outcome | None = None


class _Said(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    line: str  # as the scenario writes it (zh-Hans for zh-Hant trainees)
    pool: LinePool
    state: State
    mood: int = Field(ge=0, le=MAX_MOOD)


class _Stored(BaseModel):
    """The JSON form of a session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal[1] = FORMAT
    scenario_id: str
    lang: Lang
    seed: int | str
    max_turns: int = Field(ge=1)
    mood: int = Field(ge=0, le=MAX_MOOD)
    calmer: int = Field(ge=0)  # calmer turns so far
    angrier_in_a_row: int = Field(ge=0)
    acknowledged: bool  # heard: the feeling acknowledged or an apology made
    outcome: Outcome | None
    replies: list[str]
    said: list[_Said]


class RolePlay:
    """One practice conversation with the simulated customer of `scenario` (the zh scenario for
    zh-Hans and zh-Hant trainees, the -en one for English trainees)."""

    def __init__(
        self,
        scenario: Scenario,
        lang: str = "zh-Hans",
        seed: int | str = 0,
        max_turns: int = MAX_TURNS,
    ) -> None:
        if max_turns < 1:
            raise RolePlayError("max_turns must be at least 1")
        self.scenario = scenario
        self.lang: Lang = trainee_lang(scenario, lang)
        self.seed = seed
        self.max_turns = max_turns
        self.mood = START_MOOD[scenario.mood]
        self.outcome: Outcome | None = None
        self._calmer = 0
        self._angrier_in_a_row = 0
        self._idle = 0  # replies in a row that said something but did not move things on
        self._met: set[CriterionId] = set()  # progress criteria met so far (not in broken replies)
        self._heard = not HEARD & set(scenario.criteria)
        self._remedied = "remedy" not in scenario.criteria
        self._agreed = False
        self._replies: list[str] = []
        self._said: list[_Said] = []
        self._turns: list[Turn] = []

    # --- the conversation -----------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(self._turns)

    @property
    def replies(self) -> tuple[str, ...]:
        return tuple(self._replies)

    def start(self, voice: Voice | None = None) -> Turn:
        """The customer's opening line (the same turn again if the session has started)."""
        if self._turns:
            return self._turns[0]
        pool, line = self._draw("opening")
        line = self._voiced(voice, pool, line, "")
        return self._say(_Said(line=line, pool=pool, state="opening", mood=self.mood))

    def respond(self, reply: str, voice: Voice | None = None) -> Turn:
        """The customer's answer to the trainee's `reply`, with the reply's score. With a
        `voice`, the line the offline customer chose is said in the voice's words; the state,
        the mood and the score are the offline customer's either way."""
        self.start(voice)
        if self.ended:
            raise RolePlayError(f"the session has ended ({self.outcome}); start a new one")
        score = score_reply(self.scenario, reply, self.lang, self._replies)
        self._replies.append(reply)
        state = self._step(score)
        if self.outcome is None and len(self._replies) >= self.max_turns:
            self.outcome = "unresolved"
        wanted: LinePool = state
        if self.outcome == "calmed" or self.outcome == "escalated":
            wanted = self.outcome
        echo = ""
        if state == "angrier":  # "大家都在排？那我凭什么……" answers "大家都在排"
            echo = next((r.cue for r in score.results if r.status == "broken" and r.cue), "")
        pool, line = self._draw(wanted, echo)
        line = self._voiced(voice, pool, line, reply)
        return self._say(_Said(line=line, pool=pool, state=state, mood=self.mood), reply, score)

    def _voiced(self, voice: Voice | None, pool: LinePool, line: str, reply: str) -> str:
        if voice is None:
            return line
        said = [to_lang_script(s.line, self.lang) for s in self._said]
        cue = VoiceCue(
            scenario=self.scenario,
            lang=self.lang,
            pool=pool,
            mood=self.mood,
            line=to_lang_script(line, self.lang),
            history=tuple(zip(said, self._replies, strict=False)),
            reply=reply,
        )
        spoken = voice(cue)
        return spoken.strip() if spoken and spoken.strip() else line

    def scorecard(self) -> Scorecard:
        """The conversation so far, scored criterion by criterion."""
        return score_session(self.scenario, self._replies, self.lang)

    def _step(self, score: ReplyScore) -> State:
        """Move the mood for one scored reply and end the session if it is decided (see the module
        docstring)."""
        progress = self._progress(score)
        idle = self._count_idle(score)
        if _breaks(score) or (idle and (self.mood >= ANGRY or self._idle >= IDLE_IN_A_ROW)):
            at_top = self.mood >= MAX_MOOD
            self.mood = min(MAX_MOOD, self.mood + 1)
            self._angrier_in_a_row += 1
            if at_top or self._angrier_in_a_row >= ANGRIER_IN_A_ROW:
                self.outcome = "escalated"
            return "angrier"
        self._angrier_in_a_row = 0
        self._note(score)
        state: State = "same"
        if progress:
            self.mood = max(0, self.mood - 1)
            self._calmer += 1
            state = "calmer"
        if self.mood == 0 or (self._heard and self._remedied and self._agreed):
            self.outcome = "calmed"
        return state

    def _count_idle(self, score: ReplyScore) -> bool:
        """Whether the reply said something but did not move things on; counts them in a row."""
        idle = not self._progress(score) and _says_something(score)
        self._idle = self._idle + 1 if idle else 0
        return idle

    def _note(self, score: ReplyScore) -> None:
        """What this reply adds to the conversation: heard, a remedy, agreement after it. A reply
        that breaks something adds nothing."""
        if _breaks(score):
            return
        positive = self._positive(score)
        self._met |= positive
        self._heard = self._heard or bool(positive & HEARD)
        # agreement comes after the customer has heard the remedy: in a later reply
        self._agreed = self._agreed or (self._remedied and bool(positive & AGREED))
        self._remedied = self._remedied or "remedy" in positive

    def _progress(self, score: ReplyScore) -> bool:
        """The reply moves things on: a criterion not met before in the session, or a remedy."""
        positive = self._positive(score)
        return bool(positive - self._met) or "remedy" in positive

    def _positive(self, score: ReplyScore) -> frozenset[CriterionId]:
        """What the reply does for the customer: the feeling, a sorry, the cause, a remedy; and
        once there is a remedy, a check or the next step ("Anything else?" before any remedy is
        nothing)."""
        met = frozenset(score.met) & PROGRESS
        return met if self._remedied or "remedy" in met else met - AGREED

    @property
    def heard(self) -> bool:
        """The customer's feeling has been acknowledged, or an apology made."""
        return self._heard

    @property
    def remedied(self) -> bool:
        """A remedy within authority has been offered."""
        return self._remedied

    def _lines(self, pool: LinePool) -> tuple[str, ...]:
        if pool == "opening":
            return self.scenario.opening
        return self.scenario.replies.pool(pool)

    def _draw(self, wanted: LinePool, echo: str = "") -> tuple[LinePool, str]:
        """A line not yet said in this session, from `wanted` or its fallbacks; one that echoes
        the trainee's offending words (`echo`) if there is one. The choice depends only on the
        seed, the scenario, the turn and the reply."""
        said = {s.line for s in self._said}
        heard = to_simplified(echo).casefold()
        for pool in FALLBACK[wanted]:
            fresh = [line for line in self._lines(pool) if line not in said]
            echoing = [line for line in fresh if heard and heard in line.casefold()]
            if fresh:
                return pool, self._rng(pool).choice(echoing or fresh)
        return wanted, self._rng(wanted).choice(self._lines(wanted))  # every pool used up

    def _rng(self, pool: LinePool) -> random.Random:
        return random.Random(f"{self.seed}|{self.scenario.id}|{len(self._said)}|{pool}")

    def _say(self, said: _Said, reply: str | None = None, score: ReplyScore | None = None) -> Turn:
        self._said.append(said)
        turn = self._turn(len(self._said) - 1, said, reply, score, last=True)
        self._turns.append(turn)
        return turn

    def _turn(
        self, index: int, said: _Said, reply: str | None, score: ReplyScore | None, last: bool
    ) -> Turn:
        return Turn(
            index=index,
            line=to_lang_script(said.line, self.lang),
            pool=said.pool,
            state=said.state,
            mood=said.mood,
            reply=reply,
            score=score,
            ended=last and self.ended,
            outcome=self.outcome if last else None,
        )

    # --- storing ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The whole session as JSON-ready data (`from_dict` restores it)."""
        return _Stored(
            scenario_id=self.scenario.id,
            lang=self.lang,
            seed=self.seed,
            max_turns=self.max_turns,
            mood=self.mood,
            calmer=self._calmer,
            angrier_in_a_row=self._angrier_in_a_row,
            acknowledged=self._heard,
            outcome=self.outcome,
            replies=list(self._replies),
            said=list(self._said),
        ).model_dump(mode="json")

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], scenarios: Mapping[str, Scenario] | None = None
    ) -> RolePlay:
        """A session stored by `to_dict`; its scenario is looked up in `scenarios` (default: the
        shipped library). Reply scores are recomputed, everything else is as stored."""
        try:
            stored = _Stored.model_validate(dict(data))
        except ValidationError as exc:
            raise RolePlayError(f"not a stored role-play: {exc}") from None
        library = load_scenarios() if scenarios is None else scenarios
        scenario = library.get(stored.scenario_id)
        if scenario is None:
            raise RolePlayError(f"no scenario {stored.scenario_id!r}")
        if stored.said and len(stored.said) != len(stored.replies) + 1:
            raise RolePlayError("a stored role-play has one customer line per reply, plus one")
        if not stored.said and stored.replies:
            raise RolePlayError("a stored role-play with replies has customer lines")
        try:
            play = cls(scenario, stored.lang, stored.seed, stored.max_turns)
        except ValueError as exc:
            raise RolePlayError(str(exc)) from None
        play.mood = stored.mood
        play.outcome = stored.outcome
        play._calmer = stored.calmer
        play._angrier_in_a_row = stored.angrier_in_a_row
        play._replies = list(stored.replies)
        play._said = list(stored.said)
        for i, said in enumerate(stored.said):
            reply = stored.replies[i - 1] if i else None
            score = (
                score_reply(scenario, reply, play.lang, stored.replies[: i - 1])
                if reply is not None
                else None
            )
            if score is not None:
                play._count_idle(score)
                play._note(score)
            last = i == len(stored.said) - 1
            play._turns.append(play._turn(i, said, reply, score, last))
        play._heard = play._heard or stored.acknowledged
        return play


def _breaks(score: ReplyScore) -> bool:
    """Blame, a forbidden phrase, jargon, an insult or a promise outside authority."""
    broken = set(score.broken)
    return "avoid" in broken or "remedy" in broken


def _says_something(score: ReplyScore) -> bool:
    """A reply with words in it: not empty or a single word ("ok", "嗯"). Off the subject counts:
    an angry customer told about lunch is being ignored."""
    return not any(score.flagged(code) for code in ("empty", "too_short"))

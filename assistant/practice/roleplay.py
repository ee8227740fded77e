"""The simulated customer of role-play practice: offline, branching on how each reply scored.

The customer opens with a line from the scenario's `opening` pool and answers every trainee reply
from one of its `replies` pools, chosen by what the reply met or broke (`scoring.score_reply`):

- a reply that breaks "avoid" or "remedy" (blame, a forbidden phrase, jargon, an insult, a promise
  outside authority) makes the customer angrier: mood up, a line from `angrier`;
- a reply that offers a real remedy once the customer's feeling has been acknowledged (in this
  reply or an earlier one) calms the customer: mood down, a line from `calmer`;
- anything else leaves the customer where they were: a line from `same`.

The session ends "calmed" (a line from `calmed`) when the mood reaches 0 or after the second
calmer turn, "escalated" (a line from `escalated`) after two angrier turns in a row or an angrier
turn when the customer is already at the top of the scale, and "unresolved" after `max_turns`
replies. The mood starts from the scenario's: an angry, demanding or upset customer at 3, an
anxious, disappointed or confused one at 2, on a scale of 0..4.

Lines are drawn with a seeded generator, never repeating a line already said in the session: a
replay with another seed differs, the same seed replays the same. When a pool has no fresh line
left the customer rewords from a neighbouring pool (`same` falls back on the unused openings).
zh-Hant trainees read the zh-Hans lines converted. `to_dict` / `from_dict` keep the whole state
as JSON-ready data, so a web app can store a session between requests. No LLM is involved.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.domain.common import Lang
from assistant.practice.scenarios import Mood, Scenario, load_scenarios
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
CALMER_TO_END = 2  # calmer turns that end the session calmed
ANGRIER_IN_A_ROW = 2  # angrier turns in a row that end it escalated
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
    calmer: int = Field(ge=0)
    angrier_in_a_row: int = Field(ge=0)
    acknowledged: bool
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
        self._acknowledged = "acknowledge" not in scenario.criteria
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

    def start(self) -> Turn:
        """The customer's opening line (the same turn again if the session has started)."""
        if self._turns:
            return self._turns[0]
        pool, line = self._draw("opening")
        return self._say(_Said(line=line, pool=pool, state="opening", mood=self.mood))

    def respond(self, reply: str) -> Turn:
        """The customer's answer to the trainee's `reply`, with the reply's score."""
        self.start()
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
        return self._say(_Said(line=line, pool=pool, state=state, mood=self.mood), reply, score)

    def scorecard(self) -> Scorecard:
        """The conversation so far, scored criterion by criterion."""
        return score_session(self.scenario, self._replies, self.lang)

    def _step(self, score: ReplyScore) -> State:
        met, broken = set(score.met), set(score.broken)
        self._acknowledged = self._acknowledged or "acknowledge" in met
        if "avoid" in broken or "remedy" in broken:
            at_top = self.mood >= MAX_MOOD
            self.mood = min(MAX_MOOD, self.mood + 1)
            self._angrier_in_a_row += 1
            if at_top or self._angrier_in_a_row >= ANGRIER_IN_A_ROW:
                self.outcome = "escalated"
            return "angrier"
        self._angrier_in_a_row = 0
        if "remedy" in met and self._acknowledged:
            self.mood = max(0, self.mood - 1)
            self._calmer += 1
            if self.mood == 0 or self._calmer >= CALMER_TO_END:
                self.outcome = "calmed"
            return "calmer"
        return "same"

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
            acknowledged=self._acknowledged,
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
        play._acknowledged = stored.acknowledged
        play._replies = list(stored.replies)
        play._said = list(stored.said)
        for i, said in enumerate(stored.said):
            reply = stored.replies[i - 1] if i else None
            score = (
                score_reply(scenario, reply, play.lang, stored.replies[: i - 1])
                if reply is not None
                else None
            )
            last = i == len(stored.said) - 1
            play._turns.append(play._turn(i, said, reply, score, last))
        return play

"""Spaced repetition for the quiz: Leitner boxes over an attempt history (pure functions).

A missed item goes to box 1 and comes back after 1 day; answered right when due, it moves up to
box 2 (back after 3 days), then box 3 (after 7 days); right again after that, it is learned and
no longer scheduled. A miss at any point sends it back to box 1. An item answered right the first
time it is seen is learned at once: review is for what was missed.

A correct answer given before an item is due (the user just saw the answer) does not move it up;
a miss always counts. Nothing is stored here: the caller keeps the history and passes it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

INTERVALS: tuple[timedelta, ...] = (timedelta(days=1), timedelta(days=3), timedelta(days=7))
LEARNED = len(INTERVALS) + 1  # the box after the last interval: not scheduled any more


@dataclass(frozen=True)
class Attempt:
    item_id: str
    correct: bool
    at: datetime


@dataclass(frozen=True)
class ItemState:
    item_id: str
    box: int  # 1..len(INTERVALS) while under review, LEARNED once learned
    last_seen: datetime
    due: datetime | None  # None when learned

    def is_due(self, now: datetime) -> bool:
        return self.due is not None and self.due <= now


AttemptLike = Attempt | tuple[str, bool, datetime]


def _attempts(history: Iterable[AttemptLike]) -> list[Attempt]:
    attempts = [a if isinstance(a, Attempt) else Attempt(*a) for a in history]
    return sorted(attempts, key=lambda a: a.at)  # stable: same-time attempts keep their order


def _in_box(item_id: str, box: int, at: datetime) -> ItemState:
    due = at + INTERVALS[box - 1] if box < LEARNED else None
    return ItemState(item_id=item_id, box=box, last_seen=at, due=due)


def _step(state: ItemState | None, attempt: Attempt) -> ItemState:
    if not attempt.correct:
        return _in_box(attempt.item_id, 1, attempt.at)
    if state is None:
        return _in_box(attempt.item_id, LEARNED, attempt.at)
    if state.due is None or attempt.at < state.due:  # learned already, or answered early
        return ItemState(state.item_id, state.box, attempt.at, state.due)
    return _in_box(attempt.item_id, min(state.box + 1, LEARNED), attempt.at)


def schedule(history: Iterable[AttemptLike]) -> dict[str, ItemState]:
    """The Leitner state of every item in the history, replaying attempts in time order."""
    states: dict[str, ItemState] = {}
    for attempt in _attempts(history):
        states[attempt.item_id] = _step(states.get(attempt.item_id), attempt)
    return states


def due_items(
    history: Iterable[AttemptLike], now: datetime, all_ids: Sequence[str] | None = None
) -> list[ItemState]:
    """Items due at `now`, most overdue first (ties: the order of `all_ids`, then id). With
    `all_ids`, items no longer in the bank are left out."""
    keep = None if all_ids is None else {i: n for n, i in enumerate(dict.fromkeys(all_ids))}
    order = keep or {}
    states = [
        s
        for s in schedule(history).values()
        if s.is_due(now) and (keep is None or s.item_id in keep)
    ]
    return sorted(states, key=lambda s: (s.due or now, order.get(s.item_id, len(order)), s.item_id))


def next_items(
    history: Iterable[AttemptLike], all_ids: Sequence[str], now: datetime, n: int
) -> list[str]:
    """Up to `n` item ids to ask next: due items first (most overdue first), then items never
    seen, in the order of `all_ids`. Deterministic for the same input; may return fewer than
    `n` when nothing else is due."""
    if n <= 0:
        return []
    attempts = _attempts(history)
    seen = {a.item_id for a in attempts}
    due = [s.item_id for s in due_items(attempts, now, all_ids)]
    unseen = [item_id for item_id in dict.fromkeys(all_ids) if item_id not in seen]
    return (due + unseen)[:n]

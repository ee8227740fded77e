"""Touchpoint tagging: each record → zero or more touchpoints of the taxonomy.

Two passes. The lexicon first: a topic's patterns (lexicon.yaml) tag the touchpoint the topic is
linked to, and touchpoints of a company's own map that no topic covers are tagged on the specific
words of their names. Then, for records the lexicon left untagged, the embeddings: every
touchpoint has prototypes (its own description and the examples of its topics, in Chinese and
English) and so has "no touchpoint" (generic praise and complaints). A record goes to the closest
touchpoint only when it beats both the generic prototypes and the runner-up touchpoint by
SEMANTIC_MARGIN; multilingual-e5 similarities bunch together, so it is the gap that is judged,
never the raw score.

SEMANTIC_MARGIN was set on 2,500 waimai reviews outside the hand-labelled sample: at 0.02 the
embedding's choice agrees with the lexicon on 98.5 % of the records the lexicon does tag (0.01:
93 %, 0.0: 80 %), so it is trusted on the records the lexicon misses.
Only untagged records are embedded, which keeps a cold run affordable (about one record in eight
of waimai_10k).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.analytics.lexicon import Lexicon, Topic, has_latin
from assistant.analytics.linking import TopicLinks, link_topics
from assistant.analytics.taxonomy import Taxonomy
from assistant.embeddings import Embedder

SEMANTIC_MARGIN = 0.02
NO_TOUCHPOINT = -1


@dataclass(frozen=True)
class RecordTags:
    touchpoints: tuple[str, ...]  # touchpoint ids, in taxonomy order
    topics: tuple[str, ...] = ()  # lexicon topics that matched (their issues are looked up later)
    semantic: bool = False  # assigned by the embedding fallback


UNTAGGED = RecordTags(())


class Tagger:
    def __init__(
        self,
        taxonomy: Taxonomy,
        lexicon: Lexicon,
        embedder: Embedder | None = None,
        *,
        margin: float = SEMANTIC_MARGIN,
    ) -> None:
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.embedder = embedder
        self.margin = margin
        self.links: TopicLinks = link_topics(taxonomy, lexicon.topics)
        self._order = {t.id: i for i, t in enumerate(taxonomy.touchpoints)}
        self._checks: list[tuple[Topic, str]] = [
            (lexicon.topic(topic_id), touchpoint_id)
            for topic_id, touchpoint_id in self.links.by_topic.items()
        ]
        self._prototypes: tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]] | None = None

    # The lexicon pass -------------------------------------------------------------------------
    def tag_lexical(self, folded: str) -> RecordTags:
        touchpoints: set[str] = set()
        topics: list[str] = []
        latin = has_latin(folded)
        for topic, touchpoint_id in self._checks:
            if topic.matches(folded, latin):
                touchpoints.add(touchpoint_id)
                topics.append(topic.id)
        for touchpoint_id, pattern in self.links.name_keywords.items():
            if pattern.search(folded):
                touchpoints.add(touchpoint_id)
        if not touchpoints:
            return UNTAGGED
        return RecordTags(tuple(sorted(touchpoints, key=self._order.__getitem__)), tuple(topics))

    # Both passes over a batch -----------------------------------------------------------------
    def tag(self, texts: Sequence[str], folded: Sequence[str]) -> list[RecordTags]:
        tags = [self.tag_lexical(f) for f in folded]
        missing = [i for i, t in enumerate(tags) if not t.touchpoints]
        if missing and self.embedder is not None and self.taxonomy.touchpoints:
            vectors = self.embedder.embed_passages([texts[i] for i in missing])
            for i, choice in zip(missing, self.closest(vectors), strict=True):
                if choice != NO_TOUCHPOINT:
                    tags[i] = RecordTags((self.taxonomy.touchpoints[choice].id,), semantic=True)
        return tags

    def closest(self, vectors: npt.NDArray[np.float32]) -> list[int]:
        """For each vector, the index of the touchpoint it clearly belongs to, or NO_TOUCHPOINT."""
        prototypes, owners = self._prototype_matrix()
        if len(vectors) == 0:
            return []
        sims = vectors @ prototypes.T  # (records, prototypes)
        count = len(self.taxonomy.touchpoints)
        best = np.full((len(vectors), count + 1), -np.inf, dtype=np.float32)
        for column in range(count + 1):  # column `count` holds the generic prototypes
            owner = column if column < count else NO_TOUCHPOINT
            mask = owners == owner
            if mask.any():
                best[:, column] = sims[:, mask].max(axis=1)
        touchpoint_scores = best[:, :count]
        order = np.argsort(-touchpoint_scores, axis=1)
        top = order[:, 0]
        top_score = touchpoint_scores[np.arange(len(vectors)), top]
        runner_up = (
            touchpoint_scores[np.arange(len(vectors)), order[:, 1]]
            if count > 1
            else np.full(len(vectors), -np.inf, dtype=np.float32)
        )
        rival = np.maximum(runner_up, best[:, count])
        chosen = np.where(top_score - rival >= self.margin, top, NO_TOUCHPOINT)
        return [int(c) for c in chosen]

    def _prototype_matrix(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        if self._prototypes is None:
            assert self.embedder is not None
            texts: list[str] = []
            owners: list[int] = []
            for index, touchpoint in enumerate(self.taxonomy.touchpoints):
                examples = [touchpoint.description]
                for topic_id in self.links.topics_of(touchpoint.id):
                    examples.extend(self.lexicon.topic(topic_id).examples)
                texts.extend(examples)
                owners.extend([index] * len(examples))
            texts.extend(self.lexicon.generic_examples)
            owners.extend([NO_TOUCHPOINT] * len(self.lexicon.generic_examples))
            vectors = self.embedder.embed_passages(texts)
            self._prototypes = (vectors, np.asarray(owners, dtype=np.int64))
        return self._prototypes

"""Pain themes: negative records clustered on their embeddings (spherical k-means, numpy only).

The clustered records are a reservoir sample of the negative ones (THEME_SAMPLE at most), so the
cost is bounded whatever the file size; a theme's size is its share of the sample times all
negative records, marked `estimated` when the sample is smaller than the whole. Each theme is
named by the lexicon issue most of its records share (送餐慢、超时) or, failing that, by the words
that set it apart from the other negative records, and shows the three records nearest its centre.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jieba
import numpy as np
import numpy.typing as npt

from assistant.analytics.lexicon import fold
from assistant.analytics.result import Quote, Theme
from assistant.text.tokens import STOPWORDS

THEME_SAMPLE = 2000
MIN_THEME = 5  # records; smaller clusters are noise at this sample size
QUOTES = 3
ISSUE_MAJORITY = 0.4
RESTARTS = 3
ITERATIONS = 25
SEED = 7
LABEL_WEIGHT = 0.8  # weight of the touchpoint/issue marks against the (unit) centred embedding

# Words every food-delivery review uses: they say nothing about what went wrong.
_BLAND = frozenset(
    """外卖 百度 美团 饿了么 点 订 定 送 吃 次 家 店 真的 感觉 还是 就是 这个 一次 以后 下次 东西 一个
    什么 而且 不过 但是 已经 然后 一点 没有 可以 知道 觉得 怎么 这么 那么 非常 特别 实在 还有 时候
    一下 简直 不是 不会 不要 太 了 的 很 也 都 又""".split()
)
_WORD = re.compile(r"[\w\u3400-\u9fff]")


@dataclass(frozen=True)
class SampledRecord:
    text: str
    ref: str
    touchpoints: tuple[str, ...]  # touchpoint names
    issues: tuple[str, ...]  # issue labels found in it


def spherical_kmeans(
    vectors: npt.NDArray[np.float32], k: int, seed: int = SEED
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """(assignment per row, unit centroids): cosine k-means with k-means++ starts; the best of
    RESTARTS runs by total similarity. Deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    best: tuple[float, npt.NDArray[np.int64], npt.NDArray[np.float32]] | None = None
    for _ in range(RESTARTS):
        centroids = _plus_plus(vectors, k, rng)
        assignment = np.zeros(len(vectors), dtype=np.int64)
        for _ in range(ITERATIONS):
            sims = vectors @ centroids.T
            new = np.argmax(sims, axis=1).astype(np.int64)
            if np.array_equal(new, assignment) and _ > 0:
                break
            assignment = new
            for c in range(k):
                members = vectors[assignment == c]
                if len(members):
                    centre = members.sum(axis=0)
                    centroids[c] = centre / (np.linalg.norm(centre) or 1.0)
        score = float((vectors @ centroids.T)[np.arange(len(vectors)), assignment].sum())
        if best is None or score > best[0]:
            best = (score, assignment.copy(), centroids.copy())
    assert best is not None
    return best[1], best[2]


def _plus_plus(
    vectors: npt.NDArray[np.float32], k: int, rng: np.random.Generator
) -> npt.NDArray[np.float32]:
    chosen = [int(rng.integers(len(vectors)))]
    distance = 1.0 - vectors @ vectors[chosen[0]]
    for _ in range(1, k):
        weights = np.clip(distance, 0, None) ** 2
        total = float(weights.sum())
        index = (
            int(rng.choice(len(vectors), p=weights / total))
            if total > 0
            else int(rng.integers(len(vectors)))
        )
        chosen.append(index)
        distance = np.minimum(distance, 1.0 - vectors @ vectors[index])
    return vectors[chosen].astype(np.float32).copy()


def _words(text: str) -> set[str]:
    return {
        w
        for w in jieba.lcut(fold(text))
        if len(w) >= 2 and w not in STOPWORDS and w not in _BLAND and _WORD.match(w)
    }


def distinctive_words(members: Sequence[str], everyone: Sequence[str], n: int = 3) -> list[str]:
    """Words frequent in the members and rarer elsewhere (lift over the whole, weighted by
    frequency), at least in two members."""
    inside: Counter[str] = Counter(w for text in members for w in _words(text))
    overall: Counter[str] = Counter(w for text in everyone for w in _words(text))
    scored = []
    for word, count in inside.items():
        if count < 2:
            continue
        rate_in = count / len(members)
        rate_all = overall[word] / len(everyone)
        scored.append((rate_in * math.log(rate_in / rate_all + 1e-9) if rate_all else 0.0, word))
    return [w for _, w in sorted(scored, key=lambda s: (-s[0], s[1]))[:n]]


def _quotes(
    members: list[int], vectors: npt.NDArray[np.float32], centre: npt.NDArray[np.float32],
    records: Sequence[SampledRecord],
) -> list[Quote]:  # fmt: skip
    """The members nearest the centre, distinct texts, preferring readable lengths."""
    order = sorted(members, key=lambda i: -float(vectors[i] @ centre))
    picked: list[Quote] = []
    seen: set[str] = set()
    for readable_only in (True, False):
        for i in order:
            text = records[i].text
            if text in seen or (readable_only and not 6 <= len(text) <= 120):
                continue
            picked.append(Quote(text=text, ref=records[i].ref))
            seen.add(text)
            if len(picked) == QUOTES:
                return picked
    return picked


def theme_space(
    vectors: npt.NDArray[np.float32], records: Sequence[SampledRecord]
) -> npt.NDArray[np.float32]:
    """The space themes are clustered in: the embeddings centred (what all complaints share —
    their negativity, their domain — would otherwise dominate every cosine) and extended with
    the record's touchpoints and lexicon issues, so that clusters follow what went wrong."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9)
    keys = sorted({k for r in records for k in (*r.touchpoints, *r.issues)})
    column = {k: i for i, k in enumerate(keys)}
    marks = np.zeros((len(records), len(keys)), dtype=np.float32)
    for row, record in enumerate(records):
        present = [column[k] for k in (*record.touchpoints, *record.issues)]
        if present:
            marks[row, present] = 1.0 / np.sqrt(len(present))
    space = np.hstack([centred, LABEL_WEIGHT * marks]).astype(np.float32)
    space /= np.maximum(np.linalg.norm(space, axis=1, keepdims=True), 1e-9)
    return space


def cluster_themes(
    records: Sequence[SampledRecord],
    embed: Callable[[list[str]], npt.NDArray[np.float32]],
    total_negative: int,
    *,
    max_themes: int = 8,
) -> list[Theme]:
    """Themes of the sampled negative records, largest first."""
    if len(records) < MIN_THEME:
        return []
    vectors = theme_space(embed([r.text for r in records]), records)
    k = max(2, min(max_themes + 2, len(records) // (2 * MIN_THEME)))
    k = min(k, len(records))
    assignment, centroids = spherical_kmeans(vectors, k)
    texts = [r.text for r in records]
    themes = []
    for c in range(k):
        members = [int(i) for i in np.flatnonzero(assignment == c)]
        if len(members) < MIN_THEME:
            continue
        issues: Counter[str] = Counter(x for i in members for x in set(records[i].issues))
        places: Counter[str] = Counter(t for i in members for t in records[i].touchpoints)
        terms = distinctive_words([texts[i] for i in members], texts)
        issue, issue_count = issues.most_common(1)[0] if issues else ("", 0)
        place = places.most_common(1)[0][0] if places else ""
        size = round(len(members) / len(records) * total_negative)
        themes.append(
            Theme(
                label=_label(
                    issue if issue_count >= ISSUE_MAJORITY * len(members) else "", place, terms
                ),  # fmt: skip
                terms=terms,
                size=size,
                sample_size=len(members),
                estimated=len(records) < total_negative,
                share=round(len(members) / len(records), 4),
                touchpoint=places.most_common(1)[0][0] if places else "",
                quotes=_quotes(members, vectors, centroids[c], records),
            )
        )
    themes.sort(key=lambda t: (-t.size, t.label))
    return _merge_same_label(themes)[:max_themes]


def _label(issue: str, touchpoint: str, terms: list[str]) -> str:
    """The issue most records share; else the touchpoint and the distinctive words."""
    if issue:
        return issue
    words = " / ".join(terms)
    if touchpoint and words:
        return f"{touchpoint}: {words}"
    return touchpoint or words or "—"


def _merge_same_label(themes: list[Theme]) -> list[Theme]:
    """Two clusters named by the same issue are one theme to a reader: sizes add up, the larger
    cluster's quotes stay."""
    merged: dict[str, Theme] = {}
    for theme in themes:
        if theme.label in merged:
            kept = merged[theme.label]
            merged[theme.label] = kept.model_copy(
                update={
                    "size": kept.size + theme.size,
                    "sample_size": kept.sample_size + theme.sample_size,
                    "share": round(kept.share + theme.share, 4),
                }
            )
        else:
            merged[theme.label] = theme
    return sorted(merged.values(), key=lambda t: (-t.size, t.label))

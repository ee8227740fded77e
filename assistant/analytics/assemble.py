"""From the tallies of a finished run to the AnalysisResult document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from assistant.analytics.lexicon import Lexicon
from assistant.analytics.pipeline import Analyzer
from assistant.analytics.result import (
    AnalysisResult,
    BreakdownRow,
    FileReport,
    IssueCount,
    Quote,
    StageMetrics,
    TaxonomyInfo,
    Theme,
    Totals,
    TouchpointMetrics,
    Unassigned,
)
from assistant.analytics.tallies import GroupTally, granularity_for
from assistant.analytics.themes import MIN_THEME, SampledRecord, cluster_themes, distinctive_words
from assistant.domain import Lang
from assistant.text.script import to_lang_script

QUOTES = 3
TOP_ISSUES = 5


def issue_label(lexicon: Lexicon, key: str, lang: Lang) -> str:
    return to_lang_script(lexicon.issue(key).label(lang), lang)


def _readable_first(quotes: list[Quote]) -> list[Quote]:
    return sorted(quotes, key=lambda q: not 6 <= len(q.text) <= 120)


def totals_of(files: list[FileReport], analyzer: Analyzer) -> Totals:
    t = analyzer.tallies
    return Totals(
        files=len(files),
        failed_files=sum(1 for f in files if f.error and not f.analysed),
        rows=sum(f.rows for f in files),
        analysed=sum(f.analysed for f in files),
        empty_text=sum(f.empty_text for f in files),
        duplicates=sum(f.duplicates for f in files),
        duplicates_dropped=not analyzer.options.keep_duplicates,
        tagged=t.overall.volume - t.untagged,
        tagged_semantic=_semantic_records(analyzer),
        untagged=t.untagged,
        sentiment_from_label=t.sources["label"],
        sentiment_from_score=t.sources["score"],
        sentiment_from_model=t.sources["model"],
        bad_scores=sum(f.bad_scores + f.out_of_range_scores for f in files),
        bad_labels=sum(f.bad_labels for f in files),
        bad_dates=sum(f.bad_dates for f in files),
    )


def _semantic_records(analyzer: Analyzer) -> int:
    # A semantic tag is always a single touchpoint, so per-touchpoint counts add up to records.
    return sum(analyzer.tallies.semantic.values())


def issue_themes(records: list[SampledRecord], total_negative: int, max_themes: int) -> list[Theme]:
    """Without embeddings: one theme per lexicon issue, records without one left out."""
    groups: dict[str, list[SampledRecord]] = {}
    for record in records:
        if record.issues:
            groups.setdefault(record.issues[0], []).append(record)
    everyone = [r.text for r in records]
    themes = []
    for label, members in groups.items():
        if len(members) < MIN_THEME:
            continue
        places = Counter(tp for m in members for tp in m.touchpoints)
        seen: set[str] = set()
        quotes: list[Quote] = []
        for m in members:
            if m.text not in seen and len(quotes) < QUOTES:
                quotes.append(Quote(text=m.text, ref=m.ref))
                seen.add(m.text)
        themes.append(
            Theme(
                label=label,
                terms=distinctive_words([m.text for m in members], everyone),
                size=round(len(members) / len(records) * total_negative),
                sample_size=len(members),
                estimated=len(records) < total_negative,
                share=round(len(members) / len(records), 4),
                touchpoint=places.most_common(1)[0][0] if places else "",
                quotes=quotes,
            )
        )
    return sorted(themes, key=lambda t: (-t.size, t.label))[:max_themes]


def assemble(
    analyzer: Analyzer,
    *,
    workspace_id: str,
    workspace: str,
    how_chosen: str,
    guessed: bool = False,
    embed: Callable[[list[str]], npt.NDArray[np.float32]] | None,
    embedded: Callable[[], int] = lambda: 0,
) -> AnalysisResult:
    t = analyzer.tallies
    taxonomy = analyzer.tagger.taxonomy
    lexicon = analyzer.tagger.lexicon
    lang = analyzer.options.lang
    total = t.overall.volume
    granularity = granularity_for(t.first_day, t.last_day) if t.first_day and t.last_day else None

    def metrics(tally: GroupTally) -> dict[str, object]:
        return tally.metrics(total, t.scale, granularity)

    touchpoints = []
    for tp in taxonomy.touchpoints:
        tally = t.touchpoints.get(tp.id, GroupTally())
        negative_sample = t.negatives[tp.id].items if tp.id in t.negatives else []
        touchpoints.append(
            TouchpointMetrics(
                id=tp.id,
                name=tp.name,
                stage_id=tp.stage_id,
                stage=taxonomy.stage(tp.stage_id).name,
                semantic=t.semantic[tp.id],
                issues=[
                    IssueCount(id=key, label=issue_label(lexicon, key, lang), count=n)
                    for key, n in t.issues[tp.id].most_common(TOP_ISSUES)
                ],
                negative_refs=[q.ref for q in negative_sample],
                negative_quotes=_readable_first(list(negative_sample))[:QUOTES],
                **metrics(tally),
            )
        )
    stages = [
        StageMetrics(id=s.id, name=s.name, **metrics(t.stages.get(s.id, GroupTally())))
        for s in taxonomy.stages
    ]

    def breakdown(groups: dict[str, GroupTally]) -> list[BreakdownRow]:
        rows = [BreakdownRow(value=v, **metrics(g)) for v, g in groups.items()]
        return sorted(rows, key=lambda r: (-r.volume, r.value))

    analyzer.progress.phase("themes")
    negatives = t.overall.polarity["negative"]
    sample = t.themes.items
    themes = (
        cluster_themes(sample, embed, negatives, max_themes=analyzer.options.max_themes)
        if embed is not None
        else issue_themes(sample, negatives, analyzer.options.max_themes)
    )
    files = analyzer.files
    return AnalysisResult(
        created_at=datetime.now(UTC),
        workspace_id=workspace_id,
        workspace=workspace,
        lang=lang,
        taxonomy=TaxonomyInfo(
            source=taxonomy.source,
            title=taxonomy.title,
            ref=taxonomy.ref,
            lang=taxonomy.lang,
            industry=taxonomy.industry,
            how_chosen=how_chosen,
            guessed=guessed,
        ),
        files=files,
        totals=totals_of(files, analyzer),
        score_scale=t.scale.label if t.scale else "",
        overall=t.overall.to_metrics(total, t.scale, granularity),
        stages=stages,
        touchpoints=touchpoints,
        channels=breakdown(t.channels),
        categories=breakdown(t.categories),
        unassigned=Unassigned(
            count=t.untagged,
            share=round(t.untagged / total, 4) if total else 0.0,
            samples=t.unassigned.items,
        ),
        themes=themes,
        seconds=round(analyzer.seconds, 2),
        embedded=embedded(),
    )

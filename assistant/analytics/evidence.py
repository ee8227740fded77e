"""The interview's EvidenceProvider, backed by the workspace's latest analysis.

One evidence item per touchpoint with negative records, most negative records first: the pain in
words ("送达时间：送餐慢、超时"), how many negative records show it, references to some of them (so
the pain point the interview adds has provenance `data`), and the touchpoint's negative share as a
KPI baseline for the plan ("送达时间差评占比 62.0 %"). Names are matched onto the map being built:
the analysis may have used the playbook's "骑手配送" while the user's map says "配送".
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.analytics.lexicon import load_lexicon
from assistant.analytics.result import AnalysisResult, IssueCount, TouchpointMetrics
from assistant.analytics.store import AnalysisStore
from assistant.domain import Lang
from assistant.interview.evidence import Evidence, EvidenceMetric
from assistant.playbooks import best_match
from assistant.text.script import to_lang_script, to_simplified

MAX_REFS = 20
ISSUES_IN_TEXT = 2


def _fold(text: str) -> str:
    return to_simplified(text).strip().casefold()


def matched_name(name: str, candidates: Sequence[str]) -> str | None:
    """The candidate that means `name`: the same after folding, or the closest by word overlap."""
    for candidate in candidates:
        if _fold(candidate) == _fold(name):
            return candidate
    for candidate in candidates:  # "配送" inside "骑手配送", or the other way round
        a, b = _fold(candidate), _fold(name)
        if len(a) >= 2 and len(b) >= 2 and (a in b or b in a):
            return candidate
    return best_match(name, list(candidates), lambda c: (c,))


def _issue(issue: IssueCount, lang: Lang) -> str:
    """The issue's label in `lang` (the analysis may have run in another language)."""
    try:
        return to_lang_script(load_lexicon().issue(issue.id).label(lang), lang)
    except StopIteration:
        return issue.label


def pain_text(touchpoint: TouchpointMetrics, name: str, lang: Lang) -> str:
    issues = [_issue(i, lang) for i in touchpoint.issues[:ISSUES_IN_TEXT]]
    if lang == "en":
        return f"{name}: {'; '.join(issues)}" if issues else f"Complaints about {name}"
    text = f"{name}：{'；'.join(issues)}" if issues else f"{name}差评"
    return to_lang_script(text, lang)


def baseline(result: AnalysisResult, touchpoint: TouchpointMetrics, name: str, lang: Lang) -> (
    EvidenceMetric | None
):  # fmt: skip
    if touchpoint.negative_share is None:
        return None
    files = ", ".join(f.name for f in result.files if f.analysed)
    day = result.created_at.date().isoformat()
    if lang == "en":
        metric_name = f"Negative share at {name}"
        source = f"{files}: {touchpoint.negative:,} of {touchpoint.volume:,} records, {day}"
    else:
        metric_name = to_lang_script(f"{name}差评占比", lang)
        source = to_lang_script(
            f"{files}：{touchpoint.volume:,} 条记录中 {touchpoint.negative:,} 条负面，{day}", lang
        )
    return EvidenceMetric(
        name=metric_name, value=round(touchpoint.negative_share * 100, 1), unit="%", source=source
    )


def evidence_from(
    result: AnalysisResult,
    stage_names: Sequence[str],
    touchpoint_names: Sequence[str],
    lang: Lang,
) -> list[Evidence]:
    found = []
    ranked = sorted(result.touchpoints, key=lambda t: (-t.negative, t.name))
    for touchpoint in ranked:
        if touchpoint.negative == 0 or not touchpoint.negative_refs:
            continue
        on_map = matched_name(touchpoint.name, touchpoint_names) if touchpoint_names else None
        stage = matched_name(touchpoint.stage, stage_names) if stage_names else None
        name = on_map or touchpoint.name
        found.append(
            Evidence(
                text=pain_text(touchpoint, name, lang),
                count=touchpoint.negative,
                refs=tuple(touchpoint.negative_refs[:MAX_REFS]),
                metric=baseline(result, touchpoint, name, lang),
                stage=stage,
                touchpoint=on_map,
                extra={
                    "analysed_touchpoint": touchpoint.name,
                    "volume": str(touchpoint.volume),
                    "negative_share": f"{touchpoint.negative_share or 0:.4f}",
                    "analysis": result.created_at.isoformat(),
                },
            )
        )
    return found


class AnalyticsEvidence:
    """EvidenceProvider over the stored analyses (assistant.interview.evidence)."""

    def __init__(self, store: AnalysisStore) -> None:
        self.store = store

    def pain_evidence(
        self,
        workspace_id: str,
        stage_names: Sequence[str],
        touchpoint_names: Sequence[str],
        lang: Lang,
    ) -> list[Evidence]:
        result = self.store.latest(workspace_id)
        if result is None:
            return []
        return evidence_from(result, stage_names, touchpoint_names, lang)

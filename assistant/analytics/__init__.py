"""Company journey data analytics: evidence per touchpoint from real customer feedback.

    cxcoach analyze reviews.csv --workspace W [--text-column C …] [--industry restaurant]
                    [--json out.json] [--svg chart.svg] [--html report.html]

Flow (one module each):
    selection   which touchpoints: the workspace's current map (latest version of its most
                recently updated map), else the industry playbook (given, the map's, or guessed)
    pipeline    files → batches → tags, sentiment, tallies; streamed through the ingestion
                readers (`open_table`), so a million rows never sit in memory; encodings.py
                re-reads files that mix encodings line by line
    tagger      lexicon.yaml topics (zh + en patterns, Traditional folded) linked to the
                touchpoints (linking.py), then an embedding fallback for untagged records
    sentiment   label > score (scale from values.py: NPS 0–10, CSAT 1–5, 0–100) > model (a
                character-gram logistic regression trained on waimai_10k's train split; English
                lexicon for text without Chinese)
    tallies     bounded accumulators and reservoir samples; themes.py clusters a sample of
                negative records (spherical k-means on centred embeddings + issue marks)
    assemble    → AnalysisResult (result.py), stored per workspace (store.py)
    evidence    the interview's EvidenceProvider and KPI baselines, from the stored result
    report      terminal table, and the HTML export's section (chart: exports/analytics_chart.py)
    evaluation, bench, synthetic, sentiment_training   measurement and reproducibility

The service (`Services.analytics`) is what the CLI calls and what the web app should call.
"""

from assistant.analytics.evidence import AnalyticsEvidence, evidence_from
from assistant.analytics.pipeline import AnalysisOptions, NoProgress, Progress
from assistant.analytics.result import AnalysisResult, TouchpointMetrics
from assistant.analytics.service import AnalyticsError, AnalyticsService

__all__ = [
    "AnalysisOptions",
    "AnalysisResult",
    "AnalyticsError",
    "AnalyticsEvidence",
    "AnalyticsService",
    "NoProgress",
    "Progress",
    "TouchpointMetrics",
    "evidence_from",
]

"""What an analysis produces: the JSON document (`--json PATH`), stored per workspace and read by
the interview's evidence provider, the terminal table, the chart and the HTML export."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

RESULT_VERSION = 1


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(ResultModel):
    text: str
    ref: str  # "reviews.csv#row=42"


class EncodingMix(ResultModel):
    """A file whose lines were in several encodings, each read in its own: said to the reader in
    their language from these figures."""

    primary: str  # the codec most lines are in
    others: dict[str, int] = Field(default_factory=dict)  # codec → lines
    replaced: int = 0  # lines no codec could read, shown with �


class FileReport(ResultModel):
    """One input file: how it was read and what became of its rows."""

    name: str
    format: str = ""
    encoding: str = ""
    mapping: dict[str, str] = Field(default_factory=dict)  # role → column
    header_note: str = ""  # how the columns were named when the file has no header row
    rows: int = 0  # data rows seen, empty ones included
    analysed: int = 0
    empty_text: int = 0
    duplicates: int = 0
    bad_scores: int = 0  # a score cell that is not a number or a star rating
    out_of_range_scores: int = 0
    bad_labels: int = 0
    bad_dates: int = 0
    error: str = ""  # the file could not be read (or stopped being readable), and why
    error_code: str = ""  # the reader's code for it (see ReadError), for a translated message
    error_params: dict[str, str] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)  # analyses stored before encoding_mix
    encoding_mix: EncodingMix | None = None
    examples: dict[str, list[str]] = Field(
        default_factory=dict, description="A few locators per problem, e.g. bad_scores: row 7"
    )


class Period(ResultModel):
    label: str  # "2024-03", "2024-W10", "2024-Q1"
    volume: int
    negative_share: float | None


class Trend(ResultModel):
    granularity: str  # week, month, quarter
    periods: list[Period]
    change_pp: float | None = Field(
        None, description="Negative share of the last period minus the first, percentage points"
    )
    last_change_pp: float | None = Field(
        None, description="Last period minus the one before it, percentage points"
    )


class IssueCount(ResultModel):
    id: str = ""  # "topic.issue" in the lexicon, e.g. "delivery_time.late"
    label: str  # in the analysis's language
    count: int


class GroupMetrics(ResultModel):
    """Volume, sentiment and scores of a group of records (a touchpoint, a stage, all)."""

    volume: int = 0
    share_of_records: float = 0.0
    positive: int = 0
    negative: int = 0
    neutral: int = 0
    unknown: int = 0
    negative_share: float | None = None  # negative / records whose sentiment is known
    scored: int = 0
    average_score: float | None = None
    nps: float | None = None  # 0–10 scales: % promoters (9–10) − % detractors (0–6)
    csat: float | None = None  # 1–5 scales: % of 4 and 5
    trend: Trend | None = None


class TouchpointMetrics(GroupMetrics):
    id: str
    name: str
    stage_id: str
    stage: str
    semantic: int = 0  # records tagged by the embedding fallback rather than the lexicon
    issues: list[IssueCount] = Field(default_factory=list)
    negative_refs: list[str] = Field(default_factory=list)  # references to negative records
    negative_quotes: list[Quote] = Field(default_factory=list)


class StageMetrics(GroupMetrics):
    id: str
    name: str


class BreakdownRow(GroupMetrics):
    value: str  # a channel or category value


class Theme(ResultModel):
    label: str
    terms: list[str]
    size: int  # negative records in the theme (estimated when the sample is smaller than all)
    sample_size: int  # of the clustered sample
    estimated: bool
    share: float  # of negative records
    touchpoint: str = ""  # the touchpoint most of its records are tagged with
    quotes: list[Quote]


class Unassigned(ResultModel):
    count: int
    share: float
    samples: list[Quote]


class TaxonomyInfo(ResultModel):
    source: str  # map or playbook
    title: str
    ref: str
    lang: str
    industry: str = ""
    how_chosen: str = ""
    guessed: bool = False  # a playbook chosen from what the records talk about


class Totals(ResultModel):
    files: int = 0
    failed_files: int = 0
    rows: int = 0
    analysed: int = 0
    empty_text: int = 0
    duplicates: int = 0
    duplicates_dropped: bool = True
    tagged: int = 0
    tagged_semantic: int = 0
    untagged: int = 0
    sentiment_from_label: int = 0
    sentiment_from_score: int = 0
    sentiment_from_model: int = 0
    bad_scores: int = 0
    bad_labels: int = 0
    bad_dates: int = 0


class AnalysisResult(ResultModel):
    version: int = RESULT_VERSION
    created_at: datetime
    workspace_id: str
    workspace: str
    lang: str
    taxonomy: TaxonomyInfo
    files: list[FileReport]
    totals: Totals
    score_scale: str = ""  # e.g. "0–10 (NPS)"; empty without a score column
    overall: GroupMetrics
    stages: list[StageMetrics]
    touchpoints: list[TouchpointMetrics]
    channels: list[BreakdownRow] = Field(default_factory=list)
    categories: list[BreakdownRow] = Field(default_factory=list)
    unassigned: Unassigned
    themes: list[Theme] = Field(default_factory=list)
    seconds: float = 0.0
    embedded: int = 0  # texts sent to the embedding model in this run (cache misses)

    def touchpoint_named(self, name: str) -> TouchpointMetrics | None:
        return next((t for t in self.touchpoints if t.name == name), None)

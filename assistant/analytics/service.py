"""AnalyticsService: what the CLI (and the web app) call to analyse a workspace's feedback files.

service.analyze([Path("reviews.csv")], "waimai")        → AnalysisResult (also stored)
service.latest("waimai")                                 → the stored one, or None
service.evidence                                          → EvidenceProvider for the interview
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.analytics.assemble import assemble
from assistant.analytics.evidence import AnalyticsEvidence
from assistant.analytics.lexicon import load_lexicon
from assistant.analytics.pipeline import EMBED_CHARS, AnalysisOptions, Analyzer, Progress
from assistant.analytics.result import AnalysisResult, FileReport
from assistant.analytics.selection import choose_taxonomy, peek_texts
from assistant.analytics.sentiment import load_sentiment
from assistant.analytics.store import AnalysisStore
from assistant.analytics.tagger import Tagger
from assistant.embeddings import CachedEmbedder, Embedder
from assistant.ingest.readers import Budget, InputLimits
from assistant.playbooks import INDUSTRIES
from assistant.storage import Database

THEME_EMBED_BATCH = 64  # texts embedded between two looks at the clock when clustering themes


class AnalyticsError(Exception):
    """The analysis cannot start (an unknown industry, no file given); the message says why."""


class _OutOfTime(Exception):
    """The job's time ran out while the themes were being clustered."""


class AnalyticsService:
    def __init__(
        self,
        db: Database,
        store_dir: Path,
        embedder: Callable[[], Embedder] | None = None,
        *,
        limits: InputLimits | None = None,
        job_timeout: float | None = None,
    ) -> None:
        """`embedder` builds the embedding model when first needed (semantic tagging and theme
        clustering); None analyses with the lexicon alone and names themes by issue. Files are
        read within `limits` (default: the settings' defaults), an analysis reads for at most
        `job_timeout` seconds (None: no limit)."""
        self.db = db
        self.limits = limits or InputLimits()
        self.job_timeout = job_timeout
        self.store = AnalysisStore(store_dir)
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None

    @property
    def evidence(self) -> AnalyticsEvidence:
        return AnalyticsEvidence(self.store)

    def embedder(self) -> Embedder | None:
        if self._embedder is None and self._embedder_factory is not None:
            self._embedder = self._embedder_factory()
        return self._embedder

    def analyze(
        self,
        paths: Sequence[Path],
        workspace: str,
        *,
        options: AnalysisOptions | None = None,
        industry: str | None = None,
        semantic: bool = True,
        progress: Progress | None = None,
        save: bool = True,
        refused: Sequence[FileReport] = (),
    ) -> AnalysisResult:
        """Analyse the files into the workspace (created if new) and store the result.
        `refused`: files of the same batch turned away before reading (an upload over the size
        limit), listed in the result with their reason. When the job's time runs out while
        reading, the file being read and those after it fail with that reason (counted in
        nothing); while clustering themes, the themes are named by issue instead."""
        if not paths:
            raise AnalyticsError("name at least one file to analyse")
        if industry is not None and industry not in INDUSTRIES:
            raise AnalyticsError(f"unknown industry {industry!r}; one of {', '.join(INDUSTRIES)}")
        options = options or AnalysisOptions()
        budget = Budget(self.job_timeout)
        record = self.db.workspaces.get_or_create(workspace)
        lexicon = load_lexicon()
        sample = peek_texts(paths, options.columns, self.limits) if industry is None else []
        choice = choose_taxonomy(
            self.db,
            record.id,
            industry=industry,
            lang=options.lang,
            sample=sample,
            lexicon=lexicon,
        )
        embedder = self.embedder() if semantic else None
        misses_before = embedder.misses if isinstance(embedder, CachedEmbedder) else 0
        tagger = Tagger(choice.taxonomy, lexicon, embedder)
        analyzer = Analyzer(tagger, load_sentiment(), options, progress, self.limits, budget)
        analyzer.run([Path(p) for p in paths])
        analyzer.files.extend(refused)

        def embed(texts: list[str]) -> npt.NDArray[np.float32]:
            assert embedder is not None
            parts = [np.zeros((0, embedder.dim), dtype=np.float32)]
            for start in range(0, len(texts), THEME_EMBED_BATCH):
                if budget.expired:
                    raise _OutOfTime
                batch = texts[start : start + THEME_EMBED_BATCH]
                parts.append(embedder.embed_passages([t[:EMBED_CHARS] for t in batch]))
            return np.concatenate(parts)

        def embedded() -> int:
            if isinstance(embedder, CachedEmbedder):
                return embedder.misses - misses_before
            return 0

        def result_with(
            themes_embed: Callable[[list[str]], npt.NDArray[np.float32]] | None,
        ) -> AnalysisResult:
            return assemble(
                analyzer,
                workspace_id=record.id,
                workspace=record.name,
                how_chosen=choice.how,
                guessed=choice.guessed,
                embed=themes_embed,
                embedded=embedded,
            )

        try:
            result = result_with(embed if embedder is not None else None)
        except _OutOfTime:  # every row is counted: the themes are named by issue, as without
            result = result_with(None)  # an embedder, rather than the analysis lost
        if save and result.totals.analysed:
            self.store.save(result)
        return result

    def latest(self, workspace: str) -> AnalysisResult | None:
        """The stored analysis of a workspace, by name or id."""
        known = {w.name: w.id for w in self.db.workspaces.list()}
        workspace_id = known.get(workspace, workspace)
        return self.store.latest(workspace_id)

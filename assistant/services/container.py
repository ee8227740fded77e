"""The services of one running cxcoach, built from settings.

Each outside system is built, and its module imported, on first use: `cxcoach schema` never opens
a database, `cxcoach ask` never imports the interview, ingestion or the database (it starts in
about a second), and the web app starts fast. Tests build a container with their own settings (fake LLM, temp dir,
memory index, hash embedder).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.analytics.service import AnalyticsService
    from assistant.ask import AskService
    from assistant.embeddings import Embedder
    from assistant.ingest import IngestService
    from assistant.interview.service import InterviewService
    from assistant.llm import ChatProvider
    from assistant.practice.service import PracticeService
    from assistant.retrieval import KnowledgeIndex
    from assistant.services.evidence import EvidenceService
    from assistant.services.sessions import SessionService
    from assistant.services.turns import TurnService
    from assistant.storage import Database


class Services:
    def __init__(
        self,
        settings: Settings,
        *,
        llm: ChatProvider | None = None,
        index: KnowledgeIndex | None = None,
    ) -> None:
        self.settings = settings
        settings.prepare_dirs()
        if llm is not None:  # a provider handed in (tests, demos) wins over the settings
            self.__dict__["llm"] = llm
        if index is not None:  # an index built once and shared (tests build the corpus once)
            self.__dict__["index"] = index

    @cached_property
    def db(self) -> Database:
        from assistant.storage import Database

        return Database(self.settings.effective_database_url)

    @cached_property
    def llm(self) -> ChatProvider | None:
        from assistant.llm import build_provider

        return build_provider(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        from assistant.embeddings import build_embedder

        return build_embedder(self.settings)

    @cached_property
    def index(self) -> KnowledgeIndex:
        from assistant.retrieval import build_index

        return build_index(self.settings, self.embedder)

    @cached_property
    def ask(self) -> AskService:
        from assistant.ask import AskService

        return AskService(self.index, self.llm)

    @cached_property
    def ingest(self) -> IngestService:
        from assistant.ingest import IngestService
        from assistant.ingest.readers import InputLimits

        return IngestService(
            self.db,
            self.index,
            max_bytes=self.settings.max_upload_mb << 20,
            limits=InputLimits.from_settings(self.settings),
            job_timeout=self.settings.job_timeout,
        )

    @cached_property
    def interview(self) -> InterviewService:
        from assistant.interview.service import InterviewService

        return InterviewService(
            self.db,
            self.index,
            self.llm,
            self.settings.checkpoint_target,
            evidence=self.analytics.evidence,  # the workspace's analysed feedback
            default_lang=self.settings.ui_lang,
            llm_timeout=self.settings.llm_timeout,
            # The lexical hash embedder matches words, not meanings: no use for telling acts.
            embedder=None if self.settings.embedding_backend == "hash" else self.index.embedder,
        )

    @cached_property
    def sessions(self) -> SessionService:
        """Interview sessions: start, list, duplicate, delete (with the checkpoint), finish."""
        from assistant.services.sessions import SessionService

        return SessionService(self.db, self.interview)

    @cached_property
    def turns(self) -> TurnService:
        """Interview turns stored when accepted and run once, whichever process runs them."""
        from assistant.services.turns import TurnService

        return TurnService(self.db, self.interview)

    @cached_property
    def practice(self) -> PracticeService:
        """The practice tutor: scenarios, role-play, quizzes, mapping exercises and progress."""
        from assistant.practice.service import PracticeService

        voice = None
        if self.llm is not None:  # the customer speaks in character; scoring stays offline
            from assistant.practice.voice import LLMVoice

            voice = LLMVoice(self.llm, self.settings.llm_timeout)
        return PracticeService(self.db, voice=voice)

    @cached_property
    def evidence(self) -> EvidenceService:
        """Quotes behind data-backed elements, and the records list of a workspace."""
        from assistant.services.evidence import EvidenceService

        return EvidenceService(self.db, self.index, lambda ws: self.analytics.store.latest(ws))

    def close(self) -> None:
        """Release what was opened: the interview's checkpoint file and the database pool."""
        if "interview" in self.__dict__:
            self.interview.close()
        if "db" in self.__dict__:
            self.db.dispose()

    @cached_property
    def analytics(self) -> AnalyticsService:
        """Feedback analytics; its `.evidence` is the interview's EvidenceProvider. The embedding
        model is built only when an analysis first needs it."""
        from assistant.analytics.service import AnalyticsService
        from assistant.ingest.readers import InputLimits

        folder = self.settings.data_dir / "analytics"
        return AnalyticsService(
            self.db,
            folder,
            lambda: self.embedder,
            limits=InputLimits.from_settings(self.settings),
            job_timeout=self.settings.job_timeout,
        )

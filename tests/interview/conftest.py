"""Interview fixtures: one memory index for the whole run (built once, ~5 s), and services on a
temp SQLite database and checkpoint file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.interview.evidence import EvidenceProvider
from assistant.interview.service import InterviewService
from assistant.llm import ChatProvider
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore
from assistant.storage import Database

MakeService = Callable[..., InterviewService]


@pytest.fixture(scope="session")
def retriever() -> KnowledgeIndex:
    index = KnowledgeIndex(MemoryStore(), HashEmbedder())
    index.ensure_methodology()
    return index


@pytest.fixture
def make_service(tmp_path: Path, retriever: KnowledgeIndex) -> Iterator[MakeService]:
    made: list[tuple[InterviewService, Database]] = []

    def make(
        llm: ChatProvider | None = None,
        evidence: EvidenceProvider | None = None,
        data_dir: Path | None = None,
        retriever_override: object = None,
    ) -> InterviewService:
        folder = data_dir or tmp_path / "data"
        db = Database(f"sqlite:///{folder / 'cxcoach.db'}")
        service = InterviewService(
            db,
            retriever_override or retriever,  # type: ignore[arg-type]
            llm,
            folder / "checkpoints.sqlite",
            evidence,
        )
        made.append((service, db))
        return service

    yield make
    for service, db in made:
        service.close()
        db.dispose()


@pytest.fixture
def service(make_service: MakeService) -> InterviewService:
    return make_service()

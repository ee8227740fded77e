from __future__ import annotations

from pathlib import Path

from assistant.embeddings.hash_backend import HashEmbedder
from assistant.retrieval import KnowledgeIndex
from assistant.retrieval.memory_store import MemoryStore
from assistant.services.container import Services
from assistant.services.sessions import duplicate_session, list_sessions
from assistant.services.sources import delete_source
from assistant.settings import Settings


def services_for(settings: Settings) -> Services:
    return Services(settings, index=KnowledgeIndex(MemoryStore(), HashEmbedder()))


def test_duplicate_copies_the_conversation_and_the_map(settings: Settings) -> None:
    services = services_for(settings)
    interview = services.interview
    first = interview.start("acme", lang="en")
    interview.reply(
        first.session_id, "We run food delivery and want fewer late-delivery complaints."
    )
    copy = duplicate_session(services.db, interview, first.session_id)
    resumed = interview.current(copy.id)
    assert resumed.session_id == copy.id and resumed.step == "personas"
    assert services.db.maps.for_session(copy.id)
    interview.reply(copy.id, "Office worker: orders lunch at the desk")
    assert interview.current(first.session_id).step == "personas"
    summaries = list_sessions(services.db)
    assert {s.session.id for s in summaries} == {first.session_id, copy.id}
    assert all(s.workspace.name == "acme" and s.map is not None for s in summaries)
    services.close()


def test_delete_source_keeps_records_another_source_shares(
    settings: Settings, tmp_path: Path
) -> None:
    services = services_for(settings)
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# 规范\n\n排队超过二十分钟要致歉。\n", encoding="utf-8")
    b.write_text("# 其他\n\n外卖超时要补偿。\n", encoding="utf-8")
    services.ingest.ingest([a, b], "acme")
    workspace = services.db.workspaces.get_or_create("acme").id
    count = services.index.count(workspace)
    first = next(s for s in services.db.sources.list(workspace) if s.filename == "a.md")
    delete_source(services.db, services.index, first.id)
    assert [s.filename for s in services.db.sources.list(workspace)] == ["b.md"]
    assert 0 < services.index.count(workspace) < count
    services.close()

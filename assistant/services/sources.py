"""Company-data sources of a workspace: removing one takes its records out of the index too."""

from __future__ import annotations

from assistant.retrieval import KnowledgeIndex
from assistant.storage import Database, SourceRecord


def delete_source(db: Database, index: KnowledgeIndex, source_id: str) -> SourceRecord:
    """Delete the source and its indexed records; NotFound if there is no such source.

    The index keys records by content hash, and a file with the same content under another
    name is not indexed twice, so the records stay while another source still stands on them.
    The index goes first: should it fail, the source is still listed and can be deleted again.
    """
    record = db.sources.get(source_id)
    sharing = [
        s
        for s in db.sources.list(record.workspace_id)
        if s.id != record.id and s.content_hash == record.content_hash and s.status == "ok"
    ]
    if record.status == "ok" and not sharing:
        index.delete_source(record.workspace_id, record.content_hash)
    db.sources.delete(source_id)
    return record

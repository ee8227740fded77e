"""The shipped methodology corpus (knowledge/*.md with front matter) as retrievable chunks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import knowledge
from assistant.retrieval.model import Chunk, DocKind
from assistant.text.chunking import chunk_markdown
from assistant.text.yaml_text import YAMLError, load_yaml

FOLDERS = ("methodology", "guides", "playbooks")
REQUIRED = ("id", "title", "lang", "kind")
# Sections that help find a document and are never quoted from it: the questions people ask.
RETRIEVAL_AIDS = ("常见问法", "How people ask")


class CorpusError(ValueError):
    """A knowledge document is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class KnowledgeDoc:
    id: str
    title: str
    lang: str
    kind: DocKind
    path: str  # e.g. knowledge/guides/guide-long-queue-zh.md
    body: str
    meta: dict[str, Any]

    def values(self, key: str) -> tuple[str, ...]:
        raw = self.meta.get(key) or []
        return tuple(str(v) for v in (raw if isinstance(raw, list) else [raw]))


def parse_document(text: str, path: str) -> KnowledgeDoc:
    if not text.startswith("---"):
        raise CorpusError(f"{path}: no front matter (the file must start with ---)")
    try:
        _, front, body = text.split("---", 2)
        meta = load_yaml(front) or {}
    except (ValueError, YAMLError) as exc:
        raise CorpusError(f"{path}: unreadable front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: front matter must be a mapping")
    missing = [k for k in REQUIRED if not meta.get(k)]
    if missing:
        raise CorpusError(f"{path}: front matter lacks {', '.join(missing)}")
    if meta["kind"] not in ("concept", "guide", "playbook"):
        raise CorpusError(f"{path}: kind must be concept, guide or playbook, not {meta['kind']!r}")
    return KnowledgeDoc(
        id=str(meta["id"]),
        title=str(meta["title"]),
        lang=str(meta["lang"]),
        kind=cast(DocKind, meta["kind"]),
        path=path,
        body=body.strip(),
        meta=meta,
    )


def iter_documents() -> Iterator[KnowledgeDoc]:
    root = knowledge.root()
    for folder in FOLDERS:
        entries = sorted(
            (e for e in root.joinpath(folder).iterdir() if e.name.endswith(".md")),
            key=lambda e: e.name,
        )
        for entry in entries:
            yield parse_document(
                entry.read_text(encoding="utf-8"), f"knowledge/{folder}/{entry.name}"
            )


def load_documents() -> list[KnowledgeDoc]:
    return list(_documents())


@cache
def _documents() -> tuple[KnowledgeDoc, ...]:
    """Read once per process: the shipped corpus does not change while cxcoach runs."""
    docs = tuple(iter_documents())
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.id in seen:
            raise CorpusError(f"{doc.path}: id {doc.id!r} already used by {seen[doc.id]}")
        seen[doc.id] = doc.path
    return docs


def corpus_hash(docs: list[KnowledgeDoc]) -> str:
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(doc.path.encode())
        digest.update(doc.body.encode())
        digest.update(repr(sorted(doc.meta.items())).encode())
    return digest.hexdigest()[:16]


def document_chunks(doc: KnowledgeDoc) -> list[Chunk]:
    return [
        Chunk(
            id=f"{doc.id}#{piece.index}",
            text=piece.text,
            doc_id=doc.id,
            title=doc.title,
            source=doc.path,
            section=piece.heading,
            kind="methodology",
            doc_kind=doc.kind,
            lang=doc.lang,
            stages=doc.values("stage"),
            categories=doc.values("touchpoint_category"),
            industries=doc.values("industry"),
            extra={"tags": " ".join(doc.values("tags"))},
        )
        for piece in chunk_markdown(doc.body)
    ]


def methodology_chunks(docs: list[KnowledgeDoc] | None = None) -> list[Chunk]:
    return [
        chunk
        for doc in (docs if docs is not None else load_documents())
        for chunk in document_chunks(doc)
    ]


def index_text(chunk: Chunk) -> str:
    """What is embedded and tokenised. Methodology passages carry their title, section and tags
    for context; company records are embedded as they are (a file name and row number say
    nothing about the text, and identical records then share one cached vector)."""
    if chunk.kind == "company":
        return chunk.text
    head = " · ".join(p for p in (chunk.title, chunk.section) if p)
    tags = chunk.extra.get("tags", "")
    return f"{head}\n{chunk.text}\n{tags}".strip() if head or tags else chunk.text

"""Hybrid retrieval (BM25 over jieba tokens + vectors, fused by rank) over methodology and company data."""

from assistant.retrieval.factory import build_index, build_store
from assistant.retrieval.index import KnowledgeIndex, Retriever
from assistant.retrieval.model import Chunk, Hit, Kind, Method, SearchFilters

__all__ = [
    "Chunk",
    "Hit",
    "Kind",
    "KnowledgeIndex",
    "Method",
    "Retriever",
    "SearchFilters",
    "build_index",
    "build_store",
]

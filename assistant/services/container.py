"""The services of one running cxcoach, built from settings.

Each outside system is built lazily on first use, so `cxcoach schema` never opens a database and
the web app starts fast. Tests build a container with their own settings (fake LLM, temp dir).
"""

from __future__ import annotations

from functools import cached_property

from assistant.llm import ChatProvider, build_provider
from assistant.settings import Settings
from assistant.storage import Database


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.prepare_dirs()

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.effective_database_url)

    @cached_property
    def llm(self) -> ChatProvider | None:
        return build_provider(self.settings)

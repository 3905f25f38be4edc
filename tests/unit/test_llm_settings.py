"""LLM settings (contract 6.1): the providers' defaults, and start-up refusing an incomplete remote one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch):
    for name in (
        "LLM_PROVIDER",
        "LLM_BASE_URL",
        "LLM_API_KEY",
        "GROQ_API_KEY",
        "LLM_MODEL",
        "LLM_FAST_MODEL",
    ):
        monkeypatch.delenv(name, raising=False)


def test_the_local_composer_is_the_default_and_needs_nothing():
    settings = make()
    assert settings.llm_provider == "local"
    assert (settings.llm_timeout_s, settings.llm_max_retries) == (25.0, 2)
    assert settings.llm_api_key is None


def test_groq_without_a_key_refuses_to_start():
    with pytest.raises(ValidationError, match=r"LLM_PROVIDER=groq needs LLM_API_KEY \(or GROQ_API_KEY\)"):
        make(llm_provider="groq")
    with pytest.raises(ValidationError, match="LLM_API_KEY"):
        make(llm_provider="groq", llm_api_key="  ")  # `LLM_API_KEY=` with blanks is unset


def test_groq_gets_its_default_models():
    settings = make(llm_provider="groq", llm_api_key="gsk-1")
    assert (settings.llm_model, settings.llm_fast_model) == (
        "llama-3.3-70b-versatile",
        "llama-3.1-8b-instant",
    )
    chosen = make(llm_provider="groq", llm_api_key="gsk-1", llm_model="a", llm_fast_model="b")
    assert (chosen.llm_model, chosen.llm_fast_model) == ("a", "b")


def test_groq_reads_groq_api_key_when_llm_api_key_is_unset(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LLM_PROVIDER", "groq")
    monkeypatch.setenv("GROQ_API_KEY", "gsk-from-groq")
    assert Settings(_env_file=None).llm_api_key == "gsk-from-groq"  # type: ignore[call-arg]
    monkeypatch.setenv("LLM_API_KEY", "gsk-from-llm")
    assert Settings(_env_file=None).llm_api_key == "gsk-from-llm"  # type: ignore[call-arg]


def test_groq_api_key_never_goes_to_an_openai_compatible_server():
    settings = make(
        llm_provider="openai_compatible", llm_base_url="http://localhost:11434/v1", llm_model="llama3.2",
        groq_api_key="gsk-secret",
    )  # fmt: skip
    assert settings.llm_api_key is None


def test_openai_compatible_needs_a_base_url_and_a_model():
    with pytest.raises(ValidationError, match="openai_compatible needs LLM_BASE_URL"):
        make(llm_provider="openai_compatible", llm_model="llama3.2")
    with pytest.raises(ValidationError, match="openai_compatible needs LLM_MODEL"):
        make(llm_provider="openai_compatible", llm_base_url="http://localhost:11434/v1", llm_model="")


def test_openai_compatible_fast_model_defaults_to_the_model():
    settings = make(
        llm_provider="openai_compatible", llm_base_url="http://localhost:8000/v1", llm_model="qwen"
    )
    assert (settings.llm_model, settings.llm_fast_model, settings.llm_api_key) == ("qwen", "qwen", None)


@pytest.mark.parametrize("url", ["localhost:11434/v1", "ftp://models.internal/v1", "http://"])
def test_a_base_url_that_is_not_http_is_refused(url: str):
    with pytest.raises(ValidationError, match="LLM_BASE_URL must be an http"):
        make(llm_provider="openai_compatible", llm_base_url=url, llm_model="m")


@pytest.mark.parametrize(
    ("field", "value"), [("llm_timeout_s", 0), ("llm_max_retries", -1), ("llm_provider", "openai")]
)
def test_out_of_range_llm_settings_are_refused(field: str, value: object):
    with pytest.raises(ValidationError):
        make(**{field: value})

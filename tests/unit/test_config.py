"""Settings parsing and the production guard."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import DEFAULT_JWT_SECRET, Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_production_refuses_the_default_jwt_secret():
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        make(environment="production")
    assert (
        make(environment="production", jwt_secret="a-real-secret-0123456789").jwt_secret != DEFAULT_JWT_SECRET
    )


def test_development_runs_on_embedded_defaults():
    settings = make()
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.bcrypt_rounds == 12
    assert settings.rate_limit_auth == "10/minute"


def test_lists_come_from_comma_separated_environment_values(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.1")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert len(settings.trusted_proxy_networks) == 2


def test_a_malformed_trusted_proxy_is_refused():
    with pytest.raises(ValidationError):
        make(trusted_proxies=["not-an-ip"])

"""Settings parsing, the embedded defaults and the production guards."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.config import PROJECT_ROOT, Settings
from app.infrastructure.secret_file import load_or_create_secret


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_production_refuses_to_start_without_a_jwt_secret():
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        make(environment="production")
    assert make(environment="production", jwt_secret="s" * 32).jwt_secret == "s" * 32


@pytest.mark.parametrize("secret", ["short", "x" * 31, "é" * 15])
def test_a_jwt_secret_shorter_than_32_bytes_is_refused(secret: str):
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        make(jwt_secret=secret)


def test_development_runs_on_embedded_defaults_under_the_project_root(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir("/")
    settings = make()
    assert settings.jwt_secret is None
    assert settings.data_dir == PROJECT_ROOT / "var"
    assert settings.database_url == f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'jobwise.db'}"
    assert Settings.model_config["env_file"] == PROJECT_ROOT / ".env"
    assert settings.bcrypt_rounds == 12
    assert settings.rate_limit_auth == "10/minute"


def test_the_data_directory_moves_the_default_database(tmp_path: Path):
    assert make(data_dir=tmp_path).database_url == f"sqlite+aiosqlite:///{tmp_path / 'jobwise.db'}"
    assert make(data_dir=tmp_path, database_url="sqlite+aiosqlite:///x.db").database_url.endswith("x.db")


def test_the_generated_secret_is_owner_only_and_reused(tmp_path: Path):
    path = tmp_path / "data" / "jwt-secret"
    first = load_or_create_secret(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first
    assert load_or_create_secret(tmp_path / "elsewhere") != first


def test_a_secret_file_readable_by_others_is_made_owner_only(tmp_path: Path):
    path = tmp_path / "jwt-secret"
    path.write_text("an-existing-secret-of-enough-length-0123456789\n")
    os.chmod(path, 0o644)
    assert load_or_create_secret(path) == "an-existing-secret-of-enough-length-0123456789"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_lists_come_from_comma_separated_environment_values(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.1")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert len(settings.trusted_proxy_networks) == 2


def test_a_malformed_trusted_proxy_is_refused():
    with pytest.raises(ValidationError):
        make(trusted_proxies=["not-an-ip"])

"""Application settings, read from the environment (and `.env`) by pydantic-settings."""

from __future__ import annotations

from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me"  # noqa: S105 - refused in production

CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """Every setting of the service; field names are the environment variable names in lower case."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    app_version: str = "1.0.0"
    log_level: str = "INFO"

    database_url: str = "sqlite+aiosqlite:///./var/jobwise.db"
    database_echo: bool = False
    database_pool_size: int = Field(default=10, ge=1, le=200)

    jwt_secret: str = DEFAULT_JWT_SECRET
    jwt_access_ttl_s: int = Field(default=3600, ge=1)
    jwt_refresh_ttl_s: int = Field(default=7 * 24 * 3600, ge=1)
    jwt_refresh_reuse_grace_s: int = Field(default=10, ge=0)

    bcrypt_rounds: int = Field(default=12, ge=4, le=31)
    password_reset_ttl_s: int = Field(default=3600, ge=60)
    password_reset_url: str | None = None

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "JobWise <no-reply@jobwise.local>"
    smtp_starttls: bool = True
    smtp_timeout_s: float = Field(default=10.0, gt=0)

    rate_limit_enabled: bool = True
    rate_limit_auth: str = "10/minute"
    trusted_proxies: CommaList = Field(default_factory=list)

    cors_origins: CommaList = Field(default_factory=list)
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    # The largest JSON Resume document POST /profiles/import/json-resume takes (413 above).
    json_resume_max_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Items per profile list (experiences, education, projects, certifications, technical and soft
    # skills, languages) and ids per bulk DELETE: 422 too_many_items above. At most 1000, the maxItems
    # the request schemas declare (SECTION_ITEMS_CEILING in app/domain/entities/profile.py).
    profile_max_items_per_section: int = Field(default=100, ge=1, le=1000)

    sample_max_file_bytes: int = Field(default=1024 * 1024, ge=1024)
    rate_limit_sample_uploads_per_day: int = Field(default=10, ge=1)

    # Jobs: the browse feed file (empty = the bundled data/mock_jobs.json) and URL intake limits.
    job_feed_path: Path | None = None
    job_url_allow_private: bool = False  # only for local development and tests against loopback servers
    job_url_connect_timeout_s: float = Field(default=5.0, gt=0)
    job_url_timeout_s: float = Field(default=15.0, gt=0)
    job_url_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1)
    job_url_max_redirects: int = Field(default=5, ge=0, le=20)

    @field_validator("trusted_proxies", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ip_network(entry, strict=False)  # raises ValueError on a bad entry
        return value

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.jwt_secret == DEFAULT_JWT_SECRET:
            raise ValueError("JWT_SECRET must be set to a private value when ENVIRONMENT=production")
        return self

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(entry, strict=False) for entry in self.trusted_proxies)

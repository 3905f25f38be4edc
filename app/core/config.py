"""Application settings, read from the environment (and `.env`) by pydantic-settings."""

from __future__ import annotations

from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# `.env` and the data directory belong to the checkout, wherever the server is started from.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
JWT_SECRET_MIN_BYTES = 32
GROQ_DEFAULT_MODEL = "llama-3.3-70b-versatile"  # letters and enhancement
GROQ_DEFAULT_FAST_MODEL = "llama-3.1-8b-instant"  # rationales and style
SIGV4_MAX_EXPIRES_S = 7 * 24 * 3600
S3_DEFAULT_REGION = "us-east-1"

CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """Every setting of the service; field names are the environment variable names in lower case."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    app_version: str = "1.0.0"
    log_level: str = "INFO"

    # Where the embedded defaults keep their files: the SQLite database and the generated JWT secret.
    data_dir: Annotated[Path, BeforeValidator(lambda value: value or PROJECT_ROOT / "var")] = (
        PROJECT_ROOT / "var"
    )
    database_url: str = ""  # empty: a SQLite file `jobwise.db` in data_dir
    database_echo: bool = False
    # Connections per worker process (one event loop; sizing in docs/settings.md).
    database_pool_size: int = Field(default=20, ge=1, le=200)
    # PostgreSQL only: connections opened beyond the pool under a burst; connection age at which it is
    # replaced (no round trip per checkout: a closed connection is replaced for free, and a prepared
    # read on a connection dropped meanwhile is retried once); statements kept prepared per connection.
    database_max_overflow: int = Field(default=0, ge=0, le=200)
    database_pool_recycle_s: int = Field(default=1800, ge=-1)
    database_statement_cache_size: int = Field(default=500, ge=0)

    # Unset: a random secret generated on first start and kept in data_dir (refused in production).
    jwt_secret: str | None = None
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
    # Per user on change-password (each guess of the current password costs a bcrypt hash) and per client
    # address on check-email (harvesting of registered emails).
    rate_limit_change_password: str = "5/minute"  # noqa: S105 - a rate, not a password
    rate_limit_check_email: str = "30/minute"
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
    # Cover letters per user and UTC day (429 quota_exceeded above; failed ones are not counted).
    rate_limit_cover_letters_per_day: int = Field(default=25, ge=1)
    # Exports per user in any hour (a batch counts its members) and bytes of unexpired exports per user.
    rate_limit_exports_per_hour: int = Field(default=50, ge=1)
    rate_limit_storage_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    # PDF rendering: worker processes (WeasyPrint holds the GIL; in its own processes the server stays
    # responsive), and whether start-up renders a first document in each (the first export is not slow).
    render_workers: int = Field(default=1, ge=1, le=32)
    render_warm_up: bool = True

    # Jobs: the browse feed file (empty = the bundled data/mock_jobs.json) and URL intake limits.
    job_feed_path: Path | None = None
    job_url_allow_private: bool = False  # only for local development and tests against loopback servers
    job_url_connect_timeout_s: float = Field(default=5.0, gt=0)
    job_url_timeout_s: float = Field(default=15.0, gt=0)
    job_url_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1)
    job_url_max_redirects: int = Field(default=5, ge=0, le=20)

    # Text generation (contract 6.1). local: the deterministic composer, no model and no network.
    llm_provider: Literal["local", "groq", "openai_compatible"] = "local"
    llm_base_url: str | None = None  # openai_compatible: required (e.g. http://localhost:11434/v1)
    llm_api_key: str | None = None  # groq: required (or GROQ_API_KEY); openai_compatible: optional
    groq_api_key: str | None = None  # read for groq only, so it never reaches another server
    llm_model: str | None = None  # groq default: GROQ_DEFAULT_MODEL; openai_compatible: required
    llm_fast_model: str | None = None  # groq default: GROQ_DEFAULT_FAST_MODEL; else LLM_MODEL
    llm_timeout_s: float = Field(default=25.0, gt=0, le=600)  # the whole call, retries included
    llm_max_retries: int = Field(default=2, ge=0, le=10)

    # Export files (contract 7.2): local disk (default) or an S3 bucket; credentials come from boto3's
    # standard chain (AWS_ACCESS_KEY_ID..., profiles, instance roles), never from these settings.
    storage_backend: Literal["local", "s3"] = "local"
    # local: empty = DATA_DIR/exports (read storage_root, which fills that default in)
    storage_dir: Annotated[Path | None, BeforeValidator(lambda value: value or None)] = None
    # Lifetime of signed and presigned download links; SigV4 presigned URLs cannot outlive 7 days.
    storage_url_ttl_s: int = Field(default=3600, ge=1, le=SIGV4_MAX_EXPIRES_S)
    storage_retention_days: int = Field(default=30, ge=1)
    s3_bucket: str | None = None  # s3: required
    s3_endpoint_url: str | None = None  # S3-compatible servers (MinIO, moto); empty = AWS
    s3_region: Annotated[str, BeforeValidator(lambda value: value or S3_DEFAULT_REGION)] = S3_DEFAULT_REGION
    public_base_url: str | None = None  # the base of absolute download URLs; empty = the request's

    # Prometheus metrics at /metrics (off: the route answers 404 and no middleware is installed); a
    # token, when set, must come as `Authorization: Bearer <token>`.
    metrics_enabled: bool = False
    metrics_token: str | None = None

    # Scale-out: a Redis shared by every instance (rate limits, the job queue); empty = all in-process.
    redis_url: str = ""
    # Prefixes every key and the queue name, so deployments (and test runs) can share one Redis.
    redis_key_prefix: str = Field(
        default="jobwise", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$"
    )
    # The job queue's worker (`python -m app.worker`, with REDIS_URL): the time one try of a job may take,
    # tries per job (failures that may pass are retried), and the delay before the second try (doubled
    # for each later one).
    worker_job_timeout_s: float = Field(default=120.0, gt=0, le=3600)
    worker_max_tries: int = Field(default=3, ge=1, le=20)
    worker_retry_delay_s: float = Field(default=5.0, ge=0, le=300)

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

    @field_validator(
        "llm_base_url",
        "llm_api_key",
        "groq_api_key",
        "llm_model",
        "llm_fast_model",
        "s3_bucket",
        "s3_endpoint_url",
        "public_base_url",
        "metrics_token",
    )
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return (value.strip() or None) if value is not None else None  # `LLM_MODEL=` in .env means unset

    @field_validator("jwt_secret")
    @classmethod
    def _check_secret_length(cls, value: str | None) -> str | None:
        if not value:  # `JWT_SECRET=` in a .env file means unset
            return None
        if len(value.encode()) < JWT_SECRET_MIN_BYTES:
            raise ValueError(f"JWT_SECRET must be at least {JWT_SECRET_MIN_BYTES} bytes")
        return value

    @model_validator(mode="after")
    def _complete_defaults(self) -> Settings:
        if self.environment == "production" and self.jwt_secret is None:
            raise ValueError("JWT_SECRET must be set when ENVIRONMENT=production (every instance shares it)")
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'jobwise.db'}"
        self._complete_llm_settings()
        self._check_storage_settings()
        _require_redis_url(self.redis_url)
        return self

    def _complete_llm_settings(self) -> None:
        """Fill the remote provider's defaults; refuse one that lacks what it needs to answer."""
        if self.llm_provider == "groq":
            self.llm_api_key = self.llm_api_key or self.groq_api_key
            if not self.llm_api_key:
                raise ValueError("LLM_PROVIDER=groq needs LLM_API_KEY (or GROQ_API_KEY)")
            self.llm_model = self.llm_model or GROQ_DEFAULT_MODEL
            self.llm_fast_model = self.llm_fast_model or GROQ_DEFAULT_FAST_MODEL
        elif self.llm_provider == "openai_compatible":
            if not self.llm_base_url:
                raise ValueError(
                    "LLM_PROVIDER=openai_compatible needs LLM_BASE_URL (e.g. http://localhost:11434/v1)"
                )
            if not self.llm_model:
                raise ValueError("LLM_PROVIDER=openai_compatible needs LLM_MODEL (a model the server serves)")
            self.llm_fast_model = self.llm_fast_model or self.llm_model
        _require_http_url("LLM_BASE_URL", self.llm_base_url)

    def _check_storage_settings(self) -> None:
        """Refuse an S3 backend without its bucket, and URLs that are not http(s)."""
        if self.storage_backend == "s3" and not self.s3_bucket:
            raise ValueError("STORAGE_BACKEND=s3 needs S3_BUCKET (a private bucket)")
        _require_http_url("S3_ENDPOINT_URL", self.s3_endpoint_url)
        _require_http_url("PUBLIC_BASE_URL", self.public_base_url)
        if self.public_base_url:
            self.public_base_url = self.public_base_url.rstrip("/")  # download paths are appended to it

    @property
    def jwt_secret_file(self) -> Path:
        """Where the generated secret is kept when JWT_SECRET is unset."""
        return self.data_dir / "jwt-secret"

    @property
    def storage_root(self) -> Path:
        """Where the local backend keeps export files: STORAGE_DIR, else DATA_DIR/exports."""
        return self.storage_dir or self.data_dir / "exports"

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(entry, strict=False) for entry in self.trusted_proxies)


def _require_http_url(name: str, value: str | None) -> None:
    if value is None:
        return
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"{name} must be an http:// or https:// URL")


def _require_redis_url(value: str) -> None:
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ValueError(
            "REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://localhost:6379/0), or empty"
        )

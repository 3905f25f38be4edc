"""The composition root: the long-lived clients, built once in the lifespan, and the services on them.

The only module that knows every layer: it picks the adapters (infrastructure) for the ports the use
cases (application) and the domain declare. The HTTP layer sees it as a `ServiceProvider`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from redis.asyncio import Redis

from app.application.dtos.auth_dto import AuthPolicy
from app.application.dtos.export_dto import ExportPolicy
from app.application.services.auth_service import AuthService
from app.application.services.batch_export import BatchExporter
from app.application.services.document_writer import DocumentWriter
from app.application.services.enhancement_service import EnhancementService
from app.application.services.export_files_service import ExportFilesService
from app.application.services.export_service import ExportService
from app.application.services.generation_service import GenerationService
from app.application.services.job_service import JobService
from app.application.services.llm_calls import LlmCalls
from app.application.services.maintenance_service import MaintenanceService
from app.application.services.profile_item_service import ProfileItemService
from app.application.services.profile_service import ProfileService
from app.application.services.profile_skill_service import ProfileSkillService
from app.application.services.ranking_service import RankingService
from app.application.services.sample_service import SampleService
from app.application.services.usage_quota import UsageQuota
from app.core.config import Settings
from app.domain.entities.feed_job import BrowseFeed
from app.domain.enums.usage import UsageKind
from app.domain.exports.templates import TemplateRegistry
from app.domain.generation.keywords import KeywordVocabulary
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.email import EmailSender
from app.domain.interfaces.llm import LlmClient
from app.domain.interfaces.readiness import ReadinessProbe
from app.domain.interfaces.storage import FileStorage
from app.domain.interfaces.task_runner import TaskHandler, TaskKind
from app.domain.job_parsing.parser import DeterministicJobParser
from app.infrastructure.adapters.auth.bcrypt_hasher import BcryptPasswordHasher
from app.infrastructure.adapters.auth.jwt_codec import JwtTokenCodec
from app.infrastructure.adapters.email.background_email import BackgroundEmailSender
from app.infrastructure.adapters.email.log_email import LogEmailSender
from app.infrastructure.adapters.email.smtp_email import SmtpEmailSender
from app.infrastructure.adapters.job_pages.http_fetcher import FetchLimits, HttpJobPageFetcher
from app.infrastructure.adapters.llm.groq_adapter import GroqLlmClient
from app.infrastructure.adapters.llm.local_adapter import LocalLlmClient
from app.infrastructure.adapters.llm.openai_compatible_adapter import OpenAiCompatibleLlmClient
from app.infrastructure.adapters.llm.prompt_book import JinjaPromptBook
from app.infrastructure.adapters.llm.remote_chat import RemoteChatClient
from app.infrastructure.adapters.rate_limit.limits_limiter import LimitsRateLimiter
from app.infrastructure.adapters.storage.download_signer import DownloadSigner
from app.infrastructure.adapters.storage.local_storage import LocalFileStorage
from app.infrastructure.adapters.storage.s3_storage import S3FileStorage
from app.infrastructure.clock import SystemClock
from app.infrastructure.data_files import (
    FEED_PATH,
    SKILLS_PATH,
    SYNONYMS_PATH,
    TEMPLATES_PATH,
    load_job_feed,
    load_keyword_vocabulary,
    load_skill_vocabulary,
    load_template_registry,
)
from app.infrastructure.database.connection import Database, PostgresOptions, create_database
from app.infrastructure.readiness import DatabaseProbe, NotConfiguredProbe, RedisProbe, StorageProbe
from app.infrastructure.redis_client import create_redis_client
from app.infrastructure.renderers.pdf_renderer import WeasyPrintRenderer
from app.infrastructure.secret_file import load_or_create_secret
from app.infrastructure.tasks.arq_queue import ArqTaskRunner, connect
from app.infrastructure.tasks.in_process import InProcessTaskRunner
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork

# Queued generations run at most this many at a time in one process (each mostly waits on the model).
QUEUED_TASKS_MAX = 4


@dataclass
class Resources:
    """Long-lived clients, created once in the lifespan."""

    settings: Settings
    database: Database
    hasher: BcryptPasswordHasher
    tokens: JwtTokenCodec
    email: EmailSender
    rate_limiter: LimitsRateLimiter
    clock: Clock
    auth_policy: AuthPolicy
    job_parser: DeterministicJobParser
    job_pages: HttpJobPageFetcher
    job_feed: BrowseFeed
    readiness_probes: tuple[ReadinessProbe, ...]
    keywords: KeywordVocabulary
    llm: LlmClient
    llm_calls: LlmCalls
    storage: FileStorage
    download_links: DownloadSigner
    templates: TemplateRegistry
    renderer: WeasyPrintRenderer
    redis: Redis | None  # REDIS_URL's client, shared by the rate limits and /ready
    # Queued work: in this process, or on the Redis queue for `python -m app.worker` (REDIS_URL).
    tasks: InProcessTaskRunner | ArqTaskRunner = field(init=False)

    def __post_init__(self) -> None:
        settings = self.settings
        if settings.redis_url:
            self.tasks = ArqTaskRunner(connect(settings.redis_url, key_prefix=settings.redis_key_prefix))
        else:
            self.tasks = InProcessTaskRunner(self.task_handlers(), max_running=QUEUED_TASKS_MAX)

    def task_handlers(self) -> dict[TaskKind, Callable[[], TaskHandler]]:
        """Who runs each kind of queued task: the service owning its rows, a new one per task."""
        return {TaskKind.GENERATION: self.generation_service, TaskKind.BATCH_EXPORT: self.batch_exporter}

    def auth_service(self) -> AuthService:
        return AuthService(
            uow=self._uow(),
            hasher=self.hasher,
            tokens=self.tokens,
            email=self.email,
            clock=self.clock,
            policy=self.auth_policy,
        )

    def job_service(self) -> JobService:
        return JobService(
            uow=self._uow(),
            parser=self.job_parser,
            fetcher=self.job_pages,
            feed=self.job_feed,
            clock=self.clock,
            storage=self.storage,
        )

    def sample_service(self) -> SampleService:
        quota = UsageQuota.daily(
            UsageKind.SAMPLE_UPLOAD, limit=self.settings.rate_limit_sample_uploads_per_day
        )
        # The model refines the measured style only when it is a real one (the local composer would
        # derive the same fields from the same measures).
        refiner = None if self.llm.provider == "local" else self.llm_calls
        return SampleService(uow=self._uow(), clock=self.clock, upload_quota=quota, style_refiner=refiner)

    def profile_service(self) -> ProfileService:
        return ProfileService(uow=self._uow(), clock=self.clock)

    def profile_item_service(self) -> ProfileItemService:
        return ProfileItemService(uow=self._uow(), clock=self.clock)

    def profile_skill_service(self) -> ProfileSkillService:
        return ProfileSkillService(uow=self._uow(), clock=self.clock)

    def ranking_service(self) -> RankingService:
        return RankingService(uow=self._uow(), clock=self.clock, vocabulary=self.keywords, llm=self.llm_calls)

    def generation_service(self) -> GenerationService:
        quota = UsageQuota.daily(UsageKind.COVER_LETTER, limit=self.settings.rate_limit_cover_letters_per_day)
        return GenerationService(
            uow=self._uow(),
            clock=self.clock,
            rankings=self.ranking_service(),
            writer=DocumentWriter(vocabulary=self.keywords, llm=self.llm_calls, clock=self.clock),
            letter_quota=quota,
            tasks=self.tasks,
            storage=self.storage,
        )

    def enhancement_service(self) -> EnhancementService:
        return EnhancementService(
            uow=self._uow(), clock=self.clock, llm=self.llm_calls, vocabulary=self.keywords
        )

    def export_service(self) -> ExportService:
        return ExportService(
            uow=self._uow(),
            clock=self.clock,
            renderer=self.renderer,
            storage=self.storage,
            quota=UsageQuota(
                UsageKind.EXPORT, self.settings.rate_limit_exports_per_hour, rolling=timedelta(hours=1)
            ),
            policy=self._export_policy(),
        )

    def batch_exporter(self) -> BatchExporter:
        return BatchExporter(
            uow=self._uow(),
            clock=self.clock,
            exports=self.export_service(),
            storage=self.storage,
            tasks=self.tasks,
        )

    def export_files_service(self) -> ExportFilesService:
        return ExportFilesService(
            uow=self._uow(),
            clock=self.clock,
            storage=self.storage,
            links=self.download_links,
            policy=self._export_policy(),
        )

    def maintenance_service(self) -> MaintenanceService:
        return MaintenanceService(uow=self._uow(), clock=self.clock, exports=self.export_files_service())

    def _export_policy(self) -> ExportPolicy:
        settings = self.settings
        return ExportPolicy(
            retention=timedelta(days=settings.storage_retention_days),
            storage_limit_bytes=settings.rate_limit_storage_bytes,
            link_ttl_s=settings.storage_url_ttl_s,
        )

    def _uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.database)

    async def aclose(self) -> None:
        """Release every client: the database pools and the HTTP client of URL intake."""
        if isinstance(self.email, BackgroundEmailSender):
            await self.email.aclose()  # emails still being sent get a moment to finish
        await self.tasks.aclose()  # in-process: what is left is marked interrupted at the next start
        await self.renderer.aclose()
        await self.database.dispose()
        await self.job_pages.aclose()
        if isinstance(self.llm, RemoteChatClient):
            await self.llm.aclose()
        if self.redis is not None:
            await self.redis.aclose()


def build_resources(settings: Settings) -> Resources:
    # Data files first: a malformed one stops start-up before any connection is opened.
    job_feed = load_job_feed(settings.job_feed_path or FEED_PATH)
    job_parser = DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))
    keywords = load_keyword_vocabulary(SKILLS_PATH, SYNONYMS_PATH)
    clock = SystemClock()
    llm = _llm_client(settings)
    templates = load_template_registry(TEMPLATES_PATH)
    storage = _file_storage(settings)
    redis = create_redis_client(settings.redis_url) if settings.redis_url else None
    jwt_secret = settings.jwt_secret or load_or_create_secret(settings.jwt_secret_file)
    database = create_database(
        settings.database_url,
        echo=settings.database_echo,
        pool_size=settings.database_pool_size,
        postgres=PostgresOptions(
            max_overflow=settings.database_max_overflow,
            recycle_s=settings.database_pool_recycle_s,
            statement_cache_size=settings.database_statement_cache_size,
        ),
    )
    return Resources(
        settings=settings,
        database=database,
        hasher=BcryptPasswordHasher(rounds=settings.bcrypt_rounds),
        tokens=JwtTokenCodec(jwt_secret),
        email=_email_sender(settings),
        rate_limiter=LimitsRateLimiter(settings, redis=redis),
        clock=clock,
        auth_policy=AuthPolicy(
            access_ttl=timedelta(seconds=settings.jwt_access_ttl_s),
            refresh_ttl=timedelta(seconds=settings.jwt_refresh_ttl_s),
            refresh_reuse_grace=timedelta(seconds=settings.jwt_refresh_reuse_grace_s),
            reset_token_ttl=timedelta(seconds=settings.password_reset_ttl_s),
            reset_url=settings.password_reset_url,
        ),
        job_parser=job_parser,
        job_pages=HttpJobPageFetcher(
            limits=FetchLimits(
                connect_timeout_s=settings.job_url_connect_timeout_s,
                total_timeout_s=settings.job_url_timeout_s,
                max_bytes=settings.job_url_max_bytes,
                max_redirects=settings.job_url_max_redirects,
            ),
            allow_private=settings.job_url_allow_private,
        ),
        job_feed=job_feed,
        readiness_probes=(
            DatabaseProbe(database.engine),
            StorageProbe(storage),
            RedisProbe(redis) if redis is not None else NotConfiguredProbe("redis"),
        ),
        keywords=keywords,
        llm=llm,
        llm_calls=LlmCalls(client=llm, fallback=LocalLlmClient(), prompts=JinjaPromptBook(), clock=clock),
        storage=storage,
        download_links=DownloadSigner(jwt_secret, ttl_s=settings.storage_url_ttl_s),
        templates=templates,
        renderer=WeasyPrintRenderer(workers=settings.render_workers),
        redis=redis,
    )


def _file_storage(settings: Settings) -> FileStorage:
    """The store STORAGE_BACKEND names (the settings were checked complete at load)."""
    if settings.storage_backend == "s3":
        return S3FileStorage(
            bucket=settings.s3_bucket or "", region=settings.s3_region, endpoint_url=settings.s3_endpoint_url
        )
    return LocalFileStorage(settings.storage_root)


def _llm_client(settings: Settings) -> LlmClient:
    """The adapter LLM_PROVIDER names (the settings were checked complete at load)."""
    if settings.llm_provider == "local":
        return LocalLlmClient()
    remote = GroqLlmClient if settings.llm_provider == "groq" else OpenAiCompatibleLlmClient
    return remote(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key,
        model=settings.llm_model or "",
        fast_model=settings.llm_fast_model or settings.llm_model or "",
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )


def _email_sender(settings: Settings) -> EmailSender:
    if not settings.smtp_host:
        if settings.environment == "production":
            raise RuntimeError(
                "SMTP_HOST must be set when ENVIRONMENT=production: without it reset emails go to the "
                "development outbox, which writes their tokens to the log"
            )
        return LogEmailSender()  # the development outbox
    smtp = SmtpEmailSender(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        timeout_s=settings.smtp_timeout_s,
    )
    # Sent after the answer: waiting for the server would tell existing accounts from unknown ones.
    return BackgroundEmailSender(smtp, shutdown_timeout_s=settings.smtp_timeout_s)

"""The composition root: clients live on `app.state.resources`; services are built here per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from app.application.dtos.auth_dto import AuthPolicy
from app.application.services.auth_service import AuthService
from app.application.services.job_service import JobService
from app.application.services.profile_item_service import ProfileItemService
from app.application.services.profile_service import ProfileService, ProfileUseCases
from app.application.services.profile_skill_service import ProfileSkillService
from app.application.services.sample_service import SampleService
from app.application.services.usage_quota import DailyQuota
from app.core.config import Settings
from app.core.rate_limiter import RateLimiter
from app.core.security import BcryptPasswordHasher, JwtTokenCodec
from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.feed_job import BrowseFeed
from app.domain.enums.usage import UsageKind
from app.domain.errors import NotAuthenticatedError
from app.presentation.errors import PayloadTooLargeError
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.email import EmailSender
from app.domain.job_parsing.parser import DeterministicJobParser
from app.infrastructure.adapters.email.background_email import BackgroundEmailSender
from app.infrastructure.adapters.email.log_email import LogEmailSender
from app.infrastructure.adapters.email.smtp_email import SmtpEmailSender
from app.infrastructure.adapters.job_pages.http_fetcher import FetchLimits, HttpJobPageFetcher
from app.infrastructure.clock import SystemClock
from app.infrastructure.data_files import FEED_PATH, SKILLS_PATH, load_job_feed, load_skill_vocabulary
from app.infrastructure.database.connection import Database, create_database
from app.infrastructure.secret_file import load_or_create_secret
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork


@dataclass
class Resources:
    """Long-lived clients, created once in the lifespan."""

    settings: Settings
    database: Database
    hasher: BcryptPasswordHasher
    tokens: JwtTokenCodec
    email: EmailSender
    rate_limiter: RateLimiter
    clock: Clock
    auth_policy: AuthPolicy
    job_parser: DeterministicJobParser
    job_pages: HttpJobPageFetcher
    job_feed: BrowseFeed

    async def aclose(self) -> None:
        """Release every client: the database pools and the HTTP client of URL intake."""
        if isinstance(self.email, BackgroundEmailSender):
            await self.email.aclose()  # emails still being sent get a moment to finish
        await self.database.dispose()
        await self.job_pages.aclose()


def build_resources(settings: Settings) -> Resources:
    # Data files first: a malformed one stops start-up before any connection is opened.
    job_feed = load_job_feed(settings.job_feed_path or FEED_PATH)
    job_parser = DeterministicJobParser(load_skill_vocabulary(SKILLS_PATH))
    return Resources(
        settings=settings,
        database=create_database(
            settings.database_url, echo=settings.database_echo, pool_size=settings.database_pool_size
        ),
        hasher=BcryptPasswordHasher(rounds=settings.bcrypt_rounds),
        tokens=JwtTokenCodec(settings.jwt_secret or load_or_create_secret(settings.jwt_secret_file)),
        email=_email_sender(settings),
        rate_limiter=RateLimiter(settings),
        clock=SystemClock(),
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


async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


# Dependencies are `async def` on purpose: FastAPI runs plain `def` ones in a worker thread.
ResourcesDep = Annotated[Resources, Depends(get_resources)]


def build_auth_service(resources: Resources) -> AuthService:
    return AuthService(
        uow=SqlAlchemyUnitOfWork(resources.database),
        hasher=resources.hasher,
        tokens=resources.tokens,
        email=resources.email,
        clock=resources.clock,
        policy=resources.auth_policy,
    )


async def get_auth_service(resources: ResourcesDep) -> AuthService:
    return build_auth_service(resources)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


async def get_sample_service(resources: ResourcesDep) -> SampleService:
    return SampleService(
        uow=SqlAlchemyUnitOfWork(resources.database),
        clock=resources.clock,
        upload_quota=DailyQuota(
            UsageKind.SAMPLE_UPLOAD, limit=resources.settings.rate_limit_sample_uploads_per_day
        ),
    )


SampleServiceDep = Annotated[SampleService, Depends(get_sample_service)]


P = TypeVar("P", bound=ProfileUseCases)


def _profile_service(service: type[P]) -> Any:
    # Reads the resources off the request itself: one dependency level less on GET /profiles/me.
    async def build(request: Request) -> P:
        resources: Resources = request.app.state.resources
        return service(uow=SqlAlchemyUnitOfWork(resources.database), clock=resources.clock)

    return Depends(build)


ProfileServiceDep = Annotated[ProfileService, _profile_service(ProfileService)]
ProfileItemServiceDep = Annotated[ProfileItemService, _profile_service(ProfileItemService)]
ProfileSkillServiceDep = Annotated[ProfileSkillService, _profile_service(ProfileSkillService)]


async def limit_json_resume_size(request: Request, resources: ResourcesDep) -> None:
    """413 for a JSON Resume document over JSON_RESUME_MAX_BYTES (the body is read and cached already)."""
    if len(await request.body()) > resources.settings.json_resume_max_bytes:
        raise PayloadTooLargeError


JsonResumeSizeLimit = Depends(limit_json_resume_size)


async def get_job_service(resources: ResourcesDep) -> JobService:
    return JobService(
        uow=SqlAlchemyUnitOfWork(resources.database),
        parser=resources.job_parser,
        fetcher=resources.job_pages,
        feed=resources.job_feed,
        clock=resources.clock,
    )


JobServiceDep = Annotated[JobService, Depends(get_job_service)]


class BearerAuthentication(HTTPBearer):
    """The bearer scheme (documented in OpenAPI) that also resolves the token to its user.

    One dependency instead of a chain: every authenticated request passes through here, and each
    level of FastAPI's dependency tree costs time on that path.
    """

    async def __call__(self, request: Request) -> AuthenticatedUser:  # type: ignore[override]
        credentials = await super().__call__(request)
        if credentials is None:
            raise NotAuthenticatedError
        service = build_auth_service(request.app.state.resources)
        user = await service.authenticate(credentials.credentials)
        request.state.user_id = user.id  # for the access log
        return user


_bearer = BearerAuthentication(
    scheme_name="bearerAuth",
    auto_error=False,
    description="The access token from register, login or refresh",
)
CurrentUser = Annotated[AuthenticatedUser, Depends(_bearer)]


async def limit_auth_requests(request: Request, resources: ResourcesDep) -> None:
    """Per-client-IP limit shared by the public auth endpoints that take credentials."""
    await resources.rate_limiter.hit("auth", request)


AuthRateLimit = Depends(limit_auth_requests)


async def limit_change_password(request: Request, resources: ResourcesDep, user: CurrentUser) -> None:
    """Per-user limit: a stolen access token must not buy unlimited guesses at the current password."""
    await resources.rate_limiter.hit_user("change_password", request, user.id)


ChangePasswordRateLimit = Depends(limit_change_password)


async def limit_check_email(request: Request, resources: ResourcesDep) -> None:
    """Per-client-IP limit on the email availability check (bulk harvesting of accounts)."""
    await resources.rate_limiter.hit("check_email", request)


CheckEmailRateLimit = Depends(limit_check_email)

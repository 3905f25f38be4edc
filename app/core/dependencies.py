"""The composition root: clients live on `app.state.resources`; services are built here per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.application.dtos.auth_dto import AuthPolicy, Principal
from app.application.services.auth_service import AuthService
from app.core.config import Settings
from app.core.exceptions import NotAuthenticatedError
from app.core.rate_limiter import RateLimiter
from app.core.security import BcryptPasswordHasher, JwtTokenCodec
from app.domain.entities.user import User
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.email import EmailSender
from app.infrastructure.adapters.email.log_email import LogEmailSender
from app.infrastructure.adapters.email.smtp_email import SmtpEmailSender
from app.infrastructure.clock import SystemClock
from app.infrastructure.database.connection import create_engine, create_session_factory
from app.infrastructure.unit_of_work import SqlAlchemyUnitOfWork


@dataclass
class Resources:
    """Long-lived clients, created once in the lifespan."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    hasher: BcryptPasswordHasher
    tokens: JwtTokenCodec
    email: EmailSender
    rate_limiter: RateLimiter
    clock: Clock
    auth_policy: AuthPolicy


def build_resources(settings: Settings) -> Resources:
    engine = create_engine(
        settings.database_url, echo=settings.database_echo, pool_size=settings.database_pool_size
    )
    return Resources(
        settings=settings,
        engine=engine,
        session_factory=create_session_factory(engine),
        hasher=BcryptPasswordHasher(rounds=settings.bcrypt_rounds),
        tokens=JwtTokenCodec(settings.jwt_secret),
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
    )


def _email_sender(settings: Settings) -> EmailSender:
    if not settings.smtp_host:
        return LogEmailSender()
    return SmtpEmailSender(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        timeout_s=settings.smtp_timeout_s,
    )


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def get_auth_service(resources: ResourcesDep) -> AuthService:
    return AuthService(
        uow=SqlAlchemyUnitOfWork(resources.session_factory),
        hasher=resources.hasher,
        tokens=resources.tokens,
        email=resources.email,
        clock=resources.clock,
        policy=resources.auth_policy,
    )


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]

_bearer = HTTPBearer(auto_error=False, description="The access token from login, register or refresh")


async def get_principal(
    request: Request,
    auth: AuthServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise NotAuthenticatedError
    principal = await auth.authenticate(credentials.credentials)
    request.state.user_id = principal.user_id  # for the access log
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def get_current_user(principal: CurrentPrincipal) -> User:
    return principal.user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def limit_auth_requests(request: Request, resources: ResourcesDep) -> None:
    """Per-client-IP limit shared by the public auth endpoints that take credentials."""
    await resources.rate_limiter.hit("auth", request)


AuthRateLimit = Depends(limit_auth_requests)

"""The FastAPI `Depends` pieces: services, the signed-in user, rate limits and settings per request.

`provider_of` is the one place that reads `app.state`; every service comes through a dependency of
its own, so `app.dependency_overrides` can replace any of them (tests swap in fakes that way).
Dependencies are `async def` on purpose: FastAPI runs plain `def` ones in a worker thread.

FastAPI solves each dependency of a request anew, ~20-40 us apiece here, so the hot ones are kept
flat: a service's dependency reads the provider from the request itself rather than through a
dependency of its own, and the signed-in user is one dependency that is also the bearer scheme.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from fastapi.security.base import SecurityBase

from app.application.services.auth_service import AuthService
from app.application.services.batch_export import BatchExporter
from app.application.services.enhancement_service import EnhancementService
from app.application.services.export_files_service import ExportFilesService
from app.application.services.export_service import ExportService
from app.application.services.generation_service import GenerationService
from app.application.services.job_service import JobService
from app.application.services.profile_item_service import ProfileItemService
from app.application.services.profile_service import ProfileService
from app.application.services.profile_skill_service import ProfileSkillService
from app.application.services.provider import ServiceProvider
from app.application.services.ranking_service import RankingService
from app.application.services.sample_service import SampleService
from app.core.config import Settings
from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.errors import NotAuthenticatedError
from app.domain.exports.templates import TemplateRegistry
from app.domain.interfaces.download_links import DownloadLinks
from app.presentation.client_address import ClientAddressResolver, rate_limit_key
from app.presentation.errors import PayloadTooLargeError


def provider_of(request: Request) -> ServiceProvider:
    provider: ServiceProvider = request.app.state.resources
    return provider


async def get_provider(request: Request) -> ServiceProvider:
    return provider_of(request)


ProviderDep = Annotated[ServiceProvider, Depends(get_provider)]


async def get_settings(request: Request) -> Settings:
    return provider_of(request).settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_export_service(request: Request) -> ExportService:
    return provider_of(request).export_service()


async def get_batch_exporter(request: Request) -> BatchExporter:
    return provider_of(request).batch_exporter()


async def get_export_files_service(request: Request) -> ExportFilesService:
    return provider_of(request).export_files_service()


async def get_download_links(request: Request) -> DownloadLinks:
    return provider_of(request).download_links


async def get_templates(request: Request) -> TemplateRegistry:
    return provider_of(request).templates


ExportServiceDep = Annotated[ExportService, Depends(get_export_service)]
BatchExporterDep = Annotated[BatchExporter, Depends(get_batch_exporter)]
ExportFilesServiceDep = Annotated[ExportFilesService, Depends(get_export_files_service)]
DownloadLinksDep = Annotated[DownloadLinks, Depends(get_download_links)]
TemplatesDep = Annotated[TemplateRegistry, Depends(get_templates)]


async def get_auth_service(request: Request) -> AuthService:
    return provider_of(request).auth_service()


async def get_job_service(request: Request) -> JobService:
    return provider_of(request).job_service()


async def get_sample_service(request: Request) -> SampleService:
    return provider_of(request).sample_service()


async def get_profile_service(request: Request) -> ProfileService:
    return provider_of(request).profile_service()


async def get_profile_item_service(request: Request) -> ProfileItemService:
    return provider_of(request).profile_item_service()


async def get_profile_skill_service(request: Request) -> ProfileSkillService:
    return provider_of(request).profile_skill_service()


async def get_ranking_service(request: Request) -> RankingService:
    return provider_of(request).ranking_service()


async def get_generation_service(request: Request) -> GenerationService:
    return provider_of(request).generation_service()


async def get_enhancement_service(request: Request) -> EnhancementService:
    return provider_of(request).enhancement_service()


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]
JobServiceDep = Annotated[JobService, Depends(get_job_service)]
SampleServiceDep = Annotated[SampleService, Depends(get_sample_service)]
ProfileServiceDep = Annotated[ProfileService, Depends(get_profile_service)]
ProfileItemServiceDep = Annotated[ProfileItemService, Depends(get_profile_item_service)]
ProfileSkillServiceDep = Annotated[ProfileSkillService, Depends(get_profile_skill_service)]
RankingServiceDep = Annotated[RankingService, Depends(get_ranking_service)]
GenerationServiceDep = Annotated[GenerationService, Depends(get_generation_service)]
EnhancementServiceDep = Annotated[EnhancementService, Depends(get_enhancement_service)]


class _BearerUser(SecurityBase):
    """The bearerAuth scheme (as OpenAPI shows it) and the check of its token in one dependency."""

    def __init__(self) -> None:
        self._scheme = HTTPBearer(
            scheme_name="bearerAuth",
            auto_error=False,
            description="The access token from register, login or refresh",
        )
        self.model = self._scheme.model
        self.scheme_name = self._scheme.scheme_name

    async def _token(self, request: Request) -> str | None:
        credentials = await self._scheme(request)
        return None if credentials is None else credentials.credentials

    @staticmethod
    async def _user(request: Request, auth: AuthService, token: str) -> AuthenticatedUser:
        user = await auth.authenticate(token)
        request.state.user_id = user.id  # for the access log
        return user


class _CurrentUser(_BearerUser):
    async def __call__(self, request: Request, auth: AuthServiceDep) -> AuthenticatedUser:
        """The user of the bearer token; 401 when it is missing, invalid, expired or revoked."""
        token = await self._token(request)
        if token is None:
            raise NotAuthenticatedError
        return await self._user(request, auth, token)


class _OptionalUser(_BearerUser):
    async def __call__(self, request: Request, auth: AuthServiceDep) -> AuthenticatedUser | None:
        """The bearer's user when a token is sent; None without one, or on a signed link (which
        needs none)."""
        token = await self._token(request)
        if token is None or "sig" in request.query_params:
            return None
        return await self._user(request, auth, token)


get_current_user = _CurrentUser()
get_optional_user = _OptionalUser()
CurrentUser = Annotated[AuthenticatedUser, Depends(get_current_user)]
OptionalUser = Annotated[AuthenticatedUser | None, Depends(get_optional_user)]


async def _client_key(request: Request, settings: SettingsDep) -> str:
    return rate_limit_key(ClientAddressResolver(settings)(request))


ClientKey = Annotated[str, Depends(_client_key)]


async def limit_auth_requests(request: Request, client: ClientKey) -> None:
    """Per-client limit shared by the public auth endpoints that take credentials."""
    await provider_of(request).rate_limiter.hit("auth", request.url.path, client)


async def limit_check_email(request: Request, client: ClientKey) -> None:
    """Per-client limit on the email availability check (bulk harvesting of accounts)."""
    await provider_of(request).rate_limiter.hit("check_email", request.url.path, client)


async def limit_change_password(request: Request, user: CurrentUser) -> None:
    """Per-user limit: a stolen access token must not buy unlimited guesses at the current password."""
    await provider_of(request).rate_limiter.hit("change_password", request.url.path, f"user:{user.id}")


AuthRateLimit = Depends(limit_auth_requests)
CheckEmailRateLimit = Depends(limit_check_email)
ChangePasswordRateLimit = Depends(limit_change_password)


async def limit_json_resume_size(request: Request, settings: SettingsDep) -> None:
    """413 for a JSON Resume document over JSON_RESUME_MAX_BYTES (the body is read and cached already)."""
    if len(await request.body()) > settings.json_resume_max_bytes:
        raise PayloadTooLargeError


JsonResumeSizeLimit = Depends(limit_json_resume_size)


async def _max_items(settings: SettingsDep) -> int:
    return settings.profile_max_items_per_section


# PROFILE_MAX_ITEMS_PER_SECTION: what a write may grow each profile list to, and ids per bulk DELETE.
MaxItems = Annotated[int, Depends(_max_items)]

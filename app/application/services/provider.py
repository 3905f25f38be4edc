"""What the HTTP layer needs from the composition root: services built per request, and a few ports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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
from app.application.services.ranking_service import RankingService
from app.application.services.sample_service import SampleService
from app.core.config import Settings
from app.domain.exports.templates import TemplateRegistry
from app.domain.interfaces.download_links import DownloadLinks
from app.domain.interfaces.rate_limiter import RateLimiter
from app.domain.interfaces.readiness import ReadinessProbe


class ServiceProvider(Protocol):
    """Implemented by `app.bootstrap.Resources`; each `*_service()` call builds a fresh service."""

    @property
    def settings(self) -> Settings: ...

    @property
    def rate_limiter(self) -> RateLimiter: ...

    @property
    def readiness_probes(self) -> Sequence[ReadinessProbe]: ...

    @property
    def download_links(self) -> DownloadLinks: ...

    @property
    def templates(self) -> TemplateRegistry: ...

    def auth_service(self) -> AuthService: ...

    def export_service(self) -> ExportService: ...

    def batch_exporter(self) -> BatchExporter: ...

    def export_files_service(self) -> ExportFilesService: ...

    def job_service(self) -> JobService: ...

    def sample_service(self) -> SampleService: ...

    def profile_service(self) -> ProfileService: ...

    def profile_item_service(self) -> ProfileItemService: ...

    def profile_skill_service(self) -> ProfileSkillService: ...

    def ranking_service(self) -> RankingService: ...

    def generation_service(self) -> GenerationService: ...

    def enhancement_service(self) -> EnhancementService: ...

"""The transaction boundary: one use case, one unit of work, one commit."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from app.domain.interfaces.export_repository_interface import ExportRepository
from app.domain.interfaces.generation_repository_interface import GenerationRepository
from app.domain.interfaces.job_repository_interface import JobRepository
from app.domain.interfaces.password_reset_token_repository_interface import (
    PasswordResetTokenRepository,
)
from app.domain.interfaces.profile_repository_interface import ProfileRepository
from app.domain.interfaces.ranking_repository_interface import RankingRepository
from app.domain.interfaces.refresh_session_repository_interface import RefreshSessionRepository
from app.domain.interfaces.sample_repository_interface import SampleRepository
from app.domain.interfaces.usage_event_repository_interface import UsageEventRepository
from app.domain.interfaces.user_repository_interface import UserRepository
from app.domain.interfaces.writing_style_repository_interface import WritingStyleRepository


class WriteInReadOnlyWork(RuntimeError):
    """A write (flush, write statement or commit) was attempted inside a `read_only()` unit of work."""

    def __init__(self, what: str = "a write") -> None:
        super().__init__(f"{what} inside a read-only unit of work: open a writing one (no read_only())")


class UnitOfWork(Protocol):
    @property
    def users(self) -> UserRepository: ...

    @property
    def refresh_sessions(self) -> RefreshSessionRepository: ...

    @property
    def reset_tokens(self) -> PasswordResetTokenRepository: ...

    @property
    def samples(self) -> SampleRepository: ...

    @property
    def writing_styles(self) -> WritingStyleRepository: ...

    @property
    def usage_events(self) -> UsageEventRepository: ...

    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def jobs(self) -> JobRepository: ...

    @property
    def rankings(self) -> RankingRepository: ...

    @property
    def generations(self) -> GenerationRepository: ...

    @property
    def exports(self) -> ExportRepository: ...

    def read_only(self) -> Self:
        """Mark the next `async with` block as one that only reads (no write lock is taken).

        Such a block cannot write: a flush, a write statement or commit() raises WriteInReadOnlyWork.
        """

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leave the block: anything not committed is rolled back."""

    async def commit(self) -> None: ...

"""SqlAlchemyUnitOfWork: one AsyncSession per `async with` block, with the repositories on it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.errors import ServiceUnavailableError
from app.domain.interfaces.unit_of_work import WriteInReadOnlyWork
from app.infrastructure.database.connection import Database
from app.infrastructure.database.outage import is_unreachable
from app.infrastructure.repositories.export_repository import SqlAlchemyExportRepository
from app.infrastructure.repositories.generation_repository import SqlAlchemyGenerationRepository
from app.infrastructure.repositories.job_repository import SqlAlchemyJobRepository
from app.infrastructure.repositories.password_reset_token_repository import (
    SqlAlchemyPasswordResetTokenRepository,
)
from app.infrastructure.repositories.profile_repository import SqlAlchemyProfileRepository
from app.infrastructure.repositories.ranking_repository import SqlAlchemyRankingRepository
from app.infrastructure.repositories.refresh_session_repository import (
    SqlAlchemyRefreshSessionRepository,
)
from app.infrastructure.repositories.sample_repository import SqlAlchemySampleRepository
from app.infrastructure.repositories.usage_event_repository import SqlAlchemyUsageEventRepository
from app.infrastructure.repositories.user_repository import SqlAlchemyUserRepository
from app.infrastructure.repositories.writing_style_repository import SqlAlchemyWritingStyleRepository

R = TypeVar("R")


def _holds_anything(session: AsyncSession) -> bool:
    """False for a session that never began a transaction nor took an object: nothing to release.

    Closing costs ~13 µs (a greenlet hand-off), and most reads never touch their session: they run
    on the point reader (see PreparedRead), so two such closes would be a tenth of a fast request.
    """
    return session.in_transaction() or bool(session.identity_map) or bool(session.new)


class SqlAlchemyUnitOfWork:
    """Repositories are made on first use within a block (a request uses one or two of the eleven)."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._read_only = False
        self._reading = False  # the current block is read-only
        self._session: AsyncSession | None = None
        self._repositories: dict[object, Any] = {}

    def read_only(self) -> Self:
        self._read_only = True
        return self

    async def __aenter__(self) -> Self:
        database = self._database
        self._session = database.read_sessions() if self._read_only else database.sessions()
        self._reading, self._read_only = self._read_only, False
        self._repositories = {}
        return self

    def _repository(self, kind: Callable[[AsyncSession], R]) -> R:
        """The block's repository of this kind, made on first use."""
        repository = self._repositories.get(kind)
        if repository is None:
            if self._session is None:
                raise RuntimeError("repositories are used inside an `async with` block")
            repository = self._repositories[kind] = kind(self._session)
        return cast(R, repository)

    @property
    def users(self) -> SqlAlchemyUserRepository:
        return self._repository(SqlAlchemyUserRepository)

    @property
    def refresh_sessions(self) -> SqlAlchemyRefreshSessionRepository:
        return self._repository(SqlAlchemyRefreshSessionRepository)

    @property
    def reset_tokens(self) -> SqlAlchemyPasswordResetTokenRepository:
        return self._repository(SqlAlchemyPasswordResetTokenRepository)

    @property
    def samples(self) -> SqlAlchemySampleRepository:
        return self._repository(SqlAlchemySampleRepository)

    @property
    def writing_styles(self) -> SqlAlchemyWritingStyleRepository:
        return self._repository(SqlAlchemyWritingStyleRepository)

    @property
    def usage_events(self) -> SqlAlchemyUsageEventRepository:
        return self._repository(SqlAlchemyUsageEventRepository)

    @property
    def profiles(self) -> SqlAlchemyProfileRepository:
        return self._repository(SqlAlchemyProfileRepository)

    @property
    def jobs(self) -> SqlAlchemyJobRepository:
        return self._repository(SqlAlchemyJobRepository)

    @property
    def rankings(self) -> SqlAlchemyRankingRepository:
        return self._repository(SqlAlchemyRankingRepository)

    @property
    def generations(self) -> SqlAlchemyGenerationRepository:
        return self._repository(SqlAlchemyGenerationRepository)

    @property
    def exports(self) -> SqlAlchemyExportRepository:
        return self._repository(SqlAlchemyExportRepository)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is not None and _holds_anything(session):
            await session.close()  # closing rolls back anything not committed
        if exc is not None and is_unreachable(exc):
            # Nothing of the block was committed (a commit that failed is rolled back by the server).
            raise ServiceUnavailableError from exc

    async def commit(self) -> None:
        if self._session is None:
            raise RuntimeError("commit() outside of an `async with` block")
        if self._reading:
            raise WriteInReadOnlyWork("commit()")
        await self._session.commit()

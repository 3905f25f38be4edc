"""In-memory fakes of the ports, for unit tests of the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from app.core.exceptions import EmailTakenError
from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.job import Job
from app.domain.entities.password_reset_token import PasswordResetToken
from app.domain.entities.refresh_session import RefreshSession
from app.domain.entities.user import User
from app.domain.enums.auth import RevokeReason
from app.domain.enums.job import ApplicationStatus, JobStatus
from app.domain.interfaces.email import EmailMessage
from app.domain.interfaces.job_page_fetcher import FetchedPage
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort, RenderedJobs
from app.presentation.schemas.job import JobOut


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        # Start at the real time: PyJWT checks expiry against the wall clock.
        self.current = start or datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class FakePasswordHasher:
    """Reversible 'hashing' so tests stay instant; the real bcrypt hasher has its own tests."""

    def __init__(self) -> None:
        self.burned = 0

    async def hash(self, password: str) -> str:
        return f"fake${password}"

    async def verify(self, password: str, password_hash: str) -> bool:
        return password_hash == f"fake${password}"

    async def burn(self, password: str) -> None:
        self.burned += 1


@dataclass
class RecordingEmailSender:
    sent: list[EmailMessage] = field(default_factory=list)
    fail_with: Exception | None = None

    async def send(self, message: EmailMessage) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(message)


class InMemoryUsers:
    def __init__(self) -> None:
        self.rows: dict[int, User] = {}

    async def add(self, user: User) -> User:
        if any(existing.email == user.email for existing in self.rows.values()):
            raise EmailTakenError
        user.id = len(self.rows) + 1
        self.rows[user.id] = user
        return user

    async def get(self, user_id: int) -> User | None:
        return self.rows.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        return next((user for user in self.rows.values() if user.email == email), None)

    async def email_exists(self, email: str) -> bool:
        return await self.get_by_email(email) is not None


class InMemoryRefreshSessions:
    def __init__(self, users: InMemoryUsers) -> None:
        self.rows: dict[str, RefreshSession] = {}
        self._users = users

    async def add(self, session: RefreshSession) -> None:
        self.rows[session.jti] = session

    async def get(self, jti: str) -> RefreshSession | None:
        return self.rows.get(jti)

    async def get_authenticated_user(self, access_jti: str) -> AuthenticatedUser | None:
        for session in self.rows.values():
            if session.access_jti == access_jti:
                user = self._users.rows[session.user_id]
                return AuthenticatedUser(
                    id=session.user_id,
                    email=user.email,
                    full_name=user.full_name,
                    is_active=user.is_active,
                    is_verified=user.is_verified,
                    created_at=user.created_at,
                    updated_at=user.updated_at,
                    family_id=session.family_id,
                    session_revoked_at=session.revoked_at,
                )
        return None

    async def revoke_family(self, family_id: str, *, reason: RevokeReason, now: datetime) -> None:
        for session in self.rows.values():
            if session.family_id == family_id:
                session.revoke(reason, now=now)

    async def revoke_all_for_user(self, user_id: int, *, reason: RevokeReason, now: datetime) -> None:
        for session in self.rows.values():
            if session.user_id == user_id:
                session.revoke(reason, now=now)

    async def delete_expired(self, *, now: datetime) -> int:
        expired = [jti for jti, session in self.rows.items() if session.expires_at < now]
        for jti in expired:
            del self.rows[jti]
        return len(expired)


class InMemoryResetTokens:
    def __init__(self) -> None:
        self.rows: dict[str, PasswordResetToken] = {}

    async def add(self, token: PasswordResetToken) -> None:
        self.rows[token.id] = token

    async def get_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        return next((t for t in self.rows.values() if t.token_hash == token_hash), None)

    async def void_unused_for_user(self, user_id: int, *, now: datetime) -> None:
        for token in self.rows.values():
            if token.user_id == user_id and token.used_at is None:
                token.consume(now=now)

    async def delete_stale(self, *, now: datetime) -> int:
        stale = [key for key, t in self.rows.items() if t.used_at is not None or t.expires_at < now]
        for key in stale:
            del self.rows[key]
        return len(stale)


class InMemoryJobs:
    """Lists render through the API schema, standing in for the JSON the database renders."""

    def __init__(self) -> None:
        self.rows: dict[str, Job] = {}

    async def add(self, job: Job) -> None:
        self.rows[job.id] = job

    async def get(self, job_id: str, *, user_id: int) -> Job | None:
        job = self.rows.get(job_id)
        return job if job is not None and job.user_id == user_id else None

    async def list_page(
        self, user_id: int, filters: JobFilters, sort: JobSort, *, limit: int, offset: int
    ) -> RenderedJobs:
        jobs = sorted(self._matching(user_id, filters), key=lambda job: getattr(job, sort.field.value))
        page = (jobs[::-1] if sort.descending else jobs)[offset : offset + limit]
        items = ",".join(JobOut.model_validate(job).model_dump_json() for job in page)
        return RenderedJobs(items_json=f"[{items}]", count=len(page))

    async def count(self, user_id: int, filters: JobFilters) -> int:
        return len(self._matching(user_id, filters))

    async def delete(self, job_id: str, *, user_id: int) -> bool:
        if await self.get(job_id, user_id=user_id) is None:
            return False
        del self.rows[job_id]
        return True

    async def count_by_status(self, user_id: int) -> list[tuple[JobStatus, ApplicationStatus, int]]:
        counts: dict[tuple[JobStatus, ApplicationStatus], int] = {}
        for job in self.rows.values():
            if job.user_id == user_id:
                key = (job.status, job.application_status)
                counts[key] = counts.get(key, 0) + 1
        return [(status, application_status, count) for (status, application_status), count in counts.items()]

    def _matching(self, user_id: int, filters: JobFilters) -> list[Job]:
        def matches(job: Job) -> bool:
            if job.user_id != user_id:
                return False
            for name in ("status", "application_status", "source", "employment_type", "remote"):
                wanted = getattr(filters, name)
                if wanted is not None and getattr(job, name) != wanted:
                    return False
            text = f"{job.title} {job.company} {job.description or ''}".lower()
            return not filters.q or filters.q.lower() in text

        return [job for job in self.rows.values() if matches(job)]


@dataclass
class FakeJobPageFetcher:
    """Answers `page` for any URL, or raises `fail_with`; records the URLs asked for."""

    page: FetchedPage | None = None
    fail_with: Exception | None = None
    fetched: list[str] = field(default_factory=list)

    async def fetch(self, url: str) -> FetchedPage:
        self.fetched.append(url)
        if self.fail_with is not None:
            raise self.fail_with
        return self.page or FetchedPage(url=url, text="")


class FakeUnitOfWork:
    """Changes apply at once (no rollback); `commits` counts commit() calls."""

    def __init__(self) -> None:
        self.users = InMemoryUsers()
        self.refresh_sessions = InMemoryRefreshSessions(self.users)
        self.reset_tokens = InMemoryResetTokens()
        self.jobs = InMemoryJobs()
        self.commits = 0

    def read_only(self) -> Self:
        return self

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.commits += 1

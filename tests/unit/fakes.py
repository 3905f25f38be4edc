"""In-memory fakes of the ports, for unit tests of the services."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.job import Job
from app.domain.entities.password_reset_token import PasswordResetToken
from app.domain.entities.profile import MasterProfile, ProfileView
from app.domain.entities.refresh_session import RefreshSession
from app.domain.entities.sample_document import SampleDocument, SampleFilter, SampleSummary
from app.domain.entities.usage_event import UsageEvent
from app.domain.entities.user import User
from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.auth import RevokeReason
from app.domain.enums.document_type import DocumentType
from app.domain.enums.job import ApplicationStatus, JobStatus
from app.domain.enums.profile import ProfileSection
from app.domain.enums.usage import UsageKind
from app.domain.errors import EmailTakenError
from app.domain.interfaces.email import EmailMessage
from app.domain.interfaces.job_page_fetcher import FetchedPage
from app.domain.interfaces.job_repository_interface import JobFilters, JobSort
from app.domain.interfaces.serialized_rows import SerializedRows
from app.domain.interfaces.unit_of_work import WriteInReadOnlyWork
from app.presentation.schemas.job import JobOut


class Block:
    """The state of the fake unit of work's current `async with` block, shared by its repositories."""

    def __init__(self) -> None:
        self.read_only = False
        self.profile_locked = False  # a profile was loaded for update in this block

    def writing(self, what: str = "a write") -> None:
        """Raise WriteInReadOnlyWork inside a read-only block, like the real session's flush guard."""
        if self.read_only:
            raise WriteInReadOnlyWork(what)


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
    block: Block  # set by FakeUnitOfWork

    def __init__(self) -> None:
        self.rows: dict[int, User] = {}

    async def add(self, user: User) -> User:
        self.block.writing()
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
    block: Block  # set by FakeUnitOfWork

    def __init__(self, users: InMemoryUsers) -> None:
        self.rows: dict[str, RefreshSession] = {}
        self._users = users

    async def add(self, session: RefreshSession) -> None:
        self.block.writing()
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
        self.block.writing()
        for session in self.rows.values():
            if session.family_id == family_id:
                session.revoke(reason, now=now)

    async def revoke_all_for_user(self, user_id: int, *, reason: RevokeReason, now: datetime) -> None:
        self.block.writing()
        for session in self.rows.values():
            if session.user_id == user_id:
                session.revoke(reason, now=now)

    async def delete_expired(self, *, now: datetime) -> int:
        self.block.writing()
        expired = [jti for jti, session in self.rows.items() if session.expires_at < now]
        for jti in expired:
            del self.rows[jti]
        return len(expired)


class InMemoryResetTokens:
    block: Block  # set by FakeUnitOfWork

    def __init__(self) -> None:
        self.rows: dict[str, PasswordResetToken] = {}

    async def add(self, token: PasswordResetToken) -> None:
        self.block.writing()
        self.rows[token.id] = token

    async def get_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        return next((t for t in self.rows.values() if t.token_hash == token_hash), None)

    async def void_unused_for_user(self, user_id: int, *, now: datetime) -> None:
        self.block.writing()
        for token in self.rows.values():
            if token.user_id == user_id and token.used_at is None:
                token.consume(now=now)

    async def delete_stale(self, *, now: datetime) -> int:
        self.block.writing()
        stale = [key for key, t in self.rows.items() if t.used_at is not None or t.expires_at < now]
        for key in stale:
            del self.rows[key]
        return len(stale)


def summary_of(sample: SampleDocument) -> SampleSummary:
    return SampleSummary(
        id=sample.id,
        user_id=sample.user_id,
        document_type=sample.document_type,
        original_filename=sample.original_filename,
        word_count=sample.word_count,
        character_count=sample.character_count,
        line_count=sample.line_count,
        is_active=sample.is_active,
        created_at=sample.created_at,
        updated_at=sample.updated_at,
    )


class InMemorySamples:
    """Keeps the partial unique index's promise: adding a second active sample of a type fails."""

    block: Block  # set by FakeUnitOfWork

    def __init__(self, styles: InMemoryWritingStyles) -> None:
        self.rows: dict[str, SampleDocument] = {}
        self.locked: list[int] = []
        self._styles = styles

    async def lock_owner(self, user_id: int) -> None:
        self.block.writing()
        self.locked.append(user_id)

    async def add(self, sample: SampleDocument) -> None:
        self.block.writing()
        if sample.is_active and self._active(sample.user_id, sample.document_type):
            raise AssertionError("a second active sample of the same type")
        self.rows[sample.id] = sample

    async def get(self, sample_id: str, *, user_id: int) -> SampleDocument | None:
        sample = self.rows.get(sample_id)
        return sample if sample is not None and sample.user_id == user_id else None

    async def list_summaries(
        self, user_id: int, sample_filter: SampleFilter, *, limit: int, offset: int
    ) -> list[SampleSummary]:
        return [
            summary_of(sample) for sample in self._matching(user_id, sample_filter)[offset : offset + limit]
        ]

    async def count(self, user_id: int, sample_filter: SampleFilter) -> int:
        return len(self._matching(user_id, sample_filter))

    async def deactivate_active(self, user_id: int, document_type: DocumentType, *, now: datetime) -> None:
        self.block.writing()
        for sample in self._active(user_id, document_type):
            sample.is_active = False
            sample.updated_at = now

    async def activate_newest(
        self, user_id: int, document_type: DocumentType, *, now: datetime
    ) -> str | None:
        self.block.writing()
        found = self._matching(user_id, SampleFilter(document_type))
        if not found:
            return None
        found[0].is_active = True
        found[0].updated_at = now
        return found[0].id

    async def delete(self, sample_id: str, *, user_id: int) -> SampleSummary | None:
        self.block.writing()
        sample = await self.get(sample_id, user_id=user_id)
        if sample is None:
            return None
        del self.rows[sample_id]
        self._styles.rows.pop(sample_id, None)
        return summary_of(sample)

    def _active(self, user_id: int, document_type: DocumentType) -> list[SampleDocument]:
        return self._matching(user_id, SampleFilter(document_type, is_active=True))

    def _matching(self, user_id: int, sample_filter: SampleFilter) -> list[SampleDocument]:
        found = [
            sample
            for sample in self.rows.values()
            if sample.user_id == user_id
            and sample_filter.document_type in (None, sample.document_type)
            and sample_filter.is_active in (None, sample.is_active)
        ]
        return sorted(found, key=lambda sample: (sample.created_at, sample.id), reverse=True)


class InMemoryWritingStyles:
    block: Block  # set by FakeUnitOfWork

    def __init__(self) -> None:
        self.rows: dict[str, WritingStyle] = {}  # by sample id

    async def add(self, style: WritingStyle) -> None:
        self.block.writing()
        self.rows[style.sample_id] = style

    async def get_for_sample(self, sample_id: str) -> WritingStyle | None:
        return self.rows.get(sample_id)


class InMemoryUsageEvents:
    block: Block  # set by FakeUnitOfWork

    def __init__(self) -> None:
        self.rows: list[UsageEvent] = []
        self.locked: list[int] = []

    async def lock_user(self, user_id: int) -> None:
        self.block.writing()
        self.locked.append(user_id)

    async def count_since(self, user_id: int, kind: UsageKind, *, since: datetime) -> int:
        return sum(1 for e in self.rows if e.user_id == user_id and e.kind == kind and e.created_at >= since)

    async def oldest_since(self, user_id: int, kind: UsageKind, *, since: datetime) -> datetime | None:
        times = [
            e.created_at
            for e in self.rows
            if e.user_id == user_id and e.kind == kind and e.created_at >= since
        ]
        return min(times, default=None)

    async def add(self, event: UsageEvent) -> None:
        self.block.writing()
        self.rows.append(event)

    async def delete(self, event_id: str) -> None:
        self.block.writing()
        self.rows = [event for event in self.rows if event.id != event_id]

    async def delete_before(self, before: datetime) -> int:
        self.block.writing()
        kept = [event for event in self.rows if event.created_at >= before]
        deleted, self.rows = len(self.rows) - len(kept), kept
        return deleted


class InMemoryProfiles:
    """Profiles kept as entities; views are built from them like the database builds its JSON."""

    block: Block  # set by FakeUnitOfWork

    def __init__(self) -> None:
        self.rows: dict[str, MasterProfile] = {}

    async def add(self, profile: MasterProfile) -> None:
        self.block.writing()
        self.rows[profile.id] = profile

    async def get(
        self,
        profile_id: str,
        *,
        user_id: int,
        sections: Collection[ProfileSection] = (),
        for_update: bool = False,
    ) -> MasterProfile | None:
        if for_update:
            self.block.writing("a lock")
            self.block.profile_locked = True
        profile = self.rows.get(profile_id)
        return profile if profile is not None and profile.user_id == user_id else None

    async def exists(self, profile_id: str, *, user_id: int) -> bool:
        return await self.get(profile_id, user_id=user_id) is not None

    async def get_detached(self, profile_id: str | None, *, user_id: int) -> MasterProfile | None:
        """A copy: changes to it are not saved, as the database's detached read."""
        if profile_id is None:
            found = next((p for p in self._of(user_id) if p.is_primary), None)
        else:
            found = await self.get(profile_id, user_id=user_id)
        return copy.deepcopy(found)

    async def get_primary_view(self, user_id: int) -> ProfileView | None:
        return next((_view(p) for p in self._of(user_id) if p.is_primary), None)

    async def get_view(self, profile_id: str, *, user_id: int) -> ProfileView | None:
        profile = await self.get(profile_id, user_id=user_id)
        return None if profile is None else _view(profile)

    async def list_views(self, user_id: int, *, limit: int, offset: int) -> list[ProfileView]:
        ordered = sorted(self._of(user_id), key=lambda p: (not p.is_primary, p.created_at))
        return [_view(p) for p in ordered[offset : offset + limit]]

    async def count(self, user_id: int) -> int:
        return len(self._of(user_id))

    async def lock_owner(self, user_id: int) -> None:
        """The user lock comes first: taken after a profile lock, two writers can deadlock."""
        self.block.writing("a lock")
        if self.block.profile_locked:
            raise AssertionError("the user lock taken after a profile lock (lock order: user first)")

    async def clear_primary(self, user_id: int) -> None:
        self.block.writing()
        for profile in self._of(user_id):
            profile.is_primary = False

    async def delete(self, profile: MasterProfile) -> None:
        self.block.writing()
        del self.rows[profile.id]

    def _of(self, user_id: int) -> list[MasterProfile]:
        return [p for p in self.rows.values() if p.user_id == user_id]


def _view(profile: MasterProfile) -> dict[str, Any]:
    view = {f.name: getattr(profile, f.name) for f in fields(profile)}
    for section in ProfileSection:
        view[section.value] = [asdict(item) for item in profile.items(section)]
    return view


class InMemoryJobs:
    """Lists serialize the jobs through the API schema, standing in for the JSON the database writes."""

    block: Block  # set by FakeUnitOfWork

    def __init__(self) -> None:
        self.rows: dict[str, Job] = {}

    async def add(self, job: Job) -> None:
        self.block.writing()
        self.rows[job.id] = job

    async def get(self, job_id: str, *, user_id: int) -> Job | None:
        job = self.rows.get(job_id)
        return job if job is not None and job.user_id == user_id else None

    async def get_detached(self, job_id: str, *, user_id: int) -> Job | None:
        """A copy without the history: changes to it are not saved, as the database's detached read."""
        job = await self.get(job_id, user_id=user_id)
        return None if job is None else dataclasses.replace(copy.deepcopy(job), status_history=[])

    async def list_page(
        self,
        user_id: int,
        filters: JobFilters,
        sort: JobSort,
        *,
        limit: int,
        offset: int,
        fields: tuple[str, ...],
    ) -> tuple[SerializedRows, int]:
        jobs = sorted(self._matching(user_id, filters), key=lambda job: getattr(job, sort.field.value))
        page = (jobs[::-1] if sort.descending else jobs)[offset : offset + limit]
        items = ",".join(JobOut.model_validate(job).model_dump_json(include=set(fields)) for job in page)
        return SerializedRows(json=f"[{items}]", count=len(page)), len(jobs)

    async def count(self, user_id: int, filters: JobFilters) -> int:
        return len(self._matching(user_id, filters))

    async def delete(self, job_id: str, *, user_id: int) -> bool:
        self.block.writing()
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
    """Changes apply at once (no rollback); `commits` counts commit() calls. Like the real one, a
    `read_only()` block cannot write: repository writes, locks and commit() raise WriteInReadOnlyWork."""

    def __init__(self) -> None:
        self.users = InMemoryUsers()
        self.refresh_sessions = InMemoryRefreshSessions(self.users)
        self.reset_tokens = InMemoryResetTokens()
        self.writing_styles = InMemoryWritingStyles()
        self.samples = InMemorySamples(self.writing_styles)
        self.usage_events = InMemoryUsageEvents()
        self.profiles = InMemoryProfiles()
        self.jobs = InMemoryJobs()
        self.commits = 0
        self.block = Block()
        self._next_read_only = False
        for repository in (
            self.users,
            self.refresh_sessions,
            self.reset_tokens,
            self.writing_styles,
            self.samples,
            self.usage_events,
            self.profiles,
            self.jobs,
        ):
            repository.block = self.block

    def read_only(self) -> Self:
        self._next_read_only = True
        return self

    async def __aenter__(self) -> Self:
        self.block.read_only, self._next_read_only = self._next_read_only, False
        self.block.profile_locked = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.block.writing("commit()")
        self.commits += 1


class InMemoryFileStorage:
    """The part of the FileStorage port the services' deletions use: objects by key."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    async def delete(self, key: str) -> None:
        self.objects.pop(key, None)

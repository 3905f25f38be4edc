"""Job use cases: intake (fields, text, URL), the user's list, tracking, stats and the browse feed."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from app.application.dtos.job_dto import (
    BrowseQuery,
    JobDraft,
    JobEdit,
    JobListPage,
    JobListQuery,
    JobStats,
    Page,
)
from app.application.services.export_files_service import remove_files
from app.domain.entities.feed_job import BrowseFeed, FeedJob
from app.domain.entities.job import (
    DESCRIPTION_MAX,
    RAW_TEXT_MAX,
    Job,
    require_web_url,
    stored_source,
)
from app.domain.enums.job import ApplicationStatus, EmploymentType, JobStatus
from app.domain.errors import NotFoundError, UrlFetchFailedError
from app.domain.ids import new_id, parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.job_page_fetcher import JobPageFetcher
from app.domain.interfaces.job_parser import JobPostingParser
from app.domain.interfaces.storage import FileStorage
from app.domain.interfaces.unit_of_work import UnitOfWork
from app.domain.job_parsing.json_ld import apply_posting, posting_text
from app.domain.job_parsing.parsed_job import ParsedJob

T = TypeVar("T")


def _given(value: T | None, fallback: T) -> T:
    return fallback if value is None else value


class JobService:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        parser: JobPostingParser,
        fetcher: JobPageFetcher,
        feed: BrowseFeed,
        clock: Clock,
        storage: FileStorage,
    ) -> None:
        self._storage = storage
        self._uow = uow
        self._parser = parser
        self._fetcher = fetcher
        self._feed = feed
        self._clock = clock

    async def create_job(self, user_id: int, draft: JobDraft) -> Job:
        """Save a job from fields, pasted text or a URL; fields sent along override what was parsed."""
        raw_text, parsed = await self._intake(draft)  # before the transaction: no lock held while fetching
        job = self._new_job(user_id, draft, parsed, raw_text=raw_text, now=self._clock.now())
        job.record_creation()
        async with self._uow as uow:
            await uow.jobs.add(job)
            await uow.commit()
        return job

    async def parse_text(self, raw_text: str) -> ParsedJob:
        """Read a posting's fields without saving anything."""
        return await self._parser.parse(raw_text)

    async def list_jobs(self, user_id: int, query: JobListQuery) -> JobListPage:
        """One page of the user's jobs, filtered and sorted, with the number of matches."""
        async with self._uow.read_only() as uow:
            jobs, total = await uow.jobs.list_page(
                user_id,
                query.filters,
                query.sort,
                limit=query.limit,
                offset=query.offset,
                fields=query.fields,
            )
        return JobListPage(jobs=jobs, total=total, limit=query.limit, offset=query.offset)

    async def get_job(self, user_id: int, job_id: str) -> Job:
        """The user's job with its status history."""
        async with self._uow.read_only() as uow:
            return await self._owned(uow, user_id, job_id)

    async def update_job(self, user_id: int, job_id: str, edit: JobEdit) -> Job:
        """Apply a partial edit; an application-status move must follow the transition table."""
        async with self._uow as uow:
            job = await self._owned(uow, user_id, job_id)
            if job.update(
                now=self._clock.now(), fields=edit.fields, application_status=edit.application_status
            ):
                await uow.commit()
        return job

    async def delete_job(self, user_id: int, job_id: str) -> None:
        """Delete the user's job and everything hanging off it, export files included (after commit)."""
        canonical = parse_id(job_id)
        async with self._uow as uow:
            if canonical is None or await uow.jobs.get(canonical, user_id=user_id) is None:
                raise NotFoundError("job")
            generation_ids = await uow.generations.ids_for_job(canonical, user_id=user_id)
            found = [
                *await uow.exports.of_job(canonical, user_id=user_id),
                *await uow.exports.of_generations(generation_ids),
                *await uow.exports.zips_holding(user_id, generation_ids),  # mixed ZIPs holding its documents
            ]
            exports = list({export.id: export for export in found}.values())
            await uow.exports.delete(exports)
            await uow.jobs.delete(canonical, user_id=user_id)
            await uow.commit()
        await remove_files(self._storage, exports)

    async def stats(self, user_id: int) -> JobStats:
        """How many jobs the user has, by status and by application status."""
        async with self._uow.read_only() as uow:
            groups = await uow.jobs.count_by_status(user_id)
        by_status = dict.fromkeys(JobStatus, 0)
        by_application = dict.fromkeys(ApplicationStatus, 0)
        for status, application_status, count in groups:
            by_status[status] += count
            by_application[application_status] += count
        return JobStats(
            total=sum(by_status.values()), by_status=by_status, by_application_status=by_application
        )

    async def browse(self, query: BrowseQuery) -> Page[FeedJob]:
        """The public feed of sample postings, newest first."""
        items, total = self._feed.search(
            query=query.query,
            location=query.location,
            remote_only=query.remote_only,
            employment_type=query.employment_type,
            limit=query.limit,
            offset=query.offset,
        )
        return Page(items=items, total=total, limit=query.limit, offset=query.offset)

    async def _owned(self, uow: UnitOfWork, user_id: int, job_id: str) -> Job:
        canonical = parse_id(job_id)
        job = None if canonical is None else await uow.jobs.get(canonical, user_id=user_id)
        if job is None:
            raise NotFoundError("job")
        return job

    async def _intake(self, draft: JobDraft) -> tuple[str | None, ParsedJob | None]:
        """The text to keep as raw_text and what the parser read, for text and URL forms."""
        if draft.raw_text is not None:
            if draft.url is not None:
                require_web_url(draft.url)  # kept as the posting's link, not fetched
            return draft.raw_text, await self._parser.parse(draft.raw_text)
        if draft.url is None:
            return None, None
        page = await self._fetcher.fetch(require_web_url(draft.url))
        if page.posting is not None:
            posting = posting_text(page.posting)[:RAW_TEXT_MAX]  # the parser reads no more than a paste
            parsed = apply_posting(await self._parser.parse(posting), page.posting)
            return (page.text or posting_text(page.posting))[:RAW_TEXT_MAX], parsed
        if not page.text.strip():
            raise UrlFetchFailedError("The page has no text to read")
        text = page.text[:RAW_TEXT_MAX]
        return text, await self._parser.parse(text)

    def _new_job(
        self, user_id: int, draft: JobDraft, parsed: ParsedJob | None, *, raw_text: str | None, now: datetime
    ) -> Job:
        title = draft.title or (parsed.title if parsed else "")
        company = draft.company or (parsed.company if parsed else "")
        description = _given(draft.description, parsed.description if parsed else None)
        requirements = _given(draft.requirements, parsed.requirements if parsed else [])
        keywords = draft.parsed_keywords
        if keywords is None:
            keywords = (
                parsed.parsed_keywords
                if parsed
                else self._parser.keywords("\n".join([title, description or "", *requirements]))
            )
        return Job(
            id=new_id(),
            user_id=user_id,
            source=stored_source(
                has_raw_text=draft.raw_text is not None, has_url=draft.url is not None, hint=draft.source
            ),
            title=title,
            company=company,
            location=_given(draft.location, parsed.location if parsed else None),
            description=description[:DESCRIPTION_MAX] if description else None,
            raw_text=raw_text,
            url=draft.url,
            parsed_keywords=keywords,
            requirements=requirements,
            benefits=_given(draft.benefits, parsed.benefits if parsed else []),
            salary_range=_given(draft.salary_range, parsed.salary_range if parsed else None),
            remote=_given(draft.remote, parsed.remote if parsed else False),
            employment_type=_given(
                draft.employment_type, parsed.employment_type if parsed else EmploymentType.FULL_TIME
            ),
            status=_given(draft.status, JobStatus.ACTIVE),
            application_status=_given(draft.application_status, ApplicationStatus.NOT_APPLIED),
            applied_date=draft.applied_date,
            notes=draft.notes,
            created_at=now,
            updated_at=now,
        )

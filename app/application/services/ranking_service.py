"""Ranking use cases: order the user's experiences and projects for a job, cached until an input changes."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import anyio.to_thread

from app.application.dtos.generation_dto import Sources, Target
from app.application.services.generation_sources import read_sources
from app.application.services.llm_calls import LlmCalls
from app.domain.entities.ranking import JobContentRanking
from app.domain.errors import NotFoundError
from app.domain.generation.keywords import KeywordVocabulary
from app.domain.generation.ranked_content import RankedContent
from app.domain.generation.ranking import rank_content, ranking_input_hash
from app.domain.generation.task_briefs import rationale_brief
from app.domain.ids import parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.unit_of_work import UnitOfWork

# Rankings just computed, by input hash and day (the hash covers exactly what the ranking reads; the
# day moves recency): a document made again from unchanged sources skips the ranking. Per process.
_RANKED_KEPT = 256
_ranked: OrderedDict[tuple[str, date], RankedContent] = OrderedDict()


@dataclass(frozen=True)
class Ranked:
    """A ranking as stored and the content order it holds."""

    ranking: JobContentRanking
    content: RankedContent


class RankingService:
    def __init__(
        self, *, uow: UnitOfWork, clock: Clock, vocabulary: KeywordVocabulary, llm: LlmCalls
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._vocabulary = vocabulary
        self._llm = llm

    async def create_ranking(
        self, user_id: int, target: Target, *, custom_prompt: str | None
    ) -> JobContentRanking:
        """The job's ranking for the profile: the stored one while its inputs are unchanged, else new."""
        async with self._uow.read_only() as uow:
            sources = await read_sources(uow, user_id, target)
        return (await self.fresh(user_id, sources, custom_prompt=custom_prompt)).ranking

    async def get_ranking(self, user_id: int, job_id: str) -> JobContentRanking:
        """The job's ranking, recomputed first when the job or its profile changed since."""
        canonical = parse_id(job_id)
        async with self._uow.read_only() as uow:
            job = None if canonical is None else await uow.jobs.get(canonical, user_id=user_id)
            if job is None:
                raise NotFoundError("job")
            ranking = await uow.rankings.get_for_job(job.id, user_id=user_id)
            if ranking is None:
                raise NotFoundError("ranking")
            sources = await read_sources(uow, user_id, Target(job.id, ranking.profile_id))
        return (await self.fresh(user_id, sources, custom_prompt=None)).ranking

    async def fresh(self, user_id: int, sources: Sources, *, custom_prompt: str | None) -> Ranked:
        """Rank the sources' items; store the result unless the stored ranking already holds it."""
        input_hash = ranking_input_hash(sources.profile, sources.job)
        content = await self._content(sources, input_hash)
        stored = sources.ranking
        if (
            stored is not None
            and stored.is_fresh_for(sources.profile.id, input_hash)
            and custom_prompt is None
        ):
            return Ranked(stored, content)
        brief = rationale_brief(sources.profile, sources.job, content, custom_prompt=custom_prompt)
        rationale, metadata = await self._llm.ranking_rationale(brief)  # never raises: falls back
        async with self._uow as uow:
            await uow.profiles.lock_owner(user_id)  # one ranking per user and job, whoever else ranks it
            await _still_there(uow, user_id, sources)
            stored = await uow.rankings.get_for_job(sources.job.id, user_id=user_id)
            now = self._clock.now()
            ranking = stored or JobContentRanking(
                user_id=user_id, job_id=sources.job.id, profile_id=sources.profile.id, input_hash=input_hash
            )
            ranking.record(
                content,
                profile_id=sources.profile.id,
                input_hash=input_hash,
                rationale=rationale,
                llm_metadata=metadata,
                now=now,
            )
            if stored is None:
                ranking.created_at = now
                await uow.rankings.add(ranking)
            await uow.commit()
        return Ranked(ranking, content)

    async def _content(self, sources: Sources, input_hash: str) -> RankedContent:
        today = self._clock.now().date()
        key = (input_hash, today)
        content = _ranked.get(key)
        if content is None:
            content = await anyio.to_thread.run_sync(self._rank, sources, today)
            _ranked[key] = content
            if len(_ranked) > _RANKED_KEPT:
                _ranked.popitem(last=False)
        else:
            _ranked.move_to_end(key)
        return content

    def _rank(self, sources: Sources, today: date) -> RankedContent:
        return rank_content(sources.profile, sources.job, vocabulary=self._vocabulary, today=today)


async def _still_there(uow: UnitOfWork, user_id: int, sources: Sources) -> None:
    """404 when the job or the profile was deleted while the ranking was computed."""
    if await uow.jobs.get_detached(sources.job.id, user_id=user_id) is None:
        raise NotFoundError("job")
    if not await uow.profiles.exists(sources.profile.id, user_id=user_id):
        raise NotFoundError("profile")

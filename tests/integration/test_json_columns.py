"""JSON columns read back what was written, through the ORM, the database's own JSON (the history page)
and prepared reads (the detached ranking) alike."""

from __future__ import annotations

import dataclasses
import math

import orjson
import pytest
from fastapi import FastAPI
from sqlalchemy.exc import StatementError

from app.domain.entities.generation import Generation, GenerationFilter
from app.domain.entities.profile import MasterProfile
from app.domain.entities.ranking import JobContentRanking
from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationMode
from app.domain.ids import new_id
from tests.helpers import add_user, uow_of
from tests.job_builders import make_job, save


async def test_values_the_fast_reader_refuses_are_read_back_all_the_same(app: FastAPI):
    """orjson reads JSON columns; integers past 64 bits, which it refuses, still read. NaN is never
    written: neither engine's JSON would read it back."""
    user_id = await add_user(app)
    job = make_job(user_id)
    await save(app, job)
    metadata: dict[str, object] = {"big": 2**70, "text": "Ñoño ✓"}
    generation = Generation(
        user_id=user_id,
        job_id=job.id,
        document_type=DocumentType.RESUME,
        mode=GenerationMode.SYNC,
        llm_metadata=metadata,
    )
    refused = dataclasses.replace(generation, id=new_id(), llm_metadata={"score": math.nan})
    async with uow_of(app) as uow:
        with pytest.raises(StatementError, match="Out of range float values are not JSON compliant"):
            await uow.generations.add(refused)
    async with uow_of(app) as uow:
        await uow.generations.add(generation)
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        page, total = await uow.generations.list_page(user_id, GenerationFilter(), limit=20, offset=0)
        past, total_past = await uow.generations.list_page(user_id, GenerationFilter(), limit=20, offset=5)
        loaded = await uow.generations.get(generation.id, user_id=user_id)
    assert loaded is not None
    [listed] = orjson.loads(page.json)
    assert (total, past.json, past.count, total_past) == (1, "[]", 0, 1)  # past the last page: counted
    for read in (listed["llm_metadata"], loaded.llm_metadata):
        assert (read["big"], read["text"]) == (2**70, "Ñoño ✓")


async def test_a_detached_ranking_reads_what_was_stored_and_saves_nothing(app: FastAPI):
    user_id = await add_user(app)
    job = make_job(user_id)
    await save(app, job)
    profile = MasterProfile(user_id=user_id, personal_info={"full_name": "Ada"})
    async with uow_of(app) as uow:
        await uow.profiles.add(profile)
        await uow.commit()
    ranking = JobContentRanking(
        user_id=user_id,
        job_id=job.id,
        profile_id=profile.id,
        input_hash="a" * 64,
        ranked_experience_ids=[new_id()],
        keyword_matches={"python": 2},
        relevance_scores={"x": 0.5},
    )
    async with uow_of(app) as uow:
        await uow.rankings.add(ranking)
        await uow.commit()
    async with uow_of(app) as uow:
        detached = await uow.rankings.get_detached_for_job(job.id, user_id=user_id)
        assert await uow.rankings.get_detached_for_job(job.id, user_id=user_id + 1) is None
        assert detached is not None
        assert (detached.id, detached.keyword_matches, detached.relevance_scores) == (
            ranking.id,
            {"python": 2},
            {"x": 0.5},
        )
        assert detached.ranked_experience_ids == ranking.ranked_experience_ids
        detached.input_hash = "b" * 64
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        stored = await uow.rankings.get_for_job(job.id, user_id=user_id)
    assert stored is not None
    assert stored.input_hash == "a" * 64

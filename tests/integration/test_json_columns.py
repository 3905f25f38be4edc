"""JSON columns read back what was written, through the ORM and through prepared reads alike."""

from __future__ import annotations

import math

from fastapi import FastAPI

from app.domain.entities.generation import Generation, GenerationFilter
from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationMode
from tests.helpers import add_user, uow_of
from tests.job_builders import make_job, save


async def test_values_the_fast_reader_refuses_are_read_back_all_the_same(app: FastAPI):
    """orjson reads JSON columns; what it refuses but json wrote (NaN, integers past 64 bits) still reads."""
    user_id = await add_user(app)
    job = make_job(user_id)
    await save(app, job)
    metadata: dict[str, object] = {"big": 2**70, "text": "Ñoño ✓"}
    sqlite = app.state.resources.database.engine.dialect.name == "sqlite"
    if sqlite:  # PostgreSQL's jsonb refuses NaN at the write
        metadata["score"] = math.nan
    generation = Generation(
        user_id=user_id,
        job_id=job.id,
        document_type=DocumentType.RESUME,
        mode=GenerationMode.SYNC,
        llm_metadata=metadata,
    )
    async with uow_of(app) as uow:
        await uow.generations.add(generation)
        await uow.commit()
    async with uow_of(app).read_only() as uow:
        [view] = await uow.generations.list_views(user_id, GenerationFilter(), limit=20, offset=0)
        loaded = await uow.generations.get(generation.id, user_id=user_id)
    assert loaded is not None
    for read in (view.generation.llm_metadata, loaded.llm_metadata):
        assert (read["big"], read["text"]) == (2**70, "Ñoño ✓")
        assert math.isnan(read["score"]) if sqlite else "score" not in read

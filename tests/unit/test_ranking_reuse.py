"""A document made again from unchanged sources reuses the ranking computed for them (per process)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.application.dtos.generation_dto import Sources
from app.application.services import ranking_service
from app.application.services.ranking_service import RankingService
from app.domain.entities.ranking import JobContentRanking
from app.domain.generation.ranking import rank_content, ranking_input_hash
from tests.unit.document_fixtures import make_job, rich_profile
from tests.unit.fakes import FakeClock, FakeUnitOfWork
from tests.unit.ranking_builders import vocabulary


def sources(**job_changes: Any) -> Sources:
    """Sources whose stored ranking is fresh, so nothing is written (the fake has no rankings)."""
    profile, job = rich_profile(), make_job(**job_changes)
    stored = JobContentRanking(
        user_id=1, job_id=job.id, profile_id=profile.id, input_hash=ranking_input_hash(profile, job)
    )
    return Sources(job=job, profile=profile, ranking=stored)


def make_service(clock: FakeClock) -> RankingService:
    # No model is asked: every ranking here is stored fresh already.
    return RankingService(uow=FakeUnitOfWork(), clock=clock, vocabulary=vocabulary(), llm=None)  # type: ignore[arg-type]


@pytest.fixture
def ranked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The descriptions of the jobs actually ranked, in order; the kept rankings start empty."""
    seen: list[str] = []

    def counting(profile: Any, job: Any, **options: Any) -> Any:
        seen.append(job.description)
        return rank_content(profile, job, **options)

    monkeypatch.setattr(ranking_service, "rank_content", counting)
    monkeypatch.setattr(ranking_service, "_ranked", type(ranking_service._ranked)())
    monkeypatch.setattr(ranking_service, "_RANKED_KEPT", 2)
    return seen


async def test_unchanged_sources_are_ranked_once_and_changed_ones_again(ranked: list[str]):
    clock = FakeClock(datetime(2026, 12, 2, 9, tzinfo=UTC))
    service = make_service(clock)
    first = await service.fresh(1, sources(), custom_prompt=None)
    again = await service.fresh(1, sources(), custom_prompt=None)
    assert again.content == first.content
    assert first.content == rank_content(
        rich_profile(), make_job(), vocabulary=vocabulary(), today=clock.now().date()
    )
    await service.fresh(1, sources(description="Go and Rust services"), custom_prompt=None)
    clock.advance(days=1)  # recency moves with the day
    await service.fresh(1, sources(), custom_prompt=None)
    assert ranked == [make_job().description, "Go and Rust services", make_job().description]


async def test_only_the_most_recent_rankings_are_kept(ranked: list[str]):
    clock = FakeClock(datetime(2026, 12, 2, 9, tzinfo=UTC))
    service = make_service(clock)
    for description in ("one", "two", "one", "three", "two"):
        await service.fresh(1, sources(description=description), custom_prompt=None)
    assert ranked == ["one", "two", "three", "two"]  # "one", used again, outlived "two"

"""Reading what rankings and documents are made from: the job, the profile with its items, the ranking."""

from __future__ import annotations

from app.application.dtos.generation_dto import Sources, Target
from app.domain.entities.profile import MasterProfile
from app.domain.errors import NotFoundError
from app.domain.ids import parse_id
from app.domain.interfaces.unit_of_work import UnitOfWork


async def read_profile(uow: UnitOfWork, user_id: int, profile_id: str | None) -> MasterProfile:
    """The given profile, or the user's primary one, with every item list (for reading: changes to it
    are not saved); 404 profile_not_found."""
    canonical = None if profile_id is None else parse_id(profile_id)
    profile = (
        None
        if profile_id is not None and canonical is None
        else await uow.profiles.get_detached(canonical, user_id=user_id)
    )
    if profile is None:
        raise NotFoundError("profile")
    return profile


async def read_sources(uow: UnitOfWork, user_id: int, target: Target) -> Sources:
    """The job (404 job_not_found first), the profile and the job's ranking if there is one."""
    job_id = parse_id(target.job_id)
    job = None if job_id is None else await uow.jobs.get_detached(job_id, user_id=user_id)
    if job is None:
        raise NotFoundError("job")
    profile = await read_profile(uow, user_id, target.profile_id)
    ranking = await uow.rankings.get_detached_for_job(job.id, user_id=user_id)
    return Sources(job=job, profile=profile, ranking=ranking)

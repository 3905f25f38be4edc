"""Small builders for the ranking, keyword and ATS tests, and the labelled fixtures' loader."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Experience, Project
from app.domain.enums.job import JobSource
from app.domain.generation.keywords import KeywordVocabulary
from app.infrastructure.data_files import SKILLS_PATH, SYNONYMS_PATH, load_keyword_vocabulary

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ranking"
TODAY = date(2025, 6, 1)


@cache
def vocabulary() -> KeywordVocabulary:
    """The shipped vocabulary (skills.txt + skill_synonyms.txt), loaded once per test run."""
    return load_keyword_vocabulary(SKILLS_PATH, SYNONYMS_PATH)


def make_experience(**overrides: Any) -> Experience:
    fields: dict[str, Any] = {
        "title": "Engineer",
        "company": "Acme",
        "start_date": "2020-01-01",
        "end_date": "2022-01-01",
        "description": "Worked on things.",
    }
    return Experience(**{**fields, **overrides})


def make_project(**overrides: Any) -> Project:
    fields: dict[str, Any] = {"name": "Side project", "description": "A project."}
    return Project(**{**fields, **overrides})


def make_profile(**overrides: Any) -> MasterProfile:
    fields: dict[str, Any] = {"user_id": 1, "personal_info": {"full_name": "Ada", "email": "ada@example.com"}}
    return MasterProfile(**{**fields, **overrides})


def make_job(**overrides: Any) -> Job:
    fields: dict[str, Any] = {
        "id": "job-1",
        "user_id": 1,
        "source": JobSource.USER_CREATED,
        "title": "Engineer",
        "company": "Globex",
    }
    return Job(**{**fields, **overrides})


@dataclass(frozen=True)
class LabelledCase:
    """One (profile, job) pair of tests/fixtures/ranking with its hand-made 0-3 labels."""

    name: str
    profile: MasterProfile
    job: Job
    today: date
    labels: dict[str, dict[str, int]]  # "experiences" | "projects" -> item id -> grade


def labelled_cases() -> list[LabelledCase]:
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["profile"]
        profile = make_profile(
            professional_summary=items["professional_summary"],
            skills={"languages": [], "certifications": [], **items["skills"]},
            experiences=[Experience(**fields) for fields in items["experiences"]],
            projects=[Project(**fields) for fields in items["projects"]],
        )
        for case in data["jobs"]:
            job = make_job(id=case["id"], **case["job"])
            today = date.fromisoformat(data["today"])
            cases.append(LabelledCase(f"{path.stem}/{case['id']}", profile, job, today, case["labels"]))
    return cases

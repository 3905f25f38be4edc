"""Profile analytics on hand-checked profiles (see the scoring rules in app/domain/profile_analytics.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Certification, Education, Experience, Project
from app.domain.profile_analytics import analyze, years_of_experience

TODAY = date(2025, 1, 1)


def make_profile(**overrides: Any) -> MasterProfile:
    values: dict[str, Any] = {"user_id": 1, "personal_info": {"full_name": "Ada", "email": "ada@example.com"}}
    values.update(overrides)
    return MasterProfile(**values)


def experience(start: str, end: str | None = None, **overrides: Any) -> Experience:
    values: dict[str, Any] = {"title": "Engineer", "company": "ACME", "start_date": start, "end_date": end}
    values.update(overrides)
    return Experience(**values)


def codes(profile: MasterProfile) -> list[tuple[str, str | None]]:
    return [(w.code, w.item_id) for w in analyze(profile, today=TODAY).warnings]


def test_a_bare_profile_scores_ten_and_misses_every_section():
    result = analyze(make_profile(), today=TODAY)

    assert result.completeness == {
        "overall": 10,
        "personal_info": 50,
        "professional_summary": 0,
        "experiences": 0,
        "education": 0,
        "skills": 0,
        "projects": 0,
    }
    assert result.completeness_score == 10
    assert result.missing_sections == [
        "professional_summary",
        "experiences",
        "education",
        "skills",
        "projects",
    ]
    assert [w.code for w in result.warnings] == ["missing_contact_info"]
    assert result.statistics.years_of_experience == 0.0
    assert result.strengths == []
    assert "Add your work experience" in result.recommendations


def test_a_rich_profile_is_scored_section_by_section():
    first = experience("2015-01-01", "2018-01-01", description="d" * 60, achievements=["Shipped"])
    second = experience("2017-01-01", is_current=True, description="short")
    profile = make_profile(
        personal_info={
            "full_name": "Ada",
            "email": "ada@example.com",
            "phone": "+44 1",
            "location": "London",
            "linkedin": "https://linkedin.com/in/ada",
        },
        professional_summary="s" * 160,
        experiences=[first, second],
        education=[
            Education(institution="UCL", degree="BSc", start_date="2005-09-01", end_date="2009-06-01")
        ],
        projects=[Project(name="Engine", description="p" * 60, technologies=["Rust"])],
        skills={
            "technical": ["a", "b", "c", "d", "e"],
            "soft": ["f", "g", "h", "i", "j"],
            "languages": [{"name": "French", "proficiency": "fluent"}],
            "certifications": [
                Certification(
                    name="CKA", issuer="CNCF", date_obtained="2021-06-01", expiry_date="2024-06-01"
                ).to_json()
            ],
        },
    )
    result = analyze(profile, today=TODAY)

    assert result.completeness == {
        "overall": 84,  # (100*20 + 100*15 + 75*25 + 80*15 + 70*15 + 80*10) / 100 = 84.25
        "personal_info": 100,
        "professional_summary": 100,
        "experiences": 75,
        "education": 80,
        "skills": 70,
        "projects": 80,
    }
    assert result.missing_sections == []
    assert result.statistics.years_of_experience == 10.0  # 2015-01-01 to today, the overlap counted once
    assert result.statistics.total_certifications == 1
    assert codes(profile) == [
        ("overlapping_experiences", second.id),
        ("short_description", second.id),
        ("no_achievements", second.id),
        ("expired_certification", profile.certifications[0].id),
    ]
    assert result.strengths == [
        "Complete personal information",
        "Complete professional summary",
        "10 years of professional experience",
    ]
    assert "Add the field of study to your education" in result.recommendations
    assert "Link each project to its code or a demo" in result.recommendations


def test_date_warnings_name_the_item():
    future = experience("2026-01-01", is_current=True, description="d" * 60, achievements=["x"])
    open_ended = experience("2020-01-01", description="d" * 60, achievements=["x"])
    backwards = Certification(name="Old", issuer="X", date_obtained="2020-01-01", expiry_date="2019-01-01")
    profile = make_profile(
        personal_info={"full_name": "Ada", "email": "ada@example.com", "phone": "1"},
        experiences=[future, open_ended],
        skills={"technical": [], "soft": [], "languages": [], "certifications": [backwards.to_json()]},
    )
    assert codes(profile) == [
        ("future_start_date", future.id),
        ("missing_end_date", open_ended.id),
        ("date_order", backwards.id),
        ("expired_certification", backwards.id),
    ]


def test_years_of_experience_merge_overlaps_and_ignore_unknown_ends():
    spans = [
        experience("2010-01-01", "2012-01-01"),
        experience("2011-01-01", "2013-01-01"),  # overlaps the first: one extra year
        experience("2020-01-01"),  # no end and not current: unknown, not counted
        experience("2024-01-01", is_current=True),  # one year to today
    ]
    assert years_of_experience(spans, TODAY) == 4.0


def test_analytics_are_deterministic():
    profile = make_profile(experiences=[experience("2015-01-01", "2016-01-01")])
    assert analyze(profile, today=TODAY) == analyze(profile, today=TODAY)

"""Profile analytics on hand-checked profiles (see the scoring rules in app/domain/profile_analytics.py)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Certification, Education, Experience, Project
from app.domain.profile_analytics import MAX_WARNINGS, analyze, years_of_experience

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


def described(start: str, end: str | None = None, **overrides: Any) -> Experience:
    """An experience that draws no warning of its own."""
    return experience(start, end, description="d" * 60, achievements=["Shipped"], **overrides)


def pairwise_overlaps(experiences: list[Experience]) -> list[tuple[str, str | None, str]]:
    """The overlap warnings as every pair compared with every other (the rule, stated naively)."""
    spans = []
    for e in experiences:
        start = date.fromisoformat(e.start_date)
        end = TODAY if e.is_current else min(date.fromisoformat(e.end_date or "9999-01-01"), TODAY)
        if e.is_current or e.end_date:
            spans.append(((start, end), e))
    spans = sorted((pair for pair in spans if pair[0][0] < pair[0][1]), key=lambda pair: pair[0])
    return [
        (
            "overlapping_experiences",
            later.id,
            f"Engineer at {later.company} overlaps Engineer at {first.company}",
        )
        for index, ((_, end), first) in enumerate(spans)
        for (later_start, _), later in spans[index + 1 :]
        if later_start < end
    ]


def test_overlap_warnings_name_every_overlapping_pair_on_the_later_one():
    rng = random.Random(7)
    for _ in range(200):
        experiences = []
        for index in range(rng.randint(0, 8)):
            start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
            end = start + timedelta(days=rng.randint(-30, 1500))
            current = rng.random() < 0.2
            experiences.append(
                described(
                    start.isoformat(),
                    None if current else end.isoformat(),
                    is_current=current,
                    company=f"C{index}",
                )
            )
        profile = make_profile(
            personal_info={"full_name": "A", "email": "a@example.com", "phone": "1"}, experiences=experiences
        )
        warnings = analyze(profile, today=TODAY).warnings
        expected = pairwise_overlaps(experiences)
        assert [(w.code, w.item_id, w.message) for w in warnings if w.code != "date_order"] == expected


def test_many_overlapping_experiences_give_at_most_fifty_warnings_the_last_counting_the_rest():
    count = 1500
    experiences = [
        experience(f"{2000 + i % 20}-01-01", is_current=True, company=f"C{i}") for i in range(count)
    ]
    warnings = analyze(make_profile(experiences=experiences), today=TODAY).warnings

    assert len(warnings) == MAX_WARNINGS
    assert {w.code for w in warnings[:-1]} == {"overlapping_experiences"}
    pairs, listed = count * (count - 1) // 2, MAX_WARNINGS - 1
    summary = warnings[-1]
    assert (summary.code, summary.item_id) == ("more_warnings", None)
    assert summary.message == (
        f"{pairs - listed + 2 * count + 1:,} more warnings not listed: "
        f"{pairs - listed:,} overlapping_experiences, {count:,} short_description, "
        f"{count:,} no_achievements, 1 missing_contact_info"
    )


def test_fifty_warnings_are_listed_without_a_summary():
    experiences = [  # 49 short descriptions, and no phone
        experience(f"{1950 + i}-01-01", f"{1950 + i}-06-01", achievements=["x"]) for i in range(49)
    ]
    warnings = analyze(make_profile(experiences=experiences), today=TODAY).warnings
    assert len(warnings) == MAX_WARNINGS
    assert "more_warnings" not in {w.code for w in warnings}

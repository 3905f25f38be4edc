"""The deterministic ranking: what puts an item first, how ties and synonyms behave, the rationale the
local provider shows, and the input hash that decides when a cached ranking is stale."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from app.domain.enums.job import ApplicationStatus
from app.domain.generation.ranking import (
    RECENCY_HALF_LIFE_YEARS,
    UNDATED_RECENCY,
    bm25_scores,
    rank_content,
    ranking_input_hash,
    recency,
    stem,
)
from tests.unit.ranking_builders import (
    TODAY,
    make_experience,
    make_job,
    make_profile,
    make_project,
    vocabulary,
)

BACKEND_JOB = make_job(
    title="Backend Engineer",
    description="Build payment APIs in Python on PostgreSQL and run them on Kubernetes.",
    requirements=["Python and PostgreSQL", "Kubernetes in production"],
    parsed_keywords=["Python", "PostgreSQL", "Kubernetes"],
)


def rank(profile, job=BACKEND_JOB, today=TODAY):
    return rank_content(profile, job, vocabulary=vocabulary(), today=today)


def test_the_item_about_the_job_comes_first_and_scores_stay_between_0_and_1():
    profile = make_profile(
        experiences=[
            make_experience(id="cafe", title="Barista", description="Made coffee and handled cash."),
            make_experience(
                id="api",
                title="Software Engineer",
                description="Built payment APIs in Python on Postgres, deployed on k8s.",
            ),
            make_experience(id="web", title="Web Developer", description="Built WordPress sites in PHP."),
        ],
        projects=[
            make_project(id="blog", name="Blog", description="A personal cooking blog."),
            make_project(
                id="ledger", name="Ledger", description="A Python ledger.", technologies=["Postgres"]
            ),
        ],
    )
    ranked = rank(profile)
    assert ranked.experience_ids[0] == "api"
    assert ranked.project_ids == ["ledger", "blog"]
    assert all(0 <= score <= 1 for score in ranked.relevance_scores.values())
    top = ranked.experiences[0]
    assert top.bm25 == 1.0  # normalised: the best item of the user's own is 1
    # Synonyms meet: Postgres and k8s are the job's PostgreSQL and Kubernetes.
    assert top.matched_terms == ("Python", "PostgreSQL", "Kubernetes")
    assert top.skill_overlap == 1.0  # all of a job's keywords when it has fewer than OVERLAP_FULL
    assert ranked.keyword_matches == {"Python": 2, "PostgreSQL": 2, "Kubernetes": 1}


def test_a_score_is_the_contracts_weighted_sum_of_its_parts():
    profile = make_profile(
        experiences=[
            make_experience(id="a", description="Python services on Kubernetes", end_date="2021-06-01"),
            make_experience(id="b", description="PostgreSQL tuning", is_current=True, end_date=None),
        ]
    )
    for item in rank(profile).experiences:
        expected = 0.5 * item.bm25 + 0.35 * item.skill_overlap + 0.15 * item.recency
        assert item.score == pytest.approx(expected, abs=0.002)


def test_technologies_count_as_skills_in_any_spelling():
    profile = make_profile(
        experiences=[
            make_experience(id="plain", description="Ran services."),
            make_experience(id="tech", description="Ran services.", technologies=["K8S", "postgres"]),
        ]
    )
    ranked = rank(profile)
    assert ranked.experience_ids == ["tech", "plain"]
    assert ranked.experiences[0].matched_terms == ("PostgreSQL", "Kubernetes")


def test_between_equal_items_the_more_recent_one_wins_then_the_users_order():
    same = {"description": "Python on PostgreSQL"}
    profile = make_profile(
        experiences=[
            make_experience(id="old", end_date="2015-01-01", **same),
            make_experience(id="new", end_date="2024-01-01", **same),
            make_experience(id="now", is_current=True, end_date=None, **same),
        ],
        projects=[make_project(id=f"p{n}", description="Same words", technologies=["Go"]) for n in range(4)],
    )
    ranked = rank(profile)
    assert ranked.experience_ids == ["now", "new", "old"]
    assert ranked.project_ids == ["p0", "p1", "p2", "p3"]  # identical and undated: as the user ordered them
    assert rank(profile) == ranked  # deterministic


def test_recency_is_one_for_current_work_and_halves_every_half_life():
    assert recency(current=True, end="2001-01-01", start=None, today=TODAY) == 1.0
    half_life_ago = date(2025 - int(RECENCY_HALF_LIFE_YEARS), 6, 1).isoformat()
    assert recency(current=False, end=half_life_ago, start=None, today=TODAY) == pytest.approx(0.5, abs=0.01)
    # No end date: measured from the start; no date at all (or an unreadable one): in between.
    assert recency(current=False, end=None, start="2025-06-01", today=TODAY) == 1.0
    assert recency(current=False, end=None, start=None, today=TODAY) == UNDATED_RECENCY
    assert recency(current=False, end="last spring", start=None, today=TODAY) == UNDATED_RECENCY
    # An end date after today counts as now.
    assert recency(current=False, end="2026-01-01", start=None, today=TODAY) == 1.0


def test_an_item_no_job_word_mentions_is_ranked_by_recency_alone():
    profile = make_profile(
        experiences=[
            make_experience(id="old", title="Sales", description="Sold shoes", end_date="2010-01-01"),
            make_experience(id="new", title="Sales", description="Sold hats", end_date="2024-01-01"),
        ]
    )
    ranked = rank(profile)
    assert ranked.experience_ids == ["new", "old"]
    assert [item.bm25 for item in ranked.experiences] == [0.0, 0.0]
    assert ranked.keyword_matches == {"Python": 0, "PostgreSQL": 0, "Kubernetes": 0}


def test_an_empty_profile_or_a_job_without_keywords_still_ranks():
    empty = rank(make_profile())
    assert empty.experiences == ()
    assert empty.projects == ()
    assert empty.keyword_matches == {"Python": 0, "PostgreSQL": 0, "Kubernetes": 0}
    bare_job = make_job(title="Gardener", description="Look after the gardens.")
    profile = make_profile(projects=[make_project(id="garden", description="Planted a garden")])
    ranked = rank(profile, job=bare_job)
    assert ranked.keyword_matches == {}
    assert ranked.projects[0].skill_overlap == 0.0
    assert ranked.projects[0].bm25 == 1.0


def test_the_enhanced_description_is_what_is_ranked_when_there_is_one():
    profile = make_profile(
        experiences=[
            make_experience(
                id="a", description="Did data work.", enhanced_description="Built PostgreSQL models."
            ),
            make_experience(
                id="b", description="Built PostgreSQL models.", enhanced_description="Did data work."
            ),
        ]
    )
    assert rank(profile).experience_ids == ["a", "b"]


def test_bm25_prefers_rare_job_words_and_discounts_long_items():
    documents = [
        {"python": 1, "kubernet": 1},
        {"python": 1, "cobol": 1},
        {"python": 1, "kubernet": 1, **{f"filler{n}": 1 for n in range(40)}},
    ]
    scores = bm25_scores(["python", "kubernet"], [Counter(document) for document in documents])
    assert scores[0] > scores[2] > scores[1] > 0  # the rare word counts; length dilutes it
    assert bm25_scores(["python"], []) == []


def test_the_stemmer_joins_plural_and_verb_forms():
    assert {stem(word) for word in ("pipeline", "pipelines")} == {"pipelin"}
    assert {stem(word) for word in ("managed", "managing", "management", "manage")} == {"manag"}
    assert stem("policies") == stem("policy") == "policy"
    assert stem("classes") == "class"
    assert [stem(word) for word in ("status", "analysis", "cross", "is", "ed")] == [
        "status", "analysis", "cross", "is", "ed",
    ]  # fmt: skip


def test_the_input_hash_changes_with_what_the_ranking_reads_and_only_with_that():
    profile = make_profile(
        experiences=[make_experience(id="a", description="Python")],
        projects=[make_project(id="p", description="Ledger")],
    )
    job = make_job(description="Python and SQL", requirements=["SQL"], parsed_keywords=["SQL"])
    before = ranking_input_hash(profile, job)
    assert len(before) == 64
    assert int(before, 16) >= 0  # hex

    # Fields the ranking does not read leave the hash alone.
    job.notes = "Call Sam on Monday"
    job.application_status = ApplicationStatus.APPLIED
    job.salary_range = "$100k"
    profile.personal_info = {"full_name": "Someone Else", "email": "else@example.com"}
    profile.custom_fields = {"hobby": "chess"}
    profile.experiences[0].location = "Berlin"
    assert ranking_input_hash(profile, job) == before

    changes = [
        lambda: setattr(job, "description", "Python, SQL and Go"),
        lambda: job.requirements.append("Go"),
        lambda: job.parsed_keywords.append("Go"),
        lambda: setattr(job, "title", "Staff Engineer"),
        lambda: setattr(profile.experiences[0], "description", "Python and Go"),
        lambda: setattr(profile.experiences[0], "company", "Initech"),  # named in the rationale
        lambda: setattr(profile.experiences[0], "end_date", "2023-01-01"),
        lambda: profile.experiences[0].technologies.append("Go"),
        lambda: setattr(profile.projects[0], "enhanced_description", "A ledger in Go"),
        lambda: profile.projects[0].highlights.append("Used by 3 teams"),
        lambda: profile.projects.append(make_project(id="q")),
        lambda: profile.experiences.reverse() or profile.experiences.append(make_experience(id="b")),
    ]
    seen = {before}
    for change in changes:
        change()
        digest = ranking_input_hash(profile, job)
        assert digest not in seen
        seen.add(digest)

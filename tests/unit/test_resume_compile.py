"""The tailored resume against contract 6.3: structure, order, omissions, preferred text and plain text."""

from __future__ import annotations

from typing import Any

from app.domain.entities.profile_item import Education, Experience, Project
from app.domain.generation.resume import ResumeDocument, compile_resume, newest_first
from app.domain.generation.sentences import sentences_of, text_units
from tests.unit.document_fixtures import (
    ENTRIES,
    HEADER,
    METADATA,
    TODAY,
    assert_shape,
    canonical,
    make_job,
    ranking,
    rich_profile,
)

JOB_TERMS = frozenset({"python", "postgresql", "kubernetes", "mentoring"})
ALL_EXPERIENCES = ["e-older", "e-first", "e-current"]
ALL_PROJECTS = ["pr-old", "pr-undated", "pr-live"]


def resume(
    profile=None, *, experiences=ALL_EXPERIENCES, projects=ALL_PROJECTS, **options: Any
) -> ResumeDocument:
    values: dict[str, Any] = {"max_experiences": 5, "max_projects": 3, "include_summary": True}
    values.update(options)
    return compile_resume(
        profile or rich_profile(),
        make_job(),
        ranking(experiences, projects),
        job_terms=JOB_TERMS,
        canonical=canonical,
        today=TODAY,
        **values,
    )


def section(document: ResumeDocument, kind: str) -> dict[str, Any]:
    return next(s for s in document.content_structured["sections"] if s["type"] == kind)


def test_a_full_resume_has_the_contracts_shape_and_section_order():
    structured = resume().content_structured

    assert set(structured) == {"header", "sections", "metadata"}
    assert_shape(structured["header"], HEADER, "header")
    assert_shape(structured["metadata"], METADATA, "metadata")
    sections = structured["sections"]
    assert [(s["type"], s["title"]) for s in sections] == [
        ("professional_summary", "Professional Summary"),
        ("skills", "Skills"),
        ("experience", "Experience"),
        ("projects", "Projects"),
        ("education", "Education"),
        ("certifications", "Certifications"),
    ]
    assert set(sections[0]) == {"type", "title", "content"}
    assert isinstance(sections[0]["content"], str)
    assert set(sections[1]) == {"type", "title", "categories"}
    assert [c["name"] for c in sections[1]["categories"]] == ["Technical", "Soft Skills", "Languages"]
    for category in sections[1]["categories"][:2]:
        assert set(category) == {"name", "items"}
        assert all(isinstance(i, str) for i in category["items"])
    assert_shape(sections[1]["categories"][2]["items"], [{"name": str, "proficiency": str}])
    for entries in sections[2:]:
        assert set(entries) == {"type", "title", "entries"}
        assert entries["entries"]
        assert_shape(entries["entries"], [ENTRIES[entries["type"]]], entries["type"])


def test_the_header_comes_from_personal_info_and_the_most_recent_title():
    header = resume().content_structured["header"]

    assert header == {
        "name": "Jane Doe",
        "title": "Senior Backend Engineer",  # current, though listed second and ranked last
        "email": "jane@example.com",
        "phone": "+49 30 1234567",
        "location": "Berlin, Germany",
        "linkedin": "https://linkedin.com/in/janedoe",
        "github": "https://github.com/janedoe",
        "website": None,
    }


def test_without_a_current_job_the_title_is_the_latest_started_and_without_jobs_null():
    profile = rich_profile()
    for experience in profile.experiences:
        experience.is_current, experience.end_date = False, "2024-12-31"
    profile.experiences[2].start_date = "2024-01-01"  # the junior job, started last

    assert resume(profile).content_structured["header"]["title"] == "Junior Developer"
    assert resume(rich_profile(experiences=[]), experiences=[]).content_structured["header"]["title"] is None


def test_the_best_ranked_items_are_chosen_and_shown_newest_first():
    document = resume(max_experiences=2, max_projects=2)

    # The ranking puts the Globex and Hooli jobs first; the current job is not among the best two.
    assert [e["id"] for e in section(document, "experience")["entries"]] == ["e-older", "e-first"]
    # Best two projects: Ledger CLI (2019) and the undated Notes: dated ones first.
    assert [p["id"] for p in section(document, "projects")["entries"]] == ["pr-old", "pr-undated"]
    everything = resume()
    assert [e["id"] for e in section(everything, "experience")["entries"]] == [
        "e-current",
        "e-older",
        "e-first",
    ]
    # The ongoing project first, then by latest start, the undated one last.
    assert [p["id"] for p in section(everything, "projects")["entries"]] == [
        "pr-live",
        "pr-old",
        "pr-undated",
    ]
    assert everything.content_used["experiences_count"] == 3


def test_current_items_come_first_whatever_their_start_date():
    old_current = Experience(title="Advisor", company="Board", start_date="2010-01-01", is_current=True)
    recent = Experience(title="Engineer", company="Acme", start_date="2020-01-01", end_date="2021-01-01")
    undated = Project(name="Idea", description="An idea.")
    dated = Project(name="Tool", description="A tool.", start_date="2018-01-01")

    assert newest_first([recent, old_current], current=lambda e: e.is_current) == [old_current, recent]
    assert newest_first([undated, dated], current=lambda p: p.is_ongoing) == [dated, undated]


def test_items_the_ranking_does_not_list_follow_the_ranked_ones_and_unknown_ids_are_ignored():
    document = resume(experiences=["gone", "e-first"], projects=[], max_experiences=2, max_projects=1)

    # Hooli ranked; then the first unranked one in profile order (Globex); shown newest first.
    assert [e["id"] for e in section(document, "experience")["entries"]] == ["e-older", "e-first"]
    assert [p["id"] for p in section(document, "projects")["entries"]] == ["pr-old"]


def test_no_projects_asked_leaves_the_section_out():
    document = resume(max_projects=0)

    assert "projects" not in [s["type"] for s in document.content_structured["sections"]]
    assert document.content_used["projects_count"] == 0
    assert "PROJECTS" not in document.content_text


def test_empty_sections_and_empty_skill_categories_are_left_out():
    profile = rich_profile(
        professional_summary=None,
        enhanced_professional_summary="   ",
        skills={"technical": ["Python"], "soft": [], "languages": [], "certifications": []},
        education=[],
        projects=[],
    )

    document = resume(profile, projects=[])

    assert [s["type"] for s in document.content_structured["sections"]] == ["skills", "experience"]
    assert section(document, "skills")["categories"] == [{"name": "Technical", "items": ["Python"]}]
    assert document.content_used == {
        "experiences_count": 3,
        "projects_count": 0,
        "skills_count": 1,
        "education_count": 0,
        "summary_enhanced": False,
    }
    bare = rich_profile(experiences=[], projects=[], education=[], skills={}, professional_summary=None)
    bare.enhanced_professional_summary = None
    assert resume(bare, experiences=[], projects=[]).content_structured["sections"] == []


def test_the_summary_is_left_out_when_not_asked_for():
    document = resume(include_summary=False)

    assert document.content_structured["sections"][0]["type"] == "skills"
    assert document.content_used["summary_enhanced"] is False
    assert "PROFESSIONAL SUMMARY" not in document.content_text


def test_enhanced_text_is_preferred_and_the_original_used_without_it():
    document = resume()

    summary = section(document, "professional_summary")["content"]
    assert summary.startswith("Backend engineer with 8 years")
    assert document.content_used["summary_enhanced"] is True
    current = section(document, "experience")["entries"][0]
    assert current["description"].startswith("Led the ledger rewrite for 4 teams")
    ledger = section(document, "projects")["entries"][1]
    assert ledger["description"] == "A command-line ledger for 2 currencies. Written in Python."

    plain = resume(rich_profile(enhanced_professional_summary=None))
    assert section(plain, "professional_summary")["content"] == "Backend engineer who builds payment systems."
    assert plain.content_used["summary_enhanced"] is False
    assert section(plain, "experience")["entries"][1]["description"].startswith("- Built REST APIs")


def test_bullets_are_the_sentences_of_the_description_with_abbreviations_and_decimals_kept_whole():
    entries = section(resume(), "experience")["entries"]

    assert entries[0]["bullets"] == [
        "Led the ledger rewrite for 4 teams, e.g. billing and payouts.",
        "Cut settlement time by 40% and saved $1.2M a year by batching U.S. transfers.",
        "Raised test coverage to 3.5 times the old figure.",
    ]
    # Bullet lines of a description are bullets; a line after them is one of its own.
    assert entries[1]["bullets"] == [
        "Built REST APIs in Django",
        "Mentored 3 junior engineers",
        "Shipped the invoicing service.",
    ]


def test_skills_the_job_asks_for_come_first_each_group_in_profile_order():
    skills = section(resume(), "skills")["categories"]

    # Stored: Docker, Python, AWS, PostgreSQL, Django; the job wants Python and PostgreSQL.
    assert skills[0]["items"] == ["Python", "PostgreSQL", "Docker", "AWS", "Django"]
    assert skills[1]["items"] == ["Mentoring", "Communication"]
    assert skills[2]["items"] == [
        {"name": "German", "proficiency": "native"},
        {"name": "English", "proficiency": ""},
    ]


def test_skills_match_the_job_through_the_canonical_spelling():
    profile = rich_profile(skills={"technical": ["Go", "Postgres", "K8s"], "soft": [], "languages": []})

    assert section(resume(profile), "skills")["categories"][0]["items"] == ["Postgres", "K8s", "Go"]


def test_all_education_and_certifications_are_shown_in_profile_order():
    document = resume()

    assert section(document, "education")["entries"] == [
        {
            "id": "ed-1",
            "degree": "BSc",
            "field_of_study": "Computer Science",
            "institution": "Technical University of Munich",
            "start_date": "2011-10-01",
            "end_date": "2015-09-30",
            "gpa": 3.7,
            "honors": ["Dean's list"],
        }
    ]
    assert section(document, "certifications")["entries"] == [
        {
            "id": "c-1",
            "name": "Project Management Professional",
            "issuer": "PMI",
            "date": "2022-05-01",
            "expiry_date": "2025-05-01",
            "credential_id": "PMP-123",
        }
    ]
    assert document.content_used["education_count"] == 1


def test_the_metadata_describes_the_job_and_the_profile():
    metadata = resume(max_experiences=1, max_projects=1).content_structured["metadata"]

    assert metadata == {
        "document_type": "resume",
        "job_id": "0b9c56f1-1a2b-4c3d-8e9f-000000000001",
        "job_title": "Staff Backend Engineer",
        "company": "Initech",
        # June 2015 to June 2025 with the Hooli and Globex overlap counted once: 10.0 years.
        "total_years_experience": 10.0,
        "top_skills": ["Python", "PostgreSQL", "Docker", "AWS", "Django"],
        "industries": ["Fintech", "E-commerce"],  # newest first, "fintech" counted once
        "total_projects": 3,
        "total_certifications": 1,
    }


def test_top_skills_are_the_first_ten_technical_skills():
    technical = [f"Skill {n}" for n in range(12)]
    profile = rich_profile(skills={"technical": technical, "soft": [], "languages": []})

    assert resume(profile).content_structured["metadata"]["top_skills"] == technical[:10]


def test_the_plain_text_reads_as_a_resume():
    profile = rich_profile(experiences=[rich_profile().experiences[0]])
    profile.personal_info = {**profile.personal_info, "website": "https://jane.dev"}
    profile.education[0].is_current, profile.education[0].end_date = True, None
    profile.education[0].gpa = None

    text = resume(
        profile, experiences=["e-older"], projects=["pr-live", "pr-old"], max_projects=2
    ).content_text

    assert text == (
        "Jane Doe\n"
        "Software Engineer\n"
        "jane@example.com | +49 30 1234567 | Berlin, Germany | https://linkedin.com/in/janedoe"
        " | https://github.com/janedoe | https://jane.dev\n"
        "\n"
        "PROFESSIONAL SUMMARY\n"
        "Backend engineer with 8 years of experience building payment systems in Python and PostgreSQL.\n"
        "\n"
        "SKILLS\n"
        "Technical: Python, PostgreSQL, Docker, AWS, Django\n"
        "Soft Skills: Mentoring, Communication\n"
        "Languages: German (native), English\n"
        "\n"
        "EXPERIENCE\n"
        "Software Engineer | Globex | Hamburg\n"
        "Jan 2017 - Feb 2021\n"
        "- Built REST APIs in Django\n"
        "- Mentored 3 junior engineers\n"
        "- Shipped the invoicing service.\n"
        "Technologies: Django\n"
        "\n"
        "PROJECTS\n"
        "Payout Simulator | https://sim.example.com\n"
        "Feb 2023 - Present\n"
        "- Simulates payout batches.\n"
        "Technologies: Go\n"
        "\n"
        "Ledger CLI | https://github.com/janedoe/ledger\n"
        "Jan 2019 - Dec 2019\n"
        "- A command-line ledger for 2 currencies.\n"
        "- Written in Python.\n"
        "- Reached 500 GitHub stars\n"
        "Technologies: Python\n"
        "\n"
        "EDUCATION\n"
        "BSc, Computer Science | Technical University of Munich\n"
        "Oct 2011 - Present\n"
        "Dean's list\n"
        "\n"
        "CERTIFICATIONS\n"
        "Project Management Professional | PMI | May 2022 | expires May 2025 | Credential ID PMP-123\n"
    )


def test_the_plain_text_of_a_current_job_with_achievements_and_a_plain_certification():
    profile = rich_profile()
    profile.skills = {
        **profile.skills,
        "certifications": [{"id": "c-2", "name": "CKA", "issuer": "CNCF", "date_obtained": "2023-01-15"}],
    }
    text = resume(profile, experiences=["e-current"], max_experiences=1).content_text

    assert (
        "Senior Backend Engineer | Acme Payments GmbH | Berlin\n"
        "Mar 2021 - Present\n"
        "- Led the ledger rewrite for 4 teams, e.g. billing and payouts.\n"
    ) in text
    assert "- Partnered with Stripe to launch instant payouts for 30,000 merchants\n" in text
    assert "Technologies: Python, Apache Kafka, Postgres\n" in text
    assert (
        "BSc, Computer Science | Technical University of Munich\nOct 2011 - Sep 2015\n"
        "GPA: 3.7 | Dean's list\n" in text
    )
    assert text.endswith("CERTIFICATIONS\nCKA | CNCF | Jan 2023\n")
    # Undated projects and experiences without a location or technologies keep their lines short.
    assert "Notes\n- Notes on distributed systems.\n\nEDUCATION" in resume(max_projects=3).content_text


def test_the_free_text_is_the_prose_of_the_document():
    free = resume(experiences=["e-current"], max_experiences=1, max_projects=1).free_text

    assert free == [
        "Backend engineer with 8 years of experience building payment systems in Python and PostgreSQL.",
        "Led the ledger rewrite for 4 teams, e.g. billing and payouts.",
        "Cut settlement time by 40% and saved $1.2M a year by batching U.S. transfers.",
        "Raised test coverage to 3.5 times the old figure.",
        "Partnered with Stripe to launch instant payouts for 30,000 merchants",
        "A command-line ledger for 2 currencies. Written in Python.",
        "Reached 500 GitHub stars",
    ]


def test_an_education_entry_without_gpa_or_honors_has_no_details_line():
    bare = Education(
        institution="Open University", degree="Certificate", start_date="2020-01-01", end_date="2020-06-30"
    )
    profile = rich_profile(education=[bare], skills={}, projects=[])
    profile.skills = {"technical": [], "soft": [], "languages": [], "certifications": []}

    assert resume(profile, projects=[]).content_text.endswith(
        "EDUCATION\nCertificate | Open University\nJan 2020 - Jun 2020\n"
    )


def test_text_is_cut_into_bullet_items_and_paragraphs_before_sentences():
    text = (
        "Led the migration of\nour billing system. Then more.\n\n"
        "- Built tools\n  that lasted\n-\n• Shipped\nA line of its own.\n* Tested -5% regressions"
    )

    assert text_units(text) == [
        "Led the migration of our billing system. Then more.",  # a hard-wrapped line joins its sentence
        "Built tools that lasted",  # an indented line carries on its bullet item
        "Shipped",
        "A line of its own.",
        "Tested -5% regressions",
    ]
    assert sentences_of(text)[:2] == ["Led the migration of our billing system.", "Then more."]
    assert sentences_of(None) == []

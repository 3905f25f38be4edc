"""Keywords and synonyms: the shipped vocabulary is well formed, every spelling of a term leads to one
canonical term, and a job's keywords are its parsed keywords and requirement terms, each once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.domain.entities.profile_item import Education
from app.domain.generation.keywords import (
    KEYWORDS_MAX,
    KeywordVocabulary,
    job_keywords,
    profile_terms,
)
from app.domain.job_parsing.skills import SkillVocabulary
from app.infrastructure.data_files import (
    SKILLS_PATH,
    SYNONYMS_PATH,
    DataFileError,
    load_keyword_vocabulary,
)
from tests.unit.ranking_builders import make_experience, make_job, make_profile, make_project, vocabulary


def _entries(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


# The shipped synonyms file.


def test_the_synonyms_file_has_a_few_hundred_entries_across_fields():
    entries = _entries(SYNONYMS_PATH)
    assert len(entries) >= 300
    words = vocabulary()
    # One term per field the product serves, each reached through an alias.
    for alias, term in [
        ("JS", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("Golang", "Go"),
        ("ML", "machine learning"),
        ("CI/CD pipelines", "CI/CD"),
        ("Amazon Web Services", "AWS"),
        ("React.js", "React"),
        ("Node", "Node.js"),
        ("Google Cloud Platform", "Google Cloud"),
        ("RN", "registered nurse"),
        ("certified public accountant", "CPA"),
        ("search engine optimisation", "SEO"),
        ("profit and loss", "P&L"),
        ("customer relationship management", "CRM"),
        ("intensive care unit", "ICU"),
        ("financial planning & analysis", "FP&A"),
    ]:
        assert words.canonical(alias) == term


def test_each_synonyms_line_is_a_new_term_or_adds_a_spelling_to_one():
    known = SkillVocabulary(_entries(SKILLS_PATH))
    canonicals = []
    for entry in _entries(SYNONYMS_PATH):
        alone = KeywordVocabulary([entry])
        spellings = {**alone._folded, **alone._exact}
        canonicals.append(next(iter(spellings.values())))
        # Not a copy of a skills.txt line: at least one spelling is new.
        assert any(key not in known._folded and key not in known._exact for key in spellings), (
            f"adds nothing: {entry!r}"
        )
    # One line per term: a term's spellings are not scattered over several lines.
    assert len(canonicals) == len(set(canonicals))


def test_the_synonyms_never_change_a_term_the_job_parser_finds():
    # The parser's keywords (skills.txt) keep their spelling, so a job's parsed keywords are canonical.
    known = SkillVocabulary(_entries(SKILLS_PATH))
    combined = vocabulary()
    for table in (known._folded, known._exact):
        for key, canonical in table.items():
            assert combined.canonical(key) == canonical


def test_common_words_are_not_taken_for_terms():
    words = vocabulary()
    text = "We go to the clinic in spring to train staff, react to feedback and ship containers"
    assert words.terms(text) == []


# The vocabulary type.


def test_a_spelling_claimed_by_two_terms_is_refused():
    with pytest.raises(ValueError, match=r"'postgres' is a spelling of both 'PostgreSQL' and 'Postgres'"):
        KeywordVocabulary(["PostgreSQL | Postgres", "Postgres | PG"])
    with pytest.raises(ValueError, match="'GA' is a spelling of both"):
        KeywordVocabulary(["Google Analytics | =GA", "General Availability | =GA"])


def test_the_same_term_may_gain_spellings_on_several_lines():
    words = KeywordVocabulary(["Kubernetes | K8s", "Kubernetes | kube"])
    assert [words.canonical(spelling) for spelling in ("k8s", "KUBE", "kubernetes")] == ["Kubernetes"] * 3


def test_an_unknown_term_keeps_its_spelling_tidied():
    assert vocabulary().canonical("  Widget   Framework ") == "Widget Framework"
    assert vocabulary().canonical("go") == "go"  # the verb: Go matches only capitalised
    assert vocabulary().canonical("Go") == "Go"


def test_terms_are_the_longest_at_each_place_and_scan_also_notes_the_shorter_ones():
    words = vocabulary()
    text = "React Native apps, then React with Postgres"
    assert words.terms(text) == ["React Native", "React", "PostgreSQL"]
    scanned = words.scan(text)
    assert scanned.counts == {"React Native": 1, "React": 2, "PostgreSQL": 1}
    assert scanned.has("React")
    assert scanned.has("PostgreSQL")
    assert not scanned.has("Kubernetes")


def test_a_keyword_outside_the_vocabulary_matches_the_same_words_in_a_row():
    scanned = vocabulary().scan("Built the widget-framework and a Widget Framework plug-in.")
    assert scanned.has("widget framework")
    assert not scanned.has("framework widget")
    assert not scanned.has("...")  # no words at all: nothing to find


def test_reading_a_long_text_takes_linear_time():
    words = vocabulary()
    unit = "Senior machine learning engineer with Python, k8s and React Native; "

    def seconds(repeat: int) -> float:
        text = unit * repeat
        started = time.perf_counter()
        words.scan(text)
        words.terms(text)
        return time.perf_counter() - started

    small, large = min(seconds(100) for _ in range(3)), min(seconds(1000) for _ in range(3))
    assert large < 25 * small  # ten times the text: about ten times the work, not a hundred
    assert words.terms(unit * 1000) == ["machine learning", "Python", "Kubernetes", "React Native"]


# A job's keywords.


def test_job_keywords_are_the_parsed_keywords_then_the_requirement_terms_canonical_and_once():
    job = make_job(
        parsed_keywords=["k8s", "Python", "Widget Framework"],
        requirements=["5+ years of python and Golang", "Kubernetes, Postgres and a CPA"],
        description="Also Terraform, which is not a keyword: only requirements are read.",
    )
    assert job_keywords(job, vocabulary()) == [
        "Kubernetes",
        "Python",
        "Widget Framework",
        "Go",
        "PostgreSQL",
        "CPA",
    ]


def test_job_keywords_are_stable_and_capped():
    many = [f"Keyword {number}" for number in range(KEYWORDS_MAX + 10)]
    job = make_job(parsed_keywords=["", *many], requirements=["SQL"])
    found = job_keywords(job, vocabulary())
    assert found == many[:KEYWORDS_MAX]
    assert job_keywords(job, vocabulary()) == found


def test_a_job_without_keywords_or_requirements_has_no_keywords():
    assert job_keywords(make_job(description="Python and SQL"), vocabulary()) == []


# The profile's terms (what the ATS suggestions check a missing keyword against).


def test_profile_terms_cover_every_part_of_the_profile():
    profile = make_profile(
        professional_summary="Nurse leader",
        enhanced_professional_summary="Registered nurse",
        skills={
            "technical": ["Epic"],
            "soft": ["mentoring"],
            "languages": [{"name": "Spanish", "proficiency": "fluent"}],
            "certifications": [
                {
                    "id": "c1",
                    "name": "Advanced Cardiac Life Support",
                    "issuer": "AHA",
                    "date_obtained": "2020-01-01",
                }
            ],
        },
        experiences=[
            make_experience(
                company="Mayo Clinic",
                achievements=["Led falls prevention rounds"],
                technologies=["telemetry"],
            )
        ],
        projects=[make_project(highlights=["Sepsis alert"], technologies=["quality improvement"])],
    )
    profile.education = [
        Education(
            institution="State University",
            degree="BSN",
            start_date="2010-01-01",
            relevant_coursework=["pharmacology"],
            honors=["cum laude"],
        )
    ]
    scanned = profile_terms(profile, vocabulary())
    for keyword in [
        "registered nurse", "Epic", "mentoring", "Spanish", "ACLS", "Mayo Clinic", "patient safety",
        "telemetry", "sepsis", "quality improvement", "BSN", "pharmacology", "cum laude", "leadership",
    ]:  # fmt: skip
        assert scanned.has(keyword), keyword


def test_the_vocabulary_loader_names_the_file_at_fault(tmp_path: Path):
    synonyms = tmp_path / "synonyms.txt"
    with pytest.raises(DataFileError, match=r"Keyword vocabulary .*synonyms\.txt is not usable"):
        load_keyword_vocabulary(SKILLS_PATH, synonyms)  # missing
    synonyms.write_text("# a comment\nPostgres DB | Postgres\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"synonyms\.txt is not usable: 'postgres' is a spelling of both"):
        load_keyword_vocabulary(SKILLS_PATH, synonyms)
    synonyms.write_text("\nWidget Framework | WF\n", encoding="utf-8")
    assert load_keyword_vocabulary(SKILLS_PATH, synonyms).canonical("wf") == "Widget Framework"

"""What each language-model task is told: typed briefs built from entities, and their JSON payloads.

A brief holds only what the task needs, bounded in size, so a prompt never grows with a long posting or a
large profile. Its `payload()` is what the prompt templates render (fenced as data) and what the local
composer writes from, so every provider sees the same facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Experience, Project
from app.domain.generation.ranked_content import ItemRelevance, RankedContent
from app.domain.stylometry.segmentation import split_sentences

DESCRIPTION_EXCERPT_CHARS = 2000  # of the posting: enough for its substance, bounded for the prompt
SAMPLE_EXCERPT_CHARS = 3000
CUSTOM_PROMPT_MAX = 500
MAX_LIST = 15  # requirements, keywords, skills
MAX_BULLETS = 4  # per experience or project
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 6
LETTER_EXPERIENCES, LETTER_PROJECTS = 3, 2


def excerpt(text: str | None, limit: int) -> str:
    """`text` stripped and cut to `limit` characters at a word boundary."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " ..."


def _bounded(items: Iterable[str], limit: int = MAX_LIST) -> tuple[str, ...]:
    return tuple(item.strip() for item in items if item and item.strip())[:limit]


def _note(custom_prompt: str | None) -> str | None:
    return excerpt(custom_prompt, CUSTOM_PROMPT_MAX) or None


@dataclass(frozen=True)
class CandidateBrief:
    name: str
    email: str | None
    phone: str | None
    location: str | None
    headline: str | None  # title of the most recent experience


@dataclass(frozen=True)
class JobBrief:
    title: str
    company: str
    location: str | None
    description_excerpt: str
    requirements: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class RecipientBrief:
    hiring_manager_name: str | None
    company_name: str


@dataclass(frozen=True)
class ExperienceBrief:
    id: str
    title: str
    company: str
    start_date: str
    end_date: str | None
    is_current: bool
    bullets: tuple[str, ...]  # sentences of the (enhanced) description, then achievements
    technologies: tuple[str, ...]
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class ProjectBrief:
    id: str
    name: str
    bullets: tuple[str, ...]  # sentences of the (enhanced) description, then highlights
    technologies: tuple[str, ...]
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class CoverLetterBrief:
    candidate: CandidateBrief
    job: JobBrief
    recipient: RecipientBrief
    experiences: tuple[ExperienceBrief, ...]
    projects: tuple[ProjectBrief, ...]
    skills_highlighted: tuple[str, ...]  # job-matching skills first
    style: Mapping[str, Any] | None  # the active sample's WritingStyle document; None = neutral
    max_paragraphs: int
    custom_prompt: str | None
    today: date

    def payload(self) -> dict[str, Any]:
        """JSON-ready: what the templates render and the local composer writes from."""
        data = asdict(self)
        data["style"] = dict(self.style) if self.style is not None else None
        data["today"] = self.today.isoformat()
        payload: dict[str, Any] = _lists(data)
        return payload


def _lists(value: Any) -> Any:
    """Tuples as lists, recursively, so a payload equals its JSON round trip."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def headline(experiences: Sequence[Experience]) -> str | None:
    """The title of the most recent experience: current ones first, then the latest start date."""
    if not experiences:
        return None
    latest = max(experiences, key=lambda item: (item.is_current, item.start_date))
    return latest.title


def _item_bullets(text: str | None, extra: Sequence[str]) -> tuple[str, ...]:
    return _bounded([*split_sentences((text or "").strip()), *extra], MAX_BULLETS)


def _experience_brief(item: Experience, relevance: ItemRelevance) -> ExperienceBrief:
    return ExperienceBrief(
        id=item.id,
        title=item.title,
        company=item.company,
        start_date=item.start_date,
        end_date=None if item.is_current else item.end_date,
        is_current=item.is_current,
        bullets=_item_bullets(item.enhanced_description or item.description, item.achievements),
        technologies=_bounded(item.technologies),
        matched_terms=relevance.matched_terms,
    )


def _project_brief(item: Project, relevance: ItemRelevance) -> ProjectBrief:
    return ProjectBrief(
        id=item.id,
        name=item.name,
        bullets=_item_bullets(item.enhanced_description or item.description, item.highlights),
        technologies=_bounded(item.technologies),
        matched_terms=relevance.matched_terms,
    )


def highlighted_skills(profile: MasterProfile, terms: Iterable[str]) -> tuple[str, ...]:
    """The profile's technical and soft skills, those naming one of `terms` (any case) first."""
    wanted = {term.casefold() for term in terms}
    skills = [*profile.skills.get("technical", []), *profile.skills.get("soft", [])]
    matching = [skill for skill in skills if skill.casefold() in wanted]
    return _bounded([*matching, *(skill for skill in skills if skill.casefold() not in wanted)])


def job_brief(job: Job) -> JobBrief:
    """The posting as a brief: its own fields, the description cut to DESCRIPTION_EXCERPT_CHARS."""
    return JobBrief(
        title=job.title,
        company=job.company,
        location=job.location,
        description_excerpt=excerpt(job.description or job.raw_text, DESCRIPTION_EXCERPT_CHARS),
        requirements=_bounded(job.requirements),
        keywords=_bounded(job.parsed_keywords),
    )


def cover_letter_brief(
    profile: MasterProfile,
    job: Job,
    ranking: RankedContent,
    *,
    style: Mapping[str, Any] | None,
    today: date,
    hiring_manager_name: str | None = None,
    company_name: str | None = None,
    max_paragraphs: int = 4,
    custom_prompt: str | None = None,
) -> CoverLetterBrief:
    """The cover letter's brief: the top ranked experiences and projects, best first."""
    experiences = {item.id: item for item in profile.experiences}
    projects = {item.id: item for item in profile.projects}
    top_experiences = tuple(
        _experience_brief(experiences[rank.item_id], rank)
        for rank in ranking.experiences
        if rank.item_id in experiences
    )[:LETTER_EXPERIENCES]
    top_projects = tuple(
        _project_brief(projects[rank.item_id], rank) for rank in ranking.projects if rank.item_id in projects
    )[:LETTER_PROJECTS]
    info = profile.personal_info
    return CoverLetterBrief(
        candidate=CandidateBrief(
            name=str(info.get("full_name") or "").strip(),
            email=info.get("email"),
            phone=info.get("phone"),
            location=info.get("location"),
            headline=headline(profile.experiences),
        ),
        job=job_brief(job),
        recipient=RecipientBrief(
            hiring_manager_name=(hiring_manager_name or "").strip() or None,
            company_name=(company_name or "").strip() or job.company,
        ),
        experiences=top_experiences,
        projects=top_projects,
        skills_highlighted=highlighted_skills(profile, [*job.parsed_keywords, *ranking.keyword_matches]),
        style=style,
        max_paragraphs=min(MAX_PARAGRAPHS, max(MIN_PARAGRAPHS, max_paragraphs)),
        custom_prompt=_note(custom_prompt),
        today=today,
    )

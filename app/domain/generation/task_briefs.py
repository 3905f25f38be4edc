"""Briefs of the smaller language-model tasks: profile enhancement, ranking rationale, style refinement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.enums.document_type import DocumentType
from app.domain.generation.llm_briefs import (
    CUSTOM_PROMPT_MAX,
    SAMPLE_EXCERPT_CHARS,
    excerpt,
    job_brief,
)
from app.domain.generation.ranked_content import ItemRelevance, RankedContent

RATIONALE_ITEMS = 5  # per kind: the rationale speaks of the top of the ranking


@dataclass(frozen=True)
class EnhanceExperience:
    id: str
    title: str
    company: str
    description: str


@dataclass(frozen=True)
class EnhanceProject:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class EnhanceProfileBrief:
    style: Mapping[str, Any] | None
    professional_summary: str | None
    experiences: tuple[EnhanceExperience, ...]  # only those with a description
    projects: tuple[EnhanceProject, ...]
    custom_prompt: str | None

    def payload(self) -> dict[str, Any]:
        """JSON-ready: what the templates render and the local composer writes from."""
        return {
            "style": dict(self.style) if self.style is not None else None,
            "professional_summary": self.professional_summary,
            "experiences": [asdict(item) for item in self.experiences],
            "projects": [asdict(item) for item in self.projects],
            "custom_prompt": self.custom_prompt,
        }


def enhance_profile_brief(
    profile: MasterProfile, *, style: Mapping[str, Any] | None, custom_prompt: str | None = None
) -> EnhanceProfileBrief:
    """Every original text of the profile (never the enhanced ones: they are what is rewritten)."""
    return EnhanceProfileBrief(
        style=style,
        professional_summary=(profile.professional_summary or "").strip() or None,
        experiences=tuple(
            EnhanceExperience(item.id, item.title, item.company, item.description.strip())
            for item in profile.experiences
            if item.description and item.description.strip()
        ),
        projects=tuple(
            EnhanceProject(item.id, item.name, item.description.strip())
            for item in profile.projects
            if item.description.strip()
        ),
        custom_prompt=excerpt(custom_prompt, CUSTOM_PROMPT_MAX) or None,
    )


@dataclass(frozen=True)
class RankedItemBrief:
    id: str
    kind: str  # experience | project
    label: str  # "Title at Company" or the project's name
    score: float
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class RationaleBrief:
    job_title: str
    company: str
    keywords: tuple[str, ...]
    items: tuple[RankedItemBrief, ...]  # experiences best first, then projects best first
    custom_prompt: str | None

    def payload(self) -> dict[str, Any]:
        """JSON-ready: what the templates render and the local composer writes from."""
        return {
            "job_title": self.job_title,
            "company": self.company,
            "keywords": list(self.keywords),
            "items": [{**asdict(item), "matched_terms": list(item.matched_terms)} for item in self.items],
            "custom_prompt": self.custom_prompt,
        }


def _ranked(kind: str, ranks: tuple[ItemRelevance, ...], labels: Mapping[str, str]) -> list[RankedItemBrief]:
    return [
        RankedItemBrief(rank.item_id, kind, labels[rank.item_id], round(rank.score, 2), rank.matched_terms)
        for rank in ranks
        if rank.item_id in labels
    ][:RATIONALE_ITEMS]


def rationale_brief(
    profile: MasterProfile, job: Job, ranking: RankedContent, *, custom_prompt: str | None = None
) -> RationaleBrief:
    """The top of the ranking with each item's score and matched terms."""
    experiences = {item.id: f"{item.title} at {item.company}" for item in profile.experiences}
    projects = {item.id: item.name for item in profile.projects}
    return RationaleBrief(
        job_title=job.title,
        company=job.company,
        keywords=job_brief(job).keywords,
        items=(
            *_ranked("experience", ranking.experiences, experiences),
            *_ranked("project", ranking.projects, projects),
        ),
        custom_prompt=excerpt(custom_prompt, CUSTOM_PROMPT_MAX) or None,
    )


@dataclass(frozen=True)
class WritingStyleBrief:
    document_type: DocumentType
    measures: Mapping[str, Any]  # StyleProfile.as_dict()
    excerpt: str

    def payload(self) -> dict[str, Any]:
        """JSON-ready: what the templates render and the local composer writes from."""
        return {
            "document_type": self.document_type.value,
            "measures": dict(self.measures),
            "excerpt": self.excerpt,
        }


def writing_style_brief(
    document_type: DocumentType, *, measures: Mapping[str, Any], text: str
) -> WritingStyleBrief:
    """The sample's stylometric measures and the start of its text."""
    return WritingStyleBrief(document_type, measures, excerpt(text, SAMPLE_EXCERPT_CHARS))

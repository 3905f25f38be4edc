"""From sources and a ranking to a finished document: compile, hold to the profile's facts, score.

Every resume and cover letter passes the truthfulness guard, whatever wrote it. A cover letter's
paragraphs lose each sentence that claims what the profile does not hold. A resume is compiled from
the profile itself, but its enhanced texts came from a model: each is checked against the facts of
the user's own texts, and the sentences that claim more are left out (the original text stands in
when nothing is left). `llm_metadata.truthfulness_guard` lists what was removed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import anyio.to_thread

from app.application.dtos.generation_dto import CoverLetterOptions, ResumeOptions, Sources
from app.application.services.llm_calls import LlmCalls
from app.application.services.ranking_service import Ranked
from app.domain.entities.generation import GeneratedDocument
from app.domain.entities.job import Job
from app.domain.entities.profile import MasterProfile
from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType
from app.domain.generation.ats import ats_score
from app.domain.generation.keywords import KeywordVocabulary, job_keywords, profile_terms
from app.domain.generation.letter import LetterDocument, compile_letter
from app.domain.generation.llm_answers import LetterDraft
from app.domain.generation.llm_briefs import CoverLetterBrief, cover_letter_brief
from app.domain.generation.resume import ResumeDocument, compile_resume
from app.domain.generation.truthfulness import ProfileFacts, guard_paragraphs
from app.domain.interfaces.clock import Clock

Removed = list[dict[str, str]]
RESUME_COMPILER = "resume-compiler"  # the resume is compiled, never written by a model


def own_words(profile: MasterProfile) -> MasterProfile:
    """A copy of the profile without its enhanced texts: what the user wrote themselves."""
    return replace(
        profile,
        enhanced_professional_summary=None,
        experiences=[replace(item, enhanced_description=None) for item in profile.experiences],
        projects=[replace(item, enhanced_description=None) for item in profile.projects],
    )


def guard_text(text: str | None, facts: ProfileFacts, removed: Removed) -> str | None:
    """`text` without the sentences that claim more than `facts`; what was cut is added to `removed`."""
    if not text:
        return text
    result = guard_paragraphs([text], facts)
    removed += result.removed
    return " ".join(result.paragraphs) or None


def truthful_profile(
    profile: MasterProfile, job: Job, vocabulary: KeywordVocabulary, *, today: date
) -> tuple[MasterProfile, Removed]:
    """A copy whose enhanced texts keep only what the user's own texts support, and what was cut."""
    enhanced = [
        profile.enhanced_professional_summary,
        *(item.enhanced_description for item in profile.experiences),
        *(item.enhanced_description for item in profile.projects),
    ]
    if not any(enhanced):
        # Nothing a model wrote: the facts (most of a resume's CPU time) would check nothing.
        return profile, []
    facts = ProfileFacts.from_profile(own_words(profile), job, vocabulary, today=today)
    removed: Removed = []
    checked = replace(
        profile,
        enhanced_professional_summary=guard_text(profile.enhanced_professional_summary, facts, removed),
        experiences=[
            replace(item, enhanced_description=guard_text(item.enhanced_description, facts, removed))
            for item in profile.experiences
        ],
        projects=[
            replace(item, enhanced_description=guard_text(item.enhanced_description, facts, removed))
            for item in profile.projects
        ],
    )
    return (checked if removed else profile), removed


def _closing(style: WritingStyle | None) -> str | None:
    """The sign-off the user's sample ends on, if it has one."""
    closing = None if style is None else style.extracted_style.get("closing")
    text = closing.get("text") if isinstance(closing, dict) else None
    return text if isinstance(text, str) else None


def _seconds_since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


@dataclass(frozen=True)
class _Letter:
    """What the letter's compile needs besides the sources."""

    brief: CoverLetterBrief
    draft: LetterDraft
    options: CoverLetterOptions
    style: WritingStyle | None
    metadata: dict[str, Any]


class DocumentWriter:
    def __init__(self, *, vocabulary: KeywordVocabulary, llm: LlmCalls, clock: Clock) -> None:
        self._vocabulary = vocabulary
        self._llm = llm
        self._clock = clock

    def resume(self, sources: Sources, ranked: Ranked, options: ResumeOptions) -> GeneratedDocument:
        """The tailored resume, compiled without a model (CPU work: call it off the event loop)."""
        started = time.perf_counter()
        today = self._clock.now().date()
        profile, removed = truthful_profile(sources.profile, sources.job, self._vocabulary, today=today)
        keywords = job_keywords(sources.job, self._vocabulary)
        document = compile_resume(
            profile,
            sources.job,
            ranked.content,
            max_experiences=options.max_experiences,
            max_projects=options.max_projects,
            include_summary=options.include_summary,
            job_terms=keywords,
            canonical=self._vocabulary.canonical,
            today=today,
        )
        metadata = {
            "provider": "local",
            "model": RESUME_COMPILER,
            "total_tokens": 0,
            "processing_time_seconds": _seconds_since(started),
            "truthfulness_guard": {"removed": removed},
        }
        return self._scored(document, sources, ranked, DocumentType.RESUME, metadata, keywords)

    async def cover_letter(
        self, sources: Sources, ranked: Ranked, options: CoverLetterOptions, *, style: WritingStyle | None
    ) -> GeneratedDocument:
        """The cover letter: body paragraphs from the model (or the local composer), guarded, scored."""
        brief = cover_letter_brief(
            sources.profile,
            sources.job,
            ranked.content,
            style=None if style is None else style.extracted_style,
            today=self._clock.now().date(),
            hiring_manager_name=options.hiring_manager_name,
            company_name=options.company_name,
            max_paragraphs=options.max_paragraphs,
            custom_prompt=options.custom_prompt,
        )
        draft, metadata = await self._llm.cover_letter(brief)
        letter = _Letter(brief=brief, draft=draft, options=options, style=style, metadata=metadata)
        return await anyio.to_thread.run_sync(self._letter, sources, ranked, letter)

    def _letter(self, sources: Sources, ranked: Ranked, letter: _Letter) -> GeneratedDocument:
        profile, job, options, brief = sources.profile, sources.job, letter.options, letter.brief
        names = (options.company_name, options.hiring_manager_name)
        facts = ProfileFacts.from_profile(profile, job, self._vocabulary, names=names, today=brief.today)
        guarded = guard_paragraphs(letter.draft.paragraphs, facts)
        document = compile_letter(
            profile,
            job,
            paragraphs=guarded.paragraphs,
            hiring_manager_name=options.hiring_manager_name,
            company_name=options.company_name,
            closing=_closing(letter.style),
            today=brief.today,
            top_experience_ids=[item.id for item in brief.experiences],
            top_project_ids=[item.id for item in brief.projects],
            skills_highlighted=list(brief.skills_highlighted),
            writing_style_applied=letter.style is not None,
        )
        metadata = {**letter.metadata, "truthfulness_guard": {"removed": guarded.removed}}
        keywords = job_keywords(job, self._vocabulary)
        return self._scored(document, sources, ranked, DocumentType.COVER_LETTER, metadata, keywords)

    def _scored(
        self,
        document: ResumeDocument | LetterDocument,
        sources: Sources,
        ranked: Ranked,
        document_type: DocumentType,
        metadata: dict[str, Any],
        keywords: list[str],
    ) -> GeneratedDocument:
        score = ats_score(
            text=document.content_text,
            structured=document.content_structured,
            document_type=document_type,
            keywords=keywords,
            vocabulary=self._vocabulary,
            profile=profile_terms(sources.profile, self._vocabulary),
        )
        return GeneratedDocument(
            content_text=document.content_text,
            content_structured=document.content_structured,
            content_used=document.content_used,
            ats_score=score.score,
            ats_feedback=score.feedback,
            llm_metadata=metadata,
            ranking_id=ranked.ranking.id,
        )

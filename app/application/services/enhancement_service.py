"""Profile enhancement: one model call rewrites the summary and every description in the user's style."""

from __future__ import annotations

import anyio.to_thread

from app.application.dtos.generation_dto import EnhanceResult
from app.application.services.document_writer import Removed, guard_text, own_words
from app.application.services.generation_sources import read_profile
from app.application.services.llm_calls import LlmCalls
from app.domain.entities.profile import MasterProfile
from app.domain.entities.writing_style import WritingStyle
from app.domain.enums.document_type import DocumentType
from app.domain.enums.profile import ProfileSection
from app.domain.errors import NotFoundError, WritingSampleRequiredError
from app.domain.generation.keywords import KeywordVocabulary
from app.domain.generation.llm_answers import EnhancedProfile
from app.domain.generation.task_briefs import enhance_profile_brief
from app.domain.generation.truthfulness import ProfileFacts
from app.domain.ids import parse_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.unit_of_work import UnitOfWork

_ITEMS = (ProfileSection.EXPERIENCES, ProfileSection.PROJECTS)


class EnhancementService:
    def __init__(
        self, *, uow: UnitOfWork, clock: Clock, llm: LlmCalls, vocabulary: KeywordVocabulary
    ) -> None:
        self._vocabulary = vocabulary
        self._uow = uow
        self._clock = clock
        self._llm = llm

    async def enhance_profile(
        self, user_id: int, profile_id: str, *, custom_prompt: str | None
    ) -> EnhanceResult:
        """Write enhanced_professional_summary and every enhanced_description; the originals stay."""
        if parse_id(profile_id) is None:
            raise NotFoundError("profile")
        async with self._uow.read_only() as uow:
            profile = await read_profile(uow, user_id, profile_id)
            style = await _active_style(uow, user_id)
        brief = enhance_profile_brief(profile, style=style.extracted_style, custom_prompt=custom_prompt)
        enhanced, metadata = await self._llm.enhance_profile(brief)
        enhanced, removed = await anyio.to_thread.run_sync(self._truthful, profile, enhanced)
        metadata = {**metadata, "truthfulness_guard": {"removed": removed}}
        async with self._uow as uow:
            await uow.profiles.lock_owner(user_id)
            stored = await uow.profiles.get(profile.id, user_id=user_id, sections=_ITEMS, for_update=True)
            if stored is None:  # deleted while the model wrote
                raise NotFoundError("profile")
            counts = _apply(stored, enhanced, metadata={**metadata, "sample_id": style.sample_id})
            stored.updated_at = now = self._clock.now()
            await uow.commit()
        return EnhanceResult(
            profile_id=stored.id,
            professional_summary=stored.enhanced_professional_summary,
            experiences_enhanced=counts[0],
            projects_enhanced=counts[1],
            llm_metadata=metadata,
            writing_style_used=style.extracted_style,
            created_at=now,
        )

    def _truthful(self, profile: MasterProfile, enhanced: EnhancedProfile) -> tuple[EnhancedProfile, Removed]:
        """The rewrites without the sentences that claim more than the user's own texts hold."""
        facts = ProfileFacts.from_profile(own_words(profile), None, self._vocabulary)
        removed: Removed = []

        def kept(texts: dict[str, str]) -> dict[str, str]:
            guarded = {item_id: guard_text(text, facts, removed) for item_id, text in texts.items()}
            return {item_id: text for item_id, text in guarded.items() if text}

        summary = guard_text(enhanced.professional_summary, facts, removed)
        return EnhancedProfile(summary, kept(enhanced.experiences), kept(enhanced.projects)), removed


async def _active_style(uow: UnitOfWork, user_id: int) -> WritingStyle:
    """The style enhancement writes in: the active resume sample's, else the cover letter's; 400 without."""
    for document_type in (DocumentType.RESUME, DocumentType.COVER_LETTER):
        style = await uow.writing_styles.get_active(user_id, document_type)
        if style is not None:
            return style
    raise WritingSampleRequiredError


def _apply(
    profile: MasterProfile, enhanced: EnhancedProfile, *, metadata: dict[str, object]
) -> tuple[int, int]:
    """Store the enhanced texts of the items still there; how many experiences and projects got one."""
    if enhanced.professional_summary:
        profile.enhanced_professional_summary = enhanced.professional_summary
        profile.enhancement_metadata = dict(metadata)
    counts = []
    for items, texts in ((profile.experiences, enhanced.experiences), (profile.projects, enhanced.projects)):
        changed = 0
        for item in items:
            text = texts.get(item.id)
            if text:
                item.enhanced_description = text
                item.enhancement_metadata = dict(metadata)
                changed += 1
        counts.append(changed)
    return counts[0], counts[1]

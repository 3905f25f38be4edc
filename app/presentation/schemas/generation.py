"""Request and response models of rankings, generations and profile enhancement (contract §6)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field

from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationMode, GenerationStatus, RankingStatus
from app.presentation.schemas.common import PageQuery, PaginationOut, Schema
from app.presentation.schemas.samples import WritingStyleOut

# Ids are strings: a malformed one is answered like an unknown one, 404 (contract §1).
IdIn = Annotated[str, Field(max_length=64, description="A UUID; an unknown or malformed one is a 404")]
CustomPrompt = Annotated[
    str | None, Field(default=None, max_length=500, description="Extra guidance for the writer")
]


class RankingCreate(Schema):
    job_id: IdIn
    profile_id: IdIn | None = Field(default=None, description="Default: the primary profile")
    custom_prompt: CustomPrompt = None


class RankingOut(Schema):
    id: str
    user_id: int
    job_id: str
    profile_id: str
    ranked_experience_ids: list[str] = Field(description="Best first")
    ranked_project_ids: list[str] = Field(description="Best first")
    ranking_rationale: str
    keyword_matches: dict[str, int] = Field(description="Job keyword -> how many of the items match it")
    relevance_scores: dict[str, float] = Field(description="Item id -> relevance 0-1")
    llm_metadata: dict[str, Any]
    status: RankingStatus
    created_at: datetime
    updated_at: datetime


class ResumeCreate(Schema):
    job_id: IdIn
    profile_id: IdIn | None = Field(default=None, description="Default: the primary profile")
    max_experiences: int = Field(default=5, ge=1, le=10)
    max_projects: int = Field(default=3, ge=0, le=5)
    include_summary: bool = True
    custom_prompt: CustomPrompt = None


class CoverLetterCreate(Schema):
    job_id: IdIn
    profile_id: IdIn | None = Field(default=None, description="Default: the primary profile")
    company_name: str | None = Field(default=None, max_length=200, description="Default: the job's company")
    hiring_manager_name: str | None = Field(default=None, max_length=100)
    max_paragraphs: int = Field(default=4, ge=3, le=6, description="Body paragraphs at most")
    custom_prompt: CustomPrompt = None


class GenerationOut(Schema):
    # Read from `generation_id`, or from the entity's `id` in the rows the database serialized.
    generation_id: str = Field(validation_alias=AliasChoices("generation_id", "id"))
    user_id: int
    job_id: str
    job_title: str
    company: str
    profile_id: str | None
    ranking_id: str | None
    document_type: DocumentType
    status: GenerationStatus
    mode: GenerationMode
    content_text: str | None
    content_structured: dict[str, Any] | None
    content_used: dict[str, Any]
    ats_score: float | None = Field(description="0-100, one decimal")
    ats_feedback: dict[str, Any] | None
    llm_metadata: dict[str, Any]
    options: dict[str, Any] = Field(description="The request's parameters")
    error_code: str | None
    error_message: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class GenerationList(Schema):
    generations: list[GenerationOut]
    total: int
    pagination: PaginationOut


class HistoryQuery(PageQuery):
    document_type: DocumentType | None = Field(default=None, description="Only this type")
    job_id: str | None = Field(default=None, max_length=64, description="Only this job's generations")
    status: GenerationStatus | None = Field(default=None, description="Only this status")


class EnhanceCreate(Schema):
    profile_id: IdIn
    custom_prompt: CustomPrompt = None


class EnhancedSectionsOut(Schema):
    professional_summary: str | None
    experiences_enhanced: int
    projects_enhanced: int


class EnhanceOut(Schema):
    profile_id: str
    status: Literal["completed"] = "completed"
    enhanced_sections: EnhancedSectionsOut
    llm_metadata: dict[str, Any]
    writing_style_used: WritingStyleOut
    created_at: datetime

"""Tables of rankings and generations (contract §10, tables 12-13), mapped onto the domain dataclasses."""

from typing import Any

from sqlalchemy import Column, Float, ForeignKey, Index, String, Table, Text, UniqueConstraint, text

from app.domain.entities.generation import Generation
from app.domain.entities.ranking import JobContentRanking
from app.domain.enums.document_type import DocumentType
from app.domain.enums.generation import GenerationMode, GenerationStatus, RankingStatus
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    updated_at_column,
    user_id_column,
)
from app.infrastructure.database.types import JsonDocument, JsonType, UtcDateTime, UuidString, string_enum


def _json_list(name: str) -> Column[object]:
    return Column(name, JsonType, nullable=False, default=list, server_default=text("'[]'"))


def _json_object(name: str, json_type: Any = JsonType) -> Column[object]:
    return Column(name, json_type, nullable=False, default=dict, server_default=text("'{}'"))


job_content_rankings_table = Table(
    "job_content_rankings",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("job_id", UuidString(), ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column(
        "profile_id",
        UuidString(),
        ForeignKey("master_profiles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    _json_list("ranked_experience_ids"),
    _json_list("ranked_project_ids"),
    Column("ranking_rationale", Text),
    _json_object("keyword_matches"),
    _json_object("relevance_scores"),
    _json_object("llm_metadata"),
    Column("input_hash", String(64), nullable=False),
    Column(
        "status",
        string_enum(RankingStatus, length=10),
        nullable=False,
        default=RankingStatus.COMPLETED,
        server_default=RankingStatus.COMPLETED.value,
    ),
    created_at_column(),
    updated_at_column(),
    UniqueConstraint("user_id", "job_id"),
)

generations_table = Table(
    "generations",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("job_id", UuidString(), ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column(
        "profile_id",
        UuidString(),
        ForeignKey("master_profiles.id", ondelete="SET NULL"),
        index=True,
    ),
    Column(
        "ranking_id",
        UuidString(),
        ForeignKey("job_content_rankings.id", ondelete="SET NULL"),
        index=True,
    ),
    Column("document_type", string_enum(DocumentType, length=20), nullable=False),
    Column(
        "status",
        string_enum(GenerationStatus, length=12),
        nullable=False,
        default=GenerationStatus.PENDING,
        server_default=GenerationStatus.PENDING.value,
    ),
    Column(
        "mode",
        string_enum(GenerationMode, length=5),
        nullable=False,
        default=GenerationMode.SYNC,
        server_default=GenerationMode.SYNC.value,
    ),
    # The document and what describes it, read back whole (JsonDocument: `json` on PostgreSQL).
    _json_object("options", JsonDocument),
    Column("content_structured", JsonDocument, nullable=True),
    _json_object("content_used", JsonDocument),
    Column("ats_score", Float),
    Column("ats_feedback", JsonDocument, nullable=True),
    _json_object("llm_metadata", JsonDocument),
    Column("error_code", String(50)),
    Column("error_message", Text),
    Column("completed_at", UtcDateTime()),
    created_at_column(),
    updated_at_column(),
    # Last: lists of generations read the columns before it without walking the text's overflow pages.
    Column("content_text", Text),
    Index(None, "user_id", "created_at"),
    Index(None, "user_id", "job_id"),
    Index(None, "status"),
)

mapper_registry.map_imperatively(JobContentRanking, job_content_rankings_table)
mapper_registry.map_imperatively(Generation, generations_table)

"""A ranking: the user's experiences and projects ordered for one job, cached by the hash of its input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.enums.generation import RankingStatus
from app.domain.generation.ranked_content import RankedContent
from app.domain.ids import new_id
from app.domain.time import utc_now


@dataclass(eq=False)
class JobContentRanking:
    user_id: int
    job_id: str
    profile_id: str
    input_hash: str
    id: str = field(default_factory=new_id)
    ranked_experience_ids: list[str] = field(default_factory=list)
    ranked_project_ids: list[str] = field(default_factory=list)
    ranking_rationale: str = ""
    keyword_matches: dict[str, int] = field(default_factory=dict)
    relevance_scores: dict[str, float] = field(default_factory=dict)
    llm_metadata: dict[str, Any] = field(default_factory=dict)
    status: RankingStatus = RankingStatus.COMPLETED
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    def is_fresh_for(self, profile_id: str, input_hash: str) -> bool:
        """Whether this ranking was computed from exactly this profile and job content."""
        return self.profile_id == profile_id and self.input_hash == input_hash

    def record(
        self,
        ranked: RankedContent,
        *,
        profile_id: str,
        input_hash: str,
        rationale: str,
        llm_metadata: dict[str, Any],
        now: datetime,
    ) -> None:
        """Keep a new result (the row is reused: one ranking per user and job)."""
        self.profile_id = profile_id
        self.input_hash = input_hash
        self.ranked_experience_ids = ranked.experience_ids
        self.ranked_project_ids = ranked.project_ids
        self.keyword_matches = dict(ranked.keyword_matches)
        self.relevance_scores = ranked.relevance_scores
        self.ranking_rationale = rationale
        self.llm_metadata = llm_metadata
        self.updated_at = now

"""What a ranking decides: the user's experiences and projects ordered by relevance to one job."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ItemRelevance:
    """One experience's or project's score (0-1) and the parts it is made of."""

    item_id: str
    score: float
    bm25: float  # normalised 0-1 over the user's own items
    skill_overlap: float  # 0-1
    recency: float  # 0-1, current = 1
    matched_terms: tuple[str, ...] = ()  # the job keywords the item matches, canonical spelling


@dataclass(frozen=True)
class RankedContent:
    """Experiences and projects best first, with every item's relevance and the job's keyword hits."""

    experiences: tuple[ItemRelevance, ...]
    projects: tuple[ItemRelevance, ...]
    # Job keyword (canonical spelling) -> how many of the user's items match it.
    keyword_matches: dict[str, int] = field(default_factory=dict)

    @property
    def experience_ids(self) -> list[str]:
        return [item.item_id for item in self.experiences]

    @property
    def project_ids(self) -> list[str]:
        return [item.item_id for item in self.projects]

    @property
    def relevance_scores(self) -> dict[str, float]:
        return {item.item_id: item.score for item in (*self.experiences, *self.projects)}

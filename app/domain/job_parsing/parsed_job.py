"""What the parser extracts from a posting."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.enums.job import EmploymentType

UNKNOWN_COMPANY = "Unknown company"


@dataclass(frozen=True, slots=True)
class ParsedJob:
    title: str
    company: str = UNKNOWN_COMPANY
    location: str | None = None
    description: str | None = None
    requirements: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    parsed_keywords: list[str] = field(default_factory=list)
    salary_range: str | None = None
    remote: bool = False
    employment_type: EmploymentType = EmploymentType.FULL_TIME

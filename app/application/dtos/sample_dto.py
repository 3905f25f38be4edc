"""Results of the sample use cases."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.entities.sample_document import SampleDocument, SampleSummary
from app.domain.entities.writing_style import WritingStyle


@dataclass(frozen=True, slots=True)
class SampleWithStyle:
    sample: SampleDocument
    style: WritingStyle | None


@dataclass(frozen=True, slots=True)
class SamplePage:
    items: list[SampleSummary]
    total: int

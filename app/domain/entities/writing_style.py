"""The writing style extracted from one sample, stored as the contract's WritingStyle object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.enums.writing_style import ExtractionMethod, ExtractionStatus
from app.domain.time import utc_now


@dataclass(eq=False)
class WritingStyle:
    """One row per sample; `extracted_style` is the whole WritingStyle object, metadata included.

    The method, model and confidence are also kept in columns of their own, for queries.
    """

    id: str
    user_id: int
    sample_id: str
    extracted_style: dict[str, Any]
    extraction_method: ExtractionMethod
    extraction_status: ExtractionStatus = ExtractionStatus.PENDING
    extraction_model: str | None = None
    extraction_confidence: float | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

"""Port for reading a job posting's text into fields."""

from __future__ import annotations

from typing import Protocol

from app.domain.job_parsing.parsed_job import ParsedJob


class JobPostingParser(Protocol):
    async def parse(self, text: str) -> ParsedJob:
        """The posting's fields; a model-backed parser falls back to the deterministic one on failure."""

    def keywords(self, text: str) -> list[str]:
        """The skills vocabulary terms found in `text` (at most 20)."""

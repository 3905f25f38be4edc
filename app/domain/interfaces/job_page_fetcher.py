"""Port for fetching a job posting's web page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page reduced to text, and its schema.org JobPosting (description as plain text) when it has one."""

    url: str
    text: str
    posting: Mapping[str, object] | None = None


class JobPageFetcher(Protocol):
    async def fetch(self, url: str) -> FetchedPage:
        """Fetch a public http(s) page; raises UrlNotAllowedError or UrlFetchFailedError."""

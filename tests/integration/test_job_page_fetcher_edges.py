"""URL intake failures that stop before any connection: each a clear refusal, not a crash."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.domain.errors import UrlFetchFailedError, UrlNotAllowedError
from app.infrastructure.adapters.job_pages.http_fetcher import FetchLimits, HttpJobPageFetcher


class Resolver:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.answers[host]


@pytest.fixture
def resolver() -> Resolver:
    return Resolver({"empty.example": []})  # any other host asked for is a KeyError: no traffic


@pytest.fixture
async def fetcher(resolver: Resolver) -> AsyncIterator[HttpJobPageFetcher]:
    made = HttpJobPageFetcher(limits=FetchLimits(connect_timeout_s=1, total_timeout_s=2), resolve=resolver)
    yield made
    await made.aclose()


@pytest.mark.parametrize(
    "url",
    [
        "http://ex\u00e4mple..com/job",  # no IDNA host name
        "http://jobs.example:x/job",  # a port that is no number
        "http://jobs\x01.example/job",  # a control character
    ],
)
async def test_an_address_the_http_client_cannot_use_is_not_allowed_and_never_resolved(
    fetcher: HttpJobPageFetcher, resolver: Resolver, url: str
):
    with pytest.raises(UrlNotAllowedError, match="not a valid web address"):
        await fetcher.fetch(url)
    assert resolver.asked == []


async def test_a_host_with_no_address_at_all_is_a_dns_failure(fetcher: HttpJobPageFetcher):
    with pytest.raises(UrlFetchFailedError, match=r"resolve the host empty\.example \(DNS\)"):
        await fetcher.fetch("https://empty.example/job")

"""REDIS_URL and REDIS_KEY_PREFIX: checked at load, so a typo stops start-up with a message naming it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_without_redis_url_there_is_no_redis_and_keys_are_prefixed_jobwise():
    settings = make()
    assert (settings.redis_url, settings.redis_key_prefix) == ("", "jobwise")


@pytest.mark.parametrize(
    "url", ["redis://localhost:6379/0", "rediss://:secret@cache.internal:6380/2", "redis://10.0.0.5"]
)
def test_redis_and_tls_redis_urls_are_accepted(url: str):
    assert make(redis_url=url).redis_url == url


@pytest.mark.parametrize(
    "url", ["http://localhost:6379", "localhost:6379", "unix:///run/redis.sock", "redis://", "redis:///0"]
)
def test_another_scheme_or_no_host_stops_start_up_with_a_message(url: str):
    with pytest.raises(ValidationError, match=r"REDIS_URL must be a redis:// or rediss:// URL"):
        make(redis_url=url)


@pytest.mark.parametrize("prefix", ["", "two words", "x" * 65, "a/b"])
def test_a_key_prefix_must_be_a_short_plain_token(prefix: str):
    with pytest.raises(ValidationError, match="redis_key_prefix"):
        make(redis_key_prefix=prefix)

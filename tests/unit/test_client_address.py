"""Which address a request is rate limited under."""

from __future__ import annotations

from starlette.requests import Request

from app.core.config import Settings
from app.core.rate_limiter import ClientAddressResolver


def make_request(peer: str, forwarded_for: str | None = None) -> Request:
    headers = [] if forwarded_for is None else [(b"x-forwarded-for", forwarded_for.encode())]
    return Request({"type": "http", "client": (peer, 5000), "headers": headers})


def resolver(*trusted: str) -> ClientAddressResolver:
    return ClientAddressResolver(Settings(_env_file=None, trusted_proxies=list(trusted)))  # type: ignore[call-arg]


def test_the_socket_peer_counts_when_no_proxy_is_trusted():
    assert resolver()(make_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_forwarded_for_from_an_untrusted_peer_is_ignored():
    assert resolver("10.0.0.0/8")(make_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_a_trusted_proxy_hands_over_the_first_untrusted_hop_from_the_right():
    request = make_request("10.0.0.2", "6.6.6.6, 198.51.100.4, 10.0.0.3")
    assert resolver("10.0.0.0/8")(request) == "198.51.100.4"


def test_a_trusted_proxy_without_a_forwarded_header_is_the_client():
    assert resolver("10.0.0.0/8")(make_request("10.0.0.2")) == "10.0.0.2"


def test_garbage_in_the_forwarded_header_is_treated_as_untrusted():
    assert resolver("10.0.0.0/8")(make_request("10.0.0.2", "garbage")) == "garbage"

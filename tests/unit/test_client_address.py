"""Which address a request is rate limited under."""

from __future__ import annotations

from starlette.requests import Request

from app.core.config import Settings
from app.presentation.client_address import ClientAddressResolver, rate_limit_key


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


def test_an_ipv4_client_is_limited_under_its_own_address():
    assert rate_limit_key("203.0.113.9") == "203.0.113.9"


def test_an_ipv6_client_is_limited_under_its_64_network():
    assert rate_limit_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert rate_limit_key("2001:DB8:1:2:ffff:ffff:ffff:fffe") == "2001:db8:1:2::/64"
    assert rate_limit_key("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert rate_limit_key("fe80::1%eth0") == "fe80::/64"


def test_an_ipv4_address_written_as_ipv6_is_limited_as_that_ipv4_address():
    assert rate_limit_key("::ffff:198.51.100.7") == "198.51.100.7"


def test_what_is_not_an_address_is_used_as_it_is():
    assert rate_limit_key("garbage") == "garbage"


def test_an_ipv6_client_behind_a_trusted_proxy_is_limited_under_its_64_network():
    request = make_request("10.0.0.2", "2001:db8:aa:bb:1:2:3:4")
    assert rate_limit_key(resolver("10.0.0.0/8")(request)) == "2001:db8:aa:bb::/64"

"""The URL intake address classifier, as a pure function: no address here is ever contacted."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address, ip_address

import pytest

from app.infrastructure.adapters.job_pages.address_policy import embedded_ipv4, is_public_address
from app.infrastructure.adapters.job_pages.http_fetcher import is_public_address as fetcher_default

PUBLIC_IPV4 = ["8.8.8.8", "93.184.216.34", "1.1.1.1", "65.54.227.120", "100.63.255.255", "100.128.0.0"]
REFUSED_IPV4 = [
    "0.0.0.0",  # noqa: S104 - unspecified; classified here, never bound
    "0.1.2.3",  # "this network"
    "10.0.0.1",
    "100.64.0.1",  # shared (CGNAT)
    "100.127.255.254",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",  # cloud metadata
    "172.16.0.1",
    "172.31.255.254",
    "192.0.0.1",  # IETF protocol assignments
    "192.0.0.8",
    "192.0.0.170",
    "192.0.0.255",
    "192.0.2.1",  # documentation
    "192.88.99.1",  # 6to4 relay anycast
    "192.168.1.1",
    "198.18.0.1",  # benchmarking
    "198.19.255.254",
    "198.51.100.7",  # documentation
    "203.0.113.9",  # documentation
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.254",
    "255.255.255.255",  # broadcast
]
# A few of the refused ones, for the cross product with every IPv6 wrapping below.
REFUSED_SAMPLE = ["127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "100.64.0.1", "0.0.0.0"]  # noqa: S104


def v4(text: str) -> int:
    return int(IPv4Address(text))


def v6(value: int) -> IPv6Address:
    return IPv6Address(value)


WRAPPINGS: dict[str, Callable[[str], IPv6Address]] = {
    "ipv4-mapped": lambda ipv4: v6(0xFFFF << 32 | v4(ipv4)),
    "siit": lambda ipv4: v6(0xFFFF << 48 | v4(ipv4)),
    "nat64": lambda ipv4: v6(int(IPv6Address("64:ff9b::")) | v4(ipv4)),
    "ipv4-compatible": lambda ipv4: v6(v4(ipv4)),
    "6to4": lambda ipv4: v6(0x2002 << 112 | v4(ipv4) << 80 | 0x1_0000_0000_0001),
    "teredo-client": lambda ipv4: v6(
        0x2001_0000 << 96 | v4("65.54.227.120") << 64 | 0x8000_63BF << 32 | (~v4(ipv4) & 0xFFFFFFFF)
    ),
    "teredo-server": lambda ipv4: v6(
        0x2001_0000 << 96 | v4(ipv4) << 64 | 0x8000_63BF << 32 | (~v4("8.8.8.8") & 0xFFFFFFFF)
    ),
}


def allowed(text: str) -> bool:
    return is_public_address(ip_address(text))


@pytest.mark.parametrize("address", PUBLIC_IPV4)
def test_public_ipv4_is_allowed(address: str):
    assert allowed(address)


@pytest.mark.parametrize("address", REFUSED_IPV4)
def test_special_purpose_ipv4_is_refused(address: str):
    assert not allowed(address)


@pytest.mark.parametrize(
    "address", ["2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2620:fe::fe", "2c0f:fb50::1"]
)
def test_public_ipv6_is_allowed(address: str):
    assert allowed(address)


@pytest.mark.parametrize(
    "address",
    [
        "::",  # unspecified
        "::1",  # loopback
        "fc00::1",  # unique-local
        "fd12:3456:789a::1",
        "fe80::1",  # link-local
        "febf:ffff::1",
        "fec0::1",  # site-local
        "feff::1",
        "ff02::1",  # multicast
        "ff0e::101",
        "2001:db8::1",  # documentation
        "2001:db8:ffff::1",
        "3fff::1",  # documentation (RFC 9637)
        "100::1",  # discard-only
        "2001:2::1",  # benchmarking
        "2001:10::1",  # ORCHID
        "2001:1::1",  # IETF protocol assignments
        "5f00::1",  # SRv6
        "4000::1",  # outside global unicast 2000::/3
        "1fff:ffff::1",
    ],
)
def test_special_purpose_ipv6_is_refused(address: str):
    assert not allowed(address)


@pytest.mark.parametrize("wrapping", sorted(WRAPPINGS))
@pytest.mark.parametrize("ipv4", REFUSED_SAMPLE)
def test_an_embedded_private_or_loopback_ipv4_is_refused(wrapping: str, ipv4: str):
    address = WRAPPINGS[wrapping](ipv4)
    assert IPv4Address(ipv4) in embedded_ipv4(address)
    assert not is_public_address(address)


@pytest.mark.parametrize("wrapping", sorted(WRAPPINGS))
@pytest.mark.parametrize("ipv4", ["8.8.8.8", "93.184.216.34", "1.1.1.1"])
def test_an_embedded_public_ipv4_is_judged_as_that_public_address(wrapping: str, ipv4: str):
    address = WRAPPINGS[wrapping](ipv4)
    assert IPv4Address(ipv4) in embedded_ipv4(address)
    assert is_public_address(address)


@pytest.mark.parametrize("wrapping", sorted(WRAPPINGS))
@pytest.mark.parametrize("ipv4", REFUSED_IPV4)
def test_every_refused_ipv4_stays_refused_inside_every_wrapping(wrapping: str, ipv4: str):
    assert not is_public_address(WRAPPINGS[wrapping](ipv4))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        # NAT64 well-known prefix: the last 32 bits
        ("64:ff9b::7f00:1", False),  # 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # 169.254.169.254
        ("64:ff9b::c0a8:101", False),  # 192.168.1.1
        ("64:ff9b::808:808", True),  # 8.8.8.8
        ("64:ff9b::8.8.8.8", True),
        # 6to4: bits 16-48
        ("2002:7f00:1::", False),  # 127.0.0.1
        ("2002:a00:1:1::1", False),  # 10.0.0.1
        ("2002:c000:204::1", False),  # 192.0.2.4, documentation
        ("2002:808:808::1", True),  # 8.8.8.8
        # SIIT IPv4-translated ::ffff:0:a.b.c.d
        ("::ffff:0:7f00:1", False),
        ("::ffff:0:127.0.0.1", False),
        ("::ffff:0:808:808", True),
        # IPv4-mapped ::ffff:a.b.c.d
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.1.2.3", False),
        ("::ffff:8.8.8.8", True),
        # IPv4-compatible ::a.b.c.d (deprecated)
        ("::127.0.0.1", False),
        ("::10.0.0.1", False),
        ("::8.8.8.8", True),
        # Teredo: server at bits 32-64, client inverted in the last 32 bits
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # RFC 4380's example, client 192.0.2.45
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # client 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # client 127.0.0.1
        ("2001:0:7f00:1:8000:63bf:f7f7:f7f7", False),  # server 127.0.0.1, client 8.8.8.8
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", True),  # server 65.54.227.120, client 8.8.8.8
    ],
)
def test_the_embedded_ipv4_forms_by_their_written_addresses(address: str, public: bool):
    assert allowed(address) is public


def test_teredo_reads_the_server_and_the_inverted_client():
    carried = embedded_ipv4(IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2"))
    assert carried == (IPv4Address("65.54.227.120"), IPv4Address("192.0.2.45"))


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b:1::808:808",  # 8.8.8.8 where a /96 would put it
        "64:ff9b:1:808:8:800::",  # 8.8.8.8 where a /48 would put it
        "64:ff9b:1::7f00:1",
        "64:ff9b:1:ffff:ffff:ffff:ffff:ffff",
    ],
)
def test_local_use_nat64_is_refused_whatever_it_seems_to_embed(address: str):
    # Its prefix length is each operator's choice, so the IPv4 inside cannot be located.
    assert embedded_ipv4(IPv6Address(address)) == ()
    assert not allowed(address)


@pytest.mark.parametrize("address", ["::", "::1", "::0.0.0.1"])
def test_the_unspecified_and_loopback_ipv6_addresses_are_refused(address: str):
    assert not allowed(address)


def test_a_native_ipv6_address_embeds_nothing():
    assert embedded_ipv4(IPv6Address("2606:4700:4700::1111")) == ()


def test_the_fetcher_uses_this_classifier_by_default():
    assert fetcher_default is is_public_address

"""Which IP addresses URL intake may connect to: public unicast only, judged without the network.

The rules are written out here rather than taken from `ipaddress.is_global` alone, whose answers
changed between Python patch releases (3.11.7 calls `192.0.0.8`, `fec0::1` and `2002:7f00:1::`
global) and which never looks inside an IPv6 address that carries an IPv4 one.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

IpAddress = IPv4Address | IPv6Address

# IPv4 ranges that are not public unicast: the IANA special-purpose registry's entries that are not
# globally reachable, multicast, and the reserved block (which holds the broadcast address).
REFUSED_IPV4 = tuple(
    IPv4Network(network)
    for network in (
        "0.0.0.0/8",  # "this network", including the unspecified 0.0.0.0
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local (cloud metadata services live here)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments (whole block, anycast services included)
        "192.0.2.0/24",  # documentation TEST-NET-1
        "192.88.99.0/24",  # deprecated 6to4 relay anycast: a translator, not a web server
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation TEST-NET-2
        "203.0.113.0/24",  # documentation TEST-NET-3
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, including the limited broadcast 255.255.255.255
    )
)

# Native IPv6 must be global unicast (2000::/3): everything else is refused, among it ::/128, ::1,
# 100::/64 (discard), 64:ff9b:1::/48 (local-use NAT64), 5f00::/16 (SRv6), fc00::/7 (unique-local),
# fe80::/10 (link-local), fec0::/10 (site-local) and ff00::/8 (multicast). Inside 2000::/3 these are
# refused too.
GLOBAL_UNICAST_IPV6 = IPv6Network("2000::/3")
REFUSED_IPV6 = tuple(
    IPv6Network(network)
    for network in (
        "2001::/23",  # IETF protocol assignments: benchmarking, ORCHID, AMT, AS112, anycast services
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
    )
)

_LOW_32 = 0xFFFFFFFF


def _last_32(value: int) -> tuple[int, ...]:
    return (value & _LOW_32,)


def _sixtofour(value: int) -> tuple[int, ...]:
    return ((value >> 80) & _LOW_32,)  # 2002:WWXX:YYZZ::/48, the IPv4 is bits 16-48


def _teredo(value: int) -> tuple[int, ...]:
    # 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, the server at bits 32-64, the client inverted at 96-128
    return ((value >> 64) & _LOW_32, ~value & _LOW_32)


# IPv6 forms that carry an IPv4 address at a fixed place, and how to read it out. The first match wins,
# so the longer prefixes come before ::/96, which would otherwise swallow ::ffff:a.b.c.d.
EMBEDDED_IPV4: tuple[tuple[IPv6Network, Callable[[int], tuple[int, ...]]], ...] = (
    (IPv6Network("::ffff:0:0/96"), _last_32),  # IPv4-mapped ::ffff:a.b.c.d
    (IPv6Network("::ffff:0:0:0/96"), _last_32),  # SIIT IPv4-translated ::ffff:0:a.b.c.d
    (IPv6Network("64:ff9b::/96"), _last_32),  # NAT64 well-known prefix
    (IPv6Network("::/96"), _last_32),  # IPv4-compatible ::a.b.c.d (deprecated)
    (IPv6Network("2002::/16"), _sixtofour),  # 6to4
    (IPv6Network("2001::/32"), _teredo),  # Teredo
)


def embedded_ipv4(address: IPv6Address) -> tuple[IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address carries (Teredo carries two); empty when it carries none."""
    for network, read in EMBEDDED_IPV4:
        if address in network:
            return tuple(IPv4Address(value) for value in read(int(address)))
    return ()


def is_public_address(address: IpAddress) -> bool:
    """True only for a public unicast address: the one kind URL intake may connect to.

    Refused: private, loopback, link-local, shared (CGNAT), documentation, benchmarking, reserved,
    IETF-assigned, multicast, broadcast and unspecified addresses, in IPv4 and IPv6 (see the tables
    above), and anything the standard library does not call global either.

    An IPv6 address that embeds an IPv4 one is judged by the IPv4 it embeds, with the IPv4 rules,
    because that is where the packets end up (a translator, relay or dual-stack socket forwards them
    there): so `64:ff9b::7f00:1` is 127.0.0.1 and refused, while `64:ff9b::808:808` is 8.8.8.8 and
    allowed. The forms read are IPv4-mapped `::ffff:a.b.c.d`, SIIT `::ffff:0:a.b.c.d`, NAT64
    `64:ff9b::/96` (last 32 bits), IPv4-compatible `::a.b.c.d`, 6to4 `2002::/16` (bits 16-48) and
    Teredo `2001::/32`, where both the server (bits 32-64) and the client (last 32 bits, inverted)
    must be public. `::` and `::1` are refused by name rather than read as 0.0.0.0 and 0.0.0.1.

    Where the embedded IPv4 cannot be located the range is refused outright: the local-use NAT64
    prefix `64:ff9b:1::/48` may be cut at /48 to /96 by each operator (RFC 6052), so its IPv4 could
    sit at any of those places. An operator's own NAT64 prefix inside 2000::/3 cannot be recognised
    from the address at all; such an address is judged as the IPv6 address it is.
    """
    if isinstance(address, IPv4Address):
        return _is_public_ipv4(address)
    if address.is_unspecified or address.is_loopback:
        return False
    carried = embedded_ipv4(address)
    if carried:
        return all(_is_public_ipv4(ipv4) for ipv4 in carried)
    return (
        address in GLOBAL_UNICAST_IPV6
        and not any(address in network for network in REFUSED_IPV6)
        and address.is_global
    )


def _is_public_ipv4(address: IPv4Address) -> bool:
    return not any(address in network for network in REFUSED_IPV4) and address.is_global

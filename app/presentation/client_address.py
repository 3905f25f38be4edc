"""Who a request comes from, as the rate limits count it."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

from starlette.requests import Request

from app.core.config import Settings


class ClientAddressResolver:
    """The socket peer, or the first untrusted hop of X-Forwarded-For when the peer is a trusted proxy."""

    def __init__(self, settings: Settings) -> None:
        self._trusted = settings.trusted_proxy_networks

    def __call__(self, request: Request) -> str:
        peer = request.client.host if request.client else "unknown"
        if not self._is_trusted(peer):
            return peer
        hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
        for hop in reversed(hops):
            if hop and not self._is_trusted(hop):
                return hop
        return peer

    def _is_trusted(self, address: str) -> bool:
        parsed = _parse_ip(address)
        return parsed is not None and any(parsed in network for network in self._trusted)


def _parse_ip(address: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(address)
    except ValueError:
        return None


def rate_limit_key(address: str) -> str:
    """The key a client address is counted under: an IPv4 address, or the /64 network of an IPv6 one.

    One IPv6 subscriber is usually handed a whole /64 and can pick a new address for every request;
    an IPv4 address written as IPv6 (`::ffff:a.b.c.d`, from a dual-stack socket) counts as itself.
    """
    parsed = _parse_ip(address)
    if not isinstance(parsed, IPv6Address):
        return address
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(IPv6Network((int(parsed) >> 64 << 64, 64)))

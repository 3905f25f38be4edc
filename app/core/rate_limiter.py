"""Rate limits per client address or per user (slowapi's limiter and storage), and client addresses."""

from __future__ import annotations

import math
import time
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

import anyio.to_thread
from limits import RateLimitItem, parse
from slowapi import Limiter
from starlette.requests import Request

from app.core.config import Settings
from app.domain.errors import RateLimitedError


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


class RateLimiter:
    """Named limits per route and client address (`auth`, `check_email`) or user (`change_password`).

    A hit past a limit raises RateLimitedError (429 with Retry-After).
    """

    def __init__(self, settings: Settings) -> None:
        self.client_address = ClientAddressResolver(settings)
        self._limiter = Limiter(
            key_func=self.client_key,
            storage_uri="memory://",
            strategy="moving-window",
            enabled=settings.rate_limit_enabled,
        )
        self._limits: dict[str, RateLimitItem] = {
            "auth": parse(settings.rate_limit_auth),
            "check_email": parse(settings.rate_limit_check_email),
            "change_password": parse(settings.rate_limit_change_password),
        }

    def client_key(self, request: Request) -> str:
        return rate_limit_key(self.client_address(request))

    async def hit(self, scope: str, request: Request) -> None:
        """Count a request against the limit `scope` of its route and client address."""
        await self._hit(scope, request.url.path, self.client_key(request))

    async def hit_user(self, scope: str, request: Request, user_id: int) -> None:
        """Count a request against the limit `scope` of its route and user, wherever it comes from."""
        await self._hit(scope, request.url.path, f"user:{user_id}")

    async def _hit(self, scope: str, *keys: str) -> None:
        if not self._limiter.enabled:
            return
        item = self._limits[scope]
        allowed = await anyio.to_thread.run_sync(self._limiter.limiter.hit, item, scope, *keys)
        if not allowed:
            stats = self._limiter.limiter.get_window_stats(item, scope, *keys)
            raise RateLimitedError(math.ceil(stats.reset_time - time.time()))

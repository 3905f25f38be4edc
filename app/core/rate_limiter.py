"""Per-client-IP rate limits (slowapi's limiter and storage) and client address resolution."""

from __future__ import annotations

import math
import time
from ipaddress import IPv4Address, IPv6Address, ip_address

import anyio.to_thread
from limits import RateLimitItem, parse
from slowapi import Limiter
from starlette.requests import Request

from app.core.config import Settings
from app.core.exceptions import RateLimitedError


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


class RateLimiter:
    """Named per-IP, per-route limits (`auth` = "10/minute"); a hit past one raises RateLimitedError."""

    def __init__(self, settings: Settings) -> None:
        self.client_address = ClientAddressResolver(settings)
        self._limiter = Limiter(
            key_func=self.client_address,
            storage_uri="memory://",
            strategy="moving-window",
            enabled=settings.rate_limit_enabled,
        )
        self._limits: dict[str, RateLimitItem] = {"auth": parse(settings.rate_limit_auth)}

    async def hit(self, scope: str, request: Request) -> None:
        if not self._limiter.enabled:
            return
        item = self._limits[scope]
        keys = (scope, request.url.path, self.client_address(request))
        allowed = await anyio.to_thread.run_sync(self._limiter.limiter.hit, item, *keys)
        if not allowed:
            stats = self._limiter.limiter.get_window_stats(item, *keys)
            raise RateLimitedError(math.ceil(stats.reset_time - time.time()))

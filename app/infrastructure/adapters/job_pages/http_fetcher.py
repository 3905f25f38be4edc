"""HttpJobPageFetcher: fetch a posting's page with httpx, refusing anything but public web servers.

Every hop (the first request and each redirect) is checked the same way: http or https only, the host
resolved on the event loop's resolver (never blocking the loop), every address it resolves to public
(`address_policy.is_public_address`, which judges an IPv6 address carrying an IPv4 one, such as NAT64,
6to4 or Teredo, by that IPv4), and the connection made to the very address that was checked (the Host
header and TLS server name keep the original host), so a DNS answer that changes between check and
connect cannot slip through.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import anyio
import httpx

from app.domain.entities.job import require_web_url
from app.domain.errors import UrlFetchFailedError, UrlNotAllowedError
from app.domain.interfaces.job_page_fetcher import FetchedPage
from app.infrastructure.adapters.job_pages.address_policy import IpAddress, is_public_address
from app.infrastructure.adapters.job_pages.body_decoding import decode_page
from app.infrastructure.adapters.job_pages.content_encoding import ContentDecoder
from app.infrastructure.adapters.job_pages.html_text import read_page

Resolver = Callable[[str, int], Awaitable[list[str]]]
ACCEPTED_TYPES = ("text/html", "text/plain")
USER_AGENT = "JobWise/1.0 (job posting import)"


async def resolve_with_loop(host: str, port: int) -> list[str]:
    """The host's addresses from the event loop's resolver (it runs getaddrinfo off the loop)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout_s: float = 5.0
    total_timeout_s: float = 15.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class _Target:
    url: httpx.URL  # the checked address in place of the host name
    host: str
    host_header: str


@functools.cache
def _default_tls() -> ssl.SSLContext:
    """httpx's verifying context (certifi's CAs), built once per process: loading the CAs takes ~40 ms."""
    return httpx.create_ssl_context()


class HttpJobPageFetcher:
    def __init__(
        self,
        *,
        limits: FetchLimits,
        allow_private: bool = False,
        address_allowed: Callable[[IpAddress], bool] = is_public_address,
        resolve: Resolver = resolve_with_loop,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`tls`: the context that verifies servers (default: httpx's, with certifi's CAs)."""
        self._limits = limits
        self._allow_private = allow_private
        self._address_allowed = address_allowed
        self._resolve = resolve
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: we connect to the address we checked
            verify=tls if tls is not None else _default_tls(),
            timeout=httpx.Timeout(limits.total_timeout_s, connect=limits.connect_timeout_s),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html, text/plain;q=0.9",
                "Accept-Encoding": "identity",  # a server may compress all the same: see _body
            },
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str) -> FetchedPage:
        try:
            async with asyncio.timeout(self._limits.total_timeout_s):
                final_url, body, charset = await self._follow(url)
        except TimeoutError as exc:
            raise UrlFetchFailedError(
                f"The page did not load within {self._limits.total_timeout_s:g} s (timeout)"
            ) from exc
        except httpx.TimeoutException as exc:
            raise UrlFetchFailedError("The site did not answer in time (timeout)") from exc
        except httpx.HTTPError as exc:
            raise UrlFetchFailedError(f"Could not connect to the site ({type(exc).__name__})") from exc
        page = decode_page(body, charset)
        text, posting = await anyio.to_thread.run_sync(read_page, page)
        return FetchedPage(url=final_url, text=text, posting=posting)

    async def _follow(self, url: str) -> tuple[str, bytes, str | None]:
        for _ in range(self._limits.max_redirects + 1):
            target = await self._check(url)
            request = self._client.build_request(
                "GET",
                target.url,
                headers={"Host": target.host_header},
                extensions={"sni_hostname": target.host},
            )
            response = await self._client.send(request, stream=True)
            try:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("location", ""))
                    continue
                return url, await self._body(response), response.charset_encoding
            finally:
                await response.aclose()
        raise UrlFetchFailedError(f"The page redirected more than {self._limits.max_redirects} times")

    async def _check(self, url: str) -> _Target:
        """Scheme, host and addresses of one hop; the URL rewritten to the address that passed."""
        try:
            parsed = httpx.URL(require_web_url(url))
        except httpx.InvalidURL as exc:
            raise UrlNotAllowedError("This is not a valid web address") from exc
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            found = [ipaddress.ip_address(parsed.host)]
        except ValueError:
            found = await self._lookup(parsed.host, port)
        if not self._allow_private and not all(self._address_allowed(address) for address in found):
            raise UrlNotAllowedError("This address points to a private, local or reserved network")
        return _Target(
            url=parsed.copy_with(host=str(found[0])),
            host=parsed.host,
            host_header=parsed.netloc.decode("ascii"),
        )

    async def _lookup(self, host: str, port: int) -> list[IpAddress]:
        try:
            addresses = await self._resolve(host, port)
        except OSError as exc:
            raise UrlFetchFailedError(f"Could not resolve the host {host} (DNS)") from exc
        if not addresses:
            raise UrlFetchFailedError(f"Could not resolve the host {host} (DNS)")
        return [ipaddress.ip_address(address.split("%", 1)[0]) for address in addresses]

    async def _body(self, response: httpx.Response) -> bytes:
        if not response.is_success:
            raise UrlFetchFailedError(f"The page answered HTTP {response.status_code}")
        content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            shown = content_type or "no content type"
            raise UrlFetchFailedError(f"The page is not HTML or plain text ({shown})")
        limit = self._limits.max_bytes
        too_large = UrlFetchFailedError(f"The page is larger than {_size(limit)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        # httpx's own decoding would inflate each chunk whole (a 50 KB gzip bomb is 50 MiB at once),
        # so the raw bytes are read and decoded here, never more than the cap and one byte.
        decoder = ContentDecoder(response.headers.get("content-encoding"))
        received = size = 0
        pieces: list[bytes] = []
        async for chunk in response.aiter_raw():
            received += len(chunk)
            decoded = decoder.decode(chunk, limit - size + 1)
            pieces += decoded
            size += sum(len(piece) for piece in decoded)
            if received > limit or size > limit:
                raise too_large
        return b"".join(pieces)


def _size(count: int) -> str:
    mib = 1024 * 1024
    return f"{count // mib} MiB" if count % mib == 0 else f"{count} bytes"

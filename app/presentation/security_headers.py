"""Security headers on every answer, and a Content-Security-Policy that keeps the offline docs working.

API answers carry tokens or personal data, so none may be stored by a cache; no answer may be framed,
sniffed or leak a referrer. The docs pages run their own inline bootstrap script: their policy allows
exactly that script by its SHA-256 hash, and the bundled assets from the same origin, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_DOCS_PREFIX = "/static-offline-docs"
_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
_NO_STORE = (b"cache-control", b"no-store")
_API_POLICY = b"default-src 'none'; frame-ancestors 'none'"
# The docs bundles set inline styles at run time (ReDoc injects <style> elements), hence 'unsafe-inline'
# for styles only; scripts run only from this origin or when their hash is listed.
_DOCS_POLICY = (
    "default-src 'none'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)  # our own pages only, never input


def docs_policy(html: bytes) -> bytes:
    """The policy for one HTML page: its inline scripts allowed by hash."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    ]
    return _DOCS_POLICY.format(scripts=" ".join(hashes)).encode()


class SecurityHeadersMiddleware:
    """Adds the headers above; HTML pages (the docs) are buffered once to hash their inline scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith(STATIC_DOCS_PREFIX)
        start: Message | None = None
        html = bytearray()

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *_COMMON]
                if not cacheable:
                    headers.append(_NO_STORE)
                message = {**message, "headers": headers}
                if _is_html(headers) and not cacheable:
                    start = message  # sent with the body, once the policy is known
                    return
                headers.append((b"content-security-policy", _API_POLICY))
            elif start is not None and message["type"] == "http.response.body":
                html.extend(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await send(
                    {
                        **start,
                        "headers": [
                            *start["headers"],
                            (b"content-security-policy", docs_policy(bytes(html))),
                        ],
                    }
                )
                message = {"type": "http.response.body", "body": bytes(html)}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(key.lower() == b"content-type" and value.startswith(b"text/html") for key, value in headers)

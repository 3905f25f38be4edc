"""Expiring download links: `?expires=<unix>&sig=<hex>`, sig = HMAC-SHA256(secret, "{id}.{expires}")."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from app.domain.errors import InvalidSignatureError

DOWNLOAD_PATH = "/api/v1/exports/files/{export_id}/download"
# A unix time in seconds has 10 digits until the year 2286; anything much longer is not one of ours, and
# is refused before int() spends time on it.
EXPIRES_MAX_DIGITS = 12


class DownloadSigner:
    """Signs export download links with the JWT secret; each link lives `ttl_s` seconds."""

    def __init__(self, secret: str, ttl_s: int) -> None:
        self._key = secret.encode()
        self._ttl_s = ttl_s

    def sign(self, export_id: str, now: datetime) -> tuple[int, str]:
        """The link's expiry (unix seconds) and its signature (hex)."""
        expires = int(now.timestamp()) + self._ttl_s
        return expires, self._signature(export_id, expires)

    def url(self, base_url: str, export_id: str, *, now: datetime) -> tuple[str, datetime]:
        """The absolute signed download URL of an export under `base_url`, and when it expires."""
        expires, sig = self.sign(export_id, now)
        path = DOWNLOAD_PATH.format(export_id=quote(export_id, safe=""))
        query = urlencode({"expires": expires, "sig": sig})
        return f"{base_url.rstrip('/')}{path}?{query}", datetime.fromtimestamp(expires, UTC)

    def verify(self, export_id: str, *, expires: str | int | None, sig: str | None, now: datetime) -> None:
        """Raise InvalidSignatureError unless `expires` and `sig` sign this export and have not passed."""
        expires_at = _unix_seconds(expires)
        if expires_at is None or sig is None:
            raise InvalidSignatureError
        # Compared in constant time (bytes, so a non-ASCII `sig` is a mismatch rather than a TypeError),
        # and before the expiry, so a forged link learns nothing from how fast it is refused.
        expected = self._signature(export_id, expires_at).encode()
        if not hmac.compare_digest(expected, sig.encode()):
            raise InvalidSignatureError
        if int(now.timestamp()) >= expires_at:
            raise InvalidSignatureError

    def _signature(self, export_id: str, expires: int) -> str:
        return hmac.new(self._key, f"{export_id}.{expires}".encode(), hashlib.sha256).hexdigest()


def _unix_seconds(value: str | int | None) -> int | None:
    """The expiry a link carries, or None when it is missing or not a plain non-negative integer."""
    if isinstance(value, int):
        return value if value >= 0 else None
    if value is None or not value.isascii() or not value.isdigit() or len(value) > EXPIRES_MAX_DIGITS:
        return None
    return int(value)

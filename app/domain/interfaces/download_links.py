"""Port: download links that need no Authorization header, signed and expiring (contract §7.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class DownloadLinks(Protocol):
    def url(self, base_url: str, export_id: str, *, now: datetime) -> tuple[str, datetime]:
        """The absolute signed download URL of an export under `base_url`, and when it expires."""
        ...

    def verify(self, export_id: str, *, expires: str | int | None, sig: str | None, now: datetime) -> None:
        """Raise InvalidSignatureError unless `expires` and `sig` sign this export and have not passed."""
        ...

"""A secret generated once and kept in a file only its owner can read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

OWNER_ONLY = 0o600


def load_or_create_secret(path: Path) -> str:
    """The secret stored at `path`; on first use a new random one is written there (mode 0600).

    Safe against several workers starting at once: the file appears complete or not at all (written
    under a temporary name, then hard-linked into place, which fails if another process won).
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(OWNER_ONLY)
    return path.read_text().strip()

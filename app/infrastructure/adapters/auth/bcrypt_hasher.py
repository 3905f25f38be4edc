"""Password hashing with bcrypt (pwdlib), off the event loop."""

from __future__ import annotations

import os

import anyio
import anyio.to_thread
from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.bcrypt import BcryptHasher


class BcryptPasswordHasher:
    """bcrypt through pwdlib; every call runs in a worker thread. Verifies passlib's `$2b$` hashes too."""

    def __init__(self, rounds: int) -> None:
        self._hash = PasswordHash((BcryptHasher(rounds=rounds),))
        self._dummy_hash = self._hash.hash("not-a-real-password")
        # At most one hash per core at a time: more threads would only queue on the CPU and
        # crowd out the event loop serving everything else.
        self._slots = anyio.CapacityLimiter(os.cpu_count() or 1)

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hash.hash, password, limiter=self._slots)

    async def verify(self, password: str, password_hash: str) -> bool:
        return await anyio.to_thread.run_sync(self._verify_sync, password, password_hash, limiter=self._slots)

    async def burn(self, password: str) -> None:
        await self.verify(password, self._dummy_hash)

    def _verify_sync(self, password: str, password_hash: str) -> bool:
        try:
            return self._hash.verify(password, password_hash)
        except UnknownHashError:  # not a bcrypt hash at all
            return False

"""Ports for password hashing and token signing."""

from __future__ import annotations

from typing import Protocol

from app.domain.entities.token_claims import TokenClaims
from app.domain.enums.auth import TokenType


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str:
        """Hash off the event loop."""

    async def verify(self, password: str, password_hash: str) -> bool:
        """Verify off the event loop; False for a malformed hash."""

    async def burn(self, password: str) -> None:
        """Spend the time of one verification, so a missing account answers as slowly as a real one."""


class TokenCodec(Protocol):
    def encode(self, claims: TokenClaims) -> str: ...

    def decode(self, token: str, *, expected: TokenType) -> TokenClaims:
        """Verify signature, expiry and type; raise the matching AuthenticationError otherwise."""

"""The verified content of a JWT issued by the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.enums.auth import TokenType


@dataclass(frozen=True, slots=True)
class TokenClaims:
    sub: str
    email: str
    type: TokenType
    jti: str
    iat: datetime
    exp: datetime

    @property
    def user_id(self) -> int:
        return int(self.sub)

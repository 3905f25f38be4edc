"""Access and refresh tokens as HS256 JWTs (PyJWT)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import jwt

from app.domain.entities.token_claims import TokenClaims
from app.domain.enums.auth import TokenType
from app.domain.errors import InvalidTokenError, TokenExpiredError, WrongTokenTypeError

JWT_ALGORITHM = "HS256"
_REQUIRED_CLAIMS = ["sub", "email", "iat", "exp", "type", "jti"]


class JwtTokenCodec:
    """HS256 tokens carrying sub, email, iat, exp, type and jti.

    Verified tokens are remembered (a bounded map from the exact token string to its claims): a client
    presents the same access token on every request for an hour, and checking its signature and
    parsing it again each time cost more than the rest of the authentication. Expiry and type are
    still checked on every call; revocation is the caller's database check.
    """

    def __init__(self, secret: str, *, cache_size: int = 4096, now: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._cache_size = cache_size
        self._now = now
        self._verified: dict[str, TokenClaims] = {}

    def encode(self, claims: TokenClaims) -> str:
        payload = {
            "sub": claims.sub,
            "email": claims.email,
            "type": claims.type.value,
            "jti": claims.jti,
            "iat": int(claims.iat.timestamp()),
            "exp": int(claims.exp.timestamp()),
        }
        return jwt.encode(payload, self._secret, algorithm=JWT_ALGORITHM)

    def decode(self, token: str, *, expected: TokenType) -> TokenClaims:
        claims = self._verified.get(token) or self._verify(token)
        if claims.exp.timestamp() <= self._now():
            self._verified.pop(token, None)
            raise TokenExpiredError
        if claims.type != expected:
            raise WrongTokenTypeError(f"Expected an {expected.value} token")
        return claims

    def _verify(self, token: str) -> TokenClaims:
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                options={"require": _REQUIRED_CLAIMS, "verify_exp": False},
            )
        except jwt.PyJWTError as exc:
            raise InvalidTokenError from exc
        claims = _claims_from(payload)
        if len(self._verified) >= self._cache_size:
            del self._verified[next(iter(self._verified))]  # forget the oldest
        self._verified[token] = claims
        return claims


def _claims_from(payload: dict[str, object]) -> TokenClaims:
    try:
        return TokenClaims(
            sub=str(int(str(payload["sub"]))),
            email=str(payload["email"]),
            type=TokenType(str(payload["type"])),
            jti=str(payload["jti"]),
            iat=datetime.fromtimestamp(int(str(payload["iat"])), UTC),
            exp=datetime.fromtimestamp(int(str(payload["exp"])), UTC),
        )
    except (ValueError, KeyError) as exc:
        raise InvalidTokenError from exc

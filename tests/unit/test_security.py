"""bcrypt through pwdlib (including passlib-made hashes) and HS256 tokens through PyJWT."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from app.domain.entities.token_claims import TokenClaims
from app.domain.enums.auth import TokenType
from app.domain.errors import InvalidTokenError, TokenExpiredError, WrongTokenTypeError
from app.infrastructure.adapters.auth.bcrypt_hasher import BcryptPasswordHasher
from app.infrastructure.adapters.auth.jwt_codec import JwtTokenCodec

SECRET = "unit-test-secret-unit-test-secret"
# Made by passlib 1.7.4 (`passlib.hash.bcrypt.using(rounds=4).hash(...)`) for "correct horse battery".
PASSLIB_2B_HASH = "$2b$04$zSJifw48OfpMQheFwTKbOOCxcxIAXqmSHvIzOPp.SNBMhHTashFsu"
PASSLIB_2A_HASH = "$2a$04$7gwSHT77vK.JPQLWs8/kWe1K.8vc7HvFeBZqim4SdaPYmvQR6jx.u"


def make_claims(**overrides: object) -> TokenClaims:
    now = datetime.now(UTC).replace(microsecond=0)
    values: dict[str, object] = {
        "sub": "42",
        "email": "ada@example.com",
        "type": TokenType.ACCESS,
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    values.update(overrides)
    return TokenClaims(**values)  # type: ignore[arg-type]


async def test_a_hash_verifies_its_password_only():
    hasher = BcryptPasswordHasher(rounds=4)
    hashed = await hasher.hash("correct horse battery")
    assert hashed.startswith("$2b$04$")
    assert await hasher.verify("correct horse battery", hashed)
    assert not await hasher.verify("correct horse batterY", hashed)


@pytest.mark.parametrize("passlib_hash", [PASSLIB_2B_HASH, PASSLIB_2A_HASH])
async def test_hashes_made_by_passlib_still_verify(passlib_hash: str):
    hasher = BcryptPasswordHasher(rounds=12)
    assert await hasher.verify("correct horse battery", passlib_hash)
    assert not await hasher.verify("wrong horse battery", passlib_hash)


async def test_a_malformed_stored_hash_just_fails_verification():
    assert not await BcryptPasswordHasher(rounds=4).verify("whatever-pass", "plain-text")


async def test_hashing_runs_off_the_event_loop():
    hasher = BcryptPasswordHasher(rounds=12)  # roughly a quarter of a second of CPU
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    await hasher.hash("correct horse battery")
    elapsed = time.perf_counter() - started
    done.set()
    await task
    # Had bcrypt run on the loop, the ticker would have stalled for the whole hash.
    assert max(gaps) < elapsed / 2
    assert len(gaps) >= 5


def test_a_token_round_trips_its_claims():
    codec = JwtTokenCodec(SECRET)
    claims = make_claims()
    assert codec.decode(codec.encode(claims), expected=TokenType.ACCESS) == claims


def test_the_token_carries_every_contract_claim():
    token = JwtTokenCodec(SECRET).encode(make_claims())
    payload = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert set(payload) == {"sub", "email", "iat", "exp", "type", "jti"}
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_an_expired_token_is_reported_as_expired():
    past = datetime.now(UTC) - timedelta(hours=2)
    token = JwtTokenCodec(SECRET).encode(make_claims(iat=past, exp=past + timedelta(hours=1)))
    with pytest.raises(TokenExpiredError):
        JwtTokenCodec(SECRET).decode(token, expected=TokenType.ACCESS)


def test_a_token_of_the_other_type_is_refused():
    token = JwtTokenCodec(SECRET).encode(make_claims(type=TokenType.REFRESH))
    with pytest.raises(WrongTokenTypeError):
        JwtTokenCodec(SECRET).decode(token, expected=TokenType.ACCESS)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        JwtTokenCodec("another-secret-another-secret-0000").encode(make_claims()),
        jwt.encode({"sub": "1", "type": "access"}, SECRET, algorithm="HS256"),  # claims missing
        jwt.encode(
            {"sub": "x", "email": "e", "iat": 1, "exp": 4102444800, "type": "access", "jti": "j"},
            SECRET,
            algorithm="HS256",
        ),  # non-numeric subject
        jwt.encode({"sub": "1"}, SECRET * 2, algorithm="HS512"),  # another algorithm
    ],
)
def test_anything_else_is_an_invalid_token(token: str):
    with pytest.raises(InvalidTokenError):
        JwtTokenCodec(SECRET).decode(token, expected=TokenType.ACCESS)


class MovableTime:
    def __init__(self) -> None:
        self.value = time.time()

    def __call__(self) -> float:
        return self.value


def test_a_remembered_token_still_expires_on_time():
    now = MovableTime()
    codec = JwtTokenCodec(SECRET, now=now)
    claims = make_claims()
    token = codec.encode(claims)
    assert codec.decode(token, expected=TokenType.ACCESS) == claims  # verified and remembered
    now.value = claims.exp.timestamp()
    with pytest.raises(TokenExpiredError):
        codec.decode(token, expected=TokenType.ACCESS)


def test_a_remembered_token_keeps_its_type_check():
    codec = JwtTokenCodec(SECRET)
    token = codec.encode(make_claims(type=TokenType.REFRESH))
    codec.decode(token, expected=TokenType.REFRESH)
    with pytest.raises(WrongTokenTypeError):
        codec.decode(token, expected=TokenType.ACCESS)


def test_a_tampered_copy_of_a_remembered_token_is_refused():
    codec = JwtTokenCodec(SECRET)
    token = codec.encode(make_claims())
    codec.decode(token, expected=TokenType.ACCESS)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    with pytest.raises(InvalidTokenError):
        codec.decode(forged, expected=TokenType.ACCESS)


def test_the_memory_of_verified_tokens_is_bounded():
    codec = JwtTokenCodec(SECRET, cache_size=3)
    tokens = [codec.encode(make_claims()) for _ in range(5)]
    for token in tokens:
        codec.decode(token, expected=TokenType.ACCESS)
    assert list(codec._verified) == tokens[2:]

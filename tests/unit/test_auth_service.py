"""AuthService use cases on in-memory fakes of every port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from app.application.dtos.auth_dto import AuthPolicy
from app.application.services.auth_service import AuthService, hash_reset_token
from app.domain.enums.auth import RevokeReason
from app.domain.errors import (
    AccountInactiveError,
    EmailTakenError,
    InvalidCredentialsError,
    InvalidCurrentPasswordError,
    InvalidResetTokenError,
    RefreshTokenReusedError,
    TokenRevokedError,
    WrongTokenTypeError,
)
from app.infrastructure.adapters.auth.jwt_codec import JwtTokenCodec
from tests.unit.fakes import FakeClock, FakePasswordHasher, FakeUnitOfWork, RecordingEmailSender

PASSWORD = "s3cret-password"


@dataclass
class Harness:
    service: AuthService
    uow: FakeUnitOfWork
    clock: FakeClock
    email: RecordingEmailSender
    hasher: FakePasswordHasher


def make_harness(*, grace_s: int = 10, reset_url: str | None = None) -> Harness:
    uow, clock, email, hasher = FakeUnitOfWork(), FakeClock(), RecordingEmailSender(), FakePasswordHasher()
    policy = AuthPolicy(
        access_ttl=timedelta(hours=1),
        refresh_ttl=timedelta(days=7),
        refresh_reuse_grace=timedelta(seconds=grace_s),
        reset_token_ttl=timedelta(hours=1),
        reset_url=reset_url,
    )
    service = AuthService(
        uow=uow,
        hasher=hasher,
        tokens=JwtTokenCodec("unit-test-secret-unit-test-secret"),
        email=email,
        clock=clock,
        policy=policy,
    )
    return Harness(service=service, uow=uow, clock=clock, email=email, hasher=hasher)


def reset_token_from(harness: Harness) -> str:
    return harness.email.sent[-1].body.split("minutes:\n")[1].splitlines()[0].rsplit("=", 1)[-1]


async def test_register_normalises_the_email_and_starts_a_session():
    harness = make_harness()
    result = await harness.service.register(email="  Ada@Example.COM ", password=PASSWORD, full_name="Ada")
    assert result.user.email == "ada@example.com"
    assert result.expires_in == 3600
    assert len(harness.uow.refresh_sessions.rows) == 1
    assert harness.uow.commits == 1


async def test_register_refuses_an_email_in_any_case():
    harness = make_harness()
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    with pytest.raises(EmailTakenError):
        await harness.service.register(email="ADA@example.com", password=PASSWORD, full_name="Ada")


async def test_login_for_a_missing_account_spends_the_hashing_time_and_fails():
    harness = make_harness()
    with pytest.raises(InvalidCredentialsError):
        await harness.service.login(email="nobody@example.com", password=PASSWORD)
    assert harness.hasher.burned == 1


async def test_login_with_an_overlong_password_fails_without_hashing():
    harness = make_harness()
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    with pytest.raises(InvalidCredentialsError):
        await harness.service.login(email="ada@example.com", password="x" * 73)
    assert harness.hasher.burned == 0


async def test_login_of_an_inactive_account_is_refused_after_the_password_check():
    harness = make_harness()
    result = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    result.user.is_active = False
    with pytest.raises(InvalidCredentialsError):
        await harness.service.login(email="ada@example.com", password="wrong-password")
    with pytest.raises(AccountInactiveError):
        await harness.service.login(email="ada@example.com", password=PASSWORD)


async def test_refresh_rotates_and_keeps_the_family():
    harness = make_harness()
    first = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    second = await harness.service.refresh(first.refresh_token)
    sessions = list(harness.uow.refresh_sessions.rows.values())
    assert len(sessions) == 2
    assert sessions[0].rotated_at == harness.clock.now()
    assert sessions[0].family_id == sessions[1].family_id
    assert second.refresh_token != first.refresh_token


async def test_a_rotated_refresh_token_reused_after_the_grace_window_revokes_the_family():
    harness = make_harness(grace_s=10)
    first = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    second = await harness.service.refresh(first.refresh_token)
    harness.clock.advance(seconds=11)
    commits_before = harness.uow.commits
    with pytest.raises(RefreshTokenReusedError):
        await harness.service.refresh(first.refresh_token)
    assert harness.uow.commits == commits_before + 1  # the revocation is kept, not rolled back
    reasons = {s.revoke_reason for s in harness.uow.refresh_sessions.rows.values()}
    assert reasons == {RevokeReason.REUSE.value}
    with pytest.raises(TokenRevokedError):
        await harness.service.refresh(second.refresh_token)


async def test_a_rotated_refresh_token_within_the_grace_window_gets_another_pair():
    harness = make_harness(grace_s=10)
    first = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    second = await harness.service.refresh(first.refresh_token)
    harness.clock.advance(seconds=5)
    third = await harness.service.refresh(first.refresh_token)
    assert third.refresh_token != second.refresh_token
    await harness.service.refresh(second.refresh_token)  # the earlier successor is still valid


async def test_an_access_token_is_not_a_refresh_token_and_vice_versa():
    harness = make_harness()
    result = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    with pytest.raises(WrongTokenTypeError):
        await harness.service.refresh(result.access_token)
    with pytest.raises(WrongTokenTypeError):
        await harness.service.authenticate(result.refresh_token)


async def test_logout_revokes_only_the_callers_family():
    harness = make_harness()
    first = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    other = await harness.service.login(email="ada@example.com", password=PASSWORD)
    await harness.service.logout(await harness.service.authenticate(first.access_token))
    with pytest.raises(TokenRevokedError):
        await harness.service.authenticate(first.access_token)
    user = await harness.service.authenticate(other.access_token)
    assert user.email == "ada@example.com"


async def test_change_password_checks_the_current_one_and_revokes_every_session():
    harness = make_harness()
    first = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    other = await harness.service.login(email="ada@example.com", password=PASSWORD)
    user = await harness.service.authenticate(first.access_token)
    with pytest.raises(InvalidCurrentPasswordError):
        await harness.service.change_password(
            user, current_password="not-it-at-all", new_password="new-password-1"
        )
    await harness.service.change_password(user, current_password=PASSWORD, new_password="new-password-1")
    for token in (first.access_token, other.access_token):
        with pytest.raises(TokenRevokedError):
            await harness.service.authenticate(token)
    assert harness.uow.users.rows[user.id].password_changed_at == harness.clock.now()
    await harness.service.login(email="ada@example.com", password="new-password-1")


async def test_forgot_password_sends_a_link_with_a_single_use_token():
    harness = make_harness(reset_url="https://app.example/reset")
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    await harness.service.forgot_password("ADA@example.com")
    message = harness.email.sent[-1]
    assert message.to == "ada@example.com"
    assert "https://app.example/reset?token=" in message.body
    token = reset_token_from(harness)
    stored = next(iter(harness.uow.reset_tokens.rows.values()))
    assert stored.token_hash != token
    assert len(stored.token_hash) == 64

    await harness.service.reset_password(token=token, new_password="brand-new-pass")
    await harness.service.login(email="ada@example.com", password="brand-new-pass")
    with pytest.raises(InvalidResetTokenError):
        await harness.service.reset_password(token=token, new_password="another-pass-1")


async def test_forgot_password_for_an_unknown_email_sends_nothing():
    harness = make_harness()
    await harness.service.forgot_password("ghost@example.com")
    assert harness.email.sent == []


async def test_a_new_reset_request_voids_the_older_token():
    harness = make_harness()
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    await harness.service.forgot_password("ada@example.com")
    older = reset_token_from(harness)
    await harness.service.forgot_password("ada@example.com")
    newer = reset_token_from(harness)
    with pytest.raises(InvalidResetTokenError):
        await harness.service.reset_password(token=older, new_password="brand-new-pass")
    await harness.service.reset_password(token=newer, new_password="brand-new-pass")


async def test_changing_the_password_voids_an_outstanding_reset_token():
    harness = make_harness()
    result = await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    await harness.service.forgot_password("ada@example.com")
    token = reset_token_from(harness)
    user = await harness.service.authenticate(result.access_token)
    await harness.service.change_password(user, current_password=PASSWORD, new_password="new-password-1")
    with pytest.raises(InvalidResetTokenError):
        await harness.service.reset_password(token=token, new_password="brand-new-pass")


async def test_resetting_the_password_voids_every_other_unused_reset_token():
    harness = make_harness()
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    await harness.service.forgot_password("ada@example.com")
    first = reset_token_from(harness)
    await harness.service.forgot_password("ada@example.com")
    second = reset_token_from(harness)
    # Two requests racing on PostgreSQL can both store a token: neither saw the other one to void it.
    raced = await harness.uow.reset_tokens.get_by_hash(hash_reset_token(first))
    assert raced is not None
    raced.used_at = None
    await harness.service.reset_password(token=second, new_password="brand-new-pass")
    with pytest.raises(InvalidResetTokenError):
        await harness.service.reset_password(token=first, new_password="another-pass-1")


async def test_an_expired_reset_token_is_refused():
    harness = make_harness()
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    await harness.service.forgot_password("ada@example.com")
    harness.clock.advance(hours=1, seconds=1)
    with pytest.raises(InvalidResetTokenError):
        await harness.service.reset_password(token=reset_token_from(harness), new_password="brand-new-1")


async def test_a_failing_mail_server_does_not_change_the_forgot_password_answer():
    harness = make_harness()
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    harness.email.fail_with = ConnectionRefusedError("smtp down")
    await harness.service.forgot_password("ada@example.com")  # no exception escapes


async def test_email_availability_is_case_insensitive():
    harness = make_harness()
    assert await harness.service.is_email_available("ada@example.com")
    await harness.service.register(email="ada@example.com", password=PASSWORD, full_name="Ada")
    assert not await harness.service.is_email_available("ADA@EXAMPLE.COM")

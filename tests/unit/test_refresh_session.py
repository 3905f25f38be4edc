"""Rotation, revocation and the reuse grace window of a refresh session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.entities.refresh_session import RefreshSession
from app.domain.enums.auth import RevokeReason

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_session(**overrides: object) -> RefreshSession:
    values: dict[str, object] = {
        "jti": "11111111-1111-4111-8111-111111111111",
        "family_id": "22222222-2222-4222-8222-222222222222",
        "user_id": 1,
        "access_jti": "33333333-3333-4333-8333-333333333333",
        "issued_at": NOW,
        "expires_at": NOW + timedelta(days=7),
    }
    values.update(overrides)
    return RefreshSession(**values)  # type: ignore[arg-type]


def test_a_fresh_session_is_neither_rotated_nor_within_a_grace_window():
    session = make_session()
    assert not session.is_revoked
    assert not session.reuse_is_within_grace(now=NOW, grace=timedelta(seconds=10))


def test_reuse_is_tolerated_only_up_to_the_grace_window():
    session = make_session()
    session.rotate(now=NOW)
    grace = timedelta(seconds=10)
    assert session.reuse_is_within_grace(now=NOW + timedelta(seconds=10), grace=grace)
    assert not session.reuse_is_within_grace(now=NOW + timedelta(seconds=11), grace=grace)


def test_revoking_twice_keeps_the_first_reason_and_time():
    session = make_session()
    session.revoke(RevokeReason.LOGOUT, now=NOW)
    session.revoke(RevokeReason.REUSE, now=NOW + timedelta(minutes=1))
    assert session.revoked_at == NOW
    assert session.revoke_reason == "logout"

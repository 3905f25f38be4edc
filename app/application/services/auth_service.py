"""Authentication use cases: accounts, token pairs with rotation, sessions, password resets."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime

from app.application.dtos.auth_dto import AuthPolicy, AuthResult
from app.domain.entities.authenticated_user import AuthenticatedUser
from app.domain.entities.password_reset_token import PasswordResetToken
from app.domain.entities.refresh_session import RefreshSession
from app.domain.entities.token_claims import TokenClaims
from app.domain.entities.user import User, exceeds_password_limit, normalize_email
from app.domain.enums.auth import RevokeReason, TokenType
from app.domain.errors import (
    AccountInactiveError,
    EmailTakenError,
    InvalidCredentialsError,
    InvalidCurrentPasswordError,
    InvalidResetTokenError,
    InvalidTokenError,
    RefreshTokenReusedError,
    TokenRevokedError,
)
from app.domain.ids import new_id
from app.domain.interfaces.clock import Clock
from app.domain.interfaces.email import EmailMessage, EmailSender
from app.domain.interfaces.security import PasswordHasher, TokenCodec
from app.domain.interfaces.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


def hash_reset_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AuthService:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        tokens: TokenCodec,
        email: EmailSender,
        clock: Clock,
        policy: AuthPolicy,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._email = email
        self._clock = clock
        self._policy = policy

    async def register(self, *, email: str, password: str, full_name: str) -> AuthResult:
        """Create an account and sign it in (a new session family)."""
        email = normalize_email(email)
        password_hash = await self._hasher.hash(password)  # before the transaction: no lock held
        now = self._clock.now()
        async with self._uow as uow:
            if await uow.users.email_exists(email):
                raise EmailTakenError
            user = User(
                email=email,
                password_hash=password_hash,
                full_name=full_name,
                created_at=now,
                updated_at=now,
            )
            await uow.users.add(user)
            result = await self._issue_pair(uow, user, family_id=new_id())
            await uow.commit()
        return result

    async def login(self, *, email: str, password: str) -> AuthResult:
        """Check the credentials and start a new session family."""
        if exceeds_password_limit(password):
            raise InvalidCredentialsError
        async with self._uow.read_only() as uow:
            user = await uow.users.get_by_email(normalize_email(email))
        if user is None:
            await self._hasher.burn(password)
            raise InvalidCredentialsError
        if not await self._hasher.verify(password, user.password_hash):
            raise InvalidCredentialsError
        if not user.is_active:
            raise AccountInactiveError
        async with self._uow as uow:
            result = await self._issue_pair(uow, user, family_id=new_id())
            await uow.commit()
        return result

    async def refresh(self, refresh_token: str) -> AuthResult:
        """Rotate a refresh token; a rotated one presented again revokes its whole family."""
        claims = self._tokens.decode(refresh_token, expected=TokenType.REFRESH)
        now = self._clock.now()
        async with self._uow as uow:
            session = await uow.refresh_sessions.get(claims.jti)
            if session is None or session.user_id != claims.user_id:
                raise InvalidTokenError
            if session.is_revoked:
                raise TokenRevokedError
            if session.rotated_at is not None and not session.reuse_is_within_grace(
                now=now, grace=self._policy.refresh_reuse_grace
            ):
                await uow.refresh_sessions.revoke_family(
                    session.family_id, reason=RevokeReason.REUSE, now=now
                )
                await uow.commit()
                raise RefreshTokenReusedError
            user = await uow.users.get(session.user_id)
            if user is None:
                raise InvalidTokenError
            if not user.is_active:
                raise AccountInactiveError
            if session.rotated_at is None:
                session.rotate(now=now)
            result = await self._issue_pair(uow, user, family_id=session.family_id)
            await uow.commit()
        return result

    async def authenticate(self, access_token: str) -> AuthenticatedUser:
        """Resolve an access token to its user, checking its session too (one database round trip)."""
        claims = self._tokens.decode(access_token, expected=TokenType.ACCESS)
        async with self._uow.read_only() as uow:
            user = await uow.refresh_sessions.get_authenticated_user(claims.jti)
        if user is None or user.id != claims.user_id:
            raise InvalidTokenError
        if user.session_revoked_at is not None:
            raise TokenRevokedError
        if not user.is_active:
            raise AccountInactiveError
        return user

    async def logout(self, user: AuthenticatedUser) -> None:
        """Revoke the caller's session family: its refresh and access tokens stop working."""
        async with self._uow as uow:
            await uow.refresh_sessions.revoke_family(
                user.family_id, reason=RevokeReason.LOGOUT, now=self._clock.now()
            )
            await uow.commit()

    async def change_password(
        self, user: AuthenticatedUser, *, current_password: str, new_password: str
    ) -> None:
        """Replace the password after checking the current one; every session and reset token is voided."""
        async with self._uow.read_only() as uow:
            account = await uow.users.get(user.id)
        if (
            account is None
            or exceeds_password_limit(current_password)
            or not await self._hasher.verify(current_password, account.password_hash)
        ):
            raise InvalidCurrentPasswordError
        new_hash = await self._hasher.hash(new_password)
        await self._set_password(user.id, new_hash, reason=RevokeReason.PASSWORD_CHANGE)

    async def forgot_password(self, email: str) -> None:
        """Send a single-use reset token to an active account; silent when there is none."""
        now = self._clock.now()
        raw_token = secrets.token_urlsafe(32)
        async with self._uow as uow:
            user = await uow.users.get_by_email(normalize_email(email))
            if user is None or user.id is None or not user.is_active:
                return
            await uow.reset_tokens.void_unused_for_user(user.id, now=now)
            await uow.reset_tokens.add(
                PasswordResetToken(
                    id=new_id(),
                    user_id=user.id,
                    token_hash=hash_reset_token(raw_token),
                    expires_at=now + self._policy.reset_token_ttl,
                    created_at=now,
                )
            )
            await uow.commit()
        try:
            await self._email.send(self._reset_message(user.email, raw_token))
        except OSError:  # smtplib errors are OSErrors; the answer must not reveal the account
            logger.exception("password reset email could not be sent")

    async def reset_password(self, *, token: str, new_password: str) -> None:
        """Set a new password with a reset token; every session and unused reset token is voided."""
        new_hash = await self._hasher.hash(new_password)
        now = self._clock.now()
        async with self._uow as uow:
            stored = await uow.reset_tokens.get_by_hash(hash_reset_token(token))
            if stored is None or not stored.is_usable(now=now):
                raise InvalidResetTokenError
            stored.consume(now=now)
            await self._replace_password(uow, stored.user_id, new_hash, RevokeReason.PASSWORD_RESET)
            await uow.commit()

    async def is_email_available(self, email: str) -> bool:
        """Whether no account uses this email (compared case-insensitively)."""
        async with self._uow.read_only() as uow:
            return not await uow.users.email_exists(normalize_email(email))

    async def _set_password(self, user_id: int, new_hash: str, *, reason: RevokeReason) -> None:
        async with self._uow as uow:
            await self._replace_password(uow, user_id, new_hash, reason)
            await uow.commit()

    async def _replace_password(
        self, uow: UnitOfWork, user_id: int, new_hash: str, reason: RevokeReason
    ) -> None:
        now = self._clock.now()
        user = await uow.users.get(user_id)
        if user is None:
            raise InvalidResetTokenError
        user.change_password_hash(new_hash, now=now)
        await uow.refresh_sessions.revoke_all_for_user(user_id, reason=reason, now=now)
        # A reset token asked for before the change must not undo it (a thief's, or a stale email).
        await uow.reset_tokens.void_unused_for_user(user_id, now=now)

    async def _issue_pair(self, uow: UnitOfWork, user: User, *, family_id: str) -> AuthResult:
        if user.id is None:
            raise RuntimeError("tokens are issued for stored users only")
        now = self._clock.now()
        access_jti, refresh_jti = new_id(), new_id()
        access_exp = now + self._policy.access_ttl
        refresh_exp = now + self._policy.refresh_ttl
        await uow.refresh_sessions.add(
            RefreshSession(
                jti=refresh_jti,
                family_id=family_id,
                user_id=user.id,
                access_jti=access_jti,
                issued_at=now,
                expires_at=refresh_exp,
                created_at=now,
            )
        )
        return AuthResult(
            access_token=self._encode(user, TokenType.ACCESS, access_jti, now, access_exp),
            refresh_token=self._encode(user, TokenType.REFRESH, refresh_jti, now, refresh_exp),
            expires_in=int(self._policy.access_ttl.total_seconds()),
            user=user,
        )

    def _encode(self, user: User, kind: TokenType, jti: str, iat: datetime, exp: datetime) -> str:
        claims = TokenClaims(sub=str(user.id), email=user.email, type=kind, jti=jti, iat=iat, exp=exp)
        return self._tokens.encode(claims)

    def _reset_message(self, to: str, raw_token: str) -> EmailMessage:
        link = f"{self._policy.reset_url}?token={raw_token}" if self._policy.reset_url else raw_token
        minutes = int(self._policy.reset_token_ttl.total_seconds() // 60)
        body = (
            "Someone asked to reset the password of your JobWise account.\n\n"
            f"Use this to choose a new password within {minutes} minutes:\n{link}\n\n"
            "If it was not you, ignore this message; your password stays as it is."
        )
        return EmailMessage(to=to, subject="Reset your JobWise password", body=body)

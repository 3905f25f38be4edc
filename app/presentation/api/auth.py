"""Authentication routes: accounts, tokens, sessions and passwords."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import EmailStr

from app.application.dtos.auth_dto import AuthResult
from app.presentation.dependencies import (
    AuthRateLimit,
    AuthServiceDep,
    ChangePasswordRateLimit,
    CheckEmailRateLimit,
    CurrentUser,
)
from app.presentation.routing import ApiRoute
from app.presentation.schemas.auth import (
    ChangePasswordRequest,
    EmailAvailabilityOut,
    ForgotPasswordRequest,
    LoginRequest,
    RefreshRequest,
    RegisterRequest,
    ResetPasswordRequest,
    TokenOut,
    UserOut,
)
from app.presentation.schemas.common import MessageOut, error_responses

router = APIRouter(prefix="/auth", tags=["auth"], route_class=ApiRoute)

FORGOT_PASSWORD_MESSAGE = "If an account exists for this email, a reset link has been sent"  # noqa: S105


def _token_out(result: AuthResult) -> TokenOut:
    return TokenOut(
        access_token=result.access_token,
        refresh_token=result.refresh_token,
        expires_in=result.expires_in,
        user=UserOut.model_validate(result.user),
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an account",
    dependencies=[AuthRateLimit],
    responses=error_responses(400, 429),
)
async def register(body: RegisterRequest, auth: AuthServiceDep) -> TokenOut:
    """Create an account and answer a first token pair."""
    result = await auth.register(email=body.email, password=body.password, full_name=body.full_name)
    return _token_out(result)


@router.post("/login", summary="Sign in", dependencies=[AuthRateLimit], responses=error_responses(401, 429))
async def login(body: LoginRequest, auth: AuthServiceDep) -> TokenOut:
    """Exchange email and password for a token pair (a new session)."""
    return _token_out(await auth.login(email=body.email, password=body.password))


@router.post(
    "/refresh",
    summary="Rotate a refresh token",
    dependencies=[AuthRateLimit],
    responses=error_responses(401, 429),
)
async def refresh(body: RefreshRequest, auth: AuthServiceDep) -> TokenOut:
    """Trade a refresh token for a new pair; the presented one stops working."""
    return _token_out(await auth.refresh(body.refresh_token))


@router.get("/me", summary="The signed-in user", responses=error_responses(401))
async def me(user: CurrentUser) -> UserOut:
    """The account behind the access token."""
    return UserOut.model_validate(user)


@router.post("/logout", summary="Sign out", responses=error_responses(401))
async def logout(user: CurrentUser, auth: AuthServiceDep) -> MessageOut:
    """Revoke this session: its access and refresh tokens stop working."""
    await auth.logout(user)
    return MessageOut(message="Logged out")


@router.post(
    "/change-password",
    summary="Change the password",
    dependencies=[ChangePasswordRateLimit],
    responses=error_responses(400, 401, 429),
)
async def change_password(body: ChangePasswordRequest, user: CurrentUser, auth: AuthServiceDep) -> MessageOut:
    """Set a new password; every session of the account is signed out."""
    await auth.change_password(user, current_password=body.current_password, new_password=body.new_password)
    return MessageOut(message="Password changed; all sessions have been signed out")


@router.post(
    "/forgot-password",
    summary="Ask for a password reset",
    dependencies=[AuthRateLimit],
    responses=error_responses(429),
)
async def forgot_password(body: ForgotPasswordRequest, auth: AuthServiceDep) -> MessageOut:
    """Email a reset token; the answer is the same whether or not the account exists."""
    await auth.forgot_password(body.email)
    return MessageOut(message=FORGOT_PASSWORD_MESSAGE)


@router.post(
    "/reset-password",
    summary="Reset the password with a token",
    dependencies=[AuthRateLimit],
    responses=error_responses(400, 429),
)
async def reset_password(body: ResetPasswordRequest, auth: AuthServiceDep) -> MessageOut:
    """Spend a reset token to set a new password; every session is signed out."""
    await auth.reset_password(token=body.token, new_password=body.new_password)
    return MessageOut(message="Password has been reset; all sessions have been signed out")


@router.get(
    "/check-email",
    summary="Is an email free to register",
    dependencies=[CheckEmailRateLimit],
    responses=error_responses(429),
)
async def check_email(
    auth: AuthServiceDep, email: Annotated[EmailStr, Query(max_length=255)]
) -> EmailAvailabilityOut:
    """Whether an account could be registered with this email."""
    return EmailAvailabilityOut(available=await auth.is_email_available(email))

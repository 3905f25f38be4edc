"""Request and response models of the auth API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from app.domain.entities.user import password_length_problem
from app.presentation.schemas.common import Schema


def _check_new_password(password: str) -> str:
    problem = password_length_problem(password)
    if problem:
        raise ValueError(problem)
    return password


# Passwords are taken byte for byte: never trimmed.
RawPassword = Annotated[str, StringConstraints(strip_whitespace=False)]
# The rule is 8 to 72 bytes of UTF-8 (bcrypt reads 72), checked with a message naming it; the schema
# can only state it in characters: at most 72, at least 2 (four-byte characters).
NewPassword = Annotated[
    RawPassword,
    AfterValidator(_check_new_password),
    Field(
        description="8 to 72 bytes of UTF-8; never trimmed",
        json_schema_extra={"minLength": 2, "maxLength": 72},
    ),
]
Email = Annotated[EmailStr, Field(max_length=255)]


class RegisterRequest(Schema):
    email: Email
    password: NewPassword
    full_name: Annotated[str, Field(min_length=1, max_length=100)]


class LoginRequest(Schema):
    email: Annotated[str, Field(min_length=1, max_length=320)]
    password: RawPassword


class RefreshRequest(Schema):
    refresh_token: Annotated[str, Field(min_length=1, max_length=4096)]


class ChangePasswordRequest(Schema):
    current_password: RawPassword
    new_password: NewPassword


class ForgotPasswordRequest(Schema):
    email: Email


class ResetPasswordRequest(Schema):
    token: Annotated[str, Field(min_length=1, max_length=256)]
    new_password: NewPassword


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    is_active: bool
    is_verified: bool
    created_at: datetime
    updated_at: datetime


class TokenOut(Schema):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_in: int
    user: UserOut


class EmailAvailabilityOut(Schema):
    available: bool

"""Tables of the auth context, mapped imperatively onto the domain dataclasses."""

from sqlalchemy import (
    CHAR,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    false,
    true,
)

from app.domain.entities.password_reset_token import PasswordResetToken
from app.domain.entities.refresh_session import RefreshSession
from app.domain.entities.user import User
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    updated_at_column,
    user_id_column,
)
from app.infrastructure.database.types import UtcDateTime, UuidString

users_table = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(255), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("full_name", String(100), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True, server_default=true()),
    Column("is_verified", Boolean, nullable=False, default=False, server_default=false()),
    Column("password_changed_at", UtcDateTime()),
    created_at_column(),
    updated_at_column(),
)

refresh_sessions_table = Table(
    "refresh_sessions",
    metadata,
    Column("jti", UuidString(), primary_key=True),
    Column("family_id", UuidString(), nullable=False),
    user_id_column(),
    Column("access_jti", UuidString(), nullable=False, unique=True),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("rotated_at", UtcDateTime()),
    Column("revoked_at", UtcDateTime()),
    Column("revoke_reason", String(20)),
    created_at_column(),
    Index(None, "family_id"),
    Index(None, "user_id", "revoked_at"),
    Index(None, "expires_at"),
)

password_reset_tokens_table = Table(
    "password_reset_tokens",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("token_hash", CHAR(64), nullable=False, unique=True),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime()),
    created_at_column(),
    Index(None, "user_id", "used_at"),
)

mapper_registry.map_imperatively(User, users_table)
mapper_registry.map_imperatively(RefreshSession, refresh_sessions_table)
mapper_registry.map_imperatively(PasswordResetToken, password_reset_tokens_table)

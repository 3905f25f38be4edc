"""The usage_events table that per-user quotas count from."""

from sqlalchemy import Column, Index, Table

from app.domain.entities.usage_event import UsageEvent
from app.domain.enums.usage import UsageKind
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    user_id_column,
)
from app.infrastructure.database.types import UuidString, string_enum

usage_events_table = Table(
    "usage_events",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    Column("kind", string_enum(UsageKind, length=20), nullable=False),
    created_at_column(),
    Index(None, "user_id", "kind", "created_at"),
)

mapper_registry.map_imperatively(UsageEvent, usage_events_table)

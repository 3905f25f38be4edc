"""The metadata and mapper registry every table and imperative mapping is declared on."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData
from sqlalchemy.orm import registry

from app.domain.time import utc_now
from app.infrastructure.database.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)


def created_at_column() -> Column[object]:
    return Column("created_at", UtcDateTime(), nullable=False, default=utc_now)


def updated_at_column() -> Column[object]:
    return Column("updated_at", UtcDateTime(), nullable=False, default=utc_now, onupdate=utc_now)


def user_id_column(*, primary_key: bool = False) -> Column[int]:
    """Every user-owned row: INTEGER NOT NULL, deleted with its user; each table indexes it."""
    return Column(
        "user_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )

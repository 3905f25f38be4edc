"""Tables of the profile context: master_profiles and its item tables, mapped onto the domain dataclasses."""

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    text,
)
from sqlalchemy.orm import relationship

from app.domain.entities.profile import MasterProfile
from app.domain.entities.profile_item import Education, Experience, Project
from app.infrastructure.database.models.base import (
    created_at_column,
    mapper_registry,
    metadata,
    updated_at_column,
    user_id_column,
)
from app.infrastructure.database.types import JsonType, UuidString

EMPTY_SKILLS_JSON = '{"technical": [], "soft": [], "languages": [], "certifications": []}'


def json_list_column(name: str) -> Column[object]:
    return Column(name, JsonType, nullable=False, default=list, server_default=text("'[]'"))


def json_object_column(name: str) -> Column[object]:
    return Column(name, JsonType, nullable=False, default=dict, server_default=text("'{}'"))


def profile_id_column() -> Column[str]:
    return Column(
        "profile_id", UuidString(), ForeignKey("master_profiles.id", ondelete="CASCADE"), nullable=False
    )


def date_column(name: str, *, nullable: bool = True) -> Column[str]:
    return Column(name, String(10), nullable=nullable)


def flag_column(name: str) -> Column[bool]:
    return Column(name, Boolean, nullable=False, default=False, server_default=false())


def display_order_column() -> Column[int]:
    return Column("display_order", Integer, nullable=False, default=0, server_default=text("0"))


master_profiles_table = Table(
    "master_profiles",
    metadata,
    Column("id", UuidString(), primary_key=True),
    user_id_column(),
    flag_column("is_primary"),
    Column("personal_info", JsonType, nullable=False),
    Column("professional_summary", Text),
    Column("enhanced_professional_summary", Text),
    json_object_column("enhancement_metadata"),
    Column("skills", JsonType, nullable=False, server_default=text(f"'{EMPTY_SKILLS_JSON}'")),
    json_object_column("custom_fields"),
    created_at_column(),
    updated_at_column(),
    Index(None, "user_id", "created_at"),
    # At most one primary profile per user.
    Index(
        "uq_master_profiles_user_id_primary",
        "user_id",
        unique=True,
        sqlite_where=text("is_primary"),
        postgresql_where=text("is_primary"),
    ),
)

experiences_table = Table(
    "experiences",
    metadata,
    Column("id", UuidString(), primary_key=True),
    profile_id_column(),
    Column("title", String(100), nullable=False),
    Column("company", String(100), nullable=False),
    Column("location", String(100)),
    date_column("start_date", nullable=False),
    date_column("end_date"),
    flag_column("is_current"),
    Column("description", Text),
    Column("enhanced_description", Text),
    json_list_column("achievements"),
    json_list_column("technologies"),
    Column("employment_type", String(30)),
    Column("industry", String(100)),
    json_object_column("enhancement_metadata"),
    display_order_column(),
    created_at_column(),
    updated_at_column(),
    Index(None, "profile_id", "display_order"),
)

education_table = Table(
    "education",
    metadata,
    Column("id", UuidString(), primary_key=True),
    profile_id_column(),
    Column("institution", String(200), nullable=False),
    Column("degree", String(100), nullable=False),
    Column("field_of_study", String(100), nullable=False, default="", server_default=text("''")),
    date_column("start_date", nullable=False),
    date_column("end_date"),
    flag_column("is_current"),
    Column("gpa", Float),
    json_list_column("honors"),
    json_list_column("relevant_coursework"),
    Column("description", Text),
    display_order_column(),
    created_at_column(),
    updated_at_column(),
    Index(None, "profile_id", "display_order"),
)

projects_table = Table(
    "projects",
    metadata,
    Column("id", UuidString(), primary_key=True),
    profile_id_column(),
    Column("name", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("enhanced_description", Text),
    json_list_column("technologies"),
    Column("url", String(500)),
    Column("github_url", String(500)),
    date_column("start_date"),
    date_column("end_date"),
    flag_column("is_ongoing"),
    json_list_column("highlights"),
    json_object_column("enhancement_metadata"),
    display_order_column(),
    created_at_column(),
    updated_at_column(),
    Index(None, "profile_id", "display_order"),
)

ITEM_TABLES = {"experiences": experiences_table, "education": education_table, "projects": projects_table}


def _items(entity: type, table: Table) -> object:
    # Loaded only when a query asks (selectinload); touching an unloaded list raises instead of querying.
    return relationship(
        entity,
        order_by=(table.c.display_order, table.c.id),
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


mapper_registry.map_imperatively(Experience, experiences_table)
mapper_registry.map_imperatively(Education, education_table)
mapper_registry.map_imperatively(Project, projects_table)
mapper_registry.map_imperatively(
    MasterProfile,
    master_profiles_table,
    properties={
        "experiences": _items(Experience, experiences_table),
        "education": _items(Education, education_table),
        "projects": _items(Project, projects_table),
    },
)

"""Enumerations of the profile domain, spelled exactly as in the API contract."""

from enum import StrEnum


class ProfileSection(StrEnum):
    """The item lists kept in their own tables, by their JSON key."""

    EXPERIENCES = "experiences"
    EDUCATION = "education"
    PROJECTS = "projects"


class SkillKind(StrEnum):
    TECHNICAL = "technical"
    SOFT = "soft"


# The usual language proficiencies; other values are kept as given.
LANGUAGE_PROFICIENCIES = ("native", "fluent", "conversational", "basic")

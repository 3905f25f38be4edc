"""Importing this package declares every table and maps every entity."""

from app.infrastructure.database.models import (
    export_model,
    generation_model,
    job_model,
    profile_model,
    sample_model,
    usage_model,
    user_model,
)
from app.infrastructure.database.models.base import mapper_registry, metadata

__all__ = [
    "export_model",
    "generation_model",
    "job_model",
    "mapper_registry",
    "metadata",
    "profile_model",
    "sample_model",
    "usage_model",
    "user_model",
]

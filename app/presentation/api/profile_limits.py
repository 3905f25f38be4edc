"""The per-section item cap of the profile routes, read from the settings the app was built with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.core.dependencies import Resources


async def _max_items(request: Request) -> int:
    # Off the request itself, as the profile services are built: no extra dependency level.
    resources: Resources = request.app.state.resources
    return resources.settings.profile_max_items_per_section


# PROFILE_MAX_ITEMS_PER_SECTION: what a write may grow each profile list to, and ids per bulk DELETE.
MaxItems = Annotated[int, Depends(_max_items)]

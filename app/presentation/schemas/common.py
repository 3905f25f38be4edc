"""Shared schema pieces: the base model, error bodies and documented error responses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """Request and response models: strings trimmed, NaN/Infinity refused, read from entities."""

    model_config = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, from_attributes=True)


class ErrorOut(BaseModel):
    detail: str
    code: str


class MessageOut(Schema):
    message: str


_DESCRIPTIONS = {
    400: "The request conflicts with the stored state",
    401: "Missing, invalid, expired or revoked credentials",
    404: "No such resource (or it belongs to another user)",
    413: "Body too large",
    429: "Rate limit or quota exceeded; see Retry-After",
    503: "A dependency is unavailable",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting the `{detail, code}` body of each status."""
    return {status: {"model": ErrorOut, "description": _DESCRIPTIONS[status]} for status in statuses}

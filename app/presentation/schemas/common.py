"""Shared schema pieces: the base model, error bodies and documented error responses."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Pagination bounds of every list route, here and nowhere else. An offset past OFFSET_MAX is a 422:
# no list is that long, and the bound keeps the value inside every database's integer range.
PAGE_LIMIT_DEFAULT = 20
PAGE_LIMIT_MAX = 100
OFFSET_MAX = 2**31 - 1
LIMIT_DESCRIPTION = "Items per page"
OFFSET_DESCRIPTION = "Items to skip"


class Schema(BaseModel):
    """Request and response models: strings trimmed, NaN/Infinity refused, read from entities."""

    model_config = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, from_attributes=True)


def _drop_empty(items: list[str]) -> list[str]:
    return [item for item in items if item]


# A list of strings as the contract wants it: each item trimmed (by Schema), empty items dropped.
StrList = Annotated[list[str], AfterValidator(_drop_empty)]


class PageQuery(Schema):
    """limit and offset, as query models that read the whole query string at once declare them."""

    limit: int = Field(default=PAGE_LIMIT_DEFAULT, ge=1, le=PAGE_LIMIT_MAX, description=LIMIT_DESCRIPTION)
    offset: int = Field(default=0, ge=0, le=OFFSET_MAX, description=OFFSET_DESCRIPTION)


class PaginationOut(BaseModel):
    limit: int
    offset: int
    total: int
    hasMore: bool = Field(description="offset + items on this page < total")

    @classmethod
    def of(cls, *, limit: int, offset: int, total: int, returned: int) -> PaginationOut:
        return cls(limit=limit, offset=offset, total=total, hasMore=offset + returned < total)


class ErrorOut(BaseModel):
    detail: str
    code: str


class MessageOut(Schema):
    message: str


_DESCRIPTIONS = {
    400: "The request conflicts with the stored state",
    401: "Missing, invalid, expired or revoked credentials",
    404: "No such resource (or it belongs to another user)",
    409: "The resource is not in a state that allows this yet",
    413: "Body too large",
    415: "Unsupported media or file type",
    429: "Rate limit or quota exceeded; see Retry-After",
    503: "A dependency is unavailable",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting the `{detail, code}` body of each status."""
    return {status: {"model": ErrorOut, "description": _DESCRIPTIONS[status]} for status in statuses}

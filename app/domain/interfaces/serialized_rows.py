"""Rows as the database serialized them: the read model of the list pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SerializedRows:
    """A page of entities as the database serialized them, cheaper to read than entities. `json` is an
    array of objects keyed by the entity's attribute names (the repository says which and what it
    adds), timestamps in ISO 8601 with their zone, lists as arrays. It is data, not an answer: a reader
    validates it (the API through the schema of the entity's detail, which decides the fields shown
    and how they are written)."""

    json: str
    count: int

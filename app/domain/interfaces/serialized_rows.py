"""Rows as the database serialized them: the read model of the list pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SerializedRows:
    """A page of entities as the database serialized them, cheaper to read than entities: `json` is
    an array of objects keyed by the entity's attribute names (the repository says which and what it
    adds), written as the API writes JSON: compact, strings escaped only where JSON requires it
    (non-ASCII as it is), timestamps in ISO 8601 in UTC with a `Z` and microseconds only when there
    are some, booleans and numbers as such, lists of strings as arrays. Values are as stored; a JSON
    column other than a list of strings is embedded as stored, so a page holding one is validated by
    its reader. A page in final form may be passed on as it is."""

    json: str
    count: int

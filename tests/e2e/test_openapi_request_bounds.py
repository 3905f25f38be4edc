"""Every rule the server enforces on a request body is declared in the OpenAPI document: each string
a body (or a query) may carry has a bounded length, each list a bounded size, each free map a bounded
number of keys, unless listed below with the reason it cannot have one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.domain.entities.profile import MAX_CUSTOM_FIELD_KEY, MAX_CUSTOM_FIELDS
from app.presentation.routing import MAX_JSON_DEPTH

ANY_ID = (
    "any string is read as an id: a malformed or unknown one is answered like any other id that is "
    "not there (404, or ignored by a DELETE), never a 422 (contract 1)"
)
ANY_PASSWORD = (
    "a password of any length is answered (401 / 400), never hashed past 72 bytes: a maxLength would "
    "turn that answer into a 422"
)
# Where a value has no declared bound, and why (`*` stands for any component of that kind).
EXCEPTIONS = {
    "LoginRequest.password": ANY_PASSWORD,
    "ChangePasswordRequest.current_password": ANY_PASSWORD,
    "*In.id": ANY_ID,
    "*Patch.id": ANY_ID,
    "*Ids.ids[]": ANY_ID,
    "*Ids.experience_ids[]": ANY_ID,
    "*Ids.education_ids[]": ANY_ID,
    "*Ids.project_ids[]": ANY_ID,
    "*Ids.certification_ids[]": ANY_ID,
    "POST /api/v1/profiles/import/json-resume": "a JSON Resume document: checked against its own schema "
    "at run time and held to JSON_RESUME_MAX_BYTES (413)",
}


def _excepted_by(key: str, where: str) -> bool:
    if not key.startswith("*"):
        return key == where
    suffix, _, field = key[1:].partition(".")
    component, _, rest = where.partition(".")
    return component.endswith(suffix) and rest == field


class Walker:
    """Finds every unbounded string, array and free map in a request schema, components followed."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components = document["components"]["schemas"]
        self.seen: set[str] = set()

    def unbounded(self, schema: dict[str, Any], where: str) -> Iterator[str]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name not in self.seen:
                self.seen.add(name)
                yield from self.unbounded(self.components[name], name)
            return
        for keyword in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(keyword, []):
                yield from self.unbounded(option, where)
        kind = schema.get("type")
        if kind == "string" and not {"maxLength", "enum", "const"} & schema.keys():
            yield where
        if kind == "array":
            if "maxItems" not in schema:
                yield where
            yield from self.unbounded(schema.get("items", {}), f"{where}[]")
        for name, field in schema.get("properties", {}).items():
            yield from self.unbounded(field, f"{where}.{name}")
        free_map = schema.get("additionalProperties", True) is True and not schema.get("properties")
        if kind == "object" and free_map and "maxProperties" not in schema:
            yield where


def _request_bodies(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                yield f"{method.upper()} {path}", body["schema"]
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    yield f"{method.upper()} {path}?{parameter['name']}", parameter["schema"]


async def test_every_string_list_and_map_a_request_carries_is_bounded_or_excepted_with_a_reason(app: FastAPI):
    document = app.openapi()
    walker = Walker(document)
    found = [
        where
        for operation, schema in _request_bodies(document)
        for where in walker.unbounded(schema, operation)
    ]
    assert len(walker.seen) >= 30  # the walk did reach the components
    unexplained = sorted(
        {where for where in found if not any(_excepted_by(key, where) for key in EXCEPTIONS)}
    )
    assert unexplained == []
    unused = [key for key in EXCEPTIONS if not any(_excepted_by(key, where) for where in found)]
    assert unused == []  # an exception nothing needs any more goes


def test_the_walker_finds_what_is_unbounded():
    document = {
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}},
        "paths": {},
    }
    walker = Walker(document)
    schema = {
        "type": "object",
        "properties": {
            "thing": {"$ref": "#/components/schemas/Thing"},
            "tags": {
                "anyOf": [{"type": "array", "items": {"type": "string", "maxLength": 5}}, {"type": "null"}]
            },
            "map": {"type": "object", "additionalProperties": True},
            "kind": {"type": "string", "enum": ["a", "b"]},
        },
    }
    assert sorted(walker.unbounded(schema, "Body")) == ["Body.map", "Body.tags", "Thing.name"]


async def test_custom_fields_declare_their_key_count_key_length_and_the_depth_rule(app: FastAPI):
    schemas = app.openapi()["components"]["schemas"]
    declared = [
        schemas["CustomFieldsIn"],
        schemas["ProfileCreate"]["properties"]["custom_fields"]["anyOf"][0],
    ]
    for schema in declared:
        assert schema["maxProperties"] == MAX_CUSTOM_FIELDS
        assert schema["propertyNames"] == {"minLength": 1, "maxLength": MAX_CUSTOM_FIELD_KEY}
        assert f"{MAX_JSON_DEPTH} levels" in schema["description"]


@pytest.mark.parametrize(
    ("path", "key"), [("experiences", "experience_ids"), ("certifications", "certification_ids")]
)
async def test_a_delete_body_declares_both_of_its_keys(client: httpx.AsyncClient, path: str, key: str):
    document = (await client.get("/openapi.json")).json()
    body = document["paths"][f"/api/v1/profiles/{{profile_id}}/{path}"]["delete"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    schema = document["components"]["schemas"][name]
    assert set(schema["properties"]) == {key, "ids"}
    assert schema["anyOf"] == [{"required": [key]}, {"required": ["ids"]}]

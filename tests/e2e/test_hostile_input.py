"""What fuzzers rarely send, sent to every operation: unstorable text, overflowing integers, deep
nesting, huge bodies under each content type. Each is a clear 4xx and nothing is stored."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.presentation.routing import MAX_JSON_DEPTH, ApiRoute
from tests.helpers import bearer, register
from tests.profile_builders import make_profile_body

SURROGATE = "\\ud800"  # as it appears in the raw JSON text: valid JSON, not encodable as UTF-8
NUL = "\\u0000"
TOO_BIG = 2**63  # one past the largest signed 64-bit integer
UNKNOWN_ID = "3f1c2b1e-0000-4000-8000-000000000000"


def _operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    schema = app.openapi()
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def _json_body_operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation["requestBody"]["content"]["application/json"]["schema"])
        for method, path, operation in _operations(app)
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", UNKNOWN_ID, path)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for choice in schema.get("anyOf", []):
        if choice.get("type") != "null":
            return _resolve(choice, components)
    return schema


def _text_everywhere(schema: dict[str, Any], components: dict[str, Any], text: str, depth: int = 0) -> str:
    """Raw JSON for `schema` with `text` (already JSON-escaped) in every string and object key."""
    schema = _resolve(schema, components)
    kind = schema.get("type")
    if depth > 4:
        return "null"
    if kind == "object" or "properties" in schema:
        members = [
            f'"{name}": {_text_everywhere(sub, components, text, depth + 1)}'
            for name, sub in schema.get("properties", {}).items()
        ]
        if not members:
            members = [f'"k{text}": "v{text}"']
        return "{" + ", ".join(members) + "}"
    if kind == "array":
        return "[" + _text_everywhere(schema.get("items", {}), components, text, depth + 1) + "]"
    if kind == "string" or kind is None:
        return f'"x{text}"'
    if kind == "boolean":
        return "true"
    return "1"


@pytest.fixture
async def token(client: httpx.AsyncClient) -> str:
    return str((await register(client))["access_token"])


async def test_every_api_route_uses_the_checking_route_class(app: FastAPI):
    routers = [route.original_router for route in app.routes if hasattr(route, "original_router")]
    api_routes = [route for router in routers for route in router.routes]
    assert len(api_routes) >= 50
    assert all(isinstance(route, ApiRoute) for route in api_routes)


@pytest.mark.parametrize("text", [SURROGATE, NUL], ids=["lone-surrogate", "nul"])
async def test_unstorable_text_in_any_json_body_is_a_422_naming_the_field(
    app: FastAPI, client: httpx.AsyncClient, token: str, text: str
):
    components = app.openapi()["components"]["schemas"]
    operations = _json_body_operations(app)
    assert len(operations) >= 30
    for method, path, schema in operations:
        body = _text_everywhere(schema, components, text)
        response = await client.request(
            method,
            _url(path),
            content=body.encode(),
            headers={**bearer(token), "content-type": "application/json"},
        )
        assert response.status_code == 422, (method, path, response.text)
        errors = response.json()["detail"]
        assert errors[0]["type"] == "string_unstorable", (method, path, errors)
        assert errors[0]["loc"][0] == "body", (method, path, errors)
        assert len(errors[0]["loc"]) >= 2 or not body.startswith("{"), (method, path, errors)


async def test_the_public_login_names_the_field_with_a_lone_surrogate(client: httpx.AsyncClient):
    body = b'{"email": "ada@example.com", "password": "pass\\ud800word"}'
    response = await client.post(
        "/api/v1/auth/login", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "string_unstorable",
            "loc": ["body", "password"],
            "msg": "Text must not contain NUL characters or unpaired surrogates",
            "input": None,
        }
    ]


async def test_a_custom_field_key_with_a_surrogate_is_refused_and_the_profile_stays_readable(
    client: httpx.AsyncClient, token: str
):
    created = await client.post("/api/v1/profiles", json=make_profile_body(), headers=bearer(token))
    profile_id = created.json()["id"]
    response = await client.put(
        f"/api/v1/profiles/{profile_id}/custom-fields",
        content=b'{"k\\ud800": "x"}',
        headers={**bearer(token), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "k\\ud800"]
    assert (await client.get("/api/v1/profiles/me", headers=bearer(token))).status_code == 200
    assert (await client.get(f"/api/v1/profiles/{profile_id}", headers=bearer(token))).status_code == 200


async def test_custom_fields_nested_past_the_cap_are_refused_and_within_it_read_back(
    client: httpx.AsyncClient, token: str
):
    created = await client.post("/api/v1/profiles", json=make_profile_body(), headers=bearer(token))
    url = f"/api/v1/profiles/{created.json()['id']}/custom-fields"
    too_deep = '{"a": ' + "[" * 260 + "]" * 260 + "}"
    response = await client.put(
        url, content=too_deep.encode(), headers={**bearer(token), "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_too_deep"

    nested: Any = "leaf"
    for _ in range(MAX_JSON_DEPTH - 2):
        nested = [nested]
    assert (await client.put(url, json={"a": nested}, headers=bearer(token))).status_code == 200
    me = await client.get("/api/v1/profiles/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["custom_fields"] == {"a": nested}


async def test_json_nested_thousands_deep_is_a_422_not_a_recursion_crash(client: httpx.AsyncClient):
    body = ("[" * 100_000 + "]" * 100_000).encode()
    response = await client.post(
        "/api/v1/auth/login", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_too_deep"


async def test_a_nul_in_a_query_parameter_is_a_422_naming_it(client: httpx.AsyncClient, token: str):
    for url in (
        "/api/v1/jobs?q=a%00b",
        "/api/v1/jobs/browse?query=%00",
        "/api/v1/auth/check-email?email=%00",
    ):
        response = await client.get(url, headers=bearer(token))
        assert response.status_code == 422, (url, response.text)
        assert response.json()["detail"][0]["loc"][0] == "query"


async def test_every_integer_query_parameter_past_64_bits_is_a_422(
    app: FastAPI, client: httpx.AsyncClient, token: str
):
    checked = []
    for method, path, operation in _operations(app):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") == "integer":
                for value in (TOO_BIG, -TOO_BIG, 10**100):
                    response = await client.request(
                        method, _url(path), params={parameter["name"]: str(value)}, headers=bearer(token)
                    )
                    assert response.status_code == 422, (method, path, parameter["name"], response.text)
                checked.append((path, parameter["name"]))
    assert ("/api/v1/profiles", "offset") in checked
    assert ("/api/v1/jobs", "offset") in checked
    assert ("/api/v1/samples", "offset") in checked


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "multipart/form-data; boundary=xyz",
        "text/plain",
        "application/x-www-form-urlencoded",
    ],
)
async def test_a_3_mb_body_is_413_under_every_content_type(
    client: httpx.AsyncClient, token: str, content_type: str
):
    body = b"a" * (3 * 1024 * 1024)
    for url in ("/api/v1/jobs", "/api/v1/auth/login", "/api/v1/samples/upload"):
        response = await client.post(
            url, content=body, headers={**bearer(token), "content-type": content_type}
        )
        assert response.status_code == 413, (url, content_type, response.status_code)
        assert response.json()["code"] in {"payload_too_large", "file_too_large"}
        assert len(response.content) < 1000


async def test_a_streamed_body_without_length_is_cut_at_the_limit(client: httpx.AsyncClient, token: str):
    async def chunks() -> Any:
        for _ in range(48):
            yield b"a" * 65536

    response = await client.post(
        "/api/v1/jobs", content=chunks(), headers={**bearer(token), "content-type": "multipart/form-data"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", None])
async def test_a_json_route_refuses_other_media_types_with_415(
    client: httpx.AsyncClient, token: str, content_type: str | None
):
    headers = bearer(token) | ({"content-type": content_type} if content_type else {})
    response = await client.post("/api/v1/jobs", content=b'{"title": "x"}', headers=headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert (await client.get("/api/v1/jobs", headers=bearer(token))).json()["total"] == 0


async def test_a_body_that_is_not_utf8_is_a_422_json_error(client: httpx.AsyncClient):
    response = await client.post(
        "/api/v1/auth/login", content=b'{"email": "\xff"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


async def test_a_422_echoes_neither_bodies_nor_passwords(client: httpx.AsyncClient):
    password = "hunter2-but-too-long-" * 10
    response = await client.post(
        "/api/v1/auth/register", json={"email": "not-an-email", "password": password, "full_name": "A"}
    )
    assert response.status_code == 422
    assert "hunter2" not in response.text
    missing = await client.post(
        "/api/v1/auth/login", json={"password": "secret-password-1", "pad": "z" * 5000}
    )
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["input"] is None
    assert "secret-password-1" not in missing.text
    assert len(missing.content) < 1000


async def test_a_long_invalid_value_is_echoed_only_in_part(client: httpx.AsyncClient, token: str):
    response = await client.get("/api/v1/jobs", params={"sort": "x" * 5000}, headers=bearer(token))
    assert response.status_code == 422
    echoed = response.json()["detail"][0]["input"]
    assert echoed.startswith("xxx")
    assert len(echoed) <= 201


async def test_hostile_input_leaves_the_body_limit_error_json(client: httpx.AsyncClient):
    response = await client.post(
        "/api/v1/auth/login",
        content=json.dumps({"email": "a@b.c", "password": "p" * 3_000_000}).encode(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body is too large", "code": "payload_too_large"}

"""The OpenAPI document describes what the server answers (every e2e answer is checked against it by
the test client's hook in tests/openapi_conformance.py; these tests check the document and the hook)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from tests.openapi_conformance import OpenApiConformance


def _json_body_operations(app: FastAPI) -> list[tuple[str, dict]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


async def test_every_json_body_operation_declares_413_415_and_both_422_shapes(app: FastAPI):
    operations = _json_body_operations(app)
    assert len(operations) >= 30
    for name, operation in operations:
        responses = operation["responses"]
        assert {"413", "415", "422"} <= responses.keys(), name
        shapes = responses["422"]["content"]["application/json"]["schema"]["anyOf"]
        assert {shape["$ref"].rsplit("/", 1)[1] for shape in shapes} == {"HTTPValidationError", "ErrorOut"}


async def test_query_only_operations_declare_their_422(app: FastAPI):
    paths = app.openapi()["paths"]
    for path in ("/api/v1/jobs", "/api/v1/jobs/browse", "/api/v1/profiles", "/api/v1/samples"):
        assert "422" in paths[path]["get"]["responses"], path


async def test_every_operation_that_reaches_the_database_declares_its_503(app: FastAPI):
    declared = {
        f"{method.upper()} {path}": "503" in operation["responses"]
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
    }
    assert not declared["GET /health"]
    assert not declared["GET /api/v1/jobs/browse"]  # the feed is read from memory
    assert declared["GET /ready"]  # its own not_ready
    others = {name for name in declared if name not in {"GET /health", "GET /api/v1/jobs/browse"}}
    assert len(others) >= 60
    assert all(declared[name] for name in others), [name for name in others if not declared[name]]
    me = app.openapi()["paths"]["/api/v1/auth/me"]["get"]["responses"]["503"]
    assert me["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


async def test_the_new_password_rule_is_in_the_schema(app: FastAPI):
    schemas = app.openapi()["components"]["schemas"]
    for model, field in (
        ("RegisterRequest", "password"),
        ("ChangePasswordRequest", "new_password"),
        ("ResetPasswordRequest", "new_password"),
    ):
        declared = schemas[model]["properties"][field]
        assert (declared["minLength"], declared["maxLength"]) == (2, 72), model
        assert "72 bytes" in declared["description"]


async def test_the_offset_bound_is_in_the_schema(app: FastAPI):
    for path in ("/api/v1/jobs", "/api/v1/profiles"):
        parameters = app.openapi()["paths"][path]["get"]["parameters"]
        offset = next(parameter for parameter in parameters if parameter["name"] == "offset")
        assert offset["schema"]["maximum"] == 2**31 - 1


async def test_the_conformance_check_refuses_undeclared_statuses_and_off_schema_bodies(app: FastAPI):
    conformance = OpenApiConformance(app)
    conformance.check("GET", "/api/v1/jobs/stats", 401, b'{"detail": "x", "code": "y"}', "application/json")
    with pytest.raises(AssertionError, match="not declared"):
        conformance.check("GET", "/api/v1/jobs/stats", 418, b"{}", "application/json")
    with pytest.raises(AssertionError, match="is not of type"):
        conformance.check("GET", "/api/v1/auth/me", 200, b'{"id": "7"}', "application/json")

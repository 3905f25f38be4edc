"""What the OpenAPI document declares for one operation's request or answer, checked with formats
asserted (by jsonschema_rs, the validator schemathesis judges with): the response hook on the test
client checks answers without formats."""

from __future__ import annotations

from typing import Any

import pytest

jsonschema_rs = pytest.importorskip("jsonschema_rs")


def _errors(document: dict[str, Any], schema: dict[str, Any], value: Any) -> list[str]:
    validator = jsonschema_rs.Draft202012Validator(
        {**schema, "components": document["components"]}, validate_formats=True
    )
    return [f"{error.message} at {list(error.instance_path)}" for error in validator.iter_errors(value)]


def request_errors(document: dict[str, Any], method: str, path: str, body: Any) -> list[str]:
    """Why `body` does not match the request schema of `method path` (a path template)."""
    operation = document["paths"][path][method.lower()]
    return _errors(document, operation["requestBody"]["content"]["application/json"]["schema"], body)


def answer_errors(document: dict[str, Any], method: str, path: str, status: int, body: Any) -> list[str]:
    """Why `body` does not match the answer declared for `status` by `method path`."""
    answer = document["paths"][path][method.lower()]["responses"][str(status)]
    return _errors(document, answer["content"]["application/json"]["schema"], body)

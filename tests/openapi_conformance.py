"""Every answer the e2e tests receive is checked against the app's own OpenAPI document.

A client generated from `/openapi.json` must parse every answer: the status has to be declared for
the operation, and a JSON body has to match the declared schema. The check runs as an httpx
response hook on the test client, so each e2e test doubles as a conformance test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


@dataclass(frozen=True)
class _Operation:
    pattern: re.Pattern[str]
    method: str
    responses: dict[str, Any]


class OpenApiConformance:
    """Checks answers against the document of one app."""

    def __init__(self, app: FastAPI) -> None:
        document = app.openapi()
        self._registry: Registry[Any] = Registry().with_resource(
            "urn:openapi", Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self._operations = [
            _Operation(_path_pattern(path), method.upper(), operation["responses"])
            for path, item in document["paths"].items()
            for method, operation in item.items()
        ]

    def check(self, method: str, path: str, status: int, body: bytes, content_type: str) -> None:
        operation = self._find(method, path)
        if operation is None:  # unknown routes, wrong methods and routes added by a test
            return
        declared = operation.responses.get(str(status))
        assert declared is not None, f"{method} {path}: status {status} is not declared: {body[:300]!r}"
        schema = declared.get("content", {}).get("application/json", {}).get("schema")
        if schema is None or not content_type.startswith("application/json"):
            return
        validator = Draft202012Validator(_rebase(schema), registry=self._registry)
        errors = sorted(validator.iter_errors(json.loads(body)), key=str)
        assert not errors, f"{method} {path} {status}: {errors[0].message} at {list(errors[0].path)}"

    def _find(self, method: str, path: str) -> _Operation | None:
        for operation in self._operations:
            if operation.method == method and operation.pattern.fullmatch(path):
                return operation
        return None


def _path_pattern(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)))


def _rebase(schema: Any) -> Any:
    """The schema with local `#/components/...` references pointing into the registered document."""
    if isinstance(schema, dict):
        return {
            key: ("urn:openapi" + value if key == "$ref" and value.startswith("#") else _rebase(value))
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(item) for item in schema]
    return schema


_documents: dict[str, OpenApiConformance] = {}


def conformance_hook(app: FastAPI) -> Any:
    """An httpx response hook that fails the calling test on an answer the document does not describe.

    Every app of the suite has the same operations whatever its settings, so the first one's document
    is built once and serves them all.
    """
    conformance = _documents.get("app") or _documents.setdefault("app", OpenApiConformance(app))

    async def check(response: httpx.Response) -> None:
        await response.aread()
        request = response.request
        conformance.check(
            request.method,
            request.url.path,
            response.status_code,
            response.content,
            response.headers.get("content-type", ""),
        )

    return check

"""The route class every router uses: the one gate between raw HTTP input and the schemas.

Before a route's own handling starts, `ApiRoute` refuses what no schema can be trusted to catch:
a body that is not JSON on a JSON route (415), and text that can be parsed but not stored or
answered again: unpaired UTF-16 surrogates (`"\\ud800"` is valid JSON but not encodable as UTF-8),
NUL characters (PostgreSQL text refuses them) and JSON nested deeper than `MAX_JSON_DEPTH`. Each is
a 422 in FastAPI's list shape naming the field, for bodies and query strings alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Iterator
from email.message import Message
from typing import Any

from fastapi import params
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from app.presentation.errors import UnsupportedMediaTypeError

MAX_JSON_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A parsed string holds an unpaired surrogate or a NUL only where the raw body escaped one.
_ESCAPED_UNSTORABLE = re.compile(rb"\\u(?:[dD][89a-fA-F]|0000)")
_UNSTORABLE_MESSAGE = "Text must not contain NUL characters or unpaired surrogates"

Location = tuple[str | int, ...]


def _text_error(loc: Location) -> dict[str, Any]:
    return {"type": "string_unstorable", "loc": loc, "msg": _UNSTORABLE_MESSAGE, "input": None}


def _depth_error() -> dict[str, Any]:
    message = f"JSON may not be nested more than {MAX_JSON_DEPTH} levels deep"
    return {"type": "json_too_deep", "loc": ("body",), "msg": message, "input": None}


def _unstorable_places(value: Any, loc: Location) -> Iterator[Location]:
    """Where in `value` a string (or an object key) holds unstorable text."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if _UNSTORABLE.search(key):
                yield (*loc, key.encode("utf-8", "backslashreplace").decode())
            else:
                yield from _unstorable_places(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_places(item, (*loc, index))


def _depth(value: Any) -> int:
    """Nesting depth of containers, walked without recursion so any depth is safe to measure."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend(
                    (item, level + 1) for item in (node.values() if isinstance(node, dict) else node)
                )
    return deepest


def check_json_body(raw: bytes) -> Any:
    """The parsed body, or a 422 for unstorable text or excessive nesting (JSONDecodeError as FastAPI's)."""
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH:
        try:
            document = json.loads(raw)
        except RecursionError:
            raise RequestValidationError([_depth_error()]) from None
        if _depth(document) > MAX_JSON_DEPTH:
            raise RequestValidationError([_depth_error()])
    else:
        document = json.loads(raw)
    if _ESCAPED_UNSTORABLE.search(raw):
        errors = [_text_error(loc) for loc in _unstorable_places(document, ("body",))]
        if errors:
            raise RequestValidationError(errors)
    return document


def check_query(request: Request) -> None:
    """422 for a query parameter carrying a NUL (percent-decoding never yields a surrogate)."""
    errors = [
        _text_error(("query", name))
        for name, value in request.query_params.multi_items()
        if _UNSTORABLE.search(value) or _UNSTORABLE.search(name)
    ]
    if errors:
        raise RequestValidationError(errors)


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class ApiRequest(Request):
    """A request whose JSON body goes through `check_json_body` (parsed once, then cached)."""

    async def json(self) -> Any:
        if not hasattr(self, "_checked_json"):
            self._checked_json = check_json_body(await self.body())
        return self._checked_json


async def _parse_body(request: ApiRequest) -> None:
    """Parse the body now, so its errors are 422s in FastAPI's shape (JSON text must be UTF-8)."""
    try:
        await request.json()
    except UnicodeDecodeError:
        error = {"type": "json_invalid", "loc": ("body",), "msg": "JSON text must be UTF-8", "input": None}
        raise RequestValidationError([error]) from None
    except json.JSONDecodeError as error:
        detail = {"type": "json_invalid", "loc": ("body", error.pos), "msg": "JSON decode error"}
        raise RequestValidationError([{**detail, "input": None, "ctx": {"error": error.msg}}]) from None


class ApiRoute(APIRoute):
    """An APIRoute that checks query strings and JSON bodies before FastAPI reads them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_json = self.body_field is not None and not isinstance(self.body_field.field_info, params.Form)

        async def checked_handler(request: Request) -> Response:
            request = ApiRequest(request.scope, request.receive)
            check_query(request)
            if takes_json and await request.body():
                if not _is_json(request.headers.get("content-type")):
                    raise UnsupportedMediaTypeError
                await _parse_body(request)
            return await handler(request)

        return checked_handler

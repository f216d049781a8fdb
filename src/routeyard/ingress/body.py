"""The request body as a JSON object: content type checked, size already capped while reading."""

from __future__ import annotations

from typing import Any

import orjson

from routeyard.errors import InvalidRequest, UnsupportedMediaType
from routeyard.ingress.httpd import Request


def read_json(request: Request) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "")
    if ctype and not ctype.split(";", 1)[0].strip().lower().endswith(("/json", "+json")):
        raise UnsupportedMediaType(f"Content-Type must be application/json, not {ctype!r}")
    raw = request.body
    if not raw:
        raise InvalidRequest("request body is empty; send a JSON object")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(f"request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidRequest("request body must be a JSON object")
    return data

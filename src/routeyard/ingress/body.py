"""Reading a request body: content type, size cap enforced while reading, JSON object."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from routeyard.errors import InvalidRequest, PayloadTooLarge, UnsupportedMediaType


async def read_json(request: web.Request, cap: int) -> dict[str, Any]:
    ctype = request.headers.get("Content-Type", "")
    if ctype and not ctype.split(";", 1)[0].strip().lower().endswith(("/json", "+json")):
        raise UnsupportedMediaType(f"Content-Type must be application/json, not {ctype!r}")
    length = request.content_length
    if length is not None and length > cap:
        raise PayloadTooLarge(f"request body is {length} bytes; the limit is {cap}")
    raw = await request.content.read(cap + 1)
    if len(raw) > cap:
        raise PayloadTooLarge(f"request body exceeds the limit of {cap} bytes")
    if not raw:
        raise InvalidRequest("request body is empty; send a JSON object")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(f"request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidRequest("request body must be a JSON object")
    return data

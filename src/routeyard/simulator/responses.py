"""Small helpers for JSON answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from aiohttp import web

JSON_TYPE = "application/json"


def json_bytes_response(
    body: bytes, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=body, status=status, headers={**(headers or {}), "Content-Type": JSON_TYPE}
    )


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return json_bytes_response(orjson.dumps(data), status, headers)

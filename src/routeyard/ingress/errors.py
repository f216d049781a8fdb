"""Render errors in the shape of the API the request came in on; never a framework's page."""

from __future__ import annotations

import math

import orjson
from aiohttp import web

from routeyard.errors import GatewayError
from routeyard.translate import anthropic_error_body, openai_error_body

RETRY_AFTER_STATUSES = (429, 503)


def error_response(err: GatewayError, api: str) -> web.Response:
    if api == "anthropic":
        body = anthropic_error_body(err.status, err.type, err.message)
    else:
        body = openai_error_body(err.status, err.type, err.message, err.code, err.param)
    headers = dict(err.headers)
    if err.status in RETRY_AFTER_STATUSES:
        retry_after = err.retry_after if err.retry_after is not None else 1.0
        headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return web.Response(
        status=err.status,
        body=orjson.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def stream_error_event(err: GatewayError | str, api: str) -> bytes:
    """The in-band error event that ends a stream after the commit point (no [DONE])."""
    message = err if isinstance(err, str) else err.message
    if api == "anthropic":
        data = anthropic_error_body(502, "api_error", message)
        return b"event: error\ndata: " + orjson.dumps(data) + b"\n\n"
    data = openai_error_body(502, "server_error", message, "upstream_stream_error", None)
    return b"data: " + orjson.dumps(data) + b"\n\n"

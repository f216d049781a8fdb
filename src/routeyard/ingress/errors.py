"""Render errors in the shape of the API the request came in on; never a framework's page."""

from __future__ import annotations

import math

import orjson

from routeyard.errors import GatewayError
from routeyard.ingress.httpd import Responder
from routeyard.ingress.httpd.request import head
from routeyard.translate import anthropic_error_body, openai_error_body

RETRY_AFTER_STATUSES = (429, 503)


def api_of(path: str) -> str:
    return "anthropic" if path.startswith("/v1/messages") else "openai"


def error_payload(err: GatewayError, api: str) -> tuple[bytes, list[tuple[str, str]]]:
    if api == "anthropic":
        body = anthropic_error_body(err.status, err.type, err.message)
    else:
        body = openai_error_body(err.status, err.type, err.message, err.code, err.param)
    headers = list(err.headers.items())
    if err.status in RETRY_AFTER_STATUSES:
        retry_after = err.retry_after if err.retry_after is not None else 1.0
        headers.append(("retry-after", str(max(1, math.ceil(retry_after)))))
    return orjson.dumps(body), headers


def send_error(resp: Responder, err: GatewayError, api: str) -> None:
    body, headers = error_payload(err, api)
    resp.send(err.status, body, headers)


def reject(status: int, message: str, path: str) -> bytes:
    """A whole response for a request that could not be parsed or is over a limit."""
    err = GatewayError(message)
    err_type = {413: "request_too_large", 431: "invalid_request_error"}.get(status)
    api = api_of(path)
    if api == "anthropic":
        payload = anthropic_error_body(status, err_type or "invalid_request_error", message)
    else:
        payload = openai_error_body(
            status, err_type or "invalid_request_error", message, None, None
        )
    if status >= 500:
        payload = (
            anthropic_error_body(status, "api_error", err.message)
            if api == "anthropic"
            else openai_error_body(status, "server_error", err.message, None, None)
        )
    body = orjson.dumps(payload)
    parts = head(status, (), keep_alive=False)
    parts.append(f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n".encode())
    parts.append(body)
    return b"".join(parts)


def stream_error_event(message: str, api: str) -> bytes:
    """The in-band error event that ends a stream after the commit point (no [DONE])."""
    if api == "anthropic":
        data = anthropic_error_body(502, "api_error", message)
        return b"event: error\ndata: " + orjson.dumps(data) + b"\n\n"
    data = openai_error_body(502, "server_error", message, "upstream_stream_error", None)
    if api == "responses":  # the Responses API's error event; its "error" makes SDKs raise
        event = {"type": "error", "code": "upstream_stream_error", "message": message}
        return b"event: error\ndata: " + orjson.dumps({**event, "param": None, **data}) + b"\n\n"
    return b"data: " + orjson.dumps(data) + b"\n\n"

"""What every adapter does over HTTP: POST a JSON body and read the whole JSON answer within the
attempt's time (``post_for_json``), or POST and hand the response on for streaming
(``post_json``)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import orjson

from routeyard.errors import UpstreamError
from routeyard.providers.transport import Transport, UpstreamResponse
from routeyard.providers.upstream_errors import status_error

MAX_UPSTREAM_BODY = 32 * 1024 * 1024
MAX_ERROR_BODY = 64 * 1024


async def post_json(
    transport: Transport,
    url: str,
    headers: Mapping[str, str],
    body: dict[str, Any],
    *,
    connect_s: float,
    wait: float,
) -> UpstreamResponse:
    """POST ``body``; a non-2xx answer or no headers within ``wait`` seconds raise."""
    resp, _ = await _exchange(transport, url, headers, body, connect_s, wait, read=False)
    return resp


async def post_for_json(
    transport: Transport,
    url: str,
    headers: Mapping[str, str],
    body: dict[str, Any],
    *,
    connect_s: float,
    wait: float,
) -> dict[str, Any]:
    """POST ``body`` and read the whole answer as a JSON object, all within ``wait`` seconds:
    one timer for the whole attempt, headers and body (a non-2xx answer raises)."""
    _, raw = await _exchange(transport, url, headers, body, connect_s, wait, read=True)
    return _json_object(raw)


async def _exchange(
    transport: Transport,
    url: str,
    headers: Mapping[str, str],
    body: dict[str, Any],
    connect_s: float,
    wait: float,
    *,
    read: bool,
) -> tuple[UpstreamResponse, bytes]:
    """The response (headers read) and, with ``read``, its whole body, within ``wait`` s."""
    resp: UpstreamResponse | None = None
    try:
        async with asyncio.timeout(wait):
            resp = await transport.post(url, headers, orjson.dumps(body), connect_timeout=connect_s)
            if resp.status >= 400:
                raise status_error(resp.status, resp.headers, await resp.read(MAX_ERROR_BODY))
            raw = await resp.read(MAX_UPSTREAM_BODY) if read else b""
    except TimeoutError:
        if resp is None:
            raise UpstreamError("timeout", f"no response headers within {wait:.1f}s") from None
        resp.close()
        raise UpstreamError("timeout", f"no complete answer within {wait:.1f}s") from None
    return resp, raw


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise UpstreamError("protocol", "upstream sent a body that is not JSON") from None
    if not isinstance(data, dict):
        raise UpstreamError("protocol", "upstream sent JSON that is not an object")
    return data


def require_event_stream(resp: UpstreamResponse) -> None:
    content_type = resp.headers.get("content-type", "")
    if not content_type.startswith("text/event-stream"):
        resp.close()
        raise UpstreamError("protocol", f"expected an event stream, got {content_type!r}")

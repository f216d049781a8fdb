"""Writing a committed stream to the client, in OpenAI or Anthropic SSE.

The commit point is the first byte sent. Before it the executor may fall back freely; after it,
an upstream failure ends the stream with an in-band error event and no end marker, so the
client can never take a broken answer for a complete one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from aiohttp import web

from routeyard.errors import UpstreamError
from routeyard.execute import StreamStart
from routeyard.ingress.errors import stream_error_event
from routeyard.providers.base import Usage
from routeyard.translate import OpenAIToAnthropicStream, encode_anthropic_sse

SSE_HEADERS = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
}
_DONE = b"data: [DONE]\n\n"


@dataclass(slots=True)
class StreamOutcome:
    response: web.StreamResponse
    status: str  # "ok" | "partial" | "client_disconnected"
    usage: Usage | None
    output_chunks: int


async def _commit(request: web.Request, headers: Mapping[str, str]) -> web.StreamResponse:
    resp = web.StreamResponse(status=200, headers={**SSE_HEADERS, **headers})
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    return resp


def _estimated_usage(start: StreamStart, chunks: int) -> Usage:
    return start.rest.usage or Usage(output_tokens=chunks, estimated=True)


async def write_openai_stream(
    request: web.Request, start: StreamStart, headers: Mapping[str, str], include_usage: bool
) -> StreamOutcome:
    resp = await _commit(request, headers)
    chunks = 0
    try:
        chunk: dict[str, Any] | None = start.first
        while chunk is not None:
            if include_usage or not _is_usage_only(chunk):
                if not include_usage:
                    chunk.pop("usage", None)
                await resp.write(b"data: " + orjson.dumps(chunk) + b"\n\n")
                chunks += 1
            chunk = await anext(start.rest, None)
        await resp.write(_DONE)
        await resp.write_eof()
        return StreamOutcome(resp, "ok", start.rest.usage, chunks)
    except UpstreamError as err:
        await _end_with_error(resp, stream_error_event(err.message, "openai"))
        return StreamOutcome(resp, "partial", _estimated_usage(start, chunks), chunks)
    except (ConnectionResetError, ConnectionError):
        return StreamOutcome(resp, "client_disconnected", _estimated_usage(start, chunks), chunks)
    finally:
        await start.rest.aclose()


async def write_anthropic_stream(
    request: web.Request, start: StreamStart, headers: Mapping[str, str], input_tokens: int
) -> StreamOutcome:
    resp = await _commit(request, headers)
    translator = OpenAIToAnthropicStream(start.model, input_tokens=input_tokens)
    chunks = 0
    try:
        chunk: dict[str, Any] | None = start.first
        while chunk is not None:
            events = translator.feed(chunk)
            if events:
                await resp.write(b"".join(encode_anthropic_sse(e, d) for e, d in events))
            chunks += 1
            chunk = await anext(start.rest, None)
        await resp.write(b"".join(encode_anthropic_sse(e, d) for e, d in translator.finish()))
        await resp.write_eof()
        return StreamOutcome(resp, "ok", start.rest.usage, chunks)
    except UpstreamError as err:
        await _end_with_error(resp, stream_error_event(err.message, "anthropic"))
        return StreamOutcome(resp, "partial", _estimated_usage(start, chunks), chunks)
    except (ConnectionResetError, ConnectionError):
        return StreamOutcome(resp, "client_disconnected", _estimated_usage(start, chunks), chunks)
    finally:
        await start.rest.aclose()


def _is_usage_only(chunk: dict[str, Any]) -> bool:
    return not chunk.get("choices") and chunk.get("usage") is not None


async def _end_with_error(resp: web.StreamResponse, event: bytes) -> None:
    try:
        await resp.write(event)
        await resp.write_eof()
    except (ConnectionResetError, ConnectionError):
        pass

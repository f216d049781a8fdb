"""Writing a committed stream to the client, in the SSE of the API it came in on (OpenAI chat
completions, Anthropic messages or OpenAI responses).

The commit point is the first byte sent. Before it the executor may fall back freely; after it,
an upstream failure ends the stream with an in-band error event and no end marker, so the
client can never take a broken answer for a complete one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from routeyard.errors import GatewayError, UpstreamError
from routeyard.execute import StreamStart
from routeyard.ingress.errors import stream_error_event
from routeyard.ingress.httpd import Responder
from routeyard.providers.base import NATIVE_EVENT, Usage
from routeyard.translate import (
    OpenAIToAnthropicStream,
    OpenAIToResponsesStream,
    completion_chunk_from_openai,
    encode_anthropic_sse,
)

SSE_HEADERS = (
    ("content-type", "text/event-stream; charset=utf-8"),
    ("cache-control", "no-cache"),
    ("x-accel-buffering", "no"),
)
_DONE = b"data: [DONE]\n\n"

# Turns one OpenAI chunk into the bytes the client's API expects (possibly none).
Encoder = Callable[[dict[str, Any]], bytes]


@dataclass(slots=True)
class StreamOutcome:
    status: str  # "ok" | "partial" | "client_disconnected"
    usage: Usage | None
    output_chunks: int


def openai_encoder(include_usage: bool) -> tuple[Encoder, Callable[[], bytes]]:
    def encode(chunk: dict[str, Any]) -> bytes:
        if not include_usage:
            if not chunk.get("choices") and chunk.get("usage") is not None:
                return b""  # the usage-only chunk we asked upstream for, not the client
            chunk.pop("usage", None)
        return b"data: " + orjson.dumps(chunk) + b"\n\n"

    return encode, lambda: _DONE


class _EventStream(Protocol):
    """A stream translator that answers each chunk with named SSE events."""

    def feed(self, chunk: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]: ...

    def finish(self) -> Iterable[tuple[str, dict[str, Any]]]: ...


def _events_encoder(translator: _EventStream) -> tuple[Encoder, Callable[[], bytes]]:
    def encode(chunk: dict[str, Any]) -> bytes:
        return _join(translator.feed(chunk))

    return encode, lambda: _join(translator.finish())


def anthropic_encoder(model: str, input_tokens: int) -> tuple[Encoder, Callable[[], bytes]]:
    return _events_encoder(OpenAIToAnthropicStream(model, input_tokens=input_tokens))


def completions_encoder(include_usage: bool) -> tuple[Encoder, Callable[[], bytes]]:
    """The legacy Completions API's stream: ``text_completion`` chunks, then ``[DONE]``."""

    def encode(chunk: dict[str, Any]) -> bytes:
        if not chunk.get("choices") and chunk.get("usage") is not None and not include_usage:
            return b""
        out = completion_chunk_from_openai(chunk)
        if not include_usage:
            out.pop("usage", None)
        return b"data: " + orjson.dumps(out) + b"\n\n"

    return encode, lambda: _DONE


def native_encoder() -> tuple[Encoder, Callable[[], bytes]]:
    """An Anthropic upstream's events as they came (``NATIVE_EVENT``), its end included."""

    def encode(chunk: dict[str, Any]) -> bytes:
        event: bytes = chunk.get(NATIVE_EVENT, b"")
        return event

    return encode, lambda: b""


def responses_encoder(model: str, echo: dict[str, Any]) -> tuple[Encoder, Callable[[], bytes]]:
    return _events_encoder(OpenAIToResponsesStream(model, echo))


def _join(events: Iterable[tuple[str, dict[str, Any]]]) -> bytes:
    return b"".join(encode_anthropic_sse(e, d) for e, d in events)


HEARTBEAT = b": waiting for the first token\n\n"


async def open_with_heartbeats(
    resp: Responder,
    opening: Awaitable[StreamStart],
    headers: Iterable[tuple[str, str]],
    api: str,
    every: float | None,
) -> StreamStart:
    """Wait for the executor's first good chunk; past ``every`` seconds, commit the response
    head and send SSE comments meanwhile (a comment is invisible to SDKs, so falling back is
    still invisible too). A GatewayError after the head went out becomes an in-band error.

    The opening runs in the caller's task (a client that goes away cancels it); only a timer
    waits beside it, and a heartbeat task exists only once the timer fires."""
    if every is None:
        return await opening
    beats = _Heartbeats(resp, headers, api, every)
    try:
        start = await opening
    except GatewayError as err:
        if await beats.stop():
            await resp.write(stream_error_event(err.message, api))
            await resp.end()
        raise
    finally:
        beats.cancel()
    await beats.stop()
    return start


class _Heartbeats:
    """After ``every`` seconds: the response head, then an SSE comment every ``every`` s."""

    def __init__(
        self, resp: Responder, headers: Iterable[tuple[str, str]], api: str, every: float
    ) -> None:
        self._resp, self._headers, self._api, self._every = resp, headers, api, every
        self._task: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = asyncio.get_running_loop().call_later(
            every, self._fire
        )

    def _fire(self) -> None:
        self._timer = None
        self._task = asyncio.get_running_loop().create_task(self._beat())

    async def _beat(self) -> None:
        resp = self._resp
        while True:
            if not resp.started:
                await resp.start(200, (*SSE_HEADERS, *self._headers))
                resp.last_words = stream_error_event("the gateway is shutting down", self._api)
            await resp.write(HEARTBEAT)
            await asyncio.sleep(self._every)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None:
            self._task.cancel()

    async def stop(self) -> bool:
        """Stop beating (a write under way completes first); whether the head went out."""
        task, self._task = self._task, None
        self.cancel()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await task
        return self._resp.started


async def write_stream(
    resp: Responder,
    start: StreamStart,
    headers: Iterable[tuple[str, str]],
    api: str,
    encode: Encoder,
    finish: Callable[[], bytes],
) -> StreamOutcome:
    chunks = 0
    try:
        chunk: dict[str, Any] | None = start.first
        if not resp.started:  # the head and the first chunk in one write
            resp.last_words = stream_error_event("the gateway is shutting down", api)
            await resp.start(200, (*SSE_HEADERS, *headers), encode(start.first))
            chunks += 1
            chunk = await anext(start.rest, None)
        while chunk is not None:
            data = encode(chunk)
            if data:
                await resp.write(data)
            chunks += 1
            chunk = await anext(start.rest, None)
        await resp.write(finish())
        await resp.end()
        return StreamOutcome("ok", start.rest.usage, chunks)
    except UpstreamError as err:
        try:
            await resp.write(stream_error_event(err.message, api))
            await resp.end()
        except ConnectionError:
            return StreamOutcome("client_disconnected", _usage(start, chunks), chunks)
        return StreamOutcome("partial", _usage(start, chunks), chunks)
    except ConnectionError:
        return StreamOutcome("client_disconnected", _usage(start, chunks), chunks)
    finally:
        await start.rest.aclose()


def _usage(start: StreamStart, chunks: int) -> Usage:
    return start.rest.usage or Usage(output_tokens=chunks, estimated=True)

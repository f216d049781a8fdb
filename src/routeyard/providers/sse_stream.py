"""A ChunkStream over an upstream SSE body, with first-token, idle and total timeouts.

Events are parsed and turned into chunks one at a time, as the client's side asks for them: a
fast upstream often sends its whole answer in one read, and the first chunk should not wait
for the rest to be decoded. Except when a read may hold an error event (the JSON string
``"error"``, or an ``event: error`` line): then all its events are handled at once, so an error
that arrived with the first chunk is known before the executor commits to this stream and it
can still fall back (design §2). Answer text that merely says "error" is escaped inside a JSON
string and does not trip this.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from routeyard.errors import UpstreamError
from routeyard.providers.base import AttemptTimeouts, Usage
from routeyard.providers.transport import UpstreamResponse
from routeyard.translate import SSEEvent, SSEParser

# Turns one upstream SSE event into zero or more OpenAI chunks, and whether the stream ended.
EventHandler = Callable[[SSEEvent], tuple[list[dict[str, Any]], bool]]


def _may_hold_error(data: bytes) -> bool:
    """Whether a read may carry an error event: OpenAI's ``{"error": ...}`` data, Anthropic's
    ``event: error`` (whose data is ``{"type": "error", ...}``). False positives only cost speed."""
    return b'"error"' in data or b"event: error" in data or b"event:error" in data


class SSEChunkStream:
    def __init__(
        self,
        response: UpstreamResponse,
        handle: EventHandler,
        timeouts: AttemptTimeouts,
        usage_of: Callable[[], Usage | None],
    ) -> None:
        self._response = response
        self._handle = handle
        self._chunks: AsyncIterator[bytes] = response.iter_chunks()
        self._parser = SSEParser()
        self._events: Iterator[SSEEvent] = iter(())  # of the last read, not yet handled
        self._eof = False
        self._pending: deque[dict[str, Any]] = deque()
        self._done = False
        self._clean_end = False
        self._failure: UpstreamError | None = None
        self._first = True
        self._timeouts = timeouts
        self._deadline = time.monotonic() + timeouts.stream_total_s
        self._usage_of = usage_of

    @property
    def usage(self) -> Usage | None:
        return self._usage_of()

    def __aiter__(self) -> SSEChunkStream:
        return self

    @property
    def failure(self) -> UpstreamError | None:
        """A failure already read from the wire but not yet raised (chunks before it are kept)."""
        return self._failure

    async def __anext__(self) -> dict[str, Any]:
        while not self._pending:
            if self._failure is not None:
                raise self._failure
            if self._done:
                raise StopAsyncIteration
            event = next(self._events, None)
            if event is not None:
                self._take(event)
            elif self._eof:
                self._fail(UpstreamError("protocol", "upstream stream ended without end marker"))
            else:
                await self._pull()
        self._first = False
        return self._pending.popleft()

    def _take(self, event: SSEEvent) -> None:
        try:
            chunks, ended = self._handle(event)
        except UpstreamError as err:
            self._fail(err)
            return
        self._pending.extend(chunks)
        if ended:
            self._done = self._clean_end = True

    def _fail(self, err: UpstreamError) -> None:
        self._failure = err
        self._done = True

    async def _pull(self) -> None:
        wait = self._timeouts.ttft_s if self._first else self._timeouts.idle_s
        wait = min(wait, self._deadline - time.monotonic())
        if wait <= 0:
            raise UpstreamError("timeout", "stream exceeded its total duration")
        # Bytes already received need no timer (a fast upstream's answer often is all here).
        data = self._response.buffered()
        if data is None:
            try:
                async with asyncio.timeout(wait):
                    data = await anext(self._chunks, None)
            except TimeoutError:
                what = "first token" if self._first else "next chunk"
                raise UpstreamError("timeout", f"no {what} within {wait:.1f}s") from None
        if data is not None and not _may_hold_error(data):
            self._events = self._parser.iter_feed(data)
            return
        if data is None:
            self._eof = True
            events = self._parser.flush()
        else:
            events = self._parser.feed(data)
        for event in events:
            if self._done:
                break
            self._take(event)
        self._events = iter(())

    async def aclose(self) -> None:
        if self._done and self._clean_end:
            self._response.release()
        else:
            self._response.close()
        self._done = True

"""A ChunkStream over an upstream SSE body, with first-token, idle and total timeouts."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

from routeyard.errors import UpstreamError
from routeyard.providers.base import AttemptTimeouts, Usage
from routeyard.providers.transport import UpstreamResponse
from routeyard.translate import SSEEvent, SSEParser

# Turns one upstream SSE event into zero or more OpenAI chunks, and whether the stream ended.
EventHandler = Callable[[SSEEvent], tuple[list[dict[str, Any]], bool]]


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
            await self._pull()
        self._first = False
        return self._pending.popleft()

    async def _pull(self) -> None:
        wait = self._timeouts.ttft_s if self._first else self._timeouts.idle_s
        wait = min(wait, self._deadline - time.monotonic())
        if wait <= 0:
            raise UpstreamError("timeout", "stream exceeded its total duration")
        try:
            async with asyncio.timeout(wait):
                data = await anext(self._chunks, None)
        except TimeoutError:
            what = "first token" if self._first else "next chunk"
            raise UpstreamError("timeout", f"no {what} within {wait:.1f}s") from None
        events = self._parser.feed(data) if data is not None else self._parser.flush()
        try:
            for event in events:
                if self._done:
                    break
                chunks, ended = self._handle(event)
                self._pending.extend(chunks)
                if ended:
                    self._done = self._clean_end = True
            if data is None and not self._done:
                raise UpstreamError("protocol", "upstream stream ended without its end marker")
        except UpstreamError as err:
            self._failure = err
            self._done = True

    async def aclose(self) -> None:
        if self._done and self._clean_end:
            self._response.release()
        else:
            self._response.close()
        self._done = True

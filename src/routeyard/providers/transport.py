"""The HTTP seam between providers and the network.

A provider never touches an HTTP library directly: it calls ``Transport.post``. Production uses
``PooledTransport`` (chosen by measurement, see bench/upstream_client.py); unit tests pass a
``MockTransport`` with a handler.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


class UpstreamResponse(Protocol):
    status: int
    headers: Mapping[str, str]

    async def read(self, limit: int) -> bytes: ...
    def iter_chunks(self) -> AsyncIterator[bytes]: ...
    def buffered(self) -> bytes | None:
        """The next piece of the body if it has already arrived, without waiting; None when
        nothing is buffered now (``iter_chunks`` then waits, and tells the end of the body).
        Lets a reader skip arming a timeout for data that is already here."""

    def release(self) -> None:
        """Give the connection back to the pool (after a complete body)."""

    def close(self) -> None:
        """Drop the connection (after an error or an abandoned body)."""


class Transport(Protocol):
    async def post(
        self, url: str, headers: Mapping[str, str], body: bytes, *, connect_timeout: float
    ) -> UpstreamResponse: ...


# --- a transport for unit tests -------------------------------------------------------------


@dataclass
class MockResponse:
    status: int = 200
    body: bytes = b""
    chunks: list[bytes] = field(default_factory=list)
    headers: Mapping[str, str] = field(default_factory=dict)
    closed: bool = False
    released: bool = False

    async def read(self, limit: int) -> bytes:
        return self.body

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            await asyncio.sleep(0)
            yield chunk

    def buffered(self) -> bytes | None:
        return None  # every chunk goes through iter_chunks, which yields to the loop first

    def release(self) -> None:
        self.released = True

    def close(self) -> None:
        self.closed = True


@dataclass(slots=True)
class RecordedRequest:
    url: str
    headers: dict[str, str]
    body: bytes


class MockTransport:
    """Calls ``handler`` for every request and records what was sent."""

    def __init__(self, handler: Callable[[RecordedRequest], Awaitable[MockResponse]]) -> None:
        self._handler = handler
        self.requests: list[RecordedRequest] = []

    async def post(
        self, url: str, headers: Mapping[str, str], body: bytes, *, connect_timeout: float
    ) -> UpstreamResponse:
        req = RecordedRequest(url, dict(headers), body)
        self.requests.append(req)
        return await self._handler(req)

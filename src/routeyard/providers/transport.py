"""The HTTP seam between providers and the network.

A provider never touches an HTTP library directly: it calls ``Transport.post``. Production uses
``AiohttpTransport`` (chosen by measurement: aiohttp's client sustains several times httpx's
throughput on one core, see design §7); unit tests pass a ``MockTransport`` with a handler.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import aiohttp

from routeyard.errors import UpstreamError


class UpstreamResponse(Protocol):
    status: int
    headers: Mapping[str, str]

    async def read(self, limit: int) -> bytes: ...
    def iter_chunks(self) -> AsyncIterator[bytes]: ...
    def release(self) -> None:
        """Give the connection back to the pool (after a complete body)."""

    def close(self) -> None:
        """Drop the connection (after an error or an abandoned body)."""


class Transport(Protocol):
    async def post(
        self, url: str, headers: Mapping[str, str], body: bytes, *, connect_timeout: float
    ) -> UpstreamResponse: ...


class _AiohttpResponse:
    __slots__ = ("_resp", "headers", "status")

    def __init__(self, resp: aiohttp.ClientResponse) -> None:
        self._resp = resp
        self.status = resp.status
        self.headers: Mapping[str, str] = resp.headers

    async def read(self, limit: int) -> bytes:
        try:
            data = await self._resp.content.read(limit + 1)
        except (aiohttp.ClientError, ConnectionError) as exc:
            self.close()
            raise UpstreamError(
                "connect", f"connection lost while reading: {type(exc).__name__}"
            ) from None
        if len(data) > limit:
            self.close()
            raise UpstreamError("protocol", f"upstream body larger than {limit} bytes")
        self._resp.release()
        return data

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._resp.content.iter_any():
                yield chunk
        except (aiohttp.ClientError, ConnectionError) as exc:
            raise UpstreamError("connect", f"stream cut: {type(exc).__name__}") from None

    def release(self) -> None:
        self._resp.release()

    def close(self) -> None:
        self._resp.close()


class AiohttpTransport:
    """One pooled aiohttp session per router instance; closed with the router."""

    def __init__(self, *, limit: int = 1000) -> None:
        self._limit = limit
        self._session: aiohttp.ClientSession | None = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._limit, limit_per_host=0, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=True,
                skip_auto_headers=("User-Agent",),
                timeout=aiohttp.ClientTimeout(total=None),
            )
        return self._session

    async def post(
        self, url: str, headers: Mapping[str, str], body: bytes, *, connect_timeout: float
    ) -> UpstreamResponse:
        session = self._get_session()
        try:
            resp = await session.post(
                url,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout),
                allow_redirects=False,
            )
        except (aiohttp.ClientConnectionError, OSError) as exc:
            raise UpstreamError("connect", f"cannot reach upstream: {type(exc).__name__}") from None
        except aiohttp.ClientError as exc:
            raise UpstreamError(
                "protocol", f"bad upstream response: {type(exc).__name__}"
            ) from None
        return _AiohttpResponse(resp)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


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

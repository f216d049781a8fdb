"""A lean HTTP/1.1 client for upstream calls: keep-alive pool, httptools parser, TLS.

Measured against aiohttp's client on the same zero-delay upstream (bench/upstream_client.py),
the per-request work here is a fraction: one write per request, a C parser for the answer, no
cookie jar, redirects, tracing hooks or decompression (we never ask for compressed answers).
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import httptools

from routeyard.errors import UpstreamError

_READ_HIGH_WATER = 1024 * 1024  # pause the socket when this much body is buffered unread


@dataclass(frozen=True, slots=True)
class _Target:
    key: tuple[str, str, int]
    host: str
    port: int
    tls: bool
    host_header: str
    path: str


class _Connection(asyncio.Protocol):
    """One upstream connection; carries one request at a time."""

    def __init__(self, pool: PooledTransport, key: tuple[str, str, int]) -> None:
        self._pool = pool
        self.key = key
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.reused = False
        self._parser: httptools.HttpResponseParser | None = None
        self._headers: dict[str, str] = {}
        self._headers_ready: asyncio.Future[None] | None = None
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._waiter: asyncio.Future[None] | None = None
        self._complete = False
        self._keep_alive = False
        self._got_bytes = False
        self._error: Exception | None = None

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self._got_bytes = True
        if self._parser is None:
            self._error = UpstreamError("protocol", "upstream sent bytes with no request")
            self.abort()
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError:
            self._fail(UpstreamError("protocol", "malformed HTTP response from upstream"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self._complete:
            self._fail(UpstreamError("connect", "upstream closed the connection"))
        self._pool.forget(self)

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        if self._headers_ready is not None and not self._headers_ready.done():
            self._headers_ready.set_result(None)

    def on_body(self, body: bytes) -> None:
        self._chunks.append(body)
        self._buffered += len(body)
        if self._buffered > _READ_HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()
        self._wake()

    def on_message_complete(self) -> None:
        assert self._parser is not None
        self._complete = True
        self._keep_alive = self._parser.should_keep_alive()
        self._wake()

    # used by the pool and the response
    def begin(self, request: bytes) -> asyncio.Future[None]:
        loop = asyncio.get_running_loop()
        self._parser = httptools.HttpResponseParser(self)
        self._headers = {}
        self._chunks.clear()
        self._buffered = 0
        self._complete = self._got_bytes = False
        self._error = None
        self._headers_ready = loop.create_future()
        assert self.transport is not None
        self.transport.write(request)
        return self._headers_ready

    @property
    def status(self) -> int:
        assert self._parser is not None
        return int(self._parser.get_status_code())

    async def next_body(self) -> bytes | None:
        """The next piece of the body, or None at its end; raises if the connection failed."""
        while not self._chunks:
            if self._complete:
                return None
            if self._error is not None:
                raise self._error
            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter
        return self._pop()

    def buffered_body(self) -> bytes | None:
        """The next piece of the body if it is already here (None: nothing buffered now)."""
        return self._pop() if self._chunks else None

    def _pop(self) -> bytes:
        data = self._chunks.popleft()
        self._buffered -= len(data)
        if self._buffered <= _READ_HIGH_WATER // 2 and self.transport is not None:
            self.transport.resume_reading()
        return data

    def reusable(self) -> bool:
        return self._complete and self._keep_alive and not self.closed and not self._chunks

    def _fail(self, err: Exception) -> None:
        self._error = err
        if self._headers_ready is not None and not self._headers_ready.done():
            self._headers_ready.set_exception(err)
        self._wake()
        self.abort()

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def abort(self) -> None:
        if not self.closed and self.transport is not None:
            self.closed = True
            self.transport.close()


class _Response:
    __slots__ = ("_conn", "_done", "headers", "status")

    def __init__(self, conn: _Connection) -> None:
        self._conn = conn
        self.status = conn.status
        self.headers: Mapping[str, str] = conn._headers
        self._done = False

    async def read(self, limit: int) -> bytes:
        parts: list[bytes] = []
        size = 0
        while (piece := await self._conn.next_body()) is not None:
            size += len(piece)
            if size > limit:
                self.close()
                raise UpstreamError("protocol", f"upstream body larger than {limit} bytes")
            parts.append(piece)
        self.release()
        return parts[0] if len(parts) == 1 else b"".join(parts)

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        while (piece := await self._conn.next_body()) is not None:
            yield piece

    def buffered(self) -> bytes | None:
        return self._conn.buffered_body()

    def release(self) -> None:
        if not self._done:
            self._done = True
            self._conn._pool.give_back(self._conn)

    def close(self) -> None:
        if not self._done:
            self._done = True
            self._conn.abort()


class PooledTransport:
    """Keep-alive connections per (scheme, host, port); one router owns one of these."""

    def __init__(self, *, max_idle_per_host: int = 512) -> None:
        self._idle: dict[tuple[str, str, int], deque[_Connection]] = {}
        self._max_idle = max_idle_per_host
        self._targets: dict[str, _Target] = {}
        self._ssl: ssl.SSLContext | None = None
        self._all: set[_Connection] = set()

    def _target(self, url: str) -> _Target:
        target = self._targets.get(url)
        if target is None:
            parts = urlsplit(url)
            tls = parts.scheme == "https"
            host = parts.hostname or ""
            port = parts.port or (443 if tls else 80)
            default = (tls and port == 443) or (not tls and port == 80)
            host_header = host if default else f"{host}:{port}"
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            target = _Target((parts.scheme, host, port), host, port, tls, host_header, path)
            self._targets[url] = target
        return target

    async def _connect(self, target: _Target, connect_timeout: float) -> _Connection:
        loop = asyncio.get_running_loop()
        if target.tls and self._ssl is None:
            self._ssl = ssl.create_default_context()
        try:
            async with asyncio.timeout(connect_timeout):
                _, conn = await loop.create_connection(
                    lambda: _Connection(self, target.key),
                    target.host,
                    target.port,
                    ssl=self._ssl if target.tls else None,
                    server_hostname=target.host if target.tls else None,
                )
        except TimeoutError:
            raise UpstreamError("timeout", f"no connection within {connect_timeout:.1f}s") from None
        except OSError as exc:
            raise UpstreamError("connect", f"cannot reach upstream: {type(exc).__name__}") from None
        self._all.add(conn)
        return conn

    def _take_idle(self, key: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            if not conn.closed:
                conn.reused = True
                return conn
        return None

    async def post(
        self, url: str, headers: Mapping[str, str], body: bytes, *, connect_timeout: float
    ) -> _Response:
        target = self._target(url)
        lines = [f"POST {target.path} HTTP/1.1\r\nhost: {target.host_header}\r\n"]
        lines += [f"{k}: {v}\r\n" for k, v in headers.items()]
        lines.append(f"content-length: {len(body)}\r\n\r\n")
        request = "".join(lines).encode("latin-1") + body
        for _ in range(2):
            conn = self._take_idle(target.key)
            fresh = conn is None
            if conn is None:
                conn = await self._connect(target, connect_timeout)
            try:
                await conn.begin(request)
            except asyncio.CancelledError:
                conn.abort()  # the caller gave up mid-request: this connection is unusable
                raise
            except UpstreamError:
                # An idle connection the upstream had already closed: one retry on a new one
                # is safe, since the upstream never saw this request.
                if fresh or conn._got_bytes:
                    raise
                continue
            return _Response(conn)
        raise UpstreamError("connect", "upstream closed kept-alive connections")

    def give_back(self, conn: _Connection) -> None:
        if not conn.reusable():
            conn.abort()
            return
        idle = self._idle.setdefault(conn.key, deque())
        if len(idle) >= self._max_idle:
            conn.abort()
            return
        idle.append(conn)

    def forget(self, conn: _Connection) -> None:
        self._all.discard(conn)

    async def close(self) -> None:
        for conn in list(self._all):
            conn.abort()
        self._idle.clear()

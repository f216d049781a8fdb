"""HTTP/1.1 server connections on asyncio, parsed by httptools (llhttp).

Why not a framework: the gateway's added latency is a product feature, and most of a framework's
per-request work (request objects, middleware chains, routers) is work this gateway does not
need. One connection = one ``HttpConnection``: it parses requests as bytes arrive, enforces the
body cap while reading, runs one handler at a time (pipelined requests wait their turn), cancels
the running handler when the client disconnects, and honours write back-pressure.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import cast

import httptools

from routeyard.ingress.httpd.request import Request, Responder

Handler = Callable[[Request, Responder], Awaitable[None]]
# Called when a request cannot even be parsed or is over a limit: (status, message, path) -> a
# whole HTTP response as bytes.
Rejecter = Callable[[int, str, str], bytes]

MAX_HEADER_BYTES = 64 * 1024


class HttpConnection(asyncio.Protocol):
    def __init__(
        self,
        handler: Handler,
        reject: Rejecter,
        *,
        max_body: int,
        connections: set[HttpConnection],
    ) -> None:
        self._handler = handler
        self._reject = reject
        self._max_body = max_body
        self._connections = connections
        self._loop = asyncio.get_running_loop()
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._peer: str | None = None
        self._url = b""
        self._headers: dict[str, str] = {}
        self._header_bytes = 0
        self._body: list[bytes] = []
        self._body_size = 0
        self._queue: deque[tuple[Request, bool]] = deque()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self._paused = False
        self._drain_waiter: asyncio.Future[None] | None = None
        # Loop time since which no request is running or queued (None: busy). The server
        # closes connections idle for too long in one periodic sweep, rather than each
        # request arming and cancelling a timer of its own.
        self.idle_since: float | None = None
        self._discarding = False
        self._responder: Responder | None = None
        self._current_path = ""

    # --- asyncio.Protocol -------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but have the same API.
        self._transport = cast(asyncio.Transport, transport)
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]) if isinstance(peer, tuple) else None
        self._connections.add(self)
        self.idle_since = self._loop.time()

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(400, "protocol upgrades are not supported")
        except httptools.HttpParserError as exc:
            # httptools wraps an exception raised in a callback; ours says what was too large.
            cause = exc.__context__
            if isinstance(cause, _TooLarge):
                self._fail(cause.status, cause.message)
            else:
                self._fail(400, "malformed HTTP request")
        except _TooLarge as exc:
            self._fail(exc.status, exc.message)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._connections.discard(self)
        if self._task is not None and not self._task.done():
            self._task.cancel()  # the client is gone: stop its upstream work now
        self._wake_writer(ConnectionResetError("client disconnected"))

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._wake_writer(None)

    # --- httptools callbacks -------------------------------------------------------------

    def on_message_begin(self) -> None:
        self._url = b""
        self._headers = {}
        self._header_bytes = 0
        self._body = []
        self._body_size = 0
        self.idle_since = None

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > MAX_HEADER_BYTES:
            raise _TooLarge(431, "request headers too large")
        self._headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        length = self._headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self._max_body:
            raise _TooLarge(413, f"request body exceeds the limit of {self._max_body} bytes")

    def on_body(self, body: bytes) -> None:
        self._body_size += len(body)
        if self._body_size > self._max_body:
            raise _TooLarge(413, f"request body exceeds the limit of {self._max_body} bytes")
        self._body.append(body)

    def on_message_complete(self) -> None:
        path, _, query = self._url.decode("latin-1").partition("?")
        method = self._parser.get_method().decode("latin-1")
        body = self._body[0] if len(self._body) == 1 else b"".join(self._body)
        request = Request(method, path, query, self._headers, body, self._peer)
        self._queue.append((request, self._parser.should_keep_alive()))
        if self._task is None:
            self._task = self._loop.create_task(self._run())

    # --- serving ---------------------------------------------------------------------

    async def _run(self) -> None:
        while self._queue and not self._closed:
            request, keep_alive = self._queue.popleft()
            responder = self._responder = Responder(self, keep_alive)
            self._current_path = request.path
            try:
                await self._handler(request, responder)
            except asyncio.CancelledError:
                break
            except Exception:
                if not responder.started:
                    self.write(self._reject(500, "internal error", request.path))
                self.close()
                break
            if not responder.finished:
                # A handler that returns without finishing leaves a half response: end it.
                self.close()
                break
            if not keep_alive:
                self.close()
                break
        self._task = None
        if not self._closed:
            self.idle_since = self._loop.time()

    def _fail(self, status: int, message: str) -> None:
        """Answer a request we will not serve, then close.

        The client may still be sending the body it announced: closing at once would reset the
        connection before it reads our answer, so the rest is read and dropped for a moment.
        """
        if self._transport is None or self._closed:
            return
        path = self._url.decode("latin-1").partition("?")[0]
        self._transport.write(self._reject(status, message, path))
        self._discarding = True
        self._queue.clear()
        if self._task is not None:
            self._task.cancel()
        self._loop.call_later(1.0, self.close)

    # --- the responder's sink ------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> bool:
        return self._task is not None

    def write(self, data: bytes) -> None:
        if self._transport is not None and not self._closed:
            self._transport.write(data)

    async def drain(self) -> None:
        if self._closed:
            raise ConnectionResetError("client disconnected")
        if not self._paused:
            return
        waiter = self._loop.create_future()
        self._drain_waiter = waiter
        await waiter

    def _wake_writer(self, exc: Exception | None) -> None:
        waiter, self._drain_waiter = self._drain_waiter, None
        if waiter is not None and not waiter.done():
            if exc is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(exc)

    def terminate(self) -> None:
        """End the request in progress now (shutdown): an error, or the stream's last words."""
        responder = self._responder
        if self._task is not None and responder is not None and not responder.finished:
            if responder.started:
                self.write(responder.cut())
            else:
                responder.finished = True
                self.write(self._reject(503, "the server is shutting down", self._current_path))
        self.close()

    def close(self) -> None:
        if self._transport is not None and not self._closed:
            self._closed = True
            self._transport.close()


class _TooLarge(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

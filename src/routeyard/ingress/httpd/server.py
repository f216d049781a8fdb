"""Listening sockets and graceful shutdown for ``HttpConnection``."""

from __future__ import annotations

import asyncio
import socket

from routeyard.ingress.httpd.protocol import Handler, HttpConnection, Rejecter


class HttpServer:
    """``idle_timeout``: keep-alive connections with no request for this long are closed (by a
    sweep every quarter of it, so after at most 1.25 times as long)."""

    def __init__(
        self, handler: Handler, reject: Rejecter, *, max_body: int, idle_timeout: float = 75.0
    ) -> None:
        self._handler = handler
        self._reject = reject
        self._max_body = max_body
        self._idle_timeout = idle_timeout
        self._connections: set[HttpConnection] = set()
        self._server: asyncio.Server | None = None
        self._sweeper: asyncio.TimerHandle | None = None

    async def start(
        self, host: str, port: int, *, reuse_port: bool = False, backlog: int = 2048
    ) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: HttpConnection(
                self._handler, self._reject, max_body=self._max_body, connections=self._connections
            ),
            host,
            port,
            reuse_address=True,
            reuse_port=reuse_port or None,
            backlog=backlog,
        )
        self._sweeper = loop.call_later(self._idle_timeout / 4, self._sweep)

    def _sweep(self) -> None:
        loop = asyncio.get_running_loop()
        cutoff = loop.time() - self._idle_timeout
        for conn in [c for c in self._connections if c.idle_since is not None]:
            if conn.idle_since is not None and conn.idle_since <= cutoff:
                conn.close()
        self._sweeper = loop.call_later(self._idle_timeout / 4, self._sweep)

    @property
    def port(self) -> int:
        assert self._server is not None
        sock: socket.socket = self._server.sockets[0]
        return int(sock.getsockname()[1])

    @property
    def active(self) -> int:
        """Connections with a request in progress."""
        return sum(1 for c in self._connections if c.busy)

    async def shutdown(self, grace: float) -> None:
        """Stop accepting, let in-flight requests finish for up to ``grace`` s, then close all."""
        if self._server is not None:
            self._server.close()
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while True:
            for conn in list(self._connections):
                if not conn.busy:
                    conn.close()
            if not self._connections or loop.time() >= deadline:
                break
            await asyncio.sleep(0.02)
        for conn in list(self._connections):
            conn.terminate()
        if self._server is not None:
            await self._server.wait_closed()

"""The gateway's HTTP/1.1 server over real loopback sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from routeyard.ingress.errors import reject
from routeyard.ingress.httpd import HttpServer, Request, Responder


class Echo:
    def __init__(self) -> None:
        self.cancelled = asyncio.Event()
        self.seen: list[Request] = []

    async def __call__(self, req: Request, resp: Responder) -> None:
        self.seen.append(req)
        if req.path == "/stream":
            await resp.start(200, [("content-type", "text/plain")])
            await resp.write(b"one")
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                self.cancelled.set()
                raise
        elif req.path == "/boom":
            raise RuntimeError("bug")
        else:
            resp.send(
                200, req.method.encode() + b" " + req.body, [("x-path", req.path)], "text/plain"
            )


@pytest.fixture
async def server() -> AsyncIterator[tuple[HttpServer, Echo]]:
    echo = Echo()
    srv = HttpServer(echo, reject, max_body=100)
    await srv.start("127.0.0.1", 0)
    yield srv, echo
    await srv.shutdown(1.0)


async def exchange(port: int, raw: bytes, *, read_until_close: bool = True) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    try:
        async with asyncio.timeout(3):
            return await reader.read(-1) if read_until_close else await reader.read(65536)
    finally:
        writer.close()


async def test_keep_alive_and_pipelining(server: tuple[HttpServer, Echo]) -> None:
    srv, echo = server
    raw = (
        b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
        b"POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        b"GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    out = await exchange(srv.port, raw)
    assert out.count(b"HTTP/1.1 200 OK") == 3
    assert out.index(b"POST hi") < out.index(b"POST abc") < out.index(b"GET ")
    assert out.count(b"connection: keep-alive") == 2
    assert b"connection: close" in out
    assert [r.path for r in echo.seen] == ["/a", "/b", "/c"]
    assert echo.seen[0].headers["host"] == "x"


@pytest.mark.parametrize(
    "raw",
    [
        b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" + b"x" * 101,
        b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n"
        + b"x" * 101
        + b"\r\n0\r\n\r\n",
    ],
)
async def test_body_cap_is_enforced_while_reading(
    server: tuple[HttpServer, Echo], raw: bytes
) -> None:
    srv, echo = server
    out = await exchange(srv.port, raw)
    assert out.startswith(b"HTTP/1.1 413 ")
    assert b'"request_too_large"' in out
    assert echo.seen == []


async def test_malformed_request_gets_400(server: tuple[HttpServer, Echo]) -> None:
    srv, echo = server
    out = await exchange(srv.port, b"NOT HTTP AT ALL\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 400 ")
    assert b"application/json" in out
    assert echo.seen == []


async def test_oversized_headers_get_431(server: tuple[HttpServer, Echo]) -> None:
    srv, _ = server
    raw = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n"
    out = await exchange(srv.port, raw)
    assert out.startswith(b"HTTP/1.1 431 ")


async def test_handler_crash_gives_500_json(server: tuple[HttpServer, Echo]) -> None:
    srv, _ = server
    out = await exchange(srv.port, b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 500 ")
    assert b"bug" not in out  # no internals leak


async def test_client_disconnect_cancels_the_handler(server: tuple[HttpServer, Echo]) -> None:
    srv, echo = server
    reader, writer = await asyncio.open_connection("127.0.0.1", srv.port)
    writer.write(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
    head = await reader.readuntil(b"one\r\n")
    assert b"transfer-encoding: chunked" in head
    assert srv.active == 1
    writer.close()
    async with asyncio.timeout(1):
        await echo.cancelled.wait()


async def test_http10_closes_after_response(server: tuple[HttpServer, Echo]) -> None:
    srv, _ = server
    out = await exchange(srv.port, b"GET /x HTTP/1.0\r\n\r\n")
    assert b"connection: close" in out


async def test_idle_keep_alive_connections_are_closed_and_busy_ones_are_not() -> None:
    gate = asyncio.Event()

    async def handler(request: Request, resp: Responder) -> None:
        if request.path == "/slow":
            await gate.wait()
        resp.send(200, b"{}")

    srv = HttpServer(handler, reject, max_body=100, idle_timeout=0.2)
    await srv.start("127.0.0.1", 0)
    try:
        idle_r, idle_w = await asyncio.open_connection("127.0.0.1", srv.port)
        idle_w.write(b"GET /fast HTTP/1.1\r\nhost: x\r\n\r\n")
        busy_r, busy_w = await asyncio.open_connection("127.0.0.1", srv.port)
        busy_w.write(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n")
        async with asyncio.timeout(3):
            first = await idle_r.read(65536)
            assert first.startswith(b"HTTP/1.1 200")
            assert await idle_r.read(65536) == b""  # closed by the sweep once idle
        assert srv.active == 1  # the slow request is still running on its connection
        gate.set()
        async with asyncio.timeout(3):
            assert (await busy_r.read(65536)).startswith(b"HTTP/1.1 200")
        idle_w.close()
        busy_w.close()
    finally:
        await srv.shutdown(1.0)

"""PooledTransport against a real aiohttp server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from routeyard.errors import UpstreamError
from routeyard.providers import PooledTransport


@pytest.fixture
async def upstream() -> AsyncIterator[tuple[str, dict[str, int]]]:
    seen = {"connections": 0, "requests": 0}

    async def echo(request: web.Request) -> web.Response:
        seen["requests"] += 1
        body = await request.read()
        return web.Response(
            body=b"got:" + body, headers={"X-Seen": request.headers.get("X-Test", "")}
        )

    async def chunked(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        for i in range(3):
            await resp.write(f"data: {i}\n\n".encode())
        await resp.write_eof()
        return resp

    async def closing(request: web.Request) -> web.Response:
        return web.Response(body=b"bye", headers={"Connection": "close"})

    app = web.Application()
    app.router.add_post("/echo", echo)
    app.router.add_post("/chunked", chunked)
    app.router.add_post("/closing", closing)
    runner = web.AppRunner(app, access_log=None, keepalive_timeout=0.3)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}", seen
    await runner.cleanup()


async def test_post_and_reuse(upstream: tuple[str, dict[str, int]]) -> None:
    url, _seen = upstream
    t = PooledTransport()
    for i in range(5):
        resp = await t.post(f"{url}/echo", {"X-Test": f"v{i}"}, b"abc", connect_timeout=1)
        assert resp.status == 200
        assert resp.headers["x-seen"] == f"v{i}"
        assert await resp.read(1000) == b"got:abc"
    assert len(t._all) == 1  # one kept-alive connection served all five
    await t.close()


async def test_chunked_stream(upstream: tuple[str, dict[str, int]]) -> None:
    url, _ = upstream
    t = PooledTransport()
    resp = await t.post(f"{url}/chunked", {}, b"", connect_timeout=1)
    assert resp.headers["content-type"] == "text/event-stream"
    body = b"".join([c async for c in resp.iter_chunks()])
    assert body == b"data: 0\n\ndata: 1\n\ndata: 2\n\n"
    resp.release()
    assert len(t._all) == 1
    await t.close()


async def test_buffered_hands_over_what_arrived_and_mixes_with_iter_chunks(
    upstream: tuple[str, dict[str, int]],
) -> None:
    """``buffered`` takes pieces already received without waiting, in order with
    ``iter_chunks``; with nothing received it is None and the iterator waits as before."""
    url, _ = upstream
    t = PooledTransport()
    resp = await t.post(f"{url}/chunked", {}, b"", connect_timeout=1)
    chunks = resp.iter_chunks()
    got = [await anext(chunks)]
    await asyncio.sleep(0.05)  # the rest of the answer arrives meanwhile
    while (piece := resp.buffered()) is not None:
        got.append(piece)
    assert resp.buffered() is None
    got += [c async for c in chunks]  # nothing left, the end of the body
    assert b"".join(got) == b"data: 0\n\ndata: 1\n\ndata: 2\n\n"
    assert len(got) >= 2
    resp.release()
    assert len(t._all) == 1  # read to its end: kept alive
    await t.close()


async def test_body_limit(upstream: tuple[str, dict[str, int]]) -> None:
    url, _ = upstream
    t = PooledTransport()
    resp = await t.post(f"{url}/echo", {}, b"x" * 100, connect_timeout=1)
    with pytest.raises(UpstreamError) as info:
        await resp.read(10)
    assert info.value.kind == "protocol"
    await t.close()


async def test_stale_idle_connection_is_replaced(upstream: tuple[str, dict[str, int]]) -> None:
    url, _ = upstream
    t = PooledTransport()
    resp = await t.post(f"{url}/echo", {}, b"1", connect_timeout=1)
    await resp.read(100)
    await asyncio.sleep(0.6)  # the upstream's keep-alive timeout (0.3 s) closes the idle socket
    resp = await t.post(f"{url}/echo", {}, b"2", connect_timeout=1)
    assert await resp.read(100) == b"got:2"
    await t.close()


async def test_connection_close_is_not_pooled(upstream: tuple[str, dict[str, int]]) -> None:
    url, _ = upstream
    t = PooledTransport()
    resp = await t.post(f"{url}/closing", {}, b"", connect_timeout=1)
    assert await resp.read(100) == b"bye"
    assert not any(t._idle.values())
    await t.close()


async def test_connection_refused() -> None:
    t = PooledTransport()
    with pytest.raises(UpstreamError) as info:
        await t.post("http://127.0.0.1:1/x", {}, b"", connect_timeout=1)
    assert info.value.kind == "connect"
    await t.close()

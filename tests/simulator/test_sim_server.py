"""Running the simulator: ``serve``, embedding ``build_app`` in any runner, throughput."""

from __future__ import annotations

import asyncio
import re
import time

import aiohttp
import pytest
from aiohttp import web

from routeyard.simulator import (
    FaultSpec,
    SimModel,
    SimulatorSpec,
    build_app,
    default_spec,
    serve,
)

from .conftest import StartSim


async def test_serve_announces_its_address_and_stops_when_cancelled(
    capsys: pytest.CaptureFixture[str], http: aiohttp.ClientSession
) -> None:
    task = asyncio.create_task(serve(default_spec(), "127.0.0.1", 0))
    for _ in range(200):
        err = capsys.readouterr().err
        if err:
            break
        await asyncio.sleep(0.01)
    found = re.fullmatch(r"routeyard simulator listening on (http://127\.0\.0\.1:\d+)\n", err)
    assert found is not None, err
    async with http.get(f"{found[1]}/v1/models") as response:
        ids = [m["id"] for m in (await response.json())["data"]]
    assert ids == ["sim-small", "sim-medium", "sim-large", "sim-embed"]
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_stall_ends_with_the_client_in_a_runner_without_handler_cancellation(
    http: aiohttp.ClientSession,
) -> None:
    faults = FaultSpec(stall_after_chunks=1)
    app_spec = SimulatorSpec(models=[SimModel(name="m", faults=faults)])
    app = build_app(app_spec)
    runner = web.AppRunner(app)  # aiohttp's default: handlers are not cancelled on hang-up
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    timeout = aiohttp.ClientTimeout(sock_read=0.2)

    async def read_stalled_stream() -> None:
        async with http.post(f"{url}/v1/chat/completions", json=body, timeout=timeout) as r:
            await r.read()

    try:
        with pytest.raises(asyncio.TimeoutError):
            await read_stalled_stream()
        for _ in range(100):
            async with http.get(f"{url}/_sim/state") as state:
                if (await state.json())["models"]["m"]["active"] == 0:
                    break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the stalled handler outlived its client")
    finally:
        started = time.monotonic()
        await runner.cleanup()
    assert time.monotonic() - started < 2.0


async def test_zero_delay_throughput(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(SimulatorSpec(models=[SimModel(name="m")]))
    plain = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    streamed = {**plain, "stream": True, "stream_options": {"include_usage": True}}

    async def worker(body: dict[str, object]) -> None:
        for _ in range(50):
            async with http.post(f"{sim.url}/v1/chat/completions", json=body) as response:
                assert response.status == 200
                await response.read()

    started = time.monotonic()
    await asyncio.gather(*(worker(plain if i % 2 else streamed) for i in range(8)))
    # 400 requests; a loose bound that still catches accidental per-request sleeps or I/O.
    assert time.monotonic() - started < 4.0

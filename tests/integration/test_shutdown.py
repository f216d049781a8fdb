"""SIGTERM with 200 open streams: /readyz turns 503 at once, streams in flight finish (or end with an error event
after the grace period), and the process exits 0."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import aiohttp
import pytest

from .conftest import CLIENT_KEY, Proc, render_gateway_config, start

pytestmark = pytest.mark.integration


def gateway_with(simulator: Proc, tmp_path: Path, drain: float, grace: float) -> Proc:
    text = render_gateway_config(simulator.url).replace(
        "  max_body_bytes: 65536\n",
        f"  max_body_bytes: 65536\n  drain_delay_s: {drain}\n  shutdown_grace_s: {grace}\n",
    )
    path = tmp_path / "gw.yaml"
    path.write_text(text)
    return start(["serve", "-c", str(path), "--port", "0"])


async def _stream(session: aiohttp.ClientSession, url: str, model: str) -> str:
    body = {"model": model, "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    headers = {"Authorization": f"Bearer {CLIENT_KEY}"}
    async with session.post(f"{url}/v1/chat/completions", json=body, headers=headers) as resp:
        assert resp.status == 200
        return (await resp.read()).decode()


async def _readyz_503_within(session: aiohttp.ClientSession, url: str, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        async with session.get(f"{url}/readyz") as resp:
            if resp.status == 503:
                return time.monotonic() - started
        await asyncio.sleep(0.05)
    raise AssertionError("/readyz did not turn 503")


async def test_sigterm_lets_streams_finish(simulator: Proc, tmp_path: Path) -> None:
    gw = gateway_with(simulator, tmp_path, drain=0.5, grace=10)
    connector = aiohttp.TCPConnector(limit=0)  # 200 streams at once, not aiohttp's default 100
    async with aiohttp.ClientSession(connector=connector) as session:
        streams = [asyncio.create_task(_stream(session, gw.url, "steady")) for _ in range(200)]
        await asyncio.sleep(0.6)  # every stream is open and flowing (each lasts ~1.5 s)
        gw.proc.send_signal(signal.SIGTERM)
        assert await _readyz_503_within(session, gw.url, 1.0) < 1.0
        bodies = await asyncio.gather(*streams)
    assert all(b.rstrip().endswith("data: [DONE]") for b in bodies)
    assert await asyncio.to_thread(gw.proc.wait, 15) == 0


async def test_streams_past_the_grace_period_end_with_an_error_event(
    simulator: Proc, tmp_path: Path
) -> None:
    gw = gateway_with(simulator, tmp_path, drain=0.1, grace=0.5)
    async with aiohttp.ClientSession() as session:
        stream = asyncio.create_task(_stream(session, gw.url, "slow"))  # ~12 s long
        await asyncio.sleep(0.5)
        gw.proc.send_signal(signal.SIGTERM)
        body = await stream
    assert '"error"' in body
    assert "shutting down" in body
    assert "[DONE]" not in body
    assert await asyncio.to_thread(gw.proc.wait, 15) == 0

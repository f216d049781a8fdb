"""Which HTTP client should the gateway use upstream? Measured, not guessed.

Starts ``routeyard simulate`` (zero delay) and sends the same chat-completions POST with each
candidate client, one process, N requests at C concurrency, alternating clients over rounds.
Candidates: routeyard's own ``PooledTransport`` (httptools parser, keep-alive pool), aiohttp's
client, and httpx / httpx2 when installed (the official SDKs' transport).
Usage: ``python bench/upstream_client.py [--requests 4000] [--concurrency 32]``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

BODY = json.dumps(
    {"model": "sim-small", "messages": [{"role": "user", "content": "What is 2 + 2?"}]}
).encode()
HEADERS = {"Content-Type": "application/json", "Authorization": "Bearer x"}


async def run_aiohttp(url: str, n: int, c: int) -> float:
    import aiohttp

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=c)) as s:

        async def one() -> None:
            async with s.post(url, data=BODY, headers=HEADERS) as r:
                await r.read()

        return await _drive(one, n, c)


async def run_pooled(url: str, n: int, c: int) -> float:
    from routeyard.providers import PooledTransport

    transport = PooledTransport()

    async def one() -> None:
        resp = await transport.post(url, HEADERS, BODY, connect_timeout=5)
        await resp.read(1 << 20)

    try:
        return await _drive(one, n, c)
    finally:
        await transport.close()


async def run_httpx(module: str, url: str, n: int, c: int) -> float:
    httpx: Any = importlib.import_module(module)
    limits = httpx.Limits(max_connections=c, max_keepalive_connections=c)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one() -> None:
            r = await client.post(url, content=BODY, headers=HEADERS)
            r.read()

        return await _drive(one, n, c)


async def _drive(one: Callable[[], Awaitable[None]], n: int, c: int) -> float:
    queue = iter(range(n))

    async def worker() -> None:
        for _ in queue:
            await one()

    for _ in range(min(50, n)):  # warm the pool
        await one()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(c)))
    return n / (time.perf_counter() - started)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=4000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    spec = Path(tempfile.mkdtemp()) / "spec.yaml"
    spec.write_text("models:\n  - {name: sim-small, answer_tokens: 20}\n")  # zero delay
    sim = subprocess.Popen(
        [sys.executable, "-m", "routeyard", "simulate", "--spec", str(spec), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert sim.stderr is not None
    m = re.search(r"(http://\S+)", sim.stderr.readline())
    assert m is not None
    url = m.group(1) + "/v1/chat/completions"
    clients: dict[str, Callable[[], Awaitable[float]]] = {
        "aiohttp": lambda: run_aiohttp(url, args.requests, args.concurrency),
        "routeyard": lambda: run_pooled(url, args.requests, args.concurrency),
    }
    for module in ("httpx", "httpx2"):
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        clients[module] = lambda module=module: run_httpx(  # type: ignore[misc]
            module, url, args.requests, args.concurrency
        )
    results: dict[str, list[float]] = {k: [] for k in clients}
    try:
        for _ in range(args.rounds):
            for name, run in clients.items():
                results[name].append(asyncio.run(run()))
    finally:
        sim.terminate()
    base = sorted(results["aiohttp"])[len(results["aiohttp"]) // 2]
    print(f"{args.requests} requests, concurrency {args.concurrency}, median of {args.rounds}")
    for name, values in results.items():
        med = sorted(values)[len(values) // 2]
        print(f"  {name:<8} {med:8.0f} req/s   ({med / base:.2f}x aiohttp)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

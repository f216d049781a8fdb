"""Streaming: time to the first ``data:`` chunk, measured by an asyncio (aiohttp) client.

``measure_ttft`` keeps ``concurrency`` streams going back to back for a while and records, per
stream, the time from sending the request to reading the first ``data:`` line; every stream must
end with ``data: [DONE]``. ``burst`` opens ``n`` streams at once and counts the failures.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp

from suite.contenders import Target

T = TypeVar("T")


@dataclass
class StreamStats:
    concurrency: int
    seconds: float = 0.0
    ok: int = 0
    errors: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    ttft_ms: list[float] = field(default_factory=list)
    peak_in_flight: int = 0

    @property
    def streams_per_s(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


class _Client:
    def __init__(self, target: Target, stats: StreamStats) -> None:
        self.target = target
        self.stats = stats
        self.payload = json.dumps(target.body(stream=True)).encode()
        self.headers = {"Content-Type": "application/json", **target.headers}
        self.in_flight = 0

    async def one(self, session: aiohttp.ClientSession, *, record: bool = True) -> None:
        started = time.perf_counter()
        first: float | None = None
        done = False
        self.in_flight += 1
        self.stats.peak_in_flight = max(self.stats.peak_in_flight, self.in_flight)
        try:
            async with session.post(self.target.url, data=self.payload, headers=self.headers) as r:
                if r.status != 200:
                    await r.read()
                    self._fail(f"http_{r.status}", record)
                    return
                async for line in r.content:
                    if line.startswith(b"data:"):
                        if first is None:
                            first = time.perf_counter()
                        if line.strip() == b"data: [DONE]":
                            done = True
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._fail(type(exc).__name__, record)
            return
        finally:
            self.in_flight -= 1
        if first is None or not done:
            self._fail("incomplete_stream", record)
        elif record:
            self.stats.ok += 1
            self.stats.ttft_ms.append((first - started) * 1000)

    def _fail(self, kind: str, record: bool) -> None:
        if record:
            self.stats.errors += 1
            self.stats.error_kinds[kind] += 1


async def _ttft(target: Target, concurrency: int, seconds: float) -> StreamStats:
    stats = StreamStats(concurrency)
    client = _Client(target, stats)
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        # Warm up: one unrecorded stream per worker opens the keep-alive connections.
        await asyncio.gather(*(client.one(session, record=False) for _ in range(concurrency)))
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                await client.one(session)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        stats.seconds = time.perf_counter() - started
    return stats


def measure_ttft(target: Target, concurrency: int, seconds: float) -> StreamStats:
    return _run(_ttft(target, concurrency, seconds))


async def _burst(target: Target, n: int, timeout_s: float) -> StreamStats:
    stats = StreamStats(n)
    client = _Client(target, stats)
    connector = aiohttp.TCPConnector(limit=0)  # no client-side cap: all n at once
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client.one(session) for _ in range(n)))
        stats.seconds = time.perf_counter() - started
    return stats


def burst(target: Target, n: int, timeout_s: float = 120.0) -> StreamStats:
    return _run(_burst(target, n, timeout_s))

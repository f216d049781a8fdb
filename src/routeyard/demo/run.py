"""``routeyard demo``: the gateway on the embedded default, driven by the official openai SDK."""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson

from routeyard.demo.workload import DemoRequest, build_workload

_LISTENING = re.compile(
    r"routeyard listening on (http://\S+)(?: \(embedded simulator at (http://[^)\s]+)\))?"
)


@dataclass
class Tally:
    sent: int = 0
    ok: int = 0
    by_route: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    route_ok: Counter[str] = field(default_factory=Counter)
    route_sent: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)


@dataclass
class Gateway:
    proc: subprocess.Popen[str]
    url: str
    simulator_url: str | None
    log: list[str]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_gateway(extra: list[str]) -> Gateway:
    """Start ``routeyard serve`` as a real process and wait for its address."""
    cmd = [sys.executable, "-m", "routeyard.cli.main", "serve", "--port", "0", *extra]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    assert proc.stderr is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        m = _LISTENING.search(line)
        if m:
            log: list[str] = []
            threading.Thread(target=_drain, args=(proc, log), daemon=True).start()
            return Gateway(proc, m.group(1), m.group(2), log)
    proc.kill()
    raise RuntimeError("the gateway did not start; run 'routeyard serve' to see why")


def _drain(proc: subprocess.Popen[str], log: list[str]) -> None:
    """Keep reading the gateway's stderr so it never blocks on a full pipe."""
    assert proc.stderr is not None
    for line in proc.stderr:
        log.append(line)


async def _one(client: Any, req: DemoRequest, tally: Tally, sem: asyncio.Semaphore) -> None:
    async with sem:
        tally.sent += 1
        try:
            raw = await client.chat.completions.with_raw_response.create(**req.body)
            parsed = raw.parse()  # a coroutine in some SDK versions, a value in others
            if inspect.isawaitable(parsed):
                parsed = await parsed
            if req.body.get("stream"):
                async for _chunk in parsed:
                    pass
        except Exception as exc:
            tally.errors[type(exc).__name__] += 1
            return
        route = raw.headers.get("x-routeyard-route", "?")
        model = raw.headers.get("x-routeyard-model", "?")
        tally.ok += 1
        tally.route_sent[route] += 1
        tally.route_ok[route] += 1
        tally.by_route[route][model] += 1


async def drive(base_url: str, workload: list[DemoRequest], concurrency: int) -> Tally:
    from openai import AsyncOpenAI

    tally = Tally()
    sem = asyncio.Semaphore(concurrency)
    async with AsyncOpenAI(base_url=f"{base_url}/v1", api_key="demo", max_retries=0) as client:
        await asyncio.gather(*(_one(client, r, tally, sem) for r in workload))
    return tally


def fetch_stats(base_url: str) -> dict[str, Any]:
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/routeyard/stats", timeout=10) as resp:
        data: dict[str, Any] = orjson.loads(resp.read())
    return data


def print_report(tally: Tally, stats: dict[str, Any], elapsed: float) -> None:
    print()
    print(f"{'route':<12} {'requests':>8} {'success':>8}  models")
    for route in sorted(tally.by_route):
        models = ", ".join(f"{m}×{n}" for m, n in tally.by_route[route].most_common())
        rate = 100.0 * tally.route_ok[route] / max(1, tally.route_sent[route])
        print(f"{route:<12} {tally.route_sent[route]:>8} {rate:>7.1f}%  {models}")
    print()
    success = 100.0 * tally.ok / max(1, tally.sent)
    print(f"requests: {tally.sent}   succeeded: {tally.ok} ({success:.1f}%)   in {elapsed:.1f}s")
    if tally.errors:
        print("errors: " + ", ".join(f"{k}×{v}" for k, v in tally.errors.items()))
    d = stats["decision_us"]
    print(f"routing decision: p50 {d['p50']:.1f} µs   p99 {d['p99']:.1f} µs")
    cost, base = stats["cost_usd"], stats["baseline_cost_usd"]
    saved = 100.0 * (1 - cost / base) if base else 0.0
    print(
        f"cost: ${cost:.6f} on routeyard vs ${base:.6f} sending everything to the baseline "
        f"(sim-large): {saved:.1f}% saved"
    )
    print("(cost counts the tokens each answer used; quality is not measured by this demo)")


def run_demo(count: int, concurrency: int) -> int:
    gw = start_gateway([])
    try:
        print(f"gateway on {gw.url} (embedded default: sim-small, sim-medium, sim-large)")
        workload = build_workload(count)
        print(f"sending {len(workload)} requests through the openai SDK, {concurrency} at a time…")
        started = time.perf_counter()
        tally = asyncio.run(drive(gw.url, workload, concurrency))
        elapsed = time.perf_counter() - started
        stats = fetch_stats(gw.url)
        print_report(tally, stats, elapsed)
        return 0 if tally.ok == tally.sent else 1
    finally:
        gw.stop()

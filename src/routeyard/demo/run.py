"""``routeyard demo``: the gateway on the embedded default, driven by the official openai SDK.

It ends with the savings report, read back from the request log the gateway wrote (see
``demo.report``), and writes it as one HTML file with the dashboard's charts.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from routeyard.demo.report import fetch_dashboard, format_report, write_report
from routeyard.demo.workload import DemoRequest, build_workload

_LISTENING = re.compile(
    r"routeyard listening on (http://\S+)(?: \(embedded simulator at (http://[^)\s]+)\))?"
)


@dataclass
class Tally:
    """What the client saw; everything else in the report comes from the request log."""

    sent: int = 0
    ok: int = 0
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
        tally.ok += 1


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


def print_report(tally: Tally, data: dict[str, Any], elapsed: float) -> None:
    print()
    success = 100.0 * tally.ok / max(1, tally.sent)
    print(f"requests: {tally.sent}   succeeded: {tally.ok} ({success:.1f}%)   in {elapsed:.1f}s")
    if tally.errors:
        print("errors: " + ", ".join(f"{k}×{v}" for k, v in tally.errors.items()))
    print()
    print(format_report(data), end="")


def run_demo(count: int, concurrency: int, report: Path | None = None) -> int:
    """Run the demo; write the HTML report to ``report`` unless it is None."""
    gw = start_gateway([])
    try:
        print(f"gateway on {gw.url} (embedded default: sim-small, sim-medium, sim-large)")
        workload = build_workload(count)
        print(f"sending {len(workload)} requests through the openai SDK, {concurrency} at a time…")
        since = time.time() - 1.0  # the demo's window in the log (the clock is the gateway's)
        started = time.perf_counter()
        tally = asyncio.run(drive(gw.url, workload, concurrency))
        elapsed = time.perf_counter() - started
        data = fetch_dashboard(gw.url, since=since, expect=tally.sent)
        print_report(tally, data, elapsed)
        if report is not None:
            path = write_report(data, report)
            print(f"report with charts: {path}")
        return 0 if tally.ok == tally.sent else 1
    finally:
        gw.stop()

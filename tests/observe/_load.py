"""Load for the loss tests: a real gateway process and real HTTP clients at a steady rate.

``HttpLoad`` runs aiohttp clients on their own event loop in a thread, so the test's thread is
free to lock a database, stop a server or kill the gateway while requests keep coming. Every
answer's ``x-request-id`` is kept with the time it arrived, to compare with the log's rows.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
_URL = re.compile(r"listening on (http://\S+)")
_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")

BODY = {"model": "auto", "messages": [{"role": "user", "content": "What is the capital of Peru?"}]}


def gateway_config(simulator_url: str, request_log: str) -> str:
    """Two models on the test simulator, one route, and the given ``request_log`` YAML block."""
    return f"""\
version: 1
providers:
  oa: {{kind: openai, base_url: "{simulator_url}/v1", api_key: sk-loss-test}}
models:
  small: {{provider: oa, model: sim-small, price: {{input: 0.15, output: 0.6}}}}
  large: {{provider: oa, model: sim-large, price: {{input: 3, output: 15}}}}
policy:
  baseline: large
  default_route: general
  routes:
    - name: general
      candidates: [small, large]
observe:
  request_log:
{request_log}
"""


@dataclass
class Gateway:
    proc: subprocess.Popen[str]
    url: str
    stderr_lines: list[str]

    def metrics(self) -> dict[str, float]:
        """Unlabelled samples of /metrics (the request log's counters and gauges)."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=10) as resp:
            text = resp.read().decode()
        found = {}
        for line in text.splitlines():
            m = _SAMPLE.match(line)
            if m and not m.group(2):
                found[m.group(1)] = float(m.group(3))
        return found

    def terminate(self, timeout: float = 30) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def start_gateway(config: Path, cwd: Path, *, record_times: Path | None = None) -> Gateway:
    """``routeyard serve`` (or, with ``record_times``, the same with ``record()`` timed)."""
    module = "routeyard" if record_times is None else "tests.observe._timed_serve"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    if record_times is not None:
        env["ROUTEYARD_TEST_RECORD_TIMES"] = str(record_times)
    cwd.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", module, "serve", "-c", str(config), "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if m := _URL.search(line):
            url = m.group(1)
    if url is None:
        proc.kill()
        raise RuntimeError("the gateway did not start:\n" + "".join(lines))

    def drain() -> None:  # keep reading so the gateway never blocks on a full pipe
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)

    threading.Thread(target=drain, daemon=True).start()
    return Gateway(proc, url, lines)


@dataclass
class LoadResult:
    ok: list[tuple[float, str]] = field(default_factory=list)  # (monotonic arrival, request id)
    errors: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, what)
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests

    @property
    def ok_ids(self) -> set[str]:
        return {rid for _, rid in self.ok}


class HttpLoad:
    """``concurrency`` clients posting ``BODY`` to ``url``, ``rate`` requests/s in all."""

    def __init__(self, url: str, *, rate: float = 100.0, concurrency: int = 4) -> None:
        self.url = f"{url}/v1/chat/completions"
        self.rate = rate
        self.concurrency = concurrency
        self.result = LoadResult()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="http-load", daemon=True)

    def start(self) -> HttpLoad:
        self._thread.start()
        return self

    def stop(self) -> LoadResult:
        self._stop.set()
        self._thread.join(60)
        assert not self._thread.is_alive(), "the load did not stop"
        return self.result

    @property
    def answered(self) -> int:
        return len(self.result.ok)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        timeout = aiohttp.ClientTimeout(total=30)
        connector = aiohttp.TCPConnector(limit=self.concurrency)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            await asyncio.gather(*(self._client(session, i) for i in range(self.concurrency)))

    async def _client(self, session: aiohttp.ClientSession, i: int) -> None:
        interval = self.concurrency / self.rate
        next_at = time.monotonic() + interval * i / self.concurrency
        result = self.result
        while not self._stop.is_set():
            now = time.monotonic()
            if next_at > now:
                await asyncio.sleep(next_at - now)
            next_at = max(next_at + interval, time.monotonic() - interval)
            t0 = time.monotonic()
            try:
                async with session.post(self.url, json=BODY) as resp:
                    await resp.read()
                    if resp.status == 200:
                        result.ok.append((time.monotonic(), resp.headers["x-request-id"]))
                        result.latencies.append(time.monotonic() - t0)
                    else:
                        result.errors.append((time.monotonic(), f"HTTP {resp.status}"))
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                result.errors.append((time.monotonic(), f"{type(exc).__name__}: {exc}"))
                await asyncio.sleep(0.05)  # e.g. the gateway was killed: do not spin


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0

"""``routeyard demo --chaos``: the demo through an outage, a slow spell and 429 bursts.

The gateway runs the embedded default; the script changes the embedded simulator's faults on a
timeline while a steady load runs through the official openai SDK, then reports what a client
saw (success rate, fallbacks, latency in and out of the outage) and what the gateway did
(breaker transitions with timestamps, from /routeyard/stats).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

from routeyard.demo.run import fetch_stats, start_gateway
from routeyard.demo.workload import build_workload


@dataclass(frozen=True, slots=True)
class Phase:
    start_s: float
    model: str
    faults: dict[str, Any]
    label: str


def timeline(seconds: float) -> list[Phase]:
    """An outage of the large model, a slow spell of the medium one, 429 bursts on the small."""
    s = seconds
    return [
        Phase(0.15 * s, "sim-large", {"outage": True, "retry_after_s": 1}, "sim-large outage"),
        Phase(0.30 * s, "sim-medium", {"hang_before_headers_s": 0.4}, "sim-medium slow (+0.4 s)"),
        Phase(0.45 * s, "sim-small", {"rate_limit_rate": 0.5, "retry_after_s": 0.1}, "429 bursts"),
        Phase(0.55 * s, "sim-medium", {"hang_before_headers_s": 0.0}, "sim-medium recovers"),
        Phase(0.60 * s, "sim-small", {"rate_limit_rate": 0.0}, "429 bursts end"),
        Phase(0.65 * s, "sim-large", {"outage": False}, "sim-large recovers"),
    ]


@dataclass(slots=True)
class Sample:
    at: float
    latency: float
    ok: bool
    model: str
    attempts: int
    error: str = ""


def _put(url: str, faults: dict[str, Any]) -> None:
    req = urllib.request.Request(
        url, data=json.dumps(faults).encode(), method="PUT",
        headers={"content-type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(req, timeout=5):
        pass


async def _load(url: str, seconds: float, concurrency: int, t0: float) -> list[Sample]:
    from openai import AsyncOpenAI

    samples: list[Sample] = []
    workload = build_workload(200)
    stop_at = t0 + seconds

    async def worker(offset: int) -> None:
        i = offset
        async with AsyncOpenAI(base_url=f"{url}/v1", api_key="demo", max_retries=0) as client:
            while time.monotonic() < stop_at:
                body = workload[i % len(workload)].body
                i += concurrency
                started = time.monotonic()
                try:
                    raw = await client.chat.completions.with_raw_response.create(**body)
                    parsed = raw.parse()
                    if inspect.isawaitable(parsed):
                        parsed = await parsed
                    if body.get("stream"):
                        async for _ in parsed:
                            pass
                    model = raw.headers.get("x-routeyard-model", "?")
                    tries = int(raw.headers.get("x-routeyard-attempts", "1"))
                    samples.append(
                        Sample(started - t0, time.monotonic() - started, True, model, tries)
                    )
                except Exception as exc:
                    samples.append(
                        Sample(
                            started - t0,
                            time.monotonic() - started,
                            False,
                            "-",
                            0,
                            type(exc).__name__,
                        )
                    )

    await asyncio.gather(*(worker(k) for k in range(concurrency)))
    return samples


async def _chaos(
    sim_url: str, gw_url: str, phases: list[Phase], t0: float, log: list[str]
) -> dict[str, Any]:
    """Apply the phases on time; return the gateway's view in the middle of the outage."""
    middle: dict[str, Any] = {}
    for phase in phases:
        await asyncio.sleep(max(0.0, t0 + phase.start_s - time.monotonic()))
        if phase.label == "sim-medium recovers":  # well inside the sim-large outage
            middle = await asyncio.to_thread(fetch_stats, gw_url)
        await asyncio.to_thread(_put, f"{sim_url}/_sim/faults/{phase.model}", phase.faults)
        log.append(f"  t={time.monotonic() - t0:5.1f}s  {phase.label}")
    return middle


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_chaos(seconds: float, concurrency: int) -> int:
    gw = start_gateway([])
    if gw.simulator_url is None:
        gw.stop()
        raise RuntimeError("the embedded simulator's address was not reported")
    try:
        print(f"gateway on {gw.url}; chaos for {seconds:.0f}s at {concurrency} concurrent clients")
        phases = timeline(seconds)
        events: list[str] = []

        async def main() -> tuple[list[Sample], dict[str, Any]]:
            t0 = time.monotonic()
            sim = gw.simulator_url or ""
            chaos = asyncio.create_task(_chaos(sim, gw.url, phases, t0, events))
            samples = await _load(gw.url, seconds, concurrency, t0)
            return samples, await chaos

        samples, middle = asyncio.run(main())
        stats = fetch_stats(gw.url)
        report(samples, phases, events, stats, middle)
        return 0 if all(s.ok for s in samples) else 1
    finally:
        gw.stop()


def report(
    samples: list[Sample],
    phases: list[Phase],
    events: list[str],
    stats: dict[str, Any],
    middle: dict[str, Any],
) -> None:
    ok = sum(s.ok for s in samples)
    print("\nfaults injected:")
    print("\n".join(events))
    print(
        f"\nrequests: {len(samples)}   succeeded: {ok} ({100.0 * ok / max(1, len(samples)):.2f}%)"
    )
    errors: dict[str, int] = {}
    for s in samples:
        if not s.ok:
            errors[s.error] = errors.get(s.error, 0) + 1
    if errors:
        print("errors: " + ", ".join(f"{k}×{v}" for k, v in errors.items()))
    fallbacks = sum(1 for s in samples if s.ok and s.attempts > 1)
    print(f"requests that needed more than one upstream attempt: {fallbacks}")
    outage_start = phases[0].start_s
    outage_end = next(p.start_s for p in phases if p.label == "sim-large recovers")
    inside = [s.latency for s in samples if s.ok and outage_start <= s.at < outage_end]
    before = [s.latency for s in samples if s.ok and s.at < outage_start]
    if inside and before:
        print(
            f"latency p50 before the outage {1000 * _pct(before, 0.5):.0f} ms, during it "
            f"{1000 * _pct(inside, 0.5):.0f} ms (p99 {1000 * _pct(before, 0.99):.0f} → "
            f"{1000 * _pct(inside, 0.99):.0f} ms)"
        )
    served: dict[str, int] = {}
    for s in samples:
        if s.ok:
            served[s.model] = served.get(s.model, 0) + 1
    print("served by: " + ", ".join(f"{m}×{n}" for m, n in sorted(served.items())))
    print("\nbreaker transitions (gateway clock):")
    first = None
    for t in stats.get("breaker_transitions", []):
        first = first or t["at_unix"]
        moved = f"{t['from']} → {t['to']}"
        print(f"  +{t['at_unix'] - first:6.2f}s  {t['deployment']:<11} {moved}  ({t['reason']})")
    if not stats.get("breaker_transitions"):
        print("  (none)")
    print("\nmid-outage, the gateway saw (live health demotes a failing model before a breaker")
    print("has to trip; a demoted model gets no traffic, so its breaker may never open):")
    for name, h in sorted(middle.get("health", {}).items()):
        state = middle.get("breakers", {}).get(name, "closed")
        print(f"  {name:<11} error rate {h['error_rate']:.2f}   breaker {state}")
    print(f"breakers at the end: {stats.get('breakers', {})}")

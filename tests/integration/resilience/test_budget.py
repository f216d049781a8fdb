"""Issue #4 test 4: half the upstream calls fail with 500 under load; the retry budget keeps the
extra load bounded and every request ends within its attempt limit and its deadline.

Two candidates, each failing half its calls, 16 concurrent clients for 2.5 s. The breakers are
made insensitive (failure_rate 1.0, 1000 consecutive failures) and live-health demotion is off,
so that the budget alone limits the retries. The test runs well inside one budget window
(``budget_window_s`` 10 s), where the design's bound is: upstream calls ≤ (1 + budget_ratio) ×
client requests + budget_floor. The deadline is scaled down to 0.1 s (an upstream call takes
~20 ms here, a backoff wait up to 25–50 ms) so that it bites on the slowest requests.
"""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from .conftest import Result, Sim, StartGateway, chat_body, model, post

pytestmark = pytest.mark.integration

CLIENTS = 16
LOAD_S = 2.5
DEADLINE_S = 0.1
RATIO = 0.2  # the design's defaults
FLOOR = 3
MAX_ATTEMPTS = 2 * 2  # max_attempts_per_candidate (default 2) × candidates
SLACK_S = 0.3  # client, loopback and scheduling overhead on a busy 2-CPU runner


async def test_half_failing_upstreams_stay_within_budget_and_deadline(
    sim: Sim, start_gateway: StartGateway
) -> None:
    gw = start_gateway(
        models={"half-a": model("sim-half-a"), "half-b": model("sim-half-b")},
        routes={"half": ["half-a", "half-b"]},
        resilience={
            "deadline_s": DEADLINE_S,
            "breaker": {"failure_rate": 1.0, "consecutive_failures": 1000},
            "health": {"min_samples": 1_000_000},
        },
    )
    for name in ("sim-half-a", "sim-half-b"):
        sim.faults(name, error_rate=0.5, error_status=500)
    results: list[Result] = []
    stop = time.monotonic() + LOAD_S

    async def client(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < stop:
            r = await post(session, f"{gw.url}/v1/chat/completions", chat_body("auto:half"))
            results.append(r)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CLIENTS)) as session:
        await asyncio.gather(*(client(session) for _ in range(CLIENTS)))

    requests = len(results)
    calls = sum(sim.requests("sim-half-a", "sim-half-b").values())
    assert requests > 200  # enough load to mean something
    # Retries are bounded: at most budget_ratio more calls than requests, plus the floor.
    assert calls <= (1 + RATIO) * requests + FLOOR, (calls, requests)
    # ... and they happened (the budget is not simply refusing everything).
    assert calls > requests
    statuses = {r.status for r in results}
    assert statuses <= {200, 502, 504}, statuses
    for r in results:
        assert r.attempts <= MAX_ATTEMPTS
        assert r.elapsed <= DEADLINE_S + SLACK_S, r
        if r.status == 200:
            assert r.json()["choices"][0]["message"]["content"]
        else:
            assert set(r.json()["error"]) == {"message", "type", "param", "code"}

"""Issue #4 test 3: 429 with ``Retry-After``: every wait honours the header, on every attempt;
a ``Retry-After`` over the cap fails over, or comes back as a 429 with that header, at once.

Scaled down: waits of 1 and 2 s (not 2, 4, 8 s) and a cap (``max_retry_after_s``) of 2.5 s
instead of 60 s. Exact arrival times come from a scripted upstream in this process (same
clock as the test); the simulator serves the end-to-end cases.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from ..conftest import http
from .conftest import (
    AUTH,
    Gateway,
    Sim,
    StartGateway,
    ThreadedServer,
    anthropic_body,
    chat_body,
    model,
)

pytestmark = pytest.mark.integration

CAP_S = 2.5

Script = list[tuple[int, dict[str, str]]]


class ScriptedUpstream:
    """An OpenAI-compatible upstream that answers each model's requests from a script (status,
    headers) in order — 200 once the script is used up — and records when each arrived."""

    def __init__(self) -> None:
        self.scripts: dict[str, Script] = {}
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        self.server = ThreadedServer(app)

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        name = body["model"]
        self.arrivals[name].append(time.monotonic())
        script = self.scripts.get(name) or []
        if script:
            status, headers = script.pop(0)
            error = {"message": "slow down", "type": "rate_limit_error", "param": None}
            error["code"] = "rate_limit_exceeded"
            return web.json_response({"error": error}, status=status, headers=headers)
        return web.json_response(
            {
                "id": "chatcmpl-scripted",
                "object": "chat.completion",
                "created": 1,
                "model": name,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "Finally."},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
            }
        )


@pytest.fixture(scope="module")
def upstream() -> Iterator[ScriptedUpstream]:
    scripted = ScriptedUpstream()
    with scripted.server:
        yield scripted


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway, upstream: ScriptedUpstream) -> Gateway:
    scripted = {"provider": "scripted", "price": {"input": 1, "output": 1}}
    return start_gateway(
        providers={"scripted": {"kind": "openai", "base_url": f"{upstream.server.url}/v1"}},
        models={
            "seconds": {**scripted, "model": "seconds"},
            "millis": {**scripted, "model": "millis"},
            "limited": model("sim-limited"),
            "relief": model("sim-relief"),
            "limited-solo": model("sim-limited"),
        },
        routes={
            "seconds": ["seconds"],
            "millis": ["millis"],
            "limited": ["limited", "relief"],
            "limited-solo": ["limited-solo"],
        },
        resilience={
            # A large budget floor: these sequential requests nearly all retry, and the retry
            # budget (tested in test_budget.py) would refuse most of them.
            "retry": {
                "max_attempts_per_candidate": 3,
                "max_retry_after_s": CAP_S,
                "budget_floor": 1000,
            },
            # Rate limits count as failures for the breaker; keep it out of these tests.
            "breaker": {"consecutive_failures": 1000},
        },
    )


@pytest.fixture(scope="module")
def stingy(start_gateway: StartGateway) -> Gateway:
    """A gateway whose retry budget never allows a retry."""
    return start_gateway(
        models={"stingy": model("sim-limited")},
        resilience={"retry": {"budget_ratio": 0, "budget_floor": 0}},
    )


def _chat(gw: Gateway, route: str) -> tuple[Any, float]:
    started = time.monotonic()
    r = http(
        "POST",
        f"{gw.url}/v1/chat/completions",
        json.dumps(chat_body(f"auto:{route}")).encode(),
        AUTH,
    )
    return r, time.monotonic() - started


@pytest.mark.parametrize(
    ("route", "script", "waits"),
    [
        # Whole seconds in Retry-After, as most providers send them.
        ("seconds", [(429, {"Retry-After": "1"}), (429, {"Retry-After": "2"})], [1.0, 2.0]),
        # OpenAI's retry-after-ms is preferred when both are present.
        (
            "millis",
            [
                (429, {"retry-after-ms": "800", "Retry-After": "1"}),
                (429, {"retry-after-ms": "1300", "Retry-After": "2"}),
            ],
            [0.8, 1.3],
        ),
    ],
)
def test_every_retry_waits_for_retry_after(
    gw: Gateway, upstream: ScriptedUpstream, route: str, script: Script, waits: list[float]
) -> None:
    upstream.scripts[route] = list(script)
    upstream.arrivals[route].clear()
    r, elapsed = _chat(gw, route)
    assert r.status == 200
    assert r.headers["x-routeyard-attempts"] == "3"
    arrivals = upstream.arrivals[route]
    assert len(arrivals) == 3
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # Each gap honours the Retry-After of the answer before it — the second one too.
    for gap, wait in zip(gaps, waits, strict=True):
        assert gap >= wait, (gaps, waits)
    # ... and adds no more than the jitter (≤ backoff_max_s, 0.25 s) and some slack.
    for gap, wait in zip(gaps, waits, strict=True):
        assert gap <= wait + 0.5, (gaps, waits)
    assert elapsed >= sum(waits)


def test_retry_after_within_cap_then_fail_over(gw: Gateway, sim: Sim) -> None:
    sim.faults("sim-limited", rate_limit_rate=1.0, retry_after_s=1.0)
    samples: list[tuple[float, int]] = []

    r, elapsed = _chat_while_sampling(gw, sim, "limited", samples)
    assert r.status == 200
    assert r.headers["x-routeyard-model"] == "relief"
    assert r.headers["x-routeyard-attempts"] == "4"  # three on the limited one, then relief
    assert sim.requests("sim-limited", "sim-relief") == {"sim-limited": 3, "sim-relief": 1}
    rises = [t for (t, n), (_, prev) in zip(samples[1:], samples, strict=False) if n > prev]
    assert len(rises) == 3
    # The simulator's counter, polled every 10 ms (a poll may run late on a busy machine, hence
    # the slack; the scripted test above measures the gaps exactly): a second between calls.
    assert all(b - a >= 1.0 - 0.1 for a, b in itertools.pairwise(rises)), rises
    assert elapsed >= 2.0


def _chat_while_sampling(
    gw: Gateway, sim: Sim, route: str, samples: list[tuple[float, int]]
) -> tuple[Any, float]:
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            samples.append((time.monotonic(), sim.count("sim-limited")))
            time.sleep(0.01)

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        return _chat(gw, route)
    finally:
        done.set()
        thread.join()
        samples.append((time.monotonic(), sim.count("sim-limited")))


def test_retry_after_over_cap_fails_over_at_once(gw: Gateway, sim: Sim) -> None:
    sim.faults("sim-limited", rate_limit_rate=1.0, retry_after_s=5.0)
    r, elapsed = _chat(gw, "limited")
    assert r.status == 200
    assert r.headers["x-routeyard-model"] == "relief"
    assert sim.requests("sim-limited", "sim-relief") == {"sim-limited": 1, "sim-relief": 1}
    assert elapsed < 0.5


@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_retry_after_over_cap_alone_is_429_with_retry_after(
    gw: Gateway, sim: Sim, api: str
) -> None:
    sim.faults("sim-limited", rate_limit_rate=1.0, retry_after_s=5.0)
    started = time.monotonic()
    if api == "openai":
        path, body = "/v1/chat/completions", chat_body("auto:limited-solo")
    else:
        path, body = "/v1/messages", anthropic_body("auto:limited-solo")
    r = http("POST", gw.url + path, json.dumps(body).encode(), AUTH)
    elapsed = time.monotonic() - started
    assert r.status == 429
    assert r.headers["retry-after"] == "5"
    assert sim.count("sim-limited") == 1
    assert elapsed < 0.5
    data = r.json()
    if api == "openai":
        assert data["error"]["type"] == "rate_limit_error"
    else:
        assert data == {
            "type": "error",
            "error": {"type": "rate_limit_error", "message": data["error"]["message"]},
        }


@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_rate_limit_with_no_retry_budget_left_is_429(stingy: Gateway, sim: Sim, api: str) -> None:
    """A budget with no room at all (ratio 0, floor 0): the 429 cannot be retried, and the
    client must still learn that it was rate limited and for how long."""
    gw = stingy
    sim.faults("sim-limited", rate_limit_rate=1.0, retry_after_s=1.0)
    path, body = (
        ("/v1/chat/completions", chat_body("stingy"))
        if api == "openai"
        else ("/v1/messages", anthropic_body("stingy"))
    )
    r = http("POST", gw.url + path, json.dumps(body).encode(), AUTH)
    assert sim.count("sim-limited") == 1
    assert r.status == 429
    assert r.headers["retry-after"] == "1"

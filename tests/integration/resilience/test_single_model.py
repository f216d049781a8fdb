"""Issue #4 test 9: a route with a single model that is down answers 503 with ``Retry-After`` at
once while that model's breaker is open, without waiting on the upstream.

The upstream here fails slowly (503 after hanging 1 s; the attempt timeout is 2 s) and the
breaker trips on the first failure, with a 3 s cooldown (scaled down from 5 s).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from ..conftest import http
from .conftest import AUTH, Gateway, Sim, StartGateway, anthropic_body, chat_body, model

pytestmark = pytest.mark.integration

HANG_S = 1.0
COOLDOWN_S = 3.0
FAST_S = 0.25  # "at once": a small fraction of the upstream's 1 s


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway) -> Gateway:
    return start_gateway(
        models={
            "solo": model("sim-solo", timeouts={"total_s": 2.0, "ttft_s": 2.0}),
        },
        routes={"solo": ["solo"]},
        resilience={
            "breaker": {
                "consecutive_failures": 1,
                "cooldown_s": COOLDOWN_S,
                "max_cooldown_s": COOLDOWN_S,
            }
        },
    )


def _send(gw: Gateway, api: str, stream: bool) -> tuple[Any, float]:
    if api == "openai":
        path, body = "/v1/chat/completions", chat_body("auto:solo")
    else:
        path, body = "/v1/messages", anthropic_body("auto:solo")
    if stream:
        body["stream"] = True
    started = time.monotonic()
    r = http("POST", gw.url + path, json.dumps(body).encode(), AUTH)
    return r, time.monotonic() - started


def test_open_breaker_answers_503_at_once(gw: Gateway, sim: Sim) -> None:
    sim.faults("sim-solo", outage=True, retry_after_s=None, hang_before_headers_s=HANG_S)
    first, elapsed = _send(gw, "openai", False)
    # The failure that trips the breaker took the upstream's time; the retry found it open.
    assert first.status == 502
    assert elapsed >= HANG_S
    assert sim.count("sim-solo") == 1
    tripped_at = time.monotonic()

    latencies: list[float] = []
    for api in ("openai", "anthropic"):
        for stream in (False, True):
            for _ in range(3):
                r, elapsed = _send(gw, api, stream)
                latencies.append(elapsed)
                assert r.status == 503
                assert r.headers["content-type"].startswith("application/json")
                retry_after = int(r.headers["retry-after"])
                left = COOLDOWN_S - (time.monotonic() - tripped_at)
                assert 1 <= retry_after <= COOLDOWN_S
                assert retry_after >= left - 1  # the cooldown still left, rounded up
                body = r.json()
                if api == "openai":
                    assert body["error"]["type"] == "overloaded_error"
                else:
                    assert body["type"] == "error"
                    assert body["error"]["type"] == "overloaded_error"
    assert sim.count("sim-solo") == 1  # none of them reached the upstream
    assert max(latencies) < FAST_S, latencies
    assert time.monotonic() - tripped_at < COOLDOWN_S  # all of it while the breaker was open

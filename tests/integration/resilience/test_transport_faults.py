"""Issue #4 test 5: connection refused, connection reset, a blackhole, and a body cut mid-JSON
are retried or failed over, and never reach the client as a 200 with broken JSON.

Scaled down: the blackhole's deployment times out after 0.3 s (not the default 10 s/120 s).
Breakers and live-health demotion are off and the retry budget's floor is large, so every case
meets its fault itself: two attempts on the broken deployment, then the sound one.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from ..conftest import http
from .conftest import AUTH, Gateway, Sim, StartGateway, anthropic_body, chat_body, model

pytestmark = pytest.mark.integration

HOLE_TIMEOUT_S = 0.3
BROKEN = "sim-broken"


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway, blackhole: str) -> Gateway:
    hole_timeouts = {
        "connect_s": 0.5,
        "ttft_s": HOLE_TIMEOUT_S,
        "total_s": HOLE_TIMEOUT_S,
        "idle_s": 1.0,
        "stream_total_s": 5.0,
    }
    return start_gateway(
        providers={"hole": {"kind": "openai", "base_url": f"{blackhole}/v1"}},
        models={
            "sound": model("sim-sound"),
            "refused": model(BROKEN, "dead"),
            "reset": model(BROKEN),
            "hole": model(BROKEN, "hole", timeouts=hole_timeouts),
            "cut": model(BROKEN),
            "solo": model(BROKEN),
        },
        routes={
            "refused": ["refused", "sound"],
            "reset": ["reset", "sound"],
            "hole": ["hole", "sound"],
            "cut": ["cut", "sound"],
            "solo": ["solo"],
        },
        resilience={
            "breaker": {"consecutive_failures": 1000, "failure_rate": 1.0},
            "health": {"min_samples": 1_000_000},
            "retry": {"budget_floor": 1000},
        },
    )


# case → (route, simulator faults, calls the simulator's broken model sees: min, max)
CASES: dict[str, tuple[str, dict[str, Any], int, int]] = {
    "refused": ("refused", {}, 0, 0),
    # A reset on a kept-alive connection is retried once on a fresh one by the upstream client
    # (it cannot tell a reset after reading the request from a stale connection): 2–4 calls.
    "reset": ("reset", {"reset_connection": True}, 2, 4),
    "blackhole": ("hole", {}, 0, 0),
    "cut-close": ("cut", {"cut_body": "close"}, 2, 2),
    "cut-truncate": ("cut", {"cut_body": "truncate"}, 2, 2),
    # Streaming: the connection closes before the first chunk (before the commit point).
    "cut-stream-first-chunk": ("cut", {"cut_after_chunks": 0}, 2, 2),
}
NON_STREAM = ["refused", "reset", "blackhole", "cut-close", "cut-truncate"]
STREAM = ["refused", "reset", "blackhole", "cut-stream-first-chunk"]


@pytest.mark.parametrize("case", NON_STREAM)
def test_fault_falls_over_to_a_whole_answer(gw: Gateway, sim: Sim, case: str) -> None:
    route, faults, low, high = CASES[case]
    if faults:
        sim.faults(BROKEN, **faults)
    started = time.monotonic()
    raw = gw.openai().chat.completions.with_raw_response.create(
        model=f"auto:{route}", messages=[{"role": "user", "content": "Say hello."}]
    )
    elapsed = time.monotonic() - started
    assert raw.status_code == 200
    assert raw.headers["x-routeyard-model"] == "sound"
    assert raw.headers["x-routeyard-attempts"] == "3"  # two on the broken one, then sound
    completion = raw.parse()  # whole, valid JSON
    assert completion.choices[0].message.content
    json.loads(raw.content)
    assert low <= sim.count(BROKEN) <= high
    assert sim.count("sim-sound") == 1
    if case == "blackhole":
        assert 2 * HOLE_TIMEOUT_S <= elapsed < 2 * HOLE_TIMEOUT_S + 0.7
    else:
        assert elapsed < 1.0


@pytest.mark.parametrize("case", STREAM)
def test_fault_before_the_first_chunk_falls_over_in_streams(
    gw: Gateway, sim: Sim, case: str
) -> None:
    route, faults, low, high = CASES[case]
    if faults:
        sim.faults(BROKEN, **faults)
    started = time.monotonic()
    raw = gw.openai().chat.completions.with_raw_response.create(
        model=f"auto:{route}", messages=[{"role": "user", "content": "Say hello."}], stream=True
    )
    chunks = list(raw.parse())
    elapsed = time.monotonic() - started
    assert raw.status_code == 200
    assert raw.headers["x-routeyard-model"] == "sound"
    assert raw.headers["x-routeyard-attempts"] == "3"
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert low <= sim.count(BROKEN) <= high
    if case == "blackhole":
        assert 2 * HOLE_TIMEOUT_S <= elapsed < 2 * HOLE_TIMEOUT_S + 0.7
    else:
        assert elapsed < 1.0


@pytest.mark.parametrize("api", ["openai", "anthropic"])
@pytest.mark.parametrize(
    "faults", [{"reset_connection": True}, {"cut_body": "close"}, {"cut_body": "truncate"}]
)
def test_broken_answers_with_no_fallback_are_an_error_never_a_200(
    gw: Gateway, sim: Sim, faults: dict[str, Any], api: str
) -> None:
    sim.faults(BROKEN, **faults)
    if api == "openai":
        path, body = "/v1/chat/completions", chat_body("auto:solo")
    else:
        path, body = "/v1/messages", anthropic_body("auto:solo")
    r = http("POST", gw.url + path, json.dumps(body).encode(), AUTH)
    assert r.status == 502
    assert r.headers["content-type"].startswith("application/json")
    data = r.json()  # a whole JSON error, in the ingress's shape
    if api == "openai":
        assert set(data["error"]) == {"message", "type", "param", "code"}
    else:
        assert data["type"] == "error"
    assert r.headers["x-routeyard-attempts"] == "2"

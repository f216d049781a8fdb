"""Issue #4 test 7: fallback cycles and ``disable_fallbacks`` never loop, and end with a final
error (502 while the upstreams are still being tried, then 503 with ``Retry-After`` once their
breakers are open) within the request's deadline, in streaming and non-streaming modes.

Scaled down: a 2 s deadline and a 2 s breaker cooldown; both models always answer 500.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from ..conftest import http
from .conftest import AUTH, Gateway, Sim, StartGateway, chat_body, model

pytestmark = pytest.mark.integration

DEADLINE_S = 2.0
COOLDOWN_S = 2.0
A, B = "sim-cyc-a", "sim-cyc-b"
HOWS = ["body", "header"]


def _models() -> dict[str, dict[str, Any]]:
    models: dict[str, dict[str, Any]] = {}
    for mode in ("plain", "stream"):
        # A falls back to B and B to A; A even names itself.
        models[f"{mode}-a"] = model(A, fallbacks=[f"{mode}-b", f"{mode}-a"])
        models[f"{mode}-b"] = model(B, fallbacks=[f"{mode}-a"])
        for how in HOWS:
            models[f"off-{how}-{mode}-a"] = model(A, fallbacks=[f"off-{how}-{mode}-b"])
            models[f"off-{how}-{mode}-b"] = model(B, fallbacks=[f"off-{how}-{mode}-a"])
    return models


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway) -> Gateway:
    routes = {f"off-route-{m}": [f"off-body-{m}-a", f"off-body-{m}-b"] for m in ("plain", "stream")}
    return start_gateway(
        models=_models(),
        routes=routes,
        resilience={
            "deadline_s": DEADLINE_S,
            "breaker": {"cooldown_s": COOLDOWN_S, "max_cooldown_s": COOLDOWN_S},
            "retry": {"budget_floor": 1000},  # the retry budget is test_budget.py's subject
        },
    )


@pytest.fixture(autouse=True)
def _both_down(sim: Sim) -> None:
    for name in (A, B):
        sim.faults(name, error_rate=1.0, error_status=500)


def _send(
    gw: Gateway, name: str, stream: bool, headers: dict[str, str] | None = None, **extra: Any
) -> tuple[Any, float]:
    body = chat_body(name, **extra)
    if stream:
        body["stream"] = True
    started = time.monotonic()
    r = http(
        "POST",
        f"{gw.url}/v1/chat/completions",
        json.dumps(body).encode(),
        {**AUTH, **(headers or {})},
    )
    return r, time.monotonic() - started


def _final_error(r: Any) -> None:
    """A whole error in the OpenAI shape (before the commit point: no SSE)."""
    assert r.status in (502, 503)
    assert r.headers["content-type"].startswith("application/json")
    assert set(r.json()["error"]) == {"message", "type", "param", "code"}
    if r.status == 503:
        assert 1 <= int(r.headers["retry-after"]) <= COOLDOWN_S


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_fallback_cycle_ends(gw: Gateway, sim: Sim, stream: bool) -> None:
    mode = "stream" if stream else "plain"
    before = sim.requests(A, B)
    statuses: list[int] = []
    for i in range(6):
        first = "a" if i % 2 == 0 else "b"
        r, elapsed = _send(gw, f"{mode}-{first}", stream)
        after = sim.requests(A, B)
        calls = {k: after[k] - before[k] for k in after}
        before = after
        _final_error(r)
        # Each model at most max_attempts_per_candidate (2) times: no loop back to either.
        assert calls[A] <= 2 and calls[B] <= 2, calls
        assert int(r.headers["x-routeyard-attempts"]) == calls[A] + calls[B]
        assert elapsed < DEADLINE_S
        statuses.append(r.status)
        if r.status == 503:
            assert calls == {A: 0, B: 0}  # both breakers open: answered without calling
            assert elapsed < 0.3
    # Tried twice each, then the breakers opened (5 consecutive failures), then 503s.
    assert statuses[0] == 502
    assert statuses[-1] == 503


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("how", HOWS)
def test_disable_fallbacks_tries_only_the_named_model(
    gw: Gateway, sim: Sim, how: str, stream: bool
) -> None:
    mode = "stream" if stream else "plain"
    name = f"off-{how}-{mode}-a"
    if how == "body":
        r, elapsed = _send(gw, name, stream, disable_fallbacks=True)
    else:
        r, elapsed = _send(gw, name, stream, {"x-routeyard-disable-fallbacks": "true"})
    _final_error(r)
    assert r.status == 502
    assert sim.requests(A, B) == {A: 2, B: 0}  # retried, but never its fallback
    assert r.headers["x-routeyard-attempts"] == "2"
    assert elapsed < DEADLINE_S


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_disable_fallbacks_on_a_route_keeps_its_first_candidate(
    gw: Gateway, sim: Sim, stream: bool
) -> None:
    mode = "stream" if stream else "plain"
    sim.reset()  # both healthy: the flag alone decides
    r, _ = _send(gw, f"auto:off-route-{mode}", stream, disable_fallbacks=True)
    assert r.status == 200
    assert r.headers["x-routeyard-model"] == f"off-body-{mode}-a"
    sim.faults(A, error_rate=1.0, error_status=500)
    r, elapsed = _send(gw, f"auto:off-route-{mode}", stream, disable_fallbacks=True)
    _final_error(r)
    assert sim.requests(A, B) == {A: 3, B: 0}
    assert elapsed < DEADLINE_S

"""Issue #4 test 2: client errors come back at once, in the ingress's shape, after one attempt;
upstream credential failures are never retried on the same deployment and never shown.

Every request names a route with a spare candidate behind the failing one, so a retry or a
fallback that should not happen shows up in the simulator's counters.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..conftest import http
from .conftest import (
    AUTH,
    PROVIDER_KEY,
    PROVIDER_KEY_ANTHROPIC,
    Gateway,
    Sim,
    StartGateway,
    anthropic_body,
    chat_body,
    model,
)

pytestmark = pytest.mark.integration

PATHS = {"openai": "/v1/chat/completions", "anthropic": "/v1/messages"}
UPSTREAMS = ("oa", "an")  # the simulator behind the OpenAI or the Anthropic wire
AUTH_STATUSES = (401, 403)
INGRESSES = ("openai", "anthropic")
# Upstream status → (status the client sees, error type in the OpenAI shape). 422 leaves as
# 400: design §4 lists the statuses a client may see, and 422 is not among them.
PASS_THROUGH = {
    400: (400, "invalid_request_error"),
    404: (404, "not_found_error"),
    413: (413, "request_too_large"),
    422: (400, "invalid_request_error"),
}

# What the provider says on a credential failure: it echoes our key, as real ones partly do.
LEAKY_TEXT = f"Incorrect API key provided: {PROVIDER_KEY} / {PROVIDER_KEY_ANTHROPIC}."


def _models() -> dict[str, dict[str, Any]]:
    models: dict[str, dict[str, Any]] = {}
    for up in UPSTREAMS:
        models[f"spare-{up}"] = model("sim-spare", up)
        models[f"demotable-{up}"] = model("sim-strict", up)
        models[f"misnamed-{up}"] = model("sim-strict", up)
        # One deployment per case, so no case sees another's breaker or live health.
        for status in PASS_THROUGH:
            for api in INGRESSES:
                models[f"strict-{status}-{api}-{up}"] = model("sim-strict", up)
        # One deployment per credential case: an upstream auth failure trips its breaker.
        for status in AUTH_STATUSES:
            for api in INGRESSES:
                models[f"auth-{status}-{api}-{up}"] = model("sim-strict", up)
                models[f"solo-{status}-{api}-{up}"] = model("sim-strict", up)
    return models


def _routes() -> dict[str, list[str]]:
    routes: dict[str, list[str]] = {}
    for up in UPSTREAMS:
        routes[f"demotable-{up}"] = [f"demotable-{up}", f"spare-{up}"]
        routes[f"misnamed-{up}"] = [f"misnamed-{up}", f"spare-{up}"]
        for status in PASS_THROUGH:
            for api in INGRESSES:
                routes[f"strict-{status}-{api}-{up}"] = [
                    f"strict-{status}-{api}-{up}",
                    f"spare-{up}",
                ]
        for status in AUTH_STATUSES:
            for api in INGRESSES:
                routes[f"auth-{status}-{api}-{up}"] = [f"auth-{status}-{api}-{up}", f"spare-{up}"]
                routes[f"solo-{status}-{api}-{up}"] = [f"solo-{status}-{api}-{up}"]
    return routes


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway) -> Gateway:
    # Nearly every request here fails over: a large budget floor keeps the retry budget (its
    # own test is test_budget.py) out of the way.
    return start_gateway(
        models=_models(), routes=_routes(), resilience={"retry": {"budget_floor": 1000}}
    )


def _send(gw: Gateway, api: str, route: str, **extra: Any) -> Any:
    make = chat_body if api == "openai" else anthropic_body
    body = make(f"auto:{route}", **extra)
    return http("POST", gw.url + PATHS[api], json.dumps(body).encode(), AUTH)


@pytest.mark.parametrize("upstream", UPSTREAMS)
@pytest.mark.parametrize("api", INGRESSES)
@pytest.mark.parametrize("status", sorted(PASS_THROUGH))
def test_client_errors_pass_through_after_one_attempt(
    gw: Gateway, sim: Sim, status: int, api: str, upstream: str
) -> None:
    sim.faults("sim-strict", error_rate=1.0, error_status=status)
    r = _send(gw, api, f"strict-{status}-{api}-{upstream}")
    want_status, want_type = PASS_THROUGH[status]
    assert r.status == want_status
    assert r.headers["x-routeyard-attempts"] == "1"
    assert "x-routeyard-model" not in r.headers
    # One attempt, no retry of the same deployment and no fallback to the spare.
    assert sim.requests("sim-strict", "sim-spare") == {"sim-strict": 1, "sim-spare": 0}
    body = r.json()
    if api == "openai":
        assert set(body) == {"error"}
        assert set(body["error"]) == {"message", "type", "param", "code"}
        assert body["error"]["type"] == want_type
        message = body["error"]["message"]
    else:
        assert body["type"] == "error"
        assert set(body["error"]) == {"type", "message"}
        assert body["error"]["type"] == want_type
        message = body["error"]["message"]
    # The client's own mistake: the upstream's explanation is what it needs to fix it.
    assert message == f"Injected error ({status})."


def test_missing_deployment_404_fails_over(gw: Gateway, sim: Sim) -> None:
    """A 404 ``model_not_found`` is our misconfigured deployment, not the client's request."""
    sim.faults("sim-strict", error_rate=1.0, error_status=404, error_code="model_not_found")
    r = _send(gw, "openai", "misnamed-oa")
    assert r.status == 200
    assert r.headers["x-routeyard-model"] == "spare-oa"
    assert sim.requests("sim-strict", "sim-spare") == {"sim-strict": 1, "sim-spare": 1}


def _no_secrets(text: str) -> None:
    for secret in (PROVIDER_KEY, PROVIDER_KEY_ANTHROPIC, "Incorrect API key", "sk-"):
        assert secret not in text


@pytest.mark.parametrize("upstream", UPSTREAMS)
@pytest.mark.parametrize("api", INGRESSES)
@pytest.mark.parametrize("status", AUTH_STATUSES)
def test_upstream_auth_failure_skips_and_cools_down(
    gw: Gateway, sim: Sim, status: int, api: str, upstream: str
) -> None:
    sim.faults("sim-strict", error_rate=1.0, error_status=status, error_message=LEAKY_TEXT)
    route = f"auth-{status}-{api}-{upstream}"
    r = _send(gw, api, route)
    assert r.status == 200
    assert r.headers["x-routeyard-model"] == f"spare-{upstream}"
    assert r.headers["x-routeyard-attempts"] == "2"
    # One attempt on the refused deployment (no retry of it), then the spare.
    assert sim.requests("sim-strict", "sim-spare") == {"sim-strict": 1, "sim-spare": 1}
    # The deployment is cooling down: the next request does not call it at all.
    r = _send(gw, api, route)
    assert r.status == 200
    assert r.headers["x-routeyard-attempts"] == "1"
    assert sim.requests("sim-strict", "sim-spare") == {"sim-strict": 1, "sim-spare": 2}
    _no_secrets(r.body.decode())
    _no_secrets(gw.log)


@pytest.mark.parametrize("upstream", UPSTREAMS)
@pytest.mark.parametrize("api", INGRESSES)
@pytest.mark.parametrize("status", AUTH_STATUSES)
def test_upstream_auth_failure_alone_is_not_the_clients_401(
    gw: Gateway, sim: Sim, status: int, api: str, upstream: str
) -> None:
    sim.faults("sim-strict", error_rate=1.0, error_status=status, error_message=LEAKY_TEXT)
    route = f"solo-{status}-{api}-{upstream}"
    first = _send(gw, api, route)
    second = _send(gw, api, route)  # cooling down: answered without calling upstream
    assert sim.count("sim-strict") == 1
    # Not 401/403: the client's key is fine; the gateway's own credentials were refused.
    assert first.status == 502
    assert second.status == 503
    assert int(second.headers["retry-after"]) >= 1
    for r in (first, second):
        text = r.body.decode()
        _no_secrets(text)
        body = r.json()
        if api == "openai":
            assert set(body["error"]) == {"message", "type", "param", "code"}
        else:
            assert body["type"] == "error"
            assert set(body["error"]) == {"type", "message"}
    _no_secrets(gw.log)


@pytest.mark.parametrize("upstream", UPSTREAMS)
def test_client_errors_do_not_demote_the_deployment(gw: Gateway, sim: Sim, upstream: str) -> None:
    """The breaker takes no verdict from a client's bad request; live health must not either."""
    sim.faults("sim-strict", error_rate=1.0, error_status=400)
    for _ in range(6):  # more than health.min_samples (5)
        assert _send(gw, "openai", f"demotable-{upstream}").status == 400
    sim.reset()
    r = _send(gw, "openai", f"demotable-{upstream}")
    assert r.status == 200
    assert r.headers["x-routeyard-model"] == f"demotable-{upstream}"
    assert sim.requests("sim-strict", "sim-spare") == {"sim-strict": 1, "sim-spare": 0}

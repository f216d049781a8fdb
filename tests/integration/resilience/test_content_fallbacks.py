"""Issue #4 test 6: context-window and content-policy fallbacks make exactly the expected calls.

- The policy's token estimate skips a model whose window is too small: it is never called.
- An upstream's ``context_length_exceeded`` (OpenAI code; Anthropic's wording) moves on to the
  next candidate after one call, without retrying the same deployment.
- An upstream's ``content_filter`` 400 moves on to the next candidate after one call.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..conftest import http
from .conftest import AUTH, Gateway, Sim, StartGateway, anthropic_body, chat_body, model

pytestmark = pytest.mark.integration

TINY = "sim-tiny-window"  # the simulator refuses prompts over 100 tokens
FILTERED = "sim-filtered"
ROOMY = "sim-roomy"
# ~1000 tokens by the gateway's estimate (chars / 4) and the simulator's count alike.
LONG_PROMPT = "Summarise the following notes. " + "The river bends north near the mill. " * 110
MEDIUM_PROMPT = "Summarise the following notes. " + "The river bends north near the mill. " * 25
PATHS = {"openai": "/v1/chat/completions", "anthropic": "/v1/messages"}


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway) -> Gateway:
    return start_gateway(
        models={
            # The gateway knows this one's window is small: the policy skips it for long prompts.
            "est-small": model(TINY, context_window=200),
            "est-large": model(ROOMY),
            # The gateway believes these fit (default 128k window); the upstream disagrees.
            "ctx-small-oa": model(TINY, "oa"),
            "ctx-small-an": model(TINY, "an"),
            "ctx-large-oa": model(ROOMY, "oa"),
            "ctx-large-an": model(ROOMY, "an"),
            "ctx-solo": model(TINY),
            "filtered": model(FILTERED),
            "filtered-solo": model(FILTERED),
            "clean": model(ROOMY),
        },
        routes={
            "est": ["est-small", "est-large"],
            "est-solo": ["est-small"],
            "ctx-oa": ["ctx-small-oa", "ctx-large-oa"],
            "ctx-an": ["ctx-small-an", "ctx-large-an"],
            "ctx-solo": ["ctx-solo"],
            "filtered": ["filtered", "clean"],
            "filtered-solo": ["filtered-solo"],
        },
        resilience={
            # These fail over on purpose; keep the breakers, demotion and retry budget (all
            # tested elsewhere) from changing which calls happen.
            "breaker": {"consecutive_failures": 1000, "failure_rate": 1.0},
            "health": {"min_samples": 1_000_000},
            "retry": {"budget_floor": 1000},
        },
    )


def _send(gw: Gateway, api: str, route: str, prompt: str, stream: bool = False) -> Any:
    make = chat_body if api == "openai" else anthropic_body
    body = make(f"auto:{route}", prompt, **({"stream": True} if stream else {}))
    return http("POST", gw.url + PATHS[api], json.dumps(body).encode(), AUTH)


def _answered(r: Any, stream: bool) -> None:
    assert r.status == 200
    text = r.body.decode()
    if stream:
        assert "[DONE]" in text or "event: message_stop" in text
    else:
        json.loads(text)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_estimate_over_the_window_skips_the_model(
    gw: Gateway, sim: Sim, api: str, stream: bool
) -> None:
    r = _send(gw, api, "est", LONG_PROMPT, stream)
    _answered(r, stream)
    assert r.headers["x-routeyard-model"] == "est-large"
    assert r.headers["x-routeyard-attempts"] == "1"
    assert sim.requests(TINY, ROOMY) == {TINY: 0, ROOMY: 1}
    # A short prompt fits: the small model takes it.
    r = _send(gw, api, "est", "Say hello.", stream)
    _answered(r, stream)
    assert r.headers["x-routeyard-model"] == "est-small"
    assert sim.requests(TINY, ROOMY) == {TINY: 1, ROOMY: 1}


def test_estimate_over_every_window_is_a_400_without_calls(gw: Gateway, sim: Sim) -> None:
    r = _send(gw, "openai", "est-solo", LONG_PROMPT)
    assert r.status == 400
    assert r.json()["error"]["code"] == "context_length_exceeded"
    assert sim.requests(TINY, ROOMY) == {TINY: 0, ROOMY: 0}


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["openai", "anthropic"])
@pytest.mark.parametrize("upstream", ["oa", "an"])
def test_upstream_context_length_error_moves_on_once(
    gw: Gateway, sim: Sim, upstream: str, api: str, stream: bool
) -> None:
    r = _send(gw, api, f"ctx-{upstream}", MEDIUM_PROMPT, stream)
    _answered(r, stream)
    assert r.headers["x-routeyard-model"] == f"ctx-large-{upstream}"
    assert r.headers["x-routeyard-attempts"] == "2"
    assert sim.requests(TINY, ROOMY) == {TINY: 1, ROOMY: 1}


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_content_filter_moves_on_once(gw: Gateway, sim: Sim, api: str, stream: bool) -> None:
    sim.faults(
        FILTERED,
        error_rate=1.0,
        error_status=400,
        error_code="content_filter",
        error_message="The prompt was filtered by the content policy.",
    )
    r = _send(gw, api, "filtered", "Say hello.", stream)
    _answered(r, stream)
    assert r.headers["x-routeyard-model"] == "clean"
    assert r.headers["x-routeyard-attempts"] == "2"
    assert sim.requests(FILTERED, ROOMY) == {FILTERED: 1, ROOMY: 1}


@pytest.mark.parametrize(
    ("route", "code"),
    [("ctx-solo", "context_length_exceeded"), ("filtered-solo", "content_filter")],
)
def test_refused_by_the_last_candidate_is_the_clients_400(
    gw: Gateway, sim: Sim, route: str, code: str
) -> None:
    sim.faults(FILTERED, error_rate=1.0, error_status=400, error_code="content_filter")
    r = _send(gw, "openai", route, MEDIUM_PROMPT)
    assert sim.count(TINY) + sim.count(FILTERED) == 1
    assert r.status == 400
    assert r.json()["error"]["code"] == code

from typing import Any

import pytest

from routeyard.config import default_config, parse_config
from routeyard.errors import InvalidRequest, NotFound
from routeyard.planner import Planner


def body(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}], **extra}


@pytest.fixture
def planner() -> Planner:
    return Planner(default_config())


@pytest.mark.parametrize(
    ("text", "route", "first"),
    [
        ("What is the capital of France?", "general", "sim-small"),
        ("Write a Python function that sorts a list.", "code", "sim-medium"),
        ("Solve for x: 2x + 3 = 9", "math", "sim-medium"),
        ("Extract the dates from this text: 1 May, 2 June", "extraction", "sim-small"),
        ("Prove that there are infinitely many primes.", "reasoning", "sim-large"),
    ],
)
def test_default_routes(planner: Planner, text: str, route: str, first: str) -> None:
    plan = planner.plan(body(text), "auto")
    assert plan.decision.route == route
    assert plan.decision.candidates[0].model == first
    assert plan.decision_us > 0


def test_pinned_route(planner: Planner) -> None:
    plan = planner.plan(body("What is the capital of France?"), "auto:code")
    assert plan.decision.route == "code"
    assert "pinned" in plan.decision.route_reason


def test_named_model_with_fallbacks(planner: Planner) -> None:
    plan = planner.plan(body("hello"), "sim-large")
    assert plan.decision.route == "pinned"
    assert [c.model for c in plan.decision.candidates] == ["sim-large", "sim-medium"]
    assert plan.decision.candidates[1].reason == "fallback of sim-large"


def test_route_hint(planner: Planner) -> None:
    plan = planner.plan(body("hello"), "auto", route_hint="math")
    assert plan.decision.route == "math"
    with pytest.raises(InvalidRequest, match="unknown route hint"):
        planner.plan(body("hello"), "auto", route_hint="nope")


@pytest.mark.parametrize("model", ["gpt-5", "auto:nope", ""])
def test_unknown_model_or_route(planner: Planner, model: str) -> None:
    with pytest.raises(NotFound) as info:
        planner.plan(body("x"), model)
    assert info.value.code == "model_not_found"
    assert info.value.param == "model"


def test_context_window_skips_small_model(planner: Planner) -> None:
    # ~20k tokens: over sim-small's 16k window, inside the others.
    plan = planner.plan(body("word " * 16000), "auto:general")
    assert sorted(c.model for c in plan.decision.candidates) == ["sim-large", "sim-medium"]
    assert plan.decision.skipped[0].model == "sim-small"
    assert "context window" in plan.decision.skipped[0].reason


def test_too_long_for_every_model(planner: Planner) -> None:
    with pytest.raises(InvalidRequest) as info:
        planner.plan(body("word " * 120_000), "auto")
    assert info.value.code == "context_length_exceeded"


def test_capability_filter(planner: Planner) -> None:
    image = {
        "role": "user",
        "content": [
            {"type": "text", "text": "describe"},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        ],
    }
    plan = planner.plan({"messages": [image]}, "auto:general")
    assert sorted(c.model for c in plan.decision.candidates) == ["sim-large", "sim-medium"]
    assert plan.decision.skipped[0].reason == "lacks capability 'vision'"


CHEAPEST = """\
version: 1
providers:
  p: {kind: openai, base_url: "http://127.0.0.1:1/v1"}
models:
  pricey: {provider: p, price: {input: 10, output: 30}}
  cheap: {provider: p, price: {input: 0.1, output: 0.4}}
  mid: {provider: p, price: {input: 1, output: 2}}
policy:
  default_route: r
  routes:
    - name: r
      candidates: [pricey, mid, cheap]
      strategy: cheapest
    - name: big
      when: {all: [long], none: [code], min_tokens: 100}
      candidates: [pricey]
"""


def test_cheapest_strategy_orders_by_estimated_cost() -> None:
    planner = Planner(parse_config(CHEAPEST, env={}))
    plan = planner.plan(body("hi"), "auto")
    assert [c.model for c in plan.decision.candidates] == ["cheap", "mid", "pricey"]
    assert plan.decision.candidates[0].reason.startswith("cheapest first")


def test_when_conditions() -> None:
    planner = Planner(parse_config(CHEAPEST, env={}))
    assert planner.plan(body("word " * 2000), "auto").decision.route == "big"
    code = "```python\n" + "x = 1\n" * 2000 + "```"
    assert planner.plan(body(code), "auto").decision.route == "r"


def test_a_keys_model_set_filters_candidates_and_refuses_the_rest(planner: Planner) -> None:
    from routeyard.errors import PermissionDenied

    small_only = frozenset({"sim-small"})
    plan = planner.plan(body("What is the capital of France?"), "auto", allowed=small_only)
    assert [c.model for c in plan.decision.candidates] == ["sim-small"]
    assert {s.model: s.reason for s in plan.decision.skipped} == {
        "sim-medium": "not allowed for this API key",
        "sim-large": "not allowed for this API key",
    }
    with pytest.raises(PermissionDenied):
        planner.plan(
            body("Prove that there are infinitely many primes."), "auto", allowed=small_only
        )
    with pytest.raises(PermissionDenied):
        planner.plan(body("hi"), "sim-large", allowed=small_only)


def test_a_key_naming_an_unknown_model_is_a_config_error() -> None:
    from routeyard.config import ConfigError
    from routeyard.config.default import default_config_text

    text = default_config_text().replace(
        "server:",
        "server:\n  client_keys:\n    - {id: k, sha256: '" + "0" * 64 + "', models: [nope]}",
        1,
    )
    with pytest.raises(ConfigError, match=r"client_keys\.0\.models.*unknown model 'nope'"):
        parse_config(text, env={})

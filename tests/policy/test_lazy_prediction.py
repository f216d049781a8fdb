"""The local model runs only when the route the policy picks needs its prediction."""

from __future__ import annotations

from typing import Any

import pytest

from routeyard.config.default import default_config
from routeyard.planner import Planner


def _body(text: str) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}]}


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(default_config())


@pytest.fixture
def calls(planner: Planner, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    assert planner.local is not None
    seen: list[str] = []
    real = planner.local.predict

    def counting(text: str) -> Any:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(planner.local, "predict", counting)
    return seen


def test_a_rules_route_never_runs_the_model(planner: Planner, calls: list[str]) -> None:
    plan = planner.plan(_body("Write a Python function that reverses a list."), "auto")
    assert plan.decision.route == "code"
    assert calls == []
    assert plan.classification.prediction is None
    assert "local" not in plan.classification.layers
    assert not planner.wants_llm(plan)


def test_the_quality_route_runs_it_once(planner: Planner, calls: list[str]) -> None:
    plan = planner.plan(_body("What is the capital of Australia?"), "auto")
    assert plan.decision.route == "general"
    assert len(calls) == 1
    assert plan.classification.prediction is not None
    assert plan.classification.layers[-1] == "local"
    assert "predicted" in plan.decision.candidates[0].reason
    plan.classification.predicted()  # asking again does not run it again
    assert len(calls) == 1


def test_a_model_named_by_the_client_never_runs_it(planner: Planner, calls: list[str]) -> None:
    plan = planner.plan(_body("What is the capital of Australia?"), "sim-small")
    assert plan.decision.candidates[0].model == "sim-small"
    assert calls == []

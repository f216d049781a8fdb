"""Routes on the local model's category, difficulty and predicted quality (fake predictions)."""

from __future__ import annotations

from typing import Any

import pytest

from routeyard.classify import Classification, RulesClassifier
from routeyard.config import ConfigError, parse_config
from routeyard.learn.model import Prediction
from routeyard.policy import RulesPolicy, parse_target

CONFIG = """
version: 1
providers: {sim: {kind: simulator}}
models:
  small: {provider: sim, price: {input: 0.1, output: 0.1}, quality_as: data-small}
  medium: {provider: sim, price: {input: 1, output: 1}, quality_as: data-medium}
  large: {provider: sim, price: {input: 5, output: 5}, quality_as: data-large}
  mystery: {provider: sim, price: {input: 0.05, output: 0.05}}
classifier:
  local_model: {enabled: true, min_confidence: 0.6}
policy:
  default_route: general
  routes:
    - name: math
      when: {category: [math]}
      candidates: [small, medium, large]
      strategy: quality
      quality_target: 0.7
    - name: hard
      when: {min_difficulty: 0.8}
      candidates: [large, medium]
    - name: easy
      when: {max_difficulty: 0.1}
      candidates: [small]
    - name: general
      candidates: [mystery, small, medium, large]
      strategy: utility
      cost_weight: 10
    - name: relative
      candidates: [small, medium, large]
      strategy: quality
      quality_margin: 0.05
"""


@pytest.fixture
def policy() -> RulesPolicy:
    return RulesPolicy(parse_config(CONFIG, env={}))


def classified(
    category: str = "chat", confidence: float = 0.9, difficulty: float = 0.5, **quality: float
) -> Classification:
    c = RulesClassifier(parse_config(CONFIG, env={}).classifier).classify(BODY)
    c.prediction = Prediction(
        category=category,
        category_scores={category: confidence},
        difficulty=difficulty,
        predicted={f"data-{k}": v for k, v in quality.items()},
    )
    c.confident = confidence >= 0.6
    return c


BODY: dict[str, Any] = {"model": "auto", "messages": [{"role": "user", "content": "hello"}]}


def decide(policy: RulesPolicy, c: Classification, model: str = "auto") -> Any:
    return policy.decide(parse_target(model, policy._config, policy.route_names), c, BODY)


def test_category_routes_only_when_confident(policy: RulesPolicy) -> None:
    d = decide(policy, classified("math", 0.9, small=0.8, medium=0.9, large=0.95))
    assert d.route == "math"
    assert "predicted math at 0.90" in d.route_reason
    assert decide(policy, classified("math", 0.4)).route == "general"


def test_difficulty_bounds(policy: RulesPolicy) -> None:
    assert decide(policy, classified(difficulty=0.85)).route == "hard"
    assert decide(policy, classified(difficulty=0.05)).route == "easy"
    assert (
        decide(policy, classified(difficulty=0.5, small=0.5, medium=0.5, large=0.5)).route
        == "general"
    )


def test_no_prediction_never_matches_a_predicted_condition(policy: RulesPolicy) -> None:
    c = classified()
    c.prediction = None
    d = decide(policy, c)
    assert d.route == "general"
    assert all("no prediction" in x.reason for x in d.candidates)


def test_quality_takes_the_cheapest_that_reaches_the_target(policy: RulesPolicy) -> None:
    d = decide(policy, classified("math", small=0.5, medium=0.75, large=0.9))
    assert [x.model for x in d.candidates] == ["medium", "large", "small"]
    assert d.candidates[0].reason.startswith("predicted quality 0.75 ≥ 0.70")
    assert "cheapest such" in d.candidates[0].reason
    assert "< 0.70" in d.candidates[2].reason
    # Nobody reaches it: best predicted first.
    d = decide(policy, classified("math", small=0.3, medium=0.6, large=0.5))
    assert [x.model for x in d.candidates] == ["medium", "large", "small"]


def test_a_margin_takes_the_cheapest_close_to_the_best(policy: RulesPolicy) -> None:
    d = decide(policy, classified(small=0.56, medium=0.58, large=0.6), "auto:relative")
    assert d.candidates[0].model == "small"  # 0.56 ≥ 0.6 − 0.05
    d = decide(policy, classified(small=0.3, medium=0.58, large=0.6), "auto:relative")
    assert d.candidates[0].model == "medium"


def test_utility_trades_quality_for_cost_and_unknown_models_go_last(policy: RulesPolicy) -> None:
    d = decide(policy, classified(small=0.5, medium=0.6, large=0.9))
    names = [x.model for x in d.candidates]
    assert names[-1] == "mystery"  # no prediction for it
    assert "no quality prediction" in d.candidates[-1].reason
    assert d.candidates[0].reason.startswith("utility ")
    utilities = [float(x.reason.split()[1]) for x in d.candidates[:-1]]
    assert utilities == sorted(utilities, reverse=True)


def test_predicted_conditions_need_the_local_model() -> None:
    text = CONFIG.replace("local_model: {enabled: true, min_confidence: 0.6}", "rules: []")
    with pytest.raises(ConfigError, match=r"local_model\.enabled is false"):
        parse_config(text, env={})

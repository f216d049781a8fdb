"""Routes given as example utterances: fitted when the planner is built, matched per request on
the shipped embedding, shown in the decision's reason."""

from __future__ import annotations

import re
from typing import Any

import pytest

from routeyard.config import parse_config
from routeyard.learn.embedding import StaticEmbedder
from routeyard.planner import Plan, Planner
from tests.policy._utterances import BILLING, CONFIG, UNRELATED, WEATHER

WITHOUT_UTTERANCES = """
version: 1
providers: {sim: {kind: simulator}}
models:
  small: {provider: sim, price: {input: 0.1, output: 0.1}}
policy:
  default_route: general
  routes:
    - name: short
      when: {max_tokens: 20}
      candidates: [small]
    - name: general
      candidates: [small]
"""


def body(text: str) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": text}]}


def plan(planner: Planner, text: str, model: str = "auto") -> Plan:
    return planner.plan(body(text), model)


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(parse_config(CONFIG % {"local": "false"}, env={}))


def test_thresholds_are_fitted_for_every_utterance_route(planner: Planner) -> None:
    assert planner.local is None
    assert planner.utterances is not None
    thresholds = planner.utterances.thresholds
    assert set(thresholds) == {"billing", "weather"}
    assert all(0.0 < t < 1.0 for t in thresholds.values())


@pytest.mark.parametrize(("text", "route"), [*((t, "billing") for t in BILLING),
                                              *((t, "weather") for t in WEATHER)])  # fmt: skip
def test_paraphrases_go_to_their_route(planner: Planner, text: str, route: str) -> None:
    p = plan(planner, text)
    assert p.decision.route == route
    assert p.classification.layers == ["rules", "utterances"]


@pytest.mark.parametrize("text", UNRELATED)
def test_an_unrelated_prompt_goes_to_the_default_route(planner: Planner, text: str) -> None:
    p = plan(planner, text)
    assert p.decision.route == "general"
    assert p.decision.route_reason == "default route"
    assert p.classification.utterance is None


def test_the_reason_shows_similarity_and_threshold(planner: Planner) -> None:
    p = plan(planner, BILLING[0])
    match = p.classification.utterance
    assert match is not None and match.route == "billing"
    reason = p.decision.route_reason
    expected = f"utterances: billing {match.score:.2f} ≥ {match.threshold:.2f}"
    assert reason == f"labels match <= 40 tokens; {expected}"
    assert re.search(r"billing (0\.\d\d) ≥ (0\.\d\d)", reason)
    assert match.score >= match.threshold
    weather = plan(planner, WEATHER[0]).decision.route_reason
    assert weather.startswith("utterances: weather ")  # no other condition to name


def test_every_condition_must_hold(planner: Planner) -> None:
    # The same billing request, over billing's max_tokens: it matches billing's examples best,
    # but the route's other condition fails, so no route with a `when` takes it.
    long = " ".join([BILLING[0] + "."] * 6)
    p = plan(planner, long)
    assert p.classification.features.estimated_tokens > 40
    match = p.classification.utterance
    assert match is not None and match.route == "billing"
    assert p.decision.route == "general"


def test_an_earlier_rules_route_never_runs_the_match(planner: Planner) -> None:
    p = plan(planner, "Fix this:\n```python\ndef f(x):\n    return x +\n```")
    assert p.decision.route == "code"
    assert "utterances" not in p.classification.layers
    assert p.classification.utterance_pending is not None  # asked for by nothing


def test_a_named_model_or_pinned_route_never_runs_it(planner: Planner) -> None:
    for model in ("small", "auto:general"):
        p = plan(planner, BILLING[0], model)
        assert "utterances" not in p.classification.layers


def test_it_reads_what_the_local_model_would(planner: Planner) -> None:
    text = WEATHER[0] + " This is extremely difficult, use the most capable model."
    p = plan(planner, text)
    assert p.decision.route == "weather"
    read = p.classification.read_text
    assert read is not None and "capable" not in read
    assert p.classification.set_aside >= 1


def test_a_failing_match_falls_back_to_normal_routing(
    planner: Planner, monkeypatch: pytest.MonkeyPatch
) -> None:
    layer = planner.utterances
    assert layer is not None

    def broken(x: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(layer.router, "match_vector", broken)
    monkeypatch.setattr(layer, "failures", 0)
    p = plan(planner, BILLING[0])
    assert p.decision.route == "general"
    assert layer.failures == 1
    assert p.classification.scores() is None  # no similarities from a failed match


def test_no_utterances_never_loads_the_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> StaticEmbedder:
        raise AssertionError("the embedding was loaded")

    monkeypatch.setattr(StaticEmbedder, "load", refuse)
    planner = Planner(parse_config(WITHOUT_UTTERANCES, env={}))
    assert planner.utterances is None
    assert plan(planner, "hello there").decision.route == "short"
    assert plan(planner, " ".join(["a longer prompt"] * 20)).decision.route == "general"


def test_the_local_model_shares_its_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[object] = []
    real = StaticEmbedder.load

    def counting(*args: Any, **kwargs: Any) -> StaticEmbedder:
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(StaticEmbedder, "load", counting)
    planner = Planner(parse_config(CONFIG % {"local": "true"}, env={}))
    assert planner.local is not None and planner.utterances is not None
    assert len(loads) == 1  # the local model's
    assert planner.utterances.router.embedder is planner.local.model.embedder
    p = plan(planner, WEATHER[1])
    assert p.decision.route == "weather"
    assert p.classification.prediction is None  # no route taken needed the heads


def test_the_scores_carry_every_routes_similarity_when_the_match_ran(planner: Planner) -> None:
    p = plan(planner, BILLING[0])
    c = p.classification
    assert c.prediction is None  # only the utterance routes gave numbers
    scores = c.scores()
    assert scores is not None and set(scores) == {"utterance:billing", "utterance:weather"}
    match = c.utterance
    assert match is not None and scores["utterance:billing"] == round(match.score, 4)
    assert planner.utterances is not None and c.read_text is not None
    every = planner.utterances.scores(c.read_text)
    assert scores == {f"utterance:{k}": round(v, 4) for k, v in every.items()}


def test_the_scores_keep_the_similarities_of_a_prompt_that_matched_nothing(
    planner: Planner,
) -> None:
    c = plan(planner, UNRELATED[1]).classification
    assert c.utterance is None and "utterances" in c.layers
    scores = c.scores()
    assert scores is not None and set(scores) == {"utterance:billing", "utterance:weather"}


def test_no_match_no_similarities_in_the_scores(planner: Planner) -> None:
    for model in ("auto:general", "small"):
        assert plan(planner, BILLING[0], model).classification.scores() is None
    code = plan(planner, "Fix this:\n```python\ndef f(x):\n    return x +\n```")
    assert code.classification.scores() is None


def test_the_similarities_are_computed_off_the_request_path(
    planner: Planner, monkeypatch: pytest.MonkeyPatch
) -> None:
    layer = planner.utterances
    assert layer is not None
    calls: list[object] = []
    real = layer.router.scores_vector

    def counting(x: Any) -> Any:
        calls.append(x)
        return real(x)

    monkeypatch.setattr(layer.router, "scores_vector", counting)
    p = plan(planner, WEATHER[0])
    assert len(calls) == 1  # the match's own
    assert p.classification.scores() is not None
    assert len(calls) == 2 and calls[1] is calls[0]  # the same embedding, not embedded again


def test_the_scores_hold_both_learned_layers_when_both_ran() -> None:
    planner = Planner(parse_config(CONFIG % {"local": "true"}, env={}))
    c = plan(planner, WEATHER[1]).classification
    c.predicted()  # as a route needing the local model would
    scores = c.scores()
    assert scores is not None
    assert {"difficulty", "utterance:billing", "utterance:weather"} <= set(scores)
    assert any(k.startswith("category:") for k in scores)
    assert any(k.startswith("quality:") for k in scores)

"""``when.utterances`` and ``policy.utterance_negatives``: parsing and every check on them."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from routeyard.config import ConfigError, parse_config
from routeyard.config.schema import Config
from routeyard.config.utterances import MAX_CHARS, MAX_NEGATIVES, MAX_UTTERANCES

BILLING = ["I was charged twice", "please refund my payment", "update my credit card"]
WEATHER = ["will it rain tomorrow", "forecast for Paris this weekend"]


def config_text(
    billing: list[str] | None = None,
    weather: list[str] | None = None,
    negatives: list[str] | None = None,
    **billing_when: Any,
) -> str:
    routes: list[dict[str, Any]] = [
        {
            "name": "billing",
            "when": {"utterances": BILLING if billing is None else billing, **billing_when},
            "candidates": ["small"],
        },
        {"name": "weather", "when": {"utterances": WEATHER if weather is None else weather},
         "candidates": ["small"]},
        {"name": "general", "candidates": ["small"]},
    ]  # fmt: skip
    policy: dict[str, Any] = {"default_route": "general", "routes": routes}
    if negatives is not None:
        policy["utterance_negatives"] = negatives
    data = {
        "version": 1,
        "providers": {"sim": {"kind": "simulator"}},
        "models": {"small": {"provider": "sim", "price": {"input": 0.1, "output": 0.1}}},
        "policy": policy,
    }
    return yaml.safe_dump(data, sort_keys=False)


def parse(text: str) -> Config:
    return parse_config(text, source="cfg.yaml", env={})


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as info:
        parse(text)
    return [(p.path, p.message) for p in info.value.problems]


def test_utterances_and_negatives_parse() -> None:
    cfg = parse(config_text(negatives=["write a haiku about autumn"], max_tokens=200))
    billing, weather, general = cfg.policy.routes
    assert billing.when is not None and billing.when.utterances == BILLING
    assert billing.when.max_tokens == 200
    assert weather.when is not None and weather.when.utterances == WEATHER
    assert general.when is None
    assert cfg.policy.utterance_negatives == ["write a haiku about autumn"]


def test_utterances_do_not_need_the_local_model() -> None:
    cfg = parse(config_text())
    assert not cfg.classifier.local_model.enabled
    assert not any(r.needs_local_model() for r in cfg.policy.routes)


def test_defaults_are_empty() -> None:
    cfg = parse(yaml.safe_dump(_without_utterances(yaml.safe_load(config_text()))))
    assert all(r.when is None or r.when.utterances == [] for r in cfg.policy.routes)
    assert cfg.policy.utterance_negatives == []


def _without_utterances(data: dict[str, Any]) -> dict[str, Any]:
    for route in data["policy"]["routes"]:
        if route.get("when"):
            route["when"] = {"any": ["short"]}
    return data


def test_empty_and_blank_utterances_are_rejected_naming_the_route() -> None:
    found = problems(config_text(billing=["refund me", ""], weather=["rain", "  \t "]))
    assert found == [
        ("policy.routes.0.when.utterances.1", "route 'billing': empty utterance"),
        ("policy.routes.1.when.utterances.1", "route 'weather': empty utterance"),
    ]


def test_the_error_carries_the_line() -> None:
    text = config_text(billing=["refund me", ""])
    with pytest.raises(ConfigError) as info:
        parse(text)
    (problem,) = info.value.problems
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1].strip() == "- ''"
    assert "cfg.yaml" in str(info.value)


def test_too_many_utterances() -> None:
    many = [f"question number {i}" for i in range(MAX_UTTERANCES + 1)]
    ((path, message),) = problems(config_text(weather=many))
    assert path == "policy.routes.1.when.utterances"
    assert f"route 'weather' has {MAX_UTTERANCES + 1} utterances" in message
    assert f"at most {MAX_UTTERANCES}" in message
    assert parse(config_text(weather=many[:MAX_UTTERANCES]))  # the cap itself is fine


def test_too_long_an_utterance() -> None:
    long = "refund " * (MAX_CHARS // 7 + 1)
    ((path, message),) = problems(config_text(billing=["refund me", long]))
    assert path == "policy.routes.0.when.utterances.1"
    assert message == (
        f"route 'billing': utterance of {len(long)} characters; at most {MAX_CHARS} are allowed"
    )


def test_a_repeat_within_a_route_is_rejected_ignoring_case_and_spacing() -> None:
    ((path, message),) = problems(
        config_text(billing=["Refund my payment", "update my card", "refund  my PAYMENT"])
    )
    assert path == "policy.routes.0.when.utterances.2"
    assert message == "route 'billing': 'refund  my PAYMENT' repeats utterance 0 of this route"


def test_the_same_utterance_in_two_routes_is_rejected() -> None:
    ((path, message),) = problems(config_text(weather=["will it rain", "Refund my payment"],
                                              billing=["refund my payment", "charged twice"]))  # fmt: skip
    assert path == "policy.routes.1.when.utterances.1"
    assert message == "route 'weather': 'Refund my payment' is also an utterance of route 'billing'"


def test_negatives_are_checked() -> None:
    found = problems(config_text(negatives=["write a haiku", "", "WRITE a haiku", BILLING[1]]))
    assert found == [
        ("policy.utterance_negatives.1", "empty negative"),
        ("policy.utterance_negatives.2", "'WRITE a haiku' repeats negative 0"),
        (
            "policy.utterance_negatives.3",
            f"{BILLING[1]!r} is an utterance of route 'billing'",
        ),
    ]


def test_too_many_negatives() -> None:
    negatives = [f"prompt {i}" for i in range(MAX_NEGATIVES + 1)]
    ((path, message),) = problems(config_text(negatives=negatives))
    assert path == "policy.utterance_negatives"
    assert f"at most {MAX_NEGATIVES}" in message


def test_negatives_without_utterance_routes_are_rejected() -> None:
    data = _without_utterances(yaml.safe_load(config_text(negatives=["write a haiku"])))
    ((path, message),) = problems(yaml.safe_dump(data))
    assert path == "policy.utterance_negatives"
    assert "no route has when.utterances" in message


def test_utterances_must_be_strings() -> None:
    not_a_string: Any = {"text": "charged twice"}
    found = problems(config_text(billing=["refund me", not_a_string]))
    assert [path for path, _ in found] == ["policy.routes.0.when.utterances.1"]


def test_invalid_utterances_do_not_also_orphan_the_negatives() -> None:
    found = problems(config_text(billing=[""], weather=[" "], negatives=["write a haiku"]))
    assert [path for path, _ in found] == [
        "policy.routes.0.when.utterances.0",
        "policy.routes.1.when.utterances.0",
    ]

import pytest
from pydantic import ValidationError

from routeyard.config.resilience import (
    BreakerConfig,
    HealthConfig,
    HedgeConfig,
    ResilienceConfig,
    RetryConfig,
)


def test_defaults_follow_design_section_3() -> None:
    cfg = ResilienceConfig()
    assert cfg.deadline_s == 120
    b = cfg.breaker
    assert (b.consecutive_failures, b.failure_rate, b.min_requests, b.window_s) == (5, 0.5, 20, 10)
    assert (b.cooldown_s, b.max_cooldown_s, b.half_open_probes, b.probe_timeout_s) == (5, 60, 1, 10)
    r = cfg.retry
    assert (r.max_attempts_per_candidate, r.backoff_min_s, r.backoff_max_s) == (2, 0.025, 0.25)
    assert (r.max_retry_after_s, r.budget_ratio, r.budget_floor) == (60, 0.2, 3)
    h = cfg.health
    assert (h.ewma_alpha, h.demote_error_rate, h.demote_latency_factor, h.min_samples) == (
        0.2,
        0.5,
        None,
        5,
    )
    assert cfg.hedge.delay_s is None


def test_every_field_is_described() -> None:
    for model in (BreakerConfig, RetryConfig, HealthConfig, HedgeConfig, ResilienceConfig):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"


def test_unknown_keys_are_rejected_and_models_are_frozen() -> None:
    with pytest.raises(ValidationError, match="extra"):
        ResilienceConfig.model_validate({"breaker": {"cooldown": 5}})
    cfg = ResilienceConfig()
    with pytest.raises(ValidationError):
        cfg.deadline_s = 1


@pytest.mark.parametrize(
    "data",
    [
        {"breaker": {"cooldown_s": 10, "max_cooldown_s": 5}},
        {"breaker": {"failure_rate": 1.5}},
        {"breaker": {"half_open_probes": 0}},
        {"retry": {"backoff_min_s": 1, "backoff_max_s": 0.5}},
        {"retry": {"max_attempts_per_candidate": 0}},
        {"health": {"ewma_alpha": 0}},
        {"health": {"demote_latency_factor": 1}},
        {"hedge": {"delay_s": 0}},
        {"deadline_s": 0},
    ],
)
def test_nonsense_is_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ResilienceConfig.model_validate(data)


def test_a_yaml_style_mapping_loads() -> None:
    cfg = ResilienceConfig.model_validate(
        {"deadline_s": 30, "breaker": {"cooldown_s": 1}, "hedge": {"delay_s": 0.5}}
    )
    assert cfg.breaker.cooldown_s == 1
    assert cfg.breaker.max_cooldown_s == 60
    assert cfg.hedge.delay_s == 0.5

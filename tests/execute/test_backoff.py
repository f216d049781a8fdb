import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routeyard.config.resilience import RetryConfig
from routeyard.execute.backoff import FailOver, Wait, full_jitter, plan_retry

CFG = RetryConfig()


@given(retry=st.integers(0, 10_000), seed=st.integers(0, 2**32))
def test_full_jitter_stays_within_zero_and_the_cap(retry: int, seed: int) -> None:
    delay = full_jitter(retry, CFG, random.Random(seed))
    ceiling = min(CFG.backoff_max_s, CFG.backoff_min_s * 2 ** min(retry, 64))
    assert 0.0 <= delay <= ceiling <= CFG.backoff_max_s


def test_ceiling_doubles_from_25_ms_to_250_ms() -> None:
    rng = random.Random(1)
    for retry, ceiling in [(0, 0.025), (1, 0.05), (2, 0.1), (3, 0.2), (4, 0.25), (9, 0.25)]:
        draws = [full_jitter(retry, CFG, rng) for _ in range(2000)]
        assert max(draws) <= ceiling
        assert max(draws) > 0.9 * ceiling  # the whole range is used: full jitter
        assert min(draws) < 0.1 * ceiling


def test_the_same_seed_gives_the_same_delays() -> None:
    a = [full_jitter(i, CFG, random.Random(5)) for i in range(5)]
    b = [full_jitter(i, CFG, random.Random(5)) for i in range(5)]
    assert a == b


@given(
    retry=st.integers(0, 20),
    retry_after=st.floats(0.0, CFG.max_retry_after_s),
    seed=st.integers(0, 2**32),
)
def test_retry_after_up_to_the_cap_is_a_floor_on_every_retry(
    retry: int, retry_after: float, seed: int
) -> None:
    plan = plan_retry(retry, retry_after, CFG, random.Random(seed))
    assert isinstance(plan, Wait)
    assert retry_after <= plan.delay_s <= retry_after + CFG.backoff_max_s


@pytest.mark.parametrize("retry_after", [2.0, 4.0, 8.0])
def test_gaps_follow_retry_after_2_4_8(retry_after: float) -> None:
    rng = random.Random(0)
    for retry in range(3):
        plan = plan_retry(retry, retry_after, CFG, rng)
        assert isinstance(plan, Wait)
        assert plan.delay_s >= retry_after


@given(retry_after=st.floats(60.000001, 1e6), retry=st.integers(0, 5))
def test_retry_after_above_the_cap_fails_over_at_once(retry_after: float, retry: int) -> None:
    plan = plan_retry(retry, retry_after, CFG, random.Random(0))
    assert plan == FailOver("retry_after_over_cap", retry_after)


def test_the_cap_is_configurable() -> None:
    cfg = RetryConfig(max_retry_after_s=5)
    assert isinstance(plan_retry(0, 5.0, cfg, random.Random(0)), Wait)
    assert isinstance(plan_retry(0, 5.5, cfg, random.Random(0)), FailOver)


def test_no_wait_past_the_deadline() -> None:
    rng = random.Random(0)
    assert plan_retry(0, 2.0, CFG, rng, remaining_s=1.0) == FailOver("deadline", 2.0)
    assert plan_retry(0, None, CFG, rng, remaining_s=0.0) == FailOver("deadline", None)
    plan = plan_retry(0, 2.0, CFG, rng, remaining_s=10.0)
    assert isinstance(plan, Wait)
    assert plan.delay_s >= 2.0

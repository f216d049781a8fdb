import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routeyard.config.resilience import HealthConfig
from routeyard.execute.health import HealthTracker

from ._clock import FakeClock


def test_ewma_math() -> None:
    health = HealthTracker(HealthConfig(ewma_alpha=0.2), FakeClock())
    for latency in (1.0, 2.0, 2.0):
        health.record("a", ok=True, latency_s=latency)
    snap = health.snapshot("a")
    assert snap is not None
    # 1.0 → 0.2·2 + 0.8·1 = 1.2 → 0.2·2 + 0.8·1.2 = 1.36
    assert snap.latency_s == pytest.approx(1.36)
    assert snap.latency_samples == 3
    health.record("a", ok=False)
    snap = health.snapshot("a")
    assert snap is not None
    assert snap.error_rate == pytest.approx(0.2)  # 0, 0, 0, then one failure
    assert snap.latency_s == pytest.approx(1.36)  # failures do not move the latency
    assert snap.samples == 4


def test_ttft_is_averaged_separately() -> None:
    health = HealthTracker(HealthConfig(ewma_alpha=0.5), FakeClock())
    health.record("a", ok=True, latency_s=5.0, ttft_s=0.4)
    health.record("a", ok=True, latency_s=5.0, ttft_s=0.2)
    snap = health.snapshot("a")
    assert snap is not None
    assert snap.ttft_s == pytest.approx(0.3)
    assert snap.ttft_samples == 2


def test_error_rate_demotes_only_after_min_samples() -> None:
    health = HealthTracker(HealthConfig(), FakeClock())  # alpha 0.2, 0.5, min 5
    for _ in range(4):
        health.record("a", ok=False)
    assert not health.is_degraded("a")  # 4 samples: too few to judge
    health.record("a", ok=False)
    assert health.is_degraded("a")
    assert health.degraded_reason("a") == "error_rate 1 ≥ 0.5"


def test_recovers_as_successes_come_in() -> None:
    health = HealthTracker(HealthConfig(), FakeClock())
    for _ in range(5):
        health.record("a", ok=False)
    successes = 0
    while health.is_degraded("a"):
        health.record("a", ok=True, latency_s=1.0)
        successes += 1
    assert successes == 4  # 0.8**4 = 0.41 < 0.5 ≤ 0.8**3 = 0.51


def test_latency_demotes_against_the_best_healthy_peer() -> None:
    health = HealthTracker(HealthConfig(demote_latency_factor=3.0), FakeClock())
    for _ in range(5):
        health.record("fast", ok=True, latency_s=1.0)
        health.record("ok", ok=True, latency_s=2.9)
        health.record("slow", ok=True, latency_s=3.0)
        health.record("broken", ok=False)  # faster than anyone? it never answers
    assert health.degraded_reason("slow") == "latency 3s ≥ 3 × 1s"
    assert not health.is_degraded("ok")
    assert not health.is_degraded("fast")
    # peers limit the comparison (a big model is slower than a small one by nature)
    assert not health.is_degraded("slow", peers=["ok", "slow"])


def test_a_failing_peer_is_not_a_yardstick() -> None:
    health = HealthTracker(HealthConfig(), FakeClock())
    for _ in range(5):
        health.record("quick-but-failing", ok=True, latency_s=0.1)
    for _ in range(10):
        health.record("quick-but-failing", ok=False)
    for _ in range(5):
        health.record("steady", ok=True, latency_s=1.0)
    assert health.is_degraded("quick-but-failing")
    assert not health.is_degraded("steady")


def test_slow_first_token_demotes() -> None:
    health = HealthTracker(HealthConfig(demote_latency_factor=3.0), FakeClock())
    for _ in range(5):
        health.record("a", ok=True, latency_s=10.0, ttft_s=0.2)
        health.record("b", ok=True, latency_s=10.0, ttft_s=0.8)
    assert health.degraded_reason("b") == "ttft 0.8s ≥ 3 × 0.2s"


def test_latency_needs_min_samples_on_both_sides() -> None:
    health = HealthTracker(HealthConfig(demote_latency_factor=3.0), FakeClock())
    for _ in range(4):
        health.record("fast", ok=True, latency_s=1.0)
    for _ in range(5):
        health.record("slow", ok=True, latency_s=10.0)
    assert not health.is_degraded("slow")
    health.record("fast", ok=True, latency_s=1.0)
    assert health.is_degraded("slow")


def test_stale_numbers_are_forgotten() -> None:
    clock = FakeClock()
    health = HealthTracker(HealthConfig(forget_after_s=30), clock)
    for _ in range(5):
        health.record("a", ok=False)
    assert health.is_degraded("a")
    clock.advance(29.9)
    assert health.is_degraded("a")
    clock.advance(0.1)
    assert not health.is_degraded("a")
    assert health.snapshot("a") is None
    assert health.snapshots() == {}
    health.record("a", ok=False)  # starts afresh: one sample is not enough to judge
    snap = health.snapshot("a")
    assert snap is not None
    assert snap.samples == 1
    assert not health.is_degraded("a")


def test_unknown_deployment_is_not_degraded() -> None:
    health = HealthTracker(HealthConfig(), FakeClock())
    assert health.snapshot("nope") is None
    assert not health.is_degraded("nope")


def test_latency_demotion_is_off_by_default() -> None:
    health = HealthTracker(HealthConfig(), FakeClock())
    for _ in range(10):
        health.record("big", ok=True, latency_s=3.0)
        health.record("small", ok=True, latency_s=0.3)
    assert health.degraded_reason("big", ["big", "small"]) is None


def test_degraded_reasons_for_a_decision_agree_with_one_by_one() -> None:
    health = HealthTracker(HealthConfig(demote_latency_factor=3.0), FakeClock())
    for _ in range(5):
        health.record("fast", ok=True, latency_s=1.0)
        health.record("slow", ok=True, latency_s=3.0)
        health.record("broken", ok=False)
        health.record("elsewhere", ok=True, latency_s=0.1)  # not a candidate: no yardstick
    names = ["slow", "unknown", "broken", "fast"]
    expected = [health.degraded_reason(n, names) for n in names]
    assert health.degraded_reasons(names) == expected
    assert expected == ["latency 3s ≥ 3 × 1s", None, "error_rate 1 ≥ 0.5", None]


def test_a_failing_deployment_is_no_yardstick_for_speed() -> None:
    """Its successes were fast, but it fails too often to be the peer others are timed against."""
    health = HealthTracker(HealthConfig(demote_latency_factor=3.0, min_samples=2), FakeClock())
    for _ in range(3):
        health.record("flaky", ok=True, latency_s=0.1)
        health.record("steady", ok=True, latency_s=1.0)
    for _ in range(10):
        health.record("flaky", ok=False)
    names = ["steady", "flaky"]
    assert health.degraded_reasons(names) == [None, "error_rate 0.89 ≥ 0.5"]
    assert health.degraded_reasons(names) == [health.degraded_reason(n, names) for n in names]


_DEPLOYMENTS = ["a", "b", "c", "d"]


@settings(max_examples=300, deadline=None)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(_DEPLOYMENTS),
            st.booleans(),
            st.sampled_from([0.1, 0.2, 0.5, 1.0, 3.0]),
            st.none() | st.sampled_from([0.05, 0.1, 0.4]),
            st.sampled_from([0.0, 0.0, 1.0, 40.0]),  # seconds passed before the event
        ),
        max_size=30,
    ),
    names=st.lists(st.sampled_from([*_DEPLOYMENTS, "unknown"]), max_size=5),
    factor=st.none() | st.sampled_from([1.5, 3.0]),
    min_samples=st.integers(1, 3),
)
def test_degraded_reasons_in_one_pass_match_the_pairwise_verdicts(
    events: list[tuple[str, bool, float, float | None, float]],
    names: list[str],
    factor: float | None,
    min_samples: int,
) -> None:
    """The executor's one-pass version gives ``degraded_reason`` verdicts, ties, repeated and
    unknown names, stale deployments and too few samples included."""
    clock = FakeClock()
    cfg = HealthConfig(demote_latency_factor=factor, min_samples=min_samples, forget_after_s=60.0)
    health = HealthTracker(cfg, clock)
    for name, ok, latency, ttft, wait in events:
        clock.advance(wait)
        health.record(name, ok=ok, latency_s=latency, ttft_s=ttft)
    assert health.degraded_reasons(names) == [health.degraded_reason(n, names) for n in names]

import logging

import pytest

from routeyard.config.resilience import BreakerConfig
from routeyard.execute.breaker import (
    BreakerRegistry,
    BreakerState,
    CircuitBreaker,
    Permit,
    Transition,
)

from ._clock import FakeClock

CLOSED, OPEN, HALF_OPEN = BreakerState.CLOSED, BreakerState.OPEN, BreakerState.HALF_OPEN


def make(**kw: object) -> tuple[CircuitBreaker, FakeClock, list[Transition]]:
    clock = FakeClock()
    seen: list[Transition] = []
    breaker = CircuitBreaker(
        BreakerConfig.model_validate(kw), clock, name="big", on_transition=seen.append
    )
    return breaker, clock, seen


def call(breaker: CircuitBreaker) -> Permit:
    permit = breaker.allow()
    assert permit is not None
    return permit


def fail_until_open(breaker: CircuitBreaker) -> int:
    """Fail calls until the breaker opens; the number of calls it took."""
    n = 0
    while breaker.state is CLOSED:
        call(breaker).failure()
        n += 1
    return n


def test_opens_after_5_consecutive_failures() -> None:
    breaker, _, seen = make()
    for _ in range(4):
        call(breaker).failure()
    assert breaker.state is CLOSED
    call(breaker).failure()
    assert breaker.state is OPEN
    assert breaker.allow() is None
    assert [(t.old, t.new, t.reason, t.cooldown_s) for t in seen] == [
        (CLOSED, OPEN, "consecutive_failures", 5.0)
    ]


def test_a_success_resets_the_run_of_failures() -> None:
    breaker, _, _ = make()
    for _ in range(3):
        for _ in range(4):
            call(breaker).failure()
        call(breaker).success()
    assert breaker.state is CLOSED


def test_open_rejects_until_cooldown_then_admits_one_probe() -> None:
    breaker, clock, seen = make()
    fail_until_open(breaker)
    assert breaker.retry_after() == 5.0
    clock.advance(4.9)
    assert breaker.allow() is None
    assert breaker.retry_after() == pytest.approx(0.1)
    clock.advance(0.1)
    assert breaker.state is HALF_OPEN
    assert breaker.retry_after() == 0.0
    probe = call(breaker)
    assert probe.probe
    assert probe.expires_at == clock.now + 10.0
    assert breaker.allow() is None  # a single probe in flight
    assert breaker.retry_after() == 10.0
    probe.success()
    assert breaker.state is CLOSED
    assert [t.reason for t in seen] == [
        "consecutive_failures",
        "cooldown_elapsed",
        "probe_succeeded",
    ]
    assert seen[1].at == clock.now  # stamped at the cooldown's end


def test_at_most_one_probe_per_cooldown_while_the_upstream_is_down() -> None:
    """An upstream down for 5 minutes under steady load (a call every 10 ms)."""
    breaker, clock, seen = make()
    probes: list[float] = []
    calls = 0
    for _ in range(30_000):
        permit = breaker.allow()
        if permit is not None:
            calls += 1
            if permit.probe:
                probes.append(clock.now)
            permit.failure()
        clock.advance(0.01)
    assert calls == 5 + len(probes)  # five to trip, then only probes
    opens = [t for t in seen if t.new is OPEN]
    # each probe comes one full cooldown after the opening before it, never sooner
    for probe_at, opened in zip(probes, opens, strict=False):
        assert opened.cooldown_s is not None
        assert probe_at >= opened.at + opened.cooldown_s
    # 5 + 10 + 20 + 40 s, then one probe a minute
    assert 6 <= len(probes) <= 4 + 300 / 60


def test_cooldown_doubles_5_10_20_40_60_and_resets_after_a_success() -> None:
    breaker, clock, seen = make()
    fail_until_open(breaker)
    for _ in range(5):
        clock.advance(breaker.retry_after())
        call(breaker).failure()
    cooldowns = [t.cooldown_s for t in seen if t.new is OPEN]
    assert cooldowns == [5.0, 10.0, 20.0, 40.0, 60.0, 60.0]
    clock.advance(breaker.retry_after())
    call(breaker).success()
    assert breaker.state is CLOSED
    fail_until_open(breaker)
    assert breaker.retry_after() == 5.0


def test_failure_rate_trips_over_min_requests() -> None:
    breaker, clock, seen = make()  # ≥ 50 % of ≥ 20 calls in 10 s
    for i in range(19):
        permit = call(breaker)
        permit.failure() if i % 2 == 0 else permit.success()  # never 5 in a row
        clock.advance(0.1)
    assert breaker.state is CLOSED  # 10 of 19 failed, but under min_requests
    call(breaker).success()
    assert breaker.state is CLOSED  # 10 of 20: the next failure makes it 11 of 21
    call(breaker).failure()
    assert breaker.state is OPEN
    assert seen[-1].reason == "failure_rate"


def test_failure_rate_counts_only_the_window() -> None:
    breaker, clock, _ = make()
    for _ in range(4):  # 4 failures, long ago
        call(breaker).failure()
    call(breaker).success()
    clock.advance(30)
    for i in range(30):  # then 30 % failures
        permit = call(breaker)
        permit.failure() if i % 10 < 3 else permit.success()
        clock.advance(0.1)
    assert breaker.state is CLOSED


def test_a_hung_probe_counts_as_failed_after_probe_timeout() -> None:
    breaker, clock, seen = make()
    fail_until_open(breaker)
    clock.advance(5)
    hung = call(breaker)  # never reports
    clock.advance(9.99)
    assert breaker.state is HALF_OPEN
    clock.advance(0.01)
    assert breaker.state is OPEN
    last = seen[-1]
    assert (last.reason, last.at, last.cooldown_s) == ("probe_timeout", hung.expires_at, 10.0)
    hung.success()  # too late: ignored
    assert breaker.state is OPEN
    clock.advance(10)
    assert call(breaker).probe


def test_time_driven_transitions_chain_with_their_own_timestamps() -> None:
    breaker, clock, seen = make()
    fail_until_open(breaker)
    start = clock.now
    clock.advance(5)
    call(breaker)  # hangs
    clock.advance(1000)  # nobody looks for a long time
    assert breaker.state is HALF_OPEN
    assert [(t.new, t.at - start) for t in seen[1:]] == [
        (HALF_OPEN, 5.0),
        (OPEN, 15.0),  # the probe timed out 10 s after it started
        (HALF_OPEN, 25.0),  # then a 10 s cooldown
    ]


def test_releasing_a_probe_frees_its_slot_without_a_verdict() -> None:
    breaker, clock, _ = make()
    fail_until_open(breaker)
    clock.advance(5)
    call(breaker).release()
    assert breaker.state is HALF_OPEN
    assert call(breaker).probe


def test_several_probes_and_the_first_verdict_wins() -> None:
    breaker, clock, _ = make(half_open_probes=2)
    fail_until_open(breaker)
    clock.advance(5)
    first, second = call(breaker), call(breaker)
    assert breaker.allow() is None
    assert breaker.probes_in_flight == 2
    second.failure()
    assert breaker.state is OPEN
    first.success()  # from the half-open spell that just ended: ignored
    assert breaker.state is OPEN


def test_late_reports_from_before_a_transition_are_ignored() -> None:
    breaker, clock, _ = make()
    slow = call(breaker)
    fail_until_open(breaker)
    slow.success()
    assert breaker.state is OPEN
    clock.advance(5)
    probe = call(breaker)
    slow.failure()  # already reported: no effect
    probe.success()
    assert breaker.state is CLOSED


def test_reporting_twice_counts_once() -> None:
    breaker, _, _ = make()
    permit = call(breaker)
    for _ in range(10):
        permit.failure()
    assert breaker.state is CLOSED
    assert permit.done


def test_trip_cools_a_deployment_down_at_once() -> None:
    breaker, clock, seen = make()
    breaker.trip("upstream_auth")
    assert breaker.state is OPEN
    assert seen[-1].reason == "tripped:upstream_auth"
    assert breaker.retry_after() == 5.0
    # Retry-After 30 from a 429 over our wait cap: stay out that long
    breaker.trip("rate_limited", min_cooldown_s=30)
    assert breaker.retry_after() == 30.0
    breaker.trip("rate_limited", min_cooldown_s=3600)  # capped at max_cooldown_s
    assert breaker.retry_after() == 60.0
    clock.advance(60)
    call(breaker)
    breaker.trip("upstream_auth")  # while half-open: like a failed probe
    assert breaker.retry_after() == 10.0


def test_a_failing_listener_never_breaks_the_breaker(caplog: pytest.LogCaptureFixture) -> None:
    def explode(_: Transition) -> None:
        raise RuntimeError("sink down")

    breaker = CircuitBreaker(BreakerConfig(), FakeClock(), on_transition=explode)
    with caplog.at_level(logging.ERROR):
        fail_until_open(breaker)
    assert breaker.state is OPEN
    assert "listener failed" in caplog.text


def test_a_listener_may_read_the_breaker() -> None:
    clock = FakeClock()
    states: list[tuple[BreakerState, BreakerState]] = []
    breaker: CircuitBreaker

    def look(t: Transition) -> None:
        states.append((t.new, breaker.state))

    breaker = CircuitBreaker(BreakerConfig(), clock, on_transition=look)
    fail_until_open(breaker)
    clock.advance(100)
    breaker.allow()
    assert states == [(OPEN, OPEN), (HALF_OPEN, HALF_OPEN)]


def test_registry_keeps_one_breaker_per_deployment() -> None:
    clock = FakeClock()
    seen: list[Transition] = []
    registry = BreakerRegistry(BreakerConfig(), clock, on_transition=seen.append)
    a = registry.get("a")
    assert registry.get("a") is a
    fail_until_open(registry.get("b"))
    assert registry.states() == {"a": CLOSED, "b": OPEN}
    assert "b" in registry
    assert "c" not in registry
    assert list(registry) == ["a", "b"]
    assert [t.deployment for t in seen] == ["b"]

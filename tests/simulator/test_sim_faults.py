"""The pure fault decisions, with a fake clock and a seeded rng."""

from __future__ import annotations

import random

import pytest

from routeyard.simulator import FaultSpec
from routeyard.simulator.faults import (
    Refusal,
    StreamFault,
    decide_refusal,
    in_outage,
    stream_fault,
)


class CountingRandom(random.Random):
    def __init__(self) -> None:
        super().__init__(0)
        self.draws = 0

    def random(self) -> float:
        self.draws += 1
        return super().random()


def test_healthy_spec_never_refuses_or_draws() -> None:
    rng = CountingRandom()
    assert decide_refusal(FaultSpec(), 0.0, rng) is None
    assert rng.draws == 0
    assert stream_fault(FaultSpec()) is None


def test_outage_flag_refuses_with_503_and_retry_after() -> None:
    refusal = decide_refusal(FaultSpec(outage=True, retry_after_s=2.5), 0.0, random.Random(0))
    assert isinstance(refusal, Refusal)
    assert (refusal.kind, refusal.status, refusal.retry_after_s) == ("outage", 503, 2.5)
    assert refusal.retry_headers() == {"Retry-After": "3", "retry-after-ms": "2500"}


@pytest.mark.parametrize(
    ("elapsed", "down"),
    [(0.0, False), (9.999, False), (10.0, True), (14.9, True), (15.0, False), (30.0, True)],
)
def test_outage_windows_are_half_open(elapsed: float, down: bool) -> None:
    faults = FaultSpec(outage_windows=[(10.0, 15.0), (30.0, 31.0)])
    assert in_outage(faults, elapsed) is down
    refusal = decide_refusal(faults, elapsed, random.Random(0))
    assert (refusal is not None and refusal.status == 503) is down


def test_outage_wins_over_rate_limit_and_errors() -> None:
    faults = FaultSpec(outage=True, rate_limit_rate=1.0, error_rate=1.0)
    refusal = decide_refusal(faults, 0.0, random.Random(0))
    assert refusal is not None
    assert refusal.kind == "outage"


def test_rate_limit_always_at_rate_one_without_drawing() -> None:
    rng = CountingRandom()
    refusal = decide_refusal(FaultSpec(rate_limit_rate=1.0, retry_after_s=0.2), 0.0, rng)
    assert refusal is not None
    assert (refusal.kind, refusal.status) == ("rate_limit", 429)
    assert refusal.retry_headers() == {"Retry-After": "1", "retry-after-ms": "200"}
    assert rng.draws == 0


def test_no_retry_after_header_when_unset() -> None:
    refusal = decide_refusal(
        FaultSpec(rate_limit_rate=1.0, retry_after_s=None), 0.0, random.Random()
    )
    assert refusal is not None
    assert refusal.retry_headers() == {}


@pytest.mark.parametrize(("status", "retry"), [(500, None), (502, None), (503, 1.0), (429, 1.0)])
def test_error_status_and_retry_after_only_where_it_means_something(
    status: int, retry: float | None
) -> None:
    refusal = decide_refusal(FaultSpec(error_rate=1.0, error_status=status), 0.0, random.Random())
    assert refusal is not None
    assert (refusal.kind, refusal.status, refusal.retry_after_s) == ("error", status, retry)


def test_fractional_rates_follow_the_seeded_rng() -> None:
    faults = FaultSpec(error_rate=0.3)
    rng_a, rng_b = random.Random(7), random.Random(7)
    first = [decide_refusal(faults, 0.0, rng_a) is not None for _ in range(1000)]
    second = [decide_refusal(faults, 0.0, rng_b) is not None for _ in range(1000)]
    assert first == second
    assert 200 < sum(first) < 400


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        (FaultSpec(error_in_first_event=True, cut_after_chunks=0), StreamFault("error_first", 0)),
        (FaultSpec(stall_after_chunks=5), StreamFault("stall", 5)),
        (FaultSpec(cut_after_chunks=2, stall_after_chunks=1), StreamFault("stall", 1)),
        (FaultSpec(error_after_chunks=3, cut_after_chunks=3), StreamFault("error", 3)),
        (FaultSpec(cut_after_chunks=0, stall_after_chunks=0), StreamFault("cut", 0)),
    ],
)
def test_first_stream_fault_to_strike(faults: FaultSpec, expected: StreamFault) -> None:
    assert stream_fault(faults) == expected

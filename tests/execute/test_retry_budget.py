from routeyard.config.resilience import RetryConfig
from routeyard.execute.retry_budget import RetryBudget, RetrySlot

from ._clock import FakeClock


def concurrent_only(**kw: object) -> RetryConfig:
    return RetryConfig.model_validate({"budget_window_s": None, **kw})


def test_100_active_requests_allow_at_most_20_concurrent_retries() -> None:
    budget = RetryBudget(concurrent_only(), FakeClock())
    requests = [budget.request_started() for _ in range(100)]
    slots = [budget.try_acquire() for _ in range(50)]
    granted = [s for s in slots if s is not None]
    assert len(granted) == 20
    assert budget.in_flight == 20
    assert budget.denied == 30
    # a finished retry frees its slot for another
    granted[0].release()
    assert budget.try_acquire() is not None
    assert budget.try_acquire() is None
    for r in requests:
        r.finish()
    assert budget.active == 0


def test_floor_of_3_with_a_single_request() -> None:
    budget = RetryBudget(concurrent_only(), FakeClock())
    with budget.request_started():
        slots = [budget.try_acquire() for _ in range(5)]
        assert sum(s is not None for s in slots) == 3
    assert budget.active == 0


def test_the_limit_follows_active_requests() -> None:
    budget = RetryBudget(concurrent_only(), FakeClock())
    assert budget.concurrent_limit() == 3
    reqs = [budget.request_started() for _ in range(35)]
    assert budget.concurrent_limit() == 7
    for r in reqs[:30]:
        r.finish()
    assert budget.concurrent_limit() == 3


def test_release_and_finish_are_idempotent() -> None:
    budget = RetryBudget(concurrent_only(), FakeClock())
    req = budget.request_started()
    slot = budget.try_acquire()
    assert isinstance(slot, RetrySlot)
    slot.release()
    slot.release()
    assert budget.in_flight == 0
    req.finish()
    req.finish()
    assert budget.active == 0
    with budget.try_acquire() or RetrySlot(budget):
        assert budget.in_flight == 1
    assert budget.in_flight == 0


def test_ratio_edge_is_not_lost_to_float_error() -> None:
    budget = RetryBudget(concurrent_only(budget_ratio=0.29, budget_floor=0), FakeClock())
    for _ in range(100):
        budget.request_started()
    assert budget.concurrent_limit() == 29


def test_window_caps_the_number_of_retries_not_only_their_concurrency() -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryConfig(), clock)  # 20 %, floor 3, 10 s window
    granted = 0
    for _ in range(1000):  # 1000 requests over 10 s, each failing fast and wanting a retry
        with budget.request_started():
            slot = budget.try_acquire()
            if slot is not None:
                granted += 1
                slot.release()
        clock.advance(0.01)
    # concurrency never binds here (one request at a time); the window does: ≤ 20 % + floor
    assert granted <= 0.2 * 1000 + 3
    assert granted >= 0.2 * 1000 * 0.8


def test_window_floor_allows_a_quiet_client_to_retry_again_later() -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryConfig(), clock)
    for _ in range(4):  # one request at a time, each retried once
        with budget.request_started():
            slot = budget.try_acquire()
            if slot is not None:
                slot.release()
    assert budget.denied == 1  # the floor: 3 retries per window
    clock.advance(10.0)  # a new window
    with budget.request_started():
        assert budget.try_acquire() is not None


def test_failover_is_held_only_to_the_window() -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryConfig(budget_floor=3, budget_ratio=0.2, budget_window_s=10.0), clock)
    requests = [budget.request_started() for _ in range(100)]
    for r in requests[10:]:
        r.finish()  # 10 active now: the concurrent cap for plain retries is max(3, 2) = 3
    retries = [budget.try_acquire() for _ in range(4)]
    assert [s is not None for s in retries] == [True, True, True, False]
    # An outage: the in-flight requests fail at once and move to another deployment; only the
    # window's cap (20 % of the 100 started in it, 3 already spent) applies to them.
    moves = [budget.try_acquire(failover=True) for _ in range(18)]
    assert sum(m is not None for m in moves) == 17
    for slot in [*retries, *moves]:
        if slot is not None:
            slot.release()
    for r in requests[:10]:
        r.finish()

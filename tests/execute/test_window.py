from hypothesis import given
from hypothesis import strategies as st

from routeyard.execute.window import RollingCount


def test_events_leave_the_window_after_window_s() -> None:
    w = RollingCount(10.0, buckets=10)
    w.add(100.0)
    w.add(105.5, 3)
    assert w.total(109.99) == 4
    assert w.total(110.0) == 3
    assert w.total(114.99) == 3  # 9.49 s after, still counted
    assert w.total(115.0) == 0  # its slot [105, 106) has left


def test_clear_forgets_everything() -> None:
    w = RollingCount(1.0)
    w.add(0.5, 7)
    w.clear()
    assert w.total(0.5) == 0


@given(st.lists(st.tuples(st.floats(0, 1.0), st.integers(1, 5)), max_size=40))
def test_total_is_exact_to_one_slot(steps: list[tuple[float, int]]) -> None:
    """Everything within window_s - slot is counted, nothing older than window_s."""
    w = RollingCount(2.0, buckets=4)  # slot: 0.5 s
    now = 0.0
    events: list[tuple[float, int]] = []
    for dt, n in steps:
        now += dt
        w.add(now, n)
        events.append((now, n))
        total = w.total(now)
        surely_in = sum(k for t, k in events if now - t < 1.5)
        maybe_in = sum(k for t, k in events if now - t < 2.0)
        assert surely_in <= total <= maybe_in

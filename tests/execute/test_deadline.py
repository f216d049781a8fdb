from routeyard.execute.deadline import Deadline

from ._clock import FakeClock


def test_remaining_counts_down_and_never_goes_negative() -> None:
    clock = FakeClock()
    d = Deadline.after(120.0, clock)
    assert [d.expired, d.remaining()] == [False, 120.0]
    clock.advance(119.5)
    assert d.remaining() == 0.5
    clock.advance(0.5)
    assert d.expired
    assert d.remaining() == 0.0
    clock.advance(10)
    assert d.remaining() == 0.0


def test_clamp_shortens_timeouts_to_the_time_left() -> None:
    clock = FakeClock()
    d = Deadline.after(30.0, clock)
    assert d.clamp(10.0) == 10.0
    assert d.clamp(120.0) == 30.0
    assert d.clamp(None) == 30.0
    clock.advance(25)
    assert d.clamp(10.0) == 5.0
    clock.advance(100)
    assert d.clamp(10.0) == 0.0


def test_at_is_absolute() -> None:
    clock = FakeClock(50.0)
    assert Deadline.after(10.0, clock).at == 60.0
    assert Deadline(55.0, clock).remaining() == 5.0

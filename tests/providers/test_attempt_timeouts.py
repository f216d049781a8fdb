from routeyard.config.schema import Timeouts
from routeyard.providers.base import AttemptTimeouts


def test_an_attempt_takes_the_configured_limits() -> None:
    t = AttemptTimeouts.of(Timeouts(connect_s=1, ttft_s=2, idle_s=3, stream_total_s=40, total_s=5))
    assert t == AttemptTimeouts(1, 2, 3, 40, 5)
    assert t.within(40) is t  # nothing to cut


def test_a_short_deadline_cuts_every_whole_attempt_limit_but_not_connect_or_idle() -> None:
    t = AttemptTimeouts(connect_s=1, ttft_s=2, idle_s=3, stream_total_s=40, total_s=5)
    assert t.within(4) == AttemptTimeouts(1, 2, 3, 4, 4)
    assert t.within(0.5) == AttemptTimeouts(1, 0.5, 3, 0.5, 0.5)

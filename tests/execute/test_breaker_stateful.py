"""The breaker under thousands of random event sequences: it never sticks, never over-admits.

``BreakerModel`` applies one event at a time and checks every invariant after it. Two drivers
feed it: a hypothesis ``RuleBasedStateMachine`` (which shrinks a failure to a minimal sequence)
and a seeded random walk that runs many more sequences than hypothesis can in the same time.
Set ``BREAKER_FUZZ_SCALE=10`` (say) to run ten times as many of both.

Time moves in quarter seconds and every configured duration is a multiple of a quarter, so float
arithmetic is exact and sequences land exactly on a cooldown's end or a probe's timeout.
"""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from routeyard.config.resilience import BreakerConfig
from routeyard.execute.breaker import BreakerState, CircuitBreaker, Permit, Transition

from ._clock import FakeClock

CLOSED, OPEN, HALF_OPEN = BreakerState.CLOSED, BreakerState.OPEN, BreakerState.HALF_OPEN
VERDICTS = ("success", "failure", "release", "abandon")
SCALE = int(os.environ.get("BREAKER_FUZZ_SCALE", "1"))


class BreakerModel:
    """One breaker, the permits it issued, and what must stay true whatever happens."""

    def __init__(self, cfg: BreakerConfig) -> None:
        self.cfg = cfg
        self.clock = FakeClock(0.0)
        self.transitions: list[Transition] = []
        self.outstanding: list[Permit] = []  # issued, not yet reported by us
        self.probes: list[Permit] = []  # every probe ever issued
        self.episode_of: dict[Permit, int] = {}  # transitions seen when it was issued
        self.breaker = CircuitBreaker(cfg, self.clock, on_transition=self.on_transition)

    # -- what the listener sees must tell a consistent story -----------------------------------

    def on_transition(self, t: Transition) -> None:
        previous = self.transitions[-1] if self.transitions else None
        assert t.old is (previous.new if previous else CLOSED)
        assert t.old is not t.new
        assert t.at <= self.clock.now
        assert previous is None or previous.at <= t.at
        if t.new is OPEN:
            assert t.cooldown_s is not None
            assert self.cfg.cooldown_s <= t.cooldown_s <= self.cfg.max_cooldown_s
        self.transitions.append(t)

    @property
    def episode(self) -> int:
        return len(self.transitions)

    def live_probes(self) -> list[Permit]:
        """Probes of the current half-open spell, not reported and not past their timeout."""
        now = self.clock.now
        return [
            p
            for p in self.probes
            if not p.done
            and self.episode_of[p] == self.episode
            and p.expires_at is not None
            and p.expires_at > now
        ]

    # -- events ----------------------------------------------------------------------------------

    def allow(self) -> None:
        wait = self.breaker.retry_after()
        state = self.breaker.state
        permit = self.breaker.allow()
        assert (permit is None) == (wait > 0), (wait, permit)
        if permit is None:
            return
        self.episode_of[permit] = self.episode
        self.outstanding.append(permit)
        assert permit.probe == (state is HALF_OPEN)
        if permit.probe:
            self.probes.append(permit)
            assert permit.expires_at == self.clock.now + self.cfg.probe_timeout_s

    def report(self, index: int, verdict: str) -> None:
        """Report (or abandon: never report) the permit at ``index`` of the outstanding ones."""
        permit = self.outstanding.pop(index % len(self.outstanding))
        if verdict == "abandon":
            return
        current = self.episode_of[permit] == self.episode
        live_probe = permit in self.live_probes()
        before = len(self.transitions)
        getattr(permit, verdict)()
        assert permit.done
        state = self.breaker.state
        if not current:
            assert len(self.transitions) == before, "a stale report changed the state"
        elif live_probe and verdict == "success":
            assert state is CLOSED
        elif live_probe and verdict == "failure":
            assert state is OPEN
        elif live_probe:
            assert state is HALF_OPEN
        elif verdict == "success":
            assert state is CLOSED

    def advance(self, dt: float) -> None:
        self.clock.advance(dt)

    def wait_out_the_cooldown(self) -> None:
        """OPEN always admits a probe once its cooldown is over."""
        wait = self.breaker.retry_after()
        assert 0 < wait <= self.cfg.max_cooldown_s
        self.clock.advance(wait)
        assert self.breaker.state is HALF_OPEN
        self.allow()
        assert self.outstanding[-1].probe

    def trip(self, reason: str, min_cooldown: float | None) -> None:
        self.breaker.trip(reason, min_cooldown_s=min_cooldown)
        assert self.breaker.state is OPEN
        if min_cooldown is not None:
            assert self.breaker.retry_after() >= min(min_cooldown, self.cfg.max_cooldown_s)

    # -- invariants ------------------------------------------------------------------------------

    def check(self) -> None:
        state, wait = self.breaker.state, self.breaker.retry_after()
        live = self.live_probes()
        # never more concurrent probes than configured, and the breaker agrees on how many
        assert self.breaker.probes_in_flight == len(live)
        assert len(live) <= self.cfg.half_open_probes
        # retry_after() is never negative and says what allow() would do
        assert wait >= 0
        if state is CLOSED:
            assert wait == 0
        elif state is OPEN:
            assert 0 < wait <= self.cfg.max_cooldown_s
        else:
            # HALF_OPEN never sticks: each probe in flight is younger than probe_timeout_s,
            # and with every slot taken the wait ends when the oldest one must have reported
            assert all(self.clock.now - p.issued_at < self.cfg.probe_timeout_s for p in live)
            assert (wait > 0) == (len(live) >= self.cfg.half_open_probes)
            assert wait <= self.cfg.probe_timeout_s


# -- configurations small enough that every transition happens often --------------------------

quarters = st.integers(1, 40).map(lambda q: q / 4)


@st.composite
def configs(draw: st.DrawFn) -> BreakerConfig:
    cooldown = draw(quarters)
    return BreakerConfig(
        consecutive_failures=draw(st.integers(1, 4)),
        failure_rate=draw(st.sampled_from([0.25, 0.5, 1.0])),
        min_requests=draw(st.integers(1, 6)),
        window_s=draw(st.sampled_from([1.0, 2.0, 10.0])),
        cooldown_s=cooldown,
        max_cooldown_s=cooldown * draw(st.sampled_from([1, 2, 8])),
        half_open_probes=draw(st.integers(1, 3)),
        probe_timeout_s=draw(quarters),
    )


def random_config(rng: random.Random) -> BreakerConfig:
    cooldown = rng.randint(1, 40) / 4
    return BreakerConfig(
        consecutive_failures=rng.randint(1, 4),
        failure_rate=rng.choice([0.25, 0.5, 1.0]),
        min_requests=rng.randint(1, 6),
        window_s=rng.choice([1.0, 2.0, 10.0]),
        cooldown_s=cooldown,
        max_cooldown_s=cooldown * rng.choice([1, 2, 8]),
        half_open_probes=rng.randint(1, 3),
        probe_timeout_s=rng.randint(1, 40) / 4,
    )


# -- driver 1: hypothesis, which shrinks any failure to a minimal sequence ---------------------


class BreakerMachine(RuleBasedStateMachine):
    model: BreakerModel

    @initialize(cfg=configs())
    def build(self, cfg: BreakerConfig) -> None:
        self.model = BreakerModel(cfg)

    @rule()
    def allow(self) -> None:
        self.model.allow()

    @precondition(lambda self: self.model.outstanding)
    @rule(index=st.integers(0, 7), verdict=st.sampled_from(VERDICTS))
    def report(self, index: int, verdict: str) -> None:
        self.model.report(index, verdict)

    @rule(dt=st.integers(0, 80).map(lambda q: q / 4))
    def advance(self, dt: float) -> None:
        self.model.advance(dt)

    @precondition(lambda self: self.model.breaker.state is OPEN)
    @rule()
    def wait_out_the_cooldown(self) -> None:
        self.model.wait_out_the_cooldown()

    @rule(
        reason=st.sampled_from(["upstream_auth", "rate_limited"]),
        min_cooldown=st.none() | st.integers(0, 400).map(lambda q: q / 4),
    )
    def trip(self, reason: str, min_cooldown: float | None) -> None:
        self.model.trip(reason, min_cooldown)

    @invariant()
    def invariants_hold(self) -> None:
        if hasattr(self, "model"):
            self.model.check()


BreakerMachine.TestCase.settings = settings(
    max_examples=120 * SCALE,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_breaker_state_machine = BreakerMachine.TestCase


# -- driver 2: a seeded random walk, thousands of sequences a second ----------------------------


def run_walk(seed: int, steps: int) -> None:
    rng = random.Random(seed)
    model = BreakerModel(random_config(rng))
    model.check()
    for _ in range(steps):
        roll = rng.random()
        if roll < 0.35:
            model.allow()
        elif roll < 0.7:
            if model.outstanding:
                model.report(rng.randrange(8), rng.choice(VERDICTS))
        elif roll < 0.9:
            model.advance(rng.randint(0, 80) / 4)
        elif roll < 0.97:
            if model.breaker.state is OPEN:
                model.wait_out_the_cooldown()
        else:
            model.trip("upstream_auth", rng.choice([None, rng.randint(0, 400) / 4]))
        model.check()


def test_breaker_random_walks() -> None:
    sequences = 2500 * SCALE
    for seed in range(sequences):
        try:
            run_walk(seed, steps=60)
        except AssertionError as exc:
            raise AssertionError(f"random walk seed={seed} broke an invariant") from exc

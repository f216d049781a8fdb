"""A circuit breaker per deployment: stop sending traffic to a failing upstream, probe it later.

::

              consecutive failures ≥ N,              cooldown elapsed
              or failure rate ≥ r over ≥ m calls
    CLOSED ─────────────────────────────────► OPEN ───────────────────► HALF_OPEN
       ▲                                       ▲                            │
       │        a probe succeeds               │  a probe fails, or has not │
       └───────────────────────────────────────┼──── reported in time ◄─────┘
                                               (cooldown doubles, up to the max)

``allow()`` returns a ``Permit`` (or ``None``: do not call this deployment now). Report each
permit's outcome with ``success()``, ``failure()`` or ``release()`` (no verdict, e.g. the client
went away or the request itself was bad). A permit that is never reported is harmless while
CLOSED; a half-open *probe* that is never reported counts as failed once ``probe_timeout_s`` has
passed, so a hung probe cannot hold the breaker half-open forever (resilience4j #903).

Time-driven transitions (cooldown over, probe timed out) are applied lazily on the next call, and
stamped with the instant they logically happened, not the instant they were noticed. Reports from
permits issued before the latest transition are ignored: an old call finishing late says nothing
about the state the breaker has moved on to.

Pure logic: time comes from ``clock`` (monotonic seconds); one event loop, no locks.

>>> from routeyard.config.resilience import BreakerConfig
>>> now = [0.0]
>>> breaker = CircuitBreaker(BreakerConfig(consecutive_failures=2), lambda: now[0])
>>> for _ in range(2):
...     breaker.allow().failure()
>>> breaker.state, breaker.allow(), breaker.retry_after()
(<BreakerState.OPEN: 'open'>, None, 5.0)
>>> now[0] = 5.0
>>> probe = breaker.allow()
>>> probe.probe, breaker.allow()  # one probe at a time
(True, None)
>>> probe.success()
>>> breaker.state
<BreakerState.CLOSED: 'closed'>
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from routeyard.config.resilience import BreakerConfig
from routeyard.execute.window import RollingCount

_log = logging.getLogger(__name__)


class BreakerState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(slots=True, frozen=True)
class Transition:
    """One state change, for logs and metrics."""

    deployment: str
    old: BreakerState
    new: BreakerState
    at: float
    """Clock time the change logically happened (a cooldown's end, a probe's timeout…)."""
    reason: str
    """``consecutive_failures``, ``failure_rate``, ``tripped:<why>``, ``cooldown_elapsed``,
    ``probe_succeeded``, ``probe_failed`` or ``probe_timeout``."""
    cooldown_s: float | None = None
    """When ``new`` is OPEN: how long it stays open."""


TransitionListener = Callable[[Transition], None]


class Permit:
    """Leave to make one call; report how it went exactly once (later reports are ignored)."""

    __slots__ = ("_breaker", "_done", "expires_at", "generation", "issued_at", "probe")

    def __init__(
        self,
        breaker: CircuitBreaker,
        generation: int,
        issued_at: float,
        *,
        probe: bool,
        expires_at: float | None,
    ) -> None:
        self._breaker = breaker
        self._done = False
        self.generation = generation
        self.issued_at = issued_at
        self.probe = probe
        """A half-open probe: its outcome decides whether the breaker closes."""
        self.expires_at = expires_at
        """Probes only: after this clock time the probe counts as failed. Clamp the attempt's
        timeout to it: a success reported later is ignored."""

    @property
    def done(self) -> bool:
        return self._done

    def success(self) -> None:
        self._report(True)

    def failure(self) -> None:
        self._report(False)

    def release(self) -> None:
        """No verdict on the deployment's health (client gone, request rejected as invalid…)."""
        self._report(None)

    def _report(self, ok: bool | None) -> None:
        if not self._done:
            self._done = True
            self._breaker._on_report(self, ok)

    def __repr__(self) -> str:
        kind = "probe" if self.probe else "call"
        return f"<Permit {kind} gen={self.generation} issued_at={self.issued_at}>"


class CircuitBreaker:
    def __init__(
        self,
        cfg: BreakerConfig,
        clock: Callable[[], float],
        *,
        name: str = "",
        on_transition: TransitionListener | None = None,
    ) -> None:
        self.name = name
        self._cfg = cfg
        self._clock = clock
        self._listener = on_transition
        self._state = BreakerState.CLOSED
        self._generation = 0
        self._consecutive = 0
        self._calls = RollingCount(cfg.window_s)
        self._failures = RollingCount(cfg.window_s)
        # Re-openings from HALF_OPEN since the breaker last closed: the cooldown's doubling step.
        self._streak = 0
        self._open_until = 0.0
        self._probes: list[Permit] = []
        self._pending: list[Transition] = []

    # -- reading -------------------------------------------------------------------------------

    @property
    def state(self) -> BreakerState:
        self._advance(self._clock())
        self._flush()
        return self._state

    @property
    def probes_in_flight(self) -> int:
        """Half-open probes issued and not yet reported or timed out."""
        self._advance(self._clock())
        self._flush()
        return len(self._probes)

    def retry_after(self) -> float:
        """Seconds until ``allow()`` may admit a call; 0 means it would admit one now.

        While half-open with every probe slot taken: the time until the oldest probe must have
        reported (its verdict, or its timeout, moves the breaker on).
        """
        now = self._clock()
        self._advance(now)
        self._flush()
        if self._state is BreakerState.CLOSED:
            return 0.0
        if self._state is BreakerState.OPEN:
            return self._open_until - now
        if len(self._probes) < self._cfg.half_open_probes:
            return 0.0
        return self._next_probe_expiry() - now

    # -- acting --------------------------------------------------------------------------------

    def allow(self) -> Permit | None:
        """A permit to call the deployment, or ``None``: skip it (see ``retry_after()``)."""
        now = self._clock()
        self._advance(now)
        self._flush()
        if self._state is BreakerState.CLOSED:
            return Permit(self, self._generation, now, probe=False, expires_at=None)
        if self._state is BreakerState.OPEN or len(self._probes) >= self._cfg.half_open_probes:
            return None
        expires = now + self._cfg.probe_timeout_s
        permit = Permit(self, self._generation, now, probe=True, expires_at=expires)
        self._probes.append(permit)
        return permit

    def trip(self, reason: str, *, min_cooldown_s: float | None = None) -> None:
        """Open now, whatever the counts say: the deployment will fail whoever calls it (its
        credentials were refused, its quota is spent, it asked for a long ``Retry-After``).

        The cooldown is the usual one for the breaker's doubling step, stretched to
        ``min_cooldown_s`` (capped at ``max_cooldown_s``) when given.
        """
        now = self._clock()
        self._advance(now)
        floor = min(min_cooldown_s or 0.0, self._cfg.max_cooldown_s)
        if self._state is BreakerState.OPEN:
            self._open_until = max(self._open_until, now + floor)
        else:
            if self._state is BreakerState.HALF_OPEN:
                self._streak += 1
            cooldown = max(self._cooldown_for(self._streak), floor)
            self._open(now, f"tripped:{reason}", cooldown)
        self._flush()

    # -- internals -----------------------------------------------------------------------------

    def _cooldown_for(self, streak: int) -> float:
        cfg = self._cfg
        # Doubling stops mattering long before 2**64; the clamp only avoids float overflow.
        return min(cfg.cooldown_s * 2.0 ** min(streak, 64), cfg.max_cooldown_s)

    def _next_probe_expiry(self) -> float:
        return min(p.expires_at for p in self._probes if p.expires_at is not None)

    def _advance(self, now: float) -> None:
        """Apply every time-driven transition due by ``now``, each at its own instant."""
        while True:
            if self._state is BreakerState.OPEN and now >= self._open_until:
                self._move(BreakerState.HALF_OPEN, self._open_until, "cooldown_elapsed")
            elif self._state is BreakerState.HALF_OPEN and self._probes:
                due = self._next_probe_expiry()
                if now < due:
                    return
                self._streak += 1
                self._open(due, "probe_timeout", self._cooldown_for(self._streak))
            else:
                return

    def _on_report(self, permit: Permit, ok: bool | None) -> None:
        now = self._clock()
        self._advance(now)  # a probe past its timeout has already been counted failed
        if permit.generation == self._generation:
            if permit.probe:
                self._on_probe(permit, ok, now)
            elif ok is not None:
                self._on_call(ok, now)
        self._flush()

    def _on_probe(self, permit: Permit, ok: bool | None, now: float) -> None:
        self._probes.remove(permit)
        if ok is True:
            self._streak = 0
            self._consecutive = 0
            self._calls.clear()
            self._failures.clear()
            self._move(BreakerState.CLOSED, now, "probe_succeeded")
        elif ok is False:
            self._streak += 1
            self._open(now, "probe_failed", self._cooldown_for(self._streak))

    def _on_call(self, ok: bool, now: float) -> None:
        self._calls.add(now)
        if ok:
            self._consecutive = 0
            return
        self._consecutive += 1
        self._failures.add(now)
        cfg = self._cfg
        if self._consecutive >= cfg.consecutive_failures:
            self._open(now, "consecutive_failures", self._cooldown_for(self._streak))
            return
        calls = self._calls.total(now)
        if calls >= cfg.min_requests and self._failures.total(now) >= cfg.failure_rate * calls:
            self._open(now, "failure_rate", self._cooldown_for(self._streak))

    def _open(self, at: float, reason: str, cooldown: float) -> None:
        self._open_until = at + cooldown
        self._consecutive = 0
        self._calls.clear()
        self._failures.clear()
        self._move(BreakerState.OPEN, at, reason, cooldown)

    def _move(
        self, new: BreakerState, at: float, reason: str, cooldown: float | None = None
    ) -> None:
        old = self._state
        self._state = new
        self._generation += 1
        self._probes.clear()
        self._pending.append(Transition(self.name, old, new, at, reason, cooldown))

    def _flush(self) -> None:
        """Tell the listener, after the state is settled (it may call back into the breaker)."""
        if self._listener is None:
            self._pending.clear()
            return
        while self._pending:
            transition = self._pending.pop(0)
            try:
                self._listener(transition)
            except Exception:  # a failing metrics sink never fails a request
                _log.exception("breaker transition listener failed")


class BreakerRegistry:
    """The breakers of one router instance, one per deployment, created on first use."""

    def __init__(
        self,
        cfg: BreakerConfig,
        clock: Callable[[], float],
        *,
        on_transition: TransitionListener | None = None,
    ) -> None:
        self._cfg = cfg
        self._clock = clock
        self._listener = on_transition
        self._breakers: dict[str, CircuitBreaker] = {}

    def get(self, deployment: str) -> CircuitBreaker:
        breaker = self._breakers.get(deployment)
        if breaker is None:
            breaker = CircuitBreaker(
                self._cfg, self._clock, name=deployment, on_transition=self._listener
            )
            self._breakers[deployment] = breaker
        return breaker

    def __contains__(self, deployment: object) -> bool:
        return deployment in self._breakers

    def __iter__(self) -> Iterator[str]:
        return iter(self._breakers)

    def states(self) -> dict[str, BreakerState]:
        """The state of every breaker created so far (an untouched deployment is CLOSED)."""
        return {name: breaker.state for name, breaker in self._breakers.items()}

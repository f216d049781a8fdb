"""The retry budget: retries may add only a bounded share of load on top of client requests.

Per-request attempt limits do not stop a retry storm: when an upstream degrades, every request
retries at once and multiplies the load on it. Envoy's answer, kept here, caps the retries in
flight at ``budget_ratio`` × the client requests in flight, with a floor so a quiet gateway can
still retry. A concurrent cap alone bounds the *time* retries occupy, not their *number* (fast
failures turn over quickly), so by default a second cap applies, in the manner of Finagle and
linkerd: retries started in the last ``budget_window_s`` ≤ ``budget_ratio`` × requests started in
it (again with the floor). Together, upstream calls stay under ``(1 + budget_ratio)`` × client
requests plus the floor per window.

Count every attempt after a request's first one — a retry of the same deployment or a fail-over
to the next candidate — against the budget: both add upstream load. A candidate skipped because
its breaker is open costs nothing.

>>> from routeyard.config.resilience import RetryConfig
>>> budget = RetryBudget(RetryConfig(), clock=lambda: 0.0)
>>> requests = [budget.request_started() for _ in range(100)]
>>> slots = [budget.try_acquire() for _ in range(25)]
>>> sum(s is not None for s in slots)  # 20 % of 100 active requests
20
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import TracebackType
from typing import Self

from routeyard.config.resilience import RetryConfig
from routeyard.execute.window import RollingCount

# Guards floor() against 0.29 * 100 == 28.999999999999996.
_EPS = 1e-9


class _Lease:
    """Something counted while held; given back once (idempotent), or by leaving a ``with``."""

    __slots__ = ("_budget", "_done")

    def __init__(self, budget: RetryBudget) -> None:
        self._budget = budget
        self._done = False

    def _give_back(self) -> None:
        raise NotImplementedError

    def _end(self) -> None:
        if not self._done:
            self._done = True
            self._give_back()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._end()


class ActiveRequest(_Lease):
    """A client request being served; ``finish()`` when it ends, or use ``with``."""

    __slots__ = ()

    def _give_back(self) -> None:
        self._budget._active -= 1

    def finish(self) -> None:
        self._end()


class RetrySlot(_Lease):
    """Permission for one retry; ``release()`` when that attempt ends.

    Hold it through the backoff wait as well as the attempt: a slot released before the wait
    would let waiting retries pile up beyond the budget.
    """

    __slots__ = ()

    def _give_back(self) -> None:
        self._budget._in_flight -= 1

    def release(self) -> None:
        self._end()


class RetryBudget:
    """One per router instance, shared by all its requests (single event loop, no locks)."""

    def __init__(self, cfg: RetryConfig, clock: Callable[[], float]) -> None:
        self._ratio = cfg.budget_ratio
        self._floor = cfg.budget_floor
        self._clock = clock
        self._active = 0
        self._in_flight = 0
        self.denied = 0
        """Retries refused so far (a metric: a steadily rising count means a sick upstream)."""
        window = cfg.budget_window_s
        self._started = RollingCount(window) if window is not None else None
        self._retried = RollingCount(window) if window is not None else None

    @property
    def active(self) -> int:
        """Client requests in flight."""
        return self._active

    @property
    def in_flight(self) -> int:
        """Retries holding a slot."""
        return self._in_flight

    def _cap(self, base: int) -> int:
        return max(self._floor, math.floor(self._ratio * base + _EPS))

    def concurrent_limit(self) -> int:
        """Retries allowed in flight now."""
        return self._cap(self._active)

    def window_limit(self) -> int | None:
        """Retries allowed in the current window, counting those already started in it."""
        if self._started is None:
            return None
        return self._cap(self._started.total(self._clock()))

    def request_started(self) -> ActiveRequest:
        """Count a client request (not an attempt) for as long as it is served."""
        self._active += 1
        if self._started is not None:
            self._started.add(self._clock())
        return ActiveRequest(self)

    def try_acquire(self, *, failover: bool = False) -> RetrySlot | None:
        """A slot for one more attempt of some request, or ``None`` when the budget is spent.

        ``failover``: the attempt goes to a different deployment than the one that failed. It
        adds no load to the failing upstream, so only the windowed cap applies: at the start of
        an outage every in-flight request fails at once, and all of them must be able to move.
        """
        if not failover and self._in_flight >= self.concurrent_limit():
            self.denied += 1
            return None
        if self._retried is not None:
            now = self._clock()
            limit = self.window_limit()
            if limit is not None and self._retried.total(now) >= limit:
                self.denied += 1
                return None
            self._retried.add(now)
        self._in_flight += 1
        return RetrySlot(self)

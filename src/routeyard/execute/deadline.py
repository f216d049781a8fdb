"""One deadline for the whole request: every attempt, backoff wait and fallback fits inside it.

>>> now = [100.0]
>>> d = Deadline.after(30.0, lambda: now[0])
>>> d.clamp(120.0)  # a per-attempt timeout never outlives the request
30.0
>>> now[0] = 125.0
>>> d.remaining(), d.clamp(10.0)
(5.0, 5.0)
>>> now[0] = 131.0
>>> d.expired, d.remaining()
(True, 0.0)
"""

from __future__ import annotations

from collections.abc import Callable


class Deadline:
    """An instant on ``clock`` (monotonic seconds) after which the request has failed."""

    __slots__ = ("_clock", "at")

    def __init__(self, at: float, clock: Callable[[], float]) -> None:
        self.at = at
        self._clock = clock

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float]) -> Deadline:
        """The deadline ``seconds`` from now."""
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(self.at - self._clock(), 0.0)

    @property
    def expired(self) -> bool:
        return self._clock() >= self.at

    def clamp(self, timeout: float | None) -> float:
        """``timeout`` shortened to the time left (``None``: no timeout of its own)."""
        left = self.remaining()
        return left if timeout is None else min(timeout, left)

    def __repr__(self) -> str:
        return f"Deadline(at={self.at!r}, remaining={self.remaining():.3f})"

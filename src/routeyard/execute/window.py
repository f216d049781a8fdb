"""A count of events over the last few seconds, in constant memory.

Time is cut into ``buckets`` slots of ``window_s / buckets`` seconds; the count covers the current
slot and the ``buckets - 1`` before it, so an event is forgotten between ``window_s - slot`` and
``window_s`` seconds after it happened. That granularity is the price of O(buckets) memory at any
request rate (a deque of timestamps would grow with traffic).

>>> w = RollingCount(10.0)
>>> w.add(0.0); w.add(4.0, 2)
>>> w.total(9.9)
3
>>> w.total(10.0)  # the slot [0, 1) has left the window
2
"""

from __future__ import annotations

import math


class RollingCount:
    __slots__ = ("_counts", "_ids", "_n", "_slot_s")

    def __init__(self, window_s: float, buckets: int = 10) -> None:
        if window_s <= 0 or buckets < 1:
            raise ValueError("window_s must be positive and buckets at least 1")
        self._n = buckets
        self._slot_s = window_s / buckets
        self._counts = [0] * buckets
        # The slot number each bucket currently holds; -1: never used.
        self._ids = [-1] * buckets

    def _slot(self, now: float) -> int:
        return math.floor(now / self._slot_s)

    def add(self, now: float, n: int = 1) -> None:
        slot = self._slot(now)
        i = slot % self._n
        if self._ids[i] != slot:
            self._ids[i] = slot
            self._counts[i] = 0
        self._counts[i] += n

    def total(self, now: float) -> int:
        oldest = self._slot(now) - self._n
        return sum(c for c, s in zip(self._counts, self._ids, strict=True) if s > oldest)

    def clear(self) -> None:
        self._counts = [0] * self._n
        self._ids = [-1] * self._n

"""Deciding which fault, if any, one request meets. Pure: time and chance are passed in.

>>> import random
>>> decide_refusal(FaultSpec(outage=True), 0.0, random.Random(0)).status
503
>>> stream_fault(FaultSpec(cut_after_chunks=3))
StreamFault(kind='cut', after_chunks=3)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal

from routeyard.simulator.spec import FaultSpec

RefusalKind = Literal["outage", "rate_limit", "error"]
StreamFaultKind = Literal["error_first", "error", "cut", "stall"]

_RETRY_STATUSES = (429, 503)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Answer with an error status instead of generating."""

    kind: RefusalKind
    status: int
    retry_after_s: float | None
    message: str
    code: str | None = None

    def retry_headers(self) -> dict[str, str]:
        """``Retry-After`` in whole seconds, rounded up, and the precise ``retry-after-ms``."""
        if self.retry_after_s is None:
            return {}
        return {
            "Retry-After": str(math.ceil(self.retry_after_s)),
            "retry-after-ms": str(round(self.retry_after_s * 1000)),
        }


@dataclass(frozen=True, slots=True)
class StreamFault:
    """Break a stream after ``after_chunks`` content chunks."""

    kind: StreamFaultKind
    after_chunks: int


def in_outage(faults: FaultSpec, elapsed_s: float) -> bool:
    """Whether ``elapsed_s`` (seconds since server start) falls in an outage."""
    return faults.outage or any(start <= elapsed_s < end for start, end in faults.outage_windows)


def decide_refusal(faults: FaultSpec, elapsed_s: float, rng: random.Random) -> Refusal | None:
    """Outage first, then rate limiting, then random errors; None means answer normally.

    ``rng`` is drawn from only for rates strictly between 0 and 1.
    """
    if in_outage(faults, elapsed_s):
        return Refusal("outage", 503, faults.retry_after_s, "The model is temporarily unavailable.")
    if _hit(faults.rate_limit_rate, rng):
        return Refusal("rate_limit", 429, faults.retry_after_s, "Rate limit reached; slow down.")
    if _hit(faults.error_rate, rng):
        status = faults.error_status
        retry = faults.retry_after_s if status in _RETRY_STATUSES else None
        message = faults.error_message or f"Injected error ({status})."
        return Refusal("error", status, retry, message, faults.error_code)
    return None


def stream_fault(faults: FaultSpec) -> StreamFault | None:
    """The first stream fault to strike; on a tie an error beats a cut, which beats a stall."""
    if faults.error_in_first_event:
        return StreamFault("error_first", 0)
    armed: list[tuple[int, StreamFaultKind]] = []
    if faults.error_after_chunks is not None:
        armed.append((faults.error_after_chunks, "error"))
    if faults.cut_after_chunks is not None:
        armed.append((faults.cut_after_chunks, "cut"))
    if faults.stall_after_chunks is not None:
        armed.append((faults.stall_after_chunks, "stall"))
    if not armed:
        return None
    after, kind = min(armed, key=lambda item: item[0])
    return StreamFault(kind, after)


def _hit(rate: float, rng: random.Random) -> bool:
    return rate >= 1.0 or (rate > 0.0 and rng.random() < rate)

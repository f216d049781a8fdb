"""How long to wait before retrying the same deployment, or whether to wait at all.

Full jitter (a uniform draw between zero and an exponentially growing ceiling) spreads retries
from many requests evenly instead of bunching them into waves. An upstream's ``Retry-After``
(already parsed, ``retry-after-ms`` included, into ``UpstreamError.retry_after``) is a floor on
every retry, not only the first: retrying sooner just earns another 429. A ``Retry-After`` longer
than we are willing to wait means "go elsewhere": the caller fails over, or returns 429 with that
``Retry-After`` when no candidate is left.

>>> import random
>>> from routeyard.config.resilience import RetryConfig
>>> cfg, rng = RetryConfig(), random.Random(7)
>>> wait = plan_retry(0, None, cfg, rng)
>>> 0.0 <= wait.delay_s <= cfg.backoff_min_s  # the first retry: up to 25 ms
True
>>> plan_retry(3, 2.0, cfg, rng).delay_s >= 2.0
True
>>> plan_retry(0, 120.0, cfg, rng)
FailOver(reason='retry_after_over_cap', retry_after_s=120.0)
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from routeyard.config.resilience import RetryConfig

# 2**64 × any sane backoff_min_s is far past any cap; the clamp only avoids float overflow.
_MAX_EXPONENT = 64


@dataclass(slots=True, frozen=True)
class Wait:
    """Sleep ``delay_s`` seconds, then retry the same deployment."""

    delay_s: float


@dataclass(slots=True, frozen=True)
class FailOver:
    """Do not wait: go to the next candidate now, or (none left) answer 429 with
    ``Retry-After: retry_after_s`` when the upstream gave one."""

    reason: str
    """``retry_after_over_cap`` or ``deadline``."""
    retry_after_s: float | None = None


def full_jitter(retry: int, cfg: RetryConfig, rng: random.Random) -> float:
    """A delay in ``[0, min(backoff_max_s, backoff_min_s × 2**retry)]``; ``retry`` counts from 0."""
    ceiling = min(cfg.backoff_max_s, cfg.backoff_min_s * 2.0 ** min(max(retry, 0), _MAX_EXPONENT))
    return rng.uniform(0.0, ceiling)


def plan_retry(
    retry: int,
    retry_after_s: float | None,
    cfg: RetryConfig,
    rng: random.Random,
    *,
    remaining_s: float | None = None,
) -> Wait | FailOver:
    """The wait before retry number ``retry`` (0 = the first retry) of the same deployment.

    - No ``Retry-After``: full jitter.
    - ``Retry-After`` up to ``max_retry_after_s``: that long plus full jitter, so requests told
      the same value do not all return at the same instant.
    - ``Retry-After`` over the cap: ``FailOver("retry_after_over_cap", retry_after_s)``.
    - A wait that would not end before the request's deadline (``remaining_s``):
      ``FailOver("deadline", ...)``: sleeping into a timeout helps nobody.
    """
    jitter = full_jitter(retry, cfg, rng)
    if retry_after_s is None:
        delay = jitter
    elif retry_after_s > cfg.max_retry_after_s:
        return FailOver("retry_after_over_cap", retry_after_s)
    else:
        delay = max(retry_after_s, 0.0) + jitter
    if remaining_s is not None and delay >= remaining_s:
        return FailOver("deadline", retry_after_s)
    return Wait(delay)

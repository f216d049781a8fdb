"""The record of each attempt, and the error that ends a request when every candidate failed."""

from __future__ import annotations

from dataclasses import dataclass

from routeyard.errors import (
    DeadlineExceeded,
    GatewayError,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    UpstreamError,
    UpstreamFailed,
)


@dataclass(slots=True)
class Attempt:
    model: str
    ok: bool
    latency_ms: float
    error: str | None = None  # the UpstreamError kind
    status: int | None = None
    message: str | None = None
    ttft_ms: float | None = None


SKIPPED = ("breaker_open", "retry_budget")


def upstream_attempts(attempts: list[Attempt]) -> int:
    """Calls actually made upstream (candidates skipped by a breaker or the budget excluded)."""
    return sum(1 for a in attempts if a.error not in SKIPPED)


_PASS_THROUGH: dict[int, type[GatewayError]] = {
    400: InvalidRequest,
    404: NotFound,
    413: PayloadTooLarge,
    422: InvalidRequest,
}


def client_error(err: UpstreamError) -> GatewayError:
    assert err.status is not None
    return _PASS_THROUGH[err.status](err.message, code=err.code)


def exhausted(attempts: list[Attempt], last: UpstreamError | None) -> GatewayError:
    """The error for a request whose candidates all failed."""
    tried = ", ".join(
        f"{a.model} ({a.error}{' ' + str(a.status) if a.status else ''})" for a in attempts
    )
    made = [a for a in attempts if a.error not in SKIPPED]  # calls that reached an upstream
    if last is not None and made and all(a.status == 429 for a in made):
        return RateLimited(
            f"every candidate is rate limited: {tried}",
            retry_after=last.retry_after if last.retry_after is not None else 1.0,
        )
    if made and all(a.error == "timeout" for a in made):
        return DeadlineExceeded(f"every candidate timed out: {tried}")
    return UpstreamFailed(f"every candidate failed: {tried}")

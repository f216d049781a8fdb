"""What to do after a failed attempt, decided from the error alone.

The decision is kept apart from doing it (tenacity's split of retry-if from the retry loop): the
executor asks ``next_move(err)``, then checks its own limits (attempts per candidate, the retry
budget, the deadline, the breaker) before acting on the answer.

======================================  ==============  =========  ===========================
error                                   move            cool down  why
======================================  ==============  =========  ===========================
timeout, connection refused/reset       RETRY_SAME      no         transient
protocol / stream_error (pre-commit)    RETRY_SAME      no         a cut or garbled answer
408, 409, 429, 5xx                      RETRY_SAME      no         overloaded or flaky
429 ``insufficient_quota``              NEXT_CANDIDATE  yes        billing: waiting won't help
``context_length_exceeded`` (or text)   NEXT_CANDIDATE  no         a larger model may take it
``content_filter`` / ``..._violation``  NEXT_CANDIDATE  no         the content fallback may
unsupported parameter / capability      NEXT_CANDIDATE  no         another model may support it
401, 402, 403 from the upstream         NEXT_CANDIDATE  yes        our credentials or account
404 ``model_not_found``                 NEXT_CANDIDATE  yes        the deployment is misnamed
400, 404, 413, 422                      RETURN          no         the client's request is bad
any other 4xx                           NEXT_CANDIDATE  no         unknown: another may differ
======================================  ==============  =========  ===========================

A cool-down means "take this deployment out for a while" (``CircuitBreaker.trip``): its next
request would fail the same way, whoever sends it.

Retrying a ``protocol`` or ``stream_error`` failure is only right before the commit point (design
§2); after the first byte reached the client the executor never asks.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from routeyard.errors import UpstreamError


class Move(enum.Enum):
    RETRY_SAME = "retry_same"
    """Try the same deployment again after a backoff wait (then the next candidate)."""
    NEXT_CANDIDATE = "next_candidate"
    """Skip to the next candidate at once: this deployment will answer the same way."""
    RETURN = "return"
    """Stop: the request itself is at fault, every candidate would refuse it."""


@dataclass(slots=True, frozen=True)
class NextMove:
    move: Move
    cool_down: bool
    """Take the deployment out of rotation (trip its breaker), not just this request."""
    reason: str
    """A short, stable label for logs and metrics, e.g. ``rate_limited``, ``context_length``."""


CONTEXT_LENGTH_CODES = frozenset({"context_length_exceeded"})
# Anthropic reports an over-long prompt as a plain invalid_request_error: recognise the text.
CONTEXT_LENGTH_PHRASES = ("prompt is too long", "maximum context length", "context window")
CONTENT_FILTER_CODES = frozenset({"content_filter", "content_policy_violation"})
CAPABILITY_CODES = frozenset(
    {
        "unsupported_parameter",
        "unsupported_value",
        "unsupported_model_feature",
        "capability_missing",
    }
)
QUOTA_CODES = frozenset({"insufficient_quota", "billing_hard_limit_reached"})
DEPLOYMENT_MISSING_CODES = frozenset({"model_not_found", "deployment_not_found"})
PASS_THROUGH_STATUSES = frozenset({400, 404, 413, 422})
RETRY_STATUSES = frozenset({408, 409, 429})

_TRANSIENT_KINDS = frozenset({"timeout", "connect", "protocol", "stream_error"})


def _retry(reason: str) -> NextMove:
    return NextMove(Move.RETRY_SAME, False, reason)


def _next(reason: str, *, cool_down: bool = False) -> NextMove:
    return NextMove(Move.NEXT_CANDIDATE, cool_down, reason)


def next_move(err: UpstreamError) -> NextMove:
    """The move after ``err``; see the module docstring for the table.

    >>> next_move(UpstreamError("status", "slow down", 429, retry_after=2.0))
    NextMove(move=<Move.RETRY_SAME: 'retry_same'>, cool_down=False, reason='rate_limited')
    >>> next_move(UpstreamError("status", "bad key", 401)).cool_down
    True
    """
    code = (err.code or "").lower()
    # Codes first: they are more specific than the status (a context-length error is a 400).
    if code in CONTEXT_LENGTH_CODES or _says_context_length(err):
        return _next("context_length")
    if code in CONTENT_FILTER_CODES:
        return _next("content_filter")
    if code in CAPABILITY_CODES:
        return _next("capability")
    if code in QUOTA_CODES:
        return _next("quota", cool_down=True)
    if code in DEPLOYMENT_MISSING_CODES:
        return _next("deployment_missing", cool_down=True)
    status = err.status
    if status is None or err.kind != "status":
        return _retry(err.kind if err.kind in _TRANSIENT_KINDS else "unknown")
    if status >= 500:
        return _retry("server_error")
    if status == 429:
        return _retry("rate_limited")
    if status in RETRY_STATUSES:
        return _retry("request_timeout" if status == 408 else "conflict")
    if status in (401, 402, 403):
        return _next("upstream_auth" if status != 402 else "quota", cool_down=True)
    if status in PASS_THROUGH_STATUSES:
        return NextMove(Move.RETURN, False, "client_error")
    if 400 <= status < 500:
        return _next("client_error_other")
    # 1xx/2xx/3xx reported as a failure: the upstream is behaving oddly; try it again.
    return _retry("unexpected_status")


def _says_context_length(err: UpstreamError) -> bool:
    if err.status != 400:
        return False
    text = err.message.lower()
    return any(phrase in text for phrase in CONTEXT_LENGTH_PHRASES)

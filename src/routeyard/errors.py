"""Errors that cross module boundaries.

Every error that can reach a client is a ``GatewayError``: it carries the HTTP status, an
OpenAI-style ``type`` and ``code``, and (for 429/503) a ``retry_after`` in seconds. The ingress
renders it in the shape of the API the request came in on; nothing else formats errors.

    GatewayError
    ├── InvalidRequest        400  fix the request body; never retried, never sent upstream
    ├── AuthenticationFailed  401  send a valid client key (Authorization: Bearer / x-api-key)
    ├── PermissionDenied      403  the key may not use this model or route
    ├── NotFound              404  unknown path or model
    ├── MethodNotAllowed      405  use the method named in the Allow header
    ├── PayloadTooLarge       413  shrink the body below the configured cap
    ├── UnsupportedMediaType  415  send Content-Type: application/json
    ├── RateLimited           429  wait ``retry_after`` seconds
    ├── UpstreamFailed        502  every candidate failed; see ``attempts``
    ├── NoCandidateAvailable  503  no model could take the request now; wait ``retry_after``
    └── DeadlineExceeded      504  the request's deadline passed before an answer

``UpstreamError`` is what a provider raises for one failed attempt; ``execute.moves.next_move``
decides from it whether to retry, fall back or return the error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


class GatewayError(Exception):
    status: ClassVar[int] = 500
    type: ClassVar[str] = "server_error"
    default_code: ClassVar[str | None] = None

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code if code is not None else self.default_code
        self.retry_after = retry_after
        # The upstream attempts made before this error (execute.Attempt records), if any.
        self.attempts: list[Any] = []
        # Headers the response must carry (the routing decision, when one was made).
        self.headers: dict[str, str] = {}


class InvalidRequest(GatewayError):
    status = 400
    type = "invalid_request_error"


class AuthenticationFailed(GatewayError):
    status = 401
    type = "authentication_error"
    default_code = "invalid_api_key"


class PermissionDenied(GatewayError):
    status = 403
    type = "permission_error"


class NotFound(GatewayError):
    status = 404
    type = "not_found_error"


class MethodNotAllowed(GatewayError):
    status = 405
    type = "invalid_request_error"
    default_code = "method_not_allowed"


class PayloadTooLarge(GatewayError):
    status = 413
    type = "request_too_large"


class UnsupportedMediaType(GatewayError):
    status = 415
    type = "invalid_request_error"
    default_code = "unsupported_media_type"


class RateLimited(GatewayError):
    status = 429
    type = "rate_limit_error"


class UpstreamFailed(GatewayError):
    status = 502
    type = "api_error"
    default_code = "upstream_failed"


class NoCandidateAvailable(GatewayError):
    status = 503
    type = "overloaded_error"
    default_code = "no_candidate_available"


class DeadlineExceeded(GatewayError):
    status = 504
    type = "timeout_error"
    default_code = "deadline_exceeded"


@dataclass(slots=True)
class UpstreamError(Exception):
    """One failed attempt against one upstream deployment.

    ``kind`` is one of: ``connect`` (refused/reset/DNS), ``timeout``, ``status`` (a non-2xx
    answer), ``protocol`` (a malformed body or stream), ``stream_error`` (an error event in a
    stream). ``message`` is safe to show: it never contains provider keys or the provider's raw
    error text for auth failures.
    """

    kind: str
    message: str
    status: int | None = None
    retry_after: float | None = None
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"

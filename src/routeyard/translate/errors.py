"""Errors raised by translation, and error bodies in each API's wire shape.

    ValueError
    └── TranslationError   the request cannot be expressed in the target API; answer 400,
                           naming ``param`` (never send it upstream)
    Exception
    └── StreamErrorEvent   the upstream stream carried an in-band error event; treat it like an
                           upstream failure (retry before the commit point, else end the stream)

Error bodies:

    >>> openai_error_body(429, "rate_limit_error", "slow down", None, None)
    {'error': {'message': 'slow down', 'type': 'rate_limit_error', 'param': None, 'code': None}}
    >>> anthropic_error_body(529, "server_error", "busy")
    {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'busy'}}
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ANTHROPIC_ERROR_TYPES",
    "StreamErrorEvent",
    "TranslationError",
    "anthropic_error_body",
    "anthropic_error_type",
    "openai_error_body",
]


class TranslationError(ValueError):
    """A request uses something the target API cannot express.

    ``param`` names the offending field as a dotted path (``"messages.2.content.0"``), so the
    gateway can return it as the OpenAI ``param`` of a 400 response.
    """

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


class StreamErrorEvent(Exception):
    """An upstream stream sent an error in-band (an Anthropic ``error`` event, or an OpenAI chunk
    with a top-level ``error``). ``error_type`` is the upstream's own type string."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message


# The error types Anthropic documents (API reference "Errors", plus the SDK's ErrorType).
ANTHROPIC_ERROR_TYPES: frozenset[str] = frozenset(
    {
        "invalid_request_error",
        "authentication_error",
        "billing_error",
        "permission_error",
        "not_found_error",
        "conflict_error",
        "request_too_large",
        "rate_limit_error",
        "timeout_error",
        "api_error",
        "overloaded_error",
    }
)

_ANTHROPIC_TYPE_BY_STATUS: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    # Anthropic uses invalid_request_error for undocumented 4xx; a timeout says more for 408.
    408: "timeout_error",
    409: "conflict_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    # Our 503 means "no capacity now, retry later": Anthropic's word for that is overloaded.
    503: "overloaded_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def anthropic_error_type(status: int) -> str:
    """The Anthropic error ``type`` for an HTTP status (other 4xx → invalid_request_error,
    other 5xx → api_error)."""
    known = _ANTHROPIC_TYPE_BY_STATUS.get(status)
    if known is not None:
        return known
    return "invalid_request_error" if 400 <= status < 500 else "api_error"


def openai_error_body(
    status: int, type: str, message: str, code: str | None, param: str | None
) -> dict[str, Any]:
    """``{"error": {"message", "type", "param", "code"}}`` as OpenAI sends it.

    ``status`` is accepted for symmetry with :func:`anthropic_error_body`; OpenAI's body does not
    repeat it.
    """
    del status
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def anthropic_error_body(status: int, type: str, message: str) -> dict[str, Any]:
    """``{"type": "error", "error": {"type", "message"}}`` as Anthropic sends it.

    The Anthropic type follows ``status`` (OpenAI reuses ``invalid_request_error`` for 404s, so
    the status says more than an OpenAI-style ``type``); ``type`` is kept only for a status with
    no documented Anthropic type, when it already is an Anthropic type.
    """
    error_type = _ANTHROPIC_TYPE_BY_STATUS.get(status)
    if error_type is None:
        error_type = type if type in ANTHROPIC_ERROR_TYPES else anthropic_error_type(status)
    return {"type": "error", "error": {"type": error_type, "message": message}}

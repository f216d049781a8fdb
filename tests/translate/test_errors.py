from __future__ import annotations

import pytest
from anthropic.types.shared import ErrorResponse
from openai.types.shared import ErrorObject

from routeyard.translate import (
    ANTHROPIC_ERROR_TYPES,
    StreamErrorEvent,
    TranslationError,
    anthropic_error_body,
    anthropic_error_type,
    openai_error_body,
)


def test_openai_error_body() -> None:
    body = openai_error_body(400, "invalid_request_error", "n must be 1", None, "n")
    assert body == {
        "error": {
            "message": "n must be 1",
            "type": "invalid_request_error",
            "param": "n",
            "code": None,
        }
    }
    ErrorObject.model_validate(body["error"])


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (402, "billing_error"),
        (403, "permission_error"),
        (404, "not_found_error"),
        (408, "timeout_error"),
        (409, "conflict_error"),
        (413, "request_too_large"),
        (415, "invalid_request_error"),
        (422, "invalid_request_error"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (502, "api_error"),
        (503, "overloaded_error"),
        (504, "timeout_error"),
        (529, "overloaded_error"),
        (599, "api_error"),
    ],
)
def test_anthropic_error_type_by_status(status: int, error_type: str) -> None:
    assert anthropic_error_type(status) == error_type
    body = anthropic_error_body(status, "server_error", "boom")
    assert body == {"type": "error", "error": {"type": error_type, "message": "boom"}}
    assert error_type in ANTHROPIC_ERROR_TYPES
    # Documented types the SDK's closed ErrorResponse union does not list yet.
    if error_type not in {"conflict_error", "request_too_large"}:
        ErrorResponse.model_validate({**body, "request_id": None})


def test_status_wins_over_openai_type() -> None:
    # OpenAI says invalid_request_error for an unknown model; Anthropic says not_found_error.
    body = anthropic_error_body(404, "invalid_request_error", "no such model")
    assert body["error"]["type"] == "not_found_error"


def test_anthropic_type_kept_for_unmapped_status() -> None:
    body = anthropic_error_body(418, "rate_limit_error", "teapot")
    assert body["error"]["type"] == "rate_limit_error"


def test_exceptions() -> None:
    error = TranslationError("n > 1 is not supported", "n")
    assert isinstance(error, ValueError)
    assert (error.message, error.param) == ("n > 1 is not supported", "n")
    assert TranslationError("x").param is None
    event = StreamErrorEvent("overloaded_error", "Overloaded")
    assert (event.error_type, event.message) == ("overloaded_error", "Overloaded")
    assert "overloaded_error" in str(event)

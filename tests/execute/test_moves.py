import pytest

from routeyard.errors import UpstreamError
from routeyard.execute.moves import Move, next_move

R, N, X = Move.RETRY_SAME, Move.NEXT_CANDIDATE, Move.RETURN

TABLE: list[tuple[UpstreamError, Move, bool, str]] = [
    # transient: retry the same deployment
    (UpstreamError("timeout", "no response headers within 10.0s"), R, False, "timeout"),
    (UpstreamError("connect", "cannot reach upstream: ClientConnectorError"), R, False, "connect"),
    (UpstreamError("connect", "stream cut: ServerDisconnectedError"), R, False, "connect"),
    (UpstreamError("protocol", "upstream sent a body that is not JSON"), R, False, "protocol"),
    (UpstreamError("stream_error", "upstream stream error: overloaded"), R, False, "stream_error"),
    (UpstreamError("status", "timeout", 408), R, False, "request_timeout"),
    (UpstreamError("status", "conflict", 409), R, False, "conflict"),
    (UpstreamError("status", "slow down", 429, retry_after=2.0), R, False, "rate_limited"),
    (UpstreamError("status", "boom", 500), R, False, "server_error"),
    (UpstreamError("status", "bad gateway", 502), R, False, "server_error"),
    (UpstreamError("status", "unavailable", 503, retry_after=1.0), R, False, "server_error"),
    (UpstreamError("status", "overloaded", 529), R, False, "server_error"),
    # another candidate may answer
    (
        UpstreamError("status", "too long", 400, code="context_length_exceeded"),
        N,
        False,
        "context_length",
    ),
    (
        UpstreamError(
            "status",
            "prompt is too long: 210000 tokens > 200000 maximum",
            400,
            code="invalid_request_error",
        ),
        N,
        False,
        "context_length",
    ),
    (UpstreamError("status", "filtered", 400, code="content_filter"), N, False, "content_filter"),
    (
        UpstreamError("status", "policy", 400, code="content_policy_violation"),
        N,
        False,
        "content_filter",
    ),
    (
        UpstreamError("status", "tools unsupported", 400, code="unsupported_parameter"),
        N,
        False,
        "capability",
    ),
    (
        UpstreamError("status", "unknown model", 404, code="model_not_found"),
        N,
        True,
        "deployment_missing",
    ),
    # our credentials or account at the provider: skip and cool the deployment down
    (
        UpstreamError("status", "upstream rejected our credentials (401)", 401),
        N,
        True,
        "upstream_auth",
    ),
    (
        UpstreamError("status", "upstream rejected our credentials (403)", 403),
        N,
        True,
        "upstream_auth",
    ),
    (UpstreamError("status", "pay up", 402), N, True, "quota"),
    (UpstreamError("status", "quota", 429, code="insufficient_quota"), N, True, "quota"),
    (UpstreamError("status", "gone", 410), N, False, "client_error_other"),
    # the client's request is at fault: return it
    (UpstreamError("status", "bad request", 400), X, False, "client_error"),
    (
        UpstreamError("status", "bad request", 400, code="invalid_request_error"),
        X,
        False,
        "client_error",
    ),
    (UpstreamError("status", "not found", 404), X, False, "client_error"),
    (UpstreamError("status", "too large", 413), X, False, "client_error"),
    (UpstreamError("status", "unprocessable", 422), X, False, "client_error"),
]


@pytest.mark.parametrize(("err", "move", "cool_down", "reason"), TABLE, ids=lambda v: str(v))
def test_error_decides_the_move(
    err: UpstreamError, move: Move, cool_down: bool, reason: str
) -> None:
    decided = next_move(err)
    assert (decided.move, decided.cool_down, decided.reason) == (move, cool_down, reason)


def test_only_upstream_failures_cool_down_a_deployment() -> None:
    for err, move, cool_down, _ in TABLE:
        if cool_down:
            assert move is N, err
        if move is not N:
            assert not cool_down, err


def test_codes_are_case_insensitive() -> None:
    assert next_move(UpstreamError("status", "x", 400, code="Context_Length_Exceeded")).move is N

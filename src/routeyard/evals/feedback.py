"""``POST /v1/feedback``: a client's score for one of its requests, stored against it.

    curl -H "Authorization: Bearer $KEY" -d '{"request_id": "…", "score": 0.8}' \\
         http://127.0.0.1:8080/v1/feedback

``request_id`` is the ``x-request-id`` header of the answer being rated, ``score`` a number in
[0, 1], ``comment`` optional text. Authenticated like the chat endpoints. Idempotent per
(request id, client key): the first score stands, and a repeat answers ``"created": false``.
The comment is redacted with the request log's rules before it is stored.
The request itself is not looked up (the request log is written in the background, so a fast
client may rate a request that is not in the database yet).
"""

from __future__ import annotations

import asyncio
import math
from typing import Any, ClassVar

import orjson

from routeyard.errors import GatewayError, InvalidRequest, NotFound
from routeyard.evals.store import EvalStore, Feedback, StoreUnavailable
from routeyard.ingress.auth import ClientAuth
from routeyard.ingress.body import read_json
from routeyard.ingress.httpd import Request, Responder

MAX_REQUEST_ID = 128
MAX_COMMENT = 4000
_FIELDS = ("request_id", "score", "comment")


class FeedbackUnavailable(GatewayError):
    status: ClassVar[int] = 503
    type: ClassVar[str] = "server_error"
    default_code: ClassVar[str | None] = "feedback_store_unavailable"


def parse_feedback(body: dict[str, Any], key_id: str | None) -> Feedback:
    """Validate a feedback body; ``InvalidRequest`` names the offending field."""
    for name in body:
        if name not in _FIELDS:
            raise InvalidRequest(f"unknown field {name!r}; send {', '.join(_FIELDS)}", param=name)
    request_id = body.get("request_id")
    if not isinstance(request_id, str) or not request_id.strip():
        raise InvalidRequest("request_id must be a non-empty string", param="request_id")
    if len(request_id) > MAX_REQUEST_ID or not request_id.isprintable():
        raise InvalidRequest(
            f"request_id must be printable and at most {MAX_REQUEST_ID} characters",
            param="request_id",
        )
    score = body.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise InvalidRequest("score must be a number from 0 to 1", param="score")
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        raise InvalidRequest(f"score {score} is outside [0, 1]", param="score")
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise InvalidRequest("comment must be a string", param="comment")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise InvalidRequest(f"comment is longer than {MAX_COMMENT} characters", param="comment")
    return Feedback(request_id.strip(), float(score), comment or None, key_id)


class FeedbackEndpoint:
    def __init__(self, store: EvalStore | None, auth: ClientAuth) -> None:
        self.store = store
        self.auth = auth

    async def __call__(self, request: Request, resp: Responder) -> None:
        key_id = self.auth.authenticate(request)
        feedback = parse_feedback(read_json(request), key_id)
        if self.store is None:
            raise NotFound("feedback is stored in the request log's database, which is off")
        try:
            created = await asyncio.to_thread(self.store.add_feedback, feedback)
        except StoreUnavailable:
            raise FeedbackUnavailable(
                "feedback cannot be stored now; retry", retry_after=1.0
            ) from None
        resp.send(
            200,
            orjson.dumps(
                {
                    "object": "feedback",
                    "request_id": feedback.request_id,
                    "score": feedback.score,
                    "created": created,
                }
            ),
        )

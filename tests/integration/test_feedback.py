"""``POST /v1/feedback`` on a real gateway: authenticated like chat, validated with OpenAI-shaped
errors, stored once per (request id, client key)."""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import CLIENT_KEY, LIMITED_KEY, Proc, http

pytestmark = pytest.mark.integration


def post(gateway: Proc, body: object, key: str | None = CLIENT_KEY, raw: bytes | None = None):  # type: ignore[no-untyped-def]
    headers = {"content-type": "application/json"}
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    data = raw if raw is not None else json.dumps(body).encode()
    return http("POST", f"{gateway.url}/v1/feedback", data, headers)


def test_feedback_is_stored_once_per_request_and_key(gateway: Proc) -> None:
    chat = http(
        "POST",
        f"{gateway.url}/v1/chat/completions",
        json.dumps({"model": "auto", "messages": [{"role": "user", "content": "hello"}]}).encode(),
        {"content-type": "application/json", "authorization": f"Bearer {CLIENT_KEY}"},
    )
    assert chat.status == 200
    request_id = chat.headers["x-request-id"]
    first = post(gateway, {"request_id": request_id, "score": 0.75, "comment": "fine"})
    assert first.status == 200
    assert first.json() == {
        "object": "feedback", "request_id": request_id, "score": 0.75, "created": True
    }  # fmt: skip
    again = post(gateway, {"request_id": request_id, "score": 0.1})
    assert again.status == 200 and again.json()["created"] is False  # the first one stands
    other_key = post(gateway, {"request_id": request_id, "score": 1}, key=LIMITED_KEY)
    assert other_key.json()["created"] is True


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"request_id": "r1", "score": 1.5}, "score"),
        ({"request_id": "r1", "score": True}, "score"),
        ({"request_id": "r1", "score": "0.5"}, "score"),
        ({"request_id": "", "score": 0.5}, "request_id"),
        ({"score": 0.5}, "request_id"),
        ({"request_id": "r1", "score": 0.5, "comment": 3}, "comment"),
        ({"request_id": "r1", "score": 0.5, "rating": 5}, "rating"),
    ],
)
def test_bad_feedback_gets_a_400_naming_the_field(gateway: Proc, body: object, param: str) -> None:
    reply = post(gateway, body)
    assert reply.status == 400
    error = reply.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param


def test_feedback_needs_a_key_and_json(gateway: Proc) -> None:
    assert post(gateway, {"request_id": "r", "score": 1}, key=None).status == 401
    assert post(gateway, {"request_id": "r", "score": 1}, key="wrong-key").status == 401
    bad = post(gateway, None, raw=b"{not json")
    assert bad.status == 400 and "not valid JSON" in bad.json()["error"]["message"]
    listed = http("GET", f"{gateway.url}/v1/feedback")
    assert listed.status == 405 and listed.headers["allow"] == "POST"

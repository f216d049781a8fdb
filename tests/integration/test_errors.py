"""Bad input gets a clear 4xx in the ingress API's shape and never reaches an upstream."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from .conftest import CLIENT_KEY, Proc, http, sim_faults

pytestmark = pytest.mark.integration

JSON = {"content-type": "application/json", "authorization": f"Bearer {CLIENT_KEY}"}


def sim_requests(simulator: Proc) -> int:
    state = http("GET", f"{simulator.url}/_sim/state").json()
    return sum(int(m["requests"]) for m in state["models"].values())


def chat(gateway: Proc, body: Any, headers: dict[str, str] | None = None) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return http("POST", f"{gateway.url}/v1/chat/completions", raw, headers or JSON)


def ok_body(**extra: Any) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": "hi"}], **extra}


@pytest.mark.parametrize(
    ("body", "headers", "status", "code_or_param"),
    [
        (b"{not json", JSON, 400, None),
        (b"[1, 2]", JSON, 400, None),
        (b"", JSON, 400, None),
        (ok_body(), {**JSON, "content-type": "text/plain"}, 415, "unsupported_media_type"),
        ({"model": "auto", "messages": []}, JSON, 400, "messages"),
        ({"messages": [{"role": "user", "content": "x"}]}, JSON, 400, "model"),
        (ok_body(model="gpt-99"), JSON, 404, "model_not_found"),
        (ok_body(model="auto:nope"), JSON, 404, "model_not_found"),
        (ok_body(temperature=7), JSON, 400, "temperature"),
        (ok_body(max_tokens=0), JSON, 400, "max_tokens"),
        (ok_body(n=3), JSON, 400, "n"),
        (ok_body(bogus=1), JSON, 400, "bogus"),
        (ok_body(stream_options={"include_usage": True}), JSON, 400, "stream_options"),
        ({"model": "auto", "messages": [{"role": "wizard", "content": "x"}]}, JSON, 400, None),
        (ok_body(metadata={"route": "nope"}), JSON, 400, "metadata.route"),
        (ok_body(), {"content-type": "application/json"}, 401, "invalid_api_key"),
        (ok_body(), {**JSON, "authorization": "Bearer wrong"}, 401, "invalid_api_key"),
    ],
)
def test_bad_requests_never_reach_upstream(
    gateway: Proc,
    simulator: Proc,
    body: Any,
    headers: dict[str, str],
    status: int,
    code_or_param: str | None,
) -> None:
    before = sim_requests(simulator)
    r = chat(gateway, body, headers)
    assert r.status == status
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert set(err) == {"message", "type", "param", "code"}
    assert err["message"]
    if code_or_param is not None:
        assert code_or_param in (err["code"], err["param"])
    assert sim_requests(simulator) == before


def test_body_over_cap_is_413(gateway: Proc, simulator: Proc) -> None:
    before = sim_requests(simulator)
    r = chat(gateway, ok_body(messages=[{"role": "user", "content": "x" * 70_000}]))
    assert r.status == 413
    assert r.json()["error"]["type"] == "request_too_large"
    assert sim_requests(simulator) == before


def test_unknown_path_and_method(gateway: Proc) -> None:
    r = http("GET", f"{gateway.url}/v1/nothing-here")
    assert r.status == 404
    assert r.json()["error"]["type"] == "not_found_error"
    r = http("GET", f"{gateway.url}/v1/chat/completions")
    assert r.status == 405
    assert "error" in r.json()


def test_health_endpoints(gateway: Proc) -> None:
    assert http("GET", f"{gateway.url}/healthz").json() == {"status": "ok"}
    assert http("GET", f"{gateway.url}/readyz").status == 200


def test_provider_keys_never_leak(gateway: Proc, simulator: Proc) -> None:
    # An upstream auth failure must not relay the provider's text or key.
    with sim_faults(simulator, {"sim-flaky": {"error_rate": 1.0, "error_status": 401}}):
        client = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0)
        raw = client.chat.completions.with_raw_response.create(
            model="flaky-auth", messages=[{"role": "user", "content": "hi"}]
        )
        # 401 from upstream is not the client's fault: the gateway moves to the fallback.
        assert raw.headers["x-routeyard-model"] == "other-auth"
        assert raw.headers["x-routeyard-attempts"] == "2"  # no retry of a credentials failure
    text = "".join(gateway.stderr_lines)
    for secret in ("sk-provider-secret-openai", "sk-ant-provider-secret", CLIENT_KEY):
        assert secret not in text


def test_all_candidates_down_is_502_in_shape(gateway: Proc, simulator: Proc) -> None:
    down = {"error_rate": 1.0, "error_status": 500}
    with sim_faults(simulator, {"sim-flaky": down, "sim-other": down}):
        r = chat(gateway, ok_body(model="auto:flaky-down"))
        assert r.status == 502
        assert r.headers["x-routeyard-route"] == "flaky-down"
        assert r.headers["x-routeyard-attempts"] == "4"  # two tries on each of two candidates
        assert "x-routeyard-model" not in r.headers
        assert "every candidate failed" in r.json()["error"]["message"]
        r = http(
            "POST",
            f"{gateway.url}/v1/messages",
            json.dumps(
                {
                    "model": "auto:flaky-down",
                    "max_tokens": 5,
                    "messages": [{"role": "user", "content": "x"}],
                }
            ).encode(),
            JSON,
        )
        assert r.status == 502
        assert r.json()["type"] == "error"


def test_rate_limited_everywhere_is_429_with_retry_after(gateway: Proc, simulator: Proc) -> None:
    # Retry-After above the cap (60 s): no waiting, fail over, then 429 with the header.
    limited = {"rate_limit_rate": 1.0, "retry_after_s": 90}
    with sim_faults(simulator, {"sim-flaky": limited, "sim-other": limited}):
        r = chat(gateway, ok_body(model="auto:flaky-429"))
        assert r.status == 429
        assert r.headers["retry-after"] == "90"
        assert r.headers["x-routeyard-attempts"] == "2"


def test_stream_first_event_error_falls_back(gateway: Proc, simulator: Proc) -> None:
    with sim_faults(simulator, {"sim-flaky": {"error_in_first_event": True}}):
        client = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0)
        raw = client.chat.completions.with_raw_response.create(
            model="auto:flaky", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        assert raw.headers["x-routeyard-model"] == "other"
        assert raw.headers["x-routeyard-attempts"] == "3"  # flaky twice, then other
        assert "".join(c.choices[0].delta.content or "" for c in raw.parse() if c.choices)


def test_error_after_commit_is_in_band_without_done(gateway: Proc, simulator: Proc) -> None:
    with sim_faults(simulator, {"sim-flaky": {"error_after_chunks": 2}}):
        r = chat(gateway, ok_body(model="auto:flaky-commit", stream=True))
        assert r.status == 200
        text = r.body.decode()
        assert '"error"' in text
        assert "[DONE]" not in text
        client = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0)
        with pytest.raises(openai.APIError):
            for _ in client.chat.completions.create(
                model="auto:flaky-commit", messages=[{"role": "user", "content": "hi"}], stream=True
            ):
                pass

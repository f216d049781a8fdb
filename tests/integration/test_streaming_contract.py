"""The streaming commit point, seen from a client: disconnects and failures after the first byte."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import anthropic
import pytest

from .conftest import CLIENT_KEY, Proc, http, sim_faults

pytestmark = pytest.mark.integration


def sim_model(simulator: Proc, name: str) -> dict[str, int]:
    state = http("GET", f"{simulator.url}/_sim/state").json()
    return state["models"][name]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/v1/chat/completions",
            {"model": "slow", "stream": True, "messages": [{"role": "user", "content": "hi"}]},
        ),
        (
            "/v1/messages",
            {
                "model": "slow",
                "stream": True,
                "max_tokens": 100,
                "messages": [{"role": "user", "content": "hi"}],
            },
        ),
    ],
)
async def test_client_disconnect_cancels_upstream(
    gateway: Proc, simulator: Proc, path: str, body: dict[str, object]
) -> None:
    headers = {"Authorization": f"Bearer {CLIENT_KEY}"}
    async with aiohttp.ClientSession() as session:
        resp = await session.post(f"{gateway.url}{path}", json=body, headers=headers)
        assert resp.status == 200
        await resp.content.readany()  # the stream is committed and flowing
        assert sim_model(simulator, "sim-slow")["active"] == 1
        resp.close()  # the client goes away mid-stream
    # Poll the simulator (another process) for up to 1.5 s.
    deadline = time.monotonic() + 1.5
    active = sim_model(simulator, "sim-slow")["active"]
    while active and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        active = sim_model(simulator, "sim-slow")["active"]
    assert active == 0


def test_anthropic_ingress_error_after_commit(gateway: Proc, simulator: Proc) -> None:
    with sim_faults(simulator, {"sim-flaky": {"error_after_chunks": 3}}):
        r = http(
            "POST",
            f"{gateway.url}/v1/messages",
            json.dumps(
                {
                    "model": "auto:flaky-commit-a",
                    "stream": True,
                    "max_tokens": 50,
                    "messages": [{"role": "user", "content": "hi"}],
                }
            ).encode(),
            {"content-type": "application/json", "x-api-key": CLIENT_KEY},
        )
        assert r.status == 200
        text = r.body.decode()
        assert "event: message_start" in text
        assert "event: error" in text
        assert "event: message_stop" not in text  # a broken stream never ends as if complete
        client = anthropic.Anthropic(base_url=gateway.url, api_key=CLIENT_KEY, max_retries=0)
        with (
            pytest.raises(anthropic.APIStatusError),
            client.messages.stream(
                model="auto:flaky-commit-a",
                max_tokens=50,
                messages=[{"role": "user", "content": "hi"}],
            ) as stream,
        ):
            for _ in stream.text_stream:
                pass


def test_stats_count_what_happened(gateway: Proc) -> None:
    body = json.dumps({"model": "auto", "messages": [{"role": "user", "content": "hi"}]}).encode()
    auth = {"Authorization": f"Bearer {CLIENT_KEY}", "content-type": "application/json"}
    assert http("POST", f"{gateway.url}/v1/chat/completions", body, auth).status == 200
    stats = http(
        "GET", f"{gateway.url}/routeyard/stats", headers={"Authorization": f"Bearer {CLIENT_KEY}"}
    ).json()
    assert stats["requests"] > 0
    assert stats["cost_usd"] > 0
    assert stats["baseline_cost_usd"] >= stats["cost_usd"]
    assert "general" in stats["routes"]
    assert http("GET", f"{gateway.url}/routeyard/stats").status == 401

"""Heartbeats while no candidate has produced a first chunk yet."""

from __future__ import annotations

import json
from collections.abc import Iterator

import openai
import pytest

from .conftest import CLIENT_KEY, Proc, http, render_gateway_config, start, stop

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def late_gateway(simulator: Proc, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    text = render_gateway_config(simulator.url)
    text = text.replace("resilience:\n", "resilience:\n  heartbeat_s: 0.2\n")
    text = text.replace(
        "models:\n",
        "models:\n  late: {provider: oa, model: sim-late, price: {input: 1, output: 1}}\n"
        "  late-timeout: {provider: oa, model: sim-late, price: {input: 1, output: 1},"
        " timeouts: {ttft_s: 0.5}}\n",
    )
    path = tmp_path_factory.mktemp("hb") / "gw.yaml"
    path.write_text(text)
    p = start(["serve", "-c", str(path), "--port", "0"])
    yield p
    stop(p)


def test_comments_keep_a_slow_stream_alive_and_sdks_ignore_them(late_gateway: Proc) -> None:
    body = {"model": "late", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    r = http(
        "POST",
        f"{late_gateway.url}/v1/chat/completions",
        json.dumps(body).encode(),
        {"content-type": "application/json", "authorization": f"Bearer {CLIENT_KEY}"},
    )
    text = r.body.decode()
    assert r.status == 200
    assert text.count(": waiting for the first token") >= 2  # 0.7 s wait, a comment every 0.2 s
    assert text.rstrip().endswith("data: [DONE]")
    client = openai.OpenAI(base_url=f"{late_gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0)
    chunks = list(
        client.chat.completions.create(model="late", stream=True, messages=body["messages"])
    )  # type: ignore[arg-type]
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_failure_after_heartbeats_is_an_in_band_error(late_gateway: Proc) -> None:
    # Two attempts that each time out after 0.5 s waiting for a first token (the upstream needs
    # 0.7 s): heartbeats go out meanwhile, so the failure must arrive in-band.
    body = {
        "model": "late-timeout",
        "stream": True,
        "messages": [{"role": "user", "content": "hi"}],
    }
    r = http(
        "POST",
        f"{late_gateway.url}/v1/chat/completions",
        json.dumps(body).encode(),
        {"content-type": "application/json", "authorization": f"Bearer {CLIENT_KEY}"},
    )
    text = r.body.decode()
    assert r.status == 200  # the head went out with the first heartbeat
    assert ": waiting for the first token" in text
    assert '"error"' in text
    assert "timed out" in text
    assert "[DONE]" not in text

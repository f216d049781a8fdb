"""The legacy Completions API (``POST /v1/completions``) with the official openai SDK against a
real gateway: served as a one-message chat, routed like one, answered in the legacy shape."""

from __future__ import annotations

import json
from collections.abc import Iterator

import openai
import pytest

from .conftest import CLIENT_KEY, Proc, http

pytestmark = pytest.mark.integration


@pytest.fixture
def client(gateway: Proc) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0) as c:
        yield c


@pytest.mark.parametrize("model", ["auto", "medium", "claude-small"])
def test_completion(client: openai.OpenAI, model: str) -> None:
    raw = client.completions.with_raw_response.create(
        model=model, prompt="Write one line about rivers.", max_tokens=200
    )
    done = raw.parse()
    assert done.object == "text_completion"
    assert done.id.startswith("cmpl-")
    assert done.choices[0].text
    assert done.choices[0].finish_reason == "stop"
    assert done.usage is not None and done.usage.completion_tokens > 0
    assert raw.headers["x-routeyard-route"]
    if model != "auto":
        assert done.model == raw.headers["x-routeyard-model"] == model


def test_max_tokens_defaults_to_the_legacy_16(client: openai.OpenAI) -> None:
    done = client.completions.create(model="large", prompt="Tell me a long story.")
    assert done.usage is not None and done.usage.completion_tokens == 16  # sim-large says 20
    assert done.choices[0].finish_reason == "length"


@pytest.mark.parametrize("include_usage", [False, True])
def test_stream(client: openai.OpenAI, include_usage: bool) -> None:
    chunks = list(
        client.completions.create(
            model="medium", prompt="Tell me a story", max_tokens=200, stream=True,
            stream_options={"include_usage": True} if include_usage else None,
        )
    )  # fmt: skip
    text = "".join(c.choices[0].text for c in chunks if c.choices)
    assert text
    assert all(c.object == "text_completion" for c in chunks)
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    usage = [c.usage for c in chunks if c.usage is not None]
    assert (len(usage) == 1) is include_usage


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"suffix": "}"}, "suffix"),
        ({"echo": True}, "echo"),
        ({"logprobs": 2}, "logprobs"),
        ({"best_of": 3}, "best_of"),
        ({"n": 2}, "n"),
        ({"prompt": [1, 2, 3]}, "prompt"),
        ({"prompt": ["a", "b"]}, "prompt"),
        ({"tools": []}, "tools"),
    ],
)
def test_what_has_no_chat_form_is_refused(
    gateway: Proc, extra: dict[str, object], param: str
) -> None:
    body = {"model": "auto", "prompt": "hi", **extra}
    reply = http(
        "POST", f"{gateway.url}/v1/completions", json.dumps(body).encode(),
        {"content-type": "application/json", "authorization": f"Bearer {CLIENT_KEY}"},
    )  # fmt: skip
    assert reply.status == 400, reply.body
    assert reply.json()["error"]["param"] == param

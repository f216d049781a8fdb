"""The official anthropic SDK against a real gateway process."""

from __future__ import annotations

import json
from collections.abc import Iterator

import anthropic
import pytest

from .conftest import CLIENT_KEY, LIMITED_KEY, Proc, http

pytestmark = pytest.mark.integration

TOOLS = [
    {
        "name": "get_weather",
        "description": "Current weather for a city",
        "input_schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    }
]


@pytest.fixture
def client(gateway: Proc) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=gateway.url, api_key=CLIENT_KEY, max_retries=0) as c:
        yield c


# "auto:general" reaches an OpenAI-compatible upstream; "claude-small" an Anthropic one.
@pytest.mark.parametrize("model", ["auto", "claude-small"])
def test_message(client: anthropic.Anthropic, model: str) -> None:
    raw = client.messages.with_raw_response.create(
        model=model,
        max_tokens=200,
        system="You are terse.",
        messages=[{"role": "user", "content": "What is the capital of Peru?"}],
    )
    msg = raw.parse()
    assert msg.type == "message"
    assert msg.role == "assistant"
    assert msg.content[0].type == "text" and msg.content[0].text
    assert msg.stop_reason == "end_turn"
    assert msg.usage.output_tokens > 0
    assert raw.headers["x-routeyard-model"] in ("small", "claude-small")
    assert raw.headers["x-routeyard-route"]


@pytest.mark.parametrize("model", ["auto", "claude-small"])
def test_stream(client: anthropic.Anthropic, model: str) -> None:
    with client.messages.stream(
        model=model, max_tokens=200, messages=[{"role": "user", "content": "Tell me a story"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text
    assert final.content[0].type == "text" and final.content[0].text == text
    assert final.stop_reason == "end_turn"


@pytest.mark.parametrize("model", ["small", "claude-small"])
def test_tool_use_round_trip(client: anthropic.Anthropic, model: str) -> None:
    msgs: list[anthropic.types.MessageParam] = [
        {"role": "user", "content": "Use get_weather for Lima"}
    ]
    first = client.messages.create(model=model, max_tokens=200, messages=msgs, tools=TOOLS)  # type: ignore[arg-type]
    assert first.stop_reason == "tool_use"
    tool = next(b for b in first.content if b.type == "tool_use")
    assert tool.name == "get_weather" and "city" in tool.input  # type: ignore[operator]
    msgs += [
        {"role": "assistant", "content": first.content},  # type: ignore[typeddict-item]
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": tool.id, "content": "18 C"}],
        },
    ]
    second = client.messages.create(model=model, max_tokens=200, messages=msgs, tools=TOOLS)  # type: ignore[arg-type]
    assert second.content[0].type == "text"


@pytest.mark.parametrize("model", ["small", "claude-small"])
def test_streamed_tool_use(client: anthropic.Anthropic, model: str) -> None:
    with client.messages.stream(
        model=model,
        max_tokens=200,
        tools=TOOLS,  # type: ignore[arg-type]
        messages=[{"role": "user", "content": "Use get_weather for Quito"}],
    ) as stream:
        final = stream.get_final_message()
    tool = next(b for b in final.content if b.type == "tool_use")
    assert tool.name == "get_weather"
    assert "city" in tool.input  # type: ignore[operator]
    assert final.stop_reason == "tool_use"


def test_errors_in_anthropic_shape(gateway: Proc) -> None:
    bad = anthropic.Anthropic(base_url=gateway.url, api_key="wrong", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError) as info:
        bad.messages.create(
            model="auto", max_tokens=10, messages=[{"role": "user", "content": "x"}]
        )
    assert info.value.body == {
        "type": "error",
        "error": {"type": "authentication_error", "message": "invalid API key"},
    }


def test_missing_max_tokens(gateway: Proc) -> None:
    r = http(
        "POST",
        f"{gateway.url}/v1/messages",
        json.dumps({"model": "auto", "messages": [{"role": "user", "content": "x"}]}).encode(),
        {"x-api-key": CLIENT_KEY, "content-type": "application/json"},
    )
    assert r.status == 400
    assert r.json()["type"] == "error"
    assert r.json()["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in r.json()["error"]["message"]


@pytest.mark.parametrize("model", ["auto", "claude-small"])
def test_count_tokens(client: anthropic.Anthropic, model: str) -> None:
    """An estimate from the gateway itself: it grows with the text, the system prompt and the
    tools, and needs no max_tokens."""
    short = [{"role": "user", "content": "What is the capital of France?"}]
    long = [{"role": "user", "content": "What is the capital of France? " * 40}]
    counts = [
        client.messages.count_tokens(model=model, messages=short).input_tokens,
        client.messages.count_tokens(model=model, messages=long).input_tokens,
        client.messages.count_tokens(model=model, messages=long, system="Be terse.").input_tokens,
        client.messages.count_tokens(
            model=model, messages=long, system="Be terse.", tools=TOOLS
        ).input_tokens,
    ]
    assert 0 < counts[0] < counts[1] < counts[2] < counts[3]
    # About four characters a token: 40 × 31 characters make some 300 tokens.
    assert 250 < counts[1] < 400


def test_count_tokens_errors_match_the_messages_endpoint(gateway: Proc) -> None:
    limited = anthropic.Anthropic(base_url=gateway.url, api_key=LIMITED_KEY, max_retries=0)
    one = [{"role": "user", "content": "hi"}]
    assert limited.messages.count_tokens(model="small", messages=one).input_tokens > 0
    with pytest.raises(anthropic.PermissionDeniedError):
        limited.messages.count_tokens(model="large", messages=one)
    with pytest.raises(anthropic.NotFoundError, match="unknown model 'nope'"):
        limited.messages.count_tokens(model="nope", messages=one)
    with pytest.raises(anthropic.BadRequestError, match="messages must be a non-empty array"):
        limited.messages.count_tokens(model="small", messages=[])
    bad = anthropic.Anthropic(base_url=gateway.url, api_key="wrong", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError):
        bad.messages.count_tokens(model="auto", messages=one)


def test_models_list_and_retrieve(client: anthropic.Anthropic) -> None:
    page = client.models.list()
    ids = [m.id for m in page.data]
    assert {"auto", "auto:code", "small", "claude-small"} <= set(ids)
    assert (page.has_more, page.first_id, page.last_id) == (False, ids[0], ids[-1])
    one = client.models.retrieve("claude-small")
    assert (one.id, one.type, one.display_name) == ("claude-small", "model", "claude-small")
    assert one.created_at.year >= 2026
    with pytest.raises(anthropic.NotFoundError):
        client.models.retrieve("nope")


THINKING = {"type": "enabled", "budget_tokens": 1024}


def test_native_fields_reach_an_anthropic_upstream(client: anthropic.Anthropic) -> None:
    """A request routed to an Anthropic upstream is sent as the client wrote it: the simulator
    answers ``thinking`` with a thinking block, which comes back whole, streamed or not; the
    model is the configured name."""
    message = client.messages.create(
        model="claude-small", max_tokens=2000, thinking=THINKING,  # type: ignore[arg-type]
        messages=[{"role": "user", "content": "What is the capital of Peru?"}],
    )  # fmt: skip
    assert [b.type for b in message.content] == ["thinking", "text"]
    assert message.content[0].signature  # type: ignore[union-attr]
    assert message.model == "claude-small"
    with client.messages.stream(
        model="claude-small",
        max_tokens=2000,
        thinking=THINKING,  # type: ignore[arg-type]
        messages=[{"role": "user", "content": "Tell me a story"}],
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert [b.type for b in final.content] == ["thinking", "text"]
    assert final.content[0].thinking and final.content[0].signature  # type: ignore[union-attr]
    assert text == final.content[1].text  # type: ignore[union-attr]
    assert final.model == "claude-small"
    assert final.stop_reason == "end_turn" and final.usage.output_tokens > 0


def test_native_fields_are_dropped_for_other_upstreams(client: anthropic.Anthropic) -> None:
    """The same request routed to an OpenAI-compatible upstream is translated: no thinking
    block (OpenAI's API has none to give), but a whole answer."""
    message = client.messages.create(
        model="small", max_tokens=2000, thinking=THINKING,  # type: ignore[arg-type]
        messages=[{"role": "user", "content": "What is the capital of Peru?"}],
    )  # fmt: skip
    assert [b.type for b in message.content] == ["text"]
    assert message.model == "small"


def test_prompt_cache_through_the_gateway(client: anthropic.Anthropic, gateway: Proc) -> None:
    """``cache_control`` reaches the upstream, its cache usage reaches the client, and the
    gateway counts the tokens written to the cache."""
    system = [
        {
            "type": "text",
            "text": "You answer questions about South American capitals. " * 120,
            "cache_control": {"type": "ephemeral"},
        }
    ]
    usages = [
        client.messages.create(
            model="claude-small", max_tokens=100, system=system,  # type: ignore[arg-type]
            messages=[{"role": "user", "content": question}],
        ).usage
        for question in ("Capital of Peru?", "Capital of Chile?")
    ]  # fmt: skip
    written = usages[0].cache_creation_input_tokens
    assert written is not None and written >= 1024
    assert usages[1].cache_read_input_tokens == written
    assert usages[1].input_tokens < 50
    metrics = http("GET", f"{gateway.url}/metrics").body.decode()
    line = next(
        line
        for line in metrics.splitlines()
        if line.startswith('routeyard_tokens_total{model="claude-small",type="cache_write"}')
    )
    assert float(line.split()[-1]) >= written


def test_metadata_route_hint_on_messages(client: anthropic.Anthropic) -> None:
    """``metadata.route`` picks the route on /v1/messages too, and does not reach upstream
    (the simulator would not mind; the unit tests check the body sent)."""
    raw = client.messages.with_raw_response.create(
        model="auto", max_tokens=100,
        metadata={"route": "anthropic"},  # type: ignore[typeddict-unknown-key]
        messages=[{"role": "user", "content": "What is the capital of Peru?"}],
    )  # fmt: skip
    assert raw.headers["x-routeyard-route"] == "anthropic"
    assert raw.headers["x-routeyard-model"] == "claude-small"
    assert raw.parse().content[0].type == "text"

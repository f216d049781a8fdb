"""The official openai SDK against a real gateway process, unchanged but for the base URL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import openai
import pytest

from .conftest import CLIENT_KEY, LIMITED_KEY, Proc

pytestmark = pytest.mark.integration

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]


@pytest.fixture
def client(gateway: Proc) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0) as c:
        yield c


def ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_auto_routes_and_shows_the_decision(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto", messages=ask("What is the capital of France?")
    )
    completion = raw.parse()
    assert completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"
    assert completion.model == "small"
    assert completion.usage is not None and completion.usage.completion_tokens > 0
    assert raw.headers["x-routeyard-model"] == "small"
    assert raw.headers["x-routeyard-route"] == "general"
    assert raw.headers["x-routeyard-attempts"] == "1"
    assert float(raw.headers["x-routeyard-decision-us"]) > 0


def test_code_prompt_takes_code_route(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto", messages=ask("Write a Python function that reverses a linked list.")
    )
    assert raw.headers["x-routeyard-route"] == "code"
    assert raw.headers["x-routeyard-model"] == "medium"


def test_route_pin_and_model_pin(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto:extraction", messages=ask("hello")
    )
    assert raw.headers["x-routeyard-route"] == "extraction"
    raw = client.chat.completions.with_raw_response.create(model="large", messages=ask("hello"))
    assert raw.headers["x-routeyard-route"] == "pinned"
    assert raw.headers["x-routeyard-model"] == "large"


def test_route_hint_header_and_metadata(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto", messages=ask("hello"), extra_headers={"x-routeyard-route": "code"}
    )
    assert raw.headers["x-routeyard-route"] == "code"
    raw = client.chat.completions.with_raw_response.create(
        model="auto", messages=ask("hello"), metadata={"route": "extraction"}
    )
    assert raw.headers["x-routeyard-route"] == "extraction"


def test_streaming_with_usage(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto",
        messages=ask("Tell me about rivers."),
        stream=True,
        stream_options={"include_usage": True},
    )
    assert raw.headers["x-routeyard-model"] == "small"
    text, usage, finish = "", None, None
    for chunk in raw.parse():
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
            finish = choice.finish_reason or finish
    assert text
    assert finish == "stop"
    assert usage is not None and usage.completion_tokens > 0


def test_streaming_without_usage_has_no_usage_chunk(client: openai.OpenAI) -> None:
    chunks = list(client.chat.completions.create(model="auto", messages=ask("hi"), stream=True))
    assert chunks
    assert all(c.choices for c in chunks)
    assert all(c.usage is None for c in chunks)


@pytest.mark.parametrize("model", ["small", "claude-small"])
def test_tool_calls(client: openai.OpenAI, model: str) -> None:
    msgs = ask("Use get_weather for Paris")
    first = client.chat.completions.create(model=model, messages=msgs, tools=TOOLS)
    message = first.choices[0].message
    assert first.choices[0].finish_reason == "tool_calls"
    assert message.tool_calls
    call = message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert "city" in json.loads(call.function.arguments)
    follow = [
        *msgs,
        message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": '{"temp_c": 18}'},
    ]
    second = client.chat.completions.create(model=model, messages=follow, tools=TOOLS)  # type: ignore[arg-type]
    assert second.choices[0].message.content


@pytest.mark.parametrize("model", ["small", "claude-small"])
def test_streamed_tool_calls(client: openai.OpenAI, model: str) -> None:
    name, args = "", ""
    for chunk in client.chat.completions.create(
        model=model, messages=ask("Use get_weather for Oslo"), tools=TOOLS, stream=True
    ):
        for choice in chunk.choices:
            for tc in choice.delta.tool_calls or []:
                name += tc.function.name or "" if tc.function else ""
                args += tc.function.arguments or "" if tc.function else ""
    assert name == "get_weather"
    assert "city" in json.loads(args)


@pytest.mark.parametrize("model", ["medium", "claude-small"])
def test_multi_turn_and_system(client: openai.OpenAI, model: str) -> None:
    out = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Name a colour."},
            {"role": "assistant", "content": "Blue."},
            {"role": "user", "content": "Another one?"},
        ],
    )
    assert out.choices[0].message.content
    assert out.model == model


def test_json_mode(client: openai.OpenAI) -> None:
    out = client.chat.completions.create(
        model="auto",
        messages=ask("List two fruits as JSON"),
        response_format={"type": "json_object"},
    )
    assert isinstance(json.loads(out.choices[0].message.content or ""), dict)


def test_images_go_to_a_vision_model(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto:general",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this picture?"},
                    {
                        "type": "image_url",
                        "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="},
                    },
                ],
            }
        ],
    )
    # small lacks 'vision' in this config, so the policy skips it
    assert raw.headers["x-routeyard-model"] == "medium"


@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_upstream_from_openai_ingress(client: openai.OpenAI, stream: bool) -> None:
    if stream:
        text = ""
        for chunk in client.chat.completions.create(
            model="auto:anthropic", messages=ask("hello"), stream=True
        ):
            text += "".join(c.delta.content or "" for c in chunk.choices)
        assert text
    else:
        out = client.chat.completions.create(model="auto:anthropic", messages=ask("hello"))
        assert out.choices[0].message.content
        assert out.model == "claude-small"


@pytest.mark.parametrize("stream", [False, True])
def test_failover_to_next_candidate(client: openai.OpenAI, stream: bool) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto:failover", messages=ask("hello"), stream=stream
    )
    assert raw.headers["x-routeyard-model"] == "medium"
    assert raw.headers["x-routeyard-attempts"] == "3"  # "broken" (refused) twice, then medium
    if stream:
        assert list(raw.parse())
    else:
        assert raw.parse().choices[0].message.content


async def test_async_client_streaming(gateway: Proc) -> None:
    async with openai.AsyncOpenAI(
        base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0
    ) as client:
        out = await client.chat.completions.create(model="auto", messages=ask("hi"))
        assert out.choices[0].message.content
        text = ""
        stream = await client.chat.completions.create(model="auto", messages=ask("hi"), stream=True)
        async for chunk in stream:
            text += "".join(c.delta.content or "" for c in chunk.choices)
        assert text


def test_models_list(client: openai.OpenAI) -> None:
    ids = {m.id for m in client.models.list()}
    assert {"auto", "auto:code", "small", "claude-small"} <= ids


def test_models_retrieve(client: openai.OpenAI) -> None:
    for name in ("auto", "auto:code", "small"):
        model = client.models.retrieve(name)
        assert (model.id, model.object) == (name, "model")
    assert client.models.retrieve("small").owned_by == "oa"  # the provider's name
    with pytest.raises(openai.NotFoundError, match="unknown model 'gpt-9'"):
        client.models.retrieve("gpt-9")


def test_a_limited_key_lists_only_its_models(gateway: Proc) -> None:
    limited = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=LIMITED_KEY, max_retries=0)
    ids = {m.id for m in limited.models.list()}
    assert "small" in ids and "auto" in ids
    assert not ids & {"medium", "large", "claude-small"}
    with pytest.raises(openai.NotFoundError):
        limited.models.retrieve("large")
    bad = openai.OpenAI(base_url=f"{gateway.url}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        bad.models.retrieve("small")

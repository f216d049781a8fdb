"""What we produce, sent as bytes to the official SDKs (through an in-memory transport): they
must parse, accumulate and raise exactly as they do against the real APIs."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

import anthropic
import openai
import pytest

from routeyard.translate import (
    OPENAI_SSE_DONE,
    AnthropicToOpenAIStream,
    OpenAIToAnthropicStream,
    anthropic_error_body,
    anthropic_response_to_openai,
    encode_anthropic_sse,
    encode_openai_sse,
    openai_error_body,
    openai_response_to_anthropic,
)

from ._samples import anthropic_tool_stream, openai_tool_stream

# The SDK releases in our venv ship their HTTP client as ``httpx2``; older ones use ``httpx``.
httpx: Any = importlib.import_module("httpx2" if importlib.util.find_spec("httpx2") else "httpx")

SSE = {"content-type": "text/event-stream"}
Handler = Callable[[Any], Any]


def _openai_client(handler: Handler) -> openai.OpenAI:
    return openai.OpenAI(
        api_key="test",
        base_url="http://gateway.test/v1",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def _anthropic_client(handler: Handler) -> anthropic.Anthropic:
    return anthropic.Anthropic(
        api_key="test",
        base_url="http://gateway.test",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def _openai_sse_from_anthropic() -> bytes:
    stream = AnthropicToOpenAIStream("gpt-alias", include_usage=True)
    body = b"".join(
        encode_openai_sse(chunk)
        for name, data in anthropic_tool_stream()
        for chunk in stream.feed(name, data)
    )
    return body + OPENAI_SSE_DONE


def _anthropic_sse_from_openai() -> bytes:
    stream = OpenAIToAnthropicStream("claude-alias", input_tokens=5)
    events = [e for chunk in openai_tool_stream() for e in stream.feed(chunk)] + stream.finish()
    return b"".join(encode_anthropic_sse(name, data) for name, data in events)


MESSAGES: list[Any] = [{"role": "user", "content": "weather?"}]


def test_openai_sdk_streams_translated_anthropic_events() -> None:
    body = _openai_sse_from_anthropic()
    client = _openai_client(lambda request: httpx.Response(200, headers=SSE, content=body))
    with client.chat.completions.stream(model="gpt-alias", messages=MESSAGES) as stream:
        completion = stream.get_final_completion()
    message = completion.choices[0].message
    assert message.content == "Let me check."
    assert message.tool_calls is not None
    assert message.tool_calls[0].id == "toolu_01T1x1fJ34"
    assert message.tool_calls[0].function.name == "get_weather"
    assert message.tool_calls[0].function.arguments == (
        '{"location": "San Francisco, CA", "unit": "celsius"}'
    )
    assert completion.choices[0].finish_reason == "tool_calls"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens == 572


def test_anthropic_sdk_streams_translated_openai_chunks() -> None:
    body = _anthropic_sse_from_openai()
    client = _anthropic_client(lambda request: httpx.Response(200, headers=SSE, content=body))
    with client.messages.stream(model="claude-alias", max_tokens=100, messages=MESSAGES) as stream:
        texts = list(stream.text_stream)
        message = stream.get_final_message()
    assert "".join(texts) == "Checking both."
    assert [block.type for block in message.content] == ["text", "tool_use", "tool_use"]
    first, second = message.content[1], message.content[2]
    assert isinstance(first, anthropic.types.ToolUseBlock)
    assert isinstance(second, anthropic.types.ToolUseBlock)
    assert (first.id, first.name, first.input) == ("call_a1", "get_weather", {"city": "Paris"})
    assert (second.id, second.name, second.input) == ("call_b2", "get_time", {"tz": "CET"})
    assert message.stop_reason == "tool_use"
    assert message.usage.output_tokens == 40
    assert message.usage.input_tokens == 100


def test_non_streaming_responses_parse_in_both_sdks() -> None:
    upstream_anthropic = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-x",
        "content": [{"type": "text", "text": "Hi"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 1},
    }
    as_openai = anthropic_response_to_openai(upstream_anthropic, model="alias")
    client = _openai_client(lambda request: httpx.Response(200, json=as_openai))
    completion = client.chat.completions.create(model="alias", messages=MESSAGES)
    assert completion.choices[0].message.content == "Hi"

    back = openai_response_to_anthropic(as_openai, model="alias")
    aclient = _anthropic_client(lambda request: httpx.Response(200, json=back))
    message = aclient.messages.create(model="alias", max_tokens=5, messages=MESSAGES)
    assert message.id == "msg_1"
    assert message.content[0].type == "text"


def test_openai_error_body_raises_the_sdk_error() -> None:
    body = openai_error_body(400, "invalid_request_error", "n > 1 is not supported", None, "n")
    client = _openai_client(lambda request: httpx.Response(400, json=body))
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.param == "n"
    assert info.value.type == "invalid_request_error"


def test_anthropic_error_body_raises_the_sdk_error() -> None:
    body = anthropic_error_body(429, "rate_limit_error", "slow down")
    client = _anthropic_client(lambda request: httpx.Response(429, json=body))
    with pytest.raises(anthropic.RateLimitError) as info:
        client.messages.create(model="m", max_tokens=5, messages=MESSAGES)
    assert isinstance(info.value.body, dict)
    assert info.value.body["error"]["type"] == "rate_limit_error"


def test_in_band_anthropic_error_event_raises_in_the_sdk() -> None:
    body = encode_anthropic_sse("error", anthropic_error_body(529, "server_error", "Overloaded"))
    client = _anthropic_client(lambda request: httpx.Response(200, headers=SSE, content=body))
    with (
        pytest.raises(anthropic.APIStatusError, match="Overloaded"),
        client.messages.stream(model="m", max_tokens=5, messages=MESSAGES) as stream,
    ):
        stream.get_final_message()


def test_in_band_openai_error_chunk_raises_in_the_sdk() -> None:
    body = encode_openai_sse(openai_error_body(502, "server_error", "upstream failed", None, None))
    client = _openai_client(lambda request: httpx.Response(200, headers=SSE, content=body))
    with pytest.raises(openai.APIError, match="upstream failed"):
        for _ in client.chat.completions.create(model="m", messages=MESSAGES, stream=True):
            pass

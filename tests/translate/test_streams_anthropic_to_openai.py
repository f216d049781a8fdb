from __future__ import annotations

from typing import Any

import pytest
from openai.types.chat import ChatCompletionChunk

from routeyard.translate import AnthropicToOpenAIStream, StreamErrorEvent

from ._samples import anthropic_tool_stream


def _run(include_usage: bool) -> tuple[AnthropicToOpenAIStream, list[dict[str, Any]]]:
    stream = AnthropicToOpenAIStream("gpt-alias", include_usage=include_usage, created=42)
    chunks: list[dict[str, Any]] = []
    for name, data in anthropic_tool_stream():
        chunks.extend(stream.feed(name, data))
    return stream, chunks


def test_tool_stream_chunks() -> None:
    stream, chunks = _run(include_usage=True)
    for chunk in chunks:
        ChatCompletionChunk.model_validate(chunk)
        assert chunk["id"] == "chatcmpl-msg_01XkYw3Hn9"
        assert chunk["model"] == "gpt-alias"
        assert chunk["created"] == 42
        assert chunk["object"] == "chat.completion.chunk"
        assert "usage" in chunk

    deltas = [c["choices"][0]["delta"] for c in chunks[:-1]]
    assert deltas == [
        {"role": "assistant", "content": ""},
        {"content": "Let me"},
        {"content": " check."},
        {
            "tool_calls": [
                {
                    "index": 0,
                    "id": "toolu_01T1x1fJ34",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": ""},
                }
            ]
        },
        {"tool_calls": [{"index": 0, "function": {"arguments": '{"location": "San Fra'}}]},
        {
            "tool_calls": [
                {"index": 0, "function": {"arguments": 'ncisco, CA", "unit": "celsius"}'}}
            ]
        },
        {},
    ]
    assert [c["choices"][0]["finish_reason"] for c in chunks[:-1]] == [None] * 6 + ["tool_calls"]
    assert all(c["usage"] is None for c in chunks[:-1])
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] == {
        "prompt_tokens": 572,
        "completion_tokens": 89,
        "total_tokens": 661,
        "prompt_tokens_details": {"cached_tokens": 100},
    }
    assert stream.finished
    assert (stream.usage.prompt_tokens, stream.usage.completion_tokens) == (572, 89)
    assert stream.usage.cached_tokens == 100


def test_without_include_usage_no_usage_key_and_no_final_chunk() -> None:
    stream, chunks = _run(include_usage=False)
    assert all("usage" not in c for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    assert stream.finished
    assert stream.usage.completion_tokens == 89


def test_sdk_accumulates_the_chunks() -> None:
    from openai.lib.streaming.chat import ChatCompletionStreamState

    _, chunks = _run(include_usage=True)
    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    for chunk in chunks:
        state.handle_chunk(ChatCompletionChunk.model_validate(chunk))
    completion = state.get_final_completion()
    message = completion.choices[0].message
    assert message.content == "Let me check."
    assert message.tool_calls is not None
    assert message.tool_calls[0].function.arguments == (
        '{"location": "San Francisco, CA", "unit": "celsius"}'
    )
    assert completion.choices[0].finish_reason == "tool_calls"
    assert completion.usage is not None
    assert completion.usage.total_tokens == 661


def test_ping_and_block_stop_emit_nothing() -> None:
    stream = AnthropicToOpenAIStream("m", include_usage=False)
    assert stream.feed("ping", {"type": "ping"}) == []
    stream.feed("message_start", {"type": "message_start", "message": {"id": "msg_1"}})
    assert stream.feed("content_block_stop", {"type": "content_block_stop", "index": 0}) == []
    assert stream.feed("future_event", {"type": "future_event"}) == []


def test_thinking_blocks_are_skipped() -> None:
    stream = AnthropicToOpenAIStream("m", include_usage=False, id="chatcmpl-x")
    stream.feed("message_start", {"type": "message_start", "message": {"id": "msg_1"}})
    start = {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "thinking", "thinking": ""},
    }
    assert stream.feed("content_block_start", start) == []
    delta = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "thinking_delta", "thinking": "…"},
    }
    assert stream.feed("content_block_delta", delta) == []
    sig = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "signature_delta", "signature": "s"},
    }
    assert stream.feed("content_block_delta", sig) == []


def test_second_tool_call_gets_next_index() -> None:
    stream = AnthropicToOpenAIStream("m", include_usage=False)
    stream.feed("message_start", {"type": "message_start", "message": {"id": "msg_1"}})
    for block_index, name in ((1, "a"), (2, "b")):
        block = {"type": "tool_use", "id": f"toolu_{name}", "name": name, "input": {}}
        chunks = stream.feed(
            "content_block_start",
            {"type": "content_block_start", "index": block_index, "content_block": block},
        )
        assert chunks[0]["choices"][0]["delta"]["tool_calls"][0]["index"] == block_index - 1
    delta = {"type": "input_json_delta", "partial_json": "{}"}
    chunks = stream.feed(
        "content_block_delta", {"type": "content_block_delta", "index": 2, "delta": delta}
    )
    assert chunks[0]["choices"][0]["delta"]["tool_calls"][0]["index"] == 1


def test_error_event_raises() -> None:
    stream = AnthropicToOpenAIStream("m", include_usage=True)
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    with pytest.raises(StreamErrorEvent) as info:
        stream.feed("error", error)
    assert info.value.error_type == "overloaded_error"
    assert info.value.message == "Overloaded"


@pytest.mark.parametrize(
    ("stop_reason", "finish_reason"),
    [("end_turn", "stop"), ("max_tokens", "length"), ("refusal", "content_filter")],
)
def test_message_delta_finish_reason(stop_reason: str, finish_reason: str) -> None:
    stream = AnthropicToOpenAIStream("m", include_usage=False)
    chunks = stream.feed(
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason},
            "usage": {"output_tokens": 3},
        },
    )
    # A stream that skipped message_start still opens with the role chunk.
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert chunks[-1]["choices"][0]["finish_reason"] == finish_reason
    assert not stream.finished

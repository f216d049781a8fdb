from __future__ import annotations

from typing import Any

import pytest
from anthropic.types import RawMessageStreamEvent
from pydantic import TypeAdapter

from routeyard.translate import OpenAIToAnthropicStream, StreamErrorEvent

from ._samples import openai_tool_stream

EVENT = TypeAdapter[Any](RawMessageStreamEvent)


def _run(
    chunks: list[dict[str, Any]], **kwargs: Any
) -> tuple[OpenAIToAnthropicStream, list[tuple[str, dict[str, Any]]]]:
    stream = OpenAIToAnthropicStream("claude-alias", **kwargs)
    events: list[tuple[str, dict[str, Any]]] = []
    for chunk in chunks:
        events.extend(stream.feed(chunk))
    events.extend(stream.finish())
    return stream, events


def test_tool_stream_events() -> None:
    stream, events = _run(openai_tool_stream(), input_tokens=99)
    for name, data in events:
        assert data["type"] == name
        EVENT.validate_python(data)

    assert [name for name, _ in events] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    message = events[0][1]["message"]
    assert message["id"] == "msg_chatcmpl-9xYz"
    assert message["model"] == "claude-alias"
    assert message["usage"] == {"input_tokens": 99, "output_tokens": 0}
    assert events[1][1] == {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "text", "text": ""},
    }
    assert events[5][1] == {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "tool_use", "id": "call_a1", "name": "get_weather", "input": {}},
    }
    assert events[7][1]["delta"] == {"type": "input_json_delta", "partial_json": '"Paris"}'}
    assert events[9][1]["content_block"]["id"] == "call_b2"
    assert events[10][1]["index"] == 2
    assert events[12][1] == {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {
            "input_tokens": 100,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 20,
            "output_tokens": 40,
        },
    }
    assert stream.usage.prompt_tokens == 120
    assert stream.usage.completion_tokens == 40


def test_finish_is_idempotent() -> None:
    stream, _ = _run(openai_tool_stream())
    assert stream.finish() == []


def test_usage_is_estimated_without_usage_chunk() -> None:
    chunks = [c for c in openai_tool_stream() if c["choices"]]
    stream, events = _run(chunks, input_tokens=7)
    delta = events[-2][1]
    # "Checking both." (14) + '{"city": "Paris"}' (17) + '{"tz": "CET"}' (13) = 44 chars → 11.
    assert delta["usage"] == {"output_tokens": 11}
    assert stream.usage.prompt_tokens == 7
    assert stream.usage.completion_tokens == 11


def _text_chunk(text: str, finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "x",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish_reason}],
    }


@pytest.mark.parametrize(
    ("finish_reason", "stop_reason"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("content_filter", "refusal"),
        (None, "end_turn"),
    ],
)
def test_stop_reasons(finish_reason: str | None, stop_reason: str) -> None:
    _, events = _run([_text_chunk("hi", finish_reason)])
    assert events[-2][1]["delta"]["stop_reason"] == stop_reason


def test_tool_calls_with_stop_finish_reason_become_tool_use() -> None:
    chunk = _text_chunk("")
    chunk["choices"][0]["delta"] = {
        "tool_calls": [
            {
                "index": 0,
                "id": "c1",
                "type": "function",
                "function": {"name": "f", "arguments": "{}"},
            }
        ]
    }
    chunk["choices"][0]["finish_reason"] = "stop"
    _, events = _run([chunk])
    assert events[-2][1]["delta"]["stop_reason"] == "tool_use"


def test_empty_stream_still_produces_a_valid_message() -> None:
    _, events = _run([], id="msg_given")
    assert [name for name, _ in events] == ["message_start", "message_delta", "message_stop"]
    assert events[0][1]["message"]["id"] == "msg_given"
    for _, data in events:
        EVENT.validate_python(data)


def test_text_after_tool_call_opens_a_new_text_block() -> None:
    tool = _text_chunk("")
    tool["choices"][0]["delta"] = {
        "tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f", "arguments": ""}}]
    }
    _, events = _run([_text_chunk("a"), tool, _text_chunk("b")])
    starts = [d["content_block"]["type"] for n, d in events if n == "content_block_start"]
    stops = [d["index"] for n, d in events if n == "content_block_stop"]
    assert starts == ["text", "tool_use", "text"]
    assert stops == [0, 1, 2]


def test_tool_call_without_index_or_id() -> None:
    first = _text_chunk("")
    first["choices"][0]["delta"] = {
        "tool_calls": [{"id": "c1", "function": {"name": "f", "arguments": '{"a"'}}]
    }
    more = _text_chunk("")
    more["choices"][0]["delta"] = {"tool_calls": [{"function": {"arguments": ": 1}"}}]}
    _, events = _run([first, more])
    deltas = [d["delta"]["partial_json"] for n, d in events if n == "content_block_delta"]
    assert deltas == ['{"a"', ": 1}"]
    assert sum(1 for n, _ in events if n == "content_block_start") == 1


def test_refusal_delta() -> None:
    chunk = _text_chunk("")
    chunk["choices"][0]["delta"] = {"refusal": "I can't."}
    _, events = _run([chunk])
    assert events[2][1]["delta"] == {"type": "text_delta", "text": "I can't."}
    assert events[-2][1]["delta"]["stop_reason"] == "refusal"


def test_error_chunk_raises() -> None:
    stream = OpenAIToAnthropicStream("m")
    with pytest.raises(StreamErrorEvent) as info:
        stream.feed({"error": {"message": "The server had an error", "type": "server_error"}})
    assert info.value.error_type == "server_error"
    assert "server had an error" in info.value.message

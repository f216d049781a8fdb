"""Realistic wire samples shared by the translate tests."""

from __future__ import annotations

from typing import Any


def anthropic_tool_stream() -> list[tuple[str, dict[str, Any]]]:
    """An Anthropic stream: text, then a tool_use block, stop_reason tool_use (with a ping)."""
    return [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "msg_01XkYw3Hn9",
                    "type": "message",
                    "role": "assistant",
                    "model": "claude-sonnet-4-5",
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {
                        "input_tokens": 472,
                        "cache_creation_input_tokens": 0,
                        "cache_read_input_tokens": 100,
                        "output_tokens": 2,
                    },
                },
            },
        ),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        ("ping", {"type": "ping"}),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": "Let me"},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": " check."},
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 1,
                "content_block": {
                    "type": "tool_use",
                    "id": "toolu_01T1x1fJ34",
                    "name": "get_weather",
                    "input": {},
                },
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 1,
                "delta": {"type": "input_json_delta", "partial_json": ""},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 1,
                "delta": {"type": "input_json_delta", "partial_json": '{"location": "San Fra'},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 1,
                "delta": {
                    "type": "input_json_delta",
                    "partial_json": 'ncisco, CA", "unit": "celsius"}',
                },
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                "usage": {"output_tokens": 89},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]


def _chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-9xYz",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "system_fingerprint": "fp_1",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        "usage": None,
    }


def openai_tool_stream() -> list[dict[str, Any]]:
    """An OpenAI stream with include_usage: text, two parallel tool calls, the usage chunk."""

    def call(index: int, **fields: Any) -> dict[str, Any]:
        return {"tool_calls": [{"index": index, **fields}]}

    usage_chunk = _chunk({})
    usage_chunk["choices"] = []
    usage_chunk["usage"] = {
        "prompt_tokens": 120,
        "completion_tokens": 40,
        "total_tokens": 160,
        "prompt_tokens_details": {"cached_tokens": 20, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }
    return [
        _chunk({"role": "assistant", "content": "", "refusal": None}),
        _chunk({"content": "Checking"}),
        _chunk({"content": " both."}),
        _chunk(
            call(
                0, id="call_a1", type="function", function={"name": "get_weather", "arguments": ""}
            )
        ),
        _chunk(call(0, function={"arguments": '{"city": '})),
        _chunk(call(0, function={"arguments": '"Paris"}'})),
        _chunk(
            call(1, id="call_b2", type="function", function={"name": "get_time", "arguments": ""})
        ),
        _chunk(call(1, function={"arguments": '{"tz": "CET"}'})),
        _chunk({}, finish_reason="tool_calls"),
        usage_chunk,
    ]

from __future__ import annotations

from typing import Any

import anthropic.types
import openai.types.chat
import pytest

from routeyard.translate import anthropic_response_to_openai, openai_response_to_anthropic


def _anthropic_message(**fields: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "id": "msg_01AbC",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "Hello!"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 10,
            "output_tokens": 5,
            "cache_creation_input_tokens": 3,
            "cache_read_input_tokens": 90,
        },
    }
    message.update(fields)
    return message


def test_anthropic_text_response() -> None:
    out = anthropic_response_to_openai(_anthropic_message(), model="my-alias", created=1234)
    openai.types.chat.ChatCompletion.model_validate(out)
    assert out == {
        "id": "chatcmpl-msg_01AbC",
        "object": "chat.completion",
        "created": 1234,
        "model": "my-alias",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello!", "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": 103,
            "completion_tokens": 5,
            "total_tokens": 108,
            "prompt_tokens_details": {"cached_tokens": 90},
        },
    }


def test_anthropic_tool_use_response() -> None:
    content = [
        {"type": "thinking", "thinking": "hmm", "signature": "s"},
        {"type": "text", "text": "Checking "},
        {"type": "text", "text": "now."},
        {"type": "tool_use", "id": "toolu_9", "name": "lookup", "input": {"q": "x", "n": 2}},
    ]
    out = anthropic_response_to_openai(
        _anthropic_message(content=content, stop_reason="tool_use"), model="m"
    )
    completion = openai.types.chat.ChatCompletion.model_validate(out)
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Checking now."
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.id == "toolu_9"
    assert call.function.name == "lookup"  # type: ignore[union-attr]
    assert call.function.arguments == '{"q":"x","n":2}'  # type: ignore[union-attr]


def test_anthropic_tool_only_response_has_null_content() -> None:
    content = [{"type": "tool_use", "id": "t", "name": "f", "input": {}}]
    out = anthropic_response_to_openai(
        _anthropic_message(content=content, stop_reason="tool_use"), model="m"
    )
    assert out["choices"][0]["message"]["content"] is None


@pytest.mark.parametrize(
    ("stop_reason", "finish_reason"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
        ("pause_turn", "stop"),
        ("model_context_window_exceeded", "length"),
        (None, "stop"),
    ],
)
def test_stop_reason_mapping(stop_reason: str | None, finish_reason: str) -> None:
    out = anthropic_response_to_openai(_anthropic_message(stop_reason=stop_reason), model="m")
    assert out["choices"][0]["finish_reason"] == finish_reason


def _openai_completion(message: dict[str, Any], finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-abc",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-2024-08-06",
        "choices": [
            {"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}
        ],
        "usage": {
            "prompt_tokens": 100,
            "completion_tokens": 7,
            "total_tokens": 107,
            "prompt_tokens_details": {"cached_tokens": 64, "audio_tokens": 0},
        },
        "system_fingerprint": "fp_x",
    }


def test_openai_text_response() -> None:
    resp = _openai_completion({"role": "assistant", "content": "Hi there", "refusal": None})
    out = openai_response_to_anthropic(resp, model="claude-alias")
    anthropic.types.Message.model_validate(out)
    assert out == {
        "id": "msg_chatcmpl-abc",
        "type": "message",
        "role": "assistant",
        "model": "claude-alias",
        "content": [{"type": "text", "text": "Hi there"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 36,
            "output_tokens": 7,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 64,
        },
    }


def test_openai_tool_call_response() -> None:
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}},
            {"id": "call_2", "type": "function", "function": {"name": "g", "arguments": "oops"}},
        ],
    }
    out = openai_response_to_anthropic(_openai_completion(message, "tool_calls"), model="m")
    parsed = anthropic.types.Message.model_validate(out)
    assert parsed.stop_reason == "tool_use"
    assert out["content"] == [
        {"type": "tool_use", "id": "call_1", "name": "f", "input": {"a": 1}},
        {"type": "tool_use", "id": "call_2", "name": "g", "input": {"_raw": "oops"}},
    ]


def test_tool_calls_with_stop_finish_reason_become_tool_use() -> None:
    message = {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}
        ],
    }
    out = openai_response_to_anthropic(_openai_completion(message, "stop"), model="m")
    assert out["stop_reason"] == "tool_use"


@pytest.mark.parametrize(
    ("finish_reason", "stop_reason"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("tool_calls", "tool_use"),
        ("function_call", "tool_use"),
        ("content_filter", "refusal"),
    ],
)
def test_finish_reason_mapping(finish_reason: str, stop_reason: str) -> None:
    resp = _openai_completion({"role": "assistant", "content": "x"}, finish_reason)
    assert openai_response_to_anthropic(resp, model="m")["stop_reason"] == stop_reason


def test_openai_refusal_becomes_refusal_stop() -> None:
    message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    out = openai_response_to_anthropic(_openai_completion(message), model="m")
    anthropic.types.Message.model_validate(out)
    assert out["content"] == [{"type": "text", "text": "I can't help with that."}]
    assert out["stop_reason"] == "refusal"


def test_openai_empty_response_is_still_a_valid_message() -> None:
    out = openai_response_to_anthropic({"choices": []}, model="m")
    anthropic.types.Message.model_validate(out)
    assert out["content"] == []
    assert out["id"].startswith("msg_")


def test_response_round_trip() -> None:
    message = _anthropic_message(
        content=[
            {"type": "text", "text": "Sure."},
            {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"k": [1, {"z": None}]}},
        ],
        stop_reason="tool_use",
    )
    back = openai_response_to_anthropic(anthropic_response_to_openai(message, model="x"), model="x")
    assert back["content"] == message["content"]
    assert back["stop_reason"] == "tool_use"
    # OpenAI usage has no cache-write count: those tokens come back as plain input tokens.
    assert back["usage"] == {
        "input_tokens": 13,
        "output_tokens": 5,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 90,
    }

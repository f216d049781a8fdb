"""OpenAI → Anthropic → OpenAI keeps what both APIs can say."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from routeyard.translate import anthropic_request_to_openai, openai_request_to_anthropic

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "unit": {"enum": ["c", "f"]}},
                "required": ["city"],
            },
        },
    }
]

CONVERSATION: list[dict[str, Any]] = [
    {"role": "system", "content": "You are a weather bot."},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "Weather here?"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        ],
    },
    {
        "role": "assistant",
        "content": "Let me look.",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Paris","unit":"c"}'},
            },
            {
                "id": "call_2",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Lyon"}'},
            },
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "18C, cloudy"},
    {"role": "tool", "tool_call_id": "call_2", "content": "21C, sunny"},
    {"role": "user", "content": "Thanks! Which is warmer?"},
    {"role": "assistant", "content": "Lyon."},
]


def test_conversation_with_tools_round_trips() -> None:
    body = {
        "model": "gpt-4o",
        "messages": CONVERSATION,
        "tools": TOOLS,
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
        "max_tokens": 300,
        "temperature": 0.5,
        "top_p": 0.9,
        "stop": ["###"],
        "user": "user-7",
    }
    anthropic = openai_request_to_anthropic(body)
    back = anthropic_request_to_openai(anthropic)
    assert back == {
        "model": "gpt-4o",
        "messages": CONVERSATION,
        "tools": TOOLS,
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
        "max_tokens": 300,
        "temperature": 0.5,
        "top_p": 0.9,
        "stop": ["###"],
        "user": "user-7",
    }


def test_anthropic_round_trip_keeps_tool_blocks() -> None:
    body = {
        "model": "claude-x",
        "max_tokens": 100,
        "system": "Sys.",
        "messages": [
            {"role": "user", "content": "go"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "ok"},
                    {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"a": [1, 2]}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"},
                    {"type": "text", "text": "next?"},
                ],
            },
        ],
        "tools": [{"name": "f", "input_schema": {"type": "object", "properties": {}}}],
        "tool_choice": {"type": "any", "disable_parallel_tool_use": True},
        "stop_sequences": ["END"],
        "stream": True,
    }
    back = openai_request_to_anthropic(anthropic_request_to_openai(body))
    assert back == body


_text = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20)
_json_args = st.dictionaries(
    st.text(min_size=1, max_size=5), st.integers(-(2**63), 2**63 - 1) | _text, max_size=3
)


@st.composite
def conversations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Alternating user/assistant turns; assistant tool calls are answered by tool messages."""
    messages: list[dict[str, Any]] = []
    call_id = 0
    for _ in range(draw(st.integers(1, 4))):
        messages.append({"role": "user", "content": draw(_text)})
        n_calls = draw(st.integers(0, 2))
        calls = []
        for _ in range(n_calls):
            call_id += 1
            calls.append(
                {
                    "id": f"call_{call_id}",
                    "type": "function",
                    "function": {"name": "f", "arguments": orjson.dumps(draw(_json_args)).decode()},
                }
            )
        assistant: dict[str, Any] = {"role": "assistant", "content": draw(st.none() | _text)}
        if calls:
            assistant["tool_calls"] = calls
        elif assistant["content"] is None:
            assistant["content"] = draw(_text)
        messages.append(assistant)
        messages.extend(
            {"role": "tool", "tool_call_id": c["id"], "content": draw(_text)} for c in calls
        )
    return messages


@settings(max_examples=60)
@given(conversations())
def test_generated_conversations_round_trip(messages: list[dict[str, Any]]) -> None:
    body = {"model": "m", "messages": messages, "max_tokens": 10}
    back = anthropic_request_to_openai(openai_request_to_anthropic(body))
    assert back["messages"] == messages

from __future__ import annotations

from typing import Any

import orjson
import pytest

from routeyard.translate import TranslationError, anthropic_request_to_openai


def _req(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 256,
        "messages": [{"role": "user", "content": "Hello"}],
    }
    body.update(fields)
    return body


def test_minimal_request_keeps_model_and_max_tokens() -> None:
    assert anthropic_request_to_openai(_req()) == {
        "model": "claude-sonnet-4-5",
        "messages": [{"role": "user", "content": "Hello"}],
        "max_tokens": 256,
    }


def test_system_string_becomes_leading_system_message() -> None:
    out = anthropic_request_to_openai(_req(system="Be terse."))
    assert out["messages"][0] == {"role": "system", "content": "Be terse."}


def test_system_blocks_are_joined_and_cache_control_dropped() -> None:
    system = [
        {"type": "text", "text": "Rules.", "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": "Today is Monday."},
    ]
    out = anthropic_request_to_openai(_req(system=system))
    assert out["messages"][0] == {"role": "system", "content": "Rules.\nToday is Monday."}


def test_empty_system_adds_no_message() -> None:
    assert anthropic_request_to_openai(_req(system=""))["messages"][0]["role"] == "user"


def test_single_text_block_collapses_to_string() -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]
    assert anthropic_request_to_openai(_req(messages=messages))["messages"] == [
        {"role": "user", "content": "Hi"}
    ]


def test_images_become_image_url_parts() -> None:
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these?"},
                {
                    "type": "image",
                    "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
                },
                {"type": "image", "source": {"type": "url", "url": "https://example.com/a.jpg"}},
            ],
        }
    ]
    out = anthropic_request_to_openai(_req(messages=messages))
    assert out["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                {"type": "image_url", "image_url": {"url": "https://example.com/a.jpg"}},
            ],
        }
    ]


def test_tool_use_and_tool_result_round() -> None:
    messages = [
        {"role": "user", "content": "Weather in Paris and Rome?"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "two calls", "signature": "sig"},
                {"type": "text", "text": "Checking."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "weather",
                    "input": {"city": "Paris"},
                },
                {"type": "tool_use", "id": "toolu_2", "name": "weather", "input": {"city": "Rome"}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_2",
                    "content": [
                        {"type": "text", "text": "down"},
                        {"type": "text", "text": "again"},
                    ],
                    "is_error": True,
                },
                {"type": "text", "text": "Summarise."},
            ],
        },
    ]
    out = anthropic_request_to_openai(_req(messages=messages))["messages"]
    assert out[1] == {
        "role": "assistant",
        "content": "Checking.",
        "tool_calls": [
            {
                "id": "toolu_1",
                "type": "function",
                "function": {"name": "weather", "arguments": '{"city":"Paris"}'},
            },
            {
                "id": "toolu_2",
                "type": "function",
                "function": {"name": "weather", "arguments": '{"city":"Rome"}'},
            },
        ],
    }
    assert out[2:] == [
        {"role": "tool", "tool_call_id": "toolu_1", "content": "18C"},
        {"role": "tool", "tool_call_id": "toolu_2", "content": "Error: down\nagain"},
        {"role": "user", "content": "Summarise."},
    ]


def test_tool_only_assistant_turn_has_null_content() -> None:
    messages = [
        {"role": "user", "content": "go"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t", "name": "f", "input": {}}],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t"}]},
    ]
    out = anthropic_request_to_openai(_req(messages=messages))["messages"]
    assert out[1]["content"] is None
    assert orjson.loads(out[1]["tool_calls"][0]["function"]["arguments"]) == {}
    # A turn with only tool results yields only tool messages.
    assert out[2:] == [{"role": "tool", "tool_call_id": "t", "content": ""}]


def test_image_in_tool_result_moves_to_user_message() -> None:
    image = {"type": "image", "source": {"type": "url", "url": "https://x.test/p.png"}}
    messages = [
        {"role": "user", "content": "screenshot please"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t", "name": "shot", "input": {}}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "t", "content": [image]}],
        },
    ]
    out = anthropic_request_to_openai(_req(messages=messages))["messages"]
    assert out[2] == {"role": "tool", "tool_call_id": "t", "content": ""}
    assert out[3] == {
        "role": "user",
        "content": [{"type": "image_url", "image_url": {"url": "https://x.test/p.png"}}],
    }


def test_sampling_stop_stream_and_user() -> None:
    out = anthropic_request_to_openai(
        _req(
            temperature=0.3,
            top_p=0.9,
            top_k=40,
            stop_sequences=["END"],
            stream=True,
            metadata={"user_id": "u-42"},
            thinking={"type": "enabled", "budget_tokens": 2048},
        )
    )
    assert out["temperature"] == 0.3
    assert out["top_p"] == 0.9
    assert out["stop"] == ["END"]
    assert out["stream"] is True
    assert out["stream_options"] == {"include_usage": True}
    assert out["user"] == "u-42"
    assert "top_k" not in out
    assert "thinking" not in out


def test_non_streaming_request_has_no_stream_options() -> None:
    out = anthropic_request_to_openai(_req(stream=False))
    assert "stream" not in out
    assert "stream_options" not in out


TOOLS = [
    {
        "name": "get_weather",
        "description": "Current weather",
        "input_schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    }
]


def test_tools_become_function_tools() -> None:
    out = anthropic_request_to_openai(_req(tools=TOOLS))
    assert out["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather",
                "parameters": TOOLS[0]["input_schema"],
            },
        }
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, "auto"),
        ({"type": "any"}, "required"),
        ({"type": "none"}, "none"),
        (
            {"type": "tool", "name": "get_weather"},
            {"type": "function", "function": {"name": "get_weather"}},
        ),
    ],
)
def test_tool_choice_mapping(choice: dict[str, Any], expected: Any) -> None:
    out = anthropic_request_to_openai(_req(tools=TOOLS, tool_choice=choice))
    assert out["tool_choice"] == expected
    assert "parallel_tool_calls" not in out


def test_disable_parallel_tool_use() -> None:
    choice = {"type": "any", "disable_parallel_tool_use": True}
    out = anthropic_request_to_openai(_req(tools=TOOLS, tool_choice=choice))
    assert out["tool_choice"] == "required"
    assert out["parallel_tool_calls"] is False


def test_tool_choice_without_tools_is_dropped() -> None:
    out = anthropic_request_to_openai(_req(tool_choice={"type": "auto"}))
    assert "tool_choice" not in out
    assert "tools" not in out


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"model": None}, "model"),
        ({"messages": "hi"}, "messages"),
        ({"messages": [{"role": "system", "content": "x"}]}, "messages.0.role"),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "document", "source": {"type": "url", "url": "https://x"}}
                        ],
                    }
                ]
            },
            "messages.0.content.0.source.type",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "search_result", "x": 1}]}]},
            "messages.0.content.0.type",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "image", "source": {"type": "file", "file_id": "file_1"}}
                        ],
                    }
                ]
            },
            "messages.0.content.0.source.type",
        ),
        ({"tools": [{"type": "web_search_20250305", "name": "web_search"}]}, "tools.0"),
        ({"system": [{"type": "image"}]}, "system.0.type"),
        ({"tools": TOOLS, "tool_choice": {"type": "sometimes"}}, "tool_choice.type"),
    ],
)
def test_untranslatable_requests_raise(fields: dict[str, Any], param: str) -> None:
    with pytest.raises(TranslationError) as info:
        anthropic_request_to_openai(_req(**fields))
    assert info.value.param == param
    assert isinstance(info.value, ValueError)

from __future__ import annotations

from typing import Any

import pytest

from routeyard.translate import TranslationError, openai_request_to_anthropic


def _req(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]}
    body.update(fields)
    return body


def test_minimal_request_uses_default_max_tokens() -> None:
    assert openai_request_to_anthropic(_req(), default_max_tokens=1000) == {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "Hello"}],
        "max_tokens": 1000,
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"max_tokens": 50}, 50),
        ({"max_completion_tokens": 70}, 70),
        ({"max_tokens": 50, "max_completion_tokens": 70}, 70),
    ],
)
def test_max_tokens(fields: dict[str, Any], expected: int) -> None:
    assert openai_request_to_anthropic(_req(**fields))["max_tokens"] == expected


def test_system_and_developer_messages_join_into_system() -> None:
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
        {"role": "user", "content": "Hi"},
    ]
    out = openai_request_to_anthropic(_req(messages=messages))
    assert out["system"] == "You are helpful.\n\nAnswer in French."
    assert out["messages"] == [{"role": "user", "content": "Hi"}]


def test_consecutive_same_role_messages_merge() -> None:
    messages = [
        {"role": "user", "content": "one"},
        {"role": "user", "content": [{"type": "text", "text": "two"}]},
        {"role": "assistant", "content": "a"},
        {"role": "assistant", "content": "b"},
    ]
    out = openai_request_to_anthropic(_req(messages=messages))
    assert out["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}],
        },
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
        },
    ]


def test_tool_calls_and_tool_messages() -> None:
    messages = [
        {"role": "user", "content": "Weather in Paris and Rome?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
                },
                {
                    "id": "call_2",
                    "type": "function",
                    "function": {"name": "weather", "arguments": "{not json"},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
        {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "21C"}]},
        {"role": "user", "content": "Which is warmer?"},
    ]
    out = openai_request_to_anthropic(_req(messages=messages))["messages"]
    assert out[1] == {
        "role": "assistant",
        "content": [
            {"type": "tool_use", "id": "call_1", "name": "weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "call_2", "name": "weather", "input": {"_raw": "{not json"}},
        ],
    }
    assert out[2] == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "call_1", "content": "18C"},
            {"type": "tool_result", "tool_use_id": "call_2", "content": "21C"},
            {"type": "text", "text": "Which is warmer?"},
        ],
    }
    assert len(out) == 3


def test_tool_results_lead_their_user_turn() -> None:
    messages = [
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"id": "c", "type": "function", "function": {"name": "f", "arguments": ""}}
            ],
        },
        {"role": "user", "content": "also this"},
        {"role": "tool", "tool_call_id": "c", "content": ""},
    ]
    out = openai_request_to_anthropic(_req(messages=messages))["messages"]
    assert out[0] == {
        "role": "assistant",
        "content": [{"type": "tool_use", "id": "c", "name": "f", "input": {}}],
    }
    assert out[1]["content"] == [
        {"type": "tool_result", "tool_use_id": "c"},
        {"type": "text", "text": "also this"},
    ]


def test_images() -> None:
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Compare"},
                {
                    "type": "image_url",
                    "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ", "detail": "low"},
                },
                {"type": "image_url", "image_url": {"url": "https://example.com/b.png"}},
            ],
        }
    ]
    out = openai_request_to_anthropic(_req(messages=messages))
    assert out["messages"][0]["content"] == [
        {"type": "text", "text": "Compare"},
        {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQ"},
        },
        {"type": "image", "source": {"type": "url", "url": "https://example.com/b.png"}},
    ]


@pytest.mark.parametrize(
    ("given", "sent"), [(0.0, 0.0), (0.7, 0.7), (1.0, 1.0), (1.6, 1.0), (2, 1.0)]
)
def test_temperature_is_clamped(given: float, sent: float) -> None:
    assert openai_request_to_anthropic(_req(temperature=given))["temperature"] == sent


@pytest.mark.parametrize(("stop", "sequences"), [("END", ["END"]), (["a", "b"], ["a", "b"])])
def test_stop(stop: Any, sequences: list[str]) -> None:
    assert openai_request_to_anthropic(_req(stop=stop))["stop_sequences"] == sequences


def test_stream_user_top_p_and_dropped_params() -> None:
    out = openai_request_to_anthropic(
        _req(
            stream=True,
            stream_options={"include_usage": True},
            user="u-1",
            top_p=0.5,
            seed=7,
            presence_penalty=0.1,
            frequency_penalty=0.2,
            n=1,
            logprobs=False,
        )
    )
    assert out["stream"] is True
    assert out["metadata"] == {"user_id": "u-1"}
    assert out["top_p"] == 0.5
    for dropped in ("stream_options", "seed", "presence_penalty", "frequency_penalty", "n", "user"):
        assert dropped not in out


TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            "strict": True,
        },
    },
    {"type": "function", "function": {"name": "noop"}},
]


def test_tools() -> None:
    out = openai_request_to_anthropic(_req(tools=TOOLS))
    assert out["tools"] == [
        {
            "name": "get_weather",
            "description": "Current weather",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
        {"name": "noop", "input_schema": {"type": "object", "properties": {}}},
    ]
    assert "tool_choice" not in out


@pytest.mark.parametrize(
    ("choice", "parallel", "expected"),
    [
        ("auto", None, {"type": "auto"}),
        ("required", None, {"type": "any"}),
        ("none", None, {"type": "none"}),
        (
            {"type": "function", "function": {"name": "noop"}},
            None,
            {"type": "tool", "name": "noop"},
        ),
        (None, False, {"type": "auto", "disable_parallel_tool_use": True}),
        ("required", False, {"type": "any", "disable_parallel_tool_use": True}),
        ("none", False, {"type": "none"}),
    ],
)
def test_tool_choice(choice: Any, parallel: bool | None, expected: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"tools": TOOLS}
    if choice is not None:
        fields["tool_choice"] = choice
    if parallel is not None:
        fields["parallel_tool_calls"] = parallel
    assert openai_request_to_anthropic(_req(**fields))["tool_choice"] == expected


def test_response_format_json_object_adds_instruction() -> None:
    out = openai_request_to_anthropic(
        _req(
            messages=[{"role": "system", "content": "Base."}, {"role": "user", "content": "x"}],
            response_format={"type": "json_object"},
        )
    )
    assert out["system"].startswith("Base.\n\n")
    assert "JSON object" in out["system"]


def test_response_format_json_schema_quotes_schema() -> None:
    schema = {"type": "object", "properties": {"answer": {"type": "integer"}}}
    out = openai_request_to_anthropic(
        _req(
            response_format={"type": "json_schema", "json_schema": {"name": "a", "schema": schema}}
        )
    )
    assert '{"type":"object","properties":{"answer":{"type":"integer"}}}' in out["system"]


def test_response_format_text_changes_nothing() -> None:
    assert "system" not in openai_request_to_anthropic(_req(response_format={"type": "text"}))


@pytest.mark.parametrize(
    ("fields", "param"),
    [
        ({"n": 2}, "n"),
        ({"logprobs": True}, "logprobs"),
        ({"top_logprobs": 3}, "top_logprobs"),
        ({"logit_bias": {"50256": -100}}, "logit_bias"),
        ({"audio": {"voice": "alloy", "format": "wav"}}, "audio"),
        ({"modalities": ["text", "audio"]}, "modalities"),
        ({"web_search_options": {}}, "web_search_options"),
        ({"functions": [{"name": "f"}]}, "functions"),
        ({"function_call": "auto"}, "function_call"),
        ({"model": 3}, "model"),
        ({"messages": None}, "messages"),
        ({"messages": [{"role": "system", "content": "only a system prompt"}]}, "messages"),
        ({"messages": [{"role": "function", "name": "f", "content": "x"}]}, "messages.0"),
        ({"messages": [{"role": "critic", "content": "x"}]}, "messages.0.role"),
        (
            {
                "messages": [
                    {"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}
                ]
            },
            "messages.0.content.0.type",
        ),
        (
            {
                "messages": [
                    {"role": "user", "content": [{"type": "file", "file": {"file_id": "f"}}]}
                ]
            },
            "messages.0.content.0.file.file_id",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "image_url", "image_url": {"url": "data:image/bmp;base64,AA"}}
                        ],
                    }
                ]
            },
            "messages.0.content.0.image_url",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "image_url", "image_url": {"url": "ftp://x/y.png"}}],
                    }
                ]
            },
            "messages.0.content.0.image_url",
        ),
        ({"tools": [{"type": "custom", "custom": {"name": "x"}}]}, "tools.0"),
        ({"tools": TOOLS, "tool_choice": {"type": "allowed_tools"}}, "tool_choice"),
        ({"response_format": {"type": "grammar"}}, "response_format.type"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"temperature": "hot"}, "temperature"),
    ],
)
def test_unsupported_params_raise(fields: dict[str, Any], param: str) -> None:
    with pytest.raises(TranslationError) as info:
        openai_request_to_anthropic(_req(**fields))
    assert info.value.param == param

"""The Responses API translation: requests into Chat Completions, answers and streams back,
checked against the openai SDK's own models."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from openai.types.responses import Response, ResponseStreamEvent

from routeyard.translate import (
    OpenAIToResponsesStream,
    TranslationError,
    openai_response_to_responses,
    responses_echo,
    responses_request_to_openai,
)

EVENTS: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ResponseStreamEvent)


def test_a_conversation_of_items_becomes_chat_messages() -> None:
    body = {
        "model": "auto",
        "instructions": "Be brief.",
        "input": [
            {"role": "developer", "content": "Answer in French."},
            {
                "type": "message",
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "What is this?"},
                    {
                        "type": "input_image",
                        "image_url": "data:image/png;base64,AA",
                        "detail": "low",
                    },
                ],
            },
            {"type": "reasoning", "id": "rs_1", "summary": []},
            {"type": "function_call", "call_id": "c1", "name": "look", "arguments": "{}"},
            {"type": "function_call", "call_id": "c2", "name": "zoom", "arguments": '{"x":2}'},
            {"type": "function_call_output", "call_id": "c1", "output": "a cat"},
            {"role": "assistant", "content": [{"type": "output_text", "text": "Un chat."}]},
        ],
        "tools": [{"type": "function", "name": "look", "parameters": {"type": "object"}}],
        "tool_choice": {"type": "function", "name": "look"},
        "text": {"format": {"type": "json_schema", "name": "x", "schema": {}, "strict": True}},
        "reasoning": {"effort": "low"},
        "max_output_tokens": 64,
        "temperature": 0.5,
        "store": True,
    }
    out = responses_request_to_openai(body)
    assert out["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "developer", "content": "Answer in French."},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this?"},
                {
                    "type": "image_url",
                    "image_url": {"url": "data:image/png;base64,AA", "detail": "low"},
                },
            ],
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "look", "arguments": "{}"}},
                {
                    "id": "c2",
                    "type": "function",
                    "function": {"name": "zoom", "arguments": '{"x":2}'},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "a cat"},
        {"role": "assistant", "content": [{"type": "text", "text": "Un chat."}]},
    ]
    assert out["tools"] == [
        {"type": "function", "function": {"name": "look", "parameters": {"type": "object"}}}
    ]
    assert out["tool_choice"] == {"type": "function", "function": {"name": "look"}}
    assert out["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "x", "schema": {}, "strict": True},
    }
    assert (out["reasoning_effort"], out["max_tokens"], out["temperature"]) == ("low", 64, 0.5)
    assert "store" not in out and "stream" not in out


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"previous_response_id": "resp_1"}, "previous_response_id"),
        ({"conversation": "conv_1"}, "conversation"),
        ({"background": True}, "background"),
        ({"input": 3}, "input"),
        ({"input": [{"role": "tool", "content": "x"}]}, "input.0.role"),
        ({"input": [{"role": "user", "content": [{"type": "input_file"}]}]}, "input.0.content.0"),
        ({"input": [{"role": "user", "content": [{"type": "input_image", "file_id": "f"}]}]},
         "input.0.content.0"),
        ({"input": [{"type": "function_call", "call_id": "c", "name": "f"}]}, "input.0.arguments"),
        ({"tools": [{"type": "file_search"}]}, "tools.0.type"),
        ({"tool_choice": "sometimes"}, "tool_choice"),
        ({"text": {"format": {"type": "yaml"}}}, "text.format.type"),
        ({"max_output_tokens": True}, "max_output_tokens"),
        ({"instructions": ["x"]}, "instructions"),
        ({"seed": 1}, "seed"),
    ],
)  # fmt: skip
def test_what_cannot_be_translated_names_its_parameter(extra: dict[str, Any], param: str) -> None:
    with pytest.raises(TranslationError) as info:
        responses_request_to_openai({"model": "auto", "input": "hi", **extra})
    assert info.value.param == param


def test_an_input_file_becomes_a_file_part() -> None:
    data = "data:application/pdf;base64,JVBERi0="
    content = [
        {"type": "input_file", "filename": "a.pdf", "file_data": data},
        {"type": "input_file", "file_id": "file-1"},
        {"type": "input_text", "text": "Compare them."},
    ]
    chat = responses_request_to_openai({"model": "auto", "input": [{"role": "user",
                                                                    "content": content}]})  # fmt: skip
    assert chat["messages"][0]["content"][:2] == [
        {"type": "file", "file": {"file_data": data, "filename": "a.pdf"}},
        {"type": "file", "file": {"file_id": "file-1"}},
    ]
    with pytest.raises(TranslationError) as info:
        responses_request_to_openai({"model": "auto", "input": [{"role": "user", "content": [
            {"type": "input_file", "file_url": "https://x/a.pdf"}]}]})  # fmt: skip
    assert "file_url" in str(info.value)


ECHO = responses_echo({"model": "auto", "input": "hi", "instructions": "Be brief."})


def test_a_completion_becomes_a_valid_response() -> None:
    completion = {
        "id": "chatcmpl-1",
        "created": 1_700_000_000,
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": "Let me look.",
                    "tool_calls": [
                        {"id": "call_1", "type": "function",
                         "function": {"name": "look", "arguments": '{"x":1}'}},
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5,
                  "prompt_tokens_details": {"cached_tokens": 4}},
    }  # fmt: skip
    payload = openai_response_to_responses(completion, model="m", echo=ECHO)
    response = Response.model_validate(payload)
    assert (response.status, response.model, response.created_at) == ("completed", "m", 1.7e9)
    assert response.output_text == "Let me look."
    call = response.output[1]
    assert call.type == "function_call" and (call.call_id, call.arguments) == ("call_1", '{"x":1}')
    assert response.usage is not None
    assert (response.usage.input_tokens, response.usage.total_tokens) == (10, 15)
    assert response.usage.input_tokens_details.cached_tokens == 4
    assert response.instructions == "Be brief." and response.store is False
    cut = {**completion, "choices": [{"finish_reason": "length", "message": {"content": "Onc"}}]}
    response = Response.model_validate(openai_response_to_responses(cut, model="m", echo=ECHO))
    assert response.status == "incomplete"
    assert response.incomplete_details is not None
    assert response.incomplete_details.reason == "max_output_tokens"


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call_delta(index: int, **fields: Any) -> dict[str, Any]:
    return chunk({"tool_calls": [{"index": index, **fields}]})


def test_a_stream_of_text_then_two_calls_becomes_valid_events() -> None:
    stream = OpenAIToResponsesStream("m", ECHO)
    events = stream.feed(chunk({"role": "assistant", "content": ""}))
    events += stream.feed(chunk({"content": "Let "}))
    events += stream.feed(chunk({"content": "me look."}))
    events += stream.feed(call_delta(0, id="c1", function={"name": "look", "arguments": ""}))
    events += stream.feed(call_delta(1, id="c2", function={"name": "zoom", "arguments": '{"x"'}))
    events += stream.feed(call_delta(0, function={"arguments": '{"a":1}'}))
    events += stream.feed(call_delta(1, function={"arguments": ":2}"}))
    events += stream.feed(chunk({}, "tool_calls"))
    events += stream.feed({"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 7}})
    events += stream.finish()
    for name, data in events:
        assert name == data["type"]
        EVENTS.validate_python(data)
    assert [data["sequence_number"] for _, data in events] == list(range(len(events)))
    kinds = [name for name, _ in events]
    assert kinds == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",  # the message, at 0
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",  # a call starts: the text is finished
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",  # c1, at 1
        "response.output_item.added",  # c2, at 2
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    added = [d for n, d in events if n == "response.output_item.added"]
    assert [d["output_index"] for d in added] == [0, 1, 2]
    final = Response.model_validate(events[-1][1]["response"])
    assert final.output_text == "Let me look."
    assert [(i.call_id, i.arguments) for i in final.output[1:]] == [  # type: ignore[union-attr]
        ("c1", '{"a":1}'),
        ("c2", '{"x":2}'),
    ]
    assert final.usage is not None and final.usage.output_tokens == 7
    created = Response.model_validate(events[0][1]["response"])
    assert (created.status, created.output) == ("in_progress", [])


def test_a_stream_cut_by_the_token_limit_ends_incomplete() -> None:
    stream = OpenAIToResponsesStream("m", ECHO)
    events = stream.feed(chunk({"content": "Once upon"}, "length")) + stream.finish()
    assert events[-1][0] == "response.incomplete"
    assert events[-1][1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}
    empty = OpenAIToResponsesStream("m", ECHO).finish()
    assert [name for name, _ in empty] == [
        "response.created",
        "response.in_progress",
        "response.completed",
    ]

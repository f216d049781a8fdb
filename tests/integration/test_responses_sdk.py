"""The official openai SDK's Responses API (``POST /v1/responses``) against a real gateway.

Every event and Response object is also validated strictly against the SDK's own pydantic
models (the SDK itself builds them without validation, so it would accept a missing field).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import openai
import pydantic
import pytest
from openai.types.responses import Response, ResponseStreamEvent

from .conftest import CLIENT_KEY, Proc, http, sim_faults
from .test_openai_sdk import TOOLS as CHAT_TOOLS

pytestmark = pytest.mark.integration

# The chat tests' tool, in the Responses API's flat form.
TOOLS: list[Any] = [{"type": "function", **tool["function"]} for tool in CHAT_TOOLS]
EVENTS: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ResponseStreamEvent)


@pytest.fixture
def client(gateway: Proc) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{gateway.url}/v1", api_key=CLIENT_KEY, max_retries=0) as c:
        yield c


def strict(raw: Any) -> Response:
    """The Response as sent, validated against the SDK's model (required fields, types)."""
    return Response.model_validate(raw.http_response.json())


# "auto:general" reaches an OpenAI-compatible upstream; "claude-small" an Anthropic one.
@pytest.mark.parametrize("model", ["auto", "claude-small"])
def test_response(client: openai.OpenAI, model: str) -> None:
    raw = client.responses.with_raw_response.create(
        model=model, instructions="You are terse.", input="Say hello.", max_output_tokens=200
    )
    assert raw.headers["x-routeyard-route"]
    response = strict(raw)
    assert response.object == "response" and response.id.startswith("resp_")
    assert response.status == "completed"
    assert response.output_text
    assert response.instructions == "You are terse."
    assert response.usage is not None
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens


def test_token_limit_makes_an_incomplete_response(client: openai.OpenAI) -> None:
    response = client.responses.create(model="auto", input="Tell me a story.", max_output_tokens=3)
    assert response.status == "incomplete"
    assert response.incomplete_details is not None
    assert response.incomplete_details.reason == "max_output_tokens"


@pytest.mark.parametrize("model", ["auto", "claude-small"])
def test_function_call_round_trip(client: openai.OpenAI, model: str) -> None:
    first = client.responses.with_raw_response.create(
        model=model, input="What is the weather in Paris?", tools=TOOLS, tool_choice="required"
    )
    calls = [item for item in strict(first).output if item.type == "function_call"]
    assert calls and calls[0].name == "get_weather"
    assert "city" in json.loads(calls[0].arguments)
    follow: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    follow += [
        {"type": "function_call", "call_id": c.call_id, "name": c.name, "arguments": c.arguments}
        for c in calls
    ]
    follow += [
        {"type": "function_call_output", "call_id": c.call_id, "output": "sunny"} for c in calls
    ]
    second = client.responses.create(model=model, input=follow, tools=TOOLS)
    assert second.status == "completed"
    assert "sunny" in second.output_text


def post(gateway: Proc, body: dict[str, Any]) -> Any:
    """``POST /v1/responses`` without an SDK: the bytes as sent."""
    headers = {"content-type": "application/json", "authorization": f"Bearer {CLIENT_KEY}"}
    return http("POST", f"{gateway.url}/v1/responses", json.dumps(body).encode(), headers)


def sse_events(gateway: Proc, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    r = post(gateway, body)
    assert r.status == 200
    events = []
    for block in r.body.decode().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in lines:
            events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.mark.parametrize(
    ("model", "extra"),
    [
        ("auto", {}),
        ("claude-small", {}),
        ("auto", {"tools": TOOLS, "tool_choice": "required"}),
    ],
)
def test_stream_events_are_well_formed(gateway: Proc, model: str, extra: dict[str, Any]) -> None:
    events = sse_events(
        gateway, {"model": model, "input": "Tell me a story.", "stream": True, **extra}
    )
    for name, data in events:
        assert name == data["type"]
        EVENTS.validate_python(data)  # as sent: every required field, every type
    kinds = [name for name, _ in events]
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[-1] == "response.completed"
    assert [data["sequence_number"] for _, data in events] == list(range(len(events)))
    final = Response.model_validate(events[-1][1]["response"])
    assert final.usage is not None and final.usage.output_tokens > 0
    done = [data["item"] for name, data in events if name == "response.output_item.done"]
    assert [item["id"] for item in done] == [item.id for item in final.output]
    text = "".join(d["delta"] for n, d in events if n == "response.output_text.delta")
    assert final.output_text == text
    arguments = "".join(d["delta"] for n, d in events if n.endswith("arguments.delta"))
    calls = [item for item in final.output if item.type == "function_call"]
    assert arguments == "".join(call.arguments for call in calls)
    assert bool(calls) == bool(extra)


def test_stream_helper_accumulates_text_and_calls(client: openai.OpenAI) -> None:
    with client.responses.stream(model="auto", input="Tell me a story.") as stream:
        text = "".join(e.delta for e in stream if e.type == "response.output_text.delta")
        final = stream.get_final_response()
    assert final.output_text == text and text
    with client.responses.stream(
        model="auto", input="Weather in Paris?", tools=TOOLS, tool_choice="required"
    ) as stream:
        final = stream.get_final_response()
    calls = [item for item in final.output if item.type == "function_call"]
    assert calls and "city" in json.loads(calls[0].arguments)


def test_json_schema_output(client: openai.OpenAI) -> None:
    response = client.responses.create(
        model="auto",
        input="A city and its country, please.",
        text={
            "format": {
                "type": "json_schema",
                "name": "place",
                "schema": {"type": "object", "properties": {"city": {"type": "string"}}},
            }
        },
    )
    assert isinstance(json.loads(response.output_text), dict)


@pytest.mark.parametrize(
    ("extra", "param", "message"),
    [
        ({"previous_response_id": "resp_1"}, "previous_response_id", "keeps no responses"),
        ({"tools": [{"type": "web_search"}]}, "tools.0.type", "only function tools"),
        ({"max_output_tokens": 0}, "max_output_tokens", "positive integer"),
        ({"input": []}, "input", "non-empty array"),
        ({"input": [{"type": "item_reference", "id": "x"}]}, "input.0.type", "not supported"),
        ({"frobnicate": 1}, "frobnicate", "unrecognized request argument"),
    ],
)
def test_bad_requests_name_the_parameter(
    client: openai.OpenAI, extra: dict[str, Any], param: str, message: str
) -> None:
    with pytest.raises(openai.BadRequestError, match=message) as info:
        client.responses.create(model="auto", input="hi", extra_body=extra)
    assert info.value.param == param


def test_error_after_commit_ends_the_stream_with_an_error_event(
    gateway: Proc, simulator: Proc, client: openai.OpenAI
) -> None:
    with sim_faults(simulator, {"sim-flaky": {"error_after_chunks": 3}}):
        body = {"model": "auto:flaky-commit-a", "stream": True, "input": "hi"}
        r = post(gateway, body)
        assert r.status == 200
        text = r.body.decode()
        assert "event: response.created" in text and "event: error" in text
        assert "response.completed" not in text  # a broken stream never ends as if complete
        with pytest.raises(openai.APIError):
            for _ in client.responses.create(model="auto:flaky-commit-a", input="hi", stream=True):
                pass

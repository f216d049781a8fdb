"""The OpenAI Chat Completions wire, driven by the official ``openai`` SDK."""

from __future__ import annotations

import json

import aiohttp
import openai
import pytest
from pydantic import BaseModel

from routeyard.simulator import SimModel, SimulatorSpec

from .conftest import StartSim, openai_client

USER = [{"role": "user", "content": "Tell me about rivers."}]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "days", "unit"],
        },
    },
}


def spec(**model: object) -> SimulatorSpec:
    return SimulatorSpec(
        models=[SimModel.model_validate({"name": "m", "answer_tokens": 12, **model})]
    )


async def test_completion_shape_and_usage(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        raw = await client.chat.completions.with_raw_response.create(model="m", messages=USER)
        done = raw.parse()
    assert raw.headers["x-sim-model"] == "m"
    assert done.object == "chat.completion"
    assert done.id.startswith("chatcmpl-")
    assert done.model == "m"
    assert done.system_fingerprint == "fp_sim"
    choice = done.choices[0]
    assert (choice.index, choice.finish_reason, choice.message.role) == (0, "stop", "assistant")
    assert choice.message.content
    assert choice.message.refusal is None
    assert done.usage is not None
    assert done.usage.completion_tokens == 12
    assert done.usage.total_tokens == done.usage.prompt_tokens + 12
    assert done.usage.prompt_tokens_details is not None
    assert done.usage.prompt_tokens_details.cached_tokens == 0


async def test_stream_matches_completion_and_reports_usage_last(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        whole = await client.chat.completions.create(model="m", messages=USER)
        stream = await client.chat.completions.create(
            model="m", messages=USER, stream=True, stream_options={"include_usage": True}
        )
        chunks = [chunk async for chunk in stream]
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks[:-1]][-1] == "stop"
    assert all(c.usage is None for c in chunks[:-1])
    last = chunks[-1]
    assert last.choices == []
    assert last.usage == whole.usage


async def test_stream_without_include_usage_has_no_usage_chunk(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        stream = await client.chat.completions.create(model="m", messages=USER, stream=True)
        chunks = [chunk async for chunk in stream]
    assert all(c.choices for c in chunks)
    assert all(c.usage is None for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


async def test_max_tokens_truncates_with_length(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        done = await client.chat.completions.create(
            model="m", messages=USER, max_completion_tokens=5
        )
        legacy = await client.chat.completions.create(model="m", messages=USER, max_tokens=5)
        stream = await client.chat.completions.create(
            model="m", messages=USER, max_tokens=5, stream=True
        )
        chunks = [c async for c in stream]
    assert done.choices[0].finish_reason == "length"
    assert done.usage is not None
    assert done.usage.completion_tokens == 5
    assert legacy.choices[0].message.content == done.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "length"
    assert len([c for c in chunks if c.choices[0].delta.content]) == 5


async def test_tool_call_when_the_user_names_the_tool(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    messages = [{"role": "user", "content": "Use get_weather for Paris."}]
    async with openai_client(sim) as client:
        done = await client.chat.completions.create(
            model="m", messages=messages, tools=[WEATHER_TOOL]
        )
    choice = done.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.type == "function"
    assert call.id.startswith("call_")
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "example", "days": 1, "unit": "celsius"}


@pytest.mark.parametrize(
    ("tool_choice", "prompt", "calls"),
    [
        ("auto", "Tell me about rivers.", False),
        ("none", "Use get_weather now.", False),
        ("required", "Tell me about rivers.", True),
        ({"type": "function", "function": {"name": "get_weather"}}, "Hi.", True),
    ],
)
async def test_tool_choice(
    start_sim: StartSim, tool_choice: object, prompt: str, calls: bool
) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        done = await client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": prompt}],
            tools=[WEATHER_TOOL],
            tool_choice=tool_choice,
        )
    assert (done.choices[0].finish_reason == "tool_calls") is calls
    assert (done.choices[0].message.tool_calls is not None) is calls


async def test_streamed_tool_call_is_assembled_by_the_sdk(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    messages = [{"role": "user", "content": "call get_weather"}]
    async with openai_client(sim) as client:
        stream = await client.chat.completions.create(
            model="m", messages=messages, tools=[WEATHER_TOOL], stream=True
        )
        chunks = [c async for c in stream]
        async with client.chat.completions.stream(
            model="m", messages=messages, tools=[WEATHER_TOOL]
        ) as helper:
            final = await helper.get_final_completion()
    opening = chunks[0].choices[0].delta
    assert opening.role == "assistant"
    assert opening.tool_calls is not None
    header = opening.tool_calls[0]
    assert (header.index, header.type) == (0, "function")
    assert header.function is not None
    assert header.function.name == "get_weather"
    assert header.function.arguments == ""
    fragments = [
        c.choices[0].delta.tool_calls[0].function.arguments or ""
        for c in chunks
        if c.choices[0].delta.tool_calls and c.choices[0].delta.tool_calls[0].function
    ]
    assert len(fragments) > 2
    assert json.loads("".join(fragments))["city"] == "example"
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    calls = final.choices[0].message.tool_calls
    assert calls is not None
    assert calls[0].function.name == "get_weather"
    assert json.loads(calls[0].function.arguments)["unit"] == "celsius"


async def test_tool_result_gets_a_text_answer_that_mentions_it(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    messages = [
        {"role": "user", "content": "Use get_weather for Paris."},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "Sunny, 21 C"},
    ]
    async with openai_client(sim) as client:
        done = await client.chat.completions.create(
            model="m",
            messages=messages,
            tools=[WEATHER_TOOL],
        )
    assert done.choices[0].finish_reason == "stop"
    assert "Sunny, 21 C" in (done.choices[0].message.content or "")


async def test_json_object_mode_answers_json(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        done = await client.chat.completions.create(
            model="m", messages=USER, response_format={"type": "json_object"}
        )
    assert isinstance(json.loads(done.choices[0].message.content or ""), dict)


class Forecast(BaseModel):
    city: str
    days: int
    rain: bool
    hours: list[float]


async def test_json_schema_mode_is_parsed_by_the_sdk(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        done = await client.chat.completions.parse(
            model="m", messages=USER, response_format=Forecast
        )
        stream = await client.chat.completions.create(
            model="m",
            messages=USER,
            stream=True,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "f", "schema": Forecast.model_json_schema()},
            },
        )
        streamed = "".join([c.choices[0].delta.content or "" async for c in stream])
    parsed = done.choices[0].message.parsed
    assert parsed == Forecast(city="example", days=1, rain=True, hours=[1.0])
    assert Forecast.model_validate_json(streamed) == parsed


async def test_image_parts_are_accepted_and_counted(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    async with openai_client(sim) as client:
        plain = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]
        )
        with_image = await client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": [{"type": "text", "text": "Hi"}, image]}],
        )
    assert plain.usage is not None
    assert with_image.usage is not None
    assert with_image.usage.prompt_tokens > plain.usage.prompt_tokens


async def test_unknown_model_is_404_in_openai_shape(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec())
    async with openai_client(sim) as client:
        with pytest.raises(openai.NotFoundError) as caught:
            await client.chat.completions.create(model="nope", messages=USER)
    assert caught.value.body == {
        "message": "The model `nope` does not exist.",
        "type": "invalid_request_error",
        "param": "model",
        "code": "model_not_found",
    }


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (b"{not json", None),
        (b"[1, 2]", None),
        (b'{"messages": []}', "model"),
        (b'{"model": "m", "messages": []}', "messages"),
        (b'{"model": "m", "messages": [{"content": "x"}]}', "messages[0]"),
        (
            b'{"model": "m", "messages": [{"role": "user", "content": "x"}], "max_tokens": 0}',
            "max_tokens",
        ),
    ],
)
async def test_bad_requests_are_400_in_openai_shape(
    start_sim: StartSim, http: aiohttp.ClientSession, body: bytes, param: str | None
) -> None:
    sim = await start_sim(spec())
    async with http.post(f"{sim.url}/v1/chat/completions", data=body) as response:
        assert response.status == 400
        error = (await response.json())["error"]
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert error["message"]


async def test_context_window_exceeded(start_sim: StartSim) -> None:
    sim = await start_sim(spec(context_window=50))
    async with openai_client(sim) as client:
        with pytest.raises(openai.BadRequestError) as caught:
            await client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "word " * 100}]
            )
    assert isinstance(caught.value.body, dict)
    assert caught.value.body["code"] == "context_length_exceeded"


async def test_models_list_and_health(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(SimulatorSpec(models=[SimModel(name="a"), SimModel(name="b")]))
    async with openai_client(sim) as client:
        models = [m async for m in client.models.list()]
        one = await client.models.retrieve("b")
        with pytest.raises(openai.NotFoundError):
            await client.models.retrieve("zzz")
    assert [(m.id, m.object, m.owned_by) for m in models] == [
        ("a", "model", "routeyard-sim"),
        ("b", "model", "routeyard-sim"),
    ]
    assert one.id == "b"
    async with http.get(f"{sim.url}/healthz") as response:
        assert response.status == 200

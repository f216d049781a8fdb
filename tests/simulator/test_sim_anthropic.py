"""The Anthropic Messages wire, driven by the official ``anthropic`` SDK."""

from __future__ import annotations

import aiohttp
import anthropic
import orjson
import pytest

from routeyard.simulator import SimModel, SimulatorSpec

from .conftest import StartSim, anthropic_client

USER = [{"role": "user", "content": "Tell me about rivers."}]
WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Weather for a city.",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
        "required": ["city", "days"],
    },
}


def spec(**model: object) -> SimulatorSpec:
    return SimulatorSpec(
        models=[SimModel.model_validate({"name": "m", "answer_tokens": 12, **model})]
    )


def sse_events(body: bytes) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in body.decode().split("\n\n"):
        if block.strip():
            name_line, data_line = block.split("\n")
            assert name_line.startswith("event: ")
            assert data_line.startswith("data: ")
            events.append((name_line[7:], orjson.loads(data_line[6:])))
    return events


async def test_message_shape_and_usage(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        raw = await client.messages.with_raw_response.create(
            model="m", max_tokens=100, messages=USER
        )
        message = await raw.parse()
    assert raw.headers["x-sim-model"] == "m"
    assert message.id.startswith("msg_")
    assert (message.type, message.role, message.model) == ("message", "assistant", "m")
    assert message.stop_reason == "end_turn"
    assert message.stop_sequence is None
    assert message.content[0].type == "text"
    assert message.content[0].text
    assert message.usage.output_tokens == 12
    assert message.usage.input_tokens > 0
    assert message.usage.cache_read_input_tokens == 0


async def test_stream_matches_message(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        whole = await client.messages.create(model="m", max_tokens=100, messages=USER)
        async with client.messages.stream(model="m", max_tokens=100, messages=USER) as stream:
            text = "".join([t async for t in stream.text_stream])
            final = await stream.get_final_message()
    assert whole.content[0].type == "text"
    assert text == whole.content[0].text
    assert final.content[0].type == "text"
    assert final.content[0].text == text
    assert final.usage.output_tokens == whole.usage.output_tokens
    assert final.usage.input_tokens == whole.usage.input_tokens
    assert final.stop_reason == "end_turn"


async def test_stream_event_sequence_on_the_wire(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec(answer_tokens=3))
    body = {"model": "m", "max_tokens": 100, "messages": USER, "stream": True}
    async with http.post(f"{sim.url}/v1/messages", json=body) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        events = sse_events(await response.read())
    assert [name for name, _ in events] == [
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert all(data["type"] == name for name, data in events)
    start = events[0][1]["message"]
    assert isinstance(start, dict)
    assert (start["content"], start["stop_reason"]) == ([], None)
    assert events[1][1]["content_block"] == {"type": "text", "text": ""}
    delta_0 = events[3][1]["delta"]
    assert isinstance(delta_0, dict)
    assert delta_0["type"] == "text_delta"
    delta = events[7][1]
    assert delta["delta"] == {"stop_reason": "end_turn", "stop_sequence": None}
    assert delta["usage"]["output_tokens"] == 3


async def test_max_tokens_is_required(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(spec())
    async with http.post(f"{sim.url}/v1/messages", json={"model": "m", "messages": USER}) as r:
        assert r.status == 400
        body = await r.json()
    assert body["type"] == "error"
    assert body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in body["error"]["message"]


async def test_max_tokens_truncates(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        message = await client.messages.create(model="m", max_tokens=4, messages=USER)
    assert message.stop_reason == "max_tokens"
    assert message.usage.output_tokens == 4


async def test_system_as_string_or_blocks_and_images(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    image = {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
    }
    async with anthropic_client(sim) as client:
        as_text = await client.messages.create(
            model="m", max_tokens=50, system="Be brief.", messages=USER
        )
        as_blocks = await client.messages.create(
            model="m", max_tokens=50, system=[{"type": "text", "text": "Be brief."}], messages=USER
        )
        with_image = await client.messages.create(
            model="m",
            max_tokens=50,
            messages=[{"role": "user", "content": [image, {"type": "text", "text": "What?"}]}],
        )
    assert as_text.content == as_blocks.content
    assert with_image.usage.input_tokens > 85


@pytest.mark.parametrize(
    ("tool_choice", "prompt", "calls"),
    [
        ({"type": "auto"}, "Tell me about rivers.", False),
        ({"type": "auto"}, "Please call get_weather.", True),
        ({"type": "none"}, "Please call get_weather.", False),
        ({"type": "any"}, "Tell me about rivers.", True),
        ({"type": "tool", "name": "get_weather"}, "Hi.", True),
    ],
)
async def test_tool_use(
    start_sim: StartSim, tool_choice: dict[str, str], prompt: str, calls: bool
) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        message = await client.messages.create(
            model="m",
            max_tokens=100,
            messages=[{"role": "user", "content": prompt}],
            tools=[WEATHER_TOOL],
            tool_choice=tool_choice,
        )
    assert (message.stop_reason == "tool_use") is calls
    block = message.content[0]
    if calls:
        assert block.type == "tool_use"
        assert block.id.startswith("toolu_")
        assert (block.name, block.input) == ("get_weather", {"city": "example", "days": 1})
    else:
        assert block.type == "text"


async def test_streamed_tool_use(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(spec())
    request = {
        "model": "m",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": "get_weather please"}],
        "tools": [WEATHER_TOOL],
    }
    async with anthropic_client(sim) as client, client.messages.stream(**request) as stream:
        final = await stream.get_final_message()
    assert final.stop_reason == "tool_use"
    block = final.content[0]
    assert block.type == "tool_use"
    assert block.input == {"city": "example", "days": 1}
    async with http.post(f"{sim.url}/v1/messages", json={**request, "stream": True}) as r:
        events = sse_events(await r.read())
    opened = events[1][1]["content_block"]
    assert isinstance(opened, dict)
    assert (opened["type"], opened["name"], opened["input"]) == ("tool_use", "get_weather", {})
    deltas = [d["delta"] for n, d in events if n == "content_block_delta"]
    assert all(d["type"] == "input_json_delta" for d in deltas)
    assert orjson.loads("".join(d["partial_json"] for d in deltas)) == block.input


async def test_tool_result_gets_a_text_answer(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    messages = [
        {"role": "user", "content": "get_weather for Paris"},
        {
            "role": "assistant",
            "content": [
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "P"}}
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "content": [{"type": "text", "text": "Rainy, 12 C"}],
                }
            ],
        },
    ]
    async with anthropic_client(sim) as client:
        message = await client.messages.create(
            model="m",
            max_tokens=100,
            messages=messages,
            tools=[WEATHER_TOOL],
        )
    assert message.stop_reason == "end_turn"
    assert message.content[0].type == "text"
    assert "Rainy, 12 C" in message.content[0].text


async def test_unknown_model_and_bad_json_in_anthropic_shape(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        with pytest.raises(anthropic.NotFoundError) as caught:
            await client.messages.create(model="nope", max_tokens=10, messages=USER)
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "not_found_error", "message": "The model `nope` does not exist."},
    }
    async with http.post(f"{sim.url}/v1/messages", data=b"{oops") as response:
        assert response.status == 400
        assert (await response.json())["error"]["type"] == "invalid_request_error"


async def test_models_list_in_anthropic_shape(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        models = [m async for m in client.models.list()]
    assert [(m.id, m.type) for m in models] == [("m", "model")]


THINKING = {"type": "enabled", "budget_tokens": 1024}


async def test_thinking_opens_the_answer_streamed_or_not(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        plain = await client.messages.create(model="m", max_tokens=100, messages=USER)
        message = await client.messages.create(
            model="m", max_tokens=2000, messages=USER, thinking=THINKING
        )
        async with client.messages.stream(
            model="m", max_tokens=2000, messages=USER, thinking=THINKING
        ) as stream:
            text = "".join([t async for t in stream.text_stream])
            final = await stream.get_final_message()
    assert [b.type for b in plain.content] == ["text"]
    assert [b.type for b in message.content] == ["thinking", "text"]
    thought = message.content[0]
    assert thought.type == "thinking" and thought.thinking and thought.signature
    # The thinking tokens count as output, on top of the answer's.
    assert message.usage.output_tokens > plain.usage.output_tokens == 12
    assert [b.type for b in final.content] == ["thinking", "text"]
    assert final.content[0].thinking == thought.thinking  # type: ignore[union-attr]
    assert text == final.content[1].text == message.content[1].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("thinking", "max_tokens", "param"),
    [
        ({"type": "enabled", "budget_tokens": 100}, 2000, "thinking"),
        ({"type": "enabled", "budget_tokens": 2000}, 2000, "max_tokens"),
        ({"type": "sometimes"}, 2000, "thinking"),
    ],
)
async def test_bad_thinking_is_refused(
    start_sim: StartSim, thinking: dict[str, object], max_tokens: int, param: str
) -> None:
    sim = await start_sim(spec())
    async with anthropic_client(sim) as client:
        with pytest.raises(anthropic.BadRequestError) as err:
            await client.messages.create(
                model="m",
                max_tokens=max_tokens,
                messages=USER,
                thinking=thinking,  # type: ignore[arg-type]
            )
    assert param.split(".")[0] in str(err.value)


async def test_prompt_cache_writes_then_reads_the_marked_prefix(start_sim: StartSim) -> None:
    sim = await start_sim(spec())
    long_system = "You are a careful assistant. " * 200  # about 1,450 tokens
    system = [{"type": "text", "text": long_system, "cache_control": {"type": "ephemeral"}}]
    async with anthropic_client(sim) as client:
        first = await client.messages.create(
            model="m",
            max_tokens=100,
            system=system,
            messages=USER,  # type: ignore[arg-type]
        )
        second = await client.messages.create(
            model="m", max_tokens=100, system=system,  # type: ignore[arg-type]
            messages=[{"role": "user", "content": "And about lakes?"}],
        )  # fmt: skip
        unmarked = await client.messages.create(
            model="m", max_tokens=100, system=long_system, messages=USER
        )
        short = await client.messages.create(
            model="m", max_tokens=100, messages=USER,
            system=[{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
        )  # fmt: skip
    written = first.usage.cache_creation_input_tokens
    assert written is not None and written >= 1024
    assert first.usage.cache_read_input_tokens == 0
    assert second.usage.cache_read_input_tokens == written
    assert second.usage.cache_creation_input_tokens == 0
    # input_tokens counts only what follows the breakpoint, as Anthropic's does.
    assert first.usage.input_tokens < 50 and second.usage.input_tokens < 50
    assert unmarked.usage.input_tokens > 1024
    assert unmarked.usage.cache_read_input_tokens == 0
    assert short.usage.cache_creation_input_tokens == 0  # under the minimum: not cached

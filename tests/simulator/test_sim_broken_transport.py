"""Faults below the API: error codes and texts, connection resets, bodies cut mid-JSON."""

from __future__ import annotations

import asyncio
import json
import random

import aiohttp
import anthropic
import openai
import pytest

from routeyard.simulator import FaultSpec, RunningSimulator, SimModel, SimulatorSpec
from routeyard.simulator.faults import decide_refusal

from .conftest import StartSim, anthropic_client, openai_client

USER = [{"role": "user", "content": "Tell me about rivers."}]
CHAT = {"model": "m", "messages": USER}


def spec(**faults: object) -> SimulatorSpec:
    return SimulatorSpec(
        models=[SimModel(name="m", answer_tokens=30, faults=FaultSpec.model_validate(faults))]
    )


async def model_state(http: aiohttp.ClientSession, sim: RunningSimulator) -> dict[str, int]:
    async with http.get(f"{sim.url}/_sim/state") as response:
        state: dict[str, int] = (await response.json())["models"]["m"]
        return state


def test_refusal_carries_code_and_message() -> None:
    faults = FaultSpec(
        error_rate=1.0, error_status=400, error_code="content_filter", error_message="Flagged."
    )
    refusal = decide_refusal(faults, 0.0, random.Random(0))
    assert refusal is not None
    assert (refusal.status, refusal.code, refusal.message) == (400, "content_filter", "Flagged.")
    plain = decide_refusal(FaultSpec(error_rate=1.0), 0.0, random.Random(0))
    assert plain is not None
    assert (plain.code, plain.message) == (None, "Injected error (500).")


async def test_error_code_and_message_reach_both_wires(start_sim: StartSim) -> None:
    sim = await start_sim(
        spec(
            error_rate=1.0,
            error_status=400,
            error_code="content_filter",
            error_message="The response was filtered.",
        )
    )
    async with openai_client(sim) as oai, anthropic_client(sim) as ant:
        with pytest.raises(openai.BadRequestError) as o_err:
            await oai.chat.completions.create(model="m", messages=USER)
        with pytest.raises(anthropic.BadRequestError) as a_err:
            await ant.messages.create(model="m", max_tokens=10, messages=USER)
    assert o_err.value.body == {
        "message": "The response was filtered.",
        "type": "invalid_request_error",
        "param": None,
        "code": "content_filter",
    }
    assert a_err.value.body == {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "The response was filtered."},
    }


@pytest.mark.parametrize("stream", [False, True])
async def test_reset_connection_drops_the_request(
    start_sim: StartSim, http: aiohttp.ClientSession, stream: bool
) -> None:
    sim = await start_sim(spec(reset_connection=True))
    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.post(f"{sim.url}/v1/chat/completions", json={**CHAT, "stream": stream}):
            pass
    state = await model_state(http, sim)
    assert (state["requests"], state["active"]) == (1, 0)


async def test_reset_connection_is_a_reset_not_a_clean_close(start_sim: StartSim) -> None:
    sim = await start_sim(spec(reset_connection=True))
    reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
    body = json.dumps(CHAT).encode()
    writer.write(
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    await writer.drain()
    with pytest.raises(ConnectionResetError):
        await asyncio.wait_for(reader.read(), 5)
    writer.close()


async def test_cut_body_close_ends_mid_json(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec(cut_body="close"))
    async with http.post(f"{sim.url}/v1/chat/completions", json=CHAT) as response:
        assert response.status == 200
        assert response.content_length is not None
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()
    state = await model_state(http, sim)
    assert (state["requests"], state["active"]) == (1, 0)


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages"])
async def test_cut_body_truncate_is_well_framed_half_json(
    start_sim: StartSim, http: aiohttp.ClientSession, path: str
) -> None:
    body = {**CHAT, "max_tokens": 50}
    healthy = await start_sim(spec())
    async with http.post(f"{healthy.url}{path}", json=body) as response:
        whole = await response.read()
    sim = await start_sim(spec(cut_body="truncate"))
    async with http.post(f"{sim.url}{path}", json=body) as response:
        assert response.status == 200
        assert response.headers["content-type"].startswith("application/json")
        half = await response.read()
    assert len(half) == len(whole) // 2
    # The same answer, cut in half (ids differ by nothing: both simulators count from 1).
    assert whole.startswith(half[:20])
    with pytest.raises(json.JSONDecodeError):
        json.loads(half)


async def test_cut_body_leaves_streams_alone(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec(cut_body="close"))
    async with http.post(
        f"{sim.url}/v1/chat/completions", json={**CHAT, "stream": True}
    ) as response:
        text = (await response.read()).decode()
    assert text.endswith("data: [DONE]\n\n")

"""Injected faults as clients see them: statuses, headers, broken and stalled streams."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable
from typing import TypeVar

import aiohttp
import anthropic
import openai
import pytest

from routeyard.simulator import FaultSpec, RunningSimulator, SimModel, SimulatorSpec

from .conftest import StartSim, anthropic_client, openai_client

T = TypeVar("T")
USER = [{"role": "user", "content": "Tell me about rivers."}]


def spec(**faults: object) -> SimulatorSpec:
    return SimulatorSpec(
        models=[SimModel(name="m", answer_tokens=10, faults=FaultSpec.model_validate(faults))]
    )


async def drain(stream: AsyncIterable[T]) -> tuple[list[T], Exception | None]:
    items: list[T] = []
    try:
        async for item in stream:
            items.append(item)
    except Exception as exc:
        return items, exc
    return items, None


async def model_state(http: aiohttp.ClientSession, sim: RunningSimulator) -> dict[str, int]:
    async with http.get(f"{sim.url}/_sim/state") as response:
        state: dict[str, int] = (await response.json())["models"]["m"]
        return state


async def wait_idle(http: aiohttp.ClientSession, sim: RunningSimulator) -> None:
    for _ in range(100):
        if (await model_state(http, sim))["active"] == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the simulator still has active requests")


async def test_error_rate_one_answers_the_error_status(start_sim: StartSim) -> None:
    sim = await start_sim(spec(error_rate=1.0, error_status=502))
    async with openai_client(sim) as oai, anthropic_client(sim) as ant:
        with pytest.raises(openai.InternalServerError) as o_err:
            await oai.chat.completions.create(model="m", messages=USER)
        with pytest.raises(anthropic.InternalServerError) as a_err:
            await ant.messages.create(model="m", max_tokens=10, messages=USER)
    assert o_err.value.status_code == 502
    assert o_err.value.response.headers["x-sim-model"] == "m"
    assert "retry-after" not in o_err.value.response.headers
    assert isinstance(o_err.value.body, dict)
    assert o_err.value.body["type"] == "server_error"
    assert a_err.value.status_code == 502
    assert a_err.value.body == {
        "type": "error",
        "error": {"type": "api_error", "message": "Injected error (502)."},
    }


async def test_rate_limit_has_retry_after_headers(start_sim: StartSim) -> None:
    sim = await start_sim(spec(rate_limit_rate=1.0, retry_after_s=1.5))
    async with openai_client(sim) as oai, anthropic_client(sim) as ant:
        with pytest.raises(openai.RateLimitError) as o_err:
            await oai.chat.completions.create(model="m", messages=USER)
        with pytest.raises(anthropic.RateLimitError) as a_err:
            await ant.messages.create(model="m", max_tokens=10, messages=USER)
    headers = o_err.value.response.headers
    assert (headers["retry-after"], headers["retry-after-ms"]) == ("2", "1500")
    assert isinstance(o_err.value.body, dict)
    assert (o_err.value.body["type"], o_err.value.body["code"]) == (
        "rate_limit_error",
        "rate_limit_exceeded",
    )
    assert isinstance(a_err.value.body, dict)
    assert a_err.value.body["error"]["type"] == "rate_limit_error"
    assert a_err.value.response.headers["retry-after"] == "2"


async def test_outage_is_503_overloaded(start_sim: StartSim) -> None:
    sim = await start_sim(spec(outage=True))
    async with openai_client(sim) as oai, anthropic_client(sim) as ant:
        with pytest.raises(openai.InternalServerError) as o_err:
            await oai.chat.completions.create(model="m", messages=USER, stream=True)
        with pytest.raises(anthropic.APIStatusError) as a_err:
            await ant.messages.create(model="m", max_tokens=10, messages=USER)
    assert o_err.value.status_code == 503
    assert o_err.value.response.headers["retry-after"] == "1"
    assert a_err.value.status_code == 503
    assert isinstance(a_err.value.body, dict)
    assert a_err.value.body["error"]["type"] == "overloaded_error"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_outage_windows_follow_the_clock(start_sim: StartSim) -> None:
    clock = FakeClock()
    sim = await start_sim(spec(outage_windows=[(10.0, 20.0)]), clock=clock)
    async with openai_client(sim) as client:
        await client.chat.completions.create(model="m", messages=USER)
        clock.now += 10.0
        with pytest.raises(openai.InternalServerError):
            await client.chat.completions.create(model="m", messages=USER)
        clock.now += 10.0
        await client.chat.completions.create(model="m", messages=USER)


async def test_error_after_chunks_raises_in_both_sdks(start_sim: StartSim) -> None:
    sim = await start_sim(spec(error_after_chunks=3))
    async with openai_client(sim) as oai, anthropic_client(sim) as ant:
        stream = await oai.chat.completions.create(model="m", messages=USER, stream=True)
        chunks, o_exc = await drain(stream)
        async with ant.messages.stream(model="m", max_tokens=50, messages=USER) as a_stream:
            texts, a_exc = await drain(a_stream.text_stream)
    assert isinstance(o_exc, openai.APIError)
    assert o_exc.message == "Injected stream error."
    assert len(chunks) == 4  # the role chunk, then three content chunks
    assert isinstance(a_exc, anthropic.APIStatusError)
    assert len(texts) == 3


async def test_error_in_first_event(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(spec(error_in_first_event=True, error_status=503))
    async with openai_client(sim) as oai:
        stream = await oai.chat.completions.create(model="m", messages=USER, stream=True)
        chunks, exc = await drain(stream)
    assert chunks == []
    assert isinstance(exc, openai.APIError)
    body = {"model": "m", "max_tokens": 10, "messages": USER, "stream": True}
    async with http.post(f"{sim.url}/v1/messages", json=body) as response:
        assert response.status == 200
        raw = await response.read()
    assert raw.startswith(b'event: error\ndata: {"type":"error","error":{"type":"overloaded_error"')
    assert raw.count(b"\n\n") == 1


async def test_cut_after_chunks_breaks_the_body(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec(cut_after_chunks=2))
    async with openai_client(sim) as oai:
        stream = await oai.chat.completions.create(model="m", messages=USER, stream=True)
        chunks, exc = await drain(stream)
    assert exc is not None
    assert len(chunks) == 3
    body = {"model": "m", "messages": USER, "stream": True}
    with pytest.raises(aiohttp.ClientPayloadError):
        async with http.post(f"{sim.url}/v1/chat/completions", json=body) as response:
            await response.read()
    await wait_idle(http, sim)


async def test_stall_is_caught_by_a_client_timeout(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(spec(stall_after_chunks=2))
    async with openai_client(sim, timeout=0.3) as oai:
        stream = await oai.chat.completions.create(model="m", messages=USER, stream=True)
        started = time.monotonic()
        chunks, exc = await drain(stream)
    assert exc is not None
    assert "timeout" in type(exc).__name__.lower()
    assert time.monotonic() - started >= 0.25
    assert len(chunks) == 3
    await wait_idle(http, sim)


async def test_hang_before_headers(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(spec(hang_before_headers_s=5.0))
    async with openai_client(sim, timeout=0.2) as oai, anthropic_client(sim, timeout=0.2) as ant:
        with pytest.raises(openai.APITimeoutError):
            await oai.chat.completions.create(model="m", messages=USER)
        with pytest.raises(anthropic.APITimeoutError):
            await ant.messages.create(model="m", max_tokens=10, messages=USER)
    await wait_idle(http, sim)
    assert (await model_state(http, sim))["requests"] == 2


async def test_short_hang_delays_the_answer(start_sim: StartSim) -> None:
    sim = await start_sim(spec(hang_before_headers_s=0.2))
    async with openai_client(sim) as oai:
        started = time.monotonic()
        await oai.chat.completions.create(model="m", messages=USER)
    assert time.monotonic() - started >= 0.2


async def test_ttft_and_token_rate_pace_streams(start_sim: StartSim) -> None:
    model = SimModel(name="m", ttft_ms=150, tokens_per_s=100, answer_tokens=10)
    sim = await start_sim(SimulatorSpec(models=[model]))
    async with openai_client(sim) as oai:
        started = time.monotonic()
        stream = await oai.chat.completions.create(model="m", messages=USER, stream=True)
        arrivals = [time.monotonic() - started async for _ in stream]
        started = time.monotonic()
        await oai.chat.completions.create(model="m", messages=USER)
        whole = time.monotonic() - started
    assert arrivals[0] >= 0.14  # the role chunk comes with the first token
    assert arrivals[-1] >= 0.14 + 0.09  # nine gaps of 10 ms after the first token
    assert whole >= 0.15 + 0.1  # time to first token plus generating ten tokens

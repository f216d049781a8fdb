"""``/_sim/*``: counters, live fault changes, reset."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import openai
import pytest

from routeyard.simulator import FaultSpec, RunningSimulator, SimModel, SimulatorSpec

from .conftest import StartSim, openai_client

USER = [{"role": "user", "content": "Hello"}]


def two_models() -> SimulatorSpec:
    return SimulatorSpec(
        models=[SimModel(name="a"), SimModel(name="org/b", faults=FaultSpec(retry_after_s=3))]
    )


async def state(http: aiohttp.ClientSession, sim: RunningSimulator) -> dict[str, Any]:
    async with http.get(f"{sim.url}/_sim/state") as response:
        assert response.status == 200
        body: dict[str, Any] = await response.json()
        return body


async def put_faults(
    http: aiohttp.ClientSession, sim: RunningSimulator, model: str, body: object
) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else None
    payload = None if isinstance(body, bytes) else body
    async with http.put(f"{sim.url}/_sim/faults/{model}", data=data, json=payload) as r:
        return r.status, await r.json()


async def test_state_counts_requests_streams_and_faulted_requests(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(two_models())
    async with openai_client(sim) as client:
        await client.chat.completions.create(model="a", messages=USER)
        stream = await client.chat.completions.create(model="a", messages=USER, stream=True)
        _ = [c async for c in stream]
        await put_faults(http, sim, "a", {"error_rate": 1})
        with pytest.raises(openai.InternalServerError):
            await client.chat.completions.create(model="a", messages=USER)
        with pytest.raises(openai.NotFoundError):
            await client.chat.completions.create(model="zzz", messages=USER)
    snapshot = await state(http, sim)
    assert set(snapshot["models"]) == {"a", "org/b"}
    a = snapshot["models"]["a"]
    assert (a["requests"], a["streams"], a["active"]) == (3, 1, 0)
    assert a["faults"] == FaultSpec(error_rate=1).model_dump(mode="json")
    assert snapshot["models"]["org/b"]["requests"] == 0


async def test_put_merges_partial_faults(start_sim: StartSim, http: aiohttp.ClientSession) -> None:
    sim = await start_sim(two_models())
    status, body = await put_faults(http, sim, "org/b", {"rate_limit_rate": 1.0})
    assert status == 200
    assert body["model"] == "org/b"
    assert body["faults"]["rate_limit_rate"] == 1.0
    assert body["faults"]["retry_after_s"] == 3  # kept from before
    async with openai_client(sim) as client:
        with pytest.raises(openai.RateLimitError) as caught:
            await client.chat.completions.create(model="org/b", messages=USER)
    assert caught.value.response.headers["retry-after"] == "3"
    await put_faults(http, sim, "org/b", {"rate_limit_rate": 0})
    async with openai_client(sim) as client:
        await client.chat.completions.create(model="org/b", messages=USER)


@pytest.mark.parametrize(
    ("model", "body", "status"),
    [
        ("a", {"error_rate": 2}, 400),
        ("a", {"bogus": True}, 400),
        ("a", {"outage_windows": [[3, 1]]}, 400),
        ("a", b"not json", 400),
        ("a", [1], 400),
        ("nope", {"outage": True}, 404),
    ],
)
async def test_put_rejects_bad_input(
    start_sim: StartSim, http: aiohttp.ClientSession, model: str, body: object, status: int
) -> None:
    sim = await start_sim(two_models())
    got, answer = await put_faults(http, sim, model, body)
    assert got == status
    assert answer["error"]["message"]
    assert (await state(http, sim))["models"]["a"]["faults"] == FaultSpec().model_dump(mode="json")


async def test_reset_clears_faults_and_counters(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    sim = await start_sim(two_models())
    await put_faults(http, sim, "a", {"outage": True})
    async with openai_client(sim) as client:
        with pytest.raises(openai.InternalServerError):
            await client.chat.completions.create(model="a", messages=USER)
        async with http.post(f"{sim.url}/_sim/reset") as response:
            assert response.status == 200
        await client.chat.completions.create(model="a", messages=USER)
    models = (await state(http, sim))["models"]
    assert models["a"]["requests"] == 1
    assert models["org/b"]["faults"] == FaultSpec().model_dump(mode="json")


async def test_active_counts_streams_in_flight(
    start_sim: StartSim, http: aiohttp.ClientSession
) -> None:
    slow = SimModel(name="a", tokens_per_s=50, answer_tokens=10)
    sim = await start_sim(SimulatorSpec(models=[slow]))
    async with openai_client(sim) as client:
        stream = await client.chat.completions.create(model="a", messages=USER, stream=True)
        first = await anext(aiter(stream))
        assert first.choices
        assert (await state(http, sim))["models"]["a"]["active"] == 1
        await stream.close()  # hang up mid-stream
    for _ in range(100):
        if (await state(http, sim))["models"]["a"]["active"] == 0:
            break
        await asyncio.sleep(0.02)
    assert (await state(http, sim))["models"]["a"]["active"] == 0

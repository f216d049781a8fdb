"""Real simulator servers on loopback ports, driven by the official SDKs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
import anthropic
import openai
import pytest

from routeyard.simulator import RunningSimulator, SimulatorSpec, start_server

StartSim = Callable[..., Awaitable[RunningSimulator]]

DATA_DIR = Path(__file__).parents[2] / ".." / "shared" / "data"
TEST_JSONL = DATA_DIR / "llmrouter" / "test.jsonl"


@pytest.fixture
async def start_sim() -> AsyncIterator[StartSim]:
    """Start simulators on free ports; all are closed after the test."""
    running: list[RunningSimulator] = []

    async def start(spec: SimulatorSpec, **kwargs: object) -> RunningSimulator:
        sim = await start_server(spec, "127.0.0.1", 0, **kwargs)
        running.append(sim)
        return sim

    yield start
    for sim in running:
        await sim.close()


@pytest.fixture(autouse=True)
def _no_server_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A handler that raised shows up as an aiohttp error log: fail the test on it."""
    caplog.set_level(logging.ERROR, logger="aiohttp")
    yield
    errors = [r for r in caplog.records if r.name.startswith("aiohttp") and r.levelno >= 40]
    assert not errors, [r.getMessage() for r in errors]


def openai_client(sim: RunningSimulator, timeout: float = 10.0) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=f"{sim.url}/v1", api_key="x", max_retries=0, timeout=timeout)


def anthropic_client(sim: RunningSimulator, timeout: float = 10.0) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(base_url=sim.url, api_key="x", max_retries=0, timeout=timeout)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session

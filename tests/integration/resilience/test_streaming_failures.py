"""Issue #4 test 10: the streaming failure contract (design §2) against a misbehaving upstream.

Before the commit point (the first byte to the client) a failure falls back invisibly; after it,
the stream ends with an in-band error event and no end marker (``[DONE]`` / ``message_stop``).
However a stream ends, the upstream connection is closed: the simulator's ``active`` count for
the model drops to 0 within a second.

Scaled down: time to first token 0.3 s (default 10 s), idle gap 0.3 s (30 s), stream total
0.6 s (10 min), non-streaming total 0.4 s (120 s), heartbeats every 0.2 s (15 s).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import anthropic
import openai
import pytest

from .conftest import (
    AUTH,
    CLIENT_KEY,
    Gateway,
    Sim,
    StartGateway,
    anthropic_body,
    chat_body,
    model,
    post,
    wait_until,
)

pytestmark = pytest.mark.integration

TTFT_S = 0.3
IDLE_S = 0.3
STREAM_TOTAL_S = 0.6
TOTAL_S = 0.4
HEARTBEAT_S = 0.2
PATHS = {"openai": "/v1/chat/completions", "anthropic": "/v1/messages"}
STREAM = "sim-stream"  # 12 chunks, 25 ms apart
BACKUP = "sim-stream-backup"
CRAWL = "sim-crawl"  # 200 chunks, 100 ms apart: 20 s
LATE = "sim-late"  # first token after 5 s


def _timeouts(**kw: float) -> dict[str, float]:
    return {"ttft_s": 5.0, "idle_s": 5.0, "stream_total_s": 30.0, "total_s": 30.0, **kw}


RESILIENCE: dict[str, Any] = {
    # Breakers, demotion and the retry budget are tested elsewhere; keep them out of the way.
    "breaker": {"consecutive_failures": 1000, "failure_rate": 1.0},
    "health": {"min_samples": 1_000_000},
    "retry": {"budget_floor": 1000},
}


def _config(heartbeat_s: float | None) -> dict[str, Any]:
    return {
        "models": {
            "ttft": model(STREAM, timeouts=_timeouts(ttft_s=TTFT_S)),
            "backup": model(BACKUP),
            "stall": model(STREAM, timeouts=_timeouts(idle_s=IDLE_S)),
            "plain": model(STREAM),
            "crawl": model(CRAWL),
            "late": model(LATE),
            "total": model(CRAWL, timeouts=_timeouts(stream_total_s=STREAM_TOTAL_S)),
            "total-ns": model(CRAWL, timeouts=_timeouts(total_s=TOTAL_S)),
        },
        "routes": {
            "ttft": ["ttft", "backup"],
            "stall": ["stall"],
            "plain": ["plain"],
            "first": ["plain", "backup"],
            "crawl": ["crawl"],
            "late": ["late"],
            "total": ["total"],
            "total-ns": ["total-ns"],
        },
        "resilience": {**RESILIENCE, "heartbeat_s": heartbeat_s},
    }


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway) -> Gateway:
    return start_gateway(**_config(None))


@pytest.fixture(scope="module")
def gw_heartbeat(start_gateway: StartGateway) -> Gateway:
    return start_gateway(**_config(HEARTBEAT_S))


@dataclass
class Sse:
    """A stream read off the wire, event by event, with arrival times."""

    status: int
    events: list[tuple[float, str | None, Any]] = field(default_factory=list)
    raw: str = ""
    elapsed: float = 0.0

    def texts(self) -> list[str]:
        out: list[str] = []
        for _, name, data in self.events:
            if not isinstance(data, dict):
                continue
            if name is None and data.get("choices"):
                out.append(data["choices"][0]["delta"].get("content") or "")
            elif name == "content_block_delta":
                out.append(data["delta"].get("text", ""))
        return [t for t in out if t]

    def errors(self) -> list[Any]:
        return [
            d for _, n, d in self.events if n == "error" or (isinstance(d, dict) and "error" in d)
        ]

    def ended_cleanly(self) -> bool:
        return "data: [DONE]" in self.raw or "event: message_stop" in self.raw


async def _read_sse(gw: Gateway, api: str, route: str) -> Sse:
    make = chat_body if api == "openai" else anthropic_body
    body = make(f"auto:{route}", stream=True)
    started = time.monotonic()
    out = Sse(0)
    async with (
        aiohttp.ClientSession() as session,
        session.post(gw.url + PATHS[api], json=body, headers=AUTH) as resp,
    ):
        out.status = resp.status
        buffer = b""
        async for piece in resp.content.iter_any():
            now = time.monotonic() - started
            buffer += piece
            out.raw += piece.decode()
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                name, data = None, None
                for line in block.decode().splitlines():
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        data = line[6:]
                if data is not None:
                    out.events.append((now, name, data if data == "[DONE]" else json.loads(data)))
    out.elapsed = time.monotonic() - started
    return out


def _released(sim: Sim, name: str) -> None:
    """The gateway closed its upstream connection: the simulator sees no active request."""
    assert wait_until(lambda: sim.active(name) == 0, within=1.0), sim.state()[name]


async def test_hang_before_headers_falls_back_after_ttft(gw: Gateway, sim: Sim) -> None:
    sim.faults(STREAM, hang_before_headers_s=10)
    started = time.monotonic()
    async with gw.aopenai() as client:
        raw = await client.chat.completions.with_raw_response.create(
            model="auto:ttft", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        chunks = [c async for c in raw.parse()]
    elapsed = time.monotonic() - started
    assert raw.headers["x-routeyard-model"] == "backup"
    assert raw.headers["x-routeyard-attempts"] == "3"  # two timeouts, then the backup
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert 2 * TTFT_S <= elapsed < 2 * TTFT_S + 0.7
    assert sim.requests(STREAM, BACKUP) == {STREAM: 2, BACKUP: 1}
    _released(sim, STREAM)


@pytest.mark.parametrize("api", ["openai", "anthropic"])
async def test_stall_after_three_chunks_ends_in_band(gw: Gateway, sim: Sim, api: str) -> None:
    sim.faults(STREAM, stall_after_chunks=3)
    sse = await _read_sse(gw, api, "stall")
    assert sse.status == 200
    assert len(sse.texts()) == 3
    assert len(sse.errors()) == 1
    assert not sse.ended_cleanly()
    # The error came an idle timeout after the last chunk, not before.
    error_at = next(t for t, n, d in sse.events if d in sse.errors())
    last_text_at = max(t for t, n, d in sse.events if d not in sse.errors())
    assert IDLE_S - 0.05 <= error_at - last_text_at < IDLE_S + 0.5
    assert sim.count(STREAM) == 1  # committed: never retried
    _released(sim, STREAM)


@pytest.mark.parametrize("api", ["openai", "anthropic"])
async def test_error_event_mid_stream_ends_in_band(gw: Gateway, sim: Sim, api: str) -> None:
    sim.faults(STREAM, error_after_chunks=3)
    sse = await _read_sse(gw, api, "plain")
    assert sse.status == 200
    assert len(sse.texts()) == 3
    assert len(sse.errors()) == 1
    assert not sse.ended_cleanly()
    assert sim.count(STREAM) == 1
    _released(sim, STREAM)
    # The official SDKs see an error, not a short answer.
    with pytest.raises(openai.APIError if api == "openai" else anthropic.APIStatusError):
        await (
            _drain_openai(gw, "auto:plain")
            if api == "openai"
            else _drain_anthropic(gw, "auto:plain")
        )


async def _drain_openai(gw: Gateway, name: str) -> None:
    async with gw.aopenai() as client:
        stream = await client.chat.completions.create(
            model=name, messages=[{"role": "user", "content": "hi"}], stream=True
        )
        async for _ in stream:
            pass


async def _drain_anthropic(gw: Gateway, name: str) -> None:
    client = anthropic.AsyncAnthropic(base_url=gw.url, api_key=CLIENT_KEY, max_retries=0)
    async with (
        client,
        client.messages.stream(
            model=name, max_tokens=64, messages=[{"role": "user", "content": "hi"}]
        ) as stream,
    ):
        async for _ in stream.text_stream:
            pass


@pytest.mark.parametrize("api", ["openai", "anthropic"])
async def test_error_as_first_event_falls_back(gw: Gateway, sim: Sim, api: str) -> None:
    sim.faults(STREAM, error_in_first_event=True)
    sse = await _read_sse(gw, api, "first")
    assert sse.status == 200
    assert not sse.errors()
    assert sse.ended_cleanly()
    assert len(sse.texts()) == 12  # the backup's whole answer
    assert sim.requests(STREAM, BACKUP) == {STREAM: 2, BACKUP: 1}
    _released(sim, STREAM)


@pytest.mark.parametrize("api", ["openai", "anthropic"])
async def test_total_duration_limit_ends_in_band(gw: Gateway, sim: Sim, api: str) -> None:
    sse = await _read_sse(gw, api, "total")
    assert sse.status == 200
    assert 3 <= len(sse.texts()) < 10  # ~100 ms apart, cut at 0.6 s
    assert len(sse.errors()) == 1
    assert not sse.ended_cleanly()
    assert STREAM_TOTAL_S <= sse.elapsed < STREAM_TOTAL_S + 0.5
    _released(sim, CRAWL)


async def test_non_streaming_total_limit(gw: Gateway, sim: Sim) -> None:
    async with aiohttp.ClientSession() as session:
        r = await post(session, f"{gw.url}/v1/chat/completions", chat_body("auto:total-ns"))
    assert r.status == 504
    assert r.json()["error"]["code"] == "deadline_exceeded"
    assert r.attempts == 2
    assert 2 * TOTAL_S <= r.elapsed < 2 * TOTAL_S + 0.5
    assert sim.count(CRAWL) == 2
    _released(sim, CRAWL)


async def _raw_request(gw: Gateway, path: str, body: dict[str, Any]) -> tuple[Any, Any]:
    host, port = gw.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    payload = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
        f"authorization: {AUTH['authorization']}\r\ncontent-length: {len(payload)}\r\n\r\n"
    )
    writer.write(head.encode() + payload)
    await writer.drain()
    return reader, writer


async def _first_bytes(reader: Any, within: float) -> bytes:
    return bytes(await asyncio.wait_for(reader.read(4096), within))


async def _close(writer: Any) -> float:
    """Close the client side; the instant it did."""
    writer.close()
    await writer.wait_closed()
    return time.monotonic()


async def _active_zero_within(sim: Sim, name: str, since: float, within: float) -> float:
    """Seconds from ``since`` until the simulator has no active request for ``name``."""
    async with aiohttp.ClientSession() as session:
        while (await sim.astate(session))[name]["active"]:
            assert time.monotonic() - since < within, f"{name} still active"
            await asyncio.sleep(0.02)
    return time.monotonic() - since


@pytest.mark.parametrize("api", ["openai", "anthropic"])
async def test_client_disconnect_mid_stream_closes_upstream(
    gw: Gateway, sim: Sim, api: str
) -> None:
    make = chat_body if api == "openai" else anthropic_body
    reader, writer = await _raw_request(gw, PATHS[api], make("auto:crawl", stream=True))
    seen = b""
    while b"\r\n\r\n" not in seen or len(seen.split(b"\r\n\r\n", 1)[1]) == 0:
        seen += await _first_bytes(reader, 5.0)  # the head, then content: committed
    assert seen.startswith(b"HTTP/1.1 200")
    assert sim.active(CRAWL) == 1
    gone = await _close(writer)
    assert await _active_zero_within(sim, CRAWL, gone, 1.0) < 1.0


@pytest.mark.parametrize(
    ("route", "sim_model", "faults"),
    [
        ("crawl", CRAWL, {"hang_before_headers_s": 30}),  # upstream sends nothing at all
        ("late", LATE, {}),  # upstream sent its head, the first token is 5 s away
    ],
    ids=["before-headers", "before-first-token"],
)
@pytest.mark.parametrize("heartbeat", [False, True], ids=["quiet", "heartbeats"])
async def test_client_disconnect_while_waiting_for_first_token_closes_upstream(
    gw: Gateway,
    gw_heartbeat: Gateway,
    sim: Sim,
    route: str,
    sim_model: str,
    faults: dict[str, Any],
    heartbeat: bool,
) -> None:
    if faults:
        sim.faults(sim_model, **faults)
    gateway = gw_heartbeat if heartbeat else gw
    reader, writer = await _raw_request(
        gateway, PATHS["openai"], chat_body(f"auto:{route}", stream=True)
    )
    await asyncio.sleep(0.6)
    assert sim.active(sim_model) == 1
    if heartbeat:
        # The head went out and SSE comments keep the connection warm; no content yet.
        seen = await _first_bytes(reader, 1.0)
        assert seen.startswith(b"HTTP/1.1 200")
        body = seen.split(b"\r\n\r\n", 1)[1]
        assert b"\r\n: " in body  # a comment line, in a chunk of the chunked body
        assert b"data:" not in body
    else:
        with pytest.raises(TimeoutError):  # nothing at all yet: the first chunk is held
            await _first_bytes(reader, 0.05)
    gone = await _close(writer)
    assert await _active_zero_within(sim, sim_model, gone, 1.0) < 1.0

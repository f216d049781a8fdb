"""Issue #4 test 11: SSE framing. The gateway reads upstream streams that arrive in 1–3 byte TCP
fragments, with CRLF or CR line endings, comments, ``id``/``retry`` fields, a byte-order mark
and multi-line ``data``, and the official ``openai`` and ``anthropic`` SDKs read exactly what
they read from a plainly framed run of the same stream.

The upstream is a tiny aiohttp server in this file (not the simulator): it serves one fixed
stream, in the OpenAI and in the Anthropic wire format, framed as the requested model id says.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from .conftest import Gateway, StartGateway, ThreadedServer

pytestmark = pytest.mark.integration

# Multi-byte UTF-8 throughout, so 1–3 byte fragments split characters too.
PIECES = ["Héllo", ", wörld", " — ", "🌊🌍", " 日本語のテキスト", "\nline two", " «done»."]
MODES = ["frag", "crlf", "cr", "comments", "multiline", "hostile"]


def _frame(events: list[tuple[str | None, Any]], mode: str) -> bytes:
    """Encode ``(event name, data)`` pairs as SSE, framed the way ``mode`` says."""
    hostile = mode == "hostile"
    eol = {"crlf": "\r\n", "cr": "\r"}.get(mode, "\r\n" if hostile else "\n")
    comments = mode in ("comments", "hostile")
    multiline = mode in ("multiline", "hostile")
    out: list[str] = ["\ufeff"] if hostile else []
    if comments:
        out.append(f": stream opened{eol}{eol}")
    for i, (name, data) in enumerate(events):
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        lines: list[str] = []
        if comments:
            lines.append(": keep-alive")
        if hostile:
            lines += [f"id: {i}", "retry: 1000"]
        if name is not None:
            lines.append(f"event: {name}")
        if multiline and not isinstance(data, str):
            # Pretty-printed JSON, one data line per line; alternate "data:" and "data: ".
            for j, line in enumerate(json.dumps(data, indent=1, ensure_ascii=False).split("\n")):
                lines.append(("data:" if j % 2 else "data: ") + line)
        else:
            lines.append(f"data: {text}")
        if comments:
            lines.append(":")
        out.append(eol.join(lines) + eol + eol)
    return "".join(out).encode()


def _openai_events(model: str) -> list[tuple[str | None, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-frame",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    events: list[tuple[str | None, Any]] = [(None, chunk({"role": "assistant", "content": ""}))]
    events += [(None, chunk({"content": piece})) for piece in PIECES]
    events.append((None, chunk({}, "stop")))
    usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
    events.append(
        (
            None,
            {
                "id": "chatcmpl-frame",
                "object": "chat.completion.chunk",
                "created": 1700000000,
                "model": model,
                "choices": [],
                "usage": usage,
            },
        )
    )
    events.append((None, "[DONE]"))
    return events


def _anthropic_events(model: str) -> list[tuple[str | None, Any]]:
    message = {
        "id": "msg_frame",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 11, "output_tokens": 1},
    }
    events: list[tuple[str | None, Any]] = [
        ("message_start", {"type": "message_start", "message": message}),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        ("ping", {"type": "ping"}),
    ]
    events += [
        (
            "content_block_delta",
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}},
        )
        for p in PIECES
    ]
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 7},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return events


async def _send(request: web.Request, events: list[tuple[str | None, Any]]) -> web.StreamResponse:
    body = await request.json()
    mode = body["model"]
    assert body["stream"] is True
    payload = _frame(events, mode)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    await response.prepare(request)
    if mode in ("frag", "hostile"):
        transport = request.transport
        assert transport is not None
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # one segment per write
        rng = random.Random(mode)
        i = 0
        while i < len(payload):
            n = rng.randint(1, 3)
            await response.write(payload[i : i + n])
            i += n
            await asyncio.sleep(0.001)  # let each fragment leave on its own
    else:
        await response.write(payload)
    await response.write_eof()
    return response


async def _openai(request: web.Request) -> web.StreamResponse:
    return await _send(request, _openai_events("upstream-model"))


async def _anthropic(request: web.Request) -> web.StreamResponse:
    return await _send(request, _anthropic_events("upstream-model"))


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    app = web.Application()
    app.router.add_post("/v1/chat/completions", _openai)
    app.router.add_post("/v1/messages", _anthropic)
    with ThreadedServer(app) as server:
        yield server.url


@pytest.fixture(scope="module")
def gw(start_gateway: StartGateway, upstream: str) -> Gateway:
    models = {
        f"{kind}-{mode}": {
            "provider": f"up-{kind}",
            "model": mode,
            "price": {"input": 1, "output": 1},
        }
        for kind in ("oa", "an")
        for mode in ["plain", *MODES]
    }
    return start_gateway(
        providers={
            "up-oa": {"kind": "openai", "base_url": f"{upstream}/v1"},
            "up-an": {"kind": "anthropic", "base_url": upstream},
        },
        models=models,
    )


def _read_openai(gw: Gateway, name: str) -> list[Any]:
    """Everything the openai SDK hands the application, chunk by chunk (but the model name,
    which is the configured one and so differs between modes)."""
    stream = gw.openai().chat.completions.create(
        model=name,
        messages=[{"role": "user", "content": "Say hello."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    seen: list[Any] = []
    for chunk in stream:
        seen.append(
            (
                [(c.delta.role, c.delta.content, c.finish_reason) for c in chunk.choices],
                chunk.usage.model_dump() if chunk.usage else None,
            )
        )
    return seen


def _read_anthropic(gw: Gateway, name: str) -> list[Any]:
    """Everything the anthropic SDK hands the application: events, text, the final message."""
    with gw.anthropic().messages.stream(
        model=name, max_tokens=64, messages=[{"role": "user", "content": "Say hello."}]
    ) as stream:
        seen: list[Any] = [(event.type, getattr(event, "delta", None)) for event in stream]
        final = stream.get_final_message()
    seen.append(([block.model_dump() for block in final.content], final.stop_reason))
    seen.append((final.usage.input_tokens, final.usage.output_tokens))
    return seen


READERS = {"openai": _read_openai, "anthropic": _read_anthropic}


def _text(seen: list[Any], api: str) -> str:
    if api == "openai":
        return "".join(c or "" for choices, _ in seen for _, c, _ in choices)
    return "".join(
        d.text for kind, d in seen[:-2] if kind == "content_block_delta" and hasattr(d, "text")
    )


@pytest.mark.parametrize("upstream_kind", ["oa", "an"])
@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_plain_stream_reads_whole(gw: Gateway, api: str, upstream_kind: str) -> None:
    seen = READERS[api](gw, f"{upstream_kind}-plain")
    assert _text(seen, api).encode() == "".join(PIECES).encode()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("upstream_kind", ["oa", "an"])
@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_hostile_framing_reads_identically(
    gw: Gateway, api: str, upstream_kind: str, mode: str
) -> None:
    baseline = READERS[api](gw, f"{upstream_kind}-plain")
    seen = READERS[api](gw, f"{upstream_kind}-{mode}")
    assert _text(seen, api).encode() == "".join(PIECES).encode()
    # Not just the text: every chunk/event the SDK surfaces is the same, in the same order.
    assert seen == baseline

"""Provider adapters over MockTransport: wire shapes, usage, errors, stream failures, timeouts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from routeyard.config.schema import ProviderConfig
from routeyard.errors import InvalidRequest, UpstreamError
from routeyard.execute.moves import Move, next_move
from routeyard.providers import (
    AnthropicProvider,
    Call,
    MockResponse,
    MockTransport,
    OpenAICompatibleProvider,
)
from routeyard.providers.base import NATIVE_EVENT, AttemptTimeouts
from routeyard.providers.transport import RecordedRequest
from routeyard.providers.upstream_errors import parse_retry_after

OPENAI_CFG = ProviderConfig(kind="openai", base_url="http://up/v1", api_key="sk-secret-1")  # type: ignore[arg-type]
ANTHROPIC_CFG = ProviderConfig(kind="anthropic", base_url="http://up", api_key="sk-ant-2")  # type: ignore[arg-type]
FAST = AttemptTimeouts(connect_s=1, ttft_s=0.2, idle_s=0.2, stream_total_s=5, total_s=0.5)


def call(**body: Any) -> Call:
    base = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
    return Call("mini", "gpt-mini-upstream", {**base, **body}, FAST, 256)


def sse(*events: dict[str, Any] | str) -> bytes:
    out = b""
    for e in events:
        out += b"data: " + (e.encode() if isinstance(e, str) else orjson.dumps(e)) + b"\n\n"
    return out


def chunk(content: str | None = None, finish: str | None = None, **extra: Any) -> dict[str, Any]:
    delta = {} if content is None else {"content": content}
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "up",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }


def transport(resp: MockResponse) -> MockTransport:
    async def handler(req: RecordedRequest) -> MockResponse:
        return resp

    return MockTransport(handler)


COMPLETION = {
    "id": "x",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-mini-upstream",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}
    ],
    "usage": {
        "prompt_tokens": 12,
        "completion_tokens": 3,
        "total_tokens": 15,
        "prompt_tokens_details": {"cached_tokens": 4},
    },
}


async def test_openai_complete_sends_upstream_model_and_key() -> None:
    t = transport(MockResponse(200, orjson.dumps(COMPLETION)))
    result = await OpenAICompatibleProvider(OPENAI_CFG, t, "http://up/v1").complete(call())
    (req,) = t.requests
    assert req.url == "http://up/v1/chat/completions"
    assert req.headers["Authorization"] == "Bearer sk-secret-1"
    sent = orjson.loads(req.body)
    assert sent["model"] == "gpt-mini-upstream"
    assert sent["stream"] is False
    assert result.response["model"] == "mini"  # clients see the configured name
    assert (
        result.usage.input_tokens,
        result.usage.cached_input_tokens,
        result.usage.output_tokens,
    ) == (12, 4, 3)


async def test_azure_style_auth_and_query() -> None:
    cfg = ProviderConfig(
        kind="openai",
        base_url="http://az/openai/deployments/d",
        api_key="k",
        auth="api-key",
        query={"api-version": "2024-10-21"},
    )  # type: ignore[arg-type]
    t = transport(MockResponse(200, orjson.dumps(COMPLETION)))
    await OpenAICompatibleProvider(cfg, t, "http://az/openai/deployments/d").complete(call())
    assert (
        t.requests[0].url
        == "http://az/openai/deployments/d/chat/completions?api-version=2024-10-21"
    )
    assert t.requests[0].headers["api-key"] == "k"
    assert "Authorization" not in t.requests[0].headers


@pytest.mark.parametrize(
    ("status", "body", "headers", "kind", "retry_after", "code"),
    [
        (
            429,
            b'{"error": {"message": "slow down", "code": "rate_limit_exceeded"}}',
            {"retry-after": "7"},
            "status",
            7.0,
            "rate_limit_exceeded",
        ),
        (503, b"<html>oops</html>", {"retry-after-ms": "1500"}, "status", 1.5, None),
        (
            400,
            b'{"error": {"message": "too long", "code": "context_length_exceeded"}}',
            {},
            "status",
            None,
            "context_length_exceeded",
        ),
    ],
)
async def test_openai_status_errors(
    status: int,
    body: bytes,
    headers: dict[str, str],
    kind: str,
    retry_after: float | None,
    code: str | None,
) -> None:
    t = transport(MockResponse(status, body, headers=headers))
    with pytest.raises(UpstreamError) as info:
        await OpenAICompatibleProvider(OPENAI_CFG, t, "http://up/v1").complete(call())
    assert info.value.status == status
    assert info.value.retry_after == retry_after
    assert info.value.code == code


async def test_auth_failure_hides_provider_text() -> None:
    body = b'{"error": {"message": "Incorrect API key provided: sk-secr***1"}}'
    t = transport(MockResponse(401, body))
    with pytest.raises(UpstreamError) as info:
        await OpenAICompatibleProvider(OPENAI_CFG, t, "http://up/v1").complete(call())
    assert "sk-" not in info.value.message
    assert next_move(info.value).move is Move.NEXT_CANDIDATE  # another may have a working key


async def test_non_json_answer_is_protocol_error() -> None:
    t = transport(MockResponse(200, b"{truncated"))
    with pytest.raises(UpstreamError) as info:
        await OpenAICompatibleProvider(OPENAI_CFG, t, "http://up/v1").complete(call())
    assert info.value.kind == "protocol"


async def test_openai_stream_parses_fragmented_events_and_usage() -> None:
    body = sse(
        chunk("Hel"),
        chunk("lo"),
        chunk(finish="stop"),
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "up",
            "choices": [],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
        },
        "[DONE]",
    )
    pieces = [body[i : i + 3] for i in range(0, len(body), 3)]
    resp = MockResponse(200, chunks=pieces, headers={"content-type": "text/event-stream"})
    provider = OpenAICompatibleProvider(OPENAI_CFG, transport(resp), "http://up/v1")
    stream = await provider.stream(call(stream=True))
    chunks = [c async for c in stream]
    await stream.aclose()
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert text == "Hello"
    assert all(c["model"] == "mini" for c in chunks)
    assert stream.usage is not None
    assert stream.usage.output_tokens == 2
    assert resp.released  # a clean end gives the connection back to the pool
    assert not resp.closed


async def test_stream_without_done_is_protocol_error() -> None:
    resp = MockResponse(
        200, chunks=[sse(chunk("a"))], headers={"content-type": "text/event-stream"}
    )
    stream = await OpenAICompatibleProvider(OPENAI_CFG, transport(resp), "http://up/v1").stream(
        call()
    )
    assert (await anext(stream))["choices"][0]["delta"]["content"] == "a"
    with pytest.raises(UpstreamError) as info:
        await anext(stream)
    assert info.value.kind == "protocol"
    await stream.aclose()
    assert resp.closed


async def test_error_event_is_raised_after_earlier_chunks() -> None:
    resp = MockResponse(
        200,
        chunks=[sse(chunk("a"), chunk("b"), {"error": {"message": "boom"}})],
        headers={"content-type": "text/event-stream"},
    )
    stream = await OpenAICompatibleProvider(OPENAI_CFG, transport(resp), "http://up/v1").stream(
        call()
    )
    first = await anext(stream)
    assert stream.failure is not None  # known before commit: the executor can fall back
    assert first["choices"][0]["delta"]["content"] == "a"
    assert (await anext(stream))["choices"][0]["delta"]["content"] == "b"
    with pytest.raises(UpstreamError, match="boom"):
        await anext(stream)


async def test_wrong_content_type_for_stream() -> None:
    resp = MockResponse(200, orjson.dumps(COMPLETION), headers={"content-type": "application/json"})
    with pytest.raises(UpstreamError) as info:
        await OpenAICompatibleProvider(OPENAI_CFG, transport(resp), "http://up/v1").stream(call())
    assert info.value.kind == "protocol"
    assert resp.closed


class SlowResponse(MockResponse):
    async def iter_chunks(self) -> AsyncIterator[bytes]:
        yield sse(chunk("a"))
        await asyncio.sleep(10)
        yield b""


async def test_idle_timeout_between_chunks() -> None:
    resp = SlowResponse(200, headers={"content-type": "text/event-stream"})
    stream = await OpenAICompatibleProvider(OPENAI_CFG, transport(resp), "http://up/v1").stream(
        call()
    )
    await anext(stream)
    with pytest.raises(UpstreamError) as info:
        await anext(stream)
    assert info.value.kind == "timeout"
    await stream.aclose()
    assert resp.closed


async def test_headers_timeout() -> None:
    async def hang(req: RecordedRequest) -> MockResponse:
        await asyncio.sleep(10)
        raise AssertionError

    with pytest.raises(UpstreamError) as info:
        await OpenAICompatibleProvider(OPENAI_CFG, MockTransport(hang), "http://up/v1").complete(
            call()
        )
    assert info.value.kind == "timeout"


class SlowBody(MockResponse):
    """Headers at once, then a body that takes ``delay`` seconds."""

    delay: float = 0.0

    async def read(self, limit: int) -> bytes:
        await asyncio.sleep(self.delay)
        return self.body


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
async def test_one_timer_covers_the_headers_and_the_body(kind: str) -> None:
    """total_s is the whole attempt: headers after 0.3 s and a body after 0.3 s more exceed
    0.5 s even though neither step does alone."""
    resp = SlowBody(200, orjson.dumps(COMPLETION))
    resp.delay = 0.3

    async def late(req: RecordedRequest) -> MockResponse:
        await asyncio.sleep(0.3)
        return resp

    provider = (
        OpenAICompatibleProvider(OPENAI_CFG, MockTransport(late), "http://up/v1")
        if kind == "openai"
        else AnthropicProvider(ANTHROPIC_CFG, MockTransport(late), "http://up")
    )
    with pytest.raises(UpstreamError) as info:  # with a timer per step, both would succeed
        await provider.complete(call())
    assert info.value.kind == "timeout"
    assert "no complete answer within 0.5s" in str(info.value)
    assert resp.closed


ANTHROPIC_MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-x",
    "content": [{"type": "text", "text": "bonjour"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {
        "input_tokens": 9,
        "output_tokens": 2,
        "cache_read_input_tokens": 3,
        "cache_creation_input_tokens": 0,
    },
}


async def test_anthropic_complete() -> None:
    t = transport(MockResponse(200, orjson.dumps(ANTHROPIC_MESSAGE)))
    result = await AnthropicProvider(ANTHROPIC_CFG, t, "http://up").complete(call(temperature=1.5))
    req = t.requests[0]
    assert req.url == "http://up/v1/messages"
    assert req.headers["x-api-key"] == "sk-ant-2"
    assert req.headers["anthropic-version"] == "2023-06-01"
    sent = orjson.loads(req.body)
    assert sent["model"] == "gpt-mini-upstream"
    assert sent["max_tokens"] == 256  # the model's max_output_tokens when the body has none
    assert sent["temperature"] == 1.0
    assert result.response["choices"][0]["message"]["content"] == "bonjour"
    assert (result.usage.input_tokens, result.usage.cached_input_tokens) == (12, 3)


async def test_anthropic_untranslatable_request_is_400() -> None:
    t = transport(MockResponse(200, orjson.dumps(ANTHROPIC_MESSAGE)))
    with pytest.raises(InvalidRequest):
        await AnthropicProvider(ANTHROPIC_CFG, t, "http://up").complete(call(logprobs=True))
    assert t.requests == []


def anth_sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: ".encode() + orjson.dumps(data) + b"\n\n"


ANTHROPIC_STREAM = b"".join(
    [
        anth_sse(
            "message_start",
            {
                "type": "message_start",
                "message": {
                    **ANTHROPIC_MESSAGE,
                    "content": [],
                    "stop_reason": None,
                    "usage": {"input_tokens": 9, "output_tokens": 1},
                },
            },
        ),
        anth_sse(
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        anth_sse("ping", {"type": "ping"}),
        anth_sse(
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": "hi there"},
            },
        ),
        anth_sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
        anth_sse(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 4},
            },
        ),
        anth_sse("message_stop", {"type": "message_stop"}),
    ]
)


async def test_anthropic_stream_to_openai_chunks() -> None:
    body = ANTHROPIC_STREAM
    resp = MockResponse(200, chunks=[body], headers={"content-type": "text/event-stream"})
    stream = await AnthropicProvider(ANTHROPIC_CFG, transport(resp), "http://up").stream(call())
    chunks = [c async for c in stream]
    await stream.aclose()
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "hi there"
    assert [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1] == "stop"
    assert stream.usage is not None
    assert stream.usage.output_tokens == 4
    assert resp.released


async def test_anthropic_overloaded_error_event() -> None:
    body = anth_sse(
        "error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    )
    resp = MockResponse(200, chunks=[body], headers={"content-type": "text/event-stream"})
    stream = await AnthropicProvider(ANTHROPIC_CFG, transport(resp), "http://up").stream(call())
    with pytest.raises(UpstreamError) as info:
        await anext(stream)
    assert info.value.kind == "stream_error"


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert (
        parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}, now=1445412480.0)
        == 10.0
    )
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None


async def test_a_read_of_many_events_yields_its_first_chunk_before_decoding_the_rest() -> None:
    """A fast upstream's whole answer in one read: the first chunk is handed on after one
    event is decoded, the rest as they are asked for, and nothing is lost or reordered."""
    from routeyard.providers.sse_stream import SSEChunkStream
    from routeyard.translate import SSEEvent

    body = sse(*[chunk(str(i)) for i in range(20)], "[DONE]")
    handled: list[str] = []

    def handle(event: SSEEvent) -> tuple[list[dict[str, Any]], bool]:
        handled.append(event.data)
        if event.data == "[DONE]":
            return [], True
        return [orjson.loads(event.data)], False

    resp = MockResponse(200, chunks=[body], headers={"content-type": "text/event-stream"})
    stream = SSEChunkStream(resp, handle, FAST, lambda: None)
    first = await anext(stream)
    assert first["choices"][0]["delta"]["content"] == "0"
    assert len(handled) == 1
    rest = [c["choices"][0]["delta"]["content"] async for c in stream]
    assert rest == [str(i) for i in range(1, 20)]
    assert handled[-1] == "[DONE]"
    await stream.aclose()
    assert not resp.closed  # ended cleanly: the connection goes back to the pool


async def test_answer_text_that_says_error_keeps_the_read_lazy() -> None:
    """The word inside answer text is escaped JSON, not an error event: still one event first."""
    from routeyard.providers.sse_stream import SSEChunkStream
    from routeyard.translate import SSEEvent

    words = ["an", ' "error"', " error:", " errors"]
    body = sse(*[chunk(w) for w in words], "[DONE]")
    handled: list[str] = []

    def handle(event: SSEEvent) -> tuple[list[dict[str, Any]], bool]:
        handled.append(event.data)
        return ([], True) if event.data == "[DONE]" else ([orjson.loads(event.data)], False)

    resp = MockResponse(200, chunks=[body], headers={"content-type": "text/event-stream"})
    stream = SSEChunkStream(resp, handle, FAST, lambda: None)
    assert (await anext(stream))["choices"][0]["delta"]["content"] == "an"
    assert len(handled) == 1
    assert [c["choices"][0]["delta"]["content"] async for c in stream] == words[1:]


@pytest.mark.parametrize("line", [b"event: error\n", b"event:error\n"])
async def test_an_error_event_line_in_the_first_read_is_known_before_commit(line: bytes) -> None:
    """Anthropic names the event on its own line; its data need not hold the string "error"."""
    from routeyard.providers.sse_stream import SSEChunkStream
    from routeyard.translate import SSEEvent

    body = b'data: {"text": "a"}\n\n' + line + b'data: {"message": "overloaded"}\n\n'

    def handle(event: SSEEvent) -> tuple[list[dict[str, Any]], bool]:
        if event.event == "error":
            raise UpstreamError("stream_error", "overloaded")
        return [orjson.loads(event.data)], False

    resp = MockResponse(200, chunks=[body], headers={"content-type": "text/event-stream"})
    stream = SSEChunkStream(resp, handle, FAST, lambda: None)
    assert (await anext(stream)) == {"text": "a"}
    assert stream.failure is not None


async def test_anthropic_native_body_is_sent_as_the_client_wrote_it() -> None:
    native = {
        "model": "auto",
        "max_tokens": 2000,
        "top_k": 5,
        "thinking": {"type": "enabled", "budget_tokens": 1024},
        "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
    }
    answer = {
        **ANTHROPIC_MESSAGE,
        "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "text", "text": "bonjour"},
        ],
    }
    t = transport(MockResponse(200, orjson.dumps(answer)))
    one = call()
    one.native = native
    result = await AnthropicProvider(ANTHROPIC_CFG, t, "http://up").complete(one)
    sent = orjson.loads(t.requests[0].body)
    assert sent == {**native, "model": "gpt-mini-upstream", "stream": False}
    assert result.native == {**answer, "model": "mini"}  # the configured name, as elsewhere
    assert result.response["choices"][0]["message"]["content"] == "bonjour"
    assert (result.usage.input_tokens, result.usage.cached_input_tokens) == (12, 3)


async def test_anthropic_native_stream_carries_the_upstream_events() -> None:
    thinking = b"".join(
        anth_sse(name, data)
        for name, data in [
            ("content_block_start", {"type": "content_block_start", "index": 0,
                                     "content_block": {"type": "thinking", "thinking": ""}}),
            ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                     "delta": {"type": "thinking_delta", "thinking": "hmm"}}),
            ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ]
    )  # fmt: skip
    first_end = ANTHROPIC_STREAM.index(b"\n\n") + 2  # message_start, then the thinking block
    body = ANTHROPIC_STREAM[:first_end] + thinking + ANTHROPIC_STREAM[first_end:]
    resp = MockResponse(200, chunks=[body], headers={"content-type": "text/event-stream"})
    one = call(stream=True)
    one.native = {"model": "auto", "max_tokens": 50, "messages": [{"role": "user", "content": "x"}]}
    stream = await AnthropicProvider(ANTHROPIC_CFG, transport(resp), "http://up").stream(one)
    chunks = [c async for c in stream]
    await stream.aclose()
    events = b"".join(c.get(NATIVE_EVENT, b"") for c in chunks)
    start = orjson.loads(ANTHROPIC_STREAM[ANTHROPIC_STREAM.index(b"data: ") + 6 : first_end])
    start["message"]["model"] = "mini"
    assert events == anth_sse("message_start", start) + body[first_end:]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "hi there"  # the OpenAI chunks still flow beside, for usage and the log
    assert stream.usage is not None and stream.usage.output_tokens == 4

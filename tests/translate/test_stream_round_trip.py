"""Property: an Anthropic stream → OpenAI chunks → Anthropic events describes the same message,
however the text and tool input are fragmented."""

from __future__ import annotations

from typing import Any

import orjson
from anthropic.types import RawMessageStreamEvent
from hypothesis import given, settings
from hypothesis import strategies as st
from openai.types.chat import ChatCompletionChunk
from pydantic import TypeAdapter

from routeyard.translate import AnthropicToOpenAIStream, OpenAIToAnthropicStream

EVENT = TypeAdapter[Any](RawMessageStreamEvent)

_text = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30)
_input = st.dictionaries(
    st.text(min_size=1, max_size=4), st.integers(-(2**63), 2**63 - 1) | _text, max_size=3
)
_blocks = st.lists(
    st.one_of(
        _text.map(lambda t: {"type": "text", "text": t}),
        _input.map(lambda i: {"type": "tool_use", "input": i}),
    ),
    max_size=4,
)


def _fragments(draw: st.DrawFn, text: str) -> list[str]:
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=4))))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


@st.composite
def anthropic_streams(
    draw: st.DrawFn,
) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    blocks: list[dict[str, Any]] = draw(_blocks)
    expected: list[dict[str, Any]] = []
    events: list[tuple[str, dict[str, Any]]] = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "msg_p",
                    "type": "message",
                    "role": "assistant",
                    "model": "c",
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": 11, "output_tokens": 1},
                },
            },
        )
    ]
    for i, block in enumerate(blocks):
        start: dict[str, Any]
        if block["type"] == "text":
            start = {"type": "text", "text": ""}
            deltas = [{"type": "text_delta", "text": f} for f in _fragments(draw, block["text"])]
            expected.append(block)
        else:
            start = {"type": "tool_use", "id": f"toolu_{i}", "name": f"tool{i}", "input": {}}
            raw = orjson.dumps(block["input"]).decode()
            deltas = [
                {"type": "input_json_delta", "partial_json": f} for f in _fragments(draw, raw)
            ]
            expected.append({**start, "input": block["input"]})
        events.append(
            (
                "content_block_start",
                {"type": "content_block_start", "index": i, "content_block": start},
            )
        )
        events.extend(
            ("content_block_delta", {"type": "content_block_delta", "index": i, "delta": d})
            for d in deltas
        )
        events.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
    has_tools = any(b["type"] == "tool_use" for b in blocks)
    events.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {
                    "stop_reason": "tool_use" if has_tools else "end_turn",
                    "stop_sequence": None,
                },
                "usage": {"output_tokens": 17},
            },
        )
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events, expected


def _accumulate(events: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Rebuild the message the way a client does: blocks by index, JSON parsed at the end."""
    message: dict[str, Any] = {}
    json_parts: dict[int, str] = {}
    for name, data in events:
        EVENT.validate_python(data)
        if name == "message_start":
            message = {**data["message"], "content": []}
        elif name == "content_block_start":
            assert data["index"] == len(message["content"])
            message["content"].append(dict(data["content_block"]))
        elif name == "content_block_delta":
            block = message["content"][data["index"]]
            if data["delta"]["type"] == "text_delta":
                block["text"] += data["delta"]["text"]
            else:
                json_parts[data["index"]] = (
                    json_parts.get(data["index"], "") + data["delta"]["partial_json"]
                )
        elif name == "message_delta":
            message["stop_reason"] = data["delta"]["stop_reason"]
            message["usage"] = {**message["usage"], **data["usage"]}
    for index, raw in json_parts.items():
        message["content"][index]["input"] = orjson.loads(raw)
    return message


@settings(max_examples=60)
@given(anthropic_streams())
def test_anthropic_openai_anthropic_stream_round_trip(
    case: tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]],
) -> None:
    events, expected = case
    to_openai = AnthropicToOpenAIStream("gpt", include_usage=True)
    to_anthropic = OpenAIToAnthropicStream("claude", input_tokens=11)
    out: list[tuple[str, dict[str, Any]]] = []
    for name, data in events:
        for chunk in to_openai.feed(name, data):
            ChatCompletionChunk.model_validate(chunk)
            out.extend(to_anthropic.feed(chunk))
    assert to_openai.finished
    out.extend(to_anthropic.finish())

    message = _accumulate(out)
    # Adjacent text blocks merge into one on the OpenAI leg (it has a single content string).
    merged: list[dict[str, Any]] = []
    for block in expected:
        if block["type"] == "text" and merged and merged[-1]["type"] == "text":
            merged[-1] = {"type": "text", "text": merged[-1]["text"] + block["text"]}
        else:
            merged.append(block)
    assert message["content"] == merged
    has_tools = any(b["type"] == "tool_use" for b in expected)
    assert message["stop_reason"] == ("tool_use" if has_tools else "end_turn")
    assert message["usage"]["output_tokens"] == 17
    assert message["usage"]["input_tokens"] == 11
    assert message["id"] == "msg_p"

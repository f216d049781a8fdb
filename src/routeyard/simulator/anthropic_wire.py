"""Anthropic Messages: request parsing and response encoding."""

from __future__ import annotations

from typing import Any

import orjson

from routeyard.simulator.reply import Reply
from routeyard.simulator.request import (
    BadRequest,
    Conversation,
    SimRequest,
    ToolChoice,
    ToolDef,
    positive_int,
    text_of,
)
from routeyard.simulator.wire import SLOT, ReplyMeta, StreamPlan, fill_slots

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    503: "overloaded_error",
    529: "overloaded_error",
}
_STOP_REASONS = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use"}
_IMAGE_BLOCKS = ("image", "document")


class AnthropicWire:
    """``POST /v1/messages``."""

    def parse(self, body: dict[str, Any]) -> SimRequest:
        max_tokens = positive_int(body, "max_tokens")
        if max_tokens is None:
            raise BadRequest("max_tokens: Field required", "max_tokens")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise BadRequest("messages: must be a non-empty list", "messages")
        convo = Conversation()
        system = body.get("system")
        if system is not None:
            if not isinstance(system, str | list):
                raise BadRequest("system: must be a string or a list of text blocks", "system")
            convo.add("system", [text_of(system)])
        for i, message in enumerate(messages):
            _add_message(convo, message, i)
        tools = _tools(body.get("tools"))
        return SimRequest(
            model=str(body.get("model")),
            conversation=convo,
            stream=body.get("stream") is True,
            max_tokens=max_tokens,
            tools=tools,
            tool_choice=_tool_choice(body.get("tool_choice"), tools),
            extra_prompt_chars=len(orjson.dumps(body["tools"])) if tools else 0,
        )

    def error_body(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> bytes:
        kind = _ERROR_TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error")
        return orjson.dumps({"type": "error", "error": {"type": kind, "message": message}})

    def completion(self, reply: Reply, meta: ReplyMeta) -> bytes:
        call = reply.tool_call
        block: dict[str, Any]
        if call is None:
            block = {"type": "text", "text": reply.text}
        else:
            block = {
                "type": "tool_use",
                "id": "toolu_" + meta.id,
                "name": call.name,
                "input": orjson.loads(call.arguments),
            }
        stop_reason = _STOP_REASONS[reply.finish]
        return orjson.dumps(
            _message(reply, meta, [block], stop_reason, _output_tokens(reply, meta))
        )

    def stream(self, reply: Reply, meta: ReplyMeta) -> StreamPlan:
        call = reply.tool_call
        start = _message(reply, meta, [], None, 1 if meta.report_usage else 0)
        block: dict[str, Any]
        if call is None:
            block, delta_type, key = {"type": "text", "text": ""}, "text_delta", "text"
        else:
            block = {"type": "tool_use", "id": "toolu_" + meta.id, "name": call.name, "input": {}}
            delta_type, key = "input_json_delta", "partial_json"
        head = (
            _event("message_start", {"type": "message_start", "message": start})
            + _event(
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": block},
            )
            + _event("ping", {"type": "ping"})
        )
        slot = {"type": delta_type, key: SLOT}
        piece = {"type": "content_block_delta", "index": 0, "delta": slot}
        chunks = fill_slots(_event("content_block_delta", piece), reply.chunks)
        usage = _usage(reply, meta, _output_tokens(reply, meta))
        delta = {"stop_reason": _STOP_REASONS[reply.finish], "stop_sequence": None}
        tail = (
            _event("content_block_stop", {"type": "content_block_stop", "index": 0})
            + _event("message_delta", {"type": "message_delta", "delta": delta, "usage": usage})
            + _event("message_stop", {"type": "message_stop"})
        )
        return StreamPlan(head, chunks, tail)

    def stream_error(self, status: int, message: str) -> bytes:
        kind = "overloaded_error" if status in (503, 529) else "api_error"
        return _event("error", {"type": "error", "error": {"type": kind, "message": message}})


def _event(name: str, data: dict[str, Any]) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


def _message(
    reply: Reply, meta: ReplyMeta, content: list[Any], stop_reason: str | None, output_tokens: int
) -> dict[str, Any]:
    return {
        "id": "msg_" + meta.id,
        "type": "message",
        "role": "assistant",
        "model": meta.model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": _usage(reply, meta, output_tokens),
    }


def _usage(reply: Reply, meta: ReplyMeta, output_tokens: int) -> dict[str, Any]:
    """Anthropic always reports usage; a model with ``report_usage`` off reports zeros."""
    return {
        "input_tokens": reply.prompt_tokens if meta.report_usage else 0,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": output_tokens,
    }


def _output_tokens(reply: Reply, meta: ReplyMeta) -> int:
    return reply.completion_tokens if meta.report_usage else 0


def _add_message(convo: Conversation, message: Any, i: int) -> None:
    if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
        raise BadRequest(f"messages.{i}.role: must be 'user' or 'assistant'", f"messages.{i}")
    content = message.get("content")
    if isinstance(content, str):
        convo.add(message["role"], [content])
        return
    if not isinstance(content, list):
        raise BadRequest(f"messages.{i}.content: must be a string or a list", f"messages.{i}")
    texts: list[str] = []
    results: list[str] = []
    for block in content:
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text":
            texts.append(text_of(block))
        elif kind in _IMAGE_BLOCKS:
            convo.images += 1
        elif kind == "tool_result":
            results.append(text_of(block.get("content")))
        elif kind == "tool_use":
            texts.append(orjson.dumps(block.get("input")).decode())
    convo.add(message["role"], texts, tool_result="\n".join(results) if results else None)


def _tools(raw: Any) -> tuple[ToolDef, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise BadRequest("tools: must be a list", "tools")
    tools: list[ToolDef] = []
    for i, tool in enumerate(raw):
        if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
            raise BadRequest(f"tools.{i}.name: Field required", f"tools.{i}")
        schema = tool.get("input_schema")
        if isinstance(schema, dict):
            tools.append(ToolDef(tool["name"], schema))
    return tuple(tools)


def _tool_choice(raw: Any, tools: tuple[ToolDef, ...]) -> ToolChoice:
    if raw is None:
        return ToolChoice("auto")
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind == "auto":
        return ToolChoice("auto")
    if kind == "none":
        return ToolChoice("none")
    if kind == "any":
        return ToolChoice("required")
    if kind == "tool" and isinstance(raw, dict):
        name = raw.get("name")
        if not any(t.name == name for t in tools):
            raise BadRequest(f"tool_choice.name: unknown tool {name!r}", "tool_choice")
        return ToolChoice("forced", str(name))
    raise BadRequest("tool_choice.type: must be 'auto', 'any', 'tool' or 'none'", "tool_choice")

"""Anthropic Messages: request parsing and response encoding.

Two features that only Anthropic's own API has are simulated, so that a native pass-through can
be seen end to end:

* ``thinking: {"type": "enabled", "budget_tokens": N}`` (N ≥ 1024 and below ``max_tokens``):
  the answer opens with a ``thinking`` block (a short, deterministic text and a signature),
  whose tokens count as output.
* ``cache_control`` on a tool, a system block or a message block: the prompt up to the last
  such breakpoint, when it is at least ``CACHE_MIN_TOKENS`` long, is written to a cache on its
  first sight (``cache_creation_input_tokens``) and read from it afterwards
  (``cache_read_input_tokens``); ``input_tokens`` counts only the rest, as Anthropic's does. The
  cache lives as long as the process and holds the ``CACHE_ENTRIES`` latest prefixes.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
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
CACHE_MIN_TOKENS = 1024
CACHE_ENTRIES = 10_000
THINKING_MIN_BUDGET = 1024


class AnthropicWire:
    """``POST /v1/messages``."""

    def __init__(self) -> None:
        self._cache: OrderedDict[str, int] = OrderedDict()  # prefix key → its tokens

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
        req = SimRequest(
            model=str(body.get("model")),
            conversation=convo,
            stream=body.get("stream") is True,
            max_tokens=max_tokens,
            tools=tools,
            tool_choice=_tool_choice(body.get("tool_choice"), tools),
            extra_prompt_chars=len(orjson.dumps(body["tools"])) if tools else 0,
            thinking=_thinking(body.get("thinking"), max_tokens),
        )
        self._use_cache(body, req)
        return req

    def _use_cache(self, body: dict[str, Any], req: SimRequest) -> None:
        prefix = _cached_prefix(body)
        if prefix is None:
            return
        key, tokens = prefix
        tokens = min(tokens, req.prompt_tokens())
        if tokens < CACHE_MIN_TOKENS:
            return
        if key in self._cache:
            self._cache.move_to_end(key)
            req.cache_read = self._cache[key]
            return
        self._cache[key] = tokens
        if len(self._cache) > CACHE_ENTRIES:
            self._cache.popitem(last=False)
        req.cache_write = tokens

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
        content = [block]
        if meta.thinking:
            thought = _thought(reply, meta)
            content.insert(0, {"type": "thinking", "thinking": thought, "signature": _sig(meta)})
        return orjson.dumps(
            _message(reply, meta, content, stop_reason, _output_tokens(reply, meta))
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
        index = 1 if meta.thinking else 0
        head = _event("message_start", {"type": "message_start", "message": start})
        if meta.thinking:
            head += _thinking_events(_thought(reply, meta), _sig(meta))
        head += _event(
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": block},
        ) + _event("ping", {"type": "ping"})
        slot = {"type": delta_type, key: SLOT}
        piece = {"type": "content_block_delta", "index": index, "delta": slot}
        chunks = fill_slots(_event("content_block_delta", piece), reply.chunks)
        usage = _usage(reply, meta, _output_tokens(reply, meta))
        delta = {"stop_reason": _STOP_REASONS[reply.finish], "stop_sequence": None}
        tail = (
            _event("content_block_stop", {"type": "content_block_stop", "index": index})
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
    """Anthropic always reports usage; a model with ``report_usage`` off reports zeros.
    ``input_tokens`` counts only what the cache neither read nor wrote, as Anthropic's does."""
    on = meta.report_usage
    read, written = (meta.cache_read, meta.cache_write) if on else (0, 0)
    return {
        "input_tokens": max(reply.prompt_tokens - read - written, 0) if on else 0,
        "cache_creation_input_tokens": written,
        "cache_read_input_tokens": read,
        "output_tokens": output_tokens,
    }


def _output_tokens(reply: Reply, meta: ReplyMeta) -> int:
    if not meta.report_usage:
        return 0
    thinking = -(-len(_thought(reply, meta)) // 4) if meta.thinking else 0
    return reply.completion_tokens + thinking


def _thought(reply: Reply, meta: ReplyMeta) -> str:
    return f"The answer runs to {reply.completion_tokens} tokens; {meta.model} writes it directly."


def _sig(meta: ReplyMeta) -> str:
    return "sim-" + hashlib.sha256(meta.id.encode()).hexdigest()[:32]


def _thinking_events(thought: str, signature: str) -> bytes:
    start = {"type": "thinking", "thinking": "", "signature": ""}
    return (
        _event(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": start},
        )
        + _event(
            "content_block_delta",
            {"type": "content_block_delta", "index": 0,
             "delta": {"type": "thinking_delta", "thinking": thought}},
        )
        + _event(
            "content_block_delta",
            {"type": "content_block_delta", "index": 0,
             "delta": {"type": "signature_delta", "signature": signature}},
        )
        + _event("content_block_stop", {"type": "content_block_stop", "index": 0})
    )  # fmt: skip


def _thinking(raw: Any, max_tokens: int) -> bool:
    if raw is None:
        return False
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind == "disabled":
        return False
    if kind != "enabled":
        raise BadRequest("thinking.type: must be 'enabled' or 'disabled'", "thinking")
    budget = raw.get("budget_tokens")
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < THINKING_MIN_BUDGET:
        raise BadRequest(
            f"thinking.budget_tokens: must be an integer ≥ {THINKING_MIN_BUDGET}", "thinking"
        )
    if budget >= max_tokens:
        raise BadRequest("max_tokens must be greater than thinking.budget_tokens", "max_tokens")
    return True


def _cached_prefix(body: dict[str, Any]) -> tuple[str, int] | None:
    """The prompt through its last ``cache_control`` breakpoint, in Anthropic's order (tools,
    system, messages): a key for it and its tokens (about four characters each)."""
    system = body.get("system")
    blocks: list[tuple[Any, Any]] = [(tool, tool) for tool in body.get("tools") or ()]
    blocks += [(b, b) for b in (system if isinstance(system, list) else [system] if system else [])]
    for message in body.get("messages") or ():
        if isinstance(message, dict):  # a message's blocks are keyed with its role
            content = message.get("content")
            listed = content if isinstance(content, list) else [content]
            blocks += [(b, [message.get("role"), b]) for b in listed]
    marked = [
        i for i, (b, _) in enumerate(blocks) if isinstance(b, dict) and b.get("cache_control")
    ]
    if not marked:
        return None
    prefix = blocks[: marked[-1] + 1]
    key = hashlib.sha256(orjson.dumps([body.get("model"), [k for _, k in prefix]])).hexdigest()
    return key, sum(_chars(b) for b, _ in prefix) // 4


def _chars(block: Any) -> int:
    """A block's length: its text for text, else its JSON."""
    if isinstance(block, str) or (isinstance(block, dict) and block.get("type") == "text"):
        return len(text_of(block))
    return len(orjson.dumps(block))


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

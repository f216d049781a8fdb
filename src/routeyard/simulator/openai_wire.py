"""OpenAI Chat Completions: request parsing and response encoding."""

from __future__ import annotations

from typing import Any

import orjson

from routeyard.simulator.reply import Reply
from routeyard.simulator.request import (
    BadRequest,
    Conversation,
    JsonMode,
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
    404: "invalid_request_error",
    409: "conflict_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
}
_FINGERPRINT = "fp_sim"
_DONE = b"data: [DONE]\n\n"


class OpenAIWire:
    """``POST /v1/chat/completions``."""

    def parse(self, body: dict[str, Any]) -> SimRequest:
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise BadRequest("messages must be a non-empty array", "messages")
        convo = Conversation()
        for i, message in enumerate(messages):
            _add_message(convo, message, i)
        tools = _tools(body.get("tools"))
        stream = body.get("stream") is True
        options = body.get("stream_options")
        max_tokens = positive_int(body, "max_completion_tokens") or positive_int(body, "max_tokens")
        return SimRequest(
            model=str(body.get("model")),
            conversation=convo,
            stream=stream,
            include_usage=stream
            and isinstance(options, dict)
            and options.get("include_usage") is True,
            max_tokens=max_tokens,
            tools=tools,
            tool_choice=_tool_choice(body.get("tool_choice"), tools),
            json_mode=_json_mode(body.get("response_format")),
            extra_prompt_chars=len(orjson.dumps(body["tools"])) if tools else 0,
        )

    def error_body(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> bytes:
        kind = _ERROR_TYPES.get(
            status, "server_error" if status >= 500 else "invalid_request_error"
        )
        if code is None and status == 429:
            code = "rate_limit_exceeded"
        error = {"message": message, "type": kind, "param": param, "code": code}
        return orjson.dumps({"error": error})

    def completion(self, reply: Reply, meta: ReplyMeta) -> bytes:
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        call = reply.tool_call
        if call is None:
            message["content"] = reply.text
        else:
            function = {"name": call.name, "arguments": call.arguments}
            message["tool_calls"] = [
                {"id": "call_" + meta.id, "type": "function", "function": function}
            ]
        body: dict[str, Any] = {
            "id": "chatcmpl-" + meta.id,
            "object": "chat.completion",
            "created": meta.created,
            "model": meta.model,
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": reply.finish}
            ],
            "system_fingerprint": _FINGERPRINT,
        }
        if meta.report_usage:
            body["usage"] = _usage(reply)
        return orjson.dumps(body)

    def stream(self, reply: Reply, meta: ReplyMeta) -> StreamPlan:
        usage_chunk = meta.include_usage and meta.report_usage
        base: dict[str, Any] = {
            "id": "chatcmpl-" + meta.id,
            "object": "chat.completion.chunk",
            "created": meta.created,
            "model": meta.model,
            "system_fingerprint": _FINGERPRINT,
        }
        if meta.include_usage:
            base["usage"] = None

        def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return b"data: " + orjson.dumps({**base, "choices": [choice]}) + b"\n\n"

        call = reply.tool_call
        if call is None:
            opening = event({"role": "assistant", "content": "", "refusal": None})
            chunks = fill_slots(event({"content": SLOT}), reply.chunks)
        else:
            header = {"index": 0, "id": "call_" + meta.id, "type": "function"}
            header["function"] = {"name": call.name, "arguments": ""}
            opening = event(
                {"role": "assistant", "content": None, "refusal": None, "tool_calls": [header]}
            )
            fragment = {"index": 0, "function": {"arguments": SLOT}}
            chunks = fill_slots(event({"tool_calls": [fragment]}), reply.chunks)
        head = b""
        if chunks:
            chunks[0] = opening + chunks[0]
        else:
            head = opening
        tail = event({}, reply.finish)
        if usage_chunk:
            final = {**base, "choices": [], "usage": _usage(reply)}
            tail += b"data: " + orjson.dumps(final) + b"\n\n"
        return StreamPlan(head, chunks, tail + _DONE)

    def stream_error(self, status: int, message: str) -> bytes:
        error = {"message": message, "type": "server_error", "param": None, "code": None}
        return b"data: " + orjson.dumps({"error": error}) + b"\n\n"


def _usage(reply: Reply) -> dict[str, Any]:
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


def _add_message(convo: Conversation, message: Any, i: int) -> None:
    if not isinstance(message, dict) or not isinstance(message.get("role"), str):
        raise BadRequest(f"messages[{i}] must be an object with a string role", f"messages[{i}]")
    role: str = message["role"]
    content = message.get("content")
    if role == "tool":
        convo.add(role, [], tool_result=text_of(content))
        return
    texts: list[str] = []
    if isinstance(content, str):
        texts.append(content)
    elif isinstance(content, list):
        for part in content:
            if not isinstance(part, dict):
                continue
            if part.get("type") == "text" and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif part.get("type") in ("image_url", "file"):  # a document counts as an image
                convo.images += 1
    calls = message.get("tool_calls")
    if role == "assistant" and isinstance(calls, list):
        texts.extend(orjson.dumps(call).decode() for call in calls)
    convo.add(role, texts)


def _tools(raw: Any) -> tuple[ToolDef, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise BadRequest("tools must be an array", "tools")
    tools: list[ToolDef] = []
    for i, tool in enumerate(raw):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise BadRequest(f"tools[{i}].function.name is required", f"tools[{i}].function")
        schema = function.get("parameters")
        tools.append(ToolDef(function["name"], schema if isinstance(schema, dict) else {}))
    return tuple(tools)


def _tool_choice(raw: Any, tools: tuple[ToolDef, ...]) -> ToolChoice:
    if raw is None:
        return ToolChoice("auto" if tools else "none")
    if raw in ("none", "auto", "required"):
        return ToolChoice(raw)
    if isinstance(raw, dict) and raw.get("type") == "function":
        function = raw.get("function")
        name = function.get("name") if isinstance(function, dict) else None
        if not any(t.name == name for t in tools):
            raise BadRequest(f"tool_choice names an unknown function {name!r}", "tool_choice")
        return ToolChoice("forced", name)
    if isinstance(raw, dict):
        return ToolChoice("auto")
    raise BadRequest("tool_choice must be 'none', 'auto', 'required' or an object", "tool_choice")


def _json_mode(raw: Any) -> JsonMode | None:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    if kind == "json_object":
        return JsonMode()
    if kind == "json_schema":
        spec = raw.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
        if not isinstance(schema, dict):
            raise BadRequest("response_format.json_schema.schema is required", "response_format")
        return JsonMode(schema)
    return None

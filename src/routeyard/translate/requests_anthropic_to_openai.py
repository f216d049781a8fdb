"""Anthropic Messages request → OpenAI Chat Completions request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._fields import as_list, as_mapping, as_str, dumps
from .documents import openai_document_from_anthropic
from .errors import TranslationError
from .images import openai_image_from_anthropic
from .tools import openai_tool_choice_from_anthropic, openai_tools_from_anthropic

__all__ = ["anthropic_request_to_openai"]


def anthropic_request_to_openai(body: Mapping[str, Any]) -> dict[str, Any]:
    """Translate an Anthropic ``/v1/messages`` body into an OpenAI chat request.

    ``system`` becomes a leading system message (text blocks joined with newlines); each
    ``tool_result`` block becomes a ``role: "tool"`` message placed before the rest of its user
    turn (``is_error`` results are prefixed ``"Error: "``; images inside a tool result move into
    that turn's user message, since OpenAI tool messages carry only text); ``tool_use`` blocks
    become ``tool_calls``. ``stream: true`` also asks for ``stream_options.include_usage`` so
    usage can be reported back.

    The gateway routes on this translation, and sends it to OpenAI-compatible upstreams; an
    Anthropic upstream is sent the client's own body (``Call.native``), so nothing is dropped
    there. Dropped here: ``top_k``, ``thinking`` (and ``thinking``/``redacted_thinking`` blocks
    in assistant turns), ``service_tier``, ``container``, ``mcp_servers``,
    ``context_management``, ``cache_control`` and ``citations`` on any block, ``metadata``
    other than ``user_id``.

    ``document`` blocks become ``file`` parts (PDF) or text (see ``documents``).

    Raises ``TranslationError`` for shapes OpenAI cannot express: server tools, blocks other
    than text, image, document and tool results, image sources other than base64/url, document
    sources other than base64 PDF, text and content.

        >>> anthropic_request_to_openai({"model": "m", "max_tokens": 9, "system": "Be brief.",
        ...     "messages": [{"role": "user", "content": "Hi"}]})["messages"]
        [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Hi'}]
    """
    out: dict[str, Any] = {"model": as_str(body.get("model"), "model")}
    messages: list[dict[str, Any]] = []
    system = body.get("system")
    if system is not None:
        text = _system_text(system)
        if text:
            messages.append({"role": "system", "content": text})
    for i, message in enumerate(as_list(body.get("messages"), "messages")):
        messages.extend(_convert_message(as_mapping(message, f"messages.{i}"), f"messages.{i}"))
    out["messages"] = messages

    for key in ("max_tokens", "temperature", "top_p"):
        if body.get(key) is not None:
            out[key] = body[key]
    stop = body.get("stop_sequences")
    if stop:
        out["stop"] = [
            as_str(s, f"stop_sequences.{i}") for i, s in enumerate(as_list(stop, "stop_sequences"))
        ]
    if body.get("stream") is True:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    metadata = body.get("metadata")
    if isinstance(metadata, Mapping) and isinstance(metadata.get("user_id"), str):
        out["user"] = metadata["user_id"]

    tools = body.get("tools")
    if tools:
        out["tools"] = openai_tools_from_anthropic(tools)
        if body.get("tool_choice") is not None:
            choice, parallel = openai_tool_choice_from_anthropic(body["tool_choice"])
            out["tool_choice"] = choice
            if not parallel:
                out["parallel_tool_calls"] = False
    return out


def _system_text(system: object) -> str:
    if isinstance(system, str):
        return system
    texts = []
    for i, raw in enumerate(as_list(system, "system")):
        block = as_mapping(raw, f"system.{i}")
        if block.get("type") != "text":
            raise TranslationError("system blocks must be text blocks", f"system.{i}.type")
        texts.append(as_str(block.get("text"), f"system.{i}.text"))
    return "\n".join(texts)


def _convert_message(message: Mapping[str, Any], param: str) -> list[dict[str, Any]]:
    role = message.get("role")
    content = message.get("content")
    if role not in ("user", "assistant"):
        raise TranslationError("role must be 'user' or 'assistant'", f"{param}.role")
    if isinstance(content, str):
        return [{"role": role, "content": content}]
    blocks = as_list(content, f"{param}.content")
    if role == "user":
        return _convert_user_blocks(blocks, f"{param}.content")
    return [_convert_assistant_blocks(blocks, f"{param}.content")]


def _convert_user_blocks(blocks: list[Any], param: str) -> list[dict[str, Any]]:
    tool_messages: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for j, raw in enumerate(blocks):
        block_param = f"{param}.{j}"
        block = as_mapping(raw, block_param)
        kind = block.get("type")
        if kind == "text":
            parts.append({"type": "text", "text": as_str(block.get("text"), f"{block_param}.text")})
        elif kind == "image":
            parts.append(openai_image_from_anthropic(block, block_param))
        elif kind == "document":
            parts.append(openai_document_from_anthropic(block, block_param))
        elif kind == "tool_result":
            text, images = _tool_result_content(block, block_param)
            tool_call_id = as_str(block.get("tool_use_id"), f"{block_param}.tool_use_id")
            tool_messages.append({"role": "tool", "tool_call_id": tool_call_id, "content": text})
            parts.extend(images)
        else:
            raise TranslationError(
                f"content block type {kind!r} cannot be sent to an OpenAI-compatible model",
                f"{block_param}.type",
            )
    if not parts:
        return tool_messages
    if len(parts) == 1 and parts[0]["type"] == "text":
        return [*tool_messages, {"role": "user", "content": parts[0]["text"]}]
    return [*tool_messages, {"role": "user", "content": parts}]


def _tool_result_content(block: Mapping[str, Any], param: str) -> tuple[str, list[dict[str, Any]]]:
    content = block.get("content")
    images: list[dict[str, Any]] = []
    if content is None:
        text = ""
    elif isinstance(content, str):
        text = content
    else:
        texts = []
        for k, raw in enumerate(as_list(content, f"{param}.content")):
            inner_param = f"{param}.content.{k}"
            inner = as_mapping(raw, inner_param)
            if inner.get("type") == "text":
                texts.append(as_str(inner.get("text"), f"{inner_param}.text"))
            elif inner.get("type") == "image":
                images.append(openai_image_from_anthropic(inner, inner_param))
            else:
                raise TranslationError(
                    f"tool_result content type {inner.get('type')!r} cannot be sent to an "
                    "OpenAI-compatible model",
                    f"{inner_param}.type",
                )
        text = "\n".join(texts)
    if block.get("is_error") is True:
        text = f"Error: {text}" if text else "Error"
    return text, images


def _convert_assistant_blocks(blocks: list[Any], param: str) -> dict[str, Any]:
    texts: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    for j, raw in enumerate(blocks):
        block_param = f"{param}.{j}"
        block = as_mapping(raw, block_param)
        kind = block.get("type")
        if kind == "text":
            texts.append(as_str(block.get("text"), f"{block_param}.text"))
        elif kind == "tool_use":
            tool_input = as_mapping(block.get("input", {}), f"{block_param}.input")
            tool_calls.append(
                {
                    "id": as_str(block.get("id"), f"{block_param}.id"),
                    "type": "function",
                    "function": {
                        "name": as_str(block.get("name"), f"{block_param}.name"),
                        "arguments": dumps(tool_input),
                    },
                }
            )
        elif kind in ("thinking", "redacted_thinking"):
            continue
        else:
            raise TranslationError(
                f"content block type {kind!r} cannot be sent to an OpenAI-compatible model",
                f"{block_param}.type",
            )
    message: dict[str, Any] = {"role": "assistant", "content": "".join(texts) if texts else None}
    if tool_calls:
        message["tool_calls"] = tool_calls
    elif message["content"] is None:
        message["content"] = ""
    return message

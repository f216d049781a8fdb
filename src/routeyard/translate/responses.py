"""Non-streaming responses, both directions.

The response side trusts its input more than the request side: it comes from an upstream that
already answered 200. Missing fields get neutral defaults instead of raising.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from ._fields import dumps, parse_arguments
from ._ids import anthropic_id, openai_id
from .stop_reasons import finish_reason_from_stop_reason, stop_reason_from_finish_reason
from .usage import TokenUsage

__all__ = ["anthropic_response_to_openai", "openai_response_to_anthropic"]


def anthropic_response_to_openai(
    resp: Mapping[str, Any], *, model: str, created: int | None = None
) -> dict[str, Any]:
    """Anthropic ``message`` → OpenAI ``chat.completion``.

    Text blocks are joined into ``message.content``; ``tool_use`` blocks become ``tool_calls``;
    ``thinking`` and server-tool blocks are dropped. ``created`` defaults to now.
    """
    texts: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    for block in resp.get("content") or []:
        if not isinstance(block, Mapping):
            continue
        if block.get("type") == "text" and isinstance(block.get("text"), str):
            texts.append(block["text"])
        elif block.get("type") == "tool_use":
            tool_calls.append(
                {
                    "id": str(block.get("id", "")),
                    "type": "function",
                    "function": {
                        "name": str(block.get("name", "")),
                        "arguments": dumps(block.get("input") or {}),
                    },
                }
            )
    message: dict[str, Any] = {"role": "assistant", "content": "".join(texts), "refusal": None}
    if tool_calls:
        message["tool_calls"] = tool_calls
        if not texts:
            message["content"] = None
    usage = resp.get("usage")
    return {
        "id": openai_id(resp.get("id")),
        "object": "chat.completion",
        "created": int(time.time()) if created is None else created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": finish_reason_from_stop_reason(resp.get("stop_reason")),
                "logprobs": None,
            }
        ],
        "usage": TokenUsage.from_anthropic(usage if isinstance(usage, Mapping) else {}).to_openai(),
    }


def openai_response_to_anthropic(resp: Mapping[str, Any], *, model: str) -> dict[str, Any]:
    """OpenAI ``chat.completion`` (first choice) → Anthropic ``message``.

    ``content: null`` gives no text block; a ``refusal`` becomes a text block and the
    ``refusal`` stop reason; ``tool_calls`` become ``tool_use`` blocks with parsed input (broken
    JSON kept as ``{"_raw": text}``).
    """
    choices = resp.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices else {}
    message = choice.get("message") if isinstance(choice, Mapping) else None
    message = message if isinstance(message, Mapping) else {}

    content: list[dict[str, Any]] = []
    text = message.get("content")
    if isinstance(text, list):  # some compatible servers return content parts
        text = "".join(p.get("text", "") for p in text if isinstance(p, Mapping))
    if isinstance(text, str) and text:
        content.append({"type": "text", "text": text})
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal:
        content.append({"type": "text", "text": refusal})
    for call in message.get("tool_calls") or []:
        if not isinstance(call, Mapping):
            continue
        function = call.get("function")
        function = function if isinstance(function, Mapping) else {}
        content.append(
            {
                "type": "tool_use",
                "id": str(call.get("id", "")),
                "name": str(function.get("name", "")),
                "input": parse_arguments(function.get("arguments")),
            }
        )

    has_tool_calls = any(block["type"] == "tool_use" for block in content)
    finish_reason = choice.get("finish_reason") if isinstance(choice, Mapping) else None
    stop_reason = stop_reason_from_finish_reason(finish_reason, has_tool_calls=has_tool_calls)
    if isinstance(refusal, str) and refusal and not has_tool_calls:
        stop_reason = "refusal"
    usage = resp.get("usage")
    return {
        "id": anthropic_id(resp.get("id")),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": TokenUsage.from_openai(usage if isinstance(usage, Mapping) else {}).to_anthropic(),
    }

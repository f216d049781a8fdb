"""Anthropic stream events → OpenAI ``chat.completion.chunk`` dicts, one instance per stream.

    Anthropic event                          OpenAI chunk(s)
    message_start                            delta {"role": "assistant", "content": ""}
    content_block_start text                 delta {"content": text} if the start has text
    content_block_start tool_use             delta {"tool_calls": [{index, id, type, function:
                                               {name, arguments: ""}}]}
    content_block_delta text_delta           delta {"content": text}
    content_block_delta input_json_delta     delta {"tool_calls": [{index, function:
                                               {arguments: fragment}}]}
    message_delta                            delta {}, finish_reason
    message_stop                             with include_usage: {"choices": [], "usage": {...}}
    ping, content_block_stop                 nothing
    thinking/server-tool blocks, unknown     nothing (Anthropic may add event types)
    error                                    raises StreamErrorEvent

Tool calls are numbered 0, 1, … in the order their blocks start, as OpenAI numbers them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from ._fields import dumps
from ._ids import openai_id
from .errors import StreamErrorEvent
from .stop_reasons import finish_reason_from_stop_reason
from .usage import TokenUsage

__all__ = ["AnthropicToOpenAIStream"]


class AnthropicToOpenAIStream:
    """Feed each Anthropic SSE event (name and parsed data); send the chunks it returns.

    >>> stream = AnthropicToOpenAIStream("gpt-x", include_usage=False, id="chatcmpl-1",
    ...                                  created=0)
    >>> stream.feed("content_block_delta", {"type": "content_block_delta", "index": 0,
    ...     "delta": {"type": "text_delta", "text": "Hi"}})[-1]["choices"][0]["delta"]
    {'content': 'Hi'}
    """

    def __init__(
        self,
        model: str,
        *,
        include_usage: bool,
        id: str | None = None,
        created: int | None = None,
    ) -> None:
        self._model = model
        self._include_usage = include_usage
        self._id = id
        self._created = int(time.time()) if created is None else created
        self._usage = TokenUsage()
        self._tool_index_by_block: dict[int, int] = {}
        self._started = False
        self.finished = False

    @property
    def usage(self) -> TokenUsage:
        """Tokens reported so far (input from ``message_start``, output from ``message_delta``)."""
        return self._usage

    def feed(self, event: str, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        kind = data.get("type", event)
        if kind == "message_start":
            return self._message_start(data)
        if kind == "content_block_start":
            return self._block_start(data)
        if kind == "content_block_delta":
            return self._block_delta(data)
        if kind == "message_delta":
            return self._message_delta(data)
        if kind == "message_stop":
            self.finished = True
            if self._include_usage:
                return [self._chunk_without_choices()]
            return []
        if kind == "error":
            error = data.get("error")
            error = error if isinstance(error, Mapping) else {}
            raise StreamErrorEvent(
                str(error.get("type", "api_error")), str(error.get("message", "stream error"))
            )
        return []

    def _message_start(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        message = data.get("message")
        message = message if isinstance(message, Mapping) else {}
        if self._id is None:
            self._id = openai_id(message.get("id"))
        usage = message.get("usage")
        if isinstance(usage, Mapping):
            self._usage = TokenUsage.from_anthropic(usage)
        return self._ensure_started()

    def _ensure_started(self) -> list[dict[str, Any]]:
        if self._started:
            return []
        self._started = True
        return [self._chunk({"role": "assistant", "content": ""})]

    def _block_start(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        block = data.get("content_block")
        block = block if isinstance(block, Mapping) else {}
        out = self._ensure_started()
        if block.get("type") == "text":
            text = block.get("text")
            if isinstance(text, str) and text:
                out.append(self._chunk({"content": text}))
        elif block.get("type") == "tool_use":
            tool_index = len(self._tool_index_by_block)
            self._tool_index_by_block[_int(data.get("index"))] = tool_index
            tool_input = block.get("input")
            # The start normally carries input {}; a non-empty one is the whole input.
            arguments = dumps(tool_input) if isinstance(tool_input, Mapping) and tool_input else ""
            call = {
                "index": tool_index,
                "id": str(block.get("id", "")),
                "type": "function",
                "function": {"name": str(block.get("name", "")), "arguments": arguments},
            }
            out.append(self._chunk({"tool_calls": [call]}))
        return out

    def _block_delta(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        delta = data.get("delta")
        delta = delta if isinstance(delta, Mapping) else {}
        kind = delta.get("type")
        if kind == "text_delta":
            text = delta.get("text")
            if isinstance(text, str) and text:
                return [*self._ensure_started(), self._chunk({"content": text})]
        elif kind == "input_json_delta":
            tool_index = self._tool_index_by_block.get(_int(data.get("index")))
            fragment = delta.get("partial_json")
            if tool_index is not None and isinstance(fragment, str) and fragment:
                call = {"index": tool_index, "function": {"arguments": fragment}}
                return [*self._ensure_started(), self._chunk({"tool_calls": [call]})]
        return []

    def _message_delta(self, data: Mapping[str, Any]) -> list[dict[str, Any]]:
        usage = data.get("usage")
        if isinstance(usage, Mapping):
            # message_delta counts are cumulative; input counts are present only sometimes.
            merged = {
                "input_tokens": self._usage.prompt_tokens
                - self._usage.cached_tokens
                - self._usage.cache_write_tokens,
                "cache_read_input_tokens": self._usage.cached_tokens,
                "cache_creation_input_tokens": self._usage.cache_write_tokens,
                "output_tokens": self._usage.completion_tokens,
            }
            merged.update({k: v for k, v in usage.items() if isinstance(v, int)})
            self._usage = TokenUsage.from_anthropic(merged)
        delta = data.get("delta")
        stop_reason = delta.get("stop_reason") if isinstance(delta, Mapping) else None
        finish_reason = finish_reason_from_stop_reason(stop_reason)
        return [*self._ensure_started(), self._chunk({}, finish_reason=finish_reason)]

    def _base(self) -> dict[str, Any]:
        if self._id is None:
            self._id = openai_id(None)
        return {
            "id": self._id,
            "object": "chat.completion.chunk",
            "created": self._created,
            "model": self._model,
        }

    def _chunk(self, delta: dict[str, Any], *, finish_reason: str | None = None) -> dict[str, Any]:
        chunk = self._base()
        chunk["choices"] = [
            {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        ]
        if self._include_usage:
            chunk["usage"] = None
        return chunk

    def _chunk_without_choices(self) -> dict[str, Any]:
        chunk = self._base()
        chunk["choices"] = []
        chunk["usage"] = self._usage.to_openai()
        return chunk


def _int(value: object) -> int:
    return value if isinstance(value, int) else -1

"""OpenAI ``chat.completion.chunk`` dicts → Anthropic stream events, one instance per stream.

    OpenAI chunk                              Anthropic events
    first chunk                               message_start (empty content, usage)
    delta.content / delta.refusal             content_block_start text (when not already in
                                                one), content_block_delta text_delta
    delta.tool_calls[i] first seen            content_block_stop of the open block,
                                                content_block_start tool_use {id, name, input: {}}
    delta.tool_calls[i].function.arguments    content_block_delta input_json_delta
    finish_reason                             content_block_stop of the open block
    usage chunk (choices: [])                 nothing; its numbers go into message_delta
    top-level "error"                         raises StreamErrorEvent
    finish() after [DONE]                     message_delta {stop_reason, usage}, message_stop

Only choice 0 is read (requests with ``n`` > 1 are refused before they get here). Arguments
for a tool call whose block was already closed (OpenAI-compatible servers that interleave
parallel calls) are still sent as deltas at that block's index, which the Anthropic SDKs
accumulate correctly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._ids import anthropic_id
from .errors import StreamErrorEvent
from .stop_reasons import stop_reason_from_finish_reason
from .usage import TokenUsage

__all__ = ["OpenAIToAnthropicStream"]

Event = tuple[str, dict[str, Any]]

# Without a usage chunk, output tokens are estimated from characters (≈ 4 per token).
_CHARS_PER_TOKEN = 4


class OpenAIToAnthropicStream:
    """Feed each parsed OpenAI chunk; send the (event, data) pairs it returns; call
    ``finish()`` once the upstream sent ``[DONE]``.

        >>> stream = OpenAIToAnthropicStream("claude-x", id="msg_1", input_tokens=3)
        >>> [name for name, _ in stream.feed({"id": "c", "choices": [{"index": 0,
        ...     "delta": {"role": "assistant", "content": "Hi"}, "finish_reason": None}]})]
        ['message_start', 'content_block_start', 'content_block_delta']
        >>> [name for name, _ in stream.finish()]
        ['content_block_stop', 'message_delta', 'message_stop']
    """

    def __init__(self, model: str, *, id: str | None = None, input_tokens: int = 0) -> None:
        self._model = model
        self._id = id
        self._input_tokens = input_tokens
        self._started = False
        self._finished = False
        self._next_block = 0
        self._open_block: int | None = None
        self._open_is_text = False
        self._tool_blocks: dict[int, int] = {}
        self._last_tool: int | None = None
        self._finish_reason: str | None = None
        self._refused = False
        self._chars = 0
        self._reported: TokenUsage | None = None

    @property
    def usage(self) -> TokenUsage:
        """The upstream's usage chunk if one arrived, else the estimate so far."""
        if self._reported is not None:
            return self._reported
        estimate = -(-self._chars // _CHARS_PER_TOKEN)
        return TokenUsage(prompt_tokens=self._input_tokens, completion_tokens=estimate)

    def feed(self, chunk: Mapping[str, Any]) -> list[Event]:
        error = chunk.get("error")
        if error is not None:
            error = error if isinstance(error, Mapping) else {"message": str(error)}
            raise StreamErrorEvent(
                str(error.get("type") or "api_error"), str(error.get("message", "stream error"))
            )
        out = self._ensure_started(chunk.get("id"))
        usage = chunk.get("usage")
        if isinstance(usage, Mapping):
            self._reported = TokenUsage.from_openai(usage)
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, Mapping) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta")
            delta = delta if isinstance(delta, Mapping) else {}
            content = delta.get("content")
            if isinstance(content, str) and content:
                out += self._text(content)
            refusal = delta.get("refusal")
            if isinstance(refusal, str) and refusal:
                self._refused = True
                out += self._text(refusal)
            for call in delta.get("tool_calls") or []:
                if isinstance(call, Mapping):
                    out += self._tool_call(call)
            if choice.get("finish_reason"):
                self._finish_reason = str(choice["finish_reason"])
                out += self._close()
        return out

    def finish(self) -> list[Event]:
        """Close the message: ``message_delta`` with stop reason and usage, ``message_stop``."""
        if self._finished:
            return []
        self._finished = True
        out = self._ensure_started(None)
        out += self._close()
        has_tools = bool(self._tool_blocks)
        stop_reason = stop_reason_from_finish_reason(self._finish_reason, has_tool_calls=has_tools)
        if self._refused and not has_tools:
            stop_reason = "refusal"
        usage = self.usage
        delta_usage: dict[str, Any] = {"output_tokens": usage.completion_tokens}
        if self._reported is not None:
            delta_usage = {**usage.to_anthropic(), **delta_usage}
        out.append(
            (
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                    "usage": delta_usage,
                },
            )
        )
        out.append(("message_stop", {"type": "message_stop"}))
        return out

    def _ensure_started(self, upstream_id: object) -> list[Event]:
        if self._started:
            return []
        self._started = True
        if self._id is None:
            self._id = anthropic_id(upstream_id)
        message: dict[str, Any] = {
            "id": self._id,
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": self._input_tokens, "output_tokens": 0},
        }
        return [("message_start", {"type": "message_start", "message": message})]

    def _start_block(self, block: dict[str, Any], *, is_text: bool) -> list[Event]:
        out = self._close()
        index = self._next_block
        self._next_block += 1
        self._open_block = index
        self._open_is_text = is_text
        start = {"type": "content_block_start", "index": index, "content_block": block}
        out.append(("content_block_start", start))
        return out

    def _close(self) -> list[Event]:
        if self._open_block is None:
            return []
        index = self._open_block
        self._open_block = None
        return [("content_block_stop", {"type": "content_block_stop", "index": index})]

    def _text(self, text: str) -> list[Event]:
        out: list[Event] = []
        index = self._open_block
        if index is None or not self._open_is_text:
            out = self._start_block({"type": "text", "text": ""}, is_text=True)
            index = self._next_block - 1
        self._chars += len(text)
        out.append(_delta(index, {"type": "text_delta", "text": text}))
        return out

    def _tool_call(self, call: Mapping[str, Any]) -> list[Event]:
        index = call.get("index")
        if not isinstance(index, int):
            # Some compatible servers omit the index: a new id means a new call.
            if call.get("id") or self._last_tool is None:
                index = len(self._tool_blocks)
            else:
                index = self._last_tool
        function = call.get("function")
        function = function if isinstance(function, Mapping) else {}
        out: list[Event] = []
        if index not in self._tool_blocks:
            call_id = call.get("id")
            block = {
                "type": "tool_use",
                "id": call_id
                if isinstance(call_id, str) and call_id
                else f"toolu_{self._id}_{index}",
                "name": str(function.get("name") or ""),
                "input": {},
            }
            out = self._start_block(block, is_text=False)
            self._tool_blocks[index] = self._next_block - 1
        self._last_tool = index
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            self._chars += len(arguments)
            delta = {"type": "input_json_delta", "partial_json": arguments}
            out.append(_delta(self._tool_blocks[index], delta))
        return out


def _delta(index: int, delta: dict[str, Any]) -> Event:
    return ("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})

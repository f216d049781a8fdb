"""Chat Completions answers → OpenAI Responses API objects, whole or streamed.

A Response lists ``output`` items: one ``message`` item with the text (``output_text``
parts) and one ``function_call`` item per tool call. A stream is a sequence of typed events,
each with a ``sequence_number``: ``response.created`` and ``response.in_progress``, then per
item ``response.output_item.added``, its deltas and ``…done`` events, and
``response.output_item.done``, and last ``response.completed`` (or ``response.incomplete``
when the answer hit its token limit) carrying the whole Response. A finish reason of
``length`` makes the Response ``incomplete`` with ``max_output_tokens`` as the reason.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import Any

from .usage import TokenUsage

__all__ = ["OpenAIToResponsesStream", "openai_response_to_responses", "response_id"]

Event = tuple[str, dict[str, Any]]


def response_id() -> str:
    return f"resp_{uuid.uuid4().hex}"


def _item_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def _usage(usage: Any) -> dict[str, Any] | None:
    if not isinstance(usage, Mapping):
        return None
    tokens = TokenUsage.from_openai(usage)
    details = usage.get("completion_tokens_details")
    reasoning = details.get("reasoning_tokens") if isinstance(details, Mapping) else None
    return {
        "input_tokens": tokens.prompt_tokens,
        "input_tokens_details": {
            "cached_tokens": tokens.cached_tokens,
            "cache_write_tokens": tokens.cache_write_tokens,
        },
        "output_tokens": tokens.completion_tokens,
        "output_tokens_details": {
            "reasoning_tokens": reasoning if isinstance(reasoning, int) else 0
        },
        "total_tokens": tokens.total_tokens,
    }


def _response(
    rid: str,
    created: int,
    model: str,
    echo: Mapping[str, Any],
    status: str,
    output: list[dict[str, Any]],
    usage: dict[str, Any] | None,
) -> dict[str, Any]:
    incomplete = {"reason": "max_output_tokens"} if status == "incomplete" else None
    return {
        "id": rid,
        "object": "response",
        "created_at": created,
        "status": status,
        "error": None,
        "incomplete_details": incomplete,
        "model": model,
        "output": output,
        "usage": usage,
        **echo,
    }


def _message_item(item_id: str, text: str, status: str) -> dict[str, Any]:
    content = [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]
    return {
        "type": "message",
        "id": item_id,
        "status": status,
        "role": "assistant",
        "content": content if status == "completed" else [],
    }


def _call_item(
    item_id: str, call_id: str, name: str, arguments: str, status: str
) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
        "status": status,
    }


def _status(finish_reason: Any) -> str:
    return "incomplete" if finish_reason == "length" else "completed"


def openai_response_to_responses(
    completion: Mapping[str, Any], *, model: str, echo: Mapping[str, Any]
) -> dict[str, Any]:
    """A ``chat.completion`` → a ``response`` object; ``echo``: the request's settings
    (``responses_echo``)."""
    choice = (completion.get("choices") or [{}])[0]
    message = choice.get("message") or {}
    output: list[dict[str, Any]] = []
    text = message.get("content")
    if isinstance(text, str) and text:
        output.append(_message_item(_item_id("msg"), text, "completed"))
    for call in message.get("tool_calls") or []:
        function = call.get("function") or {}
        output.append(
            _call_item(
                _item_id("fc"),
                str(call.get("id") or _item_id("call")),
                str(function.get("name", "")),
                str(function.get("arguments") or ""),
                "completed",
            )
        )
    created = completion.get("created")
    return _response(
        response_id(),
        created if isinstance(created, int) else int(time.time()),
        model,
        echo,
        _status(choice.get("finish_reason")),
        output,
        _usage(completion.get("usage")),
    )


class _Call:
    __slots__ = ("arguments", "call_id", "item_id", "name", "output_index")

    def __init__(self, output_index: int, call_id: str, name: str) -> None:
        self.output_index = output_index
        self.item_id = _item_id("fc")
        self.call_id = call_id
        self.name = name
        self.arguments = ""


class OpenAIToResponsesStream:
    """Chat completion chunks in, Responses API events out (one instance per stream)."""

    def __init__(self, model: str, echo: Mapping[str, Any]) -> None:
        self._model = model
        self._echo = echo
        self._id = response_id()
        self._created = int(time.time())
        self._seq = 0
        self._started = False
        self._output: list[dict[str, Any]] = []  # finished items, in output order
        self._text: str | None = None  # the open message item's text so far
        self._text_item = ""
        self._text_index = 0
        self._calls: dict[int, _Call] = {}  # by the chunk's tool call index
        self._finish: Any = None
        self._usage: dict[str, Any] | None = None

    def _event(self, kind: str, **fields: Any) -> Event:
        data = {"type": kind, "sequence_number": self._seq, **fields}
        self._seq += 1
        return kind, data

    def _snapshot(self, status: str) -> dict[str, Any]:
        output = list(self._output)  # the events are kept apart from later items
        return _response(
            self._id, self._created, self._model, self._echo, status, output, self._usage
        )

    def feed(self, chunk: Mapping[str, Any]) -> list[Event]:
        events: list[Event] = []
        if not self._started:
            self._started = True
            events.append(self._event("response.created", response=self._snapshot("in_progress")))
            events.append(
                self._event("response.in_progress", response=self._snapshot("in_progress"))
            )
        if chunk.get("usage") is not None:
            self._usage = _usage(chunk["usage"])
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            text = delta.get("content")
            if isinstance(text, str) and text:
                events += self._text_delta(text)
            for call in delta.get("tool_calls") or []:
                events += self._call_delta(call)
            if choice.get("finish_reason") is not None:
                self._finish = choice["finish_reason"]
        return events

    def _text_delta(self, text: str) -> list[Event]:
        events: list[Event] = []
        if self._text is None:
            events += self._close_calls()
            self._text = ""
            self._text_item = _item_id("msg")
            self._text_index = len(self._output) + len(self._calls)
            item = _message_item(self._text_item, "", "in_progress")
            events.append(
                self._event("response.output_item.added", output_index=self._text_index, item=item)
            )
            part = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
            events.append(self._event("response.content_part.added", **self._at(), part=part))
        self._text += text
        events.append(
            self._event("response.output_text.delta", **self._at(), delta=text, logprobs=[])
        )
        return events

    def _at(self) -> dict[str, Any]:
        return {"item_id": self._text_item, "output_index": self._text_index, "content_index": 0}

    def _call_delta(self, call: Mapping[str, Any]) -> list[Event]:
        events: list[Event] = []
        index = call.get("index", 0)
        function = call.get("function") or {}
        current = self._calls.get(index)
        if current is None:
            events += self._close_text()
            current = _Call(
                len(self._output) + len(self._calls),
                str(call.get("id") or _item_id("call")),
                str(function.get("name") or ""),
            )
            self._calls[index] = current
            item = _call_item(current.item_id, current.call_id, current.name, "", "in_progress")
            events.append(
                self._event(
                    "response.output_item.added", output_index=current.output_index, item=item
                )
            )
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            current.arguments += arguments
            events.append(
                self._event(
                    "response.function_call_arguments.delta",
                    item_id=current.item_id,
                    output_index=current.output_index,
                    delta=arguments,
                )
            )
        return events

    def _close_text(self) -> list[Event]:
        if self._text is None:
            return []
        text, self._text = self._text, None
        part = {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
        item = _message_item(self._text_item, text, "completed")
        self._output.append(item)
        return [
            self._event("response.output_text.done", **self._at(), text=text, logprobs=[]),
            self._event("response.content_part.done", **self._at(), part=part),
            self._event("response.output_item.done", output_index=self._text_index, item=item),
        ]

    def _close_calls(self) -> list[Event]:
        events: list[Event] = []
        for call in sorted(self._calls.values(), key=lambda c: c.output_index):
            item = _call_item(call.item_id, call.call_id, call.name, call.arguments, "completed")
            self._output.append(item)
            events.append(
                self._event(
                    "response.function_call_arguments.done",
                    item_id=call.item_id,
                    output_index=call.output_index,
                    name=call.name,
                    arguments=call.arguments,
                )
            )
            events.append(
                self._event("response.output_item.done", output_index=call.output_index, item=item)
            )
        self._calls.clear()
        return events

    def finish(self) -> list[Event]:
        """The closing events, once the upstream stream has ended."""
        events: list[Event] = []
        if not self._started:
            events += self.feed({})
        events += self._close_text()
        events += self._close_calls()
        status = _status(self._finish)
        kind = "response.incomplete" if status == "incomplete" else "response.completed"
        events.append(self._event(kind, response=self._snapshot(status)))
        return events

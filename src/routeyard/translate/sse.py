"""Server-sent events: an incremental parser for upstream byte streams, and encoders.

The parser follows the WHATWG event-stream rules that matter for LLM APIs: lines end in LF,
CRLF or CR (a CRLF split across two reads is still one line end); lines starting with ``:`` are
comments; ``field: value`` loses one optional space after the colon; several ``data`` lines join
with ``\\n``; ``id`` and ``retry`` are ignored; an event is dispatched on a blank line, and only
if it carried data. Input is decoded as UTF-8 incrementally, so a character split across reads
is kept whole.

    >>> parser = SSEParser()
    >>> parser.feed(b"event: ping\\ndata: {}\\n") + parser.feed(b"\\n")
    [SSEEvent(event='ping', data='{}')]
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import orjson

__all__ = [
    "OPENAI_SSE_DONE",
    "SSEEvent",
    "SSEParser",
    "encode_anthropic_sse",
    "encode_openai_sse",
]

OPENAI_SSE_DONE: Final = b"data: [DONE]\n\n"

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class SSEEvent:
    """One dispatched event. ``event`` is ``None`` when the stream named no event type."""

    event: str | None
    data: str


class SSEParser:
    """Incremental parser: ``feed`` bytes as they arrive, ``flush`` at end of stream."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        # Pieces of an incomplete last line, joined once its end arrives (a long line fed in
        # small reads would otherwise be copied again on every read).
        self._pending: list[str] = []
        self._skip_lf = False  # the last read ended in CR: a leading LF completes a CRLF
        self._at_start = True
        self._event: str | None = None
        self._data: list[str] = []

    def feed(self, data: bytes) -> list[SSEEvent]:
        return list(self._feed_text(self._decoder.decode(data)))

    def iter_feed(self, data: bytes) -> Iterator[SSEEvent]:
        """``feed``, lazily: each event is parsed when it is asked for, so the first one of a
        large read is ready before the rest are split. Drain it before the next ``feed``."""
        return self._feed_text(self._decoder.decode(data))

    def flush(self) -> list[SSEEvent]:
        """Dispatch a last event that the stream ended without a blank line after."""
        events = list(self._feed_text(self._decoder.decode(b"", final=True)))
        if self._pending:
            self._line("".join(self._pending), events)
            self._pending = []
        self._dispatch(events)
        return events

    def _feed_text(self, text: str) -> Iterator[SSEEvent]:
        if not text:
            return
        if self._at_start:
            self._at_start = False
            if text.startswith("\ufeff"):
                text = text[1:]
        if self._skip_lf:
            self._skip_lf = False
            if text.startswith("\n"):
                text = text[1:]
                if not text:
                    return
        if "\n" not in text and "\r" not in text:
            self._pending.append(text)
            return
        if self._pending:
            self._pending.append(text)
            text = "".join(self._pending)
            self._pending = []
        if "\r" in text:
            lines = _LINE_END.split(text)
            self._skip_lf = text.endswith("\r")
        else:
            lines = text.split("\n")
        last = lines.pop()
        if last:
            self._pending.append(last)
        events: list[SSEEvent] = []
        for line in lines:
            self._line(line, events)
            if events:
                yield events.pop()

    def _line(self, line: str, events: list[SSEEvent]) -> None:
        if not line:
            self._dispatch(events)
            return
        if line[0] == ":":
            return
        field, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value or None

    def _dispatch(self, events: list[SSEEvent]) -> None:
        if self._data:
            events.append(SSEEvent(self._event, "\n".join(self._data)))
            self._data = []
        self._event = None


def encode_openai_sse(chunk: dict[str, Any]) -> bytes:
    """``data: {json}\\n\\n`` — one OpenAI stream chunk."""
    return b"data: " + orjson.dumps(chunk) + b"\n\n"


def encode_anthropic_sse(event: str, data: dict[str, Any]) -> bytes:
    """``event: name\\ndata: {json}\\n\\n`` — one Anthropic stream event."""
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"

"""The seam between the generic request path and one API's wire format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from routeyard.simulator.reply import Reply
from routeyard.simulator.request import SimRequest


@dataclass(frozen=True, slots=True)
class ReplyMeta:
    id: str
    """Unique within the app; each wire adds its own prefix (``chatcmpl-``, ``msg_``)."""
    created: int
    model: str
    report_usage: bool
    include_usage: bool
    """OpenAI ``stream_options.include_usage``."""
    thinking: bool = False
    cache_read: int = 0
    cache_write: int = 0
    """Anthropic only: see ``SimRequest``."""


@dataclass(frozen=True, slots=True)
class StreamPlan:
    """A whole stream as encoded SSE bytes, cut where faults and delays may fall."""

    head: bytes
    """Sent right after the headers, before the time to first token."""
    chunks: list[bytes]
    """One entry per content chunk."""
    tail: bytes
    """Everything after the last content chunk, through the end-of-stream marker."""

    def whole(self) -> bytes:
        return self.head + b"".join(self.chunks) + self.tail


SLOT = "\x00"
"""Stands in a template event for the text that :func:`fill_slots` splices in."""
_SLOT_JSON = orjson.dumps(SLOT)


def fill_slots(template: bytes, values: Iterable[str]) -> list[bytes]:
    """``template`` once per value, with the value's JSON in place of the last ``SLOT``.

    Encoding the event once and splicing each chunk's text in keeps long streams cheap.
    """
    before, _, after = template.rpartition(_SLOT_JSON)
    return [before + orjson.dumps(value) + after for value in values]


class Wire(Protocol):
    def parse(self, body: dict[str, Any]) -> SimRequest:
        """Read a request body; raises ``BadRequest``."""
        ...

    def error_body(
        self, status: int, message: str, *, param: str | None = None, code: str | None = None
    ) -> bytes: ...

    def completion(self, reply: Reply, meta: ReplyMeta) -> bytes: ...

    def stream(self, reply: Reply, meta: ReplyMeta) -> StreamPlan: ...

    def stream_error(self, status: int, message: str) -> bytes:
        """An in-band error event, sent after a 200 ``text/event-stream`` has begun."""
        ...

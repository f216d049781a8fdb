"""What every provider adapter offers: a completion, or a stream of OpenAI-shaped chunks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

from routeyard.config.schema import Timeouts
from routeyard.errors import UpstreamError


@dataclass(slots=True, frozen=True)
class AttemptTimeouts:
    """One attempt's limits in seconds: the model's configured ``Timeouts``, cut to what is left
    of the request's deadline. A plain dataclass: the executor makes one per attempt."""

    connect_s: float
    ttft_s: float
    idle_s: float
    stream_total_s: float
    total_s: float

    @classmethod
    def of(cls, t: Timeouts) -> AttemptTimeouts:
        return cls(t.connect_s, t.ttft_s, t.idle_s, t.stream_total_s, t.total_s)

    def within(self, limit: float) -> AttemptTimeouts:
        """These limits, none longer than ``limit`` (the connect and idle limits stay)."""
        if limit >= max(self.total_s, self.stream_total_s, self.ttft_s):
            return self
        return AttemptTimeouts(
            self.connect_s,
            min(self.ttft_s, limit),
            self.idle_s,
            min(self.stream_total_s, limit),
            min(self.total_s, limit),
        )


NATIVE_EVENT = "routeyard_native_event"
"""In a stream for ``Call.native``: the key of a chunk under which the upstream's own SSE event
(bytes) travels, for the Anthropic ingress to send on as it came."""


@dataclass(slots=True)
class Usage:
    input_tokens: int = 0
    cached_input_tokens: int = 0
    output_tokens: int = 0
    estimated: bool = False
    cache_write_tokens: int = 0  # of input_tokens: written to a prompt cache (Anthropic)


@dataclass(slots=True)
class Call:
    """One attempt: a canonical (OpenAI-shaped) body for one configured model."""

    model: str  # the configured name, shown to clients
    upstream_model: str  # the id the upstream knows
    body: dict[str, Any]
    timeouts: AttemptTimeouts
    max_output_tokens: int = 4096  # used when the upstream needs max_tokens and the body has none
    native: dict[str, Any] | None = None
    """The client's Anthropic Messages body when the request came in on ``/v1/messages``: an
    Anthropic upstream is sent it as is (fields no translation keeps, such as ``thinking`` and
    ``cache_control``, survive), and answers in kind (``Completion.native``, native events)."""


@dataclass(slots=True)
class Completion:
    """An answer: an OpenAI ``chat.completion`` (or, from ``embed``, an OpenAI embeddings
    ``list``), its ``model`` set to the configured name."""

    response: dict[str, Any]
    usage: Usage
    native: dict[str, Any] | None = None  # the upstream's own Anthropic message (``Call.native``)


class ChunkStream(Protocol):
    """OpenAI ``chat.completion.chunk`` dicts; raises ``UpstreamError`` on failure.

    ``usage`` is filled when the upstream reported it. ``aclose`` releases the connection and
    must be called however the stream ends.
    """

    @property
    def usage(self) -> Usage | None: ...

    @property
    def failure(self) -> UpstreamError | None:
        """A failure already received but not yet raised; the executor will not commit to it."""

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]: ...
    async def __anext__(self) -> dict[str, Any]: ...
    async def aclose(self) -> None: ...


class Provider(Protocol):
    async def complete(self, call: Call) -> Completion: ...
    async def stream(self, call: Call) -> ChunkStream: ...
    async def embed(self, call: Call) -> Completion:
        """``call.body`` is an OpenAI embeddings request."""
        ...

"""What a handler receives and answers through: a parsed request and a responder."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from typing import Protocol

_REASONS = {s.value: s.phrase for s in HTTPStatus}


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # names lower-cased; a repeated header keeps its last value
    body: bytes
    peer: str | None = None


class _Sink(Protocol):
    """The connection a responder writes to (implemented by the server protocol)."""

    def write(self, data: bytes) -> None: ...
    async def drain(self) -> None: ...
    @property
    def closed(self) -> bool: ...


class _DateCache:
    """The Date header changes once a second; format it at most once a second."""

    __slots__ = ("_second", "_value")

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def get(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._second = now
            self._value = formatdate(now, usegmt=True).encode()
        return self._value


DATE = _DateCache()


def head(status: int, headers: Iterable[tuple[str, str]], keep_alive: bool) -> list[bytes]:
    reason = _REASONS.get(status, "Unknown")
    out = [f"HTTP/1.1 {status} {reason}\r\n".encode(), b"date: ", DATE.get(), b"\r\n"]
    for name, value in headers:
        if "\r" in value or "\n" in value:  # never let a value split the header block
            value = value.replace("\r", " ").replace("\n", " ")
        out.append(f"{name}: {value}\r\n".encode("latin-1", "replace"))
    out.append(b"connection: keep-alive\r\n" if keep_alive else b"connection: close\r\n")
    return out


class Responder:
    """Sends one response: whole (``send``) or streamed (``start`` / ``write`` / ``end``).

    ``write`` raises ``ConnectionResetError`` once the client has gone; a handler that is
    streaming is also cancelled at that moment, so an upstream call it awaits stops at once.
    """

    __slots__ = ("_sink", "finished", "keep_alive", "last_words", "started", "status")

    def __init__(self, sink: _Sink, keep_alive: bool) -> None:
        self._sink = sink
        self.keep_alive = keep_alive
        self.started = False
        self.finished = False
        self.status = 0
        # What to send if the server must cut this stream short (shutdown): an in-band error.
        self.last_words: bytes | None = None

    def cut(self) -> bytes:
        """The bytes that end a started stream early: its last words, then the chunk end."""
        self.finished = True
        words = self.last_words or b""
        return (b"%x\r\n%b\r\n" % (len(words), words) if words else b"") + b"0\r\n\r\n"

    def send(
        self,
        status: int,
        body: bytes,
        headers: Iterable[tuple[str, str]] = (),
        content_type: str = "application/json",
    ) -> None:
        if self.started:
            raise RuntimeError("response already started")
        self.started = self.finished = True
        self.status = status
        parts = head(status, headers, self.keep_alive)
        parts.append(
            f"content-type: {content_type}\r\ncontent-length: {len(body)}\r\n\r\n".encode()
        )
        parts.append(body)
        self._sink.write(b"".join(parts))

    async def start(
        self, status: int, headers: Iterable[tuple[str, str]], first: bytes = b""
    ) -> None:
        """Send the head of a chunked response, the commit point of a stream, and ``first``
        (the first piece of the body, if any) in the same write."""
        if self.started:
            raise RuntimeError("response already started")
        self.started = True
        self.status = status
        parts = head(status, headers, self.keep_alive)
        parts.append(b"transfer-encoding: chunked\r\n\r\n")
        if first:
            parts.append(b"%x\r\n%b\r\n" % (len(first), first))
        await self._write(b"".join(parts))

    async def write(self, data: bytes) -> None:
        if data:
            await self._write(b"%x\r\n%b\r\n" % (len(data), data))

    async def end(self) -> None:
        if not self.finished:
            self.finished = True
            await self._write(b"0\r\n\r\n")

    async def _write(self, data: bytes) -> None:
        if self._sink.closed:
            raise ConnectionResetError("client disconnected")
        self._sink.write(data)
        await self._sink.drain()

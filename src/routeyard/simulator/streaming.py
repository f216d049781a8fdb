"""Sending a planned stream with its delays and faults."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Mapping
from typing import Literal

from aiohttp import web

from routeyard.simulator.faults import StreamFault
from routeyard.simulator.wire import StreamPlan

SSE_HEADERS = {"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache"}
_POLL_S = 0.05


async def pause(request: web.BaseRequest, seconds: float | None, stopping: asyncio.Event) -> None:
    """Sleep ``seconds`` (None: indefinitely), ending early when the client leaves or the app stops.

    Polls, because a server run without ``handler_cancellation`` does not cancel the handler of a
    client that went away.
    """
    loop = asyncio.get_running_loop()
    deadline = None if seconds is None else loop.time() + seconds
    while not stopping.is_set() and _connected(request):
        left = _POLL_S if deadline is None else min(_POLL_S, deadline - loop.time())
        if left <= 0:
            return
        await asyncio.sleep(left)


def reset_connection(request: web.BaseRequest) -> web.StreamResponse:
    """Drop the connection with a TCP reset (``SO_LINGER`` 0), before any byte of an answer."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    return web.Response()  # never sent: the connection is gone


async def cut_body(
    request: web.BaseRequest,
    body: bytes,
    headers: Mapping[str, str],
    mode: Literal["close", "truncate"],
) -> web.StreamResponse:
    """Send only the first half of ``body``: well framed (``truncate``), or announced whole and
    cut off by closing the connection (``close``)."""
    half = body[: len(body) // 2]
    head = {**headers, "Content-Type": "application/json"}
    if mode == "truncate":
        return web.Response(body=half, headers=head)
    response = web.StreamResponse(headers=head)
    response.content_length = len(body)
    try:
        await response.prepare(request)
        await response.write(half)
    except ConnectionError:
        return response
    transport = request.transport
    if transport is not None:
        transport.close()
    return response


def _connected(request: web.BaseRequest) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


class StreamSender:
    """Writes one :class:`StreamPlan`: head, wait ``ttft_s``, chunks ``chunk_interval_s`` apart."""

    def __init__(
        self,
        request: web.BaseRequest,
        *,
        ttft_s: float,
        chunk_interval_s: float,
        stopping: asyncio.Event,
    ) -> None:
        self._request = request
        self._ttft_s = ttft_s
        self._interval_s = chunk_interval_s
        self._stopping = stopping

    async def send(
        self,
        plan: StreamPlan,
        headers: Mapping[str, str],
        fault: StreamFault | None,
        error_event: bytes,
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={**SSE_HEADERS, **headers})
        try:
            await response.prepare(self._request)
            if fault is not None and fault.kind == "error_first":
                await response.write(error_event)
                return response
            await self._send_paced(response, plan, fault, error_event)
        except ConnectionError:
            pass  # The client went away; nothing is left to send to.
        return response

    async def _send_paced(
        self,
        response: web.StreamResponse,
        plan: StreamPlan,
        fault: StreamFault | None,
        error_event: bytes,
    ) -> None:
        if plan.head:
            await response.write(plan.head)
        loop = asyncio.get_running_loop()
        first_due = loop.time() + self._ttft_s
        strike = -1 if fault is None else fault.after_chunks
        for i, chunk in enumerate(plan.chunks):
            if i == strike:
                assert fault is not None
                await self._strike(response, fault, error_event)
                return
            # Deadlines rather than fixed sleeps, so scheduling overhead does not add up.
            delay = first_due + i * self._interval_s - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            await response.write(chunk)
        if strike == len(plan.chunks):
            assert fault is not None
            await self._strike(response, fault, error_event)
            return
        await response.write(plan.tail)

    async def _strike(
        self, response: web.StreamResponse, fault: StreamFault, error_event: bytes
    ) -> None:
        if fault.kind == "stall":
            await pause(self._request, None, self._stopping)
        elif fault.kind == "cut":
            transport = self._request.transport
            if transport is not None:
                transport.close()  # The body ends mid-chunk: no terminator, no [DONE].
        else:
            await response.write(error_event)

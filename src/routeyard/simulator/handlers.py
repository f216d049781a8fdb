"""The request path shared by both APIs: find the model, inject faults, answer, pace."""

from __future__ import annotations

import asyncio
import time

import orjson
from aiohttp import web

from routeyard.simulator.faults import decide_refusal, stream_fault
from routeyard.simulator.reply import plan_reply
from routeyard.simulator.request import BadRequest
from routeyard.simulator.responses import json_bytes_response
from routeyard.simulator.state import ModelState, SimState
from routeyard.simulator.streaming import (
    SSE_HEADERS,
    StreamSender,
    cut_body,
    pause,
    reset_connection,
)
from routeyard.simulator.wire import ReplyMeta, Wire

SIM_STATE = web.AppKey("routeyard_simulator_state", SimState)


class GenerationHandler:
    """``POST`` handler for one wire format; counts every request that names a known model."""

    def __init__(self, wire: Wire) -> None:
        self._wire = wire

    async def handle(self, request: web.Request) -> web.StreamResponse:
        sim = request.app[SIM_STATE]
        wire = self._wire
        try:
            body = orjson.loads(await request.read())
        except orjson.JSONDecodeError:
            return _error(wire, 400, "The request body is not valid JSON.")
        if not isinstance(body, dict):
            return _error(wire, 400, "The request body must be a JSON object.")
        name = body.get("model")
        if not isinstance(name, str):
            return _error(wire, 400, "model: a string is required.", param="model")
        state = sim.models.get(name)
        if state is None:
            message = f"The model `{name}` does not exist."
            return _error(wire, 404, message, param="model", code="model_not_found")
        state.requests += 1
        if body.get("stream") is True:
            state.streams += 1
        state.active += 1
        try:
            return await self._answer(request, sim, state, body)
        finally:
            state.active -= 1

    async def _answer(
        self, request: web.Request, sim: SimState, state: ModelState, body: dict[str, object]
    ) -> web.StreamResponse:
        wire, model, faults = self._wire, state.model, state.faults
        reply_id = sim.next_id()
        headers = {"x-sim-model": model.name, "x-request-id": "req_" + reply_id}
        headers["request-id"] = headers["x-request-id"]
        if faults.reset_connection:
            return reset_connection(request)
        if faults.hang_before_headers_s > 0:
            await pause(request, faults.hang_before_headers_s, sim.stopping)
        refusal = decide_refusal(faults, sim.elapsed(), sim.rng)
        if refusal is not None:
            headers.update(refusal.retry_headers())
            return _error(wire, refusal.status, refusal.message, headers, code=refusal.code)
        try:
            req = wire.parse(body)
        except BadRequest as err:
            return _error(wire, 400, err.message, headers, param=err.param)
        prompt_tokens = req.prompt_tokens()
        if prompt_tokens > model.context_window:
            message = (
                f"This model's maximum context length is {model.context_window} tokens, "
                f"but the prompt is about {prompt_tokens} tokens."
            )
            return _error(
                wire, 400, message, headers, param="messages", code="context_length_exceeded"
            )
        spec = sim.spec
        reply = plan_reply(req, model, sim.book, seed=spec.seed, chunk_tokens=spec.chunk_tokens)
        if reply.score is not None:
            headers["x-sim-score"] = str(reply.score)
        meta = ReplyMeta(
            reply_id, int(time.time()), model.name, model.report_usage, req.include_usage,
            req.thinking, req.cache_read, req.cache_write,
        )  # fmt: skip
        rate = model.tokens_per_s
        if not req.stream:
            delay = model.ttft_ms / 1000 + (reply.completion_tokens / rate if rate > 0 else 0.0)
            if delay > 0:
                await asyncio.sleep(delay)
            answer = wire.completion(reply, meta)
            if faults.cut_body is not None:
                return await cut_body(request, answer, headers, faults.cut_body)
            return json_bytes_response(answer, headers=headers)
        plan = wire.stream(reply, meta)
        fault = stream_fault(faults)
        interval = spec.chunk_tokens / rate if rate > 0 else 0.0
        if fault is None and model.ttft_ms == 0 and interval == 0:
            return web.Response(body=plan.whole(), headers={**SSE_HEADERS, **headers})
        error_event = wire.stream_error(faults.error_status, "Injected stream error.")
        sender = StreamSender(
            request, ttft_s=model.ttft_ms / 1000, chunk_interval_s=interval, stopping=sim.stopping
        )
        return await sender.send(plan, headers, fault, error_event)


def _error(
    wire: Wire,
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
    *,
    param: str | None = None,
    code: str | None = None,
) -> web.Response:
    body = wire.error_body(status, message, param=param, code=code)
    return json_bytes_response(body, status, headers)

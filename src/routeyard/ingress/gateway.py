"""The two chat endpoints: read, validate, plan, execute, answer, record."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import orjson
from aiohttp import web

from routeyard.errors import GatewayError, InvalidRequest
from routeyard.execute import Attempt
from routeyard.ingress.auth import ClientAuth
from routeyard.ingress.body import read_json
from routeyard.ingress.streaming import write_anthropic_stream, write_openai_stream
from routeyard.ingress.validate import validate_anthropic, validate_openai
from routeyard.observe import RequestRecord
from routeyard.providers.base import Usage
from routeyard.router import Plan, Router
from routeyard.translate import (
    TranslationError,
    anthropic_request_to_openai,
    openai_response_to_anthropic,
)

ROUTE_HINT_HEADER = "x-routeyard-route"


def _route_hint(request: web.Request, body: dict[str, Any]) -> str | None:
    """A caller's route hint: the header, or ``metadata.route`` (removed before upstream)."""
    hint = request.headers.get(ROUTE_HINT_HEADER)
    metadata = body.get("metadata")
    if isinstance(metadata, dict) and "route" in metadata:
        value = metadata.pop("route")
        if not metadata:
            body.pop("metadata")
        if hint is None:
            if not isinstance(value, str):
                raise InvalidRequest("metadata.route must be a string", param="metadata.route")
            hint = value
    return hint


class Gateway:
    def __init__(self, router: Router) -> None:
        self.router = router
        self.auth = ClientAuth(router.config.server.client_keys)
        self.body_cap = router.config.server.max_body_bytes

    async def chat_completions(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "openai")

    async def messages(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "anthropic")

    async def _handle(self, request: web.Request, api: str) -> web.StreamResponse:
        started = time.perf_counter()
        key_id = self.auth.authenticate(request)
        body = await read_json(request, self.body_cap)
        if api == "openai":
            model = validate_openai(body)
            canonical = body
        else:
            model = validate_anthropic(body)
            try:
                canonical = anthropic_request_to_openai(body)
            except TranslationError as exc:
                raise InvalidRequest(str(exc), param=exc.param) from None
        hint = _route_hint(request, canonical)
        plan = self.router.plan(canonical, model, hint)
        request_id = uuid.uuid4().hex
        record = RequestRecord(
            request_id=request_id,
            ingress=api,
            route=plan.decision.route,
            labels=plan.classification.labels,
            model=None,
            status="error",
            http_status=500,
            stream=bool(canonical.get("stream")),
            decision_us=plan.decision_us,
            latency_ms=0.0,
            client_key_id=key_id,
        )
        try:
            if record.stream:
                return await self._stream(request, api, body, canonical, plan, record)
            return await self._complete(api, canonical, plan, record)
        except GatewayError as err:
            record.http_status = err.status
            if err.attempts:
                record.attempts = err.attempts
            err.headers = {
                "x-routeyard-route": plan.decision.route,
                "x-routeyard-attempts": str(len(record.attempts)),
                "x-routeyard-decision-us": f"{plan.decision_us:.1f}",
                "x-request-id": request_id,
            }
            raise
        except asyncio.CancelledError:
            record.status = "client_disconnected"
            record.http_status = 499
            raise
        finally:
            record.latency_ms = (time.perf_counter() - started) * 1000
            self.router.finish(record)

    def _headers(
        self, plan: Plan, model: str, attempts: list[Attempt], request_id: str
    ) -> dict[str, str]:
        return {
            "x-routeyard-model": model,
            "x-routeyard-route": plan.decision.route,
            "x-routeyard-attempts": str(len(attempts)),
            "x-routeyard-decision-us": f"{plan.decision_us:.1f}",
            "x-request-id": request_id,
        }

    def _account(self, record: RequestRecord, model: str, usage: Usage | None) -> None:
        record.model = model
        record.usage = usage
        if usage is not None:
            record.cost_usd = self.router.cost(model, usage)
            record.baseline_cost_usd = self.router.baseline_cost(usage)

    async def _complete(
        self, api: str, canonical: dict[str, Any], plan: Plan, record: RequestRecord
    ) -> web.Response:
        completion, model, attempts = await self.router.executor.complete(plan.decision, canonical)
        record.attempts = attempts
        self._account(record, model, completion.usage)
        record.status, record.http_status = "ok", 200
        payload = completion.response
        if api == "anthropic":
            payload = openai_response_to_anthropic(payload, model=model)
        return web.Response(
            body=orjson.dumps(payload),
            content_type="application/json",
            headers=self._headers(plan, model, attempts, record.request_id),
        )

    async def _stream(
        self,
        request: web.Request,
        api: str,
        body: dict[str, Any],
        canonical: dict[str, Any],
        plan: Plan,
        record: RequestRecord,
    ) -> web.StreamResponse:
        start = await self.router.executor.open_stream(plan.decision, canonical)
        record.attempts = start.attempts
        headers = self._headers(plan, start.model, start.attempts, record.request_id)
        record.http_status = 200
        if api == "openai":
            options = body.get("stream_options")
            include_usage = isinstance(options, dict) and options.get("include_usage") is True
            outcome = await write_openai_stream(request, start, headers, include_usage)
        else:
            tokens = plan.classification.features.estimated_tokens
            outcome = await write_anthropic_stream(request, start, headers, tokens)
        self._account(record, start.model, outcome.usage)
        record.status = outcome.status
        return outcome.response

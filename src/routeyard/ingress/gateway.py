"""The chat endpoints of the three APIs (read, validate, plan, execute, answer, record) and
Anthropic's token count."""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Callable
from typing import Any

import orjson

from routeyard.classify.features import estimate_tokens
from routeyard.errors import GatewayError, InvalidRequest
from routeyard.execute import Attempt
from routeyard.execute.attempts import upstream_attempts
from routeyard.ingress.auth import ClientAuth
from routeyard.ingress.body import read_json
from routeyard.ingress.httpd import Request, Responder
from routeyard.ingress.streaming import (
    anthropic_encoder,
    completions_encoder,
    native_encoder,
    open_with_heartbeats,
    openai_encoder,
    responses_encoder,
    write_stream,
)
from routeyard.ingress.validate import validate_anthropic, validate_openai
from routeyard.observe import RequestRecord
from routeyard.observe.record import RequestContent
from routeyard.providers.base import NATIVE_EVENT, Usage
from routeyard.router import Plan, Router
from routeyard.translate import (
    TranslationError,
    anthropic_request_to_openai,
    completions_request_to_openai,
    openai_response_to_anthropic,
    openai_response_to_completion,
    openai_response_to_responses,
    responses_echo,
    responses_request_to_openai,
)

ROUTE_HINT_HEADER = "x-routeyard-route"
NO_FALLBACKS_HEADER = "x-routeyard-disable-fallbacks"
_TRUE = ("1", "true", "yes")


def _disable_fallbacks(request: Request, body: dict[str, Any]) -> bool:
    """``disable_fallbacks: true`` in the body (removed before upstream) or the header."""
    flag = body.pop("disable_fallbacks", None)
    if flag is not None and not isinstance(flag, bool):
        raise InvalidRequest("disable_fallbacks must be a boolean", param="disable_fallbacks")
    return flag is True or request.headers.get(NO_FALLBACKS_HEADER, "").lower() in _TRUE


def _route_hint(request: Request, body: dict[str, Any]) -> str | None:
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


def _translated(
    translate: Callable[[dict[str, Any]], dict[str, Any]], body: dict[str, Any]
) -> dict[str, Any]:
    """The canonical (Chat Completions) form of an Anthropic or Responses API request."""
    try:
        return translate(body)
    except TranslationError as exc:
        raise InvalidRequest(str(exc), param=exc.param) from None


class Gateway:
    def __init__(self, router: Router) -> None:
        self.router = router
        self.auth = ClientAuth(router.config.server.client_keys)
        self._planner = router.planner
        # Request ids: a random per-process prefix and a counter, cheaper than uuid4 per call.
        self._id_prefix = os.urandom(6).hex()
        self._ids = itertools.count(1)
        # Read per request only when configured: the default path touches neither.
        self._traced = router.tracing is not None
        self._store_content = router.store_content
        self._shadow = router.shadow  # None unless a route shadows: then no work per request
        log_cfg = router.config.observe.request_log
        self._log_first = router.request_log is not None and log_cfg.durable

    @property
    def log_first(self) -> bool:
        """Durable request log: a record is journaled before its answer is sent."""
        return self._log_first

    def new_request_id(self) -> str:
        return f"{self._id_prefix}{next(self._ids):010x}"

    async def chat_completions(self, request: Request, resp: Responder) -> None:
        await self._handle(request, resp, "openai")

    async def messages(self, request: Request, resp: Responder) -> None:
        await self._handle(request, resp, "anthropic")

    async def responses(self, request: Request, resp: Responder) -> None:
        await self._handle(request, resp, "responses")

    async def completions(self, request: Request, resp: Responder) -> None:
        """The legacy Completions API, served as a one-message chat."""
        await self._handle(request, resp, "completions")

    async def count_tokens(self, request: Request, resp: Responder) -> None:
        """``POST /v1/messages/count_tokens``: the body is checked and planned as a message
        would be, so a bad body, an unknown model or a key's limits get the same errors; the
        answer is the gateway's own estimate of the input tokens (about four characters a
        token, the estimate the policy prices requests with). No upstream is called: the
        routed model may not be Anthropic's, and its own count would need its tokenizer."""
        key_id = self.auth.authenticate(request)
        body = read_json(request)
        model = validate_anthropic(body, counting=True)
        hint = _route_hint(request, body)
        canonical = _translated(anthropic_request_to_openai, body)
        self.router.plan(canonical, model, hint, self.auth.allowed_models(key_id))
        resp.send(200, orjson.dumps({"input_tokens": estimate_tokens(canonical)}))

    async def _handle(self, request: Request, resp: Responder, api: str) -> None:
        started = time.perf_counter()
        started_unix = time.time()
        key_id = self.auth.authenticate(request)
        body = read_json(request)
        no_fallbacks = _disable_fallbacks(request, body)
        native: dict[str, Any] | None = None
        if api == "openai":
            model = validate_openai(body)
            canonical = body
            hint = _route_hint(request, canonical)
        elif api == "anthropic":
            model = validate_anthropic(body)
            hint = _route_hint(request, body)  # its metadata.route must not reach upstream
            canonical = _translated(anthropic_request_to_openai, body)
            native = body  # an Anthropic upstream is sent this, not a translation
        else:
            translate = (
                responses_request_to_openai if api == "responses" else completions_request_to_openai
            )
            canonical = _translated(translate, body)
            model = validate_openai(canonical)
            hint = _route_hint(request, canonical)
        allowed = self.auth.allowed_models(key_id)
        plan = self.router.plan(canonical, model, hint, allowed)
        if self._planner.llm is not None and self._planner.wants_llm(plan):
            plan = await self._planner.refine(plan, canonical, model, allowed)
        record = RequestRecord(
            request_id=self.new_request_id(),
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
            decision=plan.decision,
            started_unix=started_unix,
            requested_model=model,
            classification=plan.classification,
            overhead_cost_usd=plan.llm.cost_usd if plan.llm is not None else 0.0,
        )
        if self._traced:
            record.traceparent = request.headers.get("traceparent")
        if self._store_content:  # references only: the log writer redacts and encodes
            record.content = RequestContent(canonical.get("messages"))
        shadow = self._shadow
        shadowed = shadow is not None and shadow.wants(plan.decision.route)
        if shadowed and record.content is None:  # the shadow judge compares with the answer
            record.content = RequestContent(canonical.get("messages"))
        try:
            if record.stream:
                await self._stream(resp, api, body, canonical, plan, record, no_fallbacks, native)
            else:
                await self._complete(
                    resp, api, body, canonical, plan, record, no_fallbacks, started, native
                )
        except GatewayError as err:
            record.http_status = err.status
            if err.attempts:
                record.attempts = err.attempts
            err.headers = {
                "x-routeyard-route": plan.decision.route,
                "x-routeyard-attempts": str(upstream_attempts(record.attempts)),
                "x-routeyard-decision-us": f"{plan.decision_us:.1f}",
                "x-request-id": record.request_id,
            }
            raise
        except asyncio.CancelledError:
            record.status = "client_disconnected"
            record.http_status = 499
            raise
        finally:
            if not record.handed_over:
                record.latency_ms = (time.perf_counter() - started) * 1000
                self.router.finish(record)
            if shadowed:  # after the response: only schedules work off the client's path
                assert shadow is not None
                shadow.offer(record, canonical, allowed)

    def _headers(
        self, plan: Plan, model: str, attempts: list[Attempt], request_id: str
    ) -> tuple[tuple[str, str], ...]:
        return (
            ("x-routeyard-model", model),
            ("x-routeyard-route", plan.decision.route),
            ("x-routeyard-attempts", str(upstream_attempts(attempts))),
            ("x-routeyard-decision-us", f"{plan.decision_us:.1f}"),
            ("x-request-id", request_id),
        )

    @staticmethod
    def _arrived(record: RequestRecord) -> float:
        """The request's arrival on the perf_counter clock (from its wall-clock start)."""
        assert record.started_unix is not None
        return time.perf_counter() - (time.time() - record.started_unix)

    def _account(self, record: RequestRecord, model: str, usage: Usage | None) -> None:
        record.model = model
        record.usage = usage
        if usage is not None:
            record.cost_usd = self.router.cost(model, usage)
            record.baseline_cost_usd = self.router.baseline_cost(usage)

    async def _complete(
        self,
        resp: Responder,
        api: str,
        body: dict[str, Any],
        canonical: dict[str, Any],
        plan: Plan,
        record: RequestRecord,
        no_fallbacks: bool,
        started: float,
        native: dict[str, Any] | None,
    ) -> None:
        completion, model, attempts = await self.router.executor.complete(
            plan.decision, canonical, disable_fallbacks=no_fallbacks, native=native
        )
        record.attempts = attempts
        record.status, record.http_status = "ok", 200
        payload = completion.response
        if record.content is not None:
            record.content.answer = payload.get("choices")
        if api == "anthropic":
            payload = completion.native or openai_response_to_anthropic(payload, model=model)
        elif api == "responses":
            payload = openai_response_to_responses(payload, model=model, echo=responses_echo(body))
        elif api == "completions":
            payload = openai_response_to_completion(payload)
        data = orjson.dumps(payload)
        record.latency_ms = (time.perf_counter() - started) * 1000
        headers = self._headers(plan, model, attempts, record.request_id)
        if not self._log_first:
            # The answer leaves first; pricing and the sinks run while it travels. Nothing
            # else runs in between (no await), so the order seen in this process is the same.
            resp.send(200, data, headers)
        self._account(record, model, completion.usage)
        self.router.finish(record)
        if self._log_first:
            # Durable mode: the record is journaled before the answer leaves, so a process
            # killed right after the send has still written it.
            resp.send(200, data, headers)

    async def _stream(
        self,
        resp: Responder,
        api: str,
        body: dict[str, Any],
        canonical: dict[str, Any],
        plan: Plan,
        record: RequestRecord,
        no_fallbacks: bool,
        native: dict[str, Any] | None,
    ) -> None:
        early = (
            ("x-routeyard-route", plan.decision.route),
            ("x-routeyard-decision-us", f"{plan.decision_us:.1f}"),
            ("x-request-id", record.request_id),
        )
        opening = self.router.executor.open_stream(
            plan.decision, canonical, disable_fallbacks=no_fallbacks, native=native
        )
        heartbeat = self.router.config.resilience.heartbeat_s
        start = await open_with_heartbeats(resp, opening, early, api, heartbeat)
        record.ttft_ms = (time.perf_counter() - self._arrived(record)) * 1000
        record.attempts = start.attempts
        headers = self._headers(plan, start.model, start.attempts, record.request_id)
        record.http_status = 200
        if api == "openai":
            options = body.get("stream_options")
            include_usage = isinstance(options, dict) and options.get("include_usage") is True
            encode, finish = openai_encoder(include_usage)
        elif api == "responses":
            encode, finish = responses_encoder(start.model, responses_echo(body))
        elif api == "completions":
            options = body.get("stream_options")
            include_usage = isinstance(options, dict) and options.get("include_usage") is True
            encode, finish = completions_encoder(include_usage)
        elif NATIVE_EVENT in start.first:  # an Anthropic upstream's own events, sent on
            encode, finish = native_encoder()
        else:
            tokens = plan.classification.features.estimated_tokens
            encode, finish = anthropic_encoder(start.model, tokens)
        outcome = await write_stream(resp, start, headers, api, encode, finish)
        self._account(record, start.model, outcome.usage)
        record.status = outcome.status

"""``POST /v1/embeddings``: an embedding model named by the client, passed through.

Embeddings are not routed: the client names a configured model with the ``embeddings``
capability, and the request goes to it (then to its fallbacks that have the capability) through
the same executor as a chat, so retries, breakers, the deadline and key limits apply. The
upstream's answer goes back with ``model`` set to the configured name, and the request is logged
under the route ``embeddings`` with its input tokens priced at the model's input price.
"""

from __future__ import annotations

import asyncio
import time

import orjson

from routeyard.errors import GatewayError, InvalidRequest, NotFound, PermissionDenied
from routeyard.execute.attempts import upstream_attempts
from routeyard.ingress.body import read_json
from routeyard.ingress.gateway import Gateway
from routeyard.ingress.httpd import Request, Responder
from routeyard.ingress.validate import validate_embeddings
from routeyard.observe import RequestRecord
from routeyard.policy.decision import Candidate, RoutingDecision

ROUTE = "embeddings"


class EmbeddingsEndpoint:
    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def _decision(self, model: str, allowed: frozenset[str] | None) -> RoutingDecision:
        models = self._gateway.router.config.models
        config = models.get(model)
        if config is None or not config.embedding:
            names = sorted(self._gateway.router.config.embedding_models())
            offer = f"one of: {', '.join(names)}" if names else "none is configured"
            if config is None:
                raise NotFound(
                    f"unknown embedding model {model!r}: {offer}",
                    param="model",
                    code="model_not_found",
                )
            raise InvalidRequest(
                f"model {model!r} is not an embedding model (its capabilities have no "
                f"'embeddings'): {offer}",
                param="model",
            )
        if allowed is not None and model not in allowed:
            raise PermissionDenied(
                f"this API key may not use model {model!r}",
                param="model",
                code="model_not_allowed",
            )
        candidates = [Candidate(model, "requested by name")]
        candidates += [  # config validation keeps an embedding model's fallbacks embedding ones
            Candidate(name, f"fallback of {model}")
            for name in dict.fromkeys(config.fallbacks)
            if name != model and (allowed is None or name in allowed)
        ]
        return RoutingDecision(ROUTE, "embedding model named in request", candidates)

    async def __call__(self, request: Request, resp: Responder) -> None:
        g = self._gateway
        started = time.perf_counter()
        started_unix = time.time()
        key_id = g.auth.authenticate(request)
        body = read_json(request)
        model = validate_embeddings(body)
        decision = self._decision(model, g.auth.allowed_models(key_id))
        record = RequestRecord(
            request_id=g.new_request_id(),
            ingress="embeddings",
            route=ROUTE,
            labels=[],
            model=None,
            status="error",
            http_status=500,
            stream=False,
            decision_us=0.0,
            latency_ms=0.0,
            client_key_id=key_id,
            decision=decision,
            started_unix=started_unix,
            requested_model=model,
        )
        router = g.router
        try:
            completion, answered, attempts = await router.executor.embed(decision, body)
        except GatewayError as err:
            record.http_status = err.status
            record.attempts = err.attempts or []
            err.headers = {
                "x-routeyard-route": ROUTE,
                "x-routeyard-attempts": str(upstream_attempts(record.attempts)),
                "x-request-id": record.request_id,
            }
            self._finish(record, started)
            raise
        except asyncio.CancelledError:
            record.status, record.http_status = "client_disconnected", 499
            self._finish(record, started)
            raise
        record.attempts = attempts
        record.status, record.http_status = "ok", 200
        record.model, record.usage = answered, completion.usage
        record.cost_usd = router.cost(answered, completion.usage)
        record.latency_ms = (time.perf_counter() - started) * 1000
        headers = (
            ("x-routeyard-model", answered),
            ("x-routeyard-route", ROUTE),
            ("x-routeyard-attempts", str(upstream_attempts(attempts))),
            ("x-request-id", record.request_id),
        )
        data = orjson.dumps(completion.response)
        if not g.log_first:  # as for a chat: the answer leaves first unless the log is durable
            resp.send(200, data, headers)
        router.finish(record)
        if g.log_first:
            resp.send(200, data, headers)

    def _finish(self, record: RequestRecord, started: float) -> None:
        record.latency_ms = (time.perf_counter() - started) * 1000
        self._gateway.router.finish(record)

"""OpenTelemetry traces, built from finished requests (the ``otel`` extra).

``TracingSink.record`` turns one ``RequestRecord`` into spans with explicit start and end times,
after the response was sent, so the request path carries no span objects and no context
switches, and nothing at all runs per request when tracing is off (this module is imported only
when ``observe.tracing.enabled``)::

    chat auto                      SERVER  the client request: route, labels, decision, cost
    ├── chat sim-small             CLIENT  attempt 0 (failed: error.type=timeout)
    └── chat sim-medium            CLIENT  attempt 1 (served: gen_ai.usage.*)

Attributes follow the OpenTelemetry GenAI semantic conventions (``gen_ai.operation.name``,
``gen_ai.provider.name`` and the older ``gen_ai.system``, ``gen_ai.request.model``,
``gen_ai.response.model``, ``gen_ai.usage.*``, ``error.type``, ``server.address``/``port``);
routeyard's own are under ``routeyard.*``. Prompts, answers, keys and headers are never put in
a span: only the client key's configured id.

Attempt times: a record keeps each attempt's duration, not its start, so attempts are laid end
to end after the routing decision (retry backoff waits, which are not recorded, shift later
attempts earlier than they ran; hedged attempts, which overlap, appear one after the other).
A streamed answer's serving attempt lasts until the stream ended.

Cost: the SDK validates every attribute, which makes a sampled request with one attempt about
0.2 ms of CPU on the event loop (2-core machine); an unsampled one is a sampler call.

An incoming W3C ``traceparent`` (kept in the record by the gateway) makes the request span its
child; its sampled flag is followed, otherwise ``sample_ratio`` of traces are kept.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import AttributeValue

from routeyard.config.observe import TracingConfig
from routeyard.execute.attempts import SKIPPED
from routeyard.observe.record import RequestRecord, record_scores

if TYPE_CHECKING:
    from routeyard.config.schema import Config

log = logging.getLogger("routeyard.tracing")

__all__ = ["TracingSink", "Upstream", "build_tracing", "upstreams"]

# gen_ai.provider.name per provider kind (the simulator has no registered name: our own).
_PROVIDER_NAMES = {"openai": "openai", "anthropic": "anthropic", "simulator": "routeyard.simulator"}


# OpenTelemetry GenAI operation names by the API a request came in on (chat otherwise).
_OPERATIONS = {"embeddings": "embeddings", "completions": "text_completion"}


@dataclass(slots=True, frozen=True)
class Upstream:
    """What a span says about a configured model's deployment."""

    provider: str  # gen_ai.provider.name
    model: str  # the upstream model id (gen_ai.request.model)
    address: str | None = None
    port: int | None = None


def upstreams(config: Config, simulator_url: str | None = None) -> dict[str, Upstream]:
    """Configured model name → its upstream, from the providers' kinds and base URLs."""
    found = {}
    for name, m in config.models.items():
        provider = config.providers[m.provider]
        url = provider.base_url or (simulator_url if provider.kind == "simulator" else None)
        address = port = None
        if url:
            parts = urlsplit(url)
            address = parts.hostname
            port = parts.port or (443 if parts.scheme == "https" else 80)
        found[name] = Upstream(_PROVIDER_NAMES[provider.kind], m.model or name, address, port)
    return found


def _ns(unix_s: float) -> int:
    return int(unix_s * 1e9)


class TracingSink:
    """A ``Sink`` that exports each finished request as a span tree.

    ``provider`` (when given) is shut down by ``close()``, which exports what is still batched.
    """

    def __init__(
        self,
        tracer: trace.Tracer,
        models: Mapping[str, Upstream],
        *,
        provider: TracerProvider | None = None,
    ) -> None:
        self._tracer = tracer
        self._models = dict(models)
        self._provider = provider
        self._propagator = TraceContextTextMapPropagator()

    def record(self, rec: RequestRecord) -> None:
        duration_ns = int(rec.latency_ms * 1e6)
        if rec.started_unix is not None:
            start_ns = _ns(rec.started_unix)
        else:  # finished just now
            start_ns = time.time_ns() - duration_ns
        end_ns = start_ns + duration_ns
        requested = rec.requested_model
        operation = _OPERATIONS.get(rec.ingress, "chat")
        # Attributes go in with the span's creation: one validation pass, one lock.
        root = self._tracer.start_span(
            f"{operation} {requested}" if requested else operation,
            context=self._parent(rec.traceparent),
            kind=SpanKind.SERVER,
            start_time=start_ns,
            attributes=self._request_attributes(rec),
        )
        if not root.is_recording():  # sampled out: build nothing more
            root.end(end_time=end_ns)
            return
        if rec.status != "ok":
            root.set_status(Status(StatusCode.ERROR, rec.status))
        context = trace.set_span_in_context(root)
        at = min(start_ns + int(rec.decision_us * 1e3), end_ns)
        served = self._served_index(rec)
        for n, attempt in enumerate(rec.attempts):
            upstream = self._models.get(attempt.model)
            upstream_model = upstream.model if upstream else attempt.model
            attrs: dict[str, AttributeValue] = {
                "gen_ai.operation.name": operation,
                "gen_ai.request.model": upstream_model,
                "routeyard.model": attempt.model,
                "routeyard.attempt": n,
            }
            if upstream is not None:
                attrs["gen_ai.provider.name"] = upstream.provider
                attrs["gen_ai.system"] = upstream.provider
                if upstream.address:
                    attrs["server.address"] = upstream.address
                if upstream.port:
                    attrs["server.port"] = upstream.port
            if attempt.status is not None:
                attrs["http.response.status_code"] = attempt.status
            if attempt.ttft_ms is not None:
                attrs["routeyard.ttft_ms"] = attempt.ttft_ms
            if attempt.error in SKIPPED:
                attrs["routeyard.attempt.skipped"] = True  # no call was made
            if attempt.ok:
                attrs["gen_ai.response.model"] = upstream_model
            else:
                attrs["error.type"] = attempt.error or "error"
            if n == served and rec.usage is not None:
                attrs.update(self._usage_attributes(rec))
            finish = min(at + int(attempt.latency_ms * 1e6), end_ns)
            if n == served and rec.stream:
                finish = end_ns  # the stream's chunks came from this call until the end
            span = self._tracer.start_span(
                f"{operation} {upstream_model}",
                context=context,
                kind=SpanKind.CLIENT,
                start_time=at,
                attributes=attrs,
            )
            if not attempt.ok:
                span.set_status(Status(StatusCode.ERROR, attempt.error or "error"))
            span.end(end_time=finish)
            at = min(at + int(attempt.latency_ms * 1e6), end_ns)
        root.end(end_time=end_ns)

    def _parent(self, traceparent: str | None) -> Context | None:
        if not traceparent:
            return None
        return self._propagator.extract({"traceparent": traceparent})

    @staticmethod
    def _served_index(rec: RequestRecord) -> int | None:
        for n in range(len(rec.attempts) - 1, -1, -1):
            if rec.attempts[n].ok:
                return n
        return None

    @staticmethod
    def _usage_attributes(rec: RequestRecord) -> dict[str, AttributeValue]:
        usage = rec.usage
        assert usage is not None
        return {
            "gen_ai.usage.input_tokens": usage.input_tokens,
            "gen_ai.usage.output_tokens": usage.output_tokens,
            "gen_ai.usage.cache_read.input_tokens": usage.cached_input_tokens,
            "gen_ai.usage.cache_creation.input_tokens": usage.cache_write_tokens,
            "routeyard.usage.estimated": usage.estimated,
        }

    def _request_attributes(self, rec: RequestRecord) -> dict[str, AttributeValue]:
        attrs: dict[str, AttributeValue] = {
            "gen_ai.operation.name": _OPERATIONS.get(rec.ingress, "chat"),
            "http.response.status_code": rec.http_status,
            "routeyard.request_id": rec.request_id,
            "routeyard.ingress": rec.ingress,
            "routeyard.route": rec.route,
            "routeyard.labels": list(rec.labels),
            "routeyard.status": rec.status,
            "routeyard.stream": rec.stream,
            "routeyard.decision_us": float(rec.decision_us),
            "routeyard.attempts": len(rec.attempts),
            "routeyard.cost_usd": float(rec.cost_usd),
        }
        if rec.requested_model:
            attrs["gen_ai.request.model"] = rec.requested_model
        if rec.model is not None:
            upstream = self._models.get(rec.model)
            attrs["gen_ai.response.model"] = upstream.model if upstream else rec.model
            attrs["routeyard.model"] = rec.model
        if rec.status != "ok":
            failed = [a.error for a in rec.attempts if not a.ok and a.error]
            attrs["error.type"] = failed[-1] if failed and rec.status == "error" else rec.status
        if rec.usage is not None:
            attrs.update(self._usage_attributes(rec))
        if rec.ttft_ms is not None:
            attrs["routeyard.ttft_ms"] = float(rec.ttft_ms)
        if rec.client_key_id is not None:
            attrs["routeyard.client_key_id"] = rec.client_key_id  # the id, never the key
        if rec.overhead_cost_usd:
            attrs["routeyard.overhead_cost_usd"] = float(rec.overhead_cost_usd)
        if rec.baseline_cost_usd is not None:
            attrs["routeyard.baseline_cost_usd"] = float(rec.baseline_cost_usd)
            attrs["routeyard.savings_usd"] = float(
                rec.baseline_cost_usd - rec.cost_usd - rec.overhead_cost_usd
            )
        scores = record_scores(rec)
        if scores:
            for name, score in scores.items():
                attrs[f"routeyard.score.{name}"] = float(score)
        decision = rec.decision
        if decision is not None:
            attrs["routeyard.route_reason"] = decision.route_reason
            attrs["routeyard.policy_version"] = decision.policy_version
            attrs["routeyard.candidates"] = [c.model for c in decision.candidates]
            attrs["routeyard.candidate_reasons"] = [c.reason for c in decision.candidates]
            if decision.skipped:
                attrs["routeyard.skipped"] = [f"{s.model}: {s.reason}" for s in decision.skipped]
        return attrs

    def force_flush(self, timeout_s: float = 10.0) -> bool:
        if self._provider is None:
            return True
        return self._provider.force_flush(int(timeout_s * 1000))

    def close(self) -> None:
        """Export what is batched and stop the exporter (blocks up to its timeout)."""
        if self._provider is not None:
            provider, self._provider = self._provider, None
            try:
                provider.shutdown()
            except Exception:
                log.exception("tracing: shutting the exporter down failed")


def _version() -> str:
    try:
        return version("routeyard")
    except PackageNotFoundError:
        return "unknown"


def build_tracing(
    cfg: TracingConfig,
    config: Config,
    *,
    simulator_url: str | None = None,
    exporter: SpanExporter | None = None,
) -> TracingSink:
    """A sink exporting over OTLP/HTTP to ``cfg.otlp_endpoint`` (or to ``exporter``, for tests),
    in batches from the SDK's background thread. Its own provider: never the global one."""
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(
            endpoint=cfg.otlp_endpoint,
            headers={k: v.get_secret_value() for k, v in cfg.headers.items()},
            timeout=10,
        )
    provider = TracerProvider(
        resource=Resource.create({"service.name": cfg.service_name, "service.version": _version()}),
        sampler=ParentBased(TraceIdRatioBased(cfg.sample_ratio)),
    )
    provider.add_span_processor(BatchSpanProcessor(exporter))
    tracer = provider.get_tracer("routeyard", _version())
    return TracingSink(tracer, upstreams(config, simulator_url), provider=provider)

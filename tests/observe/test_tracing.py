"""Spans built from finished requests, checked with the SDK's in-memory exporter."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from routeyard.config.default import default_config
from routeyard.config.observe import TracingConfig
from routeyard.execute.attempts import Attempt
from routeyard.observe.record import RequestContent, RequestRecord
from routeyard.observe.tracing import TracingSink, build_tracing
from routeyard.policy.decision import Candidate, RoutingDecision, Skipped
from routeyard.providers.base import Usage

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
SECRET = "my password is hunter2"


def _record(**overrides: object) -> RequestRecord:
    fields: dict[str, object] = {
        "request_id": "req-1",
        "ingress": "anthropic",
        "route": "code",
        "labels": ["code", "long"],
        "model": "sim-large",
        "status": "ok",
        "http_status": 200,
        "stream": False,
        "decision_us": 500.0,
        "latency_ms": 900.0,
        "attempts": [
            Attempt("sim-medium", False, 300.0, "timeout"),
            Attempt("sim-medium", False, 0.0, "breaker_open"),
            Attempt("sim-large", True, 550.0, status=200, ttft_ms=210.0),
        ],
        "usage": Usage(input_tokens=1000, cached_input_tokens=100, output_tokens=500),
        "cost_usd": 0.02,
        "baseline_cost_usd": 0.05,
        "client_key_id": "team-a",
        "scores": {"code": 0.9},
        "decision": RoutingDecision(
            route="code",
            route_reason="labels matched code",
            candidates=[Candidate("sim-medium", "first"), Candidate("sim-large", "fallback")],
            skipped=[Skipped("sim-small", "context window")],
            policy_version="7",
        ),
        "overhead_cost_usd": 0.001,
        "started_unix": 1_700_000_000.0,
        "requested_model": "auto",
        "content": RequestContent([{"role": "user", "content": SECRET}], SECRET),
    }
    fields.update(overrides)
    return RequestRecord(**fields)  # type: ignore[arg-type]


def _sink(**cfg: object) -> tuple[TracingSink, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    config = TracingConfig(enabled=True, **cfg)  # type: ignore[arg-type]
    sink = build_tracing(
        config, default_config(), simulator_url="http://127.0.0.1:9000", exporter=exporter
    )
    return sink, exporter


def _spans(sink: TracingSink, exporter: InMemorySpanExporter) -> Sequence[ReadableSpan]:
    assert sink.force_flush()
    return exporter.get_finished_spans()


def test_one_span_per_request_and_one_child_per_attempt() -> None:
    sink, exporter = _sink()
    sink.record(_record())
    spans = _spans(sink, exporter)
    sink.close()
    (root,) = [s for s in spans if s.parent is None]
    children = sorted((s for s in spans if s.parent is not None), key=lambda s: s.start_time or 0)
    assert len(spans) == 4 and len(children) == 3
    assert root.name == "chat auto" and root.kind is SpanKind.SERVER
    assert root.resource.attributes["service.name"] == "routeyard"
    a = root.attributes or {}
    assert a["gen_ai.operation.name"] == "chat"
    assert a["gen_ai.request.model"] == "auto"
    assert a["gen_ai.response.model"] == "sim-large"
    assert a["gen_ai.usage.input_tokens"] == 1000 and a["gen_ai.usage.output_tokens"] == 500
    assert a["routeyard.route"] == "code" and a["routeyard.labels"] == ("code", "long")
    assert a["routeyard.route_reason"] == "labels matched code"
    assert a["routeyard.candidates"] == ("sim-medium", "sim-large")
    assert a["routeyard.candidate_reasons"] == ("first", "fallback")
    assert a["routeyard.skipped"] == ("sim-small: context window",)
    assert a["routeyard.policy_version"] == "7"
    assert a["routeyard.decision_us"] == 500.0
    assert a["routeyard.score.code"] == 0.9
    assert a["routeyard.savings_usd"] == pytest.approx(0.05 - 0.02 - 0.001)
    assert a["routeyard.client_key_id"] == "team-a"
    assert root.start_time == 1_700_000_000 * 10**9
    assert root.end_time == root.start_time + 900 * 10**6
    assert root.status.status_code is StatusCode.UNSET

    for child in children:
        assert child.kind is SpanKind.CLIENT
        assert child.parent is not None and child.parent.span_id == root.context.span_id
        assert child.context.trace_id == root.context.trace_id
        assert root.start_time is not None and root.end_time is not None
        assert child.start_time is not None and child.end_time is not None
        assert root.start_time <= child.start_time <= child.end_time <= root.end_time
        ca = child.attributes or {}
        assert ca["gen_ai.provider.name"] == ca["gen_ai.system"] == "routeyard.simulator"
        assert ca["server.address"] == "127.0.0.1" and ca["server.port"] == 9000
    timeout, skipped, served = children
    assert timeout.name == "chat sim-medium"
    assert timeout.status.status_code is StatusCode.ERROR
    assert (timeout.attributes or {})["error.type"] == "timeout"
    # Laid out after the decision, each attempt after the previous one.
    assert timeout.start_time == root.start_time + 500 * 10**3
    assert (skipped.attributes or {})["routeyard.attempt.skipped"] is True
    sa = served.attributes or {}
    assert served.name == "chat sim-large" and served.status.status_code is StatusCode.UNSET
    assert sa["gen_ai.response.model"] == "sim-large" and "error.type" not in sa
    assert sa["gen_ai.usage.input_tokens"] == 1000 and sa["routeyard.ttft_ms"] == 210.0
    assert served.end_time is not None and served.start_time is not None
    assert served.end_time - served.start_time == 550 * 10**6

    # Nothing of the prompt or the answer, in any span.
    text = repr([dict(s.attributes or {}) for s in spans]) + repr([s.name for s in spans])
    assert "hunter2" not in text


@pytest.mark.parametrize(
    ("ingress", "operation"),
    [("embeddings", "embeddings"), ("completions", "text_completion"), ("responses", "chat")],
)
def test_the_operation_follows_the_api(ingress: str, operation: str) -> None:
    sink, exporter = _sink()
    sink.record(_record(ingress=ingress))
    spans = _spans(sink, exporter)
    sink.close()
    assert {s.name.split()[0] for s in spans} == {operation}
    assert {(s.attributes or {})["gen_ai.operation.name"] for s in spans} == {operation}


def test_an_incoming_traceparent_is_the_parent() -> None:
    sink, exporter = _sink(sample_ratio=0.0)  # the parent's sampled flag decides, not the ratio
    sink.record(_record(traceparent=f"00-{TRACE_ID}-{PARENT_ID}-01"))
    spans = _spans(sink, exporter)
    sink.close()
    assert len(spans) == 4
    root = next(s for s in spans if (s.attributes or {}).get("routeyard.request_id"))
    assert f"{root.context.trace_id:032x}" == TRACE_ID
    assert root.parent is not None and f"{root.parent.span_id:016x}" == PARENT_ID
    assert root.parent.is_remote


def test_sampling_follows_the_parent_and_the_ratio() -> None:
    sink, exporter = _sink()
    sink.record(_record(traceparent=f"00-{TRACE_ID}-{PARENT_ID}-00"))  # caller sampled it out
    assert _spans(sink, exporter) == ()
    sink.record(_record(traceparent="not a traceparent"))  # ignored: a new trace
    assert len(_spans(sink, exporter)) == 4
    sink.close()
    never, exporter = _sink(sample_ratio=0.0)
    never.record(_record())
    assert _spans(never, exporter) == ()
    never.close()


def test_a_failed_streamed_request() -> None:
    sink, exporter = _sink()
    sink.record(
        _record(
            status="error",
            http_status=502,
            model=None,
            usage=None,
            stream=True,
            attempts=[Attempt("sim-small", False, 20.0, "server_error", 500)],
            started_unix=None,
            baseline_cost_usd=None,
            decision=None,
            scores=None,
        )
    )
    spans = _spans(sink, exporter)
    sink.close()
    root = next(s for s in spans if s.parent is None)
    a = root.attributes or {}
    assert root.status.status_code is StatusCode.ERROR
    assert a["error.type"] == "server_error" and a["http.response.status_code"] == 502
    assert "gen_ai.response.model" not in a and "routeyard.savings_usd" not in a
    child = next(s for s in spans if s.parent is not None)
    assert (child.attributes or {})["http.response.status_code"] == 500


def test_nothing_of_opentelemetry_is_imported_when_tracing_is_off(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from routeyard.config.default import default_config\n"
        "from routeyard.router import Router\n"
        "from routeyard.ingress.gateway import Gateway\n"
        "r = Router(default_config(), simulator_url='http://127.0.0.1:9')\n"
        "g = Gateway(r)\n"
        "assert g._traced is False and g._store_content is False\n"
        "assert r.tracing is None, r.tracing\n"
        "bad = [m for m in sys.modules if m.startswith('opentelemetry')]\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr

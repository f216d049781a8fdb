"""Traces and stored prompts through a real gateway process: spans reach an OTLP/HTTP receiver
with the caller's trace as parent, and the prompt is stored redacted."""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.observe._load import gateway_config

from .conftest import Proc, http, start

pytestmark = pytest.mark.integration

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
PARENT_ID = "b7ad6b7169203331"


class _Receiver(BaseHTTPRequestHandler):
    batches: list[ExportTraceServiceRequest]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        self.server.batches.append((dict(self.headers), request))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.batches = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _attrs(span: Any) -> dict[str, Any]:
    out = {}
    for kv in span.attributes:
        value = kv.value
        kind = value.WhichOneof("value")
        out[kv.key] = (
            getattr(value, kind)
            if kind != "array_value"
            else [getattr(v, v.WhichOneof("value")) for v in value.array_value.values]
        )
    return out


def test_spans_and_redacted_prompts_from_a_real_gateway(
    simulator: Proc, collector: ThreadingHTTPServer, tmp_path: Path
) -> None:
    db = tmp_path / "requests.db"
    cfg = tmp_path / "routeyard.yaml"
    port = collector.server_address[1]
    cfg.write_text(
        gateway_config(simulator.url, f"    path: {db}\n    store_content: true")
        + f"""  tracing:
    enabled: true
    otlp_endpoint: http://127.0.0.1:{port}/v1/traces
    service_name: routeyard-test
    headers: {{x-collector-token: t0ken}}
"""
    )
    gw = start(["serve", "-c", str(cfg), "--port", "0"])
    prompt = "Summarise the mail from dana@example.com, key sk-proj-0123456789abcdefXYZ"
    try:
        r = http(
            "POST",
            f"{gw.url}/v1/chat/completions",
            json.dumps(
                {"model": "auto", "messages": [{"role": "user", "content": prompt}]}
            ).encode(),
            {"content-type": "application/json", "traceparent": f"00-{TRACE_ID}-{PARENT_ID}-01"},
        )
        assert r.status == 200
        request_id = r.headers["x-request-id"]
        streamed = http(
            "POST",
            f"{gw.url}/v1/chat/completions",
            json.dumps(
                {"model": "auto", "stream": True, "messages": [{"role": "user", "content": "Hi"}]}
            ).encode(),
            {"content-type": "application/json"},
        )
        assert streamed.status == 200
    finally:
        gw.proc.send_signal(signal.SIGTERM)
        assert gw.proc.wait(timeout=30) == 0  # a graceful stop exports what is batched

    batches = collector.batches  # type: ignore[attr-defined]
    assert batches and all(h.get("x-collector-token") == "t0ken" for h, _ in batches)
    spans = [
        (rs.resource, span)
        for _, req in batches
        for rs in req.resource_spans
        for ss in rs.scope_spans
        for span in ss.spans
    ]
    assert len(spans) == 4  # two requests, one attempt each
    resource = {kv.key: kv.value.string_value for kv in spans[0][0].attributes}
    assert resource["service.name"] == "routeyard-test"
    roots = [s for _, s in spans if _attrs(s).get("routeyard.request_id")]
    root = next(s for s in roots if _attrs(s)["routeyard.request_id"] == request_id)
    assert root.trace_id.hex() == TRACE_ID and root.parent_span_id.hex() == PARENT_ID
    a = _attrs(root)
    assert a["gen_ai.operation.name"] == "chat" and a["gen_ai.request.model"] == "auto"
    assert a["gen_ai.response.model"] == "sim-small" and a["routeyard.route"] == "general"
    assert a["gen_ai.usage.output_tokens"] > 0 and a["routeyard.savings_usd"] > 0
    child = next(s for _, s in spans if s.parent_span_id == root.span_id)
    c = _attrs(child)
    assert child.name == "chat sim-small" and c["gen_ai.provider.name"] == "openai"
    assert c["server.address"] == "127.0.0.1" and c["gen_ai.response.model"] == "sim-small"
    other = next(s for s in roots if s is not root)
    assert other.trace_id.hex() != TRACE_ID and not other.parent_span_id
    everything = repr([(s.name, _attrs(s)) for _, s in spans])
    assert (
        "dana" not in everything and "sk-proj" not in everything and "Summarise" not in everything
    )

    conn = sqlite3.connect(db)
    try:
        rows = dict(conn.execute("SELECT request_id, prompt FROM request_content").fetchall())
        answers = dict(conn.execute("SELECT request_id, answer FROM request_content").fetchall())
    finally:
        conn.close()
    assert len(rows) == 2
    stored = json.loads(rows[request_id])
    assert stored == [{"role": "user", "content": "Summarise the mail from [EMAIL], key [API_KEY]"}]
    assert json.loads(answers[request_id])[0]["message"]["role"] == "assistant"

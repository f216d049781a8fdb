"""RequestRecords for the observe tests, with the fields the lead is to add to RequestRecord."""

from __future__ import annotations

from dataclasses import dataclass

from routeyard.execute.attempts import Attempt
from routeyard.observe.record import RequestRecord
from routeyard.policy.decision import Candidate, RoutingDecision
from routeyard.providers.base import Usage


@dataclass(slots=True)
class AttemptWithTtft(Attempt):
    ttft_ms: float | None = None


@dataclass(slots=True)
class FullRecord(RequestRecord):
    """RequestRecord plus the fields the request log asks for (see the report)."""

    scores: dict[str, float] | None = None
    decision: RoutingDecision | None = None
    ttft_ms: float | None = None
    overhead_cost_usd: float = 0.0
    started_unix: float | None = None


def make_record(i: int = 0, **overrides: object) -> RequestRecord:
    fields: dict[str, object] = {
        "request_id": f"req-{i:08d}",
        "ingress": "openai",
        "route": "general" if i % 3 else "code",
        "labels": ["short"],
        "model": "small",
        "status": "ok",
        "http_status": 200,
        "stream": False,
        "decision_us": 42.0,
        "latency_ms": 120.0,
        "attempts": [Attempt(model="small", ok=True, latency_ms=110.0, status=200)],
        "usage": Usage(input_tokens=100, cached_input_tokens=20, output_tokens=50),
        "cost_usd": 0.001,
        "baseline_cost_usd": 0.004,
        "client_key_id": "key-a",
    }
    fields.update(overrides)
    return RequestRecord(**fields)  # type: ignore[arg-type]


def make_full_record(i: int = 0) -> FullRecord:
    decision = RoutingDecision(
        route="code",
        route_reason="label code",
        candidates=[Candidate("small", "cheapest"), Candidate("large", "fallback")],
        policy_version="7",
    )
    return FullRecord(
        request_id=f"full-{i}",
        ingress="anthropic",
        route="code",
        labels=["code", "long"],
        model="large",
        status="ok",
        http_status=200,
        stream=True,
        decision_us=80.0,
        latency_ms=900.0,
        attempts=[
            AttemptWithTtft(
                model="small", ok=False, latency_ms=300.0, error="timeout", status=None
            ),
            AttemptWithTtft(model="large", ok=True, latency_ms=550.0, status=200, ttft_ms=210.0),
        ],
        usage=Usage(input_tokens=1000, cached_input_tokens=0, output_tokens=500, estimated=True),
        cost_usd=0.02,
        baseline_cost_usd=0.05,
        client_key_id="key-b",
        scores={"code": 0.93},
        decision=decision,
        ttft_ms=260.0,
        overhead_cost_usd=0.001,
        started_unix=1_700_000_000.0,
    )

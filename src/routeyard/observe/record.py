"""One finished client request, as the sinks see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from routeyard.execute.attempts import Attempt
from routeyard.policy.decision import RoutingDecision
from routeyard.providers.base import Usage

if TYPE_CHECKING:
    from routeyard.classify.types import Classification


@dataclass(slots=True)
class RequestContent:
    """The prompt and the answer, handed to the log only when it stores content.

    References to objects the gateway already holds (the request's messages, the response's
    choices): nothing is copied or serialised on the request path."""

    messages: Any
    answer: Any = None


@dataclass(slots=True)
class RequestRecord:
    request_id: str
    ingress: str  # its API: openai, anthropic, responses, completions or embeddings
    route: str
    labels: list[str]
    model: str | None  # the model that answered, if any
    status: str  # "ok" | "partial" | "error" | "client_disconnected"
    http_status: int
    stream: bool
    decision_us: float
    latency_ms: float
    attempts: list[Attempt] = field(default_factory=list)
    usage: Usage | None = None
    cost_usd: float = 0.0
    baseline_cost_usd: float | None = None
    client_key_id: str | None = None
    ttft_ms: float | None = None  # arrival to the first byte sent to the client (streams)
    scores: dict[str, float] | None = None  # classification scores (learned classifier)
    # The classification, flattened into scores off the request path (see ``record_scores``).
    classification: Classification | None = None
    decision: RoutingDecision | None = None  # serialised off the request path by the log
    overhead_cost_usd: float = 0.0  # the router's own LLM calls (LLM classifier)
    started_unix: float | None = None
    requested_model: str | None = None  # the client's "model" field ("auto", "auto:code"…)
    traceparent: str | None = None  # the client's W3C traceparent header (only when tracing)
    content: RequestContent | None = None  # only when the request log stores content
    handed_over: bool = False  # given to the sinks (``Router.finish`` does it once)


def record_scores(rec: RequestRecord) -> dict[str, float] | None:
    """The record's classification scores; built from its classification by the sinks (the
    writer thread, the tracer), so the request path never flattens them."""
    if rec.scores is not None:
        return rec.scores
    c = getattr(rec, "classification", None)
    return None if c is None else c.scores()

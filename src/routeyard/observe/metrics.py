"""``MetricsSink``: each finished request updates Prometheus series; ``render()`` serves them.

Series (all prefixed ``routeyard_``; times in seconds, money in US dollars):

=============================================  =========  ====================================
name                                           type       labels
=============================================  =========  ====================================
requests_total                                 counter    route, model (``none``: no answer),
                                                          status (ok/partial/error/
                                                          client_disconnected)
request_duration_seconds                       histogram  route
time_to_first_token_seconds                    histogram  route (requests that sent a token)
routing_decision_duration_seconds              histogram  route
attempts_total                                 counter    model, outcome (``ok`` or the error
                                                          kind; ``breaker_open`` and
                                                          ``retry_budget`` made no call)
upstream_attempt_duration_seconds              histogram  model
retries_total                                  counter    model, reason (the failure retried)
fallbacks_total                                counter    from_model, reason (the failure
                                                          that moved to the next candidate)
tokens_total                                   counter    model, type (input: all input
                                                          tokens, cached ones included;
                                                          cached_input; cache_write;
                                                          output)
usage_estimated_requests_total                 counter    model (upstream reported no usage)
cost_usd_total                                 counter    route, model
baseline_cost_usd_total                        counter    route (requests with a baseline)
router_overhead_cost_usd_total                 counter    route (the router's own LLM calls)
savings_usd                                    gauge      route: baseline − cost − overhead
                                                          since start (a gauge: it can fall)
breaker_state                                  gauge      deployment, state (1 for the
                                                          current state, 0 for the others)
request_log_queue_depth                        gauge
request_log_{written,spilled,replayed,         counter
dropped}_total
request_log_backend_up                         gauge      1 while the database takes writes
request_log_lost_before_restart                gauge      records a crashed earlier run lost
=============================================  =========  ====================================

Savings is a gauge because a request routed to a dearer model than the baseline makes it go
down, which a Prometheus counter must never do; ``baseline_cost_usd_total`` and
``cost_usd_total`` are the counters to ``rate()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from routeyard.observe.log_writer import BackgroundWriter
from routeyard.observe.prometheus import Labels, Registry
from routeyard.observe.record import RequestRecord

LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
TTFT_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
UPSTREAM_BUCKETS = LATENCY_BUCKETS
# Routing decisions take microseconds: 10 µs to 100 ms.
DECISION_BUCKETS = (1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 0.1)
BREAKER_STATES = ("closed", "open", "half_open")
_LOG_COUNTERS = {
    "written": "Request log records committed to the database (replays included).",
    "spilled": "Request log records written to the spill file.",
    "replayed": "Request log records moved from a spill file or journal into the database.",
    "dropped": "Request log records lost because even the spill file failed.",
}


def _counter_reader(
    request_log: BackgroundWriter, key: str
) -> Callable[[], Iterable[tuple[Labels, float]]]:
    return lambda: [((), float(getattr(request_log.counters, key)))]


class MetricsSink:
    """Owned by one router. ``record`` costs a few microseconds (see tests/observe)."""

    def __init__(self, registry: Registry | None = None) -> None:
        r = self.registry = registry if registry is not None else Registry()
        self.requests = r.counter(
            "routeyard_requests_total",
            "Client requests finished, by route, the model that answered and final status.",
            ("route", "model", "status"),
        )
        self.duration = r.histogram(
            "routeyard_request_duration_seconds",
            "Client request duration, from arrival to the last byte sent.",
            ("route",),
            buckets=LATENCY_BUCKETS,
        )
        self.ttft = r.histogram(
            "routeyard_time_to_first_token_seconds",
            "Streamed requests: time from arrival to the first token sent to the client.",
            ("route",),
            buckets=TTFT_BUCKETS,
        )
        self.decision = r.histogram(
            "routeyard_routing_decision_duration_seconds",
            "Time the router spent classifying the request and choosing candidates.",
            ("route",),
            buckets=DECISION_BUCKETS,
        )
        self.attempts = r.counter(
            "routeyard_attempts_total",
            "Candidates tried, by model and outcome (ok or the error kind).",
            ("model", "outcome"),
        )
        self.upstream = r.histogram(
            "routeyard_upstream_attempt_duration_seconds",
            "Duration of each upstream call (skipped candidates excluded).",
            ("model",),
            buckets=UPSTREAM_BUCKETS,
        )
        self.retries = r.counter(
            "routeyard_retries_total",
            "Attempts that retried the same model after a failure, by the failure's kind.",
            ("model", "reason"),
        )
        self.fallbacks = r.counter(
            "routeyard_fallbacks_total",
            "Moves to another candidate after a failure, by the model left and the reason.",
            ("from_model", "reason"),
        )
        self.tokens = r.counter(
            "routeyard_tokens_total",
            "Tokens by model and type: input (all, cached included), cached_input, "
            "cache_write, output.",
            ("model", "type"),
        )
        self.estimated = r.counter(
            "routeyard_usage_estimated_requests_total",
            "Requests whose upstream reported no usage, so tokens and cost are estimated.",
            ("model",),
        )
        self.cost = r.counter(
            "routeyard_cost_usd_total", "Cost of upstream calls, in US dollars.", ("route", "model")
        )
        self.baseline = r.counter(
            "routeyard_baseline_cost_usd_total",
            "What the same requests would have cost on the baseline model, in US dollars.",
            ("route",),
        )
        self.overhead = r.counter(
            "routeyard_router_overhead_cost_usd_total",
            "Cost of the router's own LLM calls (e.g. an LLM classifier), in US dollars.",
            ("route",),
        )
        self.savings = r.gauge(
            "routeyard_savings_usd",
            "Baseline cost minus cost minus router overhead since start, in US dollars.",
            ("route",),
        )

    def record(self, rec: RequestRecord) -> None:
        route = (rec.route,)
        model = rec.model or "none"
        self.requests.inc((rec.route, model, rec.status))
        self.duration.observe(route, rec.latency_ms / 1000)
        self.decision.observe(route, rec.decision_us / 1_000_000)
        ttft = getattr(rec, "ttft_ms", None)  # until RequestRecord has it
        if ttft is not None:
            self.ttft.observe(route, ttft / 1000)
        self._attempts(rec)
        usage = rec.usage
        if usage is not None:
            self.tokens.inc((model, "input"), usage.input_tokens)
            self.tokens.inc((model, "cached_input"), usage.cached_input_tokens)
            if usage.cache_write_tokens:
                self.tokens.inc((model, "cache_write"), usage.cache_write_tokens)
            self.tokens.inc((model, "output"), usage.output_tokens)
            if usage.estimated:
                self.estimated.inc((model,))
        self.cost.inc((rec.route, model), rec.cost_usd)
        overhead = float(getattr(rec, "overhead_cost_usd", 0.0) or 0.0)
        if overhead:
            self.overhead.inc(route, overhead)
        if rec.baseline_cost_usd is not None:
            self.baseline.inc(route, rec.baseline_cost_usd)
            saved = rec.baseline_cost_usd - rec.cost_usd - overhead
            self.savings.set(route, self.savings.value(route) + saved)

    def _attempts(self, rec: RequestRecord) -> None:
        previous = None
        for attempt in rec.attempts:
            outcome = "ok" if attempt.ok else (attempt.error or "error")
            self.attempts.inc((attempt.model, outcome))
            if outcome not in ("breaker_open", "retry_budget"):
                self.upstream.observe((attempt.model,), attempt.latency_ms / 1000)
            if previous is not None and not previous.ok:
                reason = previous.error or "error"
                if attempt.model == previous.model:
                    self.retries.inc((attempt.model, reason))
                else:
                    self.fallbacks.inc((previous.model, reason))
            previous = attempt

    def render(self) -> bytes:
        return self.registry.render()

    # -- values read at scrape time ---------------------------------------------------------------

    def watch_breakers(self, states: Callable[[], Mapping[str, str]]) -> None:
        """``states()``: deployment → ``closed`` / ``open`` / ``half_open``, e.g.
        ``lambda: {k: v.value for k, v in router.executor.breakers.states().items()}``."""

        def collect() -> Iterable[tuple[Labels, float]]:
            for deployment, state in sorted(states().items()):
                for name in BREAKER_STATES:
                    yield (deployment, name), 1.0 if state == name else 0.0

        self.registry.callback(
            "routeyard_breaker_state",
            "Circuit breaker state per deployment: 1 for the current state, 0 for the others.",
            ("deployment", "state"),
            collect,
        )

    def watch_request_log(self, request_log: BackgroundWriter) -> None:
        """Queue depth, spills, drops and the rest, read from the log's counters."""
        r = self.registry
        r.callback(
            "routeyard_request_log_queue_depth",
            "Request log records waiting for the database writer.",
            (),
            lambda: [((), float(request_log.queue_depth))],
        )
        for key, text in _LOG_COUNTERS.items():
            r.callback(
                f"routeyard_request_log_{key}_total",
                text,
                (),
                _counter_reader(request_log, key),
                type="counter",
            )
        r.callback(
            "routeyard_request_log_backend_up",
            "1 while the request log database takes writes, 0 while records spill.",
            (),
            lambda: [((), 0.0 if request_log.backend_down else 1.0)],
        )
        r.callback(
            "routeyard_request_log_lost_before_restart",
            "Records a previous run accepted but never stored (it was killed); 0 in durable mode.",
            (),
            lambda: [((), float(sum(rec.lost for rec in request_log.recoveries)))],
        )

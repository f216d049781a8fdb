"""The composition root: one ``Router`` owns every piece of runtime state.

Two routers in one process share nothing (no module globals, no process-wide callbacks).

    router = Router(config, simulator_url="http://127.0.0.1:9000")
    plan = router.plan(body, model="auto")
    completion, model, attempts = await router.executor.complete(plan.decision, body)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

from routeyard.config.schema import Config
from routeyard.evals.shadow_build import build_shadow
from routeyard.evals.store import EvalStore
from routeyard.execute import Executor
from routeyard.execute.breaker import Transition
from routeyard.observe import RequestRecord, Sink, StatsSink, cost_usd
from routeyard.observe.log_factory import build_request_log
from routeyard.observe.log_writer import BackgroundWriter
from routeyard.observe.metrics import MetricsSink
from routeyard.observe.tracing_factory import build_tracing_sink
from routeyard.planner import Plan, Planner
from routeyard.policy.decision import Candidate, RoutingDecision
from routeyard.providers import PooledTransport, Transport, Usage, build_providers
from routeyard.providers.base import Completion

log = logging.getLogger("routeyard")

__all__ = ["Plan", "Router"]


class Router:
    def __init__(
        self,
        config: Config,
        *,
        transport: Transport | None = None,
        simulator_url: str | None = None,
        sinks: Sequence[Sink] = (),
        worker: int | None = None,
        inherit: Router | None = None,
    ) -> None:
        """``inherit``: a live router whose started request log this one shares (a config
        reload: one writer per log file); ``adopt_request_log`` then hands its closing over."""
        self.config = config
        self._own_transport = transport is None
        self.transport: Transport = transport if transport is not None else PooledTransport()
        self.planner = Planner(config)
        self.policy = self.planner.policy
        self.plan = self.planner.plan
        self.providers = build_providers(config, self.transport, simulator_url)
        self.transitions: deque[Transition] = deque(maxlen=200)
        self.executor = Executor(config, self.providers, on_transition=self._on_transition)
        self.planner.attach_llm(self._classifier_call)
        self.stats = StatsSink()
        self._sinks: list[Sink] = [self.stats, *sinks]
        obs = config.observe
        self.metrics = MetricsSink() if obs.metrics.enabled else None
        log_cfg = obs.request_log
        if worker is not None:  # each worker process needs its own spill file
            spill = f"{log_cfg.resolved_spill_path()}.w{worker}"
            log_cfg = log_cfg.model_copy(update={"spill_path": spill})
        self._owns_log = inherit is None
        self.request_log: BackgroundWriter | None
        if inherit is not None:
            log_cfg = inherit.config.observe.request_log
            self.request_log = inherit.request_log
        else:
            self.request_log = build_request_log(log_cfg)
        if self.metrics is not None:
            self._sinks.append(self.metrics)
            self.metrics.watch_breakers(
                lambda: {k: v.value for k, v in self.executor.breakers.states().items()}
            )
            if self.request_log is not None:
                self.metrics.watch_request_log(self.request_log)
        if self.request_log is not None:
            self._sinks.append(self.request_log)
        # The gateway hands prompts and answers over only when the log stores them.
        self.store_content = self.request_log is not None and log_cfg.store_content
        self.tracing = build_tracing_sink(obs.tracing, config, simulator_url=simulator_url)
        if self.tracing is not None:
            self._sinks.append(self.tracing)
        # Evals share the request log's database (connected on first use: feedback, shadow
        # results). Shadow evaluation exists only when a route asks for it.
        self.eval_store = EvalStore.open(log_cfg) if log_cfg.backend != "off" else None
        self.shadow = build_shadow(self, self.eval_store)

    def start(self) -> None:
        """Start background work (the request log's writer): call once, before serving."""
        if self.request_log is not None and self._owns_log:
            self.request_log.start()

    def adopt_request_log(self, old: Router) -> None:
        """Become the router that closes the request log shared with ``old`` (built with
        ``inherit=old``); ``old.aclose()`` then only flushes what it recorded."""
        self._owns_log, old._owns_log = old._owns_log, False

    def _on_transition(self, t: Transition) -> None:
        self.transitions.append(t)
        log.warning("breaker %s: %s -> %s (%s)", t.deployment, t.old.value, t.new.value, t.reason)

    async def _classifier_call(self, body: dict[str, Any]) -> tuple[Completion, float]:
        """The LLM classifier's call: through the executor (breakers, retries, deadline) to
        its one configured model, no fallbacks; returns the completion and its cost."""
        name = body["model"]
        decision = RoutingDecision("classifier", "LLM classifier", [Candidate(name, "rubric")])
        completion, model, _ = await self.executor.complete(decision, body, disable_fallbacks=True)
        return completion, cost_usd(self.config.models[model].price, completion.usage)

    def snapshot(self) -> dict[str, Any]:
        """Request stats plus live breaker and health state (served at /routeyard/stats)."""
        data = self.stats.snapshot()
        data["breakers"] = {
            name: state.value for name, state in self.executor.breakers.states().items()
        }
        data["breaker_transitions"] = [
            {
                "deployment": t.deployment,
                "from": t.old.value,
                "to": t.new.value,
                "at_unix": self._unix(t.at),
                "reason": t.reason,
            }
            for t in self.transitions
        ]
        if self.request_log is not None:
            data["request_log"] = self.request_log.stats()
        if self.shadow is not None:  # its spend is router overhead, shown next to the rest
            data["shadow"] = self.shadow.stats()
        data["health"] = {
            name: {
                "error_rate": round(h.error_rate, 4),
                "latency_ms": None if h.latency_s is None else round(h.latency_s * 1000, 2),
                "samples": h.samples,
            }
            for name, h in self.executor.health.snapshots().items()
        }
        return data

    def _unix(self, monotonic_at: float) -> float:
        return round(time.time() - (time.monotonic() - monotonic_at), 3)

    def cost(self, model: str, usage: Usage) -> float:
        return cost_usd(self.config.models[model].price, usage)

    def baseline_cost(self, usage: Usage) -> float | None:
        """What the same tokens would have cost on the configured baseline model."""
        baseline = self.config.policy.baseline
        return None if baseline is None else self.cost(baseline, usage)

    def finish(self, record: RequestRecord) -> None:
        """Hand the finished record to every sink; a second call does nothing."""
        if record.handed_over:
            return
        record.handed_over = True
        for sink in self._sinks:
            try:
                sink.record(record)
            except Exception:  # a sink never fails a request
                log.exception("sink %s failed", type(sink).__name__)

    async def aclose(self) -> None:
        if self.shadow is not None:
            await self.shadow.drain()
        if self.eval_store is not None:
            await asyncio.to_thread(self.eval_store.close)
        if self.request_log is not None and self._owns_log:
            await self.request_log.aclose()  # writes or spills everything still queued
        elif self.request_log is not None:
            await self.request_log.aflush()  # another router (a reload's) still writes to it
        if self.tracing is not None:
            await asyncio.to_thread(self.tracing.close)  # exports what is still batched
        if self._own_transport and isinstance(self.transport, PooledTransport):
            await self.transport.close()

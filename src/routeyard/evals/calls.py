"""Model calls for evaluations, through a router's own executor (breakers, retries, deadline).

One configured model per call and no fallbacks: an eval result must say which model answered.

    caller = RouterCaller(router)
    answer = await caller("sim-small", [{"role": "user", "content": "2+2?"}])
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from routeyard.config.schema import Config
from routeyard.evals.runner import Answer, answer_text
from routeyard.evals.scorers import JudgeFn
from routeyard.observe.content import BUILTIN_RULES, ContentPolicy
from routeyard.policy.decision import Candidate, RoutingDecision

if TYPE_CHECKING:
    from routeyard.router import Router

JUDGE_MAX_TOKENS = 600


class RouterCaller:
    def __init__(
        self, router: Router, *, purpose: str = "eval", params: dict[str, Any] | None = None
    ) -> None:
        self.router = router
        self.purpose = purpose
        self.params = params or {}

    async def __call__(self, model: str, messages: list[dict[str, Any]]) -> Answer:
        return await self.call_body(model, {**self.params, "model": model, "messages": messages})

    async def call_body(self, model: str, body: dict[str, Any]) -> Answer:
        """Send ``body`` (an OpenAI chat request, not streamed) to ``model`` alone."""
        decision = RoutingDecision(self.purpose, f"{self.purpose} call", [Candidate(model, "eval")])
        started = time.perf_counter()
        completion, served, _ = await self.router.executor.complete(
            decision, body, disable_fallbacks=True
        )
        latency = (time.perf_counter() - started) * 1000
        usage = completion.usage
        return Answer(
            text=answer_text(completion.response),
            cost_usd=self.router.cost(served, usage),
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            latency_ms=latency,
        )


def router_judge(router: Router, model: str) -> JudgeFn:
    """The judge as a function: messages in, (verdict text, cost) out, temperature 0."""
    params = {"max_tokens": JUDGE_MAX_TOKENS, "temperature": 0}
    caller = RouterCaller(router, purpose="judge", params=params)

    async def judge(messages: list[dict[str, Any]]) -> tuple[str, float]:
        answer = await caller(model, [*messages])
        return answer.text, answer.cost_usd

    return judge


def data_names(router: Router) -> dict[str, str]:
    """Each configured model's name in routing-eval data: ``quality_as`` when set, else the
    simulated model's ``data_model`` (the embedded simulator's spec), else its upstream id."""
    config = router.config
    sim_names: dict[str, str] = {}
    for provider in config.providers.values():
        if provider.kind != "simulator":
            continue
        from routeyard import simulator

        spec = (
            simulator.load_spec(provider.simulator_spec)
            if provider.simulator_spec
            else simulator.default_spec()
        )
        sim_names.update({m.name: m.data_model for m in spec.models if m.data_model})
        break
    out: dict[str, str] = {}
    for name, m in config.models.items():
        upstream = m.model or name
        out[name] = m.quality_as or sim_names.get(upstream) or upstream
    return out


def redaction(config: Config) -> ContentPolicy:
    """The request log's redaction rules (the built-in ones unless turned off), applied to
    everything the eval store keeps from live traffic or model answers."""
    log_cfg = config.observe.request_log
    rules = list(BUILTIN_RULES) if log_cfg.builtin_redaction else []
    rules += [(r.pattern, r.replacement) for r in log_cfg.redaction_rules]
    return ContentPolicy.compile(rules, max_bytes=max(256, config.evals.output_max_chars))


def output_keeper(config: Config) -> Callable[[str], str | None]:
    """How an answer is kept in ``eval_results.output``: not at all (``store_outputs`` off), or
    redacted and cut to ``output_max_chars``."""
    evals = config.evals
    if not evals.store_outputs or evals.output_max_chars == 0:
        return lambda text: None
    policy = redaction(config)
    cap = evals.output_max_chars

    def keep(text: str) -> str | None:
        return policy.redact_text(text)[:cap]

    return keep

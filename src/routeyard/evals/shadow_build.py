"""Build a router's shadow evaluator from its config (called by the composition root)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from routeyard.evals.calls import (
    RouterCaller,
    data_names,
    output_keeper,
    redaction,
    router_judge,
)
from routeyard.evals.recorded import RecordedScores
from routeyard.evals.scorers import Scorer, ScorerContext, default_registry
from routeyard.evals.shadow import ShadowEvaluator
from routeyard.evals.store import EvalStore

if TYPE_CHECKING:
    from routeyard.router import Router


def build_shadow(router: Router, store: EvalStore | None) -> ShadowEvaluator | None:
    """None when no route shadows (then the gateway does no shadow work at all)."""
    config = router.config
    routes = {r.name: r.shadow for r in config.policy.routes if r.shadow and r.shadow.fraction}
    if not routes or store is None:
        return None
    judge_model = config.evals.judge_model
    ctx = ScorerContext(
        judge=None if judge_model is None else router_judge(router, judge_model),
        judge_model=judge_model,
        rubric=config.evals.rubric,
    )
    registry = default_registry()
    scorers: dict[str, Scorer | None] = {
        name: None if cfg.scorer == "none" else registry.create(cfg.scorer, ctx)
        for name, cfg in routes.items()
    }
    uses_data = any(cfg.scorer == "recorded" for cfg in routes.values())
    return ShadowEvaluator(
        routes,
        config.evals.shadow,
        call=RouterCaller(router, purpose="shadow").call_body,
        scorers=scorers,
        store=store,
        keep_text=output_keeper(config),
        redact=redaction(config).redact,
        recorded=RecordedScores(config.evals.data_files) if uses_data else None,
        data_names=data_names(router) if uses_data else None,
        judge_model=judge_model,
    )

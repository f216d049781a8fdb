"""Classify + decide, with no I/O: what ``routeyard route`` and every request run first."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from routeyard.classify import Classification, RulesClassifier
from routeyard.config.schema import Config
from routeyard.policy import RoutingDecision, RulesPolicy, parse_target


@dataclass(slots=True)
class Plan:
    classification: Classification
    decision: RoutingDecision
    decision_us: float


class Planner:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.classifier = RulesClassifier(config.classifier)
        self.policy = RulesPolicy(config)

    def plan(
        self,
        body: dict[str, Any],
        model: str,
        route_hint: str | None = None,
        allowed: frozenset[str] | None = None,
    ) -> Plan:
        """Raises ``InvalidRequest`` for an unknown model or route, or no capable candidate, and
        ``PermissionDenied`` for a model outside ``allowed`` (the client key's models)."""
        started = time.perf_counter_ns()
        target = parse_target(model, self.config, self.policy.route_names)
        classification = self.classifier.classify(body, route_hint)
        decision = self.policy.decide(target, classification, body, allowed)
        return Plan(classification, decision, (time.perf_counter_ns() - started) / 1000)

"""Policy: classification → an ordered list of candidate models with reasons."""

from routeyard.policy.decision import Candidate, RoutingDecision, Skipped
from routeyard.policy.rules_policy import PINNED_ROUTE, RulesPolicy, Target, parse_target

__all__ = [
    "PINNED_ROUTE",
    "Candidate",
    "RoutingDecision",
    "RulesPolicy",
    "Skipped",
    "Target",
    "parse_target",
]

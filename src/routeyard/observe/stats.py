"""In-memory aggregate of finished requests, owned by one router (served at /routeyard/stats)."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from typing import Any

from routeyard.observe.record import RequestRecord


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class StatsSink:
    """Counts by route and model, costs, and a bounded window of routing decision times."""

    def __init__(self, window: int = 10_000) -> None:
        self.requests = 0
        self.ok = 0
        self.by_route: dict[str, Counter[str]] = defaultdict(Counter)
        self.route_ok: Counter[str] = Counter()
        self.route_total: Counter[str] = Counter()
        self.fallbacks = 0
        self.cost_usd = 0.0
        self.baseline_cost_usd = 0.0
        self.decision_us: deque[float] = deque(maxlen=window)

    def record(self, rec: RequestRecord) -> None:
        self.requests += 1
        self.route_total[rec.route] += 1
        if rec.status == "ok":
            self.ok += 1
            self.route_ok[rec.route] += 1
        self.by_route[rec.route][rec.model or "-"] += 1
        self.fallbacks += sum(1 for a in rec.attempts if not a.ok)
        self.cost_usd += rec.cost_usd
        if rec.baseline_cost_usd is not None:
            self.baseline_cost_usd += rec.baseline_cost_usd
        self.decision_us.append(rec.decision_us)

    def snapshot(self) -> dict[str, Any]:
        decisions = list(self.decision_us)
        return {
            "requests": self.requests,
            "ok": self.ok,
            "failed_attempts": self.fallbacks,
            "cost_usd": self.cost_usd,
            "baseline_cost_usd": self.baseline_cost_usd,
            "decision_us": {
                "p50": percentile(decisions, 0.5),
                "p99": percentile(decisions, 0.99),
            },
            "routes": {
                route: {
                    "requests": self.route_total[route],
                    "ok": self.route_ok[route],
                    "models": dict(models),
                }
                for route, models in sorted(self.by_route.items())
            },
        }

"""Routing decision alone (classify + decide), in-process, on the embedded default config."""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any

from suite.stats import percentile

# Plain prose, no routing keywords: the default policy sends these to its "general" route.
_SENTENCES = (
    "Our team met on Tuesday to go over the plans for the spring release.",
    "The design review moved to Thursday because two people were travelling.",
    "Customers asked for a simpler way to export their monthly reports.",
    "Support tickets about slow page loads went down after the last update.",
    "We agreed to keep the onboarding emails short and friendly.",
    "The marketing group wants a new landing page before the conference.",
    "Finance needs the updated budget numbers by the end of the month.",
    "Two new engineers join next week and will start on the mobile app.",
)
SIZES = {"~10 tokens": 10, "~100 tokens": 100, "~512 tokens": 512, "~1,000 tokens": 1000}
# The embedded default with its local model off (rules only), and as shipped (rules + local model).
LAYERS = ("rules", "rules + local model")


def prompt_of(tokens: int) -> str:
    """A prompt whose estimated size (characters / 4) is about ``tokens``."""
    if tokens <= 12:
        return "What is the capital of France? Answer briefly."
    parts = ["Summarize these meeting notes in three bullet points."]
    i = 0
    while len(" ".join(parts)) < tokens * 4:
        parts.append(_SENTENCES[i % len(_SENTENCES)])
        i += 1
    return " ".join(parts)


@dataclass(frozen=True)
class DecisionStats:
    layers: str
    size: str
    estimated_tokens: int
    route: str
    labels: list[str]
    iterations: int
    p50_us: float
    p99_us: float
    mean_us: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _planner(layers: str) -> Any:
    from routeyard.config import default_config
    from routeyard.planner import Planner

    config = default_config()
    if layers == "rules":
        classifier = config.classifier.model_copy(
            update={
                "local_model": config.classifier.local_model.model_copy(update={"enabled": False})
            }
        )
        routes = [
            r.model_copy(update={"strategy": "ordered"}) if r.needs_local_model() else r
            for r in config.policy.routes
        ]
        policy = config.policy.model_copy(update={"routes": routes})
        config = config.model_copy(update={"classifier": classifier, "policy": policy})
    return Planner(config)


BLOCKS = 20  # each setting's iterations run in this many blocks, the settings taking turns


def measure(iterations: int, warmup: int = 500) -> list[DecisionStats]:
    """Each setting (layers × prompt size) in turn, ``BLOCKS`` times round: a slow spell of
    the machine then touches a share of every setting's samples instead of all of one's (a
    shared VM here slows down by 1.5–2× for seconds at a time). Each block starts with a few
    untimed calls, since the setting before it left other code and data in the caches."""
    settings = []
    for layers in LAYERS:
        planner = _planner(layers)
        for size, tokens in SIZES.items():
            body = {"model": "auto", "messages": [{"role": "user", "content": prompt_of(tokens)}]}
            for _ in range(warmup):
                planner.plan(body, "auto")
            settings.append((layers, size, planner, body))
    samples: list[list[float]] = [[] for _ in settings]
    clock = time.perf_counter_ns
    per_block = max(1, iterations // BLOCKS)
    done = 0
    while done < iterations:
        n = min(per_block, iterations - done)
        for (_, _, planner, body), out in zip(settings, samples, strict=True):
            for _ in range(min(50, warmup)):
                planner.plan(body, "auto")
            for _ in range(n):
                started = clock()
                planner.plan(body, "auto")
                out.append((clock() - started) / 1000)
        done += n
    results = []
    for (layers, size, planner, body), times in zip(settings, samples, strict=True):
        plan = planner.plan(body, "auto")
        results.append(
            DecisionStats(
                layers=layers,
                size=size,
                estimated_tokens=plan.classification.features.estimated_tokens,
                route=plan.decision.route,
                labels=list(plan.classification.labels),
                iterations=iterations,
                p50_us=round(percentile(times, 50), 2),
                p99_us=round(percentile(times, 99), 2),
                mean_us=round(statistics.fmean(times), 2),
            )
        )
    return results

"""Ordering candidates by the local model's predicted quality (strategies quality and utility).

- quality: candidates whose predicted quality reaches the route's target (or comes within its
  margin of the best candidate), cheapest first; then the ones below it, best predicted first
  (the fallbacks most likely to answer well).
- utility: by predicted quality − cost_weight × (estimated USD for 1,000 such requests),
  highest first.

Candidates with no prediction (a model the local model was not trained on, and no
``quality_as``) keep their configured order after the others. Every reason shows the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from routeyard.policy.decision import Candidate

if TYPE_CHECKING:
    from routeyard.learn.model import Prediction

# Reasons are templates, formatted only when read (see ``Candidate``).
_GOOD = "predicted quality {:.2f} ≥ {:.2f}, est. ${:.6f}{}"
_SHORT = "predicted quality {:.2f} < {:.2f}, best of the rest first"
_UTILITY = "utility {:.3f} = predicted quality {:.2f} − {:g} × ${:.4f} per 1k requests"


def order_by_prediction(
    strategy: str,
    candidates: Sequence[Candidate],
    prediction: Prediction | None,
    costs: Mapping[str, float],
    aliases: Mapping[str, str],
    *,
    quality_target: float,
    cost_weight: float,
    quality_margin: float | None = None,
) -> list[Candidate]:
    """``costs``: estimated USD of this request per candidate; ``aliases``: candidate → its
    name in the local model's data."""
    if prediction is None:
        return [Candidate(c.model, "{}; no prediction (local model off or failed)", (c.reason,))
                for c in candidates]  # fmt: skip
    known: list[tuple[Candidate, float]] = []
    unknown: list[Candidate] = []
    for c in candidates:
        q = prediction.predicted.get(aliases.get(c.model, c.model))
        if q is None:
            unknown.append(
                Candidate(c.model, "{}; no quality prediction for this model", (c.reason,))
            )
        else:
            known.append((c, q))
    if strategy == "quality":
        target = quality_target
        if quality_margin is not None and known:
            target = max(q for _, q in known) - quality_margin
        ordered = _by_target(known, costs, target)
    else:
        ordered = _by_utility(known, costs, cost_weight)
    return ordered + unknown


def _by_target(
    known: list[tuple[Candidate, float]], costs: Mapping[str, float], target: float
) -> list[Candidate]:
    good = sorted((x for x in known if x[1] >= target), key=lambda x: costs[x[0].model])
    short = sorted((x for x in known if x[1] < target), key=lambda x: -x[1])
    out = [
        Candidate(c.model, _GOOD, (q, target, costs[c.model], " (cheapest such)" if i == 0 else ""))
        for i, (c, q) in enumerate(good)
    ]  # fmt: skip
    out += [Candidate(c.model, _SHORT, (q, target)) for c, q in short]
    return out


def _by_utility(
    known: list[tuple[Candidate, float]], costs: Mapping[str, float], weight: float
) -> list[Candidate]:
    scored = [(c, q, q - weight * costs[c.model] * 1000) for c, q in known]
    scored.sort(key=lambda x: -x[2])
    return [Candidate(c.model, _UTILITY, (u, q, weight, costs[c.model] * 1000))
            for c, q, u in scored]  # fmt: skip

"""Replaying routing-eval rows through a config's real policy, and what the chosen models scored.

Each row becomes a one-turn chat request; the config's own ``Planner`` (rules, local model,
policy) routes it, and the first candidate of the decision is taken as the model that answers
(failures and fallbacks are not simulated). Its quality is the score the row records for that
model (matched through ``quality_as``); its cost is the row's ``cost_usd`` when recorded, else
the config's list price × the request's estimated input tokens and the row's output tokens
(``DEFAULT_OUTPUT_TOKENS`` when unknown, as the policy assumes).

    >>> routed = route_rows(Planner(config), rows)                     # doctest: +SKIP
    >>> summarise(routed, rows, config).quality                        # doctest: +SKIP
    0.47
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from routeyard.classify import Classification
from routeyard.config.schema import Config
from routeyard.errors import GatewayError
from routeyard.evals.dataset import EvalRow
from routeyard.planner import Planner
from routeyard.policy import RulesPolicy, Target

DEFAULT_OUTPUT_TOKENS = 256


def request_body(row: EvalRow) -> dict[str, Any]:
    return {"model": "auto", "messages": [{"role": "user", "content": row.prompt}]}


@dataclass(frozen=True, slots=True)
class Routed:
    """One row as one config routes it: the route, the answering model (None: refused)."""

    index: int
    route: str | None
    model: str | None
    classification: Classification | None


def route_rows(planner: Planner, rows: Sequence[EvalRow]) -> list[Routed]:
    out: list[Routed] = []
    for i, row in enumerate(rows):
        try:
            plan = planner.plan(request_body(row), "auto")
        except GatewayError:  # no capable candidate: the gateway would refuse it too
            out.append(Routed(i, None, None, None))
            continue
        decision = plan.decision
        out.append(Routed(i, decision.route, decision.candidates[0].model, plan.classification))
    return out


def redecide(policy: RulesPolicy, route: str, rows: Sequence[EvalRow], routed: Routed) -> str:
    """The first candidate ``policy`` picks on ``route`` for an already classified row."""
    assert routed.classification is not None
    body = request_body(rows[routed.index])
    decision = policy.decide(Target("route", route), routed.classification, body)
    return decision.candidates[0].model


@dataclass(frozen=True, slots=True)
class Outcome:
    quality: float
    cost_usd: float


def outcome(row: EvalRow, model: str, config: Config, input_tokens: int) -> Outcome | None:
    """What ``model`` (a configured name) got on ``row``; None when the row has no score."""
    m = config.models[model]
    result = row.results.get(m.quality_as or model) or row.results.get(model)
    if result is None:
        return None
    if result.cost_usd is not None:
        return Outcome(result.score, result.cost_usd)
    tokens_in = result.input_tokens if result.input_tokens is not None else input_tokens
    tokens_out = result.output_tokens or DEFAULT_OUTPUT_TOKENS
    cost = (tokens_in * m.price.input + tokens_out * m.price.output) / 1e6
    return Outcome(result.score, cost)


def tokens_of(routed: Routed) -> int:
    c = routed.classification
    return c.features.estimated_tokens if c is not None else 0


@dataclass(slots=True)
class Tally:
    """Mean measured quality and cost of a set of routed rows."""

    rows: int = 0
    scored: int = 0
    quality_sum: float = 0.0
    cost_sum: float = 0.0
    refused: int = 0
    models: Counter[str] = field(default_factory=Counter)
    by_row: dict[int, float] = field(default_factory=dict)  # row index → measured quality

    def add(self, model: str | None, result: Outcome | None, index: int = -1) -> None:
        self.rows += 1
        if model is None:
            self.refused += 1
            return
        self.models[model] += 1
        if result is not None:
            self.scored += 1
            self.quality_sum += result.quality
            self.cost_sum += result.cost_usd
            self.by_row[index] = result.quality

    @property
    def quality(self) -> float:
        return self.quality_sum / self.scored if self.scored else 0.0

    @property
    def cost_per_1k(self) -> float:
        """USD for 1,000 such requests."""
        return 1000 * self.cost_sum / self.scored if self.scored else 0.0

    def shares(self) -> dict[str, float]:
        total = sum(self.models.values())
        return {m: n / total for m, n in self.models.most_common()} if total else {}


@dataclass(slots=True)
class Summary:
    overall: Tally
    routes: dict[str, Tally]


def summarise(routed: Iterable[Routed], rows: Sequence[EvalRow], config: Config) -> Summary:
    overall = Tally()
    routes: dict[str, Tally] = {}
    for r in routed:
        result = None if r.model is None else outcome(rows[r.index], r.model, config, tokens_of(r))
        overall.add(r.model, result, r.index)
        routes.setdefault(r.route or "(refused)", Tally()).add(r.model, result, r.index)
    return Summary(overall, routes)


def tally_models(
    picks: Mapping[int, str],
    by_index: Mapping[int, Routed],
    rows: Sequence[EvalRow],
    config: Config,
) -> Tally:
    """The tally of answering row ``i`` with ``picks[i]``."""
    t = Tally()
    for i, model in picks.items():
        t.add(model, outcome(rows[i], model, config, tokens_of(by_index[i])), i)
    return t

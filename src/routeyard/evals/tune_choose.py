"""Choosing one route's strategy and thresholds by measuring each setting on held-out rows.

The settings tried for a route (``settings_for``): each candidate first (the others after it as
fallbacks, best measured quality first), ``cheapest``, and — with the local model — strategy
``quality`` over a grid of margins (or relative shares) and absolute targets, and strategy
``utility`` over a grid of cost weights.
Every setting is replayed through the real policy on the route's tuning rows (``measure``),
then ``choose`` keeps, for a quality target, the cheapest setting that reaches it, or, for a
cost ceiling, the best quality under it. The candidate list itself is kept (reordered at most):
the models after the first stay as fallbacks, best measured quality first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from routeyard.config.schema import Config, Route
from routeyard.evals.dataset import EvalRow
from routeyard.evals.tune_measure import Routed, Tally, redecide, tally_models
from routeyard.policy import RulesPolicy

if TYPE_CHECKING:
    from routeyard.classify.local import LocalClassifier

# Route keys the tuner sets; any of them not chosen is removed from the route.
TUNED_KEYS = ("strategy", "quality_target", "quality_margin", "relative_to_best", "cost_weight")
MARGINS = (0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5)
TARGETS = tuple(round(0.05 * i, 2) for i in range(1, 20))
COST_WEIGHTS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


@dataclass(frozen=True, slots=True)
class TuneTarget:
    """Exactly one of: keep ≥ ``quality_share`` of the best candidate's measured quality at the
    least cost, or the best quality at ≤ ``max_cost_per_1k`` USD per 1,000 requests."""

    quality_share: float | None = None
    max_cost_per_1k: float | None = None

    def __post_init__(self) -> None:
        if (self.quality_share is None) == (self.max_cost_per_1k is None):
            raise ValueError("give exactly one target: a quality share or a cost ceiling")
        if self.quality_share is not None and not 0 < self.quality_share <= 1:
            raise ValueError(f"the quality share must be in (0, 1], not {self.quality_share}")
        if self.max_cost_per_1k is not None and self.max_cost_per_1k <= 0:
            raise ValueError("the cost ceiling must be positive")

    def describe(self) -> str:
        if self.quality_share is not None:
            return (
                f"keep ≥ {self.quality_share:.0%} of the best candidate's measured quality "
                "on each route, at the least cost"
            )
        return f"the best measured quality at ≤ ${self.max_cost_per_1k:g} per 1,000 requests"


@dataclass(frozen=True, slots=True)
class Setting:
    """Route keys to set (the other ``TUNED_KEYS`` are removed); ``candidates`` may reorder."""

    label: str
    values: tuple[tuple[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.values)


@dataclass(frozen=True, slots=True)
class Measured:
    setting: Setting
    tally: Tally


def current_setting(route: Route) -> Setting:
    values: list[tuple[str, Any]] = [("candidates", list(route.candidates))]
    if route.strategy != "ordered":
        values.append(("strategy", route.strategy))
    if route.strategy == "quality":
        margin = getattr(route, "quality_margin", None)
        if margin is not None:
            values.append(("quality_margin", margin))
        else:
            values.append(("quality_target", route.quality_target))
            if getattr(route, "relative_to_best", False):
                values.append(("relative_to_best", True))
    elif route.strategy == "utility":
        values.append(("cost_weight", route.cost_weight))
    return Setting("unchanged", tuple(values))


def settings_for(
    route: Route,
    pool: Sequence[str],
    with_predictions: bool,
    added: Sequence[str] = (),
    quality: Mapping[str, float] | None = None,
) -> list[Setting]:
    """``pool``: the candidates with scores; ``added``: models of the pool that are not the
    route's candidates yet (tried appended to its list); ``quality``: each model's measured
    quality on the route's rows, which orders the fallbacks of an "X first" setting (best
    first; models without a measurement after them, in the configured order)."""
    out = [current_setting(route)]
    widened = [*route.candidates, *added]
    for name in pool:
        base = widened if name in added else list(route.candidates)
        order = [name, *fallback_order([c for c in base if c != name], quality or {})]
        out.append(Setting(f"ordered, {name} first", (("candidates", order),)))
    strategies = _strategies(with_predictions)
    out += strategies
    if added:
        more = ("candidates", widened)
        out += [
            Setting(f"{s.label}, adding {', '.join(added)}", (more, *s.values)) for s in strategies
        ]
    return out


def fallback_order(models: Sequence[str], quality: Mapping[str, float]) -> list[str]:
    """``models`` by measured quality, best first (a fallback should be the next best
    answer, not whatever came next in the list); ties and unmeasured models keep their order,
    unmeasured ones last."""
    position = {m: i for i, m in enumerate(models)}
    return sorted(models, key=lambda m: (m not in quality, -quality.get(m, 0.0), position[m]))


def _strategies(with_predictions: bool) -> list[Setting]:
    out = [Setting("cheapest first", (("strategy", "cheapest"),))]
    if not with_predictions:
        return out
    fields = Route.model_fields
    if "quality_margin" in fields:
        out += [
            Setting(f"quality, within {m:g} of the best",
                    (("strategy", "quality"), ("quality_margin", m)))
            for m in MARGINS
        ]  # fmt: skip
    elif "relative_to_best" in fields:
        out += [
            Setting(f"quality, ≥ {s:.0%} of the best",
                    (("strategy", "quality"), ("quality_target", s), ("relative_to_best", True)))
            for s in (1.0, 0.98, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5)
        ]  # fmt: skip
    out += [
        Setting(f"quality, predicted ≥ {t:g}", (("strategy", "quality"), ("quality_target", t)))
        for t in TARGETS
    ]
    out += [
        Setting(f"utility, cost weight {w:g}", (("strategy", "utility"), ("cost_weight", w)))
        for w in COST_WEIGHTS
    ]
    return out


def apply_setting(route: Route, setting: Setting) -> Route:
    """``route`` with ``setting`` applied (validated like a config file's route)."""
    data = route.model_dump(exclude=set(TUNED_KEYS) & set(Route.model_fields), exclude_unset=True)
    data.update(setting.as_dict())
    return Route.model_validate(data)


def with_route(config: Config, index: int, route: Route) -> Config:
    routes = list(config.policy.routes)
    routes[index] = route
    policy = config.policy.model_copy(update={"routes": routes})
    return config.model_copy(update={"policy": policy})


@dataclass(frozen=True, slots=True)
class RouteRows:
    """A route's tuning rows: those where every model of ``pool`` has a score; ``added``:
    models of the pool that are not among the route's candidates."""

    members: list[Routed]
    pool: list[str]
    added: list[str]


def route_rows_for(
    route: Route,
    routed: Sequence[Routed],
    rows: Sequence[EvalRow],
    config: Config,
    extra: Sequence[str] = (),
) -> RouteRows:
    """``extra``: other configured models to consider adding to the route."""
    mine = [r for r in routed if r.route == route.name and r.classification is not None]
    pool = []
    for name in dict.fromkeys([*route.candidates, *extra]):
        alias = config.models[name].quality_as or name
        known = sum(1 for r in mine if alias in rows[r.index].results)
        if mine and known >= len(mine) / 2:
            pool.append(name)
    members = [
        r
        for r in mine
        if all((config.models[n].quality_as or n) in rows[r.index].results for n in pool)
    ]
    return RouteRows(members, pool, [n for n in pool if n not in route.candidates])


def single_model_tallies(
    rr: RouteRows, rows: Sequence[EvalRow], config: Config
) -> dict[str, Tally]:
    by_index = {r.index: r for r in rr.members}
    return {
        name: tally_models({r.index: name for r in rr.members}, by_index, rows, config)
        for name in rr.pool
    }


def measure(
    config: Config,
    index: int,
    settings: Sequence[Setting],
    rr: RouteRows,
    rows: Sequence[EvalRow],
    local: LocalClassifier | None,
) -> list[Measured]:
    """Each setting of route ``index`` replayed on the route's rows through ``RulesPolicy``
    (``local``: the tuned planner's local model, whose predictions the rows carry)."""
    route = config.policy.routes[index]
    by_index = {r.index: r for r in rr.members}
    out = []
    for setting in settings:
        candidate = with_route(config, index, apply_setting(route, setting))
        policy = RulesPolicy(candidate, local)
        picks = {r.index: redecide(policy, route.name, rows, r) for r in rr.members}
        out.append(Measured(setting, tally_models(picks, by_index, rows, config)))
    return out


def lower_bound(tally: Tally, reference: Tally, share: float, z: float) -> float:
    """A one-sided bound on mean(quality − share × reference quality) over the rows both
    scored: the mean minus ``z`` standard errors (0 when fewer than two rows)."""
    common = [i for i in tally.by_row if i in reference.by_row]
    if len(common) < 2:
        return 0.0
    d = np.array([tally.by_row[i] - share * reference.by_row[i] for i in common])
    return float(d.mean() - z * d.std(ddof=1) / np.sqrt(len(d)))


def meets(tally: Tally, target: TuneTarget, best: Tally, z: float = 0.0) -> bool:
    """For a quality target: the setting's quality is at least the share of the best single
    candidate's on the same rows, with ``z`` standard errors to spare (paired by row)."""
    if target.quality_share is not None:
        if z <= 0:
            return tally.quality >= target.quality_share * best.quality - 1e-9
        return lower_bound(tally, best, target.quality_share, z) >= -1e-9
    assert target.max_cost_per_1k is not None
    return tally.cost_per_1k <= target.max_cost_per_1k + 1e-9


def choose(
    measured: Sequence[Measured], target: TuneTarget, best: Tally, z: float = 0.0
) -> tuple[Measured, bool]:
    """The setting that meets ``target`` (see ``TuneTarget`` and ``meets``) and whether one
    did; when none does: for a quality target the best quality, for a ceiling the cheapest.
    Ties keep the earlier setting (the first is the route as configured)."""
    ok = [m for m in measured if meets(m.tally, target, best, z)]
    if target.quality_share is not None:
        if ok:
            return min(ok, key=lambda m: (round(m.tally.cost_per_1k, 9), -m.tally.quality)), True
        return max(measured, key=lambda m: (m.tally.quality, -m.tally.cost_per_1k)), False
    if ok:
        return max(ok, key=lambda m: (round(m.tally.quality, 9), -m.tally.cost_per_1k)), True
    return min(measured, key=lambda m: (m.tally.cost_per_1k, -m.tally.quality)), False


def near_miss(
    pick: Measured, measured: Sequence[Measured], target: TuneTarget, best: Tally, z: float
) -> Measured | None:
    """For a quality target held with ``z`` > 0 standard errors: the cheapest setting cheaper
    than ``pick`` whose mean quality reaches the target on the rows but not with the margin
    (None when there is none)."""
    if target.quality_share is None or z <= 0:
        return None
    cost = pick.tally.cost_per_1k
    cheaper = [
        m for m in measured if m.tally.cost_per_1k < cost - 1e-9 and meets(m.tally, target, best)
    ]
    if not cheaper:
        return None
    return min(cheaper, key=lambda m: (m.tally.cost_per_1k, -m.tally.quality))

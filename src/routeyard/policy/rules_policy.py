"""The rules policy: labels → route → candidates, filtered by hard constraints and ordered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from routeyard.classify.types import Classification, Features
from routeyard.config.loader import ConfigError, Problem
from routeyard.config.schema import Config, ModelConfig, Route, When
from routeyard.errors import InvalidRequest, NotFound, PermissionDenied
from routeyard.policy.decision import Candidate, RoutingDecision, Skipped
from routeyard.policy.predicted import order_by_prediction

if TYPE_CHECKING:
    from routeyard.classify.local import LocalClassifier

PINNED_ROUTE = "pinned"


@dataclass(slots=True, frozen=True)
class Target:
    """What the client's ``model`` field asks for."""

    kind: str  # "auto" | "route" | "model"
    name: str | None = None


def parse_target(model: str, config: Config, route_names: frozenset[str]) -> Target:
    """Resolve the request's ``model``: ``auto``, ``auto:<route>`` or a configured model."""
    if model == "auto":
        return Target("auto")
    if model.startswith("auto:"):
        route = model[5:]
        if route not in route_names:
            raise NotFound(
                f"unknown route {route!r} in model {model!r}; "
                f"routes: {', '.join(sorted(route_names))}",
                param="model",
                code="model_not_found",
            )
        return Target("route", route)
    if model in config.models:
        return Target("model", model)
    raise NotFound(
        f"unknown model {model!r}: use 'auto', 'auto:<route>' or one of the configured models",
        param="model",
        code="model_not_found",
    )


@dataclass(slots=True, frozen=True)
class _CompiledRoute:
    """A route with everything a decision needs precomputed (the hot path only looks up)."""

    name: str
    why: str
    when: When | None
    all: frozenset[str]
    any: frozenset[str]
    none: frozenset[str]
    strategy: str
    candidates: tuple[tuple[Candidate, ModelConfig], ...]
    hedge_after_s: float | None = None
    quality_target: float = 0.5
    quality_margin: float | None = None
    cost_weight: float = 1.0
    categories: frozenset[str] = frozenset()
    predicted: bool = False  # the when uses the local model's category or difficulty
    utterances: bool = False  # the when has example utterances
    learned: bool = False  # predicted or utterances: checked after the cheap conditions

    def matches(self, labels: set[str], tokens: int, c: Classification) -> bool:
        when = self.when
        if when is None:
            return False
        if self.all and not labels.issuperset(self.all):
            return False
        if self.any and labels.isdisjoint(self.any):
            return False
        if self.none and not labels.isdisjoint(self.none):
            return False
        if when.min_tokens is not None and tokens < when.min_tokens:
            return False
        if when.max_tokens is not None and tokens > when.max_tokens:
            return False
        return not self.learned or self._learned_matches(c)

    def _learned_matches(self, c: Classification) -> bool:
        if self.utterances:
            match = c.matched_utterances()
            if match is None or match.route != self.name:
                return False
        return not self.predicted or self._prediction_matches(c)

    def _prediction_matches(self, c: Classification) -> bool:
        p = c.predicted()
        if p is None:  # the local model is off or failed: such conditions do not hold
            return False
        when = self.when
        assert when is not None
        if self.categories and (not c.confident or p.category not in self.categories):
            return False
        if when.min_difficulty is not None and p.difficulty < when.min_difficulty:
            return False
        return not (when.max_difficulty is not None and p.difficulty > when.max_difficulty)


class RulesPolicy:
    def __init__(self, config: Config, local: LocalClassifier | None = None) -> None:
        self._config = config
        self._local = local
        self._aliases = {n: m.quality_as or n for n, m in config.models.items()}
        if local is not None:
            _check_against_model(config, local)
        self._routes = {r.name: self._compile(r) for r in config.policy.routes}
        self._ordered_routes = [self._routes[r.name] for r in config.policy.routes if r.when]
        self._default = self._routes[config.policy.default_route]
        self._pinned = {name: self._compile_pinned(name) for name in config.models}
        self.route_names = frozenset(self._routes)
        self.version = config.policy.version

    def _compile(self, route: Route) -> _CompiledRoute:
        names = list(dict.fromkeys(route.candidates))
        predicted = route.when.needs_local_model() if route.when else False
        utterances = bool(route.when.utterances) if route.when else False
        return _CompiledRoute(
            name=route.name,
            why=_explain(route.when) if route.when else "default route",
            when=route.when,
            all=frozenset(route.when.all) if route.when else frozenset(),
            any=frozenset(route.when.any) if route.when else frozenset(),
            none=frozenset(route.when.none) if route.when else frozenset(),
            strategy=route.strategy,
            candidates=tuple(
                (Candidate(n, f"candidate {i + 1} of route {route.name}"), self._config.models[n])
                for i, n in enumerate(names)
            ),
            hedge_after_s=route.hedge_after_s,
            quality_target=route.quality_target,
            quality_margin=route.quality_margin,
            cost_weight=route.cost_weight,
            categories=frozenset(route.when.category) if route.when else frozenset(),
            predicted=predicted,
            utterances=utterances,
            learned=predicted or utterances,
        )

    def _compile_pinned(self, name: str) -> _CompiledRoute:
        models = self._config.models
        fallbacks = [m for m in dict.fromkeys(models[name].fallbacks) if m != name]
        candidates = [(Candidate(name, "requested by name"), models[name])]
        candidates += [(Candidate(m, f"fallback of {name}"), models[m]) for m in fallbacks]
        empty: frozenset[str] = frozenset()
        return _CompiledRoute(
            PINNED_ROUTE, "model named in request", None, empty, empty, empty, "ordered",
            tuple(candidates),
        )  # fmt: skip

    def decide(
        self,
        target: Target,
        classification: Classification,
        body: dict[str, Any],
        allowed: frozenset[str] | None = None,
    ) -> RoutingDecision:
        """``allowed``: the client key's models (None: all). Nothing outside it is ever a
        candidate, whatever the classification says; naming one is refused."""
        if target.kind == "model":
            assert target.name is not None
            if allowed is not None and target.name not in allowed:
                raise PermissionDenied(
                    f"this API key may not use model {target.name!r}",
                    param="model",
                    code="model_not_allowed",
                )
            if self._config.models[target.name].embedding:
                raise InvalidRequest(
                    f"model {target.name!r} is an embedding model: ask POST /v1/embeddings",
                    param="model",
                )
            pinned = self._pinned[target.name]
            return self._filter(pinned, pinned.why, classification, body, allowed)
        route, why = self._select_route(target, classification)
        decision = self._filter(route, why, classification, body, allowed)
        if route.strategy in ("quality", "utility") and len(decision.candidates) > 1:
            costs = {
                c.model: self._estimated_cost(c.model, classification, body)
                for c in decision.candidates
            }
            decision.candidates[:] = order_by_prediction(
                route.strategy,
                decision.candidates,
                classification.predicted(),
                costs,
                self._aliases,
                quality_target=route.quality_target,
                quality_margin=route.quality_margin,
                cost_weight=route.cost_weight,
            )
        elif route.strategy == "cheapest" and len(decision.candidates) > 1:
            costs = {
                c.model: self._estimated_cost(c.model, classification, body)
                for c in decision.candidates
            }
            decision.candidates.sort(key=lambda c: costs[c.model])
            decision.candidates[:] = [
                Candidate(
                    c.model, "cheapest first in {} (est. ${:.6f})", (route.name, costs[c.model])
                )
                for c in decision.candidates
            ]
        return decision

    def _select_route(
        self, target: Target, classification: Classification
    ) -> tuple[_CompiledRoute, str]:
        if target.kind == "route":
            assert target.name is not None
            return self._routes[target.name], f"pinned by model 'auto:{target.name}'"
        hint = classification.features.route_hint
        if hint is not None:
            if hint not in self._routes:
                raise InvalidRequest(
                    f"unknown route hint {hint!r}; routes: {', '.join(sorted(self._routes))}",
                    param="metadata.route",
                )
            return self._routes[hint], "route hint from caller"
        labels = set(classification.labels)
        tokens = classification.features.estimated_tokens
        for route in self._ordered_routes:
            if route.matches(labels, tokens, classification):
                return route, _reason(route, classification)
        return self._default, "default route"

    def _filter(
        self,
        route: _CompiledRoute,
        why: str,
        classification: Classification,
        body: dict[str, Any],
        allowed: frozenset[str] | None = None,
    ) -> RoutingDecision:
        f = classification.features
        wanted_out = _requested_output_tokens(body)
        decision = RoutingDecision(route.name, why, [], [], self.version, route.hedge_after_s)
        for candidate, model in route.candidates:
            if allowed is not None and candidate.model not in allowed:
                decision.skipped.append(Skipped(candidate.model, "not allowed for this API key"))
                continue
            problem = _constraint_problem(model, f.estimated_tokens, wanted_out, f)
            if problem is None:
                decision.candidates.append(candidate)
            else:
                decision.skipped.append(Skipped(candidate.model, problem))
        if not decision.candidates:
            if allowed is not None and all(s.model not in allowed for s in decision.skipped):
                raise PermissionDenied(
                    f"this API key may use no model of route {route.name!r}",
                    code="model_not_allowed",
                )
            detail = "; ".join(f"{s.model}: {s.reason}" for s in decision.skipped)
            code = (
                "context_length_exceeded"
                if all("context window" in s.reason for s in decision.skipped)
                else "no_capable_model"
            )
            raise InvalidRequest(
                f"no model in route {route.name!r} can take this request ({detail})", code=code
            )
        return decision

    def _estimated_cost(
        self, name: str, classification: Classification, body: dict[str, Any]
    ) -> float:
        price = self._config.models[name].price
        out = _requested_output_tokens(body) or 256
        return (classification.features.estimated_tokens * price.input + out * price.output) / 1e6


def _requested_output_tokens(body: dict[str, Any]) -> int:
    value = body.get("max_completion_tokens") or body.get("max_tokens") or 0
    return value if isinstance(value, int) else 0


def _constraint_problem(
    model: ModelConfig, tokens: int, out_tokens: int, f: Features
) -> str | None:
    if tokens + out_tokens > model.context_window:
        return f"~{tokens}+{out_tokens} tokens exceed context window {model.context_window}"
    caps = model.capabilities
    if f.has_tools and "tools" not in caps:
        return "lacks capability 'tools'"
    if f.has_images and "vision" not in caps:
        return "lacks capability 'vision'"
    if f.has_documents and "documents" not in caps:
        return "lacks capability 'documents'"
    if f.json_mode and "json" not in caps:
        return "lacks capability 'json'"
    return None


def _reason(route: _CompiledRoute, c: Classification) -> str:
    """Why a matched route was taken: its conditions, with the numbers of the learned ones."""
    if not route.learned:
        return route.why
    why = route.why
    m = c.utterance
    if route.utterances and m is not None:
        similar = f"utterances: {m.route} {m.score:.2f} ≥ {m.threshold:.2f}"
        why = f"{why}; {similar}" if why else similar
    p = c.prediction
    if not route.predicted or p is None:
        return why
    confidence = p.category_scores.get(p.category, 0.0)
    return f"{why} (predicted {p.category} at {confidence:.2f}, difficulty {p.difficulty:.2f})"


def _check_against_model(config: Config, local: LocalClassifier) -> None:
    """Names the config uses must exist in the local model: a typo would silently never match."""
    problems = []
    for i, route in enumerate(config.policy.routes):
        for cat in route.when.category if route.when else ():
            if cat not in local.categories:
                problems.append(
                    Problem(
                        f"policy.routes.{i}.when.category",
                        None,
                        f"the local model has no category {cat!r}; it has: "
                        + ", ".join(sorted(local.categories)),
                    )
                )
    for name, model in config.models.items():
        if model.quality_as is not None and model.quality_as not in local.models:
            problems.append(
                Problem(
                    f"models.{name}.quality_as",
                    None,
                    f"the local model has no predictions for {model.quality_as!r}; it has: "
                    + ", ".join(sorted(local.models)),
                )
            )
    if problems:
        raise ConfigError(str(local.path), problems)


def _explain(when: When) -> str:
    parts = []
    if when.all:
        parts.append("all of " + ",".join(when.all))
    if when.any:
        parts.append("any of " + ",".join(when.any))
    if when.none:
        parts.append("none of " + ",".join(when.none))
    if when.min_tokens is not None:
        parts.append(f">= {when.min_tokens} tokens")
    if when.max_tokens is not None:
        parts.append(f"<= {when.max_tokens} tokens")
    if when.category:
        parts.append("category in " + ",".join(when.category))
    if when.min_difficulty is not None:
        parts.append(f"difficulty >= {when.min_difficulty}")
    if when.max_difficulty is not None:
        parts.append(f"difficulty <= {when.max_difficulty}")
    if parts:
        return "labels match " + "; ".join(parts)
    # The similarity and threshold are added per request (see ``_reason``).
    return "" if when.utterances else "always"

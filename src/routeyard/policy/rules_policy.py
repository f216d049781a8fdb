"""The rules policy: labels → route → candidates, filtered by hard constraints and ordered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from routeyard.classify.types import Classification
from routeyard.config.schema import Config, ModelConfig, Route, When
from routeyard.errors import InvalidRequest, NotFound, PermissionDenied
from routeyard.policy.decision import Candidate, RoutingDecision, Skipped

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

    def matches(self, labels: set[str], tokens: int) -> bool:
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
        return not (when.max_tokens is not None and tokens > when.max_tokens)


class RulesPolicy:
    def __init__(self, config: Config) -> None:
        self._config = config
        self._routes = {r.name: self._compile(r) for r in config.policy.routes}
        self._ordered_routes = [self._routes[r.name] for r in config.policy.routes if r.when]
        self._default = self._routes[config.policy.default_route]
        self._pinned = {name: self._compile_pinned(name) for name in config.models}
        self.route_names = frozenset(self._routes)
        self.version = config.policy.version

    def _compile(self, route: Route) -> _CompiledRoute:
        names = list(dict.fromkeys(route.candidates))
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
            pinned = self._pinned[target.name]
            return self._filter(pinned, pinned.why, classification, body, allowed)
        route, why = self._select_route(target, classification)
        decision = self._filter(route, why, classification, body, allowed)
        if route.strategy == "cheapest" and len(decision.candidates) > 1:
            costs = {
                c.model: self._estimated_cost(c.model, classification, body)
                for c in decision.candidates
            }
            decision.candidates.sort(key=lambda c: costs[c.model])
            decision.candidates[:] = [
                Candidate(c.model, f"cheapest first in {route.name} (est. ${costs[c.model]:.6f})")
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
            if route.matches(labels, tokens):
                return route, route.why
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
            problem = _constraint_problem(
                model, f.estimated_tokens, wanted_out, f.has_tools, f.has_images, f.json_mode
            )
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
    model: ModelConfig, tokens: int, out_tokens: int, tools: bool, images: bool, json_mode: bool
) -> str | None:
    if tokens + out_tokens > model.context_window:
        return f"~{tokens}+{out_tokens} tokens exceed context window {model.context_window}"
    caps = model.capabilities
    if tools and "tools" not in caps:
        return "lacks capability 'tools'"
    if images and "vision" not in caps:
        return "lacks capability 'vision'"
    if json_mode and "json" not in caps:
        return "lacks capability 'json'"
    return None


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
    return "labels match " + "; ".join(parts) if parts else "always"

"""Classify + decide: what ``routeyard route`` and every request run first.

``plan`` runs the layers with no I/O (rules, then utterance routes and the local model, each
only when a route being tried needs it) and decides. When an LLM classifier is configured,
``refine`` may then ask it (only where the local model is unsure, unless configured for every
request) and decide again on its answer; a late or failed answer leaves the first plan standing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from routeyard.classify import Classification, RulesClassifier
from routeyard.classify.features import SCAN_CHARS, last_user_text
from routeyard.classify.llm import Complete, LlmClassifier, LlmOutcome
from routeyard.classify.local import LocalClassifier, learned_input
from routeyard.classify.segments import Memo, SegmentFilter
from routeyard.classify.utterances import UtteranceClassifier, has_utterances
from routeyard.config.schema import Config
from routeyard.policy import RoutingDecision, RulesPolicy, parse_target


@dataclass(slots=True)
class Plan:
    classification: Classification
    decision: RoutingDecision
    decision_us: float
    target_kind: str = "auto"
    llm: LlmOutcome | None = None  # the LLM classifier's answer, when it was asked


class Planner:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.classifier = RulesClassifier(config.classifier)
        local = config.classifier.local_model
        self.local = LocalClassifier(local) if local.enabled else None
        self.max_chars = local.max_chars
        self.ignore_directives = config.classifier.ignore_directives
        # Fitted here, once; the embedding is loaded only when some route has utterances.
        self.utterances: UtteranceClassifier | None = None
        if has_utterances(config.policy):
            embedder = self.local.model.embedder if self.local is not None else None
            self.utterances = UtteranceClassifier.fit(config.policy, embedder)
        # Segments that talk about the request rather than being it: read by neither the rules
        # nor the learned layers (see ``classify.segments``); needs the local model's embedding.
        self.segments: SegmentFilter | None = None
        if self.local is not None and self.ignore_directives and config.classifier.segment_filter:
            self.segments = SegmentFilter.load(self.local.model.embedder)
        self.read_chars = max(SCAN_CHARS, self.max_chars)
        self.policy = RulesPolicy(config, self.local)
        self.llm: LlmClassifier | None = None

    def attach_llm(self, complete: Complete) -> None:
        """Enable the configured LLM classifier, calling models through ``complete``."""
        cfg = self.config.classifier.llm
        if cfg is not None and self.local is not None:
            self.llm = LlmClassifier(cfg, self.local.model.categories, complete)

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
        segments = self.segments
        if segments is None or target.kind == "model":
            classification = self.classifier.classify(body, route_hint)
        else:
            memo = Memo()
            text, dropped = segments.filter(last_user_text(body)[: self.read_chars], memo)
            classification = self.classifier.classify(body, route_hint, text)
            classification.segment_memo = memo
            if dropped:
                classification.filtered_text = text
                classification.set_aside += dropped
        if target.kind != "model":
            # Lazy: the policy runs the model only if the route it picks needs the prediction,
            # and matches utterances only if it tries a route that has them.
            if self.local is not None:
                classification.pending = partial(self._predict, body=body)
            if self.utterances is not None:
                classification.utterance_pending = partial(self._match, body=body)
        decision = self.policy.decide(target, classification, body, allowed)
        elapsed = (time.perf_counter_ns() - started) / 1000
        return Plan(classification, decision, elapsed, target.kind)

    def wants_llm(self, plan: Plan) -> bool:
        llm = self.llm
        if llm is None or plan.target_kind == "model":
            return False
        c = plan.classification
        if c.prediction is None:  # the decision did not need the local model, or it failed
            return False
        return llm.config.when == "always" or not c.confident

    async def refine(
        self,
        plan: Plan,
        body: dict[str, Any],
        model: str,
        allowed: frozenset[str] | None = None,
    ) -> Plan:
        """Ask the LLM classifier and decide again on its answer (see ``wants_llm``). The time
        it took is added to ``decision_us``; on no usable answer the first plan stands."""
        assert self.llm is not None
        started = time.perf_counter_ns()
        outcome = await self.llm.classify(last_user_text(body))
        waited = (time.perf_counter_ns() - started) / 1000
        c = plan.classification
        if outcome.category is None or outcome.difficulty is None or c.prediction is None:
            return replace(plan, decision_us=plan.decision_us + waited, llm=outcome)
        c.prediction = replace(
            c.prediction, category=outcome.category, difficulty=outcome.difficulty
        )
        c.confident = True
        c.layers.append("llm")
        target = parse_target(model, self.config, self.policy.route_names)
        decision = self.policy.decide(target, c, body, allowed)
        elapsed = (time.perf_counter_ns() - started) / 1000
        return replace(plan, decision=decision, decision_us=plan.decision_us + elapsed, llm=outcome)

    def learned_text(self, classification: Classification, body: dict[str, Any]) -> str:
        """The text the learned layers read (see ``learned_input``), computed once per request;
        the pieces set aside are counted then."""
        text = classification.read_text
        if text is None:
            text = classification.filtered_text
            if text is None:
                text = last_user_text(body)
            # The rules' word set gates the search for directives in what the model reads: it
            # serves when the rules scanned all of that (the default: both read 2048 characters).
            covered = len(text) <= SCAN_CHARS or self.max_chars <= SCAN_CHARS
            words = classification.words if covered else None
            text, set_aside = learned_input(text, self.max_chars, self.ignore_directives, words)
            classification.set_aside += set_aside
            classification.read_text = text
        return text

    def _predict(self, classification: Classification, body: dict[str, Any]) -> None:
        assert self.local is not None
        text = self.learned_text(classification, body)
        # With the segment filter, segments at the ends weigh by how little they read like talk
        # about the request (``SegmentFilter.weigh``); a text of one segment is read as it is.
        segments = self.segments
        weighted = None
        if segments is not None:
            weighted = segments.weigh(text, classification.segment_memo)
        if weighted is None:
            prediction = self.local.predict(text)
        else:
            prediction = self.local.predict_weighted(weighted)
        if prediction is not None:
            classification.prediction = prediction
            classification.confident = self.local.confident(prediction)
            classification.layers.append("local")

    def _match(self, classification: Classification, body: dict[str, Any]) -> None:
        assert self.utterances is not None
        text = self.learned_text(classification, body)
        match, similarities = self.utterances.read(text)
        classification.utterance = match
        classification.utterance_similarities = similarities
        classification.layers.append("utterances")

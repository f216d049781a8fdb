"""What classification produces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import floor as _floor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from routeyard.classify.segments import Memo
    from routeyard.learn.model import Prediction
    from routeyard.learn.routes import RouteMatch


@dataclass(slots=True)
class Features:
    """Cheap facts about a request, computed once, in microseconds."""

    estimated_tokens: int
    turns: int
    has_code: bool
    has_math: bool
    has_tools: bool
    json_mode: bool
    has_images: bool
    non_english: bool
    route_hint: str | None = None
    has_documents: bool = False  # a file part (a PDF or a text document)


@dataclass(slots=True)
class Classification:
    features: Features
    labels: list[str]
    # Why each label is there, e.g. {"extraction": "keyword 'extract'"}.
    evidence: dict[str, str] = field(default_factory=dict)
    # The local model's view (category, difficulty, predicted quality), when it ran.
    prediction: Prediction | None = None
    # Whether the category is confident enough to match ``when.category``.
    confident: bool = False
    # Pieces of the message the classifiers did not read, as addressing its routing.
    set_aside: int = 0
    # The words of the last user message's start as the rules scanned them (lower-cased), so a
    # later layer need not split the text again.
    words: frozenset[str] | None = field(default=None, repr=False)
    # Which layers ran, e.g. ["rules", "local"] or ["rules", "local", "llm"].
    layers: list[str] = field(default_factory=list)
    # Runs the local model on first use (see ``predicted``); None once it ran, or when it is off.
    pending: Callable[[Classification], None] | None = field(default=None, repr=False)
    # The utterance route the prompt matched (see ``matched_utterances``), when it was asked.
    utterance: RouteMatch | None = None
    # Matches the prompt against utterance routes on first use, like ``pending``; None once it
    # ran, or when no route has utterances.
    utterance_pending: Callable[[Classification], None] | None = field(default=None, repr=False)
    # Every utterance route's similarity to the prompt, once the match ran (and did not fail):
    # computed when called, by the request log's ``scores``, off the request path.
    utterance_similarities: Callable[[], dict[str, float]] | None = field(default=None, repr=False)
    # What the learned layers read (the last user message's start, directives set aside),
    # computed once for both of them.
    read_text: str | None = field(default=None, repr=False)
    # The last user message's start without the segments the segment filter set aside, when it
    # set any aside: what the rules read, and the learned layers start from.
    filtered_text: str | None = field(default=None, repr=False)
    # The segment filter's work on the message, for the local model's weights.
    segment_memo: Memo | None = field(default=None, repr=False)

    def predicted(self) -> Prediction | None:
        """The local model's view, computed the first time a route condition or strategy asks
        for it: requests that a rules route takes never pay for the model."""
        run = self.pending
        if run is not None:
            self.pending = None
            run(self)
        return self.prediction

    def matched_utterances(self) -> RouteMatch | None:
        """The utterance route the prompt matches, if any, computed the first time a route with
        ``when.utterances`` is tried."""
        run = self.utterance_pending
        if run is not None:
            self.utterance_pending = None
            run(self)
        return self.utterance

    def scores(self) -> dict[str, float] | None:
        """Flat numbers for the request log and traces: ``category:<name>`` probabilities,
        ``difficulty`` and ``quality:<model>`` predictions when the local model ran,
        ``utterance:<route>`` similarities when the utterance routes were matched, and
        ``set_aside`` (pieces of the message not read as addressing the routing) when there
        were any. None when neither gave any."""
        p = self.prediction
        similarities = self.utterance_similarities
        out: dict[str, float]
        if p is not None:
            keys = _CATEGORY_KEYS
            out = {keys.get(k) or _key(keys, "category:", k): _floor(v * 1e4 + 0.5) / 1e4
                   for k, v in p.category_scores.items()}  # fmt: skip
            out["difficulty"] = _floor(p.difficulty * 1e4 + 0.5) / 1e4
            keys = _QUALITY_KEYS
            for k, v in p.predicted.items():  # 4 decimals; round() costs 4x as much per value
                out[keys.get(k) or _key(keys, "quality:", k)] = _floor(v * 1e4 + 0.5) / 1e4
        elif similarities is None:
            return None
        else:
            out = {}
        if similarities is not None:
            keys = _UTTERANCE_KEYS
            for k, v in similarities().items():
                out[keys.get(k) or _key(keys, "utterance:", k)] = _floor(v * 1e4 + 0.5) / 1e4
        if self.set_aside:
            out["set_aside"] = float(self.set_aside)
        return out


# Flat score names by label: built once per label, not per logged request.
_CATEGORY_KEYS: dict[str, str] = {}
_QUALITY_KEYS: dict[str, str] = {}
_UTTERANCE_KEYS: dict[str, str] = {}


def _key(cache: dict[str, str], prefix: str, name: str) -> str:
    if len(cache) < 10_000:
        cache[name] = prefix + name
    return prefix + name

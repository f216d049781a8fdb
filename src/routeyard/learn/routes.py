"""Routes given as example utterances, matched by embedding similarity.

A route is a name and a few things users say that should go there. A prompt's score for a route
is its highest cosine similarity to the route's utterances (embedded without the token weights
an artefact may carry for the local model's heads: those play down words that do not tell the
shared data's tasks apart, and a user's routes may be about anything); the prompt matches the
best-scoring route whose score reaches that route's threshold. Thresholds are fitted, not
guessed: each utterance is scored against the rest of its own route (leave one out) as a
positive, every other route's utterances and any ``negatives`` (ordinary prompts that should
match nothing) as negatives, and the threshold is the cut that maximises F0.5. Precision counts
double because a wrong match overrides normal routing, while a missed one merely falls back to
it.

    >>> router = fit_utterance_routes(                                   # doctest: +SKIP
    ...     {"billing": ["I was charged twice", "refund my payment", "update my card"],
    ...      "weather": ["will it rain tomorrow", "forecast for Paris"]},
    ...     embedder, negatives=["write a haiku about autumn"])
    >>> router.match("why was my card charged two times?").route        # doctest: +SKIP
    'billing'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from routeyard.learn.embedding import StaticEmbedder

FloatArray = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

DEFAULT_THRESHOLD = 0.5
BETA = 0.5  # F-beta weighting: precision counts double


@dataclass(frozen=True, slots=True)
class RouteMatch:
    route: str
    score: float
    threshold: float


def best_threshold(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """The score cut maximising F0.5 of ``score >= cut``, midway between neighbouring scores;
    of equally good cuts, the highest.

    With no negatives, just under the lowest positive; with no positives, ``DEFAULT_THRESHOLD``.

    >>> best_threshold([0.9, 0.8, 0.7], [0.2, 0.75])
    0.775
    """
    if not positives:
        return DEFAULT_THRESHOLD
    if not negatives:
        return round(min(positives) - 0.05, 6)
    pos = np.sort(np.asarray(positives, dtype=np.float64))
    neg = np.sort(np.asarray(negatives, dtype=np.float64))
    values = np.unique(np.r_[pos, neg])
    cuts = np.r_[values[0] - 0.01, (values[:-1] + values[1:]) / 2, values[-1] + 0.01]
    best_cut, best_f = float(cuts[0]), -1.0
    beta2 = BETA * BETA
    for cut in cuts:
        tp = pos.size - np.searchsorted(pos, cut, side="left")
        fp = neg.size - np.searchsorted(neg, cut, side="left")
        fn = pos.size - tp
        f = (1 + beta2) * tp / ((1 + beta2) * tp + beta2 * fn + fp) if tp else 0.0
        if f >= best_f - 1e-12:
            best_cut, best_f = float(cut), max(f, best_f)
    return round(best_cut, 6)


class UtteranceRouter:
    """Matches prompts to routes; built by ``fit_utterance_routes`` or ``from_dict``."""

    def __init__(
        self,
        embedder: StaticEmbedder,
        routes: Mapping[str, Sequence[str]],
        thresholds: Mapping[str, float],
    ) -> None:
        self.embedder = embedder
        self.routes = {name: tuple(utterances) for name, utterances in routes.items()}
        self.thresholds = {name: float(thresholds[name]) for name in self.routes}
        self.names = tuple(self.routes)
        texts = [u for name in self.names for u in self.routes[name]]
        self._owner = np.array(
            [i for i, name in enumerate(self.names) for _ in self.routes[name]], dtype=np.int64
        )
        self._matrix = embedder.embed_many_unweighted(texts)
        self._cuts = np.array([self.thresholds[n] for n in self.names], dtype=np.float32)

    def scores_vector(self, x: FloatArray) -> FloatArray:
        """Each route's score (highest similarity to its utterances) for one embedding, from
        ``embedder.embed_unweighted``."""
        sims = self._matrix @ x
        out = np.full(len(self.names), -1.0, dtype=np.float32)
        np.maximum.at(out, self._owner, sims)
        return out

    def scores(self, text: str) -> dict[str, float]:
        return dict(
            zip(
                self.names,
                self.scores_vector(self.embedder.embed_unweighted(text)).tolist(),
                strict=True,
            )
        )

    def match_vector(self, x: FloatArray) -> RouteMatch | None:
        if not self.names:
            return None
        scores = self.scores_vector(x)
        margin = scores - self._cuts
        best = int(np.argmax(np.where(margin >= 0, scores, -np.inf)))
        if margin[best] < 0:
            return None
        return RouteMatch(self.names[best], float(scores[best]), float(self._cuts[best]))

    def match(self, text: str) -> RouteMatch | None:
        """The best route whose threshold the prompt reaches, or None."""
        return self.match_vector(self.embedder.embed_unweighted(text))

    def as_dict(self) -> dict[str, Any]:
        return {
            name: {"utterances": list(self.routes[name]), "threshold": self.thresholds[name]}
            for name in self.names
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], embedder: StaticEmbedder) -> UtteranceRouter:
        routes = {name: list(spec["utterances"]) for name, spec in data.items()}
        thresholds = {name: float(spec["threshold"]) for name, spec in data.items()}
        return cls(embedder, routes, thresholds)


def fit_utterance_routes(
    routes: Mapping[str, Sequence[str]],
    embedder: StaticEmbedder,
    negatives: Sequence[str] = (),
) -> UtteranceRouter:
    """Embed each route's utterances and fit one threshold per route (see the module doc)."""
    for name, utterances in routes.items():
        if not utterances:
            raise ValueError(f"route {name!r} has no utterances")
    names = list(routes)
    embedded = {name: embedder.embed_many_unweighted(list(routes[name])) for name in names}
    negative_x = embedder.embed_many_unweighted(list(negatives)) if negatives else None
    thresholds: dict[str, float] = {}
    for name in names:
        own = embedded[name]
        sims = own @ own.T
        np.fill_diagonal(sims, -np.inf)
        positives = sims.max(axis=1).tolist() if own.shape[0] > 1 else []
        negative_scores: list[float] = []
        others = [embedded[n] for n in names if n != name]
        if negative_x is not None:
            others.append(negative_x)
        for block in others:
            negative_scores.extend((block @ own.T).max(axis=1).tolist())
        if not positives:
            # One utterance: no leave-one-out score; stay above every negative.
            top_negative = max(negative_scores, default=DEFAULT_THRESHOLD - 0.01)
            thresholds[name] = round(max(DEFAULT_THRESHOLD, top_negative + 0.01), 6)
        else:
            thresholds[name] = best_threshold(positives, negative_scores)
    return UtteranceRouter(embedder, routes, thresholds)

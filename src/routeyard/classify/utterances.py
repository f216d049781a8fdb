"""Utterance routes as a classification layer: fitted once, asked at most once per request.

Routes with ``when.utterances`` are fitted together when the router is built
(``routeyard.learn.routes.fit_utterance_routes``: one threshold per route, from its examples,
the other routes' examples and ``policy.utterance_negatives``). A request is matched on the text
the local model reads (``classify.local.learned_input``), and only when the policy tries a
route with utterances. Like the local model, it never fails a request: an error is counted,
logged once, and the prompt matches no utterance route.

    >>> layer = UtteranceClassifier.fit(config.policy)                # doctest: +SKIP
    >>> layer.match("why was my card charged two times?").route       # doctest: +SKIP
    'billing'
    >>> layer.thresholds                                              # doctest: +SKIP
    {'billing': 0.383163, 'weather': 0.525789}
    >>> layer.describe()                                              # doctest: +SKIP
    ['utterance route billing: threshold 0.38 (5 utterances, 5 negatives)', ...]
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from routeyard.config.schema import PolicyConfig

if TYPE_CHECKING:
    from routeyard.learn.embedding import StaticEmbedder
    from routeyard.learn.routes import FloatArray, RouteMatch, UtteranceRouter

# Every route's similarity to one prompt, computed when called.
Similarities = Callable[[], dict[str, float]]

log = logging.getLogger("routeyard.classify")


class UtteranceRoutesError(Exception):
    """The embedding utterance routes need cannot be loaded: reinstall routeyard."""


def has_utterances(policy: PolicyConfig) -> bool:
    return any(r.when is not None and r.when.utterances for r in policy.routes)


class UtteranceClassifier:
    def __init__(self, router: UtteranceRouter, negatives: int = 0) -> None:
        self.router = router
        self.negatives = negatives  # how many policy.utterance_negatives the fit had
        self.failures = 0

    @classmethod
    def fit(
        cls, policy: PolicyConfig, embedder: StaticEmbedder | None = None
    ) -> UtteranceClassifier:
        """Fit every route's threshold. ``embedder``: the local model's, when it is loaded
        (one copy of the vectors, ~30 MB); else the shipped one is loaded."""
        from routeyard.learn.embedding import ArtefactError, StaticEmbedder
        from routeyard.learn.routes import fit_utterance_routes

        if embedder is None:
            try:
                embedder = StaticEmbedder.load()
            except ArtefactError as exc:
                raise UtteranceRoutesError(f"utterance routes: {exc}") from exc
        routes = {
            r.name: list(r.when.utterances)
            for r in policy.routes
            if r.when is not None and r.when.utterances
        }
        negatives = list(policy.utterance_negatives)
        return cls(fit_utterance_routes(routes, embedder, negatives), len(negatives))

    @property
    def thresholds(self) -> dict[str, float]:
        """Each utterance route's fitted similarity threshold."""
        return dict(self.router.thresholds)

    def describe(self) -> list[str]:
        """One line per route: its fitted threshold and what it was fitted from (what
        ``routeyard check`` and ``routeyard serve`` print)."""
        negatives = _count(self.negatives, "negative")
        return [
            f"utterance route {name}: threshold {cut:.2f} "
            f"({_count(len(self.router.routes[name]), 'utterance')}, {negatives})"
            for name, cut in self.router.thresholds.items()
        ]

    def match(self, text: str) -> RouteMatch | None:
        """The route whose examples ``text`` is most like, among those whose threshold it
        reaches; None when there is none, or the layer failed."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[RouteMatch | None, Similarities | None]:
        """``match``, and every route's similarity to ``text`` for the request log: computed
        only when called (by the log, off the request path) from the embedding the match
        used. ``(None, None)`` when the layer failed."""
        router = self.router
        try:
            x = router.embedder.embed_unweighted(text)
            return router.match_vector(x), partial(self._similarities, x)
        except Exception:  # a broken layer is skipped, never fatal (design: the cascade)
            self._failed()
            return None, None

    def scores(self, text: str) -> dict[str, float]:
        """Every utterance route's similarity for ``text`` (empty if the layer failed)."""
        try:
            return self.router.scores(text)
        except Exception:
            self._failed()
            return {}

    def _similarities(self, x: FloatArray) -> dict[str, float]:
        # The numbers match_vector compared on the request path, which did not fail on them.
        return dict(zip(self.router.names, self.router.scores_vector(x).tolist(), strict=True))

    def _failed(self) -> None:
        self.failures += 1
        if self.failures == 1:
            log.exception("utterance routes failed; routing as if none matched")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

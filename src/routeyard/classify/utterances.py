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
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from routeyard.config.schema import PolicyConfig

if TYPE_CHECKING:
    from routeyard.learn.embedding import StaticEmbedder
    from routeyard.learn.routes import RouteMatch, UtteranceRouter

log = logging.getLogger("routeyard.classify")


class UtteranceRoutesError(Exception):
    """The embedding utterance routes need cannot be loaded: reinstall routeyard."""


def has_utterances(policy: PolicyConfig) -> bool:
    return any(r.when is not None and r.when.utterances for r in policy.routes)


class UtteranceClassifier:
    def __init__(self, router: UtteranceRouter) -> None:
        self.router = router
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
        return cls(fit_utterance_routes(routes, embedder, negatives))

    @property
    def thresholds(self) -> dict[str, float]:
        """Each utterance route's fitted similarity threshold."""
        return dict(self.router.thresholds)

    def match(self, text: str) -> RouteMatch | None:
        """The route whose examples ``text`` is most like, among those whose threshold it
        reaches; None when there is none, or the layer failed."""
        try:
            return self.router.match(text)
        except Exception:  # a broken layer is skipped, never fatal (design: the cascade)
            self._failed()
            return None

    def scores(self, text: str) -> dict[str, float]:
        """Every utterance route's similarity for ``text`` (empty if the layer failed)."""
        try:
            return self.router.scores(text)
        except Exception:
            self._failed()
            return {}

    def _failed(self) -> None:
        self.failures += 1
        if self.failures == 1:
            log.exception("utterance routes failed; routing as if none matched")

"""The local model as a classification layer: loaded once, asked once per routed request.

It reads what ``learned_input`` leaves of the last user message (its start, up to
``classifier.local_model.max_chars``, minus the text that addresses the request's routing unless
``classifier.ignore_directives`` is off; the planner computes it once), and returns a
``Prediction`` (category, difficulty, predicted quality per model). It never fails a request:
an error inside the model is counted, logged once, and the request is routed on its rules alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from routeyard.classify.directives import strip_directives, without_directives
from routeyard.config.classifier import LocalModelConfig

if TYPE_CHECKING:
    from routeyard.classify.segments import Weighted
    from routeyard.learn.model import LocalModel, Prediction

log = logging.getLogger("routeyard.classify")


class LocalModelError(Exception):
    """The configured model directory cannot be loaded."""


class LocalClassifier:
    def __init__(self, config: LocalModelConfig) -> None:
        from routeyard.learn.model import LocalModel, ModelDirError, default_model_dir

        path = Path(config.path) if config.path else default_model_dir()
        try:
            self.model: LocalModel = LocalModel.load(path)
        except (ModelDirError, OSError, ValueError, KeyError) as exc:
            raise LocalModelError(f"classifier.local_model.path {str(path)!r}: {exc}") from exc
        self.path = path
        self.max_chars = config.max_chars
        self.min_confidence = config.min_confidence
        self.categories = frozenset(self.model.categories)
        self.models = frozenset(self.model.models)
        self.failures = 0

    def predict(self, text: str) -> Prediction | None:
        """The prediction for ``text`` as given (its start, up to ``max_chars``)."""
        return self._guarded(lambda: self.model.predict(text[: self.max_chars]))

    def predict_weighted(self, weighted: Weighted) -> Prediction | None:
        """``predict`` on segments weighted by the segment filter (``SegmentFilter.weigh``)."""
        return self._guarded(
            lambda: self.model.predict_weighted(weighted.ids, weighted.starts, weighted.weights)
        )

    def _guarded(self, run: Callable[[], Prediction]) -> Prediction | None:
        try:
            return run()
        except Exception:  # a broken layer is skipped, never fatal (design: the cascade)
            self.failures += 1
            if self.failures == 1:
                log.exception("local model failed; routing on rules alone")
            return None

    def confident(self, prediction: Prediction | None) -> bool:
        if prediction is None:
            return False
        return prediction.category_scores.get(prediction.category, 0.0) >= self.min_confidence


def learned_input(
    text: str, max_chars: int, ignore_directives: bool, words: frozenset[str] | None = None
) -> tuple[str, int]:
    """What the learned layers (the local model, utterance routes) read of a user message: its
    first ``max_chars`` characters, minus what addresses the request's routing when
    ``ignore_directives`` is on; and how many pieces were set aside. ``words``: the message's
    lower-cased words, when the caller has all of them (they gate the search for directives)."""
    text = text[:max_chars]
    if not ignore_directives:
        return text, 0
    if words is None:
        return without_directives(text)
    return strip_directives(text, words)

"""The one training path: routing-eval rows in, a ``LocalModel`` out.

``routeyard train``, the quality report and (later) the evals loop all call ``train``. Rows
with ``results`` train the quality heads (their ``category``, as written, names the task whose
mean scores form the quality prior); rows with a category that the label set keeps train the
user-facing category classifier; a row may do both.

    >>> from routeyard.evals.dataset import read_rows
    >>> model = train(read_rows(Path("train.jsonl")))        # doctest: +SKIP
    >>> model.save(Path("my-router"))                         # doctest: +SKIP

Difficulty is the share of *small* models that fail a prompt: ``1 − their mean score`` (a
partial score counts in proportion). Small models are named in the config; by default they are
the weaker half of the models by mean training score. Without any labelled row the classifier
knows one category, ``unknown``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from routeyard.evals.dataset import EvalRow
from routeyard.learn.categories import CategoryClassifier, LabelSet
from routeyard.learn.embedding import StaticEmbedder
from routeyard.learn.model import DIFFICULTY, LocalModel
from routeyard.learn.quality import COMPONENTS, fit_quality, masked_mean

F64 = npt.NDArray[np.float64]
Progress = Callable[[str], None]
UNLABELLED = "unknown"


class TrainingError(ValueError):
    """The rows cannot train a model (no scores at all, say); the message says what is missing."""


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """``labels``: the category label set; ``small_models``: whose failures make
    ``difficulty``; ``cv_folds``: folds choosing the quality blend (0 or 1: fixed defaults)."""

    labels: LabelSet = field(default_factory=LabelSet)
    small_models: Sequence[str] | None = None
    cv_folds: int = 3
    classifier_steps: int = 300


@dataclass(frozen=True, slots=True)
class _Table:
    rows: list[EvalRow]
    models: list[str]
    y: F64
    mask: npt.NDArray[np.bool_]


def _score_table(rows: list[EvalRow]) -> _Table:
    scored = [row for row in rows if row.results]
    models = sorted({name for row in scored for name in row.results})
    index = {name: i for i, name in enumerate(models)}
    y = np.zeros((len(scored), len(models)))
    mask = np.zeros((len(scored), len(models)), dtype=bool)
    for r, row in enumerate(scored):
        for name, result in row.results.items():
            y[r, index[name]] = result.score
            mask[r, index[name]] = True
    return _Table(scored, models, y, mask)


def _small_models(table: _Table, configured: Sequence[str] | None) -> list[str]:
    if configured is not None:
        unknown = sorted(set(configured) - set(table.models))
        if unknown:
            raise TrainingError(f"small models not in the data: {', '.join(unknown)}")
        return sorted(configured)
    means = masked_mean(table.y, table.mask)
    order = np.argsort(means, kind="stable")
    half = max(1, len(table.models) // 2)
    return sorted(table.models[i] for i in order[:half])


def train(
    rows: Iterable[EvalRow],
    config: TrainConfig | None = None,
    embedder: StaticEmbedder | None = None,
    progress: Progress | None = None,
) -> LocalModel:
    """Train the category classifier and the quality heads on ``rows``."""
    config = config or TrainConfig()
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    all_rows = list(rows)
    table = _score_table(all_rows)
    if not table.rows:
        raise TrainingError("no row has 'results': the quality heads need model scores")
    embedder = embedder or StaticEmbedder.load()

    say(f"embedding {len(all_rows)} prompts")
    x_all = embedder.embed_many([row.prompt for row in all_rows])
    labels_all = [config.labels.map(row.category) for row in all_rows]
    scored_at = np.array([i for i, row in enumerate(all_rows) if row.results], dtype=np.int64)
    x = x_all[scored_at]

    small = _small_models(table, config.small_models)
    small_cols = [table.models.index(name) for name in small]
    small_present = table.mask[:, small_cols]
    small_scores = np.where(small_present, table.y[:, small_cols], 0.0).sum(axis=1)
    counts = small_present.sum(axis=1)
    difficulty = np.where(counts > 0, 1.0 - small_scores / np.maximum(counts, 1), 0.0)
    y = np.c_[table.y, difficulty]
    mask = np.c_[table.mask, counts > 0]

    labelled_at = [i for i, label in enumerate(labels_all) if label is not None]
    say(f"category classifier on {len(labelled_at)} labelled prompts")
    if labelled_at:
        classifier = CategoryClassifier.fit(
            x_all[labelled_at],
            [labels_all[i] or UNLABELLED for i in labelled_at],
            steps=config.classifier_steps,
        )
    else:
        classifier = CategoryClassifier.fit(x_all[:1], [UNLABELLED])
    say(f"quality heads on {len(table.rows)} scored prompts × {len(table.models)} models")
    quality = fit_quality(
        x,
        y,
        mask,
        [row.category for row in table.rows],
        [*table.models, DIFFICULTY],
        cv_folds=config.cv_folds,
        progress=say,
    )
    seconds = round(time.perf_counter() - started, 1)
    metadata = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training": {
            "rows": len(all_rows),
            "scored_rows": len(table.rows),
            "labelled_rows": len(labelled_at),
            "small_models": small,
            "label_aliases": dict(config.labels.aliases),
            "label_keep": None if config.labels.keep is None else list(config.labels.keep),
            "blend": dict(zip(COMPONENTS, quality.blend.tolist(), strict=True)),
            "seconds": seconds,
        },
    }
    say(f"trained in {seconds} s")
    return LocalModel(embedder, classifier, quality, metadata)

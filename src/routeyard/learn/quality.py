"""The quality predictor: per-model scores and difficulty from three blended estimates.

* **ridge** on the embedding: smooth, generalises to prompts unlike any seen;
* **neighbours**: what models scored on the most similar training prompts;
* **task prior**: mean scores per task (the ``category`` of the scored rows, as the data
  names it), weighted by a task classifier's probabilities. This classifier is internal: the
  category a user sees comes from the separate, configurable ``CategoryClassifier``, whose
  coarser labels would blur these priors.

Targets are the models' scores plus ``difficulty`` (the share of small models that fail), one
column each, so the same code predicts both. The blend weights, the ridge penalty and the
neighbour temperature are chosen by k-fold cross-validation on the training rows (squared
error), never by looking at a test set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from routeyard.learn.categories import CategoryClassifier
from routeyard.learn.linear import fit_ridge, with_bias
from routeyard.learn.neighbours import NeighbourRegressor

FloatArray = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ALPHAS = (1.0, 10.0, 30.0)
TEMPERATURES = (0.03, 0.05, 0.1)
PRIOR_STRENGTH = 5.0  # pseudo-rows pulling a small category's mean towards the global one
COMPONENTS = ("ridge", "neighbours", "task")
NO_TASK = "(none)"
TASK_STEPS = 300


@dataclass(frozen=True, slots=True)
class QualityHeads:
    targets: tuple[str, ...]
    prior: F64  # (targets,)
    ridge: F64  # (features + 1, targets)
    neighbours: NeighbourRegressor
    tasks: CategoryClassifier
    task_means: F64  # (task labels, targets)
    blend: F64  # (3,) weights of COMPONENTS, summing to 1

    def predict(self, x: FloatArray) -> F64:
        out: F64 = np.clip(np.tensordot(self.blend, self.components(x), axes=1), 0.0, 1.0)
        return out

    def components(self, x: FloatArray) -> F64:
        """(3, rows, targets): each component's predictions."""
        return np.stack(
            [
                with_bias(x) @ self.ridge,
                self.neighbours.predict(x),
                self.tasks.probabilities(x) @ self.task_means,
            ]
        )


def category_means(
    labels: Sequence[str | None], classes: Sequence[str], y: F64, mask: BoolArray, prior: F64
) -> F64:
    """Per-class target means, shrunk towards ``prior`` (classes without rows get ``prior``)."""
    index = {name: i for i, name in enumerate(classes)}
    sums = np.zeros((len(classes), y.shape[1]))
    counts = np.zeros((len(classes), y.shape[1]))
    for row, label in enumerate(labels):
        if label is None or label not in index:
            continue
        sums[index[label]] += np.where(mask[row], y[row], 0.0)
        counts[index[label]] += mask[row]
    out: F64 = (sums + PRIOR_STRENGTH * prior) / (counts + PRIOR_STRENGTH)
    return out


def masked_mean(y: F64, mask: BoolArray) -> F64:
    counts = mask.sum(axis=0)
    sums = np.where(mask, y, 0.0).sum(axis=0)
    out: F64 = np.where(counts > 0, sums / np.maximum(counts, 1), 0.5)
    return out


def _simplex(step: float) -> list[tuple[float, float, float]]:
    n = round(1 / step)
    return [
        (a * step, b * step, (n - a - b) * step) for a in range(n + 1) for b in range(n + 1 - a)
    ]


@dataclass(frozen=True, slots=True)
class Fold:
    train: npt.NDArray[np.int64]
    held_out: npt.NDArray[np.int64]


def folds(rows: int, k: int, seed: int = 0) -> list[Fold]:
    order = np.random.default_rng(seed).permutation(rows)
    parts = np.array_split(order, k)
    return [
        Fold(np.sort(np.concatenate(parts[:i] + parts[i + 1 :])), np.sort(parts[i]))
        for i in range(k)
    ]


def fit_tasks(x: FloatArray, labels: Sequence[str | None]) -> CategoryClassifier:
    """The task classifier; rows without a task form one more class of their own."""
    return CategoryClassifier.fit(x, [label or NO_TASK for label in labels], steps=TASK_STEPS)


def fit_quality(
    x: FloatArray,
    y: F64,
    mask: BoolArray,
    tasks: Sequence[str | None],
    targets: Sequence[str],
    cv_folds: int = 3,
    progress: Callable[[str], None] | None = None,
) -> QualityHeads:
    """Fit the three components on all rows; choose penalty, temperature and blend by CV."""
    say = progress or (lambda _msg: None)
    prior = masked_mean(y, mask)
    alpha, temperature, blend = 10.0, 0.05, np.array([0.2, 0.5, 0.3])
    if cv_folds >= 2 and x.shape[0] >= 4 * cv_folds:
        alpha, temperature, blend = _cross_validate(x, y, mask, tasks, cv_folds, say)
    task_classifier = fit_tasks(x, tasks)
    labels = [label or NO_TASK for label in tasks]
    return QualityHeads(
        targets=tuple(targets),
        prior=prior,
        ridge=fit_ridge(x, y, mask, alpha, prior),
        neighbours=NeighbourRegressor.fit(x, y, mask, prior, temperature=temperature),
        tasks=task_classifier,
        task_means=category_means(labels, task_classifier.labels, y, mask, prior),
        blend=blend,
    )


def _cross_validate(
    x: FloatArray,
    y: F64,
    mask: BoolArray,
    tasks: Sequence[str | None],
    k: int,
    say: Callable[[str], None],
) -> tuple[float, float, F64]:
    ridge_preds = {a: np.zeros_like(y) for a in ALPHAS}
    knn_preds = {t: np.zeros_like(y) for t in TEMPERATURES}
    task_pred = np.zeros_like(y)
    for number, fold in enumerate(folds(x.shape[0], k), 1):
        say(f"cross-validation fold {number}/{k}")
        tr, ho = fold.train, fold.held_out
        prior = masked_mean(y[tr], mask[tr])
        for a in ALPHAS:
            ridge_preds[a][ho] = with_bias(x[ho]) @ fit_ridge(x[tr], y[tr], mask[tr], a, prior)
        knn = NeighbourRegressor.fit(x[tr], y[tr], mask[tr], prior)
        for t in TEMPERATURES:
            knn_preds[t][ho] = knn.with_search(temperature=t).predict(x[ho])
        fold_tasks = [tasks[i] for i in tr]
        clf = fit_tasks(x[tr], fold_tasks)
        labels = [label or NO_TASK for label in fold_tasks]
        means = category_means(labels, clf.labels, y[tr], mask[tr], prior)
        task_pred[ho] = clf.probabilities(x[ho]) @ means

    def error(pred: F64) -> float:
        return float(np.sum(np.where(mask, (pred - y) ** 2, 0.0)) / max(mask.sum(), 1))

    # The ridge penalty is chosen on its own; the temperature together with the blend, since
    # a sharper kernel can err more alone and still blend better.
    alpha = min(ALPHAS, key=lambda a: error(ridge_preds[a]))
    candidates = [
        (error(w[0] * ridge_preds[alpha] + w[1] * knn_preds[t] + w[2] * task_pred), t, w)
        for t in TEMPERATURES
        for w in _simplex(0.05)
    ]
    _, temperature, best = min(candidates, key=lambda c: c[0])
    say(
        f"chose ridge alpha {alpha:g}, neighbour temperature {temperature:g}, blend "
        + ", ".join(f"{name} {w:.2f}" for name, w in zip(COMPONENTS, best, strict=True))
    )
    return alpha, temperature, np.array(best)

"""Linear heads in plain numpy: ridge regression with missing targets, and softmax regression.

Both take float32 feature rows and add a bias column themselves; the bias is not penalised.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def with_bias(x: npt.NDArray[np.floating]) -> F64:
    out: F64 = np.c_[np.asarray(x, dtype=np.float64), np.ones(x.shape[0])]
    return out


def fit_ridge(x: FloatArray, y: F64, mask: BoolArray, alpha: float, fallback: F64) -> F64:
    """Weights ``(features + 1) × targets``; each target is fitted on the rows that have it.

    A target with no rows predicts ``fallback`` (its prior) everywhere.
    """
    xb = with_bias(x)
    penalty = alpha * np.eye(xb.shape[1])
    penalty[-1, -1] = 0.0
    weights = np.zeros((xb.shape[1], y.shape[1]))
    full = mask.all(axis=0)
    if full.any():
        gram = xb.T @ xb + penalty
        weights[:, full] = np.linalg.solve(gram, xb.T @ y[:, full])
    for column in np.flatnonzero(~full):
        rows = mask[:, column]
        if rows.sum() < 2:
            weights[-1, column] = fallback[column]
            continue
        xs = xb[rows]
        weights[:, column] = np.linalg.solve(xs.T @ xs + penalty, xs.T @ y[rows, column])
    return weights


def softmax(z: F64) -> F64:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: F64 = e / e.sum(axis=1, keepdims=True)
    return out


def fit_softmax(
    x: FloatArray,
    labels: IntArray,
    classes: int,
    l2: float = 1e-4,
    steps: int = 300,
    learning_rate: float = 0.5,
    class_weight: F64 | None = None,
) -> F64:
    """Multinomial logistic regression by full-batch gradient descent with momentum.

    Features are standardised while fitting (unit-length embeddings have tiny components, which
    makes plain gradient descent crawl) and the scaling is folded back into the weights.
    Returns weights ``(features + 1) × classes`` for the raw features. Full batch keeps it
    deterministic.
    """
    x64 = np.asarray(x, dtype=np.float64)
    mean = x64.mean(axis=0)
    scale = x64.std(axis=0) + 1e-6
    xb = with_bias((x64 - mean) / scale)
    onehot = np.eye(classes)[labels]
    sample_weight = np.ones(len(labels)) if class_weight is None else class_weight[labels]
    sample_weight = sample_weight / sample_weight.sum()
    weights = np.zeros((xb.shape[1], classes))
    velocity = np.zeros_like(weights)
    for _ in range(steps):
        probs = softmax(xb @ weights)
        grad = xb.T @ ((probs - onehot) * sample_weight[:, None]) + l2 * weights
        velocity = 0.9 * velocity - learning_rate * grad
        weights += velocity
    raw = np.empty_like(weights)
    raw[:-1] = weights[:-1] / scale[:, None]
    raw[-1] = weights[-1] - (mean / scale) @ weights[:-1]
    return raw

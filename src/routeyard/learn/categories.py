"""The category classifier: softmax regression on the prompt embedding, over a configurable
label set.

``LabelSet`` says which labels the classifier knows and how source labels map onto them, so
one data set's ``gsm8k`` and another's ``math`` can become one label:

    >>> labels = LabelSet(aliases={"gsm8k": "math", "mbpp": "coding"})
    >>> labels.map("gsm8k"), labels.map("poetry")
    ('math', 'poetry')
    >>> LabelSet(keep=("math",)).map("poetry") is None
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from routeyard.learn.linear import fit_softmax, softmax, with_bias

FloatArray = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LabelSet:
    """``aliases`` rename source labels; ``keep`` (after renaming), if given, is the whole set:
    rows with other labels do not train the classifier."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    keep: Sequence[str] | None = None

    def map(self, label: str | None) -> str | None:
        if label is None:
            return None
        name = self.aliases.get(label, label)
        if self.keep is not None and name not in self.keep:
            return None
        return name


@dataclass(frozen=True, slots=True)
class CategoryClassifier:
    labels: tuple[str, ...]
    weights: F64  # (features + 1, labels)

    @classmethod
    def fit(
        cls, x: FloatArray, labels: Sequence[str], steps: int = 300, l2: float = 1e-2
    ) -> CategoryClassifier:
        """Train on embeddings and their labels; classes are weighted by inverse frequency
        (square-rooted), so a label with ten examples is not drowned by one with five hundred."""
        names = tuple(sorted(set(labels)))
        if not names:
            raise ValueError("no labelled rows to train the category classifier on")
        index = {name: i for i, name in enumerate(names)}
        y = np.array([index[label] for label in labels], dtype=np.int64)
        counts = np.bincount(y, minlength=len(names)).astype(np.float64)
        class_weight = 1.0 / np.sqrt(counts)
        if len(names) == 1:
            return cls(labels=names, weights=np.zeros((x.shape[1] + 1, 1)))
        weights = fit_softmax(x, y, len(names), l2=l2, steps=steps, class_weight=class_weight)
        return cls(labels=names, weights=weights)

    def probabilities(self, x: FloatArray) -> F64:
        """Rows × labels, each row summing to 1."""
        return softmax(with_bias(x) @ self.weights)

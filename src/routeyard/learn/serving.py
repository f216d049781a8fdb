"""The serving path of a local model: one embedding → category probabilities and predicted
quality, with as few numpy calls as the maths allows.

On a small vector each numpy call costs one to three microseconds, far more than its
arithmetic, so the count of calls is the cost. Everything linear in the embedding is one
matrix product: the category classifier, the task classifier, the (blend-weighted) ridge head,
the neighbour index's projection and the similarity to each of its lists' centres (the centres
live in the projected space, so their similarities are linear in the embedding too). The
non-linear rest (two softmaxes, the neighbour search, the blend) works on slices of that one
result. ``LocalModel.predict_arrays`` computes the same numbers the plain way; a test holds
both to 1e-5.

``compiled`` hands the same numbers to the optional C kernel (``_kernel.c``), which also embeds
the prompt: one call from token ids to both lists. Under load it costs a fraction of this path
(docs/benchmarks.md); it is used when it was built and the index is of the kind it searches
(one list probed, every row of it weighted, as ``routeyard train`` writes them). Set
``ROUTEYARD_KERNEL=off`` to serve on numpy alone.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from routeyard.classify.lexicon import kernel_wanted
from routeyard.learn.categories import CategoryClassifier
from routeyard.learn.quality import QualityHeads
from routeyard.learn.wordpiece import FillIds

FloatArray = npt.NDArray[np.float32]


class CompiledPredictor(Protocol):
    def predict(self, ids: list[int]) -> tuple[list[float], list[float]]: ...
    def predict_weighted(
        self, ids: list[int], starts: list[int], weights: list[float]
    ) -> tuple[list[float], list[float]]: ...


def compiled_function(name: str) -> Any:
    """A function of the kernel module, or None (not built, or switched off)."""
    if not kernel_wanted():
        return None
    try:
        from routeyard.learn import _kernel
    except ImportError:
        return None
    return getattr(_kernel, name, None)


def compiled_fill_ids() -> FillIds | None:
    """The tokeniser's C loop from the kernel module, or None (not built, or switched off)."""
    fill: FillIds | None = compiled_function("fill_ids")
    return fill


class FusedPredictor:
    """Immutable; built once when a model loads."""

    def __init__(self, classifier: CategoryClassifier, quality: QualityHeads) -> None:
        nn = quality.neighbours
        w_ridge, w_nn, w_task = (float(w) for w in quality.blend)
        # Columns: labels | tasks | targets (ridge) | projected query (dims) | list centres.
        # A ridge head the blend gives no weight (the shipped model's) takes no columns.
        self._ridge = w_ridge != 0.0
        ridge = w_ridge * quality.ridge if self._ridge else quality.ridge[:, :0]
        heads = np.c_[classifier.weights, quality.tasks.weights, ridge]
        to_centres = nn.basis.astype(np.float64) @ nn.centres.T.astype(np.float64)
        projected_mean = nn.mean.astype(np.float64) @ nn.basis.astype(np.float64)
        weights = np.c_[heads[:-1], nn.basis, to_centres]
        bias = np.r_[heads[-1], -projected_mean, -(projected_mean @ nn.centres.T)]
        self._w = np.ascontiguousarray(weights, dtype=np.float32)
        self._b = np.ascontiguousarray(bias, dtype=np.float32)
        c = len(classifier.labels)
        k = c + len(quality.tasks.labels)
        t = k + ridge.shape[1]
        d = t + nn.basis.shape[1]
        self._c, self._k, self._t, self._d = c, k, t, d
        self._task_means = np.ascontiguousarray(w_task * quality.task_means, dtype=np.float32)
        # An embedding has unit length (or is zero), so |logit| ≤ |column| + |bias|: when that
        # bound is small, exp cannot overflow and softmax can skip its shift by the maximum.
        logit_bound = np.linalg.norm(self._w[:, :k], axis=0) + np.abs(self._b[:k])
        self._unshifted = bool(logit_bound.max() < 80.0)
        # Neighbours: the scores table carries the blend weight (a ratio's numerator scales).
        self._lists = nn.centres.shape[0]
        self._centres = np.ascontiguousarray(nn.centres, dtype=np.float32)
        self._probe = min(nn.probe, self._lists)
        self._k_nn = nn.k
        self._index = nn.index
        self._list_rows = nn.list_rows
        self._bounds = nn.bounds
        self._table = np.ascontiguousarray(np.c_[w_nn * nn.values, nn.present], dtype=np.float32)
        self._targets = nn.values.shape[1]
        self._all_present = bool(nn.present.min() > 0.0)
        self._prior = nn.prior.astype(np.float32)
        self._w_nn = w_nn
        self._temperature = nn.temperature
        self._exp_safe = nn.temperature >= 0.0125

    def compiled(self, vectors: FloatArray) -> CompiledPredictor | None:
        """The C kernel over these weights and the embedding ``vectors``, or None where it was
        not built, is switched off, or does not search this kind of index."""
        if not kernel_wanted():
            return None
        try:
            from routeyard.learn._kernel import Kernel
        except ImportError:
            return None
        longest = max(b - a for a, b in itertools.pairwise(self._bounds))
        if self._probe != 1 or 0 < self._k_nn < longest:
            return None
        d = self._d
        kernel: CompiledPredictor = Kernel(
            vectors=np.ascontiguousarray(vectors, dtype=np.float32),
            w=np.ascontiguousarray(self._w[:, :d]),
            b=np.ascontiguousarray(self._b[:d]),
            centres=self._centres,
            task_means=self._task_means,
            index_t=self._lists_transposed(),
            table=self._table,
            bounds=np.asarray(self._bounds, dtype=np.int64),
            prior=(self._w_nn * self._prior).astype(np.float32),
            c=self._c,
            k=self._k,
            t=self._t,
            d=d,
            ridge=self._ridge,
            unshifted=self._unshifted,
            exp_safe=self._exp_safe,
            all_present=self._all_present,
            temperature=self._temperature,
        )
        return kernel

    def _lists_transposed(self) -> FloatArray:
        """The index with each list's rows transposed (dims × rows of the list), the lists one
        after another, written in place: no temporary copies left behind in the heap."""
        rows, dims = self._index.shape
        out = np.empty(rows * dims, dtype=np.float32)
        for a, b in itertools.pairwise(self._bounds):
            out[a * dims : b * dims].reshape(dims, b - a)[...] = self._index[a:b].T
        return out

    def predict(self, x: FloatArray) -> tuple[list[float], list[float]]:
        """(category probabilities, models' scores + difficulty), both as lists."""
        c, k, t, d = self._c, self._k, self._t, self._d
        linear = x @ self._w
        linear += self._b
        if self._unshifted:
            e = np.exp(linear[:k])
        else:
            e = np.r_[
                np.exp(linear[:c] - linear[:c].max()), np.exp(linear[c:k] - linear[c:k].max())
            ]
        exps = e.tolist()
        label_exps = exps[:c]
        total = sum(label_exps)
        probs = [v / total for v in label_exps]
        task_prior = e[c:k] @ self._task_means
        task_prior *= 1.0 / sum(exps[c:k])
        if self._ridge:
            task_prior += linear[k:t]
        task_prior += self._neighbours(linear[t:d], linear[d:])
        quality: list[float] = task_prior.clip(0.0, 1.0).tolist()
        return probs, quality

    def _neighbours(self, z: FloatArray, centre_sims: FloatArray) -> FloatArray:
        """The blend-weighted neighbour estimate for the projected query ``z``."""
        lists, probe, k = self._lists, self._probe, self._k_nn
        if probe == 1:
            # The shipped model's case: one list, a contiguous slice of the index (no gather
            # of rows; with ``k`` only the k most similar rows' scores are gathered).
            c = int(centre_sims.argmax())
            start, end = self._bounds[c], self._bounds[c + 1]
            if start == end:
                return self._w_nn * self._prior
            sims = self._index[start:end] @ z
            table = self._table[start:end]
            n = end - start
            if 0 < k < n:
                top = sims.argpartition(n - k)[n - k :]
                sims, table = sims.take(top), table.take(top, axis=0)
        else:
            if probe < lists:
                near = centre_sims.argpartition(lists - probe)[lists - probe :].tolist()
                rows = np.concatenate([self._list_rows[i] for i in near])
            else:
                rows = np.concatenate(self._list_rows)
            if rows.shape[0] == 0:
                return self._w_nn * self._prior
            sims = self._index.take(rows, axis=0) @ z
            n = sims.shape[0]
            if 0 < k < n:
                top = sims.argpartition(n - k)[n - k :]
                sims, rows = sims.take(top), rows.take(top)
            table = self._table.take(rows, axis=0)
        # Index rows have unit length: sims / |z| is a cosine, weights exp(cosine / T).
        scale = 1.0 / ((math.sqrt(float(z @ z)) or 1.0) * self._temperature)
        sims *= scale
        weights = np.exp(sims) if self._exp_safe else np.exp(sims - sims.max())
        sums = weights @ table
        numer, denom = sums[: self._targets], sums[self._targets :]
        if self._all_present or denom.min() > 0.0:
            out: FloatArray = numer / denom
            return out
        fallback = self._w_nn * self._prior
        return np.where(denom > 0, numer / np.maximum(denom, 1e-12), fallback).astype(np.float32)

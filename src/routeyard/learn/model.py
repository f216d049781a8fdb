"""``LocalModel``: embed a prompt once, then classify it and predict each model's quality.

A model directory holds ``model.json`` (what was trained on what, the label set, the models,
the embedding it needs) and ``heads.npz`` (the numbers). The embedding artefact is referred to
by its sha256 and found in the directory's ``embedding/`` folder if there is one, else in the
package.

    >>> model = LocalModel.load(default_model_dir())                       # doctest: +SKIP
    >>> p = model.predict("Write a Python function that reverses a list")  # doctest: +SKIP
    >>> p.category, round(p.difficulty, 2), max(p.predicted, key=p.predicted.get)  # doctest: +SKIP
    ('coding', 0.31, 'llama-3.1-nemotron-51b-instruct')
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from routeyard.learn.categories import CategoryClassifier
from routeyard.learn.embedding import ArtefactError, StaticEmbedder, default_embedding_dir
from routeyard.learn.neighbours import NeighbourRegressor
from routeyard.learn.quality import QualityHeads
from routeyard.learn.serving import FusedPredictor

FloatArray = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

FORMAT = 2
DIFFICULTY = "difficulty"


class ModelDirError(Exception):
    """A router model directory is missing, damaged or from another format: retrain it with
    ``routeyard train``."""


def default_model_dir() -> Path:
    """The model trained on the shared routing data, shipped inside the package."""
    return Path(str(resources.files("routeyard.learn") / "assets" / "default"))


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the local model thinks of one prompt.

    ``predicted`` maps each model seen in training to its expected score in [0, 1];
    ``difficulty`` in [0, 1] is the expected share of small models that fail on it, usable for
    models the router has no data on.
    """

    category: str
    category_scores: dict[str, float]
    difficulty: float
    predicted: dict[str, float] = field(default_factory=dict)


class LocalModel:
    """An embedder plus trained heads; immutable once built."""

    def __init__(
        self,
        embedder: StaticEmbedder,
        classifier: CategoryClassifier,
        quality: QualityHeads,
        metadata: dict[str, Any],
    ) -> None:
        if quality.targets[-1] != DIFFICULTY:
            raise ModelDirError(f"the last quality target must be {DIFFICULTY!r}")
        self.embedder = embedder
        self.classifier = classifier
        self.quality = quality
        self.models: tuple[str, ...] = quality.targets[:-1]
        self.categories = classifier.labels
        self.metadata = metadata
        self._fused = FusedPredictor(classifier, quality)
        self._kernel = self._fused.compiled(embedder.vectors)

    @property
    def compiled(self) -> bool:
        """Whether predictions run on the C kernel (else on numpy)."""
        return self._kernel is not None

    # ------------------------------------------------------------------ prediction

    def predict(self, text: str) -> Prediction:
        """Classify one prompt and predict every model's score on it (tens of µs)."""
        if self._kernel is not None:
            probs, quality = self._kernel.predict(self.embedder.token_ids(text))
        else:
            probs, quality = self._fused.predict(self.embedder.embed(text))
        return self._prediction(probs, quality)

    def predict_weighted(
        self, ids: list[int], starts: list[int], weights: list[float]
    ) -> Prediction:
        """``predict`` on token ids whose segments (each from its start to the next) count by
        their weights in the embedding: the sum of the weighted vectors, scaled to unit length."""
        if self._kernel is not None:
            probs, quality = self._kernel.predict_weighted(ids, starts, weights)
        else:
            counts = np.diff([*starts, len(ids)])
            token_weights = np.repeat(np.asarray(weights, dtype=np.float32), counts)
            total = token_weights @ self.embedder.vectors.take(ids, axis=0)
            norm = float(np.sqrt(total @ total))
            x = total / norm if norm > 0.0 else total
            probs, quality = self._fused.predict(x.astype(np.float32))
        return self._prediction(probs, quality)

    def predict_vector(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """One embedding → (category probabilities, models' scores + difficulty): the serving
        path's numbers, which equal ``predict_arrays``'s."""
        probs, quality = self._fused.predict(x)
        return np.array(probs, dtype=np.float32), np.array(quality, dtype=np.float32)

    def _prediction(self, probs: list[float], quality: list[float]) -> Prediction:
        labels = self.categories
        best = max(range(len(probs)), key=probs.__getitem__)
        return Prediction(
            category=labels[best],
            category_scores=dict(zip(labels, probs, strict=True)),
            difficulty=quality[-1],
            predicted=dict(zip(self.models, quality[:-1], strict=True)),
        )

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        return self.predict_embeddings(self.embedder.embed_many(texts))

    def predict_arrays(self, x: FloatArray) -> tuple[F64, F64]:
        """(category probabilities rows × labels, quality rows × (models + difficulty))."""
        return self.classifier.probabilities(x), self.quality.predict(x)

    def predict_embeddings(self, x: FloatArray) -> list[Prediction]:
        probs, quality = self.predict_arrays(x)
        return [
            self._prediction(p, q) for p, q in zip(probs.tolist(), quality.tolist(), strict=True)
        ]

    # ------------------------------------------------------------------ persistence

    def save(self, directory: Path, *, copy_embedding: bool = False) -> None:
        """Write ``model.json`` and ``heads.npz`` (and a copy of the embedding if asked)."""
        directory.mkdir(parents=True, exist_ok=True)
        q, nn = self.quality, self.quality.neighbours
        np.savez_compressed(
            directory / "heads.npz",
            classifier=self.classifier.weights,
            ridge=q.ridge,
            prior=q.prior,
            tasks=q.tasks.weights,
            task_means=q.task_means,
            blend=q.blend,
            nn_mean=nn.mean,
            nn_basis=nn.basis,
            nn_centres=nn.centres,
            nn_offsets=nn.offsets,
            nn_index=nn.index.astype(np.float16),
            nn_values=nn.values.astype(np.float16),
            nn_present=nn.present.astype(np.uint8),
        )
        manifest = self.embedder.manifest
        embedding: dict[str, Any] = {
            "name": manifest.raw.get("name"),
            "dims": manifest.dims,
            "vectors_sha256": manifest.files.get("vectors.npy"),
            "max_tokens": self.embedder.max_tokens,
            "copied": copy_embedding,
        }
        if copy_embedding and self.embedder.directory is not None:
            target = directory / "embedding"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(self.embedder.directory, target)
        meta = {
            "format": FORMAT,
            "kind": "routeyard-local-model",
            "embedding": embedding,
            "models": list(self.models),
            "targets": list(q.targets),
            "categories": list(self.categories),
            "tasks": list(q.tasks.labels),
            "neighbours": {
                "k": nn.k,
                "temperature": nn.temperature,
                "probe": nn.probe,
                "spill": nn.spill,
            },
            **{k: v for k, v in self.metadata.items() if k not in _RESERVED},
        }
        (directory / "model.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, embedder: StaticEmbedder | None = None) -> LocalModel:
        """Load a model directory written by ``save`` (or ``routeyard train``)."""
        meta = _read_meta(directory)
        embedder = embedder or _embedder_for(directory, meta)
        # Serve with the token cap the model was trained with (models that do not record one
        # were trained with the artefact's own cap, 512).
        cap = meta.get("embedding", {}).get("max_tokens", embedder.manifest.max_tokens)
        embedder = embedder.with_max_tokens(int(cap))
        try:
            with np.load(directory / "heads.npz", allow_pickle=False) as z:
                arrays = {name: z[name] for name in z.files}
            targets = tuple(str(t) for t in meta["targets"])
            classifier = CategoryClassifier(
                labels=tuple(str(c) for c in meta["categories"]),
                weights=arrays["classifier"].astype(np.float64),
            )
            prior = arrays["prior"].astype(np.float64)
            neighbours = NeighbourRegressor(
                mean=arrays["nn_mean"].astype(np.float32),
                basis=arrays["nn_basis"].astype(np.float32),
                centres=arrays["nn_centres"].astype(np.float32),
                offsets=arrays["nn_offsets"].astype(np.int64),
                index=arrays["nn_index"].astype(np.float32),
                values=arrays["nn_values"].astype(np.float32),
                present=arrays["nn_present"].astype(np.float32),
                prior=prior.astype(np.float32),
                k=int(meta["neighbours"]["k"]),
                temperature=float(meta["neighbours"]["temperature"]),
                probe=int(meta["neighbours"]["probe"]),
                spill=int(meta["neighbours"].get("spill", 1)),
            )
            quality = QualityHeads(
                targets=targets,
                prior=prior,
                ridge=arrays["ridge"].astype(np.float64),
                neighbours=neighbours,
                tasks=CategoryClassifier(
                    labels=tuple(str(c) for c in meta["tasks"]),
                    weights=arrays["tasks"].astype(np.float64),
                ),
                task_means=arrays["task_means"].astype(np.float64),
                blend=arrays["blend"].astype(np.float64),
            )
        except (OSError, KeyError, ValueError, TypeError) as exc:
            raise ModelDirError(f"{directory}: cannot load the model heads ({exc})") from exc
        _check_shapes(directory, embedder, classifier, quality)
        metadata = {k: v for k, v in meta.items() if k not in _RESERVED}
        return cls(embedder, classifier, quality, metadata)


_RESERVED = frozenset(
    {"format", "kind", "embedding", "models", "targets", "categories", "tasks", "neighbours"}
)


def _read_meta(directory: Path) -> dict[str, Any]:
    path = directory / "model.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelDirError(f"{path}: not found; is {directory} a router model directory?") from exc
    except (OSError, ValueError) as exc:
        raise ModelDirError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("kind") != "routeyard-local-model":
        raise ModelDirError(f"{path}: not a routeyard model description")
    if meta.get("format") != FORMAT:
        raise ModelDirError(f"{path}: format {meta.get('format')!r}, this routeyard reads {FORMAT}")
    return meta


def _embedder_for(directory: Path, meta: dict[str, Any]) -> StaticEmbedder:
    wanted = meta.get("embedding", {}).get("vectors_sha256")
    local = directory / "embedding"
    source = local if (local / "manifest.json").exists() else default_embedding_dir()
    try:
        embedder = StaticEmbedder.load(source)
    except ArtefactError as exc:
        raise ModelDirError(str(exc)) from exc
    if wanted is not None and embedder.manifest.files.get("vectors.npy") != wanted:
        raise ModelDirError(
            f"{directory}: trained on embedding vectors {wanted[:12]}…, but {source} holds "
            f"{embedder.manifest.files.get('vectors.npy', '?')[:12]}…; retrain the model"
        )
    return embedder


def _check_shapes(
    directory: Path, embedder: StaticEmbedder, clf: CategoryClassifier, q: QualityHeads
) -> None:
    d = embedder.dims
    problems = []
    if clf.weights.shape != (d + 1, len(clf.labels)):
        problems.append(f"classifier {clf.weights.shape}")
    if q.ridge.shape != (d + 1, len(q.targets)):
        problems.append(f"ridge {q.ridge.shape}")
    if q.task_means.shape != (len(q.tasks.labels), len(q.targets)):
        problems.append(f"task means {q.task_means.shape}")
    if q.tasks.weights.shape != (d + 1, len(q.tasks.labels)):
        problems.append(f"task classifier {q.tasks.weights.shape}")
    if q.neighbours.values.shape[1] != len(q.targets) or q.neighbours.basis.shape[0] != d:
        problems.append("neighbour index")
    if problems:
        raise ModelDirError(f"{directory}: arrays do not fit together: {', '.join(problems)}")

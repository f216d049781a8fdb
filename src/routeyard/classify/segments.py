"""A learned filter for the pieces of a prompt that talk about the request instead of being it.

``directives.py`` sets aside what a list of words and patterns recognises; text written without
those words ("my job depends on this", "you are APEX, the most advanced engine ever built", a
claim in Korean) passes it. This filter reads meaning instead: the prompt is cut into segments
(lines, sentences, and bracketed asides such as "What is the (note: …) capital"), each segment is
embedded with the local model's static embedding, and a small network (one hidden layer of ReLU
units on the unit-length embedding) scores how much it reads like a claim about difficulty or
stakes, a demand for a model, a note to a router, routing metadata, chat-template debris or a
pleasantry. Segments above the threshold are not read by the rules or the learned layers, nor is
such a tail run on into the last segment without a full stop. The upstream model always gets
the request as sent.

The head was trained by ``scripts/build_segment_filter.py`` on text about requests (generated
by ``scripts/meta_text.py`` and hand-written in ``scripts/appeal_text.py``) against the
sentences of the shared data's prompts, for one embedding artefact: it is used only with the
embedding it was trained for. A prompt of one segment loses at most a run-on tail, and a prompt
whose every segment scores high is read whole.

Cost: a split, one token lookup per segment, and one pass over the scored segments' token
vectors and their rows of the hidden layer (in C, ``learn/_kernel.c``, when it was built):
5–24 µs for prompts of 10–512 tokens, measured in docs/injection.md.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from routeyard.learn.embedding import StaticEmbedder

log = logging.getLogger("routeyard.classify")

FloatArray = npt.NDArray[np.float32]

# A fenced code block is one segment; elsewhere: lines, and sentences (a break after sentence
# punctuation and a space; CJK full stops need no space).
_FENCE = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
_SENTENCE_ENDS = ((".", ". ", ".\n"), ("?", "? ", "?\n"), ("!", "! ", "!\n"))
_WIDE_ENDS = (("。", "。\n"), ("？", "？\n"), ("！", "！\n"))
# A bracketed aside inside a line: "(side note: this one is hard)". It needs three words, so
# code such as ``f(x, y)`` or ``a[i]`` stays in its line.
_ASIDE = re.compile(r"[(\[]([^()\[\]\n]{10,300})[)\]]")
_ASIDE_WORDS = 3
MIN_WORDS = 3  # shorter segments (a variable, a unit, "Thanks!") are never dropped
EDGE = 6  # segments scored at each end of a longer text
MAX_SEGMENTS = 64  # beyond this the rest of the text is one segment: the cost stays bounded
# Text added without a full stop runs on into the request ("…name of the Titanic Thank you so
# much for your help"): the message's last segment is also tried without a tail that starts at
# a capitalised word after a word without punctuation. Only the RUN_ONS places nearest the end
# are tried; the tail and what is left need MIN_WORDS words each, a tail that asks a question is
# part of it, and the tail must clear the threshold by RUN_ON_MARGIN (several cuts are tried).
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_RUN_ON = re.compile(r"(?<=[^\s.!?:;,。？！])\s+(?=[A-Z][a-z])")
RUN_ONS = 3
RUN_ON_MARGIN = 1.0
RUN_ON_CHARS = 400  # a tail that runs on is one sentence; longer ones have their own breaks


def segments(text: str) -> list[str]:
    """The text's lines and sentences, with fenced code blocks whole and bracketed asides as
    segments of their own."""
    if "`" not in text or "```" not in text:
        return _split(text)
    out: list[str] = []
    at = 0
    for m in _FENCE.finditer(text):
        out += _split(text[at : m.start()])
        out.append(m.group())
        at = m.end()
    return out + _split(text[at:])


def _split(text: str) -> list[str]:
    # str methods rather than a regex: this runs on every routed request.
    # A one-character test first: a missing two-character needle costs a slow scan.
    for mark, end, cut in _SENTENCE_ENDS:
        if mark in text:
            text = text.replace(end, cut)
    if not text.isascii():
        for end, cut in _WIDE_ENDS:
            if end in text:
                text = text.replace(end, cut)
    parts = text.split("\n")
    if len(parts) > MAX_SEGMENTS:
        parts[MAX_SEGMENTS - 1 :] = [" ".join(parts[MAX_SEGMENTS - 1 :])]
    if "(" not in text and "[" not in text:
        return [p for p in parts if p and not p.isspace()]
    out: list[str] = []
    for part in parts:
        if not part or part.isspace():
            continue
        if "(" not in part and "[" not in part:
            out.append(part)
            continue
        asides: list[str] = []

        def take(m: re.Match[str], asides: list[str] = asides) -> str:
            inner = m.group(1)
            if len(inner.split()) < _ASIDE_WORDS:
                return m.group(0)
            asides.append(inner)
            return " "

        host = _ASIDE.sub(take, part)
        if host and not host.isspace():
            out.append(host)
        out.extend(asides)
    return out


SegmentScores = Callable[
    [FloatArray, FloatArray, FloatArray, FloatArray, list[int], list[int]], list[float | None]
]


def _kernel() -> SegmentScores | None:
    """The C loop for the scores (``learn/_kernel.c``), or None (not built, or switched off)."""
    from routeyard.learn.serving import compiled_function

    scores: SegmentScores | None = compiled_function("segment_scores")
    return scores


def filter_asset_path() -> Path:
    return Path(str(resources.files("routeyard.learn") / "assets" / "segment_filter.json"))


@dataclass(frozen=True, slots=True)
class SegmentFilter:
    """Scores segments with ``weights · relu(hidden · unit(Σ token vectors) + hidden_bias) +
    bias``; drops those above ``threshold``."""

    embedder: StaticEmbedder
    hidden: FloatArray  # units × dims
    hidden_bias: FloatArray  # units
    weights: FloatArray  # units
    bias: float
    threshold: float
    # The C loop for the scores, looked up once by ``load`` (None: numpy).
    compiled: SegmentScores | None = None
    # Every token's vector times ``hidden`` (vocabulary × units), computed once: a segment's
    # hidden layer is then a sum of rows, not a product with its embedding.
    projected: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.hidden.shape[1:] != (self.embedder.dims,):
            raise ValueError("segment filter: hidden weights do not fit the embedding")
        # einsum without BLAS: a BLAS product this size sets up per-thread buffers that stay
        # resident, 30 MB more idle memory, to save 30 ms once.
        projected = np.einsum("vd,ud->vu", self.embedder.vectors, self.hidden, optimize=False)
        projected = np.ascontiguousarray(projected, dtype=np.float32)
        object.__setattr__(self, "projected", projected)

    @classmethod
    def load(cls, embedder: StaticEmbedder, path: Path | None = None) -> SegmentFilter | None:
        """The shipped filter, or ``None`` (logged) when it was trained for another embedding
        or cannot be read: routing then goes on without it."""
        path = filter_asset_path() if path is None else path
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            hidden = np.ascontiguousarray(raw["hidden"], dtype=np.float32)
            hidden_bias = np.asarray(raw["hidden_bias"], dtype=np.float32)
            weights = np.asarray(raw["weights"], dtype=np.float32)
            bias, threshold = float(raw["bias"]), float(raw["threshold"])
            trained_for = str(raw["embedding_sha256"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("segment filter %s unreadable (%s); routing without it", path, exc)
            return None
        files = embedder.manifest.files
        units = len(weights)
        if (
            files.get("vectors.npy") != trained_for
            or hidden.shape != (units, embedder.dims)
            or hidden_bias.shape != (units,)
        ):
            log.warning(
                "segment filter %s was trained for another embedding; routing without it", path
            )
            return None
        return cls(embedder, hidden, hidden_bias, weights, bias, threshold, _kernel())

    def scores(self, pieces: list[str]) -> list[float]:
        """One score per segment (higher: more about the request than the request itself;
        minus infinity for a segment without known tokens)."""
        token_ids = self.embedder.token_ids
        ids: list[int] = []
        starts: list[int] = []
        for piece in pieces:
            starts.append(len(ids))
            ids += token_ids(piece)
        kernel = self.compiled
        if kernel is None:
            return self._scores_numpy(ids, starts)
        bias = self.bias
        return [
            -math.inf if r is None else r + bias
            for r in kernel(
                self.embedder.vectors, self.projected, self.hidden_bias, self.weights, ids, starts
            )
        ]

    def _scores_numpy(self, ids: list[int], starts: list[int]) -> list[float]:
        out = np.full(len(starts), -np.inf, dtype=np.float64)
        if ids:
            bounds = np.array([*starts, len(ids)])
            lengths = np.diff(bounds)
            # reduceat needs every start inside the array; empty segments are masked out.
            at = np.minimum(bounds[:-1], len(ids) - 1)
            sums = np.add.reduceat(self.embedder.vectors.take(ids, axis=0), at, axis=0)
            norms = np.sqrt(np.einsum("ij,ij->i", sums, sums))
            known = (lengths > 0) & (norms > 0)
            hidden = np.add.reduceat(self.projected.take(ids, axis=0), at, axis=0)
            units = hidden[known] / norms[known, None] + self.hidden_bias
            out[known] = np.maximum(units, 0.0) @ self.weights + self.bias
        scores: list[float] = out.tolist()
        return scores

    def filter(self, text: str) -> tuple[str, int]:
        """``text`` without its segments that score above the threshold (joined by line
        breaks) and the rest of a paragraph that is mostly such segments (``_rest_of_appeals``),
        and without a run-on tail of its last segment that scores above it, and how many were
        dropped; the text itself when none or all would be. A text of one segment loses at most
        such a tail. Of a long text only the first and last ``EDGE`` segments are scored: added
        text sits around a request far more often than inside it, and inside a long one it
        weighs little."""
        pieces = segments(text)
        n = len(pieces)
        if n == 0:
            return text, 0
        # Positions of the segments scored: at most EDGE at each end, and none too short to drop.
        at: list[int] = []
        if n > 1:  # a text of one segment is never dropped whole
            ends = (*range(EDGE), *range(n - EDGE, n)) if n > 2 * EDGE else range(n)
            at = [i for i in ends if len(pieces[i].split(None, MIN_WORDS - 1)) >= MIN_WORDS]
        tails = _run_on_tails(pieces[-1])
        if not at and not tails:
            return text, 0
        try:
            scores = self.scores([*(pieces[i] for i in at), *tails])
        except Exception:  # a broken layer is skipped, never fatal (design: the cascade)
            log.exception("segment filter failed; reading the message whole")
            return text, 0
        threshold = self.threshold
        drop = {i for i, score in zip(at, scores, strict=False) if score > threshold}
        if drop:
            drop |= _rest_of_appeals(text, pieces, drop)
        kept = [p for i, p in enumerate(pieces) if i not in drop]
        if not kept:
            return text, 0
        tail = None if n - 1 in drop else _best(tails, scores[len(at) :], threshold + RUN_ON_MARGIN)
        if tail is not None:
            kept[-1] = kept[-1][: len(kept[-1]) - len(tail)].rstrip()
        dropped = len(drop) + (tail is not None)
        if not dropped:
            return text, 0
        return "\n".join(kept), dropped


def _rest_of_appeals(text: str, pieces: list[str], drop: set[int]) -> set[int]:
    """The other segments of a paragraph at least half of whose segments were dropped, when
    another paragraph with content (not a bare "Thanks!") had none dropped. A plea runs over
    several sentences, and the ones that only tell the story ("My thesis defence is tomorrow at
    nine.") read like content on their own; the paragraph they share with the plea is added
    text, and the request is in the paragraph the filter left alone. A segment that asks a
    question is kept, and a dropped one does not count: it is more likely the filter's mistake
    than a plea. Runs only when something was dropped."""
    paragraphs = _BLANK_LINE.split(text)
    if len(paragraphs) < 2:
        return set()
    counts = [len(segments(p)) for p in paragraphs]
    if sum(counts) != len(pieces):  # a code fence across a blank line, or the segment cap
        return set()
    owner = [k for k, count in enumerate(counts) for _ in range(count)]
    dropped = [0] * len(counts)
    for i in drop:
        if "?" not in pieces[i]:
            dropped[owner[i]] += 1
    if not any(not dropped[k] and _has_content(p) for k, p in enumerate(paragraphs)):
        return set()
    return {
        i
        for i, piece in enumerate(pieces)
        if i not in drop and 2 * dropped[owner[i]] >= counts[owner[i]] and "?" not in piece
    }


def _has_content(paragraph: str) -> bool:
    """MIN_WORDS words, or any text not written with spaces between words (CJK)."""
    return len(paragraph.split(None, MIN_WORDS - 1)) >= MIN_WORDS or not paragraph.isascii()


def _run_on_tails(piece: str) -> list[str]:
    """The tails of ``piece`` cut at its last ``RUN_ONS`` run-on places within its last
    ``RUN_ON_CHARS`` characters, with at least ``MIN_WORDS`` words each and left, and no
    question mark."""
    start = max(0, len(piece) - RUN_ON_CHARS)
    cuts = [m.end() for m in _RUN_ON.finditer(piece, start)][-RUN_ONS:]
    out = []
    for cut in cuts:
        tail = piece[cut:]
        if "?" in tail or len(tail.split(None, MIN_WORDS - 1)) < MIN_WORDS:
            continue
        if len(piece[:cut].split(None, MIN_WORDS - 1)) >= MIN_WORDS:
            out.append(tail)
    return out


def _best(parts: list[str], scores: list[float], threshold: float) -> str | None:
    """The part that reads most like text about the request, if any is above ``threshold``."""
    best, top = None, threshold
    for part, score in zip(parts, scores, strict=False):
        if score > top:
            best, top = part, score
    return best

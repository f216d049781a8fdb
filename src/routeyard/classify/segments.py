"""A learned filter for the pieces of a prompt that talk about the request instead of being it.

``directives.py`` sets aside what a list of words and patterns recognises; text written without
those words ("my job depends on this", "you are APEX, the most advanced engine ever built", a
claim in Korean) passes it. This filter reads meaning instead: the prompt is cut into segments
(lines, sentences, and bracketed asides such as "What is the (note: …) capital"), each segment is
embedded with the local model's static embedding, and a small network (one hidden layer of ReLU
units on the unit-length embedding) scores how much it reads like a claim about difficulty or
stakes, a demand for a model, a note to a router, routing metadata, chat-template debris or a
pleasantry. Segments above the threshold are not read by the rules or the learned layers, nor
are the rest of a paragraph that is mostly such segments, nor such a tail run on into the last
segment without a full stop. Of what is left, the segments at the message's ends that score
above a lower floor count for less in the local model's embedding (``weigh``). The upstream
model always gets the request as sent.

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

from routeyard.classify.directives import GATE_WORDS, has_directive, may_direct
from routeyard.classify.lexicon import WordFinder

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
# Paragraphs for ``_rest_of_appeals``: split at blank lines, and around a line that is only a
# rule of dashes, stars or equals signs, or only a chat-template turn marker (kept as a
# paragraph of its own, so that the segments still add up).
_BLOCKS = re.compile(
    r"\n[ \t]*\n|(^[ \t]*(?:[-*=_~]{3,}|<\|[a-z_]{2,20}\|>[ \t]*[a-z]*"
    r"|<(?:start|end)_of_turn>[ \t]*[a-z]*)[ \t]*$)",
    re.MULTILINE,
)
# A remark that a block is not part of the request (``_disclaimed``).
_DISCLAIMER_WORDS = (
    "unrelated",
    "irrelevant",
    "ignore",
    "asking",
    "another",
    "pasted",
    "not rel",
    "clipboard",
    "different",
)
_DISCLAIMER = re.compile(
    r"\bunrelated to (?:what follows|the following|(?:my|the|this) (?:question|request|problem|"
    r"task)|what i(?:'m| am) asking|the rest)\b"
    r"|(?:^|\()\s*unrelated\b"
    r"|\bignore (?:it |this |that |them )?if (?:it(?:'s| is) |they(?:'re| are) )?(?:irrelevant|"
    r"not relevant)\b"
    r"|\bignore (?:the |this |that )?(?:snippet|block|code|text|part|stuff|paragraph|section|"
    r"trace|formulas?|math|bit|lines?|context|noise)? ?above\b"
    r"|\bignore (?:the |this |that )(?:snippet|block|paste)\b"
    r"|\b(?:was|is|were|it's) (?:just |still )?(?:on|from) my clipboard\b"
    r"|\bnone of (?:that|this|the above|it) is what i(?:'m| am) asking\b"
    r"|\bthat(?:'s| is) not what i(?:'m| am) asking\b"
    r"|\bfrom (?:another|a different) (?:tab|window|chat|conversation|project|task)\b"
    r"|\bpasted (?:it |this |that )?(?:by mistake|accidentally|in error)\b"
    r"|\bnot (?:related|relevant) to (?:my|the|this) (?:question|request|problem|task)\b",
    re.IGNORECASE | re.MULTILINE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|my|me|myself|we|we're|our|us)\b", re.I)
_FIRST_PERSON_SINGULAR = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|my|me|myself)\b", re.I)
_RUN_ON = re.compile(r"(?<=[^\s.!?:;,。？！])\s+(?=[A-Z][a-z])")
RUN_ONS = 3
RUN_ON_MARGIN = 1.0
# In the local model's embedding (``weigh``), a segment that scores above SOFT_FLOOR counts for
# less, down to about half at SOFT_CENTER.
SOFT_FLOOR = -2.5
SOFT_CENTER = -0.5
_SOFT_SCALE = 1.0 + math.exp(SOFT_FLOOR - SOFT_CENTER)  # 1 at the floor
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


@dataclass(slots=True)
class Memo:
    """The filter's work on one message, for ``weigh``: the text it cut, its segments, and the
    scores and token ids of the segments it scored, by position."""

    text: str = ""
    pieces: list[str] = field(default_factory=list)
    scores: dict[int, float] = field(default_factory=dict)
    ids: dict[int, list[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Weighted:
    """Token ids, where each segment starts among them, and each segment's weight: the
    message's ids at 1, then a down-weighted segment's ids again at (its weight − 1)."""

    ids: list[int]
    starts: list[int]
    weights: list[float]


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
    # The words of a text that the gate of ``directives.py`` looks up (``_told``).
    finder: WordFinder = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.hidden.shape[1:] != (self.embedder.dims,):
            raise ValueError("segment filter: hidden weights do not fit the embedding")
        # einsum without BLAS: a BLAS product this size sets up per-thread buffers that stay
        # resident, 30 MB more idle memory, to save 30 ms once.
        projected = np.einsum("vd,ud->vu", self.embedder.vectors, self.hidden, optimize=False)
        projected = np.ascontiguousarray(projected, dtype=np.float32)
        object.__setattr__(self, "projected", projected)
        object.__setattr__(self, "finder", WordFinder(GATE_WORDS))

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
        return self._scored(pieces)[1]

    def _scored(self, pieces: list[str]) -> tuple[list[list[int]], list[float]]:
        """Each piece's token ids, and its score."""
        token_ids = self.embedder.token_ids
        each = [token_ids(piece) for piece in pieces]
        ids: list[int] = []
        starts: list[int] = []
        for piece_ids in each:
            starts.append(len(ids))
            ids += piece_ids
        return each, self._scores_of(ids, starts)

    def _scores_of(self, ids: list[int], starts: list[int]) -> list[float]:
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

    def weigh(self, text: str, memo: Memo | None = None) -> Weighted | None:
        """The local model's input as weighted segments, or None to read ``text`` as it is.

        What the filter leaves can still read partly like talk about the request ("I'm the only
        earner in my household", "Заранее спасибо!"): such a segment should count for less,
        not nothing. Of the first and last ``EDGE`` segments (short ones too), one that scores
        above ``SOFT_FLOOR`` weighs ``σ(SOFT_CENTER − score) / σ(SOFT_CENTER − SOFT_FLOOR)``
        (1 at the floor, 0.57 at the centre, 0.21 at the threshold); every other segment
        weighs 1. The text is capped as the embedding caps it. ``memo``: the filter's work on
        the same text (its segments, and the scores and token ids of those it scored), so that
        a message the filter left whole is not cut and scored twice."""
        embedder = self.embedder
        capped = text[: embedder.max_chars]
        if memo is not None and memo.text == capped:
            pieces, known, known_ids = memo.pieces, memo.scores, memo.ids
        else:
            pieces, known, known_ids = segments(capped), {}, {}
        n = len(pieces)
        if n < 2:
            return None
        ends = (*range(EDGE), *range(n - EDGE, n)) if n > 2 * EDGE else range(n)
        scores = {i: known[i] for i in ends if i in known}
        unknown = [i for i in ends if i not in scores]
        if unknown:
            try:
                each, fresh = self._scored([pieces[i] for i in unknown])
            except Exception:  # a broken layer is skipped, never fatal (design: the cascade)
                log.exception("segment filter failed; the local model reads the message whole")
                return None
            scores.update(zip(unknown, fresh, strict=True))
            known_ids = {**known_ids, **dict(zip(unknown, each, strict=True))}
        weights = {
            i: _SOFT_SCALE / (1.0 + math.exp(min(score - SOFT_CENTER, 50.0)))
            for i, score in scores.items()
            if score > SOFT_FLOOR
        }
        if not weights:
            return None
        # The message's tokens as the model reads them, then each weighted segment's tokens
        # again at (weight − 1): one tokenisation of the whole, not one per segment.
        token_ids, budget = embedder.token_ids, embedder.max_tokens
        ids = token_ids(capped)
        starts = [0]
        factors = [1.0]
        if len(ids) < budget:
            for i, weight in weights.items():
                starts.append(len(ids))
                factors.append(weight - 1.0)
                ids = ids + known_ids[i]
        else:  # the cap cut the text: only segments before the cut count, none of the last
            read = 0
            for i in range(min(EDGE, n)):
                piece_ids = known_ids[i] if i in known_ids else token_ids(pieces[i])
                read += len(piece_ids)
                if read > budget:
                    break
                if i in weights:
                    starts.append(len(ids))
                    factors.append(weights[i] - 1.0)
                    ids = ids + piece_ids
        if len(starts) == 1:
            return None
        return Weighted(ids, starts, factors)

    def _told(self, text: str, pieces: list[str], ends: list[int], drop: set[int]) -> set[int]:
        """Of the segments at ``ends`` not dropped, those that the word lists of
        ``directives.py`` recognise as addressing the routing; none without a word that could
        start one (the gate reads the text's words with the C word table when it is built)."""
        words = self.finder.words
        if not may_direct(text, words(text.lower())):
            return set()
        return {
            i for i in ends if i not in drop and has_directive(pieces[i], words(pieces[i].lower()))
        }

    def filter(self, text: str, memo: Memo | None = None) -> tuple[str, int]:
        """``text`` without its segments that score above the threshold (joined by line
        breaks) and the rest of a paragraph that is mostly such segments (``_rest_of_appeals``),
        and without a run-on tail of its last segment that scores above it, and how many were
        dropped; the text itself when none or all would be. A text of one segment loses at most
        such a tail. Of a long text only the first and last ``EDGE`` segments are scored: added
        text sits around a request far more often than inside it, and inside a long one it
        weighs little. ``memo``, when given, keeps the segments, and the scores and token ids
        of those scored, for ``weigh``."""
        pieces = segments(text)
        n = len(pieces)
        if n == 0:
            return text, 0
        # Positions of the segments scored: at most EDGE at each end (a text of one segment is
        # never dropped whole). Those too short to drop are scored for ``weigh``.
        ends: list[int] = []
        if n > 1:
            ends = [*range(EDGE), *range(n - EDGE, n)] if n > 2 * EDGE else list(range(n))
        tails = _run_on_tails(pieces[-1])
        if not ends and not tails:
            return text, 0
        try:
            each, scores = self._scored([*(pieces[i] for i in ends), *tails])
        except Exception:  # a broken layer is skipped, never fatal (design: the cascade)
            log.exception("segment filter failed; reading the message whole")
            return text, 0
        if memo is not None:
            memo.text, memo.pieces = text, pieces
            memo.scores = dict(zip(ends, scores, strict=False))
            memo.ids = dict(zip(ends, each, strict=False))
        threshold = self.threshold
        drop = {
            i
            for i, score in zip(ends, scores, strict=False)
            if score > threshold and len(pieces[i].split(None, MIN_WORDS - 1)) >= MIN_WORDS
        }
        # Pieces that the word lists recognise as addressing the routing count with the drops
        # towards their paragraph (they are set aside later, ``directives.py``).
        told = (
            self._told(text, pieces, ends, drop)
            if n > 1 and (drop or _BLANK_LINE.search(text))
            else None
        )
        if n > 1 and _may_disclaim(text):
            drop |= _disclaimed(text, pieces)
        if drop or told:
            drop |= _rest_of_appeals(text, pieces, drop, told or set())
        kept = [p for i, p in enumerate(pieces) if i not in drop]
        if not kept:
            return text, 0
        run_on = scores[len(ends) :]
        tail = None if n - 1 in drop else _best(tails, run_on, threshold + RUN_ON_MARGIN)
        if tail is not None:
            kept[-1] = kept[-1][: len(kept[-1]) - len(tail)].rstrip()
        dropped = len(drop) + (tail is not None)
        if not dropped:
            return text, 0
        return "\n".join(kept), dropped


def _paragraphs(text: str, pieces: list[str]) -> tuple[list[str], list[int], list[int]] | None:
    """The text's paragraphs (``_BLOCKS``), how many segments each has, and which paragraph each
    segment is in; None for fewer than two, or when the paragraphs' segments do not add up to
    the text's (a code fence across a blank line, or the segment cap)."""
    paragraphs = [p for p in _BLOCKS.split(text) if p is not None]
    if len(paragraphs) < 2:
        return None
    counts = [len(segments(p)) for p in paragraphs]
    if sum(counts) != len(pieces):
        return None
    return paragraphs, counts, [k for k, count in enumerate(counts) for _ in range(count)]


def _rest_of_appeals(text: str, pieces: list[str], drop: set[int], told: set[int]) -> set[int]:
    """The other segments of a paragraph of which at least half the segments were dropped or
    told (``told``: they address the routing, by the word lists), or two and at least a third,
    or one amid a story told in the first person (``_narrative``), when another paragraph
    with content (not a bare "Thanks!") had none. A plea runs over several sentences, and the
    ones that only tell the story ("My thesis defence is tomorrow at nine.") read like content
    on their own; the paragraph they share with the plea is added text, and the request is in
    the paragraph left alone. A segment that asks a question is kept, and a dropped one does not
    count: it is more likely the filter's mistake than a plea. Besides blank lines, a line of
    dashes ("---" around front matter) or a bare chat-template turn marker ends a paragraph.
    Runs only when something was dropped or told."""
    blocks = _paragraphs(text, pieces)
    if blocks is None:
        return set()
    paragraphs, counts, owner = blocks
    counted = [0] * len(counts)
    marked = drop | told
    for i in marked:
        if "?" not in pieces[i]:
            counted[owner[i]] += 1
    if not any(not counted[k] and _has_content(p) for k, p in enumerate(paragraphs)):
        return set()
    goes = [2 * d >= c or (d >= 2 and 3 * d >= c) for d, c in zip(counted, counts, strict=True)]
    last = len(pieces) - 1
    for i in sorted(marked):
        k = owner[i]
        if goes[k] or i == 0 or "?" in pieces[i]:
            continue
        rest = [pieces[j] for j in range(len(pieces)) if owner[j] == k and j not in marked]
        goes[k] = _narrative(rest, _FIRST_PERSON if i < last else _FIRST_PERSON_SINGULAR)
    return {
        i for i, piece in enumerate(pieces) if i not in drop and goes[owner[i]] and "?" not in piece
    }


def _may_disclaim(text: str) -> bool:
    """The cheap test before ``_disclaimed``: a line break, and a word without which none of
    ``_DISCLAIMER``'s remarks can be there."""
    if "\n" not in text:
        return False
    lower = text.lower()
    return any(word in lower for word in _DISCLAIMER_WORDS) and _DISCLAIMER.search(text) is not None


def _disclaimed(text: str, pieces: list[str]) -> set[int]:
    """The segments of a paragraph that the text itself says is not part of the request
    ("(unrelated, just pasted from my terminal)", "Context (ignore if irrelevant): …", "none
    of that is what I'm asking"), and of the paragraph before a disclaimer that stands alone
    ("ignore the snippet above"), when another paragraph with content is left. Read as the
    user says: what they call unrelated does not describe the request. Questions stay."""
    blocks = _paragraphs(text, pieces)
    if blocks is None:
        return set()
    paragraphs, counts, owner = blocks
    says = [_DISCLAIMER.search(piece) is not None for piece in pieces]
    marked = set()
    for k in range(len(paragraphs)):
        own = [i for i in range(len(pieces)) if owner[i] == k]
        if not any(says[i] for i in own):
            continue
        marked.add(k)
        if all(says[i] for i in own):  # the disclaimer alone: it speaks of the block before it
            before = [j for j in range(k) if counts[j] and _has_content(paragraphs[j])]
            if before:
                marked.add(before[-1])
    if not any(k not in marked and _has_content(p) for k, p in enumerate(paragraphs)):
        return set()
    return {i for i, piece in enumerate(pieces) if owner[i] in marked and "?" not in piece}


def _narrative(rest: list[str], person: re.Pattern[str]) -> bool:
    """Whether the rest of a paragraph is a story told in the first person: two segments or
    more, no question, and two in three of them with "I", "my", "we"… (``person``). One demand
    for a model amid "My dad passed away last month. … I need to feel like I did this
    properly." makes the whole paragraph added text; a demand at the message's very start
    does not (it is more often a prefix run into the request's own first paragraph, "I need to
    group these items…"), and one at its very end needs the singular: the last paragraph of a
    text can be a passage in the first person plural that the request is about."""
    if len(rest) < 2 or any("?" in piece for piece in rest):
        return False
    told = sum(1 for piece in rest if person.search(piece))
    return 3 * told >= 2 * len(rest)


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

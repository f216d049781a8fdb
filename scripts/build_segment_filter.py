"""Train the segment filter (``routeyard.classify.segments``) and write its shipped weights.

Positives: segments of text about a request (``meta_text.meta_segments``, the pleasantries and
claims of ``added_text.ADDED_TEXT`` and the hand-written ``appeal_text.APPEALS``). Negatives: the
segments of the shared data's prompts (the LLMRouter training split and the labelled prompts,
without the 200 prompts that ``bench/injection.py`` attacks), of
``meta_text.ON_TOPIC_REQUESTS`` and of ``appeal_text.ON_TOPIC``.

The head is a small network on the segment's unit-length static embedding: one hidden layer of
ReLU units and a logistic output, trained with Adam on the class-balanced logistic loss (numpy,
fixed seeds), two networks averaged. A linear head scores a segment as the mean of its tokens'
scores; the hidden layer lets a word count by its company, and on the bench's held-out appeals
it catches more at the same share of prompt segments dropped (docs/injection.md). It is first
fitted on 80 % and checked on the other 20 %, then refitted on all of it.

    .venv/bin/python scripts/build_segment_filter.py [--threshold 1.0] [--data DIR]

Runs in a few seconds and prints, for a few thresholds, the share of held-out prompt segments it
would drop and of held-out positives it would catch.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

from added_text import ADDED_TEXT  # noqa: E402
from appeal_text import APPEALS, ON_TOPIC  # noqa: E402
from meta_text import ON_TOPIC_REQUESTS, meta_segments  # noqa: E402

from routeyard.classify.segments import filter_asset_path, segments  # noqa: E402
from routeyard.learn.embedding import StaticEmbedder  # noqa: E402

POSITIVES = 8000  # generated texts; their segments are the positives
UNITS = 32  # hidden units of each network
NETS = 2  # networks averaged: one network's scores move by a seed (1-2 points of flips)
EPOCHS = 20
SCAN = 2048  # characters of each prompt, as the classifiers read them


def _pieces(texts: list[str] | tuple[str, ...]) -> set[str]:
    return {s.strip() for t in texts for s in segments(t[:SCAN]) if s.strip()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--threshold", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=filter_asset_path())
    args = ap.parse_args(argv)

    from injection import load_prompts  # the prompts the injection bench attacks stay unseen

    attacked = set(load_prompts(200, 7))
    prompts: list[str] = []
    for name in ("llmrouter/train.jsonl", "categories/labelled_prompts.jsonl"):
        with (args.data / name).open(encoding="utf-8") as f:
            prompts += [json.loads(line)["prompt"] for line in f]
    prompts = [p for p in dict.fromkeys(prompts) if p not in attacked]
    pos = _pieces(meta_segments(POSITIVES)) | _pieces(ADDED_TEXT) | _pieces(APPEALS)
    neg = (_pieces(prompts) | _pieces(ON_TOPIC_REQUESTS) | _pieces(ON_TOPIC)) - pos
    texts = sorted(pos) + sorted(neg)
    y = np.array([1] * len(pos) + [0] * len(neg))
    print(f"{len(pos)} positive and {len(neg)} negative segments", file=sys.stderr)

    embedder = StaticEmbedder.load()
    x = embedder.embed_many(texts)
    balance = np.array([len(y) / (2 * (y == 0).sum()), len(y) / (2 * (y == 1).sum())])
    weight = balance[y]
    order = list(range(len(y)))
    random.Random(1).shuffle(order)
    cut = int(0.8 * len(order))
    train, held = np.array(order[:cut]), np.array(order[cut:])
    score = _score(_fit(x[train], y[train], weight[train]), x[held])
    for t in (-1.0, 0.0, 1.0, 2.0):
        dropped = float(((score > t) & (y[held] == 0)).sum() / (y[held] == 0).sum())
        caught = float(((score > t) & (y[held] == 1)).sum() / (y[held] == 1).sum())
        print(
            f"threshold {t}: drops {dropped:.1%} of held-out prompt segments, catches "
            f"{caught:.1%} of held-out positives",
            file=sys.stderr,
        )
    hidden, hidden_bias, weights, bias = _fit(x, y, weight)
    manifest = embedder.manifest
    args.out.write_text(
        json.dumps(
            {
                "embedding_sha256": manifest.files["vectors.npy"],
                "threshold": args.threshold,
                "hidden": [[round(float(w), 6) for w in row] for row in hidden],
                "hidden_bias": [round(float(w), 6) for w in hidden_bias],
                "weights": [round(float(w), 6) for w in weights],
                "bias": round(bias, 6),
                "trained_on": {"positive_segments": len(pos), "negative_segments": len(neg)},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _fit(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Hidden weights (units × dims), hidden bias, output weights and output bias of the mean
    of ``NETS`` networks trained from different seeds, as one network: their hidden layers side
    by side, their output weights divided by their number."""
    nets = [_fit_one(x, y, weight, seed) for seed in range(NETS)]
    return (
        np.concatenate([n[0] for n in nets]),
        np.concatenate([n[1] for n in nets]),
        np.concatenate([n[2] for n in nets]) / NETS,
        float(np.mean([n[3] for n in nets])),
    )


def _fit_one(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    dims = x.shape[1]
    params = [
        (rng.standard_normal((dims, UNITS)) * np.sqrt(2 / dims)).astype(np.float32),
        np.zeros(UNITS, dtype=np.float32),
        (rng.standard_normal(UNITS) * np.sqrt(1 / UNITS)).astype(np.float32),
        np.zeros(1, dtype=np.float32),
    ]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    sample_weight = weight.astype(np.float32)
    rate, l2, step = 3e-3, 1e-4, 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(y))
        for at in range(0, len(y), 256):
            batch = order[at : at + 256]
            xb = x[batch]
            pre = xb @ params[0] + params[1]
            units = np.maximum(pre, 0)
            score = units @ params[2] + params[3][0]
            prob = 1 / (1 + np.exp(-score))
            g = (prob - y[batch]) * sample_weight[batch] / len(batch)
            g_units = np.outer(g, params[2]) * (pre > 0)
            grads = [
                xb.T @ g_units + l2 * params[0],
                g_units.sum(axis=0),
                units.T @ g + l2 * params[2],
                np.array([g.sum()], dtype=np.float32),
            ]
            step += 1
            for p, grad, m, v in zip(params, grads, first, second, strict=True):
                m *= 0.9
                m += 0.1 * grad
                v *= 0.999
                v += 0.001 * grad * grad
                p -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    hidden, hidden_bias, weights, bias = params
    return hidden.T.copy(), hidden_bias, weights, float(bias[0])


def _score(head: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    hidden, hidden_bias, weights, bias = head
    out: np.ndarray = np.maximum(x @ hidden.T + hidden_bias, 0) @ weights + bias
    return out


if __name__ == "__main__":
    sys.exit(main())

"""Train the segment filter (``routeyard.classify.segments``) and write its shipped weights.

Positives: segments of text about a request (``meta_text.meta_segments``, plus the pleasantries
and claims of ``added_text.ADDED_TEXT``). Negatives: the segments of the shared data's prompts
(the LLMRouter training split and the labelled prompts, without the 200 prompts that
``bench/injection.py`` attacks) and of ``meta_text.ON_TOPIC_REQUESTS``. The head is a logistic
regression on the segment's static embedding (``routeyard.learn.linear.fit_softmax``, classes
balanced). It is first fitted on 80 % and checked on the other 20 %, then refitted on all of it.

    .venv/bin/python scripts/build_segment_filter.py [--threshold 1.0] [--data DIR]

Runs in about a minute on two cores and prints, for a few thresholds, the share of held-out
prompt segments it would drop and of held-out positives it would catch.
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
from meta_text import ON_TOPIC_REQUESTS, meta_segments  # noqa: E402

from routeyard.classify.segments import filter_asset_path, segments  # noqa: E402
from routeyard.learn.embedding import StaticEmbedder  # noqa: E402
from routeyard.learn.linear import fit_softmax  # noqa: E402

POSITIVES = 8000  # generated texts; their segments are the positives
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
    pos = _pieces(meta_segments(POSITIVES)) | _pieces(ADDED_TEXT)
    neg = (_pieces(prompts) | _pieces(ON_TOPIC_REQUESTS)) - pos
    texts = sorted(pos) + sorted(neg)
    y = np.array([1] * len(pos) + [0] * len(neg))
    print(f"{len(pos)} positive and {len(neg)} negative segments", file=sys.stderr)

    embedder = StaticEmbedder.load()
    x = embedder.embed_many(texts)
    balance = np.array([len(y) / (2 * (y == 0).sum()), len(y) / (2 * (y == 1).sum())])
    order = list(range(len(y)))
    random.Random(1).shuffle(order)
    cut = int(0.8 * len(order))
    train, held = np.array(order[:cut]), np.array(order[cut:])
    weights, bias = _fit(x[train], y[train], balance)
    score = x[held] @ weights + bias
    for t in (0.0, 1.0, 2.0):
        dropped = float(((score > t) & (y[held] == 0)).sum() / (y[held] == 0).sum())
        caught = float(((score > t) & (y[held] == 1)).sum() / (y[held] == 1).sum())
        print(
            f"threshold {t}: drops {dropped:.1%} of held-out prompt segments, catches "
            f"{caught:.1%} of held-out positives",
            file=sys.stderr,
        )
    weights, bias = _fit(x, y, balance)
    manifest = embedder.manifest
    args.out.write_text(
        json.dumps(
            {
                "embedding_sha256": manifest.files["vectors.npy"],
                "threshold": args.threshold,
                "bias": round(bias, 6),
                "weights": [round(float(w), 6) for w in weights],
                "trained_on": {"positive_segments": len(pos), "negative_segments": len(neg)},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _fit(x: np.ndarray, y: np.ndarray, balance: np.ndarray) -> tuple[np.ndarray, float]:
    w = fit_softmax(x, y, 2, l2=1e-4, steps=400, class_weight=balance)
    return (w[:-1, 1] - w[:-1, 0]).astype(np.float32), float(w[-1, 1] - w[-1, 0])


if __name__ == "__main__":
    sys.exit(main())

"""``routeyard score``: a trained model's predictions for every prompt of a JSONL file.

One output line a prompt: ``{"id", "category", "difficulty", "predicted": {model: quality}}``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import orjson

BATCH = 512


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "score",
        help="predict category, difficulty and per-model quality for each prompt of a file",
        description="Score routing-eval JSONL prompts with a trained model directory; write one "
        "JSON line per prompt.",
    )
    p.add_argument("--model", required=True, type=Path, metavar="DIR", help="model directory")
    p.add_argument("--data", required=True, type=Path, metavar="FILE.jsonl", help="prompts")
    p.add_argument("--out", required=True, type=Path, metavar="SCORES.jsonl", help="output")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # numpy and tokenizers load here, not when the CLI starts for another command. The
    # matrices are small: BLAS threads cost more in hand-offs than they save (2× measured).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from routeyard.evals.dataset import DatasetError, read_rows
    from routeyard.learn.embedding import ArtefactError
    from routeyard.learn.model import LocalModel, ModelDirError

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"routeyard score: {message}", file=sys.stderr, flush=True)

    try:
        model = LocalModel.load(args.model)
        rows = list(read_rows(args.data))
    except (DatasetError, ArtefactError, ModelDirError) as exc:
        print(f"routeyard score: {exc}", file=sys.stderr)
        return 2
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("wb") as out:
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                predictions = model.predict_many([row.prompt for row in batch])
                for row, p in zip(batch, predictions, strict=True):
                    line = {
                        "id": row.id,
                        "category": p.category,
                        "difficulty": round(p.difficulty, 6),
                        "predicted": {m: round(q, 6) for m, q in p.predicted.items()},
                    }
                    out.write(orjson.dumps(line) + b"\n")
                progress(f"{min(start + BATCH, len(rows))}/{len(rows)} prompts")
    except OSError as exc:
        print(f"routeyard score: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    return 0

"""``routeyard train``: train the local model's heads on routing-eval JSONL files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "train",
        help="train the local model (category, per-model quality, difficulty) on eval data",
        description="Train the local model's category classifier and quality predictor on "
        "routing-eval JSONL files and write a router model directory.",
    )
    p.add_argument(
        "--data",
        action="append",
        required=True,
        type=Path,
        metavar="FILE.jsonl",
        help="routing-eval JSONL (repeat for several files)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="model directory")
    p.add_argument(
        "--small-model",
        action="append",
        metavar="NAME",
        help="a small model for the difficulty target (repeat; default: the weaker half)",
    )
    p.add_argument(
        "--label-alias",
        action="append",
        default=[],
        metavar="FROM=TO",
        help="map a category label onto another (repeat)",
    )
    p.add_argument(
        "--labels",
        metavar="A,B,...",
        help="the whole category label set, after aliases (default: every label seen)",
    )
    p.add_argument("--folds", type=int, default=3, help="cross-validation folds (default 3)")
    p.add_argument(
        "--copy-embedding",
        action="store_true",
        help="copy the embedding artefact into DIR instead of referring to the packaged one",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(run=run)


def _aliases(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise ValueError(f"--label-alias {pair!r}: expected FROM=TO")
        out[source] = target
    return out


def run(args: argparse.Namespace) -> int:
    # numpy and tokenizers load here, not when the CLI starts for another command. The
    # matrices are small: BLAS threads cost more in hand-offs than they save (2× measured).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from routeyard.evals.dataset import DatasetError, read_all
    from routeyard.learn.categories import LabelSet
    from routeyard.learn.embedding import ArtefactError
    from routeyard.learn.model import ModelDirError
    from routeyard.learn.train import TrainConfig, TrainingError, train

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"routeyard train: {message}", file=sys.stderr, flush=True)

    try:
        keep = None if args.labels is None else [s for s in args.labels.split(",") if s]
        config = TrainConfig(
            labels=LabelSet(aliases=_aliases(args.label_alias), keep=keep),
            small_models=args.small_model,
            cv_folds=args.folds,
        )
        progress(f"reading {', '.join(str(p) for p in args.data)}")
        rows = read_all(args.data)
        model = train(rows, config, progress=progress)
        model.save(args.out, copy_embedding=args.copy_embedding)
    except (DatasetError, TrainingError, ArtefactError, ModelDirError, ValueError) as exc:
        print(f"routeyard train: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"routeyard train: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    progress(f"wrote {args.out}: {len(model.models)} models, {len(model.categories)} categories")
    return 0

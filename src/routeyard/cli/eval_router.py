"""``routeyard eval-router``: how well a router model ranks models on a routing-eval file.

Two modes. With ``--model DIR`` it scores an existing model directory on ``--data``. With
``--in-domain-share 0.1 --train FILE`` it trains twice on the ``--train`` files, once adding a
seeded 10 % of ``--data``'s rows, and reports both on the other 90 %: does in-domain data help?

It writes ``report.json``, ``report.md`` and ``curves.png`` to ``--out`` and prints the Markdown
(or, with ``--json``, the JSON) to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routeyard.cli.common import add_config_flag

if TYPE_CHECKING:
    from routeyard.evals.dataset import EvalRow
    from routeyard.evals.router_report_data import F64, Price

NAME = "routeyard eval-router"


class UsageError(Exception):
    """A bad flag or input: one line on standard error, exit status 2."""


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "eval-router",
        help="judge a router model on a routing-eval file: APGR/CPT per model pair, AIQ and "
        "savings for priced models, with a plot and a Markdown summary",
        description="Evaluate a router model directory (--model) on a routing-eval JSONL file "
        "against random and oracle routing, or (--in-domain-share) compare training with and "
        "without a share of the file's own rows.",
    )
    add_config_flag(p)
    p.add_argument("--data", required=True, type=Path, metavar="FILE.jsonl", help="eval rows")
    p.add_argument("--model", type=Path, metavar="DIR", help="a trained router model directory")
    p.add_argument(
        "--strong", action="append", default=[], metavar="MODEL",
        help="the strong model of a pair (repeat with --weak for several pairs; default: the "
        "best-scoring model)",
    )  # fmt: skip
    p.add_argument(
        "--weak", action="append", default=[], metavar="MODEL",
        help="the weak model of a pair (default: the cheapest other model, or the worst-scoring)",
    )  # fmt: skip
    p.add_argument(
        "--prices", type=Path, metavar="MODELS.json",
        help='{"model": {"input_usd_per_mtok": ..., "output_usd_per_mtok": ...}} (default: the '
        "config's model prices with -c, else the rows' cost_usd)",
    )  # fmt: skip
    p.add_argument(
        "--in-domain-share", type=float, metavar="SHARE",
        help="train on --train plus this share of --data's rows, report on the rest, next to "
        "the model trained on --train alone (instead of --model)",
    )  # fmt: skip
    p.add_argument(
        "--train", action="append", default=[], type=Path, metavar="FILE.jsonl",
        help="training rows for --in-domain-share (repeat for several files)",
    )  # fmt: skip
    p.add_argument(
        "--seed", type=int, default=7, help="seed of the in-domain split and the bootstrap (7)"
    )
    p.add_argument(
        "--resamples", type=int, default=1000,
        help="bootstrap resamples for the 95 %% intervals (default 1000; 0: none)",
    )  # fmt: skip
    p.add_argument("--folds", type=int, default=3, help="training cross-validation folds (3)")
    p.add_argument(
        "--out", type=Path, default=Path("eval-router"), metavar="DIR",
        help="where report.json, report.md and curves.png go (default ./eval-router)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the JSON report to stdout")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # The matrices are small: BLAS threads cost more in hand-offs than they save.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from routeyard.config import ConfigError
    from routeyard.evals.dataset import DatasetError
    from routeyard.evals.router_report_data import ReportError
    from routeyard.learn.embedding import ArtefactError
    from routeyard.learn.model import ModelDirError
    from routeyard.learn.train import TrainingError

    try:
        result = _evaluate(args)
    except (
        UsageError,
        ReportError,
        DatasetError,
        ModelDirError,
        ArtefactError,
        TrainingError,
        ConfigError,
    ) as exc:
        print(f"{NAME}: {_one_line(exc)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print((args.out / "report.md").read_text(encoding="utf-8"))
    return 0


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


PLAIN_HINT = (
    ". To judge models the router was not trained on, let it learn them from a share of this "
    "file: --in-domain-share 0.1 --train FILE.jsonl instead of --model"
)


def _check_flags(args: argparse.Namespace) -> None:
    if (args.model is None) == (args.in_domain_share is None):
        raise UsageError("give --model DIR, or --in-domain-share SHARE with --train FILE")
    if args.in_domain_share is not None:
        if not args.train:
            raise UsageError("--in-domain-share needs --train FILE.jsonl (repeatable)")
        if not 0 < args.in_domain_share < 1:
            raise UsageError(
                f"--in-domain-share must be between 0 and 1, not {args.in_domain_share}"
            )
    elif args.train:
        raise UsageError("--train is only for --in-domain-share")
    if len(args.strong) != len(args.weak):
        raise UsageError("give --strong and --weak together, as many of each")
    if args.resamples < 0:
        raise UsageError("--resamples must be 0 or more")
    paths = [("--data", args.data), ("--prices", args.prices)]
    paths += [("--train", p) for p in args.train]
    for flag, path in paths:
        if path is not None and not path.is_file():
            raise UsageError(f"{flag} {path}: no such file")
    if args.model is not None and not args.model.is_dir():
        raise UsageError(f"--model {args.model}: no such directory")


def _prices(args: argparse.Namespace) -> tuple[dict[str, Price] | None, str]:
    from routeyard.cli.common import config_from
    from routeyard.evals.router_report_data import prices_from_config, read_prices

    if args.prices is not None:
        return read_prices(args.prices), str(args.prices)
    if args.config is not None:
        return prices_from_config(config_from(args)), f"config {args.config}"
    return None, "the rows' cost_usd"


def _pairs(args: argparse.Namespace, known: list[str]) -> list[tuple[str, str]]:
    for flag, names in (("--strong", args.strong), ("--weak", args.weak)):
        for name in names:
            if name not in known:
                raise UsageError(f"{flag} {name!r}: unknown model; known: {', '.join(known)}")
    return list(zip(args.strong, args.weak, strict=True))


def _models(data: list[str], router: set[str], notes: list[str], hint: str = "") -> list[str]:
    models = [m for m in data if m in router]
    if len(data) - len(models):
        missing = ", ".join(m for m in data if m not in router)
        notes.append(f"the router has no predictions for {missing}: left out")
    if len(models) < 2:
        raise UsageError(
            f"{len(models)} model(s) both in the data and known to the router"
            f" ({', '.join(models) or 'none'}): need at least 2{hint}"
        )
    return models


def _evaluate(args: argparse.Namespace) -> dict[str, Any]:
    from routeyard.evals.dataset import read_all, read_rows
    from routeyard.evals.router_report import default_pair, evaluate
    from routeyard.evals.router_report_data import build_table, data_models

    _check_flags(args)

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"{NAME}: {message}", file=sys.stderr, flush=True)

    all_rows = list(read_rows(args.data))
    rows = [row for row in all_rows if row.results]
    notes: list[str] = []
    if len(rows) < len(all_rows):
        notes.append(f"{len(all_rows) - len(rows)} rows without scores left out")
    if not rows:
        raise UsageError(f"--data {args.data}: no row has model scores ('results')")
    prices, price_source = _prices(args)
    out: dict[str, Any] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": _command(args),
        "data": {"file": str(args.data), "rows": len(all_rows)},
    }
    if args.model is not None:
        from routeyard.learn.model import LocalModel

        progress(f"loading {args.model}")
        model = LocalModel.load(args.model)
        models = _models(data_models(rows), set(model.models), notes, PLAIN_HINT)
        pairs = _pairs(args, models)
        out.update(mode="model", model=str(args.model))
        routers, report_rows = _predict_plain(model, rows, models, progress)
    else:
        from routeyard.evals.router_report_data import in_domain_split

        train_rows = read_all(args.train)
        in_domain, report_rows = in_domain_split(rows, args.in_domain_share, args.seed)
        trained = set(data_models(train_rows))
        models = _models(data_models(rows), trained | set(data_models(in_domain)), notes)
        new = [m for m in models if m not in trained]
        if new:
            notes.append(
                f"the --train files have no scores for {', '.join(new)}: the model trained with "
                "the in-domain share learns them from those rows alone; the one trained without "
                "it predicts them by its model-agnostic estimate, 1 − difficulty"
            )
        pairs = _pairs(args, models)
        routers, protocol = _in_domain(args, in_domain, report_rows, train_rows, models, progress)
        out.update(mode="in-domain", in_domain=protocol)
        if protocol["report_rows_in_train"]:
            notes.append(
                f"{protocol['report_rows_in_train']} of the {len(report_rows)} report prompts "
                "also appear in the --train files: both models have seen them, which flatters "
                "both and shrinks what the in-domain share can add"
            )
    table = build_table(report_rows, models, prices)
    if not pairs:
        pairs = [default_pair(table)]
    report = evaluate(
        table, routers, pairs, resamples=args.resamples, seed=args.seed, progress=progress
    )
    cost = report.figures["cost_quality"]
    if table.cost_source == "prices":
        cost["output_tokens_assumed"] = _output_tokens()
        cost["prices"] = price_source
    elif table.cost_source is None and prices is not None:
        cost["skipped"] = f"no model of the data has a price in {price_source}"
    out.update(notes=notes, report=report.figures)
    return _write(args, out, report, progress)


def _output_tokens() -> int:
    from routeyard.evals.router_report_data import OUTPUT_TOKENS

    return OUTPUT_TOKENS


def _predict_plain(
    model: Any, rows: list[EvalRow], models: list[str], progress: Any
) -> tuple[dict[str, F64], list[EvalRow]]:
    from routeyard.evals.router_report_data import predict

    progress(f"predicting {len(rows)} prompts")
    return {"router": predict(model, rows, models)}, rows


def _in_domain(
    args: argparse.Namespace,
    in_domain: list[EvalRow],
    report_rows: list[EvalRow],
    train_rows: list[EvalRow],
    models: list[str],
    progress: Any,
) -> tuple[dict[str, F64], dict[str, Any]]:
    from routeyard.evals.router_report_data import predict
    from routeyard.learn.embedding import StaticEmbedder
    from routeyard.learn.train import TrainConfig, train

    seen = {row.prompt for row in train_rows}
    embedder = StaticEmbedder.load()
    config = TrainConfig(cv_folds=args.folds)
    progress(f"training without the in-domain rows ({len(train_rows)} rows)")
    without = train(train_rows, config, embedder=embedder, progress=progress)
    progress(f"training with {len(in_domain)} in-domain rows ({len(train_rows) + len(in_domain)})")
    with_rows = train([*train_rows, *in_domain], config, embedder=embedder, progress=progress)
    progress(f"predicting {len(report_rows)} report prompts")
    routers = {
        "with_in_domain": predict(with_rows, report_rows, models),
        "without_in_domain": predict(without, report_rows, models, unknown="difficulty"),
    }
    protocol = {
        "share": args.in_domain_share,
        "seed": args.seed,
        "train_files": [str(p) for p in args.train],
        "train_rows": len(train_rows),
        "in_domain_rows": len(in_domain),
        "report_rows": len(report_rows),
        "in_domain_ids": [row.id for row in in_domain],
        "report_rows_in_train": sum(row.prompt in seen for row in report_rows),
    }
    return routers, protocol


def _write(
    args: argparse.Namespace, out: dict[str, Any], report: Any, progress: Any
) -> dict[str, Any]:
    from routeyard.evals.router_report_plot import plot
    from routeyard.evals.router_report_render import markdown

    directory: Path = args.out
    try:
        directory.mkdir(parents=True, exist_ok=True)
        canvas = plot(report)
        png = directory / "curves.png"
        out["files"] = {
            "json": str(directory / "report.json"),
            "markdown": str(directory / "report.md"),
            "png": str(png) if canvas is not None else None,
            "png_name": png.name,
        }
        if canvas is not None:
            canvas.save(png)
        (directory / "report.md").write_text(markdown(out), encoding="utf-8")
        (directory / "report.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write to {directory}: {exc}") from exc
    progress(f"wrote {directory}/report.md, report.json" + (", curves.png" if canvas else ""))
    return out


def _command(args: argparse.Namespace) -> str:
    """The command line that reproduces this report."""
    words = ["routeyard", "eval-router", "--data", str(args.data)]
    if args.model is not None:
        words += ["--model", str(args.model)]
    else:
        words += ["--in-domain-share", str(args.in_domain_share)]
        for path in args.train:
            words += ["--train", str(path)]
    for strong, weak in zip(args.strong, args.weak, strict=False):
        words += ["--strong", strong, "--weak", weak]
    if args.prices is not None:
        words += ["--prices", str(args.prices)]
    if args.config is not None:
        words += ["-c", str(args.config)]
    words += ["--seed", str(args.seed), "--resamples", str(args.resamples)]
    return shlex.join(words)

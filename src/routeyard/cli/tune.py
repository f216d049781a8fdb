"""``routeyard tune``: retrain the local model on outcomes and fit each route for a target.

The tuned config keeps the better of the retrained model and the input config's own
(``--model-choice``).

It writes a new config file, a Markdown report and a model directory; it never touches a
running gateway (apply the file, then reload with SIGHUP).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routeyard.cli.common import add_config_flag

if TYPE_CHECKING:
    from routeyard.config import Config
    from routeyard.evals.dataset import EvalRow


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tune",
        help="retrain on measured outcomes and fit each route's thresholds for a target",
        description="Retrain the local model on routing-eval outcomes, choose each route's "
        "strategy and thresholds by measuring them on held-out rows (with the retrained model "
        "and with the config's own, keeping the better), and write a new config, a report and "
        "the retrained model. A running gateway is not changed.",
    )
    add_config_flag(p)
    p.add_argument(
        "--data", action="append", default=[], type=Path, metavar="FILE.jsonl",
        help="routing-eval JSONL with outcomes (repeat for several files)",
    )  # fmt: skip
    p.add_argument(
        "--store", action="store_true",
        help="also use the outcomes stored by `routeyard eval` and shadow evaluation",
    )  # fmt: skip
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--target-quality", type=float, metavar="SHARE",
        help="keep at least this share (0-1) of each route's best candidate's measured "
        "quality, at the least cost",
    )  # fmt: skip
    target.add_argument(
        "--max-cost-per-1k", type=float, metavar="USD",
        help="the best measured quality at no more than this many USD per 1,000 requests",
    )  # fmt: skip
    p.add_argument("--out-config", required=True, type=Path, metavar="NEW.yaml")
    p.add_argument("--out-report", required=True, type=Path, metavar="REPORT.md")
    p.add_argument(
        "--model-out", type=Path, metavar="DIR",
        help="where the retrained model goes (default: NEW.model next to the new config)",
    )  # fmt: skip
    p.add_argument(
        "--holdout", type=float, default=0.3,
        help="share of scored rows held out of training: half chooses the settings, half "
        "measures them (default 0.3)",
    )  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="the split's random seed (default 0)")
    p.add_argument(
        "--min-rows", type=int, default=20,
        help="routes reached by fewer tuning rows stay as they are (default 20)",
    )  # fmt: skip
    p.add_argument(
        "--add-candidates", action="store_true",
        help="also try adding other configured models (with scores in the data) to a route's "
        "candidates; by default only the route's own candidates are ordered",
    )  # fmt: skip
    p.add_argument(
        "--model-choice", choices=("auto", "retrain", "keep"), default="auto",
        help="the tuned config's local model: auto keeps the better of the retrained model and "
        "the input config's own (each route tuned with each: the retrained model on the tuning "
        "rows, the input's on the training and tuning rows; compared on the tuning rows); "
        "retrain or keep forces one (default auto; without a local model in the input: the "
        "retrained one)",
    )  # fmt: skip
    p.add_argument("--folds", type=int, default=3, help="training cross-validation folds")
    p.add_argument("--json", action="store_true", help="print the headline figures as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from routeyard.config import load_config
    from routeyard.config.default import default_config, default_config_text
    from routeyard.evals.dataset import DatasetError, read_all
    from routeyard.evals.tune import TuneError, TuneOptions, tune
    from routeyard.evals.tune_choose import TuneTarget
    from routeyard.evals.tune_report import render_report, summary_json
    from routeyard.learn.train import TrainConfig, TrainingError

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"routeyard tune: {message}", file=sys.stderr, flush=True)

    def fail(message: str) -> int:
        print(f"routeyard tune: {message}", file=sys.stderr)
        return 2

    if not args.data and not args.store:
        return fail("give outcomes: --data FILE.jsonl (repeatable) and/or --store")
    source = args.config or "<embedded default>"
    if args.config is not None and Path(args.config).resolve() == args.out_config.resolve():
        return fail("--out-config must be a new file: the input config is left as it is")
    config = default_config() if args.config is None else load_config(args.config)
    text = (
        default_config_text()
        if args.config is None
        else Path(args.config).read_text(encoding="utf-8")
    )
    model_dir = args.model_out or args.out_config.with_suffix(".model")
    try:
        target = TuneTarget(args.target_quality, args.max_cost_per_1k)
        rows = read_all(args.data)
        if args.store:
            rows += store_rows(config)
        progress(f"{len(rows)} rows from {', '.join(_sources(args))}")
        options = TuneOptions(
            target,
            args.holdout,
            args.seed,
            args.min_rows,
            training=TrainConfig(cv_folds=args.folds),
            add_candidates=args.add_candidates,
            model_choice=args.model_choice,
        )
        result = tune(
            config, text, rows, options, model_dir=model_dir, source=source, progress=progress
        )
        report = render_report(
            result, config_in=source, config_out=str(args.out_config), data=_sources(args)
        )
        args.out_config.write_text(result.config_text, encoding="utf-8")
        args.out_report.write_text(report, encoding="utf-8")
    except (DatasetError, TrainingError, TuneError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot write: {exc}")
    if args.json:
        print(json.dumps(summary_json(result), indent=1))
    a = result.after.overall
    b = result.before.overall if result.before else result.retrained.overall
    progress(
        f"held-out quality {b.quality:.3f} → {a.quality:.3f}, USD/1k requests "
        f"{b.cost_per_1k:.4f} → {a.cost_per_1k:.4f} with {result.model.trial.label}; wrote "
        f"{args.out_config} and {args.out_report}"
    )
    return 0


def _sources(args: argparse.Namespace) -> list[str]:
    return [str(p) for p in args.data] + (["the eval store"] if args.store else [])


def store_rows(config: Config) -> list[EvalRow]:
    """Outcomes stored by ``routeyard eval`` and shadow evaluation, via the store's
    routing-eval export; results of a model with ``quality_as`` are filed under that name, so
    they train and measure the same predictions as the data's."""
    from routeyard.evals.dataset import parse_row

    try:
        from routeyard.evals.store import EvalStore, StoreUnavailable
    except ImportError:  # pragma: no cover - a build without the eval store
        raise ValueError("--store: this routeyard has no eval store; pass --data") from None
    names = {name: m.quality_as for name, m in config.models.items() if m.quality_as}
    try:
        store = EvalStore.open(config.observe.request_log)
    except StoreUnavailable as exc:
        raise ValueError(f"--store: the eval store cannot be opened: {exc}") from exc
    try:
        out = []
        for i, raw in enumerate(store.export_rows()):
            results = raw.get("results") or {}
            raw["results"] = {names.get(m, m): r for m, r in results.items()}
            out.append(parse_row(raw, f"store-{i}"))
        return out
    except StoreUnavailable as exc:
        raise ValueError(f"--store: the eval store cannot be read: {exc}") from exc
    finally:
        store.close()

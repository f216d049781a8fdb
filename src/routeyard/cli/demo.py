"""``routeyard demo``: the main job on the embedded default."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "demo",
        help="run the gateway on simulated models and send it a mixed workload",
        description="Start the gateway on the embedded default (simulated models, no keys, no "
        "network), send a mixed workload through the official openai SDK, and end with the savings "
        "report read back from the gateway's request log: cost against the baseline, success "
        "rate per route, routing overhead p50/p99; also written as an HTML file with charts.",
    )
    p.add_argument(
        "--requests", type=int, default=None,
        help="how many requests (default 120; --learn: prompts of its sample, default all 249)",
    )  # fmt: skip
    p.add_argument("--concurrency", type=int, default=16, help="requests in flight (default 16)")
    p.add_argument(
        "--report",
        metavar="PATH",
        default="routeyard-demo-report.html",
        help="where to write the HTML savings report (default: routeyard-demo-report.html in "
        "the current folder; '-' for none)",
    )
    p.add_argument(
        "--chaos",
        action="store_true",
        help="run through an outage of sim-large, a slow spell of sim-medium and 429 bursts on "
        "sim-small; print success rate, fallbacks, breaker transitions and latency",
    )
    p.add_argument(
        "--seconds", type=float, default=20.0, help="--chaos: how long to run (default 20)"
    )
    p.add_argument(
        "--learn",
        action="store_true",
        help="the learning loop: serve on rules with shadow evaluation, tune on the stored "
        "outcomes, reload the gateway with the tuned config, and print cost and quality "
        "before and after on held-out prompts",
    )
    learn = p.add_argument_group("--learn")
    learn.add_argument(
        "--out", type=Path, default=Path("routeyard-learn"), metavar="DIR",
        help="where the configs, report, model and request log go (default: routeyard-learn "
        "in the current folder; must not hold an earlier run's request log)",
    )  # fmt: skip
    learn.add_argument(
        "--held-out", type=float, default=0.3, metavar="SHARE",
        help="share of the prompts held out of tuning to measure before and after (default 0.3)",
    )  # fmt: skip
    learn.add_argument(
        "--target-quality", type=float, default=0.95, metavar="SHARE",
        help="tune for at least this share of the best model's quality at the least cost "
        "(default 0.95)",
    )  # fmt: skip
    learn.add_argument("--seed", type=int, default=0, help="the prompts' split (default 0)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.learn and args.chaos:
        print("routeyard demo: --learn and --chaos are separate demos; give one", file=sys.stderr)
        return 2
    if args.learn:
        from routeyard.demo.learn import LearnOptions, run_learn

        options = LearnOptions(
            out=args.out,
            requests=args.requests,
            held_out=args.held_out,
            target_quality=args.target_quality,
            seed=args.seed,
            concurrency=min(args.concurrency, 8),
        )
        try:
            return run_learn(options)
        except (FileExistsError, TimeoutError, ValueError) as exc:
            print(f"routeyard demo --learn: {exc}", file=sys.stderr)
            return 2
    if args.chaos:
        from routeyard.demo.chaos import run_chaos

        return run_chaos(args.seconds, min(args.concurrency, 8))
    from routeyard.demo.run import run_demo

    report = None if args.report == "-" else Path(args.report)
    count = 120 if args.requests is None else args.requests
    return run_demo(count, args.concurrency, report)

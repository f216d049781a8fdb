"""``routeyard demo``: the main job on the embedded default."""

from __future__ import annotations

import argparse
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
    p.add_argument("--requests", type=int, default=120, help="how many requests (default 120)")
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
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.chaos:
        from routeyard.demo.chaos import run_chaos

        return run_chaos(args.seconds, min(args.concurrency, 8))
    from routeyard.demo.run import run_demo

    report = None if args.report == "-" else Path(args.report)
    return run_demo(args.requests, args.concurrency, report)

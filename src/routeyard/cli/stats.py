"""``routeyard stats``: what the request log says about a time window."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from routeyard.cli.common import add_config_flag, config_from


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "stats",
        help="per-route requests, success, latency, routing overhead, cost and savings",
        description="Read the request log (observe.request_log in the config; the embedded "
        "default writes routeyard.db in the folder the gateway runs in) and print, for a time "
        "window: per route requests, success rate, models used, p50/p99 latency and routing "
        "overhead, cost and savings against the baseline; top fallback reasons; spend per key.",
    )
    add_config_flag(p)
    p.add_argument("--since", default="24h", help="window: 30s, 15m, 1h, 7d… (default 24h)")
    p.add_argument("--db", help="backend=sqlite: read this file instead of the configured path")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from routeyard.observe.log_factory import build_backend
    from routeyard.observe.stats_query import format_stats, parse_duration, query_stats

    cfg = config_from(args).observe.request_log
    if args.db:
        cfg = cfg.model_copy(update={"backend": "sqlite", "path": args.db})
    if cfg.backend == "off":
        print("routeyard: the request log is off in this config", file=sys.stderr)
        return 1
    if cfg.backend == "sqlite" and not Path(cfg.path).exists():
        print(f"routeyard: no request log at {cfg.path}", file=sys.stderr)
        return 1
    try:
        window = parse_duration(args.since)
    except ValueError as exc:
        print(f"routeyard: --since: {exc}", file=sys.stderr)
        return 2
    backend = build_backend(cfg)
    try:
        stats = query_stats(backend, since=time.time() - window)
    finally:
        backend.close()
    if args.json:
        sys.stdout.write(orjson.dumps(stats, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print(format_stats(stats))
    return 0

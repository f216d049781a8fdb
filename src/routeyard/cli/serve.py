"""``routeyard serve``: run the gateway."""

from __future__ import annotations

import argparse
from typing import Any

from routeyard.cli.common import add_config_flag, config_from
from routeyard.serving import run_async, serve_forever


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help="run the gateway (embedded default: simulated models, no keys)",
        description="Serve the OpenAI- and Anthropic-compatible gateway. Without --config it runs "
        "the embedded default: three simulated models behind the rules policy.",
    )
    add_config_flag(p)
    p.add_argument("--host", help="address to bind (default: server.host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to bind (default: server.port, 8080; 0 = any)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    host = args.host or config.server.host
    port = config.server.port if args.port is None else args.port
    if host != config.server.host:
        # Re-validate so the rule "no auth off loopback" applies to the command-line host too.
        server = config.server.model_validate({**config.server.model_dump(), "host": host})
        config = config.model_copy(update={"server": server})
    run_async(serve_forever(config, host, port))
    return 0

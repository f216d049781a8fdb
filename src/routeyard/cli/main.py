"""``routeyard``: the command line. One module per subcommand; each registers its own flags."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from routeyard.cli import (
    check,
    demo,
    eval,
    eval_router,
    route,
    score,
    serve,
    simulate,
    stats,
    train,
    tune,
)
from routeyard.config import ConfigError

COMMANDS = (serve, simulate, route, check, stats, demo, train, score, tune, eval, eval_router)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="routeyard",
        description="An LLM router and OpenAI/Anthropic-compatible gateway.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except ConfigError as exc:
        print(f"routeyard: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())

"""``python -m routeyard.simulator [--spec FILE] [--host H] [--port P]``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from routeyard.simulator.server import serve
from routeyard.simulator.spec import default_spec, load_spec


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m routeyard.simulator")
    parser.add_argument("--spec", help="simulator spec (YAML or JSON); default: built-in")
    parser.add_argument("--data", action="append", default=[], help="routing-eval JSONL file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    args = parser.parse_args(argv)
    spec = load_spec(args.spec) if args.spec else default_spec()
    spec.data_files.extend(args.data)
    with contextlib.suppress(KeyboardInterrupt):
        _run(serve(spec, args.host, args.port))


def _run(main: Coroutine[Any, Any, None]) -> None:
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)


if __name__ == "__main__":
    main()

"""``routeyard simulate``: run the LLM simulator on its own."""

from __future__ import annotations

import argparse
from typing import Any

from routeyard.serving import run_async


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "simulate",
        help="run the simulated LLM server (OpenAI and Anthropic wire formats)",
        description="Serve simulated models over the OpenAI Chat Completions and Anthropic "
        "Messages APIs, with latency, answers and faults set per model. Faults can be changed "
        "at run time: PUT /_sim/faults/{model}, GET /_sim/state, POST /_sim/reset.",
    )
    p.add_argument("--spec", metavar="FILE", help="simulator spec (YAML/JSON); default: built-in")
    p.add_argument(
        "--data",
        metavar="FILE",
        action="append",
        default=[],
        help="routing-eval JSONL file to answer known prompts from (repeatable)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=9000)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from routeyard import simulator

    spec = simulator.load_spec(args.spec) if args.spec else simulator.default_spec()
    if args.data:
        spec = spec.model_copy(update={"data_files": [*spec.data_files, *args.data]})
    run_async(simulator.serve(spec, args.host, args.port))
    return 0

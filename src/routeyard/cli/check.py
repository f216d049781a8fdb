"""``routeyard check``: validate a config and print it resolved, secrets masked."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import yaml

from routeyard.cli.common import add_config_flag, config_from


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="validate a config file and print it resolved (secrets masked)",
        description="Validate a config file: schema, cross-references, ${ENV} variables. Prints "
        "the resolved config with every secret masked; exits 2 and names each problem's path "
        "and line when the file is invalid.",
    )
    add_config_flag(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    data = config.model_dump(mode="json")  # SecretStr dumps as '**********'
    sys.stdout.write(yaml.safe_dump(data, sort_keys=False))
    source = args.config or "<embedded default>"
    print(
        f"ok: {source}: {len(config.providers)} providers, {len(config.models)} models, "
        f"{len(config.policy.routes)} routes",
        file=sys.stderr,
    )
    return 0

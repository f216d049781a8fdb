"""``routeyard check``: validate a config and print it resolved, secrets masked."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import yaml

from routeyard.classify.local import LocalModelError
from routeyard.classify.utterances import UtteranceRoutesError, has_utterances
from routeyard.cli.common import add_config_flag, config_from
from routeyard.config import Config
from routeyard.planner import Planner


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="validate a config file and print it resolved (secrets masked)",
        description="Validate a config file: schema, cross-references, ${ENV} variables. Prints "
        "the resolved config with every secret masked; exits 2 and names each problem's path "
        "and line when the file is invalid. With utterance routes, fits their thresholds as "
        "the gateway would and prints each one (exits 1 when they cannot be fitted).",
    )
    add_config_flag(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    data = config.model_dump(mode="json")  # SecretStr dumps as '**********'
    sys.stdout.write(yaml.safe_dump(data, sort_keys=False))
    try:
        fitted = _utterance_routes(config)
    except (LocalModelError, UtteranceRoutesError) as exc:
        print(f"routeyard: {exc}", file=sys.stderr)
        return 1
    source = args.config or "<embedded default>"
    print(
        f"ok: {source}: {len(config.providers)} providers, {len(config.models)} models, "
        f"{len(config.policy.routes)} routes",
        file=sys.stderr,
    )
    for line in fitted:
        print(line, file=sys.stderr)
    return 0


def _utterance_routes(config: Config) -> list[str]:
    """Each utterance route's fitted threshold, fitted by the planner as the gateway builds it
    (on the local model's embedding when that is on); nothing is loaded without such routes."""
    if not has_utterances(config.policy):
        return []
    utterances = Planner(config).utterances
    return [] if utterances is None else utterances.describe()

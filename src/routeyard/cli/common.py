"""Flags and loading shared by several subcommands."""

from __future__ import annotations

import argparse

from routeyard.config import Config, default_config, load_config


def add_config_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c",
        "--config",
        metavar="FILE",
        help="YAML config file (default: the embedded default with simulated models)",
    )


def config_from(args: argparse.Namespace) -> Config:
    path: str | None = args.config
    return default_config() if path is None else load_config(path)

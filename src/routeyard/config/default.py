"""The embedded default config, shipped as ``default.yaml`` inside the package."""

from __future__ import annotations

from importlib.resources import files

from routeyard.config.loader import parse_config
from routeyard.config.schema import Config


def default_config_text() -> str:
    return files("routeyard.config").joinpath("default.yaml").read_text(encoding="utf-8")


def default_config() -> Config:
    return parse_config(default_config_text(), source="<embedded default>", env={})

"""Configuration: the schema, the YAML loader and the embedded default."""

from routeyard.config.default import default_config
from routeyard.config.loader import ConfigError, Problem, load_config, parse_config
from routeyard.config.schema import Config, ModelConfig, ProviderConfig, Route, Timeouts

__all__ = [
    "Config",
    "ConfigError",
    "ModelConfig",
    "Problem",
    "ProviderConfig",
    "Route",
    "Timeouts",
    "default_config",
    "load_config",
    "parse_config",
]

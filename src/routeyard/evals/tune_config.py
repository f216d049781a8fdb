"""Writing the tuned config: the input file's data with only the tuned keys changed.

The input is re-read as plain YAML data (no ``${ENV}`` interpolation, so secrets stay
references), the chosen routes' strategy keys and candidate order and (when the retrained model
is kept) ``classifier.local_model`` are replaced, ``policy.version`` is marked, and the result
is dumped.
YAML comments of the input are not carried over (a header says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from routeyard.evals.tune_choose import TUNED_KEYS, Setting


class TunedConfigError(ValueError):
    """The input config's text does not have the shape its validated form promised."""


def tuned_config_text(
    original_text: str,
    changes: Mapping[int, Setting],
    *,
    model_dir: Path | None,
    version: str,
    header: str,
) -> str:
    """``changes``: index in ``policy.routes`` → the setting to apply to it; ``model_dir``: the
    local model to use (None: the input's ``classifier`` is kept as it is)."""
    raw = yaml.safe_load(original_text)
    if not isinstance(raw, dict) or not isinstance(raw.get("policy"), dict):
        raise TunedConfigError("the config has no policy mapping")
    policy: dict[str, Any] = raw["policy"]
    routes = policy.get("routes")
    if not isinstance(routes, list):
        raise TunedConfigError("policy.routes is not a list")
    for index, setting in changes.items():
        route = routes[index]
        if not isinstance(route, dict):
            raise TunedConfigError(f"policy.routes.{index} is not a mapping")
        for key in TUNED_KEYS:
            route.pop(key, None)
        route.update(setting.as_dict())
    policy["version"] = version
    if model_dir is not None:
        _use_model(raw, model_dir)
    body = yaml.safe_dump(
        raw, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comment + body


def _use_model(raw: dict[str, Any], model_dir: Path) -> None:
    classifier = raw.get("classifier")
    if not isinstance(classifier, dict):
        classifier = raw["classifier"] = {}
    local = classifier.get("local_model")
    if not isinstance(local, dict):
        local = classifier["local_model"] = {}
    local["enabled"] = True
    local["path"] = str(model_dir)

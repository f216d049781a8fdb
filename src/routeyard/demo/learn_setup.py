"""``routeyard demo --learn``: the sample it sends and the configs it starts from.

The sample is a few hundred routing-eval rows shipped in the package (``demo/data``, see the
README there): real prompts with the recorded scores of the models the simulated ones stand in
for (``quality_as`` in the embedded default). The "before" config is the embedded default on
rules alone, with shadow evaluation on every route and the simulator answering and scoring
from the sample:

    sample = load_sample()
    split = split_sample(sample, held_out=0.3, seed=0)
    text = before_config_text(paths)                 # YAML for ``routeyard serve -c``
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
import yaml

from routeyard.config.default import default_config, default_config_text
from routeyard.evals.dataset import EvalRow, parse_row
from routeyard.evals.tune_choose import TUNED_KEYS

SAMPLE = "data/learn.jsonl.gz"
BEFORE_VERSION = "rules-1"
# Shadow spending cap per hour: the whole sample, shadowed on the two other models, costs
# under a dollar at the default's prices.
SHADOW_CAP_USD = 10.0


def sample_bytes() -> bytes:
    """The shipped sample, decompressed (routing-eval JSONL)."""
    return gzip.decompress(files("routeyard.demo").joinpath(SAMPLE).read_bytes())


def load_sample(data: bytes | None = None) -> list[EvalRow]:
    raw = sample_bytes() if data is None else data
    lines = [line for line in raw.split(b"\n") if line.strip()]
    return [parse_row(orjson.loads(line), f"learn-{i + 1}") for i, line in enumerate(lines)]


@dataclass(frozen=True, slots=True)
class Split:
    """``learn``: prompts whose shadow outcomes tune the policy; ``held_out``: prompts that
    measure the policy before and after, and never tune it."""

    learn: list[EvalRow]
    held_out: list[EvalRow]


def split_sample(rows: Sequence[EvalRow], held_out: float, seed: int) -> Split:
    """A seeded shuffle of ``rows``: the first ``held_out`` share is held out (at least one
    row each side)."""
    if not 0 < held_out < 1:
        raise ValueError(f"the held-out share must be between 0 and 1, not {held_out}")
    if len(rows) < 2:
        raise ValueError("the demo needs at least two prompts")
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    n = min(len(rows) - 1, max(1, round(len(rows) * held_out)))
    return Split(learn=[rows[i] for i in order[n:]], held_out=[rows[i] for i in order[:n]])


@dataclass(frozen=True, slots=True)
class Paths:
    """Everything the demo writes, in one folder."""

    root: Path

    @property
    def sample(self) -> Path:
        return self.root / "learn.jsonl"

    @property
    def spec(self) -> Path:
        return self.root / "simulator.json"

    @property
    def db(self) -> Path:
        return self.root / "routeyard.db"

    @property
    def served(self) -> Path:
        """The file the gateway serves (and re-reads on reload)."""
        return self.root / "routeyard.yaml"

    @property
    def before(self) -> Path:
        return self.root / "before.yaml"

    @property
    def tuned(self) -> Path:
        return self.root / "tuned.yaml"

    @property
    def report(self) -> Path:
        return self.root / "tune-report.md"

    @property
    def model(self) -> Path:
        return self.root / "tuned.model"


def simulator_spec(sample: Path) -> dict[str, Any]:
    """The default simulator's models (whose ``data_model`` is the embedded default's
    ``quality_as``), answering at once from ``sample``."""
    from routeyard.simulator import default_spec

    spec = default_spec()
    instant = {"ttft_ms": 0.0, "tokens_per_s": 0.0}
    models = [m.model_copy(update=instant).model_dump(exclude={"faults"}) for m in spec.models]
    return {"models": models, "data_files": [str(sample.resolve())], "seed": spec.seed}


def before_config_text(paths: Paths, *, shadow_cap_usd: float = SHADOW_CAP_USD) -> str:
    """The embedded default on rules alone (every route's candidates in the configured order,
    no strategy that asks the local model), every route shadowed on every model and scored
    from the sample. The shipped local model stays configured, so tuning can keep it rather
    than the one it retrains; no request of this policy runs it (the model runs only for a
    route that needs its predictions)."""
    raw = yaml.safe_load(default_config_text())
    raw["providers"]["sim"]["simulator_spec"] = str(paths.spec.resolve())
    assert raw["classifier"]["local_model"] == {"enabled": True}  # the shipped model
    policy = raw["policy"]
    policy["version"] = BEFORE_VERSION
    models = default_config().chat_models()  # the same models as ``raw``, parsed
    for route in policy["routes"]:
        for key in TUNED_KEYS:
            route.pop(key, None)
        route["shadow"] = {"fraction": 1.0, "models": models, "scorer": "recorded"}
    raw["evals"] = {
        "data_files": [str(paths.sample.resolve())],
        "store_outputs": False,
        # Enough room that no offer is dropped at the demo's concurrency.
        "shadow": {"max_usd": shadow_cap_usd, "max_concurrency": 4, "max_pending": 100_000},
    }
    raw["observe"] = {"request_log": {"backend": "sqlite", "path": str(paths.db.resolve())}}
    header = (
        "# Written by `routeyard demo --learn`: the embedded default on rules alone (its local\n"
        "# model loaded but asked by no route), shadow evaluation on every route, the simulator\n"
        "# scored from learn.jsonl.\n"
    )
    return header + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=100)


def prepare(paths: Paths, data: bytes | None = None) -> str:
    """Write the sample, the simulator spec and the before config; return the config text.
    Refuses a folder that already holds a request log (the demo's numbers would mix runs)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    if paths.db.exists():
        raise FileExistsError(
            f"{paths.db} exists from an earlier run: give a new --out folder or remove it"
        )
    paths.sample.write_bytes(sample_bytes() if data is None else data)
    paths.spec.write_bytes(orjson.dumps(simulator_spec(paths.sample), option=orjson.OPT_INDENT_2))
    text = before_config_text(paths)
    paths.before.write_text(text, encoding="utf-8")
    paths.served.write_text(text, encoding="utf-8")
    return text

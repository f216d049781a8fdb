"""The inputs of a router report: prices, and a prompts × models table of scores and costs.

Costs are in USD per 1,000 prompts. With list prices (USD per million tokens), a prompt's cost
on a model is ``input_tokens × input price + output_tokens × output price``, where the tokens
are the row's recorded counts when it has them, else an estimate: the prompt's characters / 4
in, ``OUTPUT_TOKENS`` out (the LLMRouter rows record neither). Without prices, the rows'
recorded ``cost_usd`` is used.

    >>> prices = read_prices(Path("models.json"))                          # doctest: +SKIP
    >>> table = build_table(rows, ["strong", "weak"], prices, "models.json")  # doctest: +SKIP
    >>> table.scores.shape, table.costs is not None                         # doctest: +SKIP
    ((368, 2), True)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from routeyard.evals.dataset import EvalRow

if TYPE_CHECKING:
    from routeyard.config.schema import Config
    from routeyard.learn.model import LocalModel

F64 = npt.NDArray[np.float64]

OUTPUT_TOKENS = 256  # assumed answer length when a row records no output tokens
CHARS_PER_TOKEN = 4.0  # assumed prompt characters per input token when none are recorded
PER_PROMPTS = 1000.0
COST_UNIT = "USD per 1,000 prompts"


class ReportError(ValueError):
    """The report cannot be made from these inputs; the message says what to change."""


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens."""

    input: float
    output: float


def read_prices(path: Path) -> dict[str, Price]:
    """``{"model": {"input_usd_per_mtok": …, "output_usd_per_mtok": …}}`` (the shared data's
    ``models.json``)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))  # a BOM is fine
    except FileNotFoundError as exc:
        raise ReportError(f"{path}: price file not found") from exc
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: cannot read prices ({exc})") from exc
    if not isinstance(raw, dict):
        raise ReportError(f"{path}: expected an object of model name → prices")
    out: dict[str, Price] = {}
    for name, spec in raw.items():
        try:
            price = Price(_price(spec, "input_usd_per_mtok"), _price(spec, "output_usd_per_mtok"))
        except ValueError as exc:
            raise ReportError(f"{path}: model {name!r}: {exc}") from exc
        out[str(name)] = price
    return out


def _price(spec: Any, key: str) -> float:
    value = spec.get(key) if isinstance(spec, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{key} must be a non-negative number")
    return float(value)


def prices_from_config(config: Config) -> dict[str, Price]:
    """Configured prices under each model's name in the data (``quality_as``, else its key)."""
    return {
        spec.quality_as or key: Price(spec.price.input, spec.price.output)
        for key, spec in config.models.items()
    }


def data_models(rows: Iterable[EvalRow]) -> list[str]:
    """Every model with a score in ``rows``, sorted."""
    return sorted({name for row in rows for name in row.results})


@dataclass(frozen=True, slots=True)
class EvalTable:
    """Scores and costs, prompts × models; NaN where a row has no score (or cost) for a model.

    ``cost_source`` says where costs came from ("prices" or "rows"), None when there are none.
    """

    ids: tuple[str, ...]
    models: tuple[str, ...]
    scores: F64
    costs: F64 | None
    cost_source: str | None

    def column(self, model: str) -> int:
        return self.models.index(model)


def build_table(
    rows: Sequence[EvalRow], models: Sequence[str], prices: Mapping[str, Price] | None
) -> EvalTable:
    """The table for ``models`` over ``rows``. With ``prices``, costs are estimated from them
    (models without a price get no costs); without, the rows' ``cost_usd`` is used if any row
    has one."""
    n, m = len(rows), len(models)
    scores = np.full((n, m), np.nan)
    costs = np.full((n, m), np.nan)
    for i, row in enumerate(rows):
        for j, name in enumerate(models):
            result = row.results.get(name)
            if result is None:
                continue
            scores[i, j] = result.score
            if prices is not None:
                price = prices.get(name)
                if price is not None:
                    tokens_in = _or(result.input_tokens, len(row.prompt) / CHARS_PER_TOKEN)
                    tokens_out = _or(result.output_tokens, OUTPUT_TOKENS)
                    usd = (tokens_in * price.input + tokens_out * price.output) / 1e6
                    costs[i, j] = usd * PER_PROMPTS
            elif result.cost_usd is not None:
                costs[i, j] = result.cost_usd * PER_PROMPTS
    source = "prices" if prices is not None else "rows"
    has_costs = bool(np.isfinite(costs).any())
    return EvalTable(
        ids=tuple(row.id for row in rows),
        models=tuple(models),
        scores=scores,
        costs=costs if has_costs else None,
        cost_source=source if has_costs else None,
    )


def _or(recorded: int | None, estimate: float) -> float:
    return estimate if recorded is None else float(recorded)


def predict(
    model: LocalModel,
    rows: Sequence[EvalRow],
    models: Sequence[str],
    unknown: Literal["error", "difficulty"] = "error",
) -> F64:
    """The model's predicted score for each row (prompts × ``models``). A model it has no
    scores for raises ``ReportError``, or with ``unknown="difficulty"`` gets the model-agnostic
    estimate ``1 − difficulty``: how likely a small model is to succeed."""
    missing = [name for name in models if name not in model.models]
    if missing and unknown == "error":
        raise ReportError(f"the router model has no predictions for {', '.join(missing)}")
    if not rows:
        return np.zeros((0, len(models)))
    x = model.embedder.embed_many([row.prompt for row in rows])
    _, quality = model.predict_arrays(x)
    agnostic = 1.0 - np.asarray(quality[:, -1], dtype=np.float64)  # the difficulty column
    out: F64 = np.stack(
        [
            quality[:, model.models.index(name)] if name in model.models else agnostic
            for name in models
        ],
        axis=1,
    ).astype(np.float64)
    return out


def in_domain_split(
    rows: Sequence[EvalRow], share: float, seed: int
) -> tuple[list[EvalRow], list[EvalRow]]:
    """(the in-domain training rows, the report rows): a seeded ``share`` of the scored rows,
    and the rest. The same shuffle as ``routeyard tune`` (``evals.tune.split_rows``)."""
    from routeyard.evals.tune import TuneError, split_rows

    scored = [row for row in rows if row.results]
    if not 0 < share < 1:
        raise ReportError(f"the in-domain share must be between 0 and 1, not {share}")
    n_report = round(len(scored) * (1.0 - share))
    if len(scored) - n_report < 2 or n_report < 4:
        raise ReportError(
            f"{len(scored)} scored rows are too few to take an in-domain share of {share} and "
            "report on the rest (need at least 2 to train on and 4 to report on)"
        )
    try:
        split = split_rows(scored, 1.0 - share, seed)
    except TuneError as exc:
        raise ReportError(str(exc)) from exc
    return split.train, [*split.tune, *split.report]

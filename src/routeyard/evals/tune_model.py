"""Which local model a tuned config keeps: the one retrained on the outcomes, or the input's own.

``tune`` always retrains the local model on its train share, but a small train share can give a
model that knows less than the one the config already uses (the model shipped in the package
was trained on thousands of rows). So when the input config has a local model, both are tried:
each route's settings are chosen with each model's predictions, and ``decide`` keeps the model
whose tuned config does better against the target on the tune share.

The two choices use different rows. The retrained model learned from the train share, so its
settings are chosen on the tune share only; the input's model never saw the train share, so its
settings are chosen on the train and tune shares together (more rows, smaller standard errors).
The comparison between them is on the rows neither model trained on and both choices used, the
tune share, with the same measure for both:

- a quality target: more routes whose tuned setting holds it there on average (against the
  route's best single model on those rows), then the lower cost, then the higher quality;
- a cost ceiling: more routes under it there, then the higher quality, then the lower cost.

An exact tie keeps the input's model (no change without evidence). ``--model-choice retrain`` or
``keep`` forces one; a config without a local model always gets the retrained one. The report
share is used by neither choice nor by this comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from routeyard.evals.tune_choose import TuneTarget

if TYPE_CHECKING:
    from routeyard.evals.tune import RouteResult
    from routeyard.evals.tune_measure import Tally

ModelChoice = Literal["auto", "retrain", "keep"]
MODEL_CHOICES: tuple[ModelChoice, ...] = ("auto", "retrain", "keep")
Which = Literal["retrained", "input"]


@dataclass(frozen=True, slots=True)
class ModelTrial:
    """One local model's best settings per route (chosen on ``choice_rows`` rows), and the config
    tuned with them, measured on the tune share."""

    which: Which
    label: str  # e.g. "the retrained model"
    routes: list[RouteResult]  # chosen on this model's choice rows
    tune: Tally  # the config tuned with this model, on every row of the tune share
    choice_rows: int = 0  # rows its settings were chosen on (tune share, + train share: input)
    held: int = 0  # routes whose tuned setting holds the target on the tune share, on average
    reached: int = 0  # routes the tune share reaches (with scores for their models)

    @property
    def tuned(self) -> int:
        """Routes reached by enough of its choice rows to be tuned."""
        return sum(1 for r in self.routes if r.tuned_after is not None)

    @property
    def met(self) -> int:
        """Tuned routes whose chosen setting holds the target on its choice rows (with the
        standard errors required)."""
        return sum(1 for r in self.routes if r.tuned_after is not None and r.met)

    def describe(self) -> str:
        t = self.tune
        return (
            f"{self.label} (settings chosen on {self.choice_rows} rows): target held on "
            f"{self.held} of {self.reached} routes, quality {t.quality:.3f} at "
            f"${t.cost_per_1k:.4f}/1k requests"
        )


@dataclass(frozen=True, slots=True)
class ModelDecision:
    """The local model the tuned config uses, and why."""

    asked: ModelChoice
    kept: Which
    reason: str
    trials: dict[Which, ModelTrial]
    unavailable: Mapping[Which, str]  # a model that could not be tried, and why

    @property
    def trial(self) -> ModelTrial:
        return self.trials[self.kept]


def _key(trial: ModelTrial, target: TuneTarget) -> tuple[int, float, float]:
    t = trial.tune
    quality, cost = round(t.quality, 9), round(t.cost_per_1k, 9)
    if target.quality_share is not None:
        return (trial.held, -cost, quality)
    return (trial.held, quality, -cost)


def decide(
    trials: Sequence[ModelTrial],
    target: TuneTarget,
    asked: ModelChoice,
    unavailable: Mapping[Which, str],
) -> ModelDecision:
    """``trials``: the models that could be tried (at least one); see the module doc."""
    by = {t.which: t for t in trials}
    rows = trials[0].tune.rows
    if asked != "auto":
        which: Which = "retrained" if asked == "retrain" else "input"
        if which not in by:
            raise ValueError(f"--model-choice {asked}: {unavailable.get(which, 'not tried')}")
        reason = f"forced by --model-choice {asked}"
        if len(by) == 2:
            reason += f"; on the {rows} rows of the tune share, " + _both(by)
        return ModelDecision(asked, which, reason, by, unavailable)
    if len(by) == 1:
        [only] = trials
        why = unavailable.get("input" if only.which == "retrained" else "retrained", "")
        return ModelDecision(asked, only.which, f"the only one tried ({why})", by, unavailable)
    kr, ki = _key(by["retrained"], target), _key(by["input"], target)
    which = "retrained" if kr > ki else "input"
    if kr == ki:
        what = "both did the same on the tune share, so the input's model stays"
    elif kr[0] != ki[0]:
        what = "its settings hold the target on more routes"
        if target.quality_share is None:
            what = "its settings stay under the ceiling on more routes"
    elif target.quality_share is not None and kr[1] != ki[1]:
        what = "its settings hold the target at the lower cost"
    elif target.quality_share is None and kr[1] != ki[1]:
        what = "its settings reach the higher quality under the ceiling"
    else:
        what = "same cost, higher quality" if target.quality_share is not None else "cheaper"
    reason = f"{what}; on the {rows} rows of the tune share, " + _both(by)
    return ModelDecision(asked, which, reason, by, unavailable)


def _both(by: Mapping[Which, ModelTrial]) -> str:
    return f"{by['input'].describe()}; {by['retrained'].describe()}"

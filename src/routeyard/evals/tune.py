"""Tuning routes from measured outcomes: retrain the local model, fit each route's thresholds.

``tune`` splits the scored rows three ways with a seed: the *train* share retrains the local
model through the one training path (``learn.train``); the *tune* share chooses each route's
strategy and thresholds for that model by replaying every candidate setting through the real
policy (``tune_choose``). When the input config has a local model of its own, each route is
tuned the same way with that model too, on the train and tune shares together (it never trained
on either, so the train share is fair tuning data for it), and the config keeps the model whose
settings do better on the tune share (``tune_model``). The *report* share, used for no choice,
measures the config before and after. It returns the new config's text
(validated by loading it) and the figures; it changes no running router. ``routeyard tune``
writes them to files.

    >>> result = tune(config, text, rows, TuneOptions(TuneTarget(quality_share=0.95)),
    ...               model_dir=Path("tuned.model"))                       # doctest: +SKIP
    >>> result.after.overall.cost_per_1k < result.before.overall.cost_per_1k  # doctest: +SKIP
    True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from routeyard.config.loader import ConfigError, parse_config
from routeyard.config.schema import Config
from routeyard.evals.dataset import EvalRow
from routeyard.evals.tune_choose import (
    Measured,
    Setting,
    TuneTarget,
    apply_setting,
    choose,
    current_setting,
    lower_bound,
    measure,
    meets,
    near_miss,
    route_rows_for,
    settings_for,
    single_model_tallies,
    with_route,
)
from routeyard.evals.tune_config import tuned_config_text
from routeyard.evals.tune_measure import (
    Routed,
    Summary,
    Tally,
    route_rows,
    summarise,
    tally_models,
)
from routeyard.evals.tune_model import ModelChoice, ModelDecision, ModelTrial, Which, decide
from routeyard.learn.train import TrainConfig, train
from routeyard.planner import Planner

Progress = Callable[[str], None]

__all__ = [
    "ModelChoice",
    "ModelDecision",
    "RouteResult",
    "TuneError",
    "TuneOptions",
    "TuneResult",
    "TuneTarget",
    "tune",
]


class TuneError(ValueError):
    """The data or the config cannot be tuned; the message says what to change."""


@dataclass(frozen=True, slots=True)
class TuneOptions:
    target: TuneTarget
    holdout: float = 0.3  # share of scored rows held out; half tunes, half reports
    seed: int = 0
    min_rows: int = 20  # fewer tuning rows on a route: leave it as it is
    # A quality target must hold by this many standard errors on the tuning rows (paired with
    # the best candidate row by row): choosing right at the edge of a noisy estimate overfits.
    z: float = 1.0
    add_candidates: bool = False  # may add other configured models (with data) to a route
    training: TrainConfig = field(default_factory=TrainConfig)
    # The local model of the tuned config: the better of the retrained one and the input's own
    # (auto), or either one (see ``tune_model``).
    model_choice: ModelChoice = "auto"


@dataclass(frozen=True, slots=True)
class Split:
    train: list[EvalRow]
    tune: list[EvalRow]
    report: list[EvalRow]


def split_rows(rows: Sequence[EvalRow], holdout: float, seed: int) -> Split:
    """Scored rows shuffled with ``seed``; rows without scores only ever train."""
    if not 0 < holdout < 1:
        raise TuneError(f"the held-out share must be between 0 and 1, not {holdout}")
    scored = [r for r in rows if r.results]
    order = np.random.default_rng(seed).permutation(len(scored))
    held = round(len(scored) * holdout)
    n_tune = held // 2
    n_report = held - n_tune
    if n_tune < 2 or n_report < 2 or len(scored) - held < 2:
        raise TuneError(
            f"{len(scored)} scored rows are too few to train, tune and report on "
            f"(held-out share {holdout}); give more rows"
        )
    pick = [scored[i] for i in order]
    unscored = [r for r in rows if not r.results]
    return Split(train=pick[held:] + unscored, tune=pick[:n_tune], report=pick[n_tune:held])


@dataclass(frozen=True, slots=True)
class RouteResult:
    """What tuning did to one route, and why."""

    index: int
    name: str
    before: Setting
    chosen: Setting | None  # None: left as it was
    reason: str
    rows: int = 0  # tuning rows that reached the route with every candidate scored
    best_model: str | None = None
    best_quality: float = 0.0
    tuned_before: Tally | None = None  # the route as configured, on the tuning rows
    tuned_after: Tally | None = None
    tried: int = 0
    met: bool = True


@dataclass(frozen=True, slots=True)
class TuneResult:
    config_text: str
    config: Config
    target: TuneTarget
    routes: list[RouteResult]
    before: Summary | None  # the input config (and its local model) on the report rows
    after: Summary  # the tuned config and the local model it kept, on the same rows
    retrained: Summary  # the input policy with the retrained model (isolates the thresholds)
    report_best: dict[str, tuple[str, Tally]]  # route → its best single candidate there
    split_sizes: tuple[int, int, int]
    model_dir: Path  # where the retrained model was written (kept or not)
    training_seconds: float
    version: str
    model: ModelDecision
    before_error: str | None = None  # why ``before`` could not be measured

    @property
    def local_model_path(self) -> str | None:
        """The tuned config's ``classifier.local_model.path`` (None: the shipped model)."""
        return self.config.classifier.local_model.path


def tune(
    config: Config,
    config_text: str,
    rows: Sequence[EvalRow],
    options: TuneOptions,
    *,
    model_dir: Path,
    source: str = "<config>",
    progress: Progress | None = None,
) -> TuneResult:
    """Retrain, choose per route, write nothing but the model directory (see module doc)."""
    say = progress or (lambda _msg: None)
    if options.model_choice == "keep" and not config.classifier.local_model.enabled:
        raise TuneError(
            "--model-choice keep: the input config has no local model to keep "
            "(classifier.local_model.enabled is false)"
        )
    split = split_rows(rows, options.holdout, options.seed)
    say(f"{len(split.train)} rows train, {len(split.tune)} tune, {len(split.report)} report")
    started = datetime.now(UTC)
    model = train(split.train, options.training, progress=say)
    model_dir = model_dir.resolve()
    model.save(model_dir)
    trained_s = (datetime.now(UTC) - started).total_seconds()

    local_cfg = config.classifier.local_model.model_copy(
        update={"enabled": True, "path": str(model_dir)}
    )
    classifier = config.classifier.model_copy(update={"local_model": local_cfg})
    tuned_base = config.model_copy(update={"classifier": classifier})
    planner = _planner(tuned_base, "the retrained model")
    # The retrained model chooses on the tune share only (it learned from the train share);
    # the input's model, which never saw the train share, chooses on train + tune. Both are
    # compared on the tune share; the report share chooses nothing.
    label = "the retrained model"
    trials = [_trial(tuned_base, planner, "retrained", label, split.tune, split.tune, options, say)]
    unavailable: dict[Which, str] = {}
    input_planner: Planner | None = None
    if not config.classifier.local_model.enabled:
        unavailable["input"] = "the input config has no local model"
    else:  # tried even when retraining is forced: the report shows both
        label = "the input config's model"
        try:
            input_planner = _planner(config, label)
        except TuneError as exc:
            unavailable["input"] = str(exc)
        else:
            rows_for_input = [r for r in split.train if r.results] + split.tune
            mine = _trial(
                config, input_planner, "input", label, rows_for_input, split.tune, options, say
            )
            trials.append(mine)
    try:
        decision = decide(trials, options.target, options.model_choice, unavailable)
    except ValueError as exc:
        raise TuneError(str(exc)) from exc
    say(f"local model: kept {decision.trial.label} ({decision.reason})")
    results = decision.trial.routes
    changes = {r.index: r.chosen for r in results if r.chosen is not None}

    version = f"{config.policy.version}+tuned.{started:%Y%m%d%H%M}"
    retrained = decision.kept == "retrained"
    model_line = (
        "classifier.local_model (the retrained model)."
        if retrained
        else "not the local model (the input's is kept, see the report)."
    )
    header = (
        f"Written by `routeyard tune` at {started:%Y-%m-%d %H:%M} UTC from {source}.\n"
        "Changed: policy routes' strategy and thresholds (see the report), policy.version,\n"
        f"{model_line} Everything else is the input's data;\n"
        "its comments are not carried over.\n"
    )
    text = tuned_config_text(
        config_text,
        changes,
        model_dir=model_dir if retrained else None,
        version=version,
        header=header,
    )
    try:
        new_config = parse_config(text, source="<tuned config>", env=os.environ)
    except ConfigError as exc:  # a bug here, never the user's: say so plainly
        raise TuneError(f"the tuned config does not validate: {exc}") from exc
    new_planner = _planner(new_config, "the tuned config")

    say(f"measuring before and after on {len(split.report)} report rows")
    before: Summary | None = None
    before_error = None
    try:  # the input's own model may be gone or stale: the tuned result still stands
        before_planner = input_planner or _planner(config, "the input config")
        before = summarise(route_rows(before_planner, split.report), split.report, config)
    except TuneError as exc:
        before_error = str(exc)
    after_routed = route_rows(new_planner, split.report)
    after = summarise(after_routed, split.report, new_config)
    retrained_summary = summarise(route_rows(planner, split.report), split.report, tuned_base)
    best = _report_best(new_config, after_routed, split.report)
    return TuneResult(
        config_text=text,
        config=new_config,
        target=options.target,
        routes=results,
        before=before,
        after=after,
        retrained=retrained_summary,
        report_best=best,
        split_sizes=(len(split.train), len(split.tune), len(split.report)),
        model_dir=model_dir,
        training_seconds=round(trained_s, 1),
        version=version,
        model=decision,
        before_error=before_error,
    )


def _trial(
    base: Config,
    planner: Planner,
    which: Which,
    label: str,
    rows: Sequence[EvalRow],
    compare: Sequence[EvalRow],
    options: TuneOptions,
    say: Progress,
) -> ModelTrial:
    """Each route's best setting with ``planner``'s local model, chosen on ``rows``, and the
    config tuned with them measured on ``compare`` (the tune share: both models' choices use
    it and neither model trained on it, so the two are compared there)."""
    say(f"routing {len(rows)} rows with {label} to choose its settings")
    routed = route_rows(planner, rows)
    results = [
        _tune_route(base, i, routed, rows, planner, options) for i in range(len(base.policy.routes))
    ]
    tuned = base
    for r in results:
        if r.chosen is not None:
            tuned = with_route(
                tuned, r.index, apply_setting(tuned.policy.routes[r.index], r.chosen)
            )
    tuned_planner = _planner(tuned, f"the config tuned with {label}")
    on_compare = route_rows(tuned_planner, compare)
    tally = summarise(on_compare, compare, tuned).overall
    held, reached = _held(tuned, on_compare, compare, options)
    return ModelTrial(which, label, results, tally, len(rows), held, reached)


def _held(
    config: Config, routed: Sequence[Routed], rows: Sequence[EvalRow], options: TuneOptions
) -> tuple[int, int]:
    """How many routes of ``config`` hold the target on ``rows`` on average (against the best
    single model of the route's pool there), of those ``rows`` reach: the same measure for
    both local models' tuned configs, so neither model's choice rows decide it."""
    held = reached = 0
    for route in config.policy.routes:
        extra = (
            [m for m in config.chat_models() if m not in route.candidates]
            if options.add_candidates
            else []
        )  # the same pool whatever a tuned route added, so the same best model for both
        rr = route_rows_for(route, routed, rows, config, extra)
        if not rr.pool or not rr.members:
            continue
        reached += 1
        singles = single_model_tallies(rr, rows, config)
        best = singles[max(singles, key=lambda n: singles[n].quality)]
        by_index = {r.index: r for r in rr.members}
        picks = {r.index: r.model for r in rr.members if r.model is not None}
        held += meets(tally_models(picks, by_index, rows, config), options.target, best)
    return held, reached


def _planner(config: Config, what: str) -> Planner:
    try:
        return Planner(config)
    except ConfigError as exc:
        raise TuneError(
            f"{what} does not fit the config: {exc}\n(a category or model the config names "
            "must be in the training data: add a --data file that has it)"
        ) from exc
    except Exception as exc:  # the local model cannot be loaded
        raise TuneError(f"{what}: {exc}") from exc


def _tune_route(
    config: Config,
    index: int,
    routed: Sequence[Routed],
    rows: Sequence[EvalRow],
    planner: Planner,
    options: TuneOptions,
) -> RouteResult:
    route = config.policy.routes[index]
    now = current_setting(route)
    extra = (
        [m for m in config.chat_models() if m not in route.candidates]
        if options.add_candidates
        else []
    )
    rr = route_rows_for(route, routed, rows, config, extra)
    if not rr.pool:
        reason = (
            "no tuning row reached this route"
            if not any(r.route == route.name for r in routed)
            else "the data has no scores for its candidates (set quality_as)"
        )
        return RouteResult(index, route.name, now, None, reason)
    if len(rr.members) < options.min_rows:
        return RouteResult(
            index, route.name, now, None,
            f"only {len(rr.members)} tuning rows reached it (fewer than {options.min_rows})",
            rows=len(rr.members),
        )  # fmt: skip
    singles = single_model_tallies(rr, rows, config)
    best_model = max(singles, key=lambda n: singles[n].quality)
    best_q = singles[best_model].quality
    quality = {name: t.quality for name, t in singles.items()}
    settings = settings_for(route, rr.pool, True, rr.added, quality)
    measured = measure(config, index, settings, rr, rows, planner.local)
    pick, met = choose(measured, options.target, singles[best_model], options.z)
    unchanged = pick.setting.label == "unchanged"
    reason = _why(pick, measured[0], options.target, best_model, best_q, len(measured), met)
    reason += _near_miss(pick, measured, options.target, singles[best_model], options.z)
    return RouteResult(
        index,
        route.name,
        now,
        None if unchanged else pick.setting,
        reason,
        rows=len(rr.members),
        best_model=best_model,
        best_quality=best_q,
        tuned_before=measured[0].tally,
        tuned_after=pick.tally,
        tried=len(measured),
        met=met,
    )


def _why(
    pick: Measured,
    current: Measured,
    target: TuneTarget,
    best_model: str,
    best_q: float,
    tried: int,
    met: bool,
) -> str:
    t = pick.tally
    share = t.quality / best_q if best_q else 1.0
    measured = (
        f"quality {t.quality:.3f} ({share:.0%} of {best_model}'s {best_q:.3f}) at "
        f"${t.cost_per_1k:.4f}/1k requests; as configured: quality "
        f"{current.tally.quality:.3f} at ${current.tally.cost_per_1k:.4f}/1k"
    )
    if not met:
        what = (
            "no setting reached the quality target; the best quality"
            if target.quality_share is not None
            else "no setting stays under the cost ceiling; the cheapest"
        )
        return f"{what} of {tried} settings: {measured}"
    if target.quality_share is not None:
        return f"the cheapest of {tried} settings that keeps the target: {measured}"
    return f"the best quality of {tried} settings under the ceiling: {measured}"


def _near_miss(
    pick: Measured, measured: Sequence[Measured], target: TuneTarget, best: Tally, z: float
) -> str:
    """Why a cheaper setting that looks good on the tuning rows was not taken (see
    ``near_miss``), or nothing."""
    m = near_miss(pick, measured, target, best, z)
    if m is None or target.quality_share is None:
        return ""
    t = m.tally
    margin = lower_bound(t, best, target.quality_share, 0.0)
    se = (margin - lower_bound(t, best, target.quality_share, z)) / z
    share = t.quality / best.quality if best.quality else 1.0
    unit = "standard error" if z == 1 else "standard errors"
    return (
        f"; a cheaper setting, {m.setting.label}, reached quality {t.quality:.3f} ({share:.0%} "
        f"of {best.quality:.3f}) at ${t.cost_per_1k:.4f}/1k on these rows, but its margin over "
        f"the target ({margin:+.3f} a row) is less than {z:g} {unit} ({se:.3f}): too few rows "
        "to be sure of it"
    )


def _report_best(
    config: Config, routed: Sequence[Routed], rows: Sequence[EvalRow]
) -> dict[str, tuple[str, Tally]]:
    out: dict[str, tuple[str, Tally]] = {}
    for route in config.policy.routes:
        rr = route_rows_for(route, routed, rows, config)
        if not rr.pool or not rr.members:
            continue
        singles = single_model_tallies(rr, rows, config)
        name = max(singles, key=lambda n: singles[n].quality)
        out[route.name] = (name, singles[name])
    return out

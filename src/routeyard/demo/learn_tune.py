"""``routeyard demo --learn``: the tuning step, as ``routeyard tune --store`` would run it.

The demo's outcomes are a few hundred rows, so it holds out half of them (a quarter chooses
the retrained model's settings and compares the two local models, a quarter measures the
result; the shipped model, which never saw the other half, chooses its settings on that half
and the first quarter together), lets a route with ten tuning rows be tuned, and may add any
model to a route: shadow evaluation answered every prompt with every model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from routeyard.config.schema import Config
from routeyard.demo.learn_setup import Paths
from routeyard.evals.dataset import EvalRow
from routeyard.evals.tune import TuneOptions, TuneResult, tune
from routeyard.evals.tune_choose import TuneTarget
from routeyard.evals.tune_report import render_report
from routeyard.learn.train import TrainConfig

HOLDOUT = 0.5
MIN_ROWS = 10
TRAINING = TrainConfig(cv_folds=2)


def tune_options(target_quality: float, seed: int) -> TuneOptions:
    return TuneOptions(
        TuneTarget(quality_share=target_quality),
        holdout=HOLDOUT,
        seed=seed,
        min_rows=MIN_ROWS,
        add_candidates=True,
        training=TRAINING,
    )


def run_tune(
    config: Config,
    text: str,
    rows: Sequence[EvalRow],
    paths: Paths,
    target_quality: float,
    seed: int,
    say: Callable[[str], None],
) -> TuneResult:
    """Tune, write the new config and the report, and say what changed."""
    options = tune_options(target_quality, seed)
    say(f"  target: {options.target.describe()}")
    result = tune(
        config,
        text,
        rows,
        options,
        model_dir=paths.model,
        source=str(paths.before),
        progress=lambda m: say(f"  tune: {m}"),
    )
    report = render_report(
        result,
        config_in=str(paths.before),
        config_out=str(paths.tuned),
        data=[f"{paths.db} (shadow outcomes)"],
    )
    paths.tuned.write_text(result.config_text, encoding="utf-8")
    paths.report.write_text(report, encoding="utf-8")
    for r in result.routes:
        if r.chosen is not None:
            say(f"  route {r.name}: {r.chosen.label} (on {r.rows} tuning rows)")
    unchanged = [r.name for r in result.routes if r.chosen is None]
    if unchanged:
        say(f"  unchanged: {', '.join(unchanged)} (see the report for why)")
    say(f"  new config: {paths.tuned}")
    say(f"  report:     {paths.report}")
    return result

"""``tune`` keeps the better local model: the one retrained on the tune run's train share, or the
input config's own. Each case makes one of them clearly wrong: a model that learned from
outcomes with the two models' scores swapped, or from easy prompts only, sends the hard prompts
to the small model, so the only setting that holds the target with it is "large first", at
about twice the cost. The input's model chooses its settings on the train and tune shares (it
trained on neither), the retrained one on the tune share; the report share chooses nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from routeyard.cli.main import main
from routeyard.config import parse_config
from routeyard.config.schema import Config
from routeyard.evals.dataset import EvalRow
from routeyard.evals.tune import (
    RouteResult,
    TuneError,
    TuneOptions,
    TuneResult,
    split_rows,
    tune,
)
from routeyard.evals.tune_choose import Setting, TuneTarget, measure
from routeyard.evals.tune_measure import Tally
from routeyard.evals.tune_model import ModelTrial, decide
from routeyard.evals.tune_report import render_report, summary_json
from routeyard.learn.train import train

from .test_tune import CONFIG, FAST, synthetic_rows

HOLDOUT = 0.4
TARGET = TuneTarget(quality_share=0.95)


def swapped(row: EvalRow) -> EvalRow:
    """The row with the small and the large model's scores swapped (mislabelled outcomes)."""
    r = row.results
    return EvalRow(row.id, row.prompt, results={"m-small": r["m-large"], "m-large": r["m-small"]})


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNE_TEST_KEY", "x")  # the tuned config is loaded with the environment


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A model trained on right outcomes and one trained on swapped ones (other prompts than
    the tuning runs')."""
    root = tmp_path_factory.mktemp("models")
    rows = synthetic_rows(200, seed=11)
    out = {"good": root / "good", "bad": root / "bad"}
    train(rows, FAST).save(out["good"])
    train([swapped(r) for r in rows], FAST).save(out["bad"])
    return out


def with_model(path: Path) -> tuple[Config, str]:
    text = CONFIG.replace(
        "models:\n", f"classifier:\n  local_model: {{enabled: true, path: '{path}'}}\nmodels:\n", 1
    )
    return parse_config(text, env={"TUNE_TEST_KEY": "x"}), text


def run(config: Config, text: str, rows: list[EvalRow], out: Path, **kw: str) -> TuneResult:
    options = TuneOptions(TARGET, holdout=HOLDOUT, training=FAST, **kw)  # type: ignore[arg-type]
    return tune(config, text, rows, options, model_dir=out)


def easy_train_share(rows: list[EvalRow]) -> list[EvalRow]:
    """``rows`` with the train share's rows (and only them) replaced by easy prompts, rightly
    scored: a model retrained on them learns that the small model always does as well, while
    the input's model may still choose on them. The split is by position, so it stays."""
    train_ids = {r.id for r in split_rows(rows, HOLDOUT, 0).train}
    easy = iter(synthetic_rows(2 * len(rows), seed=5)[::2])
    return [
        EvalRow(f"easy-{r.id}", e.prompt, results=e.results) if r.id in train_ids else r
        for r, e in ((r, next(easy)) for r in rows)
    ]


def test_a_worse_retrained_model_is_not_kept(models: dict[str, Path], tmp_path: Path) -> None:
    rows = easy_train_share(synthetic_rows())
    config, text = with_model(models["good"])
    result = run(config, text, rows, tmp_path / "m")

    d = result.model
    assert (d.asked, d.kept) == ("auto", "input")
    mine, new = d.trials["input"].tune, d.trials["retrained"].tune
    assert mine.cost_per_1k < 0.75 * new.cost_per_1k
    assert d.trials["input"].met >= d.trials["retrained"].met
    assert "lower cost" in d.reason and f"{mine.cost_per_1k:.4f}" in d.reason
    # The tuned config keeps the input's model; the retrained one is still written.
    assert result.local_model_path == str(models["good"])
    assert parse_config(result.config_text, env={"TUNE_TEST_KEY": "x"}).classifier.local_model
    assert str(tmp_path / "m") not in result.config_text
    assert (tmp_path / "m" / "model.json").exists()
    general = result.routes[0]
    assert general.chosen is not None and general.chosen.label != "ordered, large first"
    # On the report rows, used for neither choice: cheaper than the route as configured.
    assert result.before is not None
    assert result.after.overall.cost_per_1k < 0.75 * result.before.overall.cost_per_1k

    report = render_report(result, config_in="in.yaml", config_out="out.yaml", data=["d"])
    assert "## Local model" in report
    assert "Kept **the input config's model**" in report
    assert "| the input config's model | yes | 240 | 1 of 1 |" in report  # 180 train + 60 tune
    assert summary_json(result)["local_model"]["kept"] == "input"  # type: ignore[index]


def test_a_better_retrained_model_is_kept(models: dict[str, Path], tmp_path: Path) -> None:
    config, text = with_model(models["bad"])
    result = run(config, text, synthetic_rows(), tmp_path / "m")
    d = result.model
    assert d.kept == "retrained"
    assert d.trials["retrained"].tune.cost_per_1k < 0.75 * d.trials["input"].tune.cost_per_1k
    assert result.local_model_path == str((tmp_path / "m").resolve())
    assert result.config.classifier.local_model.path == str((tmp_path / "m").resolve())


def test_with_keep_the_input_model_chooses_on_train_and_tune_rows_never_on_report_rows(
    models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = synthetic_rows()
    split = split_rows(rows, HOLDOUT, 0)
    ids = {share: {r.id for r in getattr(split, share)} for share in ("train", "tune", "report")}
    seen: dict[str, set[str]] = {"input": set(), "retrained": set()}

    def counting(config: Config, index: int, *args: Any) -> Any:
        """Every setting is measured through here: note the rows each model chooses on."""
        settings, rr, rows_, local = args
        which = (
            "input" if config.classifier.local_model.path == str(models["good"]) else "retrained"
        )
        seen[which] |= {rows_[r.index].id for r in rr.members}
        return measure(config, index, settings, rr, rows_, local)

    monkeypatch.setattr("routeyard.evals.tune.measure", counting)
    config, text = with_model(models["good"])
    result = run(config, text, rows, tmp_path / "m", model_choice="keep")

    d = result.model
    assert d.kept == "input"
    n_train, n_tune, n_report = len(split.train), len(split.tune), len(split.report)
    assert (n_train, n_tune, n_report) == (180, 60, 60)
    assert d.trials["input"].choice_rows == n_train + n_tune
    assert d.trials["retrained"].choice_rows == n_tune
    # The kept model's settings were chosen on train + tune rows, the retrained one's on the
    # tune rows only; neither choice saw a report row.
    assert seen["input"] == ids["train"] | ids["tune"]
    assert seen["retrained"] == ids["tune"]
    assert not (seen["input"] | seen["retrained"]) & ids["report"]
    general = result.routes[0]
    assert general.rows == n_train + n_tune and general.chosen is not None
    # Both models' tuned configs are compared on the same rows: the tune share.
    assert d.trials["input"].tune.rows == d.trials["retrained"].tune.rows == n_tune
    assert "on the 60 rows of the tune share" in d.reason
    # The report says how many rows each choice used, and the report rows measure only.
    report = render_report(result, config_in="in.yaml", config_out="out.yaml", data=["d"])
    assert "60 (the tune share) chose the retrained model's settings" in report
    assert "on the train and tune shares together (240 scored rows)" in report
    assert "| the input config's model | yes | 240 |" in report
    assert "| the retrained model | no | 60 |" in report
    assert "on 240 tuning rows (of the 240 the input config's model's settings" in report
    assert result.after.overall.rows == n_report
    choice = summary_json(result)["local_model"]["tuning_rows"]  # type: ignore[index]
    assert choice["input"]["choice_rows"] == 240 and choice["retrained"]["choice_rows"] == 60


def test_without_a_local_model_the_retrained_one_is_used(tmp_path: Path) -> None:
    config = parse_config(CONFIG, env={"TUNE_TEST_KEY": "x"})
    with pytest.raises(TuneError, match="no local model to keep"):
        run(config, CONFIG, synthetic_rows(), tmp_path / "m", model_choice="keep")
    assert not (tmp_path / "m").exists()  # refused before training


def trial(which: str, met: int, quality: float, cost: float) -> ModelTrial:
    """A model whose tuned config held the target on ``met`` of two routes (on the tune
    share, and on the rows its settings were chosen on)."""
    t = Tally(rows=40, scored=40, quality_sum=40 * quality, cost_sum=0.04 * cost)
    label = {"input": "the input config's model", "retrained": "the retrained model"}[which]
    same = Setting("unchanged", ())
    routes = [RouteResult(i, f"r{i}", same, None, "", tuned_after=t, met=i < met) for i in (0, 1)]
    return ModelTrial(which, label, routes, t, 40, held=met, reached=2)  # type: ignore[arg-type]


def test_decide_orders_by_target_then_cost_and_may_be_forced() -> None:
    cheap, dear = trial("input", 1, 0.80, 1.0), trial("retrained", 1, 0.82, 2.0)
    assert decide([dear, cheap], TARGET, "auto", {}).kept == "input"
    # holding the target on more routes comes first
    better = trial("retrained", 2, 0.82, 2.0)
    assert decide([better, cheap], TARGET, "auto", {}).kept == "retrained"
    # a cost ceiling: the higher quality under it
    ceiling = TuneTarget(max_cost_per_1k=5.0)
    assert decide([dear, cheap], ceiling, "auto", {}).kept == "retrained"
    # an exact tie keeps the input's model
    same = trial("retrained", 1, 0.80, 1.0)
    tie = decide([same, cheap], TARGET, "auto", {})
    assert tie.kept == "input" and "both did the same" in tie.reason
    forced = decide([dear, cheap], TARGET, "retrain", {})
    assert forced.kept == "retrained" and forced.reason.startswith("forced by --model-choice")
    alone = decide([dear], TARGET, "auto", {"input": "the input config has no local model"})
    assert alone.kept == "retrained" and "no local model" in alone.reason
    with pytest.raises(ValueError, match="cannot be loaded"):
        decide([dear], TARGET, "keep", {"input": "cannot be loaded"})


def test_cli_model_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "in.yaml"
    config.write_text(CONFIG.replace("${TUNE_TEST_KEY}", "x"))
    args = ["tune", "-c", str(config), "--data", str(tmp_path / "none.jsonl"),
            "--target-quality", "0.9", "--out-config", str(tmp_path / "o.yaml"),
            "--out-report", str(tmp_path / "r.md")]  # fmt: skip
    with pytest.raises(SystemExit):
        main([*args, "--model-choice", "newest"])
    assert "invalid choice" in capsys.readouterr().err
    (tmp_path / "none.jsonl").write_text("")
    assert main([*args, "--model-choice", "keep", "--quiet"]) == 2
    assert "no local model to keep" in capsys.readouterr().err

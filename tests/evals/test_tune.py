"""``routeyard tune`` on synthetic outcomes: easy prompts a small model answers as well as a large
one, hard prompts only the large one answers. Tuning must find that split, write a config that
loads, and measure it on rows it never trained or tuned on."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest

from routeyard.cli.main import main
from routeyard.config import load_config, parse_config
from routeyard.config.schema import Route
from routeyard.evals.dataset import EvalRow, ModelResult, read_all
from routeyard.evals.tune import TuneError, TuneOptions, split_rows, tune
from routeyard.evals.tune_choose import (
    Measured,
    Setting,
    TuneTarget,
    choose,
    fallback_order,
    near_miss,
    settings_for,
)
from routeyard.evals.tune_measure import Tally
from routeyard.learn.train import TrainConfig

CONFIG = """\
version: 1
providers:
  sim:
    kind: simulator
  upstream:
    kind: openai
    base_url: https://llm.example/v1
    api_key: ${TUNE_TEST_KEY}
models:
  small: {provider: sim, price: {input: 0.1, output: 0.4}, quality_as: m-small}
  large: {provider: upstream, price: {input: 3, output: 15}, quality_as: m-large}
  spare: {provider: sim, price: {input: 1, output: 1}}
policy:
  version: synthetic-1
  baseline: large
  default_route: general
  routes:
    - name: general
      candidates: [large, small]
    - name: premium
      candidates: [large]
observe:
  request_log: {backend: "off"}
"""

FRUITS = ["apple", "pear", "plum", "lemon", "lime", "cherry", "grape", "melon", "peach", "fig"]
TOPICS = ["eigenvalues", "contour integrals", "Galois groups", "Fourier series", "manifolds"]


def synthetic_rows(n: int = 300, seed: int = 1) -> list[EvalRow]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if i % 2 == 0:
            prompt = f"What colour is a ripe {rng.choice(FRUITS)}? Answer in one word, please."
            small, large = float(rng.random() < 0.97), float(rng.random() < 0.97)
        else:
            topic = rng.choice(TOPICS)
            prompt = (
                f"Derive a closed form for the {topic} problem number {i}, justify each step "
                "rigorously and state every assumption you make along the way."
            )
            small, large = float(rng.random() < 0.05), float(rng.random() < 0.95)
        rows.append(
            EvalRow(
                f"syn-{i}",
                prompt,
                results={"m-small": ModelResult(small), "m-large": ModelResult(large)},
            )
        )
    return rows


FAST = TrainConfig(cv_folds=2, classifier_steps=60)


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUNE_TEST_KEY", "sk-secret-value")
    path = tmp_path / "in.yaml"
    path.write_text(CONFIG)
    return path


def test_tune_routes_easy_prompts_to_the_small_model(config_file: Path, tmp_path: Path) -> None:
    config = load_config(config_file)
    options = TuneOptions(TuneTarget(quality_share=0.95), holdout=0.4, training=FAST)
    result = tune(
        config, config_file.read_text(), synthetic_rows(), options, model_dir=tmp_path / "m"
    )

    general = result.routes[0]
    assert general.chosen is not None, general.reason
    assert general.met
    # On the tuning rows: the cheapest setting that keeps 95 % of the large model's quality.
    assert general.tuned_after is not None and general.tuned_before is not None
    assert general.tuned_after.cost_per_1k < 0.8 * general.tuned_before.cost_per_1k
    assert general.tuned_after.quality >= 0.95 * general.best_quality
    premium = result.routes[1]
    assert premium.chosen is None and "no tuning row" in premium.reason

    # On the report rows, used for neither training nor choosing: much cheaper, quality kept.
    assert result.before is not None
    before, after = result.before.overall, result.after.overall
    assert after.rows == before.rows == result.split_sizes[2]
    assert after.cost_per_1k < 0.75 * before.cost_per_1k
    best_name, best = result.report_best["general"]
    assert best_name == "large"
    assert after.quality >= 0.9 * best.quality
    assert set(after.models) == {"small", "large"}

    # The new config: loads, points at the model, and keeps everything else (secrets as
    # references, not values).
    assert "${TUNE_TEST_KEY}" in result.config_text
    assert "sk-secret-value" not in result.config_text
    new = parse_config(result.config_text, env={"TUNE_TEST_KEY": "x"})
    assert new.classifier.local_model.enabled
    assert new.classifier.local_model.path == str((tmp_path / "m").resolve())
    assert new.policy.version.startswith("synthetic-1+tuned.")
    assert new.models == config.models
    assert new.providers.keys() == config.providers.keys()
    assert new.observe == config.observe
    assert new.policy.routes[1] == config.policy.routes[1]
    assert new.policy.routes[0].candidates in (["large", "small"], ["small", "large"])


def test_cost_ceiling_keeps_the_best_quality_under_it(config_file: Path, tmp_path: Path) -> None:
    config = load_config(config_file)
    rows = synthetic_rows()
    options = TuneOptions(TuneTarget(max_cost_per_1k=2.0), holdout=0.4, training=FAST)
    result = tune(config, config_file.read_text(), rows, options, model_dir=tmp_path / "m")
    general = result.routes[0]
    assert general.chosen is not None and general.tuned_after is not None
    assert general.met
    assert general.tuned_after.cost_per_1k <= 2.0
    # Under that ceiling only a share of requests can go to the large model, and the best
    # quality comes from sending it the hard ones, not from always choosing the small one.
    always_small = sum(
        r.results["m-small"].score for r in rows if r.prompt.startswith("Derive")
    ) / sum(1 for r in rows if r.prompt.startswith("Derive"))
    assert general.tuned_after.quality > always_small


def test_choose_takes_the_cheapest_that_meets_the_target() -> None:
    def tally(quality: float, cost: float) -> Tally:
        t = Tally(rows=10, scored=10, quality_sum=10 * quality, cost_sum=cost / 100)
        t.by_row = dict.fromkeys(range(10), quality)
        return t

    best = tally(0.8, 10.0)
    options = [
        Measured(Setting("unchanged", ()), best),
        Measured(Setting("a", ()), tally(0.78, 4.0)),
        Measured(Setting("b", ()), tally(0.70, 1.0)),
        Measured(Setting("c", ()), tally(0.77, 3.0)),
    ]
    pick, met = choose(options, TuneTarget(quality_share=0.95), best)
    assert (pick.setting.label, met) == ("c", True)  # 0.77 ≥ 0.76, and the cheapest such
    pick, met = choose(options, TuneTarget(quality_share=0.97), best)
    assert (pick.setting.label, met) == ("a", True)  # c is now short of 0.776
    pick, met = choose(options, TuneTarget(quality_share=1.0), best)
    assert (pick.setting.label, met) == ("unchanged", True)
    pick, met = choose(options[1:], TuneTarget(quality_share=1.0), best)
    assert (pick.setting.label, met) == ("a", False)  # none reaches it: the best quality
    pick, met = choose(options, TuneTarget(max_cost_per_1k=3.5), best)
    assert (pick.setting.label, met) == ("c", True)
    pick, met = choose(options, TuneTarget(max_cost_per_1k=0.5), best)
    assert (pick.setting.label, met) == ("b", False)  # none fits: the cheapest


def test_near_miss_is_the_cheapest_that_holds_the_target_only_on_average() -> None:
    def tally(scores: list[float], cost: float) -> Tally:
        t = Tally(rows=len(scores), scored=len(scores), quality_sum=sum(scores))
        t.cost_sum = cost * len(scores) / 1000
        t.by_row = dict(enumerate(scores))
        return t

    best = tally([1, 1, 0, 1, 0, 1, 1, 0], 10.0)  # 0.625
    noisy = tally([1, 0, 1, 1, 1, 0, 1, 1], 2.0)  # 0.75 on average, but a different set
    steady = tally([1, 1, 0, 1, 0, 1, 1, 0], 4.0)  # the same answers as the best
    short = tally([0, 0, 0, 1, 0, 0, 0, 0], 1.0)  # misses the target even on average
    measured = [Measured(Setting(n, ()), t) for n, t in
                (("best", best), ("noisy", noisy), ("steady", steady), ("short", short))]  # fmt: skip
    target = TuneTarget(quality_share=0.95)
    pick, met = choose(measured, target, best, z=1.0)
    assert (pick.setting.label, met) == ("steady", True)
    miss = near_miss(pick, measured, target, best, 1.0)
    assert miss is not None and miss.setting.label == "noisy"
    assert near_miss(pick, measured, target, best, 0.0) is None  # no margin asked
    assert near_miss(measured[3], measured, target, best, 1.0) is None  # nothing cheaper
    assert near_miss(pick, measured, TuneTarget(max_cost_per_1k=5.0), best, 1.0) is None


def test_an_x_first_setting_falls_back_to_the_best_measured_model_next() -> None:
    route = Route(name="general", candidates=["small", "medium", "large"])
    quality = {"small": 0.52, "medium": 0.58, "large": 0.67}
    settings = settings_for(route, ["small", "medium", "large", "extra"], False, ["extra"],
                            {**quality, "extra": 0.6})  # fmt: skip
    orders = {s.label: s.as_dict().get("candidates") for s in settings}
    assert orders["ordered, large first"] == ["large", "medium", "small"]
    assert orders["ordered, medium first"] == ["medium", "large", "small"]
    assert orders["ordered, small first"] == ["small", "large", "medium"]
    # a model tried as an addition goes first with the route's own models after it
    assert orders["ordered, extra first"] == ["extra", "large", "medium", "small"]
    assert orders["unchanged"] == ["small", "medium", "large"]
    # ties keep the configured order; models without a measurement come last
    assert fallback_order(["a", "b", "c", "d"], {"b": 0.5, "c": 0.5, "a": 0.7}) == [
        "a", "b", "c", "d"
    ]  # fmt: skip
    assert fallback_order(["d", "b"], {"b": 0.1}) == ["b", "d"]
    # without measurements the configured order stays
    plain = settings_for(route, ["small", "medium", "large"], False)
    assert plain[3].as_dict()["candidates"] == ["large", "small", "medium"]


def test_targets_and_splits_are_checked() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        TuneTarget()
    with pytest.raises(ValueError, match="exactly one"):
        TuneTarget(quality_share=0.9, max_cost_per_1k=1.0)
    with pytest.raises(ValueError, match="share"):
        TuneTarget(quality_share=1.5)
    with pytest.raises(TuneError, match="too few"):
        split_rows(synthetic_rows(6), 0.3, 0)
    split = split_rows(synthetic_rows(100), 0.3, 0)
    assert (len(split.train), len(split.tune), len(split.report)) == (70, 15, 15)
    ids = [r.id for r in split.train + split.tune + split.report]
    assert len(set(ids)) == 100


def _write_rows(path: Path, rows: list[EvalRow]) -> None:
    with path.open("wb") as f:
        for r in rows:
            results = {m: {"score": v.score} for m, v in r.results.items()}
            f.write(orjson.dumps({"id": r.id, "prompt": r.prompt, "results": results}) + b"\n")


def test_cli_writes_config_report_and_model(
    config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "rows.jsonl"
    _write_rows(data, synthetic_rows())
    out = tmp_path / "tuned.yaml"
    report = tmp_path / "report.md"
    code = main(
        ["tune", "-c", str(config_file), "--data", str(data), "--target-quality", "0.95",
         "--out-config", str(out), "--out-report", str(report), "--folds", "2", "--quiet", "--holdout", "0.4",
         "--json"]
    )  # fmt: skip
    assert code == 0
    assert load_config(out).classifier.local_model.path == str(tmp_path / "tuned.model")
    assert (tmp_path / "tuned.model" / "model.json").exists()
    text = report.read_text()
    for part in ("## On the held-out report rows", "## What changed and why", "`general`"):
        assert part in text
    summary = orjson.loads(capsys.readouterr().out)
    assert summary["split"] == {"train": 180, "tune": 60, "report": 60}
    assert config_file.read_text() == CONFIG  # the input is never touched

    # The input config is never the output, and outcomes are required.
    same = ["tune", "-c", str(config_file), "--data", str(data), "--target-quality", "0.9",
            "--out-config", str(config_file), "--out-report", str(report)]  # fmt: skip
    assert main(same) == 2
    none = ["tune", "-c", str(config_file), "--target-quality", "0.9",
            "--out-config", str(out), "--out-report", str(report)]  # fmt: skip
    assert main(none) == 2
    assert "--data" in capsys.readouterr().err


SHARED = Path("/work/shared/data/llmrouter/train.jsonl")


@pytest.mark.skipif(not SHARED.exists(), reason="the shared routing data is not here")
def test_tune_the_embedded_default_on_a_slice_of_the_shared_data(tmp_path: Path) -> None:
    from routeyard.config.default import default_config, default_config_text

    rows = read_all([SHARED])[::24]  # 226 rows, all 14 tasks
    options = TuneOptions(TuneTarget(quality_share=0.9), min_rows=15, training=FAST)
    result = tune(default_config(), default_config_text(), rows, options, model_dir=tmp_path / "m")
    assert result.after.overall.scored == result.split_sizes[2]
    # The embedded default uses the shipped model, trained on all of train.jsonl (these rows
    # too): tuning tries it besides the retrained one and the config keeps the one chosen.
    assert set(result.model.trials) == {"input", "retrained"}
    local = parse_config(result.config_text, env={}).classifier.local_model
    assert local.enabled
    assert local.path == (None if result.model.kept == "input" else str(tmp_path / "m"))
    reached = {r.name for r in result.routes if r.rows}
    assert "general" in reached
    for r in result.routes:
        if r.chosen is not None and r.met:
            assert r.tuned_after is not None and r.tuned_before is not None
            # the chosen setting never costs more than the route as configured when that
            # one met the target too; and it meets the target on the tuning rows
            assert r.tuned_after.quality >= 0.9 * r.best_quality - 1e-9


def test_add_candidates_may_widen_a_route(config_file: Path, tmp_path: Path) -> None:
    text = config_file.read_text().replace("candidates: [large, small]", "candidates: [large]")
    config = parse_config(text, env={"TUNE_TEST_KEY": "x"})
    options = TuneOptions(
        TuneTarget(quality_share=0.95), holdout=0.4, training=FAST, add_candidates=True
    )
    result = tune(config, text, synthetic_rows(), options, model_dir=tmp_path / "m")
    general = result.routes[0]
    assert general.chosen is not None and "adding small" in general.chosen.label
    new = parse_config(result.config_text, env={"TUNE_TEST_KEY": "x"})
    assert new.policy.routes[0].candidates == ["large", "small"]
    assert result.after.overall.cost_per_1k < 0.75 * result.retrained.overall.cost_per_1k
    # "spare" has no scores in the data: never added
    assert "spare" not in result.config_text.split("routes:")[1]


def test_store_outcomes_are_read_under_their_data_names(config_file: Path, tmp_path: Path) -> None:
    from routeyard.cli.tune import store_rows
    from routeyard.evals.store import EvalResult, EvalStore, StoredPrompt

    db = tmp_path / "log.db"
    text = config_file.read_text().replace('{backend: "off"}', f"{{backend: sqlite, path: {db}}}")
    config = parse_config(text, env={"TUNE_TEST_KEY": "x"})
    store = EvalStore.open(config.observe.request_log)
    prompt = StoredPrompt("p1", "What colour is a ripe lemon?")
    store.begin_run("r1", models=["small", "spare"])
    store.add_results(
        [
            EvalResult("r1", prompt, "small", 1.0, "exact", 0.0001),
            EvalResult("r1", prompt, "spare", 0.0, "exact", 0.0002),
        ]
    )
    store.close()
    [row] = store_rows(config)
    assert row.prompt == "What colour is a ripe lemon?"
    # "small" is m-small in the data (quality_as); "spare" has no alias and keeps its name.
    assert {m: r.score for m, r in row.results.items()} == {"m-small": 1.0, "spare": 0.0}
    assert row.results["m-small"].cost_usd == pytest.approx(0.0001)

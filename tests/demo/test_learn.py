"""The pieces of ``routeyard demo --learn`` that need no processes: the shipped sample, the split,
the configs it starts from, and the figures and table it prints."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from routeyard.config.default import default_config
from routeyard.config.loader import parse_config
from routeyard.demo.learn_measure import (
    Figures,
    Served,
    figures,
    format_table,
    logged,
    single_model,
    split_outcomes,
    versus_baseline,
    versus_before,
)
from routeyard.demo.learn_setup import (
    BEFORE_VERSION,
    Paths,
    before_config_text,
    load_sample,
    prepare,
    simulator_spec,
    split_sample,
)
from routeyard.evals.dataset import EvalRow, ModelResult
from routeyard.evals.store import EvalStore
from routeyard.evals.store_db import SQLiteDatabase
from routeyard.planner import Planner
from routeyard.simulator.spec import SimulatorSpec

ALIASES = {"small": "m-small", "large": "m-large"}


def row(i: int, **scores: float) -> EvalRow:
    results = {ALIASES[m]: ModelResult(s, cost_usd=0.001 * (i + 1)) for m, s in scores.items()}
    return EvalRow(f"r{i}", f"prompt {i}", results=results)


def test_the_sample_scores_every_model_of_the_default_on_unique_prompts() -> None:
    rows = load_sample()
    assert len(rows) == 249  # the LLMRouter test rows whose prompt is not in its training rows
    config = default_config()
    names = {config.models[m].quality_as for m in config.chat_models()}
    assert all(set(r.results) == names for r in rows)
    assert len({r.prompt.strip() for r in rows}) == len({r.id for r in rows}) == 249
    # out of sample for the shipped local model, which was trained on the training split
    assert all(r.id.startswith("llmrouter-test-") for r in rows)
    assert all(0 <= res.score <= 1 for r in rows for res in r.results.values())


TRAIN = Path("/work/shared/data/llmrouter/train.jsonl")


@pytest.mark.skipif(not TRAIN.exists(), reason="the shared routing data is not here")
def test_no_sample_prompt_is_one_the_shipped_model_was_trained_on() -> None:
    def normal(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip().casefold()

    lines = TRAIN.read_bytes().split(b"\n")
    trained = {normal(orjson.loads(line)["prompt"]) for line in lines if line.strip()}
    assert not [r.id for r in load_sample() if normal(r.prompt) in trained]


def test_split_is_seeded_disjoint_and_complete() -> None:
    rows = [row(i, small=1.0) for i in range(50)]
    a, b = split_sample(rows, 0.3, 1), split_sample(rows, 0.3, 1)
    assert [r.id for r in a.held_out] == [r.id for r in b.held_out]
    assert len(a.held_out) == 15 and len(a.learn) == 35
    assert {r.id for r in a.held_out}.isdisjoint(r.id for r in a.learn)
    assert {r.id for r in [*a.learn, *a.held_out]} == {r.id for r in rows}
    other = split_sample(rows, 0.3, 2)
    assert [r.id for r in other.held_out] != [r.id for r in a.held_out]
    # Never an empty side, even at the extremes.
    tiny = split_sample(rows[:2], 0.01, 0)
    assert len(tiny.held_out) == len(tiny.learn) == 1
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError, match="held-out share"):
            split_sample(rows, bad, 0)


def test_before_config_is_the_default_on_rules_with_every_route_shadowed(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    config = parse_config(before_config_text(paths), env={})
    default = default_config()
    assert config.policy.version == BEFORE_VERSION
    # The shipped local model stays configured (tuning may keep it), but no route asks it.
    assert config.classifier.local_model == default.classifier.local_model
    assert config.classifier.local_model.enabled and config.classifier.local_model.path is None
    assert not any(route.needs_local_model() for route in config.policy.routes)
    assert list(config.models) == list(default.models)
    assert [r.name for r in config.policy.routes] == [r.name for r in default.policy.routes]
    for route, original in zip(config.policy.routes, default.policy.routes, strict=True):
        assert route.strategy == "ordered"
        assert route.candidates == original.candidates
        assert route.shadow is not None and route.shadow.scorer == "recorded"
        assert route.shadow.fraction == 1.0 and route.shadow.models == default.chat_models()
    assert config.evals.data_files == [str(paths.sample)]
    assert config.observe.request_log.path == str(paths.db)
    assert config.providers["sim"].simulator_spec == str(paths.spec)
    # Rules alone route the sample: the local model is loaded and never run.
    planner = Planner(config)
    for row in load_sample()[:40]:
        plan = planner.plan({"messages": [{"role": "user", "content": row.prompt}]}, "auto")
        assert plan.classification.prediction is None and "local" not in plan.classification.layers
    plan = planner.plan({"messages": [{"role": "user", "content": "hi"}]}, "auto")
    assert plan.decision.route == "general" and plan.decision.candidates[0].model == "sim-small"


def test_simulated_models_answer_as_their_quality_as(tmp_path: Path) -> None:
    spec = SimulatorSpec.model_validate(simulator_spec(tmp_path / "s.jsonl"))
    models = default_config().models
    assert {m.name: m.data_model for m in spec.models} == {
        n: m.quality_as for n, m in models.items()
    }
    assert all(m.ttft_ms == 0 and m.tokens_per_s == 0 for m in spec.models)
    assert spec.data_files == [str((tmp_path / "s.jsonl").resolve())]


def test_prepare_writes_the_files_and_refuses_an_earlier_run(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "out")
    text = prepare(paths, data=b'{"id": "a", "prompt": "p", "results": {}}\n')
    assert paths.served.read_text() == paths.before.read_text() == text
    assert paths.sample.read_bytes().startswith(b'{"id": "a"')
    assert paths.spec.is_file()
    paths.db.write_bytes(b"")
    with pytest.raises(FileExistsError, match="earlier run"):
        prepare(paths)


def test_figures_price_from_the_log_and_score_from_the_sample() -> None:
    r0, r1, r2 = row(0, small=0.0, large=1.0), row(1, small=1.0, large=1.0), row(2, large=0.5)
    served = [
        (Served("a", "small", 0.001, "v", "general", "ok"), r0),
        (Served("b", "large", 0.004, "v", "general", "ok"), r1),
        (Served("c", "small", 0.002, "v", "general", "ok"), r2),  # no score for small
        (Served("d", None, 0.0, "v", "general", "error"), r0),
    ]
    f = figures(served, ALIASES)
    assert f.requests == 4 and f.scored == 2
    assert f.cost_per_1k == pytest.approx(1000 * 0.007 / 4)
    assert f.quality == pytest.approx(0.5)
    assert f.share("small") == 0.5 and f.share("large") == 0.25
    assert f.as_json()["models"] == {"large": 1, "small": 2}


def test_single_model_uses_the_stored_outcomes_of_rows_that_have_it() -> None:
    rows = [row(0, small=0.0, large=1.0), row(1, large=0.5), row(2, small=1.0)]
    f = single_model(rows, "large", ALIASES["large"])
    assert f.requests == 2
    assert f.quality == pytest.approx(0.75)
    assert f.cost_per_1k == pytest.approx(1000 * (0.001 + 0.002) / 2)
    assert f.share("large") == 1.0


def test_table_and_change_line() -> None:
    before = figures([(Served("a", "small", 0.001, "v", "g", "ok"), row(0, small=0.5))], ALIASES)
    after = figures([(Served("b", "large", 0.003, "v", "g", "ok"), row(0, large=1.0))], ALIASES)
    text = format_table([("before", before), ("after", after)], ["small", "large"])
    lines = text.splitlines()
    assert lines[0].split() == ["requests", "USD/1k", "req", "quality", "small", "large"]
    assert lines[1].split() == ["before", "1", "1.0000", "0.500", "100%", "0%"]
    assert lines[2].split() == ["after", "1", "3.0000", "1.000", "0%", "100%"]
    assert versus_before(before, after) == (
        "After vs before: USD per 1,000 requests 1.0000 → 3.0000 (+2.0000, +200%), "
        "quality 0.500 → 1.000 (+0.500)."
    )
    same = figures(
        [(Served("d", "small", 0.001 - 1e-16, "v", "g", "ok"), row(0, small=0.5))], ALIASES
    )
    assert "1.0000 → 1.0000 (+0.0000, +0%), quality 0.500 → 0.500 (+0.000)" in versus_before(
        before, same
    )
    large = figures([(Served("c", "large", 0.004, "v", "g", "ok"), row(0, large=1.0))], ALIASES)
    assert versus_baseline(after, large, "large") == (
        "After vs the baseline (every request on large): 25% of its cost saved, "
        "at 100% of its quality."
    )
    assert versus_baseline(large, after, "x").endswith(
        "33% more than its cost, at 100% of its quality."
    )
    assert versus_baseline(after, Figures(), "x").endswith("no figures for the baseline.")
    with_refs = format_table([("before", before)], ["small"], [("every request on x", after)])
    assert with_refs.splitlines()[2].startswith("-")


def test_logged_reads_only_the_asked_requests(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    store = EvalStore(SQLiteDatabase(db))
    try:
        assert logged(store, ["a"]) == {}  # no table yet: nothing logged
        store.db.execute(
            "CREATE TABLE requests (request_id TEXT, model TEXT, cost_usd REAL, "
            "policy_version TEXT, route TEXT, status TEXT)"
        )
        store.db.execute("INSERT INTO requests VALUES ('a', 'small', 0.5, 'v1', 'g', 'ok')")
        store.db.execute("INSERT INTO requests VALUES ('b', NULL, 0, 'v1', 'g', 'error')")
        found = logged(store, ["a", "z"])
        assert found == {"a": Served("a", "small", 0.5, "v1", "g", "ok")}
    finally:
        store.close()


def test_stored_outcomes_of_held_out_prompts_never_learn() -> None:
    held = [row(0, small=1.0), row(1, small=1.0)]
    stored = [
        EvalRow("req-a", "prompt 0", results=held[0].results),  # by its request id and text
        EvalRow("req-b", "  prompt 1\n", results=held[1].results),  # by text alone
        EvalRow("req-c", "[redacted] 7", results={}),  # by request id alone
        EvalRow("req-d", "prompt 2", results={}),
    ]
    learn, out = split_outcomes(stored, held, {"req-a", "req-c"})
    assert [r.id for r in learn] == ["req-d"]
    assert [r.id for r in out] == ["req-a", "req-b", "req-c"]

"""``routeyard eval`` end to end, in process, on an embedded zero-latency simulator: stored
results with categories, the recorded scorer reading the data, resuming, the spending cap,
exporting routing-eval lines, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from routeyard.cli.main import main
from routeyard.evals.dataset import read_rows
from routeyard.evals.store import EvalStore
from routeyard.evals.store_db import SQLiteDatabase

SPEC = """\
models:
  - {name: sim-a, answer_tokens: 8, data_model: weak-7b}
  - {name: sim-b, answer_tokens: 8, data_model: strong-70b}
"""

CONFIG = """\
version: 1
providers:
  sim: {{kind: simulator, simulator_spec: {spec}}}
models:
  a: {{provider: sim, model: sim-a, price: {{input: 1.0, output: 2.0}}}}
  b: {{provider: sim, model: sim-b, price: {{input: 10.0, output: 20.0}}}}
policy:
  default_route: general
  routes:
    - name: general
      candidates: [a, b]
observe:
  request_log: {{path: {db}}}
"""

ROWS = [
    {"id": "q1", "prompt": "What is 6 times 7?", "category": "math", "source": "t",
     "reference": "42", "results": {"weak-7b": {"score": 0.0}, "strong-70b": {"score": 1.0}}},
    {"id": "q2", "prompt": "Capital of France?", "category": "qa", "source": "t",
     "results": {"weak-7b": {"score": 1.0}, "strong-70b": {"score": 1.0}}},
    {"id": "q3", "prompt": "Prove there are infinitely many primes.", "category": "math",
     "source": "t", "results": {"weak-7b": {"score": 0.0}, "strong-70b": {"score": 0.5}}},
]  # fmt: skip


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    db = tmp_path / "routeyard.db"
    cfg = tmp_path / "routeyard.yaml"
    cfg.write_text(CONFIG.format(spec=spec, db=db))
    data = tmp_path / "data.jsonl"
    data.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in ROWS))
    return {"cfg": cfg, "db": db, "data": data, "dir": tmp_path}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code = main(["eval", *args])
    out, err = capsys.readouterr()
    return code, (orjson.loads(out) if out.strip().startswith("{") else {}), err


def test_eval_stores_scores_and_resumes(
    setup: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["-c", str(setup["cfg"]), "--data", str(setup["data"]), "--models", "a,b"]
    code, summary, _ = run(capsys, *base, "--json", "--concurrency", "3")
    assert code == 0, summary
    assert summary["scorer"] == "recorded"  # simulated models: scores from the data
    assert (summary["pairs"], summary["done"], summary["status"]) == (6, 6, "complete")
    means = {m["model"]: m["mean_score"] for m in summary["models"]}
    assert means == {"a": pytest.approx(1 / 3, abs=1e-4), "b": pytest.approx(2.5 / 3, abs=1e-4)}
    cost = {m["model"]: m["cost_usd"] for m in summary["models"]}
    assert 0 < cost["a"] < cost["b"]  # real prices times the simulator's usage
    store = EvalStore(SQLiteDatabase(setup["db"]))
    cats = store.db.query("SELECT DISTINCT category FROM eval_results ORDER BY 1")
    assert [c[0] for c in cats] == ["math", "qa"]
    # Resuming the finished run does nothing more; its models and data are remembered.
    run_id = summary["run_id"]
    code, again, _ = run(capsys, "-c", str(setup["cfg"]), "--run", run_id, "--json")
    assert code == 0
    assert (again["skipped"], again["done"]) == (6, 0)
    # Exported outcomes are routing-eval lines the shared reader takes.
    out = setup["dir"] / "out.jsonl"
    code, _, err = run(capsys, "-c", str(setup["cfg"]), "--export", str(out))
    assert code == 0 and "wrote 3 prompts" in err
    only_run = setup["dir"] / "run.jsonl"
    code, _, err = run(capsys, "-c", str(setup["cfg"]), "--run", run_id, "--export", str(only_run))
    assert code == 0 and "wrote 3 prompts" in err and "run eval-" not in err  # no calls made
    rows = {r.id: r for r in read_rows(out)}
    assert rows["q1"].results["b"].score == 1.0 and rows["q1"].category == "math"
    assert rows["q1"].results["a"].cost_usd is not None
    store.close()


def test_spending_cap_stops_then_run_continues(
    setup: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["-c", str(setup["cfg"]), "--data", str(setup["data"]), "--models", "a,b"]
    code, _, err = run(capsys, *base, "--max-cost", "0.0000001", "--concurrency", "1")
    assert code == 0
    assert "spending cap reached" in err and "continue with --run eval-" in err
    run_id = err.split("continue with --run ")[1].split()[0]
    store = EvalStore(SQLiteDatabase(setup["db"]))
    assert len(store.done_pairs(run_id)) == 1  # one call, then nothing new started
    assert store.run(run_id)["status"] == "capped"  # type: ignore[index]
    code, summary, _ = run(capsys, "-c", str(setup["cfg"]), "--run", run_id, "--json")
    assert (summary["skipped"], summary["done"], summary["status"]) == (1, 5, "complete")
    store.close()


def test_bad_input_is_reported_with_path_and_line(
    setup: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = setup["dir"] / "bad.jsonl"
    bad.write_text('{"prompt": "ok"}\n{"prompt": 3}\n')
    code, _, err = run(capsys, "-c", str(setup["cfg"]), "--data", str(bad))
    assert code == 2 and f"{bad}:2:" in err
    code, _, err = run(capsys, "-c", str(setup["cfg"]), "--data", str(setup["data"]),
                       "--models", "a,zzz")  # fmt: skip
    assert code == 2 and "unknown model(s) zzz" in err
    code, _, err = run(capsys, "-c", str(setup["cfg"]), "--data", str(setup["data"]),
                       "--scorer", "judge")  # fmt: skip
    assert code == 2 and "needs a judge model" in err
    store = EvalStore(SQLiteDatabase(setup["db"]))
    assert store.db.query("SELECT COUNT(*) FROM eval_runs") == [(0,)]  # no half-made run
    store.close()
    code, _, err = run(capsys, "-c", str(setup["cfg"]), "--from-log")
    assert code == 2 and "store_content" in err


def test_prompts_sampled_from_the_request_log(
    setup: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from routeyard.observe.content import ContentPolicy
    from routeyard.observe.entry import entry_from_record
    from routeyard.observe.log_backend import SQLiteBackend
    from routeyard.observe.record import RequestContent
    from tests.observe._records import make_full_record

    backend = SQLiteBackend(setup["db"])
    entries = []
    for i in range(5):
        rec = make_full_record()
        rec.request_id, rec.route, rec.scores = f"req-{i}", "general", None
        if i >= 3:  # the local model's category wins over the route
            rec.scores = {"category:coding": 0.9, "category:math": 0.1}
        rec.content = RequestContent([{"role": "user", "content": f'Reply with {{"n": {i}}}'}])
        entries.append(entry_from_record(rec, finished_at=1.0, run="r" * 16, seq=i,
                                         content=ContentPolicy.builtin()))  # fmt: skip
    backend.write(entries)
    backend.close()
    code, summary, _ = run(capsys, "-c", str(setup["cfg"]), "--from-log", "--per-category", "2",
                           "--models", "a", "--scorer", "json", "--json")  # fmt: skip
    assert code == 0
    assert (summary["prompts"], summary["done"]) == (4, 4)  # 2 general + 2 coding
    store = EvalStore(SQLiteDatabase(setup["db"]))
    cats = store.db.query("SELECT category, COUNT(*) FROM eval_results GROUP BY 1 ORDER BY 1")
    assert cats == [("coding", 2), ("general", 2)]
    store.close()


async def test_pairwise_against_a_model_asks_it_once_per_prompt(tmp_path: Path) -> None:
    from routeyard.evals.runner import Answer, EvalItem, EvalRunner
    from routeyard.evals.scorers_judge import PairwiseScorer
    from routeyard.evals.store import StoredPrompt

    calls: list[str] = []

    async def caller(model: str, messages: list[dict[str, Any]]) -> Answer:
        calls.append(model)
        return Answer(f"{model} says hi", 0.01)

    async def judge(messages: list[dict[str, Any]]) -> tuple[str, float]:
        text = messages[1]["content"]
        # Prefers whichever answer comes from "big", in either position.
        first_is_big = text.index("big says") < text.index("small says")
        return ("[[A]]" if first_is_big else "[[B]]"), 0.001

    store = EvalStore(SQLiteDatabase(tmp_path / "routeyard.db"))
    runner = EvalRunner(
        caller=caller, scorer=PairwiseScorer(judge, "judge"), store=store, concurrency=4,
        against="big",
    )  # fmt: skip
    items = [EvalItem(StoredPrompt(f"p{i}", f"prompt {i}")) for i in range(3)]
    outcome = await runner.run("r", items, ["small", "big"])
    assert outcome.done == 6 and outcome.failed == 0
    assert calls.count("big") == 3 and calls.count("small") == 3  # the baseline asked once
    assert outcome.spent_usd == pytest.approx(6 * 0.01 + 3 * 2 * 0.001)
    scores = dict(store.db.query("SELECT model, AVG(score) FROM eval_results GROUP BY model"))
    assert scores == {"big": 0.5, "small": 0.0}  # big beats small in both orders
    store.close()

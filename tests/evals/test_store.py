"""The eval store on SQLite (and PostgreSQL when ``ROUTEYARD_TEST_POSTGRES_DSN`` is set): runs,
idempotent results and feedback, resumable pairs, prompts sampled from the request log, and
the export contract (routing-eval lines the shared reader accepts)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from routeyard.config.observe import RequestLogConfig
from routeyard.evals.dataset import parse_row
from routeyard.evals.store import EvalResult, EvalStore, Feedback, StoredPrompt
from routeyard.evals.store_db import PostgresDatabase, SQLiteDatabase, StoreUnavailable
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.log_factory import build_backend
from tests.observe._records import make_full_record

DSN = os.environ.get("ROUTEYARD_TEST_POSTGRES_DSN", "")


def _pg_store() -> Iterator[EvalStore]:
    psycopg = pytest.importorskip("psycopg")
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    schema = f"ry_eval_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    params = conninfo_to_dict(DSN)
    params["options"] = f"-c search_path={schema}"
    store = EvalStore(PostgresDatabase(make_conninfo("", **params)))
    yield store
    store.close()
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EvalStore]:
    if request.param == "postgres":
        if not DSN:
            pytest.skip("set ROUTEYARD_TEST_POSTGRES_DSN to run")
        yield from _pg_store()
        return
    s = EvalStore(SQLiteDatabase(tmp_path / "routeyard.db"), clock=lambda: 1000.0)
    yield s
    s.close()


def _result(prompt: StoredPrompt, model: str, score: float | None, run: str = "r1") -> EvalResult:
    return EvalResult(
        run_id=run,
        prompt=prompt,
        model=model,
        score=score,
        scorer="numeric",
        cost_usd=0.002,
        output="#### 4",
        input_tokens=10,
        output_tokens=4,
        latency_ms=12.5,
    )


P1 = StoredPrompt("p1", "What is 2+2?", category="math", source="gsm8k", reference="4")
P2 = StoredPrompt("p2", "Name a colour.", category="chat", source="vicuna")


def test_runs_results_and_resume(store: EvalStore) -> None:
    assert store.begin_run("r1", scorer="numeric", models=["a", "b"], params={"seed": 1})
    assert not store.begin_run("r1", scorer="other")  # a resumed run keeps its row
    run = store.run("r1")
    assert run is not None
    assert (run["scorer"], run["models"], run["params"]) == ("numeric", ["a", "b"], {"seed": 1})
    assert store.run("nope") is None
    store.add_results([_result(P1, "a", 1.0), _result(P1, "b", 0.0), _result(P2, "a", None)])
    store.add_results([_result(P1, "a", 0.0)])  # same (run, prompt, model): ignored
    assert store.done_pairs("r1") == {("p1", "a"), ("p1", "b"), ("p2", "a")}
    summary = {m["model"]: m for m in store.summary(run_id="r1")}
    assert summary["a"]["results"] == 2 and summary["a"]["scored"] == 1
    assert summary["a"]["mean_score"] == 1.0
    assert summary["b"]["cost_usd"] == pytest.approx(0.002)
    store.finish_run("r1", "complete")
    assert store.run("r1")["status"] == "complete"  # type: ignore[index]


def test_export_rows_is_routing_eval_grouped_by_prompt(store: EvalStore) -> None:
    store.add_results([_result(P1, "a", 1.0), _result(P1, "b", 0.0), _result(P2, "a", None)])
    store.add_results([_result(P1, "a", 0.0, run="r2")])
    shadow = StoredPrompt(
        "req-9",
        "What is 2+2?",
        messages=[{"role": "user", "content": "What is 2+2?"}],
        category="math",
        source="shadow:general",
    )
    store.add_results(
        [
            EvalResult(
                "shadow", shadow, "c", 0.5, "pairwise", 0.01, source="shadow", request_id="req-9"
            )
        ]
    )
    rows = list(store.export_rows())
    assert len(rows) == 1  # P2 has no scored result; the shadow result joins P1 by text
    row = rows[0]
    assert row["prompt"] == "What is 2+2?" and row["category"] == "math"
    assert row["source"] == "gsm8k"
    assert "messages" not in row  # a single user turn says nothing the prompt does not
    assert row["results"]["a"]["score"] == 0.5 and row["results"]["a"]["n"] == 2
    assert set(row["results"]) == {"a", "b", "c"}
    parsed = parse_row(orjson.loads(orjson.dumps(row)), "x")  # the shared reader accepts it
    assert parsed.results["b"].score == 0.0 and parsed.results["b"].cost_usd == 0.002
    only_r2 = list(store.export_rows(run_ids=["r2"]))
    assert set(only_r2[0]["results"]) == {"a"}
    assert set(next(store.export_rows(source="shadow"))["results"]) == {"c"}


def test_feedback_is_idempotent_per_request_and_key(store: EvalStore) -> None:
    assert store.add_feedback(Feedback("req-1", 0.8, "good", "tests"))
    assert not store.add_feedback(Feedback("req-1", 0.1, "changed my mind", "tests"))
    assert store.add_feedback(Feedback("req-1", 0.3, None, None))  # another (no) key
    stored = store.feedback("req-1")
    assert sorted((f.score, f.client_key_id or "") for f in stored) == [(0.3, ""), (0.8, "tests")]


def test_sample_log_per_category(tmp_path: Path) -> None:
    db = tmp_path / "routeyard.db"
    store = EvalStore(SQLiteDatabase(db))
    assert store.sample_log(3) == []  # no request log yet
    backend = SQLiteBackend(db)
    from routeyard.observe.content import ContentPolicy
    from routeyard.observe.entry import entry_from_record
    from routeyard.observe.record import RequestContent

    entries = []
    for i in range(6):
        rec = make_full_record()
        rec.request_id = f"req-{i}"
        rec.route = "code" if i % 2 else "general"
        rec.scores = None
        rec.content = RequestContent([{"role": "user", "content": f"prompt {i}"}])
        entries.append(
            entry_from_record(
                rec, finished_at=1.0, run="r" * 16, seq=i, content=ContentPolicy.builtin()
            )
        )
    backend.write(entries)
    backend.close()
    sampled = store.sample_log(2, seed=1)
    assert len(sampled) == 4
    assert sorted({p.category for p in sampled}) == ["code", "general"]
    assert all(p.id.startswith("log-req-") and p.source == "log" for p in sampled)
    assert sampled[0].messages == [{"role": "user", "content": sampled[0].prompt}]
    assert list(store.export_rows(source="feedback")) == []
    store.add_feedback(Feedback("req-2", 1.0, client_key_id="a"))
    store.add_feedback(Feedback("req-2", 0.5, client_key_id="b"))
    store.add_feedback(Feedback("req-unknown", 0.0))  # never logged: nothing to export
    (row,) = store.export_rows(source="feedback")
    assert (row["id"], row["prompt"], row["category"]) == ("feedback-req-2", "prompt 2", "general")
    ((model, result),) = row["results"].items()
    assert model == "large" and (result["score"], result["n"]) == (0.75, 2)  # the served model
    assert parse_row(row, "x").results["large"].score == 0.75
    store.close()


def test_open_follows_the_request_log_config(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="request_log is off"):
        EvalStore.open(RequestLogConfig(backend="off"))
    cfg = RequestLogConfig(path=str(tmp_path / "shared.db"))
    store = EvalStore.open(cfg)
    assert store.add_feedback(Feedback("r", 1.0, "mail me at bob@example.com"))
    assert store.feedback("r")[0].comment == "mail me at [EMAIL]"  # the log's redaction rules
    store.close()
    tables = build_backend(cfg).query("SELECT name FROM sqlite_master WHERE type = 'table'")
    names = {t[0] for t in tables}
    assert {"requests", "eval_runs", "eval_results", "eval_prompts", "feedback"} <= names


def test_sample_log_before_any_request_was_logged(store: EvalStore) -> None:
    assert store.sample_log(5) == []

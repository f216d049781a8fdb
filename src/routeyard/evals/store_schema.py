"""The eval store's tables, in the request log's database and in its portable style.

Same DDL on SQLite and PostgreSQL (see ``observe.schema``): ``DOUBLE PRECISION`` Unix times,
JSON in ``TEXT``, idempotent ``INSERT ... ON CONFLICT DO NOTHING``.

- ``eval_runs``: one row per ``routeyard eval`` run (and one, ``shadow``, for live shadowing).
- ``eval_prompts``: each prompt's text once, keyed by its SHA-256, with category and source;
  what ``export_rows`` turns back into routing-eval lines.
- ``eval_results``: one model's answer to one prompt in one run: score, scorer and judge, cost,
  latency, ``source`` (``eval`` | ``shadow``) and, for shadow results, the live request's id.
  The key (run, prompt id, model) is what makes ``routeyard eval --run ID`` resumable.
- ``feedback``: a client's score for one of its requests, once per (request id, client key).
"""

from __future__ import annotations

from routeyard.observe.schema import insert_sql

RUN_COLUMNS: tuple[str, ...] = (
    "run_id",
    "started_at",
    "kind",
    "scorer",
    "models",
    "data",
    "params",
)

PROMPT_COLUMNS: tuple[str, ...] = (
    "prompt_hash",
    "prompt",
    "messages",
    "category",
    "source",
    "reference",
    "first_seen",
)

RESULT_COLUMNS: tuple[str, ...] = (
    "run_id",
    "prompt_id",
    "prompt_hash",
    "category",
    "model",
    "output",
    "score",
    "scorer",
    "judge_model",
    "judge_detail",
    "judge_cost_usd",
    "cost_usd",
    "input_tokens",
    "output_tokens",
    "latency_ms",
    "source",
    "request_id",
    "created_at",
)

FEEDBACK_COLUMNS: tuple[str, ...] = (
    "request_id",
    "client_key_id",
    "score",
    "comment",
    "created_at",
)

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS eval_runs (
    run_id TEXT PRIMARY KEY,
    started_at DOUBLE PRECISION NOT NULL,
    finished_at DOUBLE PRECISION,
    status TEXT NOT NULL DEFAULT 'running',
    kind TEXT NOT NULL,
    scorer TEXT,
    models TEXT,
    data TEXT,
    params TEXT
)""",
    """CREATE TABLE IF NOT EXISTS eval_prompts (
    prompt_hash TEXT PRIMARY KEY,
    prompt TEXT NOT NULL,
    messages TEXT,
    category TEXT,
    source TEXT,
    reference TEXT,
    first_seen DOUBLE PRECISION NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS eval_results (
    run_id TEXT NOT NULL,
    prompt_id TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    category TEXT,
    model TEXT NOT NULL,
    output TEXT,
    score DOUBLE PRECISION,
    scorer TEXT NOT NULL,
    judge_model TEXT,
    judge_detail TEXT,
    judge_cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    input_tokens BIGINT,
    output_tokens BIGINT,
    latency_ms DOUBLE PRECISION,
    source TEXT NOT NULL,
    request_id TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, prompt_id, model)
)""",
    "CREATE INDEX IF NOT EXISTS eval_results_prompt ON eval_results (prompt_hash)",
    "CREATE INDEX IF NOT EXISTS eval_results_source ON eval_results (source, created_at)",
    """CREATE TABLE IF NOT EXISTS feedback (
    request_id TEXT NOT NULL,
    client_key_id TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    comment TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (request_id, client_key_id)
)""",
)

INSERT_RUN = insert_sql("eval_runs", RUN_COLUMNS, "run_id")
INSERT_PROMPT = insert_sql("eval_prompts", PROMPT_COLUMNS, "prompt_hash")
INSERT_RESULT = insert_sql("eval_results", RESULT_COLUMNS, "run_id, prompt_id, model")
INSERT_FEEDBACK = insert_sql("feedback", FEEDBACK_COLUMNS, "request_id, client_key_id")

"""The request log's tables: one row per client request, one per attempt, linked by request id.

The same DDL runs on SQLite and PostgreSQL, so it sticks to their common ground:

- times are ``DOUBLE PRECISION`` Unix seconds (``started_at``), indexed for time windows;
- flags are ``SMALLINT`` 0/1 (SQLite has no boolean; comparing ``= 1`` works on both);
- structured values (labels, scores, the routing decision) are JSON in ``TEXT`` columns
  (PostgreSQL users can cast ``decision::jsonb``);
- inserts are idempotent: ``INSERT ... ON CONFLICT DO NOTHING`` (SQLite ≥ 3.24 and PostgreSQL),
  so replaying a spill file or a journal twice never duplicates a row.

``requests.log_run`` and ``requests.log_seq`` are bookkeeping: which writer run accepted the row
and its sequence number in that run. After a crash they let the next start count exactly which
accepted records never reached the database (see ``request_log``).

Prompts and answers are not stored unless ``store_content`` is configured: then a
``request_content`` row keyed by ``request_id`` holds the prompt (the messages) and the answer as
JSON text, after the redaction rules ran, each cut to ``content_max_bytes`` (``truncated`` = 1
when a cut made the text invalid JSON). It comes from a separate, opt-in field of ``LogEntry``,
so the default path never serialises message bodies.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

REQUEST_COLUMNS: tuple[str, ...] = (
    "request_id",
    "started_at",
    "client_key_id",
    "ingress",
    "route",
    "labels",
    "scores",
    "decision",
    "policy_version",
    "model",
    "input_tokens",
    "cached_input_tokens",
    "output_tokens",
    "usage_estimated",
    "cost_usd",
    "baseline_cost_usd",
    "overhead_cost_usd",
    "savings_usd",
    "status",
    "http_status",
    "stream",
    "attempt_count",
    "decision_us",
    "latency_ms",
    "ttft_ms",
    "log_run",
    "log_seq",
)

ATTEMPT_COLUMNS: tuple[str, ...] = (
    "request_id",
    "n",
    "model",
    "ok",
    "error",
    "http_status",
    "latency_ms",
    "ttft_ms",
)

CONTENT_COLUMNS: tuple[str, ...] = ("request_id", "prompt", "answer", "truncated")

STATUSES = ("ok", "partial", "error", "client_disconnected")

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS routeyard_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS requests (
    request_id TEXT PRIMARY KEY,
    started_at DOUBLE PRECISION NOT NULL,
    client_key_id TEXT,
    ingress TEXT NOT NULL,
    route TEXT NOT NULL,
    labels TEXT NOT NULL,
    scores TEXT,
    decision TEXT,
    policy_version TEXT,
    model TEXT,
    input_tokens BIGINT NOT NULL DEFAULT 0,
    cached_input_tokens BIGINT NOT NULL DEFAULT 0,
    output_tokens BIGINT NOT NULL DEFAULT 0,
    usage_estimated SMALLINT NOT NULL DEFAULT 0,
    cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    baseline_cost_usd DOUBLE PRECISION,
    overhead_cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    savings_usd DOUBLE PRECISION,
    status TEXT NOT NULL,
    http_status INTEGER NOT NULL,
    stream SMALLINT NOT NULL,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    decision_us DOUBLE PRECISION NOT NULL,
    latency_ms DOUBLE PRECISION NOT NULL,
    ttft_ms DOUBLE PRECISION,
    log_run TEXT,
    log_seq BIGINT
)""",
    "CREATE INDEX IF NOT EXISTS requests_started_at ON requests (started_at)",
    """CREATE TABLE IF NOT EXISTS attempts (
    request_id TEXT NOT NULL REFERENCES requests (request_id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    model TEXT NOT NULL,
    ok SMALLINT NOT NULL,
    error TEXT,
    http_status INTEGER,
    latency_ms DOUBLE PRECISION NOT NULL,
    ttft_ms DOUBLE PRECISION,
    PRIMARY KEY (request_id, n)
)""",
    """CREATE TABLE IF NOT EXISTS request_content (
    request_id TEXT PRIMARY KEY REFERENCES requests (request_id) ON DELETE CASCADE,
    prompt TEXT,
    answer TEXT,
    truncated SMALLINT NOT NULL DEFAULT 0
)""",
)

META_SQL = "INSERT INTO routeyard_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"


def insert_sql(table: str, columns: tuple[str, ...], conflict: str) -> str:
    """An idempotent insert with ``?`` placeholders (backends translate to their style).

    >>> insert_sql("t", ("a", "b"), "a")
    'INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT (a) DO NOTHING'
    """
    return insert_rows_sql(table, columns, conflict, 1)


def insert_rows_sql(table: str, columns: tuple[str, ...], conflict: str, rows: int) -> str:
    """``insert_sql`` for ``rows`` rows in one statement.

    >>> insert_rows_sql("t", ("a", "b"), "a", 2)
    'INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT (a) DO NOTHING'
    """
    marks = "(" + ", ".join("?" for _ in columns) + ")"
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([marks] * rows)} "
        f"ON CONFLICT ({conflict}) DO NOTHING"
    )


INSERT_REQUEST = insert_sql("requests", REQUEST_COLUMNS, "request_id")
INSERT_ATTEMPT = insert_sql("attempts", ATTEMPT_COLUMNS, "request_id, n")
INSERT_CONTENT = insert_sql("request_content", CONTENT_COLUMNS, "request_id")

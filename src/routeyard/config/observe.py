"""Observability settings: the request log (where, how it buffers, how durable, whether it keeps
prompts), metrics and traces.

Every field's description is rendered into the configuration reference.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RedactionRule(_Strict):
    """A regular expression replaced in stored prompts and answers before they are written."""

    pattern: str = Field(min_length=1, description="A Python regular expression.")
    replacement: str = Field(
        default="[REDACTED]", description="What each match becomes (\\1 etc. refer to groups)."
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value


SQLITE_BATCH = 8
POSTGRES_BATCH = 64


class RequestLogConfig(_Strict):
    """One row per client request and one per attempt, written off the request path.

    Records wait in a bounded memory queue and are written in batches by one background thread.
    When the database is unavailable they go to an append-only spill file and are replayed when
    it returns; inserts are idempotent on request id, so nothing is written twice.
    """

    backend: Literal["sqlite", "postgres", "off"] = Field(
        default="sqlite",
        description="Where the log goes: an embedded SQLite file, a PostgreSQL server (for "
        "several gateway replicas), or nowhere.",
    )
    path: str = Field(
        default="routeyard.db",
        min_length=1,
        description="backend=sqlite: the database file (WAL mode; created if missing).",
    )
    dsn: SecretStr | None = Field(
        default=None,
        description="backend=postgres: a libpq connection string or URL, e.g. "
        "postgresql://routeyard:${PGPASSWORD}@db/routeyard. Never logged.",
    )
    queue_size: int = Field(
        default=10_000,
        ge=1,
        description="Records held in memory waiting for the writer; past this, records go "
        "straight to the spill file (never blocking the request).",
    )
    batch_size: int | None = Field(
        default=None,
        ge=1,
        description="Records written per database transaction (default: 8 for sqlite, 64 for "
        "postgres). The writer thread works in bursts of one batch, during which the request "
        "path waits longer for the CPU and the GIL, so small batches keep its p99 low "
        "(measured with the local model on, at 1 connection: 64 → 8 took p99 from 4.3 to "
        "2.6 ms); a PostgreSQL commit costs a network round trip, so it takes larger ones.",
    )
    flush_interval_s: float = Field(
        default=0.05,
        gt=0,
        description="The writer wakes at least this often and writes everything queued; a "
        "full batch wakes it at once and is written on its own (one transaction per batch).",
    )
    retry_interval_s: float = Field(
        default=1.0,
        gt=0,
        description="While the database is unavailable, batches spill and the database is "
        "retried this often (the spill file is replayed first when it answers).",
    )
    sqlite_busy_timeout_s: float = Field(
        default=0.5,
        ge=0,
        description="backend=sqlite: how long a batch waits for a lock held by another "
        "connection before it is spilled instead.",
    )
    spill_path: str | None = Field(
        default=None,
        description="The spill file (and, next to it, the lock and crash markers). Default: "
        "<path>.spill.jsonl for sqlite, routeyard-requests.spill.jsonl for postgres. Each "
        "gateway process needs its own.",
    )
    durable: bool = Field(
        default=False,
        description="Write every record ahead to a journal (<spill_path>.journal/) before the "
        "request finishes: a killed process loses no record, at the price of one write system "
        "call per request. Off: a crash loses the records still in memory, and the next start "
        "counts and logs exactly how many.",
    )

    store_content: bool = Field(
        default=False,
        description="Also store each request's prompt (messages) and answer in the "
        "request_content table, after redaction. Off: message bodies are never serialised.",
    )
    content_max_bytes: int = Field(
        default=32_768,
        ge=256,
        description="store_content: prompt and answer are each cut to this many bytes of JSON "
        "(and flagged truncated).",
    )
    builtin_redaction: bool = Field(
        default=True,
        description="store_content: apply the built-in rules first (e-mail addresses, bearer "
        "tokens, API keys such as sk-…, credit-card-like numbers).",
    )
    redaction_rules: list[RedactionRule] = Field(
        default_factory=list,
        description="store_content: your own rules, applied after the built-in ones, to every "
        "string in the stored prompt and answer.",
    )

    @model_validator(mode="after")
    def _dsn_for_postgres(self) -> RequestLogConfig:
        if self.backend == "postgres" and self.dsn is None:
            raise ValueError("dsn is required for backend=postgres")
        return self

    def resolved_batch_size(self) -> int:
        if self.batch_size is not None:
            return self.batch_size
        return SQLITE_BATCH if self.backend == "sqlite" else POSTGRES_BATCH

    def resolved_spill_path(self) -> str:
        if self.spill_path is not None:
            return self.spill_path
        if self.backend == "sqlite":
            return f"{self.path}.spill.jsonl"
        return "routeyard-requests.spill.jsonl"


class MetricsConfig(_Strict):
    """Prometheus metrics in the text exposition format."""

    enabled: bool = Field(default=True, description="Serve metrics and update them per request.")
    path: str = Field(
        default="/metrics",
        pattern=r"^/[A-Za-z0-9/_.-]*$",
        description="The HTTP path the gateway serves them on.",
    )


class TracingConfig(_Strict):
    """OpenTelemetry traces over OTLP/HTTP: a span per request, a child span per attempt.

    Spans follow the GenAI semantic conventions. Needs the ``otel`` extra."""

    enabled: bool = Field(default=False, description="Build and export spans.")
    otlp_endpoint: str = Field(
        default="http://127.0.0.1:4318/v1/traces",
        pattern=r"^https?://",
        description="The OTLP/HTTP traces endpoint (a collector, Jaeger, Tempo…).",
    )
    service_name: str = Field(
        default="routeyard", min_length=1, description="The service.name resource attribute."
    )
    sample_ratio: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="Share of traces kept when the client sent no sampled traceparent (an "
        "incoming traceparent's sampled flag is followed).",
    )
    headers: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="HTTP headers sent with each export, e.g. a collector's auth token. Never "
        "logged.",
    )


class ObserveConfig(_Strict):
    """What the gateway records about each request."""

    request_log: RequestLogConfig = Field(
        default_factory=RequestLogConfig, description="The request log database."
    )
    metrics: MetricsConfig = Field(default_factory=MetricsConfig, description="Prometheus metrics.")
    tracing: TracingConfig = Field(
        default_factory=TracingConfig, description="OpenTelemetry traces (off by default)."
    )

"""Observability settings: the request log (where, how it buffers, how durable) and metrics.

Every field's description is rendered into the configuration reference.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    batch_size: int = Field(
        default=64,
        ge=1,
        description="Records written per database transaction. The writer thread holds the "
        "GIL while it prepares a batch, so small batches keep the request path's p99 low "
        "(measured: 500 → 64 took added p99 at 1 connection from 4.8 to 2.5 ms).",
    )
    flush_interval_s: float = Field(
        default=0.05,
        gt=0,
        description="The writer wakes at least this often; a full batch wakes it at once.",
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

    @model_validator(mode="after")
    def _dsn_for_postgres(self) -> RequestLogConfig:
        if self.backend == "postgres" and self.dsn is None:
            raise ValueError("dsn is required for backend=postgres")
        return self

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


class ObserveConfig(_Strict):
    """What the gateway records about each request."""

    request_log: RequestLogConfig = Field(
        default_factory=RequestLogConfig, description="The request log database."
    )
    metrics: MetricsConfig = Field(default_factory=MetricsConfig, description="Prometheus metrics.")

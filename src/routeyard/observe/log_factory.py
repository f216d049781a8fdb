"""Build the request log a ``RequestLogConfig`` describes (for the router's composition root).

>>> from routeyard.config.observe import RequestLogConfig
>>> build_request_log(RequestLogConfig(backend="off")) is None
True
"""

from __future__ import annotations

from pathlib import Path

from routeyard.config.observe import RequestLogConfig
from routeyard.observe.content import ContentPolicy
from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_backend import LogBackend, SQLiteBackend
from routeyard.observe.log_postgres import PostgresBackend
from routeyard.observe.log_writer import BackgroundWriter
from routeyard.observe.request_log import RequestLogSink


def build_backend(cfg: RequestLogConfig) -> LogBackend:
    """A fresh backend (each thread that reads or writes needs its own)."""
    if cfg.backend == "postgres":
        assert cfg.dsn is not None  # checked by the config
        return PostgresBackend(cfg.dsn.get_secret_value())
    if cfg.backend == "sqlite":
        return SQLiteBackend(cfg.path, busy_timeout_s=cfg.sqlite_busy_timeout_s)
    raise ValueError("the request log is off")


def build_request_log(cfg: RequestLogConfig) -> BackgroundWriter | None:
    """The sink, not started: call ``start()`` once, ``close()`` (or ``aclose()``) at shutdown."""
    if cfg.backend == "off":
        return None
    backend = build_backend(cfg)
    spill = Path(cfg.resolved_spill_path())
    content = ContentPolicy.from_config(cfg)
    if cfg.durable:
        return DurableRequestLogSink(
            backend,
            journal_dir=spill.with_name(f"{spill.name}.journal"),
            batch_size=cfg.resolved_batch_size(),
            flush_interval_s=cfg.flush_interval_s,
            retry_interval_s=cfg.retry_interval_s,
            content=content,
        )
    return RequestLogSink(
        backend,
        spill_path=spill,
        queue_size=cfg.queue_size,
        batch_size=cfg.resolved_batch_size(),
        flush_interval_s=cfg.flush_interval_s,
        retry_interval_s=cfg.retry_interval_s,
        content=content,
    )

"""The scale-out request log: PostgreSQL through psycopg 3 (optional: ``pip install psycopg``).

Same tables and same idempotent inserts as SQLite; several gateway replicas may write to one
database (each with its own spill file). psycopg is imported when the backend first connects, so
importing this module never needs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from routeyard.observe.entry import LogEntry
from routeyard.observe.log_backend import BackendUnavailable, content_rows
from routeyard.observe.schema import (
    DDL,
    INSERT_ATTEMPT,
    INSERT_CONTENT,
    INSERT_REQUEST,
    META_SQL,
    SCHEMA_VERSION,
)

if TYPE_CHECKING:
    import psycopg

# Serialises schema creation between replicas starting at once (CREATE TABLE IF NOT EXISTS races
# on PostgreSQL's catalogue otherwise). Any constant works; this one spells "ryard".
_DDL_LOCK = 0x7279617264


def _pg(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (our SQL has no literal ``%`` or ``?``)."""
    return sql.replace("%", "%%").replace("?", "%s")


_INSERT_REQUEST = _pg(INSERT_REQUEST)
_INSERT_ATTEMPT = _pg(INSERT_ATTEMPT)
_INSERT_CONTENT = _pg(INSERT_CONTENT)


class PostgresBackend:
    """A PostgreSQL request log at ``dsn`` (a libpq connection string or URL)."""

    def __init__(self, dsn: str, *, connect_timeout_s: float = 5.0) -> None:
        self._dsn = dsn
        self.connect_timeout_s = connect_timeout_s
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        import psycopg

        try:
            conn = psycopg.connect(
                self._dsn, connect_timeout=max(1, round(self.connect_timeout_s)), autocommit=False
            )
        except psycopg.Error as exc:
            raise BackendUnavailable(f"cannot connect to PostgreSQL: {type(exc).__name__}") from exc
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
                for statement in DDL:
                    conn.execute(statement)  # our constant DDL
                conn.execute(_pg(META_SQL), ("schema_version", str(SCHEMA_VERSION)))
        except psycopg.Error as exc:
            conn.close()
            raise BackendUnavailable(f"cannot prepare the request log: {exc}") from exc
        self._conn = conn
        return conn

    def write(self, entries: Sequence[LogEntry]) -> None:
        import psycopg

        conn = self._connect()
        try:
            with conn.transaction(), conn.cursor() as cur:
                # executemany pipelines the statements (psycopg ≥ 3.1): one round trip per batch.
                cur.executemany(_INSERT_REQUEST, [e.request for e in entries])
                attempts = [row for e in entries for row in e.attempts]
                if attempts:
                    cur.executemany(_INSERT_ATTEMPT, attempts)
                content = content_rows(entries)
                if content:
                    cur.executemany(_INSERT_CONTENT, content)
        except (psycopg.DataError, psycopg.IntegrityError, psycopg.ProgrammingError):
            raise
        except psycopg.Error as exc:
            self.close()
            raise BackendUnavailable(f"PostgreSQL: {type(exc).__name__}: {exc}") from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        conn = self._connect()
        try:
            with conn.transaction():
                return conn.execute(_pg(sql), tuple(params)).fetchall()
        except psycopg.OperationalError as exc:
            self.close()
            raise BackendUnavailable(f"PostgreSQL: {exc}") from exc

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            # Closing a broken connection may raise; it is gone either way.
            with contextlib.suppress(Exception):
                conn.close()

"""Where the request log is stored: a one-writer ``LogBackend`` protocol, and SQLite.

A backend is owned by one thread (the log writer, or the ``stats`` command); it connects lazily
and reconnects after a failure. ``write`` is one transaction per batch and idempotent on request
id. Errors it raises:

- ``BackendUnavailable``: the database cannot take writes now (locked, down, disk full, cannot
  open). The writer spills the batch and retries later; nothing about the batch is wrong.
- any other exception: something in the batch is wrong (a bug, a value the database rejects).
  The writer retries entries one by one and counts the ones that still fail as dropped.

``query`` reads with ``?`` placeholders on every backend (PostgreSQL translates them).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from routeyard.observe.entry import LogEntry
from routeyard.observe.schema import (
    ATTEMPT_COLUMNS,
    DDL,
    INSERT_CONTENT,
    META_SQL,
    REQUEST_COLUMNS,
    SCHEMA_VERSION,
    insert_rows_sql,
)


class BackendUnavailable(Exception):
    """The database cannot be written now; retry later (the batch itself is fine)."""


class LogBackend(Protocol):
    def write(self, entries: Sequence[LogEntry]) -> None:
        """Insert ``entries`` in one transaction, ignoring request ids already stored."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read query written with ``?`` placeholders."""

    def close(self) -> None: ...


def _attempt_rows(entries: Sequence[LogEntry]) -> list[tuple[Any, ...]]:
    return [row for e in entries for row in e.attempts]


def content_rows(entries: Sequence[LogEntry]) -> list[tuple[Any, ...]]:
    """The ``request_content`` rows of a batch (none unless the log stores content)."""
    return [e.content for e in entries if e.content is not None]


# Errors that say the batch is wrong, not the database: retrying it as-is will fail again.
_SQLITE_BAD_DATA = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


# Rows per INSERT statement. Python's sqlite3 releases the GIL around each statement it runs and
# must take it back after: with ``executemany`` that is once per row, and a busy event loop
# holds the GIL so much of the time that each retake waits (under load the writer fell seconds
# behind). 32 rows of 27 columns is 864 parameters, below SQLite's limit (32,766 since
# 3.32; 999 before).
ROWS_PER_STATEMENT = 32
_MAX_PARAMETERS = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999
_Table = tuple[str, tuple[str, ...], str]
_REQUESTS: _Table = ("requests", REQUEST_COLUMNS, "request_id")
_ATTEMPTS: _Table = ("attempts", ATTEMPT_COLUMNS, "request_id, n")


@functools.lru_cache(maxsize=2 * ROWS_PER_STATEMENT)
def _insert_sql(table: _Table, rows: int) -> str:
    return insert_rows_sql(*table, rows)


def _insert(conn: sqlite3.Connection, table: _Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` with one statement per ``ROWS_PER_STATEMENT`` rows."""
    step = min(ROWS_PER_STATEMENT, _MAX_PARAMETERS // len(table[1]))
    for i in range(0, len(rows), step):
        chunk = rows[i : i + step]
        conn.execute(_insert_sql(table, len(chunk)), [v for row in chunk for v in row])


class SQLiteBackend:
    """The embedded default: one file, WAL journal, one writer.

    ``busy_timeout_s`` is how long a write waits for a lock another connection holds before the
    batch is declared unavailable (and spilled): short, so a locked file costs the writer little.
    """

    def __init__(self, path: str | Path, *, busy_timeout_s: float = 0.5) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            conn = sqlite3.connect(
                self.path, timeout=self.busy_timeout_s, isolation_level=None, check_same_thread=True
            )
        except sqlite3.Error as exc:
            raise BackendUnavailable(f"cannot open {self.path}: {exc}") from exc
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a commit survives a process crash; only an OS crash or power
            # loss may roll back the last transactions.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in DDL:
                conn.execute(statement)
            conn.execute(META_SQL, ("schema_version", str(SCHEMA_VERSION)))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.close()
            raise BackendUnavailable(f"cannot prepare {self.path}: {exc}") from exc
        self._conn = conn
        return conn

    def write(self, entries: Sequence[LogEntry]) -> None:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now, not halfway through
            _insert(conn, _REQUESTS, [e.request for e in entries])
            _insert(conn, _ATTEMPTS, _attempt_rows(entries))
            content = content_rows(entries)
            if content:
                conn.executemany(INSERT_CONTENT, content)
            conn.execute("COMMIT")
        except _SQLITE_BAD_DATA:
            self._rollback(conn)
            raise
        except sqlite3.Error as exc:
            self._rollback(conn)
            raise BackendUnavailable(f"{self.path}: {exc}") from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._connect()
        try:
            return conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError as exc:
            raise BackendUnavailable(f"{self.path}: {exc}") from exc

    def _rollback(self, conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:  # the connection is unusable: drop it, reconnect next time
            self.close()

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

"""The eval store's connection to the request log's database: SQLite or PostgreSQL.

Small and separate from the request log's writer on purpose: the eval store is written by the
CLI and, in the gateway, by feedback and shadow evaluation from worker threads, a few rows at
a time. One connection per store, guarded by a lock; SQL uses ``?`` placeholders everywhere.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from routeyard.config.observe import RequestLogConfig
from routeyard.evals.store_schema import DDL

if TYPE_CHECKING:
    import psycopg

_DDL_LOCK = 0x7279657661  # "ryeva": serialises schema creation between replicas


class StoreUnavailable(Exception):
    """The database cannot be reached or prepared now."""


class Database(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write; returns the number of rows it changed."""

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


class SQLiteDatabase:
    def __init__(self, path: str | Path, *, busy_timeout_s: float = 5.0) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout_s,
                isolation_level=None,
                check_same_thread=False,  # used under self._lock from worker threads
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in DDL:
                conn.execute(statement)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the eval store in {self.path}: {exc}") from exc
        self._conn = conn
        return conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            try:
                return self._connect().execute(sql, tuple(params)).rowcount
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"{self.path}: {exc}") from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self._lock:
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(sql, [tuple(r) for r in rows])
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise StoreUnavailable(f"{self.path}: {exc}") from exc
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._connect().execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"{self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                conn.close()


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresDatabase:
    def __init__(self, dsn: str, *, connect_timeout_s: float = 5.0) -> None:
        self._dsn = dsn
        self.connect_timeout_s = connect_timeout_s
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        import psycopg

        try:
            conn = psycopg.connect(
                self._dsn, connect_timeout=max(1, round(self.connect_timeout_s)), autocommit=False
            )
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
                for statement in DDL:
                    conn.execute(statement)  # our constant DDL
        except psycopg.Error as exc:
            raise StoreUnavailable(f"PostgreSQL: {type(exc).__name__}: {exc}") from exc
        self._conn = conn
        return conn

    def _run(self, sql: str, params: Sequence[Any], many: bool) -> Any:
        import psycopg

        with self._lock:
            conn = self._connect()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    if many:
                        cur.executemany(_pg(sql), [tuple(p) for p in params])
                        return None
                    cur.execute(_pg(sql), tuple(params))
                    return cur.fetchall() if cur.description is not None else cur.rowcount
            except psycopg.OperationalError as exc:
                self._drop()
                raise StoreUnavailable(f"PostgreSQL: {exc}") from exc
            except psycopg.errors.UndefinedTable as exc:  # the request log never wrote here
                raise StoreUnavailable(f"PostgreSQL: no such table: {exc}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self._run(sql, params, many=False))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._run(sql, rows, many=True)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._run(sql, params, many=False)
        return rows

    def _drop(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):
                conn.close()

    def close(self) -> None:
        with self._lock:
            self._drop()


def open_database(cfg: RequestLogConfig) -> Database:
    """The request log's database (not connected yet: the first call connects)."""
    if cfg.backend == "postgres":
        assert cfg.dsn is not None  # checked by the config
        return PostgresDatabase(cfg.dsn.get_secret_value())
    if cfg.backend == "sqlite":
        return SQLiteDatabase(cfg.path)
    raise StoreUnavailable(
        "the eval store lives in the request log's database, and observe.request_log is off"
    )

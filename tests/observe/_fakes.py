"""A backend wrapper whose availability the test controls."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from routeyard.observe.entry import LogEntry
from routeyard.observe.log_backend import BackendUnavailable, LogBackend


class FlakyBackend:
    def __init__(self, inner: LogBackend) -> None:
        self.inner = inner
        self.down = False
        self.writes = 0
        self.entries_seen = 0
        self.bad_ids: set[str] = set()
        self.lock = threading.Lock()

    def write(self, entries: Sequence[LogEntry]) -> None:
        with self.lock:
            self.writes += 1
            self.entries_seen += len(entries)
        if self.down:
            raise BackendUnavailable("down for the test")
        if any(e.request_id in self.bad_ids for e in entries):
            raise ValueError("bad entry for the test")
        self.inner.write(entries)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.down:
            raise BackendUnavailable("down for the test")
        return self.inner.query(sql, params)

    def close(self) -> None:
        self.inner.close()

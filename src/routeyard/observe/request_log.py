"""The request log sink: ``record()`` appends to memory; a writer thread batches into the database.

::

    record() ──► bounded deque ──► writer thread ──► backend (one transaction per batch)
       │ (queue full)                  │ (backend unavailable)
       └──────────────► spill file ◄───┘ ──► replayed when the backend answers again

- ``record()`` is O(1) and does no I/O while the queue has room: a lock, a counter, a store into
  a memory-mapped run marker, a deque append (and, once per batch, an event set).
- The writer writes a batch when ``batch_size`` records are queued, and whatever is queued
  every ``flush_interval_s``: one transaction per batch, not one per handful of records.
- While the writer keeps up, it turns records into rows on its own thread. Once it is more than
  ``help_after`` records behind (default: two batches, at least 128), ``record()`` turns each
  new record into rows itself (tens of µs) and queues those. A writer can fall behind when the
  database is slow, and before SQLite inserts took many rows per statement it did under load (it
  retook the GIL after every row, and a busy event loop rarely lets go of it): a backlog of
  thousands of live records, a dozen objects each, made every full cycle collection walk them
  (100 ms pauses).
  Rows are plain tuples, which the collector stops tracking, and the writer is left with I/O.
- Nothing is lost while the process lives: a batch the database refuses goes to the spill file;
  a record that finds the queue full is spilled at once; only an entry the spill file cannot
  take either is dropped, and counted.
- After ``kill -9`` the records still in memory are lost, and the next start counts them
  exactly (``recoveries``; see ``run_marker``). For zero loss use ``DurableRequestLogSink``.
- One writer per spill path: ``start()`` takes an exclusive lock on ``<spill>.lock``.

>>> import tempfile, pathlib
>>> from routeyard.observe.log_backend import SQLiteBackend
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> sink = RequestLogSink(SQLiteBackend(tmp / "log.db"), spill_path=tmp / "spill.jsonl")
>>> sink.start()
>>> sink.close()
>>> sink.stats()["written"]
0
>>> import shutil; shutil.rmtree(tmp)
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from routeyard.observe.content import ContentPolicy
from routeyard.observe.entry import LogEntry, entry_from_record
from routeyard.observe.log_backend import BackendUnavailable, LogBackend
from routeyard.observe.log_writer import BackgroundWriter, Recovery
from routeyard.observe.record import RequestRecord
from routeyard.observe.run_marker import PastRun, RunMarker, past_runs
from routeyard.observe.spill import SpillFile
from routeyard.observe.spill_lock import SpillLock

log = logging.getLogger("routeyard.request_log")

# (seq, Unix time at record(), the record or, when record() encoded it, its rows)
_Queued = tuple[int, float, RequestRecord | LogEntry]
HELP_AFTER_MIN = 128


class RequestLogSink(BackgroundWriter):
    def __init__(
        self,
        backend: LogBackend,
        *,
        spill_path: str | Path,
        queue_size: int = 10_000,
        batch_size: int = 500,
        flush_interval_s: float = 0.5,
        retry_interval_s: float = 1.0,
        wall_clock: Callable[[], float] = time.time,
        content: ContentPolicy | None = None,
        help_after: int | None = None,
    ) -> None:
        super().__init__(
            backend,
            batch_size=batch_size,
            flush_interval_s=flush_interval_s,
            retry_interval_s=retry_interval_s,
            content=content,
        )
        self.queue_size = queue_size
        # Past two batches queued the writer is behind (it writes each batch as it fills); with
        # small batches a short queue is only the writer's next wake-up, not a backlog.
        self.help_after = max(2 * batch_size, HELP_AFTER_MIN) if help_after is None else help_after
        self.spill = SpillFile(spill_path)
        self.run = os.urandom(8).hex()
        self._wall = wall_clock
        self._queue: deque[_Queued] = deque()
        self._lock = threading.Lock()  # seq, counters shared with the writer, the marker
        self._accepted = 0
        self._closed = False  # after close, record() spills directly
        self._marker: RunMarker | None = None
        self._past: list[PastRun] = []
        self._owner = SpillLock(self.spill.path)
        self._spill_pending = False
        self._replay_offsets: dict[Path, int] = {}

    # -- the request path --------------------------------------------------------------------

    def record(self, rec: RequestRecord) -> None:
        """Take ownership of ``rec`` (do not change it afterwards). Never raises, never blocks
        on I/O unless the queue is full."""
        behind = len(self._queue) >= self.help_after  # then encode here, not on the writer
        with self._lock:
            self._accepted += 1
            seq = self._accepted
            self.counters.queued = seq
            if self._marker is not None:
                self._marker.set_accepted(seq)
            if not behind:
                depth = self._append(seq, rec)
        if behind:
            entry = self._encode(seq, rec)
            if entry is None:
                return
            with self._lock:
                depth = self._append(seq, entry)
        if depth < 0:
            self._spill_now(seq, rec)
        elif depth % self.batch_size == 0:
            self._wake.set()

    def _append(self, seq: int, item: RequestRecord | LogEntry) -> int:
        """Queue ``item`` (lock held); the new depth, or -1 when it must be spilled instead."""
        if self._closed or len(self._queue) >= self.queue_size:
            return -1
        self._queue.append((seq, self._wall(), item))
        return len(self._queue)

    def _encode(self, seq: int, rec: RequestRecord) -> LogEntry | None:
        """The record's rows (None: it cannot be encoded, which is logged and counted)."""
        try:
            return entry_from_record(
                rec, finished_at=self._wall(), run=self.run, seq=seq, content=self.content_policy
            )
        except Exception:
            log.exception("request log: cannot encode request %s; dropped", rec.request_id)
            self._count_dropped(1)
            return None

    def _spill_now(self, seq: int, rec: RequestRecord) -> None:
        try:
            line = entry_from_record(
                rec, finished_at=self._wall(), run=self.run, seq=seq, content=self.content_policy
            ).to_line()
            self.spill.append([line])
        except Exception:
            log.exception("request log: could not spill request %s; dropped", rec.request_id)
            self._count_dropped(1)
            return
        with self._lock:
            self.counters.spilled += 1
        self._spill_pending = True

    # -- state ----------------------------------------------------------------------------------

    @property
    def queue_depth(self) -> int:
        return len(self._queue)

    def stats(self) -> dict[str, Any]:
        return {
            **self.counters.as_dict(),
            "queue_depth": self.queue_depth,
            "backend_down": self.backend_down,
            "bad_spill_lines": self.spill.bad_lines,
            "lost_before_restart": sum(r.lost for r in self.recoveries),
        }

    def _count_dropped(self, n: int) -> None:
        with self._lock:
            self.counters.dropped += n
            if self._marker is not None:
                self._marker.set_dropped(self.counters.dropped)

    # -- the writer thread ------------------------------------------------------------------------

    def _prepare(self) -> None:
        self._owner.acquire()
        self._past = [p for p in past_runs(self.spill.path) if p.run != self.run]
        with self._lock:
            self._marker = RunMarker(self.spill.path, self.run, self._wall())
            self._marker.set_accepted(self._accepted)
        self._spill_pending = True  # a previous run may have left spill files: look once

    def _cycle(self) -> None:
        if self._past and not self.backend_down:
            self._recover()
        if self._spill_pending and not self.backend_down:
            self._replay()
        while self._queue and not (self._full_batches_only and len(self._queue) < self.batch_size):
            left = self._write(self._take())
            if left:
                self._spill_entries(left)
            elif self._spill_pending:
                self._replay()  # the backend is back: older entries first

    def _finish(self) -> None:
        with self._lock:
            self._closed = True
            marker, self._marker = self._marker, None
        while self._queue:  # records that arrived during the last cycle
            left = self._write(self._take())
            if left:
                self._spill_entries(left)
        self.spill.close()
        if marker is not None:
            marker.close(clean=True)
        self._owner.release()

    def _take(self) -> list[LogEntry]:
        entries = []
        for _ in range(min(self.batch_size, len(self._queue))):
            seq, finished_at, rec = self._queue.popleft()
            if isinstance(rec, LogEntry):  # record() encoded it
                entries.append(rec)
                continue
            try:
                entry = entry_from_record(
                    rec, finished_at=finished_at, run=self.run, seq=seq, content=self.content_policy
                )
            except Exception:
                log.exception("request log: cannot encode request %s; dropped", rec.request_id)
                self._count_dropped(1)
            else:
                entries.append(entry)
        return entries

    def _spill_entries(self, entries: Sequence[LogEntry]) -> None:
        try:
            self.spill.append(e.to_line() for e in entries)
        except Exception:  # unwritable file (or, from a bug, an unencodable entry)
            log.exception("request log: cannot spill; %d entries dropped", len(entries))
            self._count_dropped(len(entries))
            return
        with self._lock:
            self.counters.spilled += len(entries)
        self._spill_pending = True

    def _replay(self) -> None:
        """Move spill files into the database; stop at the first unavailable batch.

        Sealed files go first; the live file is sealed only once they are all in, so a long
        outage leaves one sealed file, not one per retry."""
        self._spill_pending = False  # before sealing: an append after the seal sets it again
        while True:
            for path in self.spill.sealed():
                if not self._replay_file(path):
                    return
            if self.spill.seal() is None:
                return

    def _replay_file(self, path: Path) -> bool:
        offset = self._replay_offsets.get(path, 0)
        batch: list[LogEntry] = []
        for end, entry in self.spill.read(path, offset):
            batch.append(entry)
            if len(batch) >= self.batch_size:
                if not self._replay_batch(batch):
                    self._replay_offsets[path] = offset
                    return False
                offset, batch = end, []
        if not self._replay_batch(batch):
            self._replay_offsets[path] = offset
            return False
        path.unlink(missing_ok=True)
        self._replay_offsets.pop(path, None)
        log.info("request log: replayed %s", path.name)
        return True

    def _replay_batch(self, batch: list[LogEntry]) -> bool:
        if self._write(batch):
            self._spill_pending = True  # still there, sealed: try again after the retry delay
            return False
        self.counters.replayed += len(batch)
        return True

    def _recover(self) -> None:
        """Count what runs that died without closing lost (spill files replayed first)."""
        self._replay()
        if self._spill_pending:
            return
        for past in list(self._past):
            if not past.clean:
                try:
                    rows = self.backend.query(
                        "SELECT COUNT(DISTINCT log_seq) FROM requests WHERE log_run = ?",
                        [past.run],
                    )
                except BackendUnavailable as exc:
                    self._mark_down(exc)
                    return
                found = int(rows[0][0]) if rows else 0
                recovery = Recovery(past.run, past.accepted, found, past.dropped)
                self.recoveries.append(recovery)
                level = logging.WARNING if recovery.lost else logging.INFO
                log.log(
                    level,
                    "request log: run %s ended without closing: %d accepted, %d logged, %d lost",
                    past.run,
                    past.accepted,
                    found,
                    recovery.lost,
                )
            past.path.unlink(missing_ok=True)
            self._past.remove(past)

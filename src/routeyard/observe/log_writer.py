"""The background thread both request log sinks share: batches, retries, flush and close.

Why a thread, not an asyncio task: every backend call blocks (SQLite waits on file locks and
fsyncs, psycopg's sync connection waits on the network). On the event loop that would stall
requests; as a task it would need ``to_thread`` per batch and still share the loop's time. One
dedicated thread is also exactly SQLite's "one writer", and owns the backend's connection
(SQLite connections are bound to the thread that made them). The request path only appends to a
deque or a file and, once per batch, sets an event.

Subclasses provide ``_cycle()``: move what is pending into the database (or the spill file), and
``_finish()``: last steps on close. The base retries an unavailable backend every
``retry_interval_s`` and answers ``flush()`` once a full cycle has run after the call.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from routeyard.observe.content import ContentPolicy
from routeyard.observe.entry import LogEntry
from routeyard.observe.log_backend import BackendUnavailable, LogBackend
from routeyard.observe.record import RequestRecord

log = logging.getLogger("routeyard.request_log")


@dataclass(slots=True)
class LogCounters:
    """Totals since start. ``queued`` counts records accepted by ``record()``."""

    queued: int = 0
    written: int = 0  # entries committed to the database (replays included)
    spilled: int = 0  # entries appended to the spill file
    replayed: int = 0  # entries moved from a spill file or journal into the database
    dropped: int = 0  # entries lost for good (counted, logged)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(slots=True, frozen=True)
class Recovery:
    """What the previous run that died without closing lost (found at start)."""

    run: str
    accepted: int  # records that run accepted
    found: int  # of them, in the database after replaying spill files
    dropped: int  # of them, counted as dropped while the run was alive

    @property
    def lost(self) -> int:
        """Accepted records that are not in the database (dropped ones included)."""
        return max(0, self.accepted - self.found)


class BackgroundWriter:
    def __init__(
        self,
        backend: LogBackend,
        *,
        batch_size: int,
        flush_interval_s: float,
        retry_interval_s: float,
        clock: Callable[[], float] = time.monotonic,
        content: ContentPolicy | None = None,
    ) -> None:
        self.backend = backend
        self.content_policy = content  # None: prompts and answers are never stored
        self.batch_size = batch_size
        self.flush_interval_s = flush_interval_s
        self.retry_interval_s = retry_interval_s
        self.counters = LogCounters()
        self.recoveries: list[Recovery] = []
        self._clock = clock
        self._down_until = 0.0  # clock time before which the backend is not tried again
        self._outage_since: float | None = None
        self._wake = threading.Event()
        self._flush_cv = threading.Condition()
        self._flush_requested = 0
        self._flushed = 0
        self._stopping = False
        self._full_batches_only = False  # set by the writer for each cycle
        self._thread: threading.Thread | None = None

    # -- what subclasses offer -------------------------------------------------------------------

    def record(self, rec: RequestRecord) -> None:
        """The ``Sink`` method: hand one finished request to the log (never raises)."""
        raise NotImplementedError

    def stats(self) -> dict[str, Any]:
        """Counters, queue depth and state, for metrics and ``/routeyard/stats``."""
        raise NotImplementedError

    @property
    def queue_depth(self) -> int:
        """Records accepted but not yet in the database or the spill file."""
        raise NotImplementedError

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the request log is already started")
        self._prepare()
        self._thread = threading.Thread(target=self._run, name="routeyard-request-log", daemon=True)
        self._thread.start()

    def flush(self, timeout: float | None = None) -> bool:
        """Block until everything recorded before the call is in the database or spilled.

        Returns False on timeout (or if the writer is not running)."""
        if self._thread is None or not self._thread.is_alive():
            return False
        with self._flush_cv:
            self._flush_requested += 1
            target = self._flush_requested
            self._wake.set()
            return self._flush_cv.wait_for(lambda: self._flushed >= target, timeout)

    def close(self, timeout: float | None = 30.0) -> None:
        """Write or spill everything, then stop the writer (graceful shutdown)."""
        thread = self._thread
        if thread is None:
            return
        self._stopping = True
        self._wake.set()
        thread.join(timeout)
        if thread.is_alive():
            log.error("request log writer did not finish within %.1f s", timeout or 0.0)

    async def aflush(self) -> bool:
        """``flush`` off the event loop (gives up after 60 s)."""
        return await asyncio.to_thread(self.flush, 60.0)

    async def aclose(self) -> None:
        """``close`` off the event loop: for an async shutdown hook."""
        await asyncio.to_thread(self.close)

    @property
    def backend_down(self) -> bool:
        return self._clock() < self._down_until

    # -- the thread ------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            woken = self._wake.wait(self.flush_interval_s)
            self._wake.clear()
            stopping = self._stopping
            with self._flush_cv:
                generation = self._flush_requested
            # Woken because a batch is full: write full batches only, and leave a short rest for
            # the next one (each transaction costs a commit). Otherwise write everything.
            self._full_batches_only = woken and not stopping and generation <= self._flushed
            try:
                self._cycle()
            except Exception:  # the writer must outlive any bug in one cycle
                log.exception("request log writer cycle failed")
                time.sleep(min(self.flush_interval_s, 0.1))
            with self._flush_cv:
                self._flushed = max(self._flushed, generation)
                self._flush_cv.notify_all()
            if stopping:
                break
        try:
            self._finish()
        except Exception:
            log.exception("request log writer failed to finish")
        finally:
            try:
                self.backend.close()
            except Exception:
                log.exception("request log: closing the database failed")

    def _prepare(self) -> None:
        """Before the thread starts (on the caller's thread)."""

    def _cycle(self) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """After the last cycle, on the writer thread."""

    def _write(self, entries: Sequence[LogEntry]) -> Sequence[LogEntry]:
        """Commit ``entries``; returns those left unwritten because the backend is unavailable.

        A batch the database rejects for its content is retried entry by entry; entries that
        still fail are dropped and logged, so one bad record never blocks the log."""
        if not entries:
            return ()
        if self.backend_down:
            return entries
        try:
            self.backend.write(entries)
        except BackendUnavailable as exc:
            self._mark_down(exc)
            return entries
        except Exception:
            log.exception("request log batch rejected; retrying %d one by one", len(entries))
            return self._write_one_by_one(entries)
        self.counters.written += len(entries)
        self._mark_up()
        return ()

    def _write_one_by_one(self, entries: Sequence[LogEntry]) -> Sequence[LogEntry]:
        for i, entry in enumerate(entries):
            try:
                self.backend.write([entry])
            except BackendUnavailable as exc:
                self._mark_down(exc)
                return entries[i:]
            except Exception:
                log.exception("request log entry %s rejected by the database", entry.request_id)
                self._count_dropped(1)
            else:
                self.counters.written += 1
        return ()

    def _count_dropped(self, n: int) -> None:
        self.counters.dropped += n

    def _mark_down(self, exc: BaseException) -> None:
        now = self._clock()
        if self._outage_since is None:  # once per outage, not once per retry
            self._outage_since = now
            log.warning(
                "request log database unavailable (%s); spilling, retrying every %.1f s",
                exc,
                self.retry_interval_s,
            )
        self._down_until = now + self.retry_interval_s

    def _mark_up(self) -> None:
        if self._outage_since is not None:
            log.warning(
                "request log database available again after %.1f s",
                self._clock() - self._outage_since,
            )
            self._outage_since = None

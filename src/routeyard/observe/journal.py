"""Durable mode: ``record()`` writes each entry ahead to a journal; the writer tails the journal.

::

    record() ──► journal segment (one write(2) per record) ──► writer thread ──► backend
                                                        position file ◄──┘ (after each commit)

When ``record()`` returns, the entry is in the kernel's page cache: ``kill -9`` at any moment
loses nothing, and the next start resumes from the saved position (a batch committed just
before the crash, whose position was not saved yet, is inserted again and ignored as a
duplicate). A power cut may still lose what the OS had not flushed. The cost is on the request
path: encoding the entry and one ``write`` system call (measured in the tests' benchmark).

There is no memory queue to fill and no spill file: while the database is unavailable the
journal simply grows, and the writer catches up when it returns. Segments rotate at
``segment_bytes`` and are deleted once fully committed. One writer per directory.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from routeyard.observe.content import ContentPolicy
from routeyard.observe.entry import BadLine, LogEntry, entry_from_record
from routeyard.observe.log_backend import LogBackend
from routeyard.observe.log_writer import BackgroundWriter
from routeyard.observe.record import RequestRecord
from routeyard.observe.spill_lock import SpillLock

log = logging.getLogger("routeyard.request_log")


def _segment_index(path: Path) -> int | None:
    return int(path.stem) if path.suffix == ".jsonl" and path.stem.isdigit() else None


class DurableRequestLogSink(BackgroundWriter):
    def __init__(
        self,
        backend: LogBackend,
        *,
        journal_dir: str | Path,
        batch_size: int = 500,
        flush_interval_s: float = 0.5,
        retry_interval_s: float = 1.0,
        segment_bytes: int = 64 << 20,
        wall_clock: Callable[[], float] = time.time,
        content: ContentPolicy | None = None,
    ) -> None:
        super().__init__(
            backend,
            batch_size=batch_size,
            flush_interval_s=flush_interval_s,
            retry_interval_s=retry_interval_s,
            content=content,
        )
        self.dir = Path(journal_dir)
        self.segment_bytes = segment_bytes
        self.run = os.urandom(8).hex()
        self.bad_lines = 0
        self._wall = wall_clock
        self._owner = SpillLock(self.dir / "journal")
        self._lock = threading.Lock()  # the write segment and the counters shared with it
        self._seq = 0
        self._fd: int | None = None
        self._write_seg = -1
        self._seg_bytes = 0
        self._journaled = 0  # lines written this run
        self._done = 0  # lines of this run's segments committed (or unreadable)
        self._first_own_seg = -1
        self._read_seg = 0
        self._read_off = 0
        self._reader: IO[bytes] | None = None

    # -- the request path --------------------------------------------------------------------

    def record(self, rec: RequestRecord) -> None:
        """Encode ``rec`` and append it to the journal before returning. Never raises."""
        with self._lock:
            self._seq += 1
            seq = self._seq
            self.counters.queued = seq
        try:
            line = entry_from_record(
                rec, finished_at=self._wall(), run=self.run, seq=seq, content=self.content_policy
            ).to_line()
        except Exception:
            log.exception("request log: cannot encode request %s; dropped", rec.request_id)
            self._count_dropped(1)
            return
        with self._lock:
            try:
                fd = self._fd if self._fd is not None else self._open_segment()
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view) :]
            except OSError:
                # A part of the line may be in the file: start a new segment so the next line
                # is not glued to it (the torn tail is skipped on reading).
                self._close_segment()
                log.exception("request log: journal unwritable; request %s dropped", rec.request_id)
                self.counters.dropped += 1
                return
            self._journaled += 1
            self._seg_bytes += len(line)
            if self._seg_bytes >= self.segment_bytes:
                self._close_segment()
            pending = self._journaled - self._done
        if pending % self.batch_size == 0:
            self._wake.set()

    def _open_segment(self) -> int:
        """A new segment after every existing one (never append to a file a crash may have
        torn). Called with the lock held."""
        self.dir.mkdir(parents=True, exist_ok=True)
        self._write_seg = max([self._write_seg, *self._segments()]) + 1
        if self._first_own_seg < 0:
            self._first_own_seg = self._write_seg
        path = self._segment_path(self._write_seg)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._seg_bytes = 0
        return self._fd

    def _close_segment(self) -> None:
        """Called with the lock held; the next record opens a new segment."""
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                log.exception("request log: closing a journal segment failed")

    def _segments(self) -> list[int]:
        found = (_segment_index(p) for p in self.dir.glob("*.jsonl"))
        return sorted(i for i in found if i is not None)

    def _segment_path(self, index: int) -> Path:
        return self.dir / f"{index:010d}.jsonl"

    def _count_dropped(self, n: int) -> None:
        with self._lock:
            self.counters.dropped += n

    # -- state -------------------------------------------------------------------------------

    @property
    def queue_depth(self) -> int:
        """Entries of this run journaled but not yet in the database."""
        return max(0, self._journaled - self._done)

    def stats(self) -> dict[str, Any]:
        return {
            **self.counters.as_dict(),
            "queue_depth": self.queue_depth,
            "backend_down": self.backend_down,
            "bad_journal_lines": self.bad_lines,
            "lost_before_restart": 0,
        }

    # -- the writer thread -------------------------------------------------------------------

    def _prepare(self) -> None:
        self._owner.acquire()
        self.dir.mkdir(parents=True, exist_ok=True)
        segments = self._segments()
        seg, off = self._load_position(segments[0] if segments else 0)
        for index in segments:
            if index < seg:  # committed; its deletion was interrupted
                self._segment_path(index).unlink(missing_ok=True)
        self._read_seg, self._read_off = seg, off
        with self._lock:
            base = max([seg, *segments])
            self._write_seg = max(self._write_seg, base)
            if self._first_own_seg < 0:
                self._first_own_seg = base + 1

    def _load_position(self, default_seg: int) -> tuple[int, int]:
        try:
            seg, off = (self.dir / "position").read_text().split()
            return int(seg), int(off)
        except (OSError, ValueError):
            return default_seg, 0

    def _save_position(self) -> None:
        tmp = self.dir / "position.tmp"
        tmp.write_text(f"{self._read_seg} {self._read_off}\n")
        os.replace(tmp, self.dir / "position")

    def _cycle(self) -> None:
        while not self.backend_down:
            closed = self._read_seg_closed()  # decided before reading: see _next_segment
            batch, end, bad = self._read_batch(closed)
            if batch or end != self._read_off:
                if self._write(batch):
                    return  # unavailable: read again from the same offset next time
                self._committed(len(batch) + bad, end)
                continue
            if not closed:
                return
            self._next_segment()

    def _read_seg_closed(self) -> bool:
        """No more lines will be appended to the segment being read: an earlier run's, or one
        this run rotated away from."""
        with self._lock:
            return self._read_seg < self._first_own_seg or self._read_seg < self._write_seg

    def _read_batch(self, closed: bool) -> tuple[list[LogEntry], int, int]:
        if self._reader is None:
            try:
                self._reader = self._segment_path(self._read_seg).open("rb")
            except FileNotFoundError:
                return [], self._read_off, 0
        f = self._reader
        f.seek(self._read_off)
        batch: list[LogEntry] = []
        end, bad = self._read_off, 0
        while len(batch) < self.batch_size:
            line = f.readline()
            if not line:
                break
            if not line.endswith(b"\n") and not closed:
                break  # a write in progress: read it whole next time
            end += len(line)
            try:
                batch.append(LogEntry.from_line(line))
            except BadLine:
                if line.strip():
                    bad += 1
                    log.warning("request log: unreadable journal line skipped")
        self.bad_lines += bad
        return batch, end, bad

    def _committed(self, n: int, end: int) -> None:
        if self._read_seg < self._first_own_seg:
            self.counters.replayed += n
        else:
            with self._lock:
                self._done += n
        self._read_off = end
        self._save_position()

    def _next_segment(self) -> None:
        """The read segment is closed and read to its end: delete it, go to the next one.

        Segment numbers are contiguous (each new one is the highest so far plus one), so the
        next is always ``+ 1``; one deleted by hand reads as empty."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._segment_path(self._read_seg).unlink(missing_ok=True)
        self._read_seg += 1
        self._read_off = 0
        self._save_position()

    def _finish(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        with self._lock:
            self._close_segment()
        self._owner.release()

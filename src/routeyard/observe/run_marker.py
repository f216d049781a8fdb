"""A memory-mapped counter per log writer run, so a crash's loss is counted exactly on restart.

Each run of the (non-durable) request log writes a 64-byte file ``<base>.run-<run id>``. The
request path bumps ``accepted`` in it with a plain memory store, no system call: the page belongs
to the kernel's page cache, so the count survives ``kill -9`` (not a power cut). A clean close
marks the file clean and deletes it. A file found at start that is not clean belonged to a run
that died: the records it accepted minus those found in the database (its ``log_run`` rows,
after replaying spill files) is exactly what that crash lost.

Layout (little-endian u64 slots): magic, run id (2 slots, 16 ASCII chars), accepted, dropped,
clean, started (float64 Unix time), reserved.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path

_MAGIC = int.from_bytes(b"RYRUN001", "little")
_SIZE = 64
_ACCEPTED, _DROPPED, _CLEAN, _STARTED = 3, 4, 5, 6


@dataclass(slots=True, frozen=True)
class PastRun:
    """What a marker left by an earlier run says."""

    path: Path
    run: str
    accepted: int
    dropped: int
    clean: bool
    started: float


class RunMarker:
    """The live marker of this run; ``accepted`` is written on every record."""

    def __init__(self, base: Path, run: str, started: float) -> None:
        if len(run) != 16 or not run.isascii():
            raise ValueError("run id must be 16 ASCII characters")
        self.path = base.with_name(f"{base.name}.run-{run}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.ftruncate(fd, _SIZE)
            self._mm = mmap.mmap(fd, _SIZE)
        finally:
            os.close(fd)
        self._slots = memoryview(self._mm).cast("Q")
        self._mm[8:24] = run.encode()
        self._slots[_STARTED] = struct.unpack("<Q", struct.pack("<d", started))[0]
        self._slots[0] = _MAGIC

    def set_accepted(self, n: int) -> None:
        self._slots[_ACCEPTED] = n

    def set_dropped(self, n: int) -> None:
        self._slots[_DROPPED] = n

    def close(self, *, clean: bool) -> None:
        """Clean: every accepted record is in the database or a spill file (or counted dropped)."""
        if clean:
            self._slots[_CLEAN] = 1
        self._mm.flush()
        self._slots.release()
        self._mm.close()
        if clean:
            self.path.unlink(missing_ok=True)


def past_runs(base: Path) -> list[PastRun]:
    """Markers left next to ``base`` by earlier runs (unreadable files are skipped)."""
    runs = []
    for path in sorted(base.parent.glob(f"{base.name}.run-*")):
        data = path.read_bytes()
        if len(data) != _SIZE:
            continue
        slots = struct.unpack("<8Q", data)
        if slots[0] != _MAGIC:
            continue
        runs.append(
            PastRun(
                path=path,
                run=data[8:24].decode("ascii", "replace"),
                accepted=slots[_ACCEPTED],
                dropped=slots[_DROPPED],
                clean=slots[_CLEAN] == 1,
                started=struct.unpack("<d", data[_STARTED * 8 : _STARTED * 8 + 8])[0],
            )
        )
    return runs

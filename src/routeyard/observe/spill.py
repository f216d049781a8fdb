"""An append-only JSON-lines file of log entries that could not reach the database yet.

Appends come from the log writer (a batch the database refused) and from the request path (the
memory queue was full), so they are serialised by a lock. Replay never races an append: the
writer first *seals* the file (renames it to ``<path>.<n>.replay``; later appends start a fresh
file), replays the sealed file, and deletes it once every entry is in the database. A sealed file
left by a crash is replayed at the next start. Replaying twice is harmless: inserts are
idempotent on request id.

A line torn by a crash mid-write is skipped on replay and counted in ``bad_lines``; appends after
a torn tail start on a new line so they are never glued to it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from routeyard.observe.entry import BadLine, LogEntry


class SpillFile:
    def __init__(self, path: str | Path, *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self.bad_lines = 0
        self._lock = threading.Lock()
        self._fd: int | None = None

    def append(self, lines: Iterable[bytes]) -> None:
        """Append complete lines (each ending in a newline); raises ``OSError`` on failure."""
        data = b"".join(lines)
        with self._lock:
            fd = self._open()
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if self.fsync:
                os.fsync(fd)

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            size = os.fstat(fd).st_size
            if size:
                with self.path.open("rb") as f:
                    f.seek(size - 1)
                    if f.read(1) != b"\n":  # a torn tail: do not glue the next line to it
                        os.write(fd, b"\n")
            self._fd = fd
        return self._fd

    def seal(self) -> Path | None:
        """Move the current file aside for replay; None when there is nothing to replay."""
        with self._lock:
            self._close()
            if not self.path.exists() or self.path.stat().st_size == 0:
                return None
            n = 0
            while (target := self.path.with_name(f"{self.path.name}.{n}.replay")).exists():
                n += 1
            self.path.rename(target)
            return target

    def sealed(self) -> list[Path]:
        """Sealed files waiting for replay, oldest first (left by a crash, or by ``seal``)."""
        found = self.path.parent.glob(f"{self.path.name}.*.replay")
        return sorted(found, key=lambda p: int(p.name.rsplit(".", 2)[-2]))

    def read(self, sealed: Path, offset: int = 0) -> Iterator[tuple[int, LogEntry]]:
        """Entries of a sealed file from byte ``offset``, each with the offset after its line."""
        with sealed.open("rb") as f:
            f.seek(offset)
            for line in f:
                offset += len(line)
                if not line.strip():
                    continue
                try:
                    entry = LogEntry.from_line(line)
                except BadLine:
                    self.bad_lines += 1
                    continue
                yield offset, entry

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

"""One writer per spill path: an exclusive ``flock`` on ``<spill>.lock``, held while running.

Two processes sharing a spill file would replay each other's entries and count each other's
crash markers as their own; the lock turns that mistake into an error at start.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, run one writer per path
    fcntl = None  # type: ignore[assignment]


class SpillPathInUse(RuntimeError):
    """Another live process writes this spill path: give each gateway process its own."""


class SpillLock:
    def __init__(self, spill_path: Path) -> None:
        self.path = spill_path.with_name(f"{spill_path.name}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise SpillPathInUse(f"{self.path} is held by another process") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing drops the flock

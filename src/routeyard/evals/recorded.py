"""Scores recorded in routing-eval files, looked up by prompt text (the ``recorded`` scorer in
shadow evaluation: on simulated models, "how good was this answer" comes from the data).

    book = RecordedScores(["test.jsonl"])
    book.lookup("Q: What is 2+2?", "llama-3.1-8b-instruct")   # 1.0, or None if not recorded
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from routeyard.evals.dataset import read_rows


class RecordedScores:
    """Reads its files on the first lookup (call ``load`` from a worker thread to keep that
    off the event loop); thread-safe."""

    def __init__(self, files: Sequence[str]) -> None:
        self.files = list(files)
        self._lock = threading.Lock()
        self._index: dict[str, dict[str, float]] | None = None

    def load(self) -> None:
        with self._lock:
            if self._index is not None:
                return
            index: dict[str, dict[str, float]] = {}
            for path in self.files:
                for row in read_rows(Path(path)):
                    scores = index.setdefault(row.prompt.strip(), {})
                    scores.update({m: r.score for m, r in row.results.items()})
            self._index = index

    def lookup(self, prompt: str, data_model: str) -> float | None:
        if self._index is None:
            self.load()
        assert self._index is not None
        return self._index.get(prompt.strip(), {}).get(data_model)

"""Answers recorded in routing-eval JSONL files, looked up by prompt text.

The files are read on the first lookup, not before; only the entries of the models the
simulator plays are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True, slots=True)
class DataAnswer:
    score: float | None
    output: str | None


class AnswerBook:
    """Maps (prompt text, data model) to the recorded score and output.

    >>> book = AnswerBook([], data_models=set())
    >>> book.lookup("hello", "llama-3.1-8b-instruct") is None
    True
    """

    def __init__(self, files: Iterable[str], data_models: set[str]) -> None:
        self._files = list(files)
        self._data_models = data_models
        self._index: dict[str, dict[str, DataAnswer]] | None = None

    def lookup(self, prompt: str, data_model: str) -> DataAnswer | None:
        if not self._files or data_model not in self._data_models:
            return None
        if self._index is None:
            self._index = self._load()
        entries = self._index.get(prompt)
        return None if entries is None else entries.get(data_model)

    def _load(self) -> dict[str, dict[str, DataAnswer]]:
        index: dict[str, dict[str, DataAnswer]] = {}
        for path in self._files:
            with open(path, "rb") as lines:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        record = orjson.loads(line)
                    except orjson.JSONDecodeError as err:
                        raise ValueError(f"{path}:{number}: not JSON: {err}") from None
                    self._add(index, record)
        return index

    def _add(self, index: dict[str, dict[str, DataAnswer]], record: Any) -> None:
        if not isinstance(record, dict):
            return
        prompt, results = record.get("prompt"), record.get("results")
        if not isinstance(prompt, str) or not isinstance(results, dict):
            return
        wanted = {
            name: _answer(entry)
            for name, entry in results.items()
            if name in self._data_models and isinstance(entry, dict)
        }
        if wanted:
            index.setdefault(prompt.strip(), {}).update(wanted)


def _answer(entry: dict[str, Any]) -> DataAnswer:
    score, output = entry.get("score"), entry.get("output")
    return DataAnswer(
        score=float(score) if isinstance(score, int | float) else None,
        output=output.strip() if isinstance(output, str) and output.strip() else None,
    )

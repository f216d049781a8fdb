"""Prompts to evaluate, read from routing-eval JSONL files.

Each line goes through the shared row reader (``dataset.parse_row``); the eval-only fields it
does not keep are read here: ``reference`` (or ``answer``) for the reference scorers,
``schema`` for the json scorer, and ``messages`` to send a whole conversation. A bad line
raises ``DatasetError`` naming the file and the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from routeyard.evals.dataset import parse_row, read_jsonl
from routeyard.evals.runner import EvalItem
from routeyard.evals.store import StoredPrompt


def _reference(raw: dict[str, Any]) -> str | None:
    for key in ("reference", "answer"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    return None


def _messages(raw: dict[str, Any]) -> list[dict[str, Any]] | None:
    messages = raw.get("messages")
    if isinstance(messages, list) and all(isinstance(m, dict) for m in messages):
        return messages
    return None


def item_of(raw: Any, fallback_id: str) -> EvalItem:
    row = parse_row(raw, fallback_id)  # raises ValueError saying what is wrong
    assert isinstance(raw, dict)
    prompt = StoredPrompt(
        id=row.id,
        prompt=row.prompt,
        messages=_messages(raw),
        category=row.category,
        source=row.source,
        reference=_reference(raw),
    )
    recorded = {name: r.score for name, r in row.results.items()}
    return EvalItem(prompt, recorded, raw.get("schema"))


def read_items(path: Path) -> Iterator[EvalItem]:
    return read_jsonl(path, item_of)

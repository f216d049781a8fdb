"""Reading the routing-eval JSONL format (``shared/data/README.md``): one prompt a line, with
the score each model got on it.

    >>> rows = list(read_rows(Path("test.jsonl")))                 # doctest: +SKIP
    >>> rows[0].results["llama-3.1-8b-instruct"].score             # doctest: +SKIP
    1.0

A bad line raises ``DatasetError`` naming the file and the line number.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


class DatasetError(ValueError):
    """A routing-eval file cannot be read; the message names the file and line to fix."""


@dataclass(frozen=True, slots=True)
class ModelResult:
    score: float
    cost_usd: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(frozen=True, slots=True)
class EvalRow:
    """One prompt and what each model scored on it (``results`` may be empty for unlabelled
    prompts, e.g. data for the category classifier only)."""

    id: str
    prompt: str
    category: str | None = None
    source: str | None = None
    results: Mapping[str, ModelResult] = field(default_factory=dict)


def _result(name: str, raw: Any) -> ModelResult:
    if not isinstance(raw, dict):
        raise ValueError(f"results[{name!r}] must be an object")
    score = raw.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise ValueError(f"results[{name!r}].score must be a number")
    if not 0.0 <= float(score) <= 1.0:
        raise ValueError(f"results[{name!r}].score {score} is outside [0, 1]")
    cost = raw.get("cost_usd")
    if cost is not None and (isinstance(cost, bool) or not isinstance(cost, int | float)):
        raise ValueError(f"results[{name!r}].cost_usd must be a number")
    tin, tout = raw.get("input_tokens"), raw.get("output_tokens")
    return ModelResult(
        score=float(score),
        cost_usd=None if cost is None else float(cost),
        input_tokens=tin if isinstance(tin, int) else None,
        output_tokens=tout if isinstance(tout, int) else None,
    )


def _prompt_of(raw: dict[str, Any]) -> str:
    prompt = raw.get("prompt")
    if isinstance(prompt, str):
        return prompt
    messages = raw.get("messages")
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict) and message.get("role") == "user":
                content = message.get("content")
                if isinstance(content, str):
                    return content
    raise ValueError("needs a string 'prompt' (or 'messages' with a user turn)")


def parse_row(raw: Any, fallback_id: str) -> EvalRow:
    """One decoded JSON object → ``EvalRow``; raises ``ValueError`` saying what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("each line must be a JSON object")
    prompt = _prompt_of(raw)
    results_raw = raw.get("results", {})
    if results_raw is None:
        results_raw = {}
    if not isinstance(results_raw, dict):
        raise ValueError("'results' must be an object of model name → {score: ...}")
    results = {str(name): _result(str(name), value) for name, value in results_raw.items()}
    category = raw.get("category")
    source = raw.get("source")
    row_id = raw.get("id", fallback_id)
    return EvalRow(
        id=str(row_id),
        prompt=prompt,
        category=category if isinstance(category, str) and category else None,
        source=source if isinstance(source, str) else None,
        results=results,
    )


def read_jsonl(path: Path, parse: Callable[[Any, str], T]) -> Iterator[T]:
    """``parse(object, default_id)`` over each line of a routing-eval JSONL file, in order;
    blank lines are skipped, a UTF-8 byte order mark before the first line is ignored (editors
    on Windows write one), and a bad line raises ``DatasetError`` naming ``path:line``."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot open ({exc.strerror or exc})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            if not line.strip():
                continue
            try:
                yield parse(orjson.loads(line), f"{path.stem}-{number}")
            except orjson.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{number}: not valid JSON ({exc})") from exc
            except ValueError as exc:
                raise DatasetError(f"{path}:{number}: {exc}") from exc


def read_rows(path: Path) -> Iterator[EvalRow]:
    """Rows of one routing-eval JSONL file, in order; blank lines are skipped."""
    return read_jsonl(path, parse_row)


def read_all(paths: Iterable[Path]) -> list[EvalRow]:
    return [row for path in paths for row in read_rows(path)]

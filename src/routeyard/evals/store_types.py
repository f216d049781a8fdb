"""What the eval store keeps: prompts, per-model results, and client feedback."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


def prompt_hash(prompt: str) -> str:
    return hashlib.sha256(prompt.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredPrompt:
    """A prompt as evaluated: its text (the last user turn), the whole conversation when there
    was one, and what the data or the log says about it."""

    id: str
    prompt: str
    messages: list[dict[str, Any]] | None = None
    category: str | None = None
    source: str | None = None
    reference: str | None = None

    @property
    def hash(self) -> str:
        return prompt_hash(self.prompt)


@dataclass(frozen=True, slots=True)
class EvalResult:
    run_id: str
    prompt: StoredPrompt
    model: str
    score: float | None
    scorer: str
    cost_usd: float
    source: str = "eval"  # "eval" | "shadow"
    output: str | None = None
    judge_model: str | None = None
    judge_detail: str | None = None
    judge_cost_usd: float = 0.0
    input_tokens: int | None = None
    output_tokens: int | None = None
    latency_ms: float | None = None
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    request_id: str
    score: float
    comment: str | None = None
    client_key_id: str | None = None

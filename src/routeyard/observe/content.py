"""Opt-in storage of prompts and answers: redaction rules and the ``request_content`` row.

Only when ``observe.request_log.store_content`` is on does the gateway hand a request's messages
and answer to the log (as references to the objects it already has, never serialised on the
request path). The log writer then runs the redaction rules over every string in them, encodes
each as JSON and cuts it to ``content_max_bytes``.

>>> policy = ContentPolicy.builtin(max_bytes=1024)
>>> policy.redact_text("mail bob@example.com, key sk-abcdefghijklmnopqrstuvwx")
'mail [EMAIL], key [API_KEY]'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from routeyard.config.observe import RequestLogConfig

Row = tuple[Any, ...]

# (pattern, replacement), applied in this order: the token rules before the generic ones, so a
# key is not half-eaten by the card-number rule first.
BUILTIN_RULES: tuple[tuple[str, str], ...] = (
    (r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}", r"\1 [REDACTED]"),
    (r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}", "[API_KEY]"),  # OpenAI, Anthropic, Stripe style
    (r"\bAKIA[0-9A-Z]{16}\b", "[API_KEY]"),  # AWS access key id
    (r"\bgh[pousr]_[A-Za-z0-9]{30,}\b", "[API_KEY]"),  # GitHub tokens
    (r"\bAIza[0-9A-Za-z_-]{35}\b", "[API_KEY]"),  # Google API keys
    (r"\bxox[abpr]-[A-Za-z0-9-]{10,}", "[API_KEY]"),  # Slack tokens
    (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", "[EMAIL]"),
    (r"\b\d(?:[ -]?\d){12,18}\b", "[CARD_NUMBER]"),  # 13-19 digits, spaces or dashes between
)


@dataclass(slots=True, frozen=True)
class ContentPolicy:
    """How stored content is redacted and capped; owned by one request log."""

    rules: tuple[tuple[re.Pattern[str], str], ...]
    max_bytes: int

    @classmethod
    def compile(cls, rules: Iterable[tuple[str, str]], *, max_bytes: int) -> ContentPolicy:
        return cls(tuple((re.compile(p), r) for p, r in rules), max_bytes)

    @classmethod
    def builtin(cls, *, max_bytes: int = 32_768) -> ContentPolicy:
        return cls.compile(BUILTIN_RULES, max_bytes=max_bytes)

    @classmethod
    def from_config(cls, cfg: RequestLogConfig) -> ContentPolicy | None:
        """None unless the log stores content."""
        if not cfg.store_content or cfg.backend == "off":
            return None
        rules = list(BUILTIN_RULES) if cfg.builtin_redaction else []
        rules += [(r.pattern, r.replacement) for r in cfg.redaction_rules]
        return cls.compile(rules, max_bytes=cfg.content_max_bytes)

    def redact_text(self, text: str) -> str:
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return text

    def redact(self, value: Any) -> Any:
        """A copy of a JSON-like value with every string (not the keys) redacted."""
        if isinstance(value, str):
            return self.redact_text(value)
        if isinstance(value, dict):
            return {k: self.redact(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact(v) for v in value]
        return value

    def encode(self, value: Any) -> tuple[str | None, bool]:
        """Redacted JSON text, cut to ``max_bytes`` (then no longer valid JSON: flagged)."""
        if value is None:
            return None, False
        data = orjson.dumps(self.redact(value), option=orjson.OPT_NON_STR_KEYS)
        if len(data) <= self.max_bytes:
            return data.decode(), False
        return data[: self.max_bytes].decode("utf-8", "ignore"), True

    def row(self, request_id: str, prompt: Any, answer: Any) -> Row:
        """The ``request_content`` row (see ``schema.CONTENT_COLUMNS``)."""
        prompt_text, cut_prompt = self.encode(prompt)
        answer_text, cut_answer = self.encode(answer)
        return (request_id, prompt_text, answer_text, 1 if cut_prompt or cut_answer else 0)

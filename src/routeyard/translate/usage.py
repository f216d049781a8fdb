"""Token usage in one shape, read from and written to either API's usage object.

The two APIs count input differently. OpenAI's ``prompt_tokens`` is every input token, with
``prompt_tokens_details.cached_tokens`` the part read from cache. Anthropic's ``input_tokens`` is
only the uncached part: cache reads (``cache_read_input_tokens``) and cache writes
(``cache_creation_input_tokens``) are counted beside it. ``TokenUsage`` keeps OpenAI's meaning.

    >>> u = TokenUsage.from_anthropic({"input_tokens": 10, "cache_read_input_tokens": 90,
    ...                                "output_tokens": 5})
    >>> (u.prompt_tokens, u.cached_tokens, u.completion_tokens)
    (100, 90, 5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["TokenUsage"]


def _int(value: object) -> int:
    # bool is an int subclass but never a token count.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


@dataclass(frozen=True, slots=True)
class TokenUsage:
    """Tokens of one request. ``prompt_tokens`` includes cache reads and cache writes."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cache_write_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @classmethod
    def from_anthropic(cls, usage: Mapping[str, Any]) -> TokenUsage:
        cache_read = _int(usage.get("cache_read_input_tokens"))
        cache_write = _int(usage.get("cache_creation_input_tokens"))
        return cls(
            prompt_tokens=_int(usage.get("input_tokens")) + cache_read + cache_write,
            completion_tokens=_int(usage.get("output_tokens")),
            cached_tokens=cache_read,
            cache_write_tokens=cache_write,
        )

    @classmethod
    def from_openai(cls, usage: Mapping[str, Any]) -> TokenUsage:
        details = usage.get("prompt_tokens_details")
        cached = cache_write = 0
        if isinstance(details, Mapping):
            cached = _int(details.get("cached_tokens"))
            # Not sent by OpenAI itself; some OpenAI-compatible servers report it.
            cache_write = _int(details.get("cache_write_tokens"))
        return cls(
            prompt_tokens=_int(usage.get("prompt_tokens")),
            completion_tokens=_int(usage.get("completion_tokens")),
            cached_tokens=cached,
            cache_write_tokens=cache_write,
        )

    def to_openai(self) -> dict[str, Any]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "prompt_tokens_details": {"cached_tokens": self.cached_tokens},
        }

    def to_anthropic(self) -> dict[str, Any]:
        uncached = max(0, self.prompt_tokens - self.cached_tokens - self.cache_write_tokens)
        return {
            "input_tokens": uncached,
            "output_tokens": self.completion_tokens,
            "cache_creation_input_tokens": self.cache_write_tokens,
            "cache_read_input_tokens": self.cached_tokens,
        }

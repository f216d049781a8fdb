"""One generation request, whichever wire format it came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

IMAGE_TOKENS = 85
"""Prompt tokens charged per image part (a low-detail image in OpenAI's accounting)."""


class BadRequest(Exception):
    """The request body is not valid for its API; answered 400 in that API's shape."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


@dataclass(frozen=True, slots=True)
class ToolDef:
    name: str
    schema: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ToolChoice:
    """``auto``/``none``/``required`` as OpenAI names them (Anthropic's ``any`` is ``required``)."""

    mode: Literal["auto", "none", "required", "forced"] = "auto"
    name: str | None = None


@dataclass(frozen=True, slots=True)
class JsonMode:
    """Answer with JSON: any object when ``schema`` is None, else one satisfying ``schema``."""

    schema: dict[str, Any] | None = None


@dataclass(slots=True)
class Conversation:
    """The text of a conversation, gathered message by message by a wire parser."""

    parts: list[str] = field(default_factory=list)
    first_user: str | None = None
    last_user: str = ""
    tool_result: str | None = None
    """Set when the conversation ends with a tool result."""
    messages: int = 0
    images: int = 0

    def add(self, role: str, texts: list[str], *, tool_result: str | None = None) -> None:
        text = "\n".join(texts)
        self.messages += 1
        self.parts.append(text)
        if tool_result is not None:
            self.parts.append(tool_result)
        self.tool_result = tool_result
        if role == "user" and texts:
            self.last_user = text.strip()
            if self.first_user is None:
                self.first_user = self.last_user


@dataclass(slots=True)
class SimRequest:
    model: str
    conversation: Conversation
    stream: bool = False
    include_usage: bool = False
    max_tokens: int | None = None
    tools: tuple[ToolDef, ...] = ()
    tool_choice: ToolChoice = ToolChoice()
    json_mode: JsonMode | None = None
    extra_prompt_chars: int = 0
    """Characters of the prompt outside messages, such as tool definitions."""
    thinking: bool = False
    """Anthropic extended thinking asked for: the answer opens with a thinking block."""
    cache_read: int = 0
    cache_write: int = 0
    """Anthropic prompt caching: prompt tokens read from / written to the simulated cache."""

    @property
    def text(self) -> str:
        return "\n".join(self.conversation.parts)

    def prompt_tokens(self) -> int:
        """About four characters a token, plus a little per message and per image."""
        convo = self.conversation
        chars = sum(len(p) for p in convo.parts) + self.extra_prompt_chars
        return -(-chars // 4) + 3 * convo.messages + 3 + IMAGE_TOKENS * convo.images


def positive_int(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BadRequest(f"{key} must be a positive integer", key)
    return value


def text_of(value: Any) -> str:
    """Text inside a string, a text block, or a list of blocks (other blocks are skipped)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else ""
    if isinstance(value, list):
        return "\n".join(t for t in (text_of(v) for v in value) if t)
    return ""

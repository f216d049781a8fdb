"""Anthropic ``stop_reason`` ↔ OpenAI ``finish_reason``.

>>> finish_reason_from_stop_reason("max_tokens")
'length'
>>> stop_reason_from_finish_reason("tool_calls", has_tool_calls=True)
'tool_use'
"""

from __future__ import annotations

__all__ = ["finish_reason_from_stop_reason", "stop_reason_from_finish_reason"]

_FINISH_BY_STOP: dict[str, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    # The server paused a long-running turn; the client continues by sending it back.
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}

_STOP_BY_FINISH: dict[str, str] = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}


def finish_reason_from_stop_reason(stop_reason: str | None) -> str:
    """Unknown or missing reasons become ``"stop"``: the turn did end."""
    if stop_reason is None:
        return "stop"
    return _FINISH_BY_STOP.get(stop_reason, "stop")


def stop_reason_from_finish_reason(finish_reason: str | None, *, has_tool_calls: bool) -> str:
    """Some OpenAI-compatible servers (vLLM, Ollama) answer ``"stop"`` after emitting tool
    calls; Anthropic clients only run tools on ``tool_use``, so tool calls win over ``stop``."""
    reason = _STOP_BY_FINISH.get(finish_reason or "stop", "end_turn")
    if has_tool_calls and reason == "end_turn":
        return "tool_use"
    return reason

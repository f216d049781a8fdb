"""Feature extraction from a canonical (OpenAI-shaped) chat request.

Everything here is on the hot path: a handful of precompiled regex scans over the text of the
last user turn, and a character count over all turns. No tokenizer: the estimate (chars / 4) is
what context-window checks and cost estimates need.
"""

from __future__ import annotations

import re
from typing import Any

from routeyard.classify.types import Features

_CODE = re.compile(
    r"```|\bdef \w+\(|\bfunction \w*\(|\bclass \w+[:({]|#include\s*<|\bimport \w+|"
    r"\bpublic static\b|=>\s*\{|\bconsole\.log\(|\bSELECT\b.+\bFROM\b|"
    r"\b(python|javascript|typescript|rust|golang|java|c\+\+|sql|bash|regex|kotlin|haskell|zig)\b"
    r".{0,40}\b(code|function|program|script|snippet|implement|class|query)\b|"
    r"\b(write|implement|refactor|debug|fix)\b.{0,40}\b(function|program|script|class|code|"
    r"method|algorithm|unit tests?)\b",
    re.IGNORECASE | re.DOTALL,
)
_MATH = re.compile(
    r"\d+\s*[-+*/^×÷=]\s*\d+|\\frac|\\sqrt|\$[^$]+\$|\b(solve|equation|integral|derivative|"
    r"probability|calculate|compute|how many|how much|sum of|product of|percent|remainder|"
    r"polynomial|theorem|matrix|modulo)\b",
    re.IGNORECASE,
)
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\u2010-\u201f\u00a0-\u00bf]")


def message_text(content: Any) -> str:
    """The text of one message's content (string or list of parts); images contribute nothing."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [
            p["text"]
            for p in content
            if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
        ]
        return "\n".join(parts)
    return ""


def _has_image(content: Any) -> bool:
    return isinstance(content, list) and any(
        isinstance(p, dict) and p.get("type") == "image_url" for p in content
    )


def estimate_tokens(body: dict[str, Any]) -> int:
    chars = 0
    for m in body.get("messages", ()):
        chars += len(message_text(m.get("content"))) + 16
        for call in m.get("tool_calls") or ():
            fn = call.get("function") or {}
            chars += len(str(fn.get("arguments", ""))) + len(str(fn.get("name", "")))
    tools = body.get("tools")
    if tools:
        chars += sum(len(str(t)) for t in tools)
    return chars // 4 + 1


def last_user_text(body: dict[str, Any]) -> str:
    for m in reversed(body.get("messages", ())):
        if m.get("role") == "user":
            return message_text(m.get("content"))
    return ""


def extract_features(body: dict[str, Any], route_hint: str | None = None) -> Features:
    messages = body.get("messages", ())
    text = last_user_text(body)
    sample = text[:2000]
    non_ascii = len(_NON_ASCII_LETTER.findall(sample))
    rf = body.get("response_format")
    return Features(
        estimated_tokens=estimate_tokens(body),
        turns=sum(1 for m in messages if m.get("role") == "user"),
        has_code=_CODE.search(text) is not None,
        has_math=_MATH.search(text) is not None,
        has_tools=bool(body.get("tools")) and body.get("tool_choice") != "none",
        json_mode=isinstance(rf, dict) and rf.get("type") in ("json_object", "json_schema"),
        has_images=any(_has_image(m.get("content")) for m in messages),
        non_english=bool(sample) and non_ascii > 0.3 * len(sample),
        route_hint=route_hint,
    )

"""OpenAI's legacy Completions API (``POST /v1/completions``) in and out of the chat form.

The prompt becomes one user message; the chat answer's text becomes the completion's ``text``.
Sampling fields carry over as they are. ``max_tokens`` defaults to 16, as the legacy API's does.
What has no chat counterpart is refused (``TranslationError``, naming the field): ``suffix``
(fill-in-the-middle), ``echo``, ``logprobs``, ``best_of`` > 1, ``n`` > 1, and a prompt given as
tokens or as more than one string.

    >>> completions_request_to_openai({"model": "auto", "prompt": "Say hi"})["messages"]
    [{'role': 'user', 'content': 'Say hi'}]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import TranslationError

__all__ = [
    "COMPLETIONS_PARAMS",
    "completion_chunk_from_openai",
    "completions_request_to_openai",
    "openai_response_to_completion",
]

COMPLETIONS_PARAMS = frozenset(
    {
        "model", "prompt", "max_tokens", "temperature", "top_p", "n", "stream", "stream_options",
        "stop", "presence_penalty", "frequency_penalty", "logit_bias", "user", "seed", "suffix",
        "echo", "logprobs", "best_of", "metadata",
    }
)  # fmt: skip
_CARRIED = (
    "model", "temperature", "top_p", "n", "stream", "stream_options", "stop", "presence_penalty",
    "frequency_penalty", "logit_bias", "user", "seed", "metadata",
)  # fmt: skip
DEFAULT_MAX_TOKENS = 16


def _prompt(value: Any) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str) and value:
        return value
    raise TranslationError(
        "prompt must be a non-empty string (or an array of one); prompts given as tokens or "
        "as several strings are not supported",
        "prompt",
    )


def completions_request_to_openai(body: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(body) - COMPLETIONS_PARAMS)
    if unknown:
        raise TranslationError(f"unrecognized request argument: {unknown[0]}", unknown[0])
    if body.get("suffix") not in (None, ""):
        raise TranslationError("suffix (fill-in-the-middle) is not supported", "suffix")
    if body.get("echo") not in (None, False):
        raise TranslationError("echo is not supported", "echo")
    if body.get("logprobs") is not None:
        raise TranslationError("logprobs is not supported", "logprobs")
    if body.get("best_of") not in (None, 1):
        raise TranslationError("only best_of=1 is supported", "best_of")
    out: dict[str, Any] = {k: body[k] for k in _CARRIED if k in body}
    out["messages"] = [{"role": "user", "content": _prompt(body.get("prompt"))}]
    out["max_tokens"] = body.get("max_tokens", DEFAULT_MAX_TOKENS)
    return out


def _choice_text(choice: Mapping[str, Any]) -> str:
    message = choice.get("message")
    content = message.get("content") if isinstance(message, Mapping) else None
    return content if isinstance(content, str) else ""


def openai_response_to_completion(response: Mapping[str, Any]) -> dict[str, Any]:
    """A ``chat.completion`` as a ``text_completion``."""
    choices = response.get("choices")
    out: dict[str, Any] = {
        "id": _completion_id(response.get("id")),
        "object": "text_completion",
        "created": response.get("created"),
        "model": response.get("model"),
        "choices": [
            {
                "text": _choice_text(c),
                "index": c.get("index", i),
                "logprobs": None,
                "finish_reason": c.get("finish_reason"),
            }
            for i, c in enumerate(choices if isinstance(choices, list) else [])
            if isinstance(c, Mapping)
        ],
    }
    if response.get("usage") is not None:
        out["usage"] = response["usage"]
    return out


def completion_chunk_from_openai(chunk: Mapping[str, Any]) -> dict[str, Any]:
    """A ``chat.completion.chunk`` as a streamed ``text_completion``."""
    choices = []
    for i, c in enumerate(chunk.get("choices") or ()):
        delta = c.get("delta") if isinstance(c, Mapping) else None
        content = delta.get("content") if isinstance(delta, Mapping) else None
        choices.append(
            {
                "text": content if isinstance(content, str) else "",
                "index": c.get("index", i),
                "logprobs": None,
                "finish_reason": c.get("finish_reason"),
            }
        )
    out: dict[str, Any] = {
        "id": _completion_id(chunk.get("id")),
        "object": "text_completion",
        "created": chunk.get("created"),
        "model": chunk.get("model"),
        "choices": choices,
    }
    if chunk.get("usage") is not None:
        out["usage"] = chunk["usage"]
    return out


def _completion_id(chat_id: Any) -> str:
    text = chat_id if isinstance(chat_id, str) else ""
    return "cmpl-" + text.removeprefix("chatcmpl-") if text else "cmpl-routeyard"

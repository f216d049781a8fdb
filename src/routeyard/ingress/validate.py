"""Checks that reject bad input with a clear 400 before it can reach an upstream."""

from __future__ import annotations

from typing import Any

from routeyard.errors import InvalidRequest

OPENAI_PARAMS = frozenset(
    {
        "messages", "model", "stream", "stream_options", "max_tokens", "max_completion_tokens",
        "temperature", "top_p", "n", "stop", "presence_penalty", "frequency_penalty",
        "logit_bias", "logprobs", "top_logprobs", "user", "tools", "tool_choice",
        "parallel_tool_calls", "response_format", "seed", "metadata", "store",
        "reasoning_effort", "modalities", "service_tier", "prediction", "verbosity",
        "safety_identifier", "prompt_cache_key", "functions", "function_call",
    }
)  # fmt: skip
OPENAI_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})

ANTHROPIC_PARAMS = frozenset(
    {
        "model", "messages", "max_tokens", "system", "stream", "temperature", "top_p", "top_k",
        "stop_sequences", "tools", "tool_choice", "metadata", "thinking", "service_tier",
    }
)  # fmt: skip


def _number(body: dict[str, Any], name: str, low: float, high: float) -> None:
    value = body.get(name)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidRequest(f"{name} must be a number between {low} and {high}", param=name)


def _positive_int(body: dict[str, Any], name: str, *, required: bool = False) -> None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidRequest(f"{name} is required", param=name)
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRequest(f"{name} must be a positive integer", param=name)


def _common(body: dict[str, Any], known: frozenset[str]) -> str:
    unknown = sorted(set(body) - known)
    if unknown:
        raise InvalidRequest(f"unrecognized request argument: {unknown[0]}", param=unknown[0])
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidRequest(
            "model is required: 'auto', 'auto:<route>' or a model name", param="model"
        )
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise InvalidRequest("messages must be a non-empty array", param="messages")
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise InvalidRequest("stream must be a boolean", param="stream")
    tools = body.get("tools")
    if tools is not None and not isinstance(tools, list):
        raise InvalidRequest("tools must be an array", param="tools")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidRequest("metadata must be an object", param="metadata")
    _number(body, "top_p", 0, 1)
    return model


def validate_openai(body: dict[str, Any]) -> str:
    """Validate a chat-completions body; returns the requested ``model``."""
    model = _common(body, OPENAI_PARAMS)
    for i, m in enumerate(body["messages"]):
        if not isinstance(m, dict) or m.get("role") not in OPENAI_ROLES:
            raise InvalidRequest(
                f"messages[{i}] must be an object with a role in {sorted(OPENAI_ROLES)}",
                param=f"messages[{i}]",
            )
        content = m.get("content")
        if content is None and m.get("role") in ("user", "system", "developer"):
            raise InvalidRequest(
                f"messages[{i}].content is required", param=f"messages[{i}].content"
            )
        if content is not None and not isinstance(content, str | list):
            raise InvalidRequest(
                f"messages[{i}].content must be a string or an array of parts",
                param=f"messages[{i}].content",
            )
    _number(body, "temperature", 0, 2)
    _number(body, "presence_penalty", -2, 2)
    _number(body, "frequency_penalty", -2, 2)
    _positive_int(body, "max_tokens")
    _positive_int(body, "max_completion_tokens")
    n = body.get("n")
    if n is not None and n != 1:
        raise InvalidRequest("only n=1 is supported", param="n")
    options = body.get("stream_options")
    if options is not None and (not isinstance(options, dict) or not body.get("stream")):
        raise InvalidRequest(
            "stream_options is only allowed with stream=true", param="stream_options"
        )
    rf = body.get("response_format")
    if rf is not None and (
        not isinstance(rf, dict) or rf.get("type") not in ("text", "json_object", "json_schema")
    ):
        raise InvalidRequest(
            "response_format.type must be text, json_object or json_schema", param="response_format"
        )
    return model


def validate_anthropic(body: dict[str, Any], *, counting: bool = False) -> str:
    """Validate a Messages API body; returns the requested ``model``. ``counting``: the body
    of ``/v1/messages/count_tokens``, which needs no ``max_tokens``."""
    model = _common(body, ANTHROPIC_PARAMS)
    for i, m in enumerate(body["messages"]):
        if not isinstance(m, dict) or m.get("role") not in ("user", "assistant"):
            raise InvalidRequest(
                f"messages.{i}.role must be 'user' or 'assistant'", param=f"messages.{i}.role"
            )
        content = m.get("content")
        if not isinstance(content, str | list) or (isinstance(content, list) and not content):
            raise InvalidRequest(
                f"messages.{i}.content must be a string or a non-empty array of blocks",
                param=f"messages.{i}.content",
            )
    _positive_int(body, "max_tokens", required=not counting)
    _number(body, "temperature", 0, 1)
    system = body.get("system")
    if system is not None and not isinstance(system, str | list):
        raise InvalidRequest("system must be a string or an array of text blocks", param="system")
    return model


EMBEDDINGS_PARAMS = frozenset({"model", "input", "encoding_format", "dimensions", "user"})
MAX_EMBEDDING_INPUTS = 2048  # OpenAI's limit on the items of one request


def _token_list(value: Any) -> bool:
    return bool(value) and all(isinstance(t, int) and not isinstance(t, bool) for t in value)


def validate_embeddings(body: dict[str, Any]) -> str:
    """Validate an embeddings body; returns the requested ``model``."""
    unknown = sorted(set(body) - EMBEDDINGS_PARAMS)
    if unknown:
        raise InvalidRequest(f"unrecognized request argument: {unknown[0]}", param=unknown[0])
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidRequest("model is required: the name of an embedding model", param="model")
    given = body.get("input")
    ok = (isinstance(given, str) and given != "") or (
        isinstance(given, list)
        and 0 < len(given) <= MAX_EMBEDDING_INPUTS
        and (
            all(isinstance(s, str) and s != "" for s in given)
            or _token_list(given)
            or all(isinstance(t, list) and _token_list(t) for t in given)
        )
    )
    if not ok:
        raise InvalidRequest(
            "input must be a non-empty string, or an array of 1 to "
            f"{MAX_EMBEDDING_INPUTS} non-empty strings or token arrays",
            param="input",
        )
    if body.get("encoding_format") not in (None, "float", "base64"):
        raise InvalidRequest("encoding_format must be 'float' or 'base64'", param="encoding_format")
    _positive_int(body, "dimensions")
    user = body.get("user")
    if user is not None and not isinstance(user, str):
        raise InvalidRequest("user must be a string", param="user")
    return model

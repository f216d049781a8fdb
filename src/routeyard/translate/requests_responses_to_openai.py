"""OpenAI Responses API request → Chat Completions request (routeyard's canonical format).

The Responses API (``POST /v1/responses``) is OpenAI's newer interface. routeyard keeps no
state between requests, so what needs a stored response (``previous_response_id``,
``conversation``, ``background``) is refused with a 400 that says to send the whole input.
Only function tools translate; hosted tools (web search, file search, code interpreter…) run
on OpenAI's side and are refused too.

    >>> responses_request_to_openai({"model": "auto", "instructions": "Be brief.",
    ...                              "input": "2+2?", "max_output_tokens": 20})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'model': 'auto', 'messages': [{'role': 'system', 'content': 'Be brief.'},
     {'role': 'user', 'content': '2+2?'}], 'max_tokens': 20}
"""

from __future__ import annotations

from typing import Any

from .errors import TranslationError

__all__ = ["RESPONSES_PARAMS", "responses_echo", "responses_request_to_openai"]

RESPONSES_PARAMS = frozenset(
    {
        "model", "input", "instructions", "tools", "tool_choice", "max_output_tokens",
        "temperature", "top_p", "parallel_tool_calls", "text", "stream", "stream_options",
        "metadata", "store", "user", "reasoning", "previous_response_id", "conversation",
        "background", "truncation", "include", "service_tier", "safety_identifier",
        "prompt_cache_key",
    }
)  # fmt: skip

_STATEFUL = {
    "previous_response_id": "routeyard keeps no responses: send the whole conversation in input",
    "conversation": "routeyard keeps no conversations: send the whole conversation in input",
}
_COPIED = (
    "temperature", "top_p", "parallel_tool_calls", "user", "metadata", "service_tier",
    "safety_identifier", "prompt_cache_key",
)  # fmt: skip
_ROLES = frozenset({"user", "assistant", "system", "developer"})


def responses_request_to_openai(body: dict[str, Any]) -> dict[str, Any]:
    """The Chat Completions body for a Responses API ``body`` (raises ``TranslationError``)."""
    unknown = sorted(set(body) - RESPONSES_PARAMS)
    if unknown:
        raise TranslationError(f"unrecognized request argument: {unknown[0]}", unknown[0])
    for key, why in _STATEFUL.items():
        if body.get(key) is not None:
            raise TranslationError(why, key)
    if body.get("background"):
        raise TranslationError("background responses are not supported", "background")
    out: dict[str, Any] = {"model": body.get("model")}
    messages: list[dict[str, Any]] = []
    instructions = body.get("instructions")
    if instructions is not None:
        if not isinstance(instructions, str):
            raise TranslationError("instructions must be a string", "instructions")
        messages.append({"role": "system", "content": instructions})
    messages += _input_messages(body.get("input"))
    out["messages"] = messages
    if body.get("tools"):
        out["tools"] = _tools(body["tools"])
    if "tool_choice" in body:
        out["tool_choice"] = _tool_choice(body["tool_choice"])
    limit = body.get("max_output_tokens")
    if limit is not None:
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise TranslationError(
                "max_output_tokens must be a positive integer", "max_output_tokens"
            )
        out["max_tokens"] = limit
    for key in _COPIED:
        if body.get(key) is not None:
            out[key] = body[key]
    response_format = _response_format(body.get("text"))
    if response_format is not None:
        out["response_format"] = response_format
    effort = _reasoning_effort(body.get("reasoning"))
    if effort is not None:
        out["reasoning_effort"] = effort
    if body.get("stream") is not None:
        out["stream"] = body["stream"]
    return out


def responses_echo(body: dict[str, Any]) -> dict[str, Any]:
    """The request's settings a Response object repeats back, with the API's defaults."""
    text = body.get("text")
    return {
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "metadata": body.get("metadata") or {},
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "temperature": body.get("temperature"),
        "text": text if isinstance(text, dict) else {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": body.get("top_p"),
        "user": body.get("user"),
        "store": False,  # nothing is kept, whatever was asked
    }


def _input_messages(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        return [{"role": "user", "content": value}]
    if not isinstance(value, list) or not value:
        raise TranslationError("input must be a string or a non-empty array of items", "input")
    messages: list[dict[str, Any]] = []
    for i, item in enumerate(value):
        where = f"input.{i}"
        if not isinstance(item, dict):
            raise TranslationError(f"{where} must be an object", where)
        kind = item.get("type", "message")
        if kind == "message":
            role = item.get("role")
            if role not in _ROLES:
                raise TranslationError(
                    f"{where}.role must be one of {', '.join(sorted(_ROLES))}", f"{where}.role"
                )
            messages.append({"role": role, "content": _content(item.get("content"), where)})
        elif kind == "function_call":
            call = {
                "id": _string(item, "call_id", where),
                "type": "function",
                "function": {
                    "name": _string(item, "name", where),
                    "arguments": _arguments(item, where),
                },
            }
            last = messages[-1] if messages else None
            if last is not None and last["role"] == "assistant" and "tool_calls" in last:
                last["tool_calls"].append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "function_call_output":
            output = item.get("output")
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": _string(item, "call_id", where),
                    "content": output if isinstance(output, str) else _content(output, where),
                }
            )
        elif kind == "reasoning":
            continue  # a model's own reasoning from an earlier turn: nothing to send on
        else:
            raise TranslationError(
                f"{where}: input items of type {kind!r} are not supported "
                "(message, function_call, function_call_output and reasoning are)",
                f"{where}.type",
            )
    return messages


def _content(value: Any, where: str) -> Any:
    """A message's content: a string, or parts in the Chat Completions form."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise TranslationError(f"{where}.content must be a string or an array", f"{where}.content")
    parts: list[dict[str, Any]] = []
    for j, part in enumerate(value):
        at = f"{where}.content.{j}"
        kind = part.get("type") if isinstance(part, dict) else None
        if kind in ("input_text", "output_text", "text"):
            text = part.get("text")
            if not isinstance(text, str):
                raise TranslationError(f"{at}.text must be a string", f"{at}.text")
            parts.append({"type": "text", "text": text})
        elif kind == "input_image":
            url = part.get("image_url")
            if not isinstance(url, str) or not url:
                raise TranslationError(
                    f"{at}: only images given by image_url are supported (not file_id)", at
                )
            image: dict[str, Any] = {"url": url}
            if part.get("detail") in ("low", "high", "auto"):
                image["detail"] = part["detail"]
            parts.append({"type": "image_url", "image_url": image})
        elif kind == "input_file":
            parts.append(_file_part(part, at))
        elif kind == "refusal":
            parts.append({"type": "text", "text": str(part.get("refusal", ""))})
        else:
            raise TranslationError(f"{at}: content parts of type {kind!r} are not supported", at)
    return parts


def _file_part(part: dict[str, Any], at: str) -> dict[str, Any]:
    """``input_file`` as a Chat Completions ``file`` part: by ``file_data`` (a base64 data URL)
    or ``file_id``; a ``file_url`` has no Chat Completions form."""
    file: dict[str, Any] = {}
    for key in ("file_data", "file_id", "filename"):
        value = part.get(key)
        if value is not None:
            if not isinstance(value, str) or not value:
                raise TranslationError(f"{at}.{key} must be a non-empty string", f"{at}.{key}")
            file[key] = value
    if "file_data" not in file and "file_id" not in file:
        raise TranslationError(
            f"{at}: only files given by file_data or file_id are supported (not file_url)", at
        )
    return {"type": "file", "file": file}


def _tools(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise TranslationError("tools must be an array", "tools")
    tools = []
    for i, tool in enumerate(value):
        if not isinstance(tool, dict) or tool.get("type") != "function":
            kind = tool.get("type") if isinstance(tool, dict) else None
            raise TranslationError(
                f"tools.{i}: only function tools are supported, not {kind!r}", f"tools.{i}.type"
            )
        function: dict[str, Any] = {"name": _string(tool, "name", f"tools.{i}")}
        for key in ("description", "parameters", "strict"):
            if tool.get(key) is not None:
                function[key] = tool[key]
        tools.append({"type": "function", "function": function})
    return tools


def _tool_choice(value: Any) -> Any:
    if value in ("auto", "none", "required"):
        return value
    if isinstance(value, dict) and value.get("type") == "function":
        return {"type": "function", "function": {"name": _string(value, "name", "tool_choice")}}
    raise TranslationError(
        "tool_choice must be 'auto', 'none', 'required' or a function", "tool_choice"
    )


def _response_format(text: Any) -> dict[str, Any] | None:
    if text is None:
        return None
    fmt = text.get("format") if isinstance(text, dict) else None
    if fmt is None:
        return None
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind == "text":
        return None
    if kind == "json_object":
        return {"type": "json_object"}
    if kind == "json_schema":
        schema = {"name": _string(fmt, "name", "text.format"), "schema": fmt.get("schema") or {}}
        if fmt.get("strict") is not None:
            schema["strict"] = fmt["strict"]
        if fmt.get("description") is not None:
            schema["description"] = fmt["description"]
        return {"type": "json_schema", "json_schema": schema}
    raise TranslationError(
        "text.format.type must be 'text', 'json_object' or 'json_schema'", "text.format.type"
    )


def _reasoning_effort(value: Any) -> str | None:
    if value is None:
        return None
    effort = value.get("effort") if isinstance(value, dict) else None
    if effort is None:
        return None
    if not isinstance(effort, str):
        raise TranslationError("reasoning.effort must be a string", "reasoning.effort")
    return effort


def _string(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise TranslationError(f"{where}.{key} must be a non-empty string", f"{where}.{key}")
    return value


def _arguments(item: dict[str, Any], where: str) -> str:
    value = item.get("arguments")
    if not isinstance(value, str):
        raise TranslationError(f"{where}.arguments must be a string", f"{where}.arguments")
    return value

"""OpenAI Chat Completions request → Anthropic Messages request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._fields import as_list, as_mapping, as_str, dumps, parse_arguments
from .documents import anthropic_document_from_openai
from .errors import TranslationError
from .images import anthropic_image_from_openai
from .tools import anthropic_tool_choice_from_openai, anthropic_tools_from_openai

__all__ = ["openai_request_to_anthropic"]

_JSON_OBJECT_INSTRUCTION = (
    "Respond with a single valid JSON object and nothing else: no prose, no code fences."
)
_JSON_SCHEMA_INSTRUCTION = (
    "Respond with a single valid JSON value that conforms to this JSON Schema and nothing else "
    "(no prose, no code fences):\n"
)


def openai_request_to_anthropic(
    body: Mapping[str, Any], *, default_max_tokens: int = 4096
) -> dict[str, Any]:
    """Translate an OpenAI ``/v1/chat/completions`` body into an Anthropic messages request.

    System and developer messages are joined (blank line between) into ``system``; consecutive
    same-role turns are merged, since Anthropic requires alternation, with ``tool_result`` blocks
    first in a user turn as Anthropic requires. ``temperature`` is clamped from OpenAI's 0–2 to
    Anthropic's 0–1. ``max_completion_tokens`` wins over ``max_tokens``; with neither,
    ``default_max_tokens`` is used (Anthropic requires a value).

    ``response_format`` ``json_object``/``json_schema`` is best effort: Anthropic has no JSON
    mode, so an instruction to answer with JSON only (quoting the schema) is appended to
    ``system``; the answer is not validated.

    Dropped: ``presence_penalty``, ``frequency_penalty``, ``seed``, ``prediction``, ``store``,
    ``metadata``, ``service_tier``, ``reasoning_effort``, ``verbosity``, ``prompt_cache_key``,
    ``stream_options`` (Anthropic streams always report usage), message ``name`` fields, image
    ``detail``, ``function.strict``.

    Raises ``TranslationError`` (naming ``param``) for what Anthropic cannot do: ``n`` > 1,
    ``logprobs``/``top_logprobs``, ``logit_bias``, audio (``audio``, ``modalities``,
    ``input_audio`` parts), ``file`` parts other than base64 PDF or text (``documents``: they
    become ``document`` blocks), ``web_search_options``, legacy
    ``functions``/``function_call`` and ``role: "function"`` messages, non-function tools.

        >>> req = openai_request_to_anthropic({"model": "m", "messages": [
        ...     {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]})
        >>> req["system"], req["messages"], req["max_tokens"]
        ('Be brief.', [{'role': 'user', 'content': 'Hi'}], 4096)
    """
    _reject_unsupported(body)
    out: dict[str, Any] = {"model": as_str(body.get("model"), "model")}
    system_texts: list[str] = []
    turns: list[dict[str, Any]] = []
    for i, raw in enumerate(as_list(body.get("messages"), "messages")):
        param = f"messages.{i}"
        message = as_mapping(raw, param)
        role = message.get("role")
        if role in ("system", "developer"):
            text = _joined_text(message.get("content"), f"{param}.content")
            if text:
                system_texts.append(text)
        elif role == "user":
            _append_turn(turns, "user", _user_blocks(message.get("content"), f"{param}.content"))
        elif role == "assistant":
            _append_turn(turns, "assistant", _assistant_blocks(message, param))
        elif role == "tool":
            _append_turn(turns, "user", [_tool_result_block(message, param)])
        elif role == "function":
            raise TranslationError("legacy function messages are not supported; use tools", param)
        else:
            raise TranslationError(f"unknown role {role!r}", f"{param}.role")
    if not turns:
        raise TranslationError(
            "messages must hold at least one non-empty user or assistant message", "messages"
        )
    out["messages"] = [_finish_turn(turn) for turn in turns]

    instruction = _response_format_instruction(body.get("response_format"))
    if instruction:
        system_texts.append(instruction)
    if system_texts:
        out["system"] = "\n\n".join(system_texts)

    out["max_tokens"] = _max_tokens(body, default_max_tokens)
    temperature = body.get("temperature")
    if temperature is not None:
        if not isinstance(temperature, int | float) or isinstance(temperature, bool):
            raise TranslationError("temperature must be a number", "temperature")
        out["temperature"] = min(1.0, max(0.0, float(temperature)))
    if body.get("top_p") is not None:
        out["top_p"] = body["top_p"]
    stop = body.get("stop")
    if isinstance(stop, str):
        out["stop_sequences"] = [stop]
    elif stop is not None:
        out["stop_sequences"] = [
            as_str(s, f"stop.{i}") for i, s in enumerate(as_list(stop, "stop"))
        ]
    if body.get("stream") is True:
        out["stream"] = True
    user = body.get("user") if body.get("user") is not None else body.get("safety_identifier")
    if isinstance(user, str):
        out["metadata"] = {"user_id": user}

    tools = body.get("tools")
    if tools:
        out["tools"] = anthropic_tools_from_openai(tools)
        choice = anthropic_tool_choice_from_openai(
            body.get("tool_choice"),
            parallel_tool_calls=body.get("parallel_tool_calls") is not False,
        )
        if choice is not None:
            out["tool_choice"] = choice
    return out


def _reject_unsupported(body: Mapping[str, Any]) -> None:
    n = body.get("n")
    if n is not None and n != 1:
        raise TranslationError("n > 1 is not supported by Anthropic models", "n")
    if body.get("logprobs") is True:
        raise TranslationError("logprobs are not supported by Anthropic models", "logprobs")
    if body.get("top_logprobs"):
        raise TranslationError("logprobs are not supported by Anthropic models", "top_logprobs")
    if body.get("logit_bias"):
        raise TranslationError("logit_bias is not supported by Anthropic models", "logit_bias")
    if body.get("audio") is not None:
        raise TranslationError("audio output is not supported by Anthropic models", "audio")
    modalities = body.get("modalities")
    if isinstance(modalities, list) and "audio" in modalities:
        raise TranslationError("audio output is not supported by Anthropic models", "modalities")
    if body.get("web_search_options") is not None:
        raise TranslationError(
            "web_search_options is not supported by Anthropic models", "web_search_options"
        )
    for legacy in ("functions", "function_call"):
        if body.get(legacy) is not None:
            raise TranslationError(f"{legacy} is deprecated and not supported; use tools", legacy)


def _max_tokens(body: Mapping[str, Any], default: int) -> int:
    for key in ("max_completion_tokens", "max_tokens"):
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise TranslationError(f"{key} must be a positive integer", key)
        return value
    return default


def _response_format_instruction(response_format: object) -> str | None:
    if response_format is None:
        return None
    fmt = as_mapping(response_format, "response_format")
    kind = fmt.get("type")
    if kind == "text":
        return None
    if kind == "json_object":
        return _JSON_OBJECT_INSTRUCTION
    if kind == "json_schema":
        spec = as_mapping(fmt.get("json_schema"), "response_format.json_schema")
        schema = spec.get("schema", {})
        return _JSON_SCHEMA_INSTRUCTION + dumps(schema)
    raise TranslationError(f"unknown response_format type {kind!r}", "response_format.type")


def _joined_text(content: object, param: str) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    texts = []
    for j, raw in enumerate(as_list(content, param)):
        part = as_mapping(raw, f"{param}.{j}")
        if part.get("type") != "text":
            raise TranslationError("only text parts are allowed here", f"{param}.{j}.type")
        texts.append(as_str(part.get("text"), f"{param}.{j}.text"))
    return "\n".join(texts)


def _user_blocks(content: object, param: str) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    blocks: list[dict[str, Any]] = []
    for j, raw in enumerate(as_list(content, param)):
        part_param = f"{param}.{j}"
        part = as_mapping(raw, part_param)
        kind = part.get("type")
        if kind == "text":
            text = as_str(part.get("text"), f"{part_param}.text")
            if text:  # Anthropic rejects empty text blocks.
                blocks.append({"type": "text", "text": text})
        elif kind == "image_url":
            blocks.append(anthropic_image_from_openai(part, part_param))
        elif kind == "file":
            blocks.append(anthropic_document_from_openai(part, part_param))
        else:
            raise TranslationError(
                f"content part type {kind!r} is not supported by Anthropic models",
                f"{part_param}.type",
            )
    return blocks


def _assistant_blocks(message: Mapping[str, Any], param: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    content = message.get("content")
    if isinstance(content, list):
        for j, raw in enumerate(content):
            part = as_mapping(raw, f"{param}.content.{j}")
            # An assistant turn may hold text or refusal parts; both are what the model said.
            text = part.get("text") if part.get("type") == "text" else part.get("refusal")
            if isinstance(text, str) and text:
                blocks.append({"type": "text", "text": text})
    elif isinstance(content, str) and content:
        blocks.append({"type": "text", "text": content})
    elif content is not None and not isinstance(content, str):
        raise TranslationError("content must be a string or an array", f"{param}.content")
    tool_calls = message.get("tool_calls")
    for k, raw in enumerate(as_list(tool_calls, f"{param}.tool_calls") if tool_calls else []):
        call_param = f"{param}.tool_calls.{k}"
        call = as_mapping(raw, call_param)
        if call.get("type", "function") != "function":
            raise TranslationError("only function tool calls are supported", f"{call_param}.type")
        function = as_mapping(call.get("function"), f"{call_param}.function")
        blocks.append(
            {
                "type": "tool_use",
                "id": as_str(call.get("id"), f"{call_param}.id"),
                "name": as_str(function.get("name"), f"{call_param}.function.name"),
                "input": parse_arguments(function.get("arguments")),
            }
        )
    return blocks


def _tool_result_block(message: Mapping[str, Any], param: str) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "tool_result",
        "tool_use_id": as_str(message.get("tool_call_id"), f"{param}.tool_call_id"),
    }
    text = _joined_text(message.get("content"), f"{param}.content")
    if text:
        block["content"] = text
    return block


def _append_turn(turns: list[dict[str, Any]], role: str, blocks: list[dict[str, Any]]) -> None:
    if not blocks:
        return
    if turns and turns[-1]["role"] == role:
        turns[-1]["content"].extend(blocks)
    else:
        turns.append({"role": role, "content": blocks})


def _finish_turn(turn: dict[str, Any]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = turn["content"]
    if turn["role"] == "user":
        # Anthropic requires tool results to lead the user turn that answers a tool use.
        results = [b for b in blocks if b["type"] == "tool_result"]
        if results:
            blocks = results + [b for b in blocks if b["type"] != "tool_result"]
    if len(blocks) == 1 and blocks[0]["type"] == "text":
        return {"role": turn["role"], "content": blocks[0]["text"]}
    return {"role": turn["role"], "content": blocks}

"""Tool definitions and ``tool_choice``, both directions.

    Anthropic                                   OpenAI
    {"name", "description", "input_schema"}     {"type": "function", "function":
                                                  {"name", "description", "parameters"}}
    {"type": "auto"}                            "auto"
    {"type": "any"}                             "required"
    {"type": "tool", "name": N}                 {"type": "function", "function": {"name": N}}
    {"type": "none"}                            "none"
    disable_parallel_tool_use: true             parallel_tool_calls: false

Dropped: Anthropic ``cache_control``, ``strict`` and other per-tool options; OpenAI
``function.strict``. Anthropic server tools (``web_search_…``, ``bash_…``) and OpenAI ``custom`` or
``allowed_tools`` choices have no counterpart and raise ``TranslationError``.
"""

from __future__ import annotations

from typing import Any

from ._fields import as_list, as_mapping, as_str
from .errors import TranslationError

__all__ = [
    "anthropic_tool_choice_from_openai",
    "anthropic_tools_from_openai",
    "openai_tool_choice_from_anthropic",
    "openai_tools_from_anthropic",
]

_EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}


def openai_tools_from_anthropic(tools: object) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, raw in enumerate(as_list(tools, "tools")):
        param = f"tools.{i}"
        tool = as_mapping(raw, param)
        kind = tool.get("type")
        if kind not in (None, "custom"):
            raise TranslationError(
                f"server tool type {kind!r} cannot be sent to an OpenAI-compatible model", param
            )
        function: dict[str, Any] = {"name": as_str(tool.get("name"), f"{param}.name")}
        if isinstance(tool.get("description"), str):
            function["description"] = tool["description"]
        schema = tool.get("input_schema", _EMPTY_SCHEMA)
        function["parameters"] = dict(as_mapping(schema, f"{param}.input_schema"))
        out.append({"type": "function", "function": function})
    return out


def anthropic_tools_from_openai(tools: object) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, raw in enumerate(as_list(tools, "tools")):
        param = f"tools.{i}"
        tool = as_mapping(raw, param)
        if tool.get("type", "function") != "function":
            raise TranslationError(
                f"tool type {tool.get('type')!r} cannot be sent to an Anthropic model", param
            )
        function = as_mapping(tool.get("function"), f"{param}.function")
        converted: dict[str, Any] = {"name": as_str(function.get("name"), f"{param}.function.name")}
        if isinstance(function.get("description"), str):
            converted["description"] = function["description"]
        schema = function.get("parameters")
        schema = _EMPTY_SCHEMA if schema is None else schema
        converted["input_schema"] = dict(as_mapping(schema, f"{param}.function.parameters"))
        out.append(converted)
    return out


def openai_tool_choice_from_anthropic(choice: object) -> tuple[str | dict[str, Any], bool]:
    """Returns ``(tool_choice, parallel_tool_calls_allowed)``."""
    mapping = as_mapping(choice, "tool_choice")
    parallel = mapping.get("disable_parallel_tool_use") is not True
    kind = mapping.get("type")
    if kind == "auto":
        return "auto", parallel
    if kind == "any":
        return "required", parallel
    if kind == "none":
        return "none", parallel
    if kind == "tool":
        name = as_str(mapping.get("name"), "tool_choice.name")
        return {"type": "function", "function": {"name": name}}, parallel
    raise TranslationError(f"unknown tool_choice type {kind!r}", "tool_choice.type")


def anthropic_tool_choice_from_openai(
    choice: object, *, parallel_tool_calls: bool
) -> dict[str, Any] | None:
    """``None`` when Anthropic's default (auto, parallel allowed) already says it."""
    converted: dict[str, Any]
    if choice is None or choice == "auto":
        converted = {"type": "auto"}
    elif choice == "required":
        converted = {"type": "any"}
    elif choice == "none":
        # Anthropic's "none" takes no disable_parallel_tool_use: no tool will run anyway.
        return {"type": "none"}
    elif isinstance(choice, dict) and choice.get("type") == "function":
        function = as_mapping(choice.get("function"), "tool_choice.function")
        converted = {"type": "tool", "name": as_str(function.get("name"), "tool_choice.function")}
    else:
        raise TranslationError(
            "this tool_choice cannot be sent to an Anthropic model", "tool_choice"
        )
    if not parallel_tool_calls:
        converted["disable_parallel_tool_use"] = True
    elif choice is None:
        return None
    return converted

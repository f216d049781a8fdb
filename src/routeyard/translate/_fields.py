"""Checked access to untrusted JSON bodies: wrong shapes raise ``TranslationError`` (a 400),
never ``KeyError``/``TypeError`` (a 500)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson

from .errors import TranslationError


def as_mapping(value: object, param: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TranslationError(f"{param} must be an object", param)
    return value


def as_list(value: object, param: str) -> list[Any]:
    if not isinstance(value, list):
        raise TranslationError(f"{param} must be an array", param)
    return value


def as_str(value: object, param: str) -> str:
    if not isinstance(value, str):
        raise TranslationError(f"{param} must be a string", param)
    return value


def dumps(value: object) -> str:
    """Compact JSON text, as both APIs write tool arguments."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        # orjson refuses integers beyond 64 bits, which a client's JSON may still hold.
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def parse_arguments(arguments: object) -> dict[str, Any]:
    """OpenAI tool-call ``arguments`` (a JSON string) → an Anthropic ``input`` object.

    Anthropic requires an object; text that is not a JSON object (models do emit broken JSON) is
    kept rather than lost, as ``{"_raw": text}``.
    """
    if isinstance(arguments, Mapping):
        return dict(arguments)
    if not isinstance(arguments, str) or not arguments.strip():
        return {}
    try:
        parsed = orjson.loads(arguments)
    except orjson.JSONDecodeError:
        return {"_raw": arguments}
    if isinstance(parsed, dict):
        return parsed
    return {"_raw": arguments}

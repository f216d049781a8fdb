"""Placeholder values that satisfy a JSON schema's required properties.

Used for tool-call arguments and ``json_schema`` answers::

    >>> placeholder({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]})
    {'n': 1}
"""

from __future__ import annotations

import math
from typing import Any

_MAX_DEPTH = 8
_STRING_FORMATS = {
    "date": "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def placeholder(schema: Any) -> Any:
    """A value of the right type for ``schema``; objects get their required properties."""
    return _fill(schema, schema if isinstance(schema, dict) else {}, 0)


def _fill(schema: Any, root: dict[str, Any], depth: int) -> Any:
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return _fill(_resolve(ref, root), root, depth + 1)
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            chosen = next((o for o in options if _type_of(o) != "null"), options[0])
            return _fill(chosen, root, depth + 1)
    kind = _type_of(schema)
    if kind == "object":
        return _object(schema, root, depth)
    if kind == "array":
        items = schema.get("items")
        count = max(int(_number(schema, "minItems", 1)), 1) if isinstance(items, dict) else 0
        return [_fill(items, root, depth + 1) for _ in range(count)]
    if kind in ("integer", "number"):
        value = _number(schema, "minimum", min(1.0, _number(schema, "maximum", 1.0)))
        return math.ceil(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in _STRING_FORMATS:
        return _STRING_FORMATS[fmt]
    return "example"


def _object(schema: dict[str, Any], root: dict[str, Any], depth: int) -> dict[str, Any]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return {}
    required = schema.get("required")
    names = [n for n in required if n in properties] if isinstance(required, list) else []
    return {name: _fill(properties[name], root, depth + 1) for name in names}


def _number(schema: dict[str, Any], key: str, default: float) -> float:
    value = schema.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return default


def _type_of(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "string"
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "string"


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    if not ref.startswith("#/"):
        return {}
    node: Any = root
    for part in ref[2:].split("/"):
        if not isinstance(node, dict):
            return {}
        node = node.get(part.replace("~1", "/").replace("~0", "~"))
    return node

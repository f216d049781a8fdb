"""A small JSON Schema validator for the subset structured-output schemas use.

Why our own and not the ``jsonschema`` package: the answers to check are model outputs against
the schemas clients send in ``response_format`` (objects, arrays, scalars, enums, required
keys, bounds), and that subset fits in one short module with no new runtime dependency (and
none of ``jsonschema``'s compiled ones). Keywords outside the subset are ignored, so a schema
using them is checked less strictly, never wrongly failed; ``$ref`` is followed within the
schema (``#/$defs/...`` and ``#/definitions/...``).

>>> validate({"n": 3}, {"type": "object", "required": ["n", "m"]})
["$: missing required property 'm'"]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_MAX_DEPTH = 64


class SchemaError(ValueError):
    """The schema itself is unusable (not an object, a bad $ref or pattern)."""


def _type_ok(value: Any, name: str) -> bool:
    match name:
        case "object":
            return isinstance(value, dict)
        case "array":
            return isinstance(value, list)
        case "string":
            return isinstance(value, str)
        case "boolean":
            return isinstance(value, bool)
        case "null":
            return value is None
        case "integer":
            if isinstance(value, float):
                return value.is_integer()
            return isinstance(value, int) and not isinstance(value, bool)
        case "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
    raise SchemaError(f"unknown type {name!r}")


class _Validator:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.problems: list[str] = []

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise SchemaError(f"only local $ref is supported, not {ref!r}")
        node = self.root
        for part in filter(None, ref[1:].split("/")):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise SchemaError(f"$ref {ref!r} points nowhere")
            node = node[part]
        return node

    def check(self, value: Any, schema: Any, path: str, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            raise SchemaError("schema nests too deep (a $ref cycle?)")
        if schema is True or schema == {}:
            return
        if schema is False:
            self.problems.append(f"{path}: no value is allowed here")
            return
        if not isinstance(schema, dict):
            raise SchemaError(f"{path}: a schema must be an object or a boolean")
        if "$ref" in schema:
            self.check(value, self.resolve(str(schema["$ref"])), path, depth + 1)
        before = len(self.problems)
        self._type(value, schema, path)
        if len(self.problems) > before:
            return  # the rest would only repeat the type error
        self._values(value, schema, path)
        self._combinators(value, schema, path, depth)
        if isinstance(value, dict):
            self._object(value, schema, path, depth)
        elif isinstance(value, list):
            self._array(value, schema, path, depth)
        elif isinstance(value, str):
            self._string(value, schema, path)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self._number(value, schema, path)

    def _type(self, value: Any, schema: dict[str, Any], path: str) -> None:
        wanted = schema.get("type")
        if wanted is None:
            return
        names = wanted if isinstance(wanted, list) else [wanted]
        if not any(_type_ok(value, str(n)) for n in names):
            self.problems.append(f"{path}: expected {' or '.join(map(str, names))}")

    def _values(self, value: Any, schema: dict[str, Any], path: str) -> None:
        if "enum" in schema and value not in schema["enum"]:
            self.problems.append(f"{path}: not one of the allowed values")
        if "const" in schema and value != schema["const"]:
            self.problems.append(f"{path}: must be {schema['const']!r}")

    def _combinators(self, value: Any, schema: dict[str, Any], path: str, depth: int) -> None:
        for sub in schema.get("allOf", []):
            self.check(value, sub, path, depth + 1)
        passes = self._passes
        if "anyOf" in schema and not any(passes(value, s, depth) for s in schema["anyOf"]):
            self.problems.append(f"{path}: matches none of anyOf")
        if "oneOf" in schema:
            hits = sum(passes(value, s, depth) for s in schema["oneOf"])
            if hits != 1:
                self.problems.append(f"{path}: matches {hits} of oneOf, not exactly one")
        if "not" in schema and passes(value, schema["not"], depth):
            self.problems.append(f"{path}: matches a schema it must not")

    def _passes(self, value: Any, schema: Any, depth: int) -> bool:
        probe = _Validator(self.root)
        probe.check(value, schema, "$", depth + 1)
        return not probe.problems

    def _object(self, value: dict[str, Any], schema: dict[str, Any], path: str, depth: int) -> None:
        props: dict[str, Any] = schema.get("properties", {})
        self.problems.extend(
            f"{path}: missing required property {key!r}"
            for key in schema.get("required", [])
            if key not in value
        )
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                self.check(item, props[key], f"{path}.{key}", depth + 1)
            elif extra is False:
                self.problems.append(f"{path}: property {key!r} is not allowed")
            elif isinstance(extra, dict):
                self.check(item, extra, f"{path}.{key}", depth + 1)
        self._bounds(len(value), schema, "minProperties", "maxProperties", path, "properties")

    def _array(self, value: list[Any], schema: dict[str, Any], path: str, depth: int) -> None:
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(value):
            sub = prefix[i] if i < len(prefix) else schema.get("items")
            if sub is not None:
                self.check(item, sub, f"{path}[{i}]", depth + 1)
        self._bounds(len(value), schema, "minItems", "maxItems", path, "items")
        if schema.get("uniqueItems") is True:
            seen: list[Any] = []
            for item in value:
                if item in seen:
                    self.problems.append(f"{path}: items are not unique")
                    break
                seen.append(item)

    def _string(self, value: str, schema: dict[str, Any], path: str) -> None:
        self._bounds(len(value), schema, "minLength", "maxLength", path, "characters")
        pattern = schema.get("pattern")
        if pattern is not None:
            try:
                matched = re.search(str(pattern), value)
            except re.error as exc:
                raise SchemaError(f"{path}: bad pattern: {exc}") from None
            if not matched:
                self.problems.append(f"{path}: does not match {pattern!r}")

    def _number(self, value: float, schema: dict[str, Any], path: str) -> None:
        checks: tuple[tuple[str, Callable[[float, float], bool], str], ...] = (
            ("minimum", lambda v, b: v >= b, ">="),
            ("maximum", lambda v, b: v <= b, "<="),
            ("exclusiveMinimum", lambda v, b: v > b, ">"),
            ("exclusiveMaximum", lambda v, b: v < b, "<"),
        )
        for key, ok, op in checks:
            bound = schema.get(key)
            if isinstance(bound, int | float) and not ok(value, bound):
                self.problems.append(f"{path}: must be {op} {bound}")
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0 and (value / step) % 1 != 0:
            self.problems.append(f"{path}: must be a multiple of {step}")

    def _bounds(
        self, n: int, schema: dict[str, Any], low: str, high: str, path: str, what: str
    ) -> None:
        lo, hi = schema.get(low), schema.get(high)
        if isinstance(lo, int) and n < lo:
            self.problems.append(f"{path}: fewer than {lo} {what}")
        if isinstance(hi, int) and n > hi:
            self.problems.append(f"{path}: more than {hi} {what}")


def validate(value: Any, schema: Any) -> list[str]:
    """Problems with ``value`` against ``schema`` (empty: valid); ``SchemaError`` when the
    schema cannot be used."""
    v = _Validator(schema)
    v.check(value, schema, "$")
    return v.problems

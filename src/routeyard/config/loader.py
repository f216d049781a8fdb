"""Load a YAML config: ``${ENV}`` interpolation, validation, errors that name path and line."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from routeyard.config.schema import Config, CrossReferenceError

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path or '<root>'}"
        if self.line is not None:
            where += f" (line {self.line})"
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """The config file is invalid; ``problems`` lists every issue with its path and line."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid config {source}:\n{lines}")


def load_config(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Config:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(p), [Problem("", None, f"cannot read: {exc.strerror}")]) from None
    return parse_config(text, source=str(p), env=os.environ if env is None else env)


def parse_config(text: str, *, source: str = "<string>", env: Mapping[str, str]) -> Config:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(source, [Problem("", line, f"YAML syntax: {exc}")]) from None
    if root is None:
        raise ConfigError(source, [Problem("", None, "the file is empty")])
    lines: dict[PathKey, int] = {}
    problems: list[Problem] = []
    data = _to_data(root, (), lines, env, problems)
    if problems:
        raise ConfigError(source, problems)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(source, _problems(exc, lines)) from None


def _to_data(
    node: yaml.Node,
    path: PathKey,
    lines: dict[PathKey, int],
    env: Mapping[str, str],
    problems: list[Problem],
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(yaml.safe_load(yaml.serialize(key_node)))
            if key in out:
                problems.append(
                    Problem(_dotted((*path, key)), key_node.start_mark.line + 1, "duplicate key")
                )
            out[key] = _to_data(value_node, (*path, key), lines, env, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_data(item, (*path, i), lines, env, problems) for i, item in enumerate(node.value)
        ]
    value = yaml.safe_load(yaml.serialize(node))
    if isinstance(value, str) and "${" in value:
        return _interpolate(value, path, lines[path], env, problems)
    return value


def _interpolate(
    value: str, path: PathKey, line: int, env: Mapping[str, str], problems: list[Problem]
) -> str:
    def sub(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env:
            return env[name]
        if default is not None:
            return default
        problems.append(Problem(_dotted(path), line, f"environment variable {name} is not set"))
        return ""

    return _ENV.sub(sub, value)


def _problems(exc: ValidationError, lines: dict[PathKey, int]) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors():
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, CrossReferenceError):
            for text in cause.problems:
                dotted, _, message = text.partition(": ")
                key = _parse_dotted(dotted)
                out.append(Problem(dotted, _line_for(key, lines), message))
            continue
        loc = tuple(err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        out.append(Problem(_dotted(loc), _line_for(loc, lines), message))
    return out


def _line_for(path: PathKey, lines: dict[PathKey, int]) -> int | None:
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def _dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


def _parse_dotted(dotted: str) -> PathKey:
    return tuple(int(p) if p.isdigit() else p for p in dotted.split(".") if p)

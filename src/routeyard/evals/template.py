"""Rubric templates: ``$name`` substitution of known fields, nothing else.

A template is data, not code: no attribute access, no calls, no loops, and values are inserted
once (a ``$answer`` inside the answer stays literal text). Unknown names are refused up front.

>>> render("Grade: $answer ($$1 each)", {"answer": "costs $prompt"}, ("answer",))
'Grade: costs $prompt ($1 each)'
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping

_PLACEHOLDER = re.compile(r"\$(?:(\$)|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\}|)")


class TemplateError(ValueError):
    """A template names a field that does not exist, or has a stray ``$``."""


def check_template(template: str, fields: Iterable[str]) -> None:
    known = set(fields)
    for match in _PLACEHOLDER.finditer(template):
        escaped, bare, braced = match.groups()
        if escaped:
            continue
        name = bare or braced
        if name is None:
            raise TemplateError(f"a lone '$' at offset {match.start()}: write $$ for a dollar sign")
        if name not in known:
            raise TemplateError(f"unknown field ${name}; use one of {', '.join(sorted(known))}")


def render(template: str, values: Mapping[str, str], fields: Iterable[str]) -> str:
    """``template`` with each ``$name`` / ``${name}`` replaced by ``values[name]`` ("" when
    absent), ``$$`` by ``$``; raises ``TemplateError`` for names outside ``fields``."""
    check_template(template, fields)

    def substitute(match: re.Match[str]) -> str:
        escaped, bare, braced = match.groups()
        if escaped:
            return "$"
        return values.get(bare or braced or "", "")

    return _PLACEHOLDER.sub(substitute, template)


def fence(text: str, label: str) -> str:
    """``text`` between two marker lines that cannot occur inside it (a random tag), so a
    judged answer cannot close its fence early and speak as the instructions."""
    tag = secrets.token_hex(4)
    while tag in text:  # pragma: no cover - 1 in 4 billion per attempt
        tag = secrets.token_hex(4)
    begin, end = f"<<<{label}-{tag}>>>", f"<<<END-{label}-{tag}>>>"
    return f"{begin}\n{text}\n{end}"

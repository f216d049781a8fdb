"""Message ids in each API's customary form (``chatcmpl-…`` / ``msg_…``).

A foreign id is prefixed, and a prefixed id loses the prefix again on the way back, so an id
survives a round trip: ``msg_1`` → ``chatcmpl-msg_1`` → ``msg_1``.
"""

from __future__ import annotations

import uuid

_OPENAI = "chatcmpl-"
_ANTHROPIC = "msg_"


def openai_id(source: object) -> str:
    if not isinstance(source, str) or not source:
        return f"{_OPENAI}{uuid.uuid4().hex}"
    if source.startswith(_OPENAI):
        return source
    if source.startswith(_ANTHROPIC + _OPENAI):
        return source[len(_ANTHROPIC) :]
    return _OPENAI + source


def anthropic_id(source: object) -> str:
    if not isinstance(source, str) or not source:
        return f"{_ANTHROPIC}{uuid.uuid4().hex}"
    if source.startswith(_OPENAI + _ANTHROPIC):
        return source[len(_OPENAI) :]
    if source.startswith(_ANTHROPIC):
        return source
    return _ANTHROPIC + source

"""What a simulated model answers to one request, before any wire format is applied.

The answer depends only on the model, the request and the seed, so a repeated request gets
the same text, streamed or not, with the same usage numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import orjson

from routeyard.simulator.answers import AnswerBook
from routeyard.simulator.request import SimRequest, ToolDef
from routeyard.simulator.schema_fill import placeholder
from routeyard.simulator.spec import SimModel
from routeyard.simulator.wordgen import generate_tokens, split_tokens, stable_key

Finish = Literal["stop", "length", "tool_calls"]

_RESULT_SNIPPET_CHARS = 200


@dataclass(frozen=True, slots=True)
class ToolCall:
    name: str
    arguments: str
    """The arguments as JSON text, as both APIs stream them."""


@dataclass(frozen=True, slots=True)
class Reply:
    chunks: tuple[str, ...]
    """Streamed content chunks: text pieces, or argument fragments of ``tool_call``."""
    tool_call: ToolCall | None
    finish: Finish
    prompt_tokens: int
    completion_tokens: int
    score: float | None
    """The routing-eval score of this answer, when it came from data."""

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def plan_reply(
    req: SimRequest, model: SimModel, book: AnswerBook, *, seed: int, chunk_tokens: int
) -> Reply:
    prompt_tokens = req.prompt_tokens()
    tool = _tool_to_call(req)
    if tool is not None:
        args = placeholder(tool.schema) if tool.schema else {}
        arguments = orjson.dumps(args if isinstance(args, dict) else {}).decode()
        step = 4 * chunk_tokens
        fragments = tuple(arguments[i : i + step] for i in range(0, len(arguments), step))
        tokens = max(1, -(-(len(tool.name) + len(arguments)) // 4))
        call = ToolCall(tool.name, arguments)
        return Reply(fragments, call, "tool_calls", prompt_tokens, tokens, None)

    score: float | None = None
    output: str | None = None
    if model.data_model is not None:
        convo = req.conversation
        found = book.lookup(convo.last_user, model.data_model)
        if found is None and convo.first_user and convo.first_user != convo.last_user:
            found = book.lookup(convo.first_user, model.data_model)
        if found is not None:
            score, output = found.score, found.output
    key = stable_key(model.name, str(seed), req.text)
    words = _answer_tokens(req, model, key, output)
    finish: Finish = "stop"
    if req.max_tokens is not None and len(words) > req.max_tokens:
        words = words[: req.max_tokens]
        finish = "length"
    chunks = tuple("".join(words[i : i + chunk_tokens]) for i in range(0, len(words), chunk_tokens))
    return Reply(chunks, None, finish, prompt_tokens, len(words), score)


def _tool_to_call(req: SimRequest) -> ToolDef | None:
    choice = req.tool_choice
    if not req.tools or choice.mode == "none" or req.conversation.tool_result is not None:
        return None
    if choice.mode == "forced":
        return next((t for t in req.tools if t.name == choice.name), None)
    said = req.conversation.last_user.lower()
    mentioned = next((t for t in req.tools if t.name.lower() in said), None)
    if mentioned is not None:
        return mentioned
    return req.tools[0] if choice.mode == "required" else None


def _answer_tokens(req: SimRequest, model: SimModel, key: bytes, output: str | None) -> list[str]:
    if req.json_mode is not None:
        schema = req.json_mode.schema
        if schema is not None:
            value = placeholder(schema)
        else:
            value = {"answer": "".join(generate_tokens(key, model.answer_tokens))}
        return split_tokens(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())
    result = req.conversation.tool_result
    if result is not None:
        snippet = " ".join(result.split())[:_RESULT_SNIPPET_CHARS]
        lead = split_tokens(f'The tool returned "{snippet}".')
        rest = generate_tokens(key, max(model.answer_tokens - len(lead), 1))
        return [*lead, " " + rest[0], *rest[1:]]
    if output is not None:
        return split_tokens(output)
    return generate_tokens(key, model.answer_tokens)

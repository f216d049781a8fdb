"""The examples in the translate docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "completions",
    "errors",
    "requests_anthropic_to_openai",
    "requests_openai_to_anthropic",
    "requests_responses_to_openai",
    "sse",
    "stop_reasons",
    "streams_anthropic_to_openai",
    "streams_openai_to_anthropic",
    "usage",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"routeyard.translate.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0

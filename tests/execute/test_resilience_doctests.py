"""The examples in the resilience modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["backoff", "breaker", "deadline", "health", "moves", "retry_budget", "window"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"routeyard.execute.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0

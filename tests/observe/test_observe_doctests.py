"""The examples in the observe modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["schema", "prometheus", "request_log", "stats_query", "log_factory"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"routeyard.observe.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0

"""Execution: walk the decision's candidates, fall back on failure, keep the commit point."""

from routeyard.execute.attempts import Attempt
from routeyard.execute.executor import Executor, StreamStart

__all__ = ["Attempt", "Executor", "StreamStart"]

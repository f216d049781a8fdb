"""Observe: what each request cost and how it went, fed to sinks owned by one router."""

from typing import Protocol

from routeyard.observe.cost import cost_usd
from routeyard.observe.record import RequestRecord
from routeyard.observe.stats import StatsSink, percentile


class Sink(Protocol):
    def record(self, rec: RequestRecord) -> None: ...


__all__ = ["RequestRecord", "Sink", "StatsSink", "cost_usd", "percentile"]

"""A small Prometheus registry: counters, gauges, fixed-bucket histograms, scrape-time callbacks.

Why not ``prometheus_client``: its default registry is process-wide (two routers in one process
would share series, the LiteLLM problem), and every ``labels(...).inc()`` takes a lock and
builds a child object per call. Here each router owns a ``Registry``; an update is a dict
lookup and an add on a tuple of label values (updates come from one thread, the event loop;
``render`` may run on it too). Output is the text exposition format, version 0.0.4.

>>> r = Registry()
>>> hits = r.counter("demo_hits_total", "Hits by path.", ("path",))
>>> hits.inc(("/a",))
>>> hits.inc(("/a",), 2)
>>> print(r.render().decode(), end="")
# HELP demo_hits_total Hits by path.
# TYPE demo_hits_total counter
demo_hits_total{path="/a"} 3.0
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Labels = tuple[str, ...]
Sample = tuple[str, str, float]  # (name suffix, rendered labels, value)
MetricType = Literal["counter", "gauge", "histogram"]

_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def format_value(value: float) -> str:
    """A sample value as Prometheus writes it (``+Inf``, ``-Inf``, ``NaN``)."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(float(value))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render_labels(names: Iterable[str], values: Iterable[str]) -> str:
    pairs = ",".join(f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True))
    return f"{{{pairs}}}" if pairs else ""


class Metric:
    """One metric family: a name, a help text, a type and its label names."""

    type: MetricType

    def __init__(self, name: str, help: str, labelnames: Labels = ()) -> None:
        if not _NAME.match(name):
            raise ValueError(f"invalid metric name {name!r}")
        for label in labelnames:
            if not _LABEL.match(label) or label.startswith("__"):
                raise ValueError(f"invalid label name {label!r} on {name}")
        self.name = name
        self.help = help
        self.labelnames = labelnames
        self._rendered: dict[Labels, str] = {}

    def _labels(self, labels: Labels) -> str:
        """Rendered once per label set; also where a wrong number of values is caught."""
        text = self._rendered.get(labels)
        if text is None:
            if len(labels) != len(self.labelnames):
                raise ValueError(f"{self.name} takes labels {self.labelnames}, got {labels}")
            text = self._rendered[labels] = render_labels(self.labelnames, labels)
        return text

    def samples(self) -> Iterator[Sample]:
        raise NotImplementedError

    def render(self) -> str:
        help_text = self.help.replace("\\", "\\\\").replace("\n", "\\n")
        lines = [f"# HELP {self.name} {help_text}", f"# TYPE {self.name} {self.type}"]
        lines.extend(f"{self.name}{s}{lb} {format_value(v)}" for s, lb, v in self.samples())
        return "\n".join(lines) + "\n"


class Counter(Metric):
    """Only goes up. ``inc(labels, amount)`` with the label values in ``labelnames`` order."""

    type: MetricType = "counter"

    def __init__(self, name: str, help: str, labelnames: Labels = ()) -> None:
        super().__init__(name, help, labelnames)
        self._values: dict[Labels, float] = {}

    def inc(self, labels: Labels = (), amount: float = 1.0) -> None:
        try:
            self._values[labels] += amount
        except KeyError:
            self._labels(labels)
            self._values[labels] = amount

    def value(self, labels: Labels = ()) -> float:
        return self._values.get(labels, 0.0)

    def samples(self) -> Iterator[Sample]:
        for labels, value in list(self._values.items()):
            yield "", self._labels(labels), value


class Gauge(Counter):
    """Goes up and down."""

    type: MetricType = "gauge"

    def set(self, labels: Labels, value: float) -> None:
        self._labels(labels)
        self._values[labels] = value


class Histogram(Metric):
    """Counts observations into fixed buckets (upper bounds, inclusive), plus sum and count."""

    type: MetricType = "histogram"

    def __init__(
        self, name: str, help: str, labelnames: Labels = (), *, buckets: Iterable[float]
    ) -> None:
        super().__init__(name, help, labelnames)
        if "le" in labelnames:
            raise ValueError("'le' is reserved for histogram buckets")
        bounds = tuple(sorted(float(b) for b in buckets if not math.isinf(b)))
        if not bounds or len(set(bounds)) != len(bounds):
            raise ValueError(f"{name}: buckets must be distinct and finite")
        self.bounds = bounds
        self._le = (*(format_value(b) for b in bounds), "+Inf")
        self._counts: dict[Labels, list[int]] = {}
        self._sums: dict[Labels, float] = {}

    def observe(self, labels: Labels, value: float) -> None:
        counts = self._counts.get(labels)
        if counts is None:
            self._labels(labels)
            counts = self._counts[labels] = [0] * (len(self.bounds) + 1)
            self._sums[labels] = 0.0
        counts[bisect_left(self.bounds, value)] += 1
        self._sums[labels] += value

    def count(self, labels: Labels = ()) -> int:
        return sum(self._counts.get(labels, ()))

    def samples(self) -> Iterator[Sample]:
        names = (*self.labelnames, "le")
        for labels, counts in list(self._counts.items()):
            cumulative = 0
            for le, n in zip(self._le, counts, strict=True):
                cumulative += n
                yield "_bucket", render_labels(names, (*labels, le)), float(cumulative)
            rendered = self._labels(labels)
            yield "_sum", rendered, self._sums[labels]
            yield "_count", rendered, float(cumulative)


class CallbackMetric(Metric):
    """Values read at scrape time from ``collect()``: (label values, value) pairs."""

    def __init__(
        self,
        name: str,
        help: str,
        labelnames: Labels,
        type: Literal["counter", "gauge"],
        collect: Callable[[], Iterable[tuple[Labels, float]]],
    ) -> None:
        super().__init__(name, help, labelnames)
        self.type = type
        self._collect = collect

    def samples(self) -> Iterator[Sample]:
        for labels, value in self._collect():
            yield "", render_labels(self.labelnames, labels), value


class Registry:
    """The metrics of one router; ``render()`` is the body of a ``/metrics`` response."""

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}

    def register(self, metric: Metric) -> None:
        if metric.name in self._metrics:
            raise ValueError(f"metric {metric.name} is already registered")
        self._metrics[metric.name] = metric

    def counter(self, name: str, help: str, labelnames: Labels = ()) -> Counter:
        metric = Counter(name, help, labelnames)
        self.register(metric)
        return metric

    def gauge(self, name: str, help: str, labelnames: Labels = ()) -> Gauge:
        metric = Gauge(name, help, labelnames)
        self.register(metric)
        return metric

    def histogram(
        self, name: str, help: str, labelnames: Labels = (), *, buckets: Iterable[float]
    ) -> Histogram:
        metric = Histogram(name, help, labelnames, buckets=buckets)
        self.register(metric)
        return metric

    def callback(
        self,
        name: str,
        help: str,
        labelnames: Labels,
        collect: Callable[[], Iterable[tuple[Labels, float]]],
        *,
        type: Literal["counter", "gauge"] = "gauge",
    ) -> CallbackMetric:
        metric = CallbackMetric(name, help, labelnames, type, collect)
        self.register(metric)
        return metric

    def families(self) -> list[tuple[str, str, Labels]]:
        """(name, type, label names) of every registered metric, in registration order."""
        return [(m.name, m.type, m.labelnames) for m in self._metrics.values()]

    def render(self) -> bytes:
        """Every metric in the text format. A callback that raises is left out (and the
        scrape still succeeds), so a broken collector cannot hide the other metrics."""
        parts = []
        for metric in list(self._metrics.values()):
            try:
                parts.append(metric.render())
            except Exception:
                continue
        return "".join(parts).encode()

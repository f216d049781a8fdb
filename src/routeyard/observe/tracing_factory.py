"""Build the tracing sink when configured, importing OpenTelemetry only then.

>>> from routeyard.config.observe import TracingConfig
>>> build_tracing_sink(TracingConfig(), None) is None  # off by default: nothing imported
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from routeyard.config.observe import TracingConfig
from routeyard.observe.record import RequestRecord

if TYPE_CHECKING:
    from routeyard.config.schema import Config


class TracingSinkLike(Protocol):
    def record(self, rec: RequestRecord) -> None: ...

    def close(self) -> None: ...


class TracingUnavailable(RuntimeError):
    """Tracing is enabled but the ``otel`` extra is not installed."""


def build_tracing_sink(
    cfg: TracingConfig, config: Config | None, *, simulator_url: str | None = None
) -> TracingSinkLike | None:
    if not cfg.enabled:
        return None
    assert config is not None
    try:
        from routeyard.observe.tracing import build_tracing
    except ImportError as exc:  # the otel extra is optional
        raise TracingUnavailable(
            f"observe.tracing.enabled needs OpenTelemetry: pip install 'routeyard[otel]' ({exc})"
        ) from None
    return build_tracing(cfg, config, simulator_url=simulator_url)

import pydantic
import pytest

from routeyard.config.observe import MetricsConfig, ObserveConfig, RequestLogConfig
from routeyard.observe.journal import DurableRequestLogSink
from routeyard.observe.log_factory import build_request_log
from routeyard.observe.request_log import RequestLogSink


def test_defaults() -> None:
    cfg = ObserveConfig()
    assert cfg.request_log.backend == "sqlite" and cfg.request_log.path == "routeyard.db"
    assert cfg.request_log.resolved_spill_path() == "routeyard.db.spill.jsonl"
    assert (
        cfg.request_log.durable is False and cfg.metrics.enabled and cfg.metrics.path == "/metrics"
    )


def test_strict_and_frozen() -> None:
    with pytest.raises(pydantic.ValidationError, match="extra"):
        RequestLogConfig(queue=5)  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError, match="dsn is required"):
        RequestLogConfig(backend="postgres")
    with pytest.raises(pydantic.ValidationError):
        RequestLogConfig(queue_size=0)
    cfg = RequestLogConfig()
    with pytest.raises(pydantic.ValidationError):
        cfg.queue_size = 3


def test_every_field_is_described() -> None:
    for model in (ObserveConfig, RequestLogConfig, MetricsConfig):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"


def test_the_dsn_is_secret() -> None:
    cfg = RequestLogConfig(backend="postgres", dsn="postgresql://u:hunter2@db/x")  # type: ignore[arg-type]
    assert "hunter2" not in repr(cfg) and "hunter2" not in str(cfg.model_dump())
    assert cfg.resolved_spill_path() == "routeyard-requests.spill.jsonl"


def test_factory_builds_the_configured_sink(tmp_path: object) -> None:
    assert build_request_log(RequestLogConfig(backend="off")) is None
    assert isinstance(build_request_log(RequestLogConfig()), RequestLogSink)
    durable = build_request_log(RequestLogConfig(durable=True, spill_path="x/spill.jsonl"))
    assert isinstance(durable, DurableRequestLogSink)
    assert str(durable.dir) == "x/spill.jsonl.journal"

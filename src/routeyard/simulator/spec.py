"""What the simulator plays: its models, their speed, and the faults they inject.

A spec is plain validated data; load one from YAML/JSON with :func:`load_spec` or start from
:func:`default_spec`::

    spec = default_spec()
    spec.models[0].faults = FaultSpec(error_rate=0.1)
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import orjson
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class FaultSpec(BaseModel):
    """Faults one model injects. Every field defaults to "healthy"."""

    model_config = ConfigDict(extra="forbid")

    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    """Fraction of requests answered with ``error_status``."""
    error_status: int = Field(default=500, ge=400, le=599)
    error_code: str | None = None
    """``code`` in the body of ``error_rate`` errors, e.g. ``content_filter`` or
    ``context_length_exceeded`` (OpenAI wire; the Anthropic error shape has no code)."""
    error_message: str | None = None
    """Text of ``error_rate`` errors instead of ``Injected error (status).``"""
    rate_limit_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    """Fraction of requests answered 429."""
    retry_after_s: float | None = Field(default=1.0, ge=0.0)
    """``Retry-After`` on 429 and 503 answers; None sends no header."""
    outage: bool = False
    """While true, every request is answered 503."""
    outage_windows: list[tuple[float, float]] = Field(default_factory=list)
    """``[start_s, end_s)`` spans, relative to server start, answered 503."""
    hang_before_headers_s: float = Field(default=0.0, ge=0.0)
    stall_after_chunks: int | None = Field(default=None, ge=0)
    """Streaming: after N content chunks send nothing more, keeping the connection open."""
    error_after_chunks: int | None = Field(default=None, ge=0)
    """Streaming: after N content chunks send an in-band error event and end the stream."""
    cut_after_chunks: int | None = Field(default=None, ge=0)
    """Streaming: after N content chunks close the connection mid-body."""
    error_in_first_event: bool = False
    """Streaming: answer 200 ``text/event-stream`` whose first event is an error."""
    reset_connection: bool = False
    """Abort the connection with a TCP reset (RST) as soon as the request has arrived."""
    cut_body: Literal["close", "truncate"] | None = None
    """Non-streaming: send only the first half of the JSON answer. ``close``: announce the
    whole length, then close the connection mid-body; ``truncate``: a well-framed response
    whose body is the half-JSON."""

    @model_validator(mode="after")
    def _windows_ordered(self) -> FaultSpec:
        for i, (start, end) in enumerate(self.outage_windows):
            if end < start:
                raise ValueError(f"outage_windows[{i}]: end {end} is before start {start}")
        return self


class SimModel(BaseModel):
    """One simulated model, addressed by ``name``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    ttft_ms: float = Field(default=0.0, ge=0.0)
    """Delay before the first content (non-streaming: before the body)."""
    tokens_per_s: float = Field(default=0.0, ge=0.0)
    """Generation speed; 0 means no delay between chunks."""
    answer_tokens: int = Field(default=40, ge=1)
    context_window: int = Field(default=128000, ge=1)
    data_model: str | None = None
    """This model's name in the routing-eval data, to look up outputs and scores."""
    report_usage: bool = True
    faults: FaultSpec = Field(default_factory=FaultSpec)


class SimulatorSpec(BaseModel):
    """The whole simulator: models, optional routing-eval data, and the seed."""

    model_config = ConfigDict(extra="forbid")

    models: list[SimModel] = Field(min_length=1)
    data_files: list[str] = Field(default_factory=list)
    """Routing-eval JSONL files; read lazily, on the first request that needs them."""
    seed: int = 0
    chunk_tokens: int = Field(default=1, ge=1)
    """Tokens per streamed content chunk."""

    @model_validator(mode="after")
    def _unique_names(self) -> SimulatorSpec:
        seen: set[str] = set()
        for i, model in enumerate(self.models):
            if model.name in seen:
                raise ValueError(f"models[{i}].name: duplicate model name {model.name!r}")
            seen.add(model.name)
        return self


def load_spec(path: str) -> SimulatorSpec:
    """Read a spec from a YAML or JSON file; relative ``data_files`` resolve against its folder."""
    file = Path(path)
    text = file.read_bytes()
    raw = orjson.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    try:
        spec = SimulatorSpec.model_validate(raw)
    except ValidationError as err:
        raise ValueError(f"{path}: invalid simulator spec: {err}") from None
    base = file.resolve().parent
    spec.data_files = [str(base / name) for name in spec.data_files]
    return spec


def default_spec() -> SimulatorSpec:
    """Three models from fast-and-small to slow-and-large, with no faults and no data files.

    Each ``data_model`` is the ``quality_as`` of the same model in the embedded default
    (``config/default.yaml``), so a simulated answer from routing-eval data and the local
    model's prediction for that model are about the same model."""
    return SimulatorSpec(
        models=[
            SimModel(
                name="sim-small",
                ttft_ms=20,
                tokens_per_s=400,
                answer_tokens=40,
                context_window=16000,
                data_model="llama-3.1-8b-instruct",
            ),
            SimModel(
                name="sim-medium",
                ttft_ms=60,
                tokens_per_s=150,
                answer_tokens=60,
                context_window=64000,
                data_model="llama-3.3-nemotron-super-49b-v1",
            ),
            SimModel(
                name="sim-large",
                ttft_ms=150,
                tokens_per_s=60,
                answer_tokens=80,
                context_window=128000,
                data_model="llama-3.1-nemotron-51b-instruct",
            ),
            # Answers POST /v1/embeddings (every model does; this one is configured for it).
            SimModel(name="sim-embed", ttft_ms=5, tokens_per_s=0, answer_tokens=1),
        ]
    )

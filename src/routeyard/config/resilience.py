"""Resilience settings: circuit breakers, retries, live health, hedging and the request deadline.

Defaults follow design §3 (drawn from Envoy, Hystrix/Resilience4j, LiteLLM and TensorZero). Every
field's description is rendered into the configuration reference, so it says what the knob does
and when to turn it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BreakerConfig(_Strict):
    """A circuit breaker per deployment: stop calling a failing upstream, probe it after a cooldown.

    CLOSED trips to OPEN on a run of consecutive failures or a high failure rate; OPEN rejects
    calls until its cooldown ends; HALF_OPEN lets a few probes through: a success closes the
    breaker, a failure (or a probe that never reports) re-opens it with a doubled cooldown.
    """

    consecutive_failures: int = Field(
        default=5, ge=1, description="Trip after this many failures in a row."
    )
    failure_rate: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="Trip when at least this share of the calls in the window failed.",
    )
    min_requests: int = Field(
        default=20,
        ge=1,
        description="The failure rate counts only once the window holds this many calls.",
    )
    window_s: float = Field(
        default=10.0, gt=0, description="Seconds of calls the failure rate is computed over."
    )
    cooldown_s: float = Field(
        default=5.0,
        gt=0,
        description="Seconds an opened breaker rejects calls before it admits a probe.",
    )
    max_cooldown_s: float = Field(
        default=60.0,
        gt=0,
        description="The cooldown doubles each time a probe fails, up to this; a success resets "
        "it to cooldown_s.",
    )
    half_open_probes: int = Field(
        default=1, ge=1, description="Probes allowed in flight at once while half-open."
    )
    probe_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="A probe that has not reported after this long counts as failed, so a hung "
        "probe never leaves the breaker half-open.",
    )

    @model_validator(mode="after")
    def _cooldowns_ordered(self) -> BreakerConfig:
        if self.max_cooldown_s < self.cooldown_s:
            raise ValueError("max_cooldown_s must be at least cooldown_s")
        return self


class RetryConfig(_Strict):
    """Retries of failed attempts: how many, how long to wait, and how many the gateway can afford.

    Waits use full jitter: a uniform draw from zero to ``backoff_min_s × 2^retry``, capped at
    ``backoff_max_s``. An upstream's ``Retry-After`` is honoured when it is at most
    ``max_retry_after_s``; a longer one makes the request fail over (or return 429) at once.
    """

    max_attempts_per_candidate: int = Field(
        default=2,
        ge=1,
        description="Attempts on one candidate (the first one included) before failing over.",
    )
    backoff_min_s: float = Field(
        default=0.025, gt=0, description="Full-jitter ceiling for the first retry, in seconds."
    )
    backoff_max_s: float = Field(
        default=0.25, gt=0, description="The full-jitter ceiling never grows past this."
    )
    max_retry_after_s: float = Field(
        default=60.0,
        ge=0,
        description="Longest upstream Retry-After to wait for; longer: fail over or return 429 "
        "with Retry-After.",
    )
    budget_ratio: float = Field(
        default=0.2,
        ge=0,
        description="Retries (and fail-overs) in flight at most this share of active requests.",
    )
    budget_floor: int = Field(
        default=3,
        ge=0,
        description="Retries always allowed, however few requests are active.",
    )
    budget_window_s: float | None = Field(
        default=10.0,
        gt=0,
        description="Also cap retries started in this many seconds at budget_ratio × requests "
        "started in them (at least budget_floor), so retries add at most that share of "
        "upstream calls; null: cap only concurrent retries.",
    )

    @model_validator(mode="after")
    def _backoff_ordered(self) -> RetryConfig:
        if self.backoff_max_s < self.backoff_min_s:
            raise ValueError("backoff_max_s must be at least backoff_min_s")
        return self


class HealthConfig(_Strict):
    """Live health per deployment (moving averages): the policy demotes a slow or failing one.

    That happens before its breaker trips, on trends rather than a run of hard failures.
    """

    ewma_alpha: float = Field(
        default=0.2,
        gt=0,
        le=1,
        description="Weight of the newest sample in each moving average (higher reacts faster).",
    )
    demote_error_rate: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="Demote a deployment whose averaged error rate reaches this.",
    )
    demote_latency_factor: float | None = Field(
        default=None,
        gt=1,
        description="Demote a deployment whose averaged latency reaches this multiple of the "
        "fastest healthy peer's. Off by default: a route's candidates differ in size, and a "
        "large model is slower than a small one by nature, not because it is failing.",
    )
    min_samples: int = Field(
        default=5, ge=1, description="Judge a deployment only after this many samples."
    )
    forget_after_s: float = Field(
        default=30.0,
        gt=0,
        description="A deployment with no samples for this long starts afresh, so a demoted one "
        "gets traffic again.",
    )


class HedgeConfig(_Strict):
    """Hedged requests: when the first candidate is slow to send its first byte, race the next."""

    delay_s: float | None = Field(
        default=None,
        gt=0,
        description="Start the next candidate if no first byte arrived after this many seconds; "
        "the first to answer wins and the other is cancelled. null: no hedging.",
    )


class ResilienceConfig(_Strict):
    """How the execution layer keeps answering when upstreams fail."""

    deadline_s: float = Field(
        default=120.0,
        gt=0,
        description="The whole request (every attempt, wait and fallback) must finish in this.",
    )
    breaker: BreakerConfig = Field(
        default_factory=BreakerConfig, description="Circuit breaker per deployment."
    )
    retry: RetryConfig = Field(
        default_factory=RetryConfig, description="Retries, backoff and the retry budget."
    )
    health: HealthConfig = Field(
        default_factory=HealthConfig, description="Live health used to demote deployments."
    )
    hedge: HedgeConfig = Field(
        default_factory=HedgeConfig, description="Hedged requests (off by default)."
    )
    heartbeat_s: float | None = Field(
        default=15.0,
        gt=0,
        description="Streaming: if no candidate has produced a first chunk after this long, send "
        "the response head and an SSE comment every heartbeat_s so proxies keep the connection "
        "open. From then on a failure of every candidate ends the stream with an in-band error "
        "event instead of an HTTP error status. null: never.",
    )

import asyncio
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest

from routeyard.config import default_config
from routeyard.errors import (
    InvalidRequest,
    NoCandidateAvailable,
    RateLimited,
    UpstreamError,
    UpstreamFailed,
)
from routeyard.execute import Executor
from routeyard.policy import Candidate, RoutingDecision
from routeyard.providers import Call, Completion, Usage


class FakeStream:
    def __init__(self, chunks: list[dict[str, Any]], fail_at: int | None = None) -> None:
        self._chunks = chunks
        self._fail_at = fail_at
        self._i = 0
        self.closed = False

    @property
    def usage(self) -> Usage | None:
        return Usage(1, 0, len(self._chunks))

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        return self

    async def __anext__(self) -> dict[str, Any]:
        if self._fail_at is not None and self._i == self._fail_at:
            raise UpstreamError("stream_error", "boom")
        if self._i >= len(self._chunks):
            raise StopAsyncIteration
        self._i += 1
        return self._chunks[self._i - 1]

    @property
    def failure(self) -> UpstreamError | None:
        return None

    async def aclose(self) -> None:
        self.closed = True


class FakeProvider:
    """Answers per upstream model id from a script: an UpstreamError to raise, or ok."""

    def __init__(self, script: dict[str, UpstreamError | None]) -> None:
        self.script = script
        self.calls: list[str] = []
        self.streams: list[FakeStream] = []

    async def complete(self, call: Call) -> Completion:
        self.calls.append(call.model)
        err = self.script.get(call.model)
        if err is not None:
            raise err
        return Completion({"model": call.model, "choices": []}, Usage(10, 0, 5))

    async def stream(self, call: Call) -> FakeStream:
        self.calls.append(call.model)
        err = self.script.get(call.model)
        fail_first = err is not None and err.kind == "stream_error"
        if err is not None and not fail_first:
            raise err
        s = FakeStream([{"n": 1}, {"n": 2}], fail_at=0 if fail_first else None)
        self.streams.append(s)
        return s


def decision(*models: str) -> RoutingDecision:
    return RoutingDecision("r", "test", [Candidate(m, "test") for m in models])


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def executor(
    script: dict[str, UpstreamError | None], sleeps: Sleeps | None = None
) -> tuple[Executor, FakeProvider]:
    provider = FakeProvider(script)
    ex = Executor(
        default_config(), {"sim": provider}, sleep=sleeps or Sleeps(), rng=random.Random(1)
    )
    return ex, provider


async def test_first_candidate_answers() -> None:
    ex, p = executor({})
    result, model, attempts = await ex.complete(decision("sim-small", "sim-large"), {})
    assert model == "sim-small"
    assert p.calls == ["sim-small"]
    assert [a.ok for a in attempts] == [True]
    assert result.usage.input_tokens == 10


@pytest.mark.parametrize(
    "err",
    [
        UpstreamError("connect", "refused"),
        UpstreamError("timeout", "slow"),
        UpstreamError("status", "oops", 503),
    ],
)
async def test_transient_failure_retries_then_falls_back(err: UpstreamError) -> None:
    sleeps = Sleeps()
    ex, p = executor({"sim-small": err}, sleeps)
    _, model, attempts = await ex.complete(decision("sim-small", "sim-medium"), {})
    assert model == "sim-medium"
    assert p.calls == ["sim-small", "sim-small", "sim-medium"]  # 2 attempts per candidate
    assert [a.ok for a in attempts] == [False, False, True]
    assert attempts[0].error == err.kind
    assert len(sleeps.delays) == 1
    assert 0 <= sleeps.delays[0] <= 0.25  # full jitter, capped


@pytest.mark.parametrize(
    "err",
    [
        UpstreamError("status", "bad key", 401),
        UpstreamError("status", "too long", 400, code="context_length_exceeded"),
        UpstreamError("status", "filtered", 400, code="content_filter"),
    ],
)
async def test_goes_straight_to_next_candidate(err: UpstreamError) -> None:
    ex, p = executor({"sim-small": err})
    _, model, _ = await ex.complete(decision("sim-small", "sim-medium"), {})
    assert model == "sim-medium"
    assert p.calls == ["sim-small", "sim-medium"]


async def test_retry_after_is_honoured() -> None:
    sleeps = Sleeps()
    ex, _p = executor(
        {"sim-small": UpstreamError("status", "slow down", 429, retry_after=4.0)}, sleeps
    )
    await ex.complete(decision("sim-small", "sim-medium"), {})
    assert sleeps.delays[0] >= 4.0


async def test_retry_after_over_the_cap_fails_over_at_once() -> None:
    sleeps = Sleeps()
    ex, p = executor(
        {"sim-small": UpstreamError("status", "later", 429, retry_after=600.0)}, sleeps
    )
    _, model, _ = await ex.complete(decision("sim-small", "sim-medium"), {})
    assert model == "sim-medium"
    assert sleeps.delays == []
    assert p.calls == ["sim-small", "sim-medium"]


async def test_disable_fallbacks() -> None:
    ex, p = executor({"sim-small": UpstreamError("status", "down", 500)})
    with pytest.raises(UpstreamFailed):
        await ex.complete(decision("sim-small", "sim-medium"), {}, disable_fallbacks=True)
    assert set(p.calls) == {"sim-small"}


async def test_breaker_opens_and_skips_then_fast_503() -> None:
    ex, p = executor({"sim-small": UpstreamError("status", "down", 500)})
    for _ in range(3):  # 2 attempts each: the 5th consecutive failure trips the breaker
        with pytest.raises(UpstreamFailed):
            await ex.complete(decision("sim-small"), {})
    calls = len(p.calls)
    assert calls == 5
    with pytest.raises(NoCandidateAvailable) as info:
        await ex.complete(decision("sim-small"), {})
    assert len(p.calls) == calls  # no upstream call while open
    assert info.value.retry_after is not None
    assert 0 < info.value.retry_after <= 5


async def test_client_error_returns_at_once() -> None:
    ex, p = executor({"sim-small": UpstreamError("status", "bad param", 400)})
    with pytest.raises(InvalidRequest, match="bad param") as info:
        await ex.complete(decision("sim-small", "sim-medium"), {})
    assert p.calls == ["sim-small"]
    assert len(info.value.attempts) == 1


async def test_all_fail() -> None:
    ex, p = executor({m: UpstreamError("status", "down", 500) for m in ("sim-small", "sim-medium")})
    with pytest.raises(UpstreamFailed) as info:
        await ex.complete(decision("sim-small", "sim-medium"), {})
    assert p.calls == ["sim-small", "sim-small", "sim-medium", "sim-medium"]
    assert "sim-small (status 500)" in info.value.message


async def test_all_rate_limited_keeps_retry_after() -> None:
    err = UpstreamError("status", "slow down", 429, retry_after=70.0)
    ex, _ = executor({"sim-small": err, "sim-medium": err})
    with pytest.raises(RateLimited) as info:
        await ex.complete(decision("sim-small", "sim-medium"), {})
    assert info.value.retry_after == 70.0


async def test_stream_falls_back_when_first_event_is_an_error() -> None:
    ex, p = executor({"sim-small": UpstreamError("stream_error", "first event error")})
    start = await ex.open_stream(decision("sim-small", "sim-medium"), {})
    assert start.model == "sim-medium"
    assert start.first == {"n": 1}
    assert p.streams[0].closed  # the failed stream's connection was released
    assert [a.ok for a in start.attempts] == [False, False, True]


async def test_stream_falls_back_on_connect_error() -> None:
    ex, p = executor({"sim-small": UpstreamError("connect", "refused")})
    start = await ex.open_stream(decision("sim-small", "sim-medium"), {})
    assert start.model == "sim-medium"
    assert p.calls == ["sim-small", "sim-small", "sim-medium"]


class SlowProvider(FakeProvider):
    """Like FakeProvider, but each model answers after its own delay (real asyncio time)."""

    def __init__(self, delays: dict[str, float]) -> None:
        super().__init__({})
        self.delays = delays
        self.cancelled: list[str] = []

    async def complete(self, call: Call) -> Completion:
        self.calls.append(call.model)
        try:
            await asyncio.sleep(self.delays.get(call.model, 0))
        except asyncio.CancelledError:
            self.cancelled.append(call.model)
            raise
        return Completion({"model": call.model, "choices": []}, Usage(1, 0, 1))


async def test_hedge_races_the_second_candidate_and_cancels_the_loser() -> None:
    provider = SlowProvider({"sim-small": 1.0, "sim-medium": 0.01})
    ex = Executor(default_config(), {"sim": provider}, sleep=Sleeps(), rng=random.Random(1))
    d = decision("sim-small", "sim-medium")
    d.hedge_after_s = 0.05
    _, model, attempts = await ex.complete(d, {})
    assert model == "sim-medium"
    assert provider.calls == ["sim-small", "sim-medium"]
    assert provider.cancelled == ["sim-small"]
    assert [a.error for a in attempts] == [None, "cancelled"]


async def test_hedge_not_needed_when_first_is_fast() -> None:
    provider = SlowProvider({"sim-small": 0.0, "sim-medium": 0.0})
    ex = Executor(default_config(), {"sim": provider}, sleep=Sleeps(), rng=random.Random(1))
    d = decision("sim-small", "sim-medium")
    d.hedge_after_s = 0.5
    _, model, _ = await ex.complete(d, {})
    assert model == "sim-small"
    assert provider.calls == ["sim-small"]

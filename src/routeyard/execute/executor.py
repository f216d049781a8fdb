"""Walks a RoutingDecision: one attempt per candidate, next candidate on a retryable failure.

This is the seam for the resilience layer (retries with backoff, breakers, deadlines, hedging):
it owns every upstream call, so those policies slot in here without touching ingress or policy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from routeyard.config.schema import Config
from routeyard.errors import GatewayError, UpstreamError
from routeyard.execute.attempts import Attempt, client_error, exhausted, is_client_error
from routeyard.policy.decision import RoutingDecision
from routeyard.providers.base import Call, ChunkStream, Completion, Provider


@dataclass(slots=True)
class StreamStart:
    """A stream whose first chunk arrived and is good: the caller may commit to it."""

    model: str
    first: dict[str, Any]
    rest: ChunkStream
    attempts: list[Attempt]


class Executor:
    def __init__(
        self,
        config: Config,
        providers: Mapping[str, Provider],
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._config = config
        self._providers = providers
        self._clock = clock

    def _call(self, model: str, body: dict[str, Any]) -> tuple[Provider, Call]:
        m = self._config.models[model]
        call = Call(
            model, m.model or model, body, self._config.timeouts_for(model), m.max_output_tokens
        )
        return self._providers[m.provider], call

    async def complete(
        self, decision: RoutingDecision, body: dict[str, Any]
    ) -> tuple[Completion, str, list[Attempt]]:
        attempts: list[Attempt] = []
        last: UpstreamError | None = None
        for candidate in decision.candidates:
            provider, call = self._call(candidate.model, body)
            started = self._clock()
            try:
                result = await provider.complete(call)
            except UpstreamError as err:
                attempts.append(self._failed(candidate.model, started, err))
                if is_client_error(err):
                    raise _with(client_error(err), attempts) from None
                last = err
                continue
            attempts.append(Attempt(candidate.model, True, (self._clock() - started) * 1000))
            return result, candidate.model, attempts
        raise _with(exhausted(attempts, last), attempts)

    async def open_stream(self, decision: RoutingDecision, body: dict[str, Any]) -> StreamStart:
        """Open streams candidate by candidate until one yields a good first chunk."""
        attempts: list[Attempt] = []
        last: UpstreamError | None = None
        for candidate in decision.candidates:
            provider, call = self._call(candidate.model, body)
            started = self._clock()
            stream: ChunkStream | None = None
            try:
                stream = await provider.stream(call)
                first = await anext(stream)
                if stream.failure is not None:  # already known bad: fall back, do not commit
                    raise stream.failure
            except StopAsyncIteration:
                err = UpstreamError("protocol", "upstream stream ended before any chunk")
            except UpstreamError as exc:
                err = exc
            except BaseException:
                if stream is not None:
                    await stream.aclose()
                raise
            else:
                attempts.append(Attempt(candidate.model, True, (self._clock() - started) * 1000))
                return StreamStart(candidate.model, first, stream, attempts)
            if stream is not None:
                await stream.aclose()
            attempts.append(self._failed(candidate.model, started, err))
            if is_client_error(err):
                raise _with(client_error(err), attempts) from None
            last = err
        raise _with(exhausted(attempts, last), attempts)

    def _failed(self, model: str, started: float, err: UpstreamError) -> Attempt:
        return Attempt(
            model, False, (self._clock() - started) * 1000, err.kind, err.status, err.message
        )


def _with(err: GatewayError, attempts: list[Attempt]) -> GatewayError:
    err.attempts = attempts
    return err

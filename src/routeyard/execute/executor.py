"""Walks a RoutingDecision: retries, fallbacks, breakers, budget and deadline, per design §2–3.

For each candidate in order (healthy ones first, open breakers skipped), an attempt either
succeeds, or its error decides the next move (``moves.next_move``): retry the same deployment
after a jittered backoff that honours ``Retry-After``, go to the next candidate (and maybe cool
this one down), or return the client's own error at once. Every attempt after a request's first
needs a slot from the shared retry budget, and nothing runs past the request's deadline.

Streams use the same walk; their attempt counts as a success only once the first chunk is in
hand and known good, which is the streaming commit point (the caller sends it).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from routeyard.config.schema import Config
from routeyard.errors import (
    DeadlineExceeded,
    GatewayError,
    InvalidRequest,
    NoCandidateAvailable,
    RateLimited,
    UpstreamError,
)
from routeyard.execute.attempts import Attempt, client_error, exhausted
from routeyard.execute.backoff import FailOver, plan_retry
from routeyard.execute.breaker import BreakerRegistry, Permit, Transition
from routeyard.execute.deadline import Deadline
from routeyard.execute.health import HealthTracker
from routeyard.execute.moves import Move, next_move
from routeyard.execute.retry_budget import RetryBudget, RetrySlot
from routeyard.policy.decision import Candidate, RoutingDecision
from routeyard.providers.base import AttemptTimeouts, Call, ChunkStream, Completion, Provider

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


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
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
        on_transition: Callable[[Transition], None] | None = None,
    ) -> None:
        self._config = config
        self._res = config.resilience
        self._providers = providers
        self._clock = clock
        self._rng = rng or random.Random()
        self._sleep = sleep
        self.breakers = BreakerRegistry(self._res.breaker, clock, on_transition=on_transition)
        self.budget = RetryBudget(self._res.retry, clock)
        self.health = HealthTracker(self._res.health, clock)
        self._timeouts = {
            name: AttemptTimeouts.of(config.timeouts_for(name)) for name in config.models
        }

    # --- public ---------------------------------------------------------------------------

    async def complete(
        self,
        decision: RoutingDecision,
        body: dict[str, Any],
        *,
        disable_fallbacks: bool = False,
        native: dict[str, Any] | None = None,
    ) -> tuple[Completion, str, list[Attempt]]:
        """Try the decision's candidates in turn. ``native``: the client's Anthropic Messages
        body, which an Anthropic upstream is sent instead of a translation of ``body``."""

        async def attempt(provider: Provider, call: Call) -> Completion:
            return await provider.complete(call)

        result, model, attempts = await self._walk(
            decision, body, attempt, disable_fallbacks, native=native
        )
        return result, model, attempts

    async def embed(
        self, decision: RoutingDecision, body: dict[str, Any]
    ) -> tuple[Completion, str, list[Attempt]]:
        """An embeddings request, with the same retries, fallbacks and breakers as a chat."""

        async def attempt(provider: Provider, call: Call) -> Completion:
            return await provider.embed(call)

        return await self._walk(decision, body, attempt, disable_fallbacks=False)

    async def open_stream(
        self,
        decision: RoutingDecision,
        body: dict[str, Any],
        *,
        disable_fallbacks: bool = False,
        native: dict[str, Any] | None = None,
    ) -> StreamStart:
        """Open streams candidate by candidate until one yields a good first chunk."""

        async def attempt(provider: Provider, call: Call) -> tuple[dict[str, Any], ChunkStream]:
            stream = await provider.stream(call)
            try:
                first = await anext(stream, None)
                if first is None:
                    raise UpstreamError("protocol", "upstream stream ended before any chunk")
                if stream.failure is not None:  # already known bad: do not commit to it
                    raise stream.failure
            except BaseException:
                await stream.aclose()
                raise
            return first, stream

        async def discard(opened: tuple[dict[str, Any], ChunkStream]) -> None:
            await opened[1].aclose()

        (first, rest), model, attempts = await self._walk(
            decision, body, attempt, disable_fallbacks, discard, native
        )
        return StreamStart(model, first, rest, attempts)

    def ordered(self, decision: RoutingDecision) -> list[Candidate]:
        """The decision's candidates with degraded deployments moved last (live health)."""
        candidates = decision.candidates
        reasons = self.health.degraded_reasons([c.model for c in candidates])
        if not any(reasons):
            return list(candidates)
        healthy: list[Candidate] = []
        degraded: list[Candidate] = []
        for c, why in zip(candidates, reasons, strict=True):
            if why is None:
                healthy.append(c)
            else:
                degraded.append(Candidate(c.model, f"{c.reason}; demoted: {why}"))
        return healthy + degraded

    # --- the walk ---------------------------------------------------------------------------

    async def _walk(
        self,
        decision: RoutingDecision,
        body: dict[str, Any],
        attempt: Callable[[Provider, Call], Awaitable[T]],
        disable_fallbacks: bool,
        discard: Callable[[T], Awaitable[None]] | None = None,
        native: dict[str, Any] | None = None,
    ) -> tuple[T, str, list[Attempt]]:
        walk = _Walk(Deadline.after(self._res.deadline_s, self._clock), native)
        # With fallbacks off the client gets the policy's first choice, demoted or not.
        candidates = decision.candidates[:1] if disable_fallbacks else self.ordered(decision)
        hedge = decision.hedge_after_s or self._res.hedge.delay_s
        with self.budget.request_started():
            rest = candidates
            if hedge is not None and len(candidates) >= 2:
                won = await self._hedged(candidates[:2], hedge, body, attempt, walk, discard)
                if won is not None:
                    return won[0], won[1], walk.attempts
                rest = candidates[2:]
            for candidate in rest:
                won = await self._try(candidate.model, body, attempt, walk)
                if won is not None:
                    return won[0], won[1], walk.attempts
        raise _with(self._final_error(walk), walk.attempts)

    async def _hedged(
        self,
        pair: list[Candidate],
        delay: float,
        body: dict[str, Any],
        attempt: Callable[[Provider, Call], Awaitable[T]],
        walk: _Walk,
        discard: Callable[[T], Awaitable[None]] | None,
    ) -> tuple[T, str] | None:
        """Start the first candidate; if it has not answered after ``delay``, race the second.

        The first success wins and the other attempt is cancelled (its connection closed).
        """
        first = asyncio.ensure_future(self._try(pair[0].model, body, attempt, walk))
        pending: set[asyncio.Future[tuple[T, str] | None]] = {first}
        try:
            done, pending = await asyncio.wait(pending, timeout=delay)
            if done:
                won = first.result()
                return (
                    won if won is not None else await self._try(pair[1].model, body, attempt, walk)
                )
            pending.add(asyncio.ensure_future(self._try(pair[1].model, body, attempt, walk)))
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                results = [t.result() for t in done]
                wins = [r for r in results if r is not None]
                if wins:
                    for extra in wins[1:]:  # both answered in the same instant: keep one
                        if discard is not None:
                            await discard(extra[0])
                    return wins[0]
            return None
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)

    async def _try(
        self,
        model: str,
        body: dict[str, Any],
        attempt: Callable[[Provider, Call], Awaitable[T]],
        walk: _Walk,
    ) -> tuple[T, str] | None:
        """Attempts on one candidate: its result, or None to move on to the next candidate."""
        breaker = self.breakers.get(model)
        tries = 0
        slot: RetrySlot | None = None
        while True:
            if walk.deadline.expired:
                slot = _release(slot)
                raise _with(DeadlineExceeded("the request's deadline passed"), walk.attempts)
            permit = breaker.allow()
            if permit is None:
                slot = _release(slot)  # taken for a retry that the now-open breaker refuses
                walk.waits.append(breaker.retry_after())
                walk.attempts.append(Attempt(model, False, 0.0, "breaker_open"))
                return None
            if walk.started and slot is None:  # every attempt but the request's first
                slot = self.budget.try_acquire(failover=tries == 0)
                if slot is None:
                    permit.release()
                    walk.attempts.append(Attempt(model, False, 0.0, "retry_budget"))
                    raise _with(exhausted(walk.attempts, walk.last), walk.attempts)
            walk.started += 1
            provider, call = self._call(model, body, walk, permit)
            started = self._clock()
            try:
                result = await attempt(provider, call)
            except UpstreamError as err:
                slot = _release(slot)
                elapsed = self._clock() - started
                walk.attempts.append(
                    Attempt(model, False, elapsed * 1000, err.kind, err.status, err.message)
                )
                walk.last = err
                move = next_move(err)
                if move.move is Move.RETURN:
                    permit.release()  # the client's error says nothing about the deployment
                    raise _with(client_error(err), walk.attempts) from None
                self.health.record(model, ok=False)
                permit.failure()
                if move.cool_down:
                    breaker.trip(move.reason, min_cooldown_s=err.retry_after)
                tries += 1
                if (
                    move.move is Move.NEXT_CANDIDATE
                    or tries >= self._res.retry.max_attempts_per_candidate
                ):
                    return None
                plan = plan_retry(
                    tries - 1,
                    err.retry_after,
                    self._res.retry,
                    self._rng,
                    remaining_s=walk.deadline.remaining(),
                )
                if isinstance(plan, FailOver):
                    if plan.retry_after_s is not None:
                        walk.waits.append(plan.retry_after_s)
                    return None
                # The retry's budget slot is held through the backoff wait too. No slot for
                # another try here: move on, the next candidate is a fail-over.
                slot = self.budget.try_acquire()
                if slot is None:
                    walk.attempts.append(Attempt(model, False, 0.0, "retry_budget"))
                    return None
                try:
                    await self._sleep(plan.delay_s)
                except BaseException:
                    slot = _release(slot)
                    raise
                continue
            except BaseException:
                slot = _release(slot)
                permit.release()  # cancelled (client gone, or a hedge lost): no verdict
                elapsed = self._clock() - started
                walk.attempts.append(Attempt(model, False, elapsed * 1000, "cancelled"))
                raise
            slot = _release(slot)
            elapsed = self._clock() - started
            permit.success()
            self.health.record(model, ok=True, latency_s=elapsed)
            walk.attempts.append(Attempt(model, True, elapsed * 1000))
            return result, model

    def _call(
        self, model: str, body: dict[str, Any], walk: _Walk, permit: Permit
    ) -> tuple[Provider, Call]:
        m = self._config.models[model]
        limit = walk.deadline.remaining()
        if permit.expires_at is not None:  # a half-open probe has its own, shorter clock
            limit = min(limit, max(permit.expires_at - self._clock(), 0.001))
        timeouts = self._timeouts[model].within(limit)
        call = Call(model, m.model or model, body, timeouts, m.max_output_tokens, walk.native)
        return self._providers[m.provider], call

    def _final_error(self, walk: _Walk) -> GatewayError:
        attempts, last, waits = walk.attempts, walk.last, walk.waits
        tried = [a for a in attempts if a.error not in ("breaker_open", "retry_budget")]
        if not tried:
            wait = min(waits) if waits else 1.0
            return NoCandidateAvailable(
                "every candidate is cooling down after failures; retry later", retry_after=wait
            )
        verdict = _CLIENT_VERDICTS.get(next_move(last).reason) if last is not None else None
        if verdict is not None and last is not None and all(a.status == 400 for a in tried):
            # Every model refused the input itself (too long, filtered): the client's 400.
            return InvalidRequest(last.message, code=verdict)
        if last is not None and last.status == 429 and waits:
            return RateLimited(
                "every candidate is rate limited; retry later", retry_after=min(waits)
            )
        return exhausted(attempts, last)


@dataclass(slots=True)
class _Walk:
    """The state one request's walk shares across candidates (and a hedge's two attempts)."""

    deadline: Deadline
    native: dict[str, Any] | None = None  # the client's Anthropic body, for Anthropic upstreams
    attempts: list[Attempt] = field(default_factory=list)
    last: UpstreamError | None = None
    waits: list[float] = field(default_factory=list)  # Retry-After of skips and over-cap 429s
    started: int = 0  # attempts started so far


# Refusals of the input itself: when the last candidate says so too, the answer is a 400.
_CLIENT_VERDICTS = {"context_length": "context_length_exceeded", "content_filter": "content_filter"}


def _release(slot: RetrySlot | None) -> RetrySlot | None:
    """Give a budget slot back; returns None so callers can write ``slot = _release(slot)``."""
    if slot is not None:
        slot.release()
    return None


def _with(err: GatewayError, attempts: list[Attempt]) -> GatewayError:
    err.attempts = attempts
    return err

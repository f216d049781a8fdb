"""Shadow evaluation: a share of live requests also goes to other models, off the client's path.

How a running router collects "the outputs of different models for the same kinds of prompts"
from its own traffic. For a route with a ``shadow`` section, the gateway makes one random draw
per request (``wants``); a drawn request, once its response is finished and recorded, is handed
over (``offer``) and evaluated in a background task:

- each shadow model answers the same messages (through the executor: breakers and retries
  apply; no fallbacks, so the result names the model that answered);
- the answer is scored (pairwise against the served answer by default) and stored with
  ``source = shadow`` and the live request's id (run ``shadow``);
- everything costs against a spending cap per hour or day window; at the cap, no new call
  starts until the window turns.

Never on the client's path: nothing is awaited by the request, nothing is queued without bound
(past ``max_concurrency`` running and ``max_pending`` waiting, offers are dropped and counted),
and a failing shadow call or store only moves a counter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from routeyard.config.evals import ShadowConfig, ShadowLimits
from routeyard.errors import GatewayError
from routeyard.evals.recorded import RecordedScores
from routeyard.evals.runner import Answer, answer_text
from routeyard.evals.scorers import ScoreInput, Scorer
from routeyard.evals.store import EvalResult, EvalStore, StoredPrompt
from routeyard.observe.record import RequestRecord

log = logging.getLogger("routeyard.shadow")

SHADOW_RUN = "shadow"
_WINDOW_S = {"hour": 3600.0, "day": 86400.0}
# Request fields a shadow call keeps: what shapes the answer, not how it is delivered.
_DROPPED_FIELDS = ("stream", "stream_options", "n", "user", "metadata")

BodyCaller = Callable[[str, dict[str, Any]], Awaitable[Answer]]


@dataclass(slots=True)
class ShadowCounters:
    offered: int = 0
    skipped_unsuited: int = 0  # tool calls, or the client key may not reach the models
    dropped_saturated: int = 0  # no slot and the waiting line full
    skipped_cap: int = 0  # shadow calls not started: the spending cap was reached
    calls: int = 0
    failed: int = 0
    results: int = 0
    store_errors: int = 0
    spent_usd: float = 0.0  # since start (answers and judging)


class SpendWindow:
    """Spending in the current fixed window (hour or day, aligned to the clock)."""

    def __init__(self, cap_usd: float, window_s: float, clock: Callable[[], float]) -> None:
        self.cap_usd = cap_usd
        self.window_s = window_s
        self._clock = clock
        self._start = self._window_start()
        self.spent = 0.0

    def _window_start(self) -> float:
        now = self._clock()
        return now - now % self.window_s

    def _roll(self) -> None:
        start = self._window_start()
        if start != self._start:
            self._start, self.spent = start, 0.0

    def open(self) -> bool:
        self._roll()
        return self.spent < self.cap_usd

    def add(self, usd: float) -> None:
        self._roll()
        self.spent += usd


class ShadowEvaluator:
    def __init__(
        self,
        routes: dict[str, ShadowConfig],
        limits: ShadowLimits,
        *,
        call: BodyCaller,
        scorers: dict[str, Scorer | None],
        store: EvalStore,
        keep_text: Callable[[str], str | None],
        redact: Callable[[Any], Any],
        recorded: RecordedScores | None = None,
        data_names: dict[str, str] | None = None,
        judge_model: str | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self._routes = {name: cfg for name, cfg in routes.items() if cfg.fraction > 0}
        self._call = call
        self._scorers = scorers  # by route
        self._store = store
        self._keep_text = keep_text
        self._redact = redact
        self._rng = rng or random.Random()
        self._recorded = recorded
        self._data_names = data_names or {}
        self._judge_model = judge_model
        self._slots = asyncio.Semaphore(limits.max_concurrency)
        self._capacity = limits.max_concurrency + limits.max_pending
        self._tasks: set[asyncio.Task[None]] = set()
        self.window = SpendWindow(limits.max_usd, _WINDOW_S[limits.window], clock)
        self.counters = ShadowCounters()

    def wants(self, route: str) -> bool:
        """One random draw: shadow this request? (False at once for routes without shadow.)"""
        cfg = self._routes.get(route)
        return cfg is not None and self._rng.random() < cfg.fraction

    def offer(
        self,
        record: RequestRecord,
        body: dict[str, Any],
        allowed: frozenset[str] | None = None,
    ) -> None:
        """Hand over a finished request; returns at once (the work runs in a task).

        ``allowed``: the models the client's key may reach. Its prompt goes to no other model
        (a key limited to some models may be a data-residency promise), judge included."""
        cfg = self._routes.get(record.route)
        if cfg is None or record.status != "ok" or record.model is None:
            return
        self.counters.offered += 1
        if len(self._tasks) >= self._capacity:
            self.counters.dropped_saturated += 1
            return
        models = [m for m in cfg.models if m != record.model]
        if allowed is not None:
            models = [m for m in models if m in allowed]
            judged = cfg.scorer in ("pairwise", "judge")
            if judged and self._judge_model is not None and self._judge_model not in allowed:
                models = []
        if not models or body.get("tools"):  # tool calls: no answer text to judge
            self.counters.skipped_unsuited += 1
            return
        if not self.window.open():
            self.counters.skipped_cap += len(models)
            return
        served = None
        if record.content is not None and record.content.answer is not None:
            served = answer_text({"choices": record.content.answer})
        task = asyncio.get_running_loop().create_task(
            self._evaluate(record, dict(body), models, served or None)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _evaluate(
        self, record: RequestRecord, body: dict[str, Any], models: list[str], served: str | None
    ) -> None:
        async with self._slots:
            try:
                await self._run(record, body, models, served)
            except Exception:  # a shadow evaluation never takes anything else down
                log.exception("shadow evaluation of %s failed", record.request_id)

    async def _run(
        self, record: RequestRecord, body: dict[str, Any], models: list[str], served: str | None
    ) -> None:
        for key in _DROPPED_FIELDS:
            body.pop(key, None)
        messages = body.get("messages")
        prompt = _last_user_text(messages)
        if prompt is None:
            return
        redacted = self._redact(messages)
        stored = StoredPrompt(
            id=record.request_id,
            prompt=self._redact(prompt),
            messages=redacted if isinstance(redacted, list) else None,
            category=_category(record),
            source=f"shadow:{record.route}",
        )
        scorer = self._scorers.get(record.route)
        if self._recorded is not None:
            await asyncio.to_thread(self._recorded.load)
        results: list[EvalResult] = []
        for model in models:
            if not self.window.open():
                self.counters.skipped_cap += 1
                continue
            self.counters.calls += 1
            try:
                answer = await self._call(model, {**body, "model": model})
            except (GatewayError, OSError, ValueError) as exc:
                self.counters.failed += 1
                log.info("shadow call to %s failed: %s", model, exc)
                continue
            self._spend(answer.cost_usd)
            results.append(
                await self._judged(record, prompt, stored, scorer, model, answer, served)
            )
        served_model = record.model
        absolute = scorer is not None and scorer.name != "pairwise"
        recorded = scorer is not None and scorer.name == "recorded"
        if absolute and served_model is not None and (served or recorded):
            # Absolute scores of the served answer too: every model of the row, same scale.
            usage = record.usage
            answer = Answer(
                served or "",
                0.0,  # paid by the client's request, not by shadowing
                usage.input_tokens if usage else None,
                usage.output_tokens if usage else None,
                record.latency_ms,
            )
            if self.window.open():
                result = await self._judged(
                    record, prompt, stored, scorer, served_model, answer, None
                )
                results.append(replace(result, cost_usd=record.cost_usd))
        if results:
            try:
                await asyncio.to_thread(self._store.add_results, results)
            except Exception:
                self.counters.store_errors += 1
                log.exception("storing shadow results of %s failed", record.request_id)
            else:
                self.counters.results += len(results)

    async def _judged(
        self,
        record: RequestRecord,
        prompt: str,
        stored: StoredPrompt,
        scorer: Scorer | None,
        model: str,
        answer: Answer,
        served: str | None,
    ) -> EvalResult:
        score, detail, judge_model, judge_cost = None, None, None, 0.0
        if scorer is not None:
            recorded = None
            if self._recorded is not None:
                recorded = self._recorded.lookup(prompt, self._data_names.get(model, model))
            item = ScoreInput(
                prompt, answer.text, model, category=stored.category, recorded=recorded,
                other=served,
            )  # fmt: skip
            try:
                scored = await scorer.score(item)
            except (GatewayError, OSError, ValueError) as exc:
                detail = f"scorer failed: {exc}"
            else:
                score, detail = scored.score, scored.detail or None
                judge_model, judge_cost = scored.judge_model, scored.judge_cost_usd
                self._spend(judge_cost)
        return EvalResult(
            run_id=SHADOW_RUN,
            prompt=stored,
            model=model,
            score=score,
            scorer=scorer.name if scorer is not None else "none",
            cost_usd=answer.cost_usd,
            source="shadow",
            output=self._keep_text(answer.text) if answer.text else None,
            judge_model=judge_model,
            judge_detail=detail,
            judge_cost_usd=judge_cost,
            input_tokens=answer.input_tokens,
            output_tokens=answer.output_tokens,
            latency_ms=answer.latency_ms,
            request_id=record.request_id,
        )

    def _spend(self, usd: float) -> None:
        self.window.add(usd)
        self.counters.spent_usd += usd

    def stats(self) -> dict[str, Any]:
        c = self.counters
        return {
            "offered": c.offered,
            "skipped_unsuited": c.skipped_unsuited,
            "running": len(self._tasks),
            "dropped_saturated": c.dropped_saturated,
            "skipped_cap": c.skipped_cap,
            "calls": c.calls,
            "failed": c.failed,
            "results": c.results,
            "store_errors": c.store_errors,
            "spent_usd": round(c.spent_usd, 8),
            "window_spent_usd": round(self.window.spent, 8),
            "window_cap_usd": self.window.cap_usd,
        }

    async def drain(self, timeout_s: float = 5.0) -> None:
        """Let running evaluations finish for up to ``timeout_s``, then cancel the rest."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout_s)
        for task in pending:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pending, return_exceptions=True)


def _last_user_text(messages: Any) -> str | None:
    if not isinstance(messages, list):
        return None
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                texts = [
                    p["text"]
                    for p in content
                    if isinstance(p, dict)
                    and p.get("type") == "text"
                    and isinstance(p.get("text"), str)
                ]
                return "\n".join(texts) if texts else None
            return None
    return None


def _category(record: RequestRecord) -> str:
    """The local model's most likely category when it ran, else the route."""
    scores = record.scores or {}
    cats = {k[9:]: v for k, v in scores.items() if k.startswith("category:")}
    return max(cats, key=lambda k: cats[k]) if cats else record.route

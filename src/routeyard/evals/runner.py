"""Running prompts through candidate models and scoring the answers (``routeyard eval``).

The runner is transport-agnostic: it asks a ``ModelCaller`` for each (prompt, model) answer,
so the CLI passes calls through an in-process ``Router`` (providers, breakers, retries) and
tests pass a fake. Pairs already stored for the run are skipped, which makes a run resumable;
each result is stored as soon as it is scored, so an interruption loses at most the calls in
flight. A spending cap stops new calls once the answers and their judging cost that much.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from routeyard.errors import GatewayError
from routeyard.evals.scorers import ScoreInput, Scorer, ScoreResult
from routeyard.evals.store import EvalResult, EvalStore, StoredPrompt


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    cost_usd: float
    input_tokens: int | None = None
    output_tokens: int | None = None
    latency_ms: float | None = None


class ModelCaller(Protocol):
    async def __call__(self, model: str, messages: list[dict[str, Any]]) -> Answer: ...


@dataclass(frozen=True, slots=True)
class EvalItem:
    """A prompt to evaluate, plus what the data recorded about it: a reference answer, a
    schema, and scores per data model name (for the ``recorded`` scorer)."""

    prompt: StoredPrompt
    recorded: dict[str, float] = field(default_factory=dict)
    schema: Any = None

    def messages(self) -> list[dict[str, Any]]:
        if self.prompt.messages:
            return self.prompt.messages
        return [{"role": "user", "content": self.prompt.prompt}]


@dataclass(slots=True)
class RunOutcome:
    run_id: str
    pairs: int = 0  # (prompt, model) pairs in the run
    skipped: int = 0  # already stored (resumed run)
    done: int = 0  # stored by this invocation
    failed: int = 0  # the model call failed (not stored: a resumed run tries again)
    not_started: int = 0  # left out by the spending cap
    spent_usd: float = 0.0
    capped: bool = False
    failures: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.skipped + self.done == self.pairs


Progress = Callable[[RunOutcome], None]


@dataclass(slots=True)
class EvalRunner:
    caller: ModelCaller
    scorer: Scorer
    store: EvalStore
    concurrency: int = 4
    max_cost_usd: float | None = None
    data_names: dict[str, str] = field(default_factory=dict)  # model → name in the data
    keep_output: Callable[[str], str | None] = lambda text: text
    progress: Progress | None = None
    against: str | None = None  # pairwise: compare every answer with this model's
    _baselines: dict[str, asyncio.Future[Answer]] = field(default_factory=dict)

    async def run(
        self, run_id: str, items: Sequence[EvalItem], models: Sequence[str]
    ) -> RunOutcome:
        done = await asyncio.to_thread(self.store.done_pairs, run_id)
        outcome = RunOutcome(run_id, pairs=len(items) * len(models))
        queue: asyncio.Queue[tuple[EvalItem, str]] = asyncio.Queue()
        for item in items:
            for model in models:
                if (item.prompt.id, model) in done:
                    outcome.skipped += 1
                else:
                    queue.put_nowait((item, model))
        self._report(outcome)
        workers = [
            asyncio.create_task(self._worker(run_id, queue, outcome))
            for _ in range(max(1, self.concurrency))
        ]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
        outcome.not_started = queue.qsize()
        self._report(outcome)
        return outcome

    def _over_cap(self, outcome: RunOutcome) -> bool:
        return self.max_cost_usd is not None and outcome.spent_usd >= self.max_cost_usd

    async def _worker(
        self,
        run_id: str,
        queue: asyncio.Queue[tuple[EvalItem, str]],
        outcome: RunOutcome,
    ) -> None:
        while not queue.empty():
            if self._over_cap(outcome):
                outcome.capped = True
                return
            item, model = queue.get_nowait()
            await self._one(run_id, item, model, outcome)
            self._report(outcome)

    async def _baseline(self, item: EvalItem, outcome: RunOutcome) -> Answer:
        """The ``against`` model's answer to ``item``: asked once, shared by every pair."""
        assert self.against is not None
        future = self._baselines.get(item.prompt.id)
        if future is not None:
            return await asyncio.shield(future)
        future = asyncio.get_running_loop().create_future()
        self._baselines[item.prompt.id] = future
        try:
            answer = await self.caller(self.against, item.messages())
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        outcome.spent_usd += answer.cost_usd
        future.set_result(answer)
        return answer

    async def _one(self, run_id: str, item: EvalItem, model: str, outcome: RunOutcome) -> None:
        other: Answer | None = None
        try:
            if self.against is not None:
                other = await self._baseline(item, outcome)
            if model == self.against and other is not None:
                answer = other
            else:
                answer = await self.caller(model, item.messages())
                outcome.spent_usd += answer.cost_usd
        except (GatewayError, OSError, ValueError) as exc:
            outcome.failed += 1
            if len(outcome.failures) < 20:
                outcome.failures.append(f"{item.prompt.id} on {model}: {exc}")
            return
        if model == self.against:
            scored = ScoreResult(0.5, "the pairwise baseline itself")
        else:
            scored = await self.scorer.score(
                ScoreInput(
                    prompt=item.prompt.prompt,
                    output=answer.text,
                    model=model,
                    reference=item.prompt.reference,
                    category=item.prompt.category,
                    schema=item.schema,
                    recorded=item.recorded.get(self.data_names.get(model, model)),
                    other=None if other is None else other.text,
                )
            )
        outcome.spent_usd += scored.judge_cost_usd
        result = EvalResult(
            run_id=run_id,
            prompt=item.prompt,
            model=model,
            score=scored.score,
            scorer=self.scorer.name,
            cost_usd=answer.cost_usd,
            source="eval",
            output=self.keep_output(answer.text),
            judge_model=scored.judge_model,
            judge_detail=scored.detail or None,
            judge_cost_usd=scored.judge_cost_usd,
            input_tokens=answer.input_tokens,
            output_tokens=answer.output_tokens,
            latency_ms=answer.latency_ms,
        )
        await asyncio.to_thread(self.store.add_results, [result])
        outcome.done += 1

    def _report(self, outcome: RunOutcome) -> None:
        if self.progress is not None:
            self.progress(outcome)


def answer_text(response: dict[str, Any]) -> str:
    """The text of an OpenAI chat.completion's first choice ("" for a tool call)."""
    choices = response.get("choices") or []
    if not choices or not isinstance(choices[0], dict):
        return ""
    message = choices[0].get("message") or {}
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, str) else ""

"""The shadow evaluator alone, with a fake model call and a fake clock: the random draw, the
results it stores, the spending cap and its window, and saturation (dropped, counted)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import pytest

from routeyard.config.evals import ShadowConfig, ShadowLimits
from routeyard.errors import UpstreamFailed
from routeyard.evals.runner import Answer
from routeyard.evals.scorers import ScoreInput, ScoreResult
from routeyard.evals.shadow import ShadowEvaluator
from routeyard.evals.store import EvalStore
from routeyard.evals.store_db import SQLiteDatabase
from routeyard.observe.record import RequestContent, RequestRecord


class Clock:
    def __init__(self) -> None:
        self.now = 7200.0

    def __call__(self) -> float:
        return self.now


class FakeCall:
    def __init__(self, cost: float = 0.01, gate: asyncio.Event | None = None) -> None:
        self.cost = cost
        self.gate = gate
        self.bodies: list[dict[str, Any]] = []

    async def __call__(self, model: str, body: dict[str, Any]) -> Answer:
        self.bodies.append(body)
        if self.gate is not None:
            await self.gate.wait()
        if model == "broken":
            raise UpstreamFailed("down")
        return Answer(f"answer from {model}", self.cost, 10, 5, 1.0)


class Prefers:
    name = "pairwise"

    def __init__(self) -> None:
        self.seen: list[ScoreInput] = []

    async def score(self, item: ScoreInput) -> ScoreResult:
        self.seen.append(item)
        return ScoreResult(1.0 if item.model == "large" else 0.0, "", "judge", 0.001)


def record(i: int, route: str = "general") -> RequestRecord:
    rec = RequestRecord(
        request_id=f"req-{i}", ingress="openai", route=route, labels=[], model="small",
        status="ok", http_status=200, stream=False, decision_us=1.0, latency_ms=5.0,
    )  # fmt: skip
    messages = [{"role": "user", "content": f"question {i} from bob@example.com"}]
    rec.content = RequestContent(messages, [{"message": {"content": "served answer"}}])
    return rec


def body(i: int) -> dict[str, Any]:
    return {"model": "auto", "stream": False, "temperature": 0.2,
            "messages": [{"role": "user", "content": f"question {i} from bob@example.com"}]}  # fmt: skip


def make(
    tmp_path: Path,
    call: FakeCall,
    *,
    fraction: float = 1.0,
    cap: float = 10.0,
    concurrency: int = 4,
    pending: int = 64,
    clock: Clock | None = None,
) -> tuple[ShadowEvaluator, EvalStore, Prefers]:
    store = EvalStore(SQLiteDatabase(tmp_path / "routeyard.db"))
    scorer = Prefers()
    shadow = ShadowEvaluator(
        {"general": ShadowConfig(fraction=fraction, models=["small", "medium", "large"])},
        ShadowLimits(max_usd=cap, window="hour", max_concurrency=concurrency, max_pending=pending),
        call=call,
        scorers={"general": scorer},
        store=store,
        keep_text=lambda t: t,
        redact=lambda v: _redact(v),
        clock=clock or Clock(),
        rng=random.Random(3),
    )
    return shadow, store, scorer


def _redact(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("bob@example.com", "[EMAIL]")
    if isinstance(value, list):
        return [_redact(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact(v) for k, v in value.items()}
    return value


async def test_shadowed_requests_are_answered_judged_and_stored(tmp_path: Path) -> None:
    call = FakeCall()
    shadow, store, scorer = make(tmp_path, call)
    assert not shadow.wants("code")  # routes without shadow: no draw at all
    for i in range(3):
        assert shadow.wants("general")
        shadow.offer(record(i), body(i))
    await shadow.drain()
    rows = store.db.query(
        "SELECT prompt_id, model, score, source, request_id, judge_model, cost_usd "
        "FROM eval_results ORDER BY prompt_id, model"
    )
    assert len(rows) == 3 * 2  # the served model is not asked again
    assert {r[1] for r in rows} == {"medium", "large"}
    assert all(r[3] == "shadow" and r[0] == r[4] and r[5] == "judge" for r in rows)
    assert {r[1]: r[2] for r in rows} == {"medium": 0.0, "large": 1.0}
    assert all(b.get("stream") is None and b["temperature"] == 0.2 for b in call.bodies)
    assert scorer.seen[0].other == "served answer"  # pairwise against the served answer
    prompts = store.db.query("SELECT prompt, source FROM eval_prompts")
    assert all("[EMAIL]" in p and s == "shadow:general" for p, s in prompts)
    stats = shadow.stats()
    assert stats["results"] == 6 and stats["spent_usd"] == pytest.approx(6 * 0.011)
    store.close()


async def test_fraction_is_one_draw_per_request(tmp_path: Path) -> None:
    shadow, store, _ = make(tmp_path, FakeCall(), fraction=0.25)
    drawn = sum(shadow.wants("general") for _ in range(4000))
    assert 850 < drawn < 1150
    store.close()


async def test_spending_cap_per_window(tmp_path: Path) -> None:
    clock = Clock()
    shadow, store, _ = make(tmp_path, FakeCall(cost=0.02), cap=0.05, clock=clock)
    for i in range(4):
        shadow.offer(record(i), body(i))
        await shadow.drain()
    stats = shadow.stats()
    # 0.021 per call with judging: calls start while under 0.05, so 3 run, then none.
    assert stats["calls"] == 3 and stats["results"] == 3
    assert stats["skipped_cap"] == 8 - 3
    assert stats["window_spent_usd"] == pytest.approx(0.063)
    clock.now += 3600  # the next hour: spending may start again
    shadow.offer(record(9), body(9))
    await shadow.drain()
    assert shadow.stats()["calls"] == 5 and shadow.stats()["window_spent_usd"] < 0.05
    store.close()


async def test_saturation_drops_and_counts(tmp_path: Path) -> None:
    gate = asyncio.Event()
    shadow, store, _ = make(tmp_path, FakeCall(gate=gate), concurrency=1, pending=1)
    for i in range(5):
        shadow.offer(record(i), body(i))
    assert shadow.stats()["dropped_saturated"] == 3 and shadow.stats()["running"] == 2
    gate.set()
    await shadow.drain()
    assert shadow.stats()["results"] == 4
    store.close()


async def test_failures_and_unfinished_requests_are_counted_not_raised(tmp_path: Path) -> None:
    store = EvalStore(SQLiteDatabase(tmp_path / "routeyard.db"))
    shadow = ShadowEvaluator(
        {"general": ShadowConfig(fraction=1.0, models=["broken", "large"], scorer="none")},
        ShadowLimits(),
        call=FakeCall(),
        scorers={"general": None},
        store=store,
        keep_text=lambda t: None,
        redact=lambda v: v,
    )
    failed = record(1)
    failed.status = "error"
    shadow.offer(failed, body(1))  # the client got no answer: nothing to compare
    shadow.offer(record(2), body(2))
    await shadow.drain()
    stats = shadow.stats()
    assert (stats["offered"], stats["failed"], stats["results"]) == (1, 1, 1)
    rows = store.db.query("SELECT model, score, scorer, output FROM eval_results")
    assert rows == [("large", None, "none", None)]
    store.close()


async def test_recorded_scores_cover_the_served_model_too(tmp_path: Path) -> None:
    from routeyard.evals.recorded import RecordedScores
    from routeyard.evals.scorers import RecordedScorer

    data = tmp_path / "data.jsonl"
    data.write_text(
        '{"prompt": "question 1 from bob@example.com", "results": '
        '{"weak": {"score": 0.0}, "strong": {"score": 1.0}, "mid": {"score": 0.5}}}\n'
    )
    store = EvalStore(SQLiteDatabase(tmp_path / "routeyard.db"))
    shadow = ShadowEvaluator(
        {"general": ShadowConfig(fraction=1.0, models=["medium", "large"], scorer="recorded")},
        ShadowLimits(),
        call=FakeCall(),
        scorers={"general": RecordedScorer()},
        store=store,
        keep_text=lambda t: t,
        redact=_redact,
        recorded=RecordedScores([str(data)]),
        data_names={"small": "weak", "medium": "mid", "large": "strong"},
    )
    served = record(1)
    served.cost_usd = 0.5
    shadow.offer(served, body(1))
    shadow.offer(record(2), body(2))  # not in the data: stored unscored
    await shadow.drain()
    rows = store.db.query(
        "SELECT prompt_id, model, score, cost_usd FROM eval_results ORDER BY prompt_id, model"
    )
    assert rows[:3] == [
        ("req-1", "large", 1.0, 0.01),
        ("req-1", "medium", 0.5, 0.01),
        ("req-1", "small", 0.0, 0.5),  # the served answer: the client's cost, not shadow spend
    ]
    assert [r[2] for r in rows[3:]] == [None, None, None]
    assert shadow.stats()["spent_usd"] == pytest.approx(4 * 0.01)
    store.close()


async def test_key_allow_lists_and_tool_calls_are_respected(tmp_path: Path) -> None:
    call = FakeCall()
    shadow, store, _ = make(tmp_path, call)
    shadow.offer(record(1), body(1), frozenset({"small", "medium"}))  # never to large
    with_tools = {**body(2), "tools": [{"type": "function", "function": {"name": "f"}}]}
    shadow.offer(record(2), with_tools)
    shadow.offer(record(3), body(3), frozenset({"small"}))  # nothing left to ask
    await shadow.drain()
    assert [b["model"] for b in call.bodies] == ["medium"]
    assert shadow.stats()["skipped_unsuited"] == 2
    store.close()

"""The eval store: runs, per-model results, and client feedback, next to the request log.

It lives in the request log's database (``observe.request_log``: the SQLite file or the
PostgreSQL DSN), so results sit beside the requests they came from. What other tools rely on:
``export_rows`` yields routing-eval lines (``shared/data/README.md``), one per prompt, with
every model's mean score and cost, so ``routeyard train`` / ``tune`` read stored outcomes like
any other routing-eval file::

    store = EvalStore.open(config.observe.request_log)
    for row in store.export_rows(source="shadow"):
        print(row["id"], {m: r["score"] for m, r in row["results"].items()})
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import orjson

from routeyard.config.observe import RequestLogConfig
from routeyard.evals.store_db import Database, StoreUnavailable, open_database
from routeyard.evals.store_log import feedback_rows, sample_log
from routeyard.evals.store_schema import (
    INSERT_FEEDBACK,
    INSERT_PROMPT,
    INSERT_RESULT,
    INSERT_RUN,
)
from routeyard.evals.store_types import EvalResult, Feedback, StoredPrompt
from routeyard.observe.content import BUILTIN_RULES, ContentPolicy

__all__ = ["EvalResult", "EvalStore", "Feedback", "StoreUnavailable", "StoredPrompt"]


class EvalStore:
    """Thread-safe; every method is a short blocking database call (use ``asyncio.to_thread``
    from the event loop)."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Any = time.time,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.db = db
        self._clock = clock
        self._redact = redact  # applied to feedback comments (free text from clients)

    @classmethod
    def open(cls, cfg: RequestLogConfig) -> EvalStore:
        """The store in ``cfg``'s database, redacting with its rules (built-in ones unless
        turned off, then the configured ones)."""
        rules = list(BUILTIN_RULES) if cfg.builtin_redaction else []
        rules += [(r.pattern, r.replacement) for r in cfg.redaction_rules]
        policy = ContentPolicy.compile(rules, max_bytes=cfg.content_max_bytes)
        return cls(open_database(cfg), redact=policy.redact_text)

    def close(self) -> None:
        self.db.close()

    # -- runs ------------------------------------------------------------------------------

    def begin_run(
        self,
        run_id: str,
        *,
        kind: str = "eval",
        scorer: str | None = None,
        models: Sequence[str] = (),
        data: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> bool:
        """Record a run; False when ``run_id`` exists already (a resumed run keeps its row)."""
        row = (
            run_id,
            self._clock(),
            kind,
            scorer,
            orjson.dumps(list(models)).decode(),
            data,
            orjson.dumps(params or {}).decode(),
        )
        return self.db.execute(INSERT_RUN, row) > 0

    def run(self, run_id: str) -> dict[str, Any] | None:
        rows = self.db.query(
            "SELECT run_id, started_at, finished_at, status, kind, scorer, models, data, params "
            "FROM eval_runs WHERE run_id = ?",
            (run_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return {
            "run_id": r[0],
            "started_at": r[1],
            "finished_at": r[2],
            "status": r[3],
            "kind": r[4],
            "scorer": r[5],
            "models": orjson.loads(r[6]) if r[6] else [],
            "data": r[7],
            "params": orjson.loads(r[8]) if r[8] else {},
        }

    def finish_run(self, run_id: str, status: str) -> None:
        self.db.execute(
            "UPDATE eval_runs SET finished_at = ?, status = ? WHERE run_id = ?",
            (self._clock(), status, run_id),
        )

    def done_pairs(self, run_id: str) -> set[tuple[str, str]]:
        """(prompt id, model) pairs the run has results for: a resumed run skips them."""
        rows = self.db.query(
            "SELECT prompt_id, model FROM eval_results WHERE run_id = ?", (run_id,)
        )
        return {(str(p), str(m)) for p, m in rows}

    # -- results ---------------------------------------------------------------------------

    def add_results(self, results: Sequence[EvalResult]) -> None:
        if not results:
            return
        now = self._clock()
        prompts: dict[str, tuple[Any, ...]] = {}
        for r in results:
            p = r.prompt
            messages = None if p.messages is None else orjson.dumps(p.messages).decode()
            row = (p.hash, p.prompt, messages, p.category, p.source, p.reference, now)
            prompts.setdefault(p.hash, row)
        self.db.executemany(INSERT_PROMPT, list(prompts.values()))
        rows = [
            (
                r.run_id,
                r.prompt.id,
                r.prompt.hash,
                r.prompt.category,
                r.model,
                r.output,
                r.score,
                r.scorer,
                r.judge_model,
                r.judge_detail,
                r.judge_cost_usd,
                r.cost_usd,
                r.input_tokens,
                r.output_tokens,
                r.latency_ms,
                r.source,
                r.request_id,
                now,
            )
            for r in results
        ]
        self.db.executemany(INSERT_RESULT, rows)

    def add_feedback(self, fb: Feedback) -> bool:
        """Store ``fb``; False when this key already gave feedback on this request (the
        first one stands: a retried POST changes nothing)."""
        comment = fb.comment
        if comment is not None and self._redact is not None:
            comment = self._redact(comment)
        row = (fb.request_id, fb.client_key_id or "", fb.score, comment, self._clock())
        return self.db.execute(INSERT_FEEDBACK, row) > 0

    def feedback(self, request_id: str) -> list[Feedback]:
        rows = self.db.query(
            "SELECT request_id, score, comment, client_key_id FROM feedback "
            "WHERE request_id = ? ORDER BY created_at",
            (request_id,),
        )
        return [Feedback(str(r[0]), float(r[1]), r[2], r[3] or None) for r in rows]

    def summary(
        self, *, run_id: str | None = None, source: str | None = None
    ) -> list[dict[str, Any]]:
        """Per model: results, scored results, mean score, total cost (answers + judging)."""
        where, params = _filters(run_id, source)
        rows = self.db.query(
            "SELECT r.model, COUNT(*), COUNT(r.score), AVG(r.score), SUM(r.cost_usd), "
            f"SUM(r.judge_cost_usd), AVG(r.latency_ms) FROM eval_results r{where} "
            "GROUP BY r.model ORDER BY r.model",
            params,
        )
        return [
            {
                "model": r[0],
                "results": int(r[1]),
                "scored": int(r[2]),
                "mean_score": None if r[3] is None else round(float(r[3]), 4),
                "cost_usd": round(float(r[4] or 0.0), 8),
                "judge_cost_usd": round(float(r[5] or 0.0), 8),
                "mean_latency_ms": None if r[6] is None else round(float(r[6]), 2),
            }
            for r in rows
        ]

    def export_rows(
        self,
        *,
        run_ids: Iterable[str] | None = None,
        source: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Routing-eval lines, one per prompt (by text), each model's scored results averaged:
        ``{"id", "prompt", "category", "source", "results": {model: {"score", "cost_usd",
        "input_tokens", "output_tokens", "n"}}}`` (plus ``messages`` for conversations).
        Unscored results are left out; prompts with none are too.

        ``source="feedback"``: instead, one line per rated request (with stored content), the
        served model's result scored by the clients' mean feedback (``feedback_rows``)."""
        if source == "feedback":
            yield from self.feedback_rows()
            return
        ids = None if run_ids is None else list(run_ids)
        where, params = _filters(None, source, ids)
        where += " AND " if where else " WHERE "
        where += "r.score IS NOT NULL"
        rows = self.db.query(
            "SELECT r.prompt_hash, MIN(r.prompt_id), r.model, AVG(r.score), AVG(r.cost_usd), "
            "AVG(r.input_tokens), AVG(r.output_tokens), COUNT(*), MAX(r.category), "
            "p.prompt, p.messages, p.category, p.source "
            f"FROM eval_results r JOIN eval_prompts p ON p.prompt_hash = r.prompt_hash{where} "
            "GROUP BY r.prompt_hash, r.model, p.prompt, p.messages, p.category, p.source "
            "ORDER BY r.prompt_hash, r.model",
            params,
        )
        current: dict[str, Any] | None = None
        for h, pid, model, score, cost, tin, tout, n, cat, prompt, messages, pcat, psource in rows:
            if current is None or current["_hash"] != h:
                if current is not None:
                    yield _finish(current)
                current = {
                    "_hash": h,
                    "id": str(pid),
                    "prompt": prompt,
                    "category": pcat or cat,
                    "source": psource,
                    "results": {},
                }
                conversation = orjson.loads(messages) if messages else None
                if conversation and conversation != [{"role": "user", "content": prompt}]:
                    current["messages"] = conversation  # only when it says more than the prompt
            current["id"] = min(current["id"], str(pid))
            result: dict[str, Any] = {"score": round(float(score), 6), "n": int(n)}
            if cost is not None:
                result["cost_usd"] = round(float(cost), 10)
            if tin is not None:
                result["input_tokens"] = round(float(tin))
            if tout is not None:
                result["output_tokens"] = round(float(tout))
            current["results"][model] = result
        if current is not None:
            yield _finish(current)

    def feedback_rows(self) -> Iterator[dict[str, Any]]:
        """Routing-eval lines from client feedback: the served model's answer to each rated
        request whose prompt the request log stored, scored by the mean feedback."""
        return feedback_rows(self.db)

    def sample_log(
        self, per_category: int, *, seed: int = 0, limit: int = 50_000
    ) -> list[StoredPrompt]:
        """Up to ``per_category`` logged prompts per category (the local model's most likely
        category when it ran, else the route), from successful requests whose content was
        stored (``observe.request_log.store_content``) and not cut short."""
        return sample_log(self.db, per_category, seed=seed, limit=limit)


def _filters(
    run_id: str | None, source: str | None, run_ids: list[str] | None = None
) -> tuple[str, list[Any]]:
    """A WHERE clause over ``eval_results r`` and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if run_id is not None:
        clauses.append("r.run_id = ?")
        params.append(run_id)
    if run_ids is not None:
        clauses.append(f"r.run_id IN ({', '.join('?' for _ in run_ids) or 'NULL'})")
        params.extend(run_ids)
    if source is not None:
        clauses.append("r.source = ?")
        params.append(source)
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("_hash")
    return row

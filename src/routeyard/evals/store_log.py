"""Reading the request log's own tables for evaluations: prompts sampled per category, and
client feedback joined with the requests it rates. Both need stored content
(``observe.request_log.store_content``): without a prompt there is nothing to evaluate."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import orjson

from routeyard.evals.store_db import Database, StoreUnavailable
from routeyard.evals.store_types import StoredPrompt


def sample_log(
    db: Database, per_category: int, *, seed: int = 0, limit: int = 50_000
) -> list[StoredPrompt]:
    """Up to ``per_category`` logged prompts per category (the local model's most likely
    category when it ran, else the route), from successful requests whose content was
    stored (``observe.request_log.store_content``) and not cut short."""
    try:
        rows = db.query(
            "SELECT q.request_id, q.route, q.scores, c.prompt FROM requests q "
            "JOIN request_content c ON c.request_id = q.request_id "
            "WHERE q.status = 'ok' AND c.prompt IS NOT NULL AND c.truncated = 0 "
            "ORDER BY q.started_at DESC LIMIT ?",
            (limit,),
        )
    except StoreUnavailable as exc:
        if "no such table" in str(exc):
            return []  # nothing logged yet
        raise
    by_category: dict[str, list[StoredPrompt]] = {}
    seen: set[str] = set()
    for request_id, route, scores, prompt_json in rows:
        prompt = _from_log(str(request_id), str(route), scores, prompt_json)
        if prompt is None or prompt.hash in seen:
            continue
        seen.add(prompt.hash)
        by_category.setdefault(prompt.category or route, []).append(prompt)
    rng = random.Random(seed)
    out: list[StoredPrompt] = []
    for category in sorted(by_category):
        found = by_category[category]
        out.extend(rng.sample(found, min(per_category, len(found))))
    return out


def feedback_rows(db: Database) -> Iterator[dict[str, Any]]:
    """Routing-eval lines from client feedback: the served model's answer to each rated
    request whose prompt the request log stored, scored by the mean feedback."""
    try:
        rows = db.query(
            "SELECT f.request_id, AVG(f.score), COUNT(*), q.model, q.route, q.scores, "
            "q.cost_usd, q.input_tokens, q.output_tokens, c.prompt FROM feedback f "
            "JOIN requests q ON q.request_id = f.request_id "
            "JOIN request_content c ON c.request_id = f.request_id "
            "WHERE q.model IS NOT NULL AND c.prompt IS NOT NULL AND c.truncated = 0 "
            "GROUP BY f.request_id, q.model, q.route, q.scores, q.cost_usd, "
            "q.input_tokens, q.output_tokens, c.prompt ORDER BY f.request_id"
        )
    except StoreUnavailable as exc:
        if "no such table" in str(exc):
            return  # nothing logged yet
        raise
    for rid, score, n, model, route, scores, cost, tin, tout, prompt_json in rows:
        prompt = _from_log(str(rid), str(route), scores, prompt_json)
        if prompt is None:
            continue
        row: dict[str, Any] = {
            "id": f"feedback-{rid}",
            "prompt": prompt.prompt,
            "category": prompt.category,
            "source": "feedback",
            "results": {
                str(model): {
                    "score": round(float(score), 6),
                    "n": int(n),
                    "cost_usd": round(float(cost or 0.0), 10),
                    "input_tokens": int(tin or 0),
                    "output_tokens": int(tout or 0),
                }
            },
        }
        if prompt.messages != [{"role": "user", "content": prompt.prompt}]:
            row["messages"] = prompt.messages
        yield row


def _text_of(content: Any) -> str | None:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text"]
        texts = [p for p in parts if isinstance(p, str)]
        return "\n".join(texts) if texts else None
    return None


def _from_log(request_id: str, route: str, scores: Any, prompt_json: Any) -> StoredPrompt | None:
    try:
        messages = orjson.loads(prompt_json)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(messages, list):
        return None
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    text = _text_of(users[-1].get("content")) if users else None
    if not text:
        return None
    category = route
    if scores:
        try:
            values = orjson.loads(scores)
        except orjson.JSONDecodeError:
            values = None
        if isinstance(values, dict):
            cats = {k[9:]: v for k, v in values.items() if k.startswith("category:")}
            if cats:
                category = max(cats, key=lambda k: cats[k])
    return StoredPrompt(
        id=f"log-{request_id}", prompt=text, messages=messages, category=category, source="log"
    )

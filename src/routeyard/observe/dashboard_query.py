"""The dashboard's and the demo report's view of the request log, as plain data.

``query_dashboard`` adds to ``query_stats`` (per route success, latency, routing overhead, cost,
savings; fallback reasons) what a page needs to draw: cost and savings over time in fixed
buckets, cost by model, routing overhead over the whole window, and the most recent decisions
with their reasons and attempts.

The SQL runs unchanged on SQLite and PostgreSQL. Time buckets are computed in integer
milliseconds, because the two databases disagree on ``CAST(double AS INTEGER)`` (SQLite
truncates, PostgreSQL rounds) but agree on integer division: the cast's disagreement moves a
row across a bucket edge only when it lies within half a millisecond of it.

>>> bucket_step(3600)
60.0
>>> bucket_step(60)
1.0
"""

from __future__ import annotations

import math
import time
from typing import Any

import orjson

from routeyard.observe.stats_query import Queryable, query_stats

_WINDOW = "started_at >= ? AND started_at < ?"
# Bucket widths a person reads at a glance; the smallest that gives at most ``_MAX_BUCKETS``.
_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400)
_MAX_BUCKETS = 60
_RECENT_COLUMNS = (
    "request_id",
    "started_at",
    "ingress",
    "route",
    "labels",
    "decision",
    "policy_version",
    "model",
    "status",
    "http_status",
    "stream",
    "attempt_count",
    "decision_us",
    "latency_ms",
    "cost_usd",
    "baseline_cost_usd",
)


def bucket_step(window_s: float) -> float:
    """The width in seconds of one time bucket for a window of ``window_s`` seconds."""
    for step in _STEPS:
        if window_s / step <= _MAX_BUCKETS:
            return float(step)
    return float(math.ceil(window_s / _MAX_BUCKETS / 86400) * 86400)


def _nearest_rank(n: int, q: float) -> int:
    return min(n - 1, max(0, round(q * (n - 1))))


def _overhead(db: Queryable, n: int, window: tuple[float, float]) -> dict[str, float]:
    """Routing decision time (µs) p50/p99 over every request in the window."""
    out = {"p50": 0.0, "p99": 0.0}
    if n == 0:
        return out
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        rows = db.query(
            f"SELECT decision_us FROM requests WHERE {_WINDOW} "
            "ORDER BY decision_us LIMIT 1 OFFSET ?",
            [*window, _nearest_rank(n, q)],
        )
        out[name] = float(rows[0][0]) if rows else 0.0
    return out


def _series(db: Queryable, window: tuple[float, float], step: float) -> dict[str, Any]:
    """Requests, cost, baseline cost and savings per bucket, empty buckets included.

    Buckets start at a multiple of ``step``, so a page that polls sees the same edges each time.
    """
    step_ms = round(step * 1000)
    origin_ms = math.floor(window[0] * 1000 / step_ms) * step_ms
    count = max(1, math.ceil((window[1] * 1000 - origin_ms) / step_ms))
    points = [
        {
            "t": (origin_ms + i * step_ms) / 1000,
            "requests": 0,
            "ok": 0,
            "cost_usd": 0.0,
            "baseline_cost_usd": 0.0,
            "savings_usd": 0.0,
        }
        for i in range(count)
    ]
    for bucket, n, ok, cost, baseline, savings in db.query(
        "SELECT (CAST(started_at * 1000 AS BIGINT) - ?) / ? AS bucket, COUNT(*), "
        "SUM(CASE WHEN status = 'ok' THEN 1 ELSE 0 END), SUM(cost_usd), "
        f"SUM(baseline_cost_usd), SUM(savings_usd) FROM requests WHERE {_WINDOW} "
        "GROUP BY bucket ORDER BY bucket",
        [origin_ms, step_ms, *window],
    ):
        point = points[min(count - 1, max(0, int(bucket)))]
        point["requests"] += int(n)
        point["ok"] += int(ok)
        point["cost_usd"] += float(cost or 0.0)
        point["baseline_cost_usd"] += float(baseline or 0.0)
        point["savings_usd"] += float(savings or 0.0)
    return {"step_s": step, "points": points}


def _by_model(db: Queryable, window: tuple[float, float]) -> list[dict[str, Any]]:
    return [
        {
            "model": model if model is not None else "none",
            "requests": int(n),
            "ok": int(ok),
            "cost_usd": float(cost or 0.0),
        }
        for model, n, ok, cost in db.query(
            "SELECT model, COUNT(*), SUM(CASE WHEN status = 'ok' THEN 1 ELSE 0 END), "
            f"SUM(cost_usd) FROM requests WHERE {_WINDOW} "
            "GROUP BY model ORDER BY SUM(cost_usd) DESC, COUNT(*) DESC",
            window,
        )
    ]


def _json_or(text: Any, default: Any) -> Any:
    if text is None:
        return default
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return default


def _recent(db: Queryable, window: tuple[float, float], limit: int) -> list[dict[str, Any]]:
    """The newest requests with their decision (candidates, skips, reasons) and attempts."""
    if limit <= 0:
        return []
    rows = db.query(
        f"SELECT {', '.join(_RECENT_COLUMNS)} FROM requests WHERE {_WINDOW} "
        "ORDER BY started_at DESC, request_id LIMIT ?",
        [*window, limit],
    )
    out: list[dict[str, Any]] = []
    for row in rows:
        r = dict(zip(_RECENT_COLUMNS, row, strict=True))
        decision = _json_or(r.pop("decision"), {})
        if not isinstance(decision, dict):
            decision = {}
        labels = _json_or(r["labels"], [])
        out.append(
            {
                **r,
                "labels": labels if isinstance(labels, list) else [],
                "stream": bool(r["stream"]),
                "route_reason": decision.get("route_reason"),
                "candidates": decision.get("candidates", []),
                "skipped": decision.get("skipped", []),
                "attempts": [],
            }
        )
    if not out:
        return out
    by_id = {r["request_id"]: r for r in out}
    marks = ", ".join("?" for _ in by_id)
    for request_id, n, model, ok, error, http_status, latency_ms in db.query(
        "SELECT request_id, n, model, ok, error, http_status, latency_ms FROM attempts "
        f"WHERE request_id IN ({marks}) ORDER BY request_id, n",
        list(by_id),
    ):
        by_id[request_id]["attempts"].append(
            {
                "n": int(n),
                "model": model,
                "ok": bool(ok),
                "error": error,
                "http_status": http_status,
                "latency_ms": float(latency_ms),
            }
        )
    return out


def query_dashboard(
    db: Queryable, *, since: float, until: float | None = None, recent: int = 25
) -> dict[str, Any]:
    """Everything the dashboard draws for ``since <= started_at < until`` (Unix seconds).

    The result is ``query_stats``'s report plus ``routing_overhead_us`` (p50/p99 over all
    routes), ``series`` (per time bucket), ``models`` (cost by serving model) and ``recent``.
    """
    window = (float(since), float(until if until is not None else time.time()))
    report = query_stats(db, since=window[0], until=window[1])
    totals = report["totals"]
    baseline, savings = totals["baseline_cost_usd"], totals["savings_usd"]
    # Savings net of the router's own LLM calls, as a share of what the baseline would cost.
    totals["saved_pct"] = 100.0 * savings / baseline if baseline and savings is not None else None
    report["routing_overhead_us"] = _overhead(db, int(totals["requests"]), window)
    report["series"] = _series(db, window, bucket_step(window[1] - window[0]))
    report["models"] = _by_model(db, window)
    report["recent"] = _recent(db, window, recent)
    return report

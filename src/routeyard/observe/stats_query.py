"""``routeyard stats``: what the request log says about a time window, as plain data.

Per route: requests, success rate, statuses, models used, p50/p99 latency and routing overhead,
cost, baseline cost, savings. Then the top fallback reasons and the spend per client key.
Savings sit next to the success rate on purpose: a saving is only honest beside the quality.

The SQL runs unchanged on SQLite and PostgreSQL (through any ``Queryable``, e.g. a
``LogBackend``). Percentiles are read with ``ORDER BY ... LIMIT 1 OFFSET k`` so a long window
never loads its rows into Python; they use the same nearest-rank rule as ``observe.percentile``.

>>> parse_duration("90m")
5400.0
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any, Protocol

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
_WINDOW = "started_at >= ? AND started_at < ?"


class Queryable(Protocol):
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


def parse_duration(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h``, ``7d``, ``2w`` or ``1h30m``; raises ``ValueError``."""
    text = text.strip().lower()
    if not text:
        raise ValueError("empty duration")
    pos, total = 0, 0.0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or total <= 0:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 15m, 1h, 7d)")
    return total


def _nearest_rank(n: int, q: float) -> int:
    return min(n - 1, max(0, round(q * (n - 1))))


def _percentiles(
    db: Queryable, column: str, route: str, n: int, window: tuple[float, float]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        rows = db.query(
            f"SELECT {column} FROM requests WHERE route = ? AND {_WINDOW} "
            f"ORDER BY {column} LIMIT 1 OFFSET ?",
            [route, *window, _nearest_rank(n, q)],
        )
        out[name] = float(rows[0][0]) if rows else 0.0
    return out


def _rate(ok: int, total: int) -> float:
    return ok / total if total else 0.0


def query_stats(
    db: Queryable, *, since: float, until: float | None = None, top: int = 10
) -> dict[str, Any]:
    """The report for ``since <= started_at < until`` (Unix seconds; ``until`` defaults to now)."""
    window = (float(since), float(until if until is not None else time.time()))
    routes: dict[str, dict[str, Any]] = {}
    for route, n, ok, cost, baseline, overhead, savings, with_baseline in db.query(
        "SELECT route, COUNT(*), SUM(CASE WHEN status = 'ok' THEN 1 ELSE 0 END), SUM(cost_usd), "
        "SUM(baseline_cost_usd), SUM(overhead_cost_usd), SUM(savings_usd), "
        f"COUNT(baseline_cost_usd) FROM requests WHERE {_WINDOW} GROUP BY route ORDER BY route",
        window,
    ):
        routes[route] = {
            "route": route,
            "requests": int(n),
            "ok": int(ok),
            "success_rate": _rate(int(ok), int(n)),
            "statuses": {},
            "models": {},
            "latency_ms": _percentiles(db, "latency_ms", route, int(n), window),
            "routing_overhead_us": _percentiles(db, "decision_us", route, int(n), window),
            "cost_usd": float(cost or 0.0),
            "baseline_cost_usd": None if not with_baseline else float(baseline),
            "overhead_cost_usd": float(overhead or 0.0),
            "savings_usd": None if not with_baseline else float(savings),
        }
    for route, status, n in db.query(
        f"SELECT route, status, COUNT(*) FROM requests WHERE {_WINDOW} GROUP BY route, status",
        window,
    ):
        routes[route]["statuses"][status] = int(n)
    for route, model, n in db.query(
        f"SELECT route, model, COUNT(*) FROM requests WHERE {_WINDOW} "
        "GROUP BY route, model ORDER BY COUNT(*) DESC",
        window,
    ):
        routes[route]["models"][model if model is not None else "none"] = int(n)

    fallbacks = [
        {"reason": reason if reason is not None else "error", "model": model, "count": int(n)}
        for reason, model, n in db.query(
            "SELECT a.error, a.model, COUNT(*) FROM attempts a "
            "JOIN requests r ON r.request_id = a.request_id "
            "WHERE r.started_at >= ? AND r.started_at < ? "
            "AND a.ok = 0 AND a.n < r.attempt_count - 1 "
            "GROUP BY a.error, a.model ORDER BY COUNT(*) DESC, a.error LIMIT ?",
            [*window, top],
        )
    ]
    keys = [
        {
            "client_key_id": key,
            "requests": int(n),
            "cost_usd": float(cost or 0.0),
            "savings_usd": None if savings is None else float(savings),
        }
        for key, n, cost, savings in db.query(
            f"SELECT client_key_id, COUNT(*), SUM(cost_usd), SUM(savings_usd) FROM requests "
            f"WHERE {_WINDOW} GROUP BY client_key_id ORDER BY SUM(cost_usd) DESC LIMIT ?",
            [*window, top],
        )
    ]
    total = sum(r["requests"] for r in routes.values())
    ok_total = sum(r["ok"] for r in routes.values())
    with_baseline = [r for r in routes.values() if r["baseline_cost_usd"] is not None]
    return {
        "window": {"since": window[0], "until": window[1]},
        "totals": {
            "requests": total,
            "ok": ok_total,
            "success_rate": _rate(ok_total, total),
            "cost_usd": sum(r["cost_usd"] for r in routes.values()),
            "baseline_cost_usd": sum(r["baseline_cost_usd"] for r in with_baseline)
            if with_baseline
            else None,
            "savings_usd": sum(r["savings_usd"] for r in with_baseline) if with_baseline else None,
        },
        "routes": list(routes.values()),
        "fallback_reasons": fallbacks,
        "keys": keys,
    }


def _usd(value: float | None) -> str:
    return "-" if value is None else f"${value:,.4f}"


def format_stats(stats: dict[str, Any]) -> str:
    """The report as text tables, for a terminal."""
    t = stats["totals"]
    lines = [
        f"{t['requests']} requests, {t['success_rate']:.1%} ok, cost {_usd(t['cost_usd'])}, "
        f"baseline {_usd(t['baseline_cost_usd'])}, saved {_usd(t['savings_usd'])}",
        "",
        f"{'route':<16} {'requests':>8} {'ok':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'route µs p50':>12} {'p99':>8} {'cost':>11} {'saved':>11}  models",
    ]
    for r in stats["routes"]:
        models = ", ".join(f"{m} {n}" for m, n in r["models"].items())
        lines.append(
            f"{r['route']:<16} {r['requests']:>8} {r['success_rate']:>7.1%} "
            f"{r['latency_ms']['p50']:>8.1f} {r['latency_ms']['p99']:>8.1f} "
            f"{r['routing_overhead_us']['p50']:>12.1f} {r['routing_overhead_us']['p99']:>8.1f} "
            f"{_usd(r['cost_usd']):>11} {_usd(r['savings_usd']):>11}  {models}"
        )
    fallbacks = stats["fallback_reasons"]
    if fallbacks:
        lines += ["", "fallback reasons:"]
        lines += [
            f"  {f['count']:>6}  {f['reason']} ({f['model']})" for f in stats["fallback_reasons"]
        ]
    if stats["keys"]:
        lines += ["", "spend per key:"]
        lines += [
            f"  {k['client_key_id'] or '(no key)':<24} {k['requests']:>8} {_usd(k['cost_usd']):>11}"
            f" saved {_usd(k['savings_usd'])}"
            for k in stats["keys"]
        ]
    return "\n".join(lines) + "\n"

from pathlib import Path

import pytest

from routeyard.execute.attempts import Attempt
from routeyard.observe.entry import entry_from_record
from routeyard.observe.log_backend import SQLiteBackend
from routeyard.observe.stats_query import format_stats, parse_duration, query_stats
from tests.observe._records import make_record

NOW = 1_800_000_000.0


def _fill(backend: SQLiteBackend) -> None:
    entries = []
    # route "code": 10 requests, latencies 100..1000 ms, 2 fail, key-a
    for i in range(10):
        rec = make_record(
            i,
            route="code",
            latency_ms=100.0 * (i + 1),
            decision_us=10.0 * (i + 1),
            status="ok" if i < 8 else "error",
            model="large" if i % 2 else "small",
            cost_usd=0.01,
            baseline_cost_usd=0.03,
            client_key_id="key-a",
            attempts=[
                Attempt(model="small", ok=False, latency_ms=5.0, error="timeout"),
                Attempt(model="large", ok=True, latency_ms=50.0, status=200),
            ]
            if i == 0
            else [Attempt(model="small", ok=False, latency_ms=5.0, error="status", status=500)],
        )
        entries.append(entry_from_record(rec, finished_at=NOW - 60, run="r" * 16, seq=i))
    # route "chat": 2 requests, no baseline, key-b
    for i in range(10, 12):
        rec = make_record(
            i, route="chat", cost_usd=0.5, baseline_cost_usd=None, client_key_id="key-b"
        )
        entries.append(entry_from_record(rec, finished_at=NOW - 30, run="r" * 16, seq=i))
    # outside the window
    old = make_record(99, route="code", cost_usd=100.0)
    entries.append(entry_from_record(old, finished_at=NOW - 7200, run="r" * 16, seq=99))
    backend.write(entries)


def test_report_for_a_window(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    _fill(backend)
    stats = query_stats(backend, since=NOW - 3600, until=NOW)
    routes = {r["route"]: r for r in stats["routes"]}
    assert set(routes) == {"code", "chat"}
    code = routes["code"]
    assert code["requests"] == 10 and code["ok"] == 8
    assert code["success_rate"] == pytest.approx(0.8)
    assert code["statuses"] == {"ok": 8, "error": 2}
    assert code["models"] == {"large": 5, "small": 5}
    assert code["latency_ms"] == {"p50": 500.0, "p99": 1000.0}  # the same rank rule as percentile()
    assert code["routing_overhead_us"] == {"p50": 50.0, "p99": 100.0}
    assert code["cost_usd"] == pytest.approx(0.1)
    assert code["baseline_cost_usd"] == pytest.approx(0.3)
    assert code["savings_usd"] == pytest.approx(0.2)
    chat = routes["chat"]
    assert chat["baseline_cost_usd"] is None and chat["savings_usd"] is None
    # Only the failure that led to another attempt is a fallback reason.
    assert stats["fallback_reasons"] == [{"reason": "timeout", "model": "small", "count": 1}]
    assert stats["keys"] == [
        {
            "client_key_id": "key-b",
            "requests": 2,
            "cost_usd": pytest.approx(1.0),
            "savings_usd": None,
        },
        {
            "client_key_id": "key-a",
            "requests": 10,
            "cost_usd": pytest.approx(0.1),
            "savings_usd": pytest.approx(0.2),
        },
    ]
    totals = stats["totals"]
    assert totals["requests"] == 12 and totals["ok"] == 10
    assert totals["cost_usd"] == pytest.approx(1.1) and totals["savings_usd"] == pytest.approx(0.2)
    text = format_stats(stats)
    assert "code" in text and "timeout" in text and "key-a" in text


def test_an_empty_window(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "log.db")
    stats = query_stats(backend, since=0, until=1)
    assert stats["routes"] == [] and stats["totals"]["requests"] == 0
    assert stats["totals"]["success_rate"] == 0.0 and stats["totals"]["savings_usd"] is None
    assert format_stats(stats).startswith("0 requests")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("1h", 3600),
        ("7d", 604800),
        ("1h30m", 5400),
        ("2w", 1209600),
        ("0.5h", 1800),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "1", "h", "1x", "1h 30m", "-1h", "0s"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
